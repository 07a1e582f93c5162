"""Placeholder until the network page lands."""
import streamlit as st

from cnnviz.web.lang import tr

st.title(tr("nav.network"))
st.info(tr("common.coming", what=tr("nav.network")))
