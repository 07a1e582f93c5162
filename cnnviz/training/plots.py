"""Figures of a training run: the accuracy and loss curves, the confusion matrix, softmax bars, image grids.

Each helper returns a plotly `Figure` or a PIL image and never calls Streamlit, so tests can check
the traces directly. Curve traces are named like Keras's history keys: "accuracy",
"val_accuracy", "loss", "val_loss". What the training options did (`cnnviz.training.callbacks`
events: a learning-rate drop, an early stop, the best epoch kept) is marked by a vertical line at
the end of that epoch on both plots, labelled on the loss plot.
"""
from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from cnnviz.i18n import t

TRAIN_COLOR = "#1f77b4"
VAL_COLOR = "#ff7f0e"
EVENT_STYLE = {"lr_drop": ("#2ca02c", "dot"), "early_stop": ("#d62728", "dash"), "best": ("#9467bd", "dashdot")}


def event_label(event: dict, lang: str = "en") -> str:
    """The short label of one training event on the curves ("LR ↓ 0.0005", "early stop", "best epoch")."""
    if event["kind"] == "lr_drop":
        return t("training.plot.lr_drop", lang, lr=f"{event['new_lr']:.2g}")
    return t(f"training.plot.{event['kind']}", lang)


def curves(points: list[tuple[float, float, float]], history: list[dict], lang: str = "en",
           epochs: int | None = None, events: list[dict] | None = None) -> go.Figure:
    """Accuracy and loss side by side; the training curve from batch `points`, validation once per epoch.

    `points` are ``(epoch as a fraction, loss, accuracy)``; `history` rows have ``epoch`` (1-based)
    and the Keras history keys. The x axis is in epochs, so an epoch's validation point sits at its end,
    and so does an event's line (`events`: dicts with ``kind`` and the 1-based ``epoch``).
    """
    fig = make_subplots(rows=1, cols=2, subplot_titles=(t("training.plot.accuracy", lang), t("training.plot.loss", lang)))
    px = [p[0] for p in points]
    vx = [r["epoch"] for r in history if "val_loss" in r]
    for col, key in ((1, "accuracy"), (2, "loss")):
        train_y = [p[2] if key == "accuracy" else p[1] for p in points]
        val_y = [r[f"val_{key}"] for r in history if "val_loss" in r]
        fig.add_trace(go.Scatter(x=px, y=train_y, name=key, mode="lines", line={"color": TRAIN_COLOR},
                                 legendgroup="train"), row=1, col=col)
        fig.add_trace(go.Scatter(x=vx, y=val_y, name=f"val_{key}", mode="lines+markers",
                                 line={"color": VAL_COLOR}, legendgroup="val"), row=1, col=col)
        fig.update_xaxes(title_text=t("training.plot.epoch", lang), row=1, col=col,
                         range=[0, epochs] if epochs else None)
    for i, event in enumerate(e for e in events or () if e["kind"] in EVENT_STYLE):
        color, dash = EVENT_STYLE[event["kind"]]
        for col in (1, 2):
            fig.add_vline(x=event["epoch"], line={"color": color, "dash": dash, "width": 1.5}, row=1, col=col,
                          **({"annotation": {"text": event_label(event, lang), "font": {"color": color, "size": 11},
                                             "yshift": -14 * (i % 3)}, "annotation_position": "top right"}
                             if col == 2 else {}))
    fig.update_yaxes(range=[0, 1.02], row=1, col=1)
    fig.update_yaxes(rangemode="tozero", row=1, col=2)
    fig.update_layout(height=340, margin={"l": 40, "r": 10, "t": 40, "b": 40},
                      legend={"orientation": "h", "y": -0.25}, uirevision="curves")
    return fig


def confusion(matrix: np.ndarray, class_names: list[str], lang: str = "en") -> go.Figure:
    """Counts per (true, predicted) class pair as a heatmap with the numbers written in."""
    k = len(class_names)
    fig = go.Figure(go.Heatmap(z=matrix, x=class_names, y=class_names, colorscale="Blues", showscale=False,
                               text=matrix, texttemplate="%{text}", hovertemplate="%{y} → %{x}: %{z}<extra></extra>"))
    fig.update_layout(title=t("training.plot.confusion", lang), height=140 + 32 * k, width=None,
                      xaxis={"title": t("training.plot.predicted", lang), "type": "category"},
                      yaxis={"title": t("training.plot.true", lang), "type": "category", "autorange": "reversed"},
                      margin={"l": 60, "r": 10, "t": 50, "b": 50})
    return fig


def image_grid(images: np.ndarray, cols: int = 3, cell: int = 96, gap: int = 4):
    """Images ``(N, H, W, C)`` uint8 tiled `cols` wide, each scaled (nearest) to `cell` pixels: a PIL image."""
    from PIL import Image

    n = len(images)
    rows = -(-n // cols)
    sheet = Image.new("RGB", (cols * cell + (cols - 1) * gap, rows * cell + (rows - 1) * gap), "white")
    for i, pixels in enumerate(images):
        pixels = np.asarray(pixels, dtype=np.uint8)
        tile = Image.fromarray(pixels[..., 0] if pixels.shape[-1] == 1 else pixels).convert("RGB")
        sheet.paste(tile.resize((cell, cell), Image.NEAREST), ((i % cols) * (cell + gap), (i // cols) * (cell + gap)))
    return sheet
