"""Streamlit glue of the whole-network view: which model and image this session shows, cached loading.

The choices are settings of `cnnviz.network.settings.NETWORK` (a link sets them, a teacher's link
locks them). Models are read-only after loading, so one cached copy (keyed by name, or by the
upload's SHA-256) serves every session; the session's trained model stays in that session's state.
Session-state keys are declared here once.
"""
from __future__ import annotations

import dataclasses
import hashlib
import re

import numpy as np
import streamlit as st

from cnnviz.errors import SettingError
from cnnviz.i18n import t, table
from cnnviz.images import load_sample, open_upload
from cnnviz.models import files as model_files
from cnnviz.models.bundle import parse_labels
from cnnviz.network.settings import NETWORK
from cnnviz.training.datasets import draw_shape
from cnnviz.web import settings as ws
from cnnviz.web.keras_guard import keep_keras_state

keep_keras_state()  # Streamlit would clear Keras's caches after every run of this page (see keras_guard)

# Session-state keys (declared once): the settings' widgets, then the page's own. trained_model* are written by /training.
MODEL, RUN, EPOCH, INPUT, SHAPE, SEED, PHOTO, SHOW_ALL, LAYER, CHANNEL, CAM_CLASS, CAM_METHOD = (
    ws.key(NETWORK, name) for name in ("model", "run", "epoch", "input", "shape", "seed", "image", "show_all", "layer",
                                       "channel", "cam_class", "cam_method"))
MODEL_FILE = "network.model_file"
LABELS_FILE = "network.labels_file"
CLASSES = "network.classes"
IMAGE_FILE = "network.image_file"
OVERVIEW_PAGE = "network.overview_page"
TRAINED_MODEL, TRAINED_CLASSES, TRAINED_LOGITS = "trained_model", "trained_model_class_names", "trained_model_logits"
_MARKUP = re.compile(r"[<>&\"'`\[\]()*#|!\\{}$~:\x00-\x1f\x7f]")


def start() -> list[str]:
    """The settings from the link (on the first run or a new link); returns the notices to show."""
    ws.start(NETWORK)
    return ws.notices(NETWORK)


def remember() -> None:
    ws.remember(NETWORK, ws.current(NETWORK))


@st.cache_resource(show_spinner=False)
def shipped_model() -> model_files.NetModel:
    return model_files.load_shipped()


@st.cache_resource(show_spinner=False, max_entries=4)
def _uploaded_model(digest: str, _data: bytes, filename: str, _labels: bytes | None) -> model_files.NetModel:
    return model_files.load_upload(_data, filename, labels=_labels)


def _model_label(choice: str, lang: str) -> str:
    if choice == "shipped":
        accuracy = f"{shipped_model().info.get('accuracy', {}).get('test', 0):.1%}"
        return t("network.model.shipped", lang, accuracy=accuracy)
    return t(f"network.model.{choice}", lang)


def model_picker(lang: str) -> model_files.NetModel | None:
    """The model choice and, for uploads, the file chooser; None (with a message shown) when there is no model."""
    choice = ws.widget(NETWORK, "model", format_func=lambda c: _model_label(c, lang))
    if choice == "shipped":
        return shipped_model()
    if choice == "trained":
        return _trained(lang)
    if choice == "run":
        return _saved_run(lang)
    if choice == "class":
        return _class_model(lang)
    return _upload(lang)


@st.cache_resource(max_entries=4, show_spinner=False)
def _model_file(path: str, mtime: float, names: tuple, logits: bool | None) -> model_files.NetModel:
    net = model_files.load_upload(open(path, "rb").read(), path)
    net = dataclasses.replace(net, class_names=list(names) if len(names) == len(net.class_names) else net.class_names)
    return net if logits is None else dataclasses.replace(net, logits=logits)


def _class_model(lang: str) -> model_files.NetModel | None:
    """The run a teacher put on the projector, else the model the class trained on its own images."""
    from cnnviz.web.classroom import learner, roster

    found, logits = roster.projected_model(), None
    if found is None:
        model = learner.class_model()
        found, logits = (None, None) if model is None else ((model[0], model[1]), model[2])
    if found is None:
        st.info(t("network.model.no_class", lang))
        return None
    path, names = found
    try:
        return _model_file(str(path), path.stat().st_mtime, tuple(names), logits)
    except (SettingError, OSError) as err:
        st.error(err.sentence(lang) if isinstance(err, SettingError) else t("network.err.empty", lang))
        return None


@st.cache_resource(max_entries=16, show_spinner=False)
def _run_model(run_id: str, epoch: int, owner_key: str, _owner: str):
    from cnnviz.web.training.runs import store

    return store().model_at(run_id, _owner, epoch)


def _saved_run(lang: str) -> model_files.NetModel | None:
    """A saved run of this learner (or one shared with them) at any of its epochs."""
    from cnnviz.calc.specs import parse_spec
    from cnnviz.training.run import outputs_logits
    from cnnviz.web.owner import owner_token
    from cnnviz.web.training.runs import store

    owner = owner_token()
    records = [r for r in store().list_runs(owner) if r.usable]
    if not records:
        st.info(t("network.run.none", lang))
        return None
    by_id = {r.id: r for r in records}
    if st.session_state.get(RUN, ws.stored(NETWORK)["run"]) not in by_id:
        st.session_state[RUN] = records[0].id
    run_id = ws.widget(NETWORK, "run", widget_kind="selectbox", options=list(by_id),
                       format_func=lambda i: f"{plain(by_id[i].name, 60)} ({by_id[i].epochs_done} ep)")
    record = by_id[run_id]
    last = record.epochs_done
    chosen = st.session_state.get(EPOCH, ws.stored(NETWORK)["epoch"])
    if not (isinstance(chosen, int) and 1 <= chosen <= last):  # 0 (the default) or another run's epoch: the last
        st.session_state[EPOCH] = last
    epoch = ws.widget(NETWORK, "epoch", widget_kind="slider", min_value=1, max_value=last) if last > 1 else 1
    try:
        model = _run_model(record.id, int(epoch), hashlib.sha256(owner.encode()).hexdigest()[:16], owner)
        net = model_files.describe(model, record.data.get("class_names"), name=f"{record.name} · epoch {epoch}")
    except SettingError as err:
        st.error(err.sentence(lang))
        return None
    return dataclasses.replace(net, logits=outputs_logits(parse_spec(record.spec)))


def _trained(lang: str) -> model_files.NetModel | None:
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
        net = dataclasses.replace(net, logits=bool(st.session_state[TRAINED_LOGITS]))
    return net


def _upload(lang: str) -> model_files.NetModel | None:
    locked = ws.locked("model")
    upload = st.file_uploader(t("network.model.file_any", lang), type=["keras", "h5"], key=MODEL_FILE,
                              help=t("network.model.file_any_help", lang), disabled=locked)
    labels = st.file_uploader(t("network.model.labels", lang), type=["txt"], key=LABELS_FILE, disabled=locked)
    if upload is None:
        st.info(t("network.model.need_file", lang))
        return None
    data = upload.getvalue()
    label_bytes = labels.getvalue() if labels is not None else None
    digest = hashlib.sha256(data + b"\0" + (label_bytes or b"")).hexdigest()
    try:
        net = _uploaded_model(digest, data, upload.name, label_bytes)
    except SettingError as err:
        st.error(err.sentence(lang))
        return None
    names = st.text_input(t("network.model.classes", lang), key=CLASSES, max_chars=2000)
    if names.strip():
        try:
            parsed = parse_labels(names.replace(",", "\n"))
        except SettingError as err:
            st.error(err.sentence(lang))
        else:
            if len(parsed) == len(net.class_names):
                net = dataclasses.replace(net, class_names=[p[:40] for p in parsed])
    return net


def image_picker(net: model_files.NetModel, lang: str):
    """The image choice and its controls → a PIL image, or None (with a message shown)."""
    from PIL import Image

    choice = ws.widget(NETWORK, "input")
    if choice == "shape":
        a, b = st.columns(2)
        kind = ws.widget(NETWORK, "shape", container=a)
        seed = ws.widget(NETWORK, "seed", container=b)
        size = max(net.input_shape[:2])
        return Image.fromarray(draw_shape(kind, size, np.random.default_rng(int(seed))))  # (S, S, 3)
    if choice == "sample":
        return load_sample(ws.widget(NETWORK, "image", format_func=_photo_label(lang)))
    upload = st.file_uploader(t("network.image.file", lang), type=["png", "jpg", "jpeg", "bmp", "gif", "webp"],
                              key=IMAGE_FILE, disabled=ws.locked("input"))
    if upload is None:
        st.info(t("network.image.need_file", lang))
        return None
    try:
        return open_upload(upload.getvalue(), upload.name)
    except SettingError as err:
        st.error(err.sentence(lang))
        return None


def _photo_label(lang: str):
    return lambda name: t(f"explorer.sample.{name}", lang) if f"explorer.sample.{name}" in table() else name


def plain(text: str, limit: int = 40) -> str:
    """A name from a file (class or layer) made safe for markdown: no markup, link, emphasis or LaTeX characters."""
    clean = " ".join(_MARKUP.sub("", str(text)).split())[:limit]
    return clean or "?"


def class_labels(net: model_files.NetModel, lang: str) -> list[str]:
    """The class names as a learner reads them: the shapes set's names translated, any other name made plain."""
    return [t(f"network.class.{name}", lang) if f"network.class.{name}" in table() else plain(name)
            for name in net.class_names]


def sample_name() -> str | None:
    """The sample photo's name when one is shown (so the explorer link can open the same image)."""
    values = ws.current(NETWORK, ("input", "image"))
    return values["image"] if values["input"] == "sample" else None


def explorer_link(query: dict[str, str], label: str) -> None:
    """A link to /explorer with `query`; a plain markdown link when the page runs outside the app's navigation."""
    from urllib.parse import urlencode

    from streamlit.errors import StreamlitAPIException

    try:
        st.page_link("pages/explorer.py", label=label, icon=":material/open_in_new:", query_params=query)
    except StreamlitAPIException:  # the page was started on its own (no st.navigation): link by URL
        st.markdown(f"[{label}](/explorer?{urlencode(query)})")


@st.cache_data(max_entries=4, show_spinner=False)
def shapes_images(size: int, n: int = 240) -> np.ndarray:
    """Fresh images of the offline shapes data at the model's input size (the shipped model's kind of data)."""
    from cnnviz.training.datasets import make_shapes

    return make_shapes(n, size, seed=12345)[0]  # (n, S, S, 3) uint8


def data_images(net) -> np.ndarray | None:
    """Images of the data the model learned from, for "the images that excite this filter most"; None if unknown."""
    choice = ws.current(NETWORK, ("model",))["model"]
    if choice == "shipped":
        return shapes_images(int(net.input_shape[0]))
    if choice == "trained":
        data = st.session_state.get("training.data")
        images = getattr(data, "x_val", None)
        if images is not None and tuple(images.shape[1:]) == tuple(net.input_shape):
            return images[:500]
    return None
