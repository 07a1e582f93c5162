"""Helpers of the run-store tests: a tiny spec, a run created without Keras, epochs written with made-up arrays."""
from __future__ import annotations

import numpy as np

from cnnviz.calc.specs import parse_spec
from cnnviz.training.run import TrainSettings

TINY = parse_spec({"name": "tiny", "input_shape": [16, 16, 3], "layers": [
    {"type": "Rescaling", "scale": 1 / 255},
    {"type": "Conv2D", "filters": 4, "kernel_size": 3, "activation": "relu"},
    {"type": "MaxPooling2D"},
    {"type": "Conv2D", "filters": 6, "kernel_size": 3, "activation": "relu"},
    {"type": "Flatten"},
    {"type": "Dense", "units": 4},
]})
DATA = {"name": "shapes", "class_names": ["circle", "square", "triangle", "cross"], "n_train": 90, "n_val": 30,
        "input_shape": [16, 16, 3], "source": {"kind": "shapes", "n": 120, "size": 16, "validation_split": 0.25,
                                               "seed": 1}}


def new_run(store, owner, name="run", epochs=3, **kwargs):
    """A new run of `TINY`; returns its id (notices dropped)."""
    return store.create_run(owner, name=name, spec=TINY, settings=TrainSettings(epochs=epochs, seed=1),
                            data=DATA, **kwargs).run_id


def fake_row(epoch: int) -> dict:
    return {"epoch": epoch, "loss": 1.0 / epoch, "accuracy": 0.5 + epoch / 100, "val_loss": 1.2 / epoch,
            "val_accuracy": 0.4 + epoch / 100, "learning_rate": 0.001, "seconds": 0.5}


def fake_kernels(epoch: int) -> dict:
    rng = np.random.default_rng(epoch)
    return {"conv2d/kernel": rng.normal(size=(3, 3, 3, 4)).astype("float32"),
            "conv2d/bias": np.full(4, epoch, "float32")}


def write_epochs(store, run_id, owner, epochs, start: int = 1) -> None:
    """Record epochs start..start+epochs-1 with made-up metrics, a curve and conv kernels."""
    for epoch in range(start, start + epochs):
        store.record_epoch(run_id, owner, fake_row(epoch), [(epoch - 0.5, 1.0, 0.5), (float(epoch), 0.9, 0.6)],
                           kernels=fake_kernels(epoch), convs=["conv2d"])
