"""A question for the whole class, built from the explorer's or the architecture builder's current settings.

`from_explorer(settings, quantity, layer)` asks for the output shape or the parameter count of the
explorer's Conv2D (or pooling) layer; `from_architecture(spec, index, quantity)` of any layer of a
model. A `Question` carries what learners see (the input shape and the Keras lines up to the layer),
the right answer and its worked formulas from the calculators (`cnnviz.explorer.stage.check`,
`cnnviz.calc.summary`), and the mistaken answers of `cnnviz.classroom.mistakes`, so a wrong answer
is matched to the slip that produces it without computing anything again. It travels through the
database as JSON (`to_dict` / `from_dict`). Answers are read leniently (``30x30x8``, ``(30, 30,
8)``, ``1,234``) by the architecture builder's readers. Pure Python.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from cnnviz.builder.answers import parse_count_answer, parse_shape_answer
from cnnviz.builder.codegen import py_value
from cnnviz.calc.formula import Formula
from cnnviz.calc.shapes import format_shape, layer_output
from cnnviz.calc.specs import LayerSpec, Spec, layer_to_dict
from cnnviz.calc.summary import summarize
from cnnviz.classroom.mistakes import Mistake, Window, conv_param_mistakes, diagnose, param_mistakes, shape_mistakes
from cnnviz.errors import SettingError

QUANTITIES = ("output_shape", "params")
SOURCES = ("explorer", "architecture")
EXPLORER_LAYERS = ("conv", "pool")
WINDOW_FAMILIES = ("conv", "depthwise", "separable", "pool")
# Keras's own order of the arguments (Conv2D's signature first), so every prompt reads the same way.
ARGUMENT_ORDER = ("filters", "kernel_size", "pool_size", "strides", "padding", "dilation_rate", "depth_multiplier",
                  "units", "activation", "use_bias")


@dataclass(frozen=True)
class Question:
    """What the class is asked, the right answer with its worked formulas, and the mistaken answers."""

    quantity: str  # output_shape | params
    source: str  # explorer | architecture
    input_shape: tuple
    calls: tuple[str, ...]  # Keras lines from the input to the asked layer (the asked one last)
    layer: str  # the asked layer's Keras class, e.g. "Conv2D"
    expected: tuple | int
    formulas: tuple[tuple[str, str], ...] = ()  # (text, LaTeX) of the right formulas
    mistakes: tuple[Mistake, ...] = field(default=())

    def parse(self, text) -> tuple | int | None:
        """The learner's answer as a value, or None when it cannot be read."""
        return parse_shape_answer(text) if self.quantity == "output_shape" else parse_count_answer(text)

    def diagnose(self, value) -> Mistake | None:
        return diagnose(value, self.expected, list(self.mistakes))

    def to_dict(self) -> dict:
        return {"quantity": self.quantity, "source": self.source, "input_shape": list(self.input_shape),
                "calls": list(self.calls), "layer": self.layer, "expected": _jsonable(self.expected),
                "formulas": [list(f) for f in self.formulas], "mistakes": [m.to_dict() for m in self.mistakes]}

    @classmethod
    def from_dict(cls, d: dict) -> Question:
        return cls(d["quantity"], d["source"], tuple(d["input_shape"]), tuple(d["calls"]), d["layer"],
                   _value(d["expected"]), tuple(tuple(f) for f in d["formulas"]),
                   tuple(Mistake.from_dict(m) for m in d["mistakes"]))


def format_value(value) -> str:
    """One way to write an answer: '30 × 30 × 8' or '1,234'."""
    return format_shape(value) if isinstance(value, tuple) else f"{value:,}"


def _jsonable(value):
    return list(value) if isinstance(value, tuple) else value


def _value(value):
    return tuple(value) if isinstance(value, list) else value


def call_text(layer: LayerSpec) -> str:
    """``Conv2D(filters=8, kernel_size=3, strides=1, padding="valid")``: Keras's arguments, the window's always spelled out."""
    entry = {k: v for k, v in layer_to_dict(layer, explicit_name=False).items() if k != "type"}
    if layer.family == "pool":
        entry = {"pool_size": _short(layer["pool_size"]), **entry}
    if layer.family in WINDOW_FAMILIES:
        for key in ("strides", "padding"):
            entry.setdefault(key, _short(layer.args[key]))
    if layer.family == "zero_padding":
        entry["padding"] = _short(tuple(v for pair in layer["padding"] for v in pair))
    order = sorted(entry, key=lambda k: ARGUMENT_ORDER.index(k) if k in ARGUMENT_ORDER else len(ARGUMENT_ORDER))
    return f"{layer.type}({', '.join(f'{k}={py_value(entry[k])}' for k in order)})"


def _short(value):
    """(2, 2) → 2, as a person writes a square window; anything else as it is."""
    return value[0] if isinstance(value, tuple) and len(set(value)) == 1 else value


def _formulas(formulas) -> tuple[tuple[str, str], ...]:
    return tuple((f.text(), f.latex()) for f in formulas if isinstance(f, Formula))


def _check_quantity(quantity: str) -> None:
    if quantity not in QUANTITIES:
        raise SettingError("class.err.quantity", known=", ".join(QUANTITIES))


def from_explorer(settings, quantity: str = "output_shape", layer: str = "conv") -> Question:
    """A question about the explorer's stage as `settings` (a `Settings` or its values) set it up."""
    from cnnviz.explorer.settings import Settings
    from cnnviz.explorer.stage import check, distinct, stage_spec

    _check_quantity(quantity)
    if layer not in EXPLORER_LAYERS:
        raise SettingError("class.err.layer", most=len(EXPLORER_LAYERS) - 1)
    s = settings if isinstance(settings, Settings) else Settings(**settings)
    image = (s.size, s.size, 3 if s.color == "rgb" else 1)
    shapes = check(s, image)  # the settings' own SettingError when the stage is impossible
    by_name = {spec_layer.name: spec_layer for spec_layer in stage_spec(s, image).layers}
    if layer == "pool":
        if shapes.pool_shape is None:
            raise SettingError("class.err.no_pool")
        pool = by_name["pool"]
        if quantity == "params":
            return Question(quantity, "explorer", shapes.conv_shape, (call_text(pool),), pool.type, 0)
        window = Window(shapes.conv_shape[:2], pool["pool_size"], pool["strides"], padding=pool["padding"], pool=True)
        return Question(quantity, "explorer", shapes.conv_shape, (call_text(pool),), pool.type, shapes.pool_shape,
                        _formulas(distinct(shapes.pool_formulas)),
                        tuple(shape_mistakes("pool", shapes.conv_shape, shapes.pool_shape, window=window)))
    calls = tuple(call_text(by_name[n]) for n in ("padding", "conv") if n in by_name)
    if quantity == "params":
        kh, kw = s.kernel_size
        positions = shapes.conv_shape[0] * shapes.conv_shape[1]
        mistakes = conv_param_mistakes(kh, kw, image[2], s.filters, s.use_bias, positions)
        return Question(quantity, "explorer", image, calls, "Conv2D", shapes.params.value, _formulas([shapes.params]),
                        tuple(mistakes))
    window = Window(image[:2], s.kernel_size, (s.stride, s.stride), (s.dilation, s.dilation), s.padding)
    return Question(quantity, "explorer", image, calls, "Conv2D", shapes.conv_shape,
                    _formulas(distinct(shapes.conv_formulas)),
                    tuple(shape_mistakes("conv", image, shapes.conv_shape, window=window)))


def from_architecture(spec: Spec, index: int, quantity: str = "output_shape") -> Question:
    """A question about layer `index` (0-based) of `spec`, on the shape that reaches it."""
    _check_quantity(quantity)
    if not isinstance(index, int) or not 0 <= index < len(spec.layers):
        raise SettingError("class.err.layer", most=len(spec.layers) - 1)
    row = summarize(spec, strict=False).rows[index]
    if row.output_shape is None:
        raise SettingError("class.err.layer_impossible", index=index)
    layer, x = row.layer, tuple(row.input_shape)
    calls = (call_text(layer),)
    if quantity == "params":
        from cnnviz.calc.params import layer_params

        count = layer_params(layer, x)
        mistakes = param_mistakes(layer.family, layer.args, x, row.output_shape, count.total)
        return Question(quantity, "architecture", x, calls, layer.type, count.total,
                        _formulas([count.formula]), tuple(mistakes))
    window = None
    if layer.family in WINDOW_FAMILIES:
        pool = layer.family == "pool"
        window = Window(x[:2], layer["pool_size"] if pool else layer["kernel_size"], layer["strides"],
                        (1, 1) if pool else layer["dilation_rate"], layer["padding"], pool)
    expected = tuple(row.output_shape)
    formulas = layer_output(layer, x).formulas
    return Question(quantity, "architecture", x, calls, layer.type, expected, _formulas(formulas),
                    tuple(shape_mistakes(layer.family, x, expected, layer.args, window)))
