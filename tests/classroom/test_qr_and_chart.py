"""The join link's QR code (segno) and the chart of the class's answers."""
from __future__ import annotations

import io

from PIL import Image

from cnnviz.classroom.charts import COMMONEST_WRONG, MAX_BARS, OTHER, RIGHT, answer_spread
from cnnviz.classroom.qr import qr_matrix, qr_png

LINK = "http://192.168.0.10:8501/?class=K7QX2M&lang=ko"


def test_the_qr_code_is_a_png_with_the_finder_patterns():
    matrix = qr_matrix(LINK)
    n = len(matrix)
    assert n == 33 and all(len(row) == n for row in matrix)  # version 4 holds a 46-byte link at level M
    finder = [row[:7] for row in matrix[:7]]
    assert finder[0] == [True] * 7 and finder[1] == [True, False, False, False, False, False, True]
    assert all(finder[i][2:5] == [True] * 3 for i in (2, 3, 4))
    with Image.open(io.BytesIO(qr_png(LINK, scale=10))) as image:
        assert image.format == "PNG" and image.size == ((n + 8) * 10,) * 2
        pixels = image.convert("L")
        assert pixels.getpixel((5, 5)) == 255 and pixels.getpixel((45, 45)) == 0  # quiet zone, then the finder
    assert qr_matrix(LINK + "x") != matrix


def _bars(fig):
    bar = fig.data[0]
    return list(bar.x), list(bar.y), list(bar.marker.color)


def test_the_right_answer_is_marked_and_the_commonest_wrong_one_stands_out():
    counts = (("221 × 221 × 8", 5, False), ("222 × 222 × 8", 3, True), ("224 × 224 × 8", 1, False))
    x, y, colors = _bars(answer_spread(counts, "222 × 222 × 8", "ko"))
    assert x == ["221 × 221 × 8", "✓ 222 × 222 × 8", "224 × 224 × 8"] and y == [5, 3, 1]
    assert colors == [COMMONEST_WRONG, RIGHT, OTHER]
    fig = answer_spread(counts, "222 × 222 × 8", "ko")
    assert fig.layout.annotations[0].text == "정답" and fig.layout.title.text == "학생들의 답"


def test_a_right_answer_nobody_gave_still_has_its_bar_and_many_answers_share_one():
    counts = tuple((f"{i}", 20 - i, False) for i in range(MAX_BARS + 3))
    x, y, colors = _bars(answer_spread(counts, "99", "en"))
    assert x[-2:] == ["✓ 99", "other answers"] and y[-2:] == [0, sum(20 - i for i in range(MAX_BARS, MAX_BARS + 3))]
    assert colors[-2] == RIGHT and len(x) == MAX_BARS + 2
    x, y, _ = _bars(answer_spread((), "30 × 30 × 8"))
    assert (x, y) == (["✓ 30 × 30 × 8"], [0])
