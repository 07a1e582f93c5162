"""Architecture builder: stack layers, see every layer's shape, parameters and MACs live, export, train."""
import streamlit as st

from cnnviz.builder import answers
from cnnviz.builder import draft as builder
from cnnviz.builder.codegen import keras_code
from cnnviz.web.builder import model_file
from cnnviz.web.builder import state as ui
from cnnviz.web.builder import views
from cnnviz.web.entry import ensure_navigation
from cnnviz.web.lang import current_lang, tr

ensure_navigation()

lang = current_lang()
ui.init()
ui.apply_query(lang)
st.title(tr("nav.architecture"))
st.caption(tr("architecture.intro"))

left, right = st.columns([0.95, 3], gap="large")
with left:
    ui.start_controls(lang)
    ui.predict_toggle()
ui.keep()

evaluation = builder.evaluate(ui.draft())
link_note = ui.remember(evaluation)
rows = evaluation.rows
hidden = set()
if ui.predicting():
    hidden = {r.index for r in rows if r.output_shape is not None and answers.reveal_key(r) not in ui.revealed()}

with right:
    if model_file.shown():
        model_file.view()
    else:
        views.layers_and_totals(evaluation, hidden, lang)

if not model_file.shown():
    st.divider()
    selected = ui.layer_picker(evaluation, lang)
    ui.structure_buttons(selected, len(rows), lang)
    if selected is not None:
        row = rows[selected]
        if row.error is not None:
            st.error(row.error.sentence(lang))
        elif row.output_shape is None:
            st.caption(tr("architecture.problem", index=evaluation.error_index))
        elif not ui.predicting() or views.predict_panel(row, lang):
            views.formulas(row, lang)
        with st.expander(tr("architecture.edit", index=selected, name=ui.display_name(row.name)), expanded=True):
            ui.layer_editor(selected, row.raw, lang)

    st.divider()
    st.subheader(tr("architecture.export"))
    spec = evaluation.spec
    if spec is None and rows:
        st.info(tr("architecture.export.blocked"))
    elif spec is not None:
        st.download_button(tr("architecture.export.spec"), ui.spec_json(spec), file_name="cnnviz_spec.json",
                           mime="application/json", key="arch.download", icon=":material/download:")
        if evaluation.error is not None:
            st.warning(tr("architecture.export.impossible"))
        if link_note:
            st.caption(tr(link_note))
        st.caption(tr("architecture.export.code"))
        st.code(keras_code(spec, hidden=hidden), language="python")  # shapes being predicted stay hidden
        if st.button(tr("architecture.train"), key="arch.train", type="primary", disabled=not evaluation.ok,
                     help=tr("architecture.train.help") if evaluation.ok else tr("architecture.train.blocked"),
                     icon=":material/model_training:"):
            ui.hand_to_training(spec)
