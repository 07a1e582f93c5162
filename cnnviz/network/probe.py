"""A trained Keras model taken apart for one image: every layer's output, the class probabilities, a layer's kernels.

`activations(model, x)` runs one extractor, ``keras.Model(inputs=model.inputs, outputs=[layer.output, …])``
(the feature-map extractor of tf-keras-vis), and returns each layer's output for the image in order.
`probabilities` applies a softmax when the model ends in logits, so they always sum to 1.
`explorer_query` turns one filter of a Conv2D layer into the explorer's URL settings.
Keras is imported inside the functions.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from cnnviz.calc.activations import softmax
from cnnviz.models.files import CONV_TYPES, NetModel


def to_input(image, net: NetModel) -> np.ndarray:
    """A PIL image, center-cropped and resized to the model's input, in the range it expects → (H, W, C) float32."""
    from PIL import Image, ImageOps

    h, w, c = net.input_shape
    fitted = ImageOps.fit(image.convert("L" if c == 1 else "RGB"), (w, h), Image.Resampling.LANCZOS)
    pixels = np.asarray(fitted, dtype=np.float32)  # (H, W) or (H, W, 3), 0–255
    if c == 1:
        pixels = pixels[:, :, None]  # (H, W, 1)
    return pixels * np.float32(net.input_scale)


@dataclass
class LayerOutput:
    name: str
    type: str
    values: np.ndarray  # (H, W, C) maps or (N,) vector, for one image


def shown_layers(model) -> list:
    """The layers whose outputs the overview shows: every layer but the input."""
    return [layer for layer in model.layers if layer.__class__.__name__ != "InputLayer"]


def activations(model, x: np.ndarray) -> list[LayerOutput]:
    """Every layer's output for one image `x` (H, W, C), in order (inference mode: augmentation and Dropout off)."""
    import keras

    layers = shown_layers(model)
    extractor = keras.Model(inputs=model.inputs, outputs=[layer.output for layer in layers])
    outputs = extractor([x[None].astype("float32")], training=False)  # one (1, …) array per layer
    if not isinstance(outputs, (list, tuple)):
        outputs = [outputs]
    return [LayerOutput(layer.name, layer.__class__.__name__, np.asarray(keras.ops.convert_to_numpy(out))[0])
            for layer, out in zip(layers, outputs)]


def probabilities(net: NetModel, final_output: np.ndarray) -> np.ndarray:
    """Class probabilities (K,) from the last layer's output, a softmax applied when it gives logits."""
    out = np.asarray(final_output, dtype=np.float64)
    return softmax(out) if net.logits else out / out.sum()


def conv_layers(model) -> list:
    return [layer for layer in model.layers if layer.__class__.__name__ in CONV_TYPES]


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
