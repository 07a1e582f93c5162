"""Placeholder until the training page lands."""
import streamlit as st

from cnnviz.web.lang import tr

st.title(tr("nav.training"))
st.info(tr("common.coming", what=tr("nav.training")))
