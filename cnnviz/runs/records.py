"""The values the run store hands out: a run's record, a notice for the page, and the description of a run's data.

Plain data, no SQL and no Keras: a page, the CLI and a notebook can hold them, compare them and
turn them into JSON (`RunRecord.to_dict`). The owner's hash is never part of a record; ``mine``
says whether the asker owns it (a shared run of someone else has ``mine=False``).
"""
from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field

from cnnviz.i18n import t

HISTORY_COLUMNS = ("epoch", "loss", "accuracy", "val_loss", "val_accuracy", "learning_rate", "seconds")


@dataclass(frozen=True)
class Notice:
    """Something the page should tell the learner, as an i18n key and its values."""

    key: str
    values: dict = field(default_factory=dict)

    def sentence(self, lang: str = "en") -> str:
        return t(self.key, lang, **self.values)


@dataclass(frozen=True)
class Created:
    """What `RunStore.create_run` returns: the new run's id and the notices (pruned runs) to show."""

    run_id: str
    notices: list[Notice]


@dataclass(frozen=True)
class RunRecord:
    """One run as stored: who may see it is settled before a record is made."""

    id: str
    name: str
    status: str  # running, done, stopped, failed, interrupted
    created_at: float  # Unix seconds
    finished_at: float | None
    duration: float | None  # seconds of training
    heartbeat_at: float
    spec: dict  # the training spec: what was built and trained (cnnviz.calc.specs.parse_spec reads it)
    settings: dict  # TrainSettings fields
    data: dict  # see `describe_data`
    seed: int | None
    epochs_planned: int
    epochs_done: int
    best_val_accuracy: float | None
    final_val_accuracy: float | None
    final_val_loss: float | None
    shared: bool
    bytes_on_disk: int
    has_model: bool  # the final .keras is on disk
    error: str | None
    mine: bool

    def to_dict(self) -> dict:
        return asdict(self)

    @property
    def usable(self) -> bool:
        """At least one epoch is stored, so its history and a snapshot can be shown."""
        return self.epochs_done > 0


def describe_data(data, **source) -> dict:
    """What a run trained on, from an `ImageData`: name, class names, counts, image shape, and how to load it again.

    `source` says how the notebook loads the same images: for ``shapes`` and ``few_shapes`` ``n``, ``size``,
    ``validation_split``, ``seed`` (defaults from the arrays); for a Keras data set ``limit``; for a
    folder ``kind="folder"``, ``image_size``, ``validation_split``, ``seed``, ``color_mode``, and
    ``data_dir`` (the folder's name as the learner knows it, e.g. the uploaded zip's name; default the
    folder's own name).
    """
    from cnnviz.training.datasets import FEW_SHAPES, KERAS_SETS, SHAPES  # NumPy only, no Keras
    from cnnviz.training.flowers import FLOWERS

    n_train, n_val = int(data.n_train), int(data.n_val)
    h, w, c = (int(v) for v in data.input_shape)
    if data.name in (SHAPES, FEW_SHAPES) and source.get("kind", data.name) == data.name:
        n = n_train + n_val
        source = {"kind": data.name, "n": n, "size": h, "validation_split": round(n_val / n, 4), "seed": 0, **source}
    elif data.name == FLOWERS and source.get("kind", FLOWERS) == FLOWERS:
        source = {"kind": FLOWERS, "image_size": [h, w], "validation_split": round(n_val / (n_train + n_val), 4),
                  "seed": getattr(data, "seed", 123), "color_mode": "grayscale" if c == 1 else "rgb", **source}
    elif data.name in KERAS_SETS and source.get("kind", "keras") == "keras":
        source = {"kind": "keras", "limit": n_train, **source}
    else:
        source = {"kind": "folder", "image_size": [h, w], "validation_split": round(n_val / (n_train + n_val), 4),
                  "seed": 123, "color_mode": "grayscale" if c == 1 else "rgb", **source}
    return {"name": str(data.name), "class_names": [str(c) for c in data.class_names], "n_train": n_train,
            "n_val": n_val, "input_shape": [h, w, c], "source": source}


def finite(value) -> float | None:
    """A float for a number column, or None for a missing or non-finite one (NaN is not valid JSON)."""
    if value is None:
        return None
    value = float(value)
    return value if math.isfinite(value) else None
