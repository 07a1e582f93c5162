"""The lesson page in AppTest: every step in English and Korean, live widgets that move, presenter view, locks."""

from tests import ROOT

import pytest
from streamlit.testing.v1 import AppTest

from cnnviz.i18n import t
from cnnviz.classroom.lesson import STEPS
from cnnviz.web.classroom.sidebar import PRESENTER_CSS



def lesson(lang: str, **query) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params["lang"] = lang
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, at.exception
    return at


def _markdown(at) -> str:
    return "\n".join(m.value for m in at.markdown)


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_every_step_is_rendered(lang):
    at = lesson(lang)
    assert at.title[0].value == t("lesson.title", lang)
    assert [h.value for h in at.header] == [t(s.title_key, lang) for s in STEPS]
    text = _markdown(at)
    for step in STEPS:
        assert t(step.text_key, lang) in text
    assert len(at.latex) >= 4  # Dense and Conv2D parameters, two output-size formulas


def test_korean_uses_the_learners_words():
    text = _markdown(lesson("ko")) + "\n".join(h.value for h in lesson("ko").header)
    for word in ("합성곱", "필터", "커널", "스트라이드", "패딩", "풀링", "피처맵", "액티베이션맵", "활성화 맵",
                 "과대적합", "데이터 증강", "드롭아웃"):
        assert word in text, word


def test_widgets_show_the_calculators_numbers():
    at = lesson("en")
    metrics = {m.label: m.value for m in at.metric}
    assert metrics[t("lesson.mlp.dense_metric")] == "196,672 parameters"
    assert metrics[t("lesson.mlp.conv_metric")] == "896 parameters"
    assert metrics[t("lesson.dense.total")] == "122,570"
    assert metrics[t("lesson.regularize.plain")] == metrics[t("lesson.regularize.augmented")] == "3,989,285"
    at.slider(key="lesson.mlp.filters").set_value(64).run()
    assert {m.label: m.value for m in at.metric}[t("lesson.mlp.conv_metric")] == "1,792 parameters"


@pytest.mark.parametrize("padding, size", [("valid", 30), ("same", 32), (1, 32), (2, 34)])
def test_output_size_widget(padding, size):
    at = lesson("en")
    at.radio(key="lesson.padding.padding").set_value(padding).run()
    assert t("lesson.out_size", "en", h=size) in _markdown(at)
    assert at.latex[2].value.strip("$\n").endswith(f"= {size}")


@pytest.mark.parametrize("kind, first", [("max", "6"), ("avg", "3.75"), ("min", "1")])
def test_pooling_widget(kind, first):
    at = lesson("ko")
    at.session_state["lesson.pooling.kind"] = kind  # (AppTest cannot call a translated format_func)
    at.run()
    out = at.table[3].value  # tables: feature map, activation map, pooling input, pooling output
    assert str(out.iloc[0, 0]).rstrip("0").rstrip(".") == first.rstrip("0").rstrip(".")


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_presenter_view_from_the_link(lang):
    at = lesson(lang, presenter="1")
    assert at.toggle(key="classroom.presenter").value is True
    assert any(node.value == PRESENTER_CSS for node in at.html)
    at.toggle(key="classroom.presenter").set_value(False).run()
    assert not any(node.value == PRESENTER_CSS for node in at.html)


def test_presenter_off_by_default():
    at = lesson("en")
    assert at.toggle(key="classroom.presenter").value is False
    assert not any(node.value == PRESENTER_CSS for node in at.html)


SHARE_SCRIPT = """
from cnnviz.web.classroom import sidebar as classroom
classroom.share_box("lesson")
"""


def test_share_link_is_made_only_while_its_box_is_open():
    assert not lesson("ko").sidebar.code  # closed: nothing computed
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params["lang"] = "ko"
    at.session_state["classroom.share_open"] = True
    at.run()
    assert at.sidebar.code[0].value == "/?lang=ko"


def test_share_link_carries_lang_locks_and_presenter():
    # A script of its own: AppTest drops sidebar elements made outside the page after a rerun under st.navigation.
    at = AppTest.from_string(SHARE_SCRIPT, default_timeout=60)
    at.query_params["lang"] = "ko"
    at.session_state["classroom.share_open"] = True
    at.run()
    at.checkbox(key="classroom.share_presenter").check().run()
    assert not at.exception
    assert at.sidebar.code[0].value.endswith("?lang=ko&presenter=1")


LOCK_SCRIPT = """
import streamlit as st
from cnnviz.web.classroom import sidebar as classroom
for message in classroom.lock_notices():
    st.warning(message)
st.slider("stride", 1, 4, 1, key="stride", disabled=classroom.locked("stride"))
st.slider("filters", 1, 8, 1, key="filters", disabled=classroom.locked("filters"))
"""


@pytest.mark.parametrize("lock, stride_locked, filters_locked, warnings", [
    ("stride", True, False, 0),
    ("stride,filters", True, True, 0),
    ("stride,nonsense", True, False, 1),
    ("", False, False, 0),
])
def test_locked_controls_are_disabled(lock, stride_locked, filters_locked, warnings):
    at = AppTest.from_string(LOCK_SCRIPT)
    at.query_params["lock"] = lock
    at.run()
    assert not at.exception
    assert at.slider(key="stride").disabled is stride_locked
    assert at.slider(key="filters").disabled is filters_locked
    assert len(at.warning) == warnings
    at.run()  # the notice is shown once; the lock stays
    assert len(at.warning) == 0 and at.slider(key="stride").disabled is stride_locked
