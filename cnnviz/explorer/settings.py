"""The explorer's settings, declared once: the knobs of the live stage, their ranges, their URL form and their widgets.

`EXPLORER` is the declaration (see `cnnviz.settings`); `Settings` the frozen, checked values a
stage runs with. Links use these keys (Keras-like names): ``image, size, color, filters,
kernel_size, stride, padding, dilation, activation, kernel, seed, pool, pool_size, pool_stride,
bias, pool_padding``, plus ``lock``. ``kernel_size`` is ``3`` or ``3x5``; ``padding`` is
``valid``, ``same`` or an integer p (a ZeroPadding2D of p on every side); ``kernel`` is a kernel
name, ``random`` or a typed grid ``1,0,-1;2,0,-2;1,0,-1``; ``bias`` is ``on`` or ``off``.
Pure Python: no Streamlit, no TensorFlow.
"""
from __future__ import annotations

import re

from cnnviz.errors import SettingError
from cnnviz.explorer import kernels as K
from cnnviz.images import list_samples
from cnnviz.settings import Declaration, Setting

ACTIVATIONS = ("relu", "leaky_relu", "sigmoid", "tanh", "linear")
POOLS = {"max": "MaxPooling2D", "avg": "AveragePooling2D", "min": "MinPooling2D", "none": None}
PADDINGS = ("valid", "same")
COLORS = ("rgb", "gray")
UPLOAD = "upload"  # the image name while the learner's own upload is shown (never in a link)
MAX_PADDING = 10
_INT = re.compile(r"[0-9]{1,3}")
_PAIR = re.compile(r"([0-9]{1,3})\s*[x×,]\s*([0-9]{1,3})")


def _image(value):
    if value != UPLOAD and value not in list_samples():
        raise SettingError("settings.bad_choice", knob="image", value=str(value)[:40], choices=", ".join(list_samples()))
    return value


def _parse_image(text: str) -> str:
    if text not in list_samples():  # an upload cannot travel in a link
        raise ValueError(text)
    return text


def _kernel_size(value):
    if not (isinstance(value, tuple) and len(value) == 2) or not all(
            isinstance(v, int) and not isinstance(v, bool) and 1 <= v <= K.MAX_KERNEL for v in value):
        raise SettingError("settings.out_of_range", knob="kernel_size", value=str(value)[:40], lo=1, hi=K.MAX_KERNEL)
    return value


def _parse_kernel_size(text: str) -> tuple[int, int]:
    m = _PAIR.fullmatch(text)
    if m:
        return int(m.group(1)), int(m.group(2))
    if not _INT.fullmatch(text):
        raise ValueError(text)
    return int(text), int(text)


def _format_kernel_size(value) -> str:
    kh, kw = value
    return str(kh) if kh == kw else f"{kh}x{kw}"


def _padding(value):
    if isinstance(value, str) and value in PADDINGS:
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        if not 0 <= value <= MAX_PADDING:
            raise SettingError("settings.out_of_range", knob="padding", value=value, lo=0, hi=MAX_PADDING)
        return value
    raise SettingError("settings.bad_choice", knob="padding", value=str(value)[:40], choices=f"valid, same, 0…{MAX_PADDING}")


def _parse_padding(text: str):
    if text in PADDINGS:
        return text
    if not _INT.fullmatch(text):
        raise ValueError(text)
    return int(text)


def _kernel(value):
    if not isinstance(value, str):
        raise SettingError("settings.bad_choice", knob="kernel", value=str(value)[:40],
                           choices=", ".join((*K.NAMES, K.RANDOM)))
    if K.is_grid(value):
        K.parse_grid(value)  # a SettingError saying which cell is wrong
    return value


def _parse_kernel(text: str) -> str:
    if text in K.NAMES or text == K.RANDOM:
        return text
    return K.format_grid(K.parse_grid(text))


def _grid_fits(values: dict) -> None:
    """A typed grid must be k_h × k_w."""
    kernel, (kh, kw) = values["kernel"], values["kernel_size"]
    if K.is_grid(kernel):
        grid = K.parse_grid(kernel)
        if grid.shape != (kh, kw):
            raise SettingError("explorer.err.grid_shape", gh=grid.shape[0], gw=grid.shape[1], kh=kh, kw=kw)


def _drop_grid(values: dict) -> tuple[dict, list[str]]:
    """A link's grid that does not fit its kernel size loses (the size is the knob)."""
    return {**values, "kernel": EXPLORER["kernel"].default}, ["kernel"]


EXPLORER = Declaration("explorer", (
    Setting("image", "astronaut", "custom", widget="image", label="explorer.image", validate=_image, parse=_parse_image),
    Setting("size", 224, lo=16, hi=256, step=8, label="explorer.size"),
    Setting("color", "rgb", "choice", choices=COLORS, widget="radio", label="explorer.color",
            option_label="explorer.color"),
    Setting("filters", 8, lo=1, hi=32, label="explorer.filters"),
    Setting("kernel_size", (3, 3), "custom", lo=1, hi=K.MAX_KERNEL, widget="kernel_size", label="explorer.kernel_size",
            validate=_kernel_size, parse=_parse_kernel_size, format=_format_kernel_size),
    Setting("stride", 1, lo=1, hi=4, label="explorer.stride"),
    Setting("padding", "valid", "custom", lo=0, hi=MAX_PADDING, widget="padding", label="explorer.padding",
            option_label="explorer.padding", validate=_padding, parse=_parse_padding),
    Setting("dilation", 1, lo=1, hi=4, label="explorer.dilation"),
    Setting("activation", "relu", "choice", choices=ACTIVATIONS, widget="selectbox", label="explorer.activation",
            option_label="explorer.act"),
    Setting("kernel", "identity", "custom", widget="kernel", label="explorer.kernel", option_label="explorer.kernel",
            validate=_kernel, parse=_parse_kernel),
    Setting("seed", 0, lo=0, hi=2**31 - 1, widget="number", label="explorer.seed"),
    Setting("pool", "max", "choice", choices=tuple(POOLS), widget="radio", label="explorer.pool",
            option_label="explorer.pool"),
    Setting("pool_size", 2, lo=1, hi=8, label="explorer.pool_size"),
    Setting("pool_stride", 2, lo=1, hi=8, label="explorer.pool_stride"),
    Setting("bias", True, "bool", widget="toggle", label="explorer.bias"),
    Setting("pool_padding", "valid", "choice", choices=PADDINGS, widget="radio", label="explorer.pool_padding",
            option_label="explorer.padding"),
), check=_grid_fits, repair=_drop_grid)


@EXPLORER.frozen
class Settings:
    """The explorer's knobs, checked (see `EXPLORER`). `padding` is 'valid', 'same' or an int p."""

    @property
    def use_bias(self) -> bool:
        """Keras's name for `bias`."""
        return self.bias

    @property
    def explicit_padding(self) -> int | None:
        return None if isinstance(self.padding, str) else self.padding

    def structure(self, input_shape: tuple) -> tuple:
        """What decides the Keras graph (not the weights): the key of a cached model."""
        return (tuple(input_shape), self.filters, self.kernel_size, self.stride, self.padding, self.dilation,
                self.activation, self.pool, self.pool_size, self.pool_stride, self.pool_padding, self.bias)


DEFAULTS = Settings()


def to_query(settings: Settings) -> dict[str, str]:
    """Every setting as URL text."""
    return EXPLORER.to_query(settings.values())


def from_query(query) -> tuple[Settings, list]:
    """Settings from a URL query, with a `Notice` for each value that was not used."""
    values, notices = EXPLORER.from_query(query)
    return Settings(**values), notices
