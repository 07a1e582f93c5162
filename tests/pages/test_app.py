"""Every page of the app loads in both languages without an exception (Streamlit's AppTest)."""
import pytest

from tests import ROOT

from streamlit.testing.v1 import AppTest


PAGES = ["pages/lesson.py", "pages/explorer.py", "pages/architecture.py", "pages/network.py", "pages/training.py"]


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("page", PAGES)
def test_page_loads(page, lang):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params["lang"] = lang
    at.switch_page(page)
    at.run()
    assert not at.exception, at.exception
    assert at.session_state["lang"] == lang
