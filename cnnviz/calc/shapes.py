"""Output shapes of Keras 3 layers, each with its formula and the learner's numbers filled in.

The sliding-window rule (Keras 3, ``keras/src/ops/operation_utils.py``,
``compute_conv_output_shape`` and ``compute_pooling_output_shape``):

* ``padding='valid'``: H_out = ⌊(H + 2·p − k_eff)/s⌋ + 1 with p = 0 and k_eff = d·(k − 1) + 1;
  Keras refuses an output of 0 or less.
* ``padding='same'``:  H_out = ⌊(H − 1)/s⌋ + 1 = ⌈H/s⌉; TensorFlow pads
  max((H_out − 1)·s + k_eff − H, 0) zeros, the smaller half at the top/left and the extra
  row or column at the bottom/right.

Pure Python: no TensorFlow.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from cnnviz.errors import SettingError
from cnnviz.calc.formula import Ceil, Floor, Formula, Max, Num, Sym
from cnnviz.calc.specs import LayerSpec

Shape = tuple  # (H, W, C) or (N,), without the batch dimension

_DIMS = ("H", "W")


@dataclass(frozen=True)
class SamePadding:
    """The zeros 'same' adds along one dimension: `total` as a formula, split into before/after."""

    total: Formula
    before: int
    after: int


@dataclass(frozen=True)
class LayerShape:
    """A layer's output shape, the formulas that gave it, and the zero padding 'same' added."""

    shape: Shape
    formulas: list[Formula] = field(default_factory=list)
    padding: tuple | None = None  # ((top, bottom), (left, right)) for 'same' and ZeroPadding2D


def _effective(window: int, dilation: int, symbol: str):
    """k when d = 1, else the dilated extent d·(k − 1) + 1, as an expression."""
    k = Sym(symbol, window)
    if dilation == 1:
        return k
    return Sym("d", dilation) * (k - 1) + 1


def output_length(size: int, window: int, stride: int = 1, padding: str = "valid", dilation: int = 1,
                  pad: int | None = None, dim: str = "H", window_symbol: str = "k") -> Formula:
    """Output length along one dimension of a sliding window (convolution or pooling).

    valid: ``⌊(H + 2·p − k_eff)/s⌋ + 1`` (the 2·p term only when `pad` is given: explicit zero
    padding p on both sides, e.g. a ZeroPadding2D before the layer); same: ``⌈H/s⌉``.
    Source: Keras 3 ``compute_conv_output_shape`` / ``compute_pooling_output_shape``.
    """
    n = Sym(dim, size)
    s = Sym("s", stride)
    name, name_latex = f"{dim}_out", f"{dim}_{{out}}"
    if padding == "same":
        return Formula(name, Ceil(n, s), name_latex)
    top = n if pad is None else n + Num(2) * Sym("p", pad)
    expr = Floor(top - _effective(window, dilation, window_symbol), s) + 1
    return Formula(name, expr, name_latex)


def same_padding(size: int, window: int, stride: int = 1, dilation: int = 1, dim: str = "H") -> SamePadding:
    """Zeros TensorFlow adds for padding='same': max((⌈H/s⌉ − 1)·s + k_eff − H, 0), extra at the end."""
    n = Sym(dim, size)
    s = Sym("s", stride)
    total = Max((Ceil(n, s) - 1) * s + _effective(window, dilation, "k") - n, Num(0))
    formula = Formula(f"p_{dim}", total, f"p_{{{dim}}}")
    before = formula.value // 2
    return SamePadding(total=formula, before=before, after=formula.value - before)


def _require_image(layer: LayerSpec, shape: Shape) -> None:
    if len(shape) != 3:
        raise SettingError("shape.needs_image", index=layer.index, type=layer.type, shape=format_shape(shape))


def _check_positive(layer: LayerSpec, formula: Formula, dim_index: int, size: int, window: int, knob: str) -> None:
    if formula.value < 1:
        raise SettingError(
            "shape.too_small", index=layer.index, type=layer.type, dim=_DIMS[dim_index], size=size,
            window=window, value=formula.value, formula=f"{formula.substituted} = {formula.value}", knob=knob,
        )


def _window_layer(layer: LayerSpec, shape: Shape, window, strides, dilation, channels_out, window_symbol, knob):
    """Shared by convolutions and pooling: per-dimension lengths, formulas and 'same' padding."""
    _require_image(layer, shape)
    padding = layer["padding"]
    formulas, pads, lengths = [], [], []
    for i in range(2):
        f = output_length(shape[i], window[i], strides[i], padding, dilation[i],
                          pad=0 if window_symbol == "k" and padding == "valid" else None,
                          dim=_DIMS[i], window_symbol=window_symbol)
        _check_positive(layer, f, i, shape[i], dilation[i] * (window[i] - 1) + 1, knob)
        formulas.append(f)
        lengths.append(f.value)
        if padding == "same":
            sp = same_padding(shape[i], window[i], strides[i], dilation[i], dim=_DIMS[i])
            formulas.append(sp.total)
            pads.append((sp.before, sp.after))
    return LayerShape((lengths[0], lengths[1], channels_out), formulas, tuple(pads) if pads else None)


def _conv(layer: LayerSpec, shape: Shape, channels_out: int) -> LayerShape:
    strides, dilation = layer["strides"], layer["dilation_rate"]
    # Keras's Conv2D refuses this pair; DepthwiseConv2D and SeparableConv2D accept it.
    if layer.family == "conv" and max(strides) > 1 and max(dilation) > 1:
        raise SettingError("shape.stride_and_dilation", index=layer.index, type=layer.type,
                           strides=strides, dilation=dilation)
    return _window_layer(layer, shape, layer["kernel_size"], strides, dilation, channels_out, "k",
                         "kernel_size / dilation_rate")


def layer_output(layer: LayerSpec, input_shape: Shape) -> LayerShape:
    """The output shape of `layer` on an input of `input_shape` (no batch), with its formulas.

    Raises `SettingError` when Keras would refuse the setting or the result is not a valid shape.
    """
    shape = tuple(input_shape)
    family = layer.family
    if family == "conv":
        return _conv(layer, shape, layer["filters"])
    if family == "depthwise":
        _require_image(layer, shape)
        return _conv(layer, shape, shape[2] * layer["depth_multiplier"])
    if family == "separable":
        return _conv(layer, shape, layer["filters"])
    if family == "pool":
        return _window_layer(layer, shape, layer["pool_size"], layer["strides"], (1, 1), shape[-1], "f",
                             "pool_size / strides")
    if family == "global_pool":  # one number per channel: the mean (or max) over its H × W map
        _require_image(layer, shape)
        f = Formula("N", Sym("C", shape[2]))
        return LayerShape((f.value,), [f])
    if family == "zero_padding":
        _require_image(layer, shape)
        (top, bottom), (left, right) = layer["padding"]
        formulas = [
            Formula("H_out", Sym("H", shape[0]) + Sym("p_top", top) + Sym("p_bottom", bottom), "H_{out}"),
            Formula("W_out", Sym("W", shape[1]) + Sym("p_left", left) + Sym("p_right", right), "W_{out}"),
        ]
        return LayerShape((formulas[0].value, formulas[1].value, shape[2]), formulas, layer["padding"])
    if family == "flatten":
        if len(shape) == 1:
            return LayerShape(shape)
        f = Formula("N", Sym("H", shape[0]) * Sym("W", shape[1]) * Sym("C", shape[2]))
        return LayerShape((f.value,), [f])
    if family == "dense":
        if len(shape) != 1:
            raise SettingError("shape.dense_needs_flat", index=layer.index, type=layer.type,
                               shape=format_shape(shape), units=layer["units"])
        return LayerShape((layer["units"],))
    if family in ("batchnorm", "identity"):
        return LayerShape(shape)
    raise AssertionError(f"no shape rule for {layer.type}")


def format_shape(shape: Shape) -> str:
    """(32, 32, 3) → '32 × 32 × 3'; (2048,) → '2048'."""
    return " × ".join(str(v) for v in shape)
