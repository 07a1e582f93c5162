"""Opening trained models: the shipped TinyVGG, and a learner's .keras or .h5 file without running its code.

`open_model(data, filename)` is the one loader: it checks the size, writes the bytes to a private
temporary folder (removed afterwards) and tells the format by its first bytes. A .keras zip has its
directory checked (size, zip bomb, config present), its ``config.json`` scanned for code
(`cnnviz.models.scan`) and its ``cnnviz.json`` read (`cnnviz.models.bundle`) before Keras reads it
with ``safe_mode=True``; a Keras 2 .h5 goes through `cnnviz.models.h5` (config read with h5py and
scanned before Keras sees it). `load_model_file(path)` does the same for a file on disk (the CLI);
`load_upload` adds `describe` for /network: the model checked (one image input, one class-score
output), nested models flattened into one graph (`cnnviz.models.graph.flat_model`) and wrapped in
a `NetModel`. Keras is imported inside the functions.
"""
from __future__ import annotations

import json
import os
import shutil
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from cnnviz.errors import SettingError
from cnnviz.models import bundle, h5
from cnnviz.models.scan import parse_config, refuse_code
from cnnviz.paths import assets_dir

CONV_TYPES = ("Conv2D", "DepthwiseConv2D", "SeparableConv2D")
MAX_UPLOAD_BYTES = 30 * 1024 * 1024  # a classroom model file is a few MB at most
MAX_UNZIPPED_BYTES = 200 * 1024 * 1024  # zip-bomb guard, from the zip's directory before anything is read
MAX_PARAMS = 30_000_000
ASSET_DIR = assets_dir() / "models"
SHIPPED = "shapes_tinyvgg"


@dataclass
class NetModel:
    """A model ready to show: the Keras model and what the page needs to know about it."""

    model: object  # keras.Model, one graph (nested models flattened)
    class_names: list[str]
    logits: bool  # True when the last layer gives scores before a softmax
    input_scale: float  # pixels 0–255 · input_scale + input_offset = what the model takes
    name: str
    info: dict = field(default_factory=dict)
    input_offset: float = 0.0

    @property
    def input_shape(self) -> tuple[int, int, int]:
        return tuple(int(d) for d in self.model.inputs[0].shape[1:])  # (H, W, C)


@dataclass
class SavedModel:
    """A model file opened: the Keras model as saved (nested models kept) and what came with it."""

    model: object
    info: dict  # checked cnnviz.json fields, plus 'format' ('keras' or 'h5') and what the loader found


# ---------------------------------------------------------------------------------------------
# Loading


def load_shipped(name: str = SHIPPED) -> NetModel:
    """The model in ``assets/models`` trained by ``scripts/train_network_model.py``, with its class names."""
    import keras

    from cnnviz.models.layers import custom_objects

    info = json.loads((ASSET_DIR / f"{name}.json").read_text(encoding="utf-8"))
    model = keras.saving.load_model(ASSET_DIR / info["file"], safe_mode=True, custom_objects=custom_objects(),
                                    compile=False)
    return describe(model, info["class_names"], name=name, info=info)


def open_model(data: bytes, filename: str = "") -> SavedModel:
    """A learner's .keras or .h5 bytes → the model as saved, or `SettingError` saying why not."""
    from cnnviz.models.layers import custom_objects

    data = bytes(data)
    if not data:
        raise SettingError("network.err.empty")
    if len(data) > MAX_UPLOAD_BYTES:
        raise SettingError("network.err.too_large", size_mb=f"{len(data) / 2**20:.1f}", limit_mb=MAX_UPLOAD_BYTES // 2**20)
    if data[:4] == b"PK\x03\x04":
        kind = "keras"
    elif h5.is_hdf5(data):
        kind = "h5"
    else:
        raise SettingError("models.err.not_model")
    folder = tempfile.mkdtemp(prefix="cnnviz-model-")  # mode 0700: private to this process's user
    try:
        path = os.path.join(folder, f"upload.{kind}")
        with open(path, "wb") as f:
            f.write(data)
        if kind == "h5":
            model, info = h5.load_h5(path, custom_objects())
        else:
            info = {**_check_archive(path), "format": "keras"}
            model = _keras_load(path, custom_objects())
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    if not hasattr(model, "inputs"):
        raise SettingError("network.err.io", inputs=0, outputs=0)
    return SavedModel(model, info)


def load_model_file(path: str | Path) -> SavedModel:
    """A .keras or .h5 file on disk → `SavedModel` (the size checked before the file is read)."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_UPLOAD_BYTES:
            raise SettingError("network.err.too_large", size_mb=f"{size / 2**20:.1f}", limit_mb=MAX_UPLOAD_BYTES // 2**20)
        data = path.read_bytes()
    except OSError:
        raise SettingError("models.err.no_file", path=str(path)[-80:]) from None
    return open_model(data, path.name)


def load_upload(data: bytes, filename: str = "", labels: bytes | str | None = None) -> NetModel:
    """A learner's .keras or .h5 bytes (and optional labels.txt) → a checked `NetModel` for /network."""
    saved = open_model(data, filename)
    names = bundle.parse_labels(labels) if labels is not None else saved.info.get("class_names")
    k = int(saved.model.outputs[0].shape[-1]) if len(saved.model.outputs) == 1 else 0
    if labels is not None and len(names) != k:
        raise SettingError("models.err.labels_count", labels=len(names), classes=k)
    return describe(saved.model, names, name=getattr(saved.model, "name", "upload"), info=saved.info)


def _keras_load(path: str, custom_objects: dict):
    import keras

    try:
        return keras.saving.load_model(path, safe_mode=True, custom_objects=custom_objects, compile=False)
    except Exception as err:  # an untrusted file: whatever Keras raises means "cannot load this"
        raise SettingError("network.err.unreadable", reason=short_reason(err)) from None


def _check_archive(path: str) -> dict:
    """The .keras zip's checked cnnviz.json, after the size, config and code checks (before Keras reads it)."""
    if not zipfile.is_zipfile(path):
        raise SettingError("network.err.not_keras")
    try:
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
            if sum(e.file_size for e in entries) > MAX_UNZIPPED_BYTES or len(entries) > 1000:
                raise SettingError("network.err.bomb", limit_mb=MAX_UNZIPPED_BYTES // 2**20)
            if "config.json" not in archive.namelist():
                raise SettingError("network.err.not_keras")
            text = archive.read("config.json")
            info = bundle.read_info(archive)
    except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError, EOFError):
        raise SettingError("network.err.not_keras") from None
    refuse_code(parse_config(text, "network.err.not_keras"))
    return info


def short_reason(err: Exception) -> str:
    """Keras's error, one line, at most 160 characters (for the 'could not open' sentence)."""
    text = " ".join(str(err).split())
    return (text[:160] + "…") if len(text) > 160 else (text or type(err).__name__)


# ---------------------------------------------------------------------------------------------
# What /network needs to know


def describe(model, class_names: list[str] | None = None, name: str | None = None, info: dict | None = None) -> NetModel:
    """Check that /network can show `model`, flatten nested models and wrap it.

    Unknown class names become 'class 0', 'class 1', …; `info` may carry 'logits' and 'input_range'
    (the values the model takes for pixels 0–255), which win over what is read from the layers.
    """
    from cnnviz.models.graph import flat_model

    check_model(model)
    info = dict(info or {})
    k = int(model.outputs[0].shape[-1])
    names = [str(c)[:40] for c in class_names] if class_names and len(class_names) == k else [f"class {i}" for i in range(k)]
    try:
        flat = flat_model(model)
    except Exception as err:  # a nested layer that cannot be re-created from its config
        raise SettingError("network.err.unreadable", reason=short_reason(err)) from None
    logits = info["logits"] if isinstance(info.get("logits"), bool) else outputs_logits(flat)
    if info.get("input_range"):
        lo, hi = info["input_range"]
        scale, offset = (hi - lo) / 255, float(lo)
    else:
        scale, offset = input_scale(flat), 0.0
    return NetModel(flat, names, logits, scale, name or model.name, info, offset)


def check_model(model) -> None:
    """Refuse, with a sentence, a model this page cannot show."""
    inputs, outputs = getattr(model, "inputs", None), getattr(model, "outputs", None)
    if not inputs or len(inputs) != 1 or not outputs or len(outputs) != 1:
        raise SettingError("network.err.io", inputs=len(inputs or []), outputs=len(outputs or []))
    shape = tuple(inputs[0].shape)
    if len(shape) != 4 or any(d is None for d in shape[1:]) or shape[3] not in (1, 3) or not 8 <= shape[1] <= 512 \
            or not 8 <= shape[2] <= 512:
        raise SettingError("network.err.input", shape=str(shape[1:]))
    if len(outputs[0].shape) != 2 or not 1 <= int(outputs[0].shape[-1]) <= 1000:
        raise SettingError("network.err.output", shape=str(tuple(outputs[0].shape[1:])))
    if model.count_params() > MAX_PARAMS:
        raise SettingError("network.err.too_many_params", params=model.count_params(), limit=MAX_PARAMS)


def outputs_logits(model) -> bool:
    """True unless the last computing layer applies a softmax (a Softmax layer, or activation='softmax')."""
    from cnnviz.models.graph import leaf_layers

    last = leaf_layers(model)[-1]
    if last.__class__.__name__ == "Softmax":
        return False
    activation = getattr(last, "activation", None)
    return getattr(activation, "__name__", "") != "softmax"


def input_scale(model) -> float:
    """1.0 when a Rescaling layer comes before the first convolution (the model takes 0–255), else 1/255."""
    from cnnviz.models.graph import leaf_layers

    for layer in leaf_layers(model):
        kind = layer.__class__.__name__
        if kind == "Rescaling":
            return 1.0
        if kind in CONV_TYPES or kind in ("Dense", "Flatten"):
            break
    return 1 / 255
