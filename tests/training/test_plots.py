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
