"""Feature visualisation: the grown image excites its filter far more than the noise it started from (and more than any
data image), the top images are exactly the highest activations, progress reaches the bar, bad choices explain themselves."""
import numpy as np
import pytest

keras = pytest.importorskip("keras")

from cnnviz.errors import SettingError  # noqa: E402
from cnnviz.models import files as model_files  # noqa: E402
from cnnviz.network import featurevis as fv  # noqa: E402
from cnnviz.network import probe  # noqa: E402
from cnnviz.training.datasets import make_shapes  # noqa: E402
from tests.helpers_network import tiny  # noqa: E402


@pytest.fixture(scope="module")
def net():
    return model_files.load_shipped()


@pytest.fixture(scope="module")
def shapes():
    return make_shapes(120, 64, seed=1)[0]  # (120, 64, 64, 3) uint8


@pytest.mark.parametrize("layer", ["conv_1_2", "conv_2_2"])
def test_grown_image_excites_its_filter(net, shapes, layer):
    """Every filter: the grown image excites it at least as much as the best of 120 shapes images. The 5× gain over
    the starting noise is asserted where it is meaningful: filters the grey noise barely excites (mean < 0.5) and
    that the data set turns on at all. Colour detectors already answer grey at about half strength (their best image
    is a saturated colour, 2× at most); a dead filter answers nothing."""
    shown = fv.visualize_layer(net, layer, steps=64, seed=0)
    data_best = fv.filter_means(net, layer, shapes).max(axis=0)  # (F,)
    gaining = 0
    for v in shown:
        assert v.image.shape == (64, 64, 3) and v.image.dtype == np.float32
        assert v.image.min() >= 0.0 and v.image.max() <= 1.0
        assert v.after >= v.before and v.after >= 0.95 * data_best[v.filter]
        if v.before < 0.5 and data_best[v.filter] > 0.05:
            assert v.after >= 5 * v.before and v.after > 0.2
            gaining += 1
    assert gaining >= 4


def test_visualize_one_filter_reports_the_layer_output_means(net):
    v = fv.visualize(net, "conv_2_2", 9, steps=32, seed=2)
    assert (v.layer, v.filter, v.steps) == ("conv_2_2", 9, 32)
    out = probe.activations(net.model, (v.image * 255).astype(np.float32))  # the model takes 0–255
    direct = next(o for o in out if o.name == "conv_2_2").values[:, :, 9].mean()
    assert v.after == pytest.approx(direct, rel=1e-4)
    assert v.after > 5 * v.before


def test_progress_reaches_the_last_step_with_previews():
    seen = []
    model = tiny(channels=3)
    shown = fv.visualize_layer(model, "conv_b", steps=10, progress=seen.append, preview_every=5)
    assert [p.step for p in seen] == list(range(1, 11)) and {p.steps for p in seen} == {10}
    previews = [p.step for p in seen if p.images is not None]
    assert previews == [fv.FIRST_PREVIEW, 5, 10]
    assert seen[-1].images.shape == (3, 8, 8, 3) and seen[-1].filters == (0, 1, 2)
    np.testing.assert_array_equal(seen[-1].images[1], shown[1].image)


def test_large_inputs_are_grown_in_bounded_batches(monkeypatch):
    monkeypatch.setattr(fv, "BATCH_PIXELS", 2 * 8 * 8)  # two 8 × 8 images per batch
    seen = []
    shown = fv.visualize_layer(tiny(channels=1), "conv_a", steps=3, progress=seen.append)
    assert [v.filter for v in shown] == [0, 1, 2, 3]
    assert [p.filters for p in seen] == [(0, 1)] * 3 + [(2, 3)] * 3
    assert seen[-1].step == seen[-1].steps == 6


def test_top_images_are_exactly_the_highest(net, shapes):
    data = shapes[:40]
    top = fv.top_images(net, "conv_2_1", 3, data, k=9)
    direct = np.array([next(o for o in probe.activations(net.model, x.astype(np.float32)) if o.name == "conv_2_1")
                       .values[:, :, 3].mean() for x in data])  # (40,) one image at a time, another code path
    expected = np.argsort(-direct, kind="stable")[:9]
    np.testing.assert_array_equal(top.indices, expected)
    np.testing.assert_allclose(top.values, direct[expected], rtol=1e-5)
    assert np.all(np.diff(top.values) <= 0)
    assert set(np.argsort(-direct)[:9]) == set(top.indices.tolist())
    cached = fv.top_images(net, "conv_2_1", 3, data, k=9, means=fv.filter_means(net, "conv_2_1", data))
    np.testing.assert_array_equal(cached.indices, top.indices)


def test_top_images_ties_keep_the_lower_index_and_uint8_is_scaled():
    model = tiny(channels=1)  # takes 0–1 (no Rescaling): uint8 pixels are divided by 255
    rng = np.random.default_rng(0)
    data = rng.integers(0, 256, (6, 8, 8, 1)).astype(np.uint8)
    data = np.concatenate([data, data[[4, 1]]])  # images 6 and 7 repeat 4 and 1
    top = fv.top_images(model, "conv_a", 2, data, k=8)
    as_float = fv.top_images(model, "conv_a", 2, data.astype(np.float32) / 255, k=8)
    np.testing.assert_array_equal(top.indices, as_float.indices)
    np.testing.assert_allclose(top.values, as_float.values, rtol=1e-6)
    order = list(top.indices)
    assert order.index(4) == order.index(6) - 1 and order.index(1) == order.index(7) - 1


def test_grid_image_places_every_tile():
    images = np.zeros((5, 4, 4, 3), np.float32)
    images[:, :, :, 0] = np.linspace(0.2, 1.0, 5)[:, None, None]  # tile i is a shade of red
    sheet = fv.grid_image(images, columns=3, tile=10, gap=2)
    assert sheet.size == (3 * 12 - 2, 2 * 12 - 2)
    pixels = np.asarray(sheet)
    for i, red in enumerate(np.round(np.linspace(0.2, 1.0, 5) * 255)):
        r, c = divmod(i, 3)
        assert tuple(pixels[r * 12 + 5, c * 12 + 5]) == (red, 0, 0)
    assert tuple(pixels[12 + 5, 2 * 12 + 5]) == (255, 255, 255)  # no sixth tile


@pytest.mark.parametrize("call, key", [
    (lambda m: fv.visualize(m, "flatten", 0, steps=1), "featurevis.err.layer"),
    (lambda m: fv.visualize(m, "no_such_layer", 0, steps=1), "featurevis.err.layer"),
    (lambda m: fv.visualize(m, "conv_b", 3, steps=1), "featurevis.err.filter"),
    (lambda m: fv.visualize(m, "conv_b", -1, steps=1), "featurevis.err.filter"),
    (lambda m: fv.visualize(m, "conv_b", 0, steps=0), "attribution.err.range"),
    (lambda m: fv.visualize_layer(m, "conv_b", steps=10**6), "attribution.err.range"),
    (lambda m: fv.top_images(m, "conv_b", 0, np.zeros((4, 8, 8, 3))), "featurevis.err.images"),
    (lambda m: fv.top_images(m, "conv_b", 0, np.zeros((0, 8, 8, 1))), "featurevis.err.images"),
    (lambda m: fv.top_images(m, "conv_b", 5, np.zeros((4, 8, 8, 1))), "featurevis.err.filter"),
])
def test_bad_choices_say_what_to_change(call, key):
    with pytest.raises(SettingError) as err:
        call(tiny(channels=1))
    assert err.value.key == key
