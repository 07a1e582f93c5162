"""One browser-history entry per page: moving a knob rewrites the page's link instead of adding a Back step.

Streamlit writes `st.query_params` changes with ``history.pushState``, so every slider move would
add an entry and Back would walk through every move before leaving the page (widgets bound with
``bind="query-params"`` replace the entry instead, but that binding cannot express the explorer's
settings; see `cnnviz.web.settings`). This fixed script — no user data ever goes into it — makes a
push that keeps the same path a replace; a change of page still adds an entry, so Back leaves the page.
"""
from __future__ import annotations

import streamlit as st

SCRIPT = """<script>
(() => {
  if (window.__cnnvizHistory) return;
  window.__cnnvizHistory = true;
  const push = window.history.pushState.bind(window.history);
  window.history.pushState = function (state, title, url) {
    try {
      if (url !== undefined && url !== null &&
          new URL(url, window.location.href).pathname === window.location.pathname) {
        return window.history.replaceState(state, title, url);
      }
    } catch (err) { /* an unparsable URL: let the browser decide */ }
    return push(state, title, url);
  };
})();
</script>"""


def one_entry_per_page() -> None:
    """Install the script (once per browser tab; drawing it again does nothing)."""
    with st.sidebar:
        st.html(SCRIPT, unsafe_allow_javascript=True, width="content")
