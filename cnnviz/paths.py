"""Where cnnviz finds its files: the shipped assets (sample photos, the trained network) and the learner's data folder.

The assets sit in ``assets/`` beside the package in a checkout; an installed cnnviz carries them
as the package ``cnnviz._assets`` (see ``pyproject.toml``). What learners make (runs, class images)
goes under `data_dir()`: ``$CNNVIZ_DATA_DIR``, or ``~/.cnnviz`` by default. Pure Python.
"""
from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

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
