"""The lesson's overfitting comparison, prepared on /training: the flowers model without and with augmentation and Dropout.

A link with ``lesson=overfitting`` (the lesson's step 9) shows a box with one button: it queues
both runs of the course notes' story on the offline few-shapes data (`LESSON`), saves them in the
learner's runs, and compares their curves as they train — the plain model's validation accuracy
falls away from its training accuracy, the other one's does not.
"""
from __future__ import annotations

import streamlit as st

from cnnviz.presets import load_preset
from cnnviz.training.run import TrainingRun, TrainSettings
from cnnviz.training.settings import TRAINING
from cnnviz.web import settings as ws
from cnnviz.web.lang import tr
from cnnviz.web.owner import owner_token
from cnnviz.web.training import runs
from cnnviz.web.training import data as training_data
from cnnviz.web.training import state as web

# The runs the lesson compares (bench/overfitting_lesson.py measures them): same data, same knobs, same seed.
LESSON = {"dataset": "few_shapes", "epochs": 20, "batch_size": 32, "seed": 0,
          "presets": ("tf_flowers", "tf_flowers_augmented")}
TICKETS = "training.lesson_tickets"
POLL_SECONDS = 2.0


def start() -> None:
    """Queue both runs (saved in this learner's runs as they train)."""
    data = training_data.load_builtin(LESSON["dataset"], 0.2, 10_000)
    settings = TrainSettings(epochs=LESSON["epochs"], batch_size=LESSON["batch_size"], seed=LESSON["seed"])
    tickets = []
    for preset in LESSON["presets"]:
        training = TrainingRun(load_preset(preset), data, settings)
        training.build()
        name = tr(f"training.lesson.run.{preset}")
        run = runs.RecordedRun(training, owner_token(), name, {})
        tickets.append(web.training_queue().submit(run, alive=web.session_alive()))
    st.session_state[TICKETS] = tickets


def panel() -> None:
    """The prepared comparison (only on a link with ``lesson=overfitting``)."""
    if ws.stored(TRAINING)["lesson"] != "overfitting":
        return
    with st.container(border=True):
        st.markdown(tr("training.lesson.intro", epochs=LESSON["epochs"]))
        tickets = st.session_state.get(TICKETS)
        if not tickets:
            st.button(tr("training.lesson.start"), key="training.lesson_start", on_click=start, type="primary",
                      icon=":material/compare_arrows:")
            return
        busy = not all(t.finished for t in tickets)
        st.fragment(run_every=POLL_SECONDS if busy else None)(_progress)(tickets)


def _progress(tickets) -> None:
    queue = web.training_queue()
    for ticket in tickets:
        ticket.touch()  # this page is still watching
        snap = ticket.run.progress.snapshot()
        if ticket.state == "waiting":
            st.caption(tr("training.lesson.waiting", name=ticket.run.name, place=queue.place(ticket)))
        elif not ticket.finished:
            st.progress(snap["done"] / max(snap["total"], 1),
                        text=tr("training.lesson.training", name=ticket.run.name, epoch=snap["epoch"], epochs=snap["epochs"]))
    ids = [getattr(t.run, "run_id", None) for t in tickets]
    if all(ids):
        records = [runs.store().get_run(run_id, owner_token()) for run_id in ids]
        if all(r.epochs_done >= 1 for r in records):
            runs.compare_panel(records, key="lesson")
