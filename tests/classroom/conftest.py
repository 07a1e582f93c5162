"""Fixtures of the class-mode tests: a `Room` on SQLite (a fresh file per test) and, when
``CNNVIZ_TEST_DATABASE_URL`` names a reachable PostgreSQL database, the same tests on it."""
from __future__ import annotations

import io
import os

import pytest
from PIL import Image

from cnnviz.classroom import classes
from cnnviz.classroom.limits import ClassLimits
from cnnviz.runs.database import dispose_all, engine_for
from cnnviz.runs.schema import metadata

PG_ENV = "CNNVIZ_TEST_DATABASE_URL"
PG_SKIP = (f"PostgreSQL variant: set {PG_ENV} (e.g. postgresql+psycopg:///cnnviz_test?host=/var/run/postgresql) "
           "to run it; CI sets it")


def pg_url() -> str | None:
    return os.environ.get(PG_ENV) or None


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path):
    """A database URL with empty tables: a new SQLite file, or the test PostgreSQL database wiped."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'cnnviz.db'}"
    else:
        url = pg_url()
        if url is None:
            pytest.skip(PG_SKIP)
        import cnnviz.classroom.tables  # noqa: F401  (its tables are dropped with the others)

        metadata.drop_all(engine_for(url))
        yield url
    dispose_all()


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
