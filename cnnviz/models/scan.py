"""A model file's config read as plain JSON before Keras sees it: anything that would run code from the file is refused.

Both formats keep the architecture as JSON (``config.json`` in a .keras zip, the ``model_config``
attribute of a Keras 2 .h5). `parse_config` reads it with size limits; `refuse_code` looks through
every nested layer and model for what carries Python code: a ``Lambda`` layer (Keras 3 stores its
function as ``{"class_name": "__lambda__", "config": {"code": …}}``, Keras 2 as marshalled bytes with
a ``function_type``), and TensorFlow op layers (``TFOpLambda``, ``SlicingOpLambda``,
``TensorFlowOpLayer``) that call functions named in the file. Pure Python.
"""
from __future__ import annotations

import json

from cnnviz.errors import SettingError

MAX_CONFIG_BYTES = 20 * 1024 * 1024  # a large classroom model's config is a few hundred kB
MAX_DEPTH = 200  # nested dicts and lists; Keras configs of nested models are ~20 deep
LAMBDA_CLASSES = {"Lambda", "__lambda__"}
OP_CLASSES = {"TFOpLambda", "SlicingOpLambda", "TensorFlowOpLayer"}
CODE_KEYS = {"function_type", "output_shape_type"}  # Keras 2 Lambda: the function is marshalled bytecode


def parse_config(text: bytes | str, bad_key: str) -> dict:
    """The config JSON as a dict, or `SettingError(bad_key)` when it is not a JSON object of a sane size."""
    if isinstance(text, (bytes, bytearray)):
        if len(text) > MAX_CONFIG_BYTES:
            raise SettingError("models.err.config_too_big", limit_mb=MAX_CONFIG_BYTES // 2**20)
        try:
            text = bytes(text).decode("utf-8")
        except UnicodeDecodeError:
            raise SettingError(bad_key) from None
    if len(text) > MAX_CONFIG_BYTES:
        raise SettingError("models.err.config_too_big", limit_mb=MAX_CONFIG_BYTES // 2**20)
    try:
        config = json.loads(text)
    except (ValueError, RecursionError):
        raise SettingError(bad_key) from None
    if not isinstance(config, dict) or depth(config) > MAX_DEPTH:
        raise SettingError(bad_key)
    return config


def depth(node) -> int:
    """How deeply dicts and lists nest in `node` (iterative: a hostile file cannot exhaust the stack)."""
    deepest, stack = 0, [(node, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict):
            deepest = max(deepest, level)
            stack.extend((v, level + 1) for v in item.values())
        elif isinstance(item, list):
            deepest = max(deepest, level)
            stack.extend((v, level + 1) for v in item)
    return deepest


def nodes(config):
    """Every dict in the config, depth first (iterative)."""
    stack = [config]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            yield item
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)


def class_names(config) -> set[str]:
    """Every ``class_name`` in a Keras config (layers nest inside models)."""
    return {n["class_name"] for n in nodes(config) if isinstance(n.get("class_name"), str)}


def refuse_code(config) -> None:
    """Raise `SettingError` when the config holds a layer that would run code from the file."""
    for node in nodes(config):
        kind = node.get("class_name")
        if kind in LAMBDA_CLASSES or CODE_KEYS & node.keys() or isinstance(node.get("code"), str):
            raise SettingError("network.err.lambda")
        if kind in OP_CLASSES:
            raise SettingError("models.err.op_layer", type=kind)
