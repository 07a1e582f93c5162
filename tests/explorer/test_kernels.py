"""Named kernels are the textbook matrices at 3 × 3 and sensible at other sizes; random equals Keras; grids parse."""
import numpy as np
import pytest

from cnnviz.explorer import kernels as K
from cnnviz.errors import SettingError

TEXTBOOK_3x3 = {
    "identity": [[0, 0, 0], [0, 1, 0], [0, 0, 0]],
    "box_blur": np.full((3, 3), 1 / 9),
    "gaussian_blur": np.array([[1, 2, 1], [2, 4, 2], [1, 2, 1]]) / 16,
    "sharpen": [[0, -1, 0], [-1, 5, -1], [0, -1, 0]],
    "sobel_x": [[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]],
    "sobel_y": [[-1, -2, -1], [0, 0, 0], [1, 2, 1]],
    "laplacian": [[0, 1, 0], [1, -4, 1], [0, 1, 0]],
    "emboss": [[-2, -1, 0], [-1, 1, 1], [0, 1, 2]],
    "outline": [[-1, -1, -1], [-1, 8, -1], [-1, -1, -1]],
}


@pytest.mark.parametrize("name", K.NAMES)
def test_named_kernels_are_the_textbook_matrices_at_3x3(name):
    np.testing.assert_allclose(K.named_kernel(name, 3, 3), TEXTBOOK_3x3[name], atol=1e-7)


@pytest.mark.parametrize("kh, kw", [(1, 1), (2, 2), (5, 5), (3, 7), (11, 4)])
@pytest.mark.parametrize("name, total", [("identity", 1), ("box_blur", 1), ("gaussian_blur", 1), ("sharpen", 1),
                                          ("laplacian", 0), ("outline", 0)])
def test_named_kernels_keep_their_sum_at_every_size(name, total, kh, kw):
    k = K.named_kernel(name, kh, kw)
    assert k.shape == (kh, kw) and k.dtype == np.float32
    assert k.sum() == pytest.approx(total, abs=1e-5)


def test_gaussian_5x5_is_the_binomial_kernel():
    row = np.array([1, 4, 6, 4, 1])
    np.testing.assert_allclose(K.named_kernel("gaussian_blur", 5, 5), np.outer(row, row) / 256, atol=1e-7)


def test_sobel_x_differentiates_across_columns_at_any_size():
    k = K.named_kernel("sobel_x", 5, 4)
    np.testing.assert_allclose(k.sum(axis=1), 0, atol=1e-6)  # no response to a flat row
    assert (k[:, -1] > 0).all() and (k[:, 0] < 0).all()
    np.testing.assert_allclose(K.named_kernel("sobel_y", 4, 5), K.named_kernel("sobel_x", 5, 4).T, atol=1e-6)


def test_identity_centre_matches_tensorflow_same_padding_for_even_sizes():
    assert K.named_kernel("identity", 4, 2)[1, 0] == 1  # (k − 1) // 2


def test_named_bank_cycles_names_and_divides_by_channels():
    bank = K.named_bank("sobel_x", 3, 3, channels_in=3, filters=11)
    assert bank.shape == (3, 3, 3, 11)
    assert K.filter_names("sobel_x", 11)[:3] == ["sobel_x", "sobel_y", "laplacian"]
    np.testing.assert_allclose(bank[:, :, 2, 0] * 3, TEXTBOOK_3x3["sobel_x"], atol=1e-6)
    np.testing.assert_allclose(bank[:, :, 0, 9], bank[:, :, 0, 0])  # 9 names, then again


def test_random_bank_equals_what_keras_initialises_for_the_seed():
    import keras

    layer = keras.layers.Conv2D(5, (3, 2), kernel_initializer=keras.initializers.GlorotUniform(seed=42))
    layer.build((None, 9, 9, 3))
    np.testing.assert_array_equal(K.random_bank(3, 2, 3, 5, seed=42), keras.ops.convert_to_numpy(layer.kernel))
    assert not np.array_equal(K.random_bank(3, 2, 3, 5, seed=42), K.random_bank(3, 2, 3, 5, seed=43))
    limit = np.sqrt(6 / (3 * 2 * 3 + 3 * 2 * 5))  # Glorot: sqrt(6 / (fan_in + fan_out))
    assert np.abs(K.random_bank(3, 2, 3, 5, seed=1)).max() <= limit


@pytest.mark.parametrize("text, expected, error", [
    ("1 0 -1; 2 0 -2; 1 0 -1", [[1, 0, -1], [2, 0, -2], [1, 0, -1]], None),
    ("1,2\n3,4", [[1, 2], [3, 4]], None),
    ("0.5", [[0.5]], None),
    ("1e2, -3", [[100, -3]], None),
    ("", None, "explorer.err.grid_empty"),
    (" ;; ", None, "explorer.err.grid_empty"),
    ("1 2; 3", None, "explorer.err.grid_ragged"),
    ("1 x", None, "explorer.err.grid_number"),
    ("nan 1", None, "explorer.err.grid_number"),
    ("inf", None, "explorer.err.grid_number"),
    ("1e9", None, "explorer.err.grid_number"),
    (";".join(["1"] * 12), None, "explorer.err.kernel_range"),
    ("<script>", None, "explorer.err.grid_number"),
])
def test_parse_grid(text, expected, error):
    if error:
        with pytest.raises(SettingError) as info:
            K.parse_grid(text)
        assert info.value.key == error
    else:
        np.testing.assert_allclose(K.parse_grid(text), expected)
        np.testing.assert_allclose(K.parse_grid(K.format_grid(K.parse_grid(text))), expected)


@pytest.mark.parametrize("kernel, error", [
    ("identity", None), ("random", None), ("1,0;0,1", "explorer.err.grid_shape"), ("1,0,0;0,1,0;0,0,1", None),
    ("nonsense", "explorer.err.grid_number"),
])
def test_kernel_bank(kernel, error):
    if error:
        with pytest.raises(SettingError) as info:
            K.kernel_bank(kernel, 3, 3, 1, 2)
        assert info.value.key == error
    else:
        assert K.kernel_bank(kernel, 3, 3, 1, 2).shape == (3, 3, 1, 2)


def test_unknown_name_and_size_are_refused():
    with pytest.raises(SettingError):
        K.named_kernel("blurry", 3, 3)
    with pytest.raises(SettingError):
        K.named_kernel("identity", 0, 3)
