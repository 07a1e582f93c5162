"""The run store without Keras: records, histories, ownership, shared runs, interrupted runs, bad input (SQLite and PostgreSQL)."""
from __future__ import annotations

import hashlib
import os
import stat
import subprocess
import sys
import time

import numpy as np
import pytest
import sqlalchemy as sa

from cnnviz.errors import SettingError
from cnnviz.runs import files
from cnnviz.runs.limits import Limits
from cnnviz.runs.owners import cli_owner_token, new_owner_token, owner_hash
from cnnviz.runs.store import open_store
from cnnviz.runs.schema import create_schema, curves, epochs, metadata, runs, snapshots
from tests.runs.helpers import DATA, TINY, fake_kernels, fake_row, new_run, write_epochs


def test_a_new_run_is_running_and_holds_what_it_was_created_with(store, owner):
    run_id = new_run(store, owner, name="  first try  ", epochs=4)
    r = store.get_run(run_id, owner)
    assert (r.name, r.status, r.epochs_planned, r.epochs_done, r.seed, r.mine, r.shared) == \
        ("first try", "running", 4, 0, 1, True, False)
    assert r.data == DATA and r.spec == TINY.to_dict() and r.settings["epochs"] == 4
    assert files.RUN_ID.fullmatch(run_id) and len(run_id) == 16
    assert store.folder(run_id).is_dir()


def test_epochs_curve_and_summary_columns_come_back_as_written(store, owner):
    run_id = new_run(store, owner)
    write_epochs(store, run_id, owner, 3)
    history = store.history(run_id, owner)
    assert [h["epoch"] for h in history] == [1, 2, 3]
    assert history[1] == pytest.approx(fake_row(2))
    assert store.curve(run_id, owner) == [(0.5, 1.0, 0.5), (1.0, 0.9, 0.6), (1.5, 1.0, 0.5), (2.0, 0.9, 0.6),
                                          (2.5, 1.0, 0.5), (3.0, 0.9, 0.6)]
    r = store.get_run(run_id, owner)
    assert (r.epochs_done, r.best_val_accuracy, r.final_val_accuracy, r.final_val_loss) == \
        (3, pytest.approx(0.43), pytest.approx(0.43), pytest.approx(0.4))
    assert r.bytes_on_disk == files.folder_bytes(store.folder(run_id)) > 0
    assert [(s["epoch"], s["kind"]) for s in store.snapshots(run_id, owner)] == [(1, "kernels"), (2, "kernels"),
                                                                                 (3, "kernels")]


def test_writing_an_epoch_again_replaces_it(store, owner):
    run_id = new_run(store, owner)
    write_epochs(store, run_id, owner, 2)
    store.record_epoch(run_id, owner, {**fake_row(2), "loss": 7.0}, [], kernels=fake_kernels(2), convs=["conv2d"])
    assert [h["loss"] for h in store.history(run_id, owner)] == pytest.approx([1.0, 7.0])
    assert len(store.snapshots(run_id, owner)) == 2


def test_an_epoch_of_a_model_without_conv_layers_keeps_an_empty_kernel_snapshot(store, owner):
    run_id = new_run(store, owner)
    store.record_epoch(run_id, owner, fake_row(1), [], kernels={}, convs=[])
    assert store.kernels_at(run_id, owner, 1) == {}
    assert [(s["epoch"], s["kind"]) for s in store.snapshots(run_id, owner)] == [(1, "kernels")]


def test_not_a_number_is_stored_as_missing(store, owner):
    run_id = new_run(store, owner)
    store.record_epoch(run_id, owner, {**fake_row(1), "loss": float("nan")}, [(0.5, float("inf"), 0.5)])
    assert store.history(run_id, owner)[0]["loss"] is None
    assert store.curve(run_id, owner) == [(0.5, None, 0.5)]


@pytest.mark.parametrize("status", ["done", "stopped", "failed"])
def test_finish_sets_status_time_duration_and_error(store, owner, status):
    run_id = new_run(store, owner)
    write_epochs(store, run_id, owner, 1)
    store.finish(run_id, owner, status, duration=12.5, error="boom" if status == "failed" else None)
    r = store.get_run(run_id, owner)
    assert (r.status, r.duration, r.error, r.has_model) == (status, 12.5, "boom" if status == "failed" else None, False)
    assert r.finished_at >= r.created_at


def test_finish_writes_the_model_file_last_and_records_it(store, owner):
    run_id = new_run(store, owner)
    write_epochs(store, run_id, owner, 2)
    store.finish(run_id, owner, "done", save_model=lambda path: open(path, "wb").write(b"PK-model"))
    assert store.model_file(run_id, owner).read_bytes() == b"PK-model"
    assert store.snapshots(run_id, owner)[-1] == {"epoch": 2, "kind": "model", "filename": "model.keras", "bytes": 8}
    assert not [p for p in store.folder(run_id).iterdir() if p.name.endswith(".tmp") or p.name.startswith(".")]


def test_list_is_newest_first_and_compare_gives_each_history(store, owner):
    a = new_run(store, owner, name="a")
    write_epochs(store, a, owner, 2)
    b = new_run(store, owner, name="b")
    write_epochs(store, b, owner, 3)
    assert [r.name for r in store.list_runs(owner)] == ["b", "a"]
    both = store.compare([a, b], owner)
    assert {k: [h["val_accuracy"] for h in v] for k, v in both.items()} == \
        {a: pytest.approx([0.41, 0.42]), b: pytest.approx([0.41, 0.42, 0.43])}


def test_rename_and_delete(store, owner):
    run_id = new_run(store, owner)
    write_epochs(store, run_id, owner, 2)
    store.rename(run_id, owner, "better name")
    assert store.get_run(run_id, owner).name == "better name"
    store.delete(run_id, owner)
    assert store.list_runs(owner) == [] and not store.folder(run_id).exists()
    with store.engine.connect() as conn:  # ON DELETE CASCADE took the epochs, curve and snapshot rows
        assert [conn.execute(sa.select(sa.func.count()).select_from(t).where(t.c.run_id == run_id)).scalar()
                for t in (epochs, curves, snapshots)] == [0, 0, 0]
    with pytest.raises(SettingError) as err:
        store.get_run(run_id, owner)
    assert err.value.key == "runs.err.not_found"


# --- ownership ----------------------------------------------------------------------------------

ACTIONS = {
    "get_run": lambda s, i, o: s.get_run(i, o),
    "history": lambda s, i, o: s.history(i, o),
    "curve": lambda s, i, o: s.curve(i, o),
    "compare": lambda s, i, o: s.compare([i], o),
    "snapshots": lambda s, i, o: s.snapshots(i, o),
    "kernels_at": lambda s, i, o: s.kernels_at(i, o, 1),
    "model_file": lambda s, i, o: s.model_file(i, o),
    "rename": lambda s, i, o: s.rename(i, o, "mine now"),
    "delete": lambda s, i, o: s.delete(i, o),
    "set_shared": lambda s, i, o: s.set_shared(i, o, True),
    "record_epoch": lambda s, i, o: s.record_epoch(i, o, fake_row(9), [], kernels=fake_kernels(9), convs=["conv2d"]),
    "heartbeat": lambda s, i, o: s.heartbeat(i, o),
    "finish": lambda s, i, o: s.finish(i, o, "done", save_model=lambda p: open(p, "wb").write(b"evil")),
}
WRITES = ("rename", "delete", "set_shared", "record_epoch", "heartbeat", "finish")


def _refused(action, store, run_id, who) -> SettingError:
    with pytest.raises(SettingError) as err:
        ACTIONS[action](store, run_id, who)
    return err.value


@pytest.mark.parametrize("action", sorted(ACTIONS))
def test_another_owners_run_is_refused_exactly_like_a_missing_one(store, owner, other, action):
    run_id = new_run(store, owner, name="private")
    write_epochs(store, run_id, owner, 2)
    before = (store.get_run(run_id, owner), store.history(run_id, owner), sorted(os.listdir(store.folder(run_id))))
    theirs = _refused(action, store, run_id, other)
    missing = _refused(action, store, "A" * 16, owner)
    assert (theirs.key, theirs.values) == ("runs.err.not_found", {"id": run_id})
    assert (missing.key, missing.values) == ("runs.err.not_found", {"id": "A" * 16})
    after = (store.get_run(run_id, owner), store.history(run_id, owner), sorted(os.listdir(store.folder(run_id))))
    assert after == before
    assert store.list_runs(other) == []


@pytest.mark.parametrize("action", sorted(ACTIONS))
def test_a_shared_run_is_readable_by_others_but_never_changed_by_them(store, owner, other, action):
    run_id = new_run(store, owner, name="for the class")
    write_epochs(store, run_id, owner, 2)
    store.set_shared(run_id, owner, True)
    if action in WRITES:
        assert _refused(action, store, run_id, other).key == "runs.err.not_found"
        assert store.get_run(run_id, owner).name == "for the class" and store.folder(run_id).is_dir()
    else:
        ACTIONS[action](store, run_id, other)  # no error
        seen = store.get_run(run_id, other)
        assert (seen.name, seen.mine, seen.shared) == ("for the class", False, True)
        assert [r.id for r in store.list_runs(other)] == [run_id]
        assert store.list_runs(other, include_shared=False) == []


def test_the_database_keeps_only_the_hash_of_an_owner_token(store, owner, db_url):
    run_id = new_run(store, owner)
    with store.engine.connect() as conn:
        stored = conn.execute(sa.select(runs.c.owner_hash).where(runs.c.id == run_id)).scalar()
    assert stored == hashlib.sha256(owner.encode()).hexdigest() == owner_hash(owner)
    if db_url.startswith("sqlite"):
        store.engine.dispose()  # checkpoint the WAL into the file
        assert owner.encode() not in open(db_url.removeprefix("sqlite:///"), "rb").read()


def test_owner_tokens_are_long_random_and_the_cli_token_is_private(tmp_path):
    tokens = {new_owner_token() for _ in range(100)}
    assert len(tokens) == 100 and all(len(t) == 32 for t in tokens)  # 32 × 6 = 192 bits
    token = cli_owner_token(tmp_path)
    assert cli_owner_token(tmp_path) == token
    assert stat.S_IMODE((tmp_path / "owner_token").stat().st_mode) == 0o600


@pytest.mark.parametrize("call, key", [
    (lambda s, o, i: s.get_run("../../etc/passwd", o), "runs.err.not_found"),
    (lambda s, o, i: s.get_run(12345678, o), "runs.err.not_found"),
    (lambda s, o, i: s.history("short", o), "runs.err.not_found"),
    (lambda s, o, i: s.get_run(i, "not-a-token"), "runs.err.owner"),
    (lambda s, o, i: s.list_runs(None), "runs.err.owner"),
    (lambda s, o, i: s.rename(i, o, "   "), "runs.err.name"),
    (lambda s, o, i: s.rename(i, o, "x" * 81), "runs.err.name"),
    (lambda s, o, i: s.rename(i, o, "two\nlines"), "runs.err.name"),
    (lambda s, o, i: s.kernels_at(i, o, 0), "runs.err.epoch"),
    (lambda s, o, i: s.kernels_at(i, o, 3), "runs.err.epoch"),
    (lambda s, o, i: s.kernels_at(i, o, "1"), "runs.err.epoch"),
    (lambda s, o, i: s.finish(i, o, "exploded"), "runs.err.status"),
    (lambda s, o, i: s.record_epoch(i, o, {"epoch": "x"}, []), "runs.err.epoch"),
])
def test_bad_input_is_a_sentence(store, owner, call, key):
    run_id = new_run(store, owner)
    write_epochs(store, run_id, owner, 2)
    with pytest.raises(SettingError) as err:
        call(store, owner, run_id)
    assert err.value.key == key
    assert str(err.value).endswith(".") and err.value.sentence("ko") != str(err.value)


# --- interrupted runs --------------------------------------------------------------------------

def _set(store, run_id, **values):
    with store.engine.begin() as conn:
        conn.execute(runs.update().where(runs.c.id == run_id).values(**values))


def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


@pytest.mark.parametrize("case, interrupted", [
    ("fresh heartbeat, writer alive", False),
    ("heartbeat older than stale_seconds", True),
    ("writer process on this host is gone", True),
    ("writer on another host, fresh heartbeat", False),
])
def test_a_silent_or_orphaned_run_is_shown_interrupted_with_its_epochs(make_store, owner, case, interrupted):
    store = make_store(stale_seconds=60)
    run_id = new_run(store, owner)
    write_epochs(store, run_id, owner, 2)
    if case.startswith("heartbeat"):
        _set(store, run_id, heartbeat_at=time.time() - 61)
    elif case.startswith("writer process"):
        _set(store, run_id, writer_pid=_dead_pid())
    elif case.startswith("writer on another"):
        _set(store, run_id, writer_host="another-machine", writer_pid=_dead_pid())
    listed = store.list_runs(owner)[0]
    assert listed.status == ("interrupted" if interrupted else "running")
    assert (listed.epochs_done, len(store.history(run_id, owner)), len(store.kernels_at(run_id, owner, 2))) == (2, 2, 1)
    reopened = make_store(stale_seconds=60).get_run(run_id, owner)
    assert reopened.status == listed.status and (reopened.finished_at is not None) == interrupted


def test_a_heartbeat_from_a_slow_writer_makes_an_interrupted_run_running_again(make_store, owner):
    store = make_store(stale_seconds=60)
    run_id = new_run(store, owner)
    _set(store, run_id, heartbeat_at=time.time() - 100)
    assert store.get_run(run_id, owner).status == "interrupted"
    store.heartbeat(run_id, owner)
    r = store.get_run(run_id, owner)
    assert (r.status, r.finished_at) == ("running", None)
    store.finish(run_id, owner, "done")
    store.heartbeat(run_id, owner)  # a late heartbeat does not reopen a finished run
    assert store.get_run(run_id, owner).status == "done"


# --- the schema --------------------------------------------------------------------------------

def test_the_schema_is_created_once_and_later_modules_can_add_tables(store):
    extra = sa.Table("test_class_codes", metadata, sa.Column("code", sa.String(12), primary_key=True),
                     sa.Column("run_id", sa.String(64), sa.ForeignKey("runs.id", ondelete="CASCADE")))
    try:
        create_schema(store.engine)
        create_schema(store.engine)  # idempotent
        names = set(sa.inspect(store.engine).get_table_names())
        assert {"runs", "run_epochs", "run_curves", "run_snapshots", "cnnviz_meta", "test_class_codes"} <= names
        with store.engine.connect() as conn:
            assert conn.execute(sa.text("SELECT value FROM cnnviz_meta WHERE key = 'schema_version'")).scalar() == "1"
    finally:
        extra.drop(store.engine, checkfirst=True)
        metadata.remove(extra)


def test_sqlite_connections_use_wal_a_busy_timeout_and_foreign_keys(tmp_path):
    from cnnviz.runs.database import dispose_all

    store = open_store(f"sqlite:///{tmp_path / 'cnnviz.db'}", tmp_path / "runs", Limits())
    with store.engine.connect() as conn:
        got = [conn.exec_driver_sql(f"PRAGMA {p}").scalar() for p in ("journal_mode", "busy_timeout",
                                                                        "foreign_keys", "synchronous")]
    dispose_all()
    assert got == ["wal", 30000, 1, 2]  # synchronous 2 = FULL


def test_an_unknown_database_url_is_a_sentence():
    from cnnviz.runs.database import engine_for

    for url in ("mysql://u@h/db", "not a url"):
        with pytest.raises(SettingError) as err:
            engine_for(url)
        assert err.value.key == "runs.err.database"


def test_snapshot_files_are_written_whole_and_read_without_pickles(tmp_path):
    path = tmp_path / "epoch_0001.kernels.npz"
    size = files.write_arrays(path, {"conv2d/kernel": np.ones((3, 3, 1, 2), "float32")}, ["conv2d"])
    arrays, convs = files.read_arrays(path)
    assert size == path.stat().st_size and convs == ["conv2d"] and arrays["conv2d/kernel"].sum() == 18
    assert sorted(p.name for p in tmp_path.iterdir()) == ["epoch_0001.kernels.npz"]  # no temporary left
    with pytest.raises(ZeroDivisionError):  # a writer that fails leaves the old file and no temporary
        files.write_atomic(path, lambda f: 1 / 0)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["epoch_0001.kernels.npz"]
    assert files.read_arrays(path)[1] == ["conv2d"]
