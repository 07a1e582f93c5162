"""What runs at every batch and epoch end of a training: live progress for the page, and the notes' options.

`Progress` is what a page polls while ``fit`` runs in another thread; `live_callback` feeds it:
the batch count, a training-curve point every few batches, one history row per epoch (Keras's
logs plus ``learning_rate``, the rate the epoch trained with, and ``seconds``) and the events below.
Stop (`Progress.stop_requested`) sets ``model.stop_training`` at the end of the current batch.

The CIFAR-10 note imports ``ReduceLROnPlateau, EarlyStopping, ModelCheckpoint`` from
``keras.callbacks``. Each option here is a small frozen settings class with the Keras callback's
name and argument names; ``keras()`` builds the real callback (`ModelCheckpoint` keeps the best
epoch's weights in memory — ``save_best_only`` without a file — and can put them back at the end).

`epoch_events` reads what the callbacks did at the end of an epoch, as plain dicts the curves
mark and the page words (keys in `cnnviz.i18n.training`):

- ``{"kind": "lr_drop", "epoch", "lr", "new_lr", "monitor", "patience"}``: ReduceLROnPlateau lowered
  the learning rate after ``epoch`` (1-based), because ``monitor`` had not improved for ``patience`` epochs;
- ``{"kind": "early_stop", "epoch", "best_epoch", "monitor", "patience", "restored"}``: EarlyStopping
  ended training after ``epoch``;
- ``{"kind": "best", "epoch", "monitor", "value", "restored"}`` (at the end): the best epoch kept.

Keras is imported inside functions only.
"""
from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from functools import lru_cache

from cnnviz.errors import SettingError

MONITORS = ("val_loss", "val_accuracy", "loss", "accuracy")
HISTORY_KEYS = ("loss", "accuracy", "val_loss", "val_accuracy")  # copied from Keras's logs into each row


def higher_is_better(monitor: str) -> bool:
    """Keras's ``mode="auto"``: a metric with "acc" in its name is maximised, anything else (a loss) minimised."""
    return "acc" in monitor


def improves(monitor: str, current: float, best: float | None, min_delta: float = 0.0) -> bool:
    """Keras's test: better than `best` by more than `min_delta` (any value beats no value)."""
    if best is None:
        return True
    return current > best + min_delta if higher_is_better(monitor) else current < best - min_delta


def _check(key: str, value, lo, hi) -> None:
    if not lo <= value <= hi:
        raise SettingError("training.err.range", key=key, value=value, lo=lo, hi=hi)


def _check_monitor(monitor: str) -> None:
    if monitor not in MONITORS:
        raise SettingError("training.err.monitor", name=monitor, known=", ".join(MONITORS))


@dataclass(frozen=True)
class EarlyStopping:
    """``keras.callbacks.EarlyStopping``: stop once `monitor` has not improved for `patience` epochs."""

    monitor: str = "val_loss"
    patience: int = 3
    restore_best_weights: bool = True  # end with the weights of the best epoch, not the last
    min_delta: float = 0.0

    def check(self) -> EarlyStopping:
        _check_monitor(self.monitor)
        _check("patience", self.patience, 1, 100)
        _check("min_delta", self.min_delta, 0.0, 1.0)
        return self

    def keras(self):
        import keras

        return keras.callbacks.EarlyStopping(monitor=self.monitor, patience=self.patience, min_delta=self.min_delta,
                                             restore_best_weights=self.restore_best_weights)


@dataclass(frozen=True)
class ReduceLROnPlateau:
    """``keras.callbacks.ReduceLROnPlateau``: multiply the learning rate by `factor` after `patience` epochs without progress."""

    monitor: str = "val_loss"
    factor: float = 0.5
    patience: int = 2
    min_lr: float = 1e-6
    min_delta: float = 1e-4  # Keras's default

    def check(self) -> ReduceLROnPlateau:
        _check_monitor(self.monitor)
        _check("factor", self.factor, 0.01, 0.99)
        _check("patience", self.patience, 1, 100)
        _check("min_lr", self.min_lr, 0.0, 1.0)
        _check("min_delta", self.min_delta, 0.0, 1.0)
        return self

    def keras(self):
        import keras

        return keras.callbacks.ReduceLROnPlateau(monitor=self.monitor, factor=self.factor, patience=self.patience,
                                                 min_lr=self.min_lr, min_delta=self.min_delta)


@dataclass(frozen=True)
class ModelCheckpoint:
    """``keras.callbacks.ModelCheckpoint(save_best_only=True)``'s idea, in memory: the best epoch's weights by `monitor`."""

    monitor: str = "val_loss"
    restore_best_weights: bool = True  # put them into the model when training ends

    def check(self) -> ModelCheckpoint:
        _check_monitor(self.monitor)
        return self

    def keras(self):
        return _best_epoch_class()(self.monitor, self.restore_best_weights)


@lru_cache(maxsize=1)
def _best_epoch_class():
    import keras

    class BestEpoch(keras.callbacks.Callback):
        """Copies the weights whenever `monitor` improves; restores the best copy at the end if asked."""

        def __init__(self, monitor: str, restore: bool):
            super().__init__()
            self.monitor, self.restore = monitor, restore
            self.best, self.best_epoch, self.best_weights = None, None, None

        def on_train_begin(self, logs=None):
            self.best, self.best_epoch, self.best_weights = None, None, None

        def on_epoch_end(self, epoch, logs=None):
            current = (logs or {}).get(self.monitor)
            if current is not None and improves(self.monitor, float(current), self.best):
                self.best, self.best_epoch = float(current), epoch
                self.best_weights = self.model.get_weights()

        def on_train_end(self, logs=None):
            if self.restore and self.best_weights is not None:
                self.model.set_weights(self.best_weights)

    return BestEpoch


def learning_rate(model) -> float:
    """The optimizer's current learning rate as a Python float."""
    import keras

    return float(keras.ops.convert_to_numpy(model.optimizer.learning_rate))


def epoch_events(epoch: int, lr_before: float, lr_after: float, options: list[tuple[object, object]]) -> list[dict]:
    """What the option callbacks did at the end of `epoch` (0-based, as Keras counts); `options` pairs settings and callbacks."""
    found = []
    # When a ModelCheckpoint restores too, its epoch wins (it comes later in fit's list).
    checkpoint = any(isinstance(s, ModelCheckpoint) and s.restore_best_weights for s, _ in options)
    for setting, callback in options:
        if isinstance(setting, ReduceLROnPlateau) and lr_after < lr_before:
            found.append({"kind": "lr_drop", "epoch": epoch + 1, "lr": lr_before, "new_lr": lr_after,
                          "monitor": setting.monitor, "patience": setting.patience})
        elif isinstance(setting, EarlyStopping) and callback.stopped_epoch == epoch and epoch > 0:
            found.append({"kind": "early_stop", "epoch": epoch + 1, "best_epoch": callback.best_epoch + 1,
                          "monitor": setting.monitor, "patience": setting.patience,
                          "restored": setting.restore_best_weights and not checkpoint})
    return found


def event_key(event: dict) -> str:
    """The i18n key of the sentence that tells `event` (its values fill the sentence)."""
    return f"training.event.{event['kind']}{'_restored' if event.get('restored') else ''}"


def final_events(options: list[tuple[object, object]]) -> list[dict]:
    """The best epoch each `ModelCheckpoint` kept (once training has ended)."""
    return [{"kind": "best", "epoch": callback.best_epoch + 1, "monitor": setting.monitor, "value": callback.best,
             "restored": setting.restore_best_weights}
            for setting, callback in options
            if isinstance(setting, ModelCheckpoint) and callback.best_epoch is not None]


# ---------------------------------------------------------------------------------------------
# Live progress


class Progress:
    """What the page shows while a run trains; written by the training thread, read by the page."""

    def __init__(self, epochs: int, steps: int):
        self._lock = threading.Lock()
        self.epochs, self.steps = epochs, steps  # steps = batches per epoch
        self.state = "waiting"  # waiting → running → done | stopped | failed
        self.epoch = 0
        self.batch = 0  # batches done in the current epoch
        self.trained = 0  # batches done in all
        self.started: float | None = None
        self.finished: float | None = None
        self.points: list[tuple[float, float, float]] = []  # (epoch as a fraction, loss, accuracy)
        self.history: list[dict] = []  # one row per epoch: epoch, HISTORY_KEYS, learning_rate, seconds
        self.events: list[dict] = []  # see the module docstring
        self.error: Exception | None = None
        self.stop_requested = threading.Event()

    def snapshot(self) -> dict:
        """A copy safe to read while training goes on."""
        with self._lock:
            done = self.trained
            total = self.epochs * self.steps
            elapsed = (self.finished or time.monotonic()) - self.started if self.started else 0.0
            left = elapsed / done * (total - done) if done and self.state == "running" else None
            return {"state": self.state, "epoch": self.epoch, "batch": self.batch, "steps": self.steps,
                    "epochs": self.epochs, "done": done, "total": total, "elapsed": elapsed, "left": left,
                    "points": list(self.points), "history": [dict(r) for r in self.history],
                    "events": [dict(e) for e in self.events], "error": self.error}

    def set(self, **values) -> None:
        with self._lock:
            for key, value in values.items():
                setattr(self, key, value)

    def add_point(self, epoch: int, batch: int, loss: float, accuracy: float) -> None:
        with self._lock:
            self.batch, self.trained = batch, self.trained + 1
            self.points.append((epoch + batch / self.steps, loss, accuracy))

    def tick(self, batch: int) -> None:
        with self._lock:
            self.batch, self.trained = batch, self.trained + 1

    def add_epoch(self, row: dict, events: list[dict] = ()) -> None:
        with self._lock:
            self.history.append(row)
            self.events.extend(events)
            self.epoch = len(self.history)
            self.batch = 0

    def add_events(self, events: list[dict]) -> None:
        with self._lock:
            self.events.extend(events)


@lru_cache(maxsize=1)
def _live_callback_class():
    import keras

    class LiveCallback(keras.callbacks.Callback):
        """Publishes progress every `every` batches and every epoch; stops at the end of a batch when asked.

        Put it after the option callbacks in ``fit``'s list: at an epoch's end it reads what they did.
        """

        def __init__(self, progress: Progress, every: int, options: list[tuple[object, object]] = ()):
            super().__init__()
            self.progress, self.every, self.options = progress, max(1, every), list(options)
            self._epoch = 0
            self._epoch_start = 0.0
            self._lr = None

        def on_train_begin(self, logs=None):
            self.progress.set(state="running", started=time.monotonic())

        def on_epoch_begin(self, epoch, logs=None):
            self._epoch, self._epoch_start = epoch, time.monotonic()
            self._lr = learning_rate(self.model)

        def on_train_batch_end(self, batch, logs=None):
            n = batch + 1
            if n % self.every == 0 or n == self.progress.steps:
                self.progress.add_point(self._epoch, n, float(logs["loss"]), float(logs["accuracy"]))
            else:
                self.progress.tick(n)
            if self.progress.stop_requested.is_set():
                self.model.stop_training = True

        def on_epoch_end(self, epoch, logs=None):
            row = {"epoch": epoch + 1, **{k: float(logs[k]) for k in HISTORY_KEYS if k in logs},
                   "learning_rate": self._lr, "seconds": round(time.monotonic() - self._epoch_start, 3)}
            self.progress.add_epoch(row, epoch_events(epoch, self._lr, learning_rate(self.model), self.options))

        def on_train_end(self, logs=None):
            self.progress.add_events(final_events(self.options))

    return LiveCallback


def live_callback(progress: Progress, every: int = 5, options: list[tuple[object, object]] = ()):
    """The Keras callback that feeds `progress`; `options` pairs each option's settings with its Keras callback."""
    return _live_callback_class()(progress, every, options)
