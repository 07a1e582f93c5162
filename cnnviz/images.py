"""Images in, arrays out: bundled samples and hostile uploads become a checked (H, W, C) float32 input.

Three steps, each refusing bad input with a `SettingError` sentence (templates in `cnnviz.i18n.images`):

- `load_sample(name)`: one of the photographs in ``assets/images`` (see ``SOURCES.md`` there);
  the name comes from a URL, so it is looked up in the listing, never joined into a path.
- `open_upload(data, filename)`: the learner's bytes → an upright ``RGB`` or ``L`` image. Only PNG,
  JPEG (including the MPO variant phones write), BMP, GIF (first frame) and WebP are decoded;
  size caps are checked from the header before any pixel is decoded.
- `prepare(image, size, color)`: square center crop, LANCZOS resize → ``(size, size, C)`` in [0, 1].

Pure Pillow + NumPy.
"""
from __future__ import annotations

import io
import re
import struct
import zlib
from pathlib import Path

import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError

from cnnviz.errors import SettingError
from cnnviz.paths import assets_dir

SAMPLE_DIR = assets_dir() / "images"
SAMPLE_PATHS: dict[str, Path] = {p.stem: p for p in sorted(SAMPLE_DIR.glob("*.jpg"))}
SAMPLE_IMAGES: tuple[str, ...] = tuple(SAMPLE_PATHS)

# Pillow format names we decode. Restricting Image.open to these keeps the many rarely used
# plugins (and their parsers) away from untrusted bytes. "JPEG" also opens MPO (multi-picture
# JPEGs that phones write); Pillow has no separate "MPO" opener to list.
UPLOAD_FORMATS = ("PNG", "JPEG", "BMP", "GIF", "WEBP")
MAX_BYTES = 20 * 1024 * 1024
MAX_PIXELS = 40_000_000
SIZE_RANGE = (8, 512)
COLORS = ("rgb", "gray")

# Everything Pillow raises for bytes it cannot decode: OSError for truncation, SyntaxError for
# broken PNG chunks; zlib.error, struct.error, EOFError and IndexError come out of some plugins'
# parsers on cut-off files. (UnidentifiedImageError is an OSError, listed for the reader.)
DECODE_ERRORS = (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError, IndexError,
                 struct.error, zlib.error, Image.DecompressionBombError)

# ISO-BMFF brands ("ftyp" box) of HEIF family files, which Pillow does not read without plugins.
_HEIF_BRANDS = {b"heic": "HEIC", b"heix": "HEIC", b"hevc": "HEIC", b"hevx": "HEIC",
                b"heim": "HEIC", b"heis": "HEIC", b"mif1": "HEIF", b"msf1": "HEIF",
                b"avif": "AVIF", b"avis": "AVIF"}
_EXTENSION_FORMATS = {".svg": "SVG", ".svgz": "SVG", ".heic": "HEIC", ".heif": "HEIF",
                      ".avif": "AVIF", ".tif": "TIFF", ".tiff": "TIFF", ".psd": "PSD",
                      ".pdf": "PDF", ".raw": "RAW", ".dng": "DNG", ".cr2": "RAW", ".nef": "RAW"}
# Characters that mean something to HTML, Markdown or Streamlit's LaTeX ($) are dropped from
# file names before they go into a sentence, so a name can never become markup.
_UNSAFE_NAME_CHARS = re.compile(r"[<>&\"'`\[\]()*#|!\\{}$~\x00-\x1f\x7f]")


def list_samples() -> list[str]:
    """Names (file stems, e.g. ``"cat"``) of the bundled sample photographs, sorted."""
    return list(SAMPLE_IMAGES)


def load_sample(name: str) -> Image.Image:
    """The bundled photograph `name` as an ``RGB`` or ``L`` image; unknown names raise SettingError."""
    # Membership in the directory listing, not a path built from `name`: the name comes from the URL.
    if not isinstance(name, str) or name not in SAMPLE_PATHS:
        raise SettingError("images.unknown_sample", choices=", ".join(SAMPLE_IMAGES))
    with Image.open(SAMPLE_PATHS[name], formats=("JPEG",)) as image:
        image.load()
        return _to_rgb_or_l(image)


def display_name(filename: str | None) -> str:
    """A file name safe to show as text: base name only, no markup characters, at most 60 characters."""
    base = re.split(r"[\\/]", str(filename or ""))[-1]
    clean = " ".join(_UNSAFE_NAME_CHARS.sub("", base).split())
    if len(clean) > 60:
        clean = clean[:59] + "…"
    return clean or "?"


def open_upload(data: bytes, filename: str = "") -> Image.Image:
    """Decode uploaded bytes into an upright ``RGB`` or ``L`` image, or raise SettingError saying why.

    Refused: empty files, files over MAX_BYTES, images over MAX_PIXELS (checked from the header,
    before decoding), formats other than UPLOAD_FORMATS (SVG and HEIC get their own sentence),
    and truncated or corrupt files (the whole image is decoded here, so damage shows up now).
    Converted: EXIF orientation applied; 16-bit → 8-bit by scaling; CMYK → RGB; transparency
    (RGBA, LA, palette with transparency) composited on white → RGB; 1-bit → L.
    """
    name = display_name(filename)
    data = bytes(data)
    if not data:
        raise SettingError("images.empty", filename=name)
    if len(data) > MAX_BYTES:
        raise SettingError("images.too_large_bytes", filename=name,
                           size_mb=f"{len(data) / 2**20:.1f}", limit_mb=MAX_BYTES // 2**20)
    sniffed = _sniff_unsupported(data)
    if sniffed:
        raise SettingError("images.unsupported_format", filename=name, format=sniffed)
    try:
        image = Image.open(io.BytesIO(data), formats=UPLOAD_FORMATS)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as bomb:
        # Pillow refuses at twice its MAX_IMAGE_PIXELS while reading the header (and only
        # warns above MAX_IMAGE_PIXELS, which raises here when warnings are turned into errors).
        over = Image.MAX_IMAGE_PIXELS * (2 if isinstance(bomb, Image.DecompressionBombError) else 1)
        raise SettingError("images.bomb", filename=name, limit=MAX_PIXELS // 10**6,
                           declared=over // 10**6) from None
    except DECODE_ERRORS:
        raise _unreadable(data, filename, name) from None
    with image:
        width, height = image.size
        if width * height > MAX_PIXELS:
            raise SettingError("images.too_many_pixels", filename=name, width=width, height=height,
                               megapixels=f"{width * height / 1e6:.1f}", limit=MAX_PIXELS // 10**6)
        try:
            image.load()  # full decode of the first frame: truncation and bad chunks raise here
            upright = ImageOps.exif_transpose(image)
            return _to_rgb_or_l(upright)
        except DECODE_ERRORS:
            raise SettingError("images.corrupt", filename=name, format=_format_label(image.format)) from None


def prepare(image: Image.Image, size: int, color: str = "rgb") -> np.ndarray:
    """Square center crop, LANCZOS resize, scale to [0, 1]: float32 (size, size, C) with C = 3 or 1."""
    low, high = SIZE_RANGE
    if isinstance(size, bool) or not isinstance(size, (int, np.integer)):
        raise SettingError("images.bad_size_type", low=low, high=high)
    if not low <= size <= high:
        raise SettingError("images.bad_size", size=int(size), low=low, high=high)
    if color not in COLORS:
        raise SettingError("images.bad_color")
    width, height = image.size
    side = min(width, height)
    left, top = (width - side) // 2, (height - side) // 2
    # Crop before converting: a 10000 × 20 strip converts 400 pixels, not 200 000.
    square = image.crop((left, top, left + side, top + side))
    square = _to_rgb_or_l(square).convert("RGB" if color == "rgb" else "L")
    resized = square.resize((int(size), int(size)), Image.Resampling.LANCZOS)
    pixels = np.asarray(resized, dtype=np.float32) / 255.0  # (H, W, 3) or (H, W)
    if pixels.ndim == 2:
        pixels = pixels[:, :, None]  # (H, W, 1)
    return pixels


def _to_rgb_or_l(image: Image.Image) -> Image.Image:
    """Any decoded Pillow mode → a new ``RGB`` or ``L`` image (8 bits per channel)."""
    mode = image.mode
    if mode in ("RGB", "L"):
        return image.copy()
    if mode == "1":
        return image.convert("L")
    if mode.startswith("I") or mode == "F":
        return _high_depth_to_l(image)
    if mode == "P" and "transparency" not in image.info:
        return image.convert("RGB")
    if mode in ("P", "PA", "RGBA", "LA", "RGBa", "La"):
        return _on_white(image)
    return image.convert("RGB")  # CMYK, YCbCr, LAB, HSV, RGBX …


def _high_depth_to_l(image: Image.Image) -> Image.Image:
    """16-bit (``I;16*``, ``I``) or float gray → 8-bit ``L`` by scaling, not by clipping at 255."""
    pixels = np.asarray(image).astype(np.float64)  # (H, W)
    if image.mode == "F" and pixels.size and np.nanmax(pixels) <= 1.0:
        pixels = pixels * 255.0
    elif image.mode != "F":
        # Pillow decodes 16-bit gray PNGs as I;16 (or I, when they carry transparency):
        # 0…65535 maps to 0…255, and 65535 / 257 = 255 exactly.
        pixels = np.clip(pixels, 0, 65535) / 257.0
    pixels = np.nan_to_num(np.clip(np.rint(pixels), 0, 255))
    return Image.fromarray(pixels.astype(np.uint8), "L")


def _on_white(image: Image.Image) -> Image.Image:
    """Composite a transparent image on a white background → ``RGB`` (what a page would show)."""
    rgba = image.convert("RGBA")
    background = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
    return Image.alpha_composite(background, rgba).convert("RGB")


def _sniff_unsupported(data: bytes) -> str | None:
    """The name of a well-known format we refuse (SVG, HEIC, HEIF, AVIF), from the first bytes."""
    if data[4:8] == b"ftyp" and data[8:12] in _HEIF_BRANDS:
        return _HEIF_BRANDS[data[8:12]]
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<?xml", b"<svg", b"<!doctype svg", b"<!--")) and b"<svg" in head:
        return "SVG"
    return None


def _unreadable(data: bytes, filename: str, name: str) -> SettingError:
    """The sentence for bytes Pillow could not identify: a known format by extension, else 'not an image'."""
    suffix = Path(display_name(filename).lower()).suffix
    if suffix in _EXTENSION_FORMATS:
        return SettingError("images.unsupported_format", filename=name, format=_EXTENSION_FORMATS[suffix])
    if _looks_like_allowed(data):
        # A real PNG/JPEG/GIF signature whose header is broken: damaged, not "not an image".
        return SettingError("images.corrupt", filename=name, format=_looks_like_allowed(data))
    return SettingError("images.not_image", filename=name)


def _looks_like_allowed(data: bytes) -> str | None:
    """The format whose magic bytes `data` starts with, among the formats we accept."""
    signatures = ((b"\x89PNG\r\n\x1a\n", "PNG"), (b"\xff\xd8\xff", "JPEG"), (b"GIF87a", "GIF"),
                  (b"GIF89a", "GIF"), (b"BM", "BMP"))
    for magic, label in signatures:
        if data.startswith(magic):
            return label
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "WebP"
    return None


def _format_label(pillow_format: str | None) -> str:
    """Pillow's format name as a learner knows it (MPO is a JPEG; WEBP is WebP)."""
    return {"MPO": "JPEG", "WEBP": "WebP", None: "image"}.get(pillow_format, pillow_format)
