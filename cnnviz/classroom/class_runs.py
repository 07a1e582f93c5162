"""The class's trained models: who trained, runs ranked by validation accuracy with their settings, curves, sharing.

    note_run(room, member, run_id)                          # /training: this learner started a run
    share_run(room, store, member, run_id, owner_token)     # the learner shares it with the class
    ranked(room, class_id)                                  # the teacher's table; learners see shared runs only
    curves(room, class_id, run_id)                          # (points, history) as the training page plots them
    shared_model_file(room, store, class_id, run_id)        # the .keras a projector view opens

A run stays its owner's in the run store: sharing it with the class also marks it ``shared`` there
(`RunStore.set_shared`, which checks the owner token), so the teacher's page can open its model and
timeline with the store's own readers. Runs are listed only through the class that names them;
the teacher's table reads the run store's tables directly, scoped by the class.
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa

from cnnviz.classroom.classes import Member, Room, note
from cnnviz.classroom.tables import class_runs, members
from cnnviz.errors import SettingError
from cnnviz.runs.owners import new_owner_token
from cnnviz.runs.schema import curves as curve_rows
from cnnviz.runs.schema import epochs, runs

AUGMENTATION = ("RandomFlip", "RandomRotation", "RandomZoom", "RandomTranslation", "RandomContrast")


def note_run(room: Room, member: Member, run_id: str | None = None) -> None:
    """Mark that `member` trained a model (and link the run-store run `run_id` to the class, not shared)."""
    now = time.time()
    note(room, member, trained_at=now)
    if run_id is None:
        return
    with room.write_engine.begin() as conn:
        exists = conn.execute(sa.select(class_runs.c.run_id).where(class_runs.c.class_id == member.class_id,
                                                                   class_runs.c.run_id == run_id)).first()
        if exists is None:
            conn.execute(class_runs.insert().values(class_id=member.class_id, run_id=run_id, member_id=member.id,
                                                    shared=False, noted_at=now))


def share_run(room: Room, store, member: Member, run_id: str, owner_token: str, shared: bool = True) -> None:
    """Share (or stop sharing) the learner's run with the class; `owner_token` proves the run is theirs."""
    store.set_shared(run_id, owner_token, shared)  # runs.err.not_found unless the token owns the run
    note_run(room, member, run_id)
    with room.write_engine.begin() as conn:
        conn.execute(class_runs.update().where(class_runs.c.class_id == member.class_id, class_runs.c.run_id == run_id,
                                               class_runs.c.member_id == member.id).values(shared=bool(shared)))


@dataclass(frozen=True)
class ClassRun:
    """One run in the class's table."""

    run_id: str
    learner: str
    name: str
    status: str
    best_val_accuracy: float | None
    final_val_accuracy: float | None
    epochs_done: int
    epochs_planned: int
    augmentation: tuple[str, ...]  # e.g. ('flip', 'rotation 0.1')
    dropout: float
    shared: bool
    has_model: bool


def describe_settings(settings: dict, spec: dict) -> tuple[tuple[str, ...], float]:
    """The augmentation and the Dropout rate a run trained with, from its settings (or its spec's layers)."""
    settings, layers = settings or {}, (spec or {}).get("layers", [])
    aug = []
    if settings.get("flip"):
        aug.append("flip")
    for key in ("rotation", "zoom"):
        if settings.get(key):
            aug.append(f"{key} {settings[key]:g}")
    aug += [layer["type"] for layer in layers if isinstance(layer, dict) and layer.get("type") in AUGMENTATION
            and not settings.get("flip") and not settings.get("rotation") and not settings.get("zoom")]
    dropout = settings.get("dropout") or max((float(layer.get("rate", 0)) for layer in layers
                                               if isinstance(layer, dict) and layer.get("type") == "Dropout"),
                                              default=0.0)
    return tuple(aug), float(dropout)


def ranked(room: Room, class_id: str, shared_only: bool = False) -> list[ClassRun]:
    """The class's runs, best validation accuracy first (runs without one last)."""
    query = (sa.select(runs.c.id, members.c.name.label("learner"), runs.c.name, runs.c.status, runs.c.best_val_accuracy,
                       runs.c.final_val_accuracy, runs.c.epochs_done, runs.c.epochs_planned, runs.c.settings,
                       runs.c.spec, class_runs.c.shared, runs.c.has_model)
             .select_from(class_runs).join(runs, runs.c.id == class_runs.c.run_id)
             .join(members, members.c.id == class_runs.c.member_id).where(class_runs.c.class_id == class_id))
    if shared_only:
        query = query.where(class_runs.c.shared == sa.true())
    with room.engine.connect() as conn:
        rows = conn.execute(query).all()
    out = []
    for r in rows:
        aug, dropout = describe_settings(r.settings, r.spec)
        out.append(ClassRun(r.id, r.learner, r.name, r.status, r.best_val_accuracy, r.final_val_accuracy,
                            r.epochs_done, r.epochs_planned, aug, dropout, bool(r.shared), bool(r.has_model)))
    return sorted(out, key=lambda run: (run.best_val_accuracy is None, -(run.best_val_accuracy or 0.0), run.learner))


def _linked(conn, class_id: str, run_id: str, shared_only: bool) -> None:
    where = [class_runs.c.class_id == class_id, class_runs.c.run_id == str(run_id)[:64]]
    if shared_only:
        where.append(class_runs.c.shared == sa.true())
    if conn.execute(sa.select(class_runs.c.run_id).where(*where)).first() is None:
        raise SettingError("runs.err.not_found", id=str(run_id)[:64])


def curves(room: Room, class_id: str, run_id: str, shared_only: bool = False) -> tuple[list[tuple], list[dict]]:
    """(batch points, epoch history) of a run of the class, as `cnnviz.training.plots.curves` takes them."""
    with room.engine.connect() as conn:
        _linked(conn, class_id, run_id, shared_only)
        history = conn.execute(sa.select(epochs.c.epoch, epochs.c.loss, epochs.c.accuracy, epochs.c.val_loss,
                                         epochs.c.val_accuracy).where(epochs.c.run_id == run_id)
                               .order_by(epochs.c.epoch)).mappings().all()
        points = conn.execute(sa.select(curve_rows.c.points).where(curve_rows.c.run_id == run_id)
                              .order_by(curve_rows.c.epoch)).scalars().all()
    return [tuple(p) for chunk in points for p in chunk], [{k: v for k, v in h.items() if v is not None} for h in history]


def shared_model_file(room: Room, store, class_id: str, run_id: str) -> Path | None:
    """The final ``model.keras`` of a run shared with the class (None while it trains), for the projector."""
    with room.engine.connect() as conn:
        _linked(conn, class_id, run_id, shared_only=True)
    return store.model_file(run_id, reader_token())


def reader_token() -> str:
    """A token that owns nothing: through it the run store lets one read shared runs only."""
    return new_owner_token()
