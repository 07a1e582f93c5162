"""Attribution methods on tiny known models: each equals its definition computed independently, with Keras's gradients as the oracle."""
import inspect

import numpy as np
import pytest

keras = pytest.importorskip("keras")
import tensorflow as tf  # noqa: E402

from cnnviz.errors import SettingError  # noqa: E402
from cnnviz.i18n import table  # noqa: E402
from cnnviz.models import files as model_files  # noqa: E402
from cnnviz.network import attribution as A  # noqa: E402
from cnnviz.network.attribution.integrated import trapezoid_weights  # noqa: E402
from cnnviz.network.attribution.occlusion import starts  # noqa: E402
from tests.helpers_network import bright_square_model, tiny  # noqa: E402

RNG = np.random.default_rng(7)
X1 = RNG.random((8, 8, 1))  # (H, W, C) in 0–1, the tiny models' range
X3 = RNG.random((8, 8, 3))


def tape_logit_gradient(model, x, k):
    """∂logit_k/∂x by GradientTape on a model that outputs logits (written independently of cnnviz)."""
    batch = tf.convert_to_tensor(x[None].astype("float32"))
    with tf.GradientTape() as tape:
        tape.watch(batch)
        score = model(batch, training=False)[0, k]
    return float(score), tape.gradient(score, batch).numpy()[0].astype(np.float64)  # (H, W, C)


def logits_of(model, x):
    return model(x[None].astype("float32"), training=False).numpy()[0].astype(np.float64)  # (K,)


def square_image():
    x = np.zeros((16, 16, 1))
    x[2:7, 9:14] = 1.0  # the object, top right
    return x


# --- the shared score ------------------------------------------------------------------------------


@pytest.mark.parametrize("ending", ["dense_softmax", "softmax_layer"])
def test_score_is_the_logit_before_the_softmax(ending):
    logits_model = tiny(softmax=False)
    if ending == "dense_softmax":
        model = tiny(softmax=True)  # same seed: the same weights, softmax inside the Dense layer
    else:
        model = keras.Model(logits_model.inputs, keras.layers.Softmax()(logits_model.outputs[0]))
    scorer = A.Scorer(model_files.describe(model))
    assert scorer.logits is False
    np.testing.assert_allclose(scorer.logits_of(X1[None])[0], logits_of(logits_model, X1), rtol=1e-5, atol=1e-6)
    for k in range(3):
        _, grad = tape_logit_gradient(logits_model, X1, k)
        scores, grads = scorer.gradients(X1[None], k)
        np.testing.assert_allclose(grads[0], grad, rtol=1e-5, atol=1e-7)


def test_equal_logits_explain_the_lowest_class():
    model = bright_square_model()
    model.get_layer("head").set_weights([np.array([[1.0, 1.0]], "float32"), np.zeros(2, "float32")])
    net = model_files.describe(model)
    for method in A.METHODS:
        assert method.cls(net)(square_image()).class_index == 0, method.id
    assert A.predicted_class(np.array([0.5, 2.0, 2.0])) == 1


# --- saliency and SmoothGrad ---------------------------------------------------------------------


@pytest.mark.parametrize("x", [X1, X3], ids=["grey", "rgb"])
@pytest.mark.parametrize("k", [0, 2])
def test_saliency_is_the_tape_gradient_max_over_channels(x, k):
    model = tiny(channels=x.shape[2])
    score, grad = tape_logit_gradient(model, x, k)
    explained = A.Saliency(model, logits=True)(x, k)
    np.testing.assert_allclose(explained.map, np.abs(grad).max(axis=-1), rtol=1e-6, atol=1e-9)
    assert explained.score == pytest.approx(score, rel=1e-6)


def test_smoothgrad_without_noise_is_saliency_and_a_seed_repeats():
    net = model_files.describe(tiny(channels=3))
    saliency = A.Saliency(net)(X3, 1).map
    np.testing.assert_allclose(A.SmoothGrad(net)(X3, 1, samples=4, noise=0.0).map, saliency, rtol=1e-6, atol=1e-9)
    a = A.SmoothGrad(net)(X3, 1, samples=8, noise=0.2, seed=3)
    b = A.SmoothGrad(net)(X3, 1, samples=8, noise=0.2, seed=3)
    c = A.SmoothGrad(net)(X3, 1, samples=8, noise=0.2, seed=4)
    np.testing.assert_array_equal(a.map, b.map)
    assert not np.allclose(a.map, c.map) and not np.allclose(a.map, saliency)
    assert a.params["sigma"] == pytest.approx(0.2)  # 20 % of the 0–1 range


def test_smoothgrad_averages_gradients_of_the_seeded_noisy_copies():
    net = model_files.describe(tiny(channels=3))
    noisy = X3[None] + np.random.default_rng(5).normal(0.0, 1.0, (6, 8, 8, 3)) * 0.1  # (6, 8, 8, 3)
    grads = np.stack([tape_logit_gradient(net.model, n, 2)[1] for n in noisy])  # (6, 8, 8, 3)
    explained = A.SmoothGrad(net)(X3, 2, samples=6, noise=0.1, seed=5)
    np.testing.assert_allclose(explained.map, np.abs(grads.mean(axis=0)).max(axis=-1), rtol=1e-5, atol=1e-8)


# --- Integrated Gradients ------------------------------------------------------------------------


def test_trapezoid_weights():
    np.testing.assert_allclose(trapezoid_weights(4), [0.125, 0.25, 0.25, 0.25, 0.125])
    assert trapezoid_weights(128).sum() == pytest.approx(1.0)


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
@pytest.mark.parametrize("baseline", ["black", "gray"])
def test_integrated_gradients_completeness_tiny(seed, baseline):
    """Σ attributions = score(x) − score(baseline) within 5 %, for changes well above float32 noise."""
    net = model_files.describe(tiny(channels=3, seed=seed))
    x = np.random.default_rng(seed).random((8, 8, 3))
    if baseline == "gray":
        x = np.where(x > 0.5, 1.0, 0.0)  # far from the grey baseline, so the score changes by more than noise
    explained = A.IntegratedGradients(net)(x, baseline=baseline, steps=128)
    base = np.full_like(x, A.BASELINES[baseline])
    change = logits_of(net.model, x)[explained.class_index] - logits_of(net.model, base)[explained.class_index]
    assert abs(change) > 0.03
    assert explained.attributions.shape == (8, 8, 3)
    assert explained.baseline_score == pytest.approx(logits_of(net.model, base)[explained.class_index], rel=1e-5)
    assert abs(explained.attributions.sum() - change) <= 0.05 * abs(change)
    assert explained.gap == pytest.approx(explained.attributions.sum() - change, abs=1e-5)
    np.testing.assert_allclose(explained.map, explained.attributions.sum(axis=-1))


def test_integrated_gradients_trapezoid_on_a_known_path():
    """Score = Σ relu(x) / 256. From black, ∂S/∂x is 1/256 on the path except at α = 0, where ReLU's gradient at 0
    is 0 (TensorFlow's rule): the trapezoid drops its first half-weight, IG = (1 − 1/(2m)) · x / 256 exactly."""
    steps = 8
    explained = A.IntegratedGradients(model_files.describe(bright_square_model()))(square_image(), 0, steps=steps)
    np.testing.assert_allclose(explained.map, (1 - 1 / (2 * steps)) * square_image()[:, :, 0] / 256, atol=1e-7)
    assert explained.gap == pytest.approx(-25 / 256 / (2 * steps), abs=1e-6)  # 25 pixels of the square


def test_integrated_gradients_with_an_image_baseline_is_exact_off_the_kink():
    """Every point of the path from 0.25 to (square 1, background 0.1) is > 0: constant gradient, IG exact."""
    net = model_files.describe(bright_square_model())
    x = np.maximum(square_image(), 0.1)
    explained = A.IntegratedGradients(net)(x, 0, baseline=np.full((16, 16, 1), 0.25), steps=4)
    assert explained.params["baseline"] == "image"
    np.testing.assert_allclose(explained.map, (x[:, :, 0] - 0.25) / 256, atol=1e-7)
    assert explained.attributions.sum() == pytest.approx(explained.score - explained.baseline_score, abs=1e-6)


# --- occlusion -----------------------------------------------------------------------------------


@pytest.mark.parametrize("fill", [0.0, 0.5])
def test_one_pixel_occlusion_is_the_score_change_of_that_pixel(fill):
    net = model_files.describe(tiny(channels=3))
    explained = A.Occlusion(net)(X3, 1, patch=1, stride=1, fill=fill)
    base = logits_of(net.model, X3)[1]
    for r, c in [(0, 0), (3, 5), (7, 7), (6, 1)]:
        changed = X3.copy()
        changed[r, c] = fill  # the 0–1 range: the fill is the value itself
        assert explained.map[r, c] == pytest.approx(base - logits_of(net.model, changed)[1], rel=1e-5, abs=1e-6)
    assert explained.params["positions"] == 64


def test_occlusion_patches_average_where_they_overlap():
    net = model_files.describe(bright_square_model())  # score = Σ x / 256: covering with black drops Σ(patch) / 256
    x = square_image()
    explained = A.Occlusion(net)(x, 0, patch=4, stride=2, fill=0.0)
    drops = np.zeros((16, 16))
    count = np.zeros((16, 16))
    for r in starts(16, 4, 2):
        for c in starts(16, 4, 2):
            drops[r:r + 4, c:c + 4] += x[r:r + 4, c:c + 4].sum() / 256
            count[r:r + 4, c:c + 4] += 1
    np.testing.assert_allclose(explained.map, drops / count, atol=1e-7)


@pytest.mark.parametrize("size, patch, stride, expected", [
    (8, 1, 1, list(range(8))), (8, 3, 2, [0, 2, 4, 5]), (8, 8, 8, [0]), (10, 4, 4, [0, 4, 6])])
def test_occlusion_starts_cover_the_last_pixel(size, patch, stride, expected):
    assert starts(size, patch, stride) == expected


def test_black_and_grey_follow_the_models_input_range():
    """A model that takes −1 … 1 (pixel · 2/255 − 1): black is −1, so the baseline and the fill are −1, not 0."""
    from dataclasses import replace

    net = replace(model_files.describe(bright_square_model()), input_scale=2 / 255, input_offset=-1.0)
    scorer = A.Scorer(net)
    assert (scorer.black, scorer.from_unit(0.5), scorer.from_unit(1.0)) == (-1.0, 0.0, 1.0)
    x = square_image() * 2 - 1  # the square white (1), the rest black (−1)
    explained = A.IntegratedGradients(scorer)(x, 0, steps=4)
    assert explained.baseline_score == pytest.approx(logits_of(net.model, np.full_like(x, -1.0))[0], abs=1e-7)
    occluded = A.Occlusion(scorer)(x, 0, patch=1, stride=1, fill=0.5)  # grey = 0 here
    changed = x.copy()
    changed[3, 10] = 0.0
    assert occluded.map[3, 10] == pytest.approx(logits_of(net.model, x)[0] - logits_of(net.model, changed)[0], abs=1e-7)
    assert A.SmoothGrad(scorer)(x, 0, samples=2, noise=0.1).params["sigma"] == pytest.approx(0.2)


# --- every method: shape, range, and where the map lights up ---------------------------------------


@pytest.mark.parametrize("method", A.METHODS, ids=lambda m: m.id)
def test_each_method_shape_and_range(method):
    net = model_files.describe(tiny(channels=3, softmax=True))
    explained = method.cls(net)(X3)
    assert explained.method == method.id
    assert explained.map.shape == (8, 8) and np.isfinite(explained.map).all()
    assert explained.class_index == int(np.argmax(logits_of(net.model, X3)))
    scaled = explained.scaled()
    assert np.abs(scaled).max() == pytest.approx(1.0) or explained.limit == 0
    if not explained.signed:
        assert explained.map.min() >= 0.0 and scaled.min() >= 0.0


@pytest.mark.parametrize("method", A.METHODS, ids=lambda m: m.id)
def test_each_method_lights_up_the_bright_square(method):
    """Class 0 = mean brightness: every method puts its weight on the square, none on the black background."""
    params = {"occlusion": {"patch": 1, "stride": 1, "fill": 0.0}, "smoothgrad": {"noise": 0.1}}.get(method.id, {})
    explained = method.cls(model_files.describe(bright_square_model()))(square_image(), 0, **params)
    heat = explained.scaled()
    inside = np.zeros((16, 16), bool)
    inside[2:7, 9:14] = True
    assert heat[inside].mean() > 0.8
    assert np.abs(heat[~inside]).mean() < (0.6 if method.id == "smoothgrad" else 0.2)


# --- the table the page reads, and the errors a learner can cause --------------------------------------


@pytest.mark.parametrize("method", A.METHODS, ids=lambda m: m.id)
def test_methods_table_matches_the_classes(method):
    assert method.label_key in table() and method.sentence_key in table()
    signature = inspect.signature(method.cls.__call__).parameters
    for param in method.params:
        assert param.label_key in table()
        assert signature[param.name].default == param.default, param.name
    assert list(signature)[:3] == ["self", "x", "class_index"]
    assert A.BY_ID[method.id] is method


@pytest.mark.parametrize("method, kwargs, key", [
    ("saliency", {"class_index": 3}, "attribution.err.class"),
    ("saliency", {"class_index": -1}, "attribution.err.class"),
    ("smoothgrad", {"samples": 0}, "attribution.err.range"),
    ("smoothgrad", {"noise": "lots"}, "attribution.err.range"),
    ("smoothgrad", {"noise": 1.5}, "attribution.err.range"),
    ("integrated_gradients", {"steps": 0}, "attribution.err.range"),
    ("integrated_gradients", {"baseline": "red"}, "attribution.err.choice"),
    ("integrated_gradients", {"baseline": np.zeros((4, 4, 3))}, "attribution.err.shape"),
    ("occlusion", {"patch": 9}, "attribution.err.range"),
    ("occlusion", {"patch": 2, "stride": 3}, "attribution.err.range"),
    ("occlusion", {"fill": -0.1}, "attribution.err.range"),
    ("gradcam", {"layer_name": "flatten"}, "network.err.no_conv"),
])
def test_bad_settings_say_what_to_change(method, kwargs, key):
    net = model_files.describe(tiny(channels=3))
    with pytest.raises(SettingError) as err:
        A.explain(net, X3, method, **kwargs)
    assert err.value.key == key
    assert err.value.sentence("ko") != str(err.value)


def test_a_wrong_image_shape_is_refused():
    with pytest.raises(SettingError, match="shape"):
        A.Saliency(tiny(channels=3))(np.zeros((8, 8, 1)))
