"""The writing side of the run store: an epoch, a heartbeat, the end of a run — files first, then one transaction.

Order matters for "never corrupt, nothing lost": a snapshot file is written atomically
(`cnnviz.runs.files`) before the transaction that records it; that transaction checks the owner
again, replaces any earlier rows of the same epoch (a portable delete-then-insert, no dialect's
upsert), and updates the run's summary columns from the epoch rows themselves (scalar
sub-queries: the newest epoch, the best validation accuracy), so two writers or a repeated call
can never leave the summary disagreeing with the rows. The final ``.keras`` is written last.
"""
from __future__ import annotations

import os
import socket
import time

import sqlalchemy as sa

from cnnviz.errors import SettingError
from cnnviz.runs import files
from cnnviz.runs.owners import owner_hash
from cnnviz.runs.records import HISTORY_COLUMNS, finite
from cnnviz.runs.schema import curves, epochs, runs, snapshots

FINISHED = ("done", "stopped", "failed")
ERROR_MAX = 2000
HOST = socket.gethostname()[:255]


def _owned(run_id: str, owner: str):
    return sa.and_(runs.c.id == run_id, runs.c.owner_hash == owner_hash(owner))


def _revive():
    """An ``interrupted`` run whose writer speaks again is ``running`` again."""
    return {"status": sa.case((runs.c.status == "interrupted", "running"), else_=runs.c.status),
            "finished_at": sa.case((runs.c.status == "interrupted", None), else_=runs.c.finished_at)}


def record_epoch(store, run_id: str, owner: str, row: dict, points, kernels: dict | None,
                 weights: dict | None, convs: list[str]) -> None:
    """See `RunStore.record_epoch`."""
    try:
        epoch = int(row["epoch"])
    except (KeyError, TypeError, ValueError):
        raise SettingError("runs.err.epoch", epoch=str(row.get("epoch") if isinstance(row, dict) else row)[:20],
                           done="?") from None
    if not 1 <= epoch <= 100_000:
        raise SettingError("runs.err.epoch", epoch=epoch, done="?")
    folder = store.folder(run_id)
    written = []  # (kind, filename, bytes)
    for kind, arrays in (("weights", weights), ("kernels", None if weights is not None else kernels)):
        if arrays is not None:  # {} still writes a file: "this epoch had no conv layer to keep"
            name = files.snapshot_name(epoch, kind)
            written.append((kind, name, files.write_arrays(folder / name, arrays, convs)))
    values = {k: finite(row.get(k)) for k in HISTORY_COLUMNS if k != "epoch"}
    points = [[finite(v) for v in point] for point in points]
    now = time.time()
    newest = (sa.select(epochs.c.val_accuracy, epochs.c.val_loss).where(epochs.c.run_id == run_id)
              .order_by(epochs.c.epoch.desc()).limit(1))
    with store.write_engine.begin() as conn:
        if not conn.execute(runs.update().where(_owned(run_id, owner)).values(heartbeat_at=now)).rowcount:
            owned = False
        else:
            owned = True
            key = sa.and_(epochs.c.run_id == run_id, epochs.c.epoch == epoch)
            conn.execute(epochs.delete().where(key))
            conn.execute(curves.delete().where(curves.c.run_id == run_id, curves.c.epoch == epoch))
            conn.execute(snapshots.delete().where(snapshots.c.run_id == run_id, snapshots.c.epoch == epoch,
                                                  snapshots.c.kind.in_([w[0] for w in written])))
            conn.execute(epochs.insert().values(run_id=run_id, epoch=epoch, **values))
            conn.execute(curves.insert().values(run_id=run_id, epoch=epoch, points=points))
            for kind, name, size in written:
                conn.execute(snapshots.insert().values(run_id=run_id, epoch=epoch, kind=kind, filename=name,
                                                       bytes=size))
            mine = epochs.c.run_id == run_id
            conn.execute(runs.update().where(runs.c.id == run_id).values(
                epochs_done=sa.select(sa.func.max(epochs.c.epoch)).where(mine).scalar_subquery(),
                best_val_accuracy=sa.select(sa.func.max(epochs.c.val_accuracy)).where(mine).scalar_subquery(),
                final_val_accuracy=newest.with_only_columns(epochs.c.val_accuracy).scalar_subquery(),
                final_val_loss=newest.with_only_columns(epochs.c.val_loss).scalar_subquery(),
                bytes_on_disk=files.folder_bytes(folder), **_revive()))
    if not owned:  # deleted (or never ours) between the check and the write: take our files back
        for _, name, _ in written:
            (folder / name).unlink(missing_ok=True)
        raise SettingError("runs.err.not_found", id=run_id)


def heartbeat(store, run_id: str, owner: str) -> None:
    """See `RunStore.heartbeat`; a finished run's heartbeat is ignored."""
    with store.write_engine.begin() as conn:
        count = conn.execute(runs.update().where(_owned(run_id, owner),
                                                 runs.c.status.in_(("running", "interrupted")))
                             .values(heartbeat_at=time.time(), writer_host=HOST, writer_pid=os.getpid(),
                                     **_revive())).rowcount
    if not count:
        store.require(run_id, owner, write=True)  # refused like a missing run, or simply finished


def finish(store, run_id: str, owner: str, status: str, duration: float | None, error: str | None,
           save_model) -> None:
    """See `RunStore.finish`."""
    if status not in FINISHED:
        raise SettingError("runs.err.status", status=str(status)[:20], known=", ".join(FINISHED))
    folder = store.folder(run_id)
    model_bytes = None
    if save_model is not None:
        model_bytes = files.write_file_atomic(folder / files.MODEL_FILE, save_model)
    now = time.time()
    with store.write_engine.begin() as conn:
        done = conn.execute(sa.select(runs.c.epochs_done).where(_owned(run_id, owner))).scalar()
        if done is None:
            raise SettingError("runs.err.not_found", id=run_id)
        if model_bytes is not None:
            conn.execute(snapshots.delete().where(snapshots.c.run_id == run_id, snapshots.c.kind == "model"))
            conn.execute(snapshots.insert().values(run_id=run_id, epoch=done, kind="model",
                                                   filename=files.MODEL_FILE, bytes=model_bytes))
        conn.execute(runs.update().where(runs.c.id == run_id).values(
            status=status, finished_at=now, heartbeat_at=now, duration=finite(duration),
            error=(str(error)[:ERROR_MAX] if error else None),
            has_model=sa.true() if model_bytes is not None else runs.c.has_model,
            bytes_on_disk=files.folder_bytes(folder)))
