"""The network view's deeper looks: six attribution maps side by side, and what a filter looks for.

Both are computed only while their expander is open (`st.expander(..., on_change="rerun")`), and
cached for every session per model, image, class and parameters. The methods, their sentences and
their parameters come from `cnnviz.network.attribution.METHODS`; the growing pictures from
`cnnviz.network.featurevis`.
"""
from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict

import numpy as np
import streamlit as st

from cnnviz.errors import SettingError
from cnnviz.network import attribution as A
from cnnviz.network import featurevis as fv
from cnnviz.network import pictures as draw
from cnnviz.network import probe
from cnnviz.web.lang import current_lang, tr
from cnnviz.web.network import state as ui

P = "network."
KEY = {name: P + name for name in ("attribution_open", "featurevis_open", "fv_layer", "fv_filter", "fv_all")}


def model_key(net) -> str:
    """A cache key for a model while this server runs: its name, size and object identity."""
    return f"{net.name}:{net.model.count_params()}:{id(net.model)}"


def image_key(x: np.ndarray) -> str:
    return hashlib.blake2b(np.ascontiguousarray(x).tobytes(), digest_size=12).hexdigest()


@st.cache_resource(max_entries=8, show_spinner=False)
def scorer(key: str, _net) -> A.Scorer:
    """One scorer per model: the logit model and its gradient, built once for every method."""
    return A.Scorer(_net)


@st.cache_data(max_entries=64, show_spinner=False)
def explanation(key: str, x_key: str, method: str, k: int, params: tuple, _net, _x) -> A.Explanation:
    return A.BY_ID[method].cls(scorer(key, _net))(_x, k, **dict(params))


def _param_widgets(method: A.Method, net) -> dict:
    """The learner's parameters of one method (defaults until changed), in a popover beside its map."""
    values = {}
    if not method.params:
        return values
    with st.popover(tr("attribution.params"), icon=":material/tune:"):
        for p in method.params:
            k = f"{P}attr.{method.id}.{p.name}"
            if p.kind == "layer":
                values[p.name] = st.selectbox(tr(p.label_key), [c.name for c in probe.conv_layers(net.model)],
                                              index=None, placeholder=tr("attribution.param.last"), key=k)
            elif p.kind == "choice":
                values[p.name] = st.selectbox(tr(p.label_key), p.choices, key=k,
                                              format_func=lambda c: tr(f"attribution.baseline.{c}"))
            else:
                cast = int if p.kind == "int" else float
                values[p.name] = cast(st.number_input(tr(p.label_key), cast(p.low), cast(p.high), cast(p.default),
                                                      cast(p.step), key=k))
    return {name: value for name, value in values.items() if value is not None}


def attributions(net, x: np.ndarray, k: int, labels: list[str]) -> None:
    """Every attribution method on one image, side by side, each with the sentence of what it measures."""
    box = st.expander(tr("attribution.title"), key=KEY["attribution_open"], on_change="rerun",
                      icon=":material/filter_center_focus:")
    if not box.open:
        return
    if not probe.conv_layers(net.model):
        box.info(tr("network.err.no_conv"))
        return
    key, x_key = model_key(net), image_key(x)
    with box:
        st.caption(tr("attribution.intro", name=labels[k]))
        columns, score = st.columns(3), None
        for i, method in enumerate(A.METHODS):
            with columns[i % 3]:
                st.markdown(f"**{tr(method.label_key)}**")
                params = _param_widgets(method, net)
                try:
                    e = explanation(key, x_key, method.id, k, tuple(sorted(params.items())), net, x)
                except SettingError as err:
                    st.error(err.sentence(current_lang()))
                    continue
                score = e.score
                st.image(draw.attribution_overlay(x, e.scaled(), e.signed))
                st.caption(tr(method.sentence_key))
                if method.id == "integrated_gradients":
                    st.caption(tr("attribution.ig.completeness", total=f"{float(e.attributions.sum()):.3f}",
                                  change=f"{e.score - e.baseline_score:.3f}", gap=f"{e.gap:.3f}",
                                  steps=e.params.get("steps")))
        if score is not None:
            st.caption(tr("attribution.score", name=labels[k], score=f"{score:.3f}"))


@st.cache_data(max_entries=32, show_spinner=False)
def filter_means(key: str, layer: str, data_key: str, _net, _images: np.ndarray) -> np.ndarray:
    return fv.filter_means(_net, layer, _images)  # (N, F)


_grown: OrderedDict = OrderedDict()  # (model, layer, filters) → visualisations, the newest last
_grown_lock = threading.Lock()
GROWN_ENTRIES = 64


def grown(key: str, layer: str, filters: tuple, net, progress=None) -> list:
    """The grown images, kept for every session (not `st.cache_data`: the progress bar must not be replayed)."""
    with _grown_lock:
        if (key, layer, filters) in _grown:
            _grown.move_to_end((key, layer, filters))
            return _grown[(key, layer, filters)]
    results = fv.visualize_layer(net, layer, list(filters), progress=progress)
    with _grown_lock:
        _grown[(key, layer, filters)] = results
        while len(_grown) > GROWN_ENTRIES:
            _grown.popitem(last=False)
    return results


def feature_visualisation(net, images: np.ndarray | None) -> None:
    """For one conv layer and filter: the image grown to excite it, its kernels' effect, and the data's top 9."""
    box = st.expander(tr("featurevis.title"), key=KEY["featurevis_open"], on_change="rerun", icon=":material/visibility:")
    if not box.open:
        return
    names = fv.conv_layer_names(net)
    if not names:
        box.info(tr("network.err.no_conv"))
        return
    key = model_key(net)
    with box:
        st.caption(tr("featurevis.what"))
        a, b, c = st.columns([2, 1, 1], vertical_alignment="bottom")
        layer = a.selectbox(tr("attribution.param.layer"), names, key=KEY["fv_layer"])
        count = int(net.model.get_layer(layer).output.shape[-1])
        st.session_state[KEY["fv_filter"]] = min(int(st.session_state.get(KEY["fv_filter"], 0)), count - 1)
        f = int(b.number_input(tr("network.detail.channel"), 0, count - 1, key=KEY["fv_filter"]))
        every = c.toggle(tr("featurevis.all"), key=KEY["fv_all"])
        filters = tuple(range(min(count, fv.MAX_FILTERS))) if every else (f,)
        bar = st.progress(0.0, text=tr("featurevis.progress", step=0, steps=fv.STEPS))
        preview = st.empty()

        def progress(p: fv.Progress) -> None:
            bar.progress(p.step / p.steps, text=tr("featurevis.progress", step=p.step, steps=p.steps))
            if p.images is not None:
                preview.image(fv.grid_image(p.images, tile=96 if len(p.images) == 1 else 56))

        results = grown(key, layer, filters, net, progress)
        bar.empty()
        if every:
            preview.image(fv.grid_image(np.stack([r.image for r in results]), tile=56),
                          caption=tr("featurevis.grid", layer=ui.plain(layer)))
            return
        r = results[0]
        left, right = st.columns(2)
        preview.empty()
        with left.container(border=True):  # a pale grown image would vanish into the page without a frame
            st.image(fv.grid_image(r.image[None], tile=192))
            st.caption(tr("featurevis.gain", before=f"{r.before:.3f}", after=f"{r.after:.3f}"))
        if images is not None and len(images):
            means = filter_means(key, layer, image_key(images[:8]) + str(len(images)), net, images)
            top = fv.top_images(net, layer, f, images, 9, means=means)
            right.image(fv.grid_image(images[top.indices], columns=3, tile=64),
                        caption=tr("featurevis.top", k=len(top.indices)))
