"""The exported notebook: valid nbformat v4, in the learner's language, and its code cells train the run again."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from types import SimpleNamespace

import keras
import nbformat
import numpy as np
import pytest
from PIL import Image

from cnnviz.runs.export import export_run
from cnnviz.runs.notebook import code_cells, notebook
from cnnviz.runs.owners import new_owner_token
from cnnviz.runs.recorder import create_for, train_and_record
from cnnviz.runs.records import describe_data
from cnnviz.runs.store import open_store
from cnnviz.training.datasets import load_directory, load_shapes
from cnnviz.training.run import TrainingRun, TrainSettings
from tests import ROOT
from tests.runs.helpers import TINY

HANGUL = range(0xAC00, 0xD7A4)


def _recorded(tmp_path, data, settings, **source):
    store = open_store(f"sqlite:///{tmp_path / 'cnnviz.db'}", tmp_path / "runs")
    owner = new_owner_token()
    keras.utils.set_random_seed(settings.seed)
    run = TrainingRun(TINY, data, settings)
    run_id = create_for(store, owner, run, "notebook run", **source).run_id
    train_and_record(store, owner, run_id, run)
    return store, owner, run_id


def _execute(nb, cwd, tail: str, skip=("plot",)) -> subprocess.CompletedProcess:
    """The notebook's code cells, in order, as one script in a fresh interpreter."""
    script = "\n\n".join(code_cells(nb, skip)) + "\n" + tail
    env = {**os.environ, "MPLBACKEND": "Agg", "TF_CPP_MIN_LOG_LEVEL": "3"}
    return subprocess.run([sys.executable, "-c", script], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=300)


@pytest.fixture(scope="module")
def shapes_run(tmp_path_factory):
    data = load_shapes(n=120, size=16, validation_split=0.25, seed=1)
    return _recorded(tmp_path_factory.mktemp("nb"), data, TrainSettings(epochs=1, seed=7, batch_size=16), seed=1)


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_notebook_is_valid_and_speaks_the_learners_language(shapes_run, lang):
    store, owner, run_id = shapes_run
    content, name, mime = export_run(store, run_id, owner, "ipynb", lang)
    nb = nbformat.reads(content.decode("utf-8"), as_version=4)
    nbformat.validate(nb)
    assert (name, mime, nb.metadata["cnnviz"]) == ("notebook_run.ipynb", "application/x-ipynb+json",
                                                   {"run_id": run_id, "lang": lang})
    markdown = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    assert any(ord(ch) in HANGUL for ch in markdown) == (lang == "ko")
    code = "\n".join(code_cells(nb))
    assert ("SEED = 7  # None이면 매번 다른 무작위 시작" in code) == (lang == "ko")  # comments too
    for line in ("keras.utils.set_random_seed(SEED)", "load_shapes(n=120, size=16, validation_split=0.25, seed=1)",
                 'keras.layers.Rescaling(scale=1 / 255, name="rescaling")', "keras.optimizers.Adam(learning_rate=0.001)",
                 "SparseCategoricalCrossentropy(from_logits=True)", "SEED = 7", "BATCH_SIZE = 16", "EPOCHS = 1"):
        assert line in code


def test_the_notebooks_code_trains_the_same_run_again(shapes_run):
    store, owner, run_id = shapes_run
    nb = nbformat.reads(export_run(store, run_id, owner, "ipynb")[0].decode(), as_version=4)
    out = _execute(nb, ROOT, "import json; print(json.dumps(history.history))")
    assert out.returncode == 0, out.stderr[-3000:]
    history = json.loads(out.stdout.strip().splitlines()[-1])
    recorded = store.history(run_id, owner)
    assert len(history["val_accuracy"]) == 1 == len(recorded)
    # Same seed, same machine, same versions: the recorded numbers again (up to threads' float rounding,
    # which may tip one of the 30 validation images).
    assert history["loss"][0] == pytest.approx(recorded[0]["loss"], rel=1e-4)
    assert history["val_accuracy"][0] == pytest.approx(recorded[0]["val_accuracy"], abs=1 / 30 + 1e-6)


def test_the_plot_cell_draws_both_panels(shapes_run, tmp_path):
    pytest.importorskip("matplotlib", reason="the plot cell needs matplotlib (requirements-dev)")
    store, owner, run_id = shapes_run
    nb = nbformat.reads(export_run(store, run_id, owner, "ipynb")[0].decode(), as_version=4)
    png = tmp_path / "curves.png"
    out = _execute(nb, ROOT, f"plt.gcf().savefig({str(png)!r}); print(len(plt.gcf().axes))", skip=())
    assert out.returncode == 0, out.stderr[-3000:]
    assert out.stdout.strip().splitlines()[-1] == "2" and png.read_bytes()[:4] == b"\x89PNG"


def test_a_folder_run_reads_its_images_with_image_dataset_from_directory(tmp_path):
    root = tmp_path / "my_pets"
    rng = np.random.default_rng(0)
    for k, name in enumerate(("cat", "dog")):
        (root / name).mkdir(parents=True)
        for i in range(8):
            pixels = rng.integers(0, 80, (16, 16, 3)) + 150 * k  # (H, W, 3)
            Image.fromarray(pixels.astype(np.uint8)).save(root / name / f"{i}.png")
    data = load_directory(root, (16, 16), 0.25, seed=123)
    store, owner, run_id = _recorded(tmp_path, data, TrainSettings(epochs=1, seed=1, batch_size=4))
    nb = notebook(store.get_run(run_id, owner), store.history(run_id, owner), "en")
    code = "\n".join(code_cells(nb))
    assert 'data_dir = "my_pets"' in code and 'subset="training"' in code and 'subset="validation"' in code
    assert "model.fit(train_ds, validation_data=val_ds, epochs=EPOCHS)" in code
    out = _execute(nb, tmp_path, "print(train_ds.class_names, len(history.history['loss']))")
    assert out.returncode == 0, out.stderr[-3000:]
    assert out.stdout.strip().splitlines()[-1] == "['cat', 'dog'] 1"


@pytest.mark.parametrize("name, shape, expected", [
    ("mnist", [28, 28, 1], ["keras.datasets.mnist.load_data()", "x_train[..., None]", "x_val[:400]"]),
    ("cifar10", [32, 32, 3], ["keras.datasets.cifar10.load_data()", "x_train[:2000]", '"airplane"']),
])
def test_a_keras_data_set_is_loaded_through_keras_datasets(name, shape, expected):
    from cnnviz.runs.records import RunRecord
    from cnnviz.training.datasets import CLASS_NAMES
    from cnnviz.training.run import training_spec

    data = SimpleNamespace(name=name, class_names=CLASS_NAMES[name], n_train=2000, n_val=400, input_shape=tuple(shape))
    spec = training_spec(TINY, tuple(shape), 10, TrainSettings())
    record = RunRecord(id="x" * 16, name="k", status="done", created_at=0, finished_at=1, duration=1, heartbeat_at=1,
                       spec=spec.to_dict(), settings={"epochs": 2, "optimizer": "sgd", "learning_rate": 0.01,
                                                      "momentum": 0.9, "batch_size": 64},
                       data=describe_data(data), seed=None, epochs_planned=2, epochs_done=0,
                       best_val_accuracy=None, final_val_accuracy=None, final_val_loss=None, shared=False,
                       bytes_on_disk=0, has_model=False, error=None, mine=True)
    code = "\n".join(code_cells(notebook(record, [], "ko")))
    for line in expected + ["SEED = None", "keras.optimizers.SGD(learning_rate=0.01, momentum=0.9)",
                            f"inputs = keras.Input(shape=({shape[0]}, {shape[1]}, {shape[2]})"]:
        assert line in code
