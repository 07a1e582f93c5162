"""Pictures of a stage: one composite PIL image per stage (all maps, a diverging colour scale centred at 0, a legend) and one plotly heatmap.

Drawing every map into one image keeps a slider move cheap (one `st.image` per stage instead of
dozens of charts). Blue is negative, white is 0, red is positive, on a scale shared by all maps
of a stage so they can be compared. Helpers return PIL images or plotly Figures; none calls Streamlit.
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np
from PIL import Image, ImageDraw

from cnnviz.pictures.colors import DIVERGING, PLOTLY_DIVERGING
from cnnviz.pictures.colors import font as load_font
from cnnviz.pictures.colors import colorize_signed as colorize

GAP = 4  # pixels between tiles
MIN_TILE = 96  # small maps are enlarged (nearest neighbour) to at least this many pixels
MAX_WIDTH = 1200
BACKGROUND = (255, 255, 255)
CELL_LINE = (200, 200, 200)  # between the enlarged cells of a kernel
PAD_COLOUR = (255, 196, 0)  # the outline of the original image inside its zero padding
LEGEND_HEIGHT = 34


def symmetric_limit(arrays) -> float:
    """The largest |value| (the colour scale runs from −limit to +limit); 1 when all are 0."""
    limit = max((float(np.abs(a).max()) for a in arrays if np.size(a)), default=0.0)
    return limit if limit > 0 and np.isfinite(limit) else 1.0


def _grid(tiles: list[np.ndarray], cols: int | None = None, min_tile: int = MIN_TILE,
          labels=(), cell_lines: bool = False) -> tuple[Image.Image, int, list[tuple[int, int]]]:
    """Tiles (h, w, 3) uint8 of one size → one image, enlarged to `min_tile` and capped at MAX_WIDTH.

    `labels` are written on the first tiles; `cell_lines` draws light lines between the cells of
    tiles enlarged at least 8×. Assembled in one NumPy canvas and converted once (a
    PIL image per tile costs more than the maps). Returns the image, the enlargement and the
    tiles' top-left corners in the image.
    """
    h, w = tiles[0].shape[:2]
    n = len(tiles)
    cols = cols or (min(n, 4) if n <= 8 else int(np.ceil(np.sqrt(n * 2))))
    scale = max(1, int(np.ceil(min_tile / max(h, w))))
    while scale > 1 and cols * (w * scale + GAP) > MAX_WIDTH:
        scale -= 1
    th, tw = h * scale, w * scale
    rows = int(np.ceil(n / cols))
    canvas = np.empty((rows * (th + GAP) - GAP, cols * (tw + GAP) - GAP, 3), dtype=np.uint8)
    canvas[:] = BACKGROUND  # a per-channel fill: np.full with a tuple is ~100× slower
    origins = []
    for i, tile in enumerate(tiles):
        x, y = (i % cols) * (tw + GAP), (i // cols) * (th + GAP)
        if scale > 1:  # nearest neighbour: every weight or pixel stays a crisp square
            tile = tile.repeat(scale, axis=0).repeat(scale, axis=1)
        canvas[y:y + th, x:x + tw] = tile
        if cell_lines and scale >= 8:
            canvas[y + scale:y + th:scale, x:x + tw] = CELL_LINE
            canvas[y:y + th, x + scale:x + tw:scale] = CELL_LINE
        origins.append((x, y))
    if canvas.shape[1] > MAX_WIDTH:  # only at scale 1: shrink the whole grid, then label it
        f = MAX_WIDTH / canvas.shape[1]
        image = Image.fromarray(canvas).resize((MAX_WIDTH, max(1, round(canvas.shape[0] * f))), Image.BILINEAR)
        canvas = np.array(image)
        origins = [(int(x * f), int(y * f)) for x, y in origins]
    _label(canvas, origins, labels)
    return Image.fromarray(canvas), scale, origins


def shrink(maps: np.ndarray, max_tile: int) -> np.ndarray:
    """(H, W, F) → block means by the smallest integer factor that makes each side ≤ max_tile."""
    h, w = maps.shape[:2]
    factor = int(np.ceil(max(h, w) / max_tile))
    if factor <= 1:
        return maps
    hh, ww = h // factor * factor, w // factor * factor
    total = np.zeros((hh // factor, ww // factor, maps.shape[2]), dtype=np.float32)  # (H/f, W/f, F)
    for i in range(factor):  # f² strided views: faster than a mean over a 5-D reshape
        for j in range(factor):
            total += maps[i:hh:factor, j:ww:factor]
    return total / (factor * factor)


@lru_cache(maxsize=256)
def _glyph(char: str) -> np.ndarray:
    """One character, white on black, (h, advance, 3) uint8: labels are put together from these."""
    font = load_font(12)
    ascent, descent = font.getmetrics()
    image = Image.new("RGB", (max(1, round(font.getlength(char))), ascent + descent), (0, 0, 0))
    ImageDraw.Draw(image).text((0, 0), char, fill=(255, 255, 255), font=font)
    return np.asarray(image)


def _stamp(text: str) -> np.ndarray:
    """A label as pixels (h, w, 3) uint8: white text on a black box, from cached glyphs (no drawing per map)."""
    glyphs = np.concatenate([_glyph(c) for c in text], axis=1) if text else np.zeros((1, 0, 3), np.uint8)
    return np.pad(glyphs, ((0, 0), (2, 2), (0, 0)))


def _label(canvas: np.ndarray, origins, labels) -> None:
    """Stamp each label into the top-left corner of its tile (cut to the canvas)."""
    for (x, y), text in zip(origins, labels):
        stamp = _stamp(text)
        h, w = min(stamp.shape[0], canvas.shape[0] - y), min(stamp.shape[1], canvas.shape[1] - x)
        canvas[y:y + h, x:x + w] = stamp[:h, :w]


@lru_cache(maxsize=64)
def legend(limit: float | None, width: int = 260) -> Image.Image:
    """A colour bar from −limit (blue) through 0 (white) to +limit (red); `None`: each map's own ±m."""
    bar = DIVERGING[np.linspace(0, 254, width).round().astype(np.uint8)][None].repeat(12, axis=0)  # (12, width, 3)
    img = Image.new("RGB", (width + 60, LEGEND_HEIGHT), BACKGROUND)
    img.paste(Image.fromarray(bar), (30, 2))
    draw = ImageDraw.Draw(img)
    font = load_font(12)
    low, high = ("-m", "+m") if limit is None else (f"{-limit:.3g}", f"{limit:.3g}")
    for x, text in ((30, low), (30 + width // 2, "0"), (30 + width, high)):
        w = draw.textlength(text, font=font)
        draw.line((x, 14, x, 18), fill=(0, 0, 0))
        draw.text((x - w / 2, 19), text, fill=(0, 0, 0), font=font)
    return img


def _with_legend(canvas: Image.Image, limit: float | None) -> Image.Image:
    bar = legend(limit, width=min(260, max(120, canvas.width - 60)))
    out = Image.new("RGB", (max(canvas.width, bar.width), canvas.height + bar.height + GAP), BACKGROUND)
    out.paste(canvas, (0, 0))
    out.paste(bar, (0, canvas.height + GAP))
    return out


def maps_montage(maps: np.ndarray, shared: bool = False, min_tile: int = MIN_TILE, max_tile: int = 160) -> Image.Image:
    """All maps of a stage (H, W, F) in one image on the diverging scale, numbered, with a legend.

    `shared`: one scale ±max|all maps| (maps compare, the legend has numbers); otherwise each map
    uses its own ±m, written on the tile as 'f  ±m', so weak maps stay visible. Maps larger than
    `max_tile` are shown as block means (the page has an enlarged view for the full map).
    """
    maps = np.asarray(maps, dtype=np.float32)  # (H, W, F)
    n = maps.shape[2]
    if shared:
        limits = np.full(n, symmetric_limit([maps]), dtype=np.float32)  # (F,)
    else:
        # |max| per map over a (F, H·W) copy: a reduction along the last axis is ~9× faster than over (0, 1)
        limits = np.abs(np.ascontiguousarray(maps.reshape(-1, n).T)).max(axis=1) if maps.size else np.ones(n)  # (F,)
        limits = np.where(np.isfinite(limits), limits, 0.0)
        # A map that is ~0 next to the others (float noise such as 1e-8 on a flat image) stays white.
        floor = max(float(limits.max()) * 1e-2, 1e-6) if n else 1.0
        limits = np.maximum(limits, floor).astype(np.float32)
    rgb = colorize(shrink(maps, max_tile), limits)  # (H, W, F, 3), all maps in one pass
    tiles = [rgb[:, :, f] for f in range(n)]
    labels = [str(f) if shared else f"{f}  ±{limits[f]:.3g}" for f in range(n)]
    canvas, _, _ = _grid(tiles, min_tile=min_tile, labels=labels)
    return _with_legend(canvas, limits[0] if shared else None)


def input_image(padded: np.ndarray, padding=((0, 0), (0, 0))) -> Image.Image:
    """The input as the convolution sees it (values 0…1), zero padding shown dark with the image outlined."""
    x = np.clip(np.asarray(padded, dtype=np.float32), 0, 1)  # (H_p, W_p, C)
    rgb = np.repeat(x, 3, axis=2) if x.shape[2] == 1 else x[:, :, :3]
    (top, bottom), (left, right) = padding
    h, w = rgb.shape[:2]
    canvas, scale, _ = _grid([(rgb * 255).round().astype(np.uint8)], cols=1, min_tile=256)
    if top or bottom or left or right:
        f = canvas.width / w  # pixels per input pixel after enlarging
        draw = ImageDraw.Draw(canvas)
        # A fine grid over the zeros so a learner sees padding as cells, not as a black frame.
        for i in range(h + 1):
            if i <= top or i >= h - bottom:
                draw.line((0, i * f, canvas.width, i * f), fill=(70, 70, 70))
        for j in range(w + 1):
            if j <= left or j >= w - right:
                draw.line((j * f, 0, j * f, canvas.height), fill=(70, 70, 70))
        draw.rectangle((left * f, top * f, (w - right) * f - 1, (h - bottom) * f - 1), outline=PAD_COLOUR,
                       width=max(2, int(f // 2)))
    return canvas


def kernels_montage(kernels: np.ndarray, min_tile: int = 54) -> Image.Image:
    """Every kernel (k_h, k_w, C_in, F): one column per filter, one row per input channel, with a legend."""
    k = np.asarray(kernels, dtype=np.float32)  # (k_h, k_w, C_in, F)
    kh, kw, c_in, f = k.shape
    limits = [symmetric_limit([k[:, :, :, i]]) for i in range(f)]  # one scale per filter
    tiles = [colorize(k[:, :, c, i], limits[i]) for c in range(c_in) for i in range(f)]
    canvas, _, _ = _grid(tiles, cols=f, min_tile=min_tile, labels=[str(i) for i in range(f)], cell_lines=True)
    return _with_legend(canvas, None)


def heatmap(values: np.ndarray, title: str = "", x_title: str = "", y_title: str = "", hover: str = ""):
    """One map (H, W) enlarged as a plotly heatmap with hover values, 0 white, y growing downwards."""
    import plotly.graph_objects as go

    z = np.asarray(values, dtype=np.float32)  # (H, W)
    limit = symmetric_limit([z])
    fig = go.Figure(go.Heatmap(
        z=z, zmin=-limit, zmax=limit, zmid=0, colorscale=PLOTLY_DIVERGING,
        hovertemplate=hover or "row %{y}, col %{x}: %{z:.4f}<extra></extra>"))
    fig.update_yaxes(autorange="reversed", title=y_title, scaleanchor="x")
    fig.update_xaxes(title=x_title)
    fig.update_layout(title=title, margin=dict(l=10, r=10, t=40 if title else 10, b=10), height=420)
    return fig


def _click_targets(rows: np.ndarray, cols: np.ndarray, customdata, hover: str):
    """Invisible points a click can land on: plotly selects points of scatter traces, not heatmap cells.

    They also carry the hover text (a point that skips hovering cannot be clicked either).
    """
    import plotly.graph_objects as go

    return go.Scattergl(x=cols.ravel(), y=rows.ravel(), mode="markers", customdata=np.ravel(customdata),
                        marker={"size": 12, "opacity": 0}, hovertemplate=hover, showlegend=False)


PICK_CELL = 24  # the side of a filter's tile in the picking strip, in map cells


def filters_figure(maps: np.ndarray, chosen: int, cell: int = PICK_CELL, title: str = ""):
    """Every filter's map (H, W, F) as small tiles in one row, for picking a filter by clicking.

    Each map is shrunk (block means) to at most `cell` × `cell` and drawn on its own scale; a click
    anywhere on a tile selects a point whose customdata is the filter number. The chosen filter is outlined.
    """
    import plotly.graph_objects as go

    small = shrink(np.asarray(maps, dtype=np.float32), cell)  # (h, w, F)
    h, w, n = small.shape
    limits = np.maximum(np.abs(small).reshape(-1, n).max(axis=0), 1e-12)  # (F,) each map on its own scale
    z = np.full((h, w * n + (n - 1)), np.nan, dtype=np.float32)  # one column of gaps between tiles
    for f in range(n):
        z[:, f * (w + 1):f * (w + 1) + w] = small[:, :, f] / limits[f]
    fig = go.Figure(go.Heatmap(z=z, zmin=-1, zmax=1, zmid=0, colorscale=PLOTLY_DIVERGING, showscale=False,
                               hoverinfo="skip"))  # the click targets carry the hover
    rows, cols = np.mgrid[0:h:2, 0:w * n + n - 1:2]  # a target every other cell
    owner = cols // (w + 1)
    keep = (cols % (w + 1)) < w
    fig.add_trace(_click_targets(rows[keep], cols[keep], owner[keep], "%{customdata}<extra></extra>"))
    x0 = chosen * (w + 1) - 0.5
    fig.add_shape(type="rect", x0=x0, x1=x0 + w, y0=-0.5, y1=h - 0.5, line={"color": "#ff9800", "width": 3})
    fig.update_yaxes(autorange="reversed", visible=False, scaleanchor="x")
    fig.update_xaxes(visible=False)
    fig.update_layout(title=title, margin=dict(l=0, r=0, t=30 if title else 0, b=0), height=90 + (30 if title else 0),
                      clickmode="event+select", dragmode=False, hovermode="closest")
    return fig


def pixel_figure(values: np.ndarray, row: int, col: int, title: str = "", hover: str = ""):
    """One map (H, W) for picking a pixel by clicking: the heatmap of `heatmap`, a click target on every pixel,
    and the chosen pixel outlined."""
    fig = heatmap(values, title=title)
    fig.update_traces(hoverinfo="skip", hovertemplate=None, selector={"type": "heatmap"})  # the targets carry it
    values = np.asarray(values, dtype=np.float32)  # (H, W)
    h, w = values.shape
    rows, cols = np.mgrid[0:h, 0:w]
    fig.add_trace(_click_targets(rows, cols, values, (hover or "row %{y}, col %{x}: %{z:.4f}").replace(
        "%{z", "%{customdata") + ("" if "<extra>" in (hover or "") else "<extra></extra>")))
    fig.add_shape(type="rect", x0=col - 0.5, x1=col + 0.5, y0=row - 0.5, y1=row + 0.5,
                  line={"color": "#ff9800", "width": 3})
    fig.update_layout(clickmode="event+select", dragmode=False, height=360, hovermode="closest")
    return fig
