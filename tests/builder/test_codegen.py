"""The exported Keras code, run as is, builds a model with exactly the calculators' summary (Keras is the oracle)."""
import random

import pytest

from cnnviz.builder.codegen import keras_code, py_value
from cnnviz.presets import list_presets, load_preset
from cnnviz.calc.specs import parse_spec
from cnnviz.calc.summary import summarize


def run_code(code: str):
    """Execute the exported code as a learner would paste it, and return its `model`."""
    namespace: dict = {"__name__": "exported"}
    exec(compile(code, "<exported>", "exec"), namespace)  # noqa: S102 - our own generated code
    return namespace["model"]


def assert_same_summary(model, spec):
    summary = summarize(spec)
    layers = [layer for layer in model.layers if layer.__class__.__name__ != "InputLayer"]
    assert [layer.name for layer in layers] == [row.name for row in summary.rows]
    assert [layer.__class__.__name__ for layer in layers] == [row.type for row in summary.rows]
    assert [tuple(layer.output.shape[1:]) for layer in layers] == [row.output_shape for row in summary.rows]
    assert [layer.count_params() for layer in layers] == [row.params for row in summary.rows]
    assert model.count_params() == summary.total_params
    trainable = sum(int(w.numpy().size) for w in model.trainable_weights)
    assert trainable == summary.trainable_params
    assert tuple(model.input.shape[1:]) == spec.input_shape


@pytest.fixture(autouse=True)
def quiet_summary(monkeypatch):
    import keras

    monkeypatch.setattr(keras.Model, "summary", lambda self, *a, **k: None)


@pytest.mark.parametrize("name", list_presets())
def test_every_preset(name):
    spec = load_preset(name)
    assert_same_summary(run_code(keras_code(spec)), spec)


def random_stack(seed: int) -> dict:
    """A random but valid image stack: convolutions, pooling, padding, normalisation, then a head."""
    rng = random.Random(seed)
    size = rng.choice([16, 20, 28, 32, 33])
    layers = []
    for _ in range(rng.randint(1, 5)):
        kind = rng.choice(["Conv2D", "Conv2D", "DepthwiseConv2D", "SeparableConv2D", "MaxPooling2D",
                           "AveragePooling2D", "MinPooling2D", "ZeroPadding2D", "BatchNormalization", "ReLU"])
        if kind in ("Conv2D", "DepthwiseConv2D", "SeparableConv2D"):
            layer = {"type": kind, "kernel_size": [rng.randint(1, 3), rng.randint(1, 3)],
                     "padding": rng.choice(["valid", "same"]), "use_bias": rng.random() < 0.8}
            if rng.random() < 0.5:
                layer["strides"] = rng.randint(1, 2)
            elif rng.random() < 0.3:
                layer["dilation_rate"] = 2
            if kind != "DepthwiseConv2D":
                layer["filters"] = rng.randint(1, 6)
            if kind != "Conv2D":
                layer["depth_multiplier"] = rng.randint(1, 2)
            if rng.random() < 0.5:
                layer["activation"] = rng.choice(["relu", "tanh", "sigmoid"])
        elif kind.endswith("Pooling2D"):
            layer = {"type": kind, "pool_size": rng.randint(1, 3), "padding": rng.choice(["valid", "same"])}
            if rng.random() < 0.5:
                layer["strides"] = rng.randint(1, 3)
        elif kind == "ZeroPadding2D":
            layer = {"type": kind, "padding": [[rng.randint(0, 2), rng.randint(0, 2)], [rng.randint(0, 2), 1]]}
        elif kind == "BatchNormalization":
            layer = {"type": kind, "center": rng.random() < 0.7, "scale": rng.random() < 0.7}
        else:
            layer = {"type": kind}
        layers.append(layer)
    layers.append(rng.choice([{"type": "Flatten"}, {"type": "GlobalAveragePooling2D"}, {"type": "GlobalMaxPooling2D"}]))
    if rng.random() < 0.5:
        layers.append({"type": "Dropout", "rate": 0.25})
    layers.append({"type": "Dense", "units": rng.randint(1, 10), "activation": rng.choice([None, "softmax"])})
    return {"name": f"random {seed}", "input_shape": [size, size, rng.choice([1, 3])], "layers": layers}


@pytest.mark.parametrize("seed", range(30))
def test_random_stacks(seed):
    for attempt in range(20):  # a stack that shrank below 1 pixel is not a codegen question: draw again
        spec = parse_spec(random_stack(seed + 1000 * attempt))
        if summarize(spec, strict=False).ok:
            break
    assert_same_summary(run_code(keras_code(spec)), spec)


def test_most_random_stacks_are_possible():
    possible = sum(summarize(parse_spec(random_stack(seed)), strict=False).ok for seed in range(30))
    assert possible >= 20


@pytest.mark.parametrize("value, text", [
    (3, "3"), ((3, 5), "(3, 5)"), ((64, 64, 3), "(64, 64, 3)"), ((10,), "(10,)"), (1 / 255, "1 / 255"),
    (1 / 127.5, "1 / 127.5"), (0.1, "0.1"), (None, "None"), (True, "True"), ("relu", '"relu"'),
    ('a"b', '"a\\"b"'), (((1, 2), (0, 1)), "((1, 2), (0, 1))"),
])
def test_python_literals(value, text):
    assert py_value(value) == text
    assert eval(text) == value  # noqa: S307 - the literal reads back as the same value


def test_odd_model_name_still_runs():
    spec = parse_spec({"name": 'my "best"\\ model"""', "input_shape": [8, 8, 1],
                       "layers": [{"type": "Flatten"}, {"type": "Dense", "units": 2}]})
    model = run_code(keras_code(spec))
    assert model.name == "my__best___model___"
    assert model.count_params() == 130


def test_code_has_shape_comments_and_no_cnnviz_import():
    code = keras_code(load_preset("tinyvgg"))
    assert "cnnviz" not in code.split('"""')[2]  # the code runs without cnnviz installed
    assert 'keras.layers.Conv2D(filters=10, kernel_size=3, activation="relu", name="conv2d")(x)  # (62, 62, 10)' in code
    assert "# (1690,)" in code


def test_min_pooling_is_defined_in_the_code():
    spec = parse_spec({"name": "m", "input_shape": [6, 6, 1], "layers": [{"type": "MinPooling2D", "pool_size": 3}]})
    code = keras_code(spec)
    assert "class MinPooling2D(keras.layers.MaxPooling2D)" in code
    import numpy as np

    model = run_code(code)
    x = np.arange(36, dtype="float32").reshape(1, 6, 6, 1)
    assert model.predict(x, verbose=0)[0, :, :, 0].tolist() == [[0.0, 3.0], [18.0, 21.0]]


@pytest.mark.parametrize("name", list_presets())
def test_golden_code(name, golden):
    golden(f"codegen/{name}.py.txt", keras_code(load_preset(name)))
