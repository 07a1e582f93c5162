"""Fixtures of the run-store tests: a store on SQLite (a fresh file per test) and, when
``CNNVIZ_TEST_DATABASE_URL`` names a reachable PostgreSQL database, the same tests on it."""
from __future__ import annotations

import os

import pytest

from cnnviz.runs.database import dispose_all, engine_for
from cnnviz.runs.limits import Limits
from cnnviz.runs.owners import new_owner_token
from cnnviz.runs.schema import metadata
from cnnviz.runs.store import open_store

PG_ENV = "CNNVIZ_TEST_DATABASE_URL"
PG_SKIP = (f"PostgreSQL variant: set {PG_ENV} (e.g. postgresql+psycopg://postgres@/cnnviz_test?host=/var/run/postgresql) "
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
        metadata.drop_all(engine_for(url))
        yield url
    dispose_all()


@pytest.fixture
def make_store(db_url, tmp_path):
    """`make_store(**limits)`: the store on `db_url` with files under a fresh folder."""
    def make(**limits):
        return open_store(db_url, tmp_path / "runs", Limits(**limits))
    return make


@pytest.fixture
def store(make_store):
    return make_store()


@pytest.fixture
def owner():
    return new_owner_token()


@pytest.fixture
def other():
    return new_owner_token()
