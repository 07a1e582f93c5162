"""MACs and memory per image, by hand."""
import pytest

from cnnviz.calc.cost import activation_bytes, human_bytes, layer_macs, weight_bytes
from cnnviz.calc.specs import parse_layer


@pytest.mark.parametrize("raw, input_shape, output_shape, macs", [
    ({"type": "Conv2D", "filters": 32, "kernel_size": 3}, (32, 32, 3), (30, 30, 32), 30 * 30 * 32 * 27),
    ({"type": "DepthwiseConv2D", "kernel_size": 3, "depth_multiplier": 2}, (8, 8, 3), (6, 6, 6), 6 * 6 * 3 * 2 * 9),
    ({"type": "SeparableConv2D", "filters": 4, "kernel_size": 3}, (8, 8, 3), (6, 6, 4), 6 * 6 * 3 * 9 + 6 * 6 * 3 * 4),
    ({"type": "Dense", "units": 10}, (64,), (10,), 640),
])
def test_macs(raw, input_shape, output_shape, macs):
    assert layer_macs(parse_layer(raw, 0), input_shape, output_shape).value == macs


@pytest.mark.parametrize("raw", [{"type": "MaxPooling2D"}, {"type": "Flatten"}, {"type": "BatchNormalization"}])
def test_layers_without_macs(raw):
    assert layer_macs(parse_layer(raw, 0), (8, 8, 3), (4, 4, 3)) is None


def test_memory():
    assert activation_bytes((30, 30, 32)) == 115_200
    assert weight_bytes(896) == 3584
    assert human_bytes(1536) == "1.5 KB"
    assert human_bytes(100) == "100 B"
    assert human_bytes(138_357_544 * 4) == "527.8 MB"
