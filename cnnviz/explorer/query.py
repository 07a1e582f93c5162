"""The explorer's settings as a URL query and back: a teacher's link restores the page, and any bad value falls back with a notice.

Keys (Keras-like names): ``image, size, color, filters, kernel_size, stride, padding, dilation,
activation, kernel, seed, pool, pool_size, pool_stride``, plus ``bias`` (on|off) and
``pool_padding`` (valid|same) for the two knobs the issue lists without a key, and ``lock``
(knobs a teacher fixes, e.g. ``lock=padding,stride``). ``kernel_size`` is ``3`` or ``3x5``;
``padding`` is ``valid``, ``same`` or an integer p; ``kernel`` is a kernel name, ``random`` or a grid
``1,0,-1;2,0,-2;1,0,-1``. Any other key (``lang``) is left alone. Pure Python: no Streamlit.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from cnnviz.explorer import kernels as K
from cnnviz.errors import SettingError
from cnnviz.i18n import t
from cnnviz.explorer.stage import ACTIVATIONS, COLORS, DEFAULTS, LIMITS, PADDINGS, POOLS, Settings

KEYS = ("image", "size", "color", "filters", "kernel_size", "stride", "padding", "dilation", "activation",
        "kernel", "seed", "pool", "pool_size", "pool_stride", "bias", "pool_padding")
LOCK_KEY = "lock"
LOCKABLE = KEYS
MAX_VALUE_CHARS = 300
_INT = re.compile(r"[0-9]{1,10}")  # ASCII digits only: int() would also take '３' or ' 3_0 '
_PAIR = re.compile(r"([0-9]{1,3})\s*[x×,]\s*([0-9]{1,3})")


@dataclass(frozen=True)
class Notice:
    """A value from the link that was not used: which key, what it said (shortened) and what was used instead."""

    key: str
    value: str
    used: str

    def text(self, lang: str = "en") -> str:
        return t("explorer.notice.fallback", lang, key=self.key, value=self.value, used=self.used)


def _last(value) -> str | None:
    """Streamlit gives the last value of a repeated key; a raw dict may give a list."""
    if isinstance(value, (list, tuple)):
        value = value[-1] if value else None
    return None if value is None else str(value)


def _shorten(text: str) -> str:
    """A safe, short echo of a hostile value (printable characters only, at most 24)."""
    clean = "".join(c if c.isprintable() else "?" for c in text)
    return clean if len(clean) <= 24 else clean[:21] + "..."


def _int(text: str, name: str) -> int:
    if not _INT.fullmatch(text):
        raise ValueError(name)
    value = int(text)
    lo, hi = LIMITS[name]
    if not lo <= value <= hi:
        raise ValueError(name)
    return value


def _choice(text: str, choices) -> str:
    if text not in choices:
        raise ValueError(text)
    return text


def _kernel_size(text: str) -> tuple[int, int]:
    m = _PAIR.fullmatch(text)
    pair = (int(m.group(1)), int(m.group(2))) if m else (_int(text, "kernel_size"),) * 2
    lo, hi = LIMITS["kernel_size"]
    if not all(lo <= v <= hi for v in pair):
        raise ValueError(text)
    return pair


def _padding(text: str) -> str | int:
    return text if text in PADDINGS else _int(text, "padding")


def _kernel(text: str) -> str:
    if text in K.NAMES or text == K.RANDOM:
        return text
    return K.format_grid(K.parse_grid(text))


def _bias(text: str) -> bool:
    return {"on": True, "off": False}[_choice(text, ("on", "off"))]


_PARSERS = {
    "size": lambda v: _int(v, "size"),
    "color": lambda v: _choice(v, COLORS),
    "filters": lambda v: _int(v, "filters"),
    "kernel_size": _kernel_size,
    "stride": lambda v: _int(v, "stride"),
    "padding": _padding,
    "dilation": lambda v: _int(v, "dilation"),
    "activation": lambda v: _choice(v, ACTIVATIONS),
    "kernel": _kernel,
    "seed": lambda v: _int(v, "seed"),
    "pool": lambda v: _choice(v, tuple(POOLS)),
    "pool_size": lambda v: _int(v, "pool_size"),
    "pool_stride": lambda v: _int(v, "pool_stride"),
    "bias": _bias,
    "pool_padding": lambda v: _choice(v, PADDINGS),
}
_FIELD = {"bias": "use_bias"}  # query key → Settings field, where they differ


def format_value(key: str, settings: Settings) -> str:
    """The query text of one setting."""
    value = getattr(settings, _FIELD.get(key, key))
    if key == "kernel_size":
        kh, kw = value
        return str(kh) if kh == kw else f"{kh}x{kw}"
    if key == "bias":
        return "on" if value else "off"
    return str(value)


def to_query(settings: Settings) -> dict[str, str]:
    """Every setting as text (all keys, so a link stays exact even if the defaults change)."""
    return {key: format_value(key, settings) for key in KEYS}


def from_query(query: Mapping, samples: list[str] | None = None) -> tuple[Settings, list[Notice]]:
    """Settings from a URL query; keys that are absent take the default, bad ones the default plus a notice.

    `samples` are the image names a link may name (default: `cnnviz.images.list_samples()`).
    """
    if samples is None:
        from cnnviz.images import list_samples

        samples = list_samples()
    values: dict = {}
    notices: list[Notice] = []
    for key in KEYS:
        raw = _last(query.get(key)) if key in query else None
        if raw is None:
            continue
        field = _FIELD.get(key, key)
        try:
            if len(raw) > MAX_VALUE_CHARS:
                raise ValueError("too long")
            values[field] = _choice(raw, samples) if key == "image" else _PARSERS[key](raw)
        except (ValueError, KeyError):  # SettingError is a ValueError
            notices.append(Notice(key, _shorten(raw), format_value(key, DEFAULTS)))
    # A typed grid must match the kernel size; if it does not, the grid loses (the size is the knob).
    kernel = values.get("kernel")
    if kernel is not None and K.is_grid(kernel):
        grid_shape = K.parse_grid(kernel).shape
        if grid_shape != values.get("kernel_size", DEFAULTS.kernel_size):
            notices.append(Notice("kernel", _shorten(kernel), DEFAULTS.kernel))
            del values["kernel"]
    try:
        settings = DEFAULTS.replace(**values)
    except SettingError:  # every value was checked above; this is a guard, not a path
        return DEFAULTS, notices + [Notice("query", "…", "defaults")]
    return settings, notices
