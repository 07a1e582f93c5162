"""Fixtures of the class-mode tests: a `Room` on each test database (`db_url`, tests/conftest.py)."""
from __future__ import annotations

import io

import pytest
from PIL import Image

from cnnviz.classroom import classes
from cnnviz.classroom.limits import ClassLimits


@pytest.fixture
def make_room(db_url, tmp_path):
    """`make_room(**limits)`: class mode on `db_url`, images under a fresh folder."""
    def make(**limits):
        return classes.open_room(db_url, tmp_path / "classes", ClassLimits(**limits))
    return make


@pytest.fixture
def room(make_room):
    return make_room()


@pytest.fixture
def klass(room):
    """An open class with three data-set classes."""
    return classes.start_class(room, "3-2 CNN", "rock, paper, scissors")


@pytest.fixture
def mina(room, klass):
    return classes.join(room, klass.code, "Mina")[0]


@pytest.fixture
def jun(room, klass):
    return classes.join(room, klass.code, "Jun")[0]


def png(width: int = 640, height: int = 480, color=(200, 30, 30), mode: str = "RGB", fmt: str = "PNG") -> bytes:
    """Encoded bytes of a flat image."""
    out = io.BytesIO()
    Image.new(mode, (width, height), color).save(out, fmt)
    return out.getvalue()
