"""A spec as the Keras Python code that builds it: copy, paste, run, and get the same model.

`keras_code(spec)` writes a functional model, ``keras.Input(shape=(H, W, C))`` through one line per
layer, with Keras's class and argument names and every layer's name spelled out (so the summary's
names match whatever else the Python session has built). Arguments equal to Keras's defaults are
left out, as a person would write them. `MinPooling2D`, which Keras does not have, is defined in the
code itself as −maxpool(−x), exactly as `cnnviz.models.layers` does. Pure Python: no TensorFlow.
"""
from __future__ import annotations

from cnnviz.models.build import _model_name  # the model name build_model gives, from one place
from cnnviz.calc.specs import Spec, layer_to_dict, parse_spec
from cnnviz.calc.summary import summarize

_MIN_POOLING = '''

class MinPooling2D(keras.layers.MaxPooling2D):
    """Min pooling: the smallest value of each window, computed as −maxpool(−x)."""

    def call(self, inputs):
        return -super().call(-inputs)
'''


def py_value(value) -> str:
    """A Python literal for an argument: tuples for pairs, ``1 / 255`` for the rescaling constant."""
    if isinstance(value, bool) or value is None:
        return repr(value)
    if isinstance(value, float):
        for denominator in (255, 127.5):
            if value != 0 and abs(value * denominator - round(value * denominator)) < 1e-12 \
                    and round(value * denominator) == 1:
                return f"1 / {denominator:g}"
        return repr(value)
    if isinstance(value, (list, tuple)):
        items = ", ".join(py_value(v) for v in value)
        return f"({items},)" if len(value) == 1 else f"({items})"
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return repr(value)


def layer_call(layer) -> str:
    """``keras.layers.Conv2D(filters=32, kernel_size=3, activation="relu", name="conv2d")``."""
    entry = layer_to_dict(layer, explicit_name=True)
    kind = entry.pop("type")
    name = entry.pop("name")
    if layer.family == "pool" and "pool_size" not in entry:
        # Keras 3's AveragePooling2D has no default pool_size (MaxPooling2D does): always say it.
        entry = {"pool_size": layer.args["pool_size"][0] if len(set(layer.args["pool_size"])) == 1
                 else layer.args["pool_size"], **entry}
    args = [f"{key}={py_value(value)}" for key, value in entry.items()]
    args.append(f"name={py_value(name)}")
    cls = kind if kind == "MinPooling2D" else f"keras.layers.{kind}"
    return f"{cls}({', '.join(args)})"


def keras_code(spec: Spec | dict, hidden: frozenset[int] | set[int] = frozenset()) -> str:
    """Python source that builds `spec` as ``model`` (a `keras.Model`) and prints its summary.

    Each line ends with the layer's output shape as a comment, except the layers in `hidden` (by
    index), whose shape the learner is still predicting: their comment is ``# (?)``.
    """
    if isinstance(spec, dict):
        spec = parse_spec(spec)
    title = spec.name.replace('"""', "'''").replace("\\", "/")
    lines = [f'"""{title}: exported by cnnviz. Run it as is to build the model and print its summary."""',
             "import keras"]
    if any(layer.type == "MinPooling2D" for layer in spec.layers):
        lines.append(_MIN_POOLING.rstrip("\n"))
    lines += ["", "", f"inputs = keras.Input(shape={py_value(tuple(spec.input_shape))}, name=\"input\")", "x = inputs"]
    for i, row in enumerate(summarize(spec, strict=False).rows):
        shape = "(?)" if i in hidden else "?" if row.output_shape is None else py_value(row.output_shape)
        lines.append(f"x = {layer_call(row.layer)}(x)  # {shape}")
    lines += [f"model = keras.Model(inputs, x, name={py_value(_model_name(spec.name))})", "model.summary()", ""]
    return "\n".join(lines)

