"""The architecture page in AppTest: both languages, presets and their totals, edits, an impossible layer, predict-then-reveal, the hand-off."""

from tests import ROOT

import pytest
from streamlit.testing.v1 import AppTest

from cnnviz.i18n import t
from cnnviz.presets import list_presets, load_preset
from cnnviz.calc.summary import summarize
from cnnviz.web.builder import state as ui



def app(lang: str = "en") -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params["lang"] = lang
    at.switch_page("pages/architecture.py")
    return at.run()


def metric(at, key: str, lang: str = "en") -> str:
    label = t(key, lang)
    return next(m.value for m in at.metric if m.label == label)


def edit_key(at, index: int, arg: str) -> str:
    return f"arch.v{at.session_state[ui.VERSION]}.{index}.{arg}"


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_loads_with_the_default_preset(lang):
    at = app(lang)
    assert not at.exception
    assert at.title[0].value == t("nav.architecture", lang)
    assert metric(at, "architecture.total.params", lang) == "122,570"  # TensorFlow's CNN tutorial
    assert "keras.layers.Conv2D(filters=32" in at.code[0].value


@pytest.mark.parametrize("name", list_presets())
def test_each_preset_shows_its_totals(name):
    at = app()
    at.selectbox(key=ui.START).set_value(name).run()
    assert not at.exception
    summary = summarize(load_preset(name))
    assert metric(at, "architecture.total.params") == f"{summary.total_params:,}"
    assert metric(at, "architecture.total.trainable") == f"{summary.trainable_params:,}"
    assert metric(at, "architecture.total.non_trainable") == f"{summary.non_trainable_params:,}"
    assert metric(at, "architecture.total.macs") == f"{summary.total_macs:,}"
    assert len(at.dataframe[0].value) == len(summary.rows)


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_impossible_layer_shows_the_reason_and_the_rest(lang):
    at = app(lang)
    at.selectbox(key=ui.START).set_value("tinyvgg").run()
    at.selectbox(key=ui.SELECTED).set_value(3).run()
    at.number_input(key=edit_key(at, 3, "kernel_size.h")).set_value(40).run()
    assert not at.exception
    errors = " ".join(e.value for e in at.error)
    assert t("architecture.problem", lang, index=3) in errors
    assert "40" in errors and "30" in errors  # the window and the input it does not fit
    table = at.dataframe[0].value
    assert table.iloc[2, 3] == "30 × 30 × 10" and table.iloc[3, 3] == ""  # before it: numbers; from it on: none
    assert metric(at, "architecture.total.params", lang) == "1,190"  # what could be computed
    assert at.button(key="arch.train").disabled


def test_add_remove_and_move_layers():
    at = app()
    at.selectbox(key=ui.START).set_value(ui.EMPTY).run()
    assert at.session_state[ui.LAYERS] == []
    for kind in ("Conv2D", "Flatten", "Dense"):
        at.selectbox(key=ui.ADD_TYPE).set_value(kind).run()
        at.button(key="arch.add").click().run()
    assert [layer["type"] for layer in at.session_state[ui.LAYERS]] == ["Conv2D", "Flatten", "Dense"]
    assert metric(at, "architecture.total.params") == f"{(3 * 3 * 3 + 1) * 8 + (30 * 30 * 8 + 1) * 10:,}"
    at.button(key="arch.up").click().run()  # Dense (selected) moves above Flatten: Dense on a 3-D input
    assert [layer["type"] for layer in at.session_state[ui.LAYERS]] == ["Conv2D", "Dense", "Flatten"]
    assert any("Flatten" in e.value for e in at.error)
    at.button(key="arch.remove").click().run()
    assert [layer["type"] for layer in at.session_state[ui.LAYERS]] == ["Conv2D", "Flatten"]
    assert not at.exception


def test_edit_arguments_and_name():
    at = app()
    at.number_input(key=edit_key(at, 0, "filters")).set_value(16).run()
    at.selectbox(key=edit_key(at, 0, "padding")).set_value("same").run()
    assert at.session_state[ui.LAYERS][0] == {"type": "Conv2D", "filters": 16, "kernel_size": 3, "padding": "same",
                                               "activation": "relu"}
    assert at.dataframe[0].value.iloc[0, 3] == "32 × 32 × 16"
    at.text_input(key=edit_key(at, 0, "name")).input("bad name!").run()
    assert any("layer name" in e.value for e in at.error)
    assert not at.code  # a malformed layer blocks the export
    assert not at.exception


def test_predict_then_reveal():
    at = app()
    at.toggle(key=ui.PREDICT).set_value(True).run()
    assert at.dataframe[0].value.iloc[0, 3] == "?"
    assert not at.metric and not at.latex  # totals and formulas stay hidden
    at.text_input(key="arch.answer.shape.0").input("32, 32, 32")
    at.text_input(key="arch.answer.params.0").input("896")
    at.button[[b.label for b in at.button].index(t("architecture.predict.check", "en"))].click().run()
    assert not at.exception
    assert [w.value for w in at.warning][0].startswith("Not quite: you wrote 32 × 32 × 32")
    assert at.success[0].value == "Right: the parameter count is 896."
    assert len(at.latex) == 4  # H_out, W_out, params, MACs with the numbers
    assert at.dataframe[0].value.iloc[0, 3] == "30 × 30 × 32" and at.dataframe[0].value.iloc[1, 3] == "?"


def test_hand_off_to_training():
    at = app()
    at.selectbox(key=ui.START).set_value("tinyvgg").run()
    at.button(key="arch.train").click().run()
    assert not at.exception
    assert at.session_state[ui.HANDOFF] == load_preset("tinyvgg").to_dict()
    assert at.title[0].value == t("training.title", "en")  # st.switch_page opened /training
    assert t("training.model.architecture", "en") in at.selectbox(key="training.preset").options  # …offering it


@pytest.mark.parametrize("query, params, predict, warned", [
    ({"preset": "tinyvgg"}, "19,920", False, False),
    ({"preset": "lenet5", "predict": "1"}, None, True, False),
    ({"preset": "../../etc/passwd"}, "122,570", False, True),  # unknown: the default stays, with a sentence
    ({"preset": "[x](javascript:alert(1))"}, "122,570", False, True),
])
def test_lesson_and_teacher_links(query, params, predict, warned):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    for key, value in query.items():
        at.query_params[key] = value
    at.switch_page("pages/architecture.py")
    at.run()
    assert not at.exception
    assert at.session_state[ui.PREDICT] is predict
    if params:
        assert metric(at, "architecture.total.params") == params
    assert bool(at.warning) is warned
    assert all("](" not in w.value and "/" not in w.value.split("'")[1] for w in at.warning)  # echoed as plain text
    at.run()  # a rerun with the same link keeps the learner's state
    assert at.session_state[ui.PREDICT] is predict


def test_choices_survive_a_visit_to_another_page():
    at = app()
    at.selectbox(key=ui.START).set_value("lenet5").run()
    at.toggle(key=ui.PREDICT).set_value(True).run()
    at.switch_page("pages/lesson.py").run()
    at.switch_page("pages/architecture.py").run()
    assert not at.exception
    assert at.selectbox(key=ui.START).value == "lenet5" and at.toggle(key=ui.PREDICT).value is True


def test_the_link_follows_the_draft_and_restores_it_in_a_new_session():
    at = app()
    assert "preset" not in at.query_params  # the link as given, until the learner changes something
    at.selectbox(key=ui.START).set_value("tinyvgg").run()
    assert at.query_params["preset"] == "tinyvgg" and "spec" not in at.query_params  # as it ships: no spec
    at.number_input(key=edit_key(at, 0, "filters")).set_value(16).run()  # now the learner's own stack
    spec_text = at.query_params["spec"]
    fresh = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    fresh.query_params["lang"] = "en"
    fresh.query_params["preset"] = "tinyvgg"
    fresh.query_params["spec"] = spec_text
    fresh.switch_page("pages/architecture.py")
    fresh.run()
    assert not fresh.exception and not fresh.warning
    assert fresh.session_state[ui.LAYERS] == at.session_state[ui.LAYERS]
    assert fresh.session_state[ui.LAYERS][0]["filters"] == 16
    assert fresh.selectbox(key=ui.START).value == ui.OWN


def test_locks_fix_the_start_and_the_layers():
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params["preset"] = "lenet5"
    at.query_params["lock"] = "preset,spec,predict"
    at.switch_page("pages/architecture.py")
    at.run()
    assert not at.exception
    assert at.selectbox(key=ui.START).disabled and at.toggle(key=ui.PREDICT).disabled
    assert at.button(key="arch.add").disabled and at.button(key="arch.remove").disabled
    assert at.number_input(key=edit_key(at, 0, "filters")).disabled


def test_predict_mode_hides_the_shapes_in_the_keras_code_too():
    at = app()
    at.selectbox(key=ui.START).set_value("tinyvgg").run()
    code = at.code[0].value
    assert "# (62, 62, 10)" in code
    at.toggle(key=ui.PREDICT).set_value(True).run()
    code = at.code[0].value
    assert "# (62, 62, 10)" not in code and code.count("# (?)") == len(load_preset("tinyvgg").layers)


def test_a_saved_model_file_shows_its_table_read_only(tmp_path):
    import keras

    inputs = keras.Input((32, 32, 3))
    a = keras.layers.Conv2D(8, 3, padding="same", name="left")(inputs)
    b = keras.layers.Conv2D(8, 1, name="right")(inputs)
    x = keras.layers.Add(name="add")([a, b])
    x = keras.layers.GlobalAveragePooling2D(name="gap")(x)
    model = keras.Model(inputs, keras.layers.Dense(3, name="head")(x), name="resnetish")
    path = tmp_path / "resnetish.keras"
    model.save(path)
    from cnnviz.web.builder import model_file

    model_file_script = AppTest.from_function(_open_model_file, args=(str(path),), default_timeout=120)
    model_file_script.run()
    assert not model_file_script.exception, model_file_script.exception
    table = model_file_script.dataframe[0].value
    assert list(table[t("architecture.col.layer", "en")])[1:] == ["left", "right", "add", "gap", "head"]
    assert list(table[t("architecture.col.params", "en")])[1:] == [f"{model.get_layer(n).count_params():,}"
                                                                 for n in ("left", "right", "add", "gap", "head")]
    assert t("architecture.col.inputs", "en") in table.columns  # a branched graph says what feeds each layer
    assert model_file_script.metric[0].value == f"{model.count_params():,}"
    assert model_file.SUMMARY in model_file_script.session_state


def _open_model_file(path):
    from pathlib import Path

    from cnnviz.web.builder import model_file

    if not model_file.shown():
        model_file.load(Path(path).read_bytes(), Path(path).name)
    model_file.view()
