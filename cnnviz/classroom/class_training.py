"""The class's own model, trained on the class's images: its progress mirrored in the database, its file for /network.

The run trains on the teacher's server process (the training queue); the teacher's page copies the
run's progress here every refresh (`mirror`), so every learner — on any replica — watches the same
curves, and saves the final model under the class's folder (`finish`). `model_file` hands the
``.keras``, the class names and whether the outputs are logits to a page that predicts with it.
"""
from __future__ import annotations

import math
import time
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa

from cnnviz.classroom.classes import Room
from cnnviz.classroom.class_images import class_folder
from cnnviz.classroom.tables import training
from cnnviz.errors import SettingError

MODEL_FILE = "class_model.keras"
MAX_POINTS = 400  # the batch curve kept for watchers: enough for a smooth line, small to send every second
STATES = ("waiting", "running", "done", "stopped", "failed")


@dataclass(frozen=True)
class ClassTraining:
    state: str
    progress: dict  # {"epoch", "epochs", "history": [...], "points": [...]}
    class_names: tuple[str, ...]
    logits: bool
    model_file: str | None
    error: str | None
    updated_at: float


def begin(room: Room, class_id: str, class_names, epochs: int, logits: bool = True) -> None:
    """A new class run was queued: forget the previous one's progress and model."""
    values = dict(state="waiting", progress={"epoch": 0, "epochs": int(epochs), "history": [], "points": []},
                  class_names=list(class_names), logits=bool(logits), model_file=None, error=None,
                  updated_at=time.time())
    with room.write_engine.begin() as conn:
        if not conn.execute(training.update().where(training.c.class_id == class_id).values(**values)).rowcount:
            conn.execute(training.insert().values(class_id=class_id, **values))
    (class_folder(room, class_id) / MODEL_FILE).unlink(missing_ok=True)


def _finite(value):
    return value if isinstance(value, (int, float)) and math.isfinite(value) else None


def compact(snapshot: dict) -> dict:
    """The part of a `Progress.snapshot()` watchers need, with at most `MAX_POINTS` curve points."""
    points = snapshot.get("points") or []
    step = max(1, -(-len(points) // MAX_POINTS))
    keep = [[_finite(v) for v in p] for p in points[::step]]
    history = [{k: _finite(v) for k, v in row.items()} for row in snapshot.get("history") or []]
    return {"epoch": int(snapshot.get("epoch") or 0), "epochs": int(snapshot.get("epochs") or 0),
            "history": history, "points": keep}


def mirror(room: Room, class_id: str, snapshot: dict) -> None:
    """Copy the run's progress (`Progress.snapshot()`) for the watchers."""
    state = snapshot.get("state") if snapshot.get("state") in STATES else "running"
    with room.write_engine.begin() as conn:
        conn.execute(training.update().where(training.c.class_id == class_id)
                     .values(state=state, progress=compact(snapshot), updated_at=time.time()))


def finish(room: Room, class_id: str, state: str, save_model=None, error: str | None = None) -> None:
    """The run ended with `state`; `save_model(path)` (``model.save``) writes the class's model first."""
    name = None
    if save_model is not None:
        path = class_folder(room, class_id) / MODEL_FILE
        path.parent.mkdir(parents=True, exist_ok=True)
        save_model(str(path))
        name = MODEL_FILE
    with room.write_engine.begin() as conn:
        conn.execute(training.update().where(training.c.class_id == class_id)
                     .values(state=state if state in STATES else "failed", model_file=name,
                             error=(str(error)[:2000] if error else None), updated_at=time.time()))


def status(room: Room, class_id: str) -> ClassTraining | None:
    with room.engine.connect() as conn:
        row = conn.execute(sa.select(training).where(training.c.class_id == class_id)).first()
    if row is None:
        return None
    return ClassTraining(row.state, row.progress or {}, tuple(row.class_names or ()), bool(row.logits), row.model_file,
                         row.error, row.updated_at)


def model_file(room: Room, class_id: str) -> tuple[Path, tuple[str, ...], bool] | None:
    """(the class model's ``.keras``, its class names, outputs are logits) once trained; None before."""
    found = status(room, class_id)
    if found is None or found.model_file is None:
        return None
    path = class_folder(room, class_id) / found.model_file
    if not path.is_file():
        raise SettingError("class.err.no_model")
    return path, found.class_names, found.logits
