"""The training queue with stand-in runs: first come first served, at most N at once, dead tickets freed."""
from __future__ import annotations

import threading
import time

import pytest

from cnnviz.training.queue import MAX_TRAININGS_ENV, TrainingQueue, max_trainings_setting


class FakeRun:
    """Runs until released or stopped; records how many fake runs were running at its peak."""

    lock = threading.Lock()
    active = 0
    peak = 0

    def __init__(self, fail: bool = False):
        self.release = threading.Event()
        self.stopped = threading.Event()
        self.fail = fail

    def run(self):
        with FakeRun.lock:
            FakeRun.active += 1
            FakeRun.peak = max(FakeRun.peak, FakeRun.active)
        try:
            while not (self.release.is_set() or self.stopped.is_set()):
                time.sleep(0.01)
            if self.fail:
                raise ValueError("broken run")
        finally:
            with FakeRun.lock:
                FakeRun.active -= 1

    def stop(self):
        self.stopped.set()


def wait_until(condition, timeout=10.0):
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)


@pytest.fixture(autouse=True)
def reset_peak():
    FakeRun.active = FakeRun.peak = 0


@pytest.mark.parametrize("max_running, n", [(1, 4), (2, 6), (3, 5)])
def test_fifo_order_and_max_concurrency(max_running, n):
    queue = TrainingQueue(max_running=max_running)
    runs = [FakeRun() for _ in range(n)]
    tickets = [queue.submit(r) for r in runs]
    wait_until(lambda: FakeRun.active == max_running)
    assert [queue.place(t) for t in tickets] == [0] * max_running + list(range(1, n - max_running + 1))
    assert queue.counts() == (max_running, n - max_running)
    for run in runs:  # finish them in submission order; the next in line starts each time
        run.release.set()
    wait_until(lambda: all(t.finished for t in tickets))
    assert queue.started_order == [t.id for t in tickets]
    assert FakeRun.peak == max_running


def test_released_out_of_order_the_line_still_starts_in_order():
    queue = TrainingQueue(max_running=2)
    runs = [FakeRun() for _ in range(5)]
    tickets = [queue.submit(r) for r in runs]
    runs[1].release.set()  # the second finishes first: the third (first in line) takes its place
    wait_until(lambda: tickets[2].state == "running")
    assert tickets[3].state == tickets[4].state == "waiting"
    assert [queue.place(t) for t in tickets[3:]] == [1, 2]
    for run in runs:
        run.release.set()
    wait_until(lambda: all(t.finished for t in tickets))
    assert queue.started_order == [t.id for t in tickets]


def test_cancel_leaves_the_line_or_stops_the_run():
    queue = TrainingQueue(max_running=1)
    first, second = FakeRun(), FakeRun()
    t1, t2 = queue.submit(first), queue.submit(second)
    queue.cancel(t2)
    assert t2.state == "cancelled" and queue.place(t2) == 0
    queue.cancel(t1)
    wait_until(lambda: t1.finished)
    assert first.stopped.is_set() and not second.stopped.is_set()
    assert queue.counts() == (0, 0)


def test_dead_tickets_are_stopped_and_free_their_place():
    queue = TrainingQueue(max_running=1, heartbeat_timeout=0.2, reap_every=0.05)
    running, waiting, kept = FakeRun(), FakeRun(), FakeRun()
    queue.submit(running)  # t1
    t2 = queue.submit(waiting)
    t2.last_seen -= 10  # t2's tab closed long ago: it leaves the line before t1 (silent too) is found dead,
    t3 = queue.submit(kept, alive=lambda: True)  # so its place never frees for it, however slow the machine
    # Nobody touches t1 and t2 again.
    wait_until(lambda: running.stopped.is_set())
    wait_until(lambda: t3.state == "running")
    assert t2.state == "abandoned" and not waiting.stopped.is_set()
    time.sleep(0.4)
    assert not kept.stopped.is_set(), "a ticket whose session is alive keeps running"
    kept.release.set()
    wait_until(lambda: t3.finished)


def test_a_reloaded_page_finds_its_ticket_by_token():
    queue = TrainingQueue(max_running=1, keep_finished=2, keep_seconds=60)
    runs = [FakeRun() for _ in range(4)]
    tickets = [queue.submit(run) for run in runs]
    assert len({t.token for t in tickets}) == 4 and all(len(t.token) >= 16 for t in tickets)
    assert [queue.find(t.token) for t in tickets] == tickets  # waiting and running alike
    assert queue.find("not-a-token") is None and queue.find(None) is None
    for run, ticket in zip(runs, tickets):
        run.release.set()
        wait_until(lambda: ticket.finished)
    queue.submit(FakeRun()).run.release.set()  # submitting forgets the finished beyond the newest 2
    assert [queue.find(t.token) for t in tickets] == [None, None, tickets[2], tickets[3]]


def test_finished_tickets_are_forgotten_after_keep_seconds():
    queue = TrainingQueue(max_running=1, keep_seconds=0.1)
    run = FakeRun()
    ticket = queue.submit(run)
    run.release.set()
    wait_until(lambda: ticket.finished)
    assert queue.find(ticket.token) is ticket
    time.sleep(0.2)
    assert queue.find(ticket.token) is None


def test_heartbeat_keeps_a_ticket_alive():
    queue = TrainingQueue(max_running=1, heartbeat_timeout=0.3, reap_every=0.05)
    run = FakeRun()
    ticket = queue.submit(run)
    for _ in range(10):
        ticket.touch()
        time.sleep(0.1)
    assert not run.stopped.is_set()
    run.release.set()
    wait_until(lambda: ticket.finished)


def test_a_failing_run_frees_its_slot_and_keeps_the_error():
    queue = TrainingQueue(max_running=1)
    bad, good = FakeRun(fail=True), FakeRun()
    t1, t2 = queue.submit(bad), queue.submit(good)
    bad.release.set()
    wait_until(lambda: t2.state == "running")
    assert isinstance(t1.error, ValueError)
    good.release.set()
    wait_until(lambda: t2.finished)


@pytest.mark.parametrize("env, expected", [(None, 2), ("1", 1), ("4", 4), ("0", 1), ("many", 2)])
def test_max_trainings_setting(monkeypatch, env, expected):
    if env is None:
        monkeypatch.delenv(MAX_TRAININGS_ENV, raising=False)
    else:
        monkeypatch.setenv(MAX_TRAININGS_ENV, env)
    assert max_trainings_setting() == expected
    assert TrainingQueue().max_running == expected
