"""What the architecture page shows: the per-layer table, a layer's formulas, and the predict-then-reveal panel.

Streamlit rendering only; the state and its callbacks live in `cnnviz.web.builder.state`.
"""
from __future__ import annotations

import streamlit as st

from cnnviz.builder import answers
from cnnviz.builder import draft as builder
from cnnviz.i18n import t
from cnnviz.web.builder.state import SELECTED, checks, revealed


def layer_table(evaluation: builder.Evaluation, hidden: set[int], lang: str) -> None:
    """The per-layer table; the first impossible layer's row is tinted red."""
    rows = builder.table_rows(evaluation, lang, hidden)
    bad = evaluation.error_index
    selected = st.session_state.get(SELECTED)

    def tint(row):
        i = row.name
        color = "background-color: #fde2e1" if i == bad else "background-color: #e8f0fe" if i == selected else ""
        return [color] * len(row)

    import pandas as pd

    frame = pd.DataFrame(rows)
    st.dataframe(frame.style.apply(tint, axis=1), hide_index=True, width="stretch",
                 height=min(38 + 35 * len(rows), 560), key="arch.table")


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
