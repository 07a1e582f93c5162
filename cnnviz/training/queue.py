"""The server's training queue: at most N runs train at once, the others wait in first-come order.

One `TrainingQueue` per process (the web layer keeps it in ``st.cache_resource``). `submit(run)`
returns a `Ticket`; a worker thread starts the run as soon as a slot is free, in the order the
tickets were submitted, and `place(ticket)` tells a waiting learner their place in the line.

A run whose learner went away must not hold a slot: each ticket has a liveness test — by default
a heartbeat (`Ticket.touch()`, called by the page on every poll) younger than `heartbeat_timeout`,
optionally OR-ed with a check of its own (e.g. "the browser session is still connected"). A reaper
thread asks every second; a dead waiting ticket leaves the line, a dead running one is stopped
(within one batch) and frees its slot.

Each ticket has an unguessable `token`. A page that reloads (a new browser session) finds its run
again with `find(token)` and keeps it alive with its own heartbeat. The queue remembers waiting and
running tickets, and the last `keep_finished` finished ones for `keep_seconds`.
"""
from __future__ import annotations

import itertools
import logging
import os
import secrets
import threading
import time
from typing import Callable

MAX_TRAININGS_ENV = "CNNVIZ_MAX_TRAININGS"
log = logging.getLogger(__name__)


def max_trainings_setting(default: int = 2) -> int:
    """How many trainings may run at once: env ``CNNVIZ_MAX_TRAININGS`` (at least 1), else `default`."""
    try:
        return max(1, int(os.environ.get(MAX_TRAININGS_ENV, default)))
    except ValueError:
        return default


class Ticket:
    """One submitted run: its state in the queue and its liveness."""

    _ids = itertools.count(1)

    def __init__(self, run, alive: Callable[[], bool] | None, heartbeat_timeout: float):
        self.id = next(self._ids)
        self.token = secrets.token_urlsafe(12)  # finds the run again after a page reload (`TrainingQueue.find`)
        self.run = run
        self.state = "waiting"  # waiting → running → finished; or left the line: cancelled | abandoned
        self.thread: threading.Thread | None = None
        self.error: BaseException | None = None
        self._alive = alive
        self._timeout = heartbeat_timeout
        self.last_seen = time.monotonic()
        self.finished_at: float | None = None

    def touch(self) -> None:
        """Heartbeat: the learner's page is still looking."""
        self.last_seen = time.monotonic()

    def alive(self) -> bool:
        if time.monotonic() - self.last_seen < self._timeout:
            return True
        return bool(self._alive and self._alive())

    def stop(self) -> None:
        self.run.stop()

    def run_stopping(self) -> bool:
        progress = getattr(self.run, "progress", None)
        return bool(progress and progress.stop_requested.is_set())

    @property
    def finished(self) -> bool:
        return self.state in ("finished", "cancelled", "abandoned")


class TrainingQueue:
    """At most `max_running` runs at once, FIFO; see the module docstring."""

    def __init__(self, max_running: int | None = None, heartbeat_timeout: float = 30.0, reap_every: float = 1.0,
                 keep_finished: int = 8, keep_seconds: float = 600.0):
        self.max_running = max_running or max_trainings_setting()
        self.keep_finished, self.keep_seconds = keep_finished, keep_seconds
        self._tickets: dict[str, Ticket] = {}  # token → ticket, oldest first
        self.heartbeat_timeout = heartbeat_timeout
        self.reap_every = reap_every
        self._lock = threading.Lock()
        self._waiting: list[Ticket] = []
        self._running: list[Ticket] = []
        self.started_order: list[int] = []  # ticket ids in the order they started (for tests and logs)
        self._reaper: threading.Thread | None = None

    def submit(self, run, alive: Callable[[], bool] | None = None) -> Ticket:
        """Queue `run` (anything with ``run()`` and ``stop()``); it starts when a slot is free."""
        ticket = Ticket(run, alive, self.heartbeat_timeout)
        with self._lock:
            self._forget_old()
            self._tickets[ticket.token] = ticket
            self._waiting.append(ticket)
            self._start_next()
            if self._reaper is None or not self._reaper.is_alive():
                self._reaper = threading.Thread(target=self._reap, name="cnnviz-reaper", daemon=True)
                self._reaper.start()
        return ticket

    def find(self, token: str) -> Ticket | None:
        """The ticket with this token, if the queue still remembers it (see the module docstring)."""
        with self._lock:
            self._forget_old()
            return self._tickets.get(token) if isinstance(token, str) else None

    def _forget_old(self) -> None:  # with the lock held
        """Drop finished tickets beyond the newest `keep_finished` or older than `keep_seconds`."""
        now = time.monotonic()
        finished = [t for t in self._tickets.values() if t.finished]
        for i, ticket in enumerate(finished):
            too_many = i < len(finished) - self.keep_finished
            if too_many or now - (ticket.finished_at or now) > self.keep_seconds:
                del self._tickets[ticket.token]

    def place(self, ticket: Ticket) -> int:
        """1 for the first in line, 2 for the next …; 0 once it runs or has finished."""
        with self._lock:
            return self._waiting.index(ticket) + 1 if ticket in self._waiting else 0

    def cancel(self, ticket: Ticket) -> None:
        """Leave the line, or stop within one batch if running."""
        with self._lock:
            if ticket in self._waiting:
                self._waiting.remove(ticket)
                ticket.state = "cancelled"
                ticket.finished_at = time.monotonic()
                return
        ticket.stop()

    def counts(self) -> tuple[int, int]:
        """(running, waiting)."""
        with self._lock:
            return len(self._running), len(self._waiting)

    def _start_next(self) -> None:  # with the lock held
        while self._waiting and len(self._running) < self.max_running:
            ticket = self._waiting.pop(0)
            ticket.state = "running"
            self._running.append(ticket)
            self.started_order.append(ticket.id)
            ticket.thread = threading.Thread(target=self._work, args=(ticket,), name=f"cnnviz-train-{ticket.id}",
                                             daemon=True)
            ticket.thread.start()

    def _work(self, ticket: Ticket) -> None:
        try:
            ticket.run.run()
        except Exception as err:  # recorded for the page; the run's progress says "failed"
            ticket.error = err
        finally:
            with self._lock:
                ticket.state = "finished"
                ticket.finished_at = time.monotonic()
                self._running.remove(ticket)
                self._start_next()

    def _reap(self) -> None:
        while True:
            time.sleep(self.reap_every)
            with self._lock:
                for ticket in [t for t in self._waiting if not t.alive()]:
                    self._waiting.remove(ticket)
                    ticket.state = "abandoned"
                    ticket.finished_at = time.monotonic()
                    log.info("training %d left the queue: its page went away", ticket.id)
                dead = [t for t in self._running if not t.alive()]
                idle = not self._waiting and not self._running
            for ticket in dead:
                if not ticket.run_stopping():
                    log.info("training %d stopped: its page went away", ticket.id)
                ticket.stop()
            if idle:
                with self._lock:
                    if not self._waiting and not self._running:
                        self._reaper = None
                        return
