"""The hostile-image corpus of issue 6, generated in memory: bad uploads every page must survive.

`corpus()` maps an upload file name (some hostile themselves) to its bytes; `write_corpus(folder)`
puts them on disk under safe names. Used by tests/test_images.py; page tests can reuse it.
"""
from __future__ import annotations

import io
import struct
import zlib
from functools import lru_cache
from pathlib import Path

import numpy as np
from PIL import Image

MAX_BYTES = 20 * 1024 * 1024  # cnnviz.images.MAX_BYTES; one byte more must be refused

RED, GREEN, BLUE, WHITE = (255, 0, 0), (0, 255, 0), (0, 0, 255), (255, 255, 255)


# ---------------------------------------------------------------- corpus builders (bytes in memory)

def encode(image: Image.Image, fmt: str, **options) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, fmt, **options)
    return buffer.getvalue()


def noise(width: int, height: int, seed: int = 0) -> Image.Image:
    """Random RGB pixels: incompressible, so cutting the file in half really removes image data."""
    pixels = np.random.default_rng(seed).integers(0, 256, (height, width, 3), dtype=np.uint8)  # (H, W, 3)
    return Image.fromarray(pixels, "RGB")


def png_chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def one_bit_png(width: int, height: int) -> bytes:
    """A valid all-black 1-bit gray PNG of any size, compressed row block by row block.

    A 40000 × 40000 one is ~200 MB of raw scanlines but ~200 KB on disk: a real decompression
    bomb, built without ever holding the raw image in memory.
    """
    row = b"\x00" * (1 + (width + 7) // 8)  # filter byte + packed bits
    compressor = zlib.compressobj(9)
    block_rows = 512
    parts = [compressor.compress(row * block_rows) for _ in range(height // block_rows)]
    parts.append(compressor.compress(row * (height % block_rows)))
    parts.append(compressor.flush())
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", header)
            + png_chunk(b"IDAT", b"".join(parts)) + png_chunk(b"IEND", b""))


def palette_with_transparency() -> bytes:
    """4 × 2 palette PNG: top row index 0 (red, opaque), bottom row index 1 (blue, transparent)."""
    image = Image.new("P", (4, 2), 0)
    image.putpalette([*RED, *BLUE] + [0] * (3 * 254))
    image.paste(1, (0, 1, 4, 2))
    return encode(image, "PNG", transparency=1)


def rgba() -> bytes:
    """3 × 1 RGBA: transparent blue, opaque green, half-transparent black."""
    image = Image.new("RGBA", (3, 1))
    image.putdata([(0, 0, 255, 0), (0, 255, 0, 255), (0, 0, 0, 128)])
    return encode(image, "PNG")


def sixteen_bit() -> bytes:
    """4 × 1 16-bit gray PNG with 0, 10·257, 128·257 and 65535 (= 0, 10, 128, 255 in 8 bits)."""
    pixels = np.array([[0, 2570, 32896, 65535]], dtype=np.uint16)  # (H, W)
    return encode(Image.fromarray(pixels), "PNG")


def animated_gif() -> bytes:
    frames = [Image.new("RGB", (6, 4), color) for color in (RED, GREEN, BLUE)]
    return encode(frames[0], "GIF", save_all=True, append_images=frames[1:], duration=100, loop=0)


def exif_rotated_jpeg(orientation: int) -> bytes:
    """Stored 40 wide × 20 tall, left half red, right half blue, with an EXIF Orientation tag."""
    image = Image.new("RGB", (40, 20), BLUE)
    image.paste(RED, (0, 0, 20, 20))
    exif = Image.Exif()
    exif[0x0112] = orientation
    return encode(image, "JPEG", quality=95, exif=exif.tobytes())


SVG = b'<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>'
FAKE_HEIC = struct.pack(">I", 24) + b"ftypheic" + b"\x00\x00\x00\x00mif1heic" + b"\x00" * 64
HTML_NAME = '<script>alert("x")</script>.png'

VALID_PNG = encode(noise(16, 16), "PNG")
VALID_JPEG = encode(noise(64, 64), "JPEG", quality=90)


@lru_cache(maxsize=1)
def corpus() -> dict[str, bytes]:
    """Upload name → bytes; ~200 MB of bomb scanlines are compressed once per process (~1 s)."""
    return {
        "zero.png": b"",
        "truncated.png": encode(noise(64, 64), "PNG")[:3000],
        "truncated.jpg": VALID_JPEG[: len(VALID_JPEG) // 2],
        "text.png": b"These are my lecture notes, not a picture.\n" * 5,
        "bomb.png": one_bit_png(40_000, 40_000),
        "big.png": one_bit_png(8_000, 8_000),
        "huge_bytes.png": b"\x00" * (MAX_BYTES + 1),
        "sixteen_bit.png": sixteen_bit(),
        "cmyk.jpg": encode(Image.new("CMYK", (8, 8), (0, 255, 255, 0)), "JPEG", quality=95),
        "palette_transparent.png": palette_with_transparency(),
        "rgba.png": rgba(),
        "la.png": encode(Image.new("LA", (2, 2), (0, 0)), "PNG"),
        "one_bit.png": one_bit_png(9, 3),
        "animated.gif": animated_gif(),
        "one_pixel.png": encode(Image.new("RGB", (1, 1), (7, 8, 9)), "PNG"),
        "strip.png": encode(Image.new("RGB", (10_000, 20), GREEN), "PNG"),
        "exif6.jpg": exif_rotated_jpeg(6),
        "exif8.jpg": exif_rotated_jpeg(8),
        "drawing.svg": SVG,
        "drawing_misnamed.png": b"  <svg xmlns='http://www.w3.org/2000/svg'></svg>",
        "photo.heic": FAKE_HEIC,
        "scan.tiff": encode(Image.new("RGB", (4, 4)), "TIFF"),
        "picture.bmp": encode(Image.new("RGB", (5, 3), BLUE), "BMP"),
        "picture.webp": encode(Image.new("RGB", (5, 3), RED), "WEBP", lossless=True),
        HTML_NAME: VALID_PNG,
        "<b>empty</b>.png": b"",
    }


def write_corpus(folder: Path) -> dict[str, Path]:
    """Write every corpus file into `folder` under an index name (the upload names are hostile)."""
    paths = {}
    for index, (name, data) in enumerate(corpus().items()):
        paths[name] = folder / f"{index:02d}.bin"
        paths[name].write_bytes(data)
    return paths
