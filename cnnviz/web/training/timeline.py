"""The timeline of a saved run: a slider (and a play button) over its epochs, showing the network as it was at each.

For the chosen epoch: the first convolution's kernels, one validation image's maps at a chosen layer,
its Grad-CAM, the class probabilities and the confusion matrix — every frame computed once from the
run's snapshots (`RunStore.model_at`, `cnnviz.runs.frames`) and cached, so moving the slider only
redraws. The slider lives in a fragment: a move reruns the timeline alone.
"""
from __future__ import annotations

import hashlib

import numpy as np
import streamlit as st

from cnnviz.errors import SettingError
from cnnviz.network import probe
from cnnviz.pictures.html_charts import confusion_table, probability_table
from cnnviz.runs import frames
from cnnviz.web.lang import current_lang, tr
from cnnviz.web.owner import owner_token
from cnnviz.web.training.runs import store

P = "training.timeline."
PLAY_SECONDS = 0.8


@st.cache_data(max_entries=8, show_spinner=False)
def validation_data(source: tuple, input_shape: tuple) -> tuple[np.ndarray, np.ndarray] | None:
    """The run's validation images again, for data cnnviz can remake (the shapes sets); None otherwise."""
    from cnnviz.training import datasets

    s = dict(source)
    if s.get("kind") != datasets.SHAPES:
        return None
    data = datasets.load_shapes(n=int(s.get("n", 3000)), size=int(s.get("size", input_shape[0])),
                                validation_split=float(s.get("validation_split", 0.2)), seed=int(s.get("seed", 0)))
    if tuple(data.input_shape) != tuple(input_shape):
        return None
    return data.x_val[:600], data.y_val[:600]


@st.cache_resource(max_entries=256, show_spinner=False)
def cached_frame(run_id: str, owner_key: str, epoch: int, layer: str | None, image_index: int, _owner: str,
                 _record) -> frames.Frame:
    """One epoch's frame (`owner_key` keeps one learner's cached frames from another's)."""
    model = store().model_at(run_id, _owner, epoch)
    data = _record.data
    val = validation_data(tuple(sorted((k, v) for k, v in data.get("source", {}).items()
                                       if isinstance(v, (int, float, str)))), tuple(data["input_shape"]))
    image = val[0][image_index] if val is not None else _blank(tuple(data["input_shape"]))
    from cnnviz.calc.specs import parse_spec
    from cnnviz.training.run import outputs_logits

    return frames.frame(model, epoch, image, data["class_names"], outputs_logits(parse_spec(_record.spec)), layer, val)


def _blank(shape: tuple) -> np.ndarray:
    return np.full(shape, 128, dtype=np.uint8)  # (H, W, C) grey: no validation image to show


def panel(record) -> None:
    """The timeline of one run (when it has at least one stored epoch)."""
    if not record.usable:
        return
    st.subheader(tr("training.timeline.header"))
    st.caption(tr("training.timeline.intro"))
    owner = owner_token()
    owner_key = hashlib.sha256(owner.encode()).hexdigest()[:16]
    epochs = record.epochs_done
    try:
        model = store().model_at(record.id, owner, epochs)
    except SettingError as err:
        st.error(err.sentence(current_lang()))
        return
    layers, convs = frames.map_layers(model), {layer.name for layer in probe.conv_layers(model)}
    first_conv = next((i for i, name in enumerate(layers) if name in convs), 0)  # not the Rescaling in front
    a, b = st.columns(2)
    layer = a.selectbox(tr("training.timeline.layer"), layers, index=first_conv, key=P + "layer") if layers else None
    image_index = int(b.number_input(tr("training.timeline.image"), 0, 599, 0, key=P + "image"))
    if P + "epoch" not in st.session_state or st.session_state[P + "epoch"] > epochs:
        st.session_state[P + "epoch"] = epochs
    missing = [e for e in range(1, epochs + 1) if (record.id, e, layer, image_index) not in st.session_state.get(
        P + "ready", set())]
    if missing:  # every epoch once, with a bar: then the slider only draws
        bar = st.progress(0.0, text=tr("training.timeline.preparing", done=0, total=epochs))
        for i, e in enumerate(missing, 1):
            cached_frame(record.id, owner_key, e, layer, image_index, owner, record)
            bar.progress(i / len(missing), text=tr("training.timeline.preparing", done=i, total=len(missing)))
            st.session_state.setdefault(P + "ready", set()).add((record.id, e, layer, image_index))
        bar.empty()
    playing = st.toggle(tr("training.timeline.play"), key=P + "play")
    st.fragment(run_every=PLAY_SECONDS if playing else None)(_frame_view)(record, owner_key, owner, layer, image_index,
                                                                          playing)


def _frame_view(record, owner_key: str, owner: str, layer, image_index: int, playing: bool) -> None:
    epochs, lang = record.epochs_done, current_lang()
    if playing:  # the timer moves the slider: epoch 1, 2, …, the last, then from the start again
        st.session_state[P + "epoch"] = st.session_state[P + "epoch"] % epochs + 1
    if epochs > 1:
        epoch = st.slider(tr("training.timeline.epoch"), 1, epochs, key=P + "epoch", disabled=playing)
    else:
        epoch = 1
    f = cached_frame(record.id, owner_key, epoch, layer, image_index, owner, record)
    source = store().source_at(record.id, owner, epoch)
    st.caption(tr("training.timeline.exact") if source.get("exact") else tr(
        "training.timeline.approx", weights=source.get("weights_from"), epoch=epoch))
    names = record.data["class_names"]
    if f.kernels is not None:  # a row of its own: one column per filter (32 in the default model) needs the width
        st.image(f.kernels, caption=tr("training.timeline.kernels", layer=f.kernels_layer, epoch=epoch))
    k1, k2 = st.columns([2, 1])
    if f.maps is not None:
        k1.image(f.maps, caption=tr("training.timeline.maps", layer=f.maps_layer, epoch=epoch))
    if f.gradcam is not None:
        k2.image(f.gradcam, caption=tr("training.timeline.gradcam"))
    c2, c3 = st.columns(2)
    # HTML tables, not plotly charts: the browser redraws them on every step of the slider in a millisecond
    c2.markdown(probability_table(f.probabilities, names, lang), unsafe_allow_html=True)
    if f.confusion is not None:
        c3.markdown(confusion_table(f.confusion, names, lang), unsafe_allow_html=True)
        c3.caption(tr("training.timeline.accuracy", accuracy=f"{f.val_accuracy:.1%}"))
