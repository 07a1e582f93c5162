"""Opening trained models for /network: the shipped TinyVGG, and a learner's .keras file without running its code.

`load_upload` checks size and the zip's directory (a .keras file is a zip holding ``config.json``),
refuses Lambda layers (they carry Python code), then lets Keras read it with ``safe_mode=True``
from a private temporary folder that is removed afterwards. `describe` checks that the model is one
this page can show (one image input, one class-score output) and wraps it in a `NetModel`.
Keras is imported inside the functions.
"""
from __future__ import annotations

import json
import os
import shutil
import tempfile
import zipfile
from dataclasses import dataclass, field

from cnnviz.errors import SettingError
from cnnviz.paths import assets_dir

CONV_TYPES = ("Conv2D", "DepthwiseConv2D", "SeparableConv2D")
MAX_UPLOAD_BYTES = 30 * 1024 * 1024  # a .keras file of a classroom model is a few MB at most
MAX_UNZIPPED_BYTES = 200 * 1024 * 1024  # zip-bomb guard, from the zip's directory before anything is read
MAX_PARAMS = 30_000_000
ASSET_DIR = assets_dir() / "models"
SHIPPED = "shapes_tinyvgg"


@dataclass
class NetModel:
    """A model ready to show: the Keras model and what the page needs to know about it."""

    model: object  # keras.Model
    class_names: list[str]
    logits: bool  # True when the last layer gives scores before a softmax
    input_scale: float  # multiply 0–255 pixels by this (1.0 when the model rescales itself, else 1/255)
    name: str
    info: dict = field(default_factory=dict)

    @property
    def input_shape(self) -> tuple[int, int, int]:
        return tuple(int(d) for d in self.model.inputs[0].shape[1:])  # (H, W, C)


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


def describe(model, class_names: list[str] | None = None, name: str | None = None, info: dict | None = None) -> NetModel:
    """Check that /network can show `model` and wrap it; unknown class names become 'class 0', 'class 1', …"""
    check_model(model)
    k = int(model.outputs[0].shape[-1])
    names = [str(c)[:40] for c in class_names] if class_names and len(class_names) == k else [f"class {i}" for i in range(k)]
    return NetModel(model, names, outputs_logits(model), input_scale(model), name or model.name, info or {})


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


def load_upload(data: bytes, filename: str = "") -> NetModel:
    """A learner's ``.keras`` bytes → a checked model, or `SettingError` saying why not.

    The bytes go to a private temporary folder (removed afterwards); the zip's directory is checked
    (size, config present, no Lambda layer) before Keras reads it with ``safe_mode=True``.
    """
    import keras

    from cnnviz.models.layers import custom_objects

    data = bytes(data)
    if not data:
        raise SettingError("network.err.empty")
    if len(data) > MAX_UPLOAD_BYTES:
        raise SettingError("network.err.too_large", size_mb=f"{len(data) / 2**20:.1f}", limit_mb=MAX_UPLOAD_BYTES // 2**20)
    folder = tempfile.mkdtemp(prefix="cnnviz-model-")  # mode 0700: private to this process's user
    try:
        path = os.path.join(folder, "upload.keras")
        with open(path, "wb") as f:
            f.write(data)
        _check_archive(path)
        try:
            model = keras.saving.load_model(path, safe_mode=True, custom_objects=custom_objects(), compile=False)
        except Exception as err:  # an untrusted file: whatever Keras raises means "cannot load this"
            raise SettingError("network.err.unreadable", reason=_short(err)) from None
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    if not hasattr(model, "inputs"):
        raise SettingError("network.err.io", inputs=0, outputs=0)
    return describe(model, None, name=getattr(model, "name", "upload"))


def _check_archive(path: str) -> dict:
    """The model's config.json from the .keras zip, after the size and Lambda checks (before Keras reads it)."""
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
    except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError, EOFError):
        raise SettingError("network.err.not_keras") from None
    try:
        config = json.loads(text)
    except (ValueError, RecursionError):
        raise SettingError("network.err.not_keras") from None
    if "Lambda" in _class_names(config):
        raise SettingError("network.err.lambda")
    return config


def _class_names(node, depth: int = 0) -> set[str]:
    """Every ``class_name`` in a Keras config (layers nest inside models)."""
    found: set[str] = set()
    if depth > 60:
        return found
    if isinstance(node, dict):
        if isinstance(node.get("class_name"), str):
            found.add(node["class_name"])
        for value in node.values():
            found |= _class_names(value, depth + 1)
    elif isinstance(node, list):
        for value in node:
            found |= _class_names(value, depth + 1)
    return found


def _short(err: Exception) -> str:
    text = " ".join(str(err).split())
    return (text[:160] + "…") if len(text) > 160 else (text or type(err).__name__)


def outputs_logits(model) -> bool:
    """True unless the last layer applies a softmax (a Softmax layer, or activation='softmax')."""
    last = model.layers[-1]
    if last.__class__.__name__ == "Softmax":
        return False
    activation = getattr(last, "activation", None)
    return getattr(activation, "__name__", "") != "softmax"


def input_scale(model) -> float:
    """1.0 when a Rescaling layer comes before the first convolution (the model takes 0–255), else 1/255."""
    for layer in _flat_layers(model):
        kind = layer.__class__.__name__
        if kind == "Rescaling":
            return 1.0
        if kind in CONV_TYPES or kind in ("Dense", "Flatten"):
            break
    return 1 / 255


def _flat_layers(model) -> list:
    out = []
    for layer in model.layers:
        out.extend(_flat_layers(layer) if hasattr(layer, "layers") else [layer])
    return out
