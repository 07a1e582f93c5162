"""The image sets a learner can pick by name, and the Keras data sets with Keras's own cache.

`load_dataset(name, …)` returns training data with the interface of `cnnviz.training.pipeline`
(class names, counts, input shape, ``feed`` for ``model.fit``, ``samples``, ``val_arrays``):

- ``shapes``: drawn by cnnviz (`cnnviz.training.shapes`), offline, learnable in seconds → `ImageData`;
- ``few_shapes``: the overfitting lesson's set: five shapes on textured backgrounds, 800 training
  images of 64×64, offline → `ImageData`;
- ``mnist``, ``fashion_mnist``, ``cifar10``: `keras.datasets`, reusing Keras's cache
  (``$KERAS_HOME`` or ``~/.keras``, subfolder ``datasets``). A missing file is downloaded first
  with progress reported through a callback; offline, a `SettingError` names the file to place → `ImageData`;
- ``flowers``: TensorFlow's flower_photos at 180×180 (`cnnviz.training.flowers`) → streamed `FolderData`.

A learner's own folder, archive or URL: `cnnviz.training.folders`.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np

from cnnviz.errors import SettingError
from cnnviz.training.downloads import Progress, download, keras_home
from cnnviz.training.flowers import FLOWER_CLASSES, FLOWERS, load_flowers
from cnnviz.training.folders import IMAGE_SUFFIXES, MAX_IMAGE_SIDE, MIN_IMAGES_PER_CLASS, check_split
from cnnviz.training.folders import class_counts, load_directory, open_directory  # noqa: F401 (the loaders, by name)
from cnnviz.training.pipeline import FolderData, ImageData
from cnnviz.training.shapes import FEW_SHAPE_CLASSES, SHAPE_CLASSES, draw_shape, make_few_shapes, make_shapes

__all__ = ["ALL_DATASETS", "CLASS_NAMES", "DATASETS", "FolderData", "IMAGE_SUFFIXES", "ImageData", "KERAS_SETS",
           "MAX_IMAGE_SIDE", "MIN_IMAGES_PER_CLASS", "Progress", "SHAPE_CLASSES", "cache_paths", "class_counts",
           "draw_shape", "fetch", "keras_home", "load_dataset", "load_directory", "load_few_shapes",
           "load_keras_dataset", "load_shapes", "make_shapes", "open_directory"]

SHAPES = "shapes"
FEW_SHAPES = "few_shapes"
KERAS_SETS = ("mnist", "fashion_mnist", "cifar10")
DATASETS = (SHAPES, FEW_SHAPES, *KERAS_SETS)  # held as arrays (ImageData)
STREAMED_SETS = (FLOWERS,)  # streamed from files (FolderData)
ALL_DATASETS = (*DATASETS, *STREAMED_SETS)
IMAGE_SIZES = {SHAPES: 32, FEW_SHAPES: 64, FLOWERS: 180}  # each drawn or resized set's default side

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
    FEW_SHAPES: list(FEW_SHAPE_CLASSES),
    "mnist": [str(d) for d in range(10)],
    "fashion_mnist": ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
                      "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"],
    "cifar10": ["airplane", "automobile", "bird", "cat", "deer",
                "dog", "frog", "horse", "ship", "truck"],
    FLOWERS: list(FLOWER_CLASSES),
}


def _split_arrays(name: str, x: np.ndarray, y: np.ndarray, validation_split: float) -> ImageData:
    """The last `validation_split` of the images held out."""
    cut = len(x) - max(1, int(round(len(x) * validation_split)))
    return ImageData(name, CLASS_NAMES[name], x[:cut], y[:cut], x[cut:], y[cut:])


def load_shapes(n: int = 3000, size: int = 32, validation_split: float = 0.2, seed: int = 0) -> ImageData:
    """The offline default: `n` shape images, the last `validation_split` of them held out."""
    check_split(validation_split)
    return _split_arrays(SHAPES, *make_shapes(n, size, seed), validation_split)


def load_few_shapes(n: int = 1000, size: int = 64, validation_split: float = 0.2, seed: int = 0) -> ImageData:
    """The overfitting lesson's set: `n` textured five-shape images (800 training, 200 validation by default)."""
    check_split(validation_split)
    return _split_arrays(FEW_SHAPES, *make_few_shapes(n, size, seed), validation_split)


# ---------------------------------------------------------------------------------------------
# keras.datasets with Keras's own cache


def cache_paths(name: str) -> list[Path]:
    """Where Keras looks for the files of data set `name`."""
    return [keras_home() / sub / fname for sub, fname, _ in CACHE_FILES[name]]


def fetch(name: str, progress: Progress | None = None, timeout: float = 20.0) -> list[Path]:
    """Make sure the cache holds data set `name`; download missing files, reporting bytes through `progress`.

    Offline, raises `SettingError` naming the file (and where to get it) to place in the cache.
    """
    if name not in CACHE_FILES:
        raise SettingError("training.err.unknown_dataset", name=name, known=", ".join(ALL_DATASETS))
    paths = []
    for (sub, fname, origin), path in zip(CACHE_FILES[name], cache_paths(name)):
        if not path.exists():
            download(origin, path, progress, timeout)
        paths.append(path)
    return paths


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


def load_dataset(name: str, validation_split: float = 0.2, seed: int | None = None, limit: int | None = 10_000,
                 progress: Progress | None = None, image_size: int | None = None,
                 color_mode: str = "rgb") -> ImageData | FolderData:
    """Any named data set. `image_size` (a side, None = the set's own, `IMAGE_SIZES`) applies to the drawn
    sets and flowers; `seed` draws the shapes or picks flowers' validation files (None = the set's own)."""
    if name == SHAPES:
        return load_shapes(size=image_size or IMAGE_SIZES[SHAPES], validation_split=validation_split, seed=seed or 0)
    if name == FEW_SHAPES:
        return load_few_shapes(size=image_size or IMAGE_SIZES[FEW_SHAPES], validation_split=validation_split,
                               seed=seed or 0)
    if name in KERAS_SETS:
        return load_keras_dataset(name, limit=limit, progress=progress)
    if name == FLOWERS:
        side = image_size or IMAGE_SIZES[FLOWERS]
        return load_flowers((side, side), validation_split, 123 if seed is None else seed, color_mode, progress)
    raise SettingError("training.err.unknown_dataset", name=name, known=", ".join(ALL_DATASETS))
