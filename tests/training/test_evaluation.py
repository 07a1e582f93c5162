"""After training: confusion matrix, overfitting note, history CSV, export, prediction input."""
from __future__ import annotations

import tempfile

import keras
import numpy as np
import pytest
from PIL import Image

from cnnviz.training import evaluation
from cnnviz.training.datasets import load_shapes
from cnnviz.models.layers import custom_objects
from cnnviz.models.build import build_model
from cnnviz.calc.specs import parse_spec


def test_confusion_matrix_rows_are_true_columns_predicted():
    m = evaluation.confusion_matrix(np.array([0, 0, 1, 2, 2, 2]), np.array([0, 1, 1, 2, 0, 2]), 3)
    assert m.tolist() == [[1, 1, 0], [0, 1, 0], [1, 0, 2]]


def row(epoch, loss, accuracy, val_loss, val_accuracy):
    return {"epoch": epoch, "loss": loss, "accuracy": accuracy, "val_loss": val_loss, "val_accuracy": val_accuracy}


@pytest.mark.parametrize("history, note", [
    ([], None),
    ([row(1, 1.0, 0.5, 1.0, 0.5)], None),  # one epoch says nothing
    ([row(1, 1.0, 0.5, 1.0, 0.5), row(2, 0.5, 0.8, 0.6, 0.78)], None),  # both improve together
    ([row(1, 1.0, 0.5, 1.0, 0.5), row(2, 0.3, 0.95, 0.9, 0.60)], {"gap": 0.35, "val_loss_rise": 0.0}),
    ([row(1, 1.0, 0.5, 0.7, 0.7), row(2, 0.4, 0.80, 0.60, 0.75), row(3, 0.2, 0.82, 0.80, 0.76)],
     {"gap": 0.06, "val_loss_rise": 0.333}),  # val_loss turns up while training loss falls
])
def test_overfitting_note(history, note):
    assert evaluation.overfitting(history) == note


def test_history_csv_has_the_keras_columns():
    text = evaluation.history_csv([{**row(1, 0.5, 0.75, 0.6, 0.7), "seconds": 1.5}])
    assert text.splitlines() == ["epoch,loss,accuracy,val_loss,val_accuracy,seconds", "1,0.5,0.75,0.6,0.7,1.5"]


@pytest.mark.parametrize("size, mode, shape", [((40, 20), "RGB", (16, 16, 3)), ((10, 30), "RGBA", (8, 12, 1)),
                                               ((5, 5), "L", (8, 8, 3))])
def test_to_input_fits_any_image_to_the_model(size, mode, shape):
    out = evaluation.to_input(Image.new(mode, size), shape)
    assert out.shape == shape and out.dtype == np.uint8


def test_export_keras_round_trip_predicts_the_same():
    spec = parse_spec({"input_shape": [8, 8, 3], "layers": [
        {"type": "Rescaling", "scale": 1 / 255}, {"type": "MinPooling2D"}, {"type": "Flatten"},
        {"type": "Dense", "units": 4}]})
    model = build_model(spec)
    x = load_shapes(n=8, size=8).x_train
    data = evaluation.export_keras(model)
    assert data[:2] == b"PK"  # a .keras file is a zip
    with tempfile.NamedTemporaryFile(suffix=".keras") as f:
        f.write(data)
        f.flush()
        loaded = keras.models.load_model(f.name, custom_objects=custom_objects())
    assert np.allclose(loaded.predict(x, verbose=0), model.predict(x, verbose=0), atol=1e-6)
