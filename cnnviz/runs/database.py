"""Where the run store's SQL lives: one SQLAlchemy engine per database URL, SQLite in WAL mode by default.

Why SQLAlchemy 2.x Core (tables and statements, no ORM): one code path for SQLite and PostgreSQL,
a connection pool shared by the Streamlit server's threads, and a well-kept library whose
statements are portable (no hand-written dialect SQL anywhere in `cnnviz.runs`).

The default database is the file ``data_dir()/cnnviz.db``; ``CNNVIZ_DATABASE_URL`` (for example
``postgresql+psycopg://user@host/cnnviz``) replaces it for a shared server.

SQLite, set on every new connection (``connect`` event):
- ``journal_mode=WAL``: readers never block the one writer and the writer never blocks readers;
  a crash (even SIGKILL) mid-write leaves the database as of the last commit.
- ``synchronous=FULL``: each commit is on disk before it returns (an epoch is a few commits).
- ``busy_timeout``: a writer waits for the other writer's lock instead of failing at once.
- ``foreign_keys=ON``: deleting a run deletes its epochs, curves and snapshot rows.
- Python's sqlite3 module starts transactions itself, lazily, as ``BEGIN DEFERRED``; a deferred
  transaction that reads and then writes can fail with "database is locked" without waiting when
  another process wrote in between. So its own handling is turned off and the ``begin`` event
  sends ``BEGIN IMMEDIATE`` for writes (the write lock is taken first, waiting up to
  ``busy_timeout``) and plain ``BEGIN`` for reads. Use `writer(engine)` for write transactions.

PostgreSQL needs none of this: its row locks and READ COMMITTED transactions serialise the
store's single-statement updates, and every change happens inside ``engine.begin()``.
"""
from __future__ import annotations

import os
import threading
from pathlib import Path

import sqlalchemy as sa

from cnnviz.errors import SettingError
from cnnviz.paths import data_dir

DATABASE_URL_ENV = "CNNVIZ_DATABASE_URL"
BUSY_TIMEOUT_MS = 30_000
_WRITE = "cnnviz_write"

_engines: dict[str, sa.Engine] = {}
_lock = threading.Lock()


def default_url() -> str:
    """``$CNNVIZ_DATABASE_URL``, or the SQLite file ``data_dir()/cnnviz.db``."""
    return os.environ.get(DATABASE_URL_ENV) or f"sqlite:///{Path(data_dir()) / 'cnnviz.db'}"


def engine_for(url: str | None = None) -> sa.Engine:
    """The process's one engine for `url` (made on first use; the pool is shared by all threads)."""
    url = url or default_url()
    with _lock:
        if url not in _engines:
            _engines[url] = _make_engine(url)
        return _engines[url]


def _make_engine(url: str) -> sa.Engine:
    try:
        parsed = sa.make_url(url)
    except sa.exc.ArgumentError:
        raise SettingError("runs.err.database", url=_redacted(url), reason="not a database URL") from None
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = sa.create_engine(parsed, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
        sa.event.listen(engine, "connect", _sqlite_connect)
        sa.event.listen(engine, "begin", _sqlite_begin)
        return engine
    if parsed.get_backend_name() != "postgresql":
        raise SettingError("runs.err.database", url=_redacted(url), reason="use sqlite:/// or postgresql+psycopg://")
    try:
        return sa.create_engine(parsed, pool_pre_ping=True)
    except ImportError as err:  # the driver is not installed
        raise SettingError("runs.err.database", url=_redacted(url), reason=str(err)) from None


def _sqlite_connect(dbapi_connection, _record) -> None:
    dbapi_connection.isolation_level = None  # no implicit BEGIN from sqlite3: `_sqlite_begin` sends it
    cursor = dbapi_connection.cursor()
    for pragma in ("journal_mode=WAL", "synchronous=FULL", f"busy_timeout={BUSY_TIMEOUT_MS}", "foreign_keys=ON"):
        cursor.execute(f"PRAGMA {pragma}")
    cursor.close()


def _sqlite_begin(conn: sa.Connection) -> None:
    conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get(_WRITE) else "BEGIN")


def writer(engine: sa.Engine) -> sa.Engine:
    """`engine` whose transactions take the write lock at BEGIN (SQLite); the same engine elsewhere."""
    return engine.execution_options(**{_WRITE: True})


def _redacted(url: str) -> str:
    """The URL without its password, for an error sentence."""
    try:
        return sa.make_url(url).render_as_string(hide_password=True)
    except sa.exc.ArgumentError:
        return url.split("@")[-1][:80]


def dispose_all() -> None:
    """Close every pooled connection (tests, and a process about to fork)."""
    with _lock:
        for engine in _engines.values():
            engine.dispose()
        _engines.clear()
