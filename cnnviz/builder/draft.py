"""The architecture builder's model: a list of layer dicts, edited step by step, and read back as a table.

A draft is what the learner is building: a name, an input shape ``(H, W, C)`` and a list of layer
dicts in the spec's JSON form (``{"type": "Conv2D", "filters": 8, "kernel_size": 3}``). The editing
operations (`add_layer`, `remove_layer`, `move_layer`, `edit_layer`, `change_type`) return a new list
and never fail. `evaluate(draft)` checks every layer with `cnnviz.calc.specs` and sizes it with
`cnnviz.calc.summary`: the first layer that is malformed or impossible carries the reason, the layers
before it keep their numbers, and the totals add up what could be computed (`cnnviz.builder.answers`
checks a learner's prediction of them). Pure Python: no TensorFlow, no Streamlit.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from cnnviz.errors import SettingError
from cnnviz.calc.formula import Formula
from cnnviz.calc.specs import LAYER_TYPES, REQUIRED, Spec, parse_layer, parse_spec
from cnnviz.calc.summary import Row, Summary, summarize

# What a new layer of each type starts with: the required arguments, at values a beginner would pick.
STARTERS: dict[str, dict[str, Any]] = {
    "Conv2D": {"filters": 8, "kernel_size": 3, "activation": "relu"},
    "DepthwiseConv2D": {"kernel_size": 3},
    "SeparableConv2D": {"filters": 8, "kernel_size": 3, "activation": "relu"},
    "Dense": {"units": 10},
    "Dropout": {"rate": 0.2},
    "Activation": {"activation": "relu"},
    "Rescaling": {"scale": 1 / 255},
    "RandomRotation": {"factor": 0.1},
    "RandomZoom": {"height_factor": 0.1},
}
SHAPE_FORMULAS_EXCLUDE = ("params", "MACs")  # the summary row's other formulas are about the output shape


@dataclass(frozen=True)
class Argument:
    """One argument a layer type takes, for building its editor widget."""

    name: str
    kind: str  # int, int_or_none, float, float_or_none, bool, pair, pair_or_none, padding_mode, zero_padding, activation, choice
    default: Any  # None when the argument is required
    required: bool
    minimum: float | None = None
    maximum: float | None = None
    choices: tuple = ()


def arguments(kind: str) -> list[Argument]:
    """The arguments of layer type `kind`, in Keras's order."""
    out = []
    for name, rule in LAYER_TYPES[kind]["args"].items():
        required = rule["default"] is REQUIRED
        out.append(Argument(name, rule["kind"], None if required else rule["default"], required,
                            rule.get("min", rule.get("lo")), rule.get("hi"), tuple(rule.get("choices", ()))))
    return out


def new_layer(kind: str) -> dict:
    """A fresh layer dict of type `kind` that parses as it is."""
    if kind not in LAYER_TYPES:
        raise SettingError("spec.unknown_layer", index=0, type=str(kind)[:40], known=", ".join(LAYER_TYPES))
    return {"type": kind, **STARTERS.get(kind, {})}


def add_layer(layers: list[dict], kind: str, at: int | None = None) -> list[dict]:
    """A copy of `layers` with a new `kind` layer inserted at position `at` (default: the end)."""
    out = [dict(layer) for layer in layers]
    at = len(out) if at is None else max(0, min(int(at), len(out)))
    out.insert(at, new_layer(kind))
    return out


def remove_layer(layers: list[dict], index: int) -> list[dict]:
    return [dict(layer) for i, layer in enumerate(layers) if i != index]


def move_layer(layers: list[dict], index: int, offset: int) -> list[dict]:
    """Swap layer `index` with its neighbour `offset` steps away (−1 up, +1 down); out of range: unchanged."""
    out = [dict(layer) for layer in layers]
    target = index + offset
    if 0 <= index < len(out) and 0 <= target < len(out):
        out[index], out[target] = out[target], out[index]
    return out


def edit_layer(layers: list[dict], index: int, **changes) -> list[dict]:
    """Set arguments of layer `index`; a value equal to the default is dropped, as the spec writes it."""
    out = [dict(layer) for layer in layers]
    layer = out[index]
    rules = LAYER_TYPES.get(layer.get("type"), {"args": {}})["args"]
    for key, value in changes.items():
        if isinstance(value, tuple):
            value = [list(v) if isinstance(v, tuple) else v for v in value]
        rule = rules.get(key)
        is_default = rule is not None and rule["default"] is not REQUIRED and _same(value, rule["default"])
        if (value is None and (rule is None or rule["default"] is not REQUIRED)) or is_default:
            layer.pop(key, None)
        else:
            layer[key] = value
    return out


def _same(value, default) -> bool:
    if isinstance(value, list) and len(value) == 2 and value[0] == value[1] and not isinstance(value[0], list):
        value = value[0]
    return value == default and type(value) is type(default)


def change_type(layers: list[dict], index: int, kind: str) -> list[dict]:
    """Layer `index` becomes a `kind` layer, keeping its name and the arguments both types share."""
    out = [dict(layer) for layer in layers]
    old = out[index]
    fresh = new_layer(kind)
    shared = {k: v for k, v in old.items() if k in LAYER_TYPES[kind]["args"]}
    if "name" in old:
        shared["name"] = old["name"]
    out[index] = {**fresh, **shared, "type": kind}
    return out


# ---------------------------------------------------------------------------------------------
# Reading a draft


@dataclass
class Draft:
    name: str
    input_shape: tuple[int, int, int]
    layers: list[dict]
    source: str = ""
    description: str = ""

    def to_dict(self) -> dict:
        out = {"name": self.name or "model", "input_shape": list(self.input_shape), "layers": self.layers}
        out.update({k: v for k, v in (("source", self.source), ("description", self.description)) if v})
        return out

    @classmethod
    def from_spec(cls, spec: Spec) -> Draft:
        data = spec.to_dict()
        return cls(data["name"], tuple(data["input_shape"]), data["layers"], spec.source, spec.description)


@dataclass
class BuiltRow:
    """One line of the builder's table: the summary row when the layer parsed, else its raw dict and error."""

    index: int
    raw: dict
    name: str
    type: str
    row: Row | None = None
    error: SettingError | None = None

    def __getattr__(self, attr):  # output_shape, params, macs, … come from the summary row
        row = self.__dict__.get("row")
        if row is None or attr.startswith("_"):
            if attr in Row.__dataclass_fields__:
                return [] if attr == "formulas" else None
            raise AttributeError(attr)
        return getattr(row, attr)

    @property
    def shape_formulas(self) -> list[Formula]:
        return [f for f in self.formulas if f.name not in SHAPE_FORMULAS_EXCLUDE]

    @property
    def params_formula(self) -> Formula | None:
        return next((f for f in self.formulas if f.name == "params"), None)


@dataclass
class Evaluation:
    """A draft checked and sized: `spec` is None while any layer is malformed (then nothing can be exported)."""

    rows: list[BuiltRow]
    spec: Spec | None
    summary: Summary | None  # of the layers up to the first malformed one
    error: SettingError | None = None  # the first problem, malformed or impossible
    error_index: int | None = None
    totals: dict = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.error is None and bool(self.rows)


def evaluate(draft: Draft) -> Evaluation:
    """Parse every layer, then size the longest valid prefix; see the module docstring."""
    parsed, rows = [], []
    counts: dict[str, int] = {}
    first_error: SettingError | None = None
    for index, raw in enumerate(draft.layers):
        kind = raw.get("type", "?") if isinstance(raw, dict) else "?"
        if first_error is not None:
            rows.append(BuiltRow(index, raw, str(raw.get("name", "")) if isinstance(raw, dict) else "", str(kind)))
            continue
        try:
            layer = parse_layer(raw, index, counts)
            if layer.name in {p.name for p in parsed}:
                raise SettingError("spec.duplicate_name", index=index, type=layer.type, name=layer.name)
        except SettingError as err:
            first_error = err
            rows.append(BuiltRow(index, raw, str(raw.get("name", "")) if isinstance(raw, dict) else "", str(kind),
                                 error=err))
            continue
        parsed.append(layer)
        rows.append(BuiltRow(index, raw, layer.name, layer.type))
    summary = None
    if parsed:
        prefix = Spec(draft.name or "model", tuple(draft.input_shape), tuple(parsed), draft.source, draft.description)
        summary = summarize(prefix, strict=False)
        for built, row in zip(rows, summary.rows):
            built.row = row
            built.error = row.error
    spec = None
    if first_error is None and draft.layers:
        spec = parse_spec(draft.to_dict())
    error_row = next((r for r in rows if r.error is not None), None)
    totals = {}
    if summary is not None:
        totals = {"params": summary.total_params, "trainable": summary.trainable_params,
                  "non_trainable": summary.non_trainable_params, "macs": summary.total_macs,
                  "activation_bytes": summary.activation_bytes, "weight_bytes": summary.weight_bytes}
    return Evaluation(rows, spec, summary, error_row.error if error_row else None,
                      error_row.index if error_row else None, totals)


def layer_values(raw: dict, index: int = 0) -> dict:
    """Every argument of a layer dict with its value, normalised as the spec reads it (defaults filled in).

    A layer that does not parse (a bad name, say) still gives its raw values over the defaults, so
    the editor can show it and let the learner repair it.
    """
    kind = raw.get("type")
    for attempt in (raw, {k: v for k, v in raw.items() if k != "name"}):  # a bad name alone: the rest still parses
        try:
            return dict(parse_layer(attempt, index).args)
        except SettingError:
            continue
    values = {a.name: a.default for a in arguments(kind)} if kind in LAYER_TYPES else {}
    values.update({k: v for k, v in raw.items() if k in values})
    return values
