"""The Keras callback that writes a training run into the run store as it trains, so nothing is lost if it stops.

At each epoch end it stores the epoch's metrics (Keras's logs, the optimizer's learning rate, the
seconds), the training-curve points of that epoch (every `curve_every` batches, as `LiveCallback`
shows them), and a snapshot for the timeline: the whole model's variables at a bounded set of
epochs (`limits.full_snapshot_epochs`: the first and a few spread evenly), and the first and last
Conv2D layers' kernels and biases at every other epoch. Every few seconds of batches it sends a
heartbeat. At train end it saves the final ``.keras`` (``model.save``) and marks the run ``done``
(or ``stopped`` when fewer epochs ran than planned). A failure inside ``fit`` never reaches
``on_train_end``; `train_and_record` marks such a run ``failed``. Keras is imported lazily.

    created = store.create_run(owner, name=..., spec=run.spec, settings=run.settings, data=describe_data(run.data))
    result = train_and_record(store, owner, created.run_id, run)        # or: run.run(callbacks=[recorder(...)])
"""
from __future__ import annotations

import time
from functools import lru_cache

from cnnviz.runs.limits import SNAPSHOTS_KEY, full_snapshot_epochs

HEARTBEAT_SECONDS = 5.0


def conv_layers(model) -> list:
    """The first and last Conv2D layers of `model` (one layer when it has a single conv, none without)."""
    import keras

    convs = [layer for layer in model.layers if isinstance(layer, keras.layers.Conv2D)]
    return convs[:1] + convs[1:][-1:]


def kernel_arrays(layers) -> dict:
    """``{variable path: array}`` of the kernels and biases of `layers`."""
    import keras

    out = {}
    for layer in layers:
        for variable in (layer.kernel, getattr(layer, "bias", None)):
            if variable is not None:
                out[variable.path] = keras.ops.convert_to_numpy(variable)  # kernel (kh, kw, C_in, filters), bias (filters,)
    return out


def weight_arrays(model) -> dict:
    """Every variable of `model` by its Keras path (``conv2d/kernel``, …): a whole-model snapshot."""
    import keras

    return {key: keras.ops.convert_to_numpy(v) for key, v in zip(weight_keys(model), model.weights)}


def weight_keys(model) -> list[str]:
    """The snapshot key of each of ``model.weights``: its path, made unique by position if two are alike."""
    paths = [v.path for v in model.weights]
    return [p if paths.count(p) == 1 else f"{p}#{i}" for i, p in enumerate(paths)]


@lru_cache(maxsize=1)
def _recorder_class():
    import keras

    class RunRecorder(keras.callbacks.Callback):
        """Writes each epoch, a heartbeat and the final model of `run_id` into `store`."""

        def __init__(self, store, run_id: str, owner: str, epochs: int, steps: int, curve_every: int = 5,
                     full_snapshots: int | None = None, heartbeat_every: float = HEARTBEAT_SECONDS):
            super().__init__()
            self.store, self.run_id, self.owner = store, run_id, owner
            self.epochs, self.steps, self.every = int(epochs), max(1, int(steps)), max(1, int(curve_every))
            if full_snapshots is None:  # the store may have planned fewer for a big model (`quota.plan`)
                planned = store.require(run_id, owner).settings.get(SNAPSHOTS_KEY)
                full_snapshots = planned or store.limits.full_snapshots
            self.full = full_snapshot_epochs(self.epochs, full_snapshots)
            self.heartbeat_every = heartbeat_every
            self.epochs_done = 0
            self.write_seconds: dict[int, float] = {}  # epoch → time spent storing it (bench/run_store.py reads it)
            self.seconds_finish = 0.0  # time spent saving the final model and marking the run finished

        def on_train_begin(self, logs=None):
            self._started = time.monotonic()
            self._beat = self._started
            self._convs = conv_layers(self.model)
            self.store.heartbeat(self.run_id, self.owner)  # claims the run for this process

        def on_epoch_begin(self, epoch, logs=None):
            self._epoch, self._epoch_start = epoch, time.monotonic()
            self._points = []
            # The rate this epoch trains with: read now, since ReduceLROnPlateau lowers it at the epoch's end
            # (before this callback's on_epoch_end); the training page's history rows say the same.
            self._rate = _learning_rate(self.model)

        def on_train_batch_end(self, batch, logs=None):
            n = batch + 1
            if logs and (n % self.every == 0 or n == self.steps):
                self._points.append((round(self._epoch + n / self.steps, 6),
                                     float(logs["loss"]), float(logs.get("accuracy", float("nan")))))
            now = time.monotonic()
            if now - self._beat >= self.heartbeat_every:
                self._beat = now
                self.store.heartbeat(self.run_id, self.owner)

        def on_epoch_end(self, epoch, logs=None):
            logs = logs or {}
            seconds = time.monotonic() - self._epoch_start
            t0 = time.monotonic()
            number = epoch + 1
            row = {"epoch": number, **{k: logs.get(k) for k in ("loss", "accuracy", "val_loss", "val_accuracy")},
                   "learning_rate": self._rate, "seconds": round(seconds, 3)}
            names = [layer.name for layer in self._convs]
            if number in self.full:
                self.store.record_epoch(self.run_id, self.owner, row, self._points,
                                        weights=weight_arrays(self.model), convs=names)
            else:
                self.store.record_epoch(self.run_id, self.owner, row, self._points,
                                        kernels=kernel_arrays(self._convs), convs=names)
            self.epochs_done = number
            self._beat = time.monotonic()  # record_epoch refreshed the heartbeat
            self.write_seconds[number] = self._beat - t0

        def on_train_end(self, logs=None):
            t0 = time.monotonic()
            status = "done" if self.epochs_done >= self.epochs else "stopped"
            self.store.finish(self.run_id, self.owner, status, duration=t0 - self._started,
                              save_model=self.model.save if self.epochs_done else None)
            self.seconds_finish = time.monotonic() - t0

    return RunRecorder


def recorder(store, run_id: str, owner: str, epochs: int, steps: int, curve_every: int = 5,
             full_snapshots: int | None = None, heartbeat_every: float = HEARTBEAT_SECONDS):
    """The Keras callback recording `run_id` (created with `RunStore.create_run`) for `epochs` of `steps` batches."""
    return _recorder_class()(store, run_id, owner, epochs, steps, curve_every, full_snapshots, heartbeat_every)


def recorder_for(store, run_id: str, owner: str, training_run):
    """`recorder` with the epochs, steps and curve spacing of a `cnnviz.training.run.TrainingRun`."""
    progress, settings = training_run.progress, training_run.settings
    return recorder(store, run_id, owner, settings.epochs, progress.steps, settings.curve_every)


def create_for(store, owner: str, training_run, name: str, **source):
    """`RunStore.create_run` for a `TrainingRun` (its training spec, settings and data); returns `Created`."""
    from cnnviz.runs.records import describe_data

    return store.create_run(owner, name=name, spec=training_run.spec, settings=training_run.settings,
                            data=describe_data(training_run.data, **source))


def train_and_record(store, owner: str, run_id: str, training_run, callbacks: list | None = None):
    """`training_run.run()` with the recorder attached; a failure is stored as ``failed`` with its sentence
    (then raised again). Returns the run's `evaluation.Result`."""
    from cnnviz.errors import sentence

    try:
        return training_run.run(callbacks=[recorder_for(store, run_id, owner, training_run), *(callbacks or [])])
    except Exception as err:
        store.finish(run_id, owner, "failed", error=sentence(err))
        raise


def _learning_rate(model) -> float | None:
    try:
        import keras

        return float(keras.ops.convert_to_numpy(model.optimizer.learning_rate))
    except (AttributeError, TypeError, ValueError):
        return None
