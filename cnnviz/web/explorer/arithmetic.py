"""One pixel's arithmetic on /explorer, forwards (patch ⊙ kernel → sum → activation → pooling) and backwards (∂L/∂ back to a weight).

The learner points instead of typing: clicking a filter's tile picks the filter, clicking a pixel of
its map picks the position (plotly's selection events through ``st.plotly_chart(on_select=...)``);
the number boxes stay for exact values. Forward numbers come from `cnnviz.explorer.arithmetic`,
backward ones from `cnnviz.explorer.backward` and `backward_arithmetic`; the LaTeX lines from `cnnviz.explorer.latex`.
"""
from __future__ import annotations

import streamlit as st

from cnnviz.explorer import backward, backward_arithmetic, latex
from cnnviz.explorer import pictures as render
from cnnviz.explorer.arithmetic import explain
from cnnviz.explorer.stage import StageResult
from cnnviz.web.explorer.state import KEY
from cnnviz.web.lang import tr

DIRECTIONS = ("forward", "backward")
LOSSES = ("mean", "pixel")
RATES = (0.001, 0.01, 0.1, 1.0)
P = "explorer."
OWN = {name: P + name for name in ("direction", "loss", "rate", "w_i", "w_j", "w_c", "pick_filter", "pick_pixel",
                                   "tile_stride")}


def _clamp(key: str, hi: int) -> int:
    value = min(max(int(st.session_state.get(key) or 0), 0), hi)
    st.session_state[key] = value
    return value


def _picked(chart_key: str):
    """The first clicked point of a chart's selection, or None."""
    event = st.session_state.get(chart_key)
    points = getattr(getattr(event, "selection", None), "points", None) or []
    return points[0] if points else None


def _on_filter_pick() -> None:
    point = _picked(OWN["pick_filter"])
    stride = st.session_state.get(OWN["tile_stride"])
    if point is not None and "x" in point and stride:
        st.session_state[KEY["filter"]] = int(point["x"]) // stride  # tiles of `stride` columns, gap included


def _on_pixel_pick() -> None:
    point = _picked(OWN["pick_pixel"])
    if point is not None and "x" in point and "y" in point:
        st.session_state[KEY["row"]], st.session_state[KEY["col"]] = int(point["y"]), int(point["x"])


def position(result: StageResult) -> tuple[int, int, int, str]:
    """The filter and output position the learner picked (by clicking, or in the number boxes), and the direction."""
    h, w, n = result.feature_maps.shape
    f, r, c = _clamp(KEY["filter"], n - 1), _clamp(KEY["row"], h - 1), _clamp(KEY["col"], w - 1)
    st.caption(tr("explorer.pick.help"))
    st.session_state[OWN["tile_stride"]] = render.shrink(result.feature_maps[:, :, :1], render.PICK_CELL).shape[1] + 1
    st.plotly_chart(render.filters_figure(result.feature_maps, f, render.PICK_CELL, tr("explorer.pick.filter")),
                    key=OWN["pick_filter"], on_select=_on_filter_pick, selection_mode="points",
                    config={"displayModeBar": False})
    left, right = st.columns([2, 1])
    with left:
        st.plotly_chart(render.pixel_figure(result.feature_maps[:, :, f], r, c, title=tr("explorer.pick.pixel", f=f),
                                            hover=tr("explorer.hover")),
                        key=OWN["pick_pixel"], on_select=_on_pixel_pick, selection_mode="points",
                        config={"displayModeBar": False})
    with right:
        st.number_input(tr("explorer.filter"), min_value=0, max_value=n - 1, key=KEY["filter"])
        st.number_input(tr("explorer.row"), min_value=0, max_value=h - 1, key=KEY["row"])
        st.number_input(tr("explorer.col"), min_value=0, max_value=w - 1, key=KEY["col"])
        direction = st.segmented_control(tr("explorer.direction"), DIRECTIONS, key=OWN["direction"], default="forward",
                                         format_func=lambda d: tr(f"explorer.direction.{d}"))
    return f, r, c, direction or "forward"


def panel(result: StageResult) -> None:
    """Pick a filter and a position, then its arithmetic forwards or backwards."""
    f, r, c, direction = position(result)
    if direction == "backward":
        backward_panel(result, f, r, c)
    else:
        forward_panel(result, f, r, c)


def forward_panel(result: StageResult, f: int, r: int, c: int) -> None:
    """Patch ⊙ kernel, the sums, + bias, the activation, the pooling window."""
    a = explain(result, f, r, c)
    s = result.settings
    channels = ["R", "G", "B"] if result.input.shape[2] == 3 else ["Y"]
    lines = latex.arithmetic_latex(a, channels, s.activation, s.pool)
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


def loss_for(result: StageResult, f: int, r: int, c: int) -> backward.Loss:
    """The loss the learner picked: the mean of all outputs, or the one output that holds the chosen pixel."""
    if st.session_state.get(OWN["loss"], "mean") == "mean":
        return backward.MEAN
    if result.settings.pool == "none":
        return backward.Loss("activation", f, r, c)
    a = explain(result, f, r, c)
    return backward.Loss("pooled", f, a.pool_row, a.pool_col)


def backward_panel(result: StageResult, f: int, r: int, c: int) -> None:
    """∂L/∂(this feature-map pixel) through pooling and the activation, then ∂L/∂w for one weight and one SGD step."""
    kh, kw, c_in, _ = result.kernels.shape
    a, b, d = st.columns(3)
    a.radio(tr("explorer.loss"), LOSSES, key=OWN["loss"], horizontal=True,
            format_func=lambda k: tr(f"explorer.loss.{k}"))
    b.select_slider(tr("explorer.learning_rate"), RATES, value=0.01, key=OWN["rate"])
    with d:
        cols = st.columns(3)
        i = int(cols[0].number_input("i", 0, kh - 1, value=(kh - 1) // 2, key=OWN["w_i"]))
        j = int(cols[1].number_input("j", 0, kw - 1, value=(kw - 1) // 2, key=OWN["w_j"]))
        ch = int(cols[2].number_input("c", 0, c_in - 1, value=0, key=OWN["w_c"]))
    loss = loss_for(result, f, r, c)
    grads = backward.gradients(result, loss)
    chain = backward_arithmetic.pixel_chain(result, f, r, c, loss, grads=grads)
    weight = backward_arithmetic.weight_gradient(result, i, j, ch, f, loss, st.session_state[OWN["rate"]],
                                                 grads=grads)
    bias = None if grads.grad_bias is None else float(grads.grad_bias[f])
    lines = latex.backward_latex(chain, weight, bias, result.settings.activation)
    n = result.pooled.size
    st.markdown(tr("explorer.backward.loss_mean", n=f"{n:,}", value=f"{grads.value:.6g}") if loss.target == "mean"
                else tr("explorer.backward.loss_pixel", row=loss.row, col=loss.col, f=f, value=f"{grads.value:.6g}"))
    if lines["routes"]:
        st.caption(tr("explorer.backward.routes", pool=tr(f"explorer.pool.{result.settings.pool}")))
        for line in lines["routes"]:
            st.latex(line)
    elif result.settings.pool != "none":
        st.caption(tr("explorer.backward.no_route"))
    st.caption(tr("explorer.backward.activation", act=result.settings.activation))
    for line in lines["activation"]:
        st.latex(line)
    st.caption(tr("explorer.backward.weight", n=weight.n_terms, nonzero=weight.n_nonzero, shown=len(weight.terms)))
    for line in lines["weight"] + lines["bias"]:
        st.latex(line)
    st.caption(tr("explorer.backward.npz"))
