"""The architecture builder's Streamlit layer: the draft in session state, the editor and its views."""
