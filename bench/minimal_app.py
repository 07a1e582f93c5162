"""Baseline for bench/explorer_latency.py: the least a Streamlit page can do per slider move.

A slider (key `kernel_size`, 1–11, like the explorer's) redraws a line of text and eight 112 × 112
grey images whose shade follows the value, so every image really changes.
"""
import numpy as np
import streamlit as st

k = st.slider("kernel_size", 1, 11, 3, key="kernel_size")
st.markdown(f"#### value = {k}")
cols = st.columns(4)
for i in range(8):
    grey = np.full((112, 112), (k * 23 + i * 7) % 256, dtype=np.uint8)  # (H, W)
    cols[i % 4].image(grey, caption=str(i))
