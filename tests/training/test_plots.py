"""Training figures are plain plotly/PIL objects: traces named like Keras's history keys."""
from __future__ import annotations

import numpy as np
import pytest

from cnnviz.training import plots

POINTS = [(0.5, 1.2, 0.4), (1.0, 1.0, 0.5), (1.5, 0.8, 0.6), (2.0, 0.7, 0.7)]
HISTORY = [{"epoch": 1, "loss": 1.0, "accuracy": 0.5, "val_loss": 1.1, "val_accuracy": 0.45},
           {"epoch": 2, "loss": 0.7, "accuracy": 0.7, "val_loss": 0.9, "val_accuracy": 0.6}]


@pytest.mark.parametrize("lang, title", [("en", "Accuracy"), ("ko", "정확도")])
def test_curves_traces_are_named_like_keras_history(lang, title):
    fig = plots.curves(POINTS, HISTORY, lang, epochs=5)
    traces = {tr.name: tr for tr in fig.data}
    assert list(traces) == ["accuracy", "val_accuracy", "loss", "val_loss"]
    assert list(traces["accuracy"].y) == [0.4, 0.5, 0.6, 0.7]
    assert list(traces["loss"].x) == [0.5, 1.0, 1.5, 2.0]
    assert list(traces["val_accuracy"].x) == [1, 2] and list(traces["val_loss"].y) == [1.1, 0.9]
    assert fig.layout.annotations[0].text == title


def test_curves_grow_with_the_points():
    small, big = plots.curves(POINTS[:1], [], "en"), plots.curves(POINTS, HISTORY, "en")
    assert len(small.data[0].x) == 1 and len(big.data[0].x) == 4
    assert len(small.data[1].x) == 0


def test_confusion_heatmap_holds_the_counts():
    m = np.array([[3, 1], [0, 4]])
    fig = plots.confusion(m, ["cat", "dog"], "ko")
    assert fig.data[0].z.tolist() == m.tolist() and list(fig.data[0].x) == ["cat", "dog"]
    assert fig.layout.xaxis.title.text == "예측 클래스"


@pytest.mark.parametrize("n, cols, size", [(9, 3, (3 * 96 + 8, 3 * 96 + 8)), (4, 3, (3 * 96 + 8, 2 * 96 + 4)),
                                           (1, 1, (96, 96))])
def test_image_grid_size(n, cols, size):
    images = np.zeros((n, 8, 8, 1), np.uint8)
    assert plots.image_grid(images, cols=cols).size == size


EVENTS = [{"kind": "lr_drop", "epoch": 3, "lr": 1e-3, "new_lr": 5e-4, "monitor": "val_loss", "patience": 2},
          {"kind": "early_stop", "epoch": 6, "best_epoch": 3, "monitor": "val_loss", "patience": 3, "restored": True},
          {"kind": "best", "epoch": 3, "monitor": "val_loss", "value": 0.4, "restored": True}]


@pytest.mark.parametrize("lang, labels", [
    ("en", ["LR ↓ 0.0005", "early stop", "best epoch"]),
    ("ko", ["학습률 ↓ 0.0005", "조기 종료", "최고 에포크"]),
])
def test_curves_mark_lr_drops_early_stop_and_the_best_epoch(lang, labels):
    fig = plots.curves(POINTS, HISTORY, lang, epochs=8, events=EVENTS)
    lines = [(s.x0, s.xref, s.line.dash) for s in fig.layout.shapes]
    assert lines == [(3, "x", "dot"), (3, "x2", "dot"), (6, "x", "dash"), (6, "x2", "dash"),
                     (3, "x", "dashdot"), (3, "x2", "dashdot")]  # on both plots, at the end of the epoch
    marks = [a for a in fig.layout.annotations if a.xref == "x2"]
    assert [a.text for a in marks] == labels and [a.x for a in marks] == [3, 6, 3]  # labelled on the loss plot
    assert [tr.name for tr in fig.data] == ["accuracy", "val_accuracy", "loss", "val_loss"]  # no extra traces


def test_curves_without_events_have_no_markers():
    assert plots.curves(POINTS, HISTORY, "en").layout.shapes == ()
