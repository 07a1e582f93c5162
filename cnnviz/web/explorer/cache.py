"""What /explorer computes, cached for every session: the input image, the Keras stage model, the stage's arrays and its pictures.

Models are cached per structure and arrays per settings and image (`st.cache_resource`: one
copy shared by all sessions; the arrays are read-only). A shared model's weights are set and the
model called under its own lock. `cnnviz.web.explorer.look_ahead` fills these caches ahead of
the learner's next step.
"""
from __future__ import annotations

import contextlib
import hashlib
import io
import sys
import threading

import numpy as np
import streamlit as st

from cnnviz.explorer import pictures as render
from cnnviz.pictures.colors import to_jpeg
from cnnviz.images import list_samples, load_sample, open_upload, prepare
from cnnviz.explorer.settings import UPLOAD, Settings
from cnnviz.explorer.stage import StageResult, build, check, run
from cnnviz.web.lang import tr

@st.cache_data(max_entries=64, show_spinner=False)
def sample_array(name: str, size: int, color: str) -> tuple[np.ndarray, str]:
    x = prepare(load_sample(name), size, color)  # (size, size, C)
    return x, image_id(x)


@st.cache_data(max_entries=16, show_spinner=False)
def upload_array(data: bytes, filename: str, size: int, color: str) -> tuple[np.ndarray, str]:
    x = prepare(open_upload(data, filename), size, color)  # (size, size, C)
    return x, image_id(x)


def input_array(settings: Settings, upload) -> tuple[np.ndarray, str]:
    """The image the stage runs on and its `image_id` (hashed once, not on every move).

    An unreadable upload raises SettingError (images.py's sentence).
    """
    if settings.image == UPLOAD and upload is not None:
        return upload_array(upload.getvalue(), upload.name, settings.size, settings.color)
    name = settings.image if settings.image in list_samples() else list_samples()[0]
    return sample_array(name, settings.size, settings.color)


def image_id(x: np.ndarray) -> str:
    """A digest of the input pixels: two uploads under the same settings must not share a stage."""
    return hashlib.blake2b(np.ascontiguousarray(x).tobytes(), digest_size=16).hexdigest()


@st.cache_resource(max_entries=32, show_spinner=False)
def stage_model(structure: tuple, _settings: Settings):
    """One Keras model per structure, shared by all sessions, with the lock that guards its weights."""
    return build(_settings, structure[0]), threading.Lock()


@st.cache_resource(max_entries=32, show_spinner=False)
def stage_result(settings: Settings, input_id: str, _image: np.ndarray) -> StageResult:
    """All arrays of the stage for these settings on the image (`input_id`, its digest).

    Shared by every session that asks for the same settings and image, so nothing is copied or
    pickled per rerun; `run` makes the arrays read-only for that reason. `run` checks the settings
    first (a SettingError explains before Keras is touched); Streamlit caches no exception.
    """
    check(settings, _image.shape)  # explain before touching Keras (cached: `run` asks again for free)
    model, lock = stage_model(settings.structure(_image.shape), settings)
    return run(settings, _image, model=model, lock=lock)


def compute(settings: Settings, image: np.ndarray, input_id: str | None = None) -> StageResult:
    """The stage's arrays, cached; raises SettingError for impossible settings."""
    return stage_result(settings, input_id or image_id(image), image)


@st.cache_data(max_entries=64, show_spinner=False)
def pictures(settings: Settings, input_id: str, shared: bool, _result: StageResult) -> dict[str, bytes]:
    """The composite images of a stage as JPEG bytes, cached per settings, input and colour scale."""
    r = _result
    images = {
        "kernels": render.kernels_montage(r.kernels),
        "feature_maps": render.maps_montage(r.feature_maps, shared=shared),
        "activation_maps": render.maps_montage(r.activation_maps, shared=shared),
        "pooled": render.maps_montage(r.pooled, shared=shared),
    }
    # JPEG bytes go to the browser as they are; a PIL image would be re-encoded as PNG (~50× slower).
    return {name: to_jpeg(image) for name, image in images.items()}


def stage_pictures(result: StageResult, shared: bool, input_id: str | None = None) -> dict[str, bytes]:
    return pictures(result.settings, input_id or image_id(result.input), shared, result)


@st.cache_data(max_entries=32, show_spinner=False)
def input_picture(padding: tuple, input_id: str, _result: StageResult) -> bytes:
    """The input with its padding as JPEG bytes; it changes less often than the maps."""
    return to_jpeg(render.input_image(_result.padded, _result.shapes.padding))


def first_start_spinner():
    """A spinner while TensorFlow loads (only on the server's first stage: several seconds); otherwise nothing."""
    return st.spinner(tr("explorer.starting")) if "keras" not in sys.modules else contextlib.nullcontext()


def npz_bytes(result: StageResult):
    """A callable giving the .npz of the stage (built only when the learner clicks)."""
    def make() -> bytes:
        buffer = io.BytesIO()
        np.savez_compressed(buffer, **result.download_arrays())
        return buffer.getvalue()
    return make
