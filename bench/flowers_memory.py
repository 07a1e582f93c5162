"""Resident memory a training process gains on flowers-sized data (3,670 photos at 180×180): target < 500 MB.

The photos are the generated ones of bench/training_throughput.py (five class folders of 240×320
JPEGs, made once). They are streamed by `FolderData` — ``image_dataset_from_directory`` → cache
(the 2,936 training images, 285 MB as uint8, to a file under the data folder; the 734 validation
images, 71 MB, in memory) → shuffle → batch → prefetch — and the tutorial's ``tf_flowers`` model
trains on them in a `TrainingRun`. RSS is read with psutil every 0.1 s; the growth is the peak
during training (and evaluation) minus the RSS just before ``fit``, with the model already built.
``--arrays`` measures the old way for comparison: every image loaded into NumPy first.
``--arena-max 2`` limits glibc's malloc arenas before TensorFlow starts its threads (as the
environment variable ``MALLOC_ARENA_MAX=2`` would): without it the ~20 threads' arenas fragment and
the RSS creeps up ~10 MB an epoch; with it the growth stays flat.

    python bench/flowers_memory.py [--epochs 2] [--folder DIR] [--arrays] [--arena-max N]
"""
from __future__ import annotations

import argparse
import ctypes
import gc
import os
import tempfile
import threading
import time

parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
parser.add_argument("--epochs", type=int, default=2)
parser.add_argument("--batch-size", type=int, default=32)
parser.add_argument("--folder", help="where the generated photos are (made once if missing)")
parser.add_argument("--arrays", action="store_true", help="load every image into NumPy first (the old way)")
parser.add_argument("--arena-max", type=int, help="glibc mallopt(M_ARENA_MAX, N) before TensorFlow loads")
ARGS = parser.parse_args()
if ARGS.arena_max:
    ctypes.CDLL("libc.so.6").mallopt(-8, ARGS.arena_max)  # M_ARENA_MAX = -8 in glibc's malloc.h

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("CNNVIZ_DATA_DIR", tempfile.mkdtemp(prefix="cnnviz-memory-"))  # the cache files go here

import psutil  # noqa: E402

from cnnviz.presets import load_preset  # noqa: E402
from cnnviz.training.folders import load_directory, open_directory  # noqa: E402
from cnnviz.training.run import TrainingRun, TrainSettings  # noqa: E402
from training_throughput import flowers_sized_folder  # noqa: E402  (bench/ is on sys.path when this file runs)

TARGET_MB = 500
MB = 2**20


class Sampler(threading.Thread):
    """The process's resident set size every `every` seconds; `peak` is the largest seen."""

    def __init__(self, every: float = 0.1):
        super().__init__(daemon=True)
        self.process, self.every, self.peak, self.done = psutil.Process(), every, 0, threading.Event()

    def run(self):
        while not self.done.is_set():
            self.peak = max(self.peak, self.process.memory_info().rss)
            time.sleep(self.every)

    def stop(self) -> int:
        self.done.set()
        self.join()
        return max(self.peak, self.process.memory_info().rss)


def main() -> None:
    args = ARGS
    folder = flowers_sized_folder(args.folder)
    process = psutil.Process()
    start = process.memory_info().rss
    sampler = Sampler()
    if args.arrays:
        sampler.start()
        data = load_directory(folder, (180, 180), 0.2, seed=123)
    else:
        data = open_directory(folder, (180, 180), 0.2, seed=123)
    run = TrainingRun(load_preset("tf_flowers"), data, TrainSettings(epochs=args.epochs, batch_size=args.batch_size,
                                                                       seed=0))
    run.build()
    gc.collect()
    before = process.memory_info().rss
    if not args.arrays:
        sampler.start()
    t0 = time.perf_counter()
    result = run.run()
    seconds = time.perf_counter() - t0
    peak = sampler.stop()
    base = start if args.arrays else before
    growth = (peak - base) / MB
    form = "arrays (load_directory)" if args.arrays else "streamed (FolderData)"
    epochs = ", ".join(f"{row['seconds']:.0f}" for row in result.history)
    print(f"{form}: {data.n_train} train / {data.n_val} val images of {data.input_shape}, tf_flowers, "
          f"{len(result.history)} epochs in {seconds:.0f} s (per epoch {epochs} s); "
          f"val_accuracy {result.val_accuracy:.3f}")
    arenas = f", malloc arenas ≤ {args.arena_max}" if args.arena_max else ""
    print(f"RSS before {'loading' if args.arrays else 'fit'} {base / MB:.0f} MB, peak {peak / MB:.0f} MB{arenas}: "
          f"growth {growth:.0f} MB (target < {TARGET_MB} MB) — {'PASS' if growth < TARGET_MB else 'FAIL'}")


if __name__ == "__main__":
    main()
