"""Colour scales as lookup tables, the one font, and JPEG bytes: what every picture of cnnviz is drawn with.

* `DIVERGING` (ColorBrewer RdBu, reversed): blue negative, white 0, red positive — weights and
  feature maps, where the sign matters. `colorize_signed` puts 0 exactly on the white middle.
* `VIRIDIS`: activations and other maps read as "how much", low to high (`colorize_range`).
* `TURBO`: heat over an image (Grad-CAM and the other attributions).

Pure Pillow + NumPy; no Streamlit.
"""
from __future__ import annotations

import io
from functools import lru_cache

import numpy as np
from PIL import Image, ImageFont

DIVERGING_ANCHORS = ((33, 102, 172), (146, 197, 222), (247, 247, 247), (244, 165, 130), (178, 24, 43))
VIRIDIS_ANCHORS = ((68, 1, 84), (59, 82, 139), (33, 145, 140), (94, 201, 98), (253, 231, 37))
TURBO_ANCHORS = ((48, 18, 59), (70, 134, 251), (26, 228, 182), (164, 252, 60), (251, 185, 56), (226, 64, 10),
                 (122, 4, 3))


def lookup_table(anchors, n: int = 256) -> np.ndarray:
    """`n` colours (n, 3) uint8 interpolated evenly between the anchor colours."""
    a = np.asarray(anchors, dtype=np.float64)  # (A, 3)
    x = np.linspace(0, len(a) - 1, n)
    return np.stack([np.interp(x, np.arange(len(a)), a[:, i]) for i in range(3)], axis=1).astype(np.uint8)  # (n, 3)


# 255 diverging colours so that 0 falls exactly on the middle one (index 127, white).
DIVERGING = lookup_table(DIVERGING_ANCHORS, 255)
VIRIDIS = lookup_table(VIRIDIS_ANCHORS)
TURBO = lookup_table(TURBO_ANCHORS)
SCALES = {"diverging": DIVERGING, "viridis": VIRIDIS, "turbo": TURBO}
PLOTLY_DIVERGING = [[i / 4, f"rgb({r},{g},{b})"] for i, (r, g, b) in enumerate(DIVERGING_ANCHORS)]


def colorize_signed(values: np.ndarray, limit) -> np.ndarray:
    """(H, W[, F]) floats → (H, W[, F], 3) uint8 on the diverging scale from −limit to +limit, 0 white.

    `limit` is a number or one per map (F,), broadcast over the last axis; ±inf go to the ends, NaN to white.
    """
    values = np.asarray(values, dtype=np.float32)
    scaled = values * (np.float32(127.0) / np.asarray(limit, dtype=np.float32))  # a new array: the caller's stays
    scaled += np.float32(127.5)  # +127 puts 0 on the white middle colour, +0.5 rounds to the nearest
    np.clip(scaled, 0, 254, out=scaled)
    idx = np.nan_to_num(scaled, nan=127.0, copy=False).astype(np.uint8)
    return DIVERGING.take(idx, axis=0)


def colorize_range(values: np.ndarray, lo: float, hi: float, scale: str = "viridis") -> np.ndarray:
    """A 2-D array → RGB uint8 (H, W, 3), `lo`…`hi` spread over the named colour scale."""
    table = SCALES[scale]
    span = hi - lo if hi > lo else 1.0
    index = np.clip((np.asarray(values, dtype=np.float64) - lo) / span * (len(table) - 1), 0, len(table) - 1)
    return table[np.nan_to_num(index).astype(np.int64)]  # (H, W, 3)


@lru_cache(maxsize=16)
def font(size: int = 12):
    """Pillow's bundled font at `size` pixels (no font file needed, nothing fetched)."""
    return ImageFont.load_default(size=size)


def to_jpeg(image: Image.Image, quality: int = 92) -> bytes:
    """JPEG bytes without chroma subsampling: ~50× faster to encode than the PNG Streamlit would make."""
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=quality, subsampling=0)
    return buffer.getvalue()
