"""Regenerate the bundled sample photographs in assets/images from scikit-image's offline sample data.

Run: /work/venv/bin/python scripts/make_sample_images.py
Each image is center-cropped to a square (the explorer feeds square inputs), resized with
LANCZOS to 256×256 and saved as JPEG quality 85. Only images that scikit-image ships inside
its wheel are used, so nothing is downloaded. Origins and licences: assets/images/SOURCES.md.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
from PIL import Image

SIDE = 256
QUALITY = 85
OUT = Path(__file__).resolve().parent.parent / "assets" / "images"

# file name (lowercase, no extension) → skimage.data function name.
SAMPLES = {
    "astronaut": "astronaut",
    "brick": "brick",
    "camera": "camera",
    "cat": "chelsea",
    "coffee": "coffee",
    "coins": "coins",
    "hubble": "hubble_deep_field",
    "rocket": "rocket",
}


def square_256(pixels: np.ndarray) -> Image.Image:
    """Center-crop an (H, W[, 3]) uint8 array to a square and resize it to SIDE×SIDE."""
    h, w = pixels.shape[:2]
    side = min(h, w)
    top, left = (h - side) // 2, (w - side) // 2
    crop = pixels[top:top + side, left:left + side]  # (side, side[, 3])
    return Image.fromarray(crop).resize((SIDE, SIDE), Image.Resampling.LANCZOS)


def main() -> None:
    import skimage.data  # only this script needs scikit-image; the app reads the JPEGs

    OUT.mkdir(parents=True, exist_ok=True)
    for name, function in SAMPLES.items():
        pixels = getattr(skimage.data, function)()
        image = square_256(np.asarray(pixels, dtype=np.uint8))
        path = OUT / f"{name}.jpg"
        # optimize=True shrinks the Huffman tables; no EXIF, so no orientation surprises.
        image.save(path, "JPEG", quality=QUALITY, optimize=True)
        print(f"{path.name}: {image.mode} {image.size[0]}×{image.size[1]}, {path.stat().st_size // 1024} KB")


if __name__ == "__main__":
    main()
