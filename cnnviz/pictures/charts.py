"""Charts more than one page draws: a model's class probabilities. Plotly figures; no Streamlit."""
from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from cnnviz.i18n import t

WINNER, OTHERS = "#d62728", "#1f77b4"


def probability_figure(probs: np.ndarray, class_names: list[str], lang: str = "en", highlight: int | None = None) -> go.Figure:
    """One horizontal bar per class with its probability (K,); the highlighted class (default: the largest) in red."""
    best = int(np.argmax(probs)) if highlight is None else int(highlight)
    colors = [WINNER if i == best else OTHERS for i in range(len(probs))]
    fig = go.Figure(go.Bar(x=[float(p) for p in probs], y=list(class_names), orientation="h", marker_color=colors,
                           text=[f"{p:.1%}" for p in probs], textposition="auto"))
    fig.update_layout(title=t("chart.probs", lang), height=120 + 30 * len(class_names),
                      xaxis={"title": t("chart.probability", lang), "range": [0, 1], "tickformat": ".0%"},
                      yaxis={"autorange": "reversed", "type": "category"}, margin={"l": 10, "r": 10, "t": 50, "b": 40})
    return fig
