"""Class mode in Streamlit's AppTest: the key gate, a class started, a learner joining and answering,
the teacher's live view, a URL that tries to reach what it should not, and every string in Korean."""
from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from cnnviz.classroom import classes, questions
from cnnviz.classroom.prompts import from_explorer
from cnnviz.explorer.settings import DEFAULTS
from cnnviz.web.classroom import learner
from cnnviz.web.training import runs as training_runs
from tests import ROOT
from tests.test_translation_coverage import untranslated, visible_texts

KEY = "open-sesame-42"


@pytest.fixture
def server(monkeypatch, tmp_path):
    """A fresh data folder (and database) and a known teacher key, as a server started with them would have."""
    monkeypatch.setenv("CNNVIZ_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("CNNVIZ_TEACHER_KEY", KEY)
    monkeypatch.delenv("CNNVIZ_DATABASE_URL", raising=False)
    learner.room.clear()
    training_runs.store.clear()
    yield learner.room()
    learner.room.clear()
    training_runs.store.clear()


def _open(page: str, lang: str = "en", **query) -> AppTest:
    """`page` run as AppTest runs a page file (app.py's navigation is the browser tests' business)."""
    at = AppTest.from_file(str(ROOT / page), default_timeout=120)
    at.query_params.update({"lang": lang, **query})
    return at.run()


def learner_app():
    """A learner's page as app.py draws it: the class panel, then the page (AppTest reruns a page of a pages/ folder
    on its own, without app.py, so the panel is tested in a script of its own)."""
    import streamlit as st

    from cnnviz.web.classroom import learner

    learner.class_panel(st.query_params.get("page", "explorer"))


def _learner(**query) -> AppTest:
    at = AppTest.from_function(learner_app, default_timeout=60)
    at.query_params.update({"lang": "en", **query})
    return at.run()


def _button(at: AppTest, label: str):
    return next(b for b in at.button if b.label == label)


def _teacher(lang: str = "en") -> AppTest:
    at = _open("pages/teacher.py", lang)
    at.text_input(key="teacher.key").input(KEY)
    return at.button[0].click().run()


def test_without_the_key_the_teacher_page_shows_one_sentence_and_nothing_of_a_class(server):
    info = classes.start_class(server, "secret class", "cat, dog")
    mina = classes.join(server, info.code, "Mina")[0]
    questions.answer(server, mina, questions.push(server, info.id, from_explorer(DEFAULTS.values())), "222x222x8")
    at = _open("pages/teacher.py", **{"class": info.code, "key": KEY, "teacher": "1"})  # a URL cannot open it
    assert not at.exception
    main = [m.value for m in at.main.markdown]
    assert main == ["This page is for the teacher: type the teacher key to open it."]
    assert [t.label for t in at.main.text_input] == ["Teacher key"] and at.main.text_input[0].value == ""
    shown = " ".join(visible_texts(at))
    for secret in (info.code, "secret class", "Mina", "222"):
        assert secret not in shown
    at.text_input(key="teacher.key").input("wrong")
    at.button[0].click().run()
    assert [e.value for e in at.error] == ["That is not the teacher key."] and not at.main.get("plotly_chart")


def test_a_class_round_in_two_sessions(server):
    teacher = _teacher()
    assert not teacher.exception and [m.value for m in teacher.main.markdown] == []  # no class yet: an info
    teacher.text_input(key="teacher.labels").input("rock, paper")
    _button(teacher, "Start the class").click().run()
    info = classes.open_classes(server)[0]
    assert info.labels == ("rock", "paper")
    assert [m.value for m in teacher.metric] == [" ".join(info.code)]
    assert [c.value for c in teacher.code][0] == f"/?class={info.code}&lang=en"
    _button(teacher, "Ask the class").click().run()
    assert not teacher.exception

    learner_at = _learner(**{"class": info.code})  # the join link fills in the code
    assert learner_at.text_input(key="class.join_code").value == info.code
    learner_at.text_input(key="class.join_name").input("Mina")
    _button(learner_at, "Join").click().run()
    assert not learner_at.exception
    assert any("as **Mina**" in m.value for m in learner_at.sidebar.markdown)
    assert any("output shape of this `Conv2D` layer" in m.value for m in learner_at.main.markdown)
    learner_at.text_input(key=[w.key for w in learner_at.text_input if w.key.startswith("class.answer.")][0]) \
        .input("221 x 221 x 8")
    _button(learner_at, "Send my answer").click().run()
    assert any("Your answer: 221 × 221 × 8" in s.value for s in learner_at.success)

    teacher.run()
    assert [m.value for m in teacher.metric][1:] == ["1 / 1", "0"]
    assert any("Most common wrong answer: **221 × 221 × 8**" in m.value for m in teacher.markdown)
    assert any("Forgot the + 1" in m.value for m in teacher.markdown)
    _button(teacher, "Reveal the answer").click().run()
    assert teacher.get("latex")

    learner_at.run()
    assert any("the right answer is 222 × 222 × 8" in w.value for w in learner_at.warning)
    assert learner_at.get("latex")[0].value.strip("$\n").startswith("H_{out} =")


def test_the_roster_and_a_learner_elsewhere(server):
    info = classes.start_class(server, "", "cat, dog")
    mina = classes.join(server, info.code, "Mina")[0]
    classes.note(server, mina, page="lesson", lesson_step="padding")
    teacher = _teacher()
    teacher.segmented_control(key="teacher.view").set_value("learners").run()
    frame = teacher.dataframe[0].value
    assert frame.iloc[0].tolist()[:3] == ["Mina", "Lesson", "3. Padding: valid vs same"]
    assert frame.iloc[0].tolist()[4:] == [False, 0, False]  # not trained, no image, no answer


def test_nothing_of_a_class_reaches_a_learner_through_the_url(server):
    info = classes.start_class(server, "", "cat, dog")
    mina, token = classes.join(server, info.code, "Mina")
    qid = questions.push(server, info.id, from_explorer(DEFAULTS.values()))
    questions.answer(server, mina, qid, "221x221x8")
    at = _learner(**{"class": info.code, "member": token, "token": token, "class_id": info.id, "page": "lesson"})
    assert not at.exception
    shown = " ".join(visible_texts(at))
    assert "Mina" not in shown and "221" not in shown and "Question from your teacher" not in shown
    assert at.text_input(key="class.join_name").value == ""  # only the join form, filled with the public code


def test_the_class_runs_ranked_with_curves_and_a_shared_run_on_a_timeline(server):
    from cnnviz.classroom import class_runs
    from cnnviz.i18n import t
    from cnnviz.runs.owners import new_owner_token
    from tests.runs.helpers import new_run, write_epochs

    info = classes.start_class(server, "", "cat, dog")
    mina, jun = (classes.join(server, info.code, name)[0] for name in ("Mina", "Jun"))
    store, owners = learner.run_store(), (new_owner_token(), new_owner_token())
    runs = [new_run(store, owner, name, epochs=n) for owner, name, n in zip(owners, ("mina's", "jun's"), (2, 4))]
    for run_id, owner, n in zip(runs, owners, (2, 4)):
        write_epochs(store, run_id, owner, n)
    class_runs.note_run(server, mina, runs[0])
    class_runs.share_run(server, store, jun, runs[1], owners[1])
    teacher = _teacher()
    teacher.segmented_control(key="teacher.view").set_value("runs").run()
    frame = teacher.dataframe[0].value
    assert frame["Name"].tolist() == ["Jun", "Mina"] and frame["Best validation accuracy"].tolist() == ["44.0%", "42.0%"]
    assert frame["Shared with the class"].tolist() == [True, False]
    assert len(teacher.get("plotly_chart")) == 1  # Jun's curves: the best run is picked first
    teacher.toggle(key="teacher.timeline").set_value(True).run()
    assert not teacher.exception
    assert t("training.timeline.header", "en") in [h.value for h in teacher.subheader]


def test_training_on_the_class_data_set_gives_every_learner_the_class_model(server):
    import time

    from cnnviz.classroom import class_images, class_training
    from tests.classroom.conftest import png

    info = classes.start_class(server, "", "cat, dog")
    mina = classes.join(server, info.code, "Mina")[0]
    for label, color in (("cat", (200, 40, 40)), ("dog", (40, 40, 200))):
        for shade in range(5):
            class_images.add_image(server, mina, label, png(80, 60, tuple(c + 10 * shade for c in color)), "x.png")
    teacher = _teacher()
    teacher.segmented_control(key="teacher.view").set_value("data").run()
    frame = teacher.dataframe[0].value
    assert frame.loc["Mina"].tolist() == [5, 5] and len(teacher.get("image")) >= 10  # the QR code and the thumbnails
    teacher.select_slider(key="class.data.size").set_value(32)
    teacher.slider(key="class.data.epochs").set_value(1)
    teacher.button(key="class.data.train").click().run()
    assert not teacher.exception and not teacher.error
    teacher.segmented_control(key="teacher.view").set_value("question").run()  # the run goes on, mirrored
    deadline = time.monotonic() + 180
    while (found := class_training.status(server, info.id)) is None or found.state not in ("done", "failed"):
        assert time.monotonic() < deadline, found
        time.sleep(0.5)
        teacher.run()  # as the progress fragment's timer would
    assert found.state == "done" and found.class_names == ("cat", "dog") and len(found.progress["history"]) == 1
    path, names, logits = class_training.model_file(server, info.id)
    assert path.stat().st_size > 1000 and names == ("cat", "dog")
    seen = questions.poll(server, mina)
    assert seen.training_state == "done"


def test_a_learners_class_panel_speaks_korean(server):
    info = classes.start_class(server, "", "바위, 보")
    at = _learner(lang="ko", **{"class": info.code})
    at.text_input(key="class.join_name").input("민아")
    _button(at, "참여").click().run()
    qid = questions.push(server, info.id, from_explorer(DEFAULTS.values(), "params"))
    at.run()
    at.text_input(key=f"class.answer.{qid}").input("216")
    _button(at, "답 보내기").click().run()
    questions.reveal(server, info.id, qid)
    at.session_state["class.data.open"] = True  # the data set box opened, as a click does
    at.run()
    assert not at.exception
    shown = visible_texts(at)
    assert any("216" in text and "224" in text for text in shown)  # my answer and the right one, in Korean
    assert "카메라 사용" in shown and "이 이미지는" in shown  # the data set box
    assert [text for text in shown if untranslated(text)] == []


@pytest.mark.parametrize("view", ["question", "learners", "runs", "data"])
def test_the_teacher_page_speaks_korean(server, view):
    info = classes.start_class(server, "수업", "바위, 보")
    mina = classes.join(server, info.code, "민아")[0]
    questions.answer(server, mina, questions.push(server, info.id, from_explorer(DEFAULTS.values())), "221x221x8")
    at = _teacher("ko")
    at.segmented_control(key="teacher.view").set_value(view).run()
    assert not at.exception
    english = [text for text in visible_texts(at) if untranslated(text)]
    assert english == []


def test_a_shared_run_on_the_projector_opens_as_the_class_model_on_the_network_page(server):
    from cnnviz.classroom import class_runs
    from cnnviz.presets import load_preset
    from cnnviz.runs.owners import new_owner_token
    from cnnviz.runs.recorder import create_for, train_and_record
    from cnnviz.training.datasets import load_shapes
    from cnnviz.training.run import TrainingRun, TrainSettings
    from cnnviz.i18n import t
    from cnnviz.web.classroom.roster import PROJECTED
    from cnnviz.web.network import state as ui
    from tests.pages.test_network import probabilities

    info = classes.start_class(server, "", "cat, dog")
    jun, owner, store = classes.join(server, info.code, "Jun")[0], new_owner_token(), learner.run_store()
    run = TrainingRun(load_preset("tinyvgg"), load_shapes(n=120, size=32), TrainSettings(epochs=1, batch_size=64, seed=0))
    run_id = create_for(store, owner, run, "jun's run").run_id
    train_and_record(store, owner, run_id, run)
    class_runs.share_run(server, store, jun, run_id, owner)

    def network(**state) -> AppTest:  # as the roster's "show on the projector" button opens it
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
        at.query_params.update({"lang": "en", "model": "class"})
        for key, value in state.items():
            at.session_state[key] = value
        at.switch_page("pages/network.py")
        return at.run()

    projector = network(**{PROJECTED: (info.id, run_id)})
    assert not projector.exception, projector.exception
    assert projector.radio(key=ui.MODEL).value == "class"
    assert list(probabilities(projector)) == ["circle", "square", "triangle", "cross"]  # the run's own classes

    stranger = network()  # in no class, nothing on the projector
    assert not stranger.exception and t("network.model.no_class", "en") in [i.value for i in stranger.info]
    assert not stranger.get("plotly_chart")

    class_runs.share_run(server, store, jun, run_id, owner, False)  # unshared: the projector shows it no more
    again = network(**{PROJECTED: (info.id, run_id)})
    assert not again.exception and not again.get("plotly_chart")


def test_a_learner_in_a_class_shares_a_run_from_the_training_page(server):
    from cnnviz.classroom import class_runs
    from cnnviz.web.owner import KEY as OWNER
    from tests.runs.helpers import new_run, write_epochs

    info = classes.start_class(server, "", "cat, dog")
    mina, token = classes.join(server, info.code, "Mina")
    owner, store = "minas-browser-token-0123456789", learner.run_store()
    run_id = new_run(store, owner, "mina's run", epochs=2)
    write_epochs(store, run_id, owner, 2)
    store.finish(run_id, owner, "done")

    def training(member) -> AppTest:
        at = AppTest.from_file(str(ROOT / "pages" / "training.py"), default_timeout=120)
        at.query_params["lang"] = "en"
        at.session_state[OWNER] = owner
        at.session_state[learner.KEY["member"]], at.session_state[learner.KEY["token"]] = member, token
        at.run()
        at.session_state[training_runs.KEY["runs_table"]] = {"selection": {"rows": [0], "columns": [], "cells": []}}
        return at.run()

    outside = training(None)  # not in a class: no toggle
    assert not outside.exception and not [x for x in outside.toggle if x.label == "Share with my class"]
    at = training(mina)
    assert not at.exception, at.exception
    share = at.toggle(key=f"{training_runs.P}share.{run_id}")
    assert share.label == "Share with my class" and share.value is False
    share.set_value(True).run()
    assert not at.exception and store.get_run(run_id, owner).shared
    assert [(r.learner, r.shared) for r in class_runs.ranked(server, info.id)] == [("Mina", True)]


def test_the_teacher_sees_which_lesson_step_a_learner_works_on(server):
    from cnnviz.classroom.lesson import STEPS

    info = classes.start_class(server, "", "cat, dog")
    mina, token = classes.join(server, info.code, "Mina")
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)  # the lesson is the first page
    at.query_params["lang"] = "en"
    at.session_state[learner.KEY["member"]], at.session_state[learner.KEY["token"]] = mina, token
    at.run()
    assert not at.exception
    step = next(s for s in STEPS if s.widget == "params_compare")
    at.slider(key="lesson.mlp.units").set_value(128).run()
    assert not at.exception
    assert [(r.name, r.lesson_step) for r in classes.roster(server, info.id)] == [("Mina", step.id)]
