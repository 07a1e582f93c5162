"""Training: pick data and a model, train live with growing curves, stop, and see what the model learned."""
import streamlit as st

from cnnviz.errors import SettingError
from cnnviz.web.entry import ensure_navigation
from cnnviz.web.lang import current_lang, tr
from cnnviz.web.training import state as web
from cnnviz.web.training import lesson, runs, timeline
from cnnviz.web.training.form import form

ensure_navigation()

lang = current_lang()
st.title(tr("training.title"))
st.markdown(tr("training.intro"))
web.reattach()  # a reloaded page takes up its run (the link names it)

top = st.container()  # the lesson's comparison goes above the form, once the form has read the link
chosen = form(lang)
with top:
    lesson.panel()  # on a link with lesson=overfitting
ready = chosen.data is not None and chosen.spec is not None
if st.button(tr("training.train"), key="training.train", type="primary", disabled=not ready or web.busy()):
    try:
        web.start(chosen.spec, chosen.data, chosen.settings, chosen.name, chosen.source)
    except SettingError as err:
        st.error(err.sentence(lang))

web.live_panel()
web.results_panel()

st.divider()
chosen_runs = runs.history_panel()  # every saved run of this browser, and the runs shared with it
if len(chosen_runs) == 1:
    runs.actions(chosen_runs[0])
    timeline.panel(chosen_runs[0])
elif len(chosen_runs) > 1:
    runs.compare_panel(chosen_runs)
