"""What every attribution shares: the class score (the logit before the softmax) for a batch, its gradient w.r.t. the input, and the result type.

The score explained is always a logit, as Grad-CAM (Selvaraju et al. 2017, §3) and the gradient
methods prescribe: a softmax couples the classes, so a probability can rise only because another
class fell. When a model ends in ``Dense(activation='softmax')`` the logits are recomputed from that
layer's input, kernel and bias; when it ends in a ``Softmax`` (or ``Activation('softmax')``) layer,
that layer's input are the logits. The class explained by default is the predicted one; among equal
logits the lowest class index wins (``np.argmax``'s rule), for every method.
Keras and TensorFlow are imported inside the functions.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from cnnviz.errors import SettingError

BATCH = 64  # images per forward/backward call: a few MB at 64 × 64 × 3


def logit_model(model, logits: bool, extra=()):
    """``(keras.Model, finish)``: the model's outputs ``[*extra, head]`` and ``finish(head) -> logits (N, K)``.

    `extra` are symbolic outputs of inner layers (Grad-CAM's convolution). For a last Dense layer with
    a softmax, `head` is that layer's input and `finish` applies its kernel and bias; otherwise
    `finish` is the identity.
    """
    import keras
    import tensorflow as tf

    last = model.layers[-1]
    if logits:
        head, finish = model.outputs[0], (lambda pre: pre)
    elif last.__class__.__name__ == "Dense":
        head = last.input  # recompute the logits from the Dense layer's input

        def finish(pre):
            out = tf.matmul(pre, last.kernel)  # (N, K)
            return out + last.bias if last.bias is not None else out
    else:
        head, finish = last.input, (lambda pre: pre)  # a Softmax / Activation('softmax') layer: its input are the logits
    return keras.Model(inputs=model.inputs, outputs=[*extra, head]), finish


def predicted_class(logits: np.ndarray) -> int:
    """The class with the largest logit; among equal logits the lowest index (``np.argmax``)."""
    return int(np.argmax(np.asarray(logits)))


def as_net(model, logits: bool | None = None):
    """A NetModel as it is, or a keras.Model checked and wrapped by `cnnviz.models.files.describe`.

    `logits`, when given, says whether the keras.Model's output is logits (else read from its last layer).
    """
    from dataclasses import replace

    from cnnviz.models.files import describe

    net = model if hasattr(model, "class_names") else describe(model)
    return net if logits is None or net is model else replace(net, logits=bool(logits))


class Scorer:
    """The logit of class k for a batch of images and its gradient w.r.t. the input, for one model.

    Built once per model (a NetModel, or a keras.Model with `logits` telling whether its output is
    logits; None: detected from the last layer) and shared by every method that explains that model.
    The model takes pixels 0–255 as ``pixel · input_scale + input_offset``: black is `black`,
    white is ``black + value_range``.
    """

    def __init__(self, model, logits: bool | None = None):
        self.net = as_net(model, logits)
        self.model, self.logits = self.net.model, bool(self.net.logits)
        self.black = float(getattr(self.net, "input_offset", 0.0))
        self.value_range = 255.0 * float(self.net.input_scale)
        self.num_classes = int(self.model.outputs[0].shape[-1])
        self._built = None  # (keras.Model, finish), made on first use

    def from_unit(self, fraction: float) -> float:
        """The input value of a grey level given as a fraction of the range: 0 black, 0.5 grey, 1 white."""
        return self.black + fraction * self.value_range

    def _forward(self, batch):
        """Logits (n, K) of a float32 batch (n, H, W, C), as a tensor (differentiable under a tape)."""
        if self._built is None:
            self._built = logit_model(self.model, self.logits)
        head, finish = self._built
        return finish(head([batch], training=False))

    @classmethod
    def of(cls, model, logits: bool | None = None) -> "Scorer":
        return model if isinstance(model, Scorer) else cls(model, logits)

    def logits_of(self, xs: np.ndarray) -> np.ndarray:
        """Logits (N, K) for images (N, H, W, C) in the model's input range."""
        out = [np.asarray(self._forward(xs[i:i + BATCH].astype("float32")))
               for i in range(0, len(xs), BATCH)]
        return np.concatenate(out).astype(np.float64)  # (N, K)

    def scores(self, xs: np.ndarray, class_index: int) -> np.ndarray:
        """The logit of `class_index` for each image (N,)."""
        return self.logits_of(xs)[:, class_index]

    def gradients(self, xs: np.ndarray, class_index: int) -> tuple[np.ndarray, np.ndarray]:
        """``(scores (N,), ∂score/∂x (N, H, W, C))`` for images (N, H, W, C), by ``tf.GradientTape``."""
        import tensorflow as tf

        scores, grads = [], []
        for i in range(0, len(xs), BATCH):
            batch = tf.convert_to_tensor(xs[i:i + BATCH].astype("float32"))  # (n, H, W, C)
            with tf.GradientTape() as tape:
                tape.watch(batch)
                score = self._forward(batch)[:, class_index]  # (n,)
            grads.append(np.asarray(tape.gradient(score, batch)))  # (n, H, W, C); images are independent
            scores.append(np.asarray(score))
        return np.concatenate(scores).astype(np.float64), np.concatenate(grads).astype(np.float64)

    def resolve(self, x: np.ndarray, class_index: int | None) -> int:
        """The class to explain: `class_index` checked, or the predicted class of image `x` (H, W, C)."""
        if class_index is None:
            return predicted_class(self.logits_of(x[None])[0])
        if not isinstance(class_index, (int, np.integer)) or not 0 <= class_index < self.num_classes:
            raise SettingError("attribution.err.class", index=str(class_index)[:20], k=self.num_classes)
        return int(class_index)


def check_image(scorer: Scorer, x) -> np.ndarray:
    """`x` as float (H, W, C) of the model's input shape, or a SettingError."""
    x = np.asarray(x, dtype=np.float64)
    shape = tuple(int(d) for d in scorer.model.inputs[0].shape[1:])
    if x.shape != shape:
        raise SettingError("attribution.err.shape", got=str(x.shape), want=str(shape))
    return x


@dataclass(frozen=True)
class Explanation:
    """One attribution map and what the page shows beside it."""

    method: str  # an id of `METHODS`
    map: np.ndarray  # (H, W) in the method's own units (see `signed`)
    class_index: int
    score: float  # the logit explained, at the image
    signed: bool  # True: negative values speak against the class (draw with a diverging scale)
    params: dict = field(default_factory=dict)  # the parameters used, by name

    @property
    def limit(self) -> float:
        """The largest |value|: the colour scale's end (0 for an empty map)."""
        return float(np.abs(self.map).max())

    def scaled(self) -> np.ndarray:
        """The map divided by its largest |value|: [0, 1], or [−1, 1] when signed (all zeros stay zeros)."""
        top = self.limit
        return (self.map / top if top > 0 else self.map).astype(np.float32)  # (H, W)


def check_int(name: str, value, low: int, high: int) -> int:
    if not isinstance(value, (int, np.integer)) or isinstance(value, bool) or not low <= value <= high:
        raise SettingError("attribution.err.range", name=name, value=str(value)[:20], low=low, high=high)
    return int(value)


def check_float(name: str, value, low: float, high: float) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        number = float("nan")
    if isinstance(value, bool) or not low <= number <= high:
        raise SettingError("attribution.err.range", name=name, value=str(value)[:20], low=low, high=high)
    return number
