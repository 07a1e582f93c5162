"""The run store on /training: every run saved as it trains, the learner's runs listed, renamed, deleted, compared, taken home.

A queued `TrainingRun` is wrapped in a `RecordedRun`: when the queue starts it, the run is created in
the store (`cnnviz.runs`), and the recorder saves every epoch, its curve points and its snapshots;
the final model and the history come from the store, so a reload, a closed tab or a server restart
keep them. The learner's runs are theirs by the browser's owner token (`cnnviz.web.owner`).
"""
from __future__ import annotations

import time

import pandas as pd
import streamlit as st

from cnnviz.errors import SettingError
from cnnviz.runs.export import FORMATS, export_run, file_name
from cnnviz.runs.plots import compare_figure
from cnnviz.runs.recorder import create_for, train_and_record
from cnnviz.runs.store import RunStore, open_store
from cnnviz.training.evaluation import compare_runs, gap_course
from cnnviz.web.lang import current_lang, tr
from cnnviz.web.owner import owner_token

P = "training."
KEY = {name: P + name for name in ("runs_table", "rename", "rename_button", "delete", "confirm_delete")}
MAX_COMPARED = 4


@st.cache_resource(show_spinner=False)
def store() -> RunStore:
    """The process's one run store (``$CNNVIZ_DATABASE_URL`` or the SQLite file in the data folder)."""
    return open_store()


class RecordedRun:
    """A `TrainingRun` that saves itself into the run store when the queue runs it (`run()` and `stop()` as the queue
    expects; everything else — progress, model, result, data — is the training run's)."""

    def __init__(self, training, owner: str, name: str, source: dict):
        self.training, self.owner, self.name, self.source = training, owner, name, source
        self.run_id: str | None = None
        self.notices: list = []

    def __getattr__(self, attr):
        return getattr(self.__dict__["training"], attr)

    def run(self):
        """Create the stored run (now, when the queue starts it: a wait in the line is not a dead run), then train."""
        created = create_for(store(), self.owner, self.training, self.name, **self.source)
        self.run_id, self.notices = created.run_id, list(created.notices)
        return train_and_record(store(), self.owner, self.run_id, self.training)

    def stop(self) -> None:
        self.training.stop()


def run_name(preset: str, dataset: str, settings) -> str:
    """A default name that tells runs apart: the model, the data, augmentation and Dropout, the epochs."""
    extras = [tr("training.runs.aug")] if settings.augmented else []
    if settings.dropout > 0:
        extras.append(f"Dropout {settings.dropout:g}")
    return " · ".join([preset, dataset, *extras, tr("training.runs.epochs", n=settings.epochs)])[:120]


def _when(seconds: float | None) -> str:
    return "" if not seconds else time.strftime("%m-%d %H:%M", time.localtime(seconds))


def _row(record) -> dict:
    s = record.settings or {}
    augmented = s.get("flip") or (s.get("rotation") or 0) > 0 or (s.get("zoom") or 0) > 0
    extras = [tr("training.runs.aug")] if augmented else []
    if (s.get("dropout") or 0) > 0:
        extras.append(f"Dropout {s['dropout']:g}")
    best = record.best_val_accuracy
    return {tr("training.runs.col.name"): record.name, tr("training.runs.col.when"): _when(record.created_at),
            tr("training.runs.col.data"): str(record.data.get("name", "")),
            tr("training.runs.col.model"): str(record.spec.get("name", "")) if isinstance(record.spec, dict) else "",
            tr("training.runs.col.options"): ", ".join(extras) or "—",
            tr("training.runs.col.epochs"): f"{record.epochs_done}/{record.epochs_planned}",
            tr("training.runs.col.best"): "" if best is None else f"{best:.1%}",
            tr("training.runs.col.duration"): "" if not record.duration else f"{record.duration:.0f} s",
            tr("training.runs.col.status"): tr(f"runs.status.{record.status}")
            + ("" if record.mine else " · " + tr("training.runs.shared"))}


def history_panel() -> list:
    """The learner's runs (and runs shared with them) as a table; returns the selected records (newest first)."""
    owner = owner_token()
    records = store().list_runs(owner)
    st.subheader(tr("training.runs.header"))
    if not records:
        st.caption(tr("training.runs.none"))
        return []
    event = st.dataframe(pd.DataFrame([_row(r) for r in records]), hide_index=True, width="stretch",
                         on_select="rerun", selection_mode="multi-row", key=KEY["runs_table"],
                         height=min(38 + 35 * len(records), 420))
    chosen = [records[i] for i in event.selection.rows if i < len(records)][:MAX_COMPARED]
    if not chosen:
        st.caption(tr("training.runs.pick"))
    return chosen


def actions(record, where: str = "history") -> None:
    """What a learner can do with one run: take it home (model, history, notebook), rename, delete.

    `where` tells the places apart (the run just trained, and the same run picked in the table).
    """
    owner, lang = owner_token(), current_lang()
    cols = st.columns(len(FORMATS))
    for col, fmt in zip(cols, FORMATS):
        col.download_button(tr(f"training.runs.download.{fmt}"), lambda fmt=fmt: export_run(store(), record.id, owner,
                                                                                               fmt, lang)[0],
                            file_name=file_name(record.name, fmt), key=f"{P}download.{where}.{fmt}.{record.id}",
                            on_click="ignore", disabled=not record.usable)
    if not record.mine or where != "history":
        return
    _share_with_class(record, owner)
    a, b = st.columns([3, 1], vertical_alignment="bottom")
    a.text_input(tr("training.runs.rename"), value=record.name, max_chars=120, key=f"{KEY['rename']}.{record.id}")
    if b.button(tr("training.runs.rename_button"), key=f"{KEY['rename_button']}.{record.id}"):
        try:
            store().rename(record.id, owner, st.session_state[f"{KEY['rename']}.{record.id}"])
            st.rerun()
        except SettingError as err:
            st.error(err.sentence(lang))
    if st.button(tr("training.runs.delete"), key=f"{KEY['delete']}.{record.id}", icon=":material/delete:",
                 disabled=record.status == "running"):
        st.session_state[KEY["confirm_delete"]] = record.id
    if st.session_state.get(KEY["confirm_delete"]) == record.id:
        st.warning(tr("training.runs.delete_confirm", name=record.name))
        if st.button(tr("training.runs.delete_yes"), key=f"{KEY['delete']}.yes.{record.id}", type="primary"):
            store().delete(record.id, owner)
            st.session_state.pop(KEY["confirm_delete"], None)
            st.rerun()


def _share_with_class(record, owner: str) -> None:
    """A member of a class can share a run with it (the teacher can then show it on the projector)."""
    from cnnviz.web.classroom import learner

    if learner.membership() is None or not record.usable:
        return
    shared = st.toggle(tr("training.runs.share"), value=record.shared, key=f"{P}share.{record.id}",
                       help=tr("training.runs.share_help"))
    if shared != record.shared:
        try:
            learner.share_run(record.id, owner, shared)
        except SettingError as err:
            st.error(err.sentence(current_lang()))


def compare_panel(records: list, key: str = "history") -> None:
    """2–4 runs: their curves overlaid and a sentence that reads the difference (`key` tells the places apart)."""
    owner, lang = owner_token(), current_lang()
    names = [chr(ord("A") + i) for i in range(len(records))]
    histories = {f"{n}: {r.name}"[:60]: store().history(r.id, owner) for n, r in zip(names, records)}
    st.subheader(tr("training.compare.header"))
    st.plotly_chart(compare_figure(histories, lang), key=f"training.compare_chart.{key}")
    usable = [(n, h) for n, h in zip(names, histories.values()) if any("val_accuracy" in row for row in h)]
    if len(usable) == 2:
        (na, ha), (nb, hb) = usable
        sentence = compare_runs(ha, hb, (na, nb))
        st.markdown(tr(sentence["key"], **sentence["values"]) + " " + tr(sentence["val_key"], **sentence["val_values"]))
    else:
        for name, history in usable:
            course = gap_course(history)
            st.markdown(tr("training.compare.one_run", name=name, **course))
