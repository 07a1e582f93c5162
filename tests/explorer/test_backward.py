"""The explorer's backward pass equals tf.GradientTape on the stage's own Keras model; the terms shown add up; one SGD step is Keras's."""
import numpy as np
import pytest

keras = pytest.importorskip("keras")
import tensorflow as tf  # noqa: E402

from cnnviz.errors import SettingError  # noqa: E402
from cnnviz.explorer import backward as B  # noqa: E402
from cnnviz.explorer import backward_arithmetic as BA  # noqa: E402
from cnnviz.explorer import stage  # noqa: E402
from cnnviz.explorer.stage import Settings  # noqa: E402

IMAGE = np.random.default_rng(0).random((13, 12, 3)).astype(np.float32)  # (H, W, C), odd and non-square on purpose
FLAT = np.kron(np.random.default_rng(1).integers(0, 3, (5, 4, 1)), np.ones((3, 3, 3)))[:13, :12].astype(np.float32)
# FLAT: 3 × 3 blocks of three grey levels, so pooling windows hold equal values and the tie rule matters

CASES = [  # (settings, image); every pooling × every activation × every padding, strides, dilations, pool geometry
    (Settings(kernel="random", pool="max", activation="relu"), IMAGE),
    (Settings(kernel="random", pool="avg", activation="leaky_relu", padding="same"), IMAGE),
    (Settings(kernel="random", pool="min", activation="sigmoid", padding=2), IMAGE),
    (Settings(kernel="random", pool="none", activation="tanh", stride=2), IMAGE),
    (Settings(kernel="random", pool="max", activation="linear", dilation=2, padding="same"), IMAGE),
    (Settings(kernel="random", pool="avg", activation="relu", stride=3, padding=1, pool_padding="same"), IMAGE),
    (Settings(kernel="random", pool="min", activation="leaky_relu", kernel_size=(2, 4), pool_size=3, pool_stride=1), IMAGE),
    (Settings(kernel="random", pool="max", activation="sigmoid", pool_size=3, pool_stride=2, pool_padding="same",
              padding="same", stride=2), IMAGE),
    (Settings(kernel="random", pool="avg", activation="tanh", dilation=3, pool_size=3, pool_stride=1, pool_padding="same"),
     IMAGE),
    (Settings(kernel="random", pool="none", activation="linear", padding=3, kernel_size=(1, 1), filters=3), IMAGE),
    (Settings(kernel="random", pool="max", activation="relu", bias=False, filters=2, seed=4), IMAGE),
    (Settings(kernel="random", pool="min", activation="tanh", padding="same", stride=2, pool_padding="same"), IMAGE),
    (Settings(kernel="random", pool="none", activation="sigmoid", dilation=2, padding=2), IMAGE),
    (Settings(kernel="box_blur", pool="max", activation="linear", pool_size=3, pool_stride=2), FLAT),
    (Settings(kernel="box_blur", pool="min", activation="linear", pool_size=2, pool_stride=1, padding=1), FLAT),
    (Settings(kernel="identity", pool="max", activation="relu", pool_size=3, pool_stride=3, pool_padding="same"), FLAT),
]
KERAS_WEIGHTS = stage.weights  # the stage's own kernels, kept before any test patches `stage.weights`
LOSSES = [B.MEAN, B.Loss("pooled", filter=1, row=2, col=1), B.Loss("activation", filter=0, row=3, col=4)]


def staged(settings, image, monkeypatch):
    """stage.run with a random bias (Keras starts biases at 0; a bias moves ReLU's kink off the zero patches)."""
    kernels, _ = KERAS_WEIGHTS(settings, image.shape[2])
    bias = np.random.default_rng(settings.seed + 7).normal(0, 0.3, settings.filters).astype(np.float32)
    monkeypatch.setattr(stage, "weights", lambda s, c: (kernels, bias))
    return stage.run(settings, image)


def keras_gradients(result, loss):
    """L and its gradients by GradientTape, calling the stage model's own layers eagerly."""
    s = result.settings
    model = stage.build(s, result.input.shape)
    conv = model.get_layer("conv")
    conv.set_weights([result.kernels, result.bias] if s.use_bias else [result.kernels])
    names = {layer.name for layer in model.layers}
    with tf.GradientTape() as tape:
        x = tf.constant(result.input[None])
        h = model.get_layer("padding")(x) if "padding" in names else x
        z = conv(h)
        a = model.get_layer("activation")(z)
        p = model.get_layer("pool")(a) if "pool" in names else a
        if loss.target == "mean":
            value = tf.reduce_mean(p)
        else:
            value = (p if loss.target == "pooled" else a)[0, loss.row, loss.col, loss.filter]
    wanted = [conv.kernel, z] + ([conv.bias] if s.use_bias else [])
    grads = tape.gradient(value, wanted)
    return float(value), [np.zeros(w.shape) if g is None else np.asarray(g) for w, g in zip(wanted, grads)]


def clamp(loss, result):
    """The loss's pixel moved inside the array it reads (small stages have small maps)."""
    if loss.target == "mean":
        return loss
    last = result.pooled if loss.target == "pooled" else result.activation_maps
    h, w, f = last.shape
    return B.Loss(loss.target, loss.filter % f, loss.row % h, loss.col % w)


@pytest.mark.parametrize("loss", LOSSES, ids=["mean", "pooled_pixel", "activation_pixel"])
@pytest.mark.parametrize("case", range(len(CASES)), ids=lambda i: f"case{i}")
def test_gradients_equal_gradient_tape(case, loss, monkeypatch):
    settings, image = CASES[case]
    result = staged(settings, image, monkeypatch)
    loss = clamp(loss, result)
    g = B.gradients(result, loss)
    value, tf_grads = keras_gradients(result, loss)
    grad_kernels, d_feature = tf_grads[0], tf_grads[1][0]
    assert g.value == pytest.approx(value, rel=1e-5, abs=1e-7)
    scale = np.abs(g.grad_kernels).max() + 1e-12
    np.testing.assert_allclose(g.d_feature, d_feature, rtol=1e-4, atol=1e-6 * np.abs(d_feature).max() + 1e-9)
    np.testing.assert_allclose(g.grad_kernels, grad_kernels, rtol=1e-4, atol=1e-5 * scale)
    if settings.use_bias:
        np.testing.assert_allclose(g.grad_bias, tf_grads[2], rtol=1e-4, atol=1e-5 * scale)
    else:
        assert g.grad_bias is None
    if loss.target == "mean":
        assert np.abs(g.grad_kernels).max() > 0  # the mean reaches the kernels (a pixel may sit on padding or a dead ReLU)


def test_max_pool_ties_go_to_the_first_cell_in_row_major_order(monkeypatch):
    """A flat window: TensorFlow gives the whole gradient to its first cell; so do we."""
    settings = Settings(kernel="identity", kernel_size=(1, 1), filters=1, activation="linear", pool="max",
                        pool_size=2, pool_stride=2, bias=False)
    image = np.ones((4, 4, 1), np.float32)
    result = stage.run(settings, image)
    d_act = B.gradients(result).d_activation[:, :, 0]
    expected = np.zeros((4, 4))
    expected[::2, ::2] = 1 / 4  # mean of 4 pooled outputs; each window's gradient to its top-left cell
    np.testing.assert_array_equal(d_act, expected)


def test_average_pool_same_counts_only_cells_inside(monkeypatch):
    settings = Settings(kernel="identity", kernel_size=(1, 1), filters=1, activation="linear", pool="avg",
                        pool_size=2, pool_stride=2, pool_padding="same", bias=False)
    result = stage.run(settings, np.ones((3, 3, 1), np.float32))  # pooled 2 × 2: windows of 4, 2, 2 and 1 cells
    share = B.pool_backward(result, np.ones(result.pooled.shape))[:, :, 0]
    np.testing.assert_allclose(share, [[1 / 4, 1 / 4, 1 / 2], [1 / 4, 1 / 4, 1 / 2], [1 / 2, 1 / 2, 1]])


@pytest.mark.parametrize("case", [0, 5, 7, 9, 13])
def test_shown_terms_add_up_to_the_weight_gradient(case, monkeypatch):
    settings, image = CASES[case]
    result = staged(settings, image, monkeypatch)
    g = B.gradients(result)
    kh, kw, c_in, nf = result.kernels.shape
    for i, j, c, f in [(0, 0, 0, 0), (kh - 1, kw - 1, c_in - 1, nf - 1)]:
        all_terms = BA.weight_gradient(result, i, j, c, f, shown=10**6, grads=g)
        assert all_terms.n_terms == result.feature_maps.shape[0] * result.feature_maps.shape[1]
        assert len(all_terms.terms) == all_terms.n_nonzero
        assert all_terms.shown_sum == pytest.approx(g.grad_kernels[i, j, c, f], rel=1e-9, abs=1e-12)
        for t in all_terms.terms:
            assert t.product == t.upstream * t.input and t.upstream != 0
            assert t.input == result.padded[t.input_row, t.input_col, c]
            assert t.upstream == g.d_feature[t.row, t.col, f]
        few = BA.weight_gradient(result, i, j, c, f, shown=3, grads=g)
        assert len(few.terms) == min(3, few.n_nonzero) and few.terms == all_terms.terms[:3]
        assert few.shown_sum + few.rest_sum == pytest.approx(few.value)


def test_sgd_step_is_keras_sgd(monkeypatch):
    settings, image = CASES[0]
    result = staged(settings, image, monkeypatch)
    g = B.gradients(result)
    lr = 0.05
    variable = keras.Variable(result.kernels)
    keras.optimizers.SGD(learning_rate=lr).apply_gradients([(tf.constant(g.grad_kernels, tf.float32), variable)])
    stepped = B.sgd_step(result.kernels, g.grad_kernels, lr)
    np.testing.assert_allclose(stepped, np.asarray(variable), rtol=1e-6, atol=1e-7)
    one = BA.weight_gradient(result, 1, 2, 0, 3, learning_rate=lr, grads=g)
    assert one.new_weight == pytest.approx(one.weight - lr * one.value)
    assert one.new_weight == pytest.approx(float(np.asarray(variable)[1, 2, 0, 3]), abs=1e-6)


def test_a_small_step_lowers_the_loss(monkeypatch):
    """Minimising L: running the stage again with the stepped kernels gives a smaller mean output."""
    settings, image = CASES[1]
    result = staged(settings, image, monkeypatch)
    g = B.gradients(result)
    stepped = B.sgd_step(result.kernels, g.grad_kernels, 0.5).astype(np.float32)
    monkeypatch.setattr(stage, "weights", lambda s, c: (stepped, result.bias))
    after = stage.run(settings, image)
    assert after.pooled.mean() < result.pooled.mean()
    predicted = g.value - 0.5 * (g.grad_kernels ** 2).sum()  # first-order change
    assert after.pooled.mean() == pytest.approx(predicted, abs=0.25 * abs(g.value - predicted))


@pytest.mark.parametrize("case", [0, 3, 6, 8])
def test_pixel_chain_follows_the_arrays(case, monkeypatch):
    settings, image = CASES[case]
    result = staged(settings, image, monkeypatch)
    g = B.gradients(result)
    hf, wf, nf = result.feature_maps.shape
    for f, r, c in [(0, 0, 0), (nf - 1, hf // 2, wf // 2), (nf - 1, hf - 1, wf - 1)]:
        chain = BA.pixel_chain(result, f, r, c, grads=g)
        assert chain.d_activation == pytest.approx(chain.direct + sum(x.gradient for x in chain.routes), abs=1e-12)
        assert chain.d_feature == pytest.approx(chain.d_activation * chain.derivative, abs=1e-15)
        assert chain.d_feature == g.d_feature[r, c, f]
        assert chain.z == result.feature_maps[r, c, f] and chain.a == result.activation_maps[r, c, f]
        if settings.pool == "none":
            assert chain.routes == () and chain.direct == pytest.approx(1 / result.activation_maps.size)
        for route in chain.routes:
            assert route.upstream == pytest.approx(1 / result.pooled.size)
            if settings.pool in ("max", "min"):
                assert route.share in (0.0, 1.0)
                if route.share:
                    assert chain.a == result.pooled[route.pool_row, route.pool_col, f]


def test_a_pixel_valid_pooling_drops_gets_no_gradient(monkeypatch):
    result = staged(*CASES[0], monkeypatch)  # 11 × 10 maps, 2 × 2 windows: row 10 is in no window
    chain = BA.pixel_chain(result, 2, 10, 3)
    assert chain.routes == () and chain.d_activation == 0.0 and chain.d_feature == 0.0
    inside = BA.pixel_chain(result, 2, 9, 3)
    assert [(r.pool_row, r.pool_col) for r in inside.routes] == [(4, 1)]


def test_gradient_arrays_for_the_download(monkeypatch):
    for settings, image in (CASES[0], CASES[10]):
        result = staged(settings, image, monkeypatch)
        arrays = B.gradient_arrays(result)
        assert arrays["grad_kernels"].shape == result.kernels.shape and arrays["grad_kernels"].dtype == np.float32
        assert ("grad_bias" in arrays) == settings.use_bias
        np.testing.assert_allclose(arrays["grad_kernels"], B.gradients(result).grad_kernels, rtol=1e-6)


@pytest.mark.parametrize("call, key", [
    (lambda r: B.gradients(r, B.Loss("logits")), "backward.err.target"),
    (lambda r: B.gradients(r, B.Loss("pooled", filter=8)), "explorer.err.position"),
    (lambda r: B.gradients(r, B.Loss("activation", row=-1)), "explorer.err.position"),
    (lambda r: BA.weight_gradient(r, 3, 0, 0, 0), "backward.err.weight"),
    (lambda r: BA.weight_gradient(r, 0, 0, 3, 0), "backward.err.weight"),
    (lambda r: BA.pixel_chain(r, 0, 11, 0), "explorer.err.position"),
])
def test_bad_choices_say_what_to_change(call, key, monkeypatch):
    result = staged(*CASES[0], monkeypatch)  # 11 × 10 × 8 maps, 5 × 5 × 8 pooled, kernels 3 × 3 × 3 × 8
    with pytest.raises(SettingError) as err:
        call(result)
    assert err.value.key == key
