"""A wrong answer matched to the formula slip that produces it, table-driven, on the explorer's stage and on models."""
from __future__ import annotations

import pytest

from cnnviz.calc.specs import parse_spec
from cnnviz.classroom.mistakes import Mistake, Window, conv_param_mistakes, dense_param_mistakes, diagnose, window_mistakes
from cnnviz.classroom.prompts import from_architecture, from_explorer
from cnnviz.explorer.settings import DEFAULTS

E = DEFAULTS.values()  # 224 × 224 × 3, 8 filters 3 × 3, stride 1, valid, max pool 2/2

# (explorer settings changed from the defaults, layer, quantity, the learner's answer, the slips it suggests)
EXPLORER = [
    ({}, "conv", "output_shape", "222x222x8", None),  # right
    ({}, "conv", "output_shape", "221x221x8", ("plus_one",)),
    ({}, "conv", "output_shape", "224x224x8", ("same_for_valid",)),
    ({}, "conv", "output_shape", "222x222x3", ("channels_in",)),
    ({}, "conv", "output_shape", "221x221x3", ("plus_one", "channels_in")),
    ({}, "conv", "output_shape", "222x222", ("no_channels",)),
    ({}, "conv", "output_shape", "100x100x8", None),  # a slip the table does not know
    ({"padding": "same"}, "conv", "output_shape", "222x222x8", ("valid_for_same",)),
    ({"padding": "same", "stride": 2}, "conv", "output_shape", "224x224x8", ("stride",)),
    ({"size": 225, "padding": "same", "stride": 2, "kernel_size": (5, 5)}, "conv", "output_shape", "112x112x8",
     ("round_down",)),
    ({"stride": 2}, "conv", "output_shape", "222x222x8", ("stride",)),
    ({"stride": 2}, "conv", "output_shape", "443x443x8", ("stride_times",)),
    ({"stride": 2}, "conv", "output_shape", "112x112x8", ("same_for_valid",)),  # ⌈224/2⌉: 'same' wins the tie
    ({"size": 64, "stride": 3}, "conv", "output_shape", "22x22x8", ("same_for_valid",)),  # ⌈64/3⌉
    ({"size": 64, "stride": 2}, "conv", "output_shape", "32x32x8", ("same_for_valid",)),
    ({"size": 65, "stride": 2}, "conv", "output_shape", "33x33x8", ("same_for_valid",)),
    ({"size": 64, "stride": 4}, "conv", "output_shape", "17x17x8", ("round_up",)),
    ({"padding": 2}, "conv", "output_shape", "222x222x8", ("padding",)),
    ({"padding": 2}, "conv", "output_shape", "224x224x8", ("padding_once",)),
    ({"padding": 2}, "conv", "output_shape", "225x225x8", ("plus_one",)),
    ({"dilation": 2}, "conv", "output_shape", "222x222x8", ("dilation",)),
    ({"kernel_size": (3, 5)}, "conv", "output_shape", "221x219x8", ("plus_one",)),
    ({}, "pool", "output_shape", "111x111x8", None),
    ({}, "pool", "output_shape", "110x110x8", ("plus_one",)),
    ({"pool_size": 3}, "pool", "output_shape", "74x74x8", ("pool_divide",)),
    ({}, "conv", "params", "224", None),
    ({}, "conv", "params", "216", ("bias",)),
    ({}, "conv", "params", "217", ("bias_once",)),
    ({}, "conv", "params", "80", ("params_channels_in",)),
    ({}, "conv", "params", "28", ("filters",)),
    ({"kernel_size": (5, 5)}, "conv", "params", "128", ("kernel_once",)),
    ({}, "conv", "params", str(224 * 222 * 222), ("per_position",)),
    ({"bias": False}, "conv", "params", "224", ("bias_extra",)),
    ({}, "pool", "params", "0", None),
    ({}, "pool", "params", "32", ("no_weights",)),
]


@pytest.mark.parametrize("changes, layer, quantity, typed, keys", EXPLORER)
def test_a_wrong_answer_on_the_explorer_names_its_slip(changes, layer, quantity, typed, keys):
    question = from_explorer({**E, **changes}, quantity, layer)
    value = question.parse(typed)
    found = question.diagnose(value)
    assert (found.keys if found else None) == keys
    if found is not None and found.formulas:  # the mistaken formula, worked, gives the learner's number
        assert found.formulas[0].endswith(f"= {value[0] if isinstance(value, tuple) else value:,}")


MODEL = parse_spec({"name": "m", "input_shape": [32, 32, 3], "layers": [
    {"type": "Conv2D", "filters": 16, "kernel_size": 3, "padding": "same"},  # 0: 32 × 32 × 16, 448
    {"type": "MaxPooling2D"},  # 1: 16 × 16 × 16
    {"type": "ZeroPadding2D", "padding": 1},  # 2: 18 × 18 × 16
    {"type": "BatchNormalization"},  # 3: 64 parameters
    {"type": "Flatten"},  # 4: 5184
    {"type": "Dense", "units": 10},  # 5: 51,850
]})
GLOBAL = parse_spec({"name": "g", "input_shape": [8, 8, 4], "layers": [{"type": "GlobalAveragePooling2D"}]})

ARCHITECTURE = [
    (MODEL, 0, "output_shape", "30x30x16", ("valid_for_same",)),
    (MODEL, 0, "params", "432", ("bias",)),
    (MODEL, 1, "output_shape", "15x15x16", ("plus_one",)),
    (MODEL, 2, "output_shape", "17x17x16", ("padding_once",)),
    (MODEL, 3, "params", "32", ("bn_trainable",)),
    (MODEL, 4, "output_shape", "324", ("flatten_no_channels",)),
    (MODEL, 4, "output_shape", "52", ("flatten_sum",)),
    (MODEL, 5, "output_shape", "5184", ("dense_input",)),
    (MODEL, 5, "params", "51840", ("bias",)),
    (MODEL, 5, "params", "5185", ("units",)),
    (MODEL, 5, "params", "51841", ("bias_once",)),
    (MODEL, 5, "params", "51850", None),
    (MODEL, 4, "params", "5184", ("no_weights",)),
    (GLOBAL, 0, "output_shape", "1x1x4", ("global_keepdims",)),
    (GLOBAL, 0, "output_shape", "256", ("global_flatten",)),
]


@pytest.mark.parametrize("spec, index, quantity, typed, keys", ARCHITECTURE)
def test_a_wrong_answer_on_a_model_names_its_slip(spec, index, quantity, typed, keys):
    question = from_architecture(spec, index, quantity)
    found = question.diagnose(question.parse(typed))
    assert (found.keys if found else None) == keys


def test_no_candidate_equals_the_right_answer_and_none_repeats():
    direct = window_mistakes(Window((32, 32), (3, 3), (1, 1)), (30, 30, 16), 3)
    assert {m.keys: m.value for m in direct}[("plus_one",)] == (29, 29, 16)
    for changes in ({}, {"stride": 2}, {"padding": 1}, {"padding": "same", "stride": 3}, {"dilation": 2}):
        q = from_explorer({**E, **changes})
        values = [m.value for m in q.mistakes]
        assert q.expected not in values and len(values) == len(set(values))


@pytest.mark.parametrize("kh, kw, c_in, filters, bias, expected", [
    (3, 3, 3, 32, True, 896), (3, 3, 32, 64, True, 18_496), (5, 5, 1, 6, True, 156), (3, 3, 3, 8, False, 216)])
def test_the_right_conv_count_is_never_a_candidate(kh, kw, c_in, filters, bias, expected):
    assert expected not in [m.value for m in conv_param_mistakes(kh, kw, c_in, filters, bias, 100)]


def test_dense_mistakes_and_the_zero_rule():
    found = {m.keys[0]: m.value for m in dense_param_mistakes(1024, 64, True)}
    assert found == {"bias": 65_536, "bias_once": 65_537, "units": 1025}
    assert diagnose(5, 0, []) == Mistake(("no_weights",), 5)
    assert diagnose(0, 0, []) is None and diagnose((1, 2), (3, 4), []) is None


def test_a_mistake_travels_as_json():
    m = Mistake(("plus_one", "channels_in"), (29, 29, 3), ("H_out = … = 29",))
    assert Mistake.from_dict(m.to_dict()) == m
    assert Mistake.from_dict(Mistake(("bias",), 5).to_dict()) == Mistake(("bias",), 5)
