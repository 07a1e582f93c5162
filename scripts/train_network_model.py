"""Train the small TinyVGG-like network that /network ships, reproducibly, on the offline shapes set.

    /work/venv/bin/python scripts/train_network_model.py

Writes ``assets/models/shapes_tinyvgg.keras`` (the model, raw 0–255 pixels in, softmax out) and
``assets/models/shapes_tinyvgg.json`` (class names, input shape, the spec, the data set's seed and
size, and the accuracy measured on held-out images that the model never saw in training).
Same seeds, same library versions, same numbers.
"""
from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

OUT = ROOT / "assets" / "models"
NAME = "shapes_tinyvgg"
SIZE = 64
SEED = 0

# CNN Explainer's TinyVGG (two blocks of two 3×3 convolutions with 10 filters and a max-pool), with the
# tutorial's Rescaling(1/255) in front so the model takes the 0–255 pixels the training page feeds.
SPEC = {
    "name": NAME,
    "input_shape": [SIZE, SIZE, 3],
    "source": "https://poloclub.github.io/cnn-explainer/ (TinyVGG), trained by scripts/train_network_model.py",
    "description": "TinyVGG on cnnviz's offline shapes set (circle, square, triangle, cross).",
    "layers": [
        {"type": "Rescaling", "scale": 1 / 255},
        {"type": "Conv2D", "name": "conv_1_1", "filters": 10, "kernel_size": 3, "activation": "relu"},
        {"type": "Conv2D", "name": "conv_1_2", "filters": 10, "kernel_size": 3, "activation": "relu"},
        {"type": "MaxPooling2D", "name": "max_pool_1"},
        {"type": "Conv2D", "name": "conv_2_1", "filters": 10, "kernel_size": 3, "activation": "relu"},
        {"type": "Conv2D", "name": "conv_2_2", "filters": 10, "kernel_size": 3, "activation": "relu"},
        {"type": "MaxPooling2D", "name": "max_pool_2"},
        {"type": "Flatten", "name": "flatten"},
        {"type": "Dense", "name": "output", "units": 4, "activation": "softmax"},
    ],
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=12000, help="images drawn (20%% held out for validation)")
    parser.add_argument("--test", type=int, default=1000, help="extra test images, drawn with another seed")
    parser.add_argument("--epochs", type=int, default=10)
    parser.add_argument("--out", type=Path, default=OUT, help="folder for the .keras and .json files")
    args = parser.parse_args()
    out = args.out

    import keras

    import tensorflow as tf

    from cnnviz.training.datasets import load_shapes, make_shapes
    from cnnviz.models.build import build_model

    keras.utils.set_random_seed(SEED)
    tf.config.experimental.enable_op_determinism()
    data = load_shapes(n=args.n, size=SIZE, validation_split=0.2, seed=SEED)
    x_test, y_test = make_shapes(args.test, SIZE, seed=SEED + 1)  # never seen while training or choosing

    model = build_model(SPEC)
    model.compile(optimizer=keras.optimizers.Adam(1e-3), loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    start = time.monotonic()
    history = model.fit(data.x_train, data.y_train, validation_data=(data.x_val, data.y_val),
                        epochs=args.epochs, batch_size=32, verbose=2, shuffle=True)
    seconds = time.monotonic() - start
    val_loss, val_acc = model.evaluate(data.x_val, data.y_val, verbose=0)
    test_loss, test_acc = model.evaluate(x_test, y_test, verbose=0)

    out.mkdir(parents=True, exist_ok=True)
    # Saved without the optimizer's state (a fresh, uncompiled copy with the trained weights): a third of the size.
    shipped = build_model(SPEC)
    shipped.set_weights(model.get_weights())
    shipped.save(out / f"{NAME}.keras")
    info = {
        "name": NAME,
        "file": f"{NAME}.keras",
        "class_names": data.class_names,
        "input_shape": [SIZE, SIZE, 3],
        "input_range": [0, 255],
        "outputs": "softmax",
        "dataset": {"name": "shapes", "function": "cnnviz.training.datasets.load_shapes", "n": args.n, "size": SIZE,
                    "seed": SEED, "validation_split": 0.2, "test": {"function": "cnnviz.training.datasets.make_shapes",
                                                                     "n": args.test, "seed": SEED + 1}},
        "training": {"optimizer": "adam", "learning_rate": 1e-3, "batch_size": 32, "epochs": args.epochs,
                     "seconds": round(seconds, 1), "keras": keras.__version__, "tensorflow": tf.__version__},
        "accuracy": {"train": round(float(history.history["accuracy"][-1]), 4),
                     "validation": round(float(val_acc), 4), "test": round(float(test_acc), 4)},
        "loss": {"validation": round(float(val_loss), 4), "test": round(float(test_loss), 4)},
        "params": int(model.count_params()),
        "spec": SPEC,
    }
    (out / f"{NAME}.json").write_text(json.dumps(info, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(json.dumps({k: info[k] for k in ("accuracy", "loss", "params", "training")}, indent=1))
    print("size:", (out / f"{NAME}.keras").stat().st_size, "bytes")



if __name__ == "__main__":
    main()
