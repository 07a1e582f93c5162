"""Whole-network view: one image through a trained CNN — every layer's maps, the vectors, the probabilities, what it looks at."""
import streamlit as st

from cnnviz.network import probe
from cnnviz.web.entry import ensure_navigation
from cnnviz.web.lang import current_lang, tr
from cnnviz.web.network import explain, views
from cnnviz.web.network import state as ui

ensure_navigation()

lang = current_lang()
st.title(tr("nav.network"))
st.caption(tr("network.intro"))
for notice in ui.start():
    st.warning(notice)

pick_model, pick_image = st.columns(2, gap="large")
with pick_model:
    net = ui.model_picker(lang)
with pick_image:
    image = ui.image_picker(net, lang) if net is not None else None

if net is not None and image is not None:
    x = probe.to_input(image, net)  # (H, W, C) in the model's range
    outputs = probe.activations(net.model, x)
    probs = probe.probabilities(net, outputs[-1].values)  # (K,), sums to 1
    best = probe.top_class(probs)  # one rule for the heading and every explanation
    labels = ui.class_labels(net, lang)
    views.header(net, x, probs, best, labels, lang)
    views.overview(x, outputs)
    views.vectors(outputs, labels, lang)
    views.detail(net, x, outputs, lang)
    k = views.class_choice(best, labels)
    views.grad_cam(net, x, k, labels)
    explain.attributions(net, x, k, labels)
    explain.feature_visualisation(net, ui.data_images(net))
ui.remember()
