"""A page's declared settings in Streamlit: values from the link, widgets from the declaration, the link kept in step.

For a `cnnviz.settings.Declaration`:

- `start(decl)` reads the link once per session and page visit (and again when a new link
  arrives): its values become the page's current values, its bad values the notices `notices`
  returns once; keys of other pages carried over by a page switch are dropped from the URL.
- `widget(decl, name)` draws a setting's widget (label, range or choices, option labels,
  ``disabled=`` when a teacher's link locked it). Streamlit forgets the state of a widget that was
  not drawn in a run (the pool size while pooling is 'none'); the page's current values are kept
  in session state of their own, so a widget shown again gets its last value back.
- `current(decl)` the values the widgets show (a hidden widget: its last value); `remember(decl,
  values)` keeps them and writes the URL — only the keys that changed, replacing the browser's
  history entry rather than adding one (see `cnnviz.web.history`).
"""
from __future__ import annotations

from typing import Any

import streamlit as st

from cnnviz.settings import Declaration, Setting
from cnnviz.web.classroom.sidebar import follow_link, locked  # noqa: F401  (locked: pages ask it here)
from cnnviz.web.lang import current_lang, tr

COMMON_KEYS = ("lang", "lock", "presenter")  # query keys every page keeps


def key(decl: Declaration, name: str) -> str:
    """The session-state key of a setting's widget: ``explorer.kernel_size``."""
    return f"{decl.page}.{name}"


def _store(decl: Declaration) -> str:
    return f"{decl.page}.settings"


def _seen(decl: Declaration) -> str:
    return f"{decl.page}.settings_query"


def start(decl: Declaration, extra_keys: tuple[str, ...] = ()) -> bool:
    """Read the link on the first run (or when the link's settings changed); True when it was read now.

    The page's current values are then `stored(decl)`.
    """
    state = st.session_state
    query = {k: st.query_params.get(k) for k in decl.names if k in st.query_params}
    fresh = _store(decl) not in state or (query and query != state.get(_seen(decl)) and query != _as_query(decl, state))
    if fresh:
        values, notices = decl.from_query(st.query_params)
        state[_store(decl)] = values
        state[f"{decl.page}.notices"] = notices
        for name, value in values.items():  # the link wins over what the widgets showed before
            state.pop(key(decl, name), None)
        state[_seen(decl)] = query
        # The link already says these settings: writing them all now, before the browser has run
        # `cnnviz.web.history`'s script on a fresh tab, would add a Back step; the first change writes them.
        state[_quiet(decl)] = True
    _drop_foreign_keys(decl, extra_keys)
    return bool(fresh)


def _quiet(decl: Declaration) -> str:
    return f"{decl.page}.settings_quiet"


def _as_query(decl: Declaration, state) -> dict:
    return {k: v for k, v in decl.to_query(state[_store(decl)]).items() if k in st.query_params}


def _drop_foreign_keys(decl: Declaration, extra_keys: tuple[str, ...]) -> None:
    """A page switch carries the previous page's query over: keep only this page's keys (and lang, lock, …)."""
    keep = set(decl.names) | set(COMMON_KEYS) | set(extra_keys)
    for k in [k for k in st.query_params if k not in keep]:
        del st.query_params[k]


def notices(decl: Declaration) -> list[str]:
    """Sentences for link values that were not used, in this session's language (each shown once)."""
    found = st.session_state.get(f"{decl.page}.notices", [])
    st.session_state[f"{decl.page}.notices"] = []
    return [n.text(current_lang()) for n in found]


def stored(decl: Declaration) -> dict[str, Any]:
    """The values of the last run (from the link on the first)."""
    return st.session_state[_store(decl)]


def restore(decl: Declaration, name: str, widget_key: str | None = None, value: Any = None) -> str:
    """Give a widget that Streamlit forgot (hidden in a run) its last value back; returns its key."""
    k = widget_key or key(decl, name)
    if k not in st.session_state:
        st.session_state[k] = stored(decl)[name] if value is None else value
    return k


def current(decl: Declaration, names: tuple[str, ...] | None = None) -> dict[str, Any]:
    """The values the widgets show; a widget not drawn lately keeps the page's last value."""
    state, last = st.session_state, stored(decl)
    return {name: state.get(key(decl, name), last[name]) for name in (names or decl.names)}


def remember(decl: Declaration, values: dict[str, Any], skip: tuple[str, ...] = ()) -> None:
    """Keep `values` as the page's current values and put them in the URL (`skip`: keys a link cannot carry)."""
    st.session_state[_store(decl)] = dict(values)
    if st.session_state.pop(_quiet(decl), False):
        return  # the run that read the link (see `start`)
    wanted = {k: v for k, v in decl.to_query(values).items() if k not in skip and v != ""}  # "": nothing to carry
    st.session_state[_seen(decl)] = {k: v for k, v in wanted.items()}
    changed = False
    for k in decl.names:  # only the keys that changed: every assignment is a message to the browser
        value = wanted.get(k)
        if st.query_params.get(k) != value:
            changed = True
            if value is None:
                del st.query_params[k]
            else:
                st.query_params[k] = value
    if changed:
        follow_link()


def option_label(setting: Setting):
    """The function that names a choice in this session's language."""
    lang = current_lang()
    if setting.option_label is None:
        return str
    from cnnviz.i18n import t

    prefix = setting.option_label
    return lambda option: t(f"{prefix}.{option}", lang)


def widget(decl: Declaration, name: str, container=None, label: str | None = None, widget_kind: str | None = None,
           **overrides):
    """Draw the widget of setting `name` as its declaration says; returns its value.

    `widget_kind` draws a setting whose choices only the page knows (a model's layers) as one of the
    kinds below; `overrides` replace any argument (options, format_func, max_value, …).
    """
    s = decl[name]
    k = restore(decl, name)
    where = container or st
    kwargs = {"key": k, "disabled": locked(name), "help": tr(s.help) if s.help else None}
    kind = widget_kind or s.widget
    if kind == "slider":
        draw, kwargs = where.slider, {**kwargs, "min_value": s.lo, "max_value": s.hi, "step": s.step}
    elif kind == "select_slider":
        draw, kwargs = where.select_slider, {**kwargs, "options": s.options(), "format_func": option_label(s)}
    elif kind == "radio":
        draw, kwargs = where.radio, {**kwargs, "options": s.options(), "horizontal": True,
                                     "format_func": option_label(s)}
    elif kind == "selectbox":
        draw, kwargs = where.selectbox, {**kwargs, "options": s.options() if s.kind == "choice" else (),
                                         "format_func": option_label(s)}
    elif kind == "toggle":
        draw = where.toggle
    elif kind == "checkbox":
        draw = where.checkbox
    elif kind == "number":
        draw, kwargs = where.number_input, {**kwargs, "min_value": s.lo, "max_value": s.hi, "step": s.step or 1}
    else:
        raise ValueError(f"{decl.page}.{name}: the page draws its '{kind}' widget itself")
    kwargs.update(overrides)
    kwargs["disabled"] = kwargs["disabled"] or locked(name)  # a lock always wins
    return draw(label if label is not None else tr(s.label), **kwargs)
