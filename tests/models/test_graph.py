"""The walked graph: execution order, nested models opened up, and the flattened copy that computes the same."""
import numpy as np
import pytest

keras = pytest.importorskip("keras")

from cnnviz.models import graph  # noqa: E402
from tests.helpers_network import resnet_like, separable_with_preprocessing, teachable_machine_like, tiny  # noqa: E402


@pytest.mark.parametrize("build", [tiny, resnet_like, separable_with_preprocessing, teachable_machine_like])
def test_every_call_comes_after_the_calls_it_reads(build):
    calls = graph.walk(build())
    seen = set()
    for call in calls:
        assert set(call.parents) <= seen, call.key
        seen.add(call.key)
    assert len({c.key for c in calls}) == len(calls)


def test_branches_are_listed_before_they_join():
    order = [c.layer.name for c in graph.walk(resnet_like())]
    assert order.index("res_bn") < order.index("skip") and order.index("stem_relu") < order.index("skip")
    assert max(order.index("branch_a"), order.index("branch_b_pool")) < order.index("concat")
    assert order[0] == "image" and order[-1] == "head"


def test_nested_models_are_opened_with_paths():
    calls = graph.walk(teachable_machine_like())
    keys = [c.key for c in calls]
    assert keys[:4] == ["sequential_1_input", "sequential_1", "sequential_1/model1", "sequential_1/model1/Conv1_pad"]
    assert keys[-3:] == ["sequential_3", "sequential_3/dense_Dense1", "sequential_3/dense_Dense2"]
    assert [c.key for c in calls if c.container] == ["sequential_1", "sequential_1/model1", "sequential_3"]
    add = next(c for c in calls if c.type == "Add")
    assert add.parents == ["sequential_1/model1/Conv1_relu", "sequential_1/model1/expanded_conv_depthwise_relu"]
    dense = next(c for c in calls if c.layer.name == "dense_Dense1")
    assert dense.parents == ["sequential_1/global_average_pooling2d_GlobalAveragePooling2D1"]  # across two models
    assert [layer.name for layer in graph.leaf_layers(teachable_machine_like())][:2] == ["Conv1_pad", "Conv1"]


def test_flat_model_computes_what_the_nested_model_computes():
    model = teachable_machine_like()
    flat = graph.flat_model(model)
    assert not graph.has_nested_models(flat) and flat.name == model.name
    assert [layer.name for layer in flat.layers[1:]] == [layer.name for layer in graph.leaf_layers(model)]
    assert flat.count_params() == model.count_params()
    x = np.random.default_rng(0).random((2, 32, 32, 3)).astype("float32")  # (B, H, W, C)
    np.testing.assert_allclose(flat.predict(x, verbose=0), model.predict(x, verbose=0), rtol=1e-6, atol=1e-6)
    inner = model.layers[0].layers[0]  # the functional 'model1': its input is the outer input
    for name in ("Conv1", "block_add", "out_relu"):
        expected = keras.Model(inner.inputs, inner.get_layer(name).output).predict(x, verbose=0)
        got = keras.Model(flat.inputs, flat.get_layer(name).output).predict(x, verbose=0)
        np.testing.assert_allclose(got, expected, rtol=1e-5, atol=1e-6)


def test_flat_model_of_a_flat_model_is_itself():
    model = resnet_like()
    assert graph.flat_model(model) is model


def test_flat_model_renames_a_name_used_in_two_nested_models():
    def block(name):
        inputs = keras.Input((6, 6, 2))
        return keras.Model(inputs, keras.layers.Conv2D(2, 3, padding="same", name="conv")(inputs), name=name)

    inputs = keras.Input((6, 6, 2), name="x")
    outputs = block("second")(block("first")(inputs))
    model = keras.Model(inputs, keras.layers.Dense(2, name="head")(keras.layers.Flatten(name="flat")(outputs)))
    flat = graph.flat_model(model)
    assert [layer.name for layer in flat.layers] == ["x", "conv", "conv_1", "flat", "head"]
    x = np.random.default_rng(1).random((1, 6, 6, 2)).astype("float32")
    np.testing.assert_allclose(flat.predict(x, verbose=0), model.predict(x, verbose=0), rtol=1e-6, atol=1e-6)


def test_an_unbuilt_model_cannot_be_walked():
    with pytest.raises(ValueError, match="build it"):
        graph.walk(keras.Sequential([keras.layers.Dense(2)]))
