"""How much faster is `python -m cnnviz summary` than building the model in Keras to count its parameters?

Both sides run as whole processes (interpreter start and imports included), interleaved, on VGG16
(224×224×3, 138,357,544 parameters): cnnviz reads the spec and computes; the baseline imports Keras,
builds `keras.applications.VGG16(weights=None)` and calls `count_params()`.

    python bench/summary_speed.py [--runs 5]
"""
from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CNNVIZ = [sys.executable, "-m", "cnnviz", "summary", "vgg16", "--json"]
KERAS = [sys.executable, "-c",
         "import os; os.environ['TF_CPP_MIN_LOG_LEVEL'] = '3'; import keras; "
         "m = keras.applications.VGG16(weights=None, input_shape=(224, 224, 3)); print(m.count_params())"]


def timed(cmd: list[str]) -> tuple[float, str]:
    start = time.perf_counter()
    out = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, check=True).stdout
    return time.perf_counter() - start, out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    ours, theirs = [], []
    timed(CNNVIZ), timed(KERAS)  # warm the file cache for both
    for _ in range(args.runs):
        t, out = timed(CNNVIZ)
        ours.append(t)
        assert json.loads(out)["total_params"] == 138_357_544
        t, out = timed(KERAS)
        theirs.append(t)
        assert int(out.strip().splitlines()[-1]) == 138_357_544
    a, b = statistics.median(ours), statistics.median(theirs)
    ratios = sorted(k / c for c, k in zip(ours, theirs))  # each round's pair, measured back to back
    ratio = statistics.median(ratios)
    result = {"cnnviz_summary_s": round(a, 3), "keras_build_count_s": round(b, 3), "speedup": round(ratio, 1),
              "speedup_min": round(ratios[0], 1), "speedup_max": round(ratios[-1], 1), "runs": args.runs}
    print(json.dumps(result))
    print(f"cnnviz summary {a:.3f} s, Keras build + count_params {b:.3f} s (medians of {args.runs}): "
          f"{ratio:.1f}× faster, median of the rounds' ratios (spread {ratios[0]:.1f}–{ratios[-1]:.1f}×)")


if __name__ == "__main__":
    main()
