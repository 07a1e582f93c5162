"""A fresh server, two learners: a page opened directly still gets the app's navigation, and sessions stay apart."""
import pytest

from cnnviz.web.harness import start_streamlit, stop, wait_idle
from tests.e2e.conftest import require_chromium

pytestmark = pytest.mark.e2e

DEFAULT_CHAIN = "224 × 224 × 3 → 222 × 222 × 8 → 111 × 111 × 8"
THREE_FILTERS = "224 × 224 × 3 → 222 × 222 × 3 → 111 × 111 × 3"


@pytest.fixture(scope="module")
def fresh_server():
    """A server of its own, so that the first visit of this module is the server's very first."""
    require_chromium()
    proc, url = start_streamlit("app.py")
    try:
        yield url
    finally:
        stop(proc)


def open_tab(browser, contexts):
    contexts.append(browser.new_context(viewport={"width": 1400, "height": 1000}))
    return contexts[-1].new_page()


def test_direct_link_on_a_fresh_server_and_private_sessions(fresh_server, browser):
    contexts = []
    try:
        a = open_tab(browser, contexts)
        # The server's first visitor opens /training directly, in Korean.
        a.goto(f"{fresh_server}/training?lang=ko")
        a.get_by_role("heading", name="학습").first.wait_for(timeout=120_000)
        wait_idle(a, 120_000)
        assert a.locator(".st-key-lang").count() == 1  # the app's sidebar, not a bare pages/ script
        assert a.get_by_text("교사용 도구").count() >= 1

        a.goto(f"{fresh_server}/explorer?filters=3&lang=en")
        a.get_by_text(THREE_FILTERS).first.wait_for(timeout=120_000)

        b = open_tab(browser, contexts)
        b.goto(f"{fresh_server}/explorer")
        b.get_by_text(DEFAULT_CHAIN).first.wait_for(timeout=120_000)
        wait_idle(b)
        assert b.get_by_text(THREE_FILTERS).count() == 0  # learner A's setting is not B's
        assert b.get_by_text("합성곱 탐색기").count() == 0  # nor is A's language
    finally:
        for context in contexts:
            context.close()
