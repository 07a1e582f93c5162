"""The class-probability chart shared by /training and /network, and the HTML tables the timeline redraws."""
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


def test_the_probability_table_writes_every_class_its_percentage_and_bar_the_winner_red():
    from cnnviz.pictures.charts import OTHERS, WINNER
    from cnnviz.pictures.html_charts import probability_table

    html = probability_table(np.array([0.1, 0.6, 0.3]), ["cat", "dog", "<b>fox</b>"], "ko")
    assert "클래스 확률" in html
    assert [cell for cell in ("10.0%", "60.0%", "30.0%") if cell not in html] == []
    assert f"background:{WINNER};width:60.0%" in html and f"background:{OTHERS};width:10.0%" in html
    assert "&lt;b&gt;fox&lt;/b&gt;" in html and "<b>fox</b>" not in html  # a folder name is text, never markup


def test_the_confusion_table_writes_each_count_in_its_row_and_column():
    import re

    from cnnviz.pictures.html_charts import confusion_table

    matrix = np.array([[5, 1, 0], [2, 7, 1], [0, 0, 9]])  # (true, predicted)
    html = confusion_table(matrix, ["a", "b", "<c>"], "en")
    rows = re.findall(r"<tr><th[^>]*>([^<]*)</th>(<td.*?)</tr>", html)  # the header row has no <td>
    assert [name for name, _ in rows] == ["a", "b", "&lt;c&gt;"]
    assert [[int(n) for n in re.findall(r">(\d+)</td>", cells)] for _, cells in rows] == matrix.tolist()
    assert "rgba(31,119,180,1.00)" in html and "rgba(31,119,180,0.00)" in html  # the largest count darkest
    assert "true class" in html and "predicted class" in html and "Confusion matrix" in html
