"""The guided lesson (landing page): ten steps from "why not an MLP" to data augmentation and Dropout."""
import streamlit as st

from cnnviz.classroom.lesson import STEPS
from cnnviz.web.classroom import lesson as widgets
from cnnviz.web.entry import ensure_navigation
from cnnviz.web.lang import tr

ensure_navigation()

st.title(tr("lesson.title"))
st.markdown(tr("lesson.intro"))
with st.expander(tr("lesson.contents")):
    st.markdown("\n".join(f"{n}. {tr(s.title_key)}" for n, s in enumerate(STEPS, 1)))

for n, step in enumerate(STEPS, 1):
    st.divider()
    st.caption(tr("lesson.step_label", n=n, total=len(STEPS)))
    st.header(tr(step.title_key), anchor=step.id)
    widgets.render(step)
