"""The teacher's page: the key, then the class on the projector, a question for everyone, the learners, their runs and data."""
import streamlit as st

from cnnviz.web.classroom import teacher
from cnnviz.web.entry import ensure_navigation
from cnnviz.web.lang import tr

ensure_navigation()

st.title(tr("nav.teacher"))
if teacher.gate():
    teacher.page()
