"""The class probabilities and the confusion matrix as small HTML tables, for views redrawn on every slider move.

A browser lays out such a table in about a millisecond, where a plotly chart takes tens (measured with
``bench/timeline_latency.py``: the timeline's two plotly charts made an epoch step 1.9–2.2× the minimal app's,
against the explorer's budget of 1.5×). The numbers are written in; every class name is HTML-escaped (they come
from a learner's folder names). The pages that are not redrawn on every move keep plotly's charts with hover.
No Streamlit.
"""
from __future__ import annotations

from html import escape

import numpy as np

from cnnviz.i18n import t
from cnnviz.pictures.charts import OTHERS, WINNER

CELL = "padding:2px 6px;border:none"


def probability_table(probs: np.ndarray, class_names: list[str], lang: str = "en", highlight: int | None = None) -> str:
    """One bar per class with its probability (K,), the highlighted class (default: the largest) in red."""
    probs = np.asarray(probs, dtype=np.float64)  # (K,)
    best = int(np.argmax(probs)) if highlight is None else int(highlight)
    rows = []
    for i, (name, p) in enumerate(zip(class_names, probs)):
        width = 100 * min(max(float(p), 0.0), 1.0)
        colour = WINNER if i == best else OTHERS
        rows.append(f'<tr><td style="{CELL};white-space:nowrap">{escape(str(name))}</td>'
                    f'<td style="{CELL};width:100%"><div style="background:{colour};width:{width:.1f}%;'
                    f'height:1em"></div></td><td style="{CELL};text-align:right">{p:.1%}</td></tr>')
    return (f'<div><b>{escape(t("chart.probs", lang))}</b><table style="width:100%;border-collapse:collapse;'
            f'border:none">{"".join(rows)}</table></div>')


def confusion_table(matrix: np.ndarray, class_names: list[str], lang: str = "en") -> str:
    """Counts per (true row, predicted column) class pair, each cell shaded by its count (K, K)."""
    matrix = np.asarray(matrix, dtype=np.int64)  # (K, K)
    top = max(int(matrix.max()), 1)
    names = [escape(str(n)) for n in class_names]
    head = "".join(f'<th style="{CELL};font-weight:normal">{n}</th>' for n in names)
    rows = []
    for name, row in zip(names, matrix):
        cells = []
        for count in row:
            alpha = int(count) / top
            ink = "#fff" if alpha > 0.55 else "inherit"
            cells.append(f'<td style="{CELL};text-align:center;background:rgba(31,119,180,{alpha:.2f});'
                         f'color:{ink}">{int(count)}</td>')
        rows.append(f'<tr><th style="{CELL};text-align:right;font-weight:normal">{name}</th>{"".join(cells)}</tr>')
    corner = f'{escape(t("training.plot.true", lang))} ↓ · {escape(t("training.plot.predicted", lang))} →'
    return (f'<div><b>{escape(t("training.plot.confusion", lang))}</b><table style="border-collapse:collapse;'
            f'border:none"><tr><th style="{CELL};font-weight:normal;font-size:0.8em">{corner}</th>{head}</tr>'
            f'{"".join(rows)}</table></div>')
