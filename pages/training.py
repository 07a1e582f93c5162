"""Training: pick data and a model, train live with growing curves, stop, and see what the model learned."""
import streamlit as st

from cnnviz.training import datasets
from cnnviz.errors import SettingError
from cnnviz.i18n import t
from cnnviz.presets import DEFAULT_PRESET, list_presets, load_preset
from cnnviz.calc.specs import Spec, load_spec, parse_spec
from cnnviz.training.run import OPTIMIZERS, TrainSettings
from cnnviz.web.training import state as web
from cnnviz.web.entry import ensure_navigation
from cnnviz.web.lang import current_lang, tr

ensure_navigation()

lang = current_lang()
st.title(tr("training.title"))
st.markdown(tr("training.intro"))
web.reattach()  # a reloaded page takes up its run (the link names it)

SOURCES = [*datasets.DATASETS, "upload"]
RATES = [1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2, 1e-1]

data_col, model_col = st.columns(2)
with data_col:
    st.subheader(tr("training.data.header"))
    source = st.selectbox(tr("training.data.source"), SOURCES, key="training.source",
                          format_func=lambda s: t(f"training.data.{s}", lang))
    split = st.slider(tr("training.data.split"), 0.1, 0.5, 0.2, 0.05, key="training.split")
    upload, size, limit = None, 32, 10_000
    if source == "upload":
        upload = st.file_uploader(tr("training.data.zip"), type=["zip"], key="training.zip", help=tr("training.data.zip_help"))
        size = st.select_slider(tr("training.data.image_size"), [16, 24, 32, 48, 64, 96, 128], 64, key="training.size")
    elif source in datasets.KERAS_SETS:
        limit = st.select_slider(tr("training.data.limit"), [1000, 2000, 5000, 10_000, 20_000, 60_000], 5000,
                                 key="training.limit")

    data = None
    try:
        if source == "upload":
            if upload is None:
                st.info(tr("training.data.need_zip"))
            else:
                data, notices = web.load_zip(upload, size, split)
                if notices:
                    with st.expander(tr("training.data.skipped", n=len(notices))):
                        st.text("\n".join(n.sentence(lang) for n in notices[:50]))
        else:
            data = web.load_builtin(source, split, limit)
    except SettingError as err:
        st.error(err.sentence(lang))
    if data is not None:
        st.caption(tr("training.data.summary", n_train=len(data.x_train), n_val=len(data.x_val), shape=data.input_shape,
                      k=data.num_classes, names=", ".join(web.class_label(n) for n in data.class_names)))
        st.image(web.sample_grid(data), caption=tr("training.data.samples"))

with model_col:
    st.subheader(tr("training.model.header"))
    choices = list_presets()
    arch = st.session_state.get(web.ARCHITECTURE_SPEC)
    if arch is not None:
        choices = ["architecture", *choices]
    preset = st.selectbox(tr("training.model.preset"), choices, index=0 if arch is not None else choices.index(DEFAULT_PRESET),
                          key="training.preset",
                          format_func=lambda p: t("training.model.architecture", lang) if p == "architecture" else p)
    spec = None
    try:
        if preset != "architecture":
            spec = load_preset(preset)
        else:
            spec = arch if isinstance(arch, Spec) else parse_spec(arch) if isinstance(arch, dict) else load_spec(arch)
    except SettingError as err:
        st.error(err.sentence(lang))
    if data is not None:
        st.caption(tr("training.model.adapted", k=data.num_classes, shape=data.input_shape))
    st.subheader(tr("training.settings.header"))
    c1, c2 = st.columns(2)
    optimizer = c1.selectbox(tr("training.settings.optimizer"), OPTIMIZERS, key="training.optimizer",
                             format_func=lambda o: t(f"training.settings.{o}", lang))
    rate = c2.select_slider(tr("training.settings.learning_rate"), RATES, 1e-3, key="training.rate")
    batch = c1.select_slider(tr("training.settings.batch_size"), [8, 16, 32, 64, 128], 32, key="training.batch")
    epochs = c2.slider(tr("training.settings.epochs"), 1, 50, 10, key="training.epochs")

with st.expander(tr("training.aug.header")):
    a1, a2 = st.columns([2, 1])
    flip = a1.checkbox(tr("training.aug.flip"), key="training.flip")
    rotation = a1.slider(tr("training.aug.rotation"), 0.0, 0.5, 0.0, 0.05, key="training.rotation")
    zoom = a1.slider(tr("training.aug.zoom"), 0.0, 0.5, 0.0, 0.05, key="training.zoom")
    dropout = a1.slider(tr("training.aug.dropout"), 0.0, 0.8, 0.0, 0.05, key="training.dropout")
    if data is not None:
        a2.image(web.augmentation_preview(web.preview_image(data), flip, rotation, zoom), caption=tr("training.aug.preview"))

settings = TrainSettings(optimizer=optimizer, learning_rate=rate, batch_size=batch, epochs=epochs, flip=flip,
                         rotation=rotation, zoom=zoom, dropout=dropout)
ready = data is not None and spec is not None
if st.button(tr("training.train"), key="training.train", type="primary", disabled=not ready or web.busy()):
    try:
        web.start(spec, data, settings)
    except SettingError as err:
        st.error(err.sentence(lang))

web.live_panel()
web.results_panel()
