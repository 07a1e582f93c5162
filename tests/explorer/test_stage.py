"""The live stage equals an independent NumPy convolution and pooling; the arithmetic shown is the model's; bad settings explain themselves."""
import math

import numpy as np
import pytest

from cnnviz.errors import SettingError
from cnnviz.explorer.arithmetic import explain, pool_numpy
from cnnviz.explorer.stage import Settings, chain_text, check, distinct, run

ACT = {"relu": lambda z: np.maximum(z, 0), "linear": lambda z: z, "tanh": np.tanh,
       "sigmoid": lambda z: 1 / (1 + np.exp(-z)), "leaky_relu": lambda z: np.where(z > 0, z, 0.2 * z)}


def tf_same_pads(n, window, stride, dilation=1):
    """TensorFlow's 'same': pad so that out = ceil(n / s); the smaller half first."""
    eff = dilation * (window - 1) + 1
    out = math.ceil(n / stride)
    total = max((out - 1) * stride + eff - n, 0)
    return total // 2, total - total // 2


def numpy_conv(x, kernels, bias, stride, padding, dilation):
    """Cross-correlation as Keras defines it, written independently of cnnviz."""
    kh, kw, _, f = kernels.shape
    if padding == "same":
        pads = (tf_same_pads(x.shape[0], kh, stride, dilation), tf_same_pads(x.shape[1], kw, stride, dilation))
    elif padding == "valid":
        pads = ((0, 0), (0, 0))
    else:
        pads = ((padding, padding), (padding, padding))
    xp = np.pad(x.astype(np.float64), (*pads, (0, 0)))  # (H_p, W_p, C)
    eh, ew = dilation * (kh - 1) + 1, dilation * (kw - 1) + 1
    ho, wo = (xp.shape[0] - eh) // stride + 1, (xp.shape[1] - ew) // stride + 1
    out = np.zeros((ho, wo, f))  # (H', W', F)
    for r in range(ho):
        for c in range(wo):
            patch = xp[r * stride: r * stride + eh: dilation, c * stride: c * stride + ew: dilation]  # (k_h, k_w, C)
            out[r, c] = np.tensordot(patch, kernels, axes=([0, 1, 2], [0, 1, 2])) + bias
    return out


def numpy_pool(a, kind, size, stride, padding):
    fill = {"max": -np.inf, "min": np.inf, "avg": np.nan}[kind]
    pads = ((0, 0), (0, 0))
    if padding == "same":
        pads = (tf_same_pads(a.shape[0], size, stride), tf_same_pads(a.shape[1], size, stride))
    ap = np.pad(a.astype(np.float64), (*pads, (0, 0)), constant_values=fill)
    ho, wo = (ap.shape[0] - size) // stride + 1, (ap.shape[1] - size) // stride + 1
    reduce = {"max": np.max, "min": np.min, "avg": np.nanmean}[kind]
    return np.array([[reduce(ap[r * stride: r * stride + size, c * stride: c * stride + size], axis=(0, 1))
                      for c in range(wo)] for r in range(ho)])  # (H'', W'', F)


IMAGE = np.random.default_rng(0).random((19, 17, 3)).astype(np.float32)  # (H, W, C), odd and non-square on purpose

CASES = [
    Settings(),
    Settings(kernel_size=(3, 5), stride=2, kernel="sobel_x", activation="linear", pool="avg"),
    Settings(padding="same", kernel_size=(4, 4), stride=3, kernel="random", seed=5, pool="min", pool_size=3,
             pool_stride=2, pool_padding="same"),
    Settings(padding="same", dilation=2, kernel_size=(3, 2), activation="tanh", pool="avg", pool_padding="same"),
    Settings(padding=2, dilation=3, kernel="random", seed=1, activation="leaky_relu", pool="none"),
    Settings(padding=1, stride=4, kernel_size=(1, 1), filters=3, activation="sigmoid", bias=False),
    Settings(kernel="1,-1;2,0.5", kernel_size=(2, 2), filters=2, pool="max", pool_size=3, pool_stride=1),
]


@pytest.fixture(scope="module", params=range(len(CASES)), ids=lambda i: f"case{i}")
def result(request):
    return run(CASES[request.param], IMAGE)


def test_feature_maps_equal_numpy_cross_correlation(result):
    s = result.settings
    expected = numpy_conv(IMAGE, result.kernels, result.bias, s.stride, s.padding, s.dilation)
    assert result.feature_maps.shape == expected.shape == result.shapes.conv_shape
    np.testing.assert_allclose(result.feature_maps, expected, atol=1e-5)
    np.testing.assert_allclose(result.activation_maps, ACT[s.activation](expected), atol=1e-5)


def test_pooled_maps_equal_numpy_pooling(result):
    s = result.settings
    if s.pool == "none":
        np.testing.assert_array_equal(result.pooled, result.activation_maps)
        return
    expected = numpy_pool(result.activation_maps, s.pool, s.pool_size, s.pool_stride, s.pool_padding)
    assert result.pooled.shape == expected.shape == result.shapes.pool_shape
    np.testing.assert_allclose(result.pooled, expected, atol=1e-5)


def test_padded_input_is_what_the_convolution_sees(result):
    (top, bottom), (left, right) = result.shapes.padding
    assert result.padded.shape == (19 + top + bottom, 17 + left + right, 3)
    np.testing.assert_array_equal(result.padded[top: top + 19, left: left + 17], IMAGE)
    assert result.padded.sum() == pytest.approx(IMAGE.sum(), rel=1e-5)


@pytest.mark.parametrize("where", [(0, 0, 0), (-1, -1, -1), (1, 2, 3)])
def test_arithmetic_shown_equals_the_model_output(result, where):
    hf, wf, nf = result.feature_maps.shape
    f, r, c = (where[0] % nf, where[1] % hf, where[2] % wf)
    a = explain(result, f, r, c)
    assert a.consistent
    assert a.value == result.feature_maps[r, c, f]
    assert a.value == pytest.approx(a.channel_sums.sum() + a.bias, abs=1e-4)
    np.testing.assert_allclose(a.products, a.patch * a.kernel)
    assert a.activation == result.activation_maps[r, c, f]
    if result.settings.pool != "none":
        assert a.pooled == result.pooled[a.pool_row, a.pool_col, f]
        assert a.pooled == pytest.approx(pool_numpy(a.pool_window, result.settings.pool), abs=1e-5)
        assert (a.activation in a.pool_window) or not a.in_pool_window
        if r == 0 and c == 0:
            assert a.in_pool_window


def test_the_example_chain_from_the_issue():
    shapes = check(Settings(), (224, 224, 3))
    assert chain_text(shapes) == "224 × 224 × 3 → 222 × 222 × 8 → 111 × 111 × 8"
    assert shapes.params.value == (3 * 3 * 3 + 1) * 8
    assert [f.value for f in distinct(shapes.conv_formulas)] == [222]
    non_square = check(Settings(kernel_size=(3, 5)), (224, 224, 3))
    assert [f.value for f in distinct(non_square.conv_formulas)] == [222, 220]


def test_explicit_padding_shows_two_p():
    shapes = check(Settings(padding=2), (32, 32, 1))
    assert "2·p" in shapes.conv_formulas[0].symbolic and shapes.conv_shape == (34, 34, 8)


@pytest.mark.parametrize("settings, shape, key", [
    (Settings(kernel_size=(11, 11)), (8, 8, 3), "explorer.err.kernel_too_big"),
    (Settings(kernel_size=(3, 3), dilation=4), (8, 8, 3), "explorer.err.kernel_too_big"),
    (Settings(kernel_size=(11, 11), padding=1), (8, 8, 3), "explorer.err.kernel_too_big"),
    (Settings(stride=2, dilation=2), (32, 32, 3), "explorer.err.stride_and_dilation"),
    (Settings(pool_size=8, stride=4), (16, 16, 3), "explorer.err.pool_too_big"),
    (Settings(pool_size=8, stride=4, pool_padding="same"), (16, 16, 3), None),
    (Settings(kernel_size=(11, 11), padding="same"), (8, 8, 3), None),
])
def test_impossible_settings_raise_a_sentence(settings, shape, key):
    if key is None:
        check(settings, shape)
        return
    with pytest.raises(SettingError) as info:
        check(settings, shape)
    assert info.value.key == key
    assert info.value.sentence("ko") != str(info.value)


@pytest.mark.parametrize("changes, key", [
    ({"filters": 0}, "settings.out_of_range"), ({"filters": 33}, "settings.out_of_range"),
    ({"stride": True}, "settings.out_of_range"), ({"size": 1000}, "settings.out_of_range"),
    ({"padding": "full"}, "settings.bad_choice"), ({"padding": 11}, "settings.out_of_range"),
    ({"activation": "softmax"}, "settings.bad_choice"), ({"pool": "median"}, "settings.bad_choice"),
    ({"kernel_size": (3, 12)}, "settings.out_of_range"), ({"kernel": "1,2;3,4"}, "explorer.err.grid_shape"),
])
def test_settings_validate_every_knob(changes, key):
    with pytest.raises(SettingError) as info:
        Settings(**changes)
    assert info.value.key == key


def test_explain_refuses_positions_outside():
    result = run(Settings(filters=1), IMAGE)
    with pytest.raises(SettingError) as info:
        explain(result, 0, 100, 0)
    assert info.value.key == "explorer.err.position"


def test_npz_arrays_have_the_documented_shapes():
    arrays = run(Settings(filters=4, pool="none"), IMAGE).arrays()
    assert {k: v.shape for k, v in arrays.items()} == {
        "input": (19, 17, 3), "kernels": (3, 3, 3, 4), "bias": (4,), "feature_maps": (17, 15, 4),
        "activation_maps": (17, 15, 4), "pooled": (17, 15, 4)}


def test_a_result_is_read_only_and_does_not_share_the_callers_image(result):
    """Results are cached once and shared by every session: nobody may change them in place."""
    for array in (result.padded, *result.arrays().values()):
        assert not array.flags.writeable
        with pytest.raises(ValueError):
            array.flat[0] = 1.0
    assert IMAGE.flags.writeable  # run() copied the caller's image before freezing it


# Every combination of knobs is either drawn or explained (issue 6): Keras is the oracle for which.
from hypothesis import HealthCheck, given, settings as hyp_settings, strategies as hs  # noqa: E402

KNOBS = hs.builds(
    Settings,
    size=hs.integers(16, 24), filters=hs.integers(1, 3),
    kernel_size=hs.tuples(hs.integers(1, 11), hs.integers(1, 11)), stride=hs.integers(1, 4),
    padding=hs.one_of(hs.sampled_from(["valid", "same"]), hs.integers(0, 3)), dilation=hs.integers(1, 4),
    activation=hs.sampled_from(["relu", "leaky_relu", "sigmoid", "tanh", "linear"]),
    kernel=hs.sampled_from(["identity", "sobel_x", "random"]),
    pool=hs.sampled_from(["max", "avg", "min", "none"]), pool_size=hs.integers(1, 8),
    pool_stride=hs.integers(1, 8), pool_padding=hs.sampled_from(["valid", "same"]), bias=hs.booleans(),
)


def keras_accepts(s: Settings, shape: tuple) -> bool:
    """Does Keras build and run this stage with a non-empty output?"""
    from cnnviz.explorer.stage import build

    try:
        outputs = build(s, shape)([np.zeros((1, *shape), np.float32)])
    except Exception:  # noqa: BLE001 — Keras refuses with ValueError at build or a TF error at run time
        return False
    return min(min(o.shape[1:3]) for o in outputs) > 0


@hyp_settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(KNOBS)
def test_every_combination_is_drawn_or_explained(s):
    shape = (s.size, s.size, 1)
    try:
        shapes = check(s, shape)
    except SettingError as err:
        assert err.key.startswith("explorer.err.") and str(err)
        assert not keras_accepts(s, shape), "check() refused a stage that Keras accepts"
        return
    result = run(s, np.random.default_rng(0).random(shape).astype(np.float32))
    assert result.feature_maps.shape == shapes.conv_shape
    assert result.pooled.shape == (shapes.pool_shape or shapes.conv_shape)
