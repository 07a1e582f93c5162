"""Which language a page speaks: ``?lang=ko|en`` first, then the switch, then the browser's language."""
from __future__ import annotations

import streamlit as st

from cnnviz.i18n import LANG_NAMES, LANGS, normalize_lang, t

LANG_KEY = "lang"  # session-state key of the language switch, and the query parameter


def current_lang() -> str:
    """The language of this run, decided once per session and kept in session state."""
    lang = st.session_state.get(LANG_KEY)  # one look-up: a page asks for every label
    if lang is None:
        query = st.query_params.get(LANG_KEY)
        lang = query if query in LANGS else normalize_lang(st.context.locale)
        st.session_state[LANG_KEY] = lang
    return lang


def language_switch() -> str:
    """The language switch in the sidebar; keeps ``?lang=`` in the URL so links carry it."""
    lang = current_lang()
    st.sidebar.radio(
        t("common.language", lang), LANGS, key=LANG_KEY, horizontal=True, format_func=LANG_NAMES.get,
    )
    lang = st.session_state[LANG_KEY]
    if st.query_params.get(LANG_KEY) != lang:
        st.query_params[LANG_KEY] = lang
    return lang


def tr(key: str, /, **values) -> str:
    """`t` in this session's language."""
    return t(key, current_lang(), **values)
