"""Computing ahead: the stages one step away on the knob the learner is moving, made while the server is quiet.

After a stage is on screen, `look_ahead_soon` has one background thread (for the whole server)
compute the neighbours of the knob being moved, onward first (`look_ahead`), so the next step of a
slider is a cache hit in `cnnviz.web.explorer.cache`. It waits `AHEAD_DELAY` first, so the browser
fetches and draws this move's pictures without competing with it, and works only while no explorer
run is in progress on the server (`counted_run`).
"""
from __future__ import annotations

import contextlib
import logging
import os
import threading
import time

import numpy as np

from cnnviz.errors import SettingError
from cnnviz.explorer.settings import Settings
from cnnviz.web.explorer.cache import compute, image_id, stage_pictures

# CNNVIZ_LOOK_AHEAD=0 turns computing ahead off (bench/explorer_latency.py measures both ways).
LOOK_AHEAD = os.environ.get("CNNVIZ_LOOK_AHEAD", "1") != "0"
# Seconds between drawing a stage and computing ahead of it. Computing at once slowed the move on
# screen by 5–8 % (bench/explorer_latency.py, this machine): the server's work competed with the
# browser fetching and drawing the new pictures. A learner's next press comes later than this.
AHEAD_DELAY = 0.2
# Number knobs whose neighbours `look_ahead` computes (kernel size in both directions of a square kernel).
AHEAD_KNOBS = ("kernel_size", "filters", "stride", "dilation", "padding", "pool_size", "pool_stride")


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
