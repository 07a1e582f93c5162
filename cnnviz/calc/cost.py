"""What a layer costs per image: multiply-accumulates (MACs) and float32 memory.

* Conv2D: H_out·W_out·F·(k_h·k_w·C_in) — one MAC per kernel weight per output value
* DepthwiseConv2D: H_out·W_out·C_in·m·(k_h·k_w)
* SeparableConv2D: depthwise as above, plus pointwise H_out·W_out·C_in·m·F
* Dense: N_in·units
* pooling, normalisation, activations, reshaping: 0 MACs (they compare or scale, not multiply-accumulate),
  the convention of torchinfo and most FLOP counters; bias additions are not counted either.

Memory: activations per image = (number of output values)·4 bytes; weights = parameters·4 bytes.
Pure Python: no TensorFlow.
"""
from __future__ import annotations

from math import prod

from cnnviz.calc.formula import Formula, Sym
from cnnviz.calc.specs import LayerSpec

FLOAT32_BYTES = 4


def layer_macs(layer: LayerSpec, input_shape: tuple, output_shape: tuple) -> Formula | None:
    """MACs per image as a formula, or None for layers that do no multiply-accumulates."""
    family, args = layer.family, layer.args
    if family in ("conv", "depthwise", "separable"):
        kh, kw = args["kernel_size"]
        out = Sym("H_out", output_shape[0], "H_{out}") * Sym("W_out", output_shape[1], "W_{out}")
        c_in = Sym("C_in", input_shape[-1], "C_{in}")
        window = Sym("k_h", kh) * Sym("k_w", kw)
        if family == "conv":
            expr = out * Sym("F", args["filters"]) * (window * c_in)
        else:
            m = Sym("m", args["depth_multiplier"])
            expr = out * c_in * m * window
            if family == "separable":
                expr = expr + out * c_in * m * Sym("F", args["filters"])
        return Formula("MACs", expr, r"\text{MACs}")
    if family == "dense":
        expr = Sym("N_in", input_shape[-1], "N_{in}") * Sym("units", args["units"], r"\text{units}")
        return Formula("MACs", expr, r"\text{MACs}")
    return None


def activation_bytes(output_shape: tuple) -> int:
    """Bytes of one image's output of a layer, in float32."""
    return prod(output_shape) * FLOAT32_BYTES


def weight_bytes(params: int) -> int:
    """Bytes of a layer's weights in float32."""
    return params * FLOAT32_BYTES


def human_bytes(n: int) -> str:
    """1536 → '1.5 KB' (powers of 1024, as memory is usually told)."""
    value = float(n)
    for unit in ("B", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{value:,.0f} {unit}" if unit == "B" else f"{value:,.1f} {unit}"
        value /= 1024
    raise AssertionError("unreachable")
