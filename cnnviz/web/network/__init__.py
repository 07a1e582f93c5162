"""The network view's Streamlit layer: which model and image a session shows."""
