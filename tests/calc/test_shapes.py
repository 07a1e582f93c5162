"""Output shapes and their formulas, by hand; the Keras oracle lives in test_keras_oracle.py."""
import pytest

from cnnviz.errors import SettingError
from cnnviz.calc.shapes import format_shape, layer_output, output_length, same_padding
from cnnviz.calc.specs import parse_layer


def L(**raw):  # noqa: N802 - a layer, as a table entry
    return parse_layer(raw, 0)


@pytest.mark.parametrize("size, window, stride, padding, dilation, pad, expected, text", [
    (32, 3, 1, "valid", 1, 0, 30, "⌊(32 + 2·0 − 3)/1⌋ + 1"),
    (32, 3, 2, "valid", 1, 0, 15, "⌊(32 + 2·0 − 3)/2⌋ + 1"),
    (32, 3, 1, "valid", 1, 1, 32, "⌊(32 + 2·1 − 3)/1⌋ + 1"),
    (32, 3, 1, "valid", 2, 0, 28, "⌊(32 + 2·0 − (2·(3 − 1) + 1))/1⌋ + 1"),
    (32, 2, 2, "valid", 1, None, 16, "⌊(32 − 2)/2⌋ + 1"),
    (31, 2, 2, "valid", 1, None, 15, "⌊(31 − 2)/2⌋ + 1"),
    (31, 3, 2, "same", 1, 0, 16, "⌈31/2⌉"),
    (5, 7, 1, "same", 1, 0, 5, "⌈5/1⌉"),
    (3, 3, 1, "valid", 1, 0, 1, "⌊(3 + 2·0 − 3)/1⌋ + 1"),
    (2, 3, 1, "valid", 1, 0, 0, "⌊(2 + 2·0 − 3)/1⌋ + 1"),
])
def test_output_length(size, window, stride, padding, dilation, pad, expected, text):
    f = output_length(size, window, stride, padding, dilation, pad=pad)
    assert f.value == expected
    assert f.substituted == text


@pytest.mark.parametrize("size, window, stride, dilation, total, before, after", [
    (32, 3, 1, 1, 2, 1, 1),
    (32, 4, 1, 1, 3, 1, 2),   # odd total: the extra zero goes at the bottom/right
    (32, 3, 2, 1, 1, 0, 1),   # ⌈32/2⌉ = 16 outputs need (16 − 1)·2 + 3 = 33 rows: one extra zero, at the end
    (31, 3, 2, 1, 2, 1, 1),
    (5, 1, 1, 1, 0, 0, 0),
    (8, 3, 1, 3, 6, 3, 3),    # dilated extent 3·(3 − 1) + 1 = 7
    (10, 2, 4, 1, 0, 0, 0),   # max(…, 0): strides larger than the window need no padding
])
def test_same_padding_follows_tensorflow(size, window, stride, dilation, total, before, after):
    p = same_padding(size, window, stride, dilation)
    assert (p.total.value, p.before, p.after) == (total, before, after)


@pytest.mark.parametrize("layer, input_shape, expected", [
    (L(type="Conv2D", filters=32, kernel_size=3), (32, 32, 3), (30, 30, 32)),
    (L(type="Conv2D", filters=8, kernel_size=(3, 5), strides=(1, 2)), (20, 20, 1), (18, 8, 8)),
    (L(type="Conv2D", filters=4, kernel_size=9, padding="same"), (256, 256, 3), (256, 256, 4)),
    (L(type="DepthwiseConv2D", kernel_size=3, depth_multiplier=2), (10, 10, 3), (8, 8, 6)),
    (L(type="SeparableConv2D", filters=5, kernel_size=3, strides=2, dilation_rate=2), (16, 16, 3), (6, 6, 5)),
    (L(type="MaxPooling2D"), (15, 15, 4), (7, 7, 4)),
    (L(type="MaxPooling2D", pool_size=3, strides=1), (5, 5, 4), (3, 3, 4)),
    (L(type="AveragePooling2D", pool_size=2, padding="same"), (15, 15, 4), (8, 8, 4)),
    (L(type="MinPooling2D", pool_size=(2, 3)), (8, 9, 2), (4, 3, 2)),
    (L(type="GlobalAveragePooling2D"), (7, 7, 64), (64,)),
    (L(type="GlobalMaxPooling2D"), (7, 7, 64), (64,)),
    (L(type="ZeroPadding2D", padding=2), (5, 5, 1), (9, 9, 1)),
    (L(type="ZeroPadding2D", padding=(1, 2)), (5, 5, 1), (7, 9, 1)),
    (L(type="ZeroPadding2D", padding=((1, 0), (0, 3))), (5, 5, 1), (6, 8, 1)),
    (L(type="Flatten"), (4, 4, 128), (2048,)),
    (L(type="Flatten"), (10,), (10,)),
    (L(type="Dense", units=10), (2048,), (10,)),
    (L(type="BatchNormalization"), (8, 8, 16), (8, 8, 16)),
    (L(type="Dropout", rate=0.5), (300,), (300,)),
    (L(type="Activation", activation="relu"), (3, 3, 3), (3, 3, 3)),
    (L(type="ReLU"), (3, 3, 3), (3, 3, 3)),
    (L(type="Rescaling", scale=1 / 255), (180, 180, 3), (180, 180, 3)),
    (L(type="RandomFlip", mode="horizontal"), (180, 180, 3), (180, 180, 3)),
    (L(type="RandomRotation", factor=0.1), (180, 180, 3), (180, 180, 3)),
    (L(type="RandomZoom", height_factor=0.1), (180, 180, 3), (180, 180, 3)),
])
def test_layer_output(layer, input_shape, expected):
    assert layer_output(layer, input_shape).shape == expected


def test_same_reports_the_padding_tensorflow_adds():
    result = layer_output(L(type="Conv2D", filters=1, kernel_size=4, padding="same"), (32, 31, 1))
    assert result.padding == ((1, 2), (1, 2))
    assert [f.name for f in result.formulas] == ["H_out", "p_H", "W_out", "p_W"]


@pytest.mark.parametrize("layer, input_shape, key, words", [
    (L(type="Conv2D", filters=2, kernel_size=5), (4, 4, 3), "shape.too_small", ["Layer 0 (Conv2D)", "H", "0", "kernel_size"]),
    (L(type="Conv2D", filters=2, kernel_size=(1, 5)), (8, 4, 3), "shape.too_small", ["W", "⌊(4 + 2·0 − 5)/1⌋ + 1 = 0"]),
    (L(type="Conv2D", filters=2, kernel_size=3, dilation_rate=4), (8, 8, 3), "shape.too_small", ["window of 9"]),
    (L(type="Conv2D", filters=2, kernel_size=3, strides=2, dilation_rate=2), (8, 8, 3), "shape.stride_and_dilation", ["Set one of them to 1"]),
    (L(type="MaxPooling2D", pool_size=3), (2, 2, 3), "shape.too_small", ["pool_size"]),
    (L(type="Dense", units=10), (4, 4, 8), "shape.dense_needs_flat", ["Flatten", "4 × 4 × 8"]),
    (L(type="Conv2D", filters=2, kernel_size=3), (100,), "shape.needs_image", ["100"]),
    (L(type="GlobalMaxPooling2D"), (100,), "shape.needs_image", ["Flatten"]),
])
def test_impossible_settings_explain_themselves(layer, input_shape, key, words):
    with pytest.raises(SettingError) as info:
        layer_output(layer, input_shape)
    assert info.value.key == key
    for word in words:
        assert word in str(info.value)
    assert info.value.sentence("ko") != str(info.value)


def test_format_shape_uses_the_times_sign():
    assert format_shape((224, 224, 3)) == "224 × 224 × 3"
    assert format_shape((2048,)) == "2048"
