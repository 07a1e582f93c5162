"""Bounded disk: before a new run starts, prune the oldest finished runs until it fits under every cap.

Inside `create_run`'s write transaction: count the owner's runs and bytes (rows locked with
``SELECT … FOR UPDATE`` on PostgreSQL; SQLite's ``BEGIN IMMEDIATE`` already holds the one write
lock), then delete, oldest first, the owner's finished runs — never a ``running`` one, never a
shared one — until the new run fits the per-learner count and size caps. If the whole store
would still pass its total cap, other learners' oldest finished runs go next. Each prune becomes a
`Notice` for the page. The rows go in the transaction; the folders are removed after it commits.
If nothing more can go, a `SettingError` says which cap is full and the transaction rolls back,
so nothing was deleted.
"""
from __future__ import annotations

import sqlalchemy as sa

from cnnviz.errors import SettingError
from cnnviz.runs.limits import MB, Limits, estimate_run_bytes, fitting_full_snapshots
from cnnviz.runs.records import Notice
from cnnviz.runs.schema import runs

_PRUNABLE = sa.and_(runs.c.status != "running", runs.c.shared == sa.false())


def _weights(spec) -> tuple[int, int]:
    """The spec's parameters, and those of its first and last Conv2D layers (kept at every epoch)."""
    from cnnviz.calc.summary import summarize

    rows = summarize(spec, strict=False).rows
    convs = [r for r in rows if r.type == "Conv2D"]
    kernel_params = sum(r.params or 0 for r in {id(r): r for r in convs[:1] + convs[-1:]}.values())
    return sum(r.params or 0 for r in rows), kernel_params


def estimate(spec, epochs: int, limits: Limits) -> int:
    """Bytes a run of `spec` for `epochs` will likely take (see `limits.estimate_run_bytes`)."""
    params, kernel_params = _weights(spec)
    return estimate_run_bytes(params, epochs, kernel_params, limits.full_snapshots)


def plan(spec, epochs: int, limits: Limits) -> tuple[int, int]:
    """A new run's whole-model snapshots and its likely bytes: as many snapshots as `limits` allow, fewer when a
    big model (a large input before `Flatten`) would not fit in one learner's share with all of them."""
    params, kernel_params = _weights(spec)
    count = fitting_full_snapshots(params, epochs, kernel_params, limits.full_snapshots,
                                   min(limits.owner_bytes, limits.total_bytes))
    return count, estimate_run_bytes(params, epochs, kernel_params, count)


def make_room(conn: sa.Connection, owner_hash: str, need: int, limits: Limits) -> tuple[list[str], list[Notice]]:
    """Delete what must go for a new run of `need` bytes; returns the deleted ids and the notices."""
    if need > min(limits.owner_bytes, limits.total_bytes):
        raise SettingError("runs.err.too_big", need=round(need / MB, 1),
                           most=round(min(limits.owner_bytes, limits.total_bytes) / MB, 1))
    mine = conn.execute(sa.select(runs.c.id, runs.c.name, runs.c.bytes_on_disk, runs.c.status, runs.c.shared)
                        .where(runs.c.owner_hash == owner_hash)
                        .order_by(runs.c.created_at, runs.c.id).with_for_update()).all()
    count, owner_bytes = len(mine), sum(r.bytes_on_disk for r in mine)
    total = int(conn.execute(sa.select(sa.func.coalesce(sa.func.sum(runs.c.bytes_on_disk), 0))).scalar())
    pruned, names = [], []
    candidates = [r for r in mine if r.status != "running" and not r.shared]
    while candidates and (count + 1 > limits.runs_per_owner or owner_bytes + need > limits.owner_bytes
                          or total + need > limits.total_bytes):
        run = candidates.pop(0)
        pruned.append(run.id)
        names.append(run.name)
        count, owner_bytes, total = count - 1, owner_bytes - run.bytes_on_disk, total - run.bytes_on_disk
    if count + 1 > limits.runs_per_owner:
        raise SettingError("runs.err.full_owner", most=limits.runs_per_owner)
    if owner_bytes + need > limits.owner_bytes:
        raise SettingError("runs.err.full_owner_mb", most=round(limits.owner_bytes / MB, 1))
    others = 0
    if total + need > limits.total_bytes:
        rows = conn.execute(sa.select(runs.c.id, runs.c.bytes_on_disk)
                            .where(runs.c.owner_hash != owner_hash, _PRUNABLE)
                            .order_by(runs.c.created_at, runs.c.id).with_for_update()).all()
        for run in rows:
            if total + need <= limits.total_bytes:
                break
            pruned.append(run.id)
            others, total = others + 1, total - run.bytes_on_disk
        if total + need > limits.total_bytes:
            raise SettingError("runs.err.full_server", most=round(limits.total_bytes / MB, 1))
    if pruned:
        conn.execute(runs.delete().where(runs.c.id.in_(pruned)))
    notices = []
    if names:
        notices.append(Notice("runs.notice.pruned", {"count": len(names), "names": ", ".join(names)}))
    if others:
        notices.append(Notice("runs.notice.pruned_others", {"count": others}))
    return pruned, notices
