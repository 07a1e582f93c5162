"""The thin Streamlit layer: session state, caching, query parameters and language for the pages.

Everything here imports `streamlit`; nothing else in cnnviz does. Pages call these helpers and the
pure cnnviz modules, and render.
"""
