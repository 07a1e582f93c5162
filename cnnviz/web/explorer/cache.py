"""What /explorer computes, cached for every session: the input image, the Keras stage model, the stage's arrays and its pictures, and the next steps computed ahead.

Models are cached per structure and arrays per settings and image (`st.cache_resource`: one
copy shared by all sessions; the arrays are read-only). A shared model's weights are set and the
model called under its own lock. After a stage is on screen, `look_ahead_soon` has one background
thread compute the stages one step away on the knob the learner is moving (`look_ahead`), so the
next step of a slider is a cache hit. It waits `AHEAD_DELAY` first, so the browser fetches and
draws this move's pictures without competing with it, and works only while no explorer run is in
progress on the server.
"""
from __future__ import annotations

import contextlib
import gc
import hashlib
import io
import logging
import os
import sys
import threading
import time

import numpy as np
import streamlit as st

from cnnviz.explorer import pictures as render
from cnnviz.pictures.colors import to_jpeg
from cnnviz.errors import SettingError
from cnnviz.images import list_samples, load_sample, open_upload, prepare
from cnnviz.explorer.query import to_query
from cnnviz.explorer.stage import Settings, StageResult, build, check, run
from cnnviz.web.lang import tr

UPLOAD = "upload"
# CNNVIZ_LOOK_AHEAD=0 turns computing ahead off (bench/explorer_latency.py measures both ways).
LOOK_AHEAD = os.environ.get("CNNVIZ_LOOK_AHEAD", "1") != "0"
# Seconds between drawing a stage and computing ahead of it. Computing at once slowed the move on
# screen by 5–8 % (bench/explorer_latency.py, this machine): the server's work competed with the
# browser fetching and drawing the new pictures. A learner's next press comes later than this.
AHEAD_DELAY = 0.2
# Number knobs whose neighbours `look_ahead` computes (kernel size in both directions of a square kernel).
AHEAD_KNOBS = ("kernel_size", "filters", "stride", "dilation", "padding", "pool_size", "pool_stride")


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
    model = build(_settings, structure[0])
    # Streamlit runs a full gc.collect(2) after every script run (runner.postScriptGC). With
    # TensorFlow loaded that walks millions of long-lived objects: 0.3–1 s per slider move on this
    # machine. Moving everything alive now (TF, Keras, cached models) to the permanent generation
    # keeps each collection to the objects made since.
    gc.freeze()
    return model, threading.Lock()


@st.cache_resource(max_entries=32, show_spinner=False)
def stage_result(query: tuple, input_id: str, _settings: Settings, _image: np.ndarray) -> StageResult:
    """All arrays of the stage for these settings (`query`: the settings as sorted URL items) on the image.

    Shared by every session that asks for the same settings and image (`input_id`, its digest), so
    nothing is copied or pickled per rerun; `run` makes the arrays read-only for that reason.
    """
    model, lock = stage_model(_settings.structure(_image.shape), _settings)
    return run(_settings, _image, model=model, lock=lock)


def _query(settings: Settings) -> tuple:
    return tuple(sorted(to_query(settings).items()))


def compute(settings: Settings, image: np.ndarray, input_id: str | None = None) -> StageResult:
    """The stage's arrays, cached; raises SettingError for impossible settings."""
    check(settings, image.shape)  # explain before touching Keras
    return stage_result(_query(settings), input_id or image_id(image), settings, image)


@st.cache_data(max_entries=64, show_spinner=False)
def pictures(query: tuple, input_id: str, shared: bool, _result: StageResult) -> dict[str, bytes]:
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
    return pictures(_query(result.settings), input_id or image_id(result.input), shared, result)


@st.cache_data(max_entries=32, show_spinner=False)
def input_picture(padding: tuple, input_id: str, _result: StageResult) -> bytes:
    """The input with its padding as JPEG bytes; it changes less often than the maps."""
    return to_jpeg(render.input_image(_result.padded, _result.shapes.padding))


# ---------------------------------------------------------------------------------------------
# Computing ahead

_active = 0
_active_lock = threading.Lock()


@contextlib.contextmanager
def counted_run():
    """Count the explorer runs in progress on this server while the block runs."""
    global _active
    with _active_lock:
        _active += 1
    try:
        yield
    finally:
        with _active_lock:
            _active -= 1


def server_quiet() -> bool:
    """True when no explorer run is in progress (work done ahead delays nobody)."""
    with _active_lock:
        return _active == 0


def moved_knob(before: Settings | None, after: Settings) -> tuple[str, int]:
    """The number knob that changed between two runs and the direction (+1/−1); kernel size up by default."""
    if before is not None:
        for knob in AHEAD_KNOBS:
            old, new = getattr(before, knob), getattr(after, knob)
            if knob == "kernel_size" and old != new:
                return knob, 1 if sum(new) > sum(old) else -1
            if isinstance(old, int) and isinstance(new, int) and old != new:
                return knob, 1 if new > old else -1
    return "kernel_size", 1


def step(settings: Settings, knob: str, direction: int) -> Settings | None:
    """The settings one step along `knob`, or None when that step is out of range."""
    if knob == "kernel_size":
        kh, kw = settings.kernel_size
        value = (kh + direction, kw + direction) if kh == kw else (kh + direction, kw)
    else:
        value = getattr(settings, knob)
        if not isinstance(value, int):  # 'valid' / 'same' padding has no neighbour
            return None
        value += direction
    try:
        return settings.replace(**{knob: value})
    except SettingError:  # out of range, or a typed grid that no longer fits
        return None


def look_ahead(before: Settings | None, settings: Settings, image: np.ndarray, shared: bool,
               input_id: str | None = None) -> int:
    """Compute the stages one step away on the knob being moved (onward first), while the server is quiet.

    Runs on the look-ahead thread (`look_ahead_soon`). Returns how many neighbours are now cached
    (0 when busy).
    """
    if not LOOK_AHEAD:
        return 0
    knob, direction = moved_knob(before, settings)
    input_id = input_id or image_id(image)
    done = 0
    for d in (direction, -direction):
        if not server_quiet():
            break
        neighbour = step(settings, knob, d)
        if neighbour is None:
            continue
        try:
            result = compute(neighbour, image, input_id)
        except SettingError:
            continue
        stage_pictures(result, shared, input_id)
        done += 1
    return done


class _AheadThread:
    """One thread for the whole server: the newest request of each session, each after `AHEAD_DELAY`."""

    def __init__(self):
        self._jobs: dict[str, tuple[float, tuple, object]] = {}  # session → (when, arguments, script context)
        self._changed = threading.Condition()
        self._thread: threading.Thread | None = None
        self._running = 0  # 1 while a job is being computed

    def submit(self, session: str, arguments: tuple, ctx) -> None:
        with self._changed:
            self._jobs[session] = (time.monotonic() + AHEAD_DELAY, arguments, ctx)  # a newer move replaces an older
            if self._thread is None:
                self._thread = threading.Thread(target=self._work, name="cnnviz-look-ahead", daemon=True)
                self._thread.start()
            self._changed.notify()

    def pending(self) -> int:
        """Jobs waiting or being computed."""
        with self._changed:
            return len(self._jobs) + self._running

    def _next(self) -> tuple[tuple, object]:
        with self._changed:
            while True:
                if self._jobs:
                    session, (when, arguments, ctx) = min(self._jobs.items(), key=lambda item: item[1][0])
                    wait = when - time.monotonic()
                    if wait <= 0:
                        del self._jobs[session]
                        self._running = 1
                        return arguments, ctx
                    self._changed.wait(wait)
                else:
                    self._changed.wait()

    def _work(self) -> None:
        from streamlit.runtime.scriptrunner import add_script_run_ctx

        while True:
            arguments, ctx = self._next()
            if ctx is not None:
                add_script_run_ctx(threading.current_thread(), ctx)  # Streamlit's caches want the session's context
            try:
                look_ahead(*arguments)
            except Exception:  # computing ahead is an optimisation: a failure must not end the thread
                logging.getLogger(__name__).exception("computing ahead failed")
            finally:
                with self._changed:
                    self._running = 0


_ahead = _AheadThread()


def look_ahead_soon(before: Settings | None, settings: Settings, image: np.ndarray, shared: bool,
                    input_id: str | None = None) -> None:
    """Have the look-ahead thread compute this session's next steps after `AHEAD_DELAY` (returns at once)."""
    if not LOOK_AHEAD:
        return
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    _ahead.submit(ctx.session_id if ctx else "", (before, settings, image, shared, input_id or image_id(image)), ctx)


def first_start_spinner():
    """A spinner while TensorFlow loads (only on the server's first stage: several seconds); otherwise nothing."""
    return st.spinner(tr("explorer.starting")) if "keras" not in sys.modules else contextlib.nullcontext()


def npz_bytes(result: StageResult):
    """A callable giving the .npz of the stage (built only when the learner clicks)."""
    def make() -> bytes:
        buffer = io.BytesIO()
        np.savez_compressed(buffer, **result.arrays())
        return buffer.getvalue()
    return make
