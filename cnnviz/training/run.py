"""One training run: a spec and images in, a fitted Keras model, its history and live progress out.

`TrainingRun(spec, data, settings).run()` follows TensorFlow's image-classification tutorial:
the spec is adapted to the data (input shape, classes), data augmentation (RandomFlip,
RandomRotation, RandomZoom) goes in front, a ``Rescaling(1/255)`` if the spec has none, and a
Dropout before the first Flatten (or global pooling, or Dense); then ``compile`` with
SparseCategoricalCrossentropy and ``fit`` with the validation images.

While `fit` runs, `LiveCallback` publishes into a thread-safe `Progress` that a page polls:
the batch count, a training-curve point every few batches, the validation numbers every epoch.
`stop()` sets ``model.stop_training`` at the end of the current batch, so the weights and the
history so far are kept. Keras is imported inside functions only.
"""
from __future__ import annotations

import threading
from contextlib import nullcontext
import time
from dataclasses import dataclass, field, replace
from functools import lru_cache

import numpy as np

from cnnviz.training.datasets import ImageData
from cnnviz.errors import SettingError
from cnnviz.presets import adapt
from cnnviz.calc.specs import Spec, parse_spec
from cnnviz.calc.summary import summarize

OPTIMIZERS = ("adam", "sgd", "rmsprop")
HISTORY_KEYS = ("loss", "accuracy", "val_loss", "val_accuracy")


@dataclass(frozen=True)
class TrainSettings:
    """The knobs of the course notes: optimizer, learning rate, batch size, epochs, augmentation, Dropout."""

    optimizer: str = "adam"
    learning_rate: float = 1e-3
    batch_size: int = 32
    epochs: int = 10
    flip: bool = False  # RandomFlip("horizontal")
    rotation: float = 0.0  # RandomRotation(factor), a fraction of a full turn
    zoom: float = 0.0  # RandomZoom(height_factor)
    dropout: float = 0.0  # Dropout(rate) before Flatten
    momentum: float = 0.9  # SGD only
    curve_every: int = 5  # a training-curve point every this many batches
    seed: int | None = None

    def check(self) -> TrainSettings:
        """Raise `SettingError` for a knob outside what a classroom machine can train."""
        if self.optimizer not in OPTIMIZERS:
            raise SettingError("training.err.optimizer", name=self.optimizer, known=", ".join(OPTIMIZERS))
        for key, value, lo, hi in (("learning_rate", self.learning_rate, 1e-6, 1.0),
                                   ("batch_size", self.batch_size, 1, 1024), ("epochs", self.epochs, 1, 200),
                                   ("rotation", self.rotation, 0.0, 0.5), ("zoom", self.zoom, 0.0, 0.9),
                                   ("dropout", self.dropout, 0.0, 0.9)):
            if not lo <= value <= hi:
                raise SettingError("training.err.range", key=key, value=value, lo=lo, hi=hi)
        return self

    @property
    def augmented(self) -> bool:
        return self.flip or self.rotation > 0 or self.zoom > 0


def augmentation_layers(settings: TrainSettings) -> list[dict]:
    """The tutorial's augmentation block as spec layers (active in training only)."""
    layers = []
    if settings.flip:
        layers.append({"type": "RandomFlip", "mode": "horizontal"})
    if settings.rotation > 0:
        layers.append({"type": "RandomRotation", "factor": settings.rotation})
    if settings.zoom > 0:
        layers.append({"type": "RandomZoom", "height_factor": settings.zoom})
    return layers


def augment_samples(image: np.ndarray, settings: TrainSettings, n: int = 9, seed: int = 0) -> np.ndarray:
    """`n` augmented copies ``(n, H, W, C)`` uint8 of one image ``(H, W, C)``, as the model sees them in training."""
    import keras

    from cnnviz.models.build import build_layer
    from cnnviz.calc.specs import parse_layer

    batch = np.repeat(image[None].astype("float32"), n, axis=0)  # (n, H, W, C)
    for i, raw in enumerate(augmentation_layers(settings)):
        layer = build_layer(parse_layer({**raw, "seed": seed + i}, i))
        batch = keras.ops.convert_to_numpy(layer(batch, training=True))
    return np.clip(batch, 0, 255).astype(np.uint8)


def training_spec(spec: Spec, input_shape: tuple[int, int, int], num_classes: int, settings: TrainSettings) -> Spec:
    """`spec` adapted to the data, with augmentation, Rescaling and Dropout put where the tutorial puts them."""
    return _training_layers(spec, input_shape, num_classes, settings)[0]


def _training_layers(spec: Spec, input_shape: tuple[int, int, int], num_classes: int,
                     settings: TrainSettings) -> tuple[Spec, list[int | None]]:
    """`training_spec`, and for each of its layers the learner's layer number (None for a layer put in here)."""
    adapted = adapt(spec, input_shape, num_classes).to_dict()
    layers = list(adapted["layers"])
    origins: list[int | None] = list(range(len(layers)))
    if settings.dropout > 0:
        at = next((i for i, layer in enumerate(layers)
                   if layer["type"] in ("Flatten", "GlobalAveragePooling2D", "GlobalMaxPooling2D")), None)
        if at is None:
            at = next((i for i, layer in enumerate(layers) if layer["type"] == "Dense"), len(layers))
        layers.insert(at, {"type": "Dropout", "rate": settings.dropout})
        origins.insert(at, None)
    front = augmentation_layers(settings)
    if not any(layer["type"] == "Rescaling" for layer in layers):
        front.append({"type": "Rescaling", "scale": 1 / 255})  # raw 0–255 pixels in, as the tutorial's model
    # Augmentation layers already in the spec stay; ours go in front of everything.
    adapted["layers"] = front + layers
    return parse_spec(adapted), [None] * len(front) + origins


def _learners_numbers(err: SettingError, origins: list[int | None]) -> SettingError:
    """`err` naming the layer by its number in the learner's model, not in the one with layers put in front."""
    index = err.values.get("index")
    if isinstance(index, int) and 0 <= index < len(origins) and origins[index] is not None:
        return SettingError(err.key, **{**err.values, "index": origins[index]})
    return err


def outputs_logits(spec: Spec) -> bool:
    """True when the last layer gives logits (no softmax), as the TensorFlow tutorials' models do."""
    last = spec.layers[-1]
    return not (last.type == "Softmax" or last.args.get("activation") == "softmax")


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
        self.history: list[dict] = []  # one row per epoch, HISTORY_KEYS + epoch, seconds
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
                    "points": list(self.points), "history": [dict(r) for r in self.history], "error": self.error}

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

    def add_epoch(self, row: dict) -> None:
        with self._lock:
            self.history.append(row)
            self.epoch = len(self.history)
            self.batch = 0


@lru_cache(maxsize=1)
def _live_callback_class():
    import keras

    class LiveCallback(keras.callbacks.Callback):
        """Publishes progress every `every` batches and every epoch; stops at the end of a batch when asked."""

        def __init__(self, progress: Progress, every: int):
            super().__init__()
            self.progress, self.every = progress, max(1, every)
            self._epoch = 0
            self._epoch_start = 0.0

        def on_train_begin(self, logs=None):
            self.progress.set(state="running", started=time.monotonic())

        def on_epoch_begin(self, epoch, logs=None):
            self._epoch, self._epoch_start = epoch, time.monotonic()

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
                   "seconds": round(time.monotonic() - self._epoch_start, 3)}
            self.progress.add_epoch(row)

    return LiveCallback


def live_callback(progress: Progress, every: int = 5):
    """The Keras callback that feeds `progress` (see `TrainingRun`)."""
    return _live_callback_class()(progress, every)


def distribution_scope():
    """``tf.distribute.MirroredStrategy().scope()`` when TensorFlow sees several GPUs (each batch is split
    across them); a no-op on one GPU or a CPU, where Keras needs no strategy."""
    import tensorflow as tf

    if len(tf.config.list_logical_devices("GPU")) > 1:
        return tf.distribute.MirroredStrategy().scope()
    return nullcontext()


@dataclass
class TrainingRun:
    """A model from `spec` trained on `data` with `settings`; `run()` blocks, `stop()` may come from any thread."""

    spec: Spec
    data: ImageData
    settings: TrainSettings = field(default_factory=TrainSettings)

    def __post_init__(self):
        self.settings.check()
        self.spec, origins = _training_layers(self.spec, self.data.input_shape, self.data.num_classes, self.settings)
        try:
            summarize(self.spec)  # a SettingError sentence, before Keras, when a layer cannot fit the images
        except SettingError as err:
            raise _learners_numbers(err, origins) from None
        self.logits = outputs_logits(self.spec)
        steps = -(-len(self.data.x_train) // self.settings.batch_size)
        self.progress = Progress(self.settings.epochs, steps)
        self.model = None
        self.result = None

    def stop(self) -> None:
        self.progress.stop_requested.set()

    def build(self):
        """The compiled Keras model (built once)."""
        if self.model is None:
            import keras

            from cnnviz.models.build import build_model

            s = self.settings
            optimizer = {"adam": lambda: keras.optimizers.Adam(s.learning_rate),
                         "sgd": lambda: keras.optimizers.SGD(s.learning_rate, momentum=s.momentum),
                         "rmsprop": lambda: keras.optimizers.RMSprop(s.learning_rate)}[s.optimizer]()
            with distribution_scope():
                model = build_model(self.spec)
                model.compile(optimizer=optimizer,
                              loss=keras.losses.SparseCategoricalCrossentropy(from_logits=self.logits),
                              metrics=["accuracy"])
            self.model = model
        return self.model

    def run(self, callbacks: list | None = None):
        """Train, then evaluate on the validation images; returns (and keeps) an `evaluation.Result`."""
        from cnnviz.training.evaluation import evaluate

        model = self.build()
        d, s = self.data, self.settings
        stopped_early = self.progress.stop_requested.is_set()
        try:
            if not stopped_early:
                model.fit(d.x_train, d.y_train, validation_data=(d.x_val, d.y_val), epochs=s.epochs,
                          batch_size=s.batch_size, verbose=0, shuffle=True,
                          callbacks=[live_callback(self.progress, s.curve_every), *(callbacks or [])])
            self.result = evaluate(model, d, self.logits, self.progress.snapshot()["history"])
        except Exception as err:  # shown as a sentence on the page; the thread must not die silently
            self.progress.set(state="failed", error=err, finished=time.monotonic())
            raise
        stopped = self.progress.stop_requested.is_set()
        self.progress.set(state="stopped" if stopped else "done", finished=time.monotonic())
        return self.result


def settings_from(**values) -> TrainSettings:
    """`TrainSettings` from keyword values, ignoring None (handy for CLIs and forms)."""
    return replace(TrainSettings(), **{k: v for k, v in values.items() if v is not None}).check()
