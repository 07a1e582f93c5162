"""Tests for cnnviz.images: the hostile-upload corpus (generated here), prepare() values, the samples."""
from __future__ import annotations

import re
import struct
import warnings
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from cnnviz import images
from cnnviz.errors import SettingError
from tests.image_corpus import (BLUE, GREEN, HTML_NAME, RED, VALID_JPEG, VALID_PNG, WHITE, animated_gif, corpus,
                          noise, one_bit_png, write_corpus)

CORPUS = corpus()


@pytest.fixture(scope="module")
def corpus_paths(tmp_path_factory) -> dict[str, Path]:
    """The hostile corpus written to tmp/bytes (as a learner's upload would arrive), by safe file names."""
    return write_corpus(tmp_path_factory.mktemp("bytes"))


def upload(paths: dict[str, Path], name: str) -> Image.Image:
    return images.open_upload(paths[name].read_bytes(), name)


# ---------------------------------------------------------------- refused uploads

REFUSED = [
    # name, key, values the sentence must carry
    ("zero.png", "images.empty", {"filename": "zero.png"}),
    ("truncated.png", "images.corrupt", {"format": "PNG"}),
    ("truncated.jpg", "images.corrupt", {"format": "JPEG"}),
    ("text.png", "images.not_image", {}),
    ("bomb.png", "images.bomb", {"limit": 40}),
    ("big.png", "images.too_many_pixels", {"width": 8000, "height": 8000, "megapixels": "64.0", "limit": 40}),
    ("huge_bytes.png", "images.too_large_bytes", {"size_mb": "20.0", "limit_mb": 20}),
    ("drawing.svg", "images.unsupported_format", {"format": "SVG"}),
    ("drawing_misnamed.png", "images.unsupported_format", {"format": "SVG"}),
    ("photo.heic", "images.unsupported_format", {"format": "HEIC"}),
    ("scan.tiff", "images.unsupported_format", {"format": "TIFF"}),
    ("<b>empty</b>.png", "images.empty", {"filename": "b.png"}),
]


@pytest.mark.parametrize("name, key, values", REFUSED, ids=[row[0] for row in REFUSED])
def test_refused_uploads_raise_a_sentence(corpus_paths, name, key, values):
    with pytest.raises(SettingError) as caught:
        upload(corpus_paths, name)
    err = caught.value
    assert err.key == key
    assert {k: err.values[k] for k in values} == values
    for lang in ("en", "ko"):
        sentence = err.sentence(lang)
        assert "<" not in sentence and ">" not in sentence and "{" not in sentence


def test_bomb_is_small_on_disk_but_declares_over_a_gigapixel():
    data = CORPUS["bomb.png"]
    width, height = struct.unpack(">II", data[16:24])
    assert width * height > 10**9
    assert len(data) < 1_000_000
    assert len(CORPUS["huge_bytes.png"]) == images.MAX_BYTES + 1


# ---------------------------------------------------------------- loaded uploads

def pixel(image: Image.Image, xy: tuple[int, int]):
    return image.getpixel(xy)


LOADED = [
    # name, mode, size, {(x, y): exact pixel}
    ("sixteen_bit.png", "L", (4, 1), {(0, 0): 0, (1, 0): 10, (2, 0): 128, (3, 0): 255}),
    ("palette_transparent.png", "RGB", (4, 2), {(0, 0): RED, (3, 0): RED, (0, 1): WHITE, (3, 1): WHITE}),
    ("rgba.png", "RGB", (3, 1), {(0, 0): WHITE, (1, 0): GREEN, (2, 0): (127, 127, 127)}),
    ("la.png", "RGB", (2, 2), {(0, 0): WHITE}),
    ("one_bit.png", "L", (9, 3), {(0, 0): 0, (8, 2): 0}),
    ("animated.gif", "RGB", (6, 4), {(0, 0): RED, (5, 3): RED}),
    ("one_pixel.png", "RGB", (1, 1), {(0, 0): (7, 8, 9)}),
    ("strip.png", "RGB", (10_000, 20), {(0, 0): GREEN, (9_999, 19): GREEN}),
    ("picture.bmp", "RGB", (5, 3), {(4, 2): BLUE}),
    ("picture.webp", "RGB", (5, 3), {(4, 2): RED}),
    (HTML_NAME, "RGB", (16, 16), {(0, 0): tuple(noise(16, 16).getpixel((0, 0)))}),
]


@pytest.mark.parametrize("name, mode, size, pixels", LOADED, ids=[row[0] for row in LOADED])
def test_loaded_uploads_have_exact_mode_size_and_pixels(corpus_paths, name, mode, size, pixels):
    image = upload(corpus_paths, name)
    assert (image.mode, image.size) == (mode, size)
    for xy, expected in pixels.items():
        assert pixel(image, xy) == expected


def test_cmyk_jpeg_becomes_rgb_red(corpus_paths):
    image = upload(corpus_paths, "cmyk.jpg")
    assert (image.mode, image.size) == ("RGB", (8, 8))
    assert np.abs(np.subtract(pixel(image, (4, 4)), RED)).max() <= 3  # JPEG rounding


@pytest.mark.parametrize("name, top, bottom", [("exif6.jpg", RED, BLUE), ("exif8.jpg", BLUE, RED)])
def test_exif_orientation_is_applied(corpus_paths, name, top, bottom):
    # Orientation 6 = rotate 90° clockwise to display: the stored left (red) half ends up on top.
    image = upload(corpus_paths, name)
    assert (image.mode, image.size) == ("RGB", (20, 40))
    assert np.abs(np.subtract(pixel(image, (10, 5)), top)).max() <= 8
    assert np.abs(np.subtract(pixel(image, (10, 34)), bottom)).max() <= 8


def test_loaded_image_is_detached_from_the_bytes(corpus_paths):
    image = upload(corpus_paths, "strip.png")
    assert image.getpixel((5000, 10)) == GREEN  # still readable after the file object is closed


@pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")  # a flipped header byte
@pytest.mark.parametrize("seed", range(4))
def test_damaged_bytes_never_escape_as_anything_but_setting_error(seed):
    """Flip random bytes of valid files: each either loads as RGB/L or is refused with a sentence."""
    rng = np.random.default_rng(seed)
    gif = animated_gif()
    for original in (VALID_PNG, VALID_JPEG, gif, CORPUS["picture.bmp"], CORPUS["picture.webp"]):
        for _ in range(40):
            data = bytearray(original)
            for position in rng.integers(0, len(data), size=int(rng.integers(1, 6))):
                data[position] = int(rng.integers(0, 256))
            try:
                image = images.open_upload(bytes(data), "fuzz.bin")
            except SettingError as err:
                assert err.key.startswith("images.")
            else:
                assert image.mode in ("RGB", "L")


def test_pillow_warning_as_error_is_still_a_sentence():
    """Between Pillow's warning (89 MP) and error (179 MP) thresholds, `-W error` must not leak a warning."""
    data = one_bit_png(10_000, 10_000)
    with pytest.warns(Image.DecompressionBombWarning):
        with pytest.raises(SettingError) as caught:
            images.open_upload(data, "big.png")
    assert caught.value.key == "images.too_many_pixels"
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        with pytest.raises(SettingError) as caught:
            images.open_upload(data, "big.png")
    assert caught.value.key == "images.bomb" and caught.value.values["declared"] == 89


# ---------------------------------------------------------------- display_name

@pytest.mark.parametrize("raw, shown", [
    ("cat.png", "cat.png"),
    ("고양이 사진.jpg", "고양이 사진.jpg"),
    ("C:\\Users\\me\\photo.jpg", "photo.jpg"),
    ("../../etc/passwd", "passwd"),
    (HTML_NAME, "script.png"),  # base name after the last "/" of "</script>"
    ("[click](javascript:alert(1)).png", "clickjavascript:alert1.png"),
    ("$x^2$ *bold*.png", "x^2 bold.png"),
    ("", "?"),
    (None, "?"),
    ("a" * 100 + ".png", "a" * 59 + "…"),
])
def test_display_name_strips_paths_and_markup(raw, shown):
    assert images.display_name(raw) == shown


# ---------------------------------------------------------------- prepare

def test_prepare_constant_gray_is_exact():
    out = images.prepare(Image.new("L", (300, 200), 128), 37, "gray")
    assert out.shape == (37, 37, 1) and out.dtype == np.float32
    assert np.all(out == np.float32(128) / np.float32(255))


def test_prepare_rgb_from_constant_color():
    out = images.prepare(Image.new("RGB", (50, 80), (255, 0, 51)), 16, "rgb")
    assert out.shape == (16, 16, 3)
    np.testing.assert_array_equal(out[0, 0], np.array([255, 0, 51], np.float32) / 255)
    assert np.all(out == out[0, 0])


@pytest.mark.parametrize("size_xy, box", [((30, 10), (10, 0, 20, 10)), ((10, 30), (0, 10, 10, 20))])
def test_prepare_takes_the_center_square(size_xy, box):
    image = Image.new("L", size_xy, 0)
    image.paste(255, box)  # only the central square is white
    out = images.prepare(image, 10, "gray")
    assert np.all(out == 1.0)


def test_prepare_gray_to_rgb_repeats_the_channel_and_rgb_to_gray_uses_luma():
    gray = images.prepare(Image.new("L", (8, 8), 51), 8, "rgb")
    assert gray.shape == (8, 8, 3) and np.all(gray == np.float32(51) / np.float32(255))
    luma = images.prepare(Image.new("RGB", (8, 8), RED), 8, "gray")
    assert np.all(luma == np.float32(76) / np.float32(255))  # ITU-R 601-2: 0.299 · 255 = 76


def test_prepare_any_mode_strip_and_sample_stay_in_range(corpus_paths):
    for image in (upload(corpus_paths, "strip.png"), images.load_sample("astronaut"), Image.new("RGBA", (9, 9))):
        out = images.prepare(image, 64, "rgb")
        assert out.shape == (64, 64, 3) and out.dtype == np.float32
        assert 0.0 <= out.min() and out.max() <= 1.0


@pytest.mark.parametrize("size, color, key", [
    (8, "rgb", None), (512, "gray", None), (np.int64(32), "rgb", None),
    (7, "rgb", "images.bad_size"), (513, "rgb", "images.bad_size"), (0, "gray", "images.bad_size"),
    (-64, "rgb", "images.bad_size"), (64.0, "rgb", "images.bad_size_type"), ("64", "rgb", "images.bad_size_type"),
    (True, "rgb", "images.bad_size_type"), (None, "rgb", "images.bad_size_type"),
    (64, "RGB", "images.bad_color"), (64, "hsv", "images.bad_color"), (64, "<script>", "images.bad_color"),
])
def test_prepare_settings_table(size, color, key):
    image = Image.new("RGB", (20, 20), GREEN)
    if key is None:
        out = images.prepare(image, size, color)
        assert out.shape == (size, size, 3 if color == "rgb" else 1)
    else:
        with pytest.raises(SettingError) as caught:
            images.prepare(image, size, color)
        assert caught.value.key == key
        assert "script" not in str(caught.value)


# ---------------------------------------------------------------- samples

SOURCES = (images.SAMPLE_DIR / "SOURCES.md").read_text(encoding="utf-8")


def test_there_are_at_least_six_samples():
    assert len(images.list_samples()) >= 6
    assert images.list_samples() == sorted(images.list_samples())
    assert {"astronaut", "cat", "coffee", "rocket", "camera"} <= set(images.list_samples())


@pytest.mark.parametrize("name", images.list_samples())
def test_each_sample_loads_is_small_and_has_a_source(name):
    image = images.load_sample(name)
    assert image.mode in ("RGB", "L") and image.size == (256, 256)
    assert 2_000 < (images.SAMPLE_DIR / f"{name}.jpg").stat().st_size < 60_000
    row = next(line for line in SOURCES.splitlines() if f"`{name}.jpg`" in line)
    assert re.search(r"public domain|CC0|copyright", row, re.IGNORECASE)


@pytest.mark.parametrize("name", ["", "dog", "CAT", "cat.jpg", "../assets/images/cat", "/etc/passwd",
                                  "cat\x00", "<script>", None, 3, ["cat"]])
def test_unknown_sample_names_are_refused_without_echo(name):
    with pytest.raises(SettingError) as caught:
        images.load_sample(name)
    assert caught.value.key == "images.unknown_sample"
    assert "astronaut" in str(caught.value) and "<" not in str(caught.value)
