"""A saved model (``.keras`` or ``.h5``) on /architecture: its table with every layer's numbers and formulas, read-only.

The builder edits stacks of layers; a saved model may branch (ResNet's Add, Inception's
Concatenate) or nest (Teachable Machine), so it is shown as it is: `cnnviz.models.explain`
gives each layer's output shape, parameters and MACs with the formulas and Keras's own numbers
checked. The file is opened safely (no code from it runs) and only its summary is kept.
"""
from __future__ import annotations

import pandas as pd
import streamlit as st

from cnnviz.calc.cost import human_bytes
from cnnviz.calc.shapes import format_shape
from cnnviz.images import display_name
from cnnviz.web.lang import tr

SUMMARY = "arch.model_file"  # (file name, ModelSummary) of the uploaded model while it is shown
ROW = "arch.model_file_row"
MODEL_SUFFIXES = (".keras", ".h5", ".hdf5")


def is_model_file(name: str) -> bool:
    return name.lower().endswith(MODEL_SUFFIXES)


def load(data: bytes, name: str) -> None:
    """Open the file and keep its summary in the session (a sentence in `SettingError` when it cannot be opened)."""
    from cnnviz.models.explain import explain_model
    from cnnviz.models.files import open_model

    summary = explain_model(open_model(data, name).model)
    st.session_state[SUMMARY] = (display_name(name), summary)
    st.session_state[ROW] = 0


def shown() -> bool:
    return SUMMARY in st.session_state


def close() -> None:
    st.session_state.pop(SUMMARY, None)


def _rows(summary) -> list[dict]:
    col = {k: tr(f"architecture.col.{k}") for k in ("index", "layer", "type", "shape", "params", "macs", "memory",
                                                     "status")}
    out = []
    for i, r in enumerate(summary.rows):
        row = {col["index"]: i, col["layer"]: "    " * r.depth + r.name, col["type"]: r.type,
               col["shape"]: "?" if r.output_shape is None else format_shape(r.output_shape),
               col["params"]: f"{r.params:,}", col["macs"]: "?" if r.macs is None else f"{r.macs:,}",
               col["memory"]: "" if r.activation_bytes is None else human_bytes(r.activation_bytes),
               col["status"]: tr(r.status_key) if r.status_key else ""}
        if summary.branched:
            row[tr("architecture.col.inputs")] = ", ".join(r.connected_to)
        out.append(row)
    return out


def view() -> None:
    """The uploaded model's table, totals and one layer's formulas."""
    name, summary = st.session_state[SUMMARY]
    st.subheader(tr("architecture.file.title", name=name))
    st.caption(tr("architecture.file.readonly"))
    st.button(tr("architecture.file.close"), key="arch.file_close", on_click=close, icon=":material/close:")
    st.dataframe(pd.DataFrame(_rows(summary)), hide_index=True, width="stretch",
                 height=min(38 + 35 * len(summary.rows), 700), key="arch.file_table")
    a, b, c = st.columns(3)
    a.metric(tr("architecture.total.params"), f"{summary.total_params:,}")
    b.metric(tr("architecture.total.trainable"), f"{summary.trainable_params:,}")
    c.metric(tr("architecture.total.non_trainable"), f"{summary.non_trainable_params:,}")
    a, b = st.columns([2, 1])
    a.metric(tr("architecture.total.macs"), f"{summary.total_macs:,}" + ("" if summary.macs_complete else " +"))
    b.metric(tr("architecture.total.memory"), human_bytes(summary.activation_bytes + summary.weight_bytes))
    if not summary.macs_complete:
        st.caption(tr("architecture.file.macs_partial"))
    i = st.selectbox(tr("architecture.selected"), range(len(summary.rows)), key=ROW,
                     format_func=lambda k: f"{k} · {summary.rows[k].name} ({summary.rows[k].type})")
    row = summary.rows[i]
    st.markdown(f"**{tr('architecture.formula', index=i, type=row.type)}**")
    if row.status_key:
        st.caption(tr(row.status_key))
    if not row.formulas:
        st.caption(tr("architecture.formula.none"))
    for formula in row.formulas:
        st.latex(formula.latex())
