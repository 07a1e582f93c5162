"""The teacher key: from ``CNNVIZ_TEACHER_KEY``, or made once and kept in the data folder; checked in constant time, wrong tries slowed down.

Where the key comes from (`teacher_key`):
1. ``CNNVIZ_TEACHER_KEY`` when set (a school's deployment sets it for every replica);
2. else ``data_dir()/teacher_key`` (mode 0600), written on first use with 20 random characters of
   the join-code alphabet (100 bits, grouped ``K7QX2-M4PZA-…`` to read aloud). A restart reads the
   same file, so the key does not change; replicas sharing the data folder share it. `announce()`
   prints the key and the file's path once per server process (the first page opened).

A key typed on /teacher goes through `try_key`: both sides are hashed (SHA-256) and compared with
`hmac.compare_digest`, so neither the time nor the length gives anything away. Wrong tries are
counted in the database per browser session and per client address (so every replica counts the
same); after `FREE_FAILURES` the next try waits 1 s, then 2, 4, … up to `MAX_WAIT` s, and a blocked
try is refused before the key is even compared. The cap is short on purpose: a learner sharing the
teacher's address can only delay the teacher by a minute, while guessing a 100-bit key at one try a
minute is hopeless. A right key clears both counts. The key never travels in a URL.
"""
from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa

from cnnviz.classroom.tables import attempts
from cnnviz.paths import data_dir, secret_file

KEY_ENV = "CNNVIZ_TEACHER_KEY"
KEY_FILE = "teacher_key"
ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # as the join codes: nothing to confuse when read aloud
FREE_FAILURES = 3
MAX_WAIT = 60.0
MIN_ENV_CHARS = 8
_announced: set[str] = set()
_lock = threading.Lock()


def generate_key() -> str:
    """20 random characters in four groups of five: 'K7QX2-M4PZA-…' (100 bits)."""
    raw = "".join(secrets.choice(ALPHABET) for _ in range(20))
    return "-".join(raw[i:i + 5] for i in range(0, 20, 5))


def key_path(folder: Path | None = None) -> Path:
    return Path(folder or data_dir()) / KEY_FILE


def teacher_key(folder: Path | None = None) -> str:
    """The key: ``$CNNVIZ_TEACHER_KEY``, else the file in the data folder (created once, mode 0600)."""
    env = os.environ.get(KEY_ENV, "").strip()
    if env:
        return env
    return secret_file(key_path(folder), generate_key)


def announce(folder: Path | None = None, stream=None) -> str:
    """Tell the server's log where the teacher key is (and the key itself when it is the file's), once per process."""
    env = os.environ.get(KEY_ENV, "").strip()
    where = str(key_path(folder))
    with _lock:
        if where in _announced:
            return ""
        _announced.add(where)
    if env:
        line = f"cnnviz: the teacher key for /teacher is {KEY_ENV}"
        if len(env) < MIN_ENV_CHARS:
            line += f" (only {len(env)} characters: choose at least {MIN_ENV_CHARS})"
    else:
        line = (f"cnnviz: the teacher key for /teacher is {teacher_key(folder)} (kept in {where}; "
                f"set {KEY_ENV} to choose your own)")
    print(line, file=stream or sys.stderr, flush=True)
    return line


def _digest(text: str) -> bytes:
    return hashlib.sha256(text.encode("utf-8")).digest()


def same_key(given, expected: str) -> bool:
    """Constant-time comparison of a typed key with the real one (surrounding spaces ignored)."""
    if not isinstance(given, str) or len(given) > 1000:
        return False
    return hmac.compare_digest(_digest(given.strip()), _digest(expected.strip()))


def wait_after(failures: int) -> float:
    """Seconds the next try must wait after `failures` wrong keys in a row: 0, 0, 0, 1, 2, 4, … ≤ MAX_WAIT."""
    if failures < FREE_FAILURES:
        return 0.0
    return min(2.0 ** (failures - FREE_FAILURES), MAX_WAIT)


@dataclass(frozen=True)
class Attempt:
    ok: bool
    wait: float = 0.0  # > 0: refused without comparing; try again after this many seconds


def blocked_for(engine: sa.Engine, whos: list[str], now: float | None = None) -> float:
    """Seconds until any of `whos` (``session:…``, ``addr:…``) may try again (0: now)."""
    now = time.time() if now is None else now
    with engine.connect() as conn:
        until = conn.execute(sa.select(sa.func.max(attempts.c.blocked_until))
                             .where(attempts.c.who.in_(whos))).scalar()
    return max(0.0, (until or 0.0) - now)


def try_key(engine: sa.Engine, given, whos: list[str], key: str | None = None, now: float | None = None) -> Attempt:
    """Check a typed key for the session and address in `whos`, counting and slowing down wrong ones."""
    from cnnviz.runs.database import writer

    now = time.time() if now is None else now
    whos = [w[:160] for w in dict.fromkeys(whos)]
    wait = blocked_for(engine, whos, now)
    if wait > 0:
        return Attempt(False, wait)
    ok = same_key(given, key if key is not None else teacher_key())
    with writer(engine).begin() as conn:
        if ok:
            conn.execute(attempts.delete().where(attempts.c.who.in_(whos)))
            return Attempt(True)
        for who in whos:
            failures = (conn.execute(sa.select(attempts.c.failures).where(attempts.c.who == who)).scalar() or 0) + 1
            values = dict(failures=failures, blocked_until=now + wait_after(failures), updated_at=now)
            if failures == 1:
                try:
                    with conn.begin_nested():
                        conn.execute(attempts.insert().values(who=who, **values))
                    continue
                except sa.exc.IntegrityError:  # PostgreSQL: another replica counted it first
                    values["failures"] = attempts.c.failures + 1
            conn.execute(attempts.update().where(attempts.c.who == who).values(**values))
        conn.execute(attempts.delete().where(attempts.c.updated_at < now - 86_400))  # forget yesterday's typos
    return Attempt(False, 0.0)
