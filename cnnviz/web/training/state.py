"""Streamlit glue of the training page: the queue, the live fragment and the results (its data: `data`).

The run itself trains in a worker thread of the process-wide `TrainingQueue` (``st.cache_resource``);
this session only keeps its `Ticket`. A fragment with ``run_every`` polls the ticket's progress and
redraws the progress bar and the curves, so the rest of the page never reloads. Each poll is the
ticket's heartbeat; a closed tab stops sending it and, once the browser session is gone too, the
queue stops the run and frees its place.

Session-state keys are declared here once. Other pages read the trained model from
``st.session_state[TRAINED_MODEL]`` (a `keras.Model` taking raw 0–255 pixels ``(H, W, C)``;
its outputs are logits unless ``TRAINED_LOGITS`` is False) and the class names from
``TRAINED_CLASSES``.
"""
from __future__ import annotations

import numpy as np
import streamlit as st

from cnnviz.training import evaluation
from cnnviz.training import plots
from cnnviz.pictures.charts import probability_figure
from cnnviz.training.callbacks import event_key
from cnnviz.errors import SettingError, sentence
from cnnviz.classroom.links import RUN_KEY
from cnnviz.training.queue import TrainingQueue
from cnnviz.training.run import TrainingRun, TrainSettings
from cnnviz.web.keras_guard import keep_keras_state
from cnnviz.web.lang import current_lang, tr
from cnnviz.web.training.data import class_label

keep_keras_state()  # Streamlit would otherwise clear Keras's kernel cache after every poll (see keras_guard)

# Session-state keys (the only place they are spelled).
TRAINED_MODEL = "trained_model"  # keras.Model, for every page of this session
TRAINED_CLASSES = "trained_model_class_names"  # list[str]
TRAINED_LOGITS = "trained_model_logits"  # bool: outputs are logits (apply softmax)
ARCHITECTURE_SPEC = "architecture_spec"  # written by /architecture: a Spec, a dict or JSON text
TICKET = "training.ticket"  # slots.Ticket of this session's current or last run
HARVESTED = "training.harvested"  # id of the ticket whose results are stored below
RESULT = "training.result"  # evaluation.Result
DATA = "training.data"  # datasets.ImageData the run used
RUN_PARAM = RUN_KEY  # URL query key: the current run's token, so a reloaded page finds its run again

POLL_SECONDS = 1.0


@st.cache_resource
def training_queue() -> TrainingQueue:
    """The one queue of this server process (max runs from ``CNNVIZ_MAX_TRAININGS``, default 2)."""
    return TrainingQueue()


def session_alive():
    """A check that this browser session is still connected, or None outside a server (AppTest)."""
    from streamlit.runtime import Runtime
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    if ctx is None or not Runtime.exists():
        return None
    runtime, session_id = Runtime.instance(), ctx.session_id
    return lambda: runtime.is_active_session(session_id)


def start(spec, data, settings: TrainSettings, name: str = "", source: dict | None = None) -> None:
    """Queue a run for this session (a previous one of this session is stopped first); it is saved in the run store
    under `name` as it trains (`source`: how to load its data again, for the notebook)."""
    from cnnviz.web.owner import owner_token
    from cnnviz.web.training.runs import RecordedRun

    old = st.session_state.get(TICKET)
    if old is not None and not old.finished:
        training_queue().cancel(old)
    training = TrainingRun(spec, data, settings)
    try:  # here, not in the worker: TensorFlow's first import and Keras's errors stay on the page's thread
        training.build()
    except (ValueError, TypeError) as err:
        raise SettingError("training.err.build", reason=str(err)[:300]) from None
    run = RecordedRun(training, owner_token(), name or spec.name, source or {})
    st.session_state.pop(RESULT, None)  # the old run's results go with its data; its model stays shared
    st.session_state[DATA] = data
    ticket = training_queue().submit(run, alive=session_alive())
    st.session_state[TICKET] = ticket
    st.query_params[RUN_PARAM] = ticket.token


def reattach() -> None:
    """After a reload (a new session), take up the run named in the link; its heartbeat goes on from here.

    A run that trains on is kept alive by this page's polling; a finished one shows its results again.
    """
    token = st.query_params.get(RUN_PARAM)
    if token is None or st.session_state.get(TICKET) is not None:
        return
    ticket = training_queue().find(token)
    if ticket is None:
        del st.query_params[RUN_PARAM]
        st.info(tr("training.run_gone"))
        return
    ticket.touch()
    st.session_state[DATA] = ticket.run.data
    st.session_state[TICKET] = ticket


def busy() -> bool:
    """True while this session's run waits or trains."""
    ticket = st.session_state.get(TICKET)
    return ticket is not None and st.session_state.get(HARVESTED) != ticket.id


def live_panel() -> None:
    """Progress, Stop and the growing curves; polls every second while the run is not harvested."""
    if st.session_state.get(TICKET) is None:
        return
    st.fragment(run_every=POLL_SECONDS if busy() else None)(_live_body)()


def _live_body() -> None:
    lang = current_lang()
    ticket = st.session_state[TICKET]
    ticket.touch()
    queue = training_queue()
    snap = ticket.run.progress.snapshot()
    if busy():
        if ticket.state == "waiting":
            st.info(tr("training.waiting", place=queue.place(ticket), running=queue.counts()[0]))
        elif snap["state"] == "waiting":
            st.progress(0.0, text=tr("training.starting"))
        elif ticket.state == "running":
            left = "?" if snap["left"] is None else f"{snap['left']:.0f}"
            text = tr("training.stopping") if ticket.run.progress.stop_requested.is_set() else tr(
                "training.progress", epoch=min(snap["epoch"] + 1, snap["epochs"]), epochs=snap["epochs"],
                batch=snap["batch"], steps=snap["steps"], left=left)
            st.progress(snap["done"] / max(snap["total"], 1), text=text)
        if st.button(tr("training.stop"), key="training.stop_button", disabled=ticket.finished):
            queue.cancel(ticket)
    for notice in getattr(ticket.run, "notices", ()):  # from the run store: runs pruned, fewer snapshots kept
        st.info(notice.sentence(lang))
    if snap["points"] or snap["history"]:
        st.plotly_chart(plots.curves(snap["points"], snap["history"], lang, snap["epochs"], events=snap.get("events")),
                        key="training.curves")
    if ticket.finished and busy():
        _harvest(ticket)
        st.rerun()
    elif not busy():
        _final_status(ticket, snap)


def _harvest(ticket) -> None:
    """Keep a finished run's model and results in this session (and share the model with other pages)."""
    from cnnviz.web.classroom import learner

    run = ticket.run
    st.session_state[HARVESTED] = ticket.id
    learner.note_run(getattr(run, "run_id", None))  # a class sees who has trained a model
    if ticket.state in ("cancelled", "abandoned") or run.result is None:
        return
    st.session_state[RESULT] = run.result
    st.session_state[TRAINED_MODEL] = run.model
    st.session_state[TRAINED_CLASSES] = list(st.session_state[DATA].class_names)
    st.session_state[TRAINED_LOGITS] = run.logits


def _final_status(ticket, snap: dict) -> None:
    if ticket.state == "abandoned":
        st.warning(tr("training.abandoned"))
    elif ticket.state == "cancelled":
        st.info(tr("training.cancelled"))
    elif snap["state"] == "failed" or ticket.error is not None:
        st.error(tr("training.failed", reason=sentence(ticket.error or snap["error"], current_lang())))
    elif snap["state"] == "stopped":
        st.info(tr("training.stopped", batches=snap["done"]))
    else:
        st.success(tr("training.done", epochs=len(snap["history"]), seconds=f"{snap['elapsed']:.0f}"))


def results_panel() -> None:
    """Held-out numbers, overfitting note, confusion matrix, mistakes, prediction and downloads."""
    result, data = st.session_state.get(RESULT), st.session_state.get(DATA)
    if result is None or busy() or data is None:
        return
    lang = current_lang()
    names = [class_label(n) for n in data.class_names]
    st.subheader(tr("training.result.header"))
    a, b, c = st.columns(3)
    a.metric(tr("training.result.val_accuracy"), f"{result.val_accuracy:.1%}")
    b.metric(tr("training.result.val_loss"), f"{result.val_loss:.3f}")
    c.metric(tr("training.result.images"), f"{result.n_train} / {result.n_val}")
    if result.overfitting:
        st.warning(tr(f"training.result.overfit_{result.overfitting['reason']}", **result.overfitting))
    elif len(result.history) >= 2:
        st.caption(tr("training.result.no_overfit"))
    for event in result.events:  # what EarlyStopping, ReduceLROnPlateau and the best epoch did
        st.caption(tr(event_key(event), **event))
    left, right = st.columns(2)
    left.plotly_chart(plots.confusion(result.confusion, names, lang), key="training.confusion")
    with right:
        st.markdown(f"**{tr('training.result.mistakes')}**")
        if result.mistakes and result.mistake_images is not None:
            st.image([plots.image_grid(image[None], cols=1, cell=96) for image in result.mistake_images[:12]], width=96,
                     caption=[tr("training.result.mistake", true=names[y], pred=names[p], p=prob)
                              for _, y, p, prob in result.mistakes[:12]])
        else:
            st.caption(tr("training.result.no_mistakes"))
    _predict_panel(data, names, lang)
    ticket = st.session_state.get(TICKET)
    run_id = getattr(ticket.run, "run_id", None) if ticket is not None else None
    if run_id:  # the downloads come from the run store: the same files after a reload or a restart
        from cnnviz.web.training.runs import actions, store
        from cnnviz.web.owner import owner_token

        st.caption(tr("training.runs.saved", name=ticket.run.name))
        actions(store().get_run(run_id, owner_token()), where="results")
    st.caption(tr("training.shared"))


def _predict_panel(data, names: list[str], lang: str) -> None:
    from cnnviz.images import open_upload

    st.subheader(tr("training.predict.header"))
    pick, shown = st.columns([1, 2])
    images = _val_images(data)
    index = pick.number_input(tr("training.predict.pick"), 0, len(images) - 1, 0, key="training.predict_index")
    upload = pick.file_uploader(tr("training.predict.upload"), type=["png", "jpg", "jpeg", "bmp", "gif", "webp"],
                                key="training.predict_upload")
    image = images[int(index)]  # (H, W, C)
    if upload is not None:
        try:
            image = evaluation.to_input(open_upload(upload.getvalue(), upload.name), data.input_shape)
        except SettingError as err:
            pick.error(err.sentence(lang))
    model = st.session_state[TRAINED_MODEL]
    probs = evaluation.predict_probs(model, image[None], st.session_state[TRAINED_LOGITS])[0]  # (K,)
    pick.image(plots.image_grid(image[None], cols=1, cell=128))
    shown.markdown(tr("training.predict.answer", name=names[int(np.argmax(probs))], p=float(np.max(probs))))
    shown.plotly_chart(probability_figure(probs, names, lang), key="training.probs")


def _val_images(data) -> np.ndarray:
    """Up to 256 validation images to pick from (read once per data set and session)."""
    key = ("training.val_images", id(data))
    if st.session_state.get("training.val_images_key") != key:
        st.session_state["training.val_images"] = data.val_arrays(256)[0]  # (n, H, W, C) uint8
        st.session_state["training.val_images_key"] = key
    return st.session_state["training.val_images"]
