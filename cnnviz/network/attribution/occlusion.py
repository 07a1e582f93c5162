"""Occlusion sensitivity: how much the class score drops when a patch of the image is covered.

Zeiler & Fergus 2014 ("Visualizing and Understanding Convolutional Networks", arXiv:1311.2901, §4.2)
slide a grey square over the image and watch the class score. Here the patch (size p, stride s ≤ p,
filled with `fill` × the input range: 0 black, 0.5 grey) starts at 0, s, 2s, … and once more flush
with the last row and column, so every pixel is covered; each pixel's value is the mean, over the
patches covering it, of ``S_k(x) − S_k(x with the patch filled)``: positive where covering hurt the
class. The occluded images are scored in batches. With p = 1 and s = 1 each value is exactly the
change from replacing that one pixel.
"""
from __future__ import annotations

import numpy as np

from cnnviz.errors import SettingError
from cnnviz.network.attribution.base import BATCH, Explanation, Scorer, check_float, check_image, check_int

MAX_POSITIONS = 4096  # occluded images per map: a 64 × 64 image with a one-pixel patch


def starts(size: int, patch: int, stride: int) -> list[int]:
    """Patch starts along one side: 0, s, 2s, … and size − p, so the last row/column is covered."""
    out = list(range(0, size - patch + 1, stride))
    return out if out[-1] == size - patch else out + [size - patch]


class Occlusion:
    """``Occlusion(model)(x, class_index=None, patch=8, stride=4, fill=0.5)`` → signed map (H, W) in score units."""

    method = "occlusion"

    def __init__(self, model, logits: bool | None = None):
        self.scorer = Scorer.of(model, logits)

    def __call__(self, x: np.ndarray, class_index: int | None = None, patch: int = 8, stride: int = 4,
                 fill: float = 0.5) -> Explanation:
        x = check_image(self.scorer, x)
        h, w, _ = x.shape
        patch = check_int("patch", patch, 1, min(h, w))
        stride = check_int("stride", stride, 1, patch)
        fill = check_float("fill", fill, 0.0, 1.0)
        k = self.scorer.resolve(x, class_index)
        corners = [(r, c) for r in starts(h, patch, stride) for c in starts(w, patch, stride)]
        if len(corners) > MAX_POSITIONS:
            raise SettingError("attribution.err.positions", n=len(corners), limit=MAX_POSITIONS)
        score = float(self.scorer.scores(x[None], k)[0])
        value = self.scorer.from_unit(fill)
        drop = np.zeros((h, w))  # (H, W) summed score drops
        count = np.zeros((h, w))  # (H, W) patches covering each pixel
        for i in range(0, len(corners), BATCH):
            chunk = corners[i:i + BATCH]
            batch = np.repeat(x[None], len(chunk), axis=0)  # (n, H, W, C)
            for j, (r, c) in enumerate(chunk):
                batch[j, r:r + patch, c:c + patch] = value
            drops = score - self.scorer.scores(batch, k)  # (n,)
            for (r, c), d in zip(chunk, drops):
                drop[r:r + patch, c:c + patch] += d
                count[r:r + patch, c:c + patch] += 1
        return Explanation(self.method, drop / count, k, score, signed=True,
                           params={"patch": patch, "stride": stride, "fill": fill, "positions": len(corners)})
