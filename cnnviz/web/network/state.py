"""Streamlit glue of the whole-network view: which model and image this session shows, cached loading.

Models are read-only after loading, so one cached copy (keyed by name, or by the upload's SHA-256)
serves every session; the session's trained model stays in that session's state. Session-state keys
are declared here once.
"""
from __future__ import annotations

import hashlib
import re

import numpy as np
import streamlit as st

from cnnviz.models import files as model_files
from cnnviz.training.datasets import SHAPE_CLASSES, draw_shape
from cnnviz.errors import SettingError
from cnnviz.i18n import t
from cnnviz.images import list_samples, load_sample, open_upload
from cnnviz.web.keras_guard import keep_keras_state

keep_keras_state()  # Streamlit would clear Keras's caches after every run of this page (see keras_guard)

# Session-state keys (declared once). The trained_model* keys are written by /training.
MODEL = "net.model"
MODEL_FILE = "net.model_file"
CLASSES = "net.classes"
IMAGE = "net.image"
SHAPE = "net.shape"
SEED = "net.seed"
PHOTO = "net.photo"
IMAGE_FILE = "net.image_file"
SHOW_ALL = "net.show_all"
LAYER = "net.layer"
CHANNEL = "net.channel"
CAM_CLASS = "net.cam_class"
CAM_METHOD = "net.cam_method"
TRAINED_MODEL, TRAINED_CLASSES, TRAINED_LOGITS = "trained_model", "trained_model_class_names", "trained_model_logits"
_MARKUP = re.compile(r"[<>&\"'`\[\]()*#|!\\{}$~:\x00-\x1f\x7f]")
MODEL_CHOICES = ("shipped", "trained", "upload")
IMAGE_CHOICES = ("shape", "sample", "upload")


@st.cache_resource(show_spinner=False)
def shipped_model() -> model_files.NetModel:
    return model_files.load_shipped()


@st.cache_resource(show_spinner=False, max_entries=4)
def _uploaded_model(digest: str, _data: bytes) -> model_files.NetModel:
    return model_files.load_upload(_data)


def model_picker(lang: str) -> model_files.NetModel | None:
    """The model radio and, for uploads, the file chooser; None (with a message shown) when there is no model."""
    info = shipped_model().info
    accuracy = f"{info.get('accuracy', {}).get('test', 0):.1%}"
    labels = {"shipped": t("network.model.shipped", lang, accuracy=accuracy),
              "trained": t("network.model.trained", lang), "upload": t("network.model.upload", lang)}
    choice = st.radio(t("network.model", lang), MODEL_CHOICES, key=MODEL, format_func=labels.get)
    if choice == "shipped":
        return shipped_model()
    if choice == "trained":
        model = st.session_state.get(TRAINED_MODEL)
        if model is None:
            st.info(t("network.model.no_trained", lang))
            return None
        try:
            net = model_files.describe(model, st.session_state.get(TRAINED_CLASSES), name=model.name)
        except SettingError as err:
            st.error(err.sentence(lang))
            return None
        if TRAINED_LOGITS in st.session_state:
            net.logits = bool(st.session_state[TRAINED_LOGITS])
        return net
    upload = st.file_uploader(t("network.model.file", lang), type=["keras"], key=MODEL_FILE,
                              help=t("network.model.file_help", lang))
    if upload is None:
        st.info(t("network.model.need_file", lang))
        return None
    data = upload.getvalue()
    try:
        net = _uploaded_model(hashlib.sha256(data).hexdigest(), data)
    except SettingError as err:
        st.error(err.sentence(lang))
        return None
    names = st.text_input(t("network.model.classes", lang), key=CLASSES, max_chars=2000)
    parts = [p.strip() for p in names.split(",") if p.strip()]
    if len(parts) == len(net.class_names):
        net = model_files.NetModel(net.model, [p[:40] for p in parts], net.logits, net.input_scale, net.name, net.info)
    return net


def image_picker(net: model_files.NetModel, lang: str):
    """The image radio and its controls → a PIL image, or None (with a message shown)."""
    from PIL import Image

    labels = {c: t(f"network.image.{c}", lang) for c in IMAGE_CHOICES}
    choice = st.radio(t("network.image", lang), IMAGE_CHOICES, key=IMAGE, format_func=labels.get)
    if choice == "shape":
        a, b = st.columns(2)
        kind = a.selectbox(t("network.image.kind", lang), SHAPE_CLASSES, key=SHAPE, index=2,
                           format_func=lambda k: t(f"network.class.{k}", lang))
        seed = b.number_input(t("network.image.seed", lang), 0, 10_000, 3, key=SEED)
        size = max(net.input_shape[:2])
        return Image.fromarray(draw_shape(kind, size, np.random.default_rng(int(seed))))  # (S, S, 3)
    if choice == "sample":
        name = st.selectbox(t("network.image.photo", lang), list_samples(), key=PHOTO)
        return load_sample(name)
    upload = st.file_uploader(t("network.image.file", lang), type=["png", "jpg", "jpeg", "bmp", "gif", "webp"],
                              key=IMAGE_FILE)
    if upload is None:
        st.info(t("network.image.need_file", lang))
        return None
    try:
        return open_upload(upload.getvalue(), upload.name)
    except SettingError as err:
        st.error(err.sentence(lang))
        return None


def plain(text: str, limit: int = 40) -> str:
    """A name from a file (class or layer) made safe for markdown: no markup, link, emphasis or LaTeX characters."""
    clean = " ".join(_MARKUP.sub("", str(text)).split())[:limit]
    return clean or "?"


def class_labels(net: model_files.NetModel, lang: str) -> list[str]:
    """The class names as a learner reads them: the shapes set's names translated, any other name made plain."""
    from cnnviz.i18n import table

    return [t(f"network.class.{name}", lang) if f"network.class.{name}" in table() else plain(name)
            for name in net.class_names]


def sample_name() -> str | None:
    """The sample photo's name when one is shown (so the explorer link can open the same image)."""
    return st.session_state.get(PHOTO) if st.session_state.get(IMAGE) == "sample" else None


def explorer_link(query: dict[str, str], label: str) -> None:
    """A link to /explorer with `query`; a plain markdown link when the page runs outside the app's navigation."""
    from urllib.parse import urlencode

    from streamlit.errors import StreamlitAPIException

    try:
        st.page_link("pages/explorer.py", label=label, icon=":material/open_in_new:", query_params=query)
    except StreamlitAPIException:  # the page was started on its own (no st.navigation): link by URL
        st.markdown(f"[{label}](/explorer?{urlencode(query)})")
