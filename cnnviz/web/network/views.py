"""What the network view shows, section by section: the prediction, every layer's maps, the vectors, one map up close, Grad-CAM.

Numbers come from `cnnviz.network.probe` (one forward pass gives every layer's output), pictures
from `cnnviz.network.pictures`; this module only places them. The attribution methods and the
feature visualisation are in `cnnviz.web.network.explain`.
"""
from __future__ import annotations

import numpy as np
import streamlit as st

from cnnviz.calc.shapes import format_shape
from cnnviz.explorer import pictures as explorer_pictures
from cnnviz.network import pictures as draw
from cnnviz.network import probe
from cnnviz.network.attribution import gradcam
from cnnviz.network.settings import NETWORK
from cnnviz.pictures.charts import probability_figure
from cnnviz.web import settings as ws
from cnnviz.web.lang import tr
from cnnviz.web.network import state as ui

SHOWN_CHANNELS = 6  # channels per layer in the overview until "show all"
CLICKABLE_CHANNELS = 64
PICK_KEY, PICK_STRIDE = "network.pick_channel", "network.pick_stride"


def _on_channel_pick() -> None:
    """A click on a map of the strip picks that channel."""
    event = st.session_state.get(PICK_KEY)
    points = getattr(getattr(event, "selection", None), "points", None) or []
    stride = st.session_state.get(PICK_STRIDE)
    if points and "x" in points[0] and stride:
        st.session_state[ui.CHANNEL] = int(points[0]["x"]) // stride


def header(net, x: np.ndarray, probs: np.ndarray, best: int, labels: list[str], lang: str) -> None:
    """The model in one line, the input, the prediction and every class's probability, and what the model knows."""
    scale = tr("network.scale.raw") if net.input_scale == 1.0 else tr("network.scale.unit")
    st.caption(tr("network.model.summary", name=ui.plain(net.name), shape=format_shape(net.input_shape),
                  classes=len(net.class_names), params=f"{net.model.count_params():,}", scale=scale))
    if net.info.get("accuracy"):
        st.caption(tr("network.accuracy", n=net.info["dataset"]["test"]["n"],
                      accuracy=f"{net.info['accuracy']['test']:.1%}"))
    shown, chart = st.columns([1, 2], gap="large")
    shown.image(draw.image_tile(x, 224), caption=tr("network.input", shape=format_shape(x.shape)))
    shown.markdown("### " + tr("network.prediction", name=labels[best], probability=f"{probs[best]:.1%}"))
    chart.plotly_chart(probability_figure(probs, labels, lang, highlight=best), key="net.probs_chart")
    if net.logits:
        chart.caption(tr("network.logits_note"))
    check = probe.check_image(x, net)
    shown.caption(tr(check.note_key, k=len(labels), classes=", ".join(labels)))
    if check.warning_key:
        st.warning(tr(check.warning_key, distance=f"{check.distance:.1f}", threshold=f"{check.threshold:.1f}"))


def overview(x: np.ndarray, outputs: list) -> None:
    """Every layer's maps, a page at a time (a model with 1,280 channels stays within what a browser draws)."""
    st.subheader(tr("network.overview"))
    show_all = ws.widget(NETWORK, "show_all")
    per_page = None if show_all else SHOWN_CHANNELS
    first = draw.overview_page(x, outputs, 0, per_page)
    pages = first.channel_pages * first.layer_pages
    page = 0
    if pages > 1:
        page = st.slider(tr("network.overview.page"), 1, pages, 1, key=ui.OVERVIEW_PAGE) - 1
    shown = first if page == 0 else draw.overview_page(x, outputs, page % first.channel_pages, per_page,
                                                       page // first.channel_pages)
    st.image(shown.image)
    notes = [tr("network.overview.caption")]
    if not show_all:
        notes.append(tr("network.show_first", n=SHOWN_CHANNELS))
    if shown.channel_pages > 1 or show_all:
        notes.append(tr("network.overview.channels", first=shown.channels[0], last=shown.channels[1] - 1,
                        total=shown.channel_count))
    if shown.layer_pages > 1:
        notes.append(tr("network.overview.layers", first=shown.layers[0], last=shown.layers[1] - 1,
                        total=shown.layer_count))
    st.caption(" ".join(notes))


def vectors(outputs: list, labels: list[str], lang: str) -> None:
    st.subheader(tr("network.vectors"))
    for i, out in enumerate(o for o in outputs if o.values.ndim == 1):
        last = out is outputs[-1]
        title = tr("network.flatten" if out.type == "Flatten" else "network.dense", name=ui.plain(out.name),
                   n=out.values.shape[0])
        st.plotly_chart(draw.vector_figure(out.values, title, lang, labels if last else None), key=f"net.vec.{i}")


def detail(net, x: np.ndarray, outputs: list, lang: str) -> None:
    """One map up close: where it came from (its input maps, its kernels) and a link to redo it in the explorer."""
    st.subheader(tr("network.detail"))
    by_name = {o.name: o for o in outputs if o.values.ndim == 3}
    if not by_name:
        st.info(tr("network.detail.no_maps"))
        return
    names = list(by_name)
    first_conv = next((n for n in names if by_name[n].type in probe.CONV_TYPES), names[0])
    a, b = st.columns(2)
    if st.session_state.get(ui.LAYER, ws.stored(NETWORK)["layer"]) not in names:
        st.session_state[ui.LAYER] = first_conv
    name = ws.widget(NETWORK, "layer", container=a, widget_kind="selectbox", options=names,
                     format_func=lambda n: f"{ui.plain(n)} ({by_name[n].type}, {format_shape(by_name[n].values.shape)})")
    out = by_name[name]
    channels = out.values.shape[2]
    st.session_state[ui.CHANNEL] = min(int(st.session_state.get(ui.CHANNEL, ws.stored(NETWORK)["channel"])), channels - 1)
    channel = int(ws.widget(NETWORK, "channel", container=b, max_value=channels - 1))
    shown = min(channels, CLICKABLE_CHANNELS)  # a strip of every map to click; a layer of 1,280 shows its first 64
    st.session_state[PICK_STRIDE] = explorer_pictures.shrink(out.values[:, :, :1], explorer_pictures.PICK_CELL).shape[1] + 1
    st.plotly_chart(explorer_pictures.filters_figure(out.values[:, :, :shown], min(channel, shown - 1),
                                                     title=tr("network.detail.pick", n=shown, total=channels)),
                    key=PICK_KEY, on_select=_on_channel_pick, selection_mode="points", config={"displayModeBar": False})
    sources = probe.inputs_of(net.model, name)
    before = x if sources[:1] == [""] else next((o.values for o in outputs if o.name == sources[0]), x)
    weights = probe.layer_weights(net.model, name)
    if weights is None and before.ndim == 3 and before.shape[2] == channels:
        before = before[:, :, channel:channel + 1]  # pooling, activations: channel c comes from channel c
    if before.ndim == 3:
        kernels = weights[0][:, :, :, channel] if weights else None  # (k_h, k_w, C_in)
        st.image(draw.conv_detail(before, kernels, out.values[:, :, channel]))
        if before.shape[2] > 8:
            st.caption(tr("network.detail.first_inputs", n=8, total=before.shape[2]))
    if weights:
        layer = net.model.get_layer(name)
        bias = f"{weights[1][channel]:.3f}" if weights[1] is not None else "0"
        st.markdown(tr("network.detail.conv", channel=channel, name=ui.plain(name), cin=before.shape[2], bias=bias,
                       activation=getattr(layer.activation, "__name__", "linear")))
        query = probe.explorer_query(net.model, name, channel, ui.sample_name(), lang)
        ui.explorer_link(query, tr("network.detail.explorer"))
        st.caption(tr("network.detail.explorer_note"))
    elif out.type.endswith("Pooling2D"):
        st.markdown(tr("network.detail.pool", name=ui.plain(name), type=out.type))
    else:
        st.markdown(tr("network.detail.other", name=ui.plain(name), type=out.type))


def class_choice(best: int, labels: list[str]) -> int:
    """The class every explanation explains: the predicted one (the heading's) unless the learner picks another."""
    options = [-1, *range(len(labels))]
    if st.session_state.get(ui.CAM_CLASS, ws.stored(NETWORK)["cam_class"]) not in options:
        st.session_state[ui.CAM_CLASS] = -1
    chosen = ws.widget(NETWORK, "cam_class", widget_kind="selectbox", options=options, format_func=lambda k: (
        tr("network.gradcam.predicted", name=labels[best]) if k < 0 else labels[k]))
    return best if chosen < 0 else int(chosen)


def grad_cam(net, x: np.ndarray, k: int, labels: list[str]) -> None:
    """Grad-CAM (or HiResCAM where Grad-CAM's averages cancel out) for class `k`."""
    st.subheader(tr("network.gradcam"))
    if not probe.conv_layers(net.model):
        st.info(tr("network.err.no_conv"))
        return
    choice = ws.widget(NETWORK, "cam_method")
    method = gradcam.default_cam_method(net.model) if choice == "auto" else choice
    heat, k, conv = gradcam.grad_cam(net, x, k, method=method)
    left, right = st.columns(2)
    left.image(draw.image_tile(x, 256), caption=tr("network.gradcam.image"))
    right.image(draw.gradcam_overlay(x, heat), caption=f"{tr('network.gradcam.method.' + method)} — {labels[k]}")
    h, w = net.model.get_layer(conv).output.shape[1:3]
    st.markdown(tr("network.gradcam.explain", name=labels[k], layer=ui.plain(conv), h=h, w=w)
                + ("" if method == "gradcam" else " " + tr("network.gradcam.hires")))
    if float(heat.max()) == 0.0:
        st.info(tr("network.gradcam.empty"))
