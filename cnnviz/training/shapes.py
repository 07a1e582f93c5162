"""Image sets cnnviz draws itself, so training works offline: ``shapes`` and the harder ``few_shapes``.

- ``shapes``: a bright circle, square, triangle or cross of random hue, place, size and angle on
  a dark plain background, with sensor noise. 3,000 images: learnable in seconds on a CPU.
- ``few_shapes``: the overfitting lesson's set. Five shapes (a star besides the four) of any
  colour on textured backgrounds (stripes, checks, blotches, of any colour), varied sizes and
  angles, and few images (600, 64×64): the tutorial's flowers model memorises the training images
  and trails on the validation images, as in TensorFlow's image-classification tutorial; the same
  model with augmentation and Dropout trails far less (bench/overfitting_lesson.py).

Everything is a pure function of the seed: the same seed draws the same images.
"""
from __future__ import annotations

import math

import numpy as np

SHAPE_CLASSES = ("circle", "square", "triangle", "cross")
FEW_SHAPE_CLASSES = (*SHAPE_CLASSES, "star")
SCALE = 4  # draw large, then shrink: smooth edges
CONTRAST = 90  # how far apart a texture's two colours may be, per channel


def _polygon(kind: str, cx: float, cy: float, r: float, angle: float) -> list[tuple[float, float]]:
    """Corner points of a square, triangle, cross or star of 'radius' r around (cx, cy), rotated."""
    if kind == "square":
        pts = [(-1, -1), (1, -1), (1, 1), (-1, 1)]
        pts = [(x * 0.8, y * 0.8) for x, y in pts]
    elif kind == "triangle":
        pts = [(math.cos(a), math.sin(a)) for a in (-math.pi / 2, math.pi / 6, 5 * math.pi / 6)]
    elif kind == "star":  # five points, inner radius 0.45
        pts = [((1.0 if i % 2 == 0 else 0.45) * math.cos(-math.pi / 2 + i * math.pi / 5),
                (1.0 if i % 2 == 0 else 0.45) * math.sin(-math.pi / 2 + i * math.pi / 5)) for i in range(10)]
    else:  # cross: a plus sign of arm width 2·w
        w = 0.3
        pts = [(-w, -1), (w, -1), (w, -w), (1, -w), (1, w), (w, w), (w, 1), (-w, 1),
               (-w, w), (-1, w), (-1, -w), (-w, -w)]
    c, s = math.cos(angle), math.sin(angle)
    return [(cx + r * (x * c - y * s), cy + r * (x * s + y * c)) for x, y in pts]


def _draw(img, kind: str, cx: float, cy: float, r: float, angle: float, fill: tuple[int, int, int]) -> None:
    from PIL import ImageDraw

    draw = ImageDraw.Draw(img)
    if kind == "circle":
        draw.ellipse([cx - r, cy - r, cx + r, cy + r], fill=fill)
    else:
        draw.polygon(_polygon(kind, cx, cy, r, angle), fill=fill)


def draw_shape(kind: str, size: int, rng: np.random.Generator) -> np.ndarray:
    """One RGB image ``(size, size, 3)`` uint8: a bright `kind` of random hue, place, size and angle on a dark background."""
    from PIL import Image

    big = size * SCALE
    background = rng.integers(0, 100, 3)  # a dark background …
    colour = rng.integers(120, 256, 3)  # … and a brighter shape of any hue
    colour[rng.integers(0, 3)] = 255
    r = rng.uniform(0.25, 0.45) * big
    cx, cy = rng.uniform(r, big - r, 2)
    img = Image.new("RGB", (big, big), tuple(int(v) for v in background))
    _draw(img, kind, cx, cy, r, rng.uniform(0, 2 * math.pi), tuple(int(v) for v in colour))
    pixels = np.asarray(img.resize((size, size), Image.BOX), dtype=np.float32)  # (H, W, 3)
    pixels += rng.normal(0, 8, pixels.shape)  # sensor noise
    return np.clip(pixels, 0, 255).astype(np.uint8)


def make_shapes(n: int = 2000, size: int = 32, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """`n` shape images ``(n, size, size, 3)`` uint8 and labels ``(n,)``, balanced over the classes."""
    return _balanced(n, size, seed, SHAPE_CLASSES, draw_shape)


def _balanced(n: int, size: int, seed: int, names, draw) -> tuple[np.ndarray, np.ndarray]:
    """`n` images drawn by ``draw(name, size, rng)``, the same number of each class in a shuffled order."""
    rng = np.random.default_rng(seed)
    labels = np.arange(n) % len(names)
    rng.shuffle(labels)
    images = np.stack([draw(names[k], size, rng) for k in labels])  # (n, H, W, 3)
    return images, labels.astype(np.int32)


# ---------------------------------------------------------------------------------------------
# few_shapes: textured backgrounds, five classes, few images


def texture(size: int, rng: np.random.Generator) -> np.ndarray:
    """A random background ``(size, size, 3)`` float32 in 0–255: stripes, checks or colour blotches."""
    yy, xx = np.mgrid[0:size, 0:size].astype(np.float32) / size  # (H, W) each
    a = rng.uniform(40, 215, 3)  # two colours of the same kind, so the shape stands out from both
    b = np.clip(a + rng.uniform(-CONTRAST, CONTRAST, 3), 0, 255)
    kind = rng.integers(0, 3)
    if kind == 0:  # stripes at any angle and period
        t = math.tau * rng.uniform(2, 7) * (xx * math.cos(th := rng.uniform(0, math.pi)) + yy * math.sin(th))
        mix = 0.5 + 0.5 * np.sin(t)  # (H, W)
    elif kind == 1:  # checks, turned
        k = rng.uniform(2, 6)
        th = rng.uniform(0, math.pi)
        u, v = xx * math.cos(th) + yy * math.sin(th), -xx * math.sin(th) + yy * math.cos(th)
        mix = ((np.floor(u * k) + np.floor(v * k)) % 2).astype(np.float32)
    else:  # blotches: coarse random grid, smoothly enlarged
        from PIL import Image

        g = rng.integers(3, 7)
        coarse = Image.fromarray((rng.uniform(0, 255, (g, g))).astype(np.uint8))
        mix = np.asarray(coarse.resize((size, size), Image.BICUBIC), dtype=np.float32) / 255
    return a * mix[..., None] + b * (1 - mix[..., None])  # (H, W, 3)


def draw_few_shape(kind: str, size: int, rng: np.random.Generator) -> np.ndarray:
    """One RGB image ``(size, size, 3)`` uint8: `kind` of any colour, size (¼–¾ of the image) and angle on a texture."""
    from PIL import Image

    big = size * SCALE
    back = texture(big, rng)  # (big, big, 3)
    r = rng.uniform(0.2, 0.42) * big
    cx, cy = rng.uniform(r, big - r, 2)
    mask = Image.new("L", (big, big), 0)
    _draw(mask, kind, cx, cy, r, rng.uniform(0, 2 * math.pi), 255)
    alpha = np.asarray(mask, dtype=np.float32)[..., None] / 255  # (big, big, 1)
    mean = back.mean(axis=(0, 1))  # (3,)
    colour = np.where(mean < 128, rng.uniform(170, 255, 3), rng.uniform(0, 85, 3))  # far from the background
    pixels = back * (1 - alpha) + colour * alpha  # (big, big, 3)
    small = Image.fromarray(pixels.astype(np.uint8)).resize((size, size), Image.BOX)
    out = np.asarray(small, dtype=np.float32) + rng.normal(0, 10, (size, size, 3))  # sensor noise
    return np.clip(out, 0, 255).astype(np.uint8)


def make_few_shapes(n: int = 600, size: int = 64, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """`n` textured shape images ``(n, size, size, 3)`` uint8 and labels ``(n,)``, balanced over five classes."""
    return _balanced(n, size, seed, FEW_SHAPE_CLASSES, draw_few_shape)
