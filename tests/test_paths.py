"""The data folder's secret files: made once (mode 0600), read back the same, shared by processes that ask at once."""
from __future__ import annotations

import stat
import threading

import pytest

from cnnviz.errors import SettingError
from cnnviz.paths import secret_file


def test_a_secret_is_made_once_with_mode_0600_and_read_back(tmp_path):
    made = []
    path = tmp_path / "secret"
    first = secret_file(path, lambda: made.append(1) or "s3cret-value")
    assert first == secret_file(path, lambda: made.append(1) or "another") == "s3cret-value"
    assert made == [1] and stat.S_IMODE(path.stat().st_mode) == 0o600
    assert path.read_text(encoding="ascii") == "s3cret-value\n"


def test_threads_asking_at_once_agree_on_one_secret(tmp_path):
    path, got, counter = tmp_path / "secret", [], iter(range(100))
    barrier = threading.Barrier(8)

    def ask():
        barrier.wait()
        got.append(secret_file(path, lambda: f"value-{next(counter)}"))

    threads = [threading.Thread(target=ask) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(got) == 8 and len(set(got)) == 1


def test_a_secret_file_left_empty_by_a_crash_is_made_again(tmp_path):
    from cnnviz.runs.owners import cli_owner_token, owner_hash

    (tmp_path / "secret").write_text("", encoding="ascii")  # created, then the writer died before its line
    assert secret_file(tmp_path / "secret", lambda: "fresh-value") == "fresh-value"
    assert (tmp_path / "secret").read_text(encoding="ascii") == "fresh-value\n"
    (tmp_path / "owner_token").write_text("", encoding="ascii")
    token = cli_owner_token(tmp_path)
    assert owner_hash(token) and (tmp_path / "owner_token").read_text(encoding="ascii").strip() == token


def test_a_damaged_owner_token_file_is_a_sentence():
    import tempfile
    from pathlib import Path

    from cnnviz.runs.owners import cli_owner_token

    folder = Path(tempfile.mkdtemp())
    (folder / "owner_token").write_text("not a token!\n", encoding="ascii")
    with pytest.raises(SettingError) as err:  # the CLI prints its sentence
        cli_owner_token(folder)
    assert err.value.key == "runs.err.owner"
