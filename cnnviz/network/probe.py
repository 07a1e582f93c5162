"""A trained Keras model taken apart for one image: every layer's output, the class probabilities, a layer's kernels.

`activations(model, x)` runs one extractor, ``keras.Model(inputs=model.inputs, outputs=[layer.output, …])``
(the feature-map extractor of tf-keras-vis), and returns each layer's output for the image in the
graph's execution order (`cnnviz.models.graph`: topological, so a branch's layers come before the
Add or Concatenate that joins them; this is the layer picker's order). A model that nests models
(Teachable Machine) is flattened into one graph first (`graph.flat_model`; `describe` already did
it for a `NetModel`), so every layer inside shows; a layer with several outputs shows its first.
`probabilities` applies a softmax when the model ends in logits, so they always sum to 1;
`top_class` is the one tie-break rule for "the predicted class" (heading, Grad-CAM, explanations).
`check_image` gives the note on the model's classes and the unlike-training-data check
(`cnnviz.models.datastats`). `explorer_query` turns one filter of a Conv2D layer into the explorer's
URL settings. Keras is imported inside the functions.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from cnnviz.calc.activations import softmax
from cnnviz.models import datastats
from cnnviz.models.files import CONV_TYPES, NetModel

TIE_TOLERANCE = 1e-6  # probabilities this close to the largest count as tied with it


def to_input(image, net: NetModel) -> np.ndarray:
    """A PIL image, center-cropped and resized to the model's input, in the range it expects → (H, W, C) float32."""
    from PIL import Image, ImageOps

    h, w, c = net.input_shape
    fitted = ImageOps.fit(image.convert("L" if c == 1 else "RGB"), (w, h), Image.Resampling.LANCZOS)
    pixels = np.asarray(fitted, dtype=np.float32)  # (H, W) or (H, W, 3), 0–255
    if c == 1:
        pixels = pixels[:, :, None]  # (H, W, 1)
    return pixels * np.float32(net.input_scale) + np.float32(net.input_offset)


@dataclass
class LayerOutput:
    name: str
    type: str
    values: np.ndarray  # (H, W, C) maps or (N,) vector, for one image


def shown_layers(model) -> list:
    """The layers whose outputs the overview shows, in execution order: every computing layer, nested ones included."""
    from cnnviz.models.graph import leaf_layers

    return leaf_layers(model)


def activations(model, x: np.ndarray) -> list[LayerOutput]:
    """Every layer's output for one image `x` (H, W, C), in execution order (inference mode: augmentation and Dropout off).

    A model with nested models is flattened first (slow for a big model: pass `NetModel.model`, flat already).
    """
    import keras

    from cnnviz.models.graph import flat_model

    model = flat_model(model)
    layers = shown_layers(model)
    extractor = keras.Model(inputs=model.inputs, outputs=[keras.tree.flatten(layer.output)[0] for layer in layers])
    outputs = extractor([x[None].astype("float32")], training=False)  # one (1, …) array per layer
    if not isinstance(outputs, (list, tuple)):
        outputs = [outputs]
    return [LayerOutput(layer.name, layer.__class__.__name__, np.asarray(keras.ops.convert_to_numpy(out))[0])
            for layer, out in zip(layers, outputs)]


def inputs_of(model, name: str) -> list[str]:
    """Names of the layers whose outputs layer `name` reads, in order; "" stands for the image (the model's input).

    On a branched graph the layer before in `activations` is not always the input (an Add reads two).
    """
    from cnnviz.models.graph import walk

    calls = walk(model)
    inputs = {c.key for c in calls if c.type == "InputLayer"}
    call = next((c for c in calls if c.key == name and not c.container), None)
    if call is None:
        raise KeyError(name)
    return ["" if p in inputs else p for p in call.parents]


def probabilities(net: NetModel, final_output: np.ndarray) -> np.ndarray:
    """Class probabilities (K,) from the last layer's output, a softmax applied when it gives logits."""
    out = np.asarray(final_output, dtype=np.float64)
    return softmax(out) if net.logits else out / out.sum()


def top_class(probs: np.ndarray, tolerance: float = TIE_TOLERANCE) -> int:
    """The class to name and explain: the largest probability; on a tie (within `tolerance`) the lowest index.

    One rule for the heading, Grad-CAM and every explanation: an untrained model giving 20 % to each
    of five classes is "class 0" everywhere, whatever float rounding each computation met.
    """
    p = np.asarray(probs, dtype=np.float64).ravel()  # (K,)
    return int(np.flatnonzero(p >= p.max() - tolerance)[0])


@dataclass
class DataCheck:
    """What the page says about the image and the model's training data (see `check_image`)."""

    classes: list[str]  # the only answers the model can give
    unlike: bool | None  # True: unlike the training images; None: no statistics to compare with
    distance: float | None = None
    threshold: float | None = None
    note_key: str = "network.known_classes"  # always shown, with classes= and k=
    warning_key: str | None = None  # "network.unlike_data" (distance=, threshold=) when `unlike`


def check_image(x: np.ndarray, net: NetModel) -> DataCheck:
    """The closed-set note (always) and the unlike-training-data check for model input `x` (H, W, C).

    The check needs ``net.info["input_stats"]`` (`cnnviz.models.datastats.reference_stats` of the
    training images at the model's input size, saved in the model's info JSON or cnnviz.json);
    without it, or at another size, `unlike` is None and only the note is shown.
    """
    stats = net.info.get("input_stats")
    if not stats or list(stats.get("size", [])) != list(x.shape[:2]):
        return DataCheck(list(net.class_names), None)
    pixels = (np.asarray(x, dtype=np.float64) - net.input_offset) / net.input_scale  # (H, W, C), 0–255
    d = datastats.distance(pixels, stats)
    unlike = d > float(stats["threshold"])
    return DataCheck(list(net.class_names), unlike, d, float(stats["threshold"]),
                     warning_key="network.unlike_data" if unlike else None)


def conv_layers(model) -> list:
    """The convolution layers (Conv2D, DepthwiseConv2D, SeparableConv2D) in execution order."""
    return [layer for layer in shown_layers(model) if layer.__class__.__name__ in CONV_TYPES]


def layer_weights(model, name: str) -> tuple[np.ndarray, np.ndarray | None] | None:
    """(kernel, bias) of a Conv2D layer: kernel (k_h, k_w, C_in, F); None for layers without a kernel."""
    layer = model.get_layer(name)
    if layer.__class__.__name__ != "Conv2D":
        return None
    kernel = np.asarray(layer.kernel.numpy())  # (k_h, k_w, C_in, F)
    bias = np.asarray(layer.bias.numpy()) if layer.bias is not None else None  # (F,)
    return kernel, bias


def explorer_query(model, name: str, filter_index: int, image: str | None, lang: str) -> dict[str, str] | None:
    """Explorer settings that redo layer `name`'s convolution for one filter, as a URL query; None if not a Conv2D.

    The explorer applies one 2-D kernel to the average of the input channels, so the link carries
    the sum over input channels of this filter's kernel (exact for a grey input).
    """
    layer = model.get_layer(name)
    if layer.__class__.__name__ != "Conv2D":
        return None
    kernel = np.asarray(layer.kernel.numpy())[:, :, :, filter_index].sum(axis=2)  # (k_h, k_w)
    kh, kw = kernel.shape
    grid = ";".join(",".join(f"{v:.3g}" for v in row) for row in kernel)
    size = int(model.inputs[0].shape[1])
    activation = getattr(layer.activation, "__name__", "linear")
    query = {"size": str(min(max(size, 16), 256)), "color": "gray" if model.inputs[0].shape[-1] == 1 else "rgb",
             "filters": "1", "kernel_size": str(kh) if kh == kw else f"{kh}x{kw}",
             "stride": str(layer.strides[0]), "padding": layer.padding, "dilation": str(layer.dilation_rate[0]),
             "activation": activation if activation in ("relu", "leaky_relu", "sigmoid", "tanh", "linear") else "linear",
             "kernel": grid, "pool": "none", "bias": "on" if layer.use_bias else "off", "lang": lang}
    if image:
        query["image"] = image
    return query
