"""The training page in AppTest: both languages, a tiny training to the end, Stop, and the offline message."""
from __future__ import annotations

import time

import pytest
from streamlit.testing.v1 import AppTest

from tests import ROOT
from cnnviz.training import datasets
from cnnviz.i18n import t
from cnnviz.web.training import state as web

PAGE = str(ROOT / "pages" / "training.py")


def page(lang: str = "en") -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=120)
    at.session_state["lang"] = lang
    return at


def run_until(at: AppTest, done, timeout: float = 120.0) -> AppTest:
    """Rerun (as the fragment's timer would) until `done(at)`."""
    deadline = time.monotonic() + timeout
    while not done(at):
        ticket = at.session_state[web.TICKET] if web.TICKET in at.session_state else None
        assert time.monotonic() < deadline, f"not finished in time: {ticket and (ticket.state, ticket.error, ticket.run.progress.snapshot())}"
        assert not at.exception, at.exception
        time.sleep(0.5)
        at.run()
    return at


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_page_loads_in_both_languages(lang):
    at = page(lang).run()
    assert not at.exception
    assert at.title[0].value == t("training.title", lang)
    assert at.button(key="training.train").label == t("training.train", lang)
    assert at.selectbox(key="training.dataset").value == "shapes"
    assert not at.error


def test_a_tiny_training_through_the_page():
    at = page("ko").run()
    at.slider(key="training.epochs").set_value(1)
    at.select_slider(key="training.batch_size").set_value(128)
    at.button(key="training.train").click().run()
    assert not at.exception
    run_until(at, lambda a: len(a.metric) == 3)
    assert [m.label for m in at.metric][0] == t("training.result.val_accuracy", "ko")
    assert 0 <= float(at.metric[0].value.rstrip("%")) <= 100
    assert at.session_state[web.TRAINED_CLASSES] == ["circle", "square", "triangle", "cross"]
    model = at.session_state[web.TRAINED_MODEL]
    assert model.input_shape == (None, 32, 32, 3) and model.output_shape == (None, 4)
    result = at.session_state[web.RESULT]
    assert len(result.history) == 1 and result.n_val == 600
    assert at.success[0].value.startswith("1 에포크")
    assert not at.error


def test_stop_keeps_what_was_trained():
    at = page("en").run()
    at.slider(key="training.epochs").set_value(20)
    at.button(key="training.train").click().run()
    run_until(at, lambda a: a.session_state[web.TICKET].run.progress.snapshot()["done"] > 0, 60)
    at.button(key="training.stop_button").click().run()
    run_until(at, lambda a: len(a.metric) == 3, 60)
    snap = at.session_state[web.TICKET].run.progress.snapshot()
    assert snap["state"] == "stopped" and len(snap["history"]) < 20
    assert at.info[0].value.startswith("Stopped after")
    assert web.TRAINED_MODEL in at.session_state


def test_a_reloaded_page_takes_up_its_run_and_its_results():
    at = page("en").run()
    at.slider(key="training.epochs").set_value(1)
    at.select_slider(key="training.batch_size").set_value(128)
    at.button(key="training.train").click().run()
    token = at.query_params[web.RUN_PARAM]
    ticket = at.session_state[web.TICKET]
    assert token == ticket.token
    reloaded = page("en")  # F5: a new session with the same link
    reloaded.query_params[web.RUN_PARAM] = token
    reloaded.run()
    assert reloaded.session_state[web.TICKET] is ticket
    run_until(reloaded, lambda a: len(a.metric) == 3)
    assert reloaded.session_state[web.RESULT] is ticket.run.result and not reloaded.error


def test_a_link_to_a_forgotten_run_says_so():
    at = page("ko")
    at.query_params[web.RUN_PARAM] = "no-such-run"
    at.run()
    assert not at.exception and web.TICKET not in at.session_state
    assert at.info[0].value == t("training.run_gone", "ko")
    assert web.RUN_PARAM not in at.query_params


def test_offline_keras_data_set_shows_the_file_to_place(tmp_path, monkeypatch):
    monkeypatch.setenv("KERAS_HOME", str(tmp_path))
    monkeypatch.setitem(datasets.CACHE_FILES, "mnist", [("datasets", "mnist.npz", "http://127.0.0.1:9/mnist.npz")])
    at = page("en").run()
    at.selectbox(key="training.dataset").set_value("mnist").run()
    assert not at.exception
    assert str(tmp_path / "datasets" / "mnist.npz") in at.error[0].value
    assert at.button(key="training.train").disabled


TINY = {"name": "tiny", "input_shape": [16, 16, 3], "layers": [
    {"type": "Conv2D", "filters": 4, "kernel_size": 3, "activation": "relu"},
    {"type": "MaxPooling2D"}, {"type": "Flatten"}, {"type": "Dense", "units": 2}]}


def test_the_architecture_pages_spec_is_the_default_and_trains():
    at = page("en")
    at.session_state[web.ARCHITECTURE_SPEC] = TINY
    at.run()
    assert at.selectbox(key="training.preset").value == "architecture"
    at.slider(key="training.epochs").set_value(1)
    at.button(key="training.train").click().run()
    run_until(at, lambda a: len(a.metric) == 3)
    model = at.session_state[web.TRAINED_MODEL]
    assert model.input_shape == (None, 32, 32, 3) and model.output_shape == (None, 4)
    assert [layer.__class__.__name__ for layer in model.layers][1:3] == ["Rescaling", "Conv2D"]


@pytest.mark.parametrize("spec, words, trainable", [
    ({"input_shape": [16, 16, 3], "layers": "x"}, "layers", False),  # refused when read
    ({"input_shape": [16, 16, 3], "layers": [{"type": "Conv2D", "filters": 4, "kernel_size": 40},
                                              {"type": "Flatten"}, {"type": "Dense", "units": 2}]},
     "kernel_size", True),  # refused when adapted to the 32 × 32 images, on Train
])
def test_a_broken_architecture_spec_is_a_sentence(spec, words, trainable):
    at = page("en")
    at.session_state[web.ARCHITECTURE_SPEC] = spec
    at.run()
    assert at.button(key="training.train").disabled is not trainable
    if trainable:
        at.button(key="training.train").click().run()
    assert not at.exception
    assert any(words in e.value for e in at.error)
    assert web.TICKET not in at.session_state


def app_training(query: dict) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params["lang"] = "en"
    for key, value in query.items():
        at.query_params[key] = value
    at.switch_page("pages/training.py")
    return at.run()


def test_a_link_sets_and_locks_the_training_settings():
    at = app_training({"preset": "tf_flowers", "epochs": "15", "batch_size": "64", "learning_rate": "0.0003",
                       "dropout": "0.2", "flip": "on", "lock": "epochs,preset"})
    assert not at.exception and not at.warning
    assert at.selectbox(key="training.preset").value == "tf_flowers"
    assert at.slider(key="training.epochs").value == 15 and at.slider(key="training.epochs").disabled
    assert at.selectbox(key="training.preset").disabled
    assert at.select_slider(key="training.batch_size").value == 64
    assert at.select_slider(key="training.learning_rate").value == pytest.approx(3e-4)
    assert at.slider(key="training.dropout").value == pytest.approx(0.2) and at.checkbox(key="training.flip").value
    assert not at.slider(key="training.dropout").disabled
    assert at.query_params["epochs"] == "15" and at.query_params["preset"] == "tf_flowers"


@pytest.mark.parametrize("key, value", [("epochs", "0"), ("epochs", "9999"), ("preset", "architecture"),
                                        ("preset", "../x"), ("learning_rate", "5"), ("dataset", "imagenet"),
                                        ("dropout", "0.95"), ("batch_size", "7")])
def test_a_bad_link_value_falls_back_with_a_sentence(key, value):
    at = app_training({key: value})
    assert not at.exception
    assert len(at.warning) == 1 and f"{key}=" in at.warning[0].value


def test_the_run_stores_notices_reach_the_page(monkeypatch):
    """A learner at the cap of runs trains again: the oldest run is pruned and the page says which one."""
    import dataclasses

    from cnnviz.web.owner import KEY as OWNER
    from cnnviz.web.training.runs import store

    monkeypatch.setattr(store(), "limits", dataclasses.replace(store().limits, runs_per_owner=1))
    at = page("en").run()
    for name in ("first run", "second run"):
        at.slider(key="training.epochs").set_value(1)
        at.select_slider(key="training.batch_size").set_value(128)
        at.text_input(key="training.run_name").input(name)
        at.button(key="training.train").click().run()
        run_until(at, lambda a: len(a.metric) == 3)
    said = t("runs.notice.pruned", "en", count=1, names="first run")
    assert [i.value for i in at.info if i.value == said] == [said]
    assert [r.name for r in store().list_runs(at.session_state[OWNER], include_shared=False)] == ["second run"]


def test_runs_are_saved_listed_compared_and_replayed_on_the_timeline():
    """Two runs trained through the page land in the store under their names; one shows its timeline and downloads,
    two are compared; another browser (another owner token) sees none of them."""
    from cnnviz.web.owner import KEY as OWNER
    from cnnviz.web.training.runs import KEY as RUNS
    from cnnviz.web.training.runs import store

    at = page("en").run()
    for name, flip in (("plain run", False), ("flipped run", True)):
        at.slider(key="training.epochs").set_value(2)
        at.select_slider(key="training.batch_size").set_value(128)
        at.checkbox(key="training.flip").set_value(flip)
        at.text_input(key="training.run_name").input(name)
        at.button(key="training.train").click().run()
        run_until(at, lambda a: len(a.metric) == 3)
    owner = at.session_state[OWNER]
    records = store().list_runs(owner, include_shared=False)
    assert [r.name for r in records][:2] == ["flipped run", "plain run"] and all(r.epochs_done == 2 for r in records[:2])
    assert records[0].status == "done" and records[0].has_model
    table = at.dataframe[-1].value
    assert list(table[t("training.runs.col.name", "en")])[:2] == ["flipped run", "plain run"]

    at.session_state[RUNS["runs_table"]] = {"selection": {"rows": [0], "columns": [], "cells": []}}
    at.run()
    assert not at.exception, at.exception
    assert at.slider(key="training.timeline.epoch").value == 2  # the timeline opens on the last epoch
    assert at.selectbox(key="training.timeline.layer").value == "conv2d"  # the first convolution, not the Rescaling
    at.slider(key="training.timeline.epoch").set_value(1).run()
    assert not at.exception
    assert any(t("training.timeline.kernels", "en", layer="conv2d", epoch=1) == getattr(i.proto.imgs[0], "caption", "")
               for i in at.get("image"))

    at.session_state[RUNS["runs_table"]] = {"selection": {"rows": [0, 1], "columns": [], "cells": []}}
    at.run()
    assert not at.exception
    assert any(t("training.compare.header", "en") == h.value for h in at.subheader)

    other = page("en")
    other.session_state[OWNER] = "another-browser-token-0123456789"
    other.run()
    assert store().list_runs("another-browser-token-0123456789") == [] or all(
        not r.mine for r in store().list_runs("another-browser-token-0123456789"))
    assert not any(name in str(other.dataframe[-1].value) for name in ("plain run", "flipped run")) if other.dataframe else True


def test_the_lessons_data_and_the_notes_options_through_a_link(tmp_path, monkeypatch):
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "keras"))  # no flower photos here, and no internet
    at = app_training({"dataset": "few_shapes", "preset": "tf_flowers", "epochs": "20", "batch_size": "32",
                       "early_stopping": "on", "patience": "4", "reduce_lr": "on", "checkpoint": "on"})
    assert not at.exception and not at.warning
    summary = next(c.value for c in at.caption if "training and" in c.value)
    assert summary.startswith("800 training and 200 validation images of shape (64, 64, 3); 5 classes")
    from cnnviz.training.settings import TRAINING, train_settings
    from cnnviz.web import settings as ws

    settings = train_settings({**TRAINING.defaults(), **{k: at.session_state[ws.key(TRAINING, k)] for k in
                               ("early_stopping", "patience", "reduce_lr", "checkpoint", "epochs")}})
    assert settings.early_stopping.patience == 4 and settings.reduce_lr is not None and settings.checkpoint is not None

    offline = app_training({"dataset": "flowers"})
    assert not offline.exception
    assert "flower_photos.tgz" in offline.error[0].value  # which file to place where, not a traceback


@pytest.mark.parametrize("text, words", [("/etc", "not inside a folder"), ("http://127.0.0.1/x.zip", "127.0.0.1"),
                                         ("ftp://example.com/x.zip", "not inside a folder")])
def test_a_folder_or_address_outside_what_the_server_shares_is_refused(text, words):
    at = app_training({"dataset": "folder", "source": text})
    assert not at.exception
    assert len(at.error) == 1 and words in at.error[0].value


def test_an_uploaded_tar_archive_of_class_folders_streams_from_disk(tmp_path):
    import io
    import tarfile

    import numpy as np
    from PIL import Image

    buffer = io.BytesIO()
    rng = np.random.default_rng(0)
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        for name, base in (("cats", 40), ("dogs", 200)):
            for i in range(6):
                image = io.BytesIO()
                Image.fromarray((base + rng.integers(0, 40, (24, 24, 3))).astype(np.uint8)).save(image, format="PNG")
                info = tarfile.TarInfo(f"pets/{name}/{i}.png")
                info.size = len(image.getvalue())
                tar.addfile(info, io.BytesIO(image.getvalue()))
    from cnnviz.training.folders import open_source

    data, notices = open_source(buffer.getvalue(), (32, 32), 0.25)
    assert (data.class_names, data.n_train + data.n_val, notices) == (["cats", "dogs"], 12, [])
    assert not hasattr(data, "x_train")  # streamed from the extracted folder, not held as arrays


def test_the_lessons_comparison_trains_both_runs_and_reads_the_difference(monkeypatch):
    """lesson=overfitting: one button queues the plain and the augmented flowers model; the comparison appears
    with both runs' curves and its sentence (2 epochs here instead of the lesson's 20, to keep the suite short)."""
    from cnnviz.web.training import lesson

    monkeypatch.setitem(lesson.LESSON, "epochs", 2)
    at = app_training({"lesson": "overfitting", "dataset": "few_shapes", "preset": "tf_flowers", "epochs": "20"})
    assert not at.exception
    at.button(key="training.lesson_start").click().run()
    run_until(at, lambda a: any(h.value == t("training.compare.header", "en") for h in a.subheader), timeout=300)
    run_until(at, lambda a: all(ticket.finished for ticket in a.session_state[lesson.TICKETS]), timeout=300)
    at.run()
    names = [ticket.run.name for ticket in at.session_state[lesson.TICKETS]]
    assert names == [t("training.lesson.run.tf_flowers", "en"), t("training.lesson.run.tf_flowers_augmented", "en")]
    sentence = next(m.value for m in at.markdown if m.value.startswith(("After epoch", "Both runs", "Neither run")))
    assert "run A" in sentence or "run B" in sentence
