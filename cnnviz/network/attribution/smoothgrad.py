"""SmoothGrad: the saliency map averaged over noisy copies of the image, so that the gradient's speckle cancels out.

Smilkov et al. 2017 (arXiv:1706.03825, §3): ``M̂(x) = 1/n Σ_i ∂S_k/∂x (x + ε_i)``, ε_i ~ N(0, σ²),
with σ a fraction of the input range (x_max − x_min; here the model's range, 255 · input_scale;
the paper finds 10–20 % works). The gradients are averaged first, then reduced like saliency
(max over channels of |·|), as tf-keras-vis does; with σ = 0 the map is the saliency map.
The noise is drawn from ``np.random.default_rng(seed)``, so a seed gives the same map.
"""
from __future__ import annotations

import numpy as np

from cnnviz.network.attribution.base import Explanation, Scorer, check_float, check_image, check_int
from cnnviz.network.attribution.saliency import channel_max_abs

MAX_SAMPLES = 200


class SmoothGrad:
    """``SmoothGrad(model)(x, class_index=None, samples=25, noise=0.15, seed=0)`` → map ≥ 0 (H, W)."""

    method = "smoothgrad"

    def __init__(self, model, logits: bool | None = None):
        self.scorer = Scorer.of(model, logits)

    def __call__(self, x: np.ndarray, class_index: int | None = None, samples: int = 25, noise: float = 0.15,
                 seed: int = 0) -> Explanation:
        x = check_image(self.scorer, x)
        samples = check_int("samples", samples, 1, MAX_SAMPLES)
        noise = check_float("noise", noise, 0.0, 1.0)
        k = self.scorer.resolve(x, class_index)
        sigma = noise * self.scorer.value_range
        rng = np.random.default_rng(seed)
        noisy = x[None] + rng.normal(0.0, 1.0, (samples, *x.shape)) * sigma  # (n, H, W, C)
        _, grads = self.scorer.gradients(noisy, k)  # (n, H, W, C)
        score = float(self.scorer.scores(x[None], k)[0])
        return Explanation(self.method, channel_max_abs(grads.mean(axis=0)), k, score, signed=False,
                           params={"samples": samples, "noise": noise, "sigma": sigma, "seed": seed})
