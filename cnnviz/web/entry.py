"""Every page runs under app.py's navigation, even when a fresh server's first visitor opens it directly.

Streamlit decides once per server, before any script has run, whether the app is an old-style
multipage app: a `pages/` folder beside the entry script makes it so, until the first run of
`st.navigation` turns that off. On a fresh server, the very first visit to /architecture would
therefore run pages/architecture.py on its own — no language switch, no wide layout, no teacher
tools. A page calls `ensure_navigation()` first; in that one case it turns the old mode off and
reruns, and app.py's navigation then opens the same page. It reruns at most once per session:
Streamlit's AppTest resets the old-mode flag before every run, and a second rerun there would
swallow the button click the run was made for.
"""
from __future__ import annotations

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager


RERUN_KEY = "entry.navigation_rerun"  # session-state key: this session has rerun once for it


def ensure_navigation() -> None:
    """Rerun through app.py when Streamlit ran this page as an old-style `pages/` script."""
    if PagesManager.uses_pages_directory and not st.session_state.get(RERUN_KEY):
        PagesManager.uses_pages_directory = False
        st.session_state[RERUN_KEY] = True
        st.rerun()
