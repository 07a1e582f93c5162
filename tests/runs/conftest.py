"""Fixtures of the run-store tests: a store on each test database (`db_url`, tests/conftest.py)."""
from __future__ import annotations

import pytest

from cnnviz.runs.limits import Limits
from cnnviz.runs.owners import new_owner_token
from cnnviz.runs.store import open_store


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
