"""Keras is the oracle: random layer settings and stacks built in real Keras must agree with the calculators.

For every setting, either both Keras and cnnviz accept it (and agree on the output shape and on
`count_params()`, trainable and non-trainable) or both refuse it. One deliberate difference:
cnnviz refuses a Dense layer on an un-flattened image, which Keras applies pixel by pixel.
"""
import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

keras = pytest.importorskip("keras")

from cnnviz.errors import SettingError  # noqa: E402
from cnnviz.models.build import build_layer, build_model  # noqa: E402
from cnnviz.calc.specs import parse_layer, parse_spec  # noqa: E402
from cnnviz.calc.summary import summarize  # noqa: E402

small = st.integers(1, 6)
pair = st.one_of(small, st.tuples(small, small))
padding = st.sampled_from(["valid", "same"])

conv_like = st.fixed_dictionaries(
    {"type": st.sampled_from(["Conv2D", "DepthwiseConv2D", "SeparableConv2D"]), "kernel_size": pair,
     "strides": st.one_of(st.integers(1, 3), st.tuples(st.integers(1, 3), st.integers(1, 3))),
     "padding": padding, "dilation_rate": st.one_of(st.integers(1, 3), st.tuples(st.integers(1, 3), st.integers(1, 3))),
     "use_bias": st.booleans()},
    optional={"filters": st.integers(1, 8), "depth_multiplier": st.integers(1, 3)},
).map(lambda d: d if d["type"] == "DepthwiseConv2D" else {**d, "filters": d.get("filters", 4)})
pooling = st.fixed_dictionaries(
    {"type": st.sampled_from(["MaxPooling2D", "AveragePooling2D", "MinPooling2D"]), "pool_size": pair, "padding": padding},
    optional={"strides": pair})
other = st.one_of(
    st.just({"type": "GlobalAveragePooling2D"}), st.just({"type": "GlobalMaxPooling2D"}),
    st.builds(lambda p: {"type": "ZeroPadding2D", "padding": p},
              st.one_of(st.integers(0, 3), st.tuples(st.integers(0, 3), st.integers(0, 3)),
                        st.tuples(st.tuples(st.integers(0, 3), st.integers(0, 3)), st.tuples(st.integers(0, 3), st.integers(0, 3))))),
    st.builds(lambda c, s: {"type": "BatchNormalization", "center": c, "scale": s}, st.booleans(), st.booleans()),
    st.just({"type": "Flatten"}), st.just({"type": "ReLU"}), st.just({"type": "Dropout", "rate": 0.3}),
    st.just({"type": "Rescaling", "scale": 0.5}), st.just({"type": "RandomFlip"}),
)
image_layer = st.one_of(conv_like, conv_like, pooling, other)
image_shape = st.tuples(st.integers(1, 20), st.integers(1, 20), st.integers(1, 4))


def keras_result(raw, input_shape):
    """(output shape, params, trainable, non-trainable) from Keras, or the ValueError it raised."""
    try:
        layer = build_layer(parse_layer(raw, 0))
        y = layer(keras.Input(shape=input_shape))
    except ValueError as err:
        return err
    trainable = sum(int(np.prod(w.shape)) for w in layer.trainable_weights)
    return tuple(y.shape[1:]), layer.count_params(), trainable, layer.count_params() - trainable


def cnnviz_result(raw, input_shape):
    try:
        s = summarize(parse_spec({"input_shape": list(input_shape), "layers": [raw]}))
    except SettingError as err:
        return err
    row = s.rows[0]
    return row.output_shape, row.params, row.trainable, row.non_trainable


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(raw=image_layer, input_shape=image_shape)
def test_single_layers_agree_with_keras(raw, input_shape):
    ours, theirs = cnnviz_result(raw, input_shape), keras_result(raw, input_shape)
    if isinstance(theirs, ValueError):
        assert isinstance(ours, SettingError), f"Keras refused ({theirs}) but cnnviz gave {ours}"
    else:
        assert ours == theirs


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.filter_too_much, HealthCheck.too_slow])
@given(raw=st.one_of(conv_like, pooling), input_shape=image_shape)
def test_settings_cnnviz_refuses_are_refused_by_keras(raw, input_shape):
    """The converse: every conv/pool setting cnnviz refuses, Keras refuses too.

    Only refused settings are examples here (`assume`): if hypothesis found none, the test fails as
    unsatisfiable instead of passing without checking anything.
    """
    assume(isinstance(cnnviz_result(raw, input_shape), SettingError))
    assert isinstance(keras_result(raw, input_shape), ValueError)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(layers=st.lists(st.one_of(conv_like, pooling), min_size=1, max_size=4), input_shape=image_shape,
       units=st.integers(1, 12))
def test_random_stacks_agree_with_keras(layers, input_shape, units):
    raw = {"input_shape": list(input_shape), "layers": [*layers, {"type": "Flatten"}, {"type": "Dense", "units": units}]}
    try:
        summary = summarize(parse_spec(raw))
    except SettingError:
        with pytest.raises(ValueError):
            build_model(raw)
        return
    model = build_model(raw)
    assert model.count_params() == summary.total_params
    for row in summary.rows:
        layer = model.get_layer(row.name)
        assert tuple(layer.output.shape[1:]) == row.output_shape
        assert layer.count_params() == row.params


def test_dense_on_an_image_is_where_cnnviz_is_stricter_than_keras():
    raw = {"type": "Dense", "units": 5}
    assert keras_result(raw, (4, 4, 3))[0] == (4, 4, 5)  # Keras: one Dense per pixel
    assert cnnviz_result(raw, (4, 4, 3)).key == "shape.dense_needs_flat"


@pytest.mark.parametrize("name", ["tf_cnn_cifar10", "tf_flowers_augmented", "cifar10_deep", "lenet5", "tinyvgg"])
def test_presets_build_in_keras_with_the_same_summary(name):
    from cnnviz.presets import load_preset

    spec = load_preset(name)
    model = build_model(spec)
    summary = summarize(spec)
    assert model.count_params() == summary.total_params
    assert [layer.name for layer in model.layers[1:]] == [row.name for row in summary.rows]
    assert tuple(model.output.shape[1:]) == summary.output_shape


@pytest.mark.parametrize("raw, input_shape", [
    ({"type": "Conv2D", "filters": 2, "kernel_size": 5}, (4, 4, 1)),
    ({"type": "Conv2D", "filters": 2, "kernel_size": 3, "dilation_rate": 3}, (6, 9, 1)),
    ({"type": "Conv2D", "filters": 2, "kernel_size": 3, "strides": 2, "dilation_rate": 2}, (9, 9, 1)),
    ({"type": "MaxPooling2D", "pool_size": 3}, (2, 5, 1)),
    ({"type": "SeparableConv2D", "filters": 2, "kernel_size": (1, 4)}, (3, 3, 2)),
])
def test_both_refuse(raw, input_shape):
    assert isinstance(keras_result(raw, input_shape), ValueError)
    assert isinstance(cnnviz_result(raw, input_shape), SettingError)
