"""One frame of a run's timeline: what the network was at one epoch — first kernels, one image's maps, Grad-CAM, probabilities, confusion.

`frame(model, epoch, image, class_names, logits, val)` computes everything the timeline shows for
the model as it was at `epoch` (from `RunStore.model_at`), as pictures and arrays; a page caches one
frame per epoch, so moving the slider redraws without computing. Keras is imported inside the functions
(through the modules used).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from cnnviz.calc.activations import softmax
from cnnviz.explorer import pictures as maps_pictures
from cnnviz.network import pictures as network_pictures
from cnnviz.network import probe
from cnnviz.pictures.colors import to_jpeg
from cnnviz.training.evaluation import confusion_matrix


@dataclass(frozen=True)
class Frame:
    """The network at one epoch, ready to draw."""

    epoch: int
    kernels: bytes | None  # JPEG of the first convolution's kernels (None without a Conv2D)
    kernels_layer: str | None
    maps: bytes | None  # JPEG of the image's maps at `maps_layer`
    maps_layer: str | None
    gradcam: bytes | None  # JPEG of the Grad-CAM overlay for the predicted class
    probabilities: np.ndarray  # (K,)
    confusion: np.ndarray | None  # (K, K) on the validation images, when they are known
    val_accuracy: float | None


def map_layers(model) -> list[str]:
    """The layers whose outputs are maps (H, W, C), in the graph's order: what the timeline can show."""
    return [layer.name for layer in probe.shown_layers(model)
            if len(getattr(layer, "output", None).shape) == 4 and layer.__class__.__name__ != "InputLayer"]


def frame(model, epoch: int, image: np.ndarray, class_names: list[str], logits: bool, layer: str | None = None,
          val: tuple[np.ndarray, np.ndarray] | None = None) -> Frame:
    """The frame of `model` (as it was at `epoch`) for one uint8 image (H, W, C) of the data's size.

    `layer`: whose maps to show (default: the first convolution). `val`: validation images and labels,
    for the confusion matrix.
    """
    from cnnviz.models.files import describe
    from cnnviz.network.attribution import gradcam

    net = describe(model, class_names, name=f"epoch {epoch}")
    x = np.asarray(image, dtype=np.float32) * np.float32(net.input_scale) + np.float32(net.input_offset)  # (H, W, C)
    outputs = probe.activations(model, x)
    probs = softmax(outputs[-1].values) if logits else np.asarray(outputs[-1].values, dtype=np.float64)  # (K,)
    convs = probe.conv_layers(model)
    kernels = kernels_layer = None
    if convs:
        kernels_layer = convs[0].name
        weights = probe.layer_weights(model, kernels_layer)
        if weights is not None:
            kernels = to_jpeg(maps_pictures.kernels_montage(weights[0]))  # (k_h, k_w, C_in, F)
    by_name = {o.name: o for o in outputs if o.values.ndim == 3}
    maps_layer = layer if layer in by_name else (kernels_layer if kernels_layer in by_name else next(iter(by_name), None))
    maps = to_jpeg(maps_pictures.maps_montage(by_name[maps_layer].values)) if maps_layer else None
    cam = None
    if convs:
        heat, _, _ = gradcam.grad_cam(net, x, probe.top_class(probs), method=gradcam.default_cam_method(model))
        cam = to_jpeg(network_pictures.gradcam_overlay(x, heat, size=192))
    confusion, accuracy = None, None
    if val is not None and len(val[0]):
        scores = np.asarray(model.predict(val[0], batch_size=256, verbose=0), dtype=np.float64)  # (N, K)
        predicted = (softmax(scores) if logits else scores).argmax(axis=1)
        confusion = confusion_matrix(val[1].astype(np.int64), predicted, len(class_names))
        accuracy = float(np.mean(predicted == val[1]))
    return Frame(epoch, kernels, kernels_layer, maps, maps_layer, cam, probs, confusion, accuracy)
