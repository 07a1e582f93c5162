"""What a model file needs besides the network: class names, logits or softmax, the input range, training-data statistics.

cnnviz writes them as a small JSON entry, ``cnnviz.json``, added to the .keras zip after
``model.save`` (Keras ignores entries it does not know) and reads them back as JSON only, checked
field by field (`check_info`). Teachable Machine ships class names in ``labels.txt`` ("0 Class A" per
line): `parse_labels`. Keras is imported inside `save_keras`.
"""
from __future__ import annotations

import io
import json
import math
import os
import re
import shutil
import tempfile
import zipfile

from cnnviz.errors import SettingError

INFO_ENTRY = "cnnviz.json"
MAX_INFO_BYTES = 256 * 1024
MAX_LABELS_BYTES = 200 * 1024
MAX_CLASSES = 1000
MAX_NAME = 80
_INDEXED = re.compile(r"^(\d{1,4})\s+(.*)$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")


def clean_name(text: str) -> str:
    """A class name from a file: control and bidi characters removed, spaces collapsed, at most 80 characters."""
    return " ".join(_CONTROL.sub(" ", str(text)).split())[:MAX_NAME]


def parse_labels(text: bytes | str) -> list[str]:
    """Class names from a labels.txt: "0 cat", "1 dog", … (Teachable Machine) or one plain name per line.

    Lines that all start with an index are put in index order (0, 1, …, K−1, each once); blank lines
    are skipped. Anything else (binary, too long, gaps in the indices) raises `SettingError`.
    """
    if isinstance(text, (bytes, bytearray)):
        if len(text) > MAX_LABELS_BYTES:
            raise SettingError("models.err.labels_too_big", limit_kb=MAX_LABELS_BYTES // 1024)
        try:
            text = bytes(text).decode("utf-8-sig")
        except UnicodeDecodeError:
            raise SettingError("models.err.labels_not_text") from None
    if len(text) > MAX_LABELS_BYTES or "\x00" in text:
        raise SettingError("models.err.labels_not_text")
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if not lines:
        raise SettingError("models.err.labels_empty")
    if len(lines) > MAX_CLASSES:
        raise SettingError("models.err.labels_too_many", count=len(lines), limit=MAX_CLASSES)
    matches = [_INDEXED.match(line) for line in lines]
    if all(matches):
        indexed = sorted((int(m.group(1)), m.group(2)) for m in matches)
        if [i for i, _ in indexed] != list(range(len(indexed))):
            raise SettingError("models.err.labels_indices", count=len(indexed))
        names = [name for _, name in indexed]
    else:
        names = lines
    names = [clean_name(n) for n in names]
    if not all(names):
        raise SettingError("models.err.labels_empty")
    return names


def check_info(data) -> dict:
    """The fields of a cnnviz.json that cnnviz uses, each checked; `SettingError` for a malformed entry."""
    if not isinstance(data, dict):
        raise SettingError("models.err.bad_info", field="cnnviz.json")
    info: dict = {}
    names = data.get("class_names")
    if names is not None:
        if not isinstance(names, list) or not 1 <= len(names) <= MAX_CLASSES or not all(isinstance(n, str) for n in names):
            raise SettingError("models.err.bad_info", field="class_names")
        info["class_names"] = [clean_name(n) or f"class {i}" for i, n in enumerate(names)]
    if data.get("logits") is not None:
        if not isinstance(data["logits"], bool):
            raise SettingError("models.err.bad_info", field="logits")
        info["logits"] = data["logits"]
    if data.get("input_range") is not None:
        info["input_range"] = _check_range(data["input_range"])
    if data.get("input_stats") is not None:
        from cnnviz.models.datastats import check_stats

        info["input_stats"] = check_stats(data["input_stats"])
    return info


def _check_range(value) -> list[float]:
    ok = (isinstance(value, list) and len(value) == 2
          and all(isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v) for v in value)
          and value[0] < value[1] and max(abs(value[0]), abs(value[1])) <= 1e6)
    if not ok:
        raise SettingError("models.err.bad_info", field="input_range")
    return [float(value[0]), float(value[1])]


def read_info(archive: zipfile.ZipFile) -> dict:
    """The checked cnnviz.json of an open .keras zip ({} when there is none)."""
    if INFO_ENTRY not in archive.namelist():
        return {}
    entry = archive.getinfo(INFO_ENTRY)
    if entry.file_size > MAX_INFO_BYTES:
        raise SettingError("models.err.bad_info", field="cnnviz.json")
    try:
        data = json.loads(archive.read(INFO_ENTRY).decode("utf-8"))
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise SettingError("models.err.bad_info", field="cnnviz.json") from None
    return check_info(data)


def with_info(data: bytes, class_names: list[str] | None = None, logits: bool | None = None,
              input_range: tuple[float, float] | None = None) -> bytes:
    """The bytes of a .keras file with a cnnviz.json entry added (or replaced): what `save_keras` writes, for a file
    saved before (the run store's final model)."""
    info = {"format": 1, "class_names": None if class_names is None else [str(n) for n in class_names],
            "logits": logits, "input_range": None if input_range is None else [float(v) for v in input_range]}
    info = {k: v for k, v in info.items() if v is not None}
    check_info(info)
    source, out = io.BytesIO(data), io.BytesIO()
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            if item.filename != INFO_ENTRY:
                new.writestr(item, old.read(item.filename))
        new.writestr(INFO_ENTRY, json.dumps(info, ensure_ascii=False))
    return out.getvalue()


def save_keras(model, class_names: list[str] | None = None, logits: bool | None = None,
               input_range: tuple[float, float] | None = None, input_stats: dict | None = None) -> bytes:
    """The bytes of a .keras file of `model` with a cnnviz.json entry (for the training page's download and the CLI).

    input_range: the pixel values the model takes, e.g. (0, 255) when it rescales itself, (0, 1), (−1, 1).
    input_stats: `cnnviz.models.datastats.reference_stats` of the training images (enables the unlike-data check).
    """
    info = {"format": 1, "class_names": None if class_names is None else [str(n) for n in class_names],
            "logits": logits, "input_range": None if input_range is None else [float(v) for v in input_range],
            "input_stats": input_stats}
    info = {k: v for k, v in info.items() if v is not None}
    check_info(info)  # what we write must read back
    folder = tempfile.mkdtemp(prefix="cnnviz-save-")
    try:
        path = os.path.join(folder, "model.keras")
        model.save(path)
        with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr(INFO_ENTRY, json.dumps(info, ensure_ascii=False))
        with open(path, "rb") as f:
            return f.read()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
