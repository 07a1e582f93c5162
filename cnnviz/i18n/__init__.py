"""Every string a learner reads, in English and Korean, looked up by key.

Each page owns one table module here (`common`, `errors`, `explorer`, …) mapping a key to an
``(English, Korean)`` pair; `t(key, lang, **values)` fills in ``{placeholders}``. A missing key
raises ``KeyError`` so tests catch it. Pure Python.
"""
from __future__ import annotations

import importlib
import pkgutil
from functools import lru_cache

LANGS = ("en", "ko")
DEFAULT_LANG = "en"
LANG_NAMES = {"en": "English", "ko": "한국어"}


@lru_cache(maxsize=1)
def table() -> dict[str, tuple[str, str]]:
    """All keys from all table modules in this package (a key may be defined only once)."""
    merged: dict[str, tuple[str, str]] = {}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{__name__}.{info.name}")
        for key, pair in module.STRINGS.items():
            if key in merged:
                raise KeyError(f"i18n key {key!r} is defined twice (again in {info.name})")
            merged[key] = pair
    return merged


def normalize_lang(lang: str | None) -> str:
    """'ko', 'ko-KR', 'KO_kr' → 'ko'; anything unknown → English."""
    if not lang:
        return DEFAULT_LANG
    short = str(lang).strip().lower().replace("_", "-").split("-")[0]
    return short if short in LANGS else DEFAULT_LANG


def t(key: str, lang: str = DEFAULT_LANG, /, **values) -> str:
    """The string for `key` in `lang`, with ``{name}`` placeholders filled from `values`."""
    pair = table()[key]
    text = pair[LANGS.index(normalize_lang(lang))]
    return text.format(**values) if values else text
