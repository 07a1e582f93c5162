"""A live Keras model explained like a spec: every layer's shape, parameters, trainable split and MACs equal Keras's.

Keras is the oracle: ``layer.output.shape``, ``layer.count_params()``, ``layer.trainable_weights`` and,
for MACs, the kernel sizes Keras built (a conv or dense layer does one MAC per kernel weight per
output position). MobileNetV2 (alpha 0.35, 96 × 96) is built once for the module.
"""
import json
from math import prod

import numpy as np
import pytest

keras = pytest.importorskip("keras")

from cnnviz.calc.params import ParamCount  # noqa: E402
from cnnviz.calc.shapes import LayerShape  # noqa: E402
from cnnviz.models import explain as explain_mod  # noqa: E402
from cnnviz.models.explain import explain_model  # noqa: E402
from tests.helpers_network import resnet_like, separable_with_preprocessing, teachable_machine_like, tiny  # noqa: E402


@pytest.fixture(scope="module")
def mobilenet():
    return keras.applications.MobileNetV2(weights=None, alpha=0.35, input_shape=(96, 96, 3), classes=5)


def keras_leaves(model) -> list:
    """Keras's own list of layers, nested models opened with the public ``model.layers``."""
    out = []
    for layer in model.layers:
        if isinstance(layer, keras.Model):
            out.extend(keras_leaves(layer))
        elif layer.__class__.__name__ != "InputLayer":
            out.append(layer)
    return out


def size(weights) -> int:
    return sum(prod(int(d) for d in w.shape) for w in weights)


def keras_macs(layer, output_shape) -> int:
    """One MAC per kernel weight per output position (Keras's kernels: conv (k_h, k_w, C_in, F), dense (N_in, units))."""
    kernels = [w for w in layer.weights if "kernel" in w.path]
    return prod(output_shape[:-1]) * size(kernels)


def assert_equals_keras(model, summary):
    leaves = keras_leaves(model)
    rows = [r for r in summary.rows if not r.container and r.type != "InputLayer"]
    assert sorted(r.name for r in rows) == sorted(layer.name for layer in leaves)  # each layer once (order: test_graph)
    by_name = {layer.name: layer for layer in leaves}
    for row in rows:
        layer = by_name[row.name]
        assert row.output_shape == tuple(layer.output.shape[1:]), row.name
        assert (row.params, row.trainable, row.non_trainable) == (
            layer.count_params(), size(layer.trainable_weights), size(layer.non_trainable_weights)), row.name
        assert row.status == "ok", (row.name, row.status, row.ours)
        assert row.macs == keras_macs(layer, row.output_shape), row.name
        if row.params_formula is not None:
            assert row.params_formula.value == row.params
        if row.macs_formula is not None:
            assert row.macs_formula.value == row.macs
        for f in row.shape_formulas:
            if f.name in ("H_out", "W_out", "C_out", "N"):
                assert f.value in row.output_shape
    assert (summary.total_params, summary.trainable_params, summary.non_trainable_params) == (
        model.count_params(), size(model.trainable_weights), size(model.non_trainable_weights))
    assert summary.totals_differ == () and summary.macs_complete
    assert sum(r.params for r in rows) == model.count_params()


@pytest.mark.parametrize("build", [tiny, resnet_like, separable_with_preprocessing, teachable_machine_like],
                         ids=["tiny", "resnet_like", "separable_preprocessing", "teachable_machine_like"])
def test_every_number_equals_keras(build):
    model = build()
    assert_equals_keras(model, explain_model(model))


def test_mobilenet_v2_every_number_equals_keras(mobilenet):
    summary = explain_model(mobilenet)
    assert_equals_keras(mobilenet, summary)
    assert summary.total_params == 416_613  # Keras 3.15's count for alpha 0.35, 96 × 96, 5 classes
    assert summary.total_macs == 10_660_528
    kinds = {r.type for r in summary.layers}
    assert {"ZeroPadding2D", "DepthwiseConv2D", "Add", "ReLU", "GlobalAveragePooling2D"} <= kinds


@pytest.mark.parametrize("name, formula", [
    ("Conv1", "params = k_h·k_w·C_in·F = 3·3·3·16 = 432"),
    ("expanded_conv_depthwise", "params = k_h·k_w·C_in·m = 3·3·16·1 = 144"),
    ("bn_Conv1", "params = 4·C = 4·16 = 64"),
    ("predictions", "params = (N_in + 1)·units = (1280 + 1)·5 = 6,405"),
])
def test_formulas_are_the_spec_calculators(mobilenet, name, formula):
    row = next(r for r in explain_model(mobilenet).rows if r.name == name)
    assert row.params_formula.text() == formula


def test_shape_formulas_of_padding_conv_pool_concat():
    rows = {r.name: r for r in explain_model(resnet_like()).rows}
    assert [f.text() for f in rows["down"].shape_formulas] == [
        "H_out = ⌊(H + 2·p − k)/s⌋ + 1 = ⌊(16 + 2·0 − 3)/2⌋ + 1 = 7", "W_out = ⌊(W + 2·p − k)/s⌋ + 1 = ⌊(16 + 2·0 − 3)/2⌋ + 1 = 7"]
    assert rows["concat"].shape_formulas[0].text() == "C_out = C_1 + C_2 = 4 + 8 = 12"
    assert rows["concat"].connected_to == ["branch_a", "branch_b_pool"]
    assert rows["branch_b_pool"].padding == ((1, 1), (1, 1))
    tm = {r.name: r for r in explain_model(teachable_machine_like()).rows}
    assert tm["Conv1_pad"].shape_formulas[0].text() == "H_out = H + p_top + p_bottom = 32 + 0 + 1 = 33"


def test_frozen_layers_are_non_trainable():
    model = teachable_machine_like()
    model.layers[0].trainable = False  # freeze the feature extractor, as transfer learning does
    summary = explain_model(model)
    assert_equals_keras(model, summary)
    conv = next(r for r in summary.rows if r.name == "Conv1")
    assert (conv.trainable, conv.non_trainable) == (0, 216)


def test_nested_models_are_opened_and_shown_with_their_totals():
    model = teachable_machine_like()
    summary = explain_model(model)
    containers = [(r.key, r.depth, r.params) for r in summary.rows if r.container]
    assert containers == [("sequential_1", 0, 480), ("sequential_1/model1", 1, 480), ("sequential_3", 0, 200)]
    conv = next(r for r in summary.rows if r.name == "Conv1")
    assert conv.key == "sequential_1/model1/Conv1" and conv.depth == 2 and conv.connected_to == ["Conv1_pad"]
    first = next(r for r in summary.rows if r.name == "Conv1_pad")
    assert first.connected_to == ["sequential_1_input"]  # the nested model's own input is the outer one
    table = str(summary)
    assert "    Conv1 (Conv2D)" in table and "(480)" in table and "Total params: 680" in table


def test_table_and_json():
    chain, branched = explain_model(tiny()), explain_model(resnet_like())
    assert "Connected to" not in str(chain) and "Connected to" in str(branched)
    lines = str(chain).splitlines()
    assert lines[0] == 'Model: "tiny"' and lines[1].split() == ["Layer", "(type)", "Output", "Shape", "Param", "#", "MACs", "Note"]
    data = json.loads(json.dumps(branched.to_dict()))
    assert data["total_params"] == 1575 and data["total_macs"] == branched.total_macs
    concat = next(layer for layer in data["layers"] if layer["name"] == "concat")
    assert concat["output_shape"] == [16, 16, 12] and concat["formulas"]["shape"] == ["C_out = C_1 + C_2 = 4 + 8 = 12"]


def unknown_layers_model():
    inputs = keras.Input((8, 8, 2), name="x")
    x = keras.layers.PReLU(name="prelu")(inputs)
    x = keras.layers.Conv2DTranspose(3, 3, name="up")(x)
    a = keras.layers.Conv2D(4, 3, data_format="channels_first", name="cf")(x)  # reads (10, 10, 3) as C, H, W
    b = keras.layers.Conv2D(4, 3, name="grouped", groups=2)(keras.layers.Conv2D(4, 1, name="c")(inputs))
    x = keras.layers.Concatenate(name="join")([keras.layers.Flatten(name="flat_a")(a), keras.layers.Flatten(name="flat_b")(b)])
    return keras.Model(inputs, keras.layers.Dense(2, name="head")(x))


def test_layers_without_a_formula_are_named_and_counted_by_keras():
    model = unknown_layers_model()
    summary = explain_model(model)
    rows = {r.name: r for r in summary.rows}
    for name in ("prelu", "up", "cf", "grouped"):
        layer = model.get_layer(name)
        assert rows[name].status == "no_formula" and rows[name].status_key == "models.status.no_formula"
        assert rows[name].macs is None and rows[name].params_formula is None
        assert rows[name].params == layer.count_params() > 0
        assert rows[name].output_shape == tuple(layer.output.shape[1:])
    assert rows["cf"].output_shape == (4, 8, 1) and rows["join"].status == "ok"
    assert rows["prelu"].params == 8 * 8 * 2  # Keras's alpha per input value
    assert not summary.macs_complete and summary.total_params == model.count_params()
    assert "no formula (Keras's numbers)" in str(summary) and "not counted" in str(summary)


def test_a_formula_that_disagrees_with_keras_is_flagged_and_keras_wins(monkeypatch):
    real_params, real_output = explain_mod.layer_params, explain_mod.layer_output

    def wrong_params(spec, shape):
        count = real_params(spec, shape)
        return ParamCount(count.total + 1, count.trainable + 1, 0, count.formula) if spec.type == "Dense" else count

    def wrong_shape(spec, shape):
        out = real_output(spec, shape)
        return LayerShape((out.shape[0] + 1, *out.shape[1:]), out.formulas) if spec.type == "MaxPooling2D" else out

    monkeypatch.setattr(explain_mod, "layer_params", wrong_params)
    monkeypatch.setattr(explain_mod, "layer_output", wrong_shape)
    model = tiny()
    summary = explain_model(model)
    rows = {r.name: r for r in summary.rows}
    assert rows["head"].differs == ("params",) and rows["head"].params == model.get_layer("head").count_params()
    assert rows["head"].ours == {"params": rows["head"].params + 1} and rows["head"].params_formula is None
    assert rows["pool"].differs == ("output_shape",) and rows["pool"].output_shape == (4, 4, 4)
    assert rows["pool"].shape_formulas == [] and rows["pool"].macs is None
    assert summary.flagged == [rows["pool"], rows["head"]] and summary.total_params == model.count_params()
    assert "our formula differs: params 40" in str(summary)


def test_a_shared_layer_is_counted_once():
    inputs = keras.Input((4,), name="x")
    dense = keras.layers.Dense(4, name="shared")
    outputs = keras.layers.Add(name="sum")([dense(inputs), dense(dense(inputs))])
    model = keras.Model(inputs, outputs)
    summary = explain_model(model)
    shared = [r for r in summary.rows if r.name == "shared"]
    assert [r.params for r in shared] == [20, 0, 0] and [r.status for r in shared] == ["ok", "shared", "shared"]
    assert summary.total_params == model.count_params() == 20 and summary.totals_differ == ()


def test_activation_memory_is_every_output_once():
    model = tiny()
    summary = explain_model(model)
    expected = sum(4 * prod(layer.output.shape[1:]) for layer in model.layers[1:])
    assert summary.activation_bytes == expected == 4 * (8 * 8 * 4 + 4 * 4 * 4 + 2 * 2 * 3 + 12 + 3)
    assert np.isclose(summary.weight_bytes, 4 * model.count_params())


def test_an_input_of_unknown_size_gets_kerass_numbers():
    inputs = keras.Input((None, None, 3), name="any_size")
    x = keras.layers.Conv2D(4, 3, name="conv")(inputs)
    model = keras.Model(inputs, keras.layers.GlobalMaxPooling2D(name="gmp")(x))
    rows = {r.name: r for r in explain_model(model).rows}
    assert rows["any_size"].status == "ok" and rows["any_size"].output_shape == (None, None, 3)
    assert rows["conv"].status == "no_formula" and rows["conv"].params == 112 and rows["conv"].output_shape == (None, None, 4)
    assert "(None, None, None, 4)" in str(explain_model(model))
