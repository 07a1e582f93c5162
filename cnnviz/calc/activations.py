"""The activations' arithmetic in NumPy, as Keras computes it: ReLU and softmax.

softmax(z)_k = exp(z_k − max z) / Σ_j exp(z_j − max z) (subtracting the max changes nothing and
keeps exp from overflowing), over the last axis. NumPy only; no TensorFlow.
"""
from __future__ import annotations

import numpy as np


def relu(x: np.ndarray) -> np.ndarray:
    """max(x, 0), element by element."""
    return np.maximum(x, 0.0)


def softmax(z: np.ndarray) -> np.ndarray:
    """Probabilities over the last axis of logits `z` (…, K); each row sums to 1."""
    z = np.asarray(z, dtype=np.float64)
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)
