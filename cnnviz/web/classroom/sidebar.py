"""The teacher's tools in Streamlit: locked controls from the link, a presenter view, and a link to hand out.

Pages ask ``locked("padding")`` (`cnnviz.web.settings` does it for every declared widget) and pass
it as ``disabled=``. The presenter view (``?presenter=1`` or the sidebar toggle) injects one fixed
stylesheet; no user text ever goes into it. `sidebar(page)` draws the toggle before the page runs;
`share_box(page)` draws the "link with these settings" box after it, so the link has the page's
settings of this run. The box is computed only while open; a page that changes its link in a
fragment run reruns the app while it is open (`follow_link`), so the link never goes stale.
"""
from __future__ import annotations

import streamlit as st

from cnnviz.classroom.links import LOCK_KEY, PRESENTER_KEY, Locks, controls, declarations, is_presenter, parse_locks, share_url
from cnnviz.i18n import t
from cnnviz.web.lang import current_lang, tr

KEY = {  # session-state keys, declared once
    "locks": "classroom.locks",
    "notices_shown": "classroom.notices_shown",
    "presenter": "classroom.presenter",
    "share_lock": "classroom.share_lock",
    "share_presenter": "classroom.share_presenter",
    "share_open": "classroom.share_open",
}

# Fixed: large type for a projector. Never formatted with anything from the user or the URL.
PRESENTER_CSS = """<style>
[data-testid="stMain"] [data-testid="stMarkdownContainer"] p,
[data-testid="stMain"] [data-testid="stMarkdownContainer"] li { font-size: 1.5rem !important; line-height: 1.5; }
[data-testid="stMain"] h1 { font-size: 3.2rem !important; }
[data-testid="stMain"] h2 { font-size: 2.5rem !important; }
[data-testid="stMain"] h3 { font-size: 2.1rem !important; }
[data-testid="stWidgetLabel"] p { font-size: 1.35rem !important; }
[data-testid="stCaptionContainer"] { font-size: 1.25rem !important; }
[data-testid="stMain"] [data-testid="stMetricValue"],
[data-testid="stMain"] [data-testid="stMetricValue"] *,
[data-testid="stMain"] [data-testid="stMetricValue"] [data-testid="stMarkdownContainer"] p { font-size: 3rem !important; line-height: 1.2; }
[data-testid="stMain"] [data-testid="stSliderThumbValue"],
[data-testid="stMain"] [data-testid="stSliderThumbValue"] * { font-size: 1.1rem !important; line-height: 1; }
[data-testid="stMain"] .katex { font-size: 1.6em !important; }
[data-testid="stMain"] code { font-size: 1.3rem !important; }
[data-testid="stTable"] td, [data-testid="stTable"] th { font-size: 1.4rem !important; }
</style>"""


def locks() -> Locks:
    """The locks of this session: read from ``?lock=`` when present, else kept from the first link."""
    state = st.session_state
    if LOCK_KEY in st.query_params or KEY["locks"] not in state:
        found = parse_locks(st.query_params)
        if found != state.get(KEY["locks"]):
            state[KEY["notices_shown"]] = False
        state[KEY["locks"]] = found
    return state[KEY["locks"]]


def locked(name: str) -> bool:
    """True when the teacher's link locked control `name`: pass it as a widget's ``disabled=``."""
    return name in locks()


def lock_notices() -> list[str]:
    """Sentences about ignored lock names, in this session's language, once per link."""
    notices = locks().notices  # first: reading a new link resets "shown"
    if st.session_state.get(KEY["notices_shown"]):
        return []
    st.session_state[KEY["notices_shown"]] = True
    from cnnviz.web.lang import current_lang

    return [n.text(current_lang()) for n in notices]


def presenter_on() -> bool:
    return bool(st.session_state.get(KEY["presenter"], False))


def presenter_toggle() -> bool:
    """The sidebar toggle for the presenter view (starts on with ``?presenter=1``); applies the stylesheet."""
    if KEY["presenter"] not in st.session_state:
        st.session_state[KEY["presenter"]] = is_presenter(st.query_params)
    on = st.sidebar.toggle(tr("classroom.presenter"), key=KEY["presenter"], help=tr("classroom.presenter_help"))
    if on:
        st.html(PRESENTER_CSS)
    return on


def current_url() -> str:
    """This page's URL with its current query (st.context.url has no query; it is None in tests)."""
    base = st.context.url or "/"
    return share_url(base, st.query_params.to_dict())


def _control_label(page: str, lang: str):
    decl = declarations().get(page)
    return lambda name: t(decl[name].label, lang) if decl and name in decl else name


def share_box(page: str) -> str | None:
    """The "link to this page with these settings" box: choose locks and presenter view, copy the link.

    Returns the link while the box is open (None while closed: nothing is computed then).
    """
    box = st.sidebar.expander(tr("classroom.share"), key=KEY["share_open"], on_change="rerun")
    if not box.open:
        return None
    with box:
        st.caption(tr("classroom.share_help"))
        names = controls(page)
        chosen = ()
        if names:
            if KEY["share_lock"] not in st.session_state:
                st.session_state[KEY["share_lock"]] = sorted(locks().names & set(names))
            st.session_state[KEY["share_lock"]] = [n for n in st.session_state[KEY["share_lock"]] if n in names]
            chosen = st.multiselect(tr("classroom.lock"), names, key=KEY["share_lock"],
                                    format_func=_control_label(page, current_lang()))
        presenter = st.checkbox(tr("classroom.lock_presenter"), key=KEY["share_presenter"])
        url = share_url(st.context.url or "/", st.query_params.to_dict(), lock=chosen, presenter=presenter)
        st.code(url, language=None, wrap_lines=True)
    return url


def follow_link() -> None:
    """After a fragment run changed the page's link: rerun the app while the share box is open, so it shows the new link."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    if st.session_state.get(KEY["share_open"]) and ctx is not None and ctx.fragment_ids_this_run:
        st.rerun(scope="app")


def sidebar(page: str) -> None:
    """The teacher's tools for `page` (a url_path such as 'explorer') drawn before it runs: presenter toggle, notices."""
    st.sidebar.subheader(tr("classroom.header"))
    presenter_toggle()
    for sentence in lock_notices():
        st.warning(sentence)
    if locks().names:
        st.sidebar.caption(tr("classroom.locked_list", names=", ".join(sorted(locks().names))))


__all__ = ["KEY", "PRESENTER_CSS", "PRESENTER_KEY", "current_url", "follow_link", "lock_notices", "locked", "locks",
           "presenter_on", "presenter_toggle", "share_box", "sidebar"]
