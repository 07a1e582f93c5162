"""Image data sets for training: the offline shapes set, the Keras data sets, and a learner's own folders.

Every loader returns an `ImageData`: uint8 images ``(N, H, W, C)`` with integer labels, split into
training and validation parts, and the class names. Arrays rather than `tf.data` pipelines because
the sets here are small, the page needs to show single images, and an own-data folder is deleted
as soon as it has been read (see `cnnviz.training.archives`).

- ``shapes``: drawn by cnnviz (circle, square, triangle, cross) with random position, size,
  rotation, colours and noise; needs no download and is learnable in seconds on a CPU.
- ``mnist``, ``fashion_mnist``, ``cifar10``: `keras.datasets`, reusing Keras's cache
  (``$KERAS_HOME`` or ``~/.keras``, subfolder ``datasets``). A missing file is downloaded first
  with progress reported through a callback; offline, a `SettingError` names the file to place.
- a folder with one sub-folder per class: `keras.utils.image_dataset_from_directory`, as in
  TensorFlow's image-classification tutorial (validation_split, seed, image_size).
"""
from __future__ import annotations

import math
import os
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import numpy as np

from cnnviz.errors import SettingError

SHAPES = "shapes"
SHAPE_CLASSES = ("circle", "square", "triangle", "cross")
KERAS_SETS = ("mnist", "fashion_mnist", "cifar10")
DATASETS = (SHAPES, *KERAS_SETS)

_TF_BASE = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/"
_FASHION = ("train-labels-idx1-ubyte.gz", "train-images-idx3-ubyte.gz",
            "t10k-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz")
# The files Keras's loaders look for in its cache: (sub-folder of $KERAS_HOME, file name, origin).
CACHE_FILES: dict[str, list[tuple[str, str, str]]] = {
    "mnist": [("datasets", "mnist.npz", _TF_BASE + "mnist.npz")],
    "fashion_mnist": [("datasets/fashion-mnist", f, _TF_BASE + f) for f in _FASHION],
    # keras.datasets.cifar10 keeps the downloaded .tar.gz under this name and extracts it beside.
    "cifar10": [("datasets", "cifar-10-batches-py-target_archive",
                 "https://www.cs.toronto.edu/~kriz/cifar-10-python.tar.gz")],
}
CLASS_NAMES = {
    SHAPES: list(SHAPE_CLASSES),
    "mnist": [str(d) for d in range(10)],
    "fashion_mnist": ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
                      "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"],
    "cifar10": ["airplane", "automobile", "bird", "cat", "deer",
                "dog", "frog", "horse", "ship", "truck"],
}
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".bmp", ".gif")  # what image_dataset_from_directory reads
MIN_IMAGES_PER_CLASS = 2
MAX_IMAGE_SIDE = 256

Progress = Callable[[int, int | None], None]  # (bytes done, bytes total or None)


@dataclass
class ImageData:
    """Training and validation images with integer labels and the class names."""

    name: str
    class_names: list[str]
    x_train: np.ndarray  # (N, H, W, C) uint8
    y_train: np.ndarray  # (N,) int32
    x_val: np.ndarray  # (M, H, W, C) uint8
    y_val: np.ndarray  # (M,) int32

    @property
    def input_shape(self) -> tuple[int, int, int]:
        return tuple(int(d) for d in self.x_train.shape[1:])  # (H, W, C)

    @property
    def num_classes(self) -> int:
        return len(self.class_names)


# ---------------------------------------------------------------------------------------------
# The offline default: shapes drawn by cnnviz


def _polygon(kind: str, cx: float, cy: float, r: float, angle: float) -> list[tuple[float, float]]:
    """Corner points of a square, triangle or cross of 'radius' r around (cx, cy), rotated."""
    if kind == "square":
        pts = [(-1, -1), (1, -1), (1, 1), (-1, 1)]
        pts = [(x * 0.8, y * 0.8) for x, y in pts]
    elif kind == "triangle":
        pts = [(math.cos(a), math.sin(a)) for a in (-math.pi / 2, math.pi / 6, 5 * math.pi / 6)]
    else:  # cross: a plus sign of arm width 2·w
        w = 0.3
        pts = [(-w, -1), (w, -1), (w, -w), (1, -w), (1, w), (w, w), (w, 1), (-w, 1),
               (-w, w), (-1, w), (-1, -w), (-w, -w)]
    c, s = math.cos(angle), math.sin(angle)
    return [(cx + r * (x * c - y * s), cy + r * (x * s + y * c)) for x, y in pts]


def draw_shape(kind: str, size: int, rng: np.random.Generator) -> np.ndarray:
    """One RGB image ``(size, size, 3)`` uint8: a bright `kind` of random hue, place, size and angle on a dark background."""
    from PIL import Image, ImageDraw

    scale = 4  # draw large, then shrink: smooth edges
    big = size * scale
    background = rng.integers(0, 100, 3)  # a dark background …
    colour = rng.integers(120, 256, 3)  # … and a brighter shape of any hue
    colour[rng.integers(0, 3)] = 255
    r = rng.uniform(0.25, 0.45) * big
    cx, cy = rng.uniform(r, big - r, 2)
    img = Image.new("RGB", (big, big), tuple(int(v) for v in background))
    draw = ImageDraw.Draw(img)
    fill = tuple(int(v) for v in colour)
    if kind == "circle":
        draw.ellipse([cx - r, cy - r, cx + r, cy + r], fill=fill)
    else:
        draw.polygon(_polygon(kind, cx, cy, r, rng.uniform(0, 2 * math.pi)), fill=fill)
    pixels = np.asarray(img.resize((size, size), Image.BOX), dtype=np.float32)  # (H, W, 3)
    pixels += rng.normal(0, 8, pixels.shape)  # sensor noise
    return np.clip(pixels, 0, 255).astype(np.uint8)


def make_shapes(n: int = 2000, size: int = 32, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """`n` shape images ``(n, size, size, 3)`` uint8 and labels ``(n,)``, balanced over the classes."""
    rng = np.random.default_rng(seed)
    labels = np.arange(n) % len(SHAPE_CLASSES)
    rng.shuffle(labels)
    images = np.stack([draw_shape(SHAPE_CLASSES[k], size, rng) for k in labels])  # (n, H, W, 3)
    return images, labels.astype(np.int32)


def load_shapes(n: int = 3000, size: int = 32, validation_split: float = 0.2, seed: int = 0) -> ImageData:
    """The offline default: `n` shape images, the last `validation_split` of them held out."""
    _check_split(validation_split)
    x, y = make_shapes(n, size, seed)
    cut = n - max(1, int(round(n * validation_split)))
    return ImageData(SHAPES, list(SHAPE_CLASSES), x[:cut], y[:cut], x[cut:], y[cut:])


# ---------------------------------------------------------------------------------------------
# keras.datasets with Keras's own cache


def keras_home() -> Path:
    """Keras's cache folder: ``$KERAS_HOME`` or ``~/.keras`` (as `keras.utils.get_file` uses it)."""
    return Path(os.environ.get("KERAS_HOME") or Path("~/.keras").expanduser())


def cache_paths(name: str) -> list[Path]:
    """Where Keras looks for the files of data set `name`."""
    return [keras_home() / sub / fname for sub, fname, _ in CACHE_FILES[name]]


def fetch(name: str, progress: Progress | None = None, timeout: float = 20.0) -> list[Path]:
    """Make sure the cache holds data set `name`; download missing files, reporting bytes through `progress`.

    Offline, raises `SettingError` naming the file (and where to get it) to place in the cache.
    """
    if name not in CACHE_FILES:
        raise SettingError("training.err.unknown_dataset", name=name, known=", ".join(DATASETS))
    paths = []
    for (sub, fname, origin), path in zip(CACHE_FILES[name], cache_paths(name)):
        if not path.exists():
            _download(origin, path, progress, timeout)
        paths.append(path)
    return paths


def _download(origin: str, path: Path, progress: Progress | None, timeout: float) -> None:
    part = path.with_name(path.name + ".part")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with urllib.request.urlopen(origin, timeout=timeout) as response, open(part, "wb") as out:
            total = response.length
            done = 0
            while chunk := response.read(1 << 16):
                out.write(chunk)
                done += len(chunk)
                if progress:
                    progress(done, total)
        part.replace(path)
    except (urllib.error.URLError, OSError, ValueError) as err:
        part.unlink(missing_ok=True)
        raise SettingError("training.err.offline", path=str(path), url=origin,
                           reason=str(getattr(err, "reason", err))) from None


def load_keras_dataset(name: str, limit: int | None = 10_000, progress: Progress | None = None) -> ImageData:
    """MNIST, Fashion-MNIST or CIFAR-10: the first `limit` training and `limit // 5` test images.

    The test images are the validation set (they are held out from training).
    """
    import keras

    fetch(name, progress)
    loader = {"mnist": keras.datasets.mnist, "fashion_mnist": keras.datasets.fashion_mnist,
              "cifar10": keras.datasets.cifar10}[name]
    try:
        (x_train, y_train), (x_test, y_test) = loader.load_data()
    except (ValueError, OSError, EOFError) as err:  # a damaged cache file
        raise SettingError("training.err.bad_cache", path=str(cache_paths(name)[0]), reason=str(err)) from None
    if limit:
        x_train, y_train = x_train[:limit], y_train[:limit]
        x_test, y_test = x_test[:max(1, limit // 5)], y_test[:max(1, limit // 5)]
    if x_train.ndim == 3:  # grey images come without a channel axis
        x_train, x_test = x_train[..., None], x_test[..., None]  # (N, H, W, 1)
    return ImageData(name, CLASS_NAMES[name], x_train, y_train.reshape(-1).astype(np.int32),
                     x_test, y_test.reshape(-1).astype(np.int32))


def load_dataset(name: str, validation_split: float = 0.2, seed: int = 0, limit: int | None = 10_000,
                 progress: Progress | None = None, image_size: int = 32) -> ImageData:
    """Any built-in data set by name: ``shapes`` or one of `KERAS_SETS`."""
    if name == SHAPES:
        return load_shapes(size=image_size, validation_split=validation_split, seed=seed)
    if name in KERAS_SETS:
        return load_keras_dataset(name, limit=limit, progress=progress)
    raise SettingError("training.err.unknown_dataset", name=name, known=", ".join(DATASETS))


# ---------------------------------------------------------------------------------------------
# The learner's own images: one folder per class


def _check_split(validation_split: float) -> None:
    if not 0.05 <= validation_split <= 0.5:
        raise SettingError("training.err.split", value=validation_split)


def class_counts(root: str | Path) -> dict[str, int]:
    """Image files per class folder (what image_dataset_from_directory will find)."""
    root = Path(root)
    return {d.name: sum(1 for f in d.rglob("*") if f.is_file() and f.suffix.lower() in IMAGE_SUFFIXES)
            for d in sorted(root.iterdir()) if d.is_dir()}


def load_directory(root: str | Path, image_size: tuple[int, int] = (64, 64), validation_split: float = 0.2,
                   seed: int = 123, color_mode: str = "rgb") -> ImageData:
    """Images in ``root/<class>/…`` read with `keras.utils.image_dataset_from_directory`, into arrays."""
    _check_split(validation_split)
    h, w = image_size
    if not (4 <= h <= MAX_IMAGE_SIDE and 4 <= w <= MAX_IMAGE_SIDE):
        raise SettingError("training.err.image_size", h=h, w=w, lo=4, hi=MAX_IMAGE_SIDE)
    counts = class_counts(root)
    if len(counts) < 2:
        raise SettingError("training.err.few_classes", found=len(counts), names=", ".join(counts) or "-")
    small = {k: v for k, v in counts.items() if v < MIN_IMAGES_PER_CLASS}
    if small:
        raise SettingError("training.err.small_class", names=", ".join(f"{k} ({v})" for k, v in small.items()),
                           need=MIN_IMAGES_PER_CLASS)
    import keras

    train_ds, val_ds = keras.utils.image_dataset_from_directory(
        str(root), validation_split=validation_split, subset="both", seed=seed, image_size=(h, w),
        batch_size=64, color_mode=color_mode, shuffle=True, verbose=False)
    class_names = list(train_ds.class_names)
    x_train, y_train = _to_arrays(train_ds, h, w)
    x_val, y_val = _to_arrays(val_ds, h, w)
    if len(x_train) == 0 or len(x_val) == 0:
        raise SettingError("training.err.too_few", n=len(x_train) + len(x_val), split=validation_split)
    return ImageData(Path(root).name, class_names, x_train, y_train, x_val, y_val)


def _to_arrays(ds, h: int, w: int) -> tuple[np.ndarray, np.ndarray]:
    xs, ys = [], []
    for images, labels in ds:
        xs.append(np.clip(np.asarray(images), 0, 255).astype(np.uint8))  # (B, H, W, C)
        ys.append(np.asarray(labels, dtype=np.int32))
    if not xs:
        return np.zeros((0, h, w, 3), np.uint8), np.zeros((0,), np.int32)
    return np.concatenate(xs), np.concatenate(ys)
