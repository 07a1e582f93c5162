"""Pictures of a network at work: layer columns of feature maps, one map's origin, Grad-CAM, and the vector charts.

PIL images for maps (each layer on one colour scale, as CNN Explainer does) and plotly figures for
vectors and probabilities. A real model (MobileNetV2: 150 layers, up to 1,280 channels) would make
an overview of 15,000 × 100,000 pixels, which no browser draws: `overview_page` pages through
layers and channels so every picture stays within `MAX_SIDE` and `MAX_PIXELS`, and says which
ones it shows. No Streamlit here: every function returns an image or a figure.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import plotly.graph_objects as go
from PIL import Image, ImageDraw

from cnnviz.pictures.colors import TURBO, colorize_range, colorize_signed
from cnnviz.pictures.colors import font as load_font

from cnnviz.i18n import t

BACKGROUND = (255, 255, 255)
TEXT = (40, 40, 40)
GAP = 6
HEADER = 34  # a column's name and shape above its maps
# What every browser draws: no side over 16,000 px (Chrome and Firefox stop at 32,767) and at most
# 16 million pixels (iOS Safari's canvas limit is 16.7 million; a decoded page is then 48 MB of RGB).
MAX_SIDE = 16_000
MAX_PIXELS = 16_000_000


def map_tile(values: np.ndarray, size: int, lo: float, hi: float, cmap: str = "viridis") -> Image.Image:
    """One feature map (H, W) as a square-ish tile `size` pixels wide, nearest-neighbour so pixels stay visible."""
    rgb = colorize_range(values, lo, hi, cmap)
    h, w = values.shape
    scale = size / max(h, w)
    return Image.fromarray(rgb).resize((max(1, round(w * scale)), max(1, round(h * scale))), Image.Resampling.NEAREST)


def image_tile(x: np.ndarray, size: int) -> Image.Image:
    """The model's input (H, W, C) in any range → an RGB tile, stretched to 0–255 for display."""
    x = np.asarray(x, dtype=np.float64)
    lo, hi = float(x.min()), float(x.max())
    pixels = ((x - lo) / (hi - lo if hi > lo else 1.0) * 255).astype(np.uint8)  # (H, W, C)
    image = Image.fromarray(pixels[:, :, 0] if pixels.shape[2] == 1 else pixels).convert("RGB")
    h, w = pixels.shape[:2]
    scale = size / max(h, w)
    return image.resize((max(1, round(w * scale)), max(1, round(h * scale))), Image.Resampling.NEAREST)


def _label(text: str, width: int) -> str:
    return text if len(text) * 6.2 <= width else text[: max(3, int(width / 6.2) - 1)] + "…"


@dataclass(frozen=True)
class OverviewPage:
    """One page of the overview: its picture and which map layers and channels it shows.

    `layers` and `channels` are [first, stop) ranges: "layers 0–31 of 150, channels 0–63 of 1280"
    is ``layers=(0, 32)``, ``layer_count=150``, ``channels=(0, 64)``, ``channel_count=1280``.
    """

    image: Image.Image
    layers: tuple[int, int]  # among the layers with image-shaped output (vectors are charts)
    channels: tuple[int, int]
    layer_count: int
    channel_count: int  # the most channels of any of those layers
    layer_pages: int
    channel_pages: int


def _map_outputs(outputs: list) -> list:
    return [out for out in outputs if np.ndim(out.values) == 3]


def _column_height(channels: int, tile: int) -> int:
    return HEADER + channels * (tile + GAP) + GAP


def overview_grid(outputs: list, tile: int = 72, per_page: int | None = None) -> tuple[int, int]:
    """(layers per page, channels per page) that keep a page within `MAX_SIDE` and `MAX_PIXELS`.

    Channels first: `per_page` (None: all of the widest layer) as far as the height allows; then as
    many layers (columns, after the input's) as the width and the pixel budget leave room for.
    """
    maps = _map_outputs(outputs)
    n_layers = max(1, len(maps))
    most = max((out.values.shape[2] for out in maps), default=1)
    col_w = tile + 2 * GAP + 14
    channels = max(1, min(per_page or most, most, (MAX_SIDE - HEADER - GAP) // (tile + GAP)))
    while channels > 1 and 2 * col_w * _column_height(channels, tile) > MAX_PIXELS:
        channels -= 1
    height = _column_height(channels, tile)
    layers = min(n_layers, MAX_SIDE // col_w - 1, MAX_PIXELS // (col_w * height) - 1)
    return max(1, layers), channels


def overview_page(x: np.ndarray, outputs: list, page: int = 0, per_page: int | None = None, layer_page: int = 0,
                  tile: int = 72) -> OverviewPage:
    """CNN Explainer's overview, one page of it: the input, then one column per layer with image-shaped output.

    `outputs` are `network.LayerOutput`s in the graph's order. Channel page `page` shows channels
    [page·n, (page + 1)·n) of every column, layer page `layer_page` the columns [layer_page·L, …),
    with (L, n) from `overview_grid` (n ≤ `per_page`); each column on its layer's own colour scale.
    Pages past the end show the last page. No picture is ever wider or taller than `MAX_SIDE` or
    larger than `MAX_PIXELS`.
    """
    maps = _map_outputs(outputs)
    per_layer_page, per_channel_page = overview_grid(outputs, tile, per_page)
    most = max((out.values.shape[2] for out in maps), default=0)
    layer_pages = max(1, -(-len(maps) // per_layer_page))
    channel_pages = max(1, -(-most // per_channel_page))
    layer_page = min(max(0, int(layer_page)), layer_pages - 1)
    page = min(max(0, int(page)), channel_pages - 1)
    first_layer, first = layer_page * per_layer_page, page * per_channel_page
    stop_layer, stop = min(len(maps), first_layer + per_layer_page), min(most, first + per_channel_page)
    columns = [("input", f"{x.shape[0]}x{x.shape[1]}x{x.shape[2]}", [image_tile(x, tile)])]
    for out in maps[first_layer:stop_layer]:
        v = out.values
        lo, hi = float(v.min()), float(v.max())
        tiles = [map_tile(v[:, :, c], tile, lo, hi) for c in range(first, min(stop, v.shape[2]))]
        columns.append((out.name, f"{v.shape[0]}x{v.shape[1]}x{v.shape[2]}", tiles))
    image = _draw_columns(columns, tile)
    return OverviewPage(image, (first_layer, stop_layer), (first, stop), len(maps), most, layer_pages, channel_pages)


def _draw_columns(columns: list, tile: int) -> Image.Image:
    col_w = tile + 2 * GAP + 14
    height = HEADER + max(sum(im.height + GAP for im in tiles) for _, _, tiles in columns) + GAP
    canvas = Image.new("RGB", (col_w * len(columns), height), BACKGROUND)
    draw = ImageDraw.Draw(canvas)
    font = load_font(11)
    for i, (name, shape, tiles) in enumerate(columns):
        left = i * col_w + GAP
        draw.text((left, 4), _label(name, col_w - GAP), fill=TEXT, font=font)
        draw.text((left, 18), shape, fill=(110, 110, 110), font=font)
        top = HEADER
        for im in tiles:
            canvas.paste(im, (left, top))
            top += im.height + GAP
    return canvas


def overview(x: np.ndarray, outputs: list, max_channels: int | None = 6, tile: int = 72) -> Image.Image:
    """The overview's first page: the first `max_channels` maps of each layer (None: as many as fit).

    Kept for callers that show one picture; `overview_page` pages through layers and channels.
    """
    return overview_page(x, outputs, 0, max_channels, 0, tile).image


def kernel_tile(kernel2d: np.ndarray, cell: int, limit: float) -> Image.Image:
    """A k_h × k_w kernel as coloured cells (blue negative, red positive) with its values when they fit."""
    kh, kw = kernel2d.shape
    rgb = colorize_range(kernel2d, -limit, limit, "diverging")
    image = Image.fromarray(rgb).resize((kw * cell, kh * cell), Image.Resampling.NEAREST)
    if cell >= 26:
        draw = ImageDraw.Draw(image)
        font = load_font(max(8, cell // 3))
        for r in range(kh):
            for c in range(kw):
                draw.text((c * cell + cell / 2, r * cell + cell / 2), _short_number(kernel2d[r, c]),
                          fill=TEXT, font=font, anchor="mm")
    return image


def _short_number(v: float) -> str:
    """0.26 → '.26', -0.15 → '-.15', 1.5 → '1.50': kernel values that fit in a small cell."""
    text = f"{v:.2f}"
    return text.replace("0.", ".", 1) if text.startswith(("0.", "-0.")) else text


def conv_detail(inputs: np.ndarray, kernels: np.ndarray | None, output: np.ndarray, max_inputs: int = 8,
                tile: int = 96, big: int = 224) -> Image.Image:
    """Where one map came from: the input maps (top row), each one's kernel below it, the output map enlarged.

    inputs (H, W, C_in) — the previous layer's maps (or the image); kernels (k_h, k_w, C_in) or None for
    layers without weights; output (H', W') — the chosen map.
    """
    n = min(max_inputs, inputs.shape[2])
    lo, hi = float(inputs.min()), float(inputs.max())
    tops = [map_tile(inputs[:, :, c], tile, lo, hi) for c in range(n)]
    bottoms = []
    if kernels is not None:
        limit = float(np.abs(kernels).max()) or 1.0
        kh, kw = kernels.shape[:2]
        cell = max(6, min(tile // max(kh, kw), 40))
        bottoms = [kernel_tile(kernels[:, :, c], cell, limit) for c in range(n)]
    out = map_tile(output, big, float(output.min()), float(output.max()))
    row_h = max(im.height for im in tops) + (max(im.height for im in bottoms) + GAP if bottoms else 0)
    width = n * (tile + GAP) + 40 + out.width + GAP
    canvas = Image.new("RGB", (width, max(row_h, out.height) + 2 * GAP), BACKGROUND)
    draw = ImageDraw.Draw(canvas)
    for i, im in enumerate(tops):
        left = GAP + i * (tile + GAP)
        canvas.paste(im, (left, GAP))
        if bottoms:
            canvas.paste(bottoms[i], (left, GAP + tops[i].height + GAP))
    arrow_x = n * (tile + GAP) + GAP
    mid = GAP + out.height // 2
    draw.line((arrow_x, mid, arrow_x + 26, mid), fill=TEXT, width=3)
    draw.polygon([(arrow_x + 26, mid - 7), (arrow_x + 34, mid), (arrow_x + 26, mid + 7)], fill=TEXT)
    canvas.paste(out, (arrow_x + 40, GAP))
    return canvas


def gradcam_overlay(x: np.ndarray, heat: np.ndarray, size: int = 256, alpha: float = 0.5) -> Image.Image:
    """The input with the Grad-CAM heatmap (H, W) in [0, 1] blended over it: blue = none, red = most."""
    base = np.asarray(image_tile(x, size).convert("RGB"), dtype=np.float64)  # (S, S', 3)
    heat_img = Image.fromarray((np.clip(heat, 0, 1) * 255).astype(np.uint8)).resize(
        (base.shape[1], base.shape[0]), Image.Resampling.BILINEAR)
    h = np.asarray(heat_img, dtype=np.float64) / 255  # (S, S')
    colour = TURBO[(h * 255).astype(np.uint8)].astype(np.float64)  # (S, S', 3)
    weight = alpha
    return Image.fromarray((base * (1 - weight) + colour * weight).astype(np.uint8))


def attribution_overlay(x: np.ndarray, scaled: np.ndarray, signed: bool, size: int = 224) -> Image.Image:
    """An attribution map (H, W), already scaled to [0, 1] (or [−1, 1] when `signed`), over a grey copy of the input.

    Signed maps (evidence for and against the class) use the diverging scale, blue against, red for;
    the others the heat scale of Grad-CAM. Where the map is 0 the input shows through.
    """
    if not signed:
        return gradcam_overlay(x, np.clip(scaled, 0, 1), size=size, alpha=0.55)
    grey = np.asarray(image_tile(x, size).convert("L").convert("RGB"), dtype=np.float64)  # (S, S', 3)
    values = Image.fromarray(((np.clip(scaled, -1, 1) + 1) * 127.5).astype(np.uint8)).resize(
        (grey.shape[1], grey.shape[0]), Image.Resampling.BILINEAR)
    v = np.asarray(values, dtype=np.float64) / 127.5 - 1  # (S, S') back in [−1, 1]
    colour = colorize_signed(v, 1.0).astype(np.float64)  # (S, S', 3)
    weight = np.abs(v)[:, :, None] * 0.8  # strong evidence covers the image, none leaves it
    return Image.fromarray((grey * (1 - weight) + colour * weight).astype(np.uint8))


# ---------------------------------------------------------------------------------------------
# Vectors as charts


def vector_figure(values: np.ndarray, title: str, lang: str = "en", labels: list[str] | None = None) -> go.Figure:
    """A 1-D layer output: bars for a short vector (with labels), a one-row heat strip for a long one."""
    v = np.asarray(values, dtype=np.float64).ravel()
    if len(v) <= 64:
        fig = go.Figure(go.Bar(x=labels or list(range(len(v))), y=v, marker_color="#1f77b4"))
        fig.update_layout(xaxis={"title": t("network.output", lang), "type": "category"},
                          yaxis={"title": t("network.value", lang)})
    else:
        fig = go.Figure(go.Heatmap(z=v[None, :], colorscale="Viridis", showscale=True,
                                   hovertemplate=t("network.position", lang) + " %{x}: %{z:.3f}<extra></extra>"))
        fig.update_layout(xaxis={"title": t("network.position", lang)}, yaxis={"visible": False})
    fig.update_layout(title=title, height=220, margin={"l": 10, "r": 10, "t": 40, "b": 40})
    return fig
