"""The network page in AppTest: both languages, the shipped model's probabilities, a session's trained model, every control."""

from tests import ROOT

import pytest
from streamlit.testing.v1 import AppTest

from cnnviz.i18n import t
from cnnviz.web.network import state as ui



def app(lang: str = "en", **state) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
    at.query_params["lang"] = lang
    for key, value in state.items():
        at.session_state[key] = value
    at.switch_page("pages/network.py")
    return at.run()


def probabilities(at) -> dict[str, float]:
    import json

    chart = next(c for c in at.get("plotly_chart") if "net.probs_chart" in str(c.proto.id))
    bar = json.loads(chart.proto.spec)["data"][0]
    return dict(zip(bar["y"], bar["x"]))


@pytest.mark.parametrize("lang, names", [("en", ["circle", "square", "triangle", "cross"]),
                                         ("ko", ["원", "사각형", "삼각형", "십자"])])
def test_shipped_model_shows_probabilities_that_sum_to_one(lang, names):
    at = app(lang)
    assert not at.exception
    assert at.title[0].value == t("nav.network", lang)
    probs = probabilities(at)
    assert list(probs) == names
    assert sum(probs.values()) == pytest.approx(1.0, abs=1e-6)
    best = max(probs, key=probs.get)
    assert best == names[2]  # the default image is a drawn triangle
    assert any(m.value.startswith("### " + t("network.prediction", lang, name=best, probability="")[:-3])
               for m in at.markdown)


def test_every_control_runs():
    at = app()
    at.toggle(key=ui.SHOW_ALL).set_value(True).run()
    at.selectbox(key=ui.LAYER).set_value("max_pool_1").run()  # the first max-pool
    at.number_input(key=ui.CHANNEL).set_value(9).run()
    at.selectbox(key=ui.CAM_CLASS).set_value(0).run()
    at.radio(key=ui.CAM_METHOD).set_value("gradcam").run()
    at.selectbox(key=ui.SHAPE).set_value("circle").run()
    at.number_input(key=ui.SEED).set_value(11).run()
    assert not at.exception
    at.radio(key=ui.INPUT).set_value("sample").run()
    at.selectbox(key=ui.PHOTO).set_value("coffee").run()
    assert not at.exception
    assert sum(probabilities(at).values()) == pytest.approx(1.0, abs=1e-6)


def test_convolution_detail_links_to_the_explorer():
    at = app()
    from urllib.parse import parse_qs

    from cnnviz.explorer.settings import from_query

    link = at.get("page_link")[0].proto
    assert link.page == "explorer"
    query = {k: v[-1] for k, v in parse_qs(link.query_string).items()}
    settings, notices = from_query(query)
    assert notices == [] and query["lang"] == "en"
    assert (settings.size, settings.kernel_size, settings.padding, settings.filters) == (64, (3, 3), "valid", 1)
    assert settings.kernel.count(";") == 2  # the 3 × 3 kernel of conv_1_1, channel 0


def test_no_trained_model_yet_says_so():
    at = app()
    at.radio(key=ui.MODEL).set_value("trained").run()
    assert not at.exception
    assert at.info[0].value == t("network.model.no_trained", "en")


def test_a_trained_model_from_this_session():
    import keras

    keras.utils.set_random_seed(0)
    inputs = keras.Input((32, 32, 3))
    x = keras.layers.Rescaling(1 / 255)(inputs)
    x = keras.layers.Conv2D(4, 3, activation="relu")(x)
    x = keras.layers.MaxPooling2D()(x)
    outputs = keras.layers.Dense(3)(keras.layers.Flatten()(x))
    model = keras.Model(inputs, outputs, name="mine")
    at = app(**{ui.TRAINED_MODEL: model, ui.TRAINED_CLASSES: ["cat", "dog", "bird"], ui.TRAINED_LOGITS: True})
    at.radio(key=ui.MODEL).set_value("trained").run()
    assert not at.exception
    probs = probabilities(at)
    assert list(probs) == ["cat", "dog", "bird"] and sum(probs.values()) == pytest.approx(1.0, abs=1e-6)
    assert any(c.value == t("network.logits_note", "en") for c in at.caption)


def test_upload_choice_asks_for_a_file():
    at = app()
    at.radio(key=ui.MODEL).set_value("upload").run()
    assert not at.exception
    assert at.info[0].value == t("network.model.need_file", "en")


def test_six_attribution_maps_side_by_side_with_a_sentence_each():
    from cnnviz.network.attribution import METHODS

    at = app(**{"network.attribution_open": True})
    assert not at.exception, at.exception
    box = at.expander[[e.label for e in at.expander].index(t("attribution.title", "en"))]
    assert len(box.get("image")) == len(METHODS) == 6
    captions = [c.value for c in box.caption]
    for method in METHODS:
        assert t(method.sentence_key, "en") in captions
    assert any(c.startswith("Score explained: the logit of “triangle”") for c in captions)


def test_feature_visualisation_grows_an_image_and_shows_the_top_nine():
    at = app(**{"network.featurevis_open": True})
    assert not at.exception, at.exception
    box = at.expander[[e.label for e in at.expander].index(t("featurevis.title", "en"))]
    assert any(c.value.startswith("Mean activation:") for c in box.caption)
    assert any(c == t("featurevis.top", "en", k=9) for i in box.get("image") for c in (i.proto.imgs[0].caption,))


def test_a_link_restores_and_locks_the_view():
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
    for key, value in {"lang": "en", "input": "sample", "image": "coffee", "layer": "conv_2_1", "channel": "3",
                       "cam_method": "hirescam", "lock": "model,input"}.items():
        at.query_params[key] = value
    at.switch_page("pages/network.py")
    at.run()
    assert not at.exception and not at.warning
    assert at.radio(key=ui.INPUT).value == "sample" and at.radio(key=ui.INPUT).disabled
    assert at.radio(key=ui.MODEL).disabled and at.selectbox(key=ui.PHOTO).value == "coffee"
    assert at.selectbox(key=ui.LAYER).value == "conv_2_1" and at.number_input(key=ui.CHANNEL).value == 3
    assert at.radio(key=ui.CAM_METHOD).value == "hirescam"
    assert at.query_params["layer"] == "conv_2_1"


def test_a_saved_run_opens_at_any_epoch_for_its_owner_only():
    from cnnviz.presets import load_preset
    from cnnviz.runs.recorder import create_for, train_and_record
    from cnnviz.training.datasets import load_shapes
    from cnnviz.training.run import TrainingRun, TrainSettings
    from cnnviz.web.owner import KEY as OWNER
    from cnnviz.web.training.runs import store

    owner = "the-owner-token-of-this-browser-0123"
    run = TrainingRun(load_preset("tinyvgg"), load_shapes(n=200, size=32), TrainSettings(epochs=2, batch_size=64,
                                                                                        seed=0))
    run_id = create_for(store(), owner, run, "two epochs").run_id
    train_and_record(store(), owner, run_id, run)

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
    for key, value in {"lang": "en", "model": "run", "run": run_id, "epoch": "1"}.items():
        at.query_params[key] = value
    at.session_state[OWNER] = owner
    at.switch_page("pages/network.py")
    at.run()
    assert not at.exception, at.exception
    assert at.selectbox(key=ui.RUN).value == run_id and at.slider(key=ui.EPOCH).value == 1
    assert list(probabilities(at)) == ["circle", "square", "triangle", "cross"]
    assert any("two epochs · epoch 1" in c.value for c in at.caption)

    stranger = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
    for key, value in {"lang": "en", "model": "run", "run": run_id}.items():
        stranger.query_params[key] = value
    stranger.session_state[OWNER] = "somebody-elses-browser-token-98765"
    stranger.switch_page("pages/network.py")
    stranger.run()
    assert not stranger.exception
    assert stranger.info[0].value == t("network.run.none", "en")  # the id alone opens nothing
