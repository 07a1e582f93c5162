"""What the explorer shows of the backward pass: one kernel weight's gradient as a worked sum, with one SGD step,
and one feature-map pixel's route back from the loss through pooling and the activation.

The arrays come from `cnnviz.explorer.backward.gradients` (pass them in as `grads` to reuse them); each shown
number is read from those arrays, so what the page writes adds up to what the `.npz` holds. Pure NumPy.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from cnnviz.errors import SettingError
from cnnviz.explorer.backward import MEAN, Gradients, Loss, pool_before, gradients, input_view, pool_shares, sgd_step
from cnnviz.explorer.stage import StageResult

SHOWN_TERMS = 12


@dataclass(frozen=True)
class Term:
    """One output position's part of ∂L/∂w[i, j, c, f]: upstream gradient × the input pixel the weight met there."""

    row: int  # output position (feature map)
    col: int
    input_row: int  # the padded-input pixel: row·s + i·d, col·s + j·d
    input_col: int
    upstream: float  # ∂L/∂z[row, col, f]
    input: float  # x_pad[input_row, input_col, c]
    product: float


@dataclass(frozen=True)
class WeightGradient:
    """∂L/∂w[i, j, c, f] as a sum the page can show, and one SGD step on that weight."""

    i: int
    j: int
    c: int
    f: int
    weight: float
    terms: tuple[Term, ...]  # the first `shown` terms with a non-zero upstream gradient, row-major
    n_terms: int  # H' · W': one term per output position
    n_nonzero: int  # terms whose upstream gradient is not 0 (the others add nothing)
    shown_sum: float  # Σ of the shown terms
    value: float  # Σ of all terms = grad_kernels[i, j, c, f]
    learning_rate: float
    new_weight: float  # weight − learning_rate · value

    @property
    def rest_sum(self) -> float:
        """What the terms not shown add."""
        return self.value - self.shown_sum


def weight_gradient(result: StageResult, i: int, j: int, c: int, f: int, loss: Loss = MEAN,
                    learning_rate: float = 0.01, shown: int = SHOWN_TERMS, grads: Gradients | None = None) -> WeightGradient:
    """The terms of ∂L/∂w[i, j, c, f] and the SGD step; pass `grads` (from `gradients`) to reuse them."""
    kh, kw, c_in, nf = result.kernels.shape
    if not (0 <= i < kh and 0 <= j < kw and 0 <= c < c_in and 0 <= f < nf):
        raise SettingError("backward.err.weight", i=i, j=j, c=c, f=f, shape=str(result.kernels.shape))
    g = grads or gradients(result, loss)
    s = result.settings
    upstream = g.d_feature[:, :, f]  # (H', W')
    pixels = input_view(result, i, j)[:, :, c].astype(np.float64)  # (H', W')
    nonzero = np.argwhere(upstream != 0)  # row-major
    terms = tuple(Term(int(r), int(q), int(r * s.stride + i * s.dilation), int(q * s.stride + j * s.dilation),
                       float(upstream[r, q]), float(pixels[r, q]), float(upstream[r, q] * pixels[r, q]))
                  for r, q in nonzero[:shown])
    value = float(g.grad_kernels[i, j, c, f])
    weight = float(result.kernels[i, j, c, f])
    return WeightGradient(i, j, c, f, weight, terms, upstream.size, len(nonzero), float(sum(t.product for t in terms)),
                          value, learning_rate, float(sgd_step(weight, value, learning_rate)))


@dataclass(frozen=True)
class Route:
    """One pooling window that holds the pixel: its gradient and the pixel's share of it."""

    pool_row: int
    pool_col: int
    upstream: float  # ∂L/∂p[pool_row, pool_col, f]
    share: float  # max/min: 1 if the pixel won the window, else 0; avg: 1/n
    gradient: float  # upstream · share


@dataclass(frozen=True)
class PixelChain:
    """∂L/∂z[row, col, f] link by link: pooled gradients → routing → ∂L/∂a → · f'(z) → ∂L/∂z."""

    filter: int
    row: int
    col: int
    z: float  # feature map value
    a: float  # activation value
    activation: str
    direct: float  # the loss's own ∂L/∂a here (L on the activation maps, or pooling 'none'), else 0
    routes: tuple[Route, ...]  # every pooling window holding the pixel (none when pooling is 'none' or it is dropped)
    d_activation: float  # direct + Σ route gradients
    derivative: float  # f'(z)
    d_feature: float  # d_activation · derivative


def _cells_holding(result: StageResult, row: int, col: int) -> tuple[np.ndarray, np.ndarray]:
    """The pooled rows and cols whose windows can hold activation pixel (row, col)."""
    s = result.settings
    out = []
    for pos, n_out, before in zip((row, col), result.pooled.shape[:2], pool_before(result)):
        cells = np.arange(n_out)
        start = cells * s.pool_stride - before
        out.append(cells[(start <= pos) & (pos < start + s.pool_size)])
    return out[0], out[1]


def pixel_chain(result: StageResult, filter: int, row: int, col: int, loss: Loss = MEAN,
                grads: Gradients | None = None) -> PixelChain:
    """How ∂L/∂z reaches feature_maps[row, col, filter]."""
    hf, wf, nf = result.feature_maps.shape
    if not (0 <= filter < nf and 0 <= row < hf and 0 <= col < wf):
        raise SettingError("explorer.err.position", filter=filter, row=row, col=col, h=hf, w=wf, f=nf)
    g = grads or gradients(result, loss)
    routes = []
    cells = _cells_holding(result, row, col) if g.d_pooled is not None else ((), ())
    if len(cells[0]) and len(cells[1]):  # valid pooling drops the last rows/cols when windows do not reach them
        for rows, cols, share in pool_shares(result, cells):
            for i in np.flatnonzero(rows == row):
                for j in np.flatnonzero(cols == col):
                    pr, pc, part = int(cells[0][i]), int(cells[1][j]), float(share[i, j, filter])
                    up = float(g.d_pooled[pr, pc, filter])
                    routes.append(Route(pr, pc, up, part, up * part))
    routes.sort(key=lambda r: (r.pool_row, r.pool_col))
    direct = float(g.d_activation[row, col, filter]) if g.d_pooled is None else 0.0
    return PixelChain(filter, row, col, float(result.feature_maps[row, col, filter]),
                      float(result.activation_maps[row, col, filter]), result.settings.activation, direct, tuple(routes),
                      float(g.d_activation[row, col, filter]), float(g.derivative[row, col, filter]),
                      float(g.d_feature[row, col, filter]))
