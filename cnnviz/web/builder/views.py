"""What the architecture page shows: the per-layer table, a layer's formulas, and the predict-then-reveal panel.

Streamlit rendering only; the state and its callbacks live in `cnnviz.web.builder.state`.
"""
from __future__ import annotations

import streamlit as st

from cnnviz.builder import answers
from cnnviz.builder import draft as builder
from cnnviz.calc.cost import human_bytes
from cnnviz.calc.shapes import format_shape
from cnnviz.i18n import t
from cnnviz.web.builder.state import SELECTED, checks, revealed


COLUMNS = ("index", "layer", "type", "shape", "params", "macs", "memory", "status")
WIDTHS = {"index": 30, "layer": 112, "type": 112, "shape": 112, "params": 92, "macs": 118, "memory": 76, "status": 64}


def table_rows(evaluation: builder.Evaluation, lang: str, hidden: frozenset[int] | set[int] = frozenset()) -> list[dict]:
    """The table shown on the page, one dict per layer with translated column names.

    Layers in `hidden` show '?' for the output shape, parameters, MACs and memory (predict, then reveal):
    memory and MACs would give the answer away (memory = 4 bytes per output value).
    """
    col = {k: t(f"architecture.col.{k}", lang) for k in COLUMNS}
    out = []
    for r in evaluation.rows:
        hide = r.index in hidden and r.error is None

        def shown(value, text):
            return "?" if hide else "" if value is None else text(value)

        status = "⛔ " + t("architecture.status.error", lang) if r.error is not None else (
            "" if r.output_shape is not None else "…")
        out.append({col["index"]: r.index, col["layer"]: r.name, col["type"]: r.type,
                    col["shape"]: shown(r.output_shape, format_shape), col["params"]: shown(r.params, "{:,}".format),
                    col["macs"]: shown(r.macs, "{:,}".format), col["memory"]: shown(r.activation_bytes, human_bytes),
                    col["status"]: status})
    return out


def layer_table(evaluation: builder.Evaluation, hidden: set[int], lang: str) -> None:
    """The per-layer table; the first impossible layer's row is tinted red. Columns fit VGG16's numbers."""
    rows = table_rows(evaluation, lang, hidden)
    bad = evaluation.error_index
    selected = st.session_state.get(SELECTED)

    def tint(row):
        i = row.name
        color = "background-color: #fde2e1" if i == bad else "background-color: #e8f0fe" if i == selected else ""
        return [color] * len(row)

    import pandas as pd

    frame = pd.DataFrame(rows)
    widths = {t(f"architecture.col.{k}", lang): st.column_config.Column(width=w) for k, w in WIDTHS.items()}
    st.dataframe(frame.style.apply(tint, axis=1), hide_index=True, width="stretch", column_config=widths,
                 height=min(38 + 35 * len(rows), 560), key="arch.table")


def layers_and_totals(evaluation: builder.Evaluation, hidden: set[int], lang: str) -> None:
    """The per-layer table, the first impossible layer's sentence, and the totals (hidden while predicting)."""
    st.subheader(t("architecture.layers", lang))
    if not evaluation.rows:
        st.info(t("architecture.empty", lang))
    else:
        layer_table(evaluation, hidden, lang)
    if evaluation.error is not None:
        st.error(t("architecture.problem", lang, index=evaluation.error_index) + "\n\n" + evaluation.error.sentence(lang),
                 icon=":material/block:")
    st.subheader(t("architecture.totals", lang))
    totals = evaluation.totals
    if hidden:
        st.info(t("architecture.predict.hidden_totals", lang))
        return
    if not totals:
        return
    a, b, c = st.columns(3)
    a.metric(t("architecture.total.params", lang), f"{totals['params']:,}")
    b.metric(t("architecture.total.trainable", lang), f"{totals['trainable']:,}")
    c.metric(t("architecture.total.non_trainable", lang), f"{totals['non_trainable']:,}")
    macs, memory = st.columns([2, 1])  # VGG16's 15,470,264,320 MACs need two columns' width
    macs.metric(t("architecture.total.macs", lang), f"{totals['macs']:,}")
    memory.metric(t("architecture.total.memory", lang), human_bytes(totals["activation_bytes"] + totals["weight_bytes"]),
                  help=t("architecture.total.memory_help", lang, activations=human_bytes(totals["activation_bytes"]),
                         weights=human_bytes(totals["weight_bytes"])))
    if evaluation.error is not None:
        st.caption(t("architecture.total.partial", lang, index=evaluation.error_index))


def formulas(row: builder.BuiltRow, lang: str) -> None:
    st.markdown(f"**{t('architecture.formula', lang, index=row.index, type=row.type)}**")
    if not row.formulas:
        st.caption(t("architecture.formula.none", lang))
        return
    for formula in row.formulas:
        st.latex(formula.latex())
    st.caption(t("architecture.formula.legend", lang))


def predict_panel(row: builder.BuiltRow, lang: str) -> bool:
    """The learner's answers for one layer; True once the layer is revealed (checked or shown)."""
    key = answers.reveal_key(row)
    if key in revealed():
        for quantity, text in checks().get(key, []):
            check = answers.check_answer(row, quantity, text)
            (st.success if check.correct else st.warning)(check.message(lang))
        return True
    from cnnviz.calc.shapes import format_shape

    st.markdown(t("architecture.predict.intro", lang, index=row.index, type=row.type,
                  shape=format_shape(row.input_shape)))
    with st.form(key=f"arch.form.{row.index}", border=False):
        shape = st.text_input(t("architecture.predict.shape", lang), key=f"arch.answer.shape.{row.index}")
        params = st.text_input(t("architecture.predict.params", lang), key=f"arch.answer.params.{row.index}")
        a, b = st.columns(2)
        checked = a.form_submit_button(t("architecture.predict.check", lang), type="primary")
        shown = b.form_submit_button(t("architecture.predict.reveal", lang))
    if checked or shown:
        checks()[key] = [(q, v) for q, v in (("output_shape", shape), ("params", params)) if checked and v.strip()]
        revealed().add(key)
        st.rerun()
    return False
