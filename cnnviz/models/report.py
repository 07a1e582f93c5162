"""A live Keras model's summary as one object: the rows of `explain_model`, totals checked against Keras, a table and JSON.

`ModelSummary` aggregates (totals over the computing rows; a nested model's own row is shown with its
total but not added again), checks every total against Keras (``model.count_params()``, its trainable
and non-trainable weights) and renders: ``str()`` is a table like `cnnviz.calc.summary.render_table`
(with a "Connected to" column when the graph branches and a note per flagged row), ``to_dict()`` the
CLI's ``--json``. Values and keys only: translating the notes is the page's job.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from cnnviz.calc import cost
from cnnviz.models.explain import LayerRow, keras_counts

NOTES = {  # English notes of the text table (the page translates `LayerRow.status_key` instead)
    "no_formula": "no formula (Keras's numbers)",
    "differs": "Keras's numbers (our formula differs: {what})",
    "shared": "shared layer: weights counted above",
}


@dataclass
class ModelSummary:
    name: str
    rows: list[LayerRow]
    total_params: int  # Keras's ``model.count_params()``
    trainable_params: int
    non_trainable_params: int
    totals_differ: tuple[str, ...] = ()  # totals where the rows' sum disagreed with Keras (Keras's used)
    input_shapes: list[tuple] = field(default_factory=list)

    @classmethod
    def from_rows(cls, model, rows: list[LayerRow]) -> "ModelSummary":
        total, trainable, frozen = keras_counts(model)
        computing = [r for r in rows if not r.container]
        differ = [name for name, ours, keras in (
            ("params", sum(r.params for r in computing), total),
            ("trainable", sum(r.trainable for r in computing), trainable),
            ("non_trainable", sum(r.non_trainable for r in computing), frozen)) if ours != keras]
        inputs = [r.output_shape for r in rows if r.type == "InputLayer" and r.depth == 0]
        return cls(model.name, rows, total, trainable, frozen, tuple(differ), inputs)

    @property
    def layers(self) -> list[LayerRow]:
        """The rows that compute something: no input, no nested model's own row."""
        return [r for r in self.rows if not r.container and r.type != "InputLayer"]

    @property
    def total_macs(self) -> int:
        """MACs per image over the rows with a formula (see `macs_complete`)."""
        return sum(r.macs or 0 for r in self.layers)

    @property
    def macs_complete(self) -> bool:
        """False when some layer's MACs are unknown (no formula): `total_macs` is then a lower bound."""
        return all(r.macs is not None for r in self.layers)

    @property
    def activation_bytes(self) -> int:
        """Float32 memory of every layer's output for one image (the input not included)."""
        return sum(r.activation_bytes or 0 for r in self.layers)

    @property
    def weight_bytes(self) -> int:
        return cost.weight_bytes(self.total_params)

    @property
    def output_shape(self) -> tuple | None:
        return self.layers[-1].output_shape if self.layers else None

    @property
    def branched(self) -> bool:
        """True when some layer does not simply take the previous layer's output (skips, merges, several inputs)."""
        previous = None
        for r in self.rows:
            if r.container:
                continue
            if r.type != "InputLayer" and (len(r.connected_to) != 1 or r.connected_to[0] != previous):
                return True
            previous = r.name
        return False

    @property
    def flagged(self) -> list[LayerRow]:
        """Rows whose numbers are Keras's because ours differed."""
        return [r for r in self.rows if r.differs]

    @property
    def unexplained(self) -> list[LayerRow]:
        """Computing rows cnnviz has no formula for (named, counted by Keras)."""
        return [r for r in self.layers if not r.explained]

    def to_dict(self) -> dict:
        """The CLI's ``--json`` form (shapes without the batch dimension; formulas as worked text)."""
        return {
            "name": self.name,
            "input_shapes": [list(s) for s in self.input_shapes],
            "layers": [_row_dict(r) for r in self.rows],
            "total_params": self.total_params,
            "trainable_params": self.trainable_params,
            "non_trainable_params": self.non_trainable_params,
            "total_macs": self.total_macs,
            "macs_complete": self.macs_complete,
            "activation_bytes": self.activation_bytes,
            "totals_differ": list(self.totals_differ),
        }

    def __str__(self) -> str:
        return render_table(self)


def _row_dict(r: LayerRow) -> dict:
    return {"name": r.name, "type": r.type, "key": r.key, "depth": r.depth, "container": r.container,
            "output_shape": list(r.output_shape), "connected_to": r.connected_to, "params": r.params,
            "trainable_params": r.trainable, "non_trainable_params": r.non_trainable, "macs": r.macs,
            "status": r.status, "differs": list(r.differs),
            "formulas": {"shape": [f.text() for f in r.shape_formulas],
                         "params": r.params_formula.text() if r.params_formula else None,
                         "macs": r.macs_formula.text() if r.macs_formula else None}}


def _keras_shape(shape: tuple) -> str:
    return "(None, " + ", ".join("None" if v is None else str(v) for v in shape) + ")"


def note(row: LayerRow) -> str:
    """The English note of a flagged row ('' for a plain one)."""
    status = row.status
    if status in ("ok", "container"):
        return ""
    return NOTES[status].format(what=", ".join(f"{k} {v}" for k, v in row.ours.items()))


def render_table(summary: ModelSummary) -> str:
    """Layer (type), output shape, [connected to], parameters, MACs and a note; then the totals."""
    branched = summary.branched
    header = ("Layer (type)", "Output Shape", *(("Connected to",) if branched else ()), "Param #", "MACs", "Note")
    body = []
    for r in summary.rows:
        params = f"{r.params:,}" if not r.container else f"({r.params:,})"
        macs = "" if r.container else "?" if r.macs is None else f"{r.macs:,}"
        links = (", ".join(r.connected_to),) if branched else ()
        body.append((f"{'  ' * r.depth}{r.name} ({r.type})", _keras_shape(r.output_shape), *links, params, macs,
                     note(r)))
    n = len(header)
    widths = [max(len(line[i]) for line in [header, *body]) for i in range(n)]
    right = {n - 3, n - 2}  # the numbers

    def fmt(line):
        cells = [f"{v:>{widths[i]}}" if i in right else f"{v:<{widths[i]}}" for i, v in enumerate(line)]
        return "  ".join(cells).rstrip()

    rule = "=" * max(len(fmt(header)), *(len(fmt(line)) for line in body))
    macs_total = f"{summary.total_macs:,}" + ("" if summary.macs_complete else " (layers without a formula not counted)")
    lines = [f'Model: "{summary.name}"', fmt(header), rule, *map(fmt, body), rule,
             f"Total params: {summary.total_params:,} ({cost.human_bytes(summary.weight_bytes)})",
             f"Trainable params: {summary.trainable_params:,}",
             f"Non-trainable params: {summary.non_trainable_params:,}",
             f"Total MACs per image: {macs_total}",
             f"Activation memory per image: {cost.human_bytes(summary.activation_bytes)}"]
    if summary.totals_differ:
        lines.append("Totals are Keras's: the rows' sum differs for " + ", ".join(summary.totals_differ))
    if any(r.container for r in summary.rows):
        lines.append("(n) on a nested model's row: its total, made of the indented rows below it.")
    return "\n".join(lines)
