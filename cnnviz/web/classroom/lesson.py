"""The lesson's live widgets in Streamlit: each draws a few inputs and shows numbers from `cnnviz.classroom.lesson`."""
from __future__ import annotations

import functools

import pandas as pd
import streamlit as st

from cnnviz.calc import activations
from cnnviz.classroom import lesson as L
from cnnviz.i18n import t
from cnnviz.calc.shapes import format_shape
from cnnviz.web.lang import current_lang, tr


def _grid(a) -> pd.DataFrame:
    """A small array as a table with 1-based row/column numbers; 6.0 shows as 6, 3.75 as 3.75."""
    frame = pd.DataFrame(a).map(lambda v: f"{v:g}")
    frame.index = range(1, len(frame) + 1)
    frame.columns = [str(c) for c in range(1, frame.shape[1] + 1)]
    return frame


def _progress(step: L.Step) -> dict:
    """Widget arguments that tell a class which step this learner works on (`cnnviz.web.classroom.learner`)."""
    from cnnviz.web.classroom import learner

    return {"on_change": learner.lesson_step, "args": (step.id,)}


def params_compare(step: L.Step) -> None:
    left, right = st.columns(2)
    units = left.slider(tr("lesson.mlp.units"), 8, 512, 64, 8, key="lesson.mlp.units", **_progress(step))
    filters = right.slider(tr("lesson.mlp.filters"), 1, 128, 32, 1, key="lesson.mlp.filters", **_progress(step))
    dense, conv = L.mlp_vs_cnn(units, filters)
    left.metric(tr("lesson.mlp.dense_metric"), tr("lesson.mlp.params", n=f"{dense.value:,}"))
    right.metric(tr("lesson.mlp.conv_metric"), tr("lesson.mlp.params", n=f"{conv.value:,}"))
    st.latex(r"\text{Dense:}\quad " + dense.latex())  # full width: a formula in a half column is cut off
    st.latex(r"\text{Conv2D:}\quad " + conv.latex())
    st.info(tr("lesson.mlp.ratio", ratio=f"{dense.value / conv.value:,.0f}"))
    st.markdown(tr("lesson.mlp.neighbour", n=L.flat_distance()))
    st.caption(tr("lesson.mlp.tutorial", n=f"{L.tutorial_summary().total_params:,}"))


def output_size(step: L.Step) -> None:
    args = step.widget_args
    prefix = f"lesson.{step.id}"
    cols = st.columns(len(args["controls"]))
    values = {"size": args["size"], "kernel_size": args["kernel_size"], "stride": args["stride"],
              "padding": args["padding"]}
    for col, name in zip(cols, args["controls"]):
        with col:
            if name == "kernel_size":
                values[name] = st.slider(tr("lesson.kernel_size"), 1, 7, args[name], 2, key=f"{prefix}.kernel_size", **_progress(step))
            elif name == "stride":
                values[name] = st.slider(tr("lesson.stride"), 1, 4, args[name], key=f"{prefix}.stride", **_progress(step))
            else:
                values[name] = st.radio(tr("lesson.padding"), ("valid", "same", 1, 2), horizontal=True,
                                        index=("valid", "same").index(args[name]), key=f"{prefix}.padding", **_progress(step),
                                        format_func=functools.partial(_padding_label, lang=current_lang()))
    formula = L.output_size(values["size"], values["kernel_size"], values["stride"], values["padding"])
    st.latex(formula.latex())
    st.markdown(f"**{tr('lesson.out_size', h=formula.value)}**")
    st.caption(tr("lesson.out_caption"))


def _padding_label(mode, lang: str) -> str:
    # The language is bound when the widget is made: AppTest calls format_func outside the script run.
    return t(f"lesson.padding.{mode}", lang) if isinstance(mode, str) else t("lesson.padding.p", lang, p=mode)


def relu(step: L.Step) -> None:
    before, after = st.columns(2)
    before.caption(tr("lesson.activation.before"))
    before.table(_grid(L.FEATURE_MAP))
    after.caption(tr("lesson.activation.after"))
    after.table(_grid(activations.relu(L.FEATURE_MAP)))


def pooling(step: L.Step) -> None:
    kind = st.radio(tr("lesson.pool.kind"), L.POOL_KINDS, horizontal=True, key="lesson.pooling.kind", **_progress(step),
                    format_func=lambda k, lang=current_lang(): t(f"lesson.pool.{k}", lang))
    left, right = st.columns(2)
    left.caption(tr("lesson.pool.input"))
    left.table(_grid(L.ACTIVATION_MAP))
    right.caption(tr("lesson.pool.output"))
    right.table(_grid(L.pool2x2(L.ACTIVATION_MAP, kind)))


def flatten_softmax(step: L.Step) -> None:
    summary = L.tutorial_summary()
    shape, length = L.flatten_row(summary)
    left, right = st.columns(2)
    left.metric(tr("lesson.dense.total"), f"{summary.total_params:,}")
    left.markdown(tr("lesson.dense.flatten", shape=format_shape(shape), n=f"{length:,}"))
    probs = activations.softmax(L.LOGITS)
    right.table(pd.DataFrame({
        tr("lesson.dense.class"): [tr(f"lesson.class.{c}") for c in L.LOGIT_CLASSES],
        tr("lesson.dense.score"): [f"{v:.1f}" for v in L.LOGITS],
        tr("lesson.dense.prob"): [f"{p:.1%}" for p in probs],
    }).set_index(tr("lesson.dense.class")))


def same_params(step: L.Step) -> None:
    plain, augmented = L.regularized_totals()
    left, right = st.columns(2)
    left.metric(tr("lesson.regularize.plain"), f"{plain:,}")
    right.metric(tr("lesson.regularize.augmented"), f"{augmented:,}")
    st.caption(tr("lesson.regularize.same"))


WIDGETS = {L.PARAMS_COMPARE: params_compare, L.OUTPUT_SIZE: output_size, L.RELU: relu, L.POOLING: pooling,
           L.FLATTEN_SOFTMAX: flatten_softmax, L.SAME_PARAMS: same_params}


def links(step: L.Step) -> None:
    """One page link per setting; the language (and the presenter view) travel in the query."""
    from cnnviz.web.classroom.sidebar import presenter_on

    for target in step.links:
        params = target.params(current_lang())
        if presenter_on():
            params["presenter"] = "1"
        st.page_link(target.file, label=tr(target.label_key), icon=":material/arrow_forward:", query_params=params)


def render(step: L.Step) -> None:
    st.markdown(tr(step.text_key))
    if step.note_key:
        st.info(tr(step.note_key), icon=":material/show_chart:")
    if step.widget:
        with st.container(border=True):
            st.markdown(f"**{tr('lesson.try')}**")
            WIDGETS[step.widget](step)
    links(step)
