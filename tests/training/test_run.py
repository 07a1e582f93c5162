"""A training run on tiny data: the spec it trains, history and progress, Stop, and two runs at once."""
from __future__ import annotations

import time

import keras
import numpy as np
import pytest

from cnnviz.training.datasets import load_shapes
from cnnviz.errors import SettingError
from cnnviz.training.queue import TrainingQueue
from cnnviz.calc.specs import parse_spec
from cnnviz.training.run import HISTORY_KEYS, TrainingRun, TrainSettings, augment_samples, outputs_logits, training_spec

from tests.training.helpers import TINY


@pytest.fixture(scope="module")
def tiny_data():
    return load_shapes(n=80, size=16, validation_split=0.25, seed=1)


def types(spec):
    return [layer.type for layer in spec.layers]


@pytest.mark.parametrize("settings, expected", [
    (TrainSettings(), ["Rescaling", "Conv2D", "MaxPooling2D", "Flatten", "Dense"]),
    (TrainSettings(dropout=0.2), ["Rescaling", "Conv2D", "MaxPooling2D", "Dropout", "Flatten", "Dense"]),
    (TrainSettings(flip=True, rotation=0.1, zoom=0.2),
     ["RandomFlip", "RandomRotation", "RandomZoom", "Rescaling", "Conv2D", "MaxPooling2D", "Flatten", "Dense"]),
])
def test_training_spec_puts_augmentation_rescaling_and_dropout_where_the_tutorial_does(settings, expected):
    spec = training_spec(TINY, (16, 16, 3), 4, settings)
    assert types(spec) == expected
    assert spec.layers[-1].args["units"] == 4
    assert spec.input_shape == (16, 16, 3)


def test_existing_rescaling_is_not_doubled():
    with_rescaling = parse_spec({**TINY.to_dict(), "layers": [{"type": "Rescaling", "scale": 1 / 255}]
                                 + TINY.to_dict()["layers"]})
    assert types(training_spec(with_rescaling, (16, 16, 3), 4, TrainSettings())).count("Rescaling") == 1


def test_dropout_goes_before_the_first_dense_without_flatten():
    spec = parse_spec({"input_shape": [8, 8, 1], "layers": [{"type": "GlobalAveragePooling2D"}, {"type": "Dense", "units": 2}]})
    assert types(training_spec(spec, (8, 8, 1), 3, TrainSettings(dropout=0.5)))[1:] == [
        "Dropout", "GlobalAveragePooling2D", "Dense"]


@pytest.mark.parametrize("last, logits", [
    ({"type": "Dense", "units": 3}, True),
    ({"type": "Dense", "units": 3, "activation": "softmax"}, False),
    ({"type": "Softmax"}, False),
])
def test_outputs_logits(last, logits):
    spec = parse_spec({"input_shape": [4, 4, 1], "layers": [{"type": "Flatten"}, {"type": "Dense", "units": 3}, last]})
    assert outputs_logits(spec) is logits


@pytest.mark.parametrize("settings, key", [
    (TrainSettings(optimizer="adagrad"), "training.err.optimizer"),
    (TrainSettings(learning_rate=0.0), "training.err.range"),
    (TrainSettings(batch_size=0), "training.err.range"),
    (TrainSettings(epochs=1000), "training.err.range"),
    (TrainSettings(dropout=0.95), "training.err.range"),
    (TrainSettings(rotation=0.7), "training.err.range"),
    (TrainSettings(), None),
])
def test_settings_check(settings, key):
    if key is None:
        assert settings.check() is settings
    else:
        with pytest.raises(SettingError) as err:
            settings.check()
        assert err.value.key == key


@pytest.mark.parametrize("settings", [TrainSettings(), TrainSettings(dropout=0.3, flip=True, zoom=0.2)])
def test_a_layer_that_cannot_fit_is_named_by_the_learners_number(tiny_data, settings):
    from cnnviz.calc.summary import summarize

    layers = TINY.to_dict()["layers"]
    too_big = parse_spec({**TINY.to_dict(), "layers": layers[:2] + [{"type": "Conv2D", "filters": 2, "kernel_size": 12}]
                          + layers[2:]})
    with pytest.raises(SettingError) as own:
        summarize(too_big)  # the learner's model on its own: the third layer (index 2), 7 px wide after pooling
    with pytest.raises(SettingError) as err:
        TrainingRun(too_big, tiny_data, settings)  # Rescaling (and augmentation, Dropout) put in front
    assert own.value.key == err.value.key == "shape.too_small"
    assert own.value.values["index"] == err.value.values["index"] == 2
    assert err.value.sentence("en").startswith("Layer 2 (Conv2D)")


def test_augmented_samples_differ_and_keep_the_shape(tiny_data):
    out = augment_samples(tiny_data.x_train[0], TrainSettings(flip=True, rotation=0.2, zoom=0.2), n=9)
    assert out.shape == (9, 16, 16, 3) and out.dtype == np.uint8
    assert len({o.tobytes() for o in out}) > 1


@pytest.mark.parametrize("optimizer", ["adam", "sgd", "rmsprop"])
def test_one_epoch_history_and_held_out_numbers(tiny_data, optimizer):
    run = TrainingRun(TINY, tiny_data, TrainSettings(epochs=1, batch_size=8, optimizer=optimizer, curve_every=2))
    result = run.run()
    assert run.progress.snapshot()["state"] == "done"
    (row,) = result.history
    assert set(HISTORY_KEYS) | {"epoch", "learning_rate", "seconds"} == set(row)
    assert row["epoch"] == 1 and 0 <= row["accuracy"] <= 1 and row["loss"] > 0
    assert row["learning_rate"] == pytest.approx(1e-3)
    # Keras is the oracle for the held-out numbers computed from one predict.
    loss, accuracy = run.model.evaluate(tiny_data.x_val, tiny_data.y_val, verbose=0)
    assert result.val_accuracy == pytest.approx(accuracy, abs=1e-6)
    assert result.val_loss == pytest.approx(loss, rel=1e-3)
    assert row["val_accuracy"] == pytest.approx(accuracy, abs=1e-6)
    # 60 images / batch 8 = 8 batches: curve points after batches 2, 4, 6 and 8.
    assert [round(p[0], 3) for p in run.progress.points] == [0.25, 0.5, 0.75, 1.0]
    assert result.confusion.sum() == len(tiny_data.x_val) == result.n_val
    assert np.trace(result.confusion) == round(accuracy * result.n_val)


class _StopAtFirstBatch(keras.callbacks.Callback):
    def __init__(self, run):
        super().__init__()
        self.run = run

    def on_train_batch_begin(self, batch, logs=None):
        if batch == 0:
            self.run.stop()


def test_stop_ends_after_one_batch_and_keeps_weights_and_history(tiny_data):
    run = TrainingRun(TINY, tiny_data, TrainSettings(epochs=5, batch_size=8))
    model = run.build()
    before = [w.copy() for w in model.get_weights()]
    result = run.run(callbacks=[_StopAtFirstBatch(run)])
    snap = run.progress.snapshot()
    assert snap["state"] == "stopped"
    assert snap["done"] == 1  # only the batch that was running when Stop came
    assert len(result.history) == 1  # the partial epoch, with its validation numbers
    assert "val_accuracy" in result.history[0]
    after = run.model.get_weights()
    assert any(not np.array_equal(a, b) for a, b in zip(before, after)), "one batch of training is kept"
    loss, accuracy = run.model.evaluate(tiny_data.x_val, tiny_data.y_val, verbose=0)
    assert result.val_accuracy == pytest.approx(accuracy, abs=1e-6)


def test_two_trainings_at_once_both_finish_with_their_own_curves(tiny_data):
    queue = TrainingQueue(max_running=2)
    other = load_shapes(n=40, size=16, validation_split=0.25, seed=2)
    runs = [TrainingRun(TINY, tiny_data, TrainSettings(epochs=2, batch_size=8)),
            TrainingRun(TINY, other, TrainSettings(epochs=3, batch_size=4))]
    tickets = [queue.submit(run) for run in runs]
    assert queue.counts() == (2, 0)  # both start at once
    deadline = time.monotonic() + 120
    while not all(t.finished for t in tickets) and time.monotonic() < deadline:
        time.sleep(0.2)
    for ticket, run, data, epochs in zip(tickets, runs, (tiny_data, other), (2, 3)):
        assert ticket.state == "finished" and ticket.error is None
        assert [r["epoch"] for r in run.result.history] == list(range(1, epochs + 1))
        loss, accuracy = run.model.evaluate(data.x_val, data.y_val, verbose=0)
        assert run.result.history[-1]["val_accuracy"] == pytest.approx(accuracy, abs=1e-6)
    a, b = (run.progress for run in runs)
    assert a.started < b.finished and b.started < a.finished, "the two runs overlapped in time"


def test_no_distribution_strategy_without_several_gpus():
    import tensorflow as tf

    from cnnviz.training.run import distribution_scope

    if len(tf.config.list_logical_devices("GPU")) > 1:
        pytest.skip("several GPUs: MirroredStrategy is used")
    with distribution_scope():
        assert not tf.distribute.has_strategy()


def test_the_same_seed_trains_the_same_history(tiny_data):
    runs = [TrainingRun(TINY, tiny_data, TrainSettings(epochs=2, batch_size=8, seed=5)) for _ in range(2)]
    a, b = (run.run().history for run in runs)
    assert [(r["loss"], r["val_loss"]) for r in a] == [(r["loss"], r["val_loss"]) for r in b]


def test_a_streamed_folder_trains_and_its_numbers_are_keras_numbers(tmp_path, monkeypatch):
    """FolderData goes to fit as its tf.data pipeline; the held-out numbers equal Keras's evaluate."""
    from cnnviz.training.folders import open_directory
    from tests.training.helpers import write_folder

    monkeypatch.setenv("CNNVIZ_DATA_DIR", str(tmp_path / "cnnviz"))
    root = write_folder(tmp_path / "cells", {"a": 14, "b": 14, "c": 12}, size=(20, 20), learnable=True)
    data = open_directory(root, (16, 16), 0.25, seed=3)
    data.memory_cache_bytes = 0  # the disk cache, as for a big set
    run = TrainingRun(TINY, data, TrainSettings(epochs=3, batch_size=8, seed=0, curve_every=2))
    result = run.run()
    assert run.progress.steps == 4 and len(result.history) == 3  # 30 training images / 8
    x, y = data.val_arrays()
    loss, accuracy = run.model.evaluate(x, y, verbose=0)
    assert result.val_accuracy == pytest.approx(accuracy, abs=1e-6)
    assert result.val_loss == pytest.approx(loss, rel=1e-4)
    assert result.history[-1]["val_accuracy"] == pytest.approx(accuracy, abs=1e-6)
    assert (result.n_train, result.n_val) == (30, 10) and result.confusion.sum() == 10
    for (index, true, predicted, _), image in zip(result.mistakes, result.mistake_images):
        assert y[index] == true != predicted and np.array_equal(image, x[index])
    assert list((tmp_path / "cnnviz" / "cache").iterdir()) == []  # the run's disk cache is gone
