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


def gap_note(reason, epoch, accuracy, val_accuracy, points, best_epoch, rise):
    return {"reason": reason, "epoch": epoch, "accuracy": accuracy, "val_accuracy": val_accuracy, "points": points,
            "best_epoch": best_epoch, "val_loss_rise": rise}


START = [row(1, 1.0, 0.5, 1.0, 0.5)]


@pytest.mark.parametrize("history, note", [
    ([], None),
    (START, None),  # one epoch says nothing
    (START + [row(2, 0.5, 0.8, 0.6, 0.78)], None),  # both improve together
    (START + [row(2, 0.3, 0.95, 0.9, 0.60)], gap_note("gap", 2, 0.95, 0.60, 35, 2, 0.0)),
    (START + [row(2, 0.3, 0.95, 0.9, 0.85)], gap_note("gap", 2, 0.95, 0.85, 10, 2, 0.0)),  # exactly ten points
    (START + [row(2, 0.3, 0.95, 0.9, 0.86)], None),  # nine points
    # The run a Korean class saw called 과대적합: a 1-point gap while val_loss crept up. Not overfitting.
    (START + [row(2, 0.3, 0.93, 0.20, 0.92), row(3, 0.2, 0.94, 0.24, 0.93), row(4, 0.1, 0.95, 0.28, 0.94)], None),
    # val_loss 40 % above its lowest (epoch 2) for 3 epochs, training loss falling, a 7-point gap: it begins.
    (START + [row(2, 0.5, 0.80, 0.5, 0.78), row(3, 0.4, 0.83, 0.55, 0.78), row(4, 0.3, 0.85, 0.62, 0.79),
              row(5, 0.2, 0.86, 0.70, 0.79)], gap_note("val_loss", 5, 0.86, 0.79, 7, 2, 0.4)),
    # The same rise one epoch after the lowest: too early to say.
    (START + [row(2, 0.4, 0.80, 0.60, 0.75), row(3, 0.2, 0.82, 0.84, 0.76)], None),
    # A 20 % rise: within the noise of a small validation set.
    (START + [row(2, 0.5, 0.80, 0.5, 0.78), row(3, 0.4, 0.83, 0.55, 0.78), row(4, 0.2, 0.86, 0.60, 0.79)], None),
])
def test_overfitting_note(history, note):
    found = evaluation.overfitting(history)
    if note is None:
        assert found is None
    else:
        assert {k: found[k] for k in note} == pytest.approx(note)
        assert found["gap"] == pytest.approx(note["points"] / 100, abs=0.005)


def test_overfitting_sentence_says_how_large_the_gap_is():
    from cnnviz.i18n import t

    note = evaluation.overfitting(START + [row(2, 0.1, 0.98, 1.2, 0.79)])
    text = t("training.result.overfit_gap", "en", **note)
    assert "training accuracy 98%, validation accuracy 79%: a 19-point gap" in text
    assert "98%" in t("training.result.overfit_gap", "ko", **note) and "19%p" in t("training.result.overfit_gap", "ko", **note)


def history_of(gaps, val=0.7):
    """A history whose accuracy gap per epoch is `gaps` (validation accuracy fixed at `val`)."""
    return [row(i + 1, 1.0 / (i + 1), val + g, 0.8, val) for i, g in enumerate(gaps)]


@pytest.mark.parametrize("a, b, key, values", [
    (history_of([0.02, 0.05, 0.12, 0.15, 0.19]), history_of([0.20, 0.01, 0.02, 0.06, 0.01], 0.8),
     "training.compare.one_overfits",  # B's mean over epochs 3–5 (A's overfitting ones), not its first epoch
     {"overfit": "A", "points": 19, "since": 3, "steady": "B", "steady_points": 1, "mean": 3}),
    (history_of([0.0, 0.02, 0.04, 0.03, 0.01]), history_of([0.05, 0.11, 0.08, 0.12, 0.14]),  # B dipped: from epoch 4
     "training.compare.one_overfits", {"overfit": "B", "points": 14, "since": 4, "steady": "A", "steady_points": 1,
                                       "mean": 2}),
    (history_of([0.2, 0.3]), history_of([0.1, 0.12]), "training.compare.both_overfit",
     {"a": "A", "b": "B", "points_a": 30, "points_b": 12}),
    (history_of([0.01, -0.04]), history_of([0.12, 0.09]), "training.compare.neither",
     {"a": "A", "b": "B", "points_a": -4, "points_b": 9}),
])
def test_compare_runs_words_two_histories(a, b, key, values):
    found = evaluation.compare_runs(a, b)
    assert found["key"] == key and found["values"] == values
    from cnnviz.i18n import t

    for lang in ("en", "ko"):
        assert t(found["key"], lang, **found["values"])
        assert t(found["val_key"], lang, **found["val_values"])


def test_compare_runs_says_which_reaches_the_higher_validation_accuracy():
    found = evaluation.compare_runs(history_of([0.3], 0.6), history_of([0.0], 0.79), names=("plain", "augmented"))
    assert found["val_key"] == "training.compare.val_higher"
    assert found["val_values"] == {"better": "augmented", "worse": "plain", "val_better": 0.79, "val_worse": 0.6,
                                   "points": 19}
    from cnnviz.i18n import t

    assert t(found["key"], "en", **found["values"]) == (
        "After epoch 1 run plain's gap grows to 30 points; run augmented's validation accuracy stays close to its "
        "training accuracy: 0 points apart on average over the same epochs, 0 at the last.")
    same = evaluation.compare_runs(history_of([0.3], 0.6), history_of([0.0], 0.6))
    assert same["val_key"] == "training.compare.val_same"


def test_evaluate_in_small_batches_equals_one_predict():
    data = load_shapes(n=60, size=8, validation_split=0.5, seed=2)
    spec = parse_spec({"input_shape": [8, 8, 3], "layers": [{"type": "Rescaling", "scale": 1 / 255}, {"type": "Flatten"},
                                                            {"type": "Dense", "units": 4}]})
    keras.utils.set_random_seed(1)
    model = build_model(spec)
    result = evaluation.evaluate(model, data, logits=True, history=[], max_mistakes=5, batch_size=7)
    probs = evaluation.predict_probs(model, data.x_val)  # (30, 4), one predict
    pred = probs.argmax(axis=1)
    wrong = np.flatnonzero(pred != data.y_val)
    top = sorted(wrong, key=lambda i: (-probs[i, pred[i]], i))[:5]
    assert [m[0] for m in result.mistakes] == top
    assert np.array_equal(result.mistake_images, data.x_val[top])
    assert result.val_accuracy == pytest.approx(np.mean(pred == data.y_val))
    loss, accuracy = model.compile(loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
                                   metrics=["accuracy"]) or model.evaluate(data.x_val, data.y_val, verbose=0)
    assert result.val_loss == pytest.approx(loss, rel=1e-4) and result.val_accuracy == pytest.approx(accuracy)
    assert result.confusion.sum() == 30 and result.n_val == 30


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
