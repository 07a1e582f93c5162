"""``cnnviz runs list|show|export|rename|delete``: the local user's runs, JSON output, files written, mistakes as exit 2."""
from __future__ import annotations

import json

import keras
import pytest

from cnnviz.cli.runs import main, record_cli_run
from cnnviz.runs.database import dispose_all
from cnnviz.runs.owners import cli_owner_token, new_owner_token
from cnnviz.runs.store import open_store
from cnnviz.training.datasets import load_shapes
from cnnviz.training.run import TrainingRun, TrainSettings
from tests.runs.helpers import DATA, TINY, fake_row, new_run, write_epochs


@pytest.fixture
def local(tmp_path, monkeypatch):
    """The CLI's store in a fresh data folder: ``(store, the local user's token)``."""
    monkeypatch.setenv("CNNVIZ_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("CNNVIZ_DATABASE_URL", raising=False)
    yield open_store(), cli_owner_token()
    dispose_all()


def _run(capsys, *argv):
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_list_shows_only_the_local_users_runs(local, capsys):
    store, owner = local
    mine = new_run(store, owner, name="mine")
    write_epochs(store, mine, owner, 2)
    new_run(store, new_owner_token(), name="someone else's")
    status, out, _ = _run(capsys, "list", "--json")
    listed = json.loads(out)
    assert status == 0 and [r["id"] for r in listed] == [mine]
    assert (listed[0]["name"], listed[0]["epochs_done"], listed[0]["status"], listed[0]["data"]["n_train"]) == \
        ("mine", 2, "running", 90)
    status, out, _ = _run(capsys, "list")
    assert status == 0 and mine in out and "someone" not in out and "2/3" in out


def test_show_gives_the_metrics_per_epoch(local, capsys):
    store, owner = local
    run_id = new_run(store, owner, name="shown")
    write_epochs(store, run_id, owner, 3)
    status, out, _ = _run(capsys, "show", run_id, "--json")
    shown = json.loads(out)
    assert status == 0 and shown["id"] == run_id and shown["history"] == store.history(run_id, owner)
    status, out, _ = _run(capsys, "show", run_id)
    lines = out.splitlines()
    assert status == 0 and lines[0] == f"shown  ({run_id}, running)"
    assert lines[-1].split()[:5] == ["3", "0.3333", "0.5300", "0.4000", "0.4300"]


@pytest.mark.parametrize("fmt, check", [
    ("csv", lambda b: b.decode().splitlines()[:2] == ["epoch,loss,accuracy,val_loss,val_accuracy,seconds",
                                                     ",".join(str(fake_row(1)[k]) for k in ("epoch", "loss", "accuracy",
                                                                                          "val_loss", "val_accuracy",
                                                                                          "seconds"))]),
    ("ipynb", lambda b: json.loads(b)["nbformat"] == 4),
    ("keras", lambda b: _keras_with_class_names(b)),
])
def test_export_writes_the_file(local, capsys, tmp_path, fmt, check):
    store, owner = local
    run_id = new_run(store, owner)
    write_epochs(store, run_id, owner, 2)
    store.finish(run_id, owner, "done", save_model=_tiny_model().save)
    out_path = tmp_path / f"out.{fmt}"
    status, _, err = _run(capsys, "export", run_id, "--format", fmt, "--out", str(out_path))
    assert status == 0 and check(out_path.read_bytes()) and "wrote" in err


def _tiny_model():
    from cnnviz.models.build import build_model

    return build_model(TINY)


def _keras_with_class_names(data: bytes) -> bool:
    """The exported .keras is the saved model plus cnnviz.json with the run's class names (read back safely)."""
    import io
    import zipfile

    from cnnviz.models.bundle import read_info

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
        info = read_info(archive)
    return "config.json" in names and info["class_names"] == DATA["class_names"] and info["input_range"] == [0, 255]


def test_rename_and_delete(local, capsys):
    store, owner = local
    run_id = new_run(store, owner, name="old")
    assert _run(capsys, "rename", run_id, "new name")[0] == 0
    assert store.get_run(run_id, owner).name == "new name"
    assert _run(capsys, "delete", run_id)[0] == 0
    assert store.list_runs(owner) == []


@pytest.mark.parametrize("argv, start", [
    (["show", "NoSuchRun1234567"], "error: There is no run NoSuchRun1234567 that is yours"),
    (["show", "../../etc/passwd"], "error: There is no run ../../etc/passwd that is yours"),
    (["delete", "{other}"], "error: There is no run {other} that is yours"),
    (["export", "{mine}", "--format", "csv", "--out", "/no/such/folder/x.csv"], "error: Cannot write /no/such/folder"),
    (["export", "{empty}", "--format", "keras", "--out", "x.keras"], "error: Run {empty} has no stored model"),
    (["rename", "{mine}", ""], "error: A run name needs 1 to 80"),
])
def test_mistakes_exit_2_with_a_sentence(local, capsys, argv, start):
    store, owner = local
    ids = {"mine": new_run(store, owner), "other": new_run(store, new_owner_token()), "empty": new_run(store, owner)}
    write_epochs(store, ids["mine"], owner, 1)
    status, out, err = _run(capsys, *[a.format(**ids) for a in argv])
    assert (status, out) == (2, "")
    assert err.startswith(start.format(**ids)) and "Traceback" not in err


def test_record_cli_run_stores_a_training_the_runs_command_then_lists(local, capsys):
    store, owner = local
    keras.utils.set_random_seed(0)
    run = TrainingRun(TINY, load_shapes(n=60, size=16, validation_split=0.25, seed=2),
                      TrainSettings(epochs=2, seed=0))
    result, run_id = record_cli_run(run, name="from the terminal", seed=2)
    assert f"run {run_id}" in capsys.readouterr().err
    status, out, _ = _run(capsys, "list", "--json")
    listed = json.loads(out)
    assert [(r["id"], r["name"], r["status"], r["epochs_done"], r["has_model"]) for r in listed] == \
        [(run_id, "from the terminal", "done", 2, True)]
    assert listed[0]["final_val_accuracy"] == result.history[-1]["val_accuracy"]



def test_run_ids_are_letters_and_digits_so_a_shell_never_reads_one_as_an_option():
    from cnnviz.runs.files import RUN_ID, new_run_id

    ids = {new_run_id() for _ in range(2000)}
    assert len(ids) == 2000 and all(i.isalnum() and i.isascii() and len(i) == 16 and RUN_ID.fullmatch(i) for i in ids)
