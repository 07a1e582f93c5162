"""Spec parsing: Keras's normalisation of arguments, round trips, and a sentence for every bad spec."""
import json

import pytest

from cnnviz.errors import SettingError
from cnnviz.presets import list_presets, load_preset
from cnnviz.calc.specs import MAX_SPEC_BYTES, load_spec, parse_layer, parse_spec


def spec(*layers, input_shape=(32, 32, 3)):
    return {"name": "t", "input_shape": list(input_shape), "layers": list(layers)}


def test_arguments_are_normalised_like_keras():
    layer = parse_layer({"type": "Conv2D", "filters": 8, "kernel_size": 3}, 0)
    assert layer.args == {"filters": 8, "kernel_size": (3, 3), "strides": (1, 1), "padding": "valid",
                          "dilation_rate": (1, 1), "activation": None, "use_bias": True}
    pool = parse_layer({"type": "MaxPooling2D", "pool_size": [3, 2]}, 1)
    assert pool.args["strides"] == (3, 2)  # pooling strides default to the pool size
    assert parse_layer({"type": "ZeroPadding2D", "padding": [1, 2]}, 0).args["padding"] == ((1, 1), (2, 2))


def test_auto_names_follow_keras():
    s = parse_spec(spec({"type": "Conv2D", "filters": 1, "kernel_size": 1}, {"type": "Conv2D", "filters": 1, "kernel_size": 1},
                        {"type": "ReLU"}, {"type": "Dense", "units": 2, "name": "out"}, {"type": "Dense", "units": 2}))
    assert [layer.name for layer in s.layers] == ["conv2d", "conv2d_1", "re_lu", "out", "dense"]


@pytest.mark.parametrize("name", list_presets())
def test_presets_round_trip(name):
    original = load_preset(name)
    again = load_spec(json.dumps(original.to_dict()))
    assert again == original


@pytest.mark.parametrize("data, key, words", [
    ([1, 2], "spec.not_object", []),
    (spec(input_shape=(32, 32)), "spec.input_shape", ["[32, 32]"]),
    ({"input_shape": [32, 32, 3], "layers": []}, "spec.no_layers", []),
    ({"input_shape": [32, 32, 3], "layers": [{}], "extra": 1}, "spec.unknown_key", ["extra"]),
    (spec({"type": "Conv3D"}), "spec.unknown_layer", ["Layer 0", "Conv3D", "Conv2D"]),
    (spec({"type": "Conv2D", "filters": 3}), "spec.missing_arg", ["kernel_size"]),
    (spec({"type": "Flatten"}, {"type": "Dense", "units": 0}), "spec.bad_int", ["Layer 1 (Dense)", "units", "at least 1"]),
    (spec({"type": "Conv2D", "filters": 3, "kernel_size": 0}), "spec.pair_too_small", ["kernel_size"]),
    (spec({"type": "Conv2D", "filters": 3, "kernel_size": [3, 3, 3]}), "spec.bad_pair", ["kernel_size"]),
    (spec({"type": "Conv2D", "filters": 3, "kernel_size": 3, "strides": -1}), "spec.pair_too_small", ["strides"]),
    (spec({"type": "Conv2D", "filters": 3, "kernel_size": 3, "padding": "full"}), "spec.bad_padding", ["ZeroPadding2D"]),
    (spec({"type": "Conv2D", "filters": 3, "kernel_size": 3, "activation": "relux"}), "spec.bad_activation", ["relux"]),
    (spec({"type": "Conv2D", "filters": 3.5, "kernel_size": 3}), "spec.bad_int", ["filters"]),
    (spec({"type": "Conv2D", "filters": True, "kernel_size": 3}), "spec.bad_int", ["filters"]),
    (spec({"type": "Conv2D", "filters": 3, "kernel_size": 3, "groups": 1}), "spec.unknown_arg", ["groups"]),
    (spec({"type": "Conv2D", "filters": 3, "kernel_size": 3, "input_shape": [3, 3, 3]}), "spec.unknown_arg_input_shape", []),
    (spec({"type": "ZeroPadding2D", "padding": -1}), "spec.negative_padding", ["-1"]),
    (spec({"type": "Dropout", "rate": 1.5}), "spec.bad_float", ["rate"]),
    (spec({"type": "Dropout", "rate": float("nan")}), "spec.bad_float", ["rate"]),
    (spec({"type": "RandomFlip", "mode": "diagonal"}), "spec.bad_choice", ["horizontal"]),
    (spec({"type": "ReLU", "name": "<b>x</b>"}), "spec.bad_name", []),
    (spec({"type": "ReLU", "name": "a"}, {"type": "ReLU", "name": "a"}), "spec.duplicate_name", ["'a'"]),
    (spec("Conv2D"), "spec.layer_not_object", []),
])
def test_bad_specs_name_the_layer_and_the_fix(data, key, words):
    with pytest.raises(SettingError) as info:
        parse_spec(data)
    assert info.value.key == key
    for word in words:
        assert word in str(info.value)
    assert isinstance(info.value, ValueError)


@pytest.mark.parametrize("text, key", [
    ("{", "spec.bad_json"),
    ("[" * 10_000 + "]" * 10_000, "spec.too_deep"),
    ('{"a": "' + "x" * (MAX_SPEC_BYTES + 1) + '"}', "spec.too_big"),
    (b"\xff\xfe", "spec.not_utf8"),
    (json.dumps(spec(*[{"type": "ReLU"}] * 201)), "spec.too_many_layers"),
])
def test_hostile_json_is_refused_before_parsing(text, key):
    with pytest.raises(SettingError) as info:
        load_spec(text)
    assert info.value.key == key


def test_brackets_inside_strings_do_not_count_as_nesting():
    s = load_spec(json.dumps(spec({"type": "ReLU"}) | {"description": "[[[[[[[[[[[[[["}))
    assert s.description.startswith("[[[")
