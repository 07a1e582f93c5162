"""How images reach ``model.fit``: arrays for the small built-in sets, a tf.data stream for image folders.

Both kinds of training data offer the same interface, which `TrainingRun`, `evaluation` and
the pages use:

- ``name``, ``class_names``, ``num_classes``, ``input_shape`` ``(H, W, C)``, ``n_train``, ``n_val``;
- ``feed(batch_size, seed)`` → a `Feed`: the keyword arguments of ``model.fit`` (and the cache
  files to remove when the run ends);
- ``samples(n)`` → the first `n` training images ``(n, H, W, C)`` uint8 and their labels;
- ``val_arrays(max_n)`` → the first `max_n` validation images and labels, in the order
  `val_batches` yields them (so a mistake's index points at its image);
- ``val_batches(batch_size)`` → all validation images, batch by batch, never all at once.

`ImageData` holds uint8 arrays. `FolderData` streams ``root/<class>/…`` the way TensorFlow's
image-classification tutorial does: ``image_dataset_from_directory`` → ``.cache()`` →
``.shuffle()`` → ``.batch()`` → ``.prefetch(AUTOTUNE)``. Images are rounded to uint8 before the
cache (a quarter of float32's memory); the cache is in memory when a split is small
(`MEMORY_CACHE_BYTES`), else a file under ``data_dir()/cache`` removed when the run ends. The
file order is shuffled once (``image_dataset_from_directory``'s seed) before the cache; each epoch
then mixes it again through a shuffle buffer of at most `SHUFFLE_BYTES` (1,000 small images, 86
photos of 180×180), which keeps a big set's memory low.
A `FolderData` pickles as paths and numbers (Streamlit's ``cache_data``); its datasets are made
again after unpickling (Keras then prints its "Using N files …" lines once more).
"""
from __future__ import annotations

import shutil
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

import numpy as np

# Memory: the tutorial's model at 180×180, batch 32, itself needs about 350 MB to train (activations,
# gradients, Adam's slots, the traced graph); these keep the pipeline's share near 130 MB (bench/flowers_memory.py).
MEMORY_CACHE_BYTES = 32 * 2**20  # a split up to this size (as uint8) is cached in memory, else in a file
SHUFFLE_ELEMENTS = 1000  # the tutorial's shuffle(1000) …
SHUFFLE_BYTES = 8 * 2**20  # … but never more bytes of images than this waiting (and never fewer than a batch)
RAM_BUDGET = 32 * 2**20  # what tf.data's AUTOTUNE may spend on buffers (parallel decoding, prefetch)
STALE_CACHE_SECONDS = 24 * 3600  # cache files left by a process that died are removed after a day


@dataclass
class Feed:
    """What ``model.fit`` gets for one run (``fit_kwargs``) and the cache files to remove afterwards."""

    fit_kwargs: dict
    cache_files: list[Path] = field(default_factory=list)

    def close(self) -> None:
        for path in self.cache_files:
            for f in path.parent.glob(path.name + "*"):  # tf.data writes <name>.index, <name>.data-…, <name>.lockfile
                f.unlink(missing_ok=True)

    def __enter__(self) -> Feed:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


@dataclass
class ImageData:
    """Training and validation images as uint8 arrays with integer labels, and the class names."""

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

    @property
    def n_train(self) -> int:
        return len(self.x_train)

    @property
    def n_val(self) -> int:
        return len(self.x_val)

    def feed(self, batch_size: int, seed: int | None = None) -> Feed:
        return Feed({"x": self.x_train, "y": self.y_train, "validation_data": (self.x_val, self.y_val),
                     "batch_size": batch_size, "shuffle": True})

    def samples(self, n: int = 12) -> tuple[np.ndarray, np.ndarray]:
        return self.x_train[:n], self.y_train[:n]

    def val_arrays(self, max_n: int = 256) -> tuple[np.ndarray, np.ndarray]:
        return self.x_val[:max_n], self.y_val[:max_n]

    def val_batches(self, batch_size: int = 256) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        for i in range(0, self.n_val, batch_size):
            yield self.x_val[i:i + batch_size], self.y_val[i:i + batch_size]


@dataclass
class FolderData:
    """Images in ``root/<class>/…``, streamed with tf.data (see the module docstring); counts known up front."""

    root: Path
    name: str
    class_names: list[str]
    image_size: tuple[int, int]  # (H, W) every image is resized to
    color_mode: str  # "rgb" or "grayscale", as image_dataset_from_directory calls them
    validation_split: float
    seed: int  # image_dataset_from_directory's: which files are held out, and the shuffle order
    n_train: int
    n_val: int
    counts: dict[str, int]  # image files per class folder
    memory_cache_bytes: int = MEMORY_CACHE_BYTES
    _datasets: tuple | None = field(default=None, repr=False, compare=False)  # (train, val), not pickled
    _samples: dict = field(default_factory=dict, repr=False, compare=False)

    def __getstate__(self) -> dict:
        return {**self.__dict__, "_datasets": None}

    @property
    def input_shape(self) -> tuple[int, int, int]:
        return (*self.image_size, 1 if self.color_mode == "grayscale" else 3)  # (H, W, C)

    @property
    def num_classes(self) -> int:
        return len(self.class_names)

    @property
    def image_bytes(self) -> int:
        h, w, c = self.input_shape
        return h * w * c

    def split(self):
        """``image_dataset_from_directory(…, subset="both")`` unbatched, as uint8: (training, validation) datasets.

        Made once per object: each pipeline built on them starts from the same file lists.
        """
        if self._datasets is None:
            import keras
            import tensorflow as tf

            train, val = keras.utils.image_dataset_from_directory(
                str(self.root), validation_split=self.validation_split, subset="both", seed=self.seed,
                image_size=self.image_size, batch_size=None, color_mode=self.color_mode, shuffle=True, verbose=False)
            self.class_names = list(train.class_names)

            @tf.autograph.experimental.do_not_convert  # plain ops: no AutoGraph (which writes temporary files)
            def to_uint8(image, label):  # image (H, W, C) float32 from the resize
                return tf.cast(tf.clip_by_value(tf.round(image), 0, 255), tf.uint8), label

            self._datasets = (train.map(to_uint8, num_parallel_calls=tf.data.AUTOTUNE),
                              val.map(to_uint8, num_parallel_calls=tf.data.AUTOTUNE))
        return self._datasets

    def feed(self, batch_size: int, seed: int | None = None) -> Feed:
        """The tutorial's pipeline: cache (memory or a file), shuffle (training only), batch, prefetch."""
        import tensorflow as tf

        train, val = self.split()
        feed = Feed({})
        shuffle = max(batch_size, min(self.n_train, SHUFFLE_ELEMENTS, SHUFFLE_BYTES // self.image_bytes))
        train = self._cache(train, self.n_train, "train", feed).shuffle(shuffle, seed=seed, reshuffle_each_iteration=True)
        val = self._cache(val, self.n_val, "val", feed)
        options = tf.data.Options()
        options.autotune.ram_budget = RAM_BUDGET
        feed.fit_kwargs = {"x": train.batch(batch_size).prefetch(tf.data.AUTOTUNE).with_options(options),
                           "validation_data": val.batch(batch_size).prefetch(tf.data.AUTOTUNE).with_options(options),
                           "shuffle": False}  # shuffled above, by the dataset itself
        return feed

    def _cache(self, ds, n: int, part: str, feed: Feed):
        if n * self.image_bytes <= self.memory_cache_bytes:
            return ds.cache()
        folder = cache_dir()
        path = folder / f"{uuid.uuid4().hex}-{part}"
        feed.cache_files.append(path)
        return ds.cache(str(path))

    def samples(self, n: int = 12) -> tuple[np.ndarray, np.ndarray]:
        """`n` training images (each call on this object gives the same ones)."""
        if n not in self._samples:
            self._samples[n] = _arrays(self.split()[0].take(n), self.input_shape)
        return self._samples[n]

    def val_arrays(self, max_n: int = 256) -> tuple[np.ndarray, np.ndarray]:
        return _arrays(self.split()[1].take(max_n), self.input_shape)

    def val_batches(self, batch_size: int = 256) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        for images, labels in self.split()[1].batch(batch_size).as_numpy_iterator():
            yield images, labels.astype(np.int32)  # (B, H, W, C) uint8, (B,)


def _arrays(ds, shape: tuple[int, int, int]) -> tuple[np.ndarray, np.ndarray]:
    pairs = list(ds.as_numpy_iterator())
    if not pairs:
        return np.zeros((0, *shape), np.uint8), np.zeros((0,), np.int32)
    return np.stack([p[0] for p in pairs]), np.array([p[1] for p in pairs], np.int32)  # (n, H, W, C), (n,)


def cache_dir() -> Path:
    """``data_dir()/cache``, where a split too big for memory is cached; files older than a day are removed."""
    from cnnviz.paths import data_dir

    folder = data_dir() / "cache"
    folder.mkdir(parents=True, exist_ok=True)
    now = time.time()
    for f in folder.iterdir():
        try:
            if now - f.stat().st_mtime > STALE_CACHE_SECONDS:
                shutil.rmtree(f) if f.is_dir() else f.unlink()
        except OSError:
            pass
    return folder
