"""The explorer's result panels: shape chain and formulas (or predict-then-reveal), the maps, one pixel's arithmetic, an enlarged map, a side-by-side comparison.

Pictures come from `cnnviz.render`, numbers and formulas from `cnnviz.stage` (which takes them
from `cnnviz.shapes` / `cnnviz.params`); this module only places them on the page.
"""
from __future__ import annotations

import hashlib

import numpy as np
import streamlit as st

from .. import kernels as K
from .. import render
from ..errors import SettingError
from ..stage import Settings, StageResult, StageShapes, chain_text, distinct, explain
from ..query import to_query
from .explorer import COMPARE, KEY, VIEWS, compute, npz_bytes
from .lang import current_lang, tr


@st.cache_data(max_entries=32, show_spinner=False)
def pictures(query: tuple, _result: StageResult, shared: bool) -> dict:
    """The composite images of a stage as JPEG bytes (cached per settings and image)."""
    r = _result
    images = {
        "kernels": render.kernels_montage(r.kernels),
        "feature_maps": render.maps_montage(r.feature_maps, shared=shared),
        "activation_maps": render.maps_montage(r.activation_maps, shared=shared),
        "pooled": render.maps_montage(r.pooled, shared=shared),
    }
    # JPEG bytes go to the browser as they are; a PIL image would be re-encoded as PNG (~50× slower).
    return {name: render.to_jpeg(image) for name, image in images.items()}


@st.cache_data(max_entries=32, show_spinner=False)
def input_picture(key: tuple, _result: StageResult) -> bytes:
    """The input with its padding as JPEG bytes; `key` (padding, pixels) changes less often than the maps."""
    return render.to_jpeg(render.input_image(_result.padded, _result.shapes.padding))


def _image_id(x: np.ndarray) -> str:
    """A digest of the input pixels: two uploads under the same settings must not share pictures."""
    return hashlib.blake2b(np.ascontiguousarray(x).tobytes(), digest_size=16).hexdigest()


def _key(result: StageResult) -> tuple:
    """The cache key of a stage's pictures: its settings and its input."""
    return tuple(sorted(to_query(result.settings).items())), _image_id(result.input)


def shapes_panel(shapes: StageShapes) -> bool:
    """The shape chain, and the output-size and parameter formulas with the learner's numbers."""
    st.markdown(f"#### {chain_text(shapes)}")
    _formulas(shapes)
    return True


def _formulas(shapes: StageShapes) -> None:
    """Convolution, pooling and parameter formulas (from the calculators) in one LaTeX block."""
    lines = [f.latex() for f in distinct(shapes.conv_formulas)]
    if shapes.pool_formulas:
        lines += [f.latex() for f in distinct(shapes.pool_formulas)]
    lines.append(shapes.params.latex())
    st.caption(tr("explorer.formula.all" if shapes.pool_formulas else "explorer.formula.no_pool"))
    # One element instead of one per formula: each element is a message to the browser on every move.
    st.latex(r"\begin{gathered}" + r" \\[6pt] ".join(lines) + r"\end{gathered}")


def predict_panel(shapes: StageShapes) -> bool:
    """Predict, then reveal: the output shape and parameter count stay hidden until the learner answers.

    Returns True once revealed (for these shapes).
    """
    st.markdown(f"#### {' × '.join(str(v) for v in shapes.input_shape)} → ? × ? × ?")
    revealed = st.session_state.get(KEY["revealed"]) == shapes
    cols = st.columns(4)
    for col, name in zip(cols, ("guess_h", "guess_w", "guess_c", "guess_params")):
        col.number_input(tr(f"explorer.{name}"), min_value=0, step=1, value=None, key=KEY[name])
    if st.button(tr("explorer.check"), key=KEY["check"]):
        revealed = True
        st.session_state[KEY["revealed"]] = shapes
    if not revealed:
        st.caption(tr("explorer.predict_hint"))
        return False
    truth = (*shapes.conv_shape, shapes.params.value)
    guesses = [st.session_state[KEY[n]] for n in ("guess_h", "guess_w", "guess_c", "guess_params")]
    right = sum(g == v for g, v in zip(guesses, truth))
    (st.success if right == 4 else st.warning)(tr("explorer.checked", right=right, total=4))
    st.markdown(f"#### {chain_text(shapes)}")
    _formulas(shapes)
    return True


def maps_panel(result: StageResult, hide_shapes: bool = False) -> None:
    """Input with padding, kernels, feature maps, activation maps, pooled maps: one image each.

    `hide_shapes` (predict mode, before the answer) writes ? for the sizes the learner is predicting.
    """
    s = result.settings
    pics = pictures(_key(result), result, bool(st.session_state.get(KEY["shared_scale"], False)))

    def shape(a: np.ndarray) -> str:
        return " × ".join("?" if hide_shapes else str(v) for v in a.shape)

    left, right = st.columns([1, 2])
    padded = result.padded.shape != result.input.shape
    input_key = (result.shapes.padding, _image_id(result.input))
    input_caption = "explorer.pic.input" if padded else "explorer.pic.input_plain"
    left.image(input_picture(input_key, result), caption=tr(input_caption, shape=_shape(result.padded)))
    if s.kernel in K.NAMES:
        names = ", ".join(f"{f}: {tr('explorer.kernel.' + n)}" for f, n in enumerate(K.filter_names(s.kernel, s.filters)))
    else:
        names = tr(f"explorer.kernel.{'random' if s.kernel == K.RANDOM else 'custom'}")
    right.image(pics["kernels"], caption=tr("explorer.pic.kernels", shape=shape(result.kernels), names=names))
    left, right = st.columns(2)
    left.image(pics["feature_maps"], caption=tr("explorer.pic.feature_maps", shape=shape(result.feature_maps)))
    right.image(pics["activation_maps"], caption=tr("explorer.pic.activation_maps", act=s.activation,
                                                        shape=shape(result.activation_maps)))
    if s.pool != "none":
        left, _ = st.columns(2)
        left.image(pics["pooled"], caption=tr("explorer.pic.pooled", pool=tr(f"explorer.pool.{s.pool}"),
                                              shape=shape(result.pooled)))
    st.toggle(tr("explorer.shared_scale"), key=KEY["shared_scale"], help=tr("explorer.shared_scale_help"))
    st.download_button(tr("explorer.download"), npz_bytes(result), file_name="cnnviz_stage.npz",
                       mime="application/octet-stream", key=KEY["download"], on_click="ignore")


def _shape(a: np.ndarray) -> str:
    return " × ".join(str(v) for v in a.shape)


def _clamp(name: str, hi: int) -> None:
    value = st.session_state.get(KEY[name], 0)
    st.session_state[KEY[name]] = min(max(int(value or 0), 0), hi)


def arithmetic_panel(result: StageResult) -> None:
    """Pick a filter and an output position; show patch ⊙ kernel, the sums, + bias, activation, pooling."""
    h, w, f = result.feature_maps.shape
    for name, hi in (("filter", f - 1), ("row", h - 1), ("col", w - 1)):
        _clamp(name, hi)
    cols = st.columns(3)
    cols[0].number_input(tr("explorer.filter"), min_value=0, max_value=f - 1, key=KEY["filter"])
    cols[1].number_input(tr("explorer.row"), min_value=0, max_value=h - 1, key=KEY["row"])
    cols[2].number_input(tr("explorer.col"), min_value=0, max_value=w - 1, key=KEY["col"])
    a = explain(result, st.session_state[KEY["filter"]], st.session_state[KEY["row"]], st.session_state[KEY["col"]])
    s = result.settings
    channels = ["R", "G", "B"] if result.input.shape[2] == 3 else ["Y"]
    lines = render.arithmetic_latex(a, channels, s.activation, s.pool)
    st.caption(tr("explorer.arith.patch", rows=f"{a.rows[0]}…{a.rows[-1]}", cols=f"{a.cols[0]}…{a.cols[-1]}",
                  stride=s.stride, dilation=s.dilation))
    for line in lines["channels"]:
        st.latex(line)
    st.caption(tr("explorer.arith.sum"))
    st.latex(lines["total"][0])
    st.caption(tr("explorer.arith.activation"))
    st.latex(lines["activation"][0])
    if lines["pool"]:
        st.caption(tr("explorer.arith.pool", row=a.pool_row, col=a.pool_col) if a.in_pool_window
                   else tr("explorer.arith.dropped", row=a.pool_row, col=a.pool_col))
        st.latex(lines["pool"][0])
    (st.success if a.consistent else st.error)(
        tr("explorer.arith.check", model=f"{a.value:.6g}", numpy=f"{a.numpy_value:.6g}"))


def enlarge_panel(result: StageResult) -> None:
    """One map, enlarged, with hover values."""
    stages = ("feature_maps", "activation_maps", "pooled")
    cols = st.columns(2)
    stage = cols[0].radio(tr("explorer.enlarge.stage"), stages, key=KEY["heat_stage"], horizontal=True,
                          format_func=lambda n: tr(f"explorer.stage.{n}"))
    maps = getattr(result, stage)
    _clamp("filter", maps.shape[2] - 1)
    f = cols[1].number_input(tr("explorer.filter"), min_value=0, max_value=maps.shape[2] - 1, key=KEY["filter"])
    fig = render.heatmap(maps[:, :, f], title=tr(f"explorer.stage.{stage}") + f" · {f}", x_title=tr("explorer.col"),
                         y_title=tr("explorer.row"), hover=tr("explorer.hover"))
    st.plotly_chart(fig, key=KEY["heat_chart"], config={"displaylogo": False})


def compare_panel(settings: Settings, image: np.ndarray) -> None:
    """The same image through two settings that differ in one knob."""
    knob = st.radio(tr("explorer.compare.knob"), COMPARE, key=KEY["compare"], horizontal=True,
                    format_func=lambda k: tr(f"explorer.compare.{k}"))
    if knob == "kernel":
        st.selectbox(tr("explorer.kernel"), K.NAMES, key=KEY["compare_kernel"],
                     format_func=lambda n: tr(f"explorer.kernel.{n}"))
    other = _variant(settings, knob, st.session_state.get(KEY["compare_kernel"], "sobel_x"))
    shared = bool(st.session_state.get(KEY["shared_scale"], False))
    for col, s, label in zip(st.columns(2), (settings, other), ("A", "B")):
        with col:
            st.markdown(f"**{label}** · {_describe(s, knob)}")
            try:
                result = compute(s, image)
            except SettingError as err:
                st.error(err.sentence(current_lang()))
                continue
            st.markdown(chain_text(result.shapes))
            st.image(pictures(_key(result), result, shared)["pooled"])


def _variant(s: Settings, knob: str, kernel: str) -> Settings:
    if knob == "stride":
        return s.replace(stride=2 if s.stride == 1 else 1, dilation=1)
    if knob == "padding":
        return s.replace(padding="same" if s.padding != "same" else "valid")
    if knob == "pool":
        return s.replace(pool="min" if s.pool != "min" else "max")
    return s.replace(kernel=kernel if kernel != s.kernel else "sobel_y")


def _describe(s: Settings, knob: str) -> str:
    if knob == "kernel":
        return tr(f"explorer.kernel.{s.kernel}") if s.kernel in K.NAMES or s.kernel == K.RANDOM else tr(
            "explorer.kernel.custom")
    if knob == "pool":
        return tr(f"explorer.pool.{s.pool}")
    return f"{tr('explorer.' + knob)} = {getattr(s, knob)}"


def view_picker() -> str | None:
    return st.segmented_control(tr("explorer.view"), VIEWS, key=KEY["view"],
                                format_func=lambda v: tr(f"explorer.view.{v}"))
