"""Runs side by side: their accuracy and loss curves overlaid, training solid, validation dashed, one colour per run.

A plotly figure (no Streamlit); the traces are named "<run> · accuracy", "<run> · val_accuracy", …
so a test can read them back. Pure plotly.
"""
from __future__ import annotations

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from cnnviz.i18n import t

COLORS = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd")  # one per run, at most four runs


def compare_figure(histories: dict[str, list[dict]], lang: str = "en") -> go.Figure:
    """Accuracy (left) and loss (right) per epoch of up to four runs: training solid, validation dashed."""
    fig = make_subplots(rows=1, cols=2, subplot_titles=(t("training.plot.accuracy", lang), t("training.plot.loss", lang)))
    for color, (name, history) in zip(COLORS, histories.items()):
        epochs = [r["epoch"] for r in history]
        for col, key in ((1, "accuracy"), (2, "loss")):
            for dash, metric in (("solid", key), ("dash", f"val_{key}")):
                fig.add_trace(go.Scatter(x=epochs, y=[r.get(metric) for r in history], mode="lines+markers",
                                         name=f"{name} · {metric}", legendgroup=name, showlegend=col == 1,
                                         line={"color": color, "dash": dash}, marker={"size": 5}), row=1, col=col)
        fig.update_xaxes(title_text=t("training.plot.epoch", lang))
    fig.update_yaxes(range=[0, 1.02], row=1, col=1)
    fig.update_yaxes(rangemode="tozero", row=1, col=2)
    fig.update_layout(height=380, margin={"l": 40, "r": 10, "t": 40, "b": 40}, legend={"orientation": "h", "y": -0.3})
    return fig
