"""One image through a Keras model: every layer's output equals a Keras sub-model's, probabilities sum to 1, explorer links."""
import numpy as np
import pytest

keras = pytest.importorskip("keras")

from cnnviz.models import files as model_files
from cnnviz.network import probe as network
from tests.helpers_network import tiny  # noqa: E402


# --- activations and probabilities --------------------------------------------------------------


@pytest.mark.parametrize("softmax", [False, True])
def test_activations_equal_keras_sub_models(softmax):
    model = tiny(softmax)
    x = np.random.default_rng(1).random((8, 8, 1)).astype("float32")  # (H, W, C)
    outs = network.activations(model, x)
    assert [o.name for o in outs] == ["conv_a", "pool", "conv_b", "flatten", "head"]
    assert [o.values.shape for o in outs] == [(8, 8, 4), (4, 4, 4), (2, 2, 3), (12,), (3,)]
    for out in outs:
        sub = keras.Model(model.inputs, model.get_layer(out.name).output)
        np.testing.assert_allclose(out.values, sub.predict(x[None], verbose=0)[0], rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("softmax", [False, True])
def test_probabilities_sum_to_one_and_match_the_softmax(softmax):
    model = tiny(softmax)
    net = model_files.describe(model, ["a", "b", "c"])
    assert net.logits is (not softmax)
    x = np.random.default_rng(2).random((8, 8, 1)).astype("float32")
    last = network.activations(model, x)[-1].values
    probs = network.probabilities(net, last)
    assert probs.shape == (3,) and probs.sum() == pytest.approx(1.0) and (probs >= 0).all()
    expected = model.predict(x[None], verbose=0)[0]
    expected = expected if softmax else np.exp(expected) / np.exp(expected).sum()
    np.testing.assert_allclose(probs, expected, rtol=1e-5)


def test_explorer_link_is_accepted_by_the_explorer():
    from cnnviz.explorer.query import from_query

    model = tiny(channels=3)
    query = network.explorer_query(model, "conv_a", 2, "cat", "ko")
    settings, notices = from_query(query)
    assert notices == []
    assert settings.padding == "same" and settings.kernel_size == (3, 3) and settings.filters == 1
    assert settings.image == "cat" and settings.activation == "relu"
    kernel = model.get_layer("conv_a").kernel.numpy()[:, :, :, 2].sum(axis=2)  # (3, 3)
    typed = np.array([[float(v) for v in row.split(",")] for row in settings.kernel.split(";")])
    np.testing.assert_allclose(typed, kernel, rtol=2e-3, atol=2e-3)
    assert network.explorer_query(model, "pool", 0, None, "en") is None


