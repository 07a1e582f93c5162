"""``python -m cnnviz train`` in a subprocess: JSON lines that parse, and exit status 2 with a sentence."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

from tests import ROOT

import numpy as np
import pytest
from PIL import Image

TINY_SPEC = {"name": "tiny", "input_shape": [16, 16, 3], "layers": [
    {"type": "Conv2D", "filters": 4, "kernel_size": 3, "activation": "relu"},
    {"type": "MaxPooling2D"}, {"type": "Flatten"}, {"type": "Dense", "units": 2}]}


def cli(*args: str, cwd: Path = ROOT, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "cnnviz", "train", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=300, env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})})


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("data") / "pets"
    rng = np.random.default_rng(0)
    for k, name in enumerate(("cats", "dogs")):
        (root / name).mkdir(parents=True)
        for i in range(10):
            pixels = np.full((20, 20, 3), 40 + 150 * k, np.uint8) + rng.integers(0, 40, (20, 20, 3), dtype=np.uint8)
            Image.fromarray(pixels).save(root / name / f"{i}.png")
    return root


@pytest.fixture(scope="module")
def spec_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("spec") / "tiny.json"
    path.write_text(json.dumps(TINY_SPEC))
    return path


def parse_lines(stdout: str) -> tuple[list[dict], dict]:
    lines = [json.loads(line) for line in stdout.strip().splitlines()]
    return lines[:-1], lines[-1]


def test_folder_json_lines(folder, spec_file, tmp_path):
    out = tmp_path / "m.keras"
    proc = cli("--data", str(folder), "--model", str(spec_file), "--epochs", "2", "--batch-size", "4",
               "--image-size", "16", "16", "--seed", "1", "--out", str(out), "--json")
    assert proc.returncode == 0, proc.stderr
    epochs, final = parse_lines(proc.stdout)
    assert [e["epoch"] for e in epochs] == [1, 2]
    for e in epochs:
        assert set(e) == {"epoch", "loss", "accuracy", "val_loss", "val_accuracy", "learning_rate", "seconds"}
        assert 0 <= e["accuracy"] <= 1 and 0 <= e["val_accuracy"] <= 1 and e["seconds"] > 0
    assert (final["train_images"], final["validation_images"]) == (16, 4)
    assert final["val_accuracy"] == pytest.approx(epochs[-1]["val_accuracy"], abs=1e-5)
    assert out.read_bytes()[:2] == b"PK"


def test_zip_with_default_preset_and_text_output(folder, tmp_path):
    archive = tmp_path / "pets.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for f in folder.rglob("*.png"):
            zf.write(f, f.relative_to(folder.parent))
        zf.writestr("pets/notes.txt", "not an image")
    proc = cli("--data", str(archive), "--epochs", "1", "--image-size", "32", "32")
    assert proc.returncode == 0, proc.stderr
    assert "epoch 1/1" in proc.stdout and "16 training / 4 validation images" in proc.stdout
    assert "Skipped pets/notes.txt" in proc.stderr


def test_offline_default_dataset_by_name():
    proc = cli("--dataset", "shapes", "--epochs", "1", "--json", "--seed", "0")
    assert proc.returncode == 0, proc.stderr
    epochs, final = parse_lines(proc.stdout)
    assert len(epochs) == 1 and (final["train_images"], final["validation_images"]) == (2400, 600)


@pytest.mark.parametrize("args, words", [
    (["--data", "/no/such/folder"], "neither a folder nor a .zip"),
    (["--dataset", "imagenet"], "invalid choice"),
    (["--dataset", "shapes", "--epochs", "0"], "epochs = 0"),
    (["--dataset", "shapes", "--model", "no_such_preset"], "no_such_preset"),
    (["--dataset", "shapes", "--image-size", "16", "16"], "less than 1"),
    (["--dataset", "shapes", "--out", "model.h5"], ".keras"),
    (["--dataset", "shapes", "--optimizer", "adagrad"], "invalid choice"),
    ([], "one of the arguments --data --dataset is required"),
    (["--data", "{zip}"], "neither a .zip nor a .tar"),
    (["--data", "{onefolder}"], "class folder"),
])
def test_bad_input_exits_2_with_a_sentence(tmp_path, args, words):
    bad_zip = tmp_path / "bad.zip"
    bad_zip.write_bytes(b"not a zip")
    (tmp_path / "one" / "cats").mkdir(parents=True)
    args = [a.replace("{zip}", str(bad_zip)).replace("{onefolder}", str(tmp_path / "one")) for a in args]
    proc = cli(*args, cwd=tmp_path)
    assert proc.returncode == 2
    assert words in proc.stderr
    assert "Traceback" not in proc.stderr


def test_a_named_run_is_saved_and_listed_by_the_runs_command(tmp_path):
    """`cnnviz train --name` saves the run in the local user's store; `cnnviz runs show` reads the same epochs back;
    `--out` writes a .keras that carries the class names."""
    env = {"CNNVIZ_DATA_DIR": str(tmp_path / "data")}
    out = tmp_path / "model.keras"
    proc = cli("--dataset", "shapes", "--epochs", "2", "--json", "--seed", "0", "--name", "two epochs",
               "--out", str(out), env=env)
    assert proc.returncode == 0, proc.stderr
    epochs, final = parse_lines(proc.stdout)
    shown = subprocess.run([sys.executable, "-m", "cnnviz", "runs", "show", final["run"], "--json"], cwd=ROOT,
                           capture_output=True, text=True, timeout=120, env={**os.environ, **env})
    assert shown.returncode == 0, shown.stderr
    run = json.loads(shown.stdout)
    assert run["name"] == "two epochs" and run["status"] == "done"
    assert [round(r["val_accuracy"], 6) for r in run["history"]] == [e["val_accuracy"] for e in epochs]
    with zipfile.ZipFile(out) as archive:
        assert json.loads(archive.read("cnnviz.json"))["class_names"] == ["circle", "square", "triangle", "cross"]


def test_the_notes_options_from_the_command_line(tmp_path):
    """--reduce-lr lowers the learning rate (in each epoch's line), --early-stopping stops and says so."""
    proc = cli("--dataset", "shapes", "--image-size", "16", "16", "--epochs", "12", "--json", "--seed", "0",
               "--learning-rate", "0.01", "--reduce-lr", "1", "--lr-factor", "0.5", "--monitor", "loss",
               "--early-stopping", "2", "--model", "tinyvgg", env={"CNNVIZ_DATA_DIR": str(tmp_path)})
    assert proc.returncode == 0, proc.stderr
    epochs, final = parse_lines(proc.stdout)
    rates = [e["learning_rate"] for e in epochs]
    assert rates[0] == pytest.approx(0.01) and all(b <= a for a, b in zip(rates, rates[1:]))
    kinds = {event["kind"] for event in final["events"]}
    assert kinds <= {"lr_drop", "early_stop", "best"}
    assert ("early_stop" in kinds) == (len(epochs) < 12)


def test_a_tar_archive_streams_through_the_command_line(folder, tmp_path):
    import tarfile

    archive = tmp_path / "pets.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        tar.add(folder, arcname="pets")
    proc = cli("--data", str(archive), "--image-size", "16", "16", "--epochs", "1", "--json", "--model",
               "tinyvgg", env={"CNNVIZ_DATA_DIR": str(tmp_path / "data")})
    assert proc.returncode == 0, proc.stderr
    _, final = parse_lines(proc.stdout)
    assert final["train_images"] + final["validation_images"] == 20
