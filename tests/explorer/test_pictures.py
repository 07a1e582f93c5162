"""Composite pictures: a diverging scale centred at 0, one image per stage, the padding drawn, a heatmap with hover values."""
import numpy as np
import pytest
from PIL import Image

from cnnviz.explorer import latex as L
from cnnviz.explorer import pictures as R
from cnnviz.pictures.colors import DIVERGING_ANCHORS


def test_negative_and_positive_are_told_apart_and_scale_is_symmetric():
    rgb = R.colorize(np.array([[-1.0, 1.0]]), 1.0)[0]
    assert rgb[0, 2] > rgb[0, 0] and rgb[1, 0] > rgb[1, 2]  # blue for −, red for +
    assert R.symmetric_limit([np.array([-3.0, 1.0])]) == 3.0
    assert R.symmetric_limit([np.zeros(4)]) == 1.0  # an all-zero map still draws (white)


@pytest.mark.parametrize("shape, shared", [((30, 30, 8), False), ((222, 222, 8), True), ((5, 7, 1), False),
                                           ((111, 111, 32), False)])
def test_maps_montage_is_one_image_with_a_legend(shape, shared):
    maps = np.random.default_rng(0).normal(size=shape).astype(np.float32)
    image = R.maps_montage(maps, shared=shared)
    assert isinstance(image, Image.Image) and image.mode == "RGB"
    assert image.width <= R.MAX_WIDTH
    assert image.height > R.LEGEND_HEIGHT + 40


def test_shrink_takes_block_means():
    maps = np.arange(16, dtype=np.float32).reshape(4, 4, 1)
    np.testing.assert_allclose(R.shrink(maps, 2)[:, :, 0], [[2.5, 4.5], [10.5, 12.5]])
    assert R.shrink(maps, 4) is maps


def test_input_image_draws_the_padding_outline():
    x = np.full((10, 10, 1), 0.5, dtype=np.float32)
    padded = np.pad(x, ((2, 2), (2, 2), (0, 0)))
    image = np.asarray(R.input_image(padded, ((2, 2), (2, 2))))
    scale = image.shape[0] // 14
    assert image.shape[:2] == (14 * scale, 14 * scale)
    outline = image[2 * scale, 7 * scale]  # on the top edge of the original image
    assert tuple(outline) == R.PAD_COLOUR
    assert tuple(image[7 * scale, 7 * scale]) == (128, 128, 128)  # the image itself is untouched
    plain = np.asarray(R.input_image(x))
    assert not (plain == np.array(R.PAD_COLOUR, dtype=np.uint8)).all(axis=2).any()  # no padding, no outline


def test_kernels_montage_has_one_column_per_filter():
    kernels = np.random.default_rng(1).normal(size=(3, 3, 3, 4)).astype(np.float32)
    image = R.kernels_montage(kernels, min_tile=30)
    assert image.width >= 4 * 30 and image.height >= 3 * 30


def test_heatmap_has_hover_values_and_zero_in_the_middle():
    z = np.array([[-2.0, 0.0], [1.0, 2.0]])
    fig = R.heatmap(z, title="t", x_title="column", y_title="row", hover="%{z}")
    trace = fig.data[0]
    np.testing.assert_allclose(trace.z, z)
    assert (trace.zmin, trace.zmid, trace.zmax) == (-2.0, 0, 2.0)
    assert trace.hovertemplate == "%{z}"
    assert fig.layout.yaxis.autorange == "reversed"


def test_arithmetic_latex_has_one_line_per_channel():
    from cnnviz.explorer.arithmetic import explain
    from cnnviz.explorer.stage import Settings, run

    result = run(Settings(filters=2, size=16), np.random.default_rng(0).random((9, 9, 3)).astype(np.float32))
    lines = L.arithmetic_latex(explain(result, 1, 2, 3), ["R", "G", "B"], "relu", "max")
    assert len(lines["channels"]) == 3 and all(r"\odot" in line for line in lines["channels"])
    assert lines["total"][0].endswith(f"{result.feature_maps[2, 3, 1]:.4g}")
    assert lines["pool"] and "max" in lines["pool"][0]


def test_a_map_of_float_noise_next_to_real_maps_stays_white():
    maps = np.stack([np.linspace(-1, 1, 100).reshape(10, 10), np.full((10, 10), 3e-9)], axis=-1)  # (10, 10, 2)
    image = np.asarray(R.maps_montage(maps, min_tile=40))
    tile = image[30:40, 70:84]  # the bottom-right corner of the second tile (x 44…83), clear of its label
    assert (np.abs(tile.astype(int) - np.array(DIVERGING_ANCHORS[2])) <= 2).all()


def test_labels_sit_on_their_tiles_when_a_wide_grid_is_shrunk():
    tiles = [np.full((160, 160, 3), 255, np.uint8) for _ in range(32)]  # 8 columns of 160 px: wider than MAX_WIDTH
    image, scale, origins = R._grid(tiles, labels=[str(i) for i in range(32)])
    assert image.width == R.MAX_WIDTH and scale == 1
    pixels = np.asarray(image)
    for x, y in origins:  # the black label box starts at each tile's corner, in the shrunk image's coordinates
        assert pixels[y + 2, x + 1].max() < 60


def test_label_stamps_are_the_text_drawn_white_on_black():
    stamp = R._stamp("7  ±1.5")
    assert stamp.dtype == np.uint8 and stamp.shape[2] == 3
    assert stamp[:, :2].max() == 0  # the black margin
    assert stamp.max() >= 250 and stamp.shape[1] > R._stamp("7").shape[1]  # white strokes (anti-aliased)


def test_enlarged_kernel_cells_are_separated_by_lines():
    k = np.ones((3, 3, 1, 1), np.float32)  # one filter, one channel: a 3 × 3 red square
    image = np.asarray(R.kernels_montage(k, min_tile=54))  # 18 px per cell
    row = image[30]  # a row through the second label-free band of cells
    assert (row[18] == R.CELL_LINE).all() and (row[36] == R.CELL_LINE).all()
    assert tuple(int(c) for c in row[10]) == DIVERGING_ANCHORS[4]  # red
