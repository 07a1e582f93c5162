"""MinPooling2D is a real Keras layer: −maxpool(−x), same shapes as max pooling, saved and loaded."""
import numpy as np
import pytest

keras = pytest.importorskip("keras")

from cnnviz.models.layers import MinPooling2D, custom_objects  # noqa: E402
from cnnviz.models.build import build_model  # noqa: E402


def numpy_min_pool(x, size, stride):  # x: (H, W, C)
    h = (x.shape[0] - size) // stride + 1
    w = (x.shape[1] - size) // stride + 1
    out = np.empty((h, w, x.shape[2]), x.dtype)  # (H', W', C)
    for i in range(h):
        for j in range(w):
            out[i, j] = x[i * stride:i * stride + size, j * stride:j * stride + size].min(axis=(0, 1))
    return out


@pytest.mark.parametrize("size, stride", [(2, 2), (3, 1), (3, 2)])
def test_min_pooling_values(size, stride):
    x = np.random.default_rng(0).normal(size=(7, 7, 3)).astype("float32")  # (H, W, C)
    y = MinPooling2D(pool_size=size, strides=stride)(x[None]).numpy()[0]
    np.testing.assert_array_equal(y, numpy_min_pool(x, size, stride))


def test_same_padding_never_picks_a_padded_zero():
    x = np.ones((1, 3, 3, 1), "float32") * 5.0
    y = MinPooling2D(pool_size=2, padding="same")(x).numpy()
    assert y.shape == (1, 2, 2, 1)
    assert (y == 5.0).all()


def test_saved_and_loaded(tmp_path):
    model = build_model({"input_shape": [6, 6, 2], "layers": [{"type": "MinPooling2D", "pool_size": 3}]})
    path = tmp_path / "m.keras"
    model.save(path)
    loaded = keras.saving.load_model(path, custom_objects=custom_objects())
    x = np.random.default_rng(1).normal(size=(1, 6, 6, 2)).astype("float32")
    np.testing.assert_array_equal(loaded(x).numpy(), model(x).numpy())
    assert type(loaded.layers[1]).__name__ == "MinPooling2D"
