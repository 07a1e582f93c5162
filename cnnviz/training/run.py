"""One training run: a spec and images in, a fitted Keras model, its history and live progress out.

`TrainingRun(spec, data, settings).run()` follows TensorFlow's image-classification tutorial:
the spec is adapted to the data (input shape, classes), data augmentation (RandomFlip,
RandomRotation, RandomZoom) goes in front, a ``Rescaling(1/255)`` if the spec has none, and a
Dropout before the first Flatten (or global pooling, or Dense); then ``compile`` with
SparseCategoricalCrossentropy and ``fit`` with the validation images. The data is any object with
the interface of `cnnviz.training.pipeline`: arrays (`ImageData`) go to ``fit`` as arrays, a
streamed `FolderData` as its cached, prefetched tf.data pipeline.

The notes' options (`cnnviz.training.callbacks`: EarlyStopping, ReduceLROnPlateau,
ModelCheckpoint) are settings too. While `fit` runs, the live callback publishes into a
thread-safe `Progress` that a page polls: the batch count, a training-curve point every few
batches, the validation numbers and learning rate every epoch, and what the options did.
`stop()` sets ``model.stop_training`` at the end of the current batch, so the weights and the
history so far are kept. Keras is imported inside functions only.
"""
from __future__ import annotations

import time
from contextlib import nullcontext
from dataclasses import dataclass, field, replace

import numpy as np

from cnnviz.calc.specs import Spec, parse_spec
from cnnviz.calc.summary import summarize
from cnnviz.errors import SettingError
from cnnviz.presets import adapt
from cnnviz.training.callbacks import (HISTORY_KEYS, EarlyStopping, ModelCheckpoint, Progress,  # noqa: F401
                                       ReduceLROnPlateau, live_callback)
from cnnviz.training.pipeline import FolderData, ImageData

OPTIMIZERS = ("adam", "sgd", "rmsprop")


@dataclass(frozen=True)
class TrainSettings:
    """The knobs of the course notes: optimizer, learning rate, batch size, epochs, augmentation, Dropout, callbacks."""

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
    seed: int | None = None  # keras.utils.set_random_seed before building: the same weights and order each time
    early_stopping: EarlyStopping | None = None
    reduce_lr: ReduceLROnPlateau | None = None
    checkpoint: ModelCheckpoint | None = None  # keep (and restore) the best epoch's weights

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
        for option in self.options:
            option.check()
        return self

    @property
    def options(self) -> list:
        """The callback options that are on, in the order ``fit`` calls them."""
        return [o for o in (self.early_stopping, self.reduce_lr, self.checkpoint) if o is not None]

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


def evaluation_batch(input_shape: tuple[int, int, int], batch_size: int) -> int:
    """Images per ``predict`` call after training: up to 256, but about a million input pixels at most
    (activations grow with the batch: 256 photos of 180×180 would need half a gigabyte in the first Conv2D)."""
    h, w, _ = input_shape
    return max(batch_size, min(256, 2**20 // (h * w)))


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
    data: ImageData | FolderData
    settings: TrainSettings = field(default_factory=TrainSettings)

    def __post_init__(self):
        self.settings.check()
        self.spec, origins = _training_layers(self.spec, self.data.input_shape, self.data.num_classes, self.settings)
        try:
            summarize(self.spec)  # a SettingError sentence, before Keras, when a layer cannot fit the images
        except SettingError as err:
            raise _learners_numbers(err, origins) from None
        self.logits = outputs_logits(self.spec)
        steps = -(-self.data.n_train // self.settings.batch_size)
        self.progress = Progress(self.settings.epochs, steps)
        self.model = None
        self.result = None
        self.options: list[tuple[object, object]] = []  # (settings, Keras callback) of the last run()

    def stop(self) -> None:
        self.progress.stop_requested.set()

    def build(self):
        """The compiled Keras model (built once)."""
        if self.model is None:
            import keras

            from cnnviz.models.build import build_model

            s = self.settings
            if s.seed is not None:
                keras.utils.set_random_seed(s.seed)
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
        self.options = [(option, option.keras()) for option in s.options]
        try:
            if not self.progress.stop_requested.is_set():
                with d.feed(s.batch_size, s.seed) as feed:
                    # The options first: at an epoch's end the live callback reads what they did.
                    model.fit(**feed.fit_kwargs, epochs=s.epochs, verbose=0,
                              callbacks=[*(cb for _, cb in self.options),
                                         live_callback(self.progress, s.curve_every, self.options), *(callbacks or [])])
            snap = self.progress.snapshot()
            self.result = evaluate(model, d, self.logits, snap["history"], events=snap["events"],
                                   batch_size=evaluation_batch(d.input_shape, s.batch_size))
        except Exception as err:  # shown as a sentence on the page; the thread must not die silently
            self.progress.set(state="failed", error=err, finished=time.monotonic())
            raise
        stopped = self.progress.stop_requested.is_set()
        self.progress.set(state="stopped" if stopped else "done", finished=time.monotonic())
        return self.result


    def best_weights(self) -> list[np.ndarray] | None:
        """The weights of the best epoch an option kept (ModelCheckpoint first, else EarlyStopping's), or None."""
        for kind in (ModelCheckpoint, EarlyStopping):
            for option, callback in self.options:
                if isinstance(option, kind) and getattr(callback, "best_weights", None) is not None:
                    return callback.best_weights
        return None


def settings_from(**values) -> TrainSettings:
    """`TrainSettings` from keyword values, ignoring None (handy for CLIs and forms)."""
    return replace(TrainSettings(), **{k: v for k, v in values.items() if v is not None}).check()
