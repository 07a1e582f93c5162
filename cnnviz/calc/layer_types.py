"""The layer types cnnviz knows: Keras's class names, each argument's kind, default and range, and the calculators' family.

`cnnviz.calc.specs` checks a layer against this table, the builder offers its arguments, and
`cnnviz.calc.summary` picks the formulas by family. Pure data: no TensorFlow.
"""
from __future__ import annotations

from typing import Any

ACTIVATIONS = (
    "linear", "relu", "sigmoid", "tanh", "softmax", "leaky_relu", "elu", "selu",
    "gelu", "swish", "silu", "softplus", "softsign", "relu6", "hard_sigmoid", "exponential",
)

PAIR = "pair"
PADDING_MODE = "padding_mode"


def _arg(kind, default=None, **extra):
    return {"kind": kind, "default": default, **extra}


REQUIRED = object()
_CONV_COMMON = {
    "kernel_size": _arg(PAIR, REQUIRED),
    "strides": _arg(PAIR, 1),
    "padding": _arg(PADDING_MODE, "valid"),
    "dilation_rate": _arg(PAIR, 1),
    "activation": _arg("activation", None),
    "use_bias": _arg("bool", True),
}
_POOL = {
    "pool_size": _arg(PAIR, 2),
    "strides": _arg("pair_or_none", None),
    "padding": _arg(PADDING_MODE, "valid"),
}
_NOTHING: dict = {}

# Each layer type: its arguments (Keras's names and defaults) and its family for the calculators.
LAYER_TYPES: dict[str, dict[str, Any]] = {
    "Conv2D": {"family": "conv", "args": {"filters": _arg("int", REQUIRED, min=1), **_CONV_COMMON}},
    "DepthwiseConv2D": {"family": "depthwise", "args": {"depth_multiplier": _arg("int", 1, min=1), **_CONV_COMMON}},
    "SeparableConv2D": {"family": "separable", "args": {
        "filters": _arg("int", REQUIRED, min=1), "depth_multiplier": _arg("int", 1, min=1), **_CONV_COMMON}},
    "MaxPooling2D": {"family": "pool", "args": _POOL},
    "AveragePooling2D": {"family": "pool", "args": _POOL},
    "MinPooling2D": {"family": "pool", "args": _POOL},
    "GlobalAveragePooling2D": {"family": "global_pool", "args": _NOTHING},
    "GlobalMaxPooling2D": {"family": "global_pool", "args": _NOTHING},
    "ZeroPadding2D": {"family": "zero_padding", "args": {"padding": _arg("zero_padding", 1)}},
    "Flatten": {"family": "flatten", "args": _NOTHING},
    "Dense": {"family": "dense", "args": {
        "units": _arg("int", REQUIRED, min=1), "activation": _arg("activation", None), "use_bias": _arg("bool", True)}},
    "BatchNormalization": {"family": "batchnorm", "args": {
        "momentum": _arg("float", 0.99, lo=0.0, hi=1.0), "epsilon": _arg("float", 1e-3, lo=0.0, hi=1.0),
        "center": _arg("bool", True), "scale": _arg("bool", True)}},
    "Dropout": {"family": "identity", "args": {"rate": _arg("float", REQUIRED, lo=0.0, hi=0.999999),
                                               "seed": _arg("int_or_none", None, min=0)}},
    "Activation": {"family": "identity", "args": {"activation": _arg("activation", REQUIRED)}},
    "ReLU": {"family": "identity", "args": {
        "max_value": _arg("float_or_none", None, lo=0.0, hi=1e9), "negative_slope": _arg("float", 0.0, lo=0.0, hi=1e9),
        "threshold": _arg("float", 0.0, lo=-1e9, hi=1e9)}},
    "LeakyReLU": {"family": "identity", "args": {"negative_slope": _arg("float", 0.3, lo=0.0, hi=1e9)}},
    "Softmax": {"family": "identity", "args": _NOTHING},
    "Rescaling": {"family": "identity", "args": {
        "scale": _arg("float", REQUIRED, lo=-1e9, hi=1e9), "offset": _arg("float", 0.0, lo=-1e9, hi=1e9)}},
    "RandomFlip": {"family": "identity", "args": {
        "mode": _arg("choice", "horizontal_and_vertical", choices=("horizontal", "vertical", "horizontal_and_vertical")),
        "seed": _arg("int_or_none", None, min=0)}},
    "RandomRotation": {"family": "identity", "args": {
        "factor": _arg("float", REQUIRED, lo=-1.0, hi=1.0), "seed": _arg("int_or_none", None, min=0)}},
    "RandomZoom": {"family": "identity", "args": {
        "height_factor": _arg("float", REQUIRED, lo=-1.0, hi=1.0),
        "width_factor": _arg("float_or_none", None, lo=-1.0, hi=1.0), "seed": _arg("int_or_none", None, min=0)}},
}
# Arguments any layer may carry: its Keras name.
ANY_LAYER = {"name": _arg("name", None)}

KERAS_NAMES = {  # the snake_case prefix Keras gives auto-named layers
    "Conv2D": "conv2d", "DepthwiseConv2D": "depthwise_conv2d", "SeparableConv2D": "separable_conv2d",
    "MaxPooling2D": "max_pooling2d", "AveragePooling2D": "average_pooling2d", "MinPooling2D": "min_pooling2d",
    "GlobalAveragePooling2D": "global_average_pooling2d", "GlobalMaxPooling2D": "global_max_pooling2d",
    "ZeroPadding2D": "zero_padding2d", "Flatten": "flatten", "Dense": "dense",
    "BatchNormalization": "batch_normalization", "Dropout": "dropout", "Activation": "activation",
    "ReLU": "re_lu", "LeakyReLU": "leaky_re_lu", "Softmax": "softmax", "Rescaling": "rescaling",
    "RandomFlip": "random_flip", "RandomRotation": "random_rotation", "RandomZoom": "random_zoom",
}
