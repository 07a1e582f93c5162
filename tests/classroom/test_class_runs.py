"""The class's runs: who trained, ranking by validation accuracy with settings, curves, sharing, and the class model."""
from __future__ import annotations

import pytest

from cnnviz.classroom import class_runs, class_training, classes
from cnnviz.errors import SettingError
from cnnviz.runs.owners import new_owner_token
from cnnviz.runs.store import open_store
from cnnviz.training.run import TrainSettings
from tests.runs.helpers import DATA, TINY, write_epochs


@pytest.fixture
def store(db_url, tmp_path):
    return open_store(db_url, tmp_path / "runs")


def _run(store, owner, name, epochs=3, **settings):
    run_id = store.create_run(owner, name=name, spec=TINY, settings=TrainSettings(epochs=epochs, **settings),
                              data=DATA).run_id
    write_epochs(store, run_id, owner, epochs)
    return run_id


def test_runs_are_ranked_by_validation_accuracy_with_their_settings(room, klass, mina, jun, store):
    a, b = new_owner_token(), new_owner_token()
    short = _run(store, a, "short", epochs=2, flip=True, rotation=0.1)  # best val accuracy 0.42
    long = _run(store, b, "long", epochs=5, dropout=0.3)  # 0.45
    class_runs.note_run(room, mina, short)
    class_runs.note_run(room, jun, long)
    class_runs.note_run(room, jun, long)  # twice: one row
    ranked = class_runs.ranked(room, klass.id)
    assert [(r.learner, r.name, r.epochs_done) for r in ranked] == [("Jun", "long", 5), ("Mina", "short", 2)]
    assert ranked[0].best_val_accuracy == pytest.approx(0.45) and ranked[0].dropout == 0.3
    assert ranked[1].augmentation == ("flip", "rotation 0.1") and ranked[1].dropout == 0.0
    assert not any(r.shared for r in ranked) and class_runs.ranked(room, klass.id, shared_only=True) == []
    assert {r.name for r in classes.roster(room, klass.id) if r.trained} == {"Mina", "Jun"}
    points, history = class_runs.curves(room, klass.id, long)
    assert [h["epoch"] for h in history] == [1, 2, 3, 4, 5] and len(points) == 10


def test_sharing_needs_the_owner_token_and_stays_within_the_class(room, klass, mina, store):
    owner = new_owner_token()
    run_id = _run(store, owner, "mine")
    with pytest.raises(SettingError) as err:
        class_runs.share_run(room, store, mina, run_id, new_owner_token())  # not the owner
    assert err.value.key == "runs.err.not_found"
    assert class_runs.ranked(room, klass.id) == []
    class_runs.share_run(room, store, mina, run_id, owner)
    assert [r.shared for r in class_runs.ranked(room, klass.id, shared_only=True)] == [True]
    assert store.get_run(run_id, class_runs.reader_token()).shared  # the projector reads it through the store
    other = classes.start_class(room)
    for attempt in (lambda: class_runs.curves(room, other.id, run_id),
                    lambda: class_runs.shared_model_file(room, store, other.id, run_id)):
        with pytest.raises(SettingError) as err:
            attempt()
        assert err.value.key == "runs.err.not_found"
    assert class_runs.shared_model_file(room, store, klass.id, run_id) is None  # no final model yet
    class_runs.share_run(room, store, mina, run_id, owner, shared=False)
    with pytest.raises(SettingError):
        class_runs.curves(room, klass.id, run_id, shared_only=True)


@pytest.mark.parametrize("settings, spec_layers, aug, dropout", [
    ({"flip": True, "zoom": 0.2}, [], ("flip", "zoom 0.2"), 0.0),
    ({}, [{"type": "RandomFlip"}, {"type": "Dropout", "rate": 0.25}], ("RandomFlip",), 0.25),
    ({"dropout": 0.5}, [{"type": "Dropout", "rate": 0.2}], (), 0.5),
    (None, None, (), 0.0),
])
def test_describe_settings(settings, spec_layers, aug, dropout):
    spec = None if spec_layers is None else {"layers": spec_layers}
    assert class_runs.describe_settings(settings, spec) == (aug, dropout)


def test_the_class_model_is_mirrored_for_every_learner_and_saved_for_the_network_page(room, klass):
    assert class_training.status(room, klass.id) is None and class_training.model_file(room, klass.id) is None
    class_training.begin(room, klass.id, ["paper", "rock"], epochs=4)
    assert class_training.status(room, klass.id).state == "waiting"
    snapshot = {"state": "running", "epoch": 1, "epochs": 4, "points": [(i / 1000, 1.0, float("nan")) for i in range(1000)],
                "history": [{"epoch": 1, "loss": 0.9, "val_accuracy": float("inf")}]}
    class_training.mirror(room, klass.id, snapshot)
    found = class_training.status(room, klass.id)
    assert found.state == "running" and len(found.progress["points"]) <= class_training.MAX_POINTS
    assert found.progress["points"][0][2] is None and found.progress["history"][0]["val_accuracy"] is None
    class_training.finish(room, klass.id, "done", save_model=lambda path: open(path, "wb").write(b"keras"))
    path, names, logits = class_training.model_file(room, klass.id)
    assert (path.read_bytes(), names, logits) == (b"keras", ("paper", "rock"), True)
    class_training.begin(room, klass.id, ["a", "b"], epochs=1)  # a new run forgets the old model
    assert class_training.model_file(room, klass.id) is None and not path.exists()
