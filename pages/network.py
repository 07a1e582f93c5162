"""Whole-network view: one image through a trained CNN — every layer's maps, the vectors, the probabilities, Grad-CAM."""
import numpy as np
import streamlit as st

from cnnviz.network.attribution import gradcam
from cnnviz.network import probe as network
from cnnviz.network import pictures as draw
from cnnviz.calc.shapes import format_shape
from cnnviz.pictures.charts import probability_figure
from cnnviz.web.network import state as ui
from cnnviz.web.entry import ensure_navigation
from cnnviz.web.lang import current_lang, tr

ensure_navigation()

lang = current_lang()
st.title(tr("nav.network"))
st.caption(tr("network.intro"))

pick_model, pick_image = st.columns(2, gap="large")
with pick_model:
    net = ui.model_picker(lang)
with pick_image:
    image = ui.image_picker(net, lang) if net is not None else None
if net is None or image is None:
    st.stop()

x = network.to_input(image, net)  # (H, W, C) in the model's range
outputs = network.activations(net.model, x)
probs = network.probabilities(net, outputs[-1].values)  # (K,), sums to 1
best = int(np.argmax(probs))
labels = ui.class_labels(net, lang)
scale = tr("network.scale.raw") if net.input_scale == 1.0 else tr("network.scale.unit")
st.caption(tr("network.model.summary", name=ui.plain(net.name), shape=format_shape(net.input_shape), classes=len(net.class_names),
              params=f"{net.model.count_params():,}", scale=scale))
if net.info.get("accuracy"):
    st.caption(tr("network.accuracy", n=net.info["dataset"]["test"]["n"], accuracy=f"{net.info['accuracy']['test']:.1%}"))

shown, chart = st.columns([1, 2], gap="large")
shown.image(draw.image_tile(x, 224), caption=tr("network.input", shape=format_shape(x.shape)))
shown.markdown("### " + tr("network.prediction", name=labels[best], probability=f"{probs[best]:.1%}"))
chart.plotly_chart(probability_figure(probs, labels, lang), key="net.probs_chart")
if net.logits:
    chart.caption(tr("network.logits_note"))

st.subheader(tr("network.overview"))
show_all = st.toggle(tr("network.show_all"), key=ui.SHOW_ALL)
st.image(draw.overview(x, outputs, None if show_all else 6))
st.caption(tr("network.overview.caption") + ("" if show_all else " " + tr("network.show_first", n=6)))

st.subheader(tr("network.vectors"))
vectors = [o for o in outputs if o.values.ndim == 1]
for i, out in enumerate(vectors):
    last = out is outputs[-1]
    title = tr("network.flatten" if out.type == "Flatten" else "network.dense", name=out.name, n=out.values.shape[0])
    st.plotly_chart(draw.vector_figure(out.values, title, lang, labels if last else None), key=f"net.vec.{i}")

st.subheader(tr("network.detail"))
maps = [i for i, o in enumerate(outputs) if o.values.ndim == 3]
if not maps:
    st.info(tr("network.detail.no_maps"))
else:
    a, b = st.columns(2)
    first_conv = next((i for i in maps if outputs[i].type in network.CONV_TYPES), maps[0])
    at = a.selectbox(tr("network.detail.layer"), maps, key=ui.LAYER, index=maps.index(first_conv),
                     format_func=lambda i: f"{outputs[i].name} ({outputs[i].type}, {format_shape(outputs[i].values.shape)})")
    out = outputs[at]
    channel = int(b.number_input(tr("network.detail.channel"), 0, out.values.shape[2] - 1,
                                 min(st.session_state.get(ui.CHANNEL, 0), out.values.shape[2] - 1), key=ui.CHANNEL))
    before = x if at == 0 else outputs[at - 1].values
    weights = network.layer_weights(net.model, out.name)
    if weights is None and before.ndim == 3 and before.shape[2] == out.values.shape[2]:
        before = before[:, :, channel:channel + 1]  # pooling, activations: channel c comes from channel c
    if before.ndim == 3:
        kernels = weights[0][:, :, :, channel] if weights else None  # (k_h, k_w, C_in)
        st.image(draw.conv_detail(before, kernels, out.values[:, :, channel]))
        if before.shape[2] > 8:
            st.caption(tr("network.detail.first_inputs", n=8, total=before.shape[2]))
    if weights:
        layer = net.model.get_layer(out.name)
        bias = f"{weights[1][channel]:.3f}" if weights[1] is not None else "0"
        st.markdown(tr("network.detail.conv", channel=channel, name=ui.plain(out.name), cin=before.shape[2], bias=bias,
                       activation=getattr(layer.activation, "__name__", "linear")))
        query = network.explorer_query(net.model, out.name, channel, ui.sample_name(), lang)
        ui.explorer_link(query, tr("network.detail.explorer"))
        st.caption(tr("network.detail.explorer_note"))
    elif out.type.endswith("Pooling2D"):
        st.markdown(tr("network.detail.pool", name=ui.plain(out.name), type=out.type))
    else:
        st.markdown(tr("network.detail.other", name=ui.plain(out.name), type=out.type))

st.subheader(tr("network.gradcam"))
if network.conv_layers(net.model):
    a, b = st.columns(2)
    options = [-1, *range(len(net.class_names))]
    chosen = a.selectbox(tr("network.gradcam.class"), options, key=ui.CAM_CLASS, format_func=lambda k: (
        tr("network.gradcam.predicted", name=labels[best]) if k < 0 else labels[k]))
    methods = {"gradcam": "Grad-CAM", "hirescam": "HiResCAM"}
    method = b.radio("Grad-CAM", list(methods), key=ui.CAM_METHOD, format_func=methods.get, horizontal=True,
                     index=list(methods).index(gradcam.default_cam_method(net.model)), label_visibility="collapsed")
    heat, k, conv = gradcam.grad_cam(net, x, None if chosen < 0 else chosen, method=method)
    left, right = st.columns(2)
    left.image(draw.image_tile(x, 256), caption=tr("network.gradcam.image"))
    right.image(draw.gradcam_overlay(x, heat), caption=f"{methods[method]} — {labels[k]}")
    h, w = net.model.get_layer(conv).output.shape[1:3]
    st.markdown(tr("network.gradcam.explain", name=labels[k], layer=ui.plain(conv), h=h, w=w)
                + ("" if method == "gradcam" else " " + tr("network.gradcam.hires")))
    if float(heat.max()) == 0.0:
        st.info(tr("network.gradcam.empty"))
else:
    st.info(tr("network.err.no_conv"))
