"""Placeholder until the explorer page lands."""
import streamlit as st

from cnnviz.web.lang import tr

st.title(tr("nav.explorer"))
st.info(tr("common.coming", what=tr("nav.explorer")))
