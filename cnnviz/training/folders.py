"""A learner's own images, one folder per class: from a folder, an archive (path or upload) or a URL.

As in the malaria and dental notes (and TensorFlow's flower_photos), the class is the folder's
name: ``root/<class>/<image>``. `open_directory` checks the folders and returns a streamed
`FolderData` (image size, colour mode and validation split are the learner's; the model's input
follows); `load_directory` reads a small folder into `ImageData` arrays instead.

Archives are extracted with the rules of `cnnviz.training.archives` into the store,
``data_dir()/datasets/<id>/`` (``id`` = the archive's SHA-256, so the same upload is extracted
once). The store is capped (`STORE_MAX_BYTES`): the least recently used extractions are removed
first, never one used in the last `IN_USE_SECONDS`.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
import time
from pathlib import Path
from typing import BinaryIO

import numpy as np

from cnnviz.errors import SettingError
from cnnviz.training.archives import extract_archive, open_binary
from cnnviz.training.extraction import Extraction, Limits, class_root
from cnnviz.training.downloads import Progress, check_url, download
from cnnviz.training.pipeline import FolderData, ImageData

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".bmp", ".gif")  # what image_dataset_from_directory reads
COLOR_MODES = ("rgb", "grayscale")
MIN_IMAGES_PER_CLASS = 2
MAX_IMAGE_SIDE = 256
STORE_MAX_BYTES = 2 * 2**30  # all extractions together
IN_USE_SECONDS = 3600  # an extraction opened this recently is never removed to make room
DONE = ".complete"  # written last: a folder without it is a broken extraction


def check_split(validation_split: float) -> None:
    if not 0.05 <= validation_split <= 0.5:
        raise SettingError("training.err.split", value=validation_split)


def class_counts(root: str | Path) -> dict[str, int]:
    """Image files per class folder (what image_dataset_from_directory will find)."""
    root = Path(root)
    return {d.name: sum(1 for f in d.rglob("*") if f.is_file() and f.suffix.lower() in IMAGE_SUFFIXES)
            for d in sorted(root.iterdir()) if d.is_dir() and not d.name.startswith(".")}


def check_folders(root: str | Path, image_size: tuple[int, int], validation_split: float,
                  color_mode: str = "rgb") -> dict[str, int]:
    """The class counts, after refusing what cannot train (a `SettingError` saying what to change)."""
    check_split(validation_split)
    h, w = image_size
    if not (4 <= h <= MAX_IMAGE_SIDE and 4 <= w <= MAX_IMAGE_SIDE):
        raise SettingError("training.err.image_size", h=h, w=w, lo=4, hi=MAX_IMAGE_SIDE)
    if color_mode not in COLOR_MODES:
        raise SettingError("training.err.color_mode", value=color_mode, known=", ".join(COLOR_MODES))
    if not Path(root).is_dir():
        raise SettingError("training.err.data_path", path=str(root))
    counts = class_counts(root)
    if len(counts) < 2:
        raise SettingError("training.err.few_classes", found=len(counts), names=", ".join(counts) or "-")
    small = {k: v for k, v in counts.items() if v < MIN_IMAGES_PER_CLASS}
    if small:
        raise SettingError("training.err.small_class", names=", ".join(f"{k} ({v})" for k, v in small.items()),
                           need=MIN_IMAGES_PER_CLASS)
    return counts


def open_directory(root: str | Path, image_size: tuple[int, int] = (180, 180), validation_split: float = 0.2,
                   seed: int = 123, color_mode: str = "rgb", name: str | None = None) -> FolderData:
    """Images in ``root/<class>/…`` as a streamed `FolderData` (nothing is decoded yet)."""
    counts = check_folders(root, image_size, validation_split, color_mode)
    data = FolderData(Path(root), name or Path(root).name, [], tuple(image_size), color_mode, validation_split, seed,
                      0, 0, counts)
    try:
        train, val = data.split()
    except ValueError:  # "No training/validation images found": one part is empty
        raise SettingError("training.err.too_few", n=sum(counts.values()), split=validation_split) from None
    data.n_train, data.n_val = (int(ds.cardinality()) for ds in (train, val))
    return data


def load_directory(root: str | Path, image_size: tuple[int, int] = (64, 64), validation_split: float = 0.2,
                   seed: int = 123, color_mode: str = "rgb") -> ImageData:
    """Images in ``root/<class>/…`` read with `keras.utils.image_dataset_from_directory` into arrays (small folders)."""
    data = open_directory(root, image_size, validation_split, seed, color_mode)
    train, val = data.split()
    x_train, y_train = _arrays(train, data.input_shape)
    x_val, y_val = _arrays(val, data.input_shape)
    return ImageData(data.name, data.class_names, x_train, y_train, x_val, y_val)


def _arrays(ds, shape) -> tuple[np.ndarray, np.ndarray]:
    xs, ys = [], []
    for images, labels in ds.batch(256).as_numpy_iterator():
        xs.append(images)  # (B, H, W, C) uint8
        ys.append(labels.astype(np.int32))
    if not xs:
        return np.zeros((0, *shape), np.uint8), np.zeros((0,), np.int32)
    return np.concatenate(xs), np.concatenate(ys)


# ---------------------------------------------------------------------------------------------
# The store: archives extracted under data_dir()/datasets/<id>/


def store_dir() -> Path:
    from cnnviz.paths import data_dir

    folder = data_dir() / "datasets"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _digest(fh: BinaryIO) -> str:
    start = fh.tell()
    sha = hashlib.sha256()
    while chunk := fh.read(1 << 20):
        sha.update(chunk)
    fh.seek(start)
    return sha.hexdigest()[:20]


def store_archive(source: bytes | str | Path | BinaryIO, limits: Limits = Limits(),
                  max_store_bytes: int = STORE_MAX_BYTES) -> Extraction:
    """Extract an archive (bytes, a path or an upload's file object) into the store, or reuse its earlier extraction."""
    store = store_dir()
    with open_binary(source) as fh:
        target = store / _digest(fh)
        if (target / DONE).exists():
            (target / DONE).touch()  # used now: the last to be removed
            root = class_root(target, frozenset({DONE}))
            return Extraction(root=root, images=sum(class_counts(root).values()))
        shutil.rmtree(target, ignore_errors=True)  # a broken earlier attempt
        work = Path(tempfile.mkdtemp(prefix=".extracting-", dir=store))
        try:
            extraction = extract_archive(fh, work, limits)
            (work / DONE).touch()
            os.replace(work, target)
        finally:
            shutil.rmtree(work, ignore_errors=True)
    extraction.root = target / extraction.root.relative_to(work)
    prune_store(max_store_bytes, keep=target)
    return extraction


def _size(folder: Path) -> int:
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file())


def prune_store(max_store_bytes: int = STORE_MAX_BYTES, keep: Path | None = None) -> list[Path]:
    """Remove the least recently used extractions until the store fits `max_store_bytes`; returns what went.

    Broken extractions (no marker) older than an hour go first. Raises ``training.err.store_full`` when
    the store is still too big after removing all it may (the new `keep` itself is too big, or in use).
    """
    store, now, removed = store_dir(), time.time(), []
    entries = []
    for d in store.iterdir():
        if not d.is_dir():
            continue
        marker = d / DONE
        used = (marker if marker.exists() else d).stat().st_mtime
        if not marker.exists() and now - used > IN_USE_SECONDS:
            shutil.rmtree(d, ignore_errors=True)
            removed.append(d)
            continue
        entries.append((used, d, _size(d)))
    total = sum(size for *_, size in entries)
    for used, d, size in sorted(entries):
        if total <= max_store_bytes:
            break
        if d == keep or now - used < IN_USE_SECONDS:
            continue
        shutil.rmtree(d, ignore_errors=True)
        removed.append(d)
        total -= size
    if total > max_store_bytes:
        if keep is not None:
            shutil.rmtree(keep, ignore_errors=True)
        raise SettingError("training.err.store_full", mb=f"{total / 2**20:.0f}", limit=f"{max_store_bytes / 2**20:.0f}")
    return removed


def fetch_archive(url: str, progress: Progress | None = None, limits: Limits = Limits(), timeout: float = 30.0,
                  allow_private: bool = False, max_store_bytes: int = STORE_MAX_BYTES) -> Extraction:
    """Download an archive of class folders from `url` (http/https, public hosts) and store its extraction."""
    url = check_url(url, allow_private)
    fd, name = tempfile.mkstemp(prefix=".download-", dir=store_dir())
    os.close(fd)
    part = Path(name)
    try:
        download(url, part, progress, timeout, max_bytes=limits.max_total_bytes, failure="training.err.url_failed")
        return store_archive(part, limits, max_store_bytes)
    finally:
        part.unlink(missing_ok=True)


def open_source(source: str | Path | bytes | BinaryIO, image_size: tuple[int, int] = (180, 180),
                validation_split: float = 0.2, seed: int = 123, color_mode: str = "rgb",
                progress: Progress | None = None, limits: Limits = Limits(),
                allow_private: bool = False) -> tuple[FolderData, list[SettingError]]:
    """A folder, an archive (path, bytes or file object) or an http(s) URL of one → (streamed data, notices)."""
    name = None
    if isinstance(source, str) and source.lower().startswith(("http://", "https://")):
        extraction = fetch_archive(source, progress, limits, allow_private=allow_private)
        name = Path(source.split("?")[0].rstrip("/")).name.split(".")[0] or None
    elif isinstance(source, (str, Path)) and Path(source).is_dir():
        return open_directory(source, image_size, validation_split, seed, color_mode), []
    elif isinstance(source, (str, Path)) and not Path(source).is_file():
        raise SettingError("training.err.data_path", path=str(source))
    else:
        extraction = store_archive(source, limits)
        if isinstance(source, (str, Path)):
            name = Path(source).name.split(".")[0]
    data = open_directory(extraction.root, image_size, validation_split, seed, color_mode,
                          name=name or extraction.root.name)
    return data, extraction.notices


DATA_PATHS_ENV = "CNNVIZ_DATA_PATHS"


def allowed_roots() -> list[Path]:
    """The server folders a learner may name as data: ``data_dir()/folders`` and those in ``$CNNVIZ_DATA_PATHS``
    (separated by ``os.pathsep``). A shared server must not let a learner read anything else on its disk."""
    import os

    from cnnviz.paths import data_dir

    roots = [Path(data_dir()) / "folders"]
    roots += [Path(p).expanduser() for p in os.environ.get(DATA_PATHS_ENV, "").split(os.pathsep) if p.strip()]
    return [r.resolve() for r in roots]


def server_path(text: str) -> Path:
    """A folder or archive a learner named on the server, if it lies inside an allowed root (symbolic links resolved)."""
    roots = allowed_roots()
    try:
        path = Path(text).expanduser().resolve()
    except (OSError, RuntimeError, ValueError):
        path = None
    if path is None or not any(path == root or path.is_relative_to(root) for root in roots):
        raise SettingError("training.err.path_not_allowed", path=str(text)[:120],
                           roots=", ".join(str(r) for r in roots))
    return path
