"""The explorer's result panels: shape chain and formulas (or predict-then-reveal), the maps, one pixel's arithmetic, an enlarged map, a side-by-side comparison.

Pictures come from `explorer_cache` (drawn by `cnnviz.explorer.pictures`), numbers and formulas from
`cnnviz.explorer.stage` (which takes them from `cnnviz.calc.shapes` / `cnnviz.calc.params`); this module only
places them on the page.
"""
from __future__ import annotations

import numpy as np
import streamlit as st

from cnnviz.explorer import kernels as K
from cnnviz.explorer import pictures as render
from cnnviz.errors import SettingError
from cnnviz.calc.shapes import format_shape
from cnnviz.explorer.stage import Settings, StageResult, StageShapes, chain_text, distinct
from cnnviz.web.explorer.state import COMPARE, KEY, VIEWS
from cnnviz.web.explorer.cache import compute, input_picture, npz_bytes, stage_pictures
from cnnviz.web.lang import current_lang, tr


def shapes_panel(shapes: StageShapes) -> bool:
    """The shape chain, and the output-size and parameter formulas with the learner's numbers."""
    st.markdown(stage_text(shapes))
    return True


def stage_text(shapes: StageShapes) -> str:
    """The shape chain as a heading, then the convolution, pooling and parameter formulas as worked text.

    One Markdown element for all of it: the browser redraws the page once per burst of elements
    on every slider move, so fewer elements make a move faster (bench/explorer_latency.py). The
    formulas are the calculators' worked text, not LaTeX: KaTeX cost about 20 ms of browser time
    per move. The lesson and the arithmetic view keep LaTeX.
    """
    formulas = [*distinct(shapes.conv_formulas), *distinct(shapes.pool_formulas), shapes.params]
    caption = tr("explorer.formula.all" if shapes.pool_formulas else "explorer.formula.no_pool")
    lines = "  \n".join(_plain(f.text()) for f in formulas)
    return f"#### {chain_text(shapes)}\n\n:small[:gray[{_plain(caption)}]]\n\n{lines}"


def _plain(text: str) -> str:
    """Text shown as it is in Markdown: every ASCII punctuation mark escaped (CommonMark allows it)."""
    return "".join("\\" + c if c in _PUNCTUATION else c for c in text)


_PUNCTUATION = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")


def predict_panel(shapes: StageShapes) -> bool:
    """Predict, then reveal: the output shape and parameter count stay hidden until the learner answers.

    Returns True once revealed (for these shapes).
    """
    st.markdown(f"#### {format_shape(shapes.input_shape)} → ? × ? × ?")
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
    st.markdown(stage_text(shapes))
    return True


def shared_scale() -> bool:
    """The learner's choice: one colour scale for all maps of a stage (else one per map)."""
    return bool(st.session_state.get(KEY["shared_scale"], False))


def maps_panel(result: StageResult, input_id: str, pics: dict[str, bytes], hide_shapes: bool = False) -> None:
    """Input with padding, kernels, feature maps, activation maps, pooled maps: one image each.

    `input_id` is the digest of the input pixels (a cache key); `pics` are the stage's pictures
    (`explorer_cache.stage_pictures`, already made before drawing). `hide_shapes` (predict mode,
    before the answer) writes ? for the sizes the learner is predicting.
    """
    s = result.settings

    def shape(a: np.ndarray) -> str:
        return format_shape(("?",) * a.ndim if hide_shapes else a.shape)

    padded = result.padded.shape != result.input.shape
    input_caption = "explorer.pic.input" if padded else "explorer.pic.input_plain"
    if s.kernel in K.NAMES:
        names = ", ".join(f"{f}: {tr('explorer.kernel.' + n)}" for f, n in enumerate(K.filter_names(s.kernel, s.filters)))
    else:
        names = tr(f"explorer.kernel.{'random' if s.kernel == K.RANDOM else 'custom'}")
    left, right = st.columns([1, 2])
    left.image(input_picture(result.shapes.padding, input_id, result),
               caption=tr(input_caption, shape=format_shape(result.padded.shape)))
    right.image(pics["kernels"], caption=tr("explorer.pic.kernels", shape=shape(result.kernels), names=names))
    left, right = st.columns(2)
    left.image(pics["feature_maps"], caption=tr("explorer.pic.feature_maps", shape=shape(result.feature_maps)))
    right.image(pics["activation_maps"], caption=tr("explorer.pic.activation_maps", act=s.activation,
                                                        shape=shape(result.activation_maps)))
    if s.pool != "none":
        right.image(pics["pooled"], caption=tr("explorer.pic.pooled", pool=tr(f"explorer.pool.{s.pool}"),
                                               shape=shape(result.pooled)))
    st.download_button(tr("explorer.download"), npz_bytes(result), file_name="cnnviz_stage.npz",
                       mime="application/octet-stream", key=KEY["download"], on_click="ignore")


def _clamp(name: str, hi: int) -> None:
    value = st.session_state.get(KEY[name], 0)
    st.session_state[KEY[name]] = min(max(int(value or 0), 0), hi)


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


def compare_panel(settings: Settings, image: np.ndarray, input_id: str) -> None:
    """The same image through two settings that differ in one knob."""
    knob = st.radio(tr("explorer.compare.knob"), COMPARE, key=KEY["compare"], horizontal=True,
                    format_func=lambda k: tr(f"explorer.compare.{k}"))
    if knob == "kernel":
        st.selectbox(tr("explorer.kernel"), K.NAMES, key=KEY["compare_kernel"],
                     format_func=lambda n: tr(f"explorer.kernel.{n}"))
    other = _variant(settings, knob, st.session_state.get(KEY["compare_kernel"], "sobel_x"))
    shared = shared_scale()
    for col, s, label in zip(st.columns(2), (settings, other), ("A", "B")):
        with col:
            st.markdown(f"**{label}** · {_describe(s, knob)}")
            try:
                result = compute(s, image, input_id)
            except SettingError as err:
                st.error(err.sentence(current_lang()))
                continue
            st.markdown(chain_text(result.shapes))
            st.image(stage_pictures(result, shared, input_id)["pooled"])


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


def toolbar() -> None:
    """How the stage is shown: predict first, one colour scale, and a closer look (drawn outside the fragment).

    These change rarely, so a change reruns the whole page; out of the fragment, a slider move
    does not send them again.
    """
    with st.container(horizontal=True, vertical_alignment="bottom", gap="medium"):  # wraps on a narrow screen
        st.toggle(tr("explorer.predict"), key=KEY["predict"], help=tr("explorer.predict_help"))
        st.toggle(tr("explorer.shared_scale"), key=KEY["shared_scale"], help=tr("explorer.shared_scale_help"))
        st.segmented_control(tr("explorer.view"), VIEWS, key=KEY["view"], format_func=lambda v: tr(f"explorer.view.{v}"))
