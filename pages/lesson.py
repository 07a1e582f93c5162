"""Placeholder until the lesson page lands."""
import streamlit as st

from cnnviz.web.lang import tr

st.title(tr("nav.lesson"))
st.info(tr("common.coming", what=tr("nav.lesson")))
