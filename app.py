"""CNN Explainer with a live Keras model: the navigation, the language switch and the teacher's tools for every page."""
import streamlit as st

from cnnviz.i18n import t
from cnnviz.paths import assets_dir
from cnnviz.web import history
from cnnviz.web.classroom import learner
from cnnviz.web.classroom import sidebar as classroom
from cnnviz.web.keras_guard import keep_keras_state
from cnnviz.web.lang import language_switch

keep_keras_state()  # Streamlit would otherwise clear Keras's session after every run (40× slower training)
# The icon is a file of the app's own: a Material icon as page icon would be fetched from a font server.
st.set_page_config(page_title="cnnviz — CNN explainer", page_icon=str(assets_dir() / "icon.png"), layout="wide")
history.one_entry_per_page()  # first: moving a knob rewrites the link instead of adding a Back step

lang = language_switch()
pages = [
    st.Page("pages/lesson.py", title=t("nav.lesson", lang), icon=":material/school:", url_path="lesson", default=True),
    st.Page("pages/explorer.py", title=t("nav.explorer", lang), icon=":material/search:", url_path="explorer"),
    st.Page("pages/architecture.py", title=t("nav.architecture", lang), icon=":material/view_agenda:",
            url_path="architecture"),
    st.Page("pages/network.py", title=t("nav.network", lang), icon=":material/hub:", url_path="network"),
    st.Page("pages/training.py", title=t("nav.training", lang), icon=":material/monitoring:", url_path="training"),
    st.Page("pages/teacher.py", title=t("nav.teacher", lang), icon=":material/co_present:", url_path="teacher"),
]
page = st.navigation(pages)
where = page.url_path or "lesson"
classroom.sidebar(where)
learner.class_panel(where)  # join a class; a member's page shows the teacher's question (polled)
page.run()
classroom.share_box(where)  # after the page: the link carries the settings this run wrote
