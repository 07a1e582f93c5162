"""The explorer page in Streamlit's AppTest: loads, restores a link, explains impossible settings, speaks Korean."""
import re

from tests import ROOT

import pytest
from streamlit.testing.v1 import AppTest

from cnnviz.web.explorer.state import KEY

CHAIN = "224 × 224 × 3 → 222 × 222 × 8 → 111 × 111 × 8"


def open_explorer(query: dict | None = None, lang: str = "en", state: dict | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params["lang"] = lang
    for key, value in (query or {}).items():
        at.query_params[key] = value
    for key, value in (state or {}).items():
        at.session_state[key] = value
    at.switch_page("pages/explorer.py")
    return at.run()


def chain(at: AppTest) -> str:
    return stage_lines(at)[0].lstrip("# ")


def stage_lines(at: AppTest) -> list[str]:
    """The stage text as the learner reads it: the chain heading, the caption, the worked formulas."""
    text = [m.value for m in at.markdown if "→" in m.value][-1]  # (after a prediction's own heading)
    return [re.sub(r"\\(.)", r"\1", line).rstrip() for line in text.splitlines() if line.strip()]


def test_default_page_shows_the_stage():
    at = open_explorer()
    assert not at.exception
    assert chain(at) == CHAIN
    assert len(at.error) == 0 and len(at.warning) == 0
    lines = stage_lines(at)  # the chain, a caption, then conv, pool, params: the calculators' worked text
    assert lines[1].startswith(":small[:gray[From the top: output size of the convolution")
    assert lines[2:] == ["H_out = ⌊(H + 2·p − k)/s⌋ + 1 = ⌊(224 + 2·0 − 3)/1⌋ + 1 = 222",
                        "H_out = ⌊(H − f)/s⌋ + 1 = ⌊(222 − 2)/2⌋ + 1 = 111",
                        "params = (k_h·k_w·C_in + 1)·F = (3·3·3 + 1)·8 = 224"]
    assert len(at.get("image")) == 5  # input, kernels, feature, activation, pooled
    assert "kernel_size" not in at.query_params  # the link as given: the first change writes every setting


def test_settings_from_the_query_restore_the_widgets():
    at = open_explorer({"size": "64", "filters": "4", "kernel_size": "5x3", "stride": "2", "padding": "2",
                        "kernel": "random", "seed": "7", "pool": "avg", "pool_size": "3", "pool_stride": "1",
                        "activation": "tanh", "color": "gray", "image": "cat"})
    assert not at.exception
    assert at.slider(key=KEY["kernel_size"]).value == 5
    assert at.checkbox(key=KEY["square"]).value is False
    assert at.slider(key=KEY["kernel_w"]).value == 3
    assert at.radio(key=KEY["padding_mode"]).value == "explicit"
    assert at.slider(key=KEY["padding_p"]).value == 2
    assert at.selectbox(key=KEY["kernel"]).value == "random"
    assert at.number_input(key=KEY["seed"]).value == 7
    assert at.selectbox(key=KEY["image"]).value == "cat"
    assert at.radio(key=KEY["color"]).value == "gray"
    # (64 + 2·2 − 5)/2 + 1 = 32, (64 + 4 − 3)/2 + 1 = 33; pooling 3 with stride 1: 30 × 31
    assert chain(at) == "64 × 64 × 1 → 32 × 33 × 4 → 30 × 31 × 4"


def test_moving_a_slider_updates_the_chain_and_the_link():
    at = open_explorer()
    at.slider(key=KEY["kernel_size"]).set_value(5).run()
    assert not at.exception
    assert chain(at) == "224 × 224 × 3 → 220 × 220 × 8 → 110 × 110 × 8"
    assert at.query_params["kernel_size"] == "5"


def test_hostile_query_values_fall_back_with_a_notice():
    at = open_explorer({"filters": "<script>alert(1)</script>", "stride": "99", "padding": "full"})
    assert not at.exception
    assert chain(at) == CHAIN
    notices = [w.value for w in at.warning]
    assert len(notices) == 3 and any("filters" in n for n in notices)
    assert all("<script>" not in n or "filters=" in n for n in notices)


@pytest.mark.parametrize("query, fragment", [
    ({"size": "16", "kernel_size": "11", "dilation": "4"}, "kernel"),
    ({"stride": "2", "dilation": "2"}, "dilation"),
    ({"size": "16", "kernel_size": "11", "stride": "4", "pool_size": "8"}, "pool"),
])
def test_impossible_settings_give_a_sentence_and_no_exception(query, fragment):
    at = open_explorer(query)
    assert not at.exception
    assert len(at.error) == 1 and fragment in at.error[0].value.lower()
    assert not any("→" in m.value for m in at.markdown)


def test_korean():
    at = open_explorer({"stride": "2", "dilation": "2"}, lang="ko")
    assert not at.exception
    assert at.title[0].value == "합성곱 탐색기"
    assert "스트라이드" in at.error[0].value
    assert at.slider(key=KEY["filters"]).label.startswith("필터")


def test_arithmetic_view_shows_the_model_value():
    at = open_explorer({"size": "32", "filters": "2"})
    at.session_state[KEY["view"]] = "arithmetic"
    at.run()
    assert not at.exception
    assert len(at.success) == 1  # "Keras computed x; the sum above gives x."
    assert sum("odot" in e.value for e in at.latex) == 3  # one line per RGB channel


@pytest.mark.parametrize("view", ["enlarge", "compare"])
def test_other_views_load(view):
    at = open_explorer({"size": "32"})
    at.session_state[KEY["view"]] = view
    at.run()
    assert not at.exception


def test_predict_then_reveal():
    at = open_explorer({"size": "32", "filters": "4"})
    at.toggle(key=KEY["predict"]).set_value(True).run()
    assert not any(CHAIN[:5] in m.value and "→" in m.value and "?" not in m.value for m in at.markdown)
    assert not any("params" in m.value for m in at.markdown)  # hidden until answered
    for key, value in (("guess_h", 30), ("guess_w", 30), ("guess_c", 4), ("guess_params", 112)):
        at.number_input(key=KEY[key]).set_value(value)
    at.button(key=KEY["check"]).click().run()
    assert not at.exception
    assert len(at.success) == 1 and "4" in at.success[0].value
    assert "params = (k_h·k_w·C_in + 1)·F = (3·3·3 + 1)·4 = 112" in stage_lines(at)


def test_teacher_lock_disables_the_named_knobs():
    at = open_explorer({"lock": "padding,stride"})
    assert at.slider(key=KEY["stride"]).disabled
    assert at.radio(key=KEY["padding_mode"]).disabled
    assert not at.slider(key=KEY["filters"]).disabled


def test_custom_kernel_grid():
    at = open_explorer({"size": "32", "kernel": "0,0,0;0,2,0;0,0,0"})
    assert at.selectbox(key=KEY["kernel"]).value == "custom"
    at.text_area(key=KEY["grid_text"]).input("1 2; 3").run()
    assert not at.exception
    assert len(at.error) == 1  # ragged rows are explained


def test_npz_download_has_the_documented_arrays():
    import io

    import numpy as np

    from cnnviz.explorer.stage import Settings, run
    from cnnviz.web.explorer.cache import npz_bytes

    result = run(Settings(size=16, filters=3), np.random.default_rng(0).random((16, 16, 3)).astype(np.float32))
    with np.load(io.BytesIO(npz_bytes(result)())) as npz:
        assert sorted(npz.files) == ["activation_maps", "bias", "feature_maps", "grad_bias", "grad_kernels", "input",
                                     "kernels", "pooled"]
        assert npz["grad_kernels"].shape == npz["kernels"].shape and npz["grad_bias"].shape == (3,)
        # ∂L/∂b for L = mean of the pooled outputs: the tape's value, via the explorer's own Keras layers
        import keras
        import tensorflow as tf

        from cnnviz.explorer.stage import build
        model = build(result.settings, result.input.shape)
        model.get_layer("conv").set_weights([result.kernels, result.bias])
        conv = model.get_layer("conv")
        with tf.GradientTape() as tape:
            pooled = model([result.input[None]])[-1]
            loss = tf.reduce_mean(pooled)
        gk, gb = tape.gradient(loss, [conv.kernel, conv.bias])
        np.testing.assert_allclose(npz["grad_kernels"], keras.ops.convert_to_numpy(gk), rtol=1e-4, atol=1e-7)
        np.testing.assert_allclose(npz["grad_bias"], keras.ops.convert_to_numpy(gb), rtol=1e-4, atol=1e-7)
        assert npz["input"].shape == (16, 16, 3) and npz["input"].dtype == np.float32
        assert npz["kernels"].shape == (3, 3, 3, 3) and npz["bias"].shape == (3,)
        assert npz["feature_maps"].shape == npz["activation_maps"].shape == (14, 14, 3)
        assert npz["pooled"].shape == (7, 7, 3)
        np.testing.assert_array_equal(npz["feature_maps"], result.feature_maps)


@pytest.mark.parametrize("view, korean", [("arithmetic", "수용 영역"), ("enlarge", "활성화 맵"),
                                          ("compare", "B가 A와 다른 점")])
def test_every_view_speaks_korean(view, korean):
    from tests.test_translation_coverage import untranslated, visible_texts

    # Widgets are set before the first run: AppTest formats options outside the session (in English).
    at = open_explorer({"size": "32", "filters": "2", "padding": "1"}, lang="ko",
                       state={KEY["view"]: view, KEY["predict"]: True})
    assert not at.exception
    texts = visible_texts(at)
    assert any(korean in text for text in texts) and any("? × ? × ?" in text for text in texts)
    assert [text for text in texts if untranslated(text)] == []


# Every knob that is hidden by another: (the hiding widget, its value that hides, its value that shows,
# the hidden knob, a value to set on it first, how the knob is found).
HIDDEN = [
    ("pool", "radio", "none", "max", "pool_size", 3, "slider"),
    ("pool", "radio", "none", "max", "pool_stride", 1, "slider"),
    ("pool", "radio", "none", "avg", "pool_padding", "same", "radio"),
    ("square", "checkbox", True, False, "kernel_w", 5, "slider"),
    ("padding_mode", "radio", "valid", "explicit", "padding_p", 4, "slider"),
    ("kernel", "selectbox", "identity", "random", "seed", 42, "number_input"),
    ("kernel", "selectbox", "identity", "custom", "grid_text", "0,1,0;1,-4,1;0,1,0", "text_area"),
]


@pytest.mark.parametrize("hider, hider_kind, hide, show, knob, value, kind", HIDDEN)
def test_a_hidden_knob_keeps_its_value_when_shown_again(hider, hider_kind, hide, show, knob, value, kind):
    start = {"pool": {"pool": "max"}, "square": {"kernel_size": "3x4"}, "padding_mode": {"padding": "1"},
             "kernel": {"kernel": "random" if knob == "seed" else "0,0,0;0,1,0;0,0,0"}}[hider]
    at = open_explorer({"size": "32", **start})
    widget = getattr(at, kind)(key=KEY[knob])
    (widget.input(value) if kind == "text_area" else widget.set_value(value)).run()
    assert not at.exception and getattr(at, kind)(key=KEY[knob]).value == value
    getattr(at, hider_kind)(key=KEY[hider]).set_value(hide).run()
    assert not at.exception
    assert not [w for w in getattr(at, kind) if w.key == KEY[knob]]  # hidden
    getattr(at, hider_kind)(key=KEY[hider]).set_value(show).run()
    assert not at.exception, at.exception
    assert getattr(at, kind)(key=KEY[knob]).value == value
    assert len(at.error) == 0


def test_backward_arithmetic_shows_the_arrays_numbers():
    """The backward view's numbers are the .npz's: ∂L/∂w of the picked weight and its SGD step."""
    from cnnviz.explorer import backward
    from cnnviz.explorer.settings import Settings
    from cnnviz.web.explorer import cache

    at = open_explorer({"size": "32", "filters": "2"}, state={KEY["view"]: "arithmetic", KEY["filter"]: 1,
                                                               KEY["row"]: 4, KEY["col"]: 5,
                                                               "explorer.direction": "backward"})
    assert not at.exception, at.exception
    settings = Settings(size=32, filters=2)
    image, input_id = cache.input_array(settings, None)
    result = cache.compute(settings, image, input_id)
    g = backward.gradient_arrays(result)["grad_kernels"][1, 1, 0, 1]  # the middle weight of channel 0, filter 1
    latex = [e.value.strip("$").strip() for e in at.latex]
    weight_line = next(line for line in latex if r"\frac{\partial L}{\partial w_{1,1,0,1}}" in line)
    assert weight_line.endswith(f"= {g:.4g}" + r"\end{aligned}")
    step = next(line for line in latex if line.startswith(r"w \leftarrow"))
    assert step.endswith(f"= {result.kernels[1, 1, 0, 1] - 0.01 * g:.4g}")
    assert any("L** = the mean of all" in m.value for m in at.markdown)
