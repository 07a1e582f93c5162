"""Samples per second of the training page's loop versus plain ``model.fit``, same model and data, in rounds.

Two data sets:

- ``shapes`` (default): the real page, `pages/training.py` driven by Streamlit's AppTest, which runs
  the script with Streamlit's own script runner, clicks Train and reruns the page once a second as
  the browser's ``run_every`` fragment timer would (a whole-page rerun, heavier than the fragment); the
  page saves the run in the run store as it trains, so the recorder's writes and snapshots are measured.
  The baseline is ``model.fit`` on arrays with the very spec the page trains (default preset + Rescaling).
- ``flowers``: flowers-sized generated photos (3,670 JPEGs of 240×320, five class folders, written
  once to a temporary folder and reused) streamed at 180×180 by `FolderData`'s tf.data pipeline
  (``image_dataset_from_directory`` → cache → shuffle → batch → prefetch), the tutorial's
  ``tf_flowers`` model. The page's loop is a `TrainingRun` in the `TrainingQueue`'s worker thread
  with its live callback, polled once a second as the page's fragment does (snapshot + curves
  figure); the baseline is ``model.fit`` on the same pipeline (``data.feed``), same spec and batch.

Epoch times after the first (which traces the graph and fills the cache) are compared; the two
alternate round by round to spread out noise from other processes. Prints the median ratio
page/fit and its spread, from wall-clock time and (flowers) from this process's CPU time, all
threads — the page's polling included —, which other processes on a shared machine disturb far
less. Target: ratio ≥ 0.95.

    python bench/training_throughput.py [--data shapes|flowers] [--epochs 3] [--rounds 3] [--folder DIR]
"""
from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
# The page saves every run in the run store (the recorder's snapshots are part of what is measured): in a
# folder of this bench's own, not the user's.
os.environ.setdefault("CNNVIZ_DATA_DIR", tempfile.mkdtemp(prefix="cnnviz-bench-"))
ROOT = Path(__file__).resolve().parents[1]

import keras  # noqa: E402
import numpy as np  # noqa: E402

from cnnviz.models.build import build_model  # noqa: E402
from cnnviz.presets import DEFAULT_PRESET, load_preset  # noqa: E402
from cnnviz.training import plots  # noqa: E402
from cnnviz.training.datasets import load_shapes  # noqa: E402
from cnnviz.training.flowers import FLOWER_CLASSES  # noqa: E402
from cnnviz.training.folders import open_directory  # noqa: E402
from cnnviz.training.queue import TrainingQueue  # noqa: E402
from cnnviz.training.run import TrainingRun, TrainSettings  # noqa: E402

FLOWERS_IMAGES = 3670  # flower_photos' count
PHOTO_SIZE = (240, 320)  # (H, W) of the generated photos, about the real ones' size


def flowers_sized_folder(root: Path | None = None, n: int = FLOWERS_IMAGES, seed: int = 0) -> Path:
    """`n` JPEG photos in five class folders (flower_photos' layout), made once: blobs of a class colour on a gradient."""
    from PIL import Image, ImageDraw

    root = Path(root or Path(tempfile.gettempdir()) / f"cnnviz-flowers-sized-{n}")
    if (root / ".complete").exists():
        return root
    rng = np.random.default_rng(seed)
    h, w = PHOTO_SIZE
    ramp = np.linspace(0, 1, w, dtype=np.float32)[None, :, None]  # (1, W, 1)
    for i in range(n):
        k = i % len(FLOWER_CLASSES)
        folder = root / FLOWER_CLASSES[k]
        folder.mkdir(parents=True, exist_ok=True)
        a, b = rng.uniform(0, 120, 3), rng.uniform(60, 200, 3)
        pixels = (a + (b - a) * ramp) * np.ones((h, 1, 1), np.float32)  # (H, W, 3)
        img = Image.fromarray(pixels.astype(np.uint8))
        draw = ImageDraw.Draw(img)
        colour = tuple(int(v) for v in np.clip(np.eye(3)[k % 3] * 200 + rng.uniform(0, 55, 3) + 30 * (k // 3), 0, 255))
        for _ in range(rng.integers(3, 8)):
            x, y, r = rng.uniform(0, w), rng.uniform(0, h), rng.uniform(10, 50)
            draw.ellipse([x - r, y - r, x + r, y + r], fill=colour)
        img.save(folder / f"{i:05d}.jpg", quality=85)
    (root / ".complete").touch()
    return root


class EpochTimes(keras.callbacks.Callback):
    """Wall-clock and process CPU seconds of each epoch."""

    def __init__(self):
        super().__init__()
        self.seconds, self.cpu = [], []

    def on_epoch_begin(self, epoch, logs=None):
        self.t0, self.c0 = time.perf_counter(), time.process_time()

    def on_epoch_end(self, epoch, logs=None):
        self.seconds.append(time.perf_counter() - self.t0)
        self.cpu.append(time.process_time() - self.c0)


def steady_rate(n: int, seconds: list[float]) -> float:
    later = seconds[1:] or seconds
    return n * len(later) / sum(later)


def rates(n: int, timer: EpochTimes) -> tuple[float, float]:
    """Samples per wall-clock second and per CPU second, epochs after the first."""
    return steady_rate(n, timer.seconds), steady_rate(n, timer.cpu)


def compiled(spec, settings: TrainSettings):
    model = build_model(spec)
    model.compile(optimizer=keras.optimizers.Adam(settings.learning_rate),
                  loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True), metrics=["accuracy"])
    return model


def plain_fit(data, settings: TrainSettings, spec) -> tuple[float, float]:
    """model.fit on the data's own form: arrays, or the very tf.data pipeline a run uses (`data.feed`)."""
    timer = EpochTimes()
    with data.feed(settings.batch_size, seed=0) as feed:
        compiled(spec, settings).fit(**feed.fit_kwargs, epochs=settings.epochs, verbose=0, callbacks=[timer])
    return rates(data.n_train, timer)


def page_loop_apptest(epochs: int) -> tuple[float, None]:
    """The real page in AppTest, rerun once a second until the results are in."""
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
    return steady_rate(data.n_train, [row["seconds"] for row in at.session_state[web.RESULT].history]), None


def page_loop_queue(data, settings: TrainSettings, spec) -> tuple[float, float]:
    """A TrainingRun in the queue's worker thread, polled once a second as the page's fragment polls it."""
    queue = TrainingQueue(max_running=1)
    run = TrainingRun(spec, data, settings)
    timer, train = EpochTimes(), run.run
    run.run = lambda: train(callbacks=[timer])  # the queue's worker calls run.run(); time its epochs too
    ticket = queue.submit(run)
    while not ticket.finished:
        time.sleep(1.0)
        ticket.touch()
        snap = run.progress.snapshot()
        plots.curves(snap["points"], snap["history"], "en", snap["epochs"], snap["events"])
    if ticket.error is not None:
        raise RuntimeError(ticket.error)
    return rates(data.n_train, timer)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", choices=("shapes", "flowers"), default="shapes")
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--folder", help="flowers: where the generated photos are (made once if missing)")
    args = parser.parse_args()
    settings = TrainSettings(epochs=args.epochs, batch_size=32)
    if args.data == "shapes":
        data = load_shapes()
        preset = DEFAULT_PRESET
        page = lambda: page_loop_apptest(args.epochs)  # noqa: E731
    else:
        t0 = time.perf_counter()
        folder = flowers_sized_folder(args.folder)
        print(f"photos: {folder} ready in {time.perf_counter() - t0:.0f} s")
        data = open_directory(folder, (180, 180), 0.2, seed=123)
        preset = "tf_flowers"
    spec = TrainingRun(load_preset(preset), data, settings).spec  # the very spec the page trains
    if args.data == "flowers":
        page = lambda: page_loop_queue(data, settings, spec)  # noqa: E731
    print(f"data: {args.data} {data.n_train} train / {data.n_val} val of {data.input_shape}; model: {preset} "
          f"(+Rescaling), batch {settings.batch_size}, {args.epochs} epochs, {os.cpu_count()} CPUs, "
          f"load average {os.getloadavg()[0]:.1f}")
    ratios, cpu_ratios = [], []
    for r in range(args.rounds):
        fit_rate, fit_cpu = plain_fit(data, settings, spec)
        page_rate, page_cpu = page()
        ratios.append(page_rate / fit_rate)
        cpu = ""
        if page_cpu is not None:
            cpu_ratios.append(page_cpu / fit_cpu)
            cpu = f"; per CPU second {fit_cpu:.1f} vs {page_cpu:.1f}, ratio {cpu_ratios[-1]:.3f}"
        print(f"round {r + 1}: model.fit {fit_rate:.1f} samples/s, page loop {page_rate:.1f} samples/s, "
              f"ratio {ratios[-1]:.3f}{cpu} (load average {os.getloadavg()[0]:.1f})", flush=True)
    for label, values in (("wall-clock", ratios), ("CPU time", cpu_ratios)):
        if values:
            print(f"ratio page/fit ({label}): median {statistics.median(values):.3f}, spread "
                  f"{min(values):.3f}…{max(values):.3f} over {len(values)} rounds (target >= 0.95)")


if __name__ == "__main__":
    main()
