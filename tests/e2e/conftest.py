"""Browser tests: `app_server` runs `streamlit run app.py` on a free port; `page` is a headless Chromium tab.

The server and browser helpers live in `cnnviz.web.harness` (the benchmarks use them too).
Without Debian's Chromium the tests skip with a reason, except in CI (env CI set), where a
missing browser is a failure.
"""
from __future__ import annotations

import os

import pytest

from cnnviz.web.harness import CHROMIUM, STARTUP_SECONDS, chromium_available, launch, start_streamlit, stop, wait_idle


def require_chromium() -> None:
    if not chromium_available():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing and CI is set: browser tests must run in CI")
        pytest.skip(f"no Chromium at {CHROMIUM} (install Debian's chromium to run the browser tests)")


@pytest.fixture(scope="session")
def app_server(browser):
    """The app's base URL, e.g. http://127.0.0.1:54321, served for the whole test session.

    One page load of the root first warms the server (imports, first script run), so the first
    test's timeouts measure the page, not the start. A fresh server's very first visit opening a
    page directly is tested on a server of its own in test_sessions_browser.py.
    """
    proc, url = start_streamlit("app.py")
    try:
        warm = browser.new_page()
        warm.goto(url)
        wait_idle(warm, timeout=STARTUP_SECONDS * 1000)
        warm.close()
        yield url
    finally:
        stop(proc)


@pytest.fixture(scope="session")
def browser():
    require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = launch(p)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    """A fresh tab (1400 × 1000) in its own context, so sessions do not share cookies."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    tab = context.new_page()
    yield tab
    context.close()
