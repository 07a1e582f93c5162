"""A learner in a class, on every page: join with the code and a name, the teacher's question on top of the page.

`class_panel(page)` (app.py, before the page runs) draws the sidebar's class box — the join form, or
"in class K7QX2M as Mina" with the class data set — and, for a member, a fragment on top of the page
that asks the database every `POLL_SECONDS` whether the teacher pushed or revealed a question (one
small query; nothing is drawn while there is no question). Pages call `lesson_step(step_id)`,
`note_run(run_id)`, `share_run(run_id, owner_token)` and `class_model()`.

Membership across reloads: the member token (192 random bits; the database keeps its SHA-256) is
kept in this session and in the first-party cookie ``cnnviz_member`` (``SameSite=Strict``, 12 hours),
set by a fixed script as `cnnviz.web.owner` sets the run owner's. Streamlit reads cookies
(`st.context.cookies`) but cannot set them. Why a cookie and not the URL: a link is copied, shared,
bookmarked and shown on a projector — the "link to this page" box copies every query key — so a
token in it would hand a learner's name and answers to whoever opens it; a cookie never leaves the
browser that joined. The trade-off: on a shared computer the next person inherits the membership
until someone presses "Leave the class" (or the teacher ends the class, which voids every token).
The join code in a link (``?class=K7QX2M``) only fills in the form.
"""
from __future__ import annotations

import time

import streamlit as st

from cnnviz.classroom import class_runs, class_training, classes, questions
from cnnviz.classroom.classes import Member, Room
from cnnviz.classroom.prompts import Question
from cnnviz.errors import SettingError
from cnnviz.runs.owners import TOKEN
from cnnviz.web.lang import current_lang, tr

P = "class."
KEY = {name: P + name for name in ("member", "token", "page", "step", "seen", "questions", "hidden", "ended",
                                    "join_code", "join_name", "leave", "answer", "error", "clear")}
COOKIE = "cnnviz_member"
COOKIE_SECONDS = 12 * 3600
CODE_PARAM = "class"  # ?class=K7QX2M fills in the join form
POLL_SECONDS = 1.0
_SET_COOKIE = ("<script>document.cookie = '" + COOKIE + "={token}; path=/; max-age={age}; SameSite=Strict'"
               " + (location.protocol === 'https:' ? '; Secure' : '');</script>")


@st.cache_resource(show_spinner=False)
def room() -> Room:
    """The process's class mode (the run store's database; images under the data folder)."""
    return classes.open_room()


@st.cache_resource(show_spinner=False)
def _announce_key() -> str:
    """Where the teacher key is, in the server's log, when the server's first page is opened."""
    from cnnviz.classroom.teacher_key import announce

    return announce()


def _cookie_script(token: str, age: int) -> None:
    assert token == "" or TOKEN.fullmatch(token)  # url-safe only: nothing from the request becomes code
    st.html(_SET_COOKIE.format(token=token, age=age), unsafe_allow_javascript=True, width="content")


def _cookie() -> str | None:
    try:
        value = (st.context.cookies or {}).get(COOKIE)
    except (AttributeError, RuntimeError):  # outside a browser session (AppTest)
        return None
    return value if isinstance(value, str) and TOKEN.fullmatch(value) else None


def membership() -> Member | None:
    """This session's class membership: kept in the session, found again from the cookie after a reload."""
    state = st.session_state
    if KEY["member"] not in state:
        token = _cookie()
        member = classes.member_by_token(room(), token) if token else None
        state[KEY["member"]], state[KEY["token"]] = member, (token if member else None)
    return state[KEY["member"]]


def _forget() -> None:
    """Leave: the session forgets the membership, and the next runs clear the cookie (see `_clear_cookie`)."""
    for name in ("member", "token", "page", "step"):
        st.session_state.pop(KEY[name], None)
    st.session_state[KEY["member"]] = None
    st.session_state[KEY["clear"]] = True


def _clear_cookie() -> None:
    """Drawn in every run after leaving while the request still carried the cookie (a rerun would drop a script
    drawn in the run that left before the browser ran it)."""
    if st.session_state.get(KEY["clear"]) and _cookie() is not None:
        with st.sidebar:
            _cookie_script("", 0)


def _join_form() -> None:
    code = st.query_params.get(CODE_PARAM)
    if code and KEY["join_code"] not in st.session_state:
        st.session_state[KEY["join_code"]] = code[:12]
    with st.sidebar.expander(tr("class.join.title"), expanded=bool(code)), \
            st.form(P + "join_form", border=False):
        st.text_input(tr("class.join.code"), max_chars=12, key=KEY["join_code"], placeholder="K7QX2M")
        st.text_input(tr("class.join.name"), max_chars=classes.NAME_MAX, key=KEY["join_name"])
        if st.form_submit_button(tr("class.join.button"), type="primary"):
            try:
                member, token = classes.join(room(), st.session_state[KEY["join_code"]],
                                             st.session_state[KEY["join_name"]])
            except SettingError as err:
                st.error(err.sentence(current_lang()))
                return
            st.session_state[KEY["member"]], st.session_state[KEY["token"]] = member, token
            st.session_state.pop(KEY["clear"], None)
            if CODE_PARAM in st.query_params:
                del st.query_params[CODE_PARAM]
            st.rerun()


def _member_box(member: Member) -> None:
    from cnnviz.web.classroom import class_data

    box = st.sidebar.container(border=True, key=P + "member_box")
    box.markdown(tr("class.member.in", code=member.code, name=member.name))
    token = st.session_state.get(KEY["token"])
    if token and _cookie() != token:
        with st.sidebar:
            _cookie_script(token, COOKIE_SECONDS)  # until a reload brings the cookie back with the request
    if box.button(tr("class.member.leave"), key=KEY["leave"]):
        _forget()
        st.rerun()
    with st.sidebar:
        class_data.learner_box(member)


def class_panel(page: str) -> None:
    """The class box in the sidebar and, for a member, the teacher's question on top of `page` (not on /teacher)."""
    _announce_key()
    if page == "teacher":
        return
    st.sidebar.subheader(tr("class.header"))
    if st.session_state.pop(KEY["ended"], False):
        st.sidebar.info(tr("class.member.ended"))
    member = membership()
    if member is None:
        _clear_cookie()
        _join_form()
        return
    _member_box(member)
    _note(member, page=page)
    st.fragment(run_every=POLL_SECONDS)(_question_area)()


def _note(member: Member, page: str | None = None, lesson_step: str | None = None) -> None:
    """Write where the learner is when it changed (and "seen" at most every `SEEN_EVERY` s)."""
    state, now = st.session_state, time.time()
    changes = {}
    if page is not None and state.get(KEY["page"]) != page:
        changes["page"] = state[KEY["page"]] = page
    if lesson_step is not None and state.get(KEY["step"]) != lesson_step:
        changes["lesson_step"] = state[KEY["step"]] = lesson_step
    if changes or now - state.get(KEY["seen"], 0.0) > classes.SEEN_EVERY:
        classes.note(room(), member, **changes)
        state[KEY["seen"]] = now


def lesson_step(step_id: str) -> None:
    """The lesson page says which step the learner works on (e.g. a step's widget changed); no-op outside a class."""
    member = membership()
    if member is not None:
        _note(member, lesson_step=str(step_id)[:40])


def _question(member: Member, question_id: str) -> Question:
    cache = st.session_state.setdefault(KEY["questions"], {})
    if question_id not in cache:
        cache.clear()  # one question at a time
        cache[question_id] = questions.load(room(), member.class_id, question_id)
    return cache[question_id]


def _question_area() -> None:
    member = st.session_state.get(KEY["member"])
    if member is None:
        return
    found = questions.poll(room(), member)
    _note(member)
    if not found.class_open:
        _forget()
        st.session_state[KEY["ended"]] = True
        st.rerun(scope="app")
    if found.training_state is not None:
        from cnnviz.web.classroom import class_data

        class_data.watch(member.class_id, found.training_state)
    if found.question_id is None or found.closed or found.question_id == st.session_state.get(KEY["hidden"]):
        return
    question = _question(member, found.question_id)
    with st.container(border=True, key=P + "question_box"):
        ask(question)
        if found.revealed:
            _revealed(question, found.my_answer)
            st.button(tr("class.q.hide"), key=P + "hide", on_click=st.session_state.__setitem__,
                      args=(KEY["hidden"], found.question_id))
        elif found.my_answer is not None:
            st.success(tr("class.q.waiting", answer=found.my_answer))
        else:
            _answer_form(member, found.question_id, question)


def ask(question: Question) -> None:
    """The question as every page shows it: the sentence, then the input shape and the Keras lines."""
    st.markdown(tr(f"class.q.ask.{question.quantity}", layer=question.layer))
    shape = ", ".join(str(v) for v in question.input_shape)
    st.code("\n".join([f"x = keras.Input(shape=({shape}{',' if len(question.input_shape) == 1 else ''}))"]
                      + [f"x = keras.layers.{call}(x)" for call in question.calls]), language="python")


def _send(member: Member, question_id: str) -> None:
    """The answer form's callback: runs before the fragment redraws, so the redraw shows the answer recorded."""
    try:
        questions.answer(room(), member, question_id, st.session_state.get(f"{KEY['answer']}.{question_id}", ""))
    except SettingError as err:
        st.session_state[KEY["error"]] = err.sentence(current_lang())


def _answer_form(member: Member, question_id: str, question: Question) -> None:
    with st.form(P + "answer_form", border=False):
        st.text_input(tr(f"class.q.answer.{question.quantity}"), key=f"{KEY['answer']}.{question_id}", max_chars=60,
                      placeholder="30 × 30 × 8" if question.quantity == "output_shape" else "896")
        st.form_submit_button(tr("class.q.send"), type="primary", on_click=_send, args=(member, question_id))
    error = st.session_state.pop(KEY["error"], None)
    if error:
        st.error(error)


def _revealed(question: Question, mine: str | None) -> None:
    from cnnviz.classroom.prompts import format_value

    right = format_value(question.expected)
    if mine is None:
        st.info(tr("class.q.revealed_none", expected=right))
    elif mine == right:
        st.success(tr("class.q.revealed_right", expected=right))
    else:
        st.warning(tr("class.q.revealed_wrong", answer=mine, expected=right))
    for _, latex in question.formulas:
        st.latex(latex)
    if not question.formulas:
        st.caption(tr("class.q.no_weights"))


def note_run(run_id: str | None = None) -> None:
    """/training: this learner started a run (`run_id`: its id in the run store, once known); no-op outside a class."""
    member = membership()
    if member is not None:
        class_runs.note_run(room(), member, run_id)


def run_store():
    """The process's one run store (the training page's), on the same database as the class."""
    from cnnviz.web.training.runs import store

    return store()


def share_run(run_id: str, owner_token: str, shared: bool = True) -> bool:
    """/training's "share with the class" button: returns False outside a class; a foreign run is a SettingError."""
    member = membership()
    if member is None:
        return False
    class_runs.share_run(room(), run_store(), member, run_id, owner_token, shared)
    return True


def class_model():
    """/network: (path of the class model's .keras, class names, outputs are logits), or None (no class or no model)."""
    member = membership()
    return None if member is None else class_training.model_file(room(), member.class_id)
