"""How a model's training images look, in five numbers each, and how far one image is from them.

A classifier gives every image one of its classes, however unlike its training data the image is
(the shapes model calls the astronaut photo "cross" with 100 %); its confidence says nothing about
that. The honest signal cnnviz gives has two parts:

1. always, a note that the model only knows its K classes (the page shows it, `cnnviz.network.probe`);
2. when the model's info carries `reference_stats` of its training images, a check of the image
   against them: five simple statistics of the pixels the model sees (0–255, at its input size) —
   mean brightness, brightness spread, mean neighbour difference (texture and noise), the share of
   the most common colour (flat backgrounds), mean saturation — and their Mahalanobis distance from
   the training images' mean. The image is called unlike the training data when the distance is
   larger than that of 99.5 % of the training images (so about 1 in 200 training-like images is
   flagged too).

Measured on the shapes set (64 × 64): 0.5 % of 1,000 new shape images flagged, all 8 sample photos
flagged (distances 4.7 to 20.8, threshold 4.1). The check sees only these pixel statistics: an image
of the wrong *thing* with training-like pixels passes, so no flag never means "the model knows this".
NumPy only.
"""
from __future__ import annotations

import math

import numpy as np

from cnnviz.errors import SettingError

FEATURES = ("mean", "spread", "texture", "flat_share", "saturation")
PERCENTILE = 99.5


def image_features(pixels: np.ndarray) -> np.ndarray:
    """The five statistics of one image (H, W, C) with values 0–255 → (5,)."""
    x = np.asarray(pixels, dtype=np.float64)  # (H, W, C)
    grey = x.mean(axis=2)  # (H, W)
    texture = (np.abs(np.diff(grey, axis=1)).mean() + np.abs(np.diff(grey, axis=0)).mean()) / 2
    q = np.clip(x, 0, 255).astype(np.int64) // 32  # (H, W, C): 8 levels per channel
    codes = q[..., 0] * 64 + q[..., 1 % q.shape[2]] * 8 + q[..., 2 % q.shape[2]]  # (H, W)
    flat_share = np.bincount(codes.ravel()).max() / codes.size
    saturation = (x.max(axis=2) - x.min(axis=2)).mean()
    return np.array([grey.mean(), grey.std(), texture, flat_share, saturation])


def reference_stats(images: np.ndarray) -> dict:
    """Statistics of training images (N, H, W, C), 0–255, at the model's input size, for a model's info JSON."""
    images = np.asarray(images)
    if images.ndim != 4 or len(images) < 20:
        raise ValueError("reference_stats needs at least 20 images shaped (N, H, W, C)")
    feats = np.stack([image_features(im) for im in images])  # (N, 5)
    mean = feats.mean(axis=0)
    inverse = _inverse_covariance(feats)
    distances = np.sqrt(np.einsum("ni,ij,nj->n", feats - mean, inverse, feats - mean))  # (N,)
    return {"version": 1, "features": list(FEATURES), "size": [int(images.shape[1]), int(images.shape[2])],
            "n": int(len(images)), "mean": mean.tolist(), "inverse_covariance": inverse.tolist(),
            "threshold": float(np.percentile(distances, PERCENTILE)), "percentile": PERCENTILE}


def _inverse_covariance(feats: np.ndarray) -> np.ndarray:
    """The inverse of the features' covariance, with a small ridge so a constant feature (grey data) stays finite."""
    cov = np.cov(feats, rowvar=False)  # (5, 5)
    ridge = 1e-6 * max(float(np.trace(cov)), 1.0)
    return np.linalg.inv(cov + ridge * np.eye(len(cov)))


def distance(pixels: np.ndarray, stats: dict) -> float:
    """Mahalanobis distance of one image's statistics from the training images' (same units as the threshold)."""
    d = image_features(pixels) - np.asarray(stats["mean"])
    return float(math.sqrt(max(float(d @ np.asarray(stats["inverse_covariance"]) @ d), 0.0)))


def check_stats(data) -> dict:
    """`reference_stats` output read back from a file, each field checked; `SettingError` when malformed."""
    def fail():
        raise SettingError("models.err.bad_info", field="input_stats")

    if not isinstance(data, dict) or data.get("version") != 1 or data.get("features") != list(FEATURES):
        fail()
    try:
        mean = np.asarray(data["mean"], dtype=np.float64)
        inverse = np.asarray(data["inverse_covariance"], dtype=np.float64)
        threshold = float(data["threshold"])
        size = [int(v) for v in data["size"]]
    except (KeyError, TypeError, ValueError):
        fail()
    n = len(FEATURES)
    if mean.shape != (n,) or inverse.shape != (n, n) or not np.isfinite(mean).all() or not np.isfinite(inverse).all() \
            or not math.isfinite(threshold) or threshold <= 0 or len(size) != 2:
        fail()
    return {**data, "mean": mean.tolist(), "inverse_covariance": inverse.tolist(), "threshold": threshold, "size": size}
