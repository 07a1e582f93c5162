"""The run store: every training run's record, epochs, curve and snapshots, kept for its owner across reloads, restarts and crashes.

    store = open_store()                    # data_dir()/cnnviz.db, or $CNNVIZ_DATABASE_URL
    created = store.create_run(owner, name=..., spec=..., settings=..., data=describe_data(images))
    store.record_epoch(created.run_id, owner, row, points, kernels=..., weights=...)   # the recorder does this
    store.finish(created.run_id, owner, "done", save_model=model.save)
    store.list_runs(owner); store.history(run_id, owner); store.model_at(run_id, owner, epoch)

Metadata is SQL (tables in `cnnviz.runs.schema`, engines in `cnnviz.runs.database`); files are under
``<root>/<run_id>/`` (`cnnviz.runs.files`). Every change is one transaction; files are written
atomically *before* the transaction that points at them, so a crash leaves at worst a file no row
mentions, never a row whose file is missing or half-written.

Ownership: every method takes the learner's owner token. A run id of another owner is refused with
exactly the sentence of a missing id (``runs.err.not_found``), so ids cannot be probed; a run its
owner marked shared may be read by anyone holding its id, never renamed, deleted or written.

Interrupted runs: a ``running`` run whose heartbeat is older than ``Limits.stale_seconds``, or
whose writer process on this host is gone, is marked ``interrupted`` when the store is opened and
whenever runs are listed or read. Its epochs and snapshots stay; a heartbeat from a writer that
was only slow makes it ``running`` again.
"""
from __future__ import annotations

import os
import time
from pathlib import Path

import sqlalchemy as sa

from cnnviz.errors import SettingError
from cnnviz.paths import data_dir
from cnnviz.runs import files, quota, writes
from cnnviz.runs.database import engine_for, writer
from cnnviz.runs.limits import MB, SNAPSHOTS_KEY, Limits, full_snapshot_epochs, limits_from_env
from cnnviz.runs.owners import owner_hash
from cnnviz.runs.records import HISTORY_COLUMNS, Created, Notice, RunRecord
from cnnviz.runs.schema import create_schema, curves, epochs, runs, snapshots
from cnnviz.runs.writes import HOST
NAME_MAX = 80
_RECORD_COLUMNS = [c for c in runs.c if c.name not in ("owner_hash", "writer_host", "writer_pid")]


def open_store(url: str | None = None, root: Path | None = None, limits: Limits | None = None) -> RunStore:
    """The store on `url` (default: ``$CNNVIZ_DATABASE_URL`` or ``data_dir()/cnnviz.db``) with files under
    `root` (default ``data_dir()/runs``); creates missing tables and marks interrupted runs."""
    store = RunStore(engine_for(url), Path(root) if root else Path(data_dir()) / "runs", limits or limits_from_env())
    create_schema(store.engine)
    store.sweep_interrupted()
    return store


def check_name(name) -> str:
    """A run name: 1–80 printable characters after trimming spaces."""
    text = name.strip() if isinstance(name, str) else ""
    if not 1 <= len(text) <= NAME_MAX or not text.isprintable():
        raise SettingError("runs.err.name", most=NAME_MAX)
    return text


class RunStore:
    """Runs in a database `engine`, their files under `root`, bounded by `limits`."""

    def __init__(self, engine: sa.Engine, root: Path, limits: Limits):
        self.engine, self.root, self.limits = engine, Path(root), limits
        self.write_engine = writer(engine)  # transactions that take the write lock at BEGIN

    # --- who may see what --------------------------------------------------------------------

    @staticmethod
    def _visible(run_id: str, owner: str, *, write: bool):
        who = runs.c.owner_hash == owner_hash(owner)
        if not write:
            who = sa.or_(who, runs.c.shared == sa.true())
        return sa.and_(runs.c.id == files.check_run_id(run_id), who)

    def _record(self, conn: sa.Connection, run_id: str, owner: str, write: bool = False) -> RunRecord:
        row = conn.execute(sa.select(*_RECORD_COLUMNS, runs.c.owner_hash)
                           .where(self._visible(run_id, owner, write=write))).mappings().first()
        if row is None:
            raise SettingError("runs.err.not_found", id=run_id)
        return _to_record(row, owner_hash(owner))

    def require(self, run_id: str, owner: str, write: bool = False) -> RunRecord:
        """The run's record if `owner` may read it (or, with `write`, change it); else ``runs.err.not_found``."""
        with self.engine.connect() as conn:
            return self._record(conn, run_id, owner, write)

    def folder(self, run_id: str) -> Path:
        return files.run_folder(self.root, run_id)

    # --- create, write, finish ---------------------------------------------------------------

    def create_run(self, owner: str, *, name: str, spec, settings, data: dict, seed: int | None = None,
                   epochs: int | None = None, expected_bytes: int | None = None) -> Created:
        """A new ``running`` run; prunes the owner's oldest finished runs if a cap would be passed.

        `spec` is the training spec (a `Spec` or its dict), `settings` a `TrainSettings` or dict,
        `data` from `records.describe_data`. Returns the id and the notices to show.
        """
        from cnnviz.calc.specs import Spec, parse_spec

        spec = spec if isinstance(spec, Spec) else parse_spec(spec)
        settings = settings if isinstance(settings, dict) else _settings_dict(settings)
        epochs = int(epochs or settings.get("epochs") or 1)
        seed = settings.get("seed") if seed is None else seed
        h, name = owner_hash(owner), check_name(name)
        fewer = []
        if expected_bytes is not None:
            need = expected_bytes
        else:
            full, need = quota.plan(spec, epochs, self.limits)
            if full < self.limits.full_snapshots:  # the recorder reads the smaller count from the settings
                settings = {**settings, SNAPSHOTS_KEY: full}
                fewer = [Notice("runs.notice.fewer_snapshots", {"count": len(full_snapshot_epochs(epochs, full)),
                                                                 "most": round(self.limits.owner_mb, 1)})]
        run_id = files.new_run_id()
        now = time.time()
        with self.write_engine.begin() as conn:
            pruned, notices = quota.make_room(conn, h, need, self.limits)
            notices = fewer + notices
            conn.execute(runs.insert().values(
                id=run_id, owner_hash=h, name=name, status="running", created_at=now,
                heartbeat_at=now, writer_host=HOST, writer_pid=os.getpid(), spec=spec.to_dict(),
                settings=settings, data=data, seed=seed, epochs_planned=epochs, epochs_done=0,
                shared=False, bytes_on_disk=0, has_model=False))
        for gone in pruned:  # after the commit: a crash before it keeps both the rows and the files
            files.remove_folder(self.folder(gone))
        self.folder(run_id).mkdir(parents=True, exist_ok=True)
        return Created(run_id, notices)

    def record_epoch(self, run_id: str, owner: str, row: dict, points=(), *, kernels: dict | None = None,
                     weights: dict | None = None, convs=()) -> None:
        """Store one finished epoch: its metrics `row` (``HISTORY_COLUMNS``), its curve `points`
        ``[(epoch + batch/steps, loss, accuracy), …]``, and a snapshot: `weights` (every variable by
        Keras path: a whole-model snapshot) or `kernels` (the first/last conv layers' arrays; ``{}`` for a
        model without Conv2D). `convs` names the first and last Conv2D layers."""
        self.require(run_id, owner, write=True)  # refuse before touching a file
        writes.record_epoch(self, run_id, owner, row, points, kernels, weights, list(convs))

    def heartbeat(self, run_id: str, owner: str) -> None:
        """The writer is alive: refresh the heartbeat (and make an ``interrupted`` run ``running`` again)."""
        writes.heartbeat(self, run_id, owner)

    def finish(self, run_id: str, owner: str, status: str, *, duration: float | None = None,
               error: str | None = None, save_model=None) -> None:
        """Mark the run finished with `status`; `save_model(path)` (``model.save``) writes the final ``.keras`` first."""
        self.require(run_id, owner, write=True)
        writes.finish(self, run_id, owner, status, duration, error, save_model)

    # --- read --------------------------------------------------------------------------------

    def list_runs(self, owner: str, include_shared: bool = True) -> list[RunRecord]:
        """The owner's runs (and others' shared runs), newest first."""
        self.sweep_interrupted()
        h = owner_hash(owner)
        who = runs.c.owner_hash == h
        if include_shared:
            who = sa.or_(who, runs.c.shared == sa.true())
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(*_RECORD_COLUMNS, runs.c.owner_hash).where(who)
                                .order_by(runs.c.created_at.desc(), runs.c.id)).mappings().all()
        return [_to_record(r, h) for r in rows]

    def get_run(self, run_id: str, owner: str) -> RunRecord:
        self.sweep_interrupted()
        with self.engine.connect() as conn:
            return self._record(conn, run_id, owner)

    def history(self, run_id: str, owner: str) -> list[dict]:
        """One dict per stored epoch, keys ``HISTORY_COLUMNS`` (as `evaluation.history_csv` takes them)."""
        with self.engine.connect() as conn:
            self._record(conn, run_id, owner)
            rows = conn.execute(sa.select(*(epochs.c[k] for k in HISTORY_COLUMNS))
                                .where(epochs.c.run_id == run_id).order_by(epochs.c.epoch)).mappings().all()
        return [dict(r) for r in rows]

    def curve(self, run_id: str, owner: str) -> list[tuple[float, float, float]]:
        """The training curve as `Progress.points` has it: ``(epoch + batch/steps, loss, accuracy)``."""
        with self.engine.connect() as conn:
            self._record(conn, run_id, owner)
            rows = conn.execute(sa.select(curves.c.points).where(curves.c.run_id == run_id)
                                .order_by(curves.c.epoch)).scalars().all()
        return [tuple(p) for points in rows for p in points]

    def compare(self, run_ids: list[str], owner: str) -> dict[str, list[dict]]:
        """The histories of several runs, by id, for one chart; any unreadable id is refused."""
        return {run_id: self.history(run_id, owner) for run_id in dict.fromkeys(run_ids)}

    def snapshots(self, run_id: str, owner: str) -> list[dict]:
        """The stored snapshots: ``{"epoch", "kind", "filename", "bytes"}``, by epoch."""
        with self.engine.connect() as conn:
            self._record(conn, run_id, owner)
            rows = conn.execute(sa.select(snapshots.c.epoch, snapshots.c.kind, snapshots.c.filename,
                                          snapshots.c.bytes).where(snapshots.c.run_id == run_id)
                                .order_by(snapshots.c.epoch, snapshots.c.kind)).mappings().all()
        return [dict(r) for r in rows]

    def model_file(self, run_id: str, owner: str) -> Path | None:
        """The final ``model.keras`` of a finished run, or None."""
        record = self.get_run(run_id, owner)
        path = self.folder(run_id) / files.MODEL_FILE
        return path if record.has_model and path.is_file() else None

    def kernels_at(self, run_id: str, owner: str, epoch: int) -> dict[str, dict]:
        """The first and last Conv2D layers as stored at the end of `epoch`: ``{layer: {"kernel", "bias"}}``."""
        from cnnviz.runs.timeline import kernels_at

        return kernels_at(self, run_id, owner, epoch)

    def model_at(self, run_id: str, owner: str, epoch: int):
        """A `keras.Model` as it was at the end of `epoch` (see `cnnviz.runs.timeline.model_at`)."""
        from cnnviz.runs.timeline import model_at

        return model_at(self, run_id, owner, epoch)

    def source_at(self, run_id: str, owner: str, epoch: int) -> dict:
        """Which snapshots `model_at` uses for `epoch` (``{"epoch", "weights_from", "kernels_from", "exact"}``)."""
        from cnnviz.runs.timeline import source_at

        return source_at(self, run_id, owner, epoch)

    # --- change ------------------------------------------------------------------------------

    def rename(self, run_id: str, owner: str, name: str) -> None:
        name = check_name(name)
        with self.write_engine.begin() as conn:
            if not conn.execute(runs.update().where(self._visible(run_id, owner, write=True))
                                .values(name=name)).rowcount:
                raise SettingError("runs.err.not_found", id=run_id)

    def set_shared(self, run_id: str, owner: str, shared: bool) -> None:
        """Let others who have the id read this run (its owner decides; class mode may let a teacher do it)."""
        with self.write_engine.begin() as conn:
            if not conn.execute(runs.update().where(self._visible(run_id, owner, write=True))
                                .values(shared=bool(shared))).rowcount:
                raise SettingError("runs.err.not_found", id=run_id)

    def delete(self, run_id: str, owner: str) -> None:
        """Delete the run's rows (epochs, curve, snapshots with it), then its folder."""
        with self.write_engine.begin() as conn:
            if not conn.execute(runs.delete().where(self._visible(run_id, owner, write=True))).rowcount:
                raise SettingError("runs.err.not_found", id=run_id)
        files.remove_folder(self.folder(run_id))

    def sweep_interrupted(self) -> int:
        """Mark ``interrupted`` every ``running`` run gone silent or whose writer on this host has died."""
        now = time.time()
        with self.engine.connect() as conn:  # a read first: the write lock only when there is work
            found = conn.execute(sa.select(runs.c.id, runs.c.heartbeat_at, runs.c.writer_host, runs.c.writer_pid)
                                 .where(runs.c.status == "running")).all()
        gone = [(r.id, r.heartbeat_at) for r in found if r.heartbeat_at < now - self.limits.stale_seconds
                or (r.writer_host == HOST and not _alive(r.writer_pid))]
        marked = 0
        for run_id, beat in gone:
            with self.write_engine.begin() as conn:  # only if nothing changed since the read
                marked += conn.execute(runs.update().where(runs.c.id == run_id, runs.c.status == "running",
                                                          runs.c.heartbeat_at == beat)
                                       .values(status="interrupted", finished_at=beat)).rowcount
        return marked


def _alive(pid: int) -> bool:
    """Whether process `pid` exists on this host (signal 0 only asks). Elsewhere than POSIX signal 0 is not a
    question (on Windows it is CTRL_C_EVENT), so there only the heartbeat decides."""
    if os.name != "posix":
        return True
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: it exists
        return True
    return True


def _to_record(row, asker_hash: str) -> RunRecord:
    values = {c.name: row[c.name] for c in _RECORD_COLUMNS}
    return RunRecord(**{**values, "shared": bool(values["shared"]), "has_model": bool(values["has_model"]),
                        "mine": row["owner_hash"] == asker_hash})


def _settings_dict(settings) -> dict:
    from dataclasses import asdict

    return asdict(settings)
