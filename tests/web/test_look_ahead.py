"""Computing ahead on /explorer: which knob is moving, its next step, and that busy servers skip the work."""
import time

import numpy as np
import pytest

from cnnviz.explorer.settings import Settings
from cnnviz.web.explorer import look_ahead

BASE = Settings(size=32, filters=2, kernel_size=(3, 3))


@pytest.mark.parametrize("after, expected", [
    (BASE.replace(kernel_size=(5, 5)), ("kernel_size", 1)),
    (BASE.replace(kernel_size=(3, 2)), ("kernel_size", -1)),
    (BASE.replace(stride=2), ("stride", 1)),
    (BASE.replace(filters=1), ("filters", -1)),
    (BASE.replace(padding=2), ("kernel_size", 1)),  # 'valid' → 2 is a change of kind, not a step: the default
    (BASE.replace(pool_stride=3), ("pool_stride", 1)),
    (BASE.replace(activation="tanh"), ("kernel_size", 1)),  # not a number knob: the default
])
def test_the_moving_knob_and_its_direction(after, expected):
    assert look_ahead.moved_knob(BASE, after) == expected


def test_first_run_looks_at_the_next_kernel_size():
    assert look_ahead.moved_knob(None, BASE) == ("kernel_size", 1)


@pytest.mark.parametrize("settings, knob, direction, expected", [
    (BASE, "kernel_size", 1, (4, 4)),  # a square kernel stays square
    (BASE.replace(kernel_size=(3, 5)), "kernel_size", -1, (2, 5)),  # k_h moves, k_w stays
    (BASE.replace(kernel_size=(1, 1)), "kernel_size", -1, None),  # below the slider's range
    (BASE.replace(kernel_size=(11, 11)), "kernel_size", 1, None),
    (BASE, "stride", 1, 2),
    (BASE.replace(padding=3), "padding", -1, 2),
    (BASE.replace(padding="same"), "padding", 1, None),  # 'same' has no neighbour
    (BASE.replace(kernel="1,0;0,1", kernel_size=(2, 2)), "kernel_size", 1, None),  # a typed grid fits one size
])
def test_one_step(settings, knob, direction, expected):
    stepped = look_ahead.step(settings, knob, direction)
    assert (None if stepped is None else getattr(stepped, knob)) == expected


def test_a_busy_server_computes_nothing_ahead(monkeypatch):
    computed = []
    monkeypatch.setattr(look_ahead, "compute", lambda s, image, input_id=None: computed.append(s))
    image = np.zeros((32, 32, 3), np.float32)
    with look_ahead.counted_run():  # an explorer run in progress somewhere on the server
        assert not look_ahead.server_quiet()
        assert look_ahead.look_ahead(None, BASE, image, False) == 0
    assert computed == []
    assert look_ahead.server_quiet()


def test_a_quiet_server_computes_onward_first(monkeypatch):
    computed = []
    monkeypatch.setattr(look_ahead, "compute", lambda s, image, input_id=None: computed.append(s) or s)
    monkeypatch.setattr(look_ahead, "stage_pictures", lambda result, shared, input_id=None: None)
    monkeypatch.setattr(look_ahead, "LOOK_AHEAD", True)
    image = np.zeros((32, 32, 3), np.float32)
    assert look_ahead.look_ahead(BASE.replace(kernel_size=(2, 2)), BASE, image, False) == 2
    assert [s.kernel_size for s in computed] == [(4, 4), (2, 2)]  # moving up: 4 first, then back to 2
    computed.clear()
    assert look_ahead.look_ahead(BASE.replace(stride=2), BASE, image, False) == 1
    assert [s.stride for s in computed] == [2]  # moving down from 2 to 1: stride 0 does not exist


def test_the_look_ahead_thread_waits_then_computes_only_the_newest_move(monkeypatch):
    deadline = time.monotonic() + 30
    while look_ahead._ahead.pending():  # moves left by page tests run first, on the server-wide thread
        assert time.monotonic() < deadline
        time.sleep(0.05)
    monkeypatch.setattr(look_ahead, "_ahead", look_ahead._AheadThread())  # a thread of this test's own
    computed = []
    monkeypatch.setattr(look_ahead, "compute", lambda s, image, input_id=None: computed.append(s) or s)
    monkeypatch.setattr(look_ahead, "stage_pictures", lambda result, shared, input_id=None: None)
    monkeypatch.setattr(look_ahead, "LOOK_AHEAD", True)
    monkeypatch.setattr(look_ahead, "AHEAD_DELAY", 0.3)
    image = np.zeros((32, 32, 3), np.float32)
    look_ahead.look_ahead_soon(BASE, BASE.replace(stride=2), image, False)  # moving stride up …
    look_ahead.look_ahead_soon(BASE, BASE.replace(filters=3), image, False)  # … then, at once, filters up
    time.sleep(0.1)
    assert computed == []  # the browser gets its pictures first
    deadline = time.monotonic() + 10
    while look_ahead._ahead.pending() or len(computed) < 2:
        assert time.monotonic() < deadline, computed
        time.sleep(0.02)
    assert [(s.filters, s.stride) for s in computed] == [(4, 1), (2, 1)]  # filters 3 → 4 first, then 2
