"""Bounded disk: caps prune the oldest finished runs with a notice, never a running or shared one; limits from the environment."""
from __future__ import annotations

import numpy as np
import pytest

from cnnviz.errors import SettingError
from cnnviz.runs.limits import (MB, SNAPSHOTS_KEY, Limits, estimate_run_bytes, fitting_full_snapshots,
                                full_snapshot_epochs, limits_from_env)
from cnnviz.runs.quota import estimate
from cnnviz.runs.records import Notice
from tests.runs.helpers import TINY, fake_row, new_run, write_epochs

BIG = {"dense/kernel": np.zeros(150_000, "float32")}  # a 600 kB snapshot


def finished(store, owner, name, big=False, status="done"):
    run_id = new_run(store, owner, name=name, expected_bytes=0)
    if big:
        store.record_epoch(run_id, owner, fake_row(1), [], weights=BIG, convs=[])
    else:
        write_epochs(store, run_id, owner, 1)
    if status != "running":
        store.finish(run_id, owner, status)
    return run_id


def test_the_owners_oldest_finished_run_goes_when_the_count_cap_is_reached(make_store, owner, other):
    store = make_store(runs_per_owner=3)
    ids = [finished(store, owner, f"run {i}") for i in range(3)]
    theirs = finished(store, other, "someone else's")
    created = store.create_run(owner, name="run 3", spec=TINY, settings={"epochs": 1}, data={}, expected_bytes=0)
    assert created.notices == [Notice("runs.notice.pruned", {"count": 1, "names": "run 0"})]
    assert created.notices[0].sentence("en") == "To make room, your 1 oldest finished run(s) were deleted: run 0."
    assert [r.name for r in store.list_runs(owner)] == ["run 3", "run 2", "run 1"]
    assert not store.folder(ids[0]).exists() and store.folder(ids[1]).exists()
    assert [r.id for r in store.list_runs(other)] == [theirs]


@pytest.mark.parametrize("keep", ["running", "shared"])
def test_running_and_shared_runs_are_never_pruned(make_store, owner, keep):
    store = make_store(runs_per_owner=2)
    ids = [finished(store, owner, f"run {i}", status="running" if keep == "running" else "done") for i in range(2)]
    if keep == "shared":
        for run_id in ids:
            store.set_shared(run_id, owner, True)
    with pytest.raises(SettingError) as err:
        store.create_run(owner, name="one more", spec=TINY, settings={"epochs": 1}, data={}, expected_bytes=0)
    assert (err.value.key, err.value.values) == ("runs.err.full_owner", {"most": 2})
    assert sorted(r.id for r in store.list_runs(owner)) == sorted(ids)


def test_the_size_cap_prunes_until_the_new_run_fits(make_store, owner):
    store = make_store(owner_mb=1.5)
    old = [finished(store, owner, f"big {i}", big=True) for i in range(2)]  # 2 × 600 kB
    created = store.create_run(owner, name="next", spec=TINY, settings={"epochs": 1}, data={},
                               expected_bytes=int(0.5 * MB))
    assert created.notices == [Notice("runs.notice.pruned", {"count": 1, "names": "big 0"})]
    assert {r.id for r in store.list_runs(owner)} == {old[1], created.run_id}


def test_a_run_bigger_than_a_learner_may_keep_is_refused_before_anything_is_pruned(make_store, owner):
    store = make_store(owner_mb=1)
    kept = finished(store, owner, "kept", big=True)
    with pytest.raises(SettingError) as err:
        store.create_run(owner, name="huge", spec=TINY, settings={"epochs": 1}, data={}, expected_bytes=2 * MB)
    assert (err.value.key, err.value.values) == ("runs.err.too_big", {"need": 2.0, "most": 1.0})
    assert [r.id for r in store.list_runs(owner)] == [kept]


def test_the_total_cap_prunes_other_learners_oldest_runs_without_naming_them(make_store, owner, other):
    store = make_store(total_mb=1)
    finished(store, other, "their old run", big=True)
    created = store.create_run(owner, name="mine", spec=TINY, settings={"epochs": 1}, data={},
                               expected_bytes=int(0.5 * MB))
    assert created.notices == [Notice("runs.notice.pruned_others", {"count": 1})]
    assert store.list_runs(other) == []


def test_a_full_server_with_nothing_to_prune_is_a_sentence(make_store, owner, other):
    store = make_store(total_mb=1)
    running = finished(store, other, "still training", big=True, status="running")
    with pytest.raises(SettingError) as err:
        store.create_run(owner, name="mine", spec=TINY, settings={"epochs": 1}, data={}, expected_bytes=int(0.5 * MB))
    assert err.value.key == "runs.err.full_server"
    assert [r.id for r in store.list_runs(other)] == [running]


def test_the_estimate_follows_the_snapshot_plan():
    # TINY: 112 + 222 + 100 = 434 params … (see calc.summary); first/last conv 112 + 222.
    limits = Limits()
    params, kernel = 112 + 222 + 4 * (6 * 5 * 5) + 4, 112 + 222
    full = len(full_snapshot_epochs(10, limits.full_snapshots))
    assert estimate(TINY, 10, limits) == 4 * (params * (full + 3) + kernel * (10 - full)) + 64 * 1024


def test_the_most_snapshots_that_fit_are_kept_down_to_the_first_and_the_final_model():
    params, kernel = 10_000, 500
    need = {n: estimate_run_bytes(params, 10, kernel, n) for n in range(2, 7)}
    assert all(need[n] < need[n + 1] for n in range(2, 6))
    assert fitting_full_snapshots(params, 10, kernel, 6, need[6]) == 6
    assert fitting_full_snapshots(params, 10, kernel, 6, need[6] - 1) == 5
    assert fitting_full_snapshots(params, 10, kernel, 6, need[3]) == 3
    assert fitting_full_snapshots(params, 10, kernel, 6, need[2] - 1) == 2  # too big even so: refused by its size


def test_a_run_that_fits_with_every_snapshot_keeps_its_settings_as_given(store, owner):
    created = store.create_run(owner, name="small", spec=TINY, settings={"epochs": 10}, data={})
    assert created.notices == []
    settings = store.get_run(created.run_id, owner).settings
    assert settings == {"epochs": 10} and SNAPSHOTS_KEY not in settings


def test_a_run_too_big_even_with_two_snapshots_is_refused_with_what_to_change(make_store, owner):
    store = make_store(owner_mb=estimate_run_bytes(938, 10, 334, 2) / MB / 2)
    with pytest.raises(SettingError) as err:
        store.create_run(owner, name="huge", spec=TINY, settings={"epochs": 10}, data={})
    assert err.value.key == "runs.err.too_big"
    assert "Use smaller images, fewer epochs or a smaller model" in err.value.sentence("en")
    assert store.list_runs(owner) == []


@pytest.mark.parametrize("epochs, count, expected", [
    (1, 6, {1}), (2, 6, {1}), (3, 6, {1, 2}), (6, 6, {1, 2, 3, 4, 5}), (10, 6, {1, 3, 5, 6, 8}),
    (10, 2, {1}), (10, 3, {1, 6}), (200, 6, {1, 41, 81, 120, 160}),
])
def test_whole_model_snapshots_are_the_first_and_evenly_spread_epochs(epochs, count, expected):
    assert full_snapshot_epochs(epochs, count) == expected


@pytest.mark.parametrize("environ, expected", [
    ({}, Limits()),
    ({"CNNVIZ_RUNS_PER_LEARNER": "5", "CNNVIZ_RUNS_MAX_MB": "100.5"}, Limits(runs_per_owner=5, total_mb=100.5)),
    ({"CNNVIZ_RUNS_LEARNER_MB": "20", "CNNVIZ_RUNS_STALE_SECONDS": "30", "CNNVIZ_RUNS_FULL_SNAPSHOTS": "3"},
     Limits(owner_mb=20, stale_seconds=30, full_snapshots=3)),
    ({"CNNVIZ_RUNS_PER_LEARNER": "many"}, "runs.err.limit"),
    ({"CNNVIZ_RUNS_MAX_MB": "-1"}, "runs.err.limit"),
    ({"CNNVIZ_RUNS_FULL_SNAPSHOTS": "1"}, "runs.err.limit"),
])
def test_limits_come_from_the_environment(environ, expected):
    if isinstance(expected, str):
        with pytest.raises(SettingError) as err:
            limits_from_env(environ)
        assert err.value.key == expected
    else:
        assert limits_from_env(environ) == expected
    assert (Limits().runs_per_owner, Limits().owner_mb, Limits().total_mb) == (30, 150.0, 5000.0)
