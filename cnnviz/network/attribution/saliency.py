"""Saliency: how strongly each pixel's change would move the class score, the plain gradient |∂score/∂x|.

Simonyan, Vedaldi & Zisserman 2014 ("Deep Inside Convolutional Networks", arXiv:1312.6034, §3.1):
the map is ``M[i, j] = max_c |∂S_k/∂x[i, j, c]|`` — the absolute gradient of the class logit S_k,
reduced over the colour channels by taking the largest. The gradient is a local slope, not a
contribution: it says where a small change would matter, not what the pixel added.
"""
from __future__ import annotations

import numpy as np

from cnnviz.network.attribution.base import Explanation, Scorer, check_image


def channel_max_abs(grads: np.ndarray) -> np.ndarray:
    """Simonyan et al.'s reduction: (…, H, W, C) → (…, H, W), the largest |gradient| over the channels."""
    return np.abs(grads).max(axis=-1)


class Saliency:
    """``Saliency(model)(x, class_index=None)`` → an `Explanation` whose map is max_c |∂score/∂x| ≥ 0."""

    method = "saliency"

    def __init__(self, model, logits: bool | None = None):
        self.scorer = Scorer.of(model, logits)

    def __call__(self, x: np.ndarray, class_index: int | None = None) -> Explanation:
        x = check_image(self.scorer, x)
        k = self.scorer.resolve(x, class_index)
        scores, grads = self.scorer.gradients(x[None], k)  # (1,), (1, H, W, C)
        return Explanation(self.method, channel_max_abs(grads[0]), k, float(scores[0]), signed=False)
