"""The spread of a class's answers as one bar per answer, the right one marked: a plotly figure, no Streamlit."""
from __future__ import annotations

import plotly.graph_objects as go

from cnnviz.i18n import t

RIGHT, COMMONEST_WRONG, OTHER = "#2ca02c", "#ff7f0e", "#9e9e9e"
MAX_BARS = 12  # more distinct answers than this share one "other answers" bar


def answer_spread(counts, expected: str, lang: str = "en") -> go.Figure:
    """Bars of `counts` ((answer, n, right?), most frequent first, as `questions.Tally.counts`); the right answer
    green with a ✓ label (a bar of 0 when nobody gave it), the commonest wrong one orange."""
    counts = list(counts)
    shown, rest = counts[:MAX_BARS], counts[MAX_BARS:]
    if not any(ok for _, _, ok in shown):
        shown.append((expected, sum(n for text, n, _ in rest if text == expected), True))
        rest = [c for c in rest if c[0] != expected]
    if rest:
        shown.append((t("class.chart.other", lang), sum(n for _, n, _ in rest), False))
    first_wrong = next((i for i, (_, _, ok) in enumerate(shown) if not ok), None)
    colors = [RIGHT if ok else COMMONEST_WRONG if i == first_wrong else OTHER for i, (_, _, ok) in enumerate(shown)]
    labels = [f"✓ {text}" if ok else text for text, _, ok in shown]
    fig = go.Figure(go.Bar(x=labels, y=[n for _, n, _ in shown], marker_color=colors, text=[n for _, n, _ in shown],
                           textposition="auto", hovertemplate="%{x}: %{y}<extra></extra>"))
    fig.update_layout(title=t("class.chart.title", lang), height=360, margin={"l": 10, "r": 10, "t": 50, "b": 40},
                      xaxis={"title": t("class.chart.answers", lang), "type": "category"},
                      yaxis={"title": t("class.chart.learners", lang), "rangemode": "tozero", "dtick": 1})
    right = next(i for i, (_, _, ok) in enumerate(shown) if ok)
    fig.add_annotation(x=labels[right], y=shown[right][1], text=t("class.chart.right", lang), showarrow=True,
                       arrowhead=2, ay=-40, font={"color": RIGHT})
    return fig
