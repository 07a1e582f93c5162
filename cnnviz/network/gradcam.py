"""Grad-CAM: where in the image a CNN found the evidence for a class.

Selvaraju et al. 2017 (arXiv:1610.02391): the gradient of the class score (before the softmax) with
respect to the last convolution's maps A_k, averaged over each map, weights the maps; ReLU keeps
what speaks *for* the class: ``ReLU(Σ_k mean(∂y/∂A_k)·A_k)``. HiResCAM (Draelos & Carin 2020,
arXiv:2011.08891) keeps the gradient per position, ``ReLU(Σ_k ∂y/∂A_k ⊙ A_k)``, which is exact when
the last convolution feeds Flatten → Dense (TinyVGG) and there Grad-CAM's averages can cancel out.
Keras and TensorFlow are imported inside the functions.
"""
from __future__ import annotations

import numpy as np

from cnnviz.errors import SettingError
from cnnviz.models.files import CONV_TYPES, NetModel
from cnnviz.network.probe import conv_layers, shown_layers

CAM_METHODS = ("gradcam", "hirescam")


def default_cam_method(model) -> str:
    """HiResCAM when the last convolution feeds a Flatten (there Grad-CAM's averaged gradients can cancel out
    and even point elsewhere; HiResCAM is exact for Flatten → Dense, Draelos & Carin 2020), else Grad-CAM."""
    layers = shown_layers(model)
    convs = [i for i, layer in enumerate(layers) if layer.__class__.__name__ in CONV_TYPES]
    after = [layer.__class__.__name__ for layer in layers[convs[-1] + 1:]] if convs else []
    return "hirescam" if "Flatten" in after else "gradcam"


def grad_cam(net: NetModel, x: np.ndarray, class_index: int | None = None, layer_name: str | None = None,
             method: str = "gradcam"):
    """Grad-CAM heatmap (H, W) in [0, 1] at the input's size for `class_index` (default: the predicted class).

    Returns ``(heatmap, class_index, layer_name)``. The score is taken before the softmax: for a last
    Dense layer with activation='softmax' its logits are recomputed from its input and weights.
    method 'gradcam': ReLU(Σ_k mean(∂y/∂A_k)·A_k); 'hirescam': ReLU(Σ_k ∂y/∂A_k ⊙ A_k), the gradient
    kept per position instead of averaged. An all-zero map means no positive evidence at that layer.
    """
    if method not in CAM_METHODS:
        raise ValueError(f"method must be one of {CAM_METHODS}")
    import keras
    import tensorflow as tf

    model = net.model
    convs = conv_layers(model)
    if layer_name is not None:
        convs = [layer for layer in convs if layer.name == layer_name]
    if not convs:
        raise SettingError("network.err.no_conv")
    conv = convs[-1]
    last = model.layers[-1]
    kind = last.__class__.__name__
    if not net.logits and kind == "Dense":
        head = last.input  # recompute the logits from the Dense layer's input
    elif not net.logits:
        head = last.input  # a Softmax / Activation('softmax') layer: its input are the logits
    else:
        head = model.outputs[0]
    grad_model = keras.Model(inputs=model.inputs, outputs=[conv.output, head])
    batch = tf.convert_to_tensor(x[None].astype("float32"))  # (1, H, W, C)
    with tf.GradientTape() as tape:
        maps, pre = grad_model([batch], training=False)  # (1, h, w, F), (1, K) or (1, N)
        logits = pre
        if not net.logits and kind == "Dense":
            logits = tf.matmul(pre, last.kernel)
            if last.bias is not None:
                logits = logits + last.bias
        if class_index is None:
            class_index = int(tf.argmax(logits[0]))
        score = logits[:, class_index]
    grads = tape.gradient(score, maps)  # (1, h, w, F)
    if method == "gradcam":
        weights = tf.reduce_mean(grads, axis=(1, 2))[:, None, None, :]  # (1, 1, 1, F): how much each map matters
    else:
        weights = grads  # (1, h, w, F): per position
    cam = tf.nn.relu(tf.reduce_sum(maps * weights, axis=-1))[0]  # (h, w)
    h, w = x.shape[:2]
    resized = np.asarray(tf.image.resize(cam[None, :, :, None], (h, w), method="bilinear")[0, :, :, 0])  # (H, W)
    top = float(resized.max())
    heat = resized / top if top > 0 else resized
    return np.clip(heat, 0.0, 1.0).astype(np.float32), int(class_index), conv.name
