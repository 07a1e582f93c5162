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


# --- a real model's overview stays drawable -------------------------------------------------------


@pytest.fixture(scope="module")
def mobilenet_outputs():
    """Every layer's output of MobileNetV2 (alpha 0.35, 96 × 96): 150 map layers, the widest with 1,280 channels."""
    keras = pytest.importorskip("keras")
    from cnnviz.network.probe import activations

    model = keras.applications.MobileNetV2(weights=None, alpha=0.35, input_shape=(96, 96, 3), classes=5)
    x = np.random.default_rng(0).random((96, 96, 3)).astype("float32")
    return x, activations(model, x)


def within_budget(image):
    return image.width <= draw.MAX_SIDE and image.height <= draw.MAX_SIDE and image.width * image.height <= draw.MAX_PIXELS


@pytest.mark.parametrize("per_page", [None, 1280, 64, 6])
def test_overview_pages_of_mobilenet_stay_within_what_a_browser_draws(mobilenet_outputs, per_page):
    x, outs = mobilenet_outputs
    maps = [o for o in outs if o.values.ndim == 3]
    layers, channels = draw.overview_grid(outs, per_page=per_page)
    first = draw.overview_page(x, outs, page=0, per_page=per_page)
    assert within_budget(first.image)
    assert first.layer_count == len(maps) >= 150 and first.channel_count == 1280
    assert first.channels == (0, channels) and first.layers == (0, min(layers, len(maps)))
    assert first.channel_pages == -(-1280 // channels) and first.layer_pages == -(-len(maps) // layers)
    assert first.image.width == (first.layers[1] - first.layers[0] + 1) * (72 + 2 * draw.GAP + 14)
    if per_page:
        assert channels <= per_page
    # The last page of the widest layer: the channels that are left, its column among the shown ones.
    widest = next(i for i, o in enumerate(maps) if o.values.shape[2] == 1280)
    last = draw.overview_page(x, outs, page=first.channel_pages - 1, per_page=per_page,
                              layer_page=widest // layers)
    assert within_budget(last.image)
    assert last.channels == ((first.channel_pages - 1) * channels, 1280)
    assert last.layers[0] <= widest < last.layers[1]


def test_all_channels_fit_in_the_fewest_pages_the_height_allows(mobilenet_outputs):
    x, outs = mobilenet_outputs
    layers, channels = draw.overview_grid(outs, per_page=None)
    assert channels == (draw.MAX_SIDE - draw.HEADER - draw.GAP) // (72 + draw.GAP)  # as tall as allowed
    assert layers >= 1 and (layers + 1) * (72 + 2 * draw.GAP + 14) * (draw.HEADER + channels * 78 + draw.GAP) \
        <= draw.MAX_PIXELS


def test_pages_past_the_end_show_the_last_page():
    x = np.zeros((32, 32, 3), "float32")
    page = draw.overview_page(x, outputs(), page=99, per_page=3, layer_page=99, tile=40)
    assert page.channels == (6, 8) and page.layers == (0, 2) and page.channel_pages == 3
    assert page.image.height == 34 + 2 * (40 + draw.GAP) + draw.GAP
