"""One output pixel's arithmetic on the explorer's stage: patch ⊙ kernel, the sums, + bias, the activation and the pooling window.

The numbers are the model's own outputs (`stage.run`); `Arithmetic.numpy_value` recomputes the
feature-map value with NumPy next to them, and `pool_numpy` what the pooling layer did.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from cnnviz.errors import SettingError
from cnnviz.calc.shapes import same_padding
from cnnviz.explorer.stage import StageResult



@dataclass(frozen=True)
class Arithmetic:
    """How feature_maps[row, col, filter] came about, and what the activation and pooling did to it."""

    filter: int
    row: int
    col: int
    rows: list[int]  # the padded-input rows the kernel touches (stride and dilation applied)
    cols: list[int]
    patch: np.ndarray  # (k_h, k_w, C_in) receptive field in the padded input
    kernel: np.ndarray  # (k_h, k_w, C_in)
    products: np.ndarray  # (k_h, k_w, C_in) patch · kernel
    channel_sums: np.ndarray  # (C_in,)
    bias: float
    value: float  # the model's feature-map value
    numpy_value: float  # Σ products + bias, computed here
    activation: float  # the model's activation-map value
    pool_row: int | None = None
    pool_col: int | None = None
    pool_window: np.ndarray | None = None  # (f_h', f_w') the activation values inside the pooling window
    pooled: float | None = None
    in_pool_window: bool = True  # False when valid pooling drops this pixel (strides skip it, or the last rows)

    @property
    def consistent(self) -> bool:
        scale = 1.0 + float(np.abs(self.products).sum()) + abs(self.bias)
        return abs(self.value - self.numpy_value) <= 1e-4 * scale


def explain(result: StageResult, filter: int, row: int, col: int) -> Arithmetic:
    """The arithmetic of one output pixel, its activation and the pooling window containing it."""
    s = result.settings
    hf, wf, nf = result.feature_maps.shape
    if not (0 <= filter < nf and 0 <= row < hf and 0 <= col < wf):
        raise SettingError("explorer.err.position", filter=filter, row=row, col=col, h=hf, w=wf, f=nf)
    kh, kw = s.kernel_size
    rows = [row * s.stride + i * s.dilation for i in range(kh)]
    cols = [col * s.stride + j * s.dilation for j in range(kw)]
    patch = result.padded[np.ix_(rows, cols)].astype(np.float64)  # (k_h, k_w, C_in)
    kernel = result.kernels[:, :, :, filter].astype(np.float64)  # (k_h, k_w, C_in)
    products = patch * kernel  # (k_h, k_w, C_in)
    sums = products.sum(axis=(0, 1))  # (C_in,)
    bias = float(result.bias[filter])
    arithmetic = Arithmetic(filter, row, col, rows, cols, patch, kernel, products, sums, bias,
                            float(result.feature_maps[row, col, filter]), float(sums.sum() + bias),
                            float(result.activation_maps[row, col, filter]))
    if s.pool == "none":
        return arithmetic
    pr, pc, window, covered = _pool_window(result, row, col, filter)
    return replace(arithmetic, pool_row=pr, pool_col=pc, pool_window=window,
                   pooled=float(result.pooled[pr, pc, filter]), in_pool_window=covered)


def _pool_window(result: StageResult, row: int, col: int, filter: int):
    """The pooled cell whose window holds (row, col) (the nearest one when strides skip it), and that window."""
    s = result.settings
    amap = result.activation_maps[:, :, filter]  # (H', W')
    hp, wp = result.pooled.shape[:2]
    starts = []
    for i, (pos, n_out, n_in) in enumerate(((row, hp, amap.shape[0]), (col, wp, amap.shape[1]))):
        before = same_padding(n_in, s.pool_size, s.pool_stride).before if s.pool_padding == "same" else 0
        cell = next((c for c in range(n_out) if c * s.pool_stride - before <= pos < c * s.pool_stride - before
                     + s.pool_size), min((pos + before) // s.pool_stride, n_out - 1))
        start = cell * s.pool_stride - before
        starts.append((cell, max(start, 0), min(start + s.pool_size, n_in), start <= pos < start + s.pool_size))
    (pr, r0, r1, in_r), (pc, c0, c1, in_c) = starts
    return pr, pc, amap[r0:r1, c0:c1], in_r and in_c


def pool_numpy(window: np.ndarray, pool: str) -> float:
    """What the pooling layer computes from one window (padding cells excluded, as TensorFlow does)."""
    return float({"max": np.max, "avg": np.mean, "min": np.min}[pool](window))
