"""Shared test set-up: quiet TensorFlow, a data folder of the test session's own, golden files, test databases."""
import os
import tempfile

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("KERAS_BACKEND", "tensorflow")
# What the app stores (runs, class images) goes to a folder of this test session, never to ~/.cnnviz.
os.environ.setdefault("CNNVIZ_DATA_DIR", tempfile.mkdtemp(prefix="cnnviz-test-data-"))

import pytest

from tests import ROOT
from tests.databases import emptied_postgresql

GOLDEN = ROOT / "tests" / "golden"


def pytest_addoption(parser):
    parser.addoption("--update-goldens", action="store_true",
                     help="write tests/golden/* from today's output instead of comparing with it")


@pytest.fixture
def golden(request):
    """`golden(name, text)`: `text` must equal tests/golden/<name> (``pytest --update-goldens`` rewrites it)."""
    update = request.config.getoption("--update-goldens")

    def check(name: str, text: str) -> None:
        path = GOLDEN / name
        if update:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            return
        assert path.exists(), f"no golden file {name}: run `python -m pytest --update-goldens` and review the diff"
        assert text == path.read_text(encoding="utf-8"), f"{name} differs (review, then --update-goldens)"

    return check


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path):
    """A database URL with empty tables: a new SQLite file, or the test PostgreSQL database wiped."""
    from cnnviz.runs.database import dispose_all

    yield f"sqlite:///{tmp_path / 'cnnviz.db'}" if request.param == "sqlite" else emptied_postgresql()
    dispose_all()
