"""The teacher's page in Streamlit: the key, the class on the projector, a question for everyone, where everyone is.

`gate()` asks for the teacher key (`cnnviz.classroom.teacher_key`): without it the page shows one
sentence and the key field, nothing of any class. The key is typed into a password field inside a
form (never a URL); the session remembers that it was right, so a reload asks again. With the key:
start or pick a class (join code, link and QR code for the projector), then one of four views —
the question (push, live answers every `REFRESH_SECONDS`, reveal), the learners, the class's runs,
the class's data set. Every view reads the database, so a teacher on one replica sees the learners
of all replicas.
"""
from __future__ import annotations

import math
import os

import streamlit as st

from cnnviz.classroom import classes, questions
from cnnviz.classroom.charts import answer_spread
from cnnviz.classroom.classes import ClassInfo
from cnnviz.classroom.prompts import QUANTITIES, from_architecture, from_explorer
from cnnviz.classroom.qr import qr_png
from cnnviz.classroom.teacher_key import try_key
from cnnviz.errors import SettingError
from cnnviz.i18n import t
from cnnviz.web.classroom import roster
from cnnviz.web.classroom.learner import CODE_PARAM, ask, room
from cnnviz.web.lang import current_lang, tr

P = "teacher."
KEY = {name: P + name for name in ("ok", "key", "class", "title", "labels", "view", "source", "layer", "quantity",
                                    "arch_layer", "arch_model", "push", "reveal", "close", "end", "end_sure")}
REFRESH_SECONDS = 1.5  # the live answers; the issue asks for at most 2 s
ROSTER_SECONDS = 2.0  # the learners' table
VIEWS = ("question", "learners", "runs", "data")
TRUSTED_PROXIES_ENV = "CNNVIZ_TRUSTED_PROXIES"  # addresses of reverse proxies whose X-Forwarded-For is believed ("all")


def _labels(prefix: str):
    """Names of choices in this session's language (the language is read now: AppTest calls the function later)."""
    lang = current_lang()
    return lambda value: t(f"{prefix}.{value}", lang)


def client_address() -> str:
    """The browser's address (behind a trusted proxy: the last X-Forwarded-For entry); 'loopback' on this machine."""
    ip = st.context.ip_address or "loopback"
    trusted = {a.strip() for a in os.environ.get(TRUSTED_PROXIES_ENV, "").split(",") if a.strip()}
    if "all" in trusted or ip in trusted or (ip == "loopback" and "127.0.0.1" in trusted):
        forwarded = (st.context.headers or {}).get("X-Forwarded-For") or ""
        if forwarded.split(",")[-1].strip():
            ip = forwarded.split(",")[-1].strip()[:64]
    return ip


def _whos() -> list[str]:
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    return [f"session:{ctx.session_id if ctx else 'none'}", f"addr:{client_address()}"]


def gate() -> bool:
    """True once this session typed the right key; else the sentence and the key field only."""
    if st.session_state.get(KEY["ok"]):
        return True
    st.markdown(tr("class.teacher.locked"))
    with st.form(P + "key_form", clear_on_submit=True, border=False):
        typed = st.text_input(tr("class.teacher.key"), type="password", key=KEY["key"], max_chars=200)
        if st.form_submit_button(tr("class.teacher.enter")):
            attempt = try_key(room().engine, typed, _whos())
            if attempt.ok:
                st.session_state[KEY["ok"]] = True
                st.rerun()
            elif attempt.wait:
                st.error(tr("class.teacher.wait", s=math.ceil(attempt.wait)))
            else:
                st.error(tr("class.teacher.wrong"))
    return False


def join_link(code: str) -> str:
    """The link on the projector: the app's address with the join code (and the teacher's language)."""
    url = st.context.url or ""
    base = url.split("?")[0].rsplit("/teacher", 1)[0].rstrip("/") if url else ""
    return f"{base}/?{CODE_PARAM}={code}&lang={current_lang()}"


def class_picker() -> ClassInfo | None:
    """Start a class, or pick one of the open ones (the newest first)."""
    r = room()
    found = classes.open_classes(r)
    with st.expander(tr("class.teacher.new"), expanded=not found), st.form(P + "new_form", border=False):
        title = st.text_input(tr("class.teacher.title_field"), key=KEY["title"], max_chars=classes.TITLE_MAX)
        labels = st.text_input(tr("class.data.labels"), key=KEY["labels"], placeholder=tr("class.data.labels_example"))
        if st.form_submit_button(tr("class.teacher.start"), type="primary"):
            try:
                info = classes.start_class(r, title, labels.strip() or ())
                st.session_state[KEY["class"]] = info.id
                st.rerun()
            except SettingError as err:
                st.error(err.sentence(current_lang()))
    if not found:
        return None
    ids = [c.id for c in found]
    if st.session_state.get(KEY["class"]) not in ids:
        st.session_state[KEY["class"]] = ids[0]
    by_id = {c.id: c for c in found}
    chosen = st.selectbox(tr("class.teacher.pick"), ids, key=KEY["class"],
                          format_func=lambda i: f"{by_id[i].code} — {by_id[i].title}")
    return by_id[chosen]


def projector(info: ClassInfo) -> None:
    """The join code, the link and its QR code, large enough for the back of the room."""
    link = join_link(info.code)
    left, right = st.columns([2, 1])
    with left:
        st.markdown(tr("class.teacher.join_with"))
        st.metric(tr("class.teacher.code"), " ".join(info.code))  # spaced: easy to read from the back of the room
        st.code(link, language=None, wrap_lines=True)
    right.image(qr_png(link), width=220, caption=tr("class.teacher.qr"), output_format="PNG")  # JPEG would blur it


def page() -> None:
    """Everything behind the key."""
    info = class_picker()
    if info is None:
        st.info(tr("class.teacher.none"))
        return
    projector(info)
    from cnnviz.web.classroom import class_data

    if class_data.training_held():  # the class model trains in this session: keep its watchers' copy fresh
        st.fragment(run_every=class_data.TRAIN_REFRESH)(class_data.mirror)(info.id)
    view = st.segmented_control(tr("class.teacher.view"), VIEWS, key=KEY["view"], default="question",
                                format_func=_labels("class.view")) or "question"
    if view == "question":
        question_view(info)
    elif view == "learners":
        st.fragment(run_every=ROSTER_SECONDS)(roster.learners_view)(info.id)
    elif view == "runs":
        roster.runs_view(info)
    else:
        class_data.teacher_view(info)
    st.divider()
    sure = st.checkbox(tr("class.teacher.end_sure"), key=KEY["end_sure"])
    if st.button(tr("class.teacher.end"), key=KEY["end"], disabled=not sure):
        classes.close_class(room(), info.id)
        st.session_state.pop(KEY["class"], None)
        st.rerun()


# --- the question -----------------------------------------------------------------------------


def _stored(page: str):
    from cnnviz.web.settings import stored
    from cnnviz.classroom.links import declarations

    try:
        return stored(declarations()[page])
    except KeyError:  # the teacher has not opened that page in this session
        return declarations()[page].defaults()


def _architecture_spec(choice: str):
    from cnnviz.builder.settings import EMPTY, decode_spec
    from cnnviz.presets import load_preset

    if choice != "page":
        return load_preset(choice)
    values = _stored("architecture")
    if values.get("spec"):
        return decode_spec(values["spec"])
    return None if values["preset"] == EMPTY else load_preset(values["preset"])


def build_question():
    """The question the teacher is about to push, from the explorer's or the architecture page's current settings."""
    from cnnviz.presets import list_presets

    source = st.radio(tr("class.q.source"), ("explorer", "architecture"), horizontal=True, key=KEY["source"],
                      format_func=_labels("class.q.source"))
    a, b = st.columns(2)
    quantity = b.radio(tr("class.q.quantity"), QUANTITIES, horizontal=True, key=KEY["quantity"],
                       format_func=_labels("class.q.quantity"))
    if source == "explorer":
        layer = a.radio(tr("class.q.layer"), ("conv", "pool"), horizontal=True, key=KEY["layer"],
                        format_func=_labels("class.q.layer"))
        st.caption(tr("class.q.from_explorer"))
        return from_explorer(_stored("explorer"), quantity, layer)
    model = a.selectbox(tr("class.q.model"), ["page", *list_presets()], key=KEY["arch_model"],
                        format_func=lambda v, lang=current_lang(): t("class.q.model.page", lang) if v == "page" else v)
    spec = _architecture_spec(model)
    if spec is None or not spec.layers:
        raise SettingError("class.err.no_layers")
    index = st.selectbox(tr("class.q.layer"), range(len(spec.layers)), key=KEY["arch_layer"],
                         format_func=lambda i: f"{i}: {spec.layers[i].type} ({spec.layers[i].name})")
    return from_architecture(spec, int(index), quantity)


def question_view(info: ClassInfo) -> None:
    with st.container(border=True):
        try:
            question = build_question()
        except SettingError as err:
            st.error(err.sentence(current_lang()))
            question = None
        if question is not None:
            ask(question)
            if st.button(tr("class.q.push"), key=KEY["push"], type="primary"):
                questions.push(room(), info.id, question)
    st.fragment(run_every=REFRESH_SECONDS)(live_answers)(info.id)


def live_answers(class_id: str) -> None:
    """How many answered, the spread with the right answer marked, the commonest slip; reveal and close."""
    r, lang = room(), current_lang()
    question_id = classes.current_question_id(r, class_id)
    if question_id is None:
        st.caption(tr("class.live.none"))
        return
    question = questions.load(r, class_id, question_id)
    tally = questions.tally(r, class_id, question_id)
    revealed, closed = questions.status(r, class_id, question_id)
    a, b, c = st.columns(3)
    a.metric(tr("class.live.answered"), f"{tally.answered} / {tally.members}")
    b.metric(tr("class.live.right"), tally.right)
    c.button(tr("class.live.reveal"), key=KEY["reveal"], type="primary", disabled=revealed,
             on_click=questions.reveal, args=(r, class_id, question_id))
    c.button(tr("class.live.close"), key=KEY["close"], disabled=closed,
             on_click=questions.close, args=(r, class_id, question_id))
    st.plotly_chart(answer_spread(tally.counts, tally.expected, lang), key=P + "spread")
    if tally.top_wrong is not None:
        text, n, mistake = tally.top_wrong
        st.markdown(tr("class.live.top_wrong", answer=text, n=n))
        if mistake is None:
            st.caption(tr("class.live.no_diagnosis"))
        else:
            st.markdown("\n".join(f"- {tr(f'class.mistake.{key}')}" for key in mistake.keys))
            for formula in mistake.formulas:
                st.code(formula, language=None)
    if revealed:
        st.markdown(tr("class.live.revealed", expected=tally.expected))
        for _, latex in question.formulas:
            st.latex(latex)
