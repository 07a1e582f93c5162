"""The teacher's tools and the lesson's widgets in Streamlit."""
