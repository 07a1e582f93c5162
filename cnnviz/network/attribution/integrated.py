"""Integrated Gradients: each pixel's share of the score's change from a baseline image to this one.

Sundararajan, Taly & Yan 2017 (arXiv:1703.01365, §3): along the straight path x' + α(x − x'),
``IG_i(x) = (x_i − x'_i) · ∫₀¹ ∂S_k/∂x_i (x' + α(x − x')) dα``. The integral is a Riemann sum with the
trapezoid rule on α = 0, 1/m, …, 1 (the end points weighted ½). Completeness (§3, Proposition 1):
``Σ_i IG_i = S_k(x) − S_k(x')``; the gap left by the finite sum is returned so the page can show how
well the m steps did (the paper: 20–300 steps get within 5 %). The map sums the attributions
over the channels (signed: negative pixels speak against the class). Baseline: black by default.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from cnnviz.errors import SettingError
from cnnviz.network.attribution.base import Explanation, Scorer, check_image, check_int

BASELINES = {"black": 0.0, "gray": 0.5, "white": 1.0}  # fractions of the input range
MAX_STEPS = 512


@dataclass(frozen=True)
class IntegratedExplanation(Explanation):
    attributions: np.ndarray = None  # (H, W, C): IG_i for every input number; sums to ≈ score − baseline_score
    baseline_score: float = 0.0  # S_k(x')
    gap: float = 0.0  # Σ attributions − (score − baseline_score)

    @property
    def relative_gap(self) -> float:
        """|gap| / |score − baseline_score| (0 when both are 0)."""
        change = abs(self.score - self.baseline_score)
        return abs(self.gap) / change if change > 0 else (0.0 if self.gap == 0 else float("inf"))


def trapezoid_weights(steps: int) -> np.ndarray:
    """Weights (m + 1,) of the trapezoid rule on α = 0, 1/m, …, 1 for ∫₀¹ f(α) dα."""
    w = np.full(steps + 1, 1.0 / steps)
    w[[0, -1]] = 0.5 / steps
    return w


class IntegratedGradients:
    """``IntegratedGradients(model)(x, class_index=None, baseline='black', steps=128)`` → `IntegratedExplanation`.

    `baseline`: 'black', 'gray', 'white' (fractions of the input range) or an array (H, W, C).
    """

    method = "integrated_gradients"

    def __init__(self, model, logits: bool | None = None):
        self.scorer = Scorer.of(model, logits)

    def __call__(self, x: np.ndarray, class_index: int | None = None, baseline="black",
                 steps: int = 128) -> IntegratedExplanation:
        x = check_image(self.scorer, x)
        steps = check_int("steps", steps, 1, MAX_STEPS)
        k = self.scorer.resolve(x, class_index)
        base = self._baseline(baseline, x)  # (H, W, C)
        alphas = np.linspace(0.0, 1.0, steps + 1)  # (m + 1,)
        path = base[None] + alphas[:, None, None, None] * (x - base)[None]  # (m + 1, H, W, C)
        scores, grads = self.scorer.gradients(path, k)  # (m + 1,), (m + 1, H, W, C)
        mean_grad = np.tensordot(trapezoid_weights(steps), grads, axes=1)  # (H, W, C) ≈ ∫₀¹ ∂S/∂x dα
        attributions = (x - base) * mean_grad  # (H, W, C)
        gap = float(attributions.sum() - (scores[-1] - scores[0]))
        name = baseline if isinstance(baseline, str) else "image"
        return IntegratedExplanation(self.method, attributions.sum(axis=-1), k, float(scores[-1]), signed=True,
                                     params={"baseline": name, "steps": steps}, attributions=attributions,
                                     baseline_score=float(scores[0]), gap=gap)

    def _baseline(self, baseline, x: np.ndarray) -> np.ndarray:
        if isinstance(baseline, str):
            if baseline not in BASELINES:
                raise SettingError("attribution.err.choice", name="baseline", value=baseline[:20],
                                   choices=", ".join(BASELINES))
            return np.full_like(x, self.scorer.from_unit(BASELINES[baseline]))
        base = np.asarray(baseline, dtype=np.float64)
        if base.shape != x.shape:
            raise SettingError("attribution.err.shape", got=str(base.shape), want=str(x.shape))
        return base
