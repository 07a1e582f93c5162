"""Convolution kernels a learner can pick: classic named 2-D kernels of any size, Keras's seeded random ones, or a typed grid.

Named kernels are defined for any k_h × k_w so that at 3 × 3 they are the textbook matrices
(c = the centre index ⌊(k − 1)/2⌋, the cell TensorFlow's 'same' padding lines up with the output pixel;
δ = 1 at the centre, 0 elsewhere; b_n = binomial row of length n, e.g. b_3 = [1, 2, 1]; r_n = the ramp
j − (n − 1)/2, e.g. r_3 = [−1, 0, 1]):

* identity       δ
* box_blur       1/(k_h·k_w) everywhere
* gaussian_blur  b_{k_h} ⊗ b_{k_w} / sum — the binomial approximation of a Gaussian with σ² = (k − 1)/4
* laplacian      1 along the centre row and centre column, −(their count) at the centre (sum 0)
* sharpen        δ − laplacian (3 × 3: 5 at the centre, −1 for the four neighbours)
* outline        −1 everywhere, k_h·k_w − 1 at the centre (sum 0)
* sobel_x        b_{k_h} ⊗ r_{k_w}  (smooth down the rows, differentiate across the columns)
* sobel_y        r_{k_h} ⊗ b_{k_w}
* emboss         r_{k_h}[i] + r_{k_w}[j] + δ  (3 × 3: [[−2, −1, 0], [−1, 1, 1], [0, 1, 2]])

A Conv2D kernel has shape (k_h, k_w, C_in, F). With a named kernel, filter f uses the named
kernel number (chosen + f) of `NAMES` (cycling), so eight filters show eight different classic
kernels side by side; each filter applies its 2-D kernel to every input channel divided by C_in,
so it sees the channel mean (identity on RGB gives the grey image, and values stay in the input's range).

`random` is exactly what Keras gives: `keras.initializers.GlorotUniform(seed)` (Conv2D's default),
bias zeros. Keras is imported lazily there only.
"""
from __future__ import annotations

import math
import re

import numpy as np

from cnnviz.errors import SettingError

NAMES = ("identity", "box_blur", "gaussian_blur", "sharpen", "sobel_x", "sobel_y", "laplacian", "emboss", "outline")
RANDOM = "random"
MAX_KERNEL = 11
MAX_ABS_WEIGHT = 1000.0


def _binomial(n: int) -> np.ndarray:
    return np.array([math.comb(n - 1, i) for i in range(n)], dtype=np.float64)  # (n,)


def _ramp(n: int) -> np.ndarray:
    return np.arange(n, dtype=np.float64) - (n - 1) / 2  # (n,)


def _delta(kh: int, kw: int) -> np.ndarray:
    d = np.zeros((kh, kw))
    d[(kh - 1) // 2, (kw - 1) // 2] = 1.0
    return d


def _laplacian(kh: int, kw: int) -> np.ndarray:
    ch, cw = (kh - 1) // 2, (kw - 1) // 2
    out = np.zeros((kh, kw))
    out[ch, :] = 1.0
    out[:, cw] = 1.0
    out[ch, cw] = 0.0
    out[ch, cw] = -out.sum()
    return out


def named_kernel(name: str, kernel_h: int, kernel_w: int | None = None) -> np.ndarray:
    """The named 2-D kernel of size (k_h, k_w) as float32, per the table in the module docstring."""
    kh, kw = kernel_h, kernel_w if kernel_w is not None else kernel_h
    if name not in NAMES:
        raise SettingError("explorer.err.unknown_kernel", name=str(name)[:40], names=", ".join(NAMES))
    if not (1 <= kh <= MAX_KERNEL and 1 <= kw <= MAX_KERNEL):
        raise SettingError("explorer.err.kernel_range", kh=kh, kw=kw, max=MAX_KERNEL)
    if name == "identity":
        k = _delta(kh, kw)
    elif name == "box_blur":
        k = np.full((kh, kw), 1.0 / (kh * kw))
    elif name == "gaussian_blur":
        k = np.outer(_binomial(kh), _binomial(kw))
        k /= k.sum()
    elif name == "laplacian":
        k = _laplacian(kh, kw)
    elif name == "sharpen":
        k = _delta(kh, kw) - _laplacian(kh, kw)
    elif name == "outline":
        k = -np.ones((kh, kw)) + kh * kw * _delta(kh, kw)
    elif name == "sobel_x":
        k = np.outer(_binomial(kh), _ramp(kw))
    elif name == "sobel_y":
        k = np.outer(_ramp(kh), _binomial(kw))
    else:  # emboss
        k = _ramp(kh)[:, None] + _ramp(kw)[None, :] + _delta(kh, kw)
    return k.astype(np.float32)  # (k_h, k_w)


def filter_names(kernel: str, filters: int) -> list[str]:
    """The named kernel each filter uses: the chosen one first, then the next names in `NAMES`, cycling."""
    start = NAMES.index(kernel)
    return [NAMES[(start + f) % len(NAMES)] for f in range(filters)]


def spread(kernel2d: np.ndarray, channels_in: int, filters: int) -> np.ndarray:
    """One 2-D kernel for every input channel (divided by C_in) and every filter → (k_h, k_w, C_in, F)."""
    k = np.asarray(kernel2d, dtype=np.float32) / channels_in  # (k_h, k_w)
    return np.repeat(np.repeat(k[:, :, None, None], channels_in, axis=2), filters, axis=3)  # (k_h, k_w, C_in, F)


def named_bank(kernel: str, kernel_h: int, kernel_w: int, channels_in: int, filters: int) -> np.ndarray:
    """Conv2D weights where filter f is `filter_names(kernel, F)[f]` on every channel → (k_h, k_w, C_in, F)."""
    bank = np.zeros((kernel_h, kernel_w, channels_in, filters), dtype=np.float32)  # (k_h, k_w, C_in, F)
    for f, name in enumerate(filter_names(kernel, filters)):
        bank[:, :, :, f] = spread(named_kernel(name, kernel_h, kernel_w), channels_in, 1)[:, :, :, 0]
    return bank


def random_bank(kernel_h: int, kernel_w: int, channels_in: int, filters: int, seed: int) -> np.ndarray:
    """Glorot-uniform weights exactly as Keras draws them for `seed` → (k_h, k_w, C_in, F)."""
    import keras  # lazy: only the random kernel needs Keras

    init = keras.initializers.GlorotUniform(seed=int(seed))
    return np.asarray(keras.ops.convert_to_numpy(init((kernel_h, kernel_w, channels_in, filters))),
                      dtype=np.float32)  # (k_h, k_w, C_in, F)


def parse_grid(text: str) -> np.ndarray:
    """A kernel typed as rows: '1 0 -1; 2 0 -2; 1 0 -1' (rows split by ';' or new lines, values by ',' or spaces)."""
    if not isinstance(text, str) or len(text) > 2000:
        raise SettingError("explorer.err.grid_empty")
    rows = [r for r in re.split(r"[;\n|]+", text.strip()) if r.strip()]
    if not rows:
        raise SettingError("explorer.err.grid_empty")
    grid = []
    for i, row in enumerate(rows):
        cells = [c for c in re.split(r"[,\s]+", row.strip()) if c]
        values = []
        for cell in cells:
            try:
                v = float(cell)
            except ValueError:
                raise SettingError("explorer.err.grid_number", row=i + 1, cell=cell[:12]) from None
            if not math.isfinite(v) or abs(v) > MAX_ABS_WEIGHT:
                raise SettingError("explorer.err.grid_number", row=i + 1, cell=cell[:12])
            values.append(v)
        grid.append(values)
    widths = {len(r) for r in grid}
    if len(widths) != 1:
        raise SettingError("explorer.err.grid_ragged", widths=", ".join(str(len(r)) for r in grid))
    kh, kw = len(grid), widths.pop()
    if not (1 <= kh <= MAX_KERNEL and 1 <= kw <= MAX_KERNEL):
        raise SettingError("explorer.err.kernel_range", kh=kh, kw=kw, max=MAX_KERNEL)
    return np.array(grid, dtype=np.float32)  # (k_h, k_w)


def format_grid(kernel2d: np.ndarray) -> str:
    """The inverse of `parse_grid`: '1,0,-1;2,0,-2;1,0,-1' (short numbers, for URLs)."""
    return ";".join(",".join(f"{float(v):g}" for v in row) for row in np.asarray(kernel2d))


def is_grid(kernel: str) -> bool:
    """True when `kernel` is a typed grid rather than a name."""
    return isinstance(kernel, str) and kernel not in NAMES and kernel != RANDOM


def kernel_bank(kernel: str, kernel_h: int, kernel_w: int, channels_in: int, filters: int, seed: int = 0) -> np.ndarray:
    """Conv2D weights for a name, 'random' or a typed grid (which must be k_h × k_w) → (k_h, k_w, C_in, F)."""
    if kernel == RANDOM:
        return random_bank(kernel_h, kernel_w, channels_in, filters, seed)
    if kernel in NAMES:
        return named_bank(kernel, kernel_h, kernel_w, channels_in, filters)
    grid = parse_grid(kernel)
    if grid.shape != (kernel_h, kernel_w):
        raise SettingError("explorer.err.grid_shape", gh=grid.shape[0], gw=grid.shape[1], kh=kernel_h, kw=kernel_w)
    return spread(grid, channels_in, filters)
