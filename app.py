"""CNN Explainer with a live Keras model: the navigation and the language switch for every page."""
import streamlit as st

from cnnviz.web.lang import language_switch

st.set_page_config(page_title="cnnviz — CNN explainer", page_icon="🧠", layout="wide")

lang = language_switch()
from cnnviz.i18n import t  # noqa: E402  (after the switch so the titles follow it)

pages = [
    st.Page("pages/lesson.py", title=t("nav.lesson", lang), icon="📘", url_path="lesson", default=True),
    st.Page("pages/explorer.py", title=t("nav.explorer", lang), icon="🔍", url_path="explorer"),
    st.Page("pages/architecture.py", title=t("nav.architecture", lang), icon="🧱", url_path="architecture"),
    st.Page("pages/network.py", title=t("nav.network", lang), icon="🕸️", url_path="network"),
    st.Page("pages/training.py", title=t("nav.training", lang), icon="📈", url_path="training"),
]
st.navigation(pages).run()
