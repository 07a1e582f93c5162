"""The training page's Streamlit layer: data, the queued run, its live curves and results."""
