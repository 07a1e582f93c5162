"""The overfitting lesson offline: the flowers model with and without augmentation and Dropout on ``few_shapes``.

Steps 9–10 of the lesson train ``tf_flowers`` and then ``tf_flowers_augmented`` (RandomFlip
horizontal, RandomRotation 0.1, RandomZoom 0.1, Dropout 0.2) on the same data. On ``few_shapes``
(800 training / 200 validation images of 64×64, five shapes on textured backgrounds) the plain
model must trail on the validation images by ≥ 10 points at its last epoch, and the augmented one
by at most half that, while reaching a higher validation accuracy — each run in < 90 s on 2 cores.
Prints each run's curve, gap, validation accuracy and time, the page's notes, and the comparison.

    python bench/overfitting_lesson.py [--seeds 0] [--epochs 20] [--batch-size 32]
"""
from __future__ import annotations

import argparse
import os
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

from cnnviz.i18n import t  # noqa: E402
from cnnviz.presets import load_preset  # noqa: E402
from cnnviz.training.datasets import load_dataset  # noqa: E402
from cnnviz.training.evaluation import compare_runs, overfitting  # noqa: E402
from cnnviz.training.run import TrainingRun, TrainSettings  # noqa: E402

PRESETS = ("tf_flowers", "tf_flowers_augmented")
DATASET = "few_shapes"
EPOCHS = 20
BATCH_SIZE = 32


def lesson_run(data, preset: str, seed: int, epochs: int = EPOCHS, batch_size: int = BATCH_SIZE) -> tuple:
    """Train `preset` as the lesson's link does; returns (history, seconds)."""
    run = TrainingRun(load_preset(preset), data, TrainSettings(epochs=epochs, batch_size=batch_size, seed=seed))
    start = time.perf_counter()
    result = run.run()
    return result.history, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, nargs="+", default=[0])
    parser.add_argument("--epochs", type=int, default=EPOCHS)
    parser.add_argument("--batch-size", type=int, default=BATCH_SIZE)
    args = parser.parse_args()
    t0 = time.perf_counter()
    data = load_dataset(DATASET)
    print(f"{DATASET}: {data.n_train} train / {data.n_val} val, {data.input_shape}, drawn in "
          f"{time.perf_counter() - t0:.1f} s; {args.epochs} epochs, batch {args.batch_size}; {os.cpu_count()} CPUs, "
          f"load average {os.getloadavg()[0]:.1f}")
    for seed in args.seeds:
        histories = {}
        for preset in PRESETS:
            history, seconds = lesson_run(data, preset, seed, args.epochs, args.batch_size)
            histories[preset] = history
            last = history[-1]
            gap = last["accuracy"] - last["val_accuracy"]
            curve = " ".join(f"{r['accuracy']:.2f}/{r['val_accuracy']:.2f}" for r in history)
            note = overfitting(history)
            said = t(f"training.result.overfit_{note['reason']}", "en", **note).split(". ")[0] if note else "no note"
            print(f"seed {seed} {preset:<21} {seconds:5.1f} s  gap {100 * gap:+5.1f} points  "
                  f"val_accuracy {last['val_accuracy']:.3f}  accuracy/val per epoch: {curve}\n    page: {said}")
        plain, augmented = (histories[p] for p in PRESETS)
        gap_plain = plain[-1]["accuracy"] - plain[-1]["val_accuracy"]
        gap_aug = augmented[-1]["accuracy"] - augmented[-1]["val_accuracy"]
        ok = gap_plain >= 0.10 and gap_aug <= gap_plain / 2 and augmented[-1]["val_accuracy"] > plain[-1]["val_accuracy"]
        found = compare_runs(plain, augmented, names=PRESETS)
        print(f"seed {seed}: {'PASS' if ok else 'FAIL'} (plain gap ≥ 10, augmented gap ≤ half, higher val_accuracy)\n"
              f"    {t(found['key'], 'en', **found['values'])} {t(found['val_key'], 'en', **found['val_values'])}")


if __name__ == "__main__":
    main()
