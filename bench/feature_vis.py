"""How soon does feature visualisation show something, and when is it done, for each convolution of the shipped TinyVGG?

For every Conv2D layer of the shipped model, `cnnviz.network.featurevis.visualize_layer` grows all of the
layer's filters (one batch, the page's grid) for `--steps` steps; "first" is the time from the call to
the first preview handed to the progress callback (extractor built, step traced, FIRST_PREVIEW steps
done), "full" the time to the returned images. The model is loaded once before timing (the page
caches it). TensorFlow is held to `--threads` threads (the target machine has 2 cores). The first
round of the first layer also pays TensorFlow's one-time start-up; it is printed apart as "cold".

    python bench/feature_vis.py [--rounds 5] [--steps 64] [--threads 2]
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")


def timed(net, layer: str, steps: int) -> tuple[float, float]:
    from cnnviz.network import featurevis as fv

    start = time.perf_counter()
    first: list[float] = []

    def progress(p):
        if p.images is not None and not first:
            first.append(time.perf_counter() - start)

    fv.visualize_layer(net, layer, steps=steps, progress=progress)
    return first[0], time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--steps", type=int, default=64)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    import tensorflow as tf

    tf.config.threading.set_intra_op_parallelism_threads(args.threads)
    tf.config.threading.set_inter_op_parallelism_threads(args.threads)
    from cnnviz.models.files import load_shipped
    from cnnviz.network import featurevis as fv

    start = time.perf_counter()
    net = load_shipped()
    load = time.perf_counter() - start
    layers = fv.conv_layer_names(net)
    cold = timed(net, layers[0], args.steps)
    result = {"model_load_s": round(load, 3), "cold_first_s": round(cold[0], 3), "cold_full_s": round(cold[1], 3),
              "steps": args.steps, "rounds": args.rounds, "threads": args.threads, "layers": {}}
    for layer in layers:
        runs = [timed(net, layer, args.steps) for _ in range(args.rounds)]
        filters = int(net.model.get_layer(layer).output.shape[-1])
        result["layers"][layer] = {"filters": filters, "first_s": round(statistics.median(r[0] for r in runs), 3),
                                   "full_s": round(statistics.median(r[1] for r in runs), 3)}
    print(json.dumps(result))
    print(f"model load {load:.2f} s; cold first call: first preview {cold[0]:.2f} s, full {cold[1]:.2f} s")
    for layer, r in result["layers"].items():
        print(f"{layer:10s} {r['filters']:3d} filters  first preview {r['first_s']:.3f} s  full {r['full_s']:.3f} s"
              f"  (median of {args.rounds}, {args.steps} steps)")


if __name__ == "__main__":
    main()
