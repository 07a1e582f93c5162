"""TensorFlow's flower_photos: 3,670 photos of five flowers, streamed at 180×180 as in the tutorial.

`load_flowers()` gets ``flower_photos.tgz`` into Keras's cache (``$KERAS_HOME`` or ``~/.keras``,
subfolder ``datasets``) and unpacks it with ``keras.utils.get_file(…, extract=True)``, then opens
the class folders as a streamed `FolderData` (``validation_split=0.2``, ``seed=123``,
``image_size=(180, 180)``: the tutorial's numbers). The download itself is done here first so
that its progress can be reported; without internet, a `SettingError` names the file to place
and where. The unpacked folder is reused afterwards (get_file would unpack again on every call).
"""
from __future__ import annotations

import tarfile
import warnings
import zlib
from pathlib import Path

from cnnviz.errors import SettingError
from cnnviz.training.extraction import class_root
from cnnviz.training.downloads import Progress, download, keras_home
from cnnviz.training.folders import check_split, open_directory
from cnnviz.training.pipeline import FolderData

FLOWERS = "flowers"
FLOWERS_URL = "https://storage.googleapis.com/download.tensorflow.org/example_images/flower_photos.tgz"
ARCHIVE_NAME = "flower_photos.tgz"
FLOWER_CLASSES = ("daisy", "dandelion", "roses", "sunflowers", "tulips")
IMAGE_SIZE = (180, 180)  # img_height, img_width in the tutorial
SEED = 123  # the tutorial's image_dataset_from_directory seed
UNPACKED = ".cnnviz-unpacked"  # written once get_file has finished unpacking


def archive_path() -> Path:
    """Where the downloaded archive sits in Keras's cache (the file to place there by hand when offline)."""
    return keras_home() / "datasets" / ARCHIVE_NAME


def unpacked_path() -> Path:
    """The folder ``keras.utils.get_file("flower_photos.tgz", extract=True)`` unpacks into."""
    return keras_home() / "datasets" / "flower_photos_extracted"


def fetch_flowers(progress: Progress | None = None, timeout: float = 20.0) -> Path:
    """The folder holding daisy/, dandelion/, roses/, sunflowers/, tulips/; downloaded and unpacked on first use."""
    folder = unpacked_path()
    if not (folder / UNPACKED).exists():
        archive = archive_path()
        if not archive.exists():
            download(FLOWERS_URL, archive, progress, timeout)
        import keras

        try:
            with warnings.catch_warnings():  # "Could not extract archive.": said below as a sentence
                warnings.simplefilter("ignore")
                keras.utils.get_file(ARCHIVE_NAME, origin=FLOWERS_URL, extract=True, cache_dir=str(keras_home()))
        except (tarfile.TarError, OSError, EOFError, zlib.error) as err:
            raise SettingError("training.err.bad_cache", path=str(archive), reason=str(err)[:200]) from None
        if not folder.is_dir():
            raise SettingError("training.err.bad_cache", path=str(archive), reason="not a tar archive")
        (folder / UNPACKED).touch()
    return class_root(folder, frozenset({UNPACKED}))


def load_flowers(image_size: tuple[int, int] = IMAGE_SIZE, validation_split: float = 0.2, seed: int = SEED,
                 color_mode: str = "rgb", progress: Progress | None = None) -> FolderData:
    """flower_photos as a streamed `FolderData` (downloaded first if Keras's cache does not hold it)."""
    check_split(validation_split)  # before a 218 MB download
    return open_directory(fetch_flowers(progress), tuple(image_size), validation_split, seed, color_mode,
                          name=FLOWERS)
