"""The explorer's Streamlit layer: its state, caches and panels."""
