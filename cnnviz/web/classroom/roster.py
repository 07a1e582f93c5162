"""Where everyone is, on the teacher's page: the learners' table, the class's runs ranked with their curves and timeline,
and a shared run put on the projector (the network page opens `projected_model()`).
"""
from __future__ import annotations

import time

import pandas as pd
import streamlit as st

from cnnviz.classroom import class_runs, classes
from cnnviz.classroom.classes import ClassInfo
from cnnviz.errors import SettingError
from cnnviz.web.classroom.learner import room, run_store
from cnnviz.web.lang import current_lang, tr

P = "teacher."
PROJECTED = P + "projected"  # (class id, run id) of the shared run the teacher shows on /network
KEY = {name: P + name for name in ("run", "timeline", "project")}


def _step_title(step_id: str | None) -> str:
    from cnnviz.classroom.lesson import STEPS

    ids = [s.id for s in STEPS]
    if step_id not in ids:
        return ""
    return f"{ids.index(step_id) + 1}. {tr(STEPS[ids.index(step_id)].title_key)}"


def learners_view(class_id: str) -> None:
    """The roster: page, lesson step, last seen, trained, images, answered (refreshed every few seconds)."""
    r, now = room(), time.time()
    rows = classes.roster(r, class_id, classes.current_question_id(r, class_id))
    st.caption(tr("class.roster.count", n=len(rows)))
    if not rows:
        return
    frame = pd.DataFrame([{
        tr("class.roster.name"): row.name,
        tr("class.roster.page"): tr(f"nav.{row.page}") if row.page else "",
        tr("class.roster.step"): _step_title(row.lesson_step),
        tr("class.roster.seen"): tr("class.roster.ago", s=max(0, int(now - row.seen_at))),
        tr("class.roster.trained"): row.trained,
        tr("class.roster.images"): row.images,
        tr("class.roster.answered"): row.answered,
    } for row in rows])
    st.dataframe(frame, hide_index=True, key=P + "roster")


def runs_view(info: ClassInfo) -> None:
    """The class's runs ranked by validation accuracy, with their settings; the curves of the one picked."""
    from cnnviz.training import plots

    found = class_runs.ranked(room(), info.id)
    if not found:
        st.info(tr("class.runs.none"))
        return
    pct = lambda v: "" if v is None else f"{v:.1%}"  # noqa: E731
    st.dataframe(pd.DataFrame([{
        "#": i, tr("class.roster.name"): run.learner, tr("class.runs.name"): run.name,
        tr("class.runs.best"): pct(run.best_val_accuracy), tr("class.runs.final"): pct(run.final_val_accuracy),
        tr("class.runs.epochs"): f"{run.epochs_done}/{run.epochs_planned}",
        tr("class.runs.augmentation"): ", ".join(run.augmentation) or "-", "Dropout": run.dropout,
        tr("class.runs.shared"): run.shared, tr("class.runs.status"): tr(f"class.runs.status.{run.status}"),
    } for i, run in enumerate(found, 1)]), hide_index=True, key=P + "runs")
    by_id = {run.run_id: run for run in found}
    run_id = st.selectbox(tr("class.runs.pick"), list(by_id), key=KEY["run"],
                          format_func=lambda i: f"{by_id[i].learner} — {by_id[i].name}")
    points, history = class_runs.curves(room(), info.id, run_id)
    if points or history:
        st.plotly_chart(plots.curves(points, history, current_lang(), by_id[run_id].epochs_planned), key=P + "curves")
    if by_id[run_id].shared:
        _shared(info, run_id, by_id[run_id].has_model)


def _shared(info: ClassInfo, run_id: str, has_model: bool) -> None:
    """A shared run: its timeline here, and the network page on the projector."""
    if has_model and st.button(tr("class.runs.project"), key=KEY["project"]):
        st.session_state[PROJECTED] = (info.id, run_id)
        st.switch_page("pages/network.py", query_params={"model": "class", "lang": current_lang()})  # the class model
    if st.toggle(tr("class.runs.timeline"), key=KEY["timeline"]):
        from cnnviz.web.training import timeline

        try:
            timeline.panel(run_store().get_run(run_id, class_runs.reader_token()))
        except SettingError as err:
            st.error(err.sentence(current_lang()))


def projected_model():
    """/network: (the .keras file, the class names) of the shared run the teacher chose to show, or None."""
    chosen = st.session_state.get(PROJECTED)
    if not chosen:
        return None
    class_id, run_id = chosen
    try:
        path = class_runs.shared_model_file(room(), run_store(), class_id, run_id)
        record = None if path is None else run_store().get_run(run_id, class_runs.reader_token())
    except SettingError:  # unshared (or deleted) since the teacher chose it
        st.session_state.pop(PROJECTED, None)
        return None
    if record is None:
        return None
    return path, list(record.data.get("class_names", []))
