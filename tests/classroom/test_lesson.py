"""The lesson's links open real settings, and its widgets' numbers equal the calculators (Keras as the oracle)."""
from urllib.parse import parse_qs, urlsplit

import numpy as np
import pytest

from cnnviz.calc.activations import relu, softmax
from cnnviz.classroom import lesson as L
from cnnviz.i18n import table
from cnnviz.calc.params import conv2d_params, dense_params
from cnnviz.presets import list_presets
from cnnviz.calc.shapes import output_length

ALL_LINKS = [(s.id, link) for s in L.STEPS for link in s.links]


def test_steps_follow_the_course_notes_order():
    assert [s.id for s in L.STEPS] == ["mlp", "conv", "padding", "stride", "activation", "pooling", "dense",
                                       "training", "overfitting", "regularize"]


@pytest.mark.parametrize("step", L.STEPS, ids=lambda s: s.id)
def test_every_step_has_text_in_both_languages_and_a_widget_or_a_link(step):
    for key in (step.title_key, step.text_key, *(link.label_key for link in step.links)):
        en, ko = table()[key]
        assert en.strip() and ko.strip()
        assert any("\uac00" <= c <= "\ud7a3" for c in ko), key
    assert step.widget or step.links


@pytest.mark.parametrize("step_id, link", ALL_LINKS, ids=[f"{s}-{l.label_key}" for s, l in ALL_LINKS])
@pytest.mark.parametrize("lang", ["en", "ko"])
def test_link_parses_to_known_keys_with_valid_values(step_id, link, lang):
    url = urlsplit(link.href(lang))
    assert url.path == f"/{link.page}" and link.page in L.PAGES
    query = {k: v[-1] for k, v in parse_qs(url.query, strict_parsing=bool(url.query)).items()}
    assert query.pop("lang") == lang  # the language travels with every link
    from cnnviz.classroom.links import declarations

    decl = declarations().get(link.page)
    assert decl is not None or not query
    if decl is not None:
        assert set(query) <= set(decl.names), set(query) - set(decl.names)
        assert decl.from_query(query)[1] == []
        if "preset" in query:
            assert query["preset"] in list_presets()


@pytest.mark.parametrize("href, expected", [
    (L.step("padding").links[0].href("ko"), "/explorer?padding=valid&kernel_size=3&lang=ko"),
    (L.step("padding").links[1].href("en"), "/explorer?padding=same&kernel_size=3&lang=en"),
    (L.step("stride").links[1].href(None), "/explorer?stride=2&padding=same&pool=none"),
    (L.step("pooling").links[2].href("ko"), "/explorer?pool=min&pool_size=2&pool_stride=2&lang=ko"),
    (L.step("training").links[0].href("ko"), "/training?lang=ko"),
])
def test_hrefs(href, expected):
    assert href == expected


@pytest.mark.parametrize("units, filters, dense_value, conv_value", [
    (64, 32, 196_672, 896),     # Dense(64) on 3,072 inputs vs the tutorial's first Conv2D(32, 3×3)
    (10, 1, 30_730, 28),
    (512, 128, 1_573_376, 3_584),
])
def test_mlp_vs_cnn_equals_the_calculators(units, filters, dense_value, conv_value):
    dense, conv = L.mlp_vs_cnn(units, filters)
    assert (dense.value, conv.value) == (dense_value, conv_value)
    assert dense.value == dense_params(32 * 32 * 3, units).value
    assert conv.value == conv2d_params(3, 3, 3, filters).value


@pytest.mark.parametrize("size, k, s, padding, expected", [
    (32, 3, 1, "valid", 30),
    (32, 3, 1, 1, 32),          # the notes: padding=1 with kernel_size=3 keeps the size
    (32, 3, 1, "same", 32),
    (32, 3, 2, "same", 16),
    (32, 5, 1, 2, 32),
    (32, 3, 2, "valid", 15),
    (12, 3, 1, "valid", 10),    # the notes' 12×12 → 10×10
    (32, 7, 4, 1, 7),
])
def test_output_size(size, k, s, padding, expected):
    formula = L.output_size(size, k, s, padding)
    assert formula.value == expected
    if padding == "same":
        assert formula.value == output_length(size, k, s, "same").value
    assert "H_{out}" in formula.latex()


def test_output_size_matches_keras():
    keras = pytest.importorskip("keras")
    for size, k, s, padding in [(32, 3, 1, "valid"), (32, 3, 2, "same"), (31, 5, 3, "valid"), (32, 3, 1, 1)]:
        x = keras.Input((size, size, 3))
        if isinstance(padding, int):
            x2 = keras.layers.ZeroPadding2D(padding)(x)
            y = keras.layers.Conv2D(1, k, strides=s)(x2)
        else:
            y = keras.layers.Conv2D(1, k, strides=s, padding=padding)(x)
        assert y.shape[1] == L.output_size(size, k, s, padding).value


@pytest.mark.parametrize("kind, expected", [
    ("max", [[6, 2], [7, 8]]),
    ("avg", [[3.75, 1.25], [2.5, 5.0]]),
    ("min", [[1, 0], [0, 3]]),
])
def test_pooling_example(kind, expected):
    np.testing.assert_allclose(L.pool2x2(L.ACTIVATION_MAP, kind), expected)


def test_pooling_example_matches_keras():
    pytest.importorskip("keras")
    from cnnviz.models.layers import MinPooling2D
    import keras

    x = L.ACTIVATION_MAP[None, :, :, None].astype("float32")  # (1, H, W, 1)
    layers = {"max": keras.layers.MaxPooling2D(2), "avg": keras.layers.AveragePooling2D(2), "min": MinPooling2D(2)}
    for kind, layer in layers.items():
        np.testing.assert_allclose(np.asarray(layer(x))[0, :, :, 0], L.pool2x2(L.ACTIVATION_MAP, kind), rtol=1e-6)


def test_flatten_puts_vertical_neighbours_w_times_c_apart():
    image = np.arange(32 * 32 * 3).reshape(32, 32, 3)  # (H, W, C)
    flat = image.reshape(-1)  # what Flatten does (row-major, channels last)
    i, j = 5, 7
    below = int(np.where(flat == image[i + 1, j, 0])[0][0]) - int(np.where(flat == image[i, j, 0])[0][0])
    assert below == L.flat_distance() == 96


def test_relu_and_softmax():
    assert (relu(L.FEATURE_MAP) >= 0).all() and (L.FEATURE_MAP < 0).any()
    np.testing.assert_array_equal(relu(L.FEATURE_MAP)[L.FEATURE_MAP > 0], L.FEATURE_MAP[L.FEATURE_MAP > 0])
    probs = softmax(L.LOGITS)
    assert probs.sum() == pytest.approx(1.0) and probs.argmax() == 0
    np.testing.assert_allclose(probs, [0.6590, 0.2424, 0.0986], atol=1e-4)


def test_tutorial_model_numbers_from_the_notes():
    summary = L.tutorial_summary()
    assert summary.total_params == 122_570
    assert L.flatten_row(summary) == ((4, 4, 64), 1024)


def test_augmentation_and_dropout_add_no_parameters():
    plain, augmented = L.regularized_totals()
    assert plain == augmented == 3_989_285


def test_every_lesson_link_opens_the_settings_it_names():
    """Each link's query is read by its page's declaration with no value refused (the lesson never names a stale setting)."""
    from cnnviz.classroom.links import declarations

    pages = declarations()
    for step in L.STEPS:
        for link in step.links:
            query = dict(link.query)
            if link.page not in pages:
                assert not query, f"{link.href()}: {link.page} reads no settings"
                continue
            decl = pages[link.page]
            assert set(query) <= set(decl.names), f"{link.href()}: unknown keys {set(query) - set(decl.names)}"
            values, notices = decl.from_query(query)
            assert notices == [], f"{link.href()}: {[n.text() for n in notices]}"
            for key, text in query.items():
                assert decl[key].to_text(values[key]) == text
