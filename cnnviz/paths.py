"""Where cnnviz finds its files: the shipped assets (sample photos, the trained network) and the learner's data folder.

The assets sit in ``assets/`` beside the package in a checkout; an installed cnnviz carries them
as the package ``cnnviz._assets`` (see ``pyproject.toml``). What learners make (runs, class images)
goes under `data_dir()`: ``$CNNVIZ_DATA_DIR``, or ``~/.cnnviz`` by default. Pure Python.
"""
from __future__ import annotations

import os
import time
from functools import lru_cache
from pathlib import Path
from typing import Callable

DATA_DIR_ENV = "CNNVIZ_DATA_DIR"


@lru_cache(maxsize=1)
def assets_dir() -> Path:
    """The folder holding ``images/`` and ``models/``."""
    checkout = Path(__file__).resolve().parent.parent / "assets"
    if checkout.is_dir():
        return checkout
    from importlib.resources import files

    return Path(str(files("cnnviz._assets")))


def data_dir() -> Path:
    """The folder for what learners make: ``$CNNVIZ_DATA_DIR`` or ``~/.cnnviz`` (created on first use)."""
    folder = Path(os.environ.get(DATA_DIR_ENV) or Path("~/.cnnviz").expanduser())
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def secret_file(path: Path, make: Callable[[], str], _retry: bool = True) -> str:
    """The secret kept in `path`: read it, or make it with `make()` and write it (mode 0600, fsync'd) when the file
    does not exist yet. Creating is exclusive, so two processes asking at once agree on one secret: the second waits
    for the first's line. A file still empty after that wait was left by a crash between creating and writing: it is
    removed and a new secret made."""
    path = Path(path)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        for _ in range(50):  # another process is writing it right now: wait for its line
            value = path.read_text(encoding="ascii").strip()
            if value:
                return value
            time.sleep(0.05)
        if not _retry:
            raise RuntimeError(f"{path} stays empty: delete it and a new one is made") from None
        path.unlink(missing_ok=True)
        return secret_file(path, make, _retry=False)
    value = make()
    with os.fdopen(fd, "w", encoding="ascii") as f:
        f.write(value + "\n")
        f.flush()
        os.fsync(f.fileno())
    return value
