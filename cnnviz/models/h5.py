"""Keras 2 / tf.keras HDF5 model files (.h5, e.g. Teachable Machine's keras_model.h5) opened by Keras 3 without running code.

The architecture is JSON in the file's ``model_config`` attribute, the weights sit in ``model_weights``.
`read_config` reads that JSON with h5py alone (Keras does not see the file yet); it is checked for
code (`cnnviz.models.scan.refuse_code`: Lambda layers, TensorFlow op layers) and `keras2_fixes`
rewrites what tf.keras 2.x wrote but Keras 3 refuses:

* ``DepthwiseConv2D`` configs carry ``groups: 1`` (keras-team/keras#19151): dropped when 1, refused otherwise;
* a nested functional model lists its one input and output as ``[["input_1", 0, 0]]``; Keras 3 then
  returns a list, and a Sequential holding the model breaks ("expects 1 input(s), received 2"):
  unwrapped to ``["input_1", 0, 0]``.

The fixed JSON is written into the private copy of the upload and Keras 3 loads it with
``safe_mode=True``. Keras and h5py are imported inside the functions.
"""
from __future__ import annotations

import copy
import json
import re

from cnnviz.errors import SettingError
from cnnviz.models.scan import nodes, parse_config, refuse_code

SIGNATURE = b"\x89HDF\r\n\x1a\n"
MODEL_CLASSES = ("Functional", "Model")
_TM_DENSE = re.compile(r"^dense_Dense\d+$")


def is_hdf5(data: bytes) -> bool:
    """True for an HDF5 file (Keras writes the signature at offset 0)."""
    return bytes(data[:8]) == SIGNATURE


def read_config(path: str) -> dict:
    """The ``model_config`` JSON of a Keras .h5 file, read with h5py only; `SettingError` when there is none."""
    import h5py

    try:
        with h5py.File(path, "r") as f:
            raw = f.attrs.get("model_config")
            weights_only = "layer_names" in f.attrs or "layers" in f or "vars" in f
    except (OSError, KeyError, ValueError, TypeError, RuntimeError):
        raise SettingError("models.err.h5_unreadable") from None
    if raw is None:
        raise SettingError("models.err.h5_weights_only" if weights_only else "models.err.h5_no_model")
    if not isinstance(raw, (bytes, str)):
        raise SettingError("models.err.h5_no_model")
    config = parse_config(raw, "models.err.h5_no_model")
    if not isinstance(config.get("class_name"), str) or not isinstance(config.get("config"), dict):
        raise SettingError("models.err.h5_no_model")
    return config


def keras2_fixes(config: dict) -> dict:
    """A copy of a tf.keras 2.x config that Keras 3 accepts (see the module docstring); refuses grouped depthwise."""
    fixed = copy.deepcopy(config)
    for node in nodes(fixed):
        kind, inner = node.get("class_name"), node.get("config")
        if not isinstance(inner, dict):
            continue
        if kind == "DepthwiseConv2D" and "groups" in inner:
            if inner["groups"] not in (1, None):
                raise SettingError("models.err.groups", name=str(inner.get("name", "?"))[:40], groups=str(inner["groups"])[:10])
            del inner["groups"]
        if kind in MODEL_CLASSES:
            for key in ("input_layers", "output_layers"):
                value = inner.get(key)
                if isinstance(value, list) and len(value) == 1 and _is_tensor_ref(value[0]):
                    inner[key] = value[0]
    return fixed


def _is_tensor_ref(value) -> bool:
    return isinstance(value, list) and len(value) == 3 and isinstance(value[0], str)


def looks_like_teachable_machine(config: dict) -> bool:
    """Teachable Machine's image export: a functional 'model1' inside and Dense layers named dense_Dense1, …

    Its Python sample feeds ``(pixels / 127.5) − 1``: the model takes pixels in [−1, 1].
    """
    names = [n["config"].get("name") for n in nodes(config) if isinstance(n.get("config"), dict)]
    return "model1" in names and any(isinstance(n, str) and _TM_DENSE.match(n) for n in names)


def load_h5(path: str, custom_objects: dict | None = None):
    """(keras.Model, info) from the private copy of an .h5 upload at `path` (the copy is rewritten in place).

    info holds ``input_range`` [−1, 1] for a Teachable Machine export and the file's ``keras_version``.
    """
    import h5py
    import keras

    config = read_config(path)
    refuse_code(config)
    fixed = keras2_fixes(config)
    info: dict = {"format": "h5"}
    if looks_like_teachable_machine(config):
        info.update(input_range=[-1.0, 1.0], source="teachable_machine")
    try:
        with h5py.File(path, "r+") as f:
            version = f.attrs.get("keras_version")
            if isinstance(version, (bytes, str)):
                info["keras_version"] = (version.decode("utf-8", "replace") if isinstance(version, bytes) else version)[:20]
            if fixed != config:
                f.attrs["model_config"] = json.dumps(fixed).encode("utf-8")
    except (OSError, KeyError, ValueError, TypeError, RuntimeError):
        raise SettingError("models.err.h5_unreadable") from None
    try:
        model = keras.saving.load_model(path, custom_objects=custom_objects, compile=False, safe_mode=True)
    except Exception as err:  # an untrusted file: whatever Keras raises means "cannot load this"
        from cnnviz.models.files import short_reason

        raise SettingError("network.err.unreadable", reason=short_reason(err)) from None
    return model, info
