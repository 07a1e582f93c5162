"""The training page's data in Streamlit: named sets shared by every session, a learner's archive kept per session,
download progress, and the sample and augmentation pictures."""
from __future__ import annotations

import numpy as np
import streamlit as st

from cnnviz.training import datasets
from cnnviz.training import plots
from cnnviz.training.run import TrainSettings, augment_samples
from cnnviz.web.lang import tr

SOURCE_DATA = "training.source_data"  # session-state key: (source, settings) -> (FolderData, notices)


@st.cache_resource(max_entries=6, show_spinner=False)
def builtin_data(name: str, validation_split: float, limit: int, image_size: int, color_mode: str):
    """A named data set, shared by every session (read-only arrays, or a streamed folder's file lists)."""
    return datasets.load_dataset(name, validation_split=validation_split, limit=limit, image_size=image_size or None,
                                 color_mode=color_mode)


def _progress_bar(name: str):
    """A progress bar for a download, and the callback that moves it."""
    bar = st.progress(0.0, text=tr("training.data.downloading", name=name, done=0, total="?"))

    def report(done: int, total: int | None) -> None:
        mb = lambda n: f"{n / 2**20:.1f}"  # noqa: E731
        bar.progress(min(1.0, done / total) if total else 0.0,
                     text=tr("training.data.downloading", name=name, done=mb(done), total=mb(total) if total else "?"))

    return bar, report


def load_builtin(name: str, validation_split: float, limit: int, image_size: int = 0, color_mode: str = "rgb"):
    """A named data set; a missing download (Keras's data sets, the flower photos) comes first, with a progress bar."""
    from cnnviz.training import flowers

    if name in datasets.KERAS_SETS and not all(p.exists() for p in datasets.cache_paths(name)):
        bar, report = _progress_bar(name)
        datasets.fetch(name, report)
        bar.empty()
    elif name == flowers.FLOWERS and not flowers.unpacked_path().exists():
        bar, report = _progress_bar(name)
        flowers.fetch_flowers(report)
        bar.empty()
    return builtin_data(name, validation_split, limit, image_size, color_mode)


def load_source(source, key: tuple, image_size: int, validation_split: float, color_mode: str):
    """A learner's archive (upload bytes), URL or allowed server folder → streamed data and the skipped files' notices.

    Extracted to disk under the data folder (`cnnviz.training.folders`), never held whole in memory;
    kept for this session per (source, settings).
    """
    from cnnviz.training.folders import open_source

    cached = st.session_state.get(SOURCE_DATA)
    if cached and cached[0] == key:
        return cached[1]
    side = image_size or 180
    bar, report = _progress_bar(key[0] if isinstance(key[0], str) else "archive")
    try:
        data, notices = open_source(source, (side, side), validation_split, color_mode=color_mode, progress=report)
    finally:
        bar.empty()
    st.session_state[SOURCE_DATA] = (key, (data, notices))
    return data, notices


@st.cache_data(max_entries=32, show_spinner=False)
def augmentation_preview(image: np.ndarray, flip: bool, rotation: float, zoom: float):
    settings = TrainSettings(flip=flip, rotation=rotation, zoom=zoom)
    return plots.image_grid(augment_samples(image, settings) if settings.augmented else np.repeat(image[None], 9, 0))


def preview_image(data) -> np.ndarray:
    """The image the augmentation preview transforms: the first of the third class among the samples (a triangle
    in shapes, whose flips and turns show; a circle would look the same)."""
    images, labels = data.samples(24)
    k = min(2, data.num_classes - 1)
    return images[int(np.argmax(labels == k))] if (labels == k).any() else images[0]  # (H, W, C)


def sample_grid(data, n: int = 12):
    """The first `n` training images in a row of six, as the tutorial shows its data first."""
    return plots.image_grid(data.samples(n)[0], cols=6, cell=48, gap=2)


def class_label(name: str) -> str:
    """A built-in class name in this session's language (the learner's own names stay as they are)."""
    try:
        return tr(f"training.class.{name}")
    except KeyError:
        return name
