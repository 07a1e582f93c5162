"""Placeholder until the architecture page lands."""
import streamlit as st

from cnnviz.web.lang import tr

st.title(tr("nav.architecture"))
st.info(tr("common.coming", what=tr("nav.architecture")))
