"""Grad-CAM and HiResCAM: where in the image a CNN found the evidence for a class, read from the last convolution's maps.

Selvaraju et al. 2017 (arXiv:1610.02391): the gradient of the class score (before the softmax) with
respect to the last convolution's maps A_k, averaged over each map, weights the maps; ReLU keeps
what speaks *for* the class: ``ReLU(Σ_k mean(∂y/∂A_k)·A_k)``. HiResCAM (Draelos & Carin 2020,
arXiv:2011.08891) keeps the gradient per position, ``ReLU(Σ_k ∂y/∂A_k ⊙ A_k)``, which is exact when
the last convolution feeds Flatten → Dense (TinyVGG) and there Grad-CAM's averages can cancel out.
The coarse (h, w) map is resized bilinearly to the input's (H, W).
Keras and TensorFlow are imported inside the functions.
"""
from __future__ import annotations

import numpy as np

from cnnviz.errors import SettingError
from cnnviz.models.files import CONV_TYPES
from cnnviz.network.attribution.base import Explanation, Scorer, check_image, logit_model, predicted_class
from cnnviz.network.probe import conv_layers, shown_layers

CAM_METHODS = ("gradcam", "hirescam")


def default_cam_method(model) -> str:
    """HiResCAM when the last convolution feeds a Flatten (there Grad-CAM's averaged gradients can cancel out
    and even point elsewhere; HiResCAM is exact for Flatten → Dense, Draelos & Carin 2020), else Grad-CAM."""
    layers = shown_layers(getattr(model, "model", model))
    convs = [i for i, layer in enumerate(layers) if layer.__class__.__name__ in CONV_TYPES]
    after = [layer.__class__.__name__ for layer in layers[convs[-1] + 1:]] if convs else []
    return "hirescam" if "Flatten" in after else "gradcam"


class GradCAM:
    """``GradCAM(model)(x, class_index=None, layer_name=None)`` → an `Explanation` whose map is ≥ 0.

    `layer_name` picks the convolution (default: the last one); the map is in the score's units
    (``scaled()`` gives [0, 1]); all zeros means no positive evidence at that layer.
    """

    method = "gradcam"

    def __init__(self, model, logits: bool | None = None):
        self.scorer = Scorer.of(model, logits)
        self._models = {}  # layer name → (keras.Model [maps, head], finish)

    def __call__(self, x: np.ndarray, class_index: int | None = None, layer_name: str | None = None) -> Explanation:
        import tensorflow as tf

        x = check_image(self.scorer, x)
        conv = self._layer(layer_name)
        if conv.name not in self._models:
            self._models[conv.name] = logit_model(self.scorer.model, self.scorer.logits, [conv.output])
        grad_model, finish = self._models[conv.name]
        batch = tf.convert_to_tensor(x[None].astype("float32"))  # (1, H, W, C)
        with tf.GradientTape() as tape:
            maps, pre = grad_model([batch], training=False)  # (1, h, w, F), (1, K) or (1, N)
            logits = finish(pre)  # (1, K)
            k = predicted_class(np.asarray(logits)[0]) if class_index is None else self.scorer.resolve(x, class_index)
            score = logits[:, k]
        grads = tape.gradient(score, maps)  # (1, h, w, F)
        if self.method == "gradcam":
            weights = tf.reduce_mean(grads, axis=(1, 2), keepdims=True)  # (1, 1, 1, F): how much each map matters
        else:
            weights = grads  # (1, h, w, F): per position
        cam = tf.nn.relu(tf.reduce_sum(maps * weights, axis=-1))  # (1, h, w)
        h, w = x.shape[:2]
        heat = np.asarray(tf.image.resize(cam[:, :, :, None], (h, w), method="bilinear"))[0, :, :, 0]  # (H, W)
        return Explanation(self.method, np.maximum(heat, 0.0).astype(np.float32), k, float(np.asarray(score)[0]),
                           signed=False, params={"layer_name": conv.name, "cells": tuple(int(d) for d in cam.shape[1:])})

    def _layer(self, layer_name: str | None):
        convs = conv_layers(self.scorer.model)
        if layer_name is not None:
            convs = [layer for layer in convs if layer.name == layer_name]
        if not convs:
            raise SettingError("network.err.no_conv")
        return convs[-1]


class HiResCAM(GradCAM):
    """HiResCAM: Grad-CAM with the gradient kept per position, ``ReLU(Σ_k ∂y/∂A_k ⊙ A_k)``."""

    method = "hirescam"


def grad_cam(net, x: np.ndarray, class_index: int | None = None, layer_name: str | None = None,
             method: str = "gradcam"):
    """Heatmap (H, W) in [0, 1] at the input's size: ``(heatmap, class_index, layer_name)``.

    method 'gradcam': ReLU(Σ_k mean(∂y/∂A_k)·A_k); 'hirescam': ReLU(Σ_k ∂y/∂A_k ⊙ A_k).
    """
    if method not in CAM_METHODS:
        raise ValueError(f"method must be one of {CAM_METHODS}")
    explained = (GradCAM if method == "gradcam" else HiResCAM)(net)(x, class_index, layer_name)
    return np.clip(explained.scaled(), 0.0, 1.0), explained.class_index, explained.params["layer_name"]
