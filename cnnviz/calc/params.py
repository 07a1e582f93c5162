"""Parameter counts of Keras 3 layers, trainable and non-trainable, each with its formula.

* Conv2D: (k_h·k_w·C_in + 1)·F (without bias: k_h·k_w·C_in·F)
* DepthwiseConv2D: k_h·k_w·C_in·m + C_in·m (bias)
* SeparableConv2D: k_h·k_w·C_in·m + C_in·m·F + F (bias)
* Dense: (N_in + 1)·units
* BatchNormalization: 4·C, of which γ and β (2·C) train and the moving mean and variance (2·C) do not
* every other supported layer: 0

Source: the weight shapes Keras 3 creates in each layer's ``build`` (keras/src/layers/…).
Pure Python: no TensorFlow.
"""
from __future__ import annotations

from dataclasses import dataclass

from cnnviz.calc.formula import Formula, Num, Sym
from cnnviz.calc.specs import LayerSpec


@dataclass(frozen=True)
class ParamCount:
    total: int
    trainable: int
    non_trainable: int
    formula: Formula | None = None


def conv2d_params(kernel_h: int, kernel_w: int, channels_in: int, filters: int, use_bias: bool = True) -> Formula:
    """(k_h·k_w·C_in + 1)·F, or k_h·k_w·C_in·F without bias."""
    weights = Sym("k_h", kernel_h) * Sym("k_w", kernel_w) * Sym("C_in", channels_in, "C_{in}")
    expr = (weights + 1) * Sym("F", filters) if use_bias else weights * Sym("F", filters)
    return Formula("params", expr, r"\text{params}")


def depthwise_params(kernel_h: int, kernel_w: int, channels_in: int, multiplier: int, use_bias: bool = True) -> Formula:
    """k_h·k_w·C_in·m + C_in·m: one k_h×k_w kernel per input channel and multiplier, plus a bias each."""
    c, m = Sym("C_in", channels_in, "C_{in}"), Sym("m", multiplier)
    expr = Sym("k_h", kernel_h) * Sym("k_w", kernel_w) * c * m
    if use_bias:
        expr = expr + c * m
    return Formula("params", expr, r"\text{params}")


def separable_params(kernel_h: int, kernel_w: int, channels_in: int, multiplier: int, filters: int,
                     use_bias: bool = True) -> Formula:
    """Depthwise k_h·k_w·C_in·m, then pointwise 1×1: C_in·m·F, plus F biases."""
    c, m, f = Sym("C_in", channels_in, "C_{in}"), Sym("m", multiplier), Sym("F", filters)
    expr = Sym("k_h", kernel_h) * Sym("k_w", kernel_w) * c * m + c * m * f
    if use_bias:
        expr = expr + f
    return Formula("params", expr, r"\text{params}")


def dense_params(inputs: int, units: int, use_bias: bool = True) -> Formula:
    """(N_in + 1)·units, or N_in·units without bias."""
    n = Sym("N_in", inputs, "N_{in}")
    expr = (n + 1) * Sym("units", units, r"\text{units}") if use_bias else n * Sym("units", units, r"\text{units}")
    return Formula("params", expr, r"\text{params}")


def batchnorm_params(channels: int, center: bool = True, scale: bool = True) -> Formula:
    """(γ, β, moving mean, moving variance)·C; γ and β only when `scale` and `center`."""
    vectors = 2 + int(center) + int(scale)
    return Formula("params", Num(vectors) * Sym("C", channels), r"\text{params}")


def layer_params(layer: LayerSpec, input_shape: tuple) -> ParamCount:
    """Parameters of `layer` on `input_shape` (no batch). The shape must already be valid."""
    family, args = layer.family, layer.args
    if family in ("conv", "depthwise", "separable"):
        kh, kw = args["kernel_size"]
        c_in = input_shape[-1]
        if family == "conv":
            f = conv2d_params(kh, kw, c_in, args["filters"], args["use_bias"])
        elif family == "depthwise":
            f = depthwise_params(kh, kw, c_in, args["depth_multiplier"], args["use_bias"])
        else:
            f = separable_params(kh, kw, c_in, args["depth_multiplier"], args["filters"], args["use_bias"])
        return ParamCount(f.value, f.value, 0, f)
    if family == "dense":
        f = dense_params(input_shape[-1], args["units"], args["use_bias"])
        return ParamCount(f.value, f.value, 0, f)
    if family == "batchnorm":
        f = batchnorm_params(input_shape[-1], args["center"], args["scale"])
        channels = input_shape[-1]
        return ParamCount(f.value, f.value - 2 * channels, 2 * channels, f)
    return ParamCount(0, 0, 0, None)
