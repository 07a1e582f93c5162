"""The training page's form: the data, the model and the course notes' knobs, drawn from the settings declaration.

Every knob is a setting of `cnnviz.training.settings.TRAINING`, so a link sets it and a teacher's
``lock=`` disables it (``/training?preset=tf_flowers&epochs=15&lock=epochs``). `form()` draws the
panels and returns what the Train button needs; the values go back into the link.
"""
from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from cnnviz.calc.specs import Spec, load_spec, parse_spec
from cnnviz.errors import SettingError
from cnnviz.presets import DEFAULT_PRESET, load_preset
from cnnviz.training import datasets
from cnnviz.training.flowers import FLOWERS
from cnnviz.training.folders import server_path
from cnnviz.training.settings import ARCHITECTURE, FOLDER, TRAINING, UPLOAD, train_settings
from cnnviz.web import settings as ws
from cnnviz.web.lang import tr
from cnnviz.web.training import data as training_data
from cnnviz.web.training import state as web
from cnnviz.web.training.runs import run_name


HANDED_OVER = "training.handed_over"  # the architecture last handed over (made the selection once)


@dataclass
class Form:
    """What the learner chose: the data (None until it is loaded), the model spec, the run's knobs and its name."""

    data: datasets.ImageData | None
    spec: Spec | None
    settings: object  # TrainSettings
    name: str = ""
    source: dict | None = None  # how the notebook loads the same data again (`cnnviz.runs.records.describe_data`)


def _handed_over(lang: str) -> tuple[bool, Spec | None]:
    """Whether /architecture handed a model over in this session, and its spec (None, with a sentence, if broken).

    A model handed over for the first time becomes the selected one.
    """
    arch = st.session_state.get(web.ARCHITECTURE_SPEC)
    if arch is None:
        return False, None
    marker = repr(arch)[:100_000]
    if st.session_state.get(HANDED_OVER) != marker:
        st.session_state[HANDED_OVER] = marker
        st.session_state[ws.key(TRAINING, "preset")] = ARCHITECTURE
    try:
        return True, arch if isinstance(arch, Spec) else parse_spec(arch) if isinstance(arch, dict) else load_spec(arch)
    except SettingError as err:
        st.error(err.sentence(lang))
        return True, None


ARCHIVE_TYPES = ["zip", "tar", "tgz", "gz", "bz2", "xz"]


def _size_label(side: int) -> str:
    return tr("training.data.own_size") if side == 0 else f"{side} × {side}"


def data_panel(lang: str):
    """The data: a named set, an uploaded archive, or a folder / archive / URL; returns it loaded, or None."""
    st.subheader(tr("training.data.header"))
    source = ws.widget(TRAINING, "dataset")
    ws.widget(TRAINING, "split")
    if source in datasets.KERAS_SETS:
        ws.widget(TRAINING, "limit")
    else:  # drawn sets are drawn at any size; folders and flowers are resized (the model's input follows)
        ws.widget(TRAINING, "image_size", format_func=_size_label)
    if source in (UPLOAD, FOLDER, FLOWERS):
        ws.widget(TRAINING, "color_mode")
    v = ws.current(TRAINING, ("split", "image_size", "limit", "color_mode", "source"))
    data, notices = None, []
    try:
        if source == UPLOAD:
            upload = st.file_uploader(tr("training.data.archive"), type=ARCHIVE_TYPES, key="training.zip",
                                      help=tr("training.data.zip_help"), disabled=ws.locked("dataset"))
            if upload is None:
                st.info(tr("training.data.need_zip"))
            else:
                key = (upload.file_id, v["image_size"], v["split"], v["color_mode"])
                data, notices = training_data.load_source(upload.getvalue(), key, v["image_size"], v["split"],
                                                          v["color_mode"])
        elif source == FOLDER:
            text = st.text_input(tr("training.data.url"), key=ws.restore(TRAINING, "source"), max_chars=2000,
                                 disabled=ws.locked("source"), help=tr("training.data.folder_help")).strip()
            if not text:
                st.info(tr("training.data.need_source"))
            else:
                where = text if text.lower().startswith(("http://", "https://")) else str(server_path(text))
                data, notices = training_data.load_source(where, (text, v["image_size"], v["split"], v["color_mode"]),
                                                          v["image_size"], v["split"], v["color_mode"])
        else:
            data = training_data.load_builtin(source, v["split"], v["limit"], v["image_size"], v["color_mode"])
    except SettingError as err:
        st.error(err.sentence(lang))
    if notices:
        with st.expander(tr("training.data.skipped", n=len(notices))):
            st.text("\n".join(n.sentence(lang) for n in notices[:50]))
    if data is not None:
        st.caption(tr("training.data.summary", n_train=data.n_train, n_val=data.n_val, shape=data.input_shape,
                      k=data.num_classes, names=", ".join(training_data.class_label(n) for n in data.class_names)))
        st.image(training_data.sample_grid(data), caption=tr("training.data.samples"))
    return data


def options_panel() -> None:
    """The notes' training options: EarlyStopping, ReduceLROnPlateau, keeping the best epoch (Keras callbacks)."""
    with st.expander(tr("training.options.header")):
        a, b = st.columns(2)
        ws.widget(TRAINING, "early_stopping", container=a)
        ws.widget(TRAINING, "patience", container=a)
        ws.widget(TRAINING, "reduce_lr", container=b)
        ws.widget(TRAINING, "lr_factor", container=b)
        ws.widget(TRAINING, "lr_patience", container=b)
        ws.widget(TRAINING, "monitor", container=a)
        ws.widget(TRAINING, "checkpoint", container=a)
        st.caption(tr("training.options.note"))


def model_panel(data: datasets.ImageData | None, lang: str) -> Spec | None:
    st.subheader(tr("training.model.header"))
    handed, arch = _handed_over(lang)
    options = TRAINING["preset"].options() if handed else TRAINING["preset"].options()[1:]
    key = ws.key(TRAINING, "preset")
    if st.session_state.get(key, ws.stored(TRAINING)["preset"]) not in options:
        st.session_state[key] = DEFAULT_PRESET
    preset = ws.widget(TRAINING, "preset", options=options,
                       format_func=lambda p: tr("training.model.architecture") if p == ARCHITECTURE else p)
    spec = arch if preset == ARCHITECTURE else load_preset(preset)
    if data is not None:
        st.caption(tr("training.model.adapted", k=data.num_classes, shape=data.input_shape))
    st.subheader(tr("training.settings.header"))
    c1, c2 = st.columns(2)
    ws.widget(TRAINING, "optimizer", container=c1)
    ws.widget(TRAINING, "learning_rate", container=c2)
    ws.widget(TRAINING, "batch_size", container=c1)
    ws.widget(TRAINING, "epochs", container=c2)
    ws.widget(TRAINING, "seed", container=c1)
    return spec


def augmentation_panel(data: datasets.ImageData | None) -> None:
    with st.expander(tr("training.aug.header")):
        left, right = st.columns([2, 1])
        for name in ("flip", "rotation", "zoom", "dropout"):
            ws.widget(TRAINING, name, container=left)
        if data is not None:
            v = ws.current(TRAINING, ("flip", "rotation", "zoom"))
            preview = training_data.augmentation_preview(training_data.preview_image(data), v["flip"], v["rotation"],
                                                         v["zoom"])
            right.image(preview, caption=tr("training.aug.preview"))


def form(lang: str) -> Form:
    """The whole form; the settings go back into the link (a handed-over architecture cannot travel)."""
    ws.start(TRAINING, extra_keys=(web.RUN_PARAM,))
    for sentence in ws.notices(TRAINING):
        st.warning(sentence)
    data_col, model_col = st.columns(2)
    with data_col:
        data = data_panel(lang)
    with model_col:
        spec = model_panel(data, lang)
    augmentation_panel(data)
    options_panel()
    values = ws.current(TRAINING)
    ws.remember(TRAINING, values, skip=("preset",) if values["preset"] == ARCHITECTURE else ())
    settings = train_settings(values)
    default = run_name(spec.name if spec is not None else values["preset"], values["dataset"], settings)
    name = st.text_input(tr("training.runs.name"), placeholder=default, max_chars=120, key="training.run_name")
    source = {}
    if values["dataset"] == UPLOAD and st.session_state.get("training.zip") is not None:
        source = {"kind": "folder", "data_dir": st.session_state["training.zip"].name}
    elif values["dataset"] == FOLDER:
        source = {"kind": "folder", "data_dir": values["source"]}
    return Form(data, spec, settings, (name or "").strip() or default, source)
