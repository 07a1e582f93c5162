"""A run's files on disk, written so that a crash at any moment leaves the old file or the new one, never half of one.

Each run has a folder ``<root>/<run_id>/`` (the id is checked against `RUN_ID` before it is ever
joined into a path). Every file is written to a temporary name in the same folder, flushed and
``fsync``'d, then moved over its final name with ``os.replace`` (atomic on POSIX and Windows), and
the folder itself is fsync'd so the new name survives a power cut. Readers therefore see either
nothing or a whole file.

Snapshots are ``.npz`` archives of named float arrays, read back with ``allow_pickle=False`` (a
file can never run code):
- ``epoch_0003.kernels.npz``: the first and last Conv2D layers' ``<layer>/kernel`` and ``<layer>/bias``;
- ``epoch_0001.weights.npz``: every variable of the model by its Keras path (``conv2d/kernel``, …),
  which includes those conv kernels, so they are never stored twice.
Both hold ``__convs__``, the names of the first and last Conv2D layers. The final model is
``model.keras``, written last.
"""
from __future__ import annotations

import io
import os
import re
import secrets
import shutil
import string
import tempfile
from pathlib import Path
from typing import Callable

import numpy as np

from cnnviz.errors import SettingError

RUN_ID = re.compile(r"[A-Za-z0-9_-]{8,64}")
CONVS_KEY = "__convs__"
MODEL_FILE = "model.keras"


ID_ALPHABET = string.ascii_letters + string.digits


def new_run_id() -> str:
    """16 letters and digits, 95 random bits: unguessable, and never read as an option on a command line (a leading
    ``-`` of a url-safe token would be: ``cnnviz runs show -x…``)."""
    return "".join(secrets.choice(ID_ALPHABET) for _ in range(16))


def check_run_id(run_id) -> str:
    """`run_id` if it has the shape of a run id; otherwise the same sentence as for a missing run."""
    if not isinstance(run_id, str) or not RUN_ID.fullmatch(run_id):
        raise SettingError("runs.err.not_found", id=str(run_id)[:40])
    return run_id


def run_folder(root: Path, run_id: str) -> Path:
    return Path(root) / check_run_id(run_id)


def snapshot_name(epoch: int, kind: str) -> str:
    """``epoch_0003.kernels.npz`` / ``epoch_0003.weights.npz``."""
    return f"epoch_{epoch:04d}.{kind}.npz"


def write_atomic(path: Path, write: Callable[[io.BufferedWriter], None] | bytes) -> int:
    """Write `path` through a temporary file in its folder, fsync, then ``os.replace``; returns its size."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            if isinstance(write, (bytes, bytearray)):
                f.write(write)
            else:
                write(f)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    _fsync_folder(path.parent)
    return path.stat().st_size


def write_file_atomic(path: Path, save: Callable[[str], None]) -> int:
    """Like `write_atomic` for writers that need a file name (``model.save``): `save(tmp_path)` then replace."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    # Keras checks the suffix, so the temporary name ends like the final one.
    tmp = path.with_name(f".{path.stem}.{os.getpid()}.tmp{path.suffix}")
    try:
        save(str(tmp))
        with open(tmp, "rb") as f:
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _fsync_folder(path.parent)
    return path.stat().st_size


def _fsync_folder(folder: Path) -> None:
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_arrays(path: Path, arrays: dict[str, np.ndarray], convs: list[str]) -> int:
    """Save named arrays (and the conv layer names) as an uncompressed ``.npz``, atomically; returns bytes."""
    payload = {**{k: np.asarray(v) for k, v in arrays.items()}, CONVS_KEY: np.array(convs, dtype=str)}
    return write_atomic(path, lambda f: np.savez(f, **payload))


def read_arrays(path: Path) -> tuple[dict[str, np.ndarray], list[str]]:
    """The arrays of a snapshot and the conv layer names (no pickles: a file cannot run code)."""
    with np.load(path, allow_pickle=False) as npz:
        arrays = {k: npz[k] for k in npz.files if k != CONVS_KEY}
        convs = [str(c) for c in npz[CONVS_KEY]] if CONVS_KEY in npz.files else []
    return arrays, convs


def folder_bytes(folder: Path) -> int:
    """Bytes of the regular files in `folder` (0 when it does not exist)."""
    try:
        return sum(e.stat().st_size for e in os.scandir(folder) if e.is_file(follow_symlinks=False))
    except FileNotFoundError:
        return 0


def remove_folder(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)
