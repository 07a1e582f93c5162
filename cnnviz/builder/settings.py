"""The architecture builder's settings, declared once: the model to start from, the learner's own layers, predict mode.

`ARCHITECTURE` is the declaration (see `cnnviz.settings`); link keys ``preset`` (a preset or
``empty``), ``spec`` (the learner's stack when it is not a preset as it ships: the spec's JSON,
zlib-compressed, base64url — a teacher's link can hand out any architecture) and ``predict``
(``on`` hides every shape until the learner has answered). Pure Python.
"""
from __future__ import annotations

import base64
import json
import zlib

from cnnviz.calc.specs import MAX_SPEC_BYTES, Spec, load_spec
from cnnviz.presets import DEFAULT_PRESET, list_presets
from cnnviz.settings import Declaration, Setting

EMPTY = "empty"
MAX_SPEC_CHARS = 6000  # longer stacks stay out of the link (the page says so)


def encode_spec(spec: Spec) -> str:
    """A spec as link text: compact JSON, zlib, base64url without padding."""
    text = json.dumps(spec.to_dict(), separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    return base64.urlsafe_b64encode(zlib.compress(text, 9)).decode("ascii").rstrip("=")


def decode_spec(text: str) -> Spec:
    """The spec a link carries; hostile text raises ValueError (or a SettingError from the spec's checks)."""
    if not text:
        raise ValueError("empty")
    raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    inflate = zlib.decompressobj()
    data = inflate.decompress(raw, MAX_SPEC_BYTES + 1)  # a zip bomb stops here
    if len(data) > MAX_SPEC_BYTES or inflate.unconsumed_tail:
        raise ValueError("too big")
    return load_spec(data)


def _spec(value):
    if value != "":
        decode_spec(value)
    return value


def _parse_spec(text: str) -> str:
    if text == "":
        return text
    try:
        decode_spec(text)
    except (ValueError, zlib.error, UnicodeDecodeError) as err:  # binascii.Error is a ValueError
        raise ValueError("not a spec") from err
    return text


ARCHITECTURE = Declaration("architecture", (
    Setting("preset", DEFAULT_PRESET, "choice", choices=lambda: (EMPTY, *list_presets()), widget="start",
            label="architecture.start"),
    Setting("spec", "", "custom", widget="layers", label="architecture.layers", validate=_spec, parse=_parse_spec,
            max_chars=MAX_SPEC_CHARS),
    Setting("predict", False, "bool", widget="toggle", label="architecture.predict", help="architecture.predict.help"),
))
