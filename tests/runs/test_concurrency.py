"""Two trainings writing and many readers at once lose no row and corrupt nothing: threads, and separate processes."""
from __future__ import annotations

import subprocess
import sys
import threading

import pytest

from tests import ROOT
from tests.runs.helpers import fake_row, new_run, write_epochs

EPOCHS = 40


def _check_complete(store, owner, run_id):
    history = store.history(run_id, owner)
    assert [h["epoch"] for h in history] == list(range(1, EPOCHS + 1))
    assert history == [pytest.approx(fake_row(e)) for e in range(1, EPOCHS + 1)]
    assert len(store.curve(run_id, owner)) == 2 * EPOCHS
    assert len(store.snapshots(run_id, owner)) == EPOCHS
    record = store.get_run(run_id, owner)
    assert (record.epochs_done, record.best_val_accuracy) == (EPOCHS, pytest.approx(0.4 + EPOCHS / 100))


def _readers(store, owners, stop, errors, count=4):
    def read():
        try:
            while not stop.is_set():
                for who in owners:
                    for record in store.list_runs(who):
                        store.history(record.id, who)
                        store.curve(record.id, who)
        except Exception as err:  # collected and asserted on below
            errors.append(err)
    threads = [threading.Thread(target=read) for _ in range(count)]
    for thread in threads:
        thread.start()
    return threads


def test_two_writer_threads_and_four_readers(store, owner, other):
    errors, stop = [], threading.Event()
    ids = {}

    def write(who, name):
        try:
            run_id = new_run(store, who, name=name, epochs=EPOCHS)
            ids[name] = (who, run_id)
            for epoch in range(1, EPOCHS + 1):
                store.heartbeat(run_id, who)
                write_epochs(store, run_id, who, 1, start=epoch)
            store.finish(run_id, who, "done")
        except Exception as err:
            errors.append(err)

    readers = _readers(store, [owner, other], stop, errors)
    writers = [threading.Thread(target=write, args=(who, name)) for who, name in ((owner, "a"), (other, "b"))]
    for thread in writers:
        thread.start()
    for thread in writers:
        thread.join(timeout=300)
    stop.set()
    for thread in readers:
        thread.join(timeout=60)
    assert errors == []
    for who, run_id in ids.values():
        _check_complete(store, who, run_id)
        assert store.get_run(run_id, who).status == "done"


def test_two_writer_processes_on_the_same_database_while_this_one_reads(store, owner, db_url, tmp_path):
    errors, stop = [], threading.Event()
    readers = _readers(store, [owner], stop, errors, count=2)
    procs = [subprocess.Popen([sys.executable, "-m", "tests.runs.proc_writer", db_url, str(tmp_path / "runs"), owner,
                               f"process {i}", str(EPOCHS)], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True) for i in range(2)]
    outs = [p.communicate(timeout=300) for p in procs]
    stop.set()
    for thread in readers:
        thread.join(timeout=60)
    assert [p.returncode for p in procs] == [0, 0], [err for _, err in outs]
    assert errors == []
    run_ids = [out.strip() for out, _ in outs]
    assert sorted(r.id for r in store.list_runs(owner)) == sorted(run_ids)
    for run_id in run_ids:
        _check_complete(store, owner, run_id)
        assert store.get_run(run_id, owner).status == "done"


def test_processes_opening_a_new_database_at_once_all_get_the_same_tables(db_url, tmp_path):
    code = ("import sys; from cnnviz.runs.store import open_store; s = open_store(sys.argv[1], sys.argv[2]); "
            "print(len(s.list_runs('T' * 32)))")
    procs = [subprocess.Popen([sys.executable, "-c", code, db_url, str(tmp_path / "runs")], cwd=ROOT,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(4)]
    outs = [p.communicate(timeout=120) for p in procs]
    assert [(p.returncode, out.strip()) for p, (out, _) in zip(procs, outs)] == [(0, "0")] * 4, outs
