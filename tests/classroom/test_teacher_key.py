"""The teacher key: where it comes from, that it lasts, constant-time checking, and the back-off after wrong tries."""
from __future__ import annotations

import io
import os
import stat

import pytest

from cnnviz.classroom import teacher_key as tk


def test_the_environment_wins(monkeypatch, tmp_path):
    monkeypatch.setenv(tk.KEY_ENV, "  open-sesame-42 ")
    assert tk.teacher_key(tmp_path) == "open-sesame-42"
    assert not (tmp_path / tk.KEY_FILE).exists()


def test_without_the_environment_a_key_is_made_once_and_kept(monkeypatch, tmp_path):
    monkeypatch.delenv(tk.KEY_ENV, raising=False)
    key = tk.teacher_key(tmp_path)
    path = tmp_path / tk.KEY_FILE
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert len(key) == 23 and key.count("-") == 3 and set(key.replace("-", "")) <= set(tk.ALPHABET)
    assert tk.teacher_key(tmp_path) == key  # a restart reads the same file
    assert path.read_text().strip() == key
    assert tk.generate_key() != key


def test_the_key_is_announced_once_per_process(monkeypatch, tmp_path):
    monkeypatch.delenv(tk.KEY_ENV, raising=False)
    out = io.StringIO()
    first = tk.announce(tmp_path, out)
    assert tk.announce(tmp_path, out) == ""
    assert tk.teacher_key(tmp_path) in first and str(tmp_path / tk.KEY_FILE) in first
    assert out.getvalue().count("teacher key") == 1
    monkeypatch.setenv(tk.KEY_ENV, "short")
    line = tk.announce(tmp_path / "other", io.StringIO())
    assert "short" not in line.split("is")[1].split("(")[0] and "only 5 characters" in line  # never the key itself


@pytest.mark.parametrize("given, expected, same", [
    ("open-sesame-42", "open-sesame-42", True), ("  open-sesame-42\n", "open-sesame-42", True),
    ("open-sesame-4", "open-sesame-42", False), ("OPEN-SESAME-42", "open-sesame-42", False), ("", "x", False),
    (None, "x", False), (42, "42", False), ("x" * 2000, "x" * 2000, False), ("비밀번호", "비밀번호", True),
])
def test_same_key(given, expected, same):
    assert tk.same_key(given, expected) is same


@pytest.mark.parametrize("failures, wait", [(0, 0), (1, 0), (2, 0), (3, 1), (4, 2), (5, 4), (8, 32), (9, 60),
                                            (50, 60)])
def test_wait_after(failures, wait):
    assert tk.wait_after(failures) == wait


def test_wrong_keys_are_slowed_down_per_session_and_per_address(room):
    key, now = "open-sesame-42", 1_000.0
    whos = ["session:a", "addr:10.0.0.7"]
    for i in range(3):  # three typos cost nothing...
        assert tk.try_key(room.engine, "nope", whos, key, now=now + i) == tk.Attempt(False, 0.0)
    blocked = tk.try_key(room.engine, key, whos, key, now=now + 2.5)  # ...but the next try waits 1 s, even the right key
    assert not blocked.ok and blocked.wait == pytest.approx(0.5)
    # another session from the same address waits too; another address in the same session as well
    assert tk.try_key(room.engine, key, ["session:b", "addr:10.0.0.7"], key, now=now + 2.5).wait > 0
    assert tk.try_key(room.engine, key, ["session:a", "addr:10.0.0.8"], key, now=now + 2.5).wait > 0
    assert tk.try_key(room.engine, "nope", whos, key, now=now + 3) == tk.Attempt(False, 0.0)  # 4th: then 2 s
    assert tk.blocked_for(room.engine, whos, now + 3) == pytest.approx(2.0)
    assert tk.try_key(room.engine, "nope", whos, key, now=now + 5) == tk.Attempt(False, 0.0)  # 5th: then 4 s
    assert tk.blocked_for(room.engine, whos, now + 5) == pytest.approx(4.0)
    # an unrelated session and address is not slowed
    assert tk.try_key(room.engine, key, ["session:c", "addr:10.0.0.9"], key, now=now + 5.5).ok
    assert tk.try_key(room.engine, key, whos, key, now=now + 9).ok  # right, after the wait: counts cleared
    assert tk.blocked_for(room.engine, whos, now + 9) == 0
    assert tk.try_key(room.engine, "nope", whos, key, now=now + 9.5) == tk.Attempt(False, 0.0)
    assert tk.blocked_for(room.engine, whos, now + 9.5) == 0  # a typo is free again
