"""A stored run as a file to download: the final ``.keras`` model, the history as CSV, or a notebook that trains it again.

`export_run(store, run_id, owner, fmt, lang)` returns ``(bytes, file name, MIME type)`` for a page's
download button or the CLI. The ``.keras`` is the file the recorder saved at train end (weights and
optimizer state); a run that never reached its end (``interrupted``, ``failed``) exports its model
rebuilt at the last stored epoch (`RunStore.model_at`), without optimizer state. The CSV has the
columns of `cnnviz.training.evaluation.history_csv`.
"""
from __future__ import annotations

import re

from cnnviz.errors import SettingError

FORMATS = {"keras": (".keras", "application/octet-stream"), "csv": (".csv", "text/csv"),
           "ipynb": (".ipynb", "application/x-ipynb+json")}


def keras_bytes(store, run_id: str, owner: str) -> bytes:
    """The run's model as a ``.keras`` file (see the module docstring for a run that did not finish).

    The file carries the class names, whether the model ends in logits and the pixel range it takes
    (`cnnviz.models.bundle`), so opening it again on /network names the classes.
    """
    from cnnviz.calc.specs import parse_spec
    from cnnviz.models.bundle import with_info
    from cnnviz.training.run import outputs_logits

    record = store.require(run_id, owner)
    path = store.model_file(run_id, owner)
    if path is not None:
        data = path.read_bytes()
    else:
        if record.epochs_done < 1:
            raise SettingError("runs.err.no_model", id=run_id)
        from cnnviz.training.evaluation import export_keras

        data = export_keras(store.model_at(run_id, owner, record.epochs_done))
    names = record.data.get("class_names") if isinstance(record.data, dict) else None
    # cnnviz's training puts Rescaling(1/255) in front: the model takes raw 0–255 pixels.
    return with_info(data, class_names=names, logits=outputs_logits(parse_spec(record.spec)), input_range=(0, 255))


def history_csv(store, run_id: str, owner: str) -> str:
    """epoch, loss, accuracy, val_loss, val_accuracy, seconds — one line per stored epoch."""
    from cnnviz.training.evaluation import history_csv as to_csv

    return to_csv(store.history(run_id, owner))


def notebook_text(store, run_id: str, owner: str, lang: str = "en") -> str:
    """The ``.ipynb`` that trains the run again (`cnnviz.runs.notebook`)."""
    from cnnviz.runs.notebook import notebook_text as write

    return write(store.require(run_id, owner), store.history(run_id, owner), lang)


def file_name(run_name: str, fmt: str) -> str:
    """A safe file name from the run's name: ``my_run.keras``."""
    stem = re.sub(r"[^A-Za-z0-9_-]+", "_", run_name).strip("_")[:60] or "run"
    return stem + FORMATS[fmt][0]


def export_run(store, run_id: str, owner: str, fmt: str, lang: str = "en") -> tuple[bytes, str, str]:
    """``(content, file name, MIME type)`` of the run in format `fmt` (``keras``, ``csv`` or ``ipynb``)."""
    if fmt not in FORMATS:
        raise SettingError("runs.err.format", format=str(fmt)[:20], known=", ".join(FORMATS))
    record = store.require(run_id, owner)
    if fmt == "keras":
        content = keras_bytes(store, run_id, owner)
    elif fmt == "csv":
        content = history_csv(store, run_id, owner).encode("utf-8")
    else:
        content = notebook_text(store, run_id, owner, lang).encode("utf-8")
    return content, file_name(record.name, fmt), FORMATS[fmt][1]
