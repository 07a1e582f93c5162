"""Feature visualisation: the image a filter responds to most, grown by gradient ascent from noise; and the data set's images that excite it most.

Method (Olah, Mordvintsev & Schubert 2017, "Feature Visualization", Distill, doi:10.23915/distill.00007;
the Keras example "Visualizing what convnets learn", F. Chollet, keras.io/examples/vision/visualizing_what_convnets_learn):
start from grey noise, and repeat: compute the filter's mean activation, take its gradient with respect to
the image, step the image along the gradient (normalised by its standard deviation, so the step size
does not depend on the layer's scale), keep the pixels inside the image range. Pure ascent
turns into high-frequency noise the filter happens to like; Olah et al. list three remedies:
*transformation robustness* (jitter), *frequency penalisation* (blur, total variation) and
*preconditioning* (optimising a decorrelated Fourier parameterisation). We use the first two: a random
shift of up to `jitter` pixels before each step and a 3 × 3 binomial blur every `blur_every` steps.
Why not the Fourier parameterisation: this page's models are small (TinyVGG on 64 × 64, receptive
fields of at most 14 pixels), where jitter and blur already give clean pictures; every step stays an
image a learner can look at (the preview is the thing being optimised, not a spectrum); and each step
is one forward and backward pass plus a 3 × 3 convolution, so the first preview appears after a few
hundred milliseconds (bench/feature_vis.py measures it).
The objective is the filter's mean output a = f(z); for a Conv2D with an activation it is
``mean(a) + LEAK · mean(z)`` with z = conv + bias: after a ReLU a filter that is off everywhere has no
gradient at all (Lucid's model zoo offers "pre_relu" layers for this reason), and the small linear term
lets it start; once the filter is on, mean(a) leads (ascending mean(z) alone spreads the gain thinly and
ends 2–5× lower on the shipped model's last convolution). The activation reported before and after is
mean(a), the layer's output the page shows.
All filters of a layer are optimised together as one batch (their objectives are independent).
Keras and TensorFlow are imported inside the functions.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np

from cnnviz.errors import SettingError
from cnnviz.network.attribution.base import as_net, check_int

STEPS = 64
MAX_STEPS = 1000
LEAK = 0.1  # weight of the pre-activation mean in the objective
FIRST_PREVIEW = 4  # the first preview after this many steps, then every `preview_every`
MAX_FILTERS = 64  # a layer's grid shows at most this many filters
BATCH_PIXELS = 64 * 64 * 64  # images per ascent batch: 64 at 64 × 64, fewer for larger inputs
BINOMIAL = np.outer([1, 2, 1], [1, 2, 1]) / 16.0  # (3, 3) the blur kernel: a discrete Gaussian, sums to 1


@dataclass(frozen=True)
class Visualisation:
    """One filter's grown image and how much it excites the filter."""

    layer: str
    filter: int
    image: np.ndarray  # (H, W, C) float32 in 0–1 (display range)
    before: float  # the layer's mean output for this filter on the starting noise
    after: float  # … on the grown image
    steps: int


@dataclass(frozen=True)
class Progress:
    """What a progress bar needs: `images` is given at preview steps (else None)."""

    step: int  # steps done over all batches, 1 … steps
    steps: int
    filters: tuple[int, ...]  # the filters of the batch being grown
    images: np.ndarray | None  # (B, H, W, C) 0–1, the current images of that batch
    objective: np.ndarray  # (B,) the current objective, mean(a) + LEAK · mean(z) (see the module docstring)


@dataclass(frozen=True)
class TopImages:
    layer: str
    filter: int
    indices: np.ndarray  # (k,) positions in the data set, most exciting first (ties: lower index first)
    values: np.ndarray  # (k,) the filter's mean activation on each


def conv_layer_names(model) -> list[str]:
    """Names of the convolution layers, the ones whose filters can be visualised."""
    from cnnviz.network.probe import conv_layers

    return [layer.name for layer in conv_layers(getattr(model, "model", model))]


def _layer(model, name: str):
    names = conv_layer_names(model)
    if name not in names:
        raise SettingError("featurevis.err.layer", name=str(name)[:40], names=", ".join(names) or "—")
    return model.get_layer(name)


def _filter(layer, index) -> int:
    n = int(layer.output.shape[-1])
    if not isinstance(index, (int, np.integer)) or isinstance(index, bool) or not 0 <= index < n:
        raise SettingError("featurevis.err.filter", index=str(index)[:20], name=layer.name, n=n, last=n - 1)
    return int(index)


def _pre_activation(layer) -> bool:
    activation = getattr(getattr(layer, "activation", None), "__name__", "linear")
    return layer.__class__.__name__ == "Conv2D" and activation != "linear"


def visualize(model, layer_name: str, filter_index: int, steps: int = STEPS, seed: int = 0,
              progress: Callable[[Progress], None] | None = None, **options) -> Visualisation:
    """Grow the image that raises filter `filter_index` of layer `layer_name` most (see `visualize_layer`)."""
    _filter(_layer(getattr(model, "model", model), layer_name), filter_index)
    return visualize_layer(model, layer_name, [filter_index], steps, seed, progress, **options)[0]


def visualize_layer(model, layer_name: str, filters: list[int] | None = None, steps: int = STEPS, seed: int = 0,
                    progress: Callable[[Progress], None] | None = None, lr: float = 0.05, jitter: int = 2,
                    blur_every: int = 4, preview_every: int = 16) -> list[Visualisation]:
    """One grown image per filter (default: the first `MAX_FILTERS` of the layer), optimised in batches.

    `model`: a NetModel or a keras.Model (wrapped by `cnnviz.models.files.describe`). The image lives
    in 0–1 and is fed as ``image · 255 · input_scale + input_offset``; `lr` is the step in that 0–1
    range per unit of normalised gradient. `progress` is called after every step.
    """
    import keras
    import tensorflow as tf

    steps = check_int("steps", steps, 1, MAX_STEPS)
    net = as_net(model)
    keras_model, scale, offset = net.model, 255.0 * float(net.input_scale), float(getattr(net, "input_offset", 0.0))
    layer = _layer(keras_model, layer_name)
    n = int(layer.output.shape[-1])
    filters = list(range(min(n, MAX_FILTERS))) if filters is None else [_filter(layer, f) for f in filters][:MAX_FILTERS]
    pre = _pre_activation(layer)
    extractor = keras.Model(keras_model.inputs, [layer.input if pre else layer.output, layer.output])
    h, w, c = (int(d) for d in keras_model.inputs[0].shape[1:])
    blur = tf.constant(np.tile(BINOMIAL[:, :, None, None], (1, 1, c, 1)).astype("float32"))  # (3, 3, C, 1)

    def means(images, onehot):
        """(objective (B,), layer output mean (B,)) for images (B, H, W, C) in 0–1 and one-hot filters (B, F)."""
        inner, out = extractor([images * scale + offset], training=False)
        objective = out
        if pre:
            z = layer.convolution_op(inner, layer.kernel) + (layer.bias if layer.use_bias else 0.0)  # (B, h, w, F)
            objective = out + LEAK * z
        return (tf.reduce_sum(tf.reduce_mean(objective, axis=(1, 2)) * onehot, axis=1),
                tf.reduce_sum(tf.reduce_mean(out, axis=(1, 2)) * onehot, axis=1))

    @tf.function(reduce_retracing=True)
    def step(images, onehot, shift, smooth):
        with tf.GradientTape() as tape:
            tape.watch(images)
            objective, _ = means(tf.roll(images, shift=shift, axis=[1, 2]), onehot)  # jitter: wraps around
            total = tf.reduce_sum(objective)  # the filters' objectives are independent: one gradient for all
        grads = tape.gradient(total, images)  # (B, H, W, C)
        grads = grads / (tf.math.reduce_std(grads, axis=[1, 2, 3], keepdims=True) + 1e-8)
        images = images + lr * grads
        if smooth:
            padded = tf.pad(images, [[0, 0], [1, 1], [1, 1], [0, 0]], mode="SYMMETRIC")
            images = tf.nn.depthwise_conv2d(padded, blur, [1, 1, 1, 1], "VALID")  # (B, H, W, C)
        return tf.clip_by_value(images, 0.0, 1.0), objective

    rng = np.random.default_rng(seed)
    per_batch = max(1, BATCH_PIXELS // (h * w))
    batches = [filters[i:i + per_batch] for i in range(0, len(filters), per_batch)]
    total_steps, done, out = steps * len(batches), 0, []
    for batch in batches:
        onehot = tf.constant(np.eye(n, dtype="float32")[batch])  # (B, F)
        start = np.clip(0.5 + 0.1 * rng.standard_normal((len(batch), h, w, c)), 0.0, 1.0).astype("float32")
        images = tf.constant(start)  # (B, H, W, C) grey noise
        for i in range(steps):
            shift = tf.constant(rng.integers(-jitter, jitter + 1, 2), dtype=tf.int32)
            smooth = tf.constant(blur_every > 0 and (i + 1) % blur_every == 0)
            images, objective = step(images, onehot, shift, smooth)
            done += 1
            if progress is not None:
                show = i + 1 == FIRST_PREVIEW or (i + 1) % preview_every == 0 or i + 1 == steps
                progress(Progress(done, total_steps, tuple(batch), images.numpy() if show else None,
                                  objective.numpy().astype(np.float64)))
        before = means(tf.constant(start), onehot)[1].numpy()
        after = means(images, onehot)[1].numpy()
        out += [Visualisation(layer.name, f, images[j].numpy(), float(before[j]), float(after[j]), steps)
                for j, f in enumerate(batch)]
    return out


def filter_means(model, layer_name: str, images: np.ndarray, batch_size: int = 64) -> np.ndarray:
    """Every filter's mean activation (N, F) on a data set (N, H, W, C), in batches.

    `images` are in the model's input range; uint8 arrays are taken as 0–255 pixels and mapped to it
    (``pixel · input_scale + input_offset``, read from the NetModel or by `cnnviz.models.files.describe`).
    """
    import keras

    net = as_net(model)
    keras_model = net.model
    layer = _layer(keras_model, layer_name)
    want = tuple(int(d) for d in keras_model.inputs[0].shape[1:])
    if images.ndim != 4 or tuple(images.shape[1:]) != want or len(images) == 0:
        raise SettingError("featurevis.err.images", got=str(images.shape), want=f"(N, {', '.join(map(str, want))})")
    scale, offset = (float(net.input_scale), float(getattr(net, "input_offset", 0.0))) if images.dtype == np.uint8 \
        else (1.0, 0.0)
    extractor = keras.Model(keras_model.inputs, layer.output)
    out = [np.asarray(extractor([images[i:i + batch_size].astype("float32") * np.float32(scale) + np.float32(offset)],
                                training=False)).mean(axis=(1, 2)) for i in range(0, len(images), batch_size)]  # (n, F)
    return np.concatenate(out).astype(np.float64)  # (N, F)


def top_images(model, layer_name: str, filter_index: int, images: np.ndarray, k: int = 9, batch_size: int = 64,
               means: np.ndarray | None = None) -> TopImages:
    """The `k` images of `images` (N, H, W, C) whose mean activation of the filter is highest, highest first.

    `means`: `filter_means(model, layer_name, images)` computed once (a page caches it for every filter).
    """
    filter_index = _filter(_layer(getattr(model, "model", model), layer_name), filter_index)
    values = (filter_means(model, layer_name, images, batch_size) if means is None else means)[:, filter_index]  # (N,)
    order = np.argsort(-values, kind="stable")[:max(1, min(int(k), len(values)))]  # stable: ties keep the lower index
    return TopImages(layer_name, filter_index, order, values[order])


def grid_image(images, columns: int | None = None, tile: int = 64, gap: int = 2):
    """One PIL image of a grid of images (N, H, W, C) in 0–1 (floats) or 0–255 (uint8), each scaled to `tile`."""
    from PIL import Image

    images = np.asarray(images)
    pixels = images if images.dtype == np.uint8 else np.round(np.clip(images, 0.0, 1.0) * 255).astype(np.uint8)
    n = len(pixels)
    columns = columns or int(np.ceil(np.sqrt(n)))
    rows = int(np.ceil(n / columns))
    sheet = Image.new("RGB", (columns * (tile + gap) - gap, rows * (tile + gap) - gap), (255, 255, 255))
    for i, picture in enumerate(pixels):
        mode = "L" if picture.shape[-1] == 1 else "RGB"
        tile_image = Image.fromarray(picture[:, :, 0] if mode == "L" else picture).convert("RGB")
        tile_image = tile_image.resize((tile, tile), Image.Resampling.NEAREST)
        sheet.paste(tile_image, ((i % columns) * (tile + gap), (i // columns) * (tile + gap)))
    return sheet
