"""The test databases: a fresh SQLite file, or PostgreSQL when ``CNNVIZ_TEST_DATABASE_URL`` names one (CI sets it)."""
from __future__ import annotations

import os

import pytest

PG_ENV = "CNNVIZ_TEST_DATABASE_URL"
PG_SKIP = (f"PostgreSQL variant: set {PG_ENV} (e.g. postgresql+psycopg:///cnnviz_test?host=/var/run/postgresql) "
           "to run it; CI sets it")


def pg_url() -> str | None:
    return os.environ.get(PG_ENV) or None


def emptied_postgresql() -> str:
    """The test PostgreSQL database with every table of the app dropped (skips the test when there is none)."""
    url = pg_url()
    if url is None:
        pytest.skip(PG_SKIP)
    import cnnviz.classroom.tables  # noqa: F401  (class mode's tables are dropped with the run store's)
    from cnnviz.runs.database import dispose_all, engine_for
    from cnnviz.runs.schema import metadata

    metadata.drop_all(engine_for(url))
    dispose_all()
    return url
