"""Images, class folders and archives made on the spot for the training tests."""
from __future__ import annotations

import io
import tarfile
from pathlib import Path

import numpy as np
from PIL import Image

from cnnviz.calc.specs import parse_spec

TINY = parse_spec({"name": "tiny", "input_shape": [16, 16, 3], "layers": [
    {"type": "Conv2D", "filters": 4, "kernel_size": 3, "activation": "relu"},
    {"type": "MaxPooling2D"},
    {"type": "Flatten"},
    {"type": "Dense", "units": 10},
]})  # a model that trains in milliseconds


def image_bytes(seed: int = 0, size: tuple[int, int] = (8, 8), fmt: str = "PNG", value: int | None = None) -> bytes:
    """One small RGB image file; `value` makes it one flat grey (else random pixels)."""
    rng = np.random.default_rng(seed)
    pixels = (np.full((*size, 3), value, np.uint8) if value is not None
              else rng.integers(0, 256, (*size, 3), dtype=np.uint8))  # (H, W, 3)
    out = io.BytesIO()
    Image.fromarray(pixels).save(out, format=fmt)
    return out.getvalue()


def write_folder(root: Path, counts: dict[str, int], size=(10, 12), fmt: str = "png", learnable: bool = False) -> Path:
    """``root/<class>/<i>.<fmt>`` with `counts` images per class; `learnable` gives each class its own brightness."""
    for k, (name, n) in enumerate(counts.items()):
        (root / name).mkdir(parents=True)
        for i in range(n):
            value = 40 + 80 * k if learnable else None
            (root / name / f"{i}.{fmt}").write_bytes(image_bytes(1000 * k + i, size, "JPEG" if fmt == "jpg" else "PNG",
                                                                 value))
    return root


def make_tar(entries: list[tuple[str, bytes | None]], mode: str = "w:gz", special: dict[str, tuple] | None = None) -> bytes:
    """A tar from (name, bytes) pairs (bytes None: a directory); `special` name → (tarfile type, linkname)."""
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode=mode) as tf:
        for name, data in entries:
            info = tarfile.TarInfo(name)
            if data is None:
                info.type = tarfile.DIRTYPE
                tf.addfile(info)
            else:
                info.size = len(data)
                tf.addfile(info, io.BytesIO(data))
        for name, (kind, link) in (special or {}).items():
            info = tarfile.TarInfo(name)
            info.type, info.linkname = kind, link
            tf.addfile(info)
    return out.getvalue()
