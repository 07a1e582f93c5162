"""The class-probability chart shared by /training and /network."""
import numpy as np
import pytest

from cnnviz.pictures.charts import OTHERS, WINNER, probability_figure


@pytest.mark.parametrize("lang, title", [("en", "Class probabilities"), ("ko", "클래스 확률")])
def test_probability_figure_highlights_the_winner(lang, title):
    fig = probability_figure(np.array([0.1, 0.7, 0.2]), ["a", "b", "c"], lang)
    bar = fig.data[0]
    assert list(bar.y) == ["a", "b", "c"] and list(bar.x) == pytest.approx([0.1, 0.7, 0.2])
    assert list(bar.marker.color) == [OTHERS, WINNER, OTHERS] and fig.layout.title.text == title


def test_probability_figure_can_highlight_another_class():
    bar = probability_figure(np.array([0.5, 0.5]), ["a", "b"], highlight=1).data[0]
    assert list(bar.marker.color) == [OTHERS, WINNER]
