"""Parameter counts by hand (the course notes' numbers) and their formulas."""
import pytest

from cnnviz.calc.params import conv2d_params, dense_params, layer_params
from cnnviz.calc.specs import parse_layer


def test_conv2d_formula_matches_the_issue_example():
    f = conv2d_params(3, 3, 3, 32)
    assert f.value == 896
    assert f.substituted == "(3·3·3 + 1)·32"
    assert f.symbolic == "(k_h·k_w·C_in + 1)·F"


@pytest.mark.parametrize("raw, input_shape, total, trainable, non_trainable", [
    ({"type": "Conv2D", "filters": 4, "kernel_size": 9}, (256, 256, 3), 976, 976, 0),     # dental notes
    ({"type": "Conv2D", "filters": 8, "kernel_size": 5}, (128, 128, 4), 808, 808, 0),
    ({"type": "Conv2D", "filters": 32, "kernel_size": 3, "use_bias": False}, (8, 8, 3), 864, 864, 0),
    ({"type": "Conv2D", "filters": 6, "kernel_size": (3, 5)}, (9, 9, 2), 186, 186, 0),
    ({"type": "DepthwiseConv2D", "kernel_size": 3, "depth_multiplier": 2}, (8, 8, 3), 60, 60, 0),
    ({"type": "DepthwiseConv2D", "kernel_size": 3, "use_bias": False}, (8, 8, 3), 27, 27, 0),
    ({"type": "SeparableConv2D", "filters": 16, "kernel_size": 3}, (8, 8, 8), 72 + 128 + 16, 216, 0),
    ({"type": "Dense", "units": 300}, (2048,), 614_700, 614_700, 0),                        # CIFAR-10 notes
    ({"type": "Dense", "units": 10, "use_bias": False}, (300,), 3000, 3000, 0),
    ({"type": "BatchNormalization"}, (8, 8, 16), 64, 32, 32),
    ({"type": "BatchNormalization", "center": False}, (10,), 30, 10, 20),
    ({"type": "MaxPooling2D"}, (8, 8, 16), 0, 0, 0),
    ({"type": "Flatten"}, (8, 8, 16), 0, 0, 0),
    ({"type": "Rescaling", "scale": 0.5}, (8, 8, 16), 0, 0, 0),
])
def test_layer_params(raw, input_shape, total, trainable, non_trainable):
    count = layer_params(parse_layer(raw, 0), input_shape)
    assert (count.total, count.trainable, count.non_trainable) == (total, trainable, non_trainable)
    if count.formula is not None:
        assert count.formula.value == total


def test_dense_formula_text():
    assert dense_params(2048, 300).text() == "params = (N_in + 1)·units = (2048 + 1)·300 = 614,700"
