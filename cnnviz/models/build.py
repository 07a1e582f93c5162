"""Build the real Keras model a spec describes: the same spec the calculators read.

Keras is imported inside the functions, so importing this module stays cheap.
"""
from __future__ import annotations

from typing import Any

from cnnviz.calc.specs import Spec, parse_spec



def _layer_kwargs(layer) -> dict[str, Any]:
    kwargs = dict(layer.args)
    kwargs["name"] = layer.name
    if layer.type == "ZeroPadding2D":
        kwargs["padding"] = tuple(tuple(p) for p in kwargs["padding"])
    return kwargs


def build_layer(layer):
    """The Keras layer object for one `LayerSpec`."""
    import keras

    if layer.type == "MinPooling2D":
        from cnnviz.models.layers import MinPooling2D as cls
    else:
        cls = getattr(keras.layers, layer.type)
    return cls(**_layer_kwargs(layer))


def build_model(spec: Spec | dict, name: str | None = None):
    """A functional `keras.Model` from `keras.Input(shape=input_shape)` through every layer of `spec`."""
    import keras

    if isinstance(spec, dict):
        spec = parse_spec(spec)
    inputs = keras.Input(shape=spec.input_shape, name="input")
    x = inputs
    for layer in spec.layers:
        x = build_layer(layer)(x)
    return keras.Model(inputs, x, name=_model_name(name or spec.name))


def _model_name(name: str) -> str:
    cleaned = "".join(c if c.isalnum() or c in "_-" else "_" for c in name)
    return cleaned or "model"
