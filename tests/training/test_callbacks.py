"""The notes' training options against Keras: EarlyStopping's epoch, ReduceLROnPlateau's rates, the best epoch's weights."""
from __future__ import annotations

import keras
import numpy as np
import pytest

from cnnviz.errors import SettingError
from cnnviz.training.callbacks import (EarlyStopping, ModelCheckpoint, ReduceLROnPlateau, event_key, improves)
from cnnviz.training.datasets import load_shapes
from cnnviz.training.run import TrainingRun, TrainSettings
from tests.training.helpers import TINY


@pytest.fixture(scope="module")
def data():
    return load_shapes(n=80, size=16, validation_split=0.25, seed=1)


@pytest.mark.parametrize("option, key", [
    (EarlyStopping(monitor="val_acc"), "training.err.monitor"),
    (EarlyStopping(patience=0), "training.err.range"),
    (EarlyStopping(min_delta=-1.0), "training.err.range"),
    (ReduceLROnPlateau(factor=1.5), "training.err.range"),
    (ReduceLROnPlateau(factor=0.0), "training.err.range"),
    (ReduceLROnPlateau(patience=500), "training.err.range"),
    (ReduceLROnPlateau(monitor="lr"), "training.err.monitor"),
    (ModelCheckpoint(monitor="../evil"), "training.err.monitor"),
    (EarlyStopping(), None), (ReduceLROnPlateau(), None), (ModelCheckpoint(monitor="val_accuracy"), None),
])
def test_option_settings_are_checked_with_the_run(option, key):
    field = {EarlyStopping: "early_stopping", ReduceLROnPlateau: "reduce_lr", ModelCheckpoint: "checkpoint"}[type(option)]
    settings = TrainSettings(**{field: option})
    if key is None:
        assert settings.check() is settings and settings.options == [option]
    else:
        with pytest.raises(SettingError) as err:
            settings.check()
        assert err.value.key == key


@pytest.mark.parametrize("monitor, current, best, min_delta, better", [
    ("val_loss", 0.5, 0.6, 0.0, True), ("val_loss", 0.6, 0.5, 0.0, False), ("val_loss", 0.55, 0.6, 0.1, False),
    ("val_accuracy", 0.8, 0.7, 0.0, True), ("accuracy", 0.7, 0.8, 0.0, False), ("loss", 9.0, None, 0.0, True),
])
def test_improves_follows_keras_auto_mode(monitor, current, best, min_delta, better):
    assert improves(monitor, current, best, min_delta) is better


def test_early_stopping_stops_after_patience_epochs_without_progress(data):
    # A learning rate so small that val_loss cannot improve by min_delta: best at epoch 1, then 2 epochs of patience.
    settings = TrainSettings(epochs=10, batch_size=8, learning_rate=1e-6, seed=0,
                             early_stopping=EarlyStopping(patience=2, min_delta=0.05, restore_best_weights=False))
    run = TrainingRun(TINY, data, settings)
    result = run.run()
    assert [r["epoch"] for r in result.history] == [1, 2, 3]
    keras_callback = run.options[0][1]
    assert keras_callback.stopped_epoch + 1 == 3 and keras_callback.best_epoch + 1 == 1
    assert result.events == [{"kind": "early_stop", "epoch": 3, "best_epoch": 1, "monitor": "val_loss", "patience": 2,
                               "restored": False}]
    assert run.progress.snapshot()["state"] == "done"  # ended by the option, not by Stop
    assert event_key(result.events[0]) == "training.event.early_stop"


def keras_schedule(option: ReduceLROnPlateau, start: float, monitored: list[float]) -> list[float]:
    """The learning rate of each epoch as Keras's own ReduceLROnPlateau sets it, fed the same monitored values."""
    callback = option.keras()
    model = keras.Sequential([keras.Input((1,)), keras.layers.Dense(1)])
    model.compile(optimizer=keras.optimizers.Adam(start), loss="mse")
    callback.set_model(model)
    callback.on_train_begin()
    rates = []
    for epoch, value in enumerate(monitored):
        rates.append(float(keras.ops.convert_to_numpy(model.optimizer.learning_rate)))
        callback.on_epoch_end(epoch, {option.monitor: value})
    return rates


def test_reduce_lr_on_plateau_rates_are_keras_rates(data):
    option = ReduceLROnPlateau(factor=0.5, patience=1, min_delta=1.0, min_lr=1e-6)
    run = TrainingRun(TINY, data, TrainSettings(epochs=5, batch_size=8, learning_rate=1e-4, seed=0, reduce_lr=option))
    result = run.run()
    rates = [r["learning_rate"] for r in result.history]
    assert rates == pytest.approx([1e-4, 1e-4, 5e-5, 2.5e-5, 1.25e-5], rel=1e-6)
    assert rates == pytest.approx(keras_schedule(option, 1e-4, [r["val_loss"] for r in result.history]), rel=1e-6)
    assert rates == pytest.approx(run.model.history.history["learning_rate"], rel=1e-6)  # Keras's History too
    drops = [e for e in result.events if e["kind"] == "lr_drop"]
    assert [e["epoch"] for e in drops] == [2, 3, 4, 5]  # the drop after epoch 5 happened too, with nothing after it
    assert drops[0]["lr"] == pytest.approx(1e-4) and drops[0]["new_lr"] == pytest.approx(5e-5)


class _Weights(keras.callbacks.Callback):
    def __init__(self):
        super().__init__()
        self.per_epoch = []

    def on_epoch_end(self, epoch, logs=None):
        self.per_epoch.append([w.copy() for w in self.model.get_weights()])


@pytest.mark.parametrize("field, option", [
    ("checkpoint", ModelCheckpoint(monitor="val_loss", restore_best_weights=True)),
    ("early_stopping", EarlyStopping(monitor="val_loss", patience=50, restore_best_weights=True)),
])
def test_restored_weights_are_those_of_the_lowest_val_loss(data, field, option):
    # A large RMSprop step makes val_loss jump about, so the best epoch is not the last one.
    settings = TrainSettings(epochs=6, batch_size=8, optimizer="rmsprop", learning_rate=0.05, seed=0, **{field: option})
    run = TrainingRun(TINY, data, settings)
    weights = _Weights()
    result = run.run(callbacks=[weights])
    val_losses = [r["val_loss"] for r in result.history]
    best = int(np.argmin(val_losses))
    assert best != len(val_losses) - 1, f"the last epoch is the best here: {val_losses}"
    for restored, kept in zip(run.model.get_weights(), weights.per_epoch[best]):
        assert np.array_equal(restored, kept)
    assert np.all([np.array_equal(a, b) for a, b in zip(run.best_weights(), weights.per_epoch[best])])
    loss, _ = run.model.evaluate(data.x_val, data.y_val, verbose=0)
    assert loss == pytest.approx(min(val_losses), rel=1e-4) and result.val_loss == pytest.approx(loss, rel=1e-3)
    if field == "checkpoint":
        assert result.events[-1] == {"kind": "best", "epoch": best + 1, "monitor": "val_loss",
                                     "value": pytest.approx(min(val_losses)), "restored": True}
        assert event_key(result.events[-1]) == "training.event.best_restored"


def test_without_options_nothing_is_kept_and_nothing_happens(data):
    run = TrainingRun(TINY, data, TrainSettings(epochs=2, batch_size=16, seed=0))
    result = run.run()
    assert result.events == [] and run.best_weights() is None
    assert [r["learning_rate"] for r in result.history] == pytest.approx([1e-3, 1e-3])
