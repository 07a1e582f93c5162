"""The recorder on a real Keras training: what it stores equals what Keras had, epoch by epoch; stop, failure, the timeline."""
from __future__ import annotations

import keras
import numpy as np
import pytest

from cnnviz.runs.limits import MB, SNAPSHOTS_KEY, Limits
from cnnviz.runs.owners import new_owner_token
from cnnviz.runs.quota import estimate
from cnnviz.runs.records import Notice
from cnnviz.runs.recorder import create_for, train_and_record
from cnnviz.runs.store import open_store
from cnnviz.training.datasets import load_shapes
from cnnviz.training.evaluation import history_csv
from cnnviz.training.run import TrainingRun, TrainSettings
from tests.runs.helpers import TINY

EPOCHS = 5


class Capture(keras.callbacks.Callback):
    """Every variable and the logs at each epoch end (runs after the recorder, before the next batch)."""

    def __init__(self):
        super().__init__()
        self.weights, self.logs = {}, {}

    def on_epoch_end(self, epoch, logs=None):
        self.weights[epoch + 1] = {v.path: keras.ops.convert_to_numpy(v).copy() for v in self.model.weights}
        self.logs[epoch + 1] = dict(logs)


@pytest.fixture(scope="module")
def data():
    return load_shapes(n=120, size=16, validation_split=0.25, seed=1)


@pytest.fixture(scope="module")
def trained(tmp_path_factory, data):
    """One recorded run of 5 epochs; whole-model snapshots at epochs 1 and 3 only (full_snapshots=3)."""
    folder = tmp_path_factory.mktemp("recorded")
    store = open_store(f"sqlite:///{folder / 'cnnviz.db'}", folder / "runs", Limits(full_snapshots=3))
    owner = new_owner_token()
    keras.utils.set_random_seed(3)
    run = TrainingRun(TINY, data, TrainSettings(epochs=EPOCHS, batch_size=32, curve_every=1, seed=3))
    created = create_for(store, owner, run, "recorded", seed=1)
    capture = Capture()
    train_and_record(store, owner, created.run_id, run, callbacks=[capture])
    return store, owner, created.run_id, run, capture


def test_each_epoch_is_stored_as_keras_logged_it(trained):
    store, owner, run_id, run, capture = trained
    history = store.history(run_id, owner)
    assert [h["epoch"] for h in history] == list(range(1, EPOCHS + 1))
    for row in history:
        logs = capture.logs[row["epoch"]]
        assert {k: row[k] for k in ("loss", "accuracy", "val_loss", "val_accuracy")} == \
            {k: float(logs[k]) for k in ("loss", "accuracy", "val_loss", "val_accuracy")}
        assert row["learning_rate"] == pytest.approx(1e-3) and row["seconds"] > 0
    record = store.get_run(run_id, owner)
    assert (record.status, record.epochs_done, record.has_model) == ("done", EPOCHS, True)
    assert record.final_val_accuracy == float(capture.logs[EPOCHS]["val_accuracy"])
    assert record.best_val_accuracy == max(float(l["val_accuracy"]) for l in capture.logs.values())
    assert record.duration > 0 and record.data["source"]["seed"] == 1 and record.seed == 3


def test_the_curve_is_the_live_progress_curve(trained):
    store, owner, run_id, run, _ = trained
    live = run.progress.snapshot()["points"]
    assert len(live) == EPOCHS * 3  # 90 images / 32 = 3 batches, a point after each
    assert store.curve(run_id, owner) == [pytest.approx(p) for p in live]


def test_history_csv_has_the_columns_and_numbers_of_the_training_page(trained):
    from cnnviz.runs.export import history_csv as stored_csv

    store, owner, run_id, run, _ = trained

    def without_seconds(text):
        return [line.rsplit(",", 1)[0] for line in text.splitlines()]
    assert without_seconds(stored_csv(store, run_id, owner)) == without_seconds(history_csv(run.result.history))


def test_snapshots_follow_the_plan(trained):
    store, owner, run_id, _, _ = trained
    assert [(s["epoch"], s["kind"]) for s in store.snapshots(run_id, owner)] == [
        (1, "weights"), (2, "kernels"), (3, "weights"), (4, "kernels"), (5, "kernels"), (5, "model")]


def test_kernels_at_each_epoch_equal_the_models_at_that_epoch_end(trained):
    store, owner, run_id, _, capture = trained
    for epoch in range(1, EPOCHS + 1):
        kernels = store.kernels_at(run_id, owner, epoch)
        assert list(kernels) == ["conv2d", "conv2d_1"]
        for layer, parts in kernels.items():
            for part, array in parts.items():
                np.testing.assert_array_equal(array, capture.weights[epoch][f"{layer}/{part}"])
    first, last = store.kernels_at(run_id, owner, 1), store.kernels_at(run_id, owner, EPOCHS)
    assert not np.array_equal(first["conv2d"]["kernel"], last["conv2d"]["kernel"])
    assert first["conv2d"]["kernel"].shape == (3, 3, 3, 4) and last["conv2d_1"]["bias"].shape == (6,)


@pytest.mark.parametrize("epoch, weights_from", [(1, 1), (2, 1), (3, 3), (4, 3), (5, "model")])
def test_model_at_rebuilds_the_epoch_from_its_snapshots(trained, data, epoch, weights_from):
    store, owner, run_id, run, capture = trained
    source = store.source_at(run_id, owner, epoch)
    assert source == {"epoch": epoch, "weights_from": weights_from, "kernels_from": epoch,
                      "exact": weights_from in (epoch, "model")}
    model = store.model_at(run_id, owner, epoch)
    base = capture.weights[epoch if weights_from == "model" else weights_from]
    for variable in model.weights:
        conv = variable.path.startswith(("conv2d/", "conv2d_1/"))
        expected = capture.weights[epoch][variable.path] if conv else base[variable.path]
        np.testing.assert_array_equal(keras.ops.convert_to_numpy(variable), expected)
    if weights_from == "model":
        np.testing.assert_allclose(model.predict(data.x_val, verbose=0), run.model.predict(data.x_val, verbose=0),
                                   rtol=1e-6, atol=1e-6)


def test_the_exported_keras_file_is_the_trained_model(trained, data, tmp_path):
    from cnnviz.runs.export import export_run

    store, owner, run_id, run, _ = trained
    content, name, mime = export_run(store, run_id, owner, "keras")
    assert (name, mime) == ("recorded.keras", "application/octet-stream")
    (tmp_path / name).write_bytes(content)
    loaded = keras.saving.load_model(tmp_path / name, safe_mode=True)
    np.testing.assert_allclose(loaded.predict(data.x_val, verbose=0), run.model.predict(data.x_val, verbose=0),
                               rtol=1e-6, atol=1e-6)


def _fresh(tmp_path, data, epochs=EPOCHS):
    store = open_store(f"sqlite:///{tmp_path / 'cnnviz.db'}", tmp_path / "runs")
    owner = new_owner_token()
    run = TrainingRun(TINY, data, TrainSettings(epochs=epochs, seed=0))
    return store, owner, run, create_for(store, owner, run, "run").run_id


def test_a_stopped_run_is_stored_stopped_with_its_epochs_and_model(tmp_path, data):
    store, owner, run, run_id = _fresh(tmp_path, data)

    class StopAfterTwo(keras.callbacks.Callback):
        def on_epoch_end(self, epoch, logs=None):
            if epoch == 1:
                run.stop()
    train_and_record(store, owner, run_id, run, callbacks=[StopAfterTwo()])
    record = store.get_run(run_id, owner)
    assert (record.status, record.epochs_done, record.has_model) == ("stopped", len(run.result.history), True)
    assert 2 <= record.epochs_done < EPOCHS


def test_a_failed_run_is_stored_failed_with_its_sentence_and_epochs(tmp_path, data):
    store, owner, run, run_id = _fresh(tmp_path, data)

    class Boom(keras.callbacks.Callback):
        def on_epoch_end(self, epoch, logs=None):
            if epoch == 1:
                raise RuntimeError("the disk caught fire")
    with pytest.raises(RuntimeError):
        train_and_record(store, owner, run_id, run, callbacks=[Boom()])
    record = store.get_run(run_id, owner)
    assert (record.status, record.error, record.epochs_done, record.has_model) == \
        ("failed", "the disk caught fire", 2, False)
    model = store.model_at(run_id, owner, 2)  # the last snapshot still serves
    assert model.predict(data.x_val[:3], verbose=0).shape == (3, 4)
    from cnnviz.runs.export import keras_bytes  # … and exports as a .keras rebuilt at that epoch

    (tmp_path / "last.keras").write_bytes(keras_bytes(store, run_id, owner))
    loaded = keras.saving.load_model(tmp_path / "last.keras", safe_mode=True)
    np.testing.assert_allclose(loaded.predict(data.x_val, verbose=0), model.predict(data.x_val, verbose=0), atol=1e-6)


def test_the_stored_learning_rate_is_the_one_each_epoch_trained_with(tmp_path):
    """ReduceLROnPlateau lowers the rate at an epoch's end: the row of that epoch keeps the rate it trained with,
    equal to the training page's own history row."""
    from cnnviz.training.callbacks import ReduceLROnPlateau
    from cnnviz.training.run import TrainingRun, TrainSettings

    store = open_store(f"sqlite:///{tmp_path / 'lr.db'}", root=tmp_path / "runs")
    owner = "an-owner-token-for-the-lr-test-0001"
    run = TrainingRun(TINY, load_shapes(n=120, size=16),
                      TrainSettings(epochs=4, batch_size=32, seed=0, learning_rate=0.01,
                                    reduce_lr=ReduceLROnPlateau("loss", factor=0.5, patience=1, min_delta=1.0)))
    run_id = create_for(store, owner, run, "lr").run_id
    result = train_and_record(store, owner, run_id, run)
    stored = [row["learning_rate"] for row in store.history(run_id, owner)]
    assert stored == [row["learning_rate"] for row in result.history]
    assert stored[0] == pytest.approx(0.01) and stored[-1] < stored[0]  # it dropped, and the first epoch kept 0.01


def test_a_model_too_big_for_every_snapshot_keeps_fewer_and_the_recorder_follows(tmp_path, data):
    """A learner's cap that holds the run with 3 whole-model snapshots but not 4: the store plans 3 (with a notice)
    instead of refusing, and the recorder keeps exactly those."""
    keras.utils.set_random_seed(3)
    run = TrainingRun(TINY, data, TrainSettings(epochs=EPOCHS, batch_size=32, seed=3))
    three, four = (estimate(run.spec, EPOCHS, Limits(full_snapshots=n)) for n in (3, 4))
    assert three < four
    cap_mb = (three + four) / 2 / MB
    store = open_store(f"sqlite:///{tmp_path / 'cnnviz.db'}", tmp_path / "runs", Limits(owner_mb=cap_mb))
    owner = new_owner_token()
    created = create_for(store, owner, run, "big model")
    assert created.notices == [Notice("runs.notice.fewer_snapshots", {"count": 2, "most": round(cap_mb, 1)})]
    assert store.get_run(created.run_id, owner).settings[SNAPSHOTS_KEY] == 3
    train_and_record(store, owner, created.run_id, run)
    assert [(s["epoch"], s["kind"]) for s in store.snapshots(created.run_id, owner)] == [
        (1, "weights"), (2, "kernels"), (3, "weights"), (4, "kernels"), (5, "kernels"), (5, "model")]
    record = store.get_run(created.run_id, owner)
    assert record.status == "done" and record.bytes_on_disk <= cap_mb * MB
