"""The tables of the run store, declared once in one `MetaData` that later features extend.

Every table of cnnviz's database lives on `metadata`. A later feature (class mode: classes, join
codes, answers, class images) declares its tables on the same object in its own module and adds
that module's name to `TABLE_MODULES`; `create_schema(engine)` imports them all and calls
``metadata.create_all``, which creates only the tables that are missing (idempotent, safe to run
on every start, from several processes at once).

Only portable column types are used (String, Text, Integer, BigInteger, Float, Boolean, JSON), so
the same tables work on SQLite and PostgreSQL. Times are Unix seconds (UTC) in Float columns: the
stale-heartbeat test is then one comparison on either database, with no time-zone rules.
``ON DELETE CASCADE`` removes a run's epochs, curves and snapshots with it (SQLite needs
``PRAGMA foreign_keys=ON``, set by `cnnviz.runs.database`).
"""
from __future__ import annotations

import importlib

import sqlalchemy as sa

SCHEMA_VERSION = 1
# Modules whose import declares tables on `metadata`; class mode appends its own.
TABLE_MODULES: tuple[str, ...] = ("cnnviz.runs.schema", "cnnviz.classroom.tables")
STATUSES = ("running", "done", "stopped", "failed", "interrupted")

metadata = sa.MetaData()

meta = sa.Table(
    "cnnviz_meta", metadata,
    sa.Column("key", sa.String(64), primary_key=True),
    sa.Column("value", sa.String(256), nullable=False),
)

runs = sa.Table(
    "runs", metadata,
    sa.Column("id", sa.String(64), primary_key=True),  # secrets.token_urlsafe: unguessable
    sa.Column("owner_hash", sa.String(64), nullable=False, index=True),  # SHA-256 of the owner token, hex
    sa.Column("name", sa.String(120), nullable=False),
    sa.Column("status", sa.String(16), nullable=False),  # one of STATUSES
    sa.Column("created_at", sa.Float, nullable=False),
    sa.Column("finished_at", sa.Float),
    sa.Column("duration", sa.Float),  # seconds from the first batch to the end of training
    sa.Column("heartbeat_at", sa.Float, nullable=False),
    sa.Column("writer_host", sa.String(255), nullable=False, server_default=""),
    sa.Column("writer_pid", sa.Integer, nullable=False, server_default="0"),
    sa.Column("spec", sa.JSON, nullable=False),  # the training spec (augmentation, Rescaling, Dropout included)
    sa.Column("settings", sa.JSON, nullable=False),  # TrainSettings as a dict
    sa.Column("data", sa.JSON, nullable=False),  # name, class_names, n_train, n_val, input_shape, source
    sa.Column("seed", sa.Integer),
    sa.Column("epochs_planned", sa.Integer, nullable=False),
    sa.Column("epochs_done", sa.Integer, nullable=False, server_default="0"),
    sa.Column("best_val_accuracy", sa.Float),
    sa.Column("final_val_accuracy", sa.Float),
    sa.Column("final_val_loss", sa.Float),
    sa.Column("shared", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("bytes_on_disk", sa.BigInteger, nullable=False, server_default="0"),
    sa.Column("has_model", sa.Boolean, nullable=False, server_default=sa.false()),  # the final .keras exists
    sa.Column("error", sa.Text),  # the sentence of a failed run
    sa.Index("ix_runs_status_heartbeat", "status", "heartbeat_at"),
)

_run_fk = dict(ondelete="CASCADE")

epochs = sa.Table(
    "run_epochs", metadata,
    sa.Column("run_id", sa.String(64), sa.ForeignKey("runs.id", **_run_fk), primary_key=True),
    sa.Column("epoch", sa.Integer, primary_key=True),  # 1-based, as Keras prints it
    sa.Column("loss", sa.Float),
    sa.Column("accuracy", sa.Float),
    sa.Column("val_loss", sa.Float),
    sa.Column("val_accuracy", sa.Float),
    sa.Column("learning_rate", sa.Float),
    sa.Column("seconds", sa.Float),
)

curves = sa.Table(  # the per-batch training curve, one row per epoch: [[epoch + batch/steps, loss, accuracy], …]
    "run_curves", metadata,
    sa.Column("run_id", sa.String(64), sa.ForeignKey("runs.id", **_run_fk), primary_key=True),
    sa.Column("epoch", sa.Integer, primary_key=True),
    sa.Column("points", sa.JSON, nullable=False),
)

snapshots = sa.Table(  # files under the run's folder: kind "kernels" (first/last conv), "weights" (all), "model"
    "run_snapshots", metadata,
    sa.Column("run_id", sa.String(64), sa.ForeignKey("runs.id", **_run_fk), primary_key=True),
    sa.Column("epoch", sa.Integer, primary_key=True),
    sa.Column("kind", sa.String(16), primary_key=True),
    sa.Column("filename", sa.String(64), nullable=False),
    sa.Column("bytes", sa.BigInteger, nullable=False),
)


def create_schema(engine: sa.Engine) -> None:
    """Create every missing table of every module in `TABLE_MODULES` and record the schema version."""
    from cnnviz.runs.database import writer

    for name in TABLE_MODULES:
        importlib.import_module(name)
    engine = writer(engine)  # SQLite: BEGIN IMMEDIATE, so processes starting at once take turns
    try:
        metadata.create_all(engine, checkfirst=True)
    except (sa.exc.OperationalError, sa.exc.ProgrammingError, sa.exc.IntegrityError):
        # PostgreSQL: another process created a table between the check and the CREATE: check again.
        metadata.create_all(engine, checkfirst=True)
    with engine.begin() as conn:
        found = conn.execute(sa.select(meta.c.value).where(meta.c.key == "schema_version")).scalar()
        if found is None:
            try:
                with conn.begin_nested():  # another process may insert it at the same moment
                    conn.execute(meta.insert().values(key="schema_version", value=str(SCHEMA_VERSION)))
            except sa.exc.IntegrityError:
                pass
