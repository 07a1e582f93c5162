"""Architecture specs: JSON with Keras class and argument names, checked and normalised, no TensorFlow.

A spec is ``{"name": ..., "input_shape": [H, W, C], "layers": [{"type": "Conv2D", "filters": 32,
"kernel_size": 3, ...}, ...]}``. `parse_spec` turns it into a `Spec` of `LayerSpec`s whose
arguments are normalised the way Keras normalises them (ints become (h, w) pairs, pooling
strides default to the pool size), or raises `SettingError` naming the layer (index from 0,
and type), the argument and what to change. The layer types and their arguments are the table
in `cnnviz.calc.layer_types`. The same `Spec` feeds the calculators (`cnnviz.calc.summary`) and the Keras
builder (`cnnviz.models.build`).
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from cnnviz.errors import SettingError
from cnnviz.calc.layer_types import ACTIVATIONS, ANY_LAYER, KERAS_NAMES, LAYER_TYPES, PADDING_MODE, PAIR, REQUIRED

# Limits that keep a hostile spec (huge, deeply nested) from costing the server anything.
MAX_SPEC_BYTES = 200_000
MAX_LAYERS = 200
MAX_DEPTH = 8
MAX_DIM = 100_000

@dataclass(frozen=True)
class LayerSpec:
    """One layer: its position, Keras class name, Keras layer name and normalised arguments."""

    index: int
    type: str
    name: str
    args: dict = field(hash=False)

    @property
    def family(self) -> str:
        return LAYER_TYPES[self.type]["family"]

    def __getitem__(self, key):
        return self.args[key]

    def label(self) -> str:
        return f"layer {self.index} ({self.type})"


@dataclass(frozen=True)
class Spec:
    name: str
    input_shape: tuple[int, int, int]
    layers: tuple[LayerSpec, ...]
    source: str = ""
    description: str = ""

    def to_dict(self) -> dict:
        """The JSON form, with Keras argument names; only non-default arguments are written."""
        out: dict[str, Any] = {"name": self.name, "input_shape": list(self.input_shape)}
        if self.source:
            out["source"] = self.source
        if self.description:
            out["description"] = self.description
        counts: dict[str, int] = {}
        layers = []
        for layer in self.layers:
            # An auto-named layer is written without its name, so parsing gives it back the same.
            implicit = layer.name == auto_name(layer.type, dict(counts))
            if implicit:
                auto_name(layer.type, counts)
            layers.append(layer_to_dict(layer, explicit_name=not implicit))
        out["layers"] = layers
        return out


def auto_name(kind: str, counts: dict[str, int]) -> str:
    """Keras's automatic layer name: conv2d, conv2d_1, … (`counts` is updated)."""
    base = KERAS_NAMES[kind]
    n = counts.get(base, 0)
    counts[base] = n + 1
    return base if n == 0 else f"{base}_{n}"


def layer_to_dict(layer: LayerSpec, explicit_name: bool = True) -> dict:
    entry: dict[str, Any] = {"type": layer.type}
    if explicit_name:
        entry["name"] = layer.name
    for key, value in layer.args.items():
        rule = LAYER_TYPES[layer.type]["args"][key]
        default = rule["default"]
        if default is not REQUIRED and _normalize_value(key, default, rule, None) == value:
            continue
        if key == "strides" and layer.family == "pool" and value == layer.args["pool_size"]:
            continue  # the pooling default: strides = pool_size
        if isinstance(value, tuple):
            value = [list(v) if isinstance(v, tuple) else v for v in value]
            if len(value) == 2 and value[0] == value[1] and not isinstance(value[0], list):
                value = value[0]
        entry[key] = value
    return entry


# ---------------------------------------------------------------------------------------------
# Parsing


def load_spec(text: str | bytes) -> Spec:
    """Parse JSON text (from a file, an upload or a text box) into a checked `Spec`."""
    if isinstance(text, bytes):
        if len(text) > MAX_SPEC_BYTES:
            raise SettingError("spec.too_big", size=len(text), limit=MAX_SPEC_BYTES)
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError:
            raise SettingError("spec.not_utf8") from None
    if len(text) > MAX_SPEC_BYTES:
        raise SettingError("spec.too_big", size=len(text), limit=MAX_SPEC_BYTES)
    _check_depth(text)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        raise SettingError("spec.bad_json", line=err.lineno, column=err.colno, reason=err.msg) from None
    return parse_spec(data)


def _check_depth(text: str) -> None:
    """Refuse deeply nested JSON before parsing it (json.loads would recurse on it)."""
    depth = deepest = 0
    in_string = escaped = False
    for ch in text:
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
            deepest = max(deepest, depth)
            if deepest > MAX_DEPTH:
                raise SettingError("spec.too_deep", limit=MAX_DEPTH)
        elif ch in "]}":
            depth -= 1


def parse_spec(data: Any) -> Spec:
    """Check a spec dict and normalise every layer's arguments."""
    if not isinstance(data, dict):
        raise SettingError("spec.not_object")
    unknown = sorted(set(data) - {"name", "input_shape", "layers", "source", "description"})
    if unknown:
        raise SettingError("spec.unknown_key", key=unknown[0])
    shape = data.get("input_shape")
    if (not isinstance(shape, (list, tuple)) or len(shape) != 3
            or not all(_is_int(v) and 1 <= v <= MAX_DIM for v in shape)):
        raise SettingError("spec.input_shape", value=_show(shape))
    layers = data.get("layers")
    if not isinstance(layers, list) or not layers:
        raise SettingError("spec.no_layers")
    if len(layers) > MAX_LAYERS:
        raise SettingError("spec.too_many_layers", count=len(layers), limit=MAX_LAYERS)
    parsed = []
    counts: dict[str, int] = {}
    for index, raw in enumerate(layers):
        layer = parse_layer(raw, index, counts)
        parsed.append(layer)
    names = [layer.name for layer in parsed]
    for i, name in enumerate(names):
        if name in names[:i]:
            raise SettingError("spec.duplicate_name", index=i, type=parsed[i].type, name=name)
    text_fields = {}
    for key in ("name", "source", "description"):
        value = data.get(key, "")
        if not isinstance(value, str) or len(value) > 2000:
            raise SettingError("spec.bad_text", key=key)
        text_fields[key] = value
    return Spec(name=text_fields["name"] or "model", input_shape=tuple(int(v) for v in shape),
                layers=tuple(parsed), source=text_fields["source"], description=text_fields["description"])


def parse_layer(raw: Any, index: int, counts: dict[str, int] | None = None) -> LayerSpec:
    """One layer dict → `LayerSpec`; `counts` numbers auto names as Keras does (conv2d, conv2d_1, …)."""
    if not isinstance(raw, dict) or "type" not in raw:
        raise SettingError("spec.layer_not_object", index=index)
    kind = raw["type"]
    if not isinstance(kind, str) or kind not in LAYER_TYPES:
        raise SettingError("spec.unknown_layer", index=index, type=_show(kind), known=", ".join(LAYER_TYPES))
    rules = {**LAYER_TYPES[kind]["args"], **ANY_LAYER}
    for key in raw:
        if key != "type" and key not in rules:
            hint = "spec.unknown_arg_input_shape" if key == "input_shape" else "spec.unknown_arg"
            raise SettingError(hint, index=index, type=kind, arg=_show(key), allowed=", ".join(rules))
    args = {}
    for key, rule in LAYER_TYPES[kind]["args"].items():
        if key in raw:
            value = raw[key]
        elif rule["default"] is REQUIRED:
            raise SettingError("spec.missing_arg", index=index, type=kind, arg=key)
        else:
            value = rule["default"]
        args[key] = _normalize_value(key, value, rule, (index, kind))
    if kind in ("MaxPooling2D", "AveragePooling2D", "MinPooling2D") and args["strides"] is None:
        args["strides"] = args["pool_size"]  # Keras: pooling strides default to the pool size
    name = raw.get("name")
    if name is None:
        name = auto_name(kind, {} if counts is None else counts)
    elif not isinstance(name, str) or not name or len(name) > 64 or not all(c.isalnum() or c in "_-." for c in name):
        raise SettingError("spec.bad_name", index=index, type=kind)
    return LayerSpec(index=index, type=kind, name=name, args=args)


def _is_int(v) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def _is_number(v) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool) and v == v and abs(v) != float("inf")


def _show(v) -> str:
    text = repr(v)
    return text if len(text) <= 40 else text[:37] + "..."


def _normalize_value(key: str, value: Any, rule: dict, where: tuple[int, str] | None):
    """Normalise one argument the way Keras does, or raise a sentence naming the layer."""
    index, kind = where if where else (-1, "?")
    k = rule["kind"]

    def fail(msg_key, **extra):
        raise SettingError(msg_key, index=index, type=kind, arg=key, value=_show(value), **extra)

    if k == "int" or (k == "int_or_none" and value is not None):
        if not _is_int(value) or value < rule["min"] or value > MAX_DIM:
            fail("spec.bad_int", min=rule["min"])
        return int(value)
    if k in ("int_or_none", "float_or_none") and value is None:
        return None
    if k in ("float", "float_or_none"):
        if not _is_number(value) or not rule["lo"] <= value <= rule["hi"]:
            fail("spec.bad_float", lo=rule["lo"], hi=rule["hi"])
        return float(value)
    if k == "bool":
        if not isinstance(value, bool):
            fail("spec.bad_bool")
        return value
    if k == "pair_or_none" and value is None:
        return None
    if k in (PAIR, "pair_or_none"):
        pair = (value, value) if _is_int(value) else tuple(value) if isinstance(value, (list, tuple)) else None
        if pair is None or len(pair) != 2 or not all(_is_int(v) for v in pair):
            fail("spec.bad_pair")
        if min(pair) < 1 or max(pair) > MAX_DIM:
            fail("spec.pair_too_small")
        return (int(pair[0]), int(pair[1]))
    if k == PADDING_MODE:
        if value not in ("valid", "same"):
            fail("spec.bad_padding")
        return value
    if k == "zero_padding":
        return _zero_padding(value, fail)
    if k == "activation":
        if value is None:
            return None
        if value not in ACTIVATIONS:
            fail("spec.bad_activation", choices=", ".join(ACTIVATIONS))
        return value
    if k == "choice":
        if value not in rule["choices"]:
            fail("spec.bad_choice", choices=", ".join(rule["choices"]))
        return value
    if k == "name":
        return value
    raise AssertionError(f"unknown argument kind {k}")


def _zero_padding(value, fail):
    """Keras's three forms: p, (p_h, p_w), ((top, bottom), (left, right)) → ((t, b), (l, r))."""
    if _is_int(value):
        pads = ((value, value), (value, value))
    elif isinstance(value, (list, tuple)) and len(value) == 2 and all(_is_int(v) for v in value):
        pads = ((value[0], value[0]), (value[1], value[1]))
    elif (isinstance(value, (list, tuple)) and len(value) == 2
          and all(isinstance(v, (list, tuple)) and len(v) == 2 and all(_is_int(x) for x in v) for v in value)):
        pads = (tuple(value[0]), tuple(value[1]))
    else:
        fail("spec.bad_zero_padding")
    if min(min(p) for p in pads) < 0:
        fail("spec.negative_padding")
    if max(max(p) for p in pads) > MAX_DIM:
        fail("spec.bad_zero_padding")
    return (tuple(int(v) for v in pads[0]), tuple(int(v) for v in pads[1]))
