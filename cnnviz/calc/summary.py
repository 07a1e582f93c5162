"""A whole model's summary from its spec, like Keras's ``model.summary()``, without building it.

`summarize(spec)` walks the layers once, asking `shapes`, `params` and `cost` for each, and returns
a `Summary` whose ``str()`` is the table and whose ``to_dict()`` is the CLI's JSON.
Pure Python: no TensorFlow.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from cnnviz.calc import cost
from cnnviz.errors import SettingError
from cnnviz.calc.formula import Formula
from cnnviz.calc.params import layer_params
from cnnviz.calc.shapes import layer_output
from cnnviz.calc.specs import LayerSpec, Spec


@dataclass
class Row:
    """One layer of the summary. `error` is set (and the numbers are None) from the first impossible layer on."""

    layer: LayerSpec
    input_shape: tuple | None = None
    output_shape: tuple | None = None
    params: int | None = None
    trainable: int | None = None
    non_trainable: int | None = None
    macs: int | None = None
    activation_bytes: int | None = None
    weight_bytes: int | None = None
    formulas: list[Formula] = field(default_factory=list)
    padding: tuple | None = None
    error: SettingError | None = None

    @property
    def name(self) -> str:
        return self.layer.name

    @property
    def type(self) -> str:
        return self.layer.type


@dataclass
class Summary:
    spec: Spec
    rows: list[Row]

    @property
    def error(self) -> SettingError | None:
        """The first impossible layer's error, if any."""
        return next((row.error for row in self.rows if row.error), None)

    @property
    def ok(self) -> bool:
        return self.error is None

    def _sum(self, attr: str) -> int:
        return sum(getattr(row, attr) or 0 for row in self.rows)

    @property
    def total_params(self) -> int:
        return self._sum("params")

    @property
    def trainable_params(self) -> int:
        return self._sum("trainable")

    @property
    def non_trainable_params(self) -> int:
        return self._sum("non_trainable")

    @property
    def total_macs(self) -> int:
        return self._sum("macs")

    @property
    def activation_bytes(self) -> int:
        """Float32 memory of every layer's output for one image (the input not included)."""
        return self._sum("activation_bytes")

    @property
    def weight_bytes(self) -> int:
        return self._sum("weight_bytes")

    @property
    def output_shape(self) -> tuple | None:
        return self.rows[-1].output_shape if self.rows else None

    def to_dict(self) -> dict:
        """The CLI's ``--json`` form (shapes without the batch dimension)."""
        return {
            "layers": [
                {"name": r.name, "type": r.type, "output_shape": list(r.output_shape or []), "params": r.params or 0,
                 "trainable_params": r.trainable or 0, "macs": r.macs or 0}
                for r in self.rows
            ],
            "total_params": self.total_params,
            "trainable_params": self.trainable_params,
            "non_trainable_params": self.non_trainable_params,
            "total_macs": self.total_macs,
        }

    def __str__(self) -> str:
        return render_table(self)


def summarize(spec: Spec, strict: bool = True) -> Summary:
    """Shapes, parameters and costs of every layer of `spec`.

    strict: raise the first layer's `SettingError`; otherwise record it on that row, leave later
    rows without numbers and return what could be computed (the architecture builder shows it).
    """
    rows: list[Row] = []
    shape: tuple | None = tuple(spec.input_shape)
    for layer in spec.layers:
        row = Row(layer=layer, input_shape=shape)
        rows.append(row)
        if shape is None:
            continue
        try:
            result = layer_output(layer, shape)
        except SettingError as err:
            if strict:
                raise
            row.error, shape = err, None
            continue
        count = layer_params(layer, shape)
        macs = cost.layer_macs(layer, shape, result.shape)
        row.output_shape, row.padding = result.shape, result.padding
        row.params, row.trainable, row.non_trainable = count.total, count.trainable, count.non_trainable
        row.macs = macs.value if macs else 0
        row.activation_bytes = cost.activation_bytes(result.shape)
        row.weight_bytes = cost.weight_bytes(count.total)
        row.formulas = result.formulas + [f for f in (count.formula, macs) if f is not None]
        shape = result.shape
    return Summary(spec, rows)


def _keras_shape(shape: tuple | None) -> str:
    return "?" if shape is None else "(None, " + ", ".join(str(v) for v in shape) + ")"


def render_table(summary: Summary) -> str:
    """The text table: layer (type), output shape, parameters, MACs, then the totals."""
    header = ("Layer (type)", "Output Shape", "Param #", "MACs")
    body = [(f"{r.name} ({r.type})", _keras_shape(r.output_shape),
             "?" if r.params is None else f"{r.params:,}", "?" if r.macs is None else f"{r.macs:,}")
            for r in summary.rows]
    widths = [max(len(line[i]) for line in [header, *body]) for i in range(4)]

    def fmt(line):
        return f"{line[0]:<{widths[0]}}  {line[1]:<{widths[1]}}  {line[2]:>{widths[2]}}  {line[3]:>{widths[3]}}"

    rule = "=" * len(fmt(header))
    lines = [f'Model: "{summary.spec.name}"', fmt(header), rule, *map(fmt, body), rule,
             f"Total params: {summary.total_params:,} ({cost.human_bytes(summary.weight_bytes)})",
             f"Trainable params: {summary.trainable_params:,}",
             f"Non-trainable params: {summary.non_trainable_params:,}",
             f"Total MACs per image: {summary.total_macs:,}",
             f"Activation memory per image: {cost.human_bytes(summary.activation_bytes)}"]
    if summary.error:
        lines.append(f"Error: {summary.error}")
    return "\n".join(lines)
