"""The explorer stage's backward pass in NumPy: ∂L/∂ every array, back through pooling, the activation and the convolution, as arrays (what the page shows of it, worked with numbers: `backward_arithmetic`).

The stage computes z = conv(x) + b (feature maps), a = f(z) (activation maps), p = pool(a). For a loss L
(`Loss`: the mean of every output p — of a when pooling is 'none' — or one output pixel) the chain rule
(Goodfellow, Bengio & Courville, *Deep Learning*, §6.5; CS231n "Backpropagation, Intuitions") gives:

- ∂L/∂p: 1/N on every output for the mean of N outputs; 1 at the chosen pixel.
- through pooling: max/min send each window's gradient to its winning input, the first in row-major order
  among equals (TensorFlow's MaxPoolGrad; min pooling is −maxpool(−a)); avg spreads it as 1/n over the
  window's n cells, n counting only the cells inside the map with padding='same' (TensorFlow's AvgPool).
  Windows that overlap add up.
- through the activation: ∂L/∂z = ∂L/∂a · f'(z): relu 1 if z > 0 else 0; leaky_relu 1 or 0.2 (Keras's
  negative_slope); sigmoid a(1 − a); tanh 1 − a²; linear 1.
- ∂L/∂w[i, j, c, f] = Σ_{r, q} ∂L/∂z[r, q, f] · x_pad[r·s + i·d, q·s + j·d, c] (s stride, d dilation, x_pad the
  padded input the convolution saw) and ∂L/∂b[f] = Σ_{r, q} ∂L/∂z[r, q, f].
- one SGD step: w ← w − lr · ∂L/∂w (Keras's `optimizers.SGD` without momentum).

Everything is float64 NumPy from the model's own float32 outputs (`stage.run`); tests hold it to
`tf.GradientTape`. Pure NumPy.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from cnnviz.calc.shapes import same_padding
from cnnviz.errors import SettingError
from cnnviz.explorer.stage import StageResult

TARGETS = ("mean", "pooled", "activation")


@dataclass(frozen=True)
class Loss:
    """L: 'mean' of all outputs, or one pixel [row, col, filter] of 'pooled' or 'activation'."""

    target: str = "mean"
    filter: int = 0
    row: int = 0
    col: int = 0


MEAN = Loss()


@dataclass(frozen=True)
class Gradients:
    """∂L/∂ every array of the stage for one loss."""

    loss: Loss
    value: float  # L
    d_pooled: np.ndarray | None  # (H'', W'', F) ∂L/∂p; None when L is on the activation maps or pooling is 'none'
    d_activation: np.ndarray  # (H', W', F) ∂L/∂a
    derivative: np.ndarray  # (H', W', F) f'(z)
    d_feature: np.ndarray  # (H', W', F) ∂L/∂z
    grad_kernels: np.ndarray  # (k_h, k_w, C_in, F) ∂L/∂w
    grad_bias: np.ndarray | None  # (F,) ∂L/∂b; None when the stage has no bias


def _loss_arrays(result: StageResult, loss: Loss) -> tuple[float, np.ndarray | None, np.ndarray]:
    """(L, ∂L/∂p or None, the loss's own ∂L/∂a): the gradient of L with respect to the array it reads."""
    pooling = result.settings.pool != "none"
    if loss.target not in TARGETS:
        raise SettingError("backward.err.target", value=str(loss.target)[:20])
    if loss.target == "mean":
        last = result.pooled if pooling else result.activation_maps
        grad = np.full(last.shape, 1.0 / last.size)  # (…, F) every output weighs 1/N
        value = float(last.astype(np.float64).mean())
    else:
        last = result.pooled if loss.target == "pooled" and pooling else result.activation_maps
        h, w, f = last.shape
        if not (0 <= loss.filter < f and 0 <= loss.row < h and 0 <= loss.col < w):
            raise SettingError("explorer.err.position", filter=loss.filter, row=loss.row, col=loss.col, h=h, w=w, f=f)
        grad = np.zeros(last.shape)
        grad[loss.row, loss.col, loss.filter] = 1.0
        value = float(last[loss.row, loss.col, loss.filter])
    if last is result.pooled and pooling:
        return value, grad, np.zeros(result.activation_maps.shape)
    return value, None, grad


# ---------------------------------------------------------------------------------------------
# Pooling: which input cell each window reads, and how much of its gradient each one gets


def pool_before(result: StageResult) -> list[int]:
    """Cells of padding before the first pooling window, per dimension (TensorFlow's 'same': the smaller half)."""
    s = result.settings
    return [same_padding(n, s.pool_size, s.pool_stride).before if s.pool_padding == "same" else 0
            for n in result.activation_maps.shape[:2]]


def _window_offsets(result: StageResult, cells: tuple[np.ndarray, np.ndarray] | None = None):
    """For each offset (di, dj) of the pooling window: rows (n_r,) and cols (n_c,) of the activation map it reads
    for the pooled cells `cells` (rows, cols of p; default all), and whether they fall inside the map
    (padding='same' reaches outside)."""
    s = result.settings
    (h, w), (hp, wp) = result.activation_maps.shape[:2], result.pooled.shape[:2]
    cell_r, cell_c = cells if cells is not None else (np.arange(hp), np.arange(wp))
    before = pool_before(result)
    for di in range(s.pool_size):
        rows = cell_r * s.pool_stride - before[0] + di  # (n_r,)
        for dj in range(s.pool_size):
            cols = cell_c * s.pool_stride - before[1] + dj  # (n_c,)
            yield rows, cols, (rows >= 0) & (rows < h), (cols >= 0) & (cols < w)


def pool_shares(result: StageResult, cells: tuple[np.ndarray, np.ndarray] | None = None):
    """Yield, per window offset, (rows, cols, share (n_r, n_c, F)) with share = ∂p[cell]/∂a[rows, cols] there,
    for the pooled cells `cells` (default all: n_r, n_c = H'', W'').

    max/min: 1 for the window's winner (the first in row-major order among equal values), else 0;
    avg: 1/n with n the number of window cells inside the map. Cells outside the map have share 0.
    A generator: one (H'', W'', F) array at a time, whatever the window size.
    """
    s, a = result.settings, result.activation_maps.astype(np.float64)  # (H', W', F)
    offsets = list(_window_offsets(result, cells))
    shape = (len(offsets[0][0]), len(offsets[0][1]), a.shape[2])  # (n_r, n_c, F)
    if s.pool in ("max", "min"):
        sign = 1.0 if s.pool == "max" else -1.0  # min pooling is −maxpool(−a)
        best = np.full(shape, -np.inf)  # (n_r, n_c, F)
        winner = np.zeros(shape, dtype=int)  # (n_r, n_c, F) offset index of the winner
        for k, (rows, cols, ok_r, ok_c) in enumerate(offsets):
            inside = np.ix_(np.clip(rows, 0, a.shape[0] - 1), np.clip(cols, 0, a.shape[1] - 1))
            values = np.where((ok_r[:, None] & ok_c[None, :])[:, :, None], sign * a[inside], -np.inf)  # (n_r, n_c, F)
            better = values > best  # strict: an equal value later in the window does not win
            best, winner = np.where(better, values, best), np.where(better, k, winner)
        for k, (rows, cols, _, _) in enumerate(offsets):
            yield rows, cols, (winner == k).astype(np.float64)
        return
    count = sum(ok_r[:, None] & ok_c[None, :] for _, _, ok_r, ok_c in offsets)  # (n_r, n_c) cells inside each window
    for rows, cols, ok_r, ok_c in offsets:
        yield rows, cols, np.broadcast_to(((ok_r[:, None] & ok_c[None, :]) / count)[:, :, None], shape)


def pool_backward(result: StageResult, d_pooled: np.ndarray) -> np.ndarray:
    """∂L/∂a (H', W', F) from ∂L/∂p (H'', W'', F): each window's gradient routed by `pool_shares`."""
    d_act = np.zeros(result.activation_maps.shape)  # (H', W', F)
    for rows, cols, share in pool_shares(result):
        ok_r, ok_c = np.flatnonzero((rows >= 0) & (rows < d_act.shape[0])), np.flatnonzero((cols >= 0) & (cols < d_act.shape[1]))
        # for one offset, different cells read different positions (stride ≥ 1): no index repeats
        d_act[np.ix_(rows[ok_r], cols[ok_c])] += (share * d_pooled)[np.ix_(ok_r, ok_c)]
    return d_act


def activation_derivative(name: str, z: np.ndarray, a: np.ndarray) -> np.ndarray:
    """f'(z) for the stage's activations (the same rule as TensorFlow's gradient at z = 0: relu' = 0)."""
    z, a = np.asarray(z, np.float64), np.asarray(a, np.float64)
    rules = {"relu": lambda: (z > 0).astype(np.float64), "leaky_relu": lambda: np.where(z > 0, 1.0, 0.2),
             "sigmoid": lambda: a * (1 - a), "tanh": lambda: 1 - a * a, "linear": lambda: np.ones_like(z)}
    return rules[name]()


def input_view(result: StageResult, i: int, j: int) -> np.ndarray:
    """The padded input pixels that kernel tap (i, j) meets, one per output position: (H', W', C_in)."""
    s = result.settings
    ho, wo = result.feature_maps.shape[:2]
    r0, c0 = i * s.dilation, j * s.dilation
    return result.padded[r0:r0 + s.stride * (ho - 1) + 1:s.stride, c0:c0 + s.stride * (wo - 1) + 1:s.stride]


def gradients(result: StageResult, loss: Loss = MEAN) -> Gradients:
    """∂L/∂p, ∂L/∂a, f'(z), ∂L/∂z, ∂L/∂w and ∂L/∂b for the stage's numbers."""
    value, d_pooled, d_act = _loss_arrays(result, loss)
    if d_pooled is not None:
        d_act = d_act + pool_backward(result, d_pooled)
    derivative = activation_derivative(result.settings.activation, result.feature_maps, result.activation_maps)
    d_feature = d_act * derivative  # (H', W', F)
    kh, kw, c_in, f = result.kernels.shape
    grad_kernels = np.zeros((kh, kw, c_in, f))
    for i in range(kh):
        for j in range(kw):
            grad_kernels[i, j] = np.einsum("rqc,rqf->cf", input_view(result, i, j).astype(np.float64), d_feature)
    grad_bias = d_feature.sum(axis=(0, 1)) if result.settings.use_bias else None  # (F,)
    return Gradients(loss, value, d_pooled, d_act, derivative, d_feature, grad_kernels, grad_bias)


def gradient_arrays(result: StageResult) -> dict[str, np.ndarray]:
    """For the .npz download: ∂L/∂kernels (k_h, k_w, C_in, F) and ∂L/∂bias (F,) for L = the mean output (float32)."""
    g = gradients(result)
    arrays = {"grad_kernels": g.grad_kernels.astype(np.float32)}
    if g.grad_bias is not None:
        arrays["grad_bias"] = g.grad_bias.astype(np.float32)
    return arrays


def sgd_step(weights: np.ndarray, grads: np.ndarray, learning_rate: float) -> np.ndarray:
    """One plain SGD step: w − lr · ∂L/∂w."""
    return np.asarray(weights, np.float64) - learning_rate * np.asarray(grads, np.float64)
