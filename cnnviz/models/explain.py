"""Any built Keras model explained like a cnnviz spec: each layer's shape, parameters and MACs with formulas, checked against Keras.

`explain_model(model)` walks the graph (`cnnviz.models.graph.walk`: execution order, nested models
opened up, each shown first as one row with its total) and, for every layer type cnnviz knows,
computes the output shape, the parameter count (trainable and not) and the MACs with the same
formula functions as the spec calculators (`cnnviz.calc.shapes/params/cost`, turned into a
`LayerSpec` here). Keras is the oracle: each number is compared with Keras's own (``layer.weights``,
the node's output shape). Where ours would differ, the row takes Keras's number and names what
differed (`LayerRow.differs`); a type (or setting, e.g. ``data_format='channels_first'``) cnnviz
cannot explain gets Keras's numbers and ``explained=False`` ("no formula"). Never silently wrong.
A layer whose input size is unknown (``None``, e.g. ``keras.Input((None, None, 3))``) gets Keras's
numbers only.
Keras is imported inside the functions (through `graph`).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from math import prod

from cnnviz.calc import cost
from cnnviz.calc.formula import Formula, Sym
from cnnviz.calc.layer_types import LAYER_TYPES
from cnnviz.calc.params import ParamCount, dense_params, layer_params
from cnnviz.calc.shapes import LayerShape, layer_output
from cnnviz.calc.specs import LayerSpec
from cnnviz.errors import SettingError
from cnnviz.models import graph

MERGE = ("Add", "Subtract", "Multiply", "Average", "Maximum", "Minimum")
# Layers that pass their input's shape through and hold no weights (at inference).
PASS_THROUGH = ("SpatialDropout2D", "GaussianNoise", "GaussianDropout", "AlphaDropout", "ActivityRegularization",
                "Identity", "RandomContrast", "RandomBrightness", "RandomTranslation", "ELU", "ThresholdedReLU")
RESIZE = ("Resizing", "CenterCrop", "RandomCrop")


@dataclass
class LayerRow:
    """One call of a layer: Keras's numbers (always) and cnnviz's formulas (when it can explain them)."""

    name: str
    type: str
    key: str  # unique path, e.g. "sequential_1/model1/Conv1"
    depth: int  # 0 for the model's own layers, 1 inside a nested model, …
    container: bool  # a nested model's row: its numbers are the sum of the rows below it
    input_shapes: list[tuple]
    output_shape: tuple  # without the batch dimension (Keras's; None for an unknown size)
    connected_to: list[str]
    params: int
    trainable: int
    non_trainable: int
    macs: int | None  # None: not known (no formula)
    activation_bytes: int | None
    shape_formulas: list[Formula] = field(default_factory=list)
    params_formula: Formula | None = None
    macs_formula: Formula | None = None
    padding: tuple | None = None
    explained: bool = True
    differs: tuple[str, ...] = ()  # what our formula got wrong ('output_shape', 'params', 'trainable')
    shared: bool = False  # a second call of a layer: its weights are counted on its first row
    ours: dict = field(default_factory=dict)  # our numbers where they differ from Keras's (shown, never used)

    @property
    def status(self) -> str:
        """'container', 'shared', 'differs', 'no_formula' or 'ok'."""
        if self.container:
            return "container"
        if self.differs:
            return "differs"
        if not self.explained:
            return "no_formula"
        return "shared" if self.shared else "ok"

    @property
    def status_key(self) -> str | None:
        """An i18n key (cnnviz.i18n.models) the page translates for the row's note; None when all is plain."""
        return None if self.status == "ok" else f"models.status.{self.status}"

    @property
    def formulas(self) -> list[Formula]:
        return [*self.shape_formulas, *(f for f in (self.params_formula, self.macs_formula) if f is not None)]


@dataclass
class Ours:
    shape: LayerShape | None
    params: ParamCount | None
    macs: Formula | None = None


def _int_shape(tensor) -> tuple:
    return tuple(None if d is None else int(d) for d in tensor.shape[1:])


def keras_counts(layer) -> tuple[int, int, int]:
    """(total, trainable, non-trainable) parameters as Keras counts them (``layer.weights``)."""
    trainable = sum(prod(int(d) for d in w.shape) for w in getattr(layer, "trainable_weights", []))
    frozen = sum(prod(int(d) for d in w.shape) for w in getattr(layer, "non_trainable_weights", []))
    return trainable + frozen, trainable, frozen


def _channels_last(layer) -> bool:
    return getattr(layer, "data_format", "channels_last") == "channels_last"


def _spec(layer, kind: str, shape: tuple) -> LayerSpec | None:
    """The layer as a cnnviz `LayerSpec`, or None when a setting is outside what the formulas cover."""
    family = LAYER_TYPES[kind]["family"]
    if not _channels_last(layer):
        return None
    if family in ("conv", "depthwise", "separable"):
        if getattr(layer, "groups", 1) != 1 or layer.padding not in ("valid", "same") or len(shape) != 3:
            return None
        args = {"kernel_size": tuple(layer.kernel_size), "strides": tuple(layer.strides), "padding": layer.padding,
                "dilation_rate": tuple(layer.dilation_rate), "use_bias": bool(layer.use_bias)}
        if family != "depthwise":
            args["filters"] = int(layer.filters)
        if family != "conv":
            args["depth_multiplier"] = int(layer.depth_multiplier)
    elif family == "pool":
        if len(shape) != 3:
            return None
        args = {"pool_size": tuple(layer.pool_size), "strides": tuple(layer.strides), "padding": layer.padding}
    elif family == "global_pool":
        if getattr(layer, "keepdims", False) or len(shape) != 3:
            return None
        args = {}
    elif family == "zero_padding":
        args = {"padding": tuple(tuple(int(v) for v in p) for p in layer.padding)}
    elif family == "flatten":
        if len(shape) not in (1, 3):
            return None
        args = {}
    elif family == "dense":
        if len(shape) != 1:
            return None
        args = {"units": int(layer.units), "use_bias": bool(layer.use_bias)}
    elif family == "batchnorm":
        axis = layer.axis if isinstance(layer.axis, int) else (layer.axis[0] if len(layer.axis) == 1 else None)
        if axis not in (-1, len(shape)):
            return None
        args = {"center": bool(layer.center), "scale": bool(layer.scale)}
    else:
        args = {}
    return LayerSpec(index=0, type=kind, name=layer.name, args=args)


def _from_calc(layer, kind: str, shape: tuple) -> Ours | None:
    """Shape, parameters and MACs from cnnviz.calc, the spec calculators' own functions."""
    spec = _spec(layer, kind, shape)
    if spec is None:
        return None
    out = layer_output(spec, shape)
    count = layer_params(spec, shape)
    return Ours(out, count, cost.layer_macs(spec, shape, out.shape))


def _channel_sum(shapes: list[tuple]) -> Ours | None:
    """Concatenate on the channel axis: C_out = C_1 + C_2 + …, the other dimensions equal."""
    if len({s[:-1] for s in shapes}) != 1:
        return None
    expr = Sym("C_1", shapes[0][-1], "C_{1}")
    for i, s in enumerate(shapes[1:], start=2):
        expr = expr + Sym(f"C_{i}", s[-1], f"C_{{{i}}}")
    f = Formula("C_out", expr, "C_{out}")
    return Ours(LayerShape((*shapes[0][:-1], f.value), [f]), ParamCount(0, 0, 0))


def _other(layer, kind: str, shapes: list[tuple]) -> Ours | None:
    """Layer types outside the spec table whose rule is one line (merges, resizing, normalisation, …)."""
    shape = shapes[0]
    none = ParamCount(0, 0, 0)
    if kind in MERGE:
        return Ours(LayerShape(shape), none) if len(set(shapes)) == 1 else None
    if kind == "Concatenate":
        return _channel_sum(shapes) if layer.axis in (-1, len(shape)) else None
    if kind in PASS_THROUGH:
        return Ours(LayerShape(shape), none)
    if not _channels_last(layer) or len(shape) != 3:
        return None
    h, w, c = shape
    if kind in RESIZE:
        return Ours(LayerShape((int(layer.height), int(layer.width), c)), none)
    if kind == "Cropping2D":
        (top, bottom), (left, right) = layer.cropping
        fs = [Formula("H_out", Sym("H", h) - Sym("c_top", top) - Sym("c_bottom", bottom), "H_{out}"),
              Formula("W_out", Sym("W", w) - Sym("c_left", left) - Sym("c_right", right), "W_{out}")]
        return Ours(LayerShape((fs[0].value, fs[1].value, c), fs), none)
    if kind == "UpSampling2D":
        fs = [Formula("H_out", Sym("H", h) * Sym("s_h", layer.size[0]), "H_{out}"),
              Formula("W_out", Sym("W", w) * Sym("s_w", layer.size[1]), "W_{out}")]
        return Ours(LayerShape((fs[0].value, fs[1].value, c), fs), none)
    if kind == "Normalization" and _axes(layer.axis) in ((-1,), (len(shape),)):
        if not layer.weights:  # mean and variance given as constants: nothing stored
            return Ours(LayerShape(shape), none)
        f = Formula("params", 2 * Sym("C", c) + 1, r"\text{params}")  # mean, variance (C each) and the count
        return Ours(LayerShape(shape), ParamCount(f.value, 0, f.value, f))
    if kind == "LayerNormalization" and _axes(layer.axis) in ((-1,), (len(shape),)):
        f = Formula("params", (int(layer.center) + int(layer.scale)) * Sym("C", c), r"\text{params}")
        return Ours(LayerShape(shape), ParamCount(f.value, f.value, 0, f))
    return None


def _axes(axis) -> tuple:
    return (axis,) if isinstance(axis, int) else tuple(axis or ())


def _dense_on_maps(layer, shape: tuple) -> Ours:
    """Dense on a (…, N_in) input acts on the last axis at every position: (N_in + 1)·units weights, shared."""
    f = dense_params(shape[-1], int(layer.units), bool(layer.use_bias))
    positions = Sym("positions", prod(shape[:-1]))
    macs = Formula("MACs", positions * Sym("N_in", shape[-1], "N_{in}") * Sym("units", layer.units, r"\text{units}"),
                   r"\text{MACs}")
    return Ours(LayerShape((*shape[:-1], int(layer.units))), ParamCount(f.value, f.value, 0, f), macs)


def ours_for(layer, input_shapes: list[tuple]) -> Ours | None:
    """cnnviz's explanation of one call of `layer` on `input_shapes` (no batch), or None if it has none."""
    kind = layer.__class__.__name__
    if kind == "InputLayer":
        return Ours(LayerShape(tuple(input_shapes[0])), ParamCount(0, 0, 0))
    if not input_shapes or any(d is None for s in input_shapes for d in s):
        return None  # an input of unknown size (None): Keras's numbers only
    try:
        if kind in LAYER_TYPES and len(input_shapes) == 1:
            found = _from_calc(layer, kind, input_shapes[0])
            if found is None and kind == "Dense" and len(input_shapes[0]) > 1:
                found = _dense_on_maps(layer, input_shapes[0])
            return found
        return _other(layer, kind, input_shapes)
    except (SettingError, AttributeError, TypeError, ValueError):
        return None  # a setting our formulas refuse although Keras built it: Keras's numbers, flagged below


def explain_call(call: graph.Call, names: dict[str, str], counted: set[int]) -> LayerRow:
    """The row of one walked call: Keras's numbers, our formulas, and what (if anything) disagreed."""
    layer, node = call.layer, call.node
    is_input = call.type == "InputLayer"
    in_shapes = [_int_shape(t) for t in node.outputs] if is_input else [_int_shape(t) for t in node.input_tensors]
    out_shapes = [_int_shape(t) for t in node.outputs]
    shared = not call.container and id(layer) in counted
    counted.add(id(layer))
    total, trainable, frozen = (0, 0, 0) if shared else keras_counts(layer)
    row = LayerRow(name=layer.name, type=call.type, key=call.key, depth=call.depth, container=call.container,
                   input_shapes=in_shapes, output_shape=out_shapes[0] if out_shapes else (),
                   connected_to=[names.get(p, p) for p in call.parents], params=total, trainable=trainable,
                   non_trainable=frozen, macs=None, shared=shared, explained=False,
                   activation_bytes=None if is_input or any(d is None for s in out_shapes for d in s)
                   else sum(cost.activation_bytes(s) for s in out_shapes))
    ours = None if call.container else ours_for(layer, in_shapes)
    if ours is None:
        return row
    row.explained = True
    row.macs = ours.macs.value if ours.macs is not None else 0
    row.macs_formula = ours.macs
    differs = []
    if ours.shape is not None:
        if len(out_shapes) == 1 and tuple(ours.shape.shape) == out_shapes[0]:
            row.shape_formulas, row.padding = list(ours.shape.formulas), ours.shape.padding
        else:
            differs.append("output_shape")
            row.ours["output_shape"] = tuple(ours.shape.shape)
    if ours.params is not None and not shared:
        expect_trainable = ours.params.trainable if getattr(layer, "trainable", True) else 0
        if ours.params.total != total:
            differs.append("params")
            row.ours["params"] = ours.params.total
        elif expect_trainable != trainable:
            differs.append("trainable")
            row.ours["trainable"] = expect_trainable
        else:
            row.params_formula = ours.params.formula
    if "output_shape" in differs or "params" in differs:
        row.macs, row.macs_formula = None, None  # computed from a shape or count that Keras contradicts
    row.differs = tuple(differs)
    return row


def explain_model(model):
    """A `ModelSummary` of any built Keras model (Sequential or functional, nested models opened up)."""
    from cnnviz.models.report import ModelSummary

    calls = graph.walk(model)
    names = {c.key: c.layer.name for c in calls}
    counted: set[int] = set()
    rows = [explain_call(call, names, counted) for call in calls]
    return ModelSummary.from_rows(model, rows)
