"""The explorer's Streamlit layer: its session keys, the URL query and the knobs.

All session-state keys of /explorer are declared once in `KEY`. Settings come from the URL on
the first run (bad values give notices), then from the widgets, and are written back to the URL
so a link restores the page. What the page computes is cached in `explorer_cache`.
"""
from __future__ import annotations

import streamlit as st

from cnnviz.explorer import kernels as K
from cnnviz.images import list_samples
from cnnviz.explorer.query import KEYS as QUERY_KEYS
from cnnviz.explorer.query import from_query, to_query
from cnnviz.explorer.stage import ACTIVATIONS, LIMITS, POOLS, Settings
from cnnviz.i18n import table
from cnnviz.web.classroom import sidebar as classroom
from cnnviz.web.explorer.cache import UPLOAD
from cnnviz.web.lang import tr

P = "explorer."
# Every session-state key the explorer uses (widgets and its own), declared once.
KEY = {name: P + name for name in (
    "settings", "notices", "upload", "image", "size", "color", "filters", "kernel_size", "square",
    "kernel_w", "stride", "padding_mode", "padding_p", "dilation", "activation", "bias", "kernel", "seed",
    "grid_text", "pool", "pool_size", "pool_stride", "pool_padding", "shared_scale", "view", "filter", "row", "col",
    "heat_stage", "compare", "compare_kernel", "predict", "guess_h", "guess_w", "guess_c", "guess_params", "download",
    "check", "revealed", "heat_chart",
)}
CUSTOM = "custom"
VIEWS = ("arithmetic", "enlarge", "compare")
COMPARE = ("stride", "padding", "pool", "kernel")


# ---------------------------------------------------------------------------------------------
# Settings ↔ widgets ↔ URL


def _widget_values(s: Settings) -> dict:
    """The widget state that shows settings `s`."""
    explicit = s.explicit_padding is not None
    return {
        "image": s.image, "size": s.size, "color": s.color, "filters": s.filters, "kernel_size": s.kernel_size[0],
        "square": s.kernel_size[0] == s.kernel_size[1], "kernel_w": s.kernel_size[1], "stride": s.stride,
        "padding_mode": "explicit" if explicit else s.padding, "padding_p": s.padding if explicit else 1,
        "dilation": s.dilation, "activation": s.activation, "bias": s.use_bias,
        "kernel": CUSTOM if K.is_grid(s.kernel) else s.kernel, "seed": s.seed,
        "grid_text": s.kernel if K.is_grid(s.kernel) else K.format_grid(K.named_kernel("sobel_x", *s.kernel_size)),
        "pool": s.pool, "pool_size": s.pool_size, "pool_stride": s.pool_stride, "pool_padding": s.pool_padding,
    }


def init_state() -> None:
    """First run: settings from the URL (with notices). Later runs: refill widgets Streamlit forgot."""
    state = st.session_state
    if KEY["settings"] not in state:
        settings, notices = from_query(st.query_params)
        state[KEY["settings"]], state[KEY["notices"]] = settings, notices
    for name, value in _widget_values(state[KEY["settings"]]).items():
        if KEY[name] not in state:
            state[KEY[name]] = value


def settings_from_widgets() -> Settings:
    """The settings the widgets show; an impossible typed grid raises SettingError."""
    w = {name: st.session_state[KEY[name]] for name in _widget_values(Settings())}
    kh = w["kernel_size"]
    kw = kh if w["square"] else w["kernel_w"]
    kernel = w["kernel"]
    if kernel == CUSTOM:
        kernel = K.format_grid(K.parse_grid(w["grid_text"]))
    image = w["image"] if w["image"] in list_samples() or w["image"] == UPLOAD else Settings().image
    return Settings(image=image, size=w["size"], color=w["color"], filters=w["filters"], kernel_size=(kh, kw),
                    stride=w["stride"], padding=w["padding_p"] if w["padding_mode"] == "explicit" else w["padding_mode"],
                    dilation=w["dilation"], activation=w["activation"], kernel=kernel, seed=int(w["seed"]),
                    pool=w["pool"], pool_size=w["pool_size"], pool_stride=w["pool_stride"],
                    pool_padding=w["pool_padding"], use_bias=w["bias"])


def previous_settings() -> Settings:
    """The settings of the last run (from the URL on the first)."""
    return st.session_state[KEY["settings"]]


def upload():
    """The learner's uploaded file, or None."""
    return st.session_state.get(KEY["upload"])


def remember(settings: Settings) -> None:
    """Keep the settings and put them in the URL (other keys such as ``lang`` and ``lock`` stay)."""
    st.session_state[KEY["settings"]] = settings
    wanted = to_query(settings)
    if settings.image == UPLOAD:
        wanted.pop("image")  # an upload cannot travel in a link
    # Only the keys that changed: every assignment sends a message to the browser.
    for key in QUERY_KEYS:
        value = wanted.get(key)
        if st.query_params.get(key) != value:
            if value is None:
                del st.query_params[key]
            else:
                st.query_params[key] = value


def notices() -> list[str]:
    """The sentences for link values that were not used, in this session's language (shown once)."""
    from cnnviz.web.lang import current_lang

    found = st.session_state.get(KEY["notices"], [])
    st.session_state[KEY["notices"]] = []
    return [n.text(current_lang()) for n in found]


def is_locked(name: str) -> bool:
    """A teacher's ``lock=`` fixed this knob (its notices are shown once, in the sidebar)."""
    return classroom.locked(name)


# ---------------------------------------------------------------------------------------------
# The knobs


def _slider(name: str, label: str, knob: str | None = None, **kw):
    lo, hi = LIMITS.get(name, (None, None))
    kw.setdefault("min_value", lo)
    kw.setdefault("max_value", hi)
    return st.slider(label, key=KEY[name], disabled=is_locked(knob or name), **kw)


def _show_upload() -> None:
    """A new upload is what the learner wants to see: select it."""
    if st.session_state.get(KEY["upload"]) is not None:
        st.session_state[KEY["image"]] = UPLOAD


def _image_label(name: str) -> str:
    """A sample's name in this language (a sample without a translation shows its file name)."""
    if name == UPLOAD:
        return tr("explorer.your_upload")
    key = f"explorer.sample.{name}"
    return tr(key) if key in table() else name


def input_knobs() -> None:
    """What goes into the layer, in one row: the upload, the image, its size and colour, the kernel weights."""
    samples = list_samples()
    upload_col, image_col, size_col, kernel_col = st.columns([3, 2, 2, 2], gap="medium")
    upload = upload_col.file_uploader(tr("explorer.upload"), type=["png", "jpg", "jpeg", "bmp", "gif", "webp"],
                                      key=KEY["upload"], disabled=is_locked("image"), on_change=_show_upload)
    options = samples + ([UPLOAD] if upload is not None else [])
    if st.session_state[KEY["image"]] not in options:
        st.session_state[KEY["image"]] = UPLOAD if upload is not None else samples[0]
    with image_col:
        st.selectbox(tr("explorer.image"), options, key=KEY["image"], disabled=is_locked("image"),
                     format_func=_image_label)
    with size_col:
        _slider("size", tr("explorer.size"), step=8)
        st.radio(tr("explorer.color"), ("rgb", "gray"), key=KEY["color"], horizontal=True,
                 disabled=is_locked("color"), format_func=lambda c: tr(f"explorer.color.{c}"))
    with kernel_col:
        kernel_knobs()


def conv_knobs() -> None:
    _slider("filters", tr("explorer.filters"))
    _slider("kernel_size", tr("explorer.kernel_size"))
    if not st.checkbox(tr("explorer.square"), key=KEY["square"], disabled=is_locked("kernel_size")):
        _slider("kernel_w", tr("explorer.kernel_w"), knob="kernel_size", min_value=1, max_value=K.MAX_KERNEL)
    _slider("stride", tr("explorer.stride"))
    st.radio(tr("explorer.padding"), ("valid", "same", "explicit"), key=KEY["padding_mode"], horizontal=True,
             disabled=is_locked("padding"), format_func=lambda m: tr(f"explorer.padding.{m}"))
    if st.session_state[KEY["padding_mode"]] == "explicit":
        _slider("padding_p", tr("explorer.padding_p"), knob="padding", min_value=0, max_value=LIMITS["padding"][1])
    _slider("dilation", tr("explorer.dilation"))
    st.selectbox(tr("explorer.activation"), ACTIVATIONS, key=KEY["activation"], disabled=is_locked("activation"),
                 format_func=lambda a: tr(f"explorer.act.{a}"))
    st.toggle(tr("explorer.bias"), key=KEY["bias"], disabled=is_locked("bias"))


def kernel_knobs() -> None:
    st.selectbox(tr("explorer.kernel"), (*K.NAMES, K.RANDOM, CUSTOM), key=KEY["kernel"],
                 disabled=is_locked("kernel"), format_func=lambda n: tr(f"explorer.kernel.{n}"))
    choice = st.session_state[KEY["kernel"]]
    if choice == K.RANDOM:
        st.number_input(tr("explorer.seed"), min_value=0, max_value=LIMITS["seed"][1], step=1, key=KEY["seed"],
                        disabled=is_locked("seed"))
    elif choice == CUSTOM:
        st.text_area(tr("explorer.grid"), key=KEY["grid_text"], height=110, disabled=is_locked("kernel"),
                     help=tr("explorer.grid_help"))


def pool_knobs() -> None:
    st.radio(tr("explorer.pool"), tuple(POOLS), key=KEY["pool"], horizontal=True, disabled=is_locked("pool"),
             format_func=lambda p: tr(f"explorer.pool.{p}"))
    if st.session_state[KEY["pool"]] != "none":
        _slider("pool_size", tr("explorer.pool_size"))
        _slider("pool_stride", tr("explorer.pool_stride"))
        st.radio(tr("explorer.pool_padding"), ("valid", "same"), key=KEY["pool_padding"], horizontal=True,
                 disabled=is_locked("pool_padding"), format_func=lambda m: tr(f"explorer.padding.{m}"))
