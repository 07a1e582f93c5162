"""Samples per second of the training page's loop versus plain ``model.fit``, same model and data, one run.

The page's loop is the real page: `pages/training.py` driven by Streamlit's AppTest, which runs
the script with Streamlit's own script runner (including what it does after every run), clicks
Train and then reruns the page once a second as the browser's ``run_every`` fragment timer would
(a whole-page rerun, so heavier than the real fragment). The run trains in the `TrainingQueue`'s
worker thread with its `LiveCallback`. The baseline is ``model.fit`` on a model built from the
very spec the page trains (default preset + Rescaling), same shapes data, batch size and
validation data. Epoch times after the first (which traces the graph) are compared; the two
alternate to spread out noise from other processes. Target: ratio ≥ 0.9.

    /work/venv/bin/python bench/training_throughput.py [--epochs 4] [--rounds 2]
"""
from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
ROOT = Path(__file__).resolve().parents[1]

import keras  # noqa: E402

from cnnviz.training.datasets import load_shapes  # noqa: E402
from cnnviz.models.build import build_model  # noqa: E402
from cnnviz.presets import DEFAULT_PRESET, load_preset  # noqa: E402
from cnnviz.training.run import TrainingRun, TrainSettings  # noqa: E402


class EpochTimes(keras.callbacks.Callback):
    def __init__(self):
        super().__init__()
        self.seconds = []

    def on_epoch_begin(self, epoch, logs=None):
        self.t0 = time.perf_counter()

    def on_epoch_end(self, epoch, logs=None):
        self.seconds.append(time.perf_counter() - self.t0)


def steady_rate(n: int, seconds: list[float]) -> float:
    later = seconds[1:] or seconds
    return n * len(later) / sum(later)


def plain_fit(data, settings: TrainSettings, spec) -> float:
    model = build_model(spec)
    model.compile(optimizer=keras.optimizers.Adam(settings.learning_rate),
                  loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True), metrics=["accuracy"])
    timer = EpochTimes()
    model.fit(data.x_train, data.y_train, validation_data=(data.x_val, data.y_val), epochs=settings.epochs,
              batch_size=settings.batch_size, verbose=0, callbacks=[timer])
    return steady_rate(len(data.x_train), timer.seconds)


def page_loop(epochs: int) -> float:
    from streamlit.testing.v1 import AppTest

    from cnnviz.web.training import state as web

    at = AppTest.from_file(str(ROOT / "pages" / "training.py"), default_timeout=120)
    at.run()
    at.slider(key="training.epochs").set_value(epochs)
    at.button(key="training.train").click().run()
    while web.RESULT not in at.session_state:  # the fragment's timer: one rerun a second
        time.sleep(1.0)
        at.run()
        if at.exception:
            raise RuntimeError(at.exception)
    data = at.session_state[web.DATA]
    return steady_rate(len(data.x_train), [row["seconds"] for row in at.session_state[web.RESULT].history])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=4)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    data = load_shapes()
    settings = TrainSettings(epochs=args.epochs, batch_size=32)
    spec = TrainingRun(load_preset(DEFAULT_PRESET), data, settings).spec  # the very spec the page trains
    print(f"data: shapes {data.x_train.shape} train / {data.x_val.shape[0]} val; model: {DEFAULT_PRESET} "
          f"(+Rescaling), batch {settings.batch_size}, {args.epochs} epochs, {os.cpu_count()} CPUs, "
          f"load average {os.getloadavg()[0]:.1f}")
    fit_rates, page_rates = [], []
    for r in range(args.rounds):
        fit_rates.append(plain_fit(data, settings, spec))
        page_rates.append(page_loop(args.epochs))
        print(f"round {r + 1}: model.fit {fit_rates[-1]:.0f} samples/s, page loop {page_rates[-1]:.0f} samples/s")
    fit, page = sum(fit_rates) / len(fit_rates), sum(page_rates) / len(page_rates)
    print(f"model.fit: {fit:.0f} samples/s; page loop with live updates: {page:.0f} samples/s")
    ratios = sorted(p / f for p, f in zip(page_rates, fit_rates))
    print(f"ratio page/fit: {page / fit:.3f} (per round: {', '.join(f'{r:.2f}' for r in ratios)}; target >= 0.9)")


if __name__ == "__main__":
    main()
