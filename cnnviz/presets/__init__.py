"""The architectures from the course notes and tutorials, shipped as JSON specs with their sources.

Each ``<name>.json`` beside this file is a spec (see `cnnviz.calc.specs`); `load_preset(name)` parses it.
Pure Python: no TensorFlow.
"""
from __future__ import annotations

import dataclasses
from functools import lru_cache
from pathlib import Path

from cnnviz.errors import SettingError
from cnnviz.calc.specs import MAX_SPEC_BYTES, Spec, load_spec

_DIR = Path(__file__).parent
DEFAULT_PRESET = "tf_cnn_cifar10"


def list_presets() -> list[str]:
    """Preset names, in a teaching order: the tutorials first, VGG16 last."""
    order = ["tf_cnn_cifar10", "tf_flowers", "tf_flowers_augmented", "cifar10_deep", "lenet5", "tinyvgg",
             "dental_256", "vgg16"]
    found = sorted(p.stem for p in _DIR.glob("*.json"))
    return [n for n in order if n in found] + [n for n in found if n not in order]


def preset_path(name: str) -> Path:
    """The JSON file of a preset; `name` is checked against the list, never joined into a path unchecked."""
    if name not in list_presets():
        raise SettingError("preset.unknown", name=str(name)[:40], known=", ".join(list_presets()))
    return _DIR / f"{name}.json"


@lru_cache(maxsize=None)
def load_preset(name: str) -> Spec:
    return load_spec(preset_path(name).read_text(encoding="utf-8"))


def adapt(spec: Spec, input_shape: tuple[int, int, int], num_classes: int) -> Spec:
    """The same architecture for other data: a new input shape, and `num_classes` units in the last Dense layer."""
    layers = list(spec.layers)
    last = max((i for i, layer in enumerate(layers) if layer.type == "Dense"), default=None)
    if last is None:
        raise SettingError("preset.no_dense", name=spec.name)
    layers[last] = dataclasses.replace(layers[last], args={**layers[last].args, "units": int(num_classes)})
    return dataclasses.replace(spec, input_shape=tuple(int(v) for v in input_shape), layers=tuple(layers))


def read_spec(source: str) -> Spec:
    """A spec from a JSON file, or a preset by name."""
    if source in list_presets():
        return load_preset(source)
    path = Path(source)
    if not path.is_file():
        raise SettingError("cli.no_spec_file", path=source, presets=", ".join(list_presets()))
    with path.open("rb") as fh:
        data = fh.read(MAX_SPEC_BYTES + 1)
    return load_spec(data)
