"""Which formula mistake a wrong answer suggests: the candidate wrong formulas of a layer, worked with its numbers.

For the layer a question asks about, `shape_mistakes` and `param_mistakes` build the formulas a
learner gets by one common slip — forgot the ``+ 1``, used ``same`` instead of ``valid`` (or the
other way), forgot the stride or multiplied by it, forgot the padding or padded one side only,
forgot the dilation, rounded up, forgot the bias, the input channels or the filters, counted the
weights at every position, … — each as a `Formula` of `cnnviz.calc.formula` with the layer's
numbers, so the teacher reads the mistaken formula worked out. `diagnose(value, mistakes)` names
the first mistake that gives exactly the learner's answer (the table order decides between two
that agree). The right formulas themselves come from `cnnviz.calc.shapes` and `cnnviz.calc.params`
(Keras 3's rules); a candidate equal to the right answer is dropped. Pure Python.
"""
from __future__ import annotations

from dataclasses import dataclass

from cnnviz.calc.formula import Ceil, Floor, Formula, Num, Sym

Value = tuple | int


@dataclass(frozen=True)
class Mistake:
    """A slip (`keys`: one or two i18n keys ``class.mistake.<key>``), the answer it gives, and its worked formulas."""

    keys: tuple[str, ...]
    value: Value
    formulas: tuple[str, ...] = ()

    def to_dict(self) -> dict:
        return {"keys": list(self.keys), "value": list(self.value) if isinstance(self.value, tuple) else self.value,
                "formulas": list(self.formulas)}

    @classmethod
    def from_dict(cls, d: dict) -> Mistake:
        value = d["value"]
        return cls(tuple(d["keys"]), tuple(value) if isinstance(value, list) else value, tuple(d.get("formulas", ())))


@dataclass(frozen=True)
class Window:
    """One sliding-window layer as a learner computes it: sizes (H, W), windows, strides, dilations, padding."""

    size: tuple[int, int]
    window: tuple[int, int]
    strides: tuple[int, int]
    dilation: tuple[int, int] = (1, 1)
    padding: str | int = "valid"  # 'valid', 'same' or p zeros on every side (a ZeroPadding2D before the layer)
    pool: bool = False  # the window is a pool_size (symbol f), not a kernel (k)


def _dim_rules(n: int, k: int, s: int, d: int, padding, pool: bool, dim: str) -> dict[str, Formula]:
    """The mistaken output-length formulas along one dimension, by mistake key, in the order they are tried."""
    N, K, S = Sym(dim, n), Sym("f" if pool else "k", k), Sym("s", s)
    keff = K if d == 1 else Sym("d", d) * (K - 1) + 1
    p = padding if isinstance(padding, int) and not isinstance(padding, bool) else 0
    top = N + Num(2) * Sym("p", p) if p else N
    rules = {}
    if padding == "same":
        rules["valid_for_same"] = Floor(N - keff, S) + 1
        if s > 1:
            rules["stride"] = N
            rules["round_down"] = Floor(N, S)
    else:
        if p:  # a ZeroPadding2D stands before the layer: its p is the first thing to forget
            rules["padding"] = Floor(N - keff, S) + 1
            rules["padding_once"] = Floor(N + Sym("p", p) - keff, S) + 1
        rules["plus_one"] = Floor(top - keff, S)
        if padding == "valid":
            rules["same_for_valid"] = Ceil(N, S)
        if s > 1:
            rules["stride"] = top - keff + 1
            rules["stride_times"] = (top - keff) * S + 1
        if d > 1:
            rules["dilation"] = Floor(top - K, S) + 1
        rules["round_up"] = Ceil(top - keff, S) + 1
        if pool:
            rules["pool_divide"] = Floor(N, K)
    return {key: Formula(f"{dim}_out", expr, f"{dim}_{{out}}") for key, expr in rules.items()}


def window_mistakes(w: Window, expected: tuple, channels_in: int) -> list[Mistake]:
    """Wrong (H_out, W_out, C) of a convolution or pooling: a slip on both dimensions, on the channels, or both."""
    per_dim = [_dim_rules(w.size[i], w.window[i], w.strides[i], w.dilation[i], w.padding, w.pool, "HW"[i])
               for i in range(2)]
    keys = [k for k in per_dim[0] if k in per_dim[1]]
    dims = [((), expected[0], expected[1], ())]
    for key in keys:
        h, v = per_dim[0][key], per_dim[1][key]
        shown = (h.text(),) if h.substituted == v.substituted else (h.text(), v.text())
        dims.append(((key,), h.value, v.value, shown))
    channels = [((), expected[2])]
    if not w.pool and channels_in != expected[2]:
        channels.append((("channels_in",), channels_in))
    out: list[Mistake] = []
    for dim_keys, h, v, shown in dims:
        for channel_keys, c in channels:
            if dim_keys or channel_keys:
                out.append(Mistake(dim_keys + channel_keys, (h, v, c), shown))
    out.append(Mistake(("no_channels",), tuple(expected[:2])))
    return _distinct(out, expected)


def shape_mistakes(family: str, input_shape: tuple, expected: tuple, layer_args: dict | None = None,
                   window: Window | None = None) -> list[Mistake]:
    """Wrong output shapes of a layer of `family` (a `cnnviz.calc.layer_types` family) on `input_shape`."""
    if window is not None:
        return window_mistakes(window, expected, input_shape[-1])
    x = input_shape
    if family == "flatten" and len(x) == 3:
        H, W, C = Sym("H", x[0]), Sym("W", x[1]), Sym("C", x[2])
        found = [Mistake(("flatten_no_channels",), (x[0] * x[1],), (Formula("N", H * W).text(),)),
                 Mistake(("flatten_sum",), (x[0] + x[1] + x[2],), (Formula("N", H + W + C).text(),))]
    elif family == "dense":
        found = [Mistake(("dense_input",), (x[-1],))]
    elif family == "global_pool" and len(x) == 3:
        found = [Mistake(("global_keepdims",), (1, 1, x[2])), Mistake(("global_flatten",), (x[0] * x[1] * x[2],))]
    elif family == "zero_padding" and layer_args is not None:
        (top, _), (left, _) = layer_args["padding"]
        found = [Mistake(("padding_once",), (x[0] + top, x[1] + left, x[2]),
                         (Formula("H_out", Sym("H", x[0]) + Sym("p_top", top)).text(),))]
    else:
        found = []
    return _distinct(found, expected)


def conv_param_mistakes(kh: int, kw: int, c_in: int, filters: int, use_bias: bool,
                        positions: int | None = None) -> list[Mistake]:
    """Wrong Conv2D parameter counts; the right one is (k_h·k_w·C_in + 1)·F (k_h·k_w·C_in·F without bias)."""
    KH, KW, C, F = Sym("k_h", kh), Sym("k_w", kw), Sym("C_in", c_in, "C_{in}"), Sym("F", filters)
    weights = KH * KW * C

    def bias(expr):  # the learner's own choice about the bias follows the layer's
        return expr + 1 if use_bias else expr

    rules = [("bias", weights * F)] if use_bias else [("bias_extra", (weights + 1) * F)]
    rules += [("bias_once", weights * F + 1), ("params_channels_in", bias(KH * KW) * F), ("filters", bias(weights)),
              ("kernel_once", bias(KH * C) * F)]
    if positions:
        rules.append(("per_position", bias(weights) * F * Sym("H_out·W_out", positions, r"H_{out} W_{out}")))
    return _distinct([_param(key, expr) for key, expr in rules], bias(weights).value * filters)


def dense_param_mistakes(n_in: int, units: int, use_bias: bool) -> list[Mistake]:
    """Wrong Dense parameter counts; the right one is (N_in + 1)·units (N_in·units without bias)."""
    N, U = Sym("N_in", n_in, "N_{in}"), Sym("units", units)
    rules = [("bias", N * U)] if use_bias else [("bias_extra", (N + 1) * U)]
    rules += [("bias_once", N * U + 1), ("units", N + 1 if use_bias else N)]
    return _distinct([_param(key, expr) for key, expr in rules], (n_in + use_bias) * units)


def _param(key: str, expr) -> Mistake:
    formula = Formula("params", expr)
    return Mistake((key,), formula.value, (formula.text(),))


def param_mistakes(family: str, args: dict, input_shape: tuple, output_shape: tuple, expected: int) -> list[Mistake]:
    """Wrong parameter counts of a layer of `family` with Keras arguments `args`."""
    if family == "conv":
        kh, kw = args["kernel_size"]
        positions = output_shape[0] * output_shape[1] if len(output_shape) == 3 else None
        return conv_param_mistakes(kh, kw, input_shape[-1], args["filters"], args["use_bias"], positions)
    if family == "dense":
        return dense_param_mistakes(input_shape[-1], args["units"], args["use_bias"])
    if family == "batchnorm":
        return _distinct([Mistake(("bn_trainable",), 2 * input_shape[-1])], expected)
    if family in ("depthwise", "separable") and args.get("use_bias"):
        c, m = input_shape[-1], args["depth_multiplier"]
        kh, kw = args["kernel_size"]
        no_bias = kh * kw * c * m + (c * m * args["filters"] if family == "separable" else 0)
        return _distinct([Mistake(("bias",), no_bias)], expected)
    return []


def diagnose(value: Value, expected: Value, mistakes: list[Mistake]) -> Mistake | None:
    """The mistake that gives exactly `value`, or None (a right answer, or a slip not in the table)."""
    if value == expected:
        return None
    found = next((m for m in mistakes if m.value == value), None)
    if found is None and expected == 0 and isinstance(value, int):
        return Mistake(("no_weights",), value)
    return found


def _distinct(found: list[Mistake], expected) -> list[Mistake]:
    """Drop candidates equal to the right answer or to an earlier candidate (the first mistake keeps the value)."""
    seen, out = {expected}, []
    for m in found:
        if m.value not in seen:
            seen.add(m.value)
            out.append(m)
    return out
