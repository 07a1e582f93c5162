"""The explorer's Streamlit layer: its session keys and its knobs, drawn from the settings declaration.

The settings are declared once in `cnnviz.explorer.settings.EXPLORER`; `cnnviz.web.settings`
reads them from the link, draws the simple knobs and writes the link back. Four knobs are a
widget or two each and are drawn here: the image (an uploader and a picker), the kernel size (k_h,
a "square" switch, k_w), the padding (valid / same / explicit p) and the kernel weights (a name,
random, or a typed grid). Their widget state is derived from the settings (`widget_state`), so a
widget Streamlit forgot while hidden comes back with its last value.
"""
from __future__ import annotations

import streamlit as st

from cnnviz.explorer import kernels as K
from cnnviz.explorer.settings import EXPLORER, UPLOAD, Settings
from cnnviz.i18n import table
from cnnviz.images import list_samples
from cnnviz.web import settings as ws
from cnnviz.web.classroom.sidebar import locked
from cnnviz.web.lang import tr

P = "explorer."
# Every session key the explorer uses: its settings' widgets (`ws.key(EXPLORER, name)`) and its own.
KEY = {name: P + name for name in (
    *EXPLORER.names, "upload", "square", "kernel_w", "padding_mode", "padding_p", "grid_text", "shared_scale", "view", "filter", "row",
    "col", "heat_stage", "compare", "compare_kernel", "predict", "guess_h", "guess_w", "guess_c", "guess_params",
    "download", "check", "revealed", "heat_chart", "derived",
)}
CUSTOM = "custom"
VIEWS = ("arithmetic", "enlarge", "compare")
COMPARE = ("stride", "padding", "pool", "kernel")
# Widgets that are not one setting each: their state comes from the settings.
DERIVED = ("kernel_size", "square", "kernel_w", "padding_mode", "padding_p", "kernel", "grid_text")


def widget_state(s: Settings) -> dict:
    """The state of the derived widgets that shows settings `s` (the other knobs are the settings themselves)."""
    explicit = s.explicit_padding is not None
    grid = K.is_grid(s.kernel)
    return {
        "kernel_size": s.kernel_size[0], "square": s.kernel_size[0] == s.kernel_size[1], "kernel_w": s.kernel_size[1],
        "padding_mode": "explicit" if explicit else s.padding, "padding_p": s.padding if explicit else 1,
        "kernel": CUSTOM if grid else s.kernel,
        "grid_text": s.kernel if grid else K.format_grid(K.named_kernel("sobel_x", *s.kernel_size)),
    }


def init_state() -> None:
    """Settings from the link (on the first run, or a new link); the derived widgets follow them."""
    if ws.start(EXPLORER):  # read from a link: derived widgets start from it
        for name in DERIVED:
            st.session_state.pop(KEY[name], None)
        st.session_state[KEY["derived"]] = {}


def _derived(name: str) -> str:
    """The key of a derived widget; one Streamlit forgot while hidden gets its last value back.

    Its last value may no longer be in the settings (k_w while the kernel was square, p while the
    padding was 'valid'), so the derived widgets' values are remembered on their own.
    """
    if KEY[name] not in st.session_state:
        memory = st.session_state.get(KEY["derived"], {})
        st.session_state[KEY[name]] = memory[name] if name in memory else widget_state(previous_settings())[name]
    return KEY[name]


def previous_settings() -> Settings:
    """The settings of the last run (from the link on the first)."""
    return Settings(**ws.stored(EXPLORER))


def settings_from_widgets() -> Settings:
    """The settings the widgets show; a widget Streamlit dropped while hidden keeps its last value.

    An impossible typed grid raises SettingError.
    """
    state, last = st.session_state, previous_settings()
    derived = widget_state(last)
    w = {name: state.get(KEY[name], derived[name]) for name in DERIVED}
    memory = state.setdefault(KEY["derived"], {})
    memory.update({name: state[KEY[name]] for name in DERIVED if KEY[name] in state})
    values = ws.current(EXPLORER)
    kh = w["kernel_size"]
    values["kernel_size"] = (kh, kh if w["square"] else w["kernel_w"])
    values["padding"] = w["padding_p"] if w["padding_mode"] == "explicit" else w["padding_mode"]
    kernel = w["kernel"]
    values["kernel"] = K.format_grid(K.parse_grid(w["grid_text"])) if kernel == CUSTOM else kernel
    if values["image"] not in list_samples() and values["image"] != UPLOAD:
        values["image"] = EXPLORER["image"].default
    values["seed"] = int(values["seed"])
    return Settings(**values)


def upload():
    """The learner's uploaded file, or None."""
    return st.session_state.get(KEY["upload"])


def remember(settings: Settings) -> None:
    """Keep the settings and put them in the URL (an upload cannot travel in a link)."""
    ws.remember(EXPLORER, settings.values(), skip=("image",) if settings.image == UPLOAD else ())


def notices() -> list[str]:
    return ws.notices(EXPLORER)


# ---------------------------------------------------------------------------------------------
# The knobs


def _show_upload() -> None:
    """A new upload is what the learner wants to see: select it."""
    if st.session_state.get(KEY["upload"]) is not None:
        st.session_state[ws.key(EXPLORER, "image")] = UPLOAD


def _image_label(name: str) -> str:
    """A sample's name in this language (a sample without a translation shows its file name)."""
    if name == UPLOAD:
        return tr("explorer.your_upload")
    k = f"explorer.sample.{name}"
    return tr(k) if k in table() else name


def input_knobs() -> None:
    """What goes into the layer, in one row: the upload, the image, its size and colour, the kernel weights."""
    samples = list_samples()
    upload_col, image_col, size_col, kernel_col = st.columns([3, 2, 2, 2], gap="medium")
    image_key = ws.restore(EXPLORER, "image")
    uploaded = upload_col.file_uploader(tr("explorer.upload"), type=["png", "jpg", "jpeg", "bmp", "gif", "webp"],
                                        key=KEY["upload"], disabled=locked("image"), on_change=_show_upload)
    options = samples + ([UPLOAD] if uploaded is not None else [])
    if st.session_state[image_key] not in options:
        st.session_state[image_key] = UPLOAD if uploaded is not None else samples[0]
    with image_col:
        st.selectbox(tr("explorer.image"), options, key=image_key, disabled=locked("image"), format_func=_image_label)
    with size_col:
        ws.widget(EXPLORER, "size")
        ws.widget(EXPLORER, "color")
    with kernel_col:
        kernel_knobs()


def conv_knobs() -> None:
    ws.widget(EXPLORER, "filters")
    st.slider(tr("explorer.kernel_size"), 1, K.MAX_KERNEL, key=_derived("kernel_size"), disabled=locked("kernel_size"))
    if not st.checkbox(tr("explorer.square"), key=_derived("square"), disabled=locked("kernel_size")):
        st.slider(tr("explorer.kernel_w"), 1, K.MAX_KERNEL, key=_derived("kernel_w"), disabled=locked("kernel_size"))
    ws.widget(EXPLORER, "stride")
    st.radio(tr("explorer.padding"), ("valid", "same", "explicit"), key=_derived("padding_mode"), horizontal=True,
             disabled=locked("padding"), format_func=lambda m: tr(f"explorer.padding.{m}"))
    if st.session_state[KEY["padding_mode"]] == "explicit":
        st.slider(tr("explorer.padding_p"), 0, EXPLORER["padding"].hi, key=_derived("padding_p"),
                  disabled=locked("padding"))
    ws.widget(EXPLORER, "dilation")
    ws.widget(EXPLORER, "activation")
    ws.widget(EXPLORER, "bias")


def kernel_knobs() -> None:
    st.selectbox(tr("explorer.kernel"), (*K.NAMES, K.RANDOM, CUSTOM), key=_derived("kernel"),
                 disabled=locked("kernel"), format_func=lambda n: tr(f"explorer.kernel.{n}"))
    choice = st.session_state[KEY["kernel"]]
    if choice == K.RANDOM:
        ws.widget(EXPLORER, "seed")
    elif choice == CUSTOM:
        st.text_area(tr("explorer.grid"), key=_derived("grid_text"), height=110, disabled=locked("kernel"),
                     help=tr("explorer.grid_help"))


def pool_knobs() -> None:
    ws.widget(EXPLORER, "pool")
    if st.session_state[ws.key(EXPLORER, "pool")] != "none":
        ws.widget(EXPLORER, "pool_size")
        ws.widget(EXPLORER, "pool_stride")
        ws.widget(EXPLORER, "pool_padding")
