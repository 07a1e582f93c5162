"""Whose runs these are: a secret owner token per browser, kept in a cookie so a reload or a restart finds the runs again.

The token (`cnnviz.runs.owners.new_owner_token`, 192 random bits) is made on the server and set as
the cookie ``cnnviz_owner`` by a fixed script (``SameSite=Strict``, a year); the database keeps only
its SHA-256. Streamlit reads cookies (`st.context.cookies`) but cannot set one, hence the script;
the token is url-safe base64 and checked by a regular expression before it goes into the script,
so nothing from the request can become code. In a test (no browser) the token lives in the session.
"""
from __future__ import annotations

import streamlit as st

from cnnviz.runs.owners import TOKEN, new_owner_token

COOKIE = "cnnviz_owner"
KEY = "owner.token"  # session-state key of this session's token
SET_COOKIE = ("<script>document.cookie = '" + COOKIE + "={token}; path=/; max-age=31536000; SameSite=Strict';"
              "</script>")


def owner_token() -> str:
    """This browser's owner token: from the session, else the cookie, else a new one (then set as the cookie)."""
    token = st.session_state.get(KEY)
    if token:
        return token
    try:
        cookie = (st.context.cookies or {}).get(COOKIE)
    except (AttributeError, RuntimeError):  # outside a browser session (AppTest, scripts)
        cookie = None
    if isinstance(cookie, str) and TOKEN.fullmatch(cookie):
        token = cookie
    else:
        token = new_owner_token()
        assert TOKEN.fullmatch(token)  # url-safe only: safe inside the fixed script
        st.html(SET_COOKIE.format(token=token), unsafe_allow_javascript=True, width="content")
    st.session_state[KEY] = token
    return token
