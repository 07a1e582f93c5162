"""One pixel's arithmetic on the explorer, forwards and backwards, as LaTeX lines with the learner's numbers filled in.

Forwards from an `arithmetic.Arithmetic` (patch ⊙ kernel → sum → activation → pooling), backwards from a
`backward_arithmetic.PixelChain` and `WeightGradient`. Strings only: no Streamlit, no TensorFlow.
"""
from __future__ import annotations

import numpy as np


def _tex_name(name: str) -> str:
    """An activation's name inside \\mathrm{…} (``leaky_relu`` → ``leaky\\_relu``)."""
    return name.replace("_", "\\_")


def _g(v: float) -> str:
    """A number for a LaTeX line: 4 significant digits."""
    return f"{v:.4g}"


def _p(v: float) -> str:
    """`_g`, with a negative number in brackets (it follows an operator)."""
    return f"({_g(v)})" if v < 0 else _g(v)


def matrix_latex(m: np.ndarray, digits: int = 3) -> str:
    """A 2-D array as a LaTeX bmatrix of rounded numbers."""
    rows = [" & ".join(f"{v:.{digits}g}" for v in row) for row in np.asarray(m, dtype=np.float64)]
    return r"\begin{bmatrix}" + r" \\ ".join(rows) + r"\end{bmatrix}"


def arithmetic_latex(a, channel_names: list[str], activation: str, pool: str) -> dict[str, list[str]]:
    """One pixel's arithmetic (an `arithmetic.Arithmetic`) as LaTeX lines: per channel, the sum, activation, pooling."""
    per_channel = []
    for c, name in enumerate(channel_names):
        per_channel.append(
            rf"\underbrace{{{matrix_latex(a.patch[:, :, c])}}}_{{\text{{{name}}}}} \odot "
            rf"{matrix_latex(a.kernel[:, :, c])} = {matrix_latex(a.products[:, :, c])} \;\rightarrow\; "
            rf"\Sigma = {_g(a.channel_sums[c])}")
    sums = " + ".join(_g(v) for v in a.channel_sums)
    total = [rf"{sums} + \underbrace{{{_g(a.bias)}}}_{{b}} = {_g(a.value)}"]
    act = [rf"\mathrm{{{_tex_name(activation)}}}({_g(a.value)}) = {_g(a.activation)}"]
    pooled = []
    if a.pooled is not None:
        pooled = [rf"\mathrm{{{pool}}}{matrix_latex(a.pool_window)} = {_g(a.pooled)}"]
    return {"channels": per_channel, "total": total, "activation": act, "pool": pooled}


def backward_latex(chain, weight, bias_gradient: float | None, activation: str) -> dict[str, list[str]]:
    """The backward pass for one feature-map pixel and one kernel weight (`cnnviz.explorer.backward_arithmetic`) as LaTeX lines.

    `chain` is a `PixelChain`, `weight` a `WeightGradient`; each line has the learner's numbers filled in.
    """
    f, r, c = chain.filter, chain.row, chain.col
    routes = [rf"\frac{{\partial L}}{{\partial p_{{{x.pool_row},{x.pool_col}}}}} \cdot {_p(x.share)} = "
              rf"{_p(x.upstream)} \cdot {_p(x.share)} = {_g(x.gradient)}" for x in chain.routes]
    name = _tex_name(activation)
    d_a = rf"\frac{{\partial L}}{{\partial a_{{{r},{c}}}}} = "
    d_a += (" + ".join(_p(x.gradient) for x in chain.routes) if chain.routes else _g(chain.direct)) + f" = {_g(chain.d_activation)}"
    d_z = (rf"\frac{{\partial L}}{{\partial z_{{{r},{c}}}}} = \frac{{\partial L}}{{\partial a}} \cdot "
           rf"\mathrm{{{name}}}'(z) = {_p(chain.d_activation)} \cdot {_p(chain.derivative)} = {_g(chain.d_feature)}")
    w = weight
    products = [rf"{_p(t.upstream)} \cdot {_p(t.input)}" for t in w.terms] or ["0"]
    if w.n_nonzero > len(w.terms):
        products.append(rf"\underbrace{{{_g(w.rest_sum)}}}_{{{w.n_nonzero - len(w.terms)}\ \text{{more}}}}")
    rows = [" + ".join(products[k:k + 4]) for k in range(0, len(products), 4)]  # 4 terms a line: it fits a page
    grad_w = (rf"\begin{{aligned}}\frac{{\partial L}}{{\partial w_{{{w.i},{w.j},{w.c},{f}}}}} &= \sum_{{r,q}} "
              rf"\frac{{\partial L}}{{\partial z_{{r,q}}}}\, x_{{r s + {w.i} d,\ q s + {w.j} d}} \\ &= "
              + r" \\ &\quad + ".join(rows) + rf" \\ &= {_g(w.value)}\end{{aligned}}")
    step = (rf"w \leftarrow w - \eta \frac{{\partial L}}{{\partial w}} = {_p(w.weight)} - {_g(w.learning_rate)} \cdot "
            rf"{_p(w.value)} = {_g(w.new_weight)}")
    bias = [] if bias_gradient is None else [
        rf"\frac{{\partial L}}{{\partial b_{{{f}}}}} = \sum_{{r,q}} \frac{{\partial L}}{{\partial z_{{r,q}}}} = {_g(bias_gradient)}"]
    return {"routes": routes, "activation": [d_a, d_z], "weight": [grad_w, step], "bias": bias}
