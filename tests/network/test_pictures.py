"""Pictures of the network: layer columns, a map's origin, the Grad-CAM overlay and the charts (no Streamlit)."""
import numpy as np
import pytest

from cnnviz.network import pictures as draw
from cnnviz.network.probe import LayerOutput


def outputs():
    rng = np.random.default_rng(0)
    return [LayerOutput("conv2d", "Conv2D", rng.random((30, 30, 8))),  # (H, W, F)
            LayerOutput("max_pooling2d", "MaxPooling2D", rng.random((15, 15, 8))),
            LayerOutput("flatten", "Flatten", rng.random(1800)),
            LayerOutput("dense", "Dense", rng.random(4))]


@pytest.mark.parametrize("max_channels, rows", [(6, 6), (None, 8), (2, 2)])
def test_overview_has_one_column_per_map_layer(max_channels, rows):
    x = np.zeros((32, 32, 3), "float32")
    image = draw.overview(x, outputs(), max_channels=max_channels, tile=40)
    col_w = 40 + 2 * draw.GAP + 14
    assert image.width == 3 * col_w  # the input and the two map layers; vectors are charts
    assert image.height == 34 + rows * (40 + draw.GAP) + draw.GAP


def test_conv_detail_layout():
    inputs = np.random.default_rng(1).random((16, 16, 3))  # (H, W, C_in)
    kernels = np.random.default_rng(2).normal(size=(3, 3, 3))  # (k_h, k_w, C_in)
    image = draw.conv_detail(inputs, kernels, np.ones((14, 14)), tile=64, big=128)
    assert image.width == 3 * (64 + draw.GAP) + 40 + 128 + draw.GAP
    without = draw.conv_detail(inputs[:, :, :1], None, np.ones((8, 8)), tile=64, big=128)
    assert without.height < image.height


def test_gradcam_overlay_is_red_where_the_heat_is():
    x = np.full((8, 8, 3), 128.0, "float32")
    heat = np.zeros((8, 8), "float32")
    heat[:4, :4] = 1.0
    image = np.asarray(draw.gradcam_overlay(x, heat, size=64))  # (64, 64, 3)
    hot, cold = image[5:20, 5:20].mean(axis=(0, 1)), image[45:60, 45:60].mean(axis=(0, 1))
    assert hot[0] > hot[2] and cold[2] > cold[0]


def test_vector_figure_bars_or_strip():
    assert draw.vector_figure(np.arange(4), "t", labels=list("abcd")).data[0].type == "bar"
    assert draw.vector_figure(np.arange(1800), "t").data[0].type == "heatmap"
