"""The architecture builder's editing operations, its table, the spec round trip, and predict-then-reveal checks."""
import json

import pytest

from cnnviz.builder import answers
from cnnviz.builder import draft as builder
from cnnviz.web.builder.views import table_rows
from cnnviz.builder.draft import Draft, evaluate
from cnnviz.builder.codegen import keras_code
from cnnviz.errors import SettingError
from cnnviz.presets import list_presets, load_preset
from cnnviz.calc.specs import LAYER_TYPES, load_spec, parse_spec

CONV = {"type": "Conv2D", "filters": 8, "kernel_size": 3, "activation": "relu"}
POOL = {"type": "MaxPooling2D"}
FLAT = {"type": "Flatten"}
DENSE = {"type": "Dense", "units": 10}


def draft(*layers, shape=(32, 32, 3)):
    return Draft("test", shape, [dict(layer) for layer in layers])


# --- editing operations -------------------------------------------------------------------------


@pytest.mark.parametrize("kind", list(LAYER_TYPES))
def test_every_new_layer_parses(kind):
    layer = builder.new_layer(kind)
    assert layer["type"] == kind
    parse_spec({"input_shape": [32, 32, 3], "layers": [layer]})


def test_new_layer_of_unknown_type_is_a_sentence():
    with pytest.raises(SettingError, match="does not know the layer type"):
        builder.new_layer("Lambda")


@pytest.mark.parametrize("op, args, expected", [
    ("add_layer", ("Flatten",), ["Conv2D", "MaxPooling2D", "Dense", "Flatten"]),
    ("add_layer", ("Flatten", 0), ["Flatten", "Conv2D", "MaxPooling2D", "Dense"]),
    ("add_layer", ("Flatten", 2), ["Conv2D", "MaxPooling2D", "Flatten", "Dense"]),
    ("add_layer", ("Flatten", 99), ["Conv2D", "MaxPooling2D", "Dense", "Flatten"]),
    ("remove_layer", (1,), ["Conv2D", "Dense"]),
    ("remove_layer", (7,), ["Conv2D", "MaxPooling2D", "Dense"]),
    ("move_layer", (1, -1), ["MaxPooling2D", "Conv2D", "Dense"]),
    ("move_layer", (1, 1), ["Conv2D", "Dense", "MaxPooling2D"]),
    ("move_layer", (0, -1), ["Conv2D", "MaxPooling2D", "Dense"]),  # already at the top: unchanged
    ("move_layer", (2, 1), ["Conv2D", "MaxPooling2D", "Dense"]),  # already at the bottom: unchanged
    ("change_type", (0, "SeparableConv2D"), ["SeparableConv2D", "MaxPooling2D", "Dense"]),
])
def test_structural_edits(op, args, expected):
    layers = [dict(CONV), dict(POOL), dict(DENSE)]
    before = json.dumps(layers)
    out = getattr(builder, op)(layers, *args)
    assert [layer["type"] for layer in out] == expected
    assert json.dumps(layers) == before  # the input list is never changed


def test_change_type_keeps_shared_arguments_and_name():
    out = builder.change_type([{**CONV, "kernel_size": 5, "name": "mine"}], 0, "DepthwiseConv2D")
    assert out[0] == {"type": "DepthwiseConv2D", "kernel_size": 5, "activation": "relu", "name": "mine"}


@pytest.mark.parametrize("changes, expected", [
    ({"filters": 16}, {**CONV, "filters": 16}),
    ({"kernel_size": (5, 5)}, {**CONV, "kernel_size": [5, 5]}),
    ({"strides": [1, 1]}, CONV),  # the default is dropped, as the spec writes it
    ({"padding": "same"}, {**CONV, "padding": "same"}),
    ({"padding": "valid"}, CONV),
    ({"activation": None}, {"type": "Conv2D", "filters": 8, "kernel_size": 3}),
    ({"name": "edge_finder"}, {**CONV, "name": "edge_finder"}),
    ({"name": None}, CONV),
    ({"use_bias": False}, {**CONV, "use_bias": False}),
])
def test_edit_layer(changes, expected):
    assert builder.edit_layer([dict(CONV)], 0, **changes)[0] == expected


# --- evaluation and the table ---------------------------------------------------------------------


def test_evaluate_a_preset_gives_keras_numbers():
    ev = evaluate(Draft.from_spec(load_preset("tf_cnn_cifar10")))
    assert ev.ok and ev.error is None
    assert ev.totals["params"] == 122_570
    assert [r.output_shape for r in ev.rows][:2] == [(30, 30, 32), (15, 15, 32)]


def test_first_impossible_layer_keeps_the_numbers_before_it():
    ev = evaluate(draft(CONV, POOL, {**CONV, "kernel_size": 20}, FLAT, DENSE))
    assert not ev.ok and ev.error_index == 2
    assert "kernel_size" in str(ev.error) and "15" in str(ev.error)  # says which knob, with the numbers
    assert [r.output_shape for r in ev.rows] == [(30, 30, 8), (15, 15, 8), None, None, None]
    assert ev.totals["params"] == 224  # what could be computed: the first convolution
    assert ev.spec is not None  # well-formed, so it can still be exported


def test_malformed_layer_blocks_export_and_keeps_the_rows_before_it():
    ev = evaluate(draft(CONV, {"type": "Dense", "units": 0}, DENSE))
    assert ev.error_index == 1 and ev.spec is None
    assert "units" in str(ev.error)
    assert ev.rows[0].params == 224 and ev.rows[1].params is None and ev.rows[2].name == ""


def test_duplicate_names_are_an_error_on_the_second():
    ev = evaluate(draft({**CONV, "name": "a"}, {**CONV, "name": "a"}))
    assert ev.error_index == 1 and ev.error.key == "spec.duplicate_name"


def test_empty_draft():
    ev = evaluate(draft())
    assert ev.rows == [] and ev.spec is None and not ev.ok and ev.totals == {}


def test_table_rows_translate_headers_and_hide_for_prediction():
    ev = evaluate(draft(CONV, {**CONV, "kernel_size": 40}))
    en = table_rows(ev, "en", hidden={0})
    assert {en[0][k] for k in ("Output shape", "Parameters", "MACs", "Memory per image")} == {"?"}
    assert en[1]["Status"].startswith("⛔")
    ko = table_rows(ev, "ko")
    assert ko[0]["출력 모양"] == "30 × 30 × 8" and ko[0]["파라미터"] == "224"


# --- spec round trip: draft → spec JSON → load → draft, and the exported code --------------------


@pytest.mark.parametrize("name", list_presets())
def test_round_trip_through_export_and_import(name):
    spec = load_preset(name)
    ev = evaluate(Draft.from_spec(spec))
    exported = json.dumps(ev.spec.to_dict())
    again = load_spec(exported)
    assert again == spec
    assert evaluate(Draft.from_spec(again)).totals == ev.totals
    assert keras_code(again) == keras_code(spec)


def test_round_trip_after_edits():
    layers = builder.add_layer([dict(CONV)], "BatchNormalization")
    layers = builder.add_layer(layers, "ZeroPadding2D", 0)
    layers = builder.edit_layer(layers, 0, padding=[[1, 2], [0, 1]])
    layers = builder.add_layer(layers, "GlobalAveragePooling2D")
    layers = builder.add_layer(layers, "Dense")
    spec = evaluate(Draft("edited", (28, 28, 1), layers)).spec
    assert load_spec(json.dumps(spec.to_dict())) == spec
    assert [r.output_shape for r in evaluate(Draft.from_spec(spec)).rows] == [
        (31, 29, 1), (29, 27, 8), (29, 27, 8), (8,), (10,)]


@pytest.mark.parametrize("raw, expected", [
    ({"type": "Conv2D", "filters": 4, "kernel_size": [3, 5]}, {"kernel_size": (3, 5), "strides": (1, 1)}),
    ({"type": "MaxPooling2D", "pool_size": 3}, {"pool_size": (3, 3), "strides": (3, 3)}),
    ({"type": "Conv2D", "filters": 4, "kernel_size": 3, "name": "bad name!"}, {"kernel_size": (3, 3), "filters": 4}),
    ({"type": "Conv2D", "filters": 0, "kernel_size": 3}, {"filters": 0, "kernel_size": 3, "padding": "valid"}),
])
def test_layer_values_fill_defaults_even_for_a_broken_layer(raw, expected):
    values = builder.layer_values(raw)
    assert {k: values[k] for k in expected} == expected


# --- predict, then reveal --------------------------------------------------------------------------

ROWS = evaluate(draft(CONV, POOL, FLAT, DENSE)).rows  # (30,30,8) 224 · (15,15,8) 0 · (1800,) 0 · (10,) 18010


@pytest.mark.parametrize("index, quantity, answer, correct, given", [
    (0, "output_shape", "30, 30, 8", True, (30, 30, 8)),
    (0, "output_shape", "(30, 30, 8)", True, (30, 30, 8)),
    (0, "output_shape", "30x30x8", True, (30, 30, 8)),
    (0, "output_shape", "30 × 30 × 8", True, (30, 30, 8)),
    (0, "output_shape", "(None, 30, 30, 8)", True, (30, 30, 8)),
    (0, "output_shape", "32, 32, 8", False, (32, 32, 8)),  # forgot that 'valid' shrinks by k − 1
    (0, "output_shape", "30, 30", False, (30, 30)),
    (0, "output_shape", "thirty", False, None),
    (0, "output_shape", "", False, None),
    (0, "params", "224", True, 224),
    (0, "params", "216", False, 216),  # forgot the 8 biases
    (0, "params", "1,234", False, 1234),
    (0, "params", "-224", False, None),
    (1, "output_shape", "15,15,8", True, (15, 15, 8)),
    (1, "params", "0", True, 0),
    (2, "output_shape", "1800", True, (1800,)),
    (2, "output_shape", "[1800]", True, (1800,)),
    (3, "params", "18010", True, 18010),
    (3, "params", "18_010", True, 18010),
    (3, "params", "18000", False, 18000),
])
def test_check_answer(index, quantity, answer, correct, given):
    check = answers.check_answer(ROWS[index], quantity, answer)
    assert check.correct is correct
    assert check.given == given
    assert check.expected == (ROWS[index].output_shape if quantity == "output_shape" else ROWS[index].params)


def test_check_messages_and_worked_formulas():
    wrong = answers.check_answer(ROWS[0], "params", "216")
    assert wrong.message("en") == ("Not quite: you wrote 216, the parameter count is 224. "
                                   "The formula below shows why.")
    assert "224" in wrong.message("ko")
    assert [f.text() for f in wrong.formulas] == ["params = (k_h·k_w·C_in + 1)·F = (3·3·3 + 1)·8 = 224"]
    right = answers.check_answer(ROWS[0], "output_shape", "30,30,8")
    assert right.message("en") == "Right: the output shape is 30 × 30 × 8."
    assert [f.substituted for f in right.formulas] == ["⌊(32 + 2·0 − 3)/1⌋ + 1"] * 2
    unreadable = answers.check_answer(ROWS[0], "output_shape", "?")
    assert unreadable.message("en").startswith("Write the output shape as numbers")


def test_cannot_check_an_impossible_layer():
    rows = evaluate(draft({**CONV, "kernel_size": 40})).rows
    with pytest.raises(ValueError):
        answers.check_answer(rows[0], "params", "1")


def test_reveal_key_changes_when_the_layer_or_its_input_changes():
    a = evaluate(draft(CONV)).rows[0]
    b = evaluate(draft({**CONV, "filters": 9})).rows[0]
    c = evaluate(draft(CONV, shape=(28, 28, 3))).rows[0]
    assert len({answers.reveal_key(a), answers.reveal_key(b), answers.reveal_key(c)}) == 3
    assert answers.reveal_key(a) == answers.reveal_key(evaluate(draft(CONV)).rows[0])
