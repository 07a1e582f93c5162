"""The colour scales: a diverging scale centred at 0, ranges, fonts and JPEG bytes."""
import io

import numpy as np
import pytest
from PIL import Image

from cnnviz.pictures.colors import (DIVERGING_ANCHORS, TURBO, VIRIDIS, colorize_range, colorize_signed, lookup_table,
                                    to_jpeg)

WHITE, BLUE, RED = DIVERGING_ANCHORS[2], DIVERGING_ANCHORS[0], DIVERGING_ANCHORS[4]


@pytest.mark.parametrize("value, colour", [(0.0, WHITE), (-2.0, BLUE), (2.0, RED), (-99.0, BLUE), (99.0, RED)])
def test_colorize_is_centred_at_zero(value, colour):
    assert tuple(int(c) for c in colorize_signed(np.array([[value]]), 2.0)[0, 0]) == colour


def test_per_map_limits_broadcast_over_the_last_axis():
    maps = np.stack([np.full((2, 2), 1.0), np.full((2, 2), 10.0)], axis=-1)  # (2, 2, 2)
    rgb = colorize_signed(maps, np.array([1.0, 10.0]))
    assert (rgb[:, :, 0] == rgb[:, :, 1]).all()  # each map at its own maximum → the same red


def test_to_jpeg_round_trips():
    image = Image.new("RGB", (20, 10), (200, 30, 40))
    data = to_jpeg(image)
    assert data[:2] == b"\xff\xd8"
    assert Image.open(io.BytesIO(data)).size == (20, 10)


def test_non_finite_values_get_the_ends_or_white():
    rgb = colorize_signed(np.array([[np.inf, -np.inf, np.nan]], dtype=np.float32), 1.0)[0]
    assert [tuple(int(c) for c in px) for px in rgb] == [RED, BLUE, WHITE]


def test_colorize_leaves_its_input_alone():
    maps = np.array([[0.5, -0.5]], dtype=np.float32)
    colorize_signed(maps, 1.0)
    assert maps.tolist() == [[0.5, -0.5]]


def test_lookup_tables_run_from_the_first_anchor_to_the_last():
    table = lookup_table(((0, 0, 0), (255, 255, 255)), 256)
    assert table.shape == (256, 3) and tuple(table[0]) == (0, 0, 0) and tuple(table[-1]) == (255, 255, 255)
    assert tuple(VIRIDIS[0]) == (68, 1, 84) and tuple(TURBO[-1]) == (122, 4, 3)


def test_colorize_range_spreads_lo_to_hi():
    rgb = colorize_range(np.array([[0.0, 5.0, 10.0, 99.0]]), 0.0, 10.0)[0]
    assert tuple(rgb[0]) == tuple(VIRIDIS[0]) and tuple(rgb[2]) == tuple(VIRIDIS[-1]) == tuple(rgb[3])


def test_a_flat_map_does_not_divide_by_zero():
    assert colorize_range(np.ones((2, 2)), 1.0, 1.0).shape == (2, 2, 3)
