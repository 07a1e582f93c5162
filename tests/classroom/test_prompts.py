"""A class question built from the explorer's or a model's settings: what learners see, the right answer, its formula."""
from __future__ import annotations

import json

import pytest

from cnnviz.calc.specs import parse_spec
from cnnviz.classroom.prompts import Question, call_text, format_value, from_architecture, from_explorer
from cnnviz.errors import SettingError
from cnnviz.explorer.settings import DEFAULTS
from cnnviz.presets import load_preset

E = DEFAULTS.values()


@pytest.mark.parametrize("changes, layer, quantity, calls, input_shape, expected, formula", [
    ({}, "conv", "output_shape", ['Conv2D(filters=8, kernel_size=3, strides=1, padding="valid")'], (224, 224, 3),
     (222, 222, 8), "H_out = ⌊(H + 2·p − k)/s⌋ + 1 = ⌊(224 + 2·0 − 3)/1⌋ + 1 = 222"),
    ({"padding": 2, "stride": 2, "color": "gray", "size": 64}, "conv", "output_shape",
     ["ZeroPadding2D(padding=2)", 'Conv2D(filters=8, kernel_size=3, strides=2, padding="valid")'], (64, 64, 1),
     (33, 33, 8), "H_out = ⌊(H + 2·p − k)/s⌋ + 1 = ⌊(64 + 2·2 − 3)/2⌋ + 1 = 33"),
    ({"padding": "same", "size": 32}, "conv", "params", ['Conv2D(filters=8, kernel_size=3, strides=1, padding="same")'],
     (32, 32, 3), 224, "params = (k_h·k_w·C_in + 1)·F = (3·3·3 + 1)·8 = 224"),
    ({"size": 32}, "pool", "output_shape", ['MaxPooling2D(pool_size=2, strides=2, padding="valid")'], (30, 30, 8),
     (15, 15, 8), "H_out = ⌊(H − f)/s⌋ + 1 = ⌊(30 − 2)/2⌋ + 1 = 15"),
    ({"size": 32, "pool": "avg", "pool_padding": "same", "pool_size": 3}, "pool", "params",
     ['AveragePooling2D(pool_size=3, strides=2, padding="same")'], (30, 30, 8), 0, None),
])
def test_from_explorer(changes, layer, quantity, calls, input_shape, expected, formula):
    q = from_explorer({**E, **changes}, quantity, layer)
    assert (list(q.calls), q.input_shape, q.expected, q.source) == (calls, input_shape, expected, "explorer")
    if formula is None:
        assert q.formulas == ()
    else:
        assert q.formulas[0][0] == formula
        assert q.formulas[0][1].startswith(("H_{out} =", r"\text{params} =", "params ="))


@pytest.mark.parametrize("changes, layer, quantity, key", [
    ({"pool": "none"}, "pool", "output_shape", "class.err.no_pool"),
    ({}, "flatten", "output_shape", "class.err.layer"),
    ({}, "conv", "macs", "class.err.quantity"),
    ({"size": 16, "kernel_size": (9, 9), "dilation": 2}, "conv", "output_shape", "explorer.err.kernel_too_big"),
])
def test_from_explorer_refuses_with_a_sentence(changes, layer, quantity, key):
    with pytest.raises(SettingError) as err:
        from_explorer({**E, **changes}, quantity, layer)
    assert err.value.key == key


def test_from_architecture_on_the_tutorials_model():
    spec = load_preset("tf_cnn_cifar10")
    expected = [((30, 30, 32), 896), ((15, 15, 32), 0), ((13, 13, 64), 18_496), ((6, 6, 64), 0), ((4, 4, 64), 36_928),
                ((1024,), 0), ((64,), 65_600), ((10,), 650)]  # TensorFlow's CNN tutorial: 122,570 in all
    got = [(from_architecture(spec, i).expected, from_architecture(spec, i, "params").expected)
           for i in range(len(spec.layers))]
    assert got == expected and sum(p for _, p in got) == 122_570
    q = from_architecture(spec, 2)
    assert q.input_shape == (15, 15, 32) and q.calls == (
        'Conv2D(filters=64, kernel_size=3, strides=1, padding="valid", activation="relu")',)


@pytest.mark.parametrize("index, key", [(-1, "class.err.layer"), (8, "class.err.layer"), ("0", "class.err.layer"),
                                        (2, "class.err.layer_impossible")])
def test_from_architecture_refuses_with_a_sentence(index, key):
    spec = load_preset("tf_cnn_cifar10") if key == "class.err.layer" else parse_spec(
        {"name": "x", "input_shape": [4, 4, 1], "layers": [{"type": "Conv2D", "filters": 1, "kernel_size": 5},
                                                           {"type": "Flatten"}, {"type": "Dense", "units": 2}]})
    with pytest.raises(SettingError) as err:
        from_architecture(spec, index)
    assert err.value.key == key


@pytest.mark.parametrize("raw, text", [
    ({"type": "Conv2D", "filters": 4, "kernel_size": [3, 5], "strides": 2}, 'Conv2D(filters=4, kernel_size=(3, 5), strides=2, padding="valid")'),
    ({"type": "MaxPooling2D", "pool_size": 3}, 'MaxPooling2D(pool_size=3, strides=3, padding="valid")'),
    ({"type": "ZeroPadding2D", "padding": [[1, 2], [3, 4]]}, "ZeroPadding2D(padding=(1, 2, 3, 4))"),
    ({"type": "Dense", "units": 3, "use_bias": False}, "Dense(units=3, use_bias=False)"),
])
def test_call_text(raw, text):
    layer = parse_spec({"name": "x", "input_shape": [8, 8, 1], "layers": [raw]}).layers[0]
    assert call_text(layer) == text


@pytest.mark.parametrize("typed, quantity, value", [
    ("30x30x8", "output_shape", (30, 30, 8)), ("(None, 30, 30, 8)", "output_shape", (30, 30, 8)),
    ("30 × 30 × 8", "output_shape", (30, 30, 8)), ("thirty", "output_shape", None), ("1,234", "params", 1234),
    ("1 234", "params", 1234), ("-5", "params", None), ("１２", "params", None), ("9" * 50, "params", None),
])
def test_answers_are_read_leniently(typed, quantity, value):
    q = from_explorer(E, quantity)
    assert q.parse(typed) == value


def test_a_question_travels_as_json_unchanged():
    for q in (from_explorer({**E, "padding": 1}), from_explorer(E, "params"),
              from_architecture(load_preset("tf_cnn_cifar10"), 5)):
        assert Question.from_dict(json.loads(json.dumps(q.to_dict()))) == q
    assert format_value((30, 30, 8)) == "30 × 30 × 8" and format_value(122570) == "122,570"


@pytest.mark.parametrize("changes", [{}, {"stride": 2}, {"padding": "same", "stride": 3, "size": 50}, {"padding": 3},
                                     {"dilation": 2, "kernel_size": (3, 5)}, {"pool": "avg", "pool_size": 3}])
def test_keras_agrees_with_the_right_answers(changes):
    """Keras is the oracle: the layer's own compute_output_shape and count_params."""
    import keras

    s = DEFAULTS.replace(**{**changes, "size": changes.get("size", 64)})
    conv, pool = from_explorer(s), from_explorer(s, layer="pool")
    x = keras.Input(shape=(64 if "size" not in changes else changes["size"],) * 2 + (3,))
    if isinstance(s.padding, int):
        x = keras.layers.ZeroPadding2D(s.padding)(x)
    layer = keras.layers.Conv2D(s.filters, s.kernel_size, s.stride, "valid" if isinstance(s.padding, int) else s.padding,
                                dilation_rate=s.dilation)
    y = layer(x)
    assert tuple(y.shape[1:]) == conv.expected
    assert layer.count_params() == from_explorer(s, "params").expected
    pooled = {"max": keras.layers.MaxPooling2D, "avg": keras.layers.AveragePooling2D}[s.pool](
        s.pool_size, s.pool_stride, s.pool_padding)(y)
    assert tuple(pooled.shape[1:]) == pool.expected
