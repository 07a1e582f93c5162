"""Grad-CAM and HiResCAM: shape, range, the predicted or a chosen class, and that they find a known object."""
import numpy as np
import pytest

keras = pytest.importorskip("keras")

from cnnviz.network.attribution import gradcam
from cnnviz.models import files as model_files
from cnnviz.network import probe as network
from cnnviz.errors import SettingError  # noqa: E402
from tests.helpers_network import bright_square_model, tiny  # noqa: E402


# --- Grad-CAM -------------------------------------------------------------------------------------


@pytest.mark.parametrize("method", gradcam.CAM_METHODS)
@pytest.mark.parametrize("softmax", [False, True])
def test_grad_cam_shape_and_range(method, softmax):
    net = model_files.describe(tiny(softmax))
    x = np.random.default_rng(3).random((8, 8, 1)).astype("float32")
    heat, k, layer = gradcam.grad_cam(net, x, method=method)
    assert heat.shape == (8, 8) and heat.dtype == np.float32
    assert heat.min() >= 0.0 and heat.max() <= 1.0
    assert layer == "conv_b"
    assert k == int(np.argmax(net.model.predict(x[None], verbose=0)[0]))
    heat1, k1, _ = gradcam.grad_cam(net, x, class_index=1, method=method)
    assert k1 == 1 and heat1.shape == (8, 8)


@pytest.mark.parametrize("method", gradcam.CAM_METHODS)
def test_grad_cam_finds_the_bright_square(method):
    net = model_files.describe(bright_square_model())
    x = np.zeros((16, 16, 1), "float32")
    x[2:7, 9:14] = 1.0  # the object, top right
    heat, k, _ = gradcam.grad_cam(net, x, class_index=0, method=method)
    inside = heat[2:7, 9:14].mean()
    outside = np.delete(heat.reshape(-1), np.ravel_multi_index(np.mgrid[2:7, 9:14].reshape(2, -1), (16, 16))).mean()
    assert inside > 0.8 and outside < 0.2
    assert np.unravel_index(np.argmax(heat), heat.shape)[0] in range(1, 8)


def test_shipped_model_looks_at_the_shape():
    """On drawn shapes with a known place, HiResCAM puts more heat on the shape than on the background."""
    from PIL import Image, ImageDraw

    net = model_files.load_shipped()
    hits = 0
    boxes = [(2, 2, 40, 40), (23, 23, 61, 61), (23, 2, 61, 40), (2, 23, 40, 61)]
    for box in boxes:
        image = Image.new("RGB", (64, 64), (30, 60, 200))
        ImageDraw.Draw(image).ellipse(box, fill=(250, 220, 40))
        x = network.to_input(image, net)
        heat, _, _ = gradcam.grad_cam(net, x, method="hirescam")
        mask = np.zeros((64, 64), bool)
        mask[box[1]:box[3] + 1, box[0]:box[2] + 1] = True
        hits += heat[mask].mean() > heat[~mask].mean()
    assert hits >= 3


@pytest.mark.parametrize("cls, method", [(gradcam.GradCAM, "gradcam"), (gradcam.HiResCAM, "hirescam")])
def test_the_class_explains_the_logit_and_matches_grad_cam(cls, method):
    net = model_files.describe(tiny(softmax=True))
    x = np.random.default_rng(4).random((8, 8, 1)).astype("float32")
    explained = cls(net)(x, 2)
    heat, k, layer = gradcam.grad_cam(net, x, 2, method=method)
    np.testing.assert_allclose(explained.scaled(), heat, rtol=1e-6)
    assert (explained.method, explained.class_index, explained.params["layer_name"], k) == (method, 2, layer, 2)
    logits = keras.Model(net.model.inputs, net.model.get_layer("head").input)([x[None]]).numpy() \
        @ net.model.get_layer("head").kernel.numpy() + net.model.get_layer("head").bias.numpy()  # (1, 3)
    assert explained.score == pytest.approx(float(logits[0, 2]), rel=1e-5)
    assert explained.params["cells"] == (2, 2)  # conv_b's maps: 8 → same conv → pool 4 → valid 3 × 3 → 2 × 2


def test_default_cam_method():
    assert gradcam.default_cam_method(tiny()) == "hirescam"  # conv → Flatten → Dense
    assert gradcam.default_cam_method(bright_square_model()) == "gradcam"  # conv → global pooling


def test_no_convolution_no_grad_cam():
    inputs = keras.Input((8, 8, 1))
    model = keras.Model(inputs, keras.layers.Dense(2)(keras.layers.Flatten()(inputs)))
    with pytest.raises(SettingError, match="convolution"):
        gradcam.grad_cam(model_files.describe(model), np.zeros((8, 8, 1), "float32"))


