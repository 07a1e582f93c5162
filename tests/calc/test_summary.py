"""Whole-model summaries: the presets' known totals, golden tables, and the tolerant mode of the builder."""
import json

import pytest

from cnnviz.errors import SettingError
from cnnviz.presets import adapt, list_presets, load_preset
from cnnviz.calc.specs import parse_spec
from cnnviz.calc.summary import summarize

KNOWN_TOTALS = {  # from the tutorials' and course notes' own model.summary() output
    "tf_cnn_cifar10": 122_570,
    "tf_flowers": 3_989_285,
    "tf_flowers_augmented": 3_989_285,
    "cifar10_deep": 904_718,
    "lenet5": 61_706,
    "tinyvgg": 19_920,
    "dental_256": 18_887_080,
    "vgg16": 138_357_544,
}


def test_every_preset_has_a_known_total():
    assert sorted(KNOWN_TOTALS) == sorted(list_presets())


@pytest.mark.parametrize("name, total", sorted(KNOWN_TOTALS.items()))
def test_preset_totals(name, total):
    s = summarize(load_preset(name))
    assert s.total_params == total
    assert s.trainable_params == total and s.non_trainable_params == 0


@pytest.mark.parametrize("name", list_presets())
def test_golden_summaries(name, golden):
    s = summarize(load_preset(name))
    golden(f"summary/{name}.txt", str(s) + "\n")
    golden(f"summary/{name}.json", json.dumps(s.to_dict(), indent=1) + "\n")


def test_json_form_has_exactly_the_documented_keys():
    d = summarize(load_preset("tf_cnn_cifar10")).to_dict()
    assert list(d) == ["layers", "total_params", "trainable_params", "non_trainable_params", "total_macs"]
    assert list(d["layers"][0]) == ["name", "type", "output_shape", "params", "trainable_params", "macs"]
    assert d["layers"][0] == {"name": "conv2d", "type": "Conv2D", "output_shape": [30, 30, 32], "params": 896,
                              "trainable_params": 896, "macs": 777_600}


def test_tolerant_mode_keeps_the_layers_before_the_error():
    spec = parse_spec({"input_shape": [8, 8, 1], "layers": [
        {"type": "Conv2D", "filters": 2, "kernel_size": 3}, {"type": "Conv2D", "filters": 2, "kernel_size": 9},
        {"type": "Flatten"}]})
    with pytest.raises(SettingError):
        summarize(spec)
    s = summarize(spec, strict=False)
    assert s.rows[0].output_shape == (6, 6, 2) and s.rows[0].params == 20
    assert s.rows[1].error.key == "shape.too_small" and s.rows[1].output_shape is None
    assert s.rows[2].output_shape is None and s.rows[2].error is None
    assert s.error is s.rows[1].error and not s.ok
    assert "Error: Layer 1 (Conv2D)" in str(s)


def test_batchnorm_counts_non_trainable():
    s = summarize(parse_spec({"input_shape": [8, 8, 3], "layers": [
        {"type": "Conv2D", "filters": 4, "kernel_size": 3}, {"type": "BatchNormalization"}]}))
    assert (s.total_params, s.trainable_params, s.non_trainable_params) == (112 + 16, 112 + 8, 8)


def test_adapt_changes_input_and_classes():
    s = summarize(adapt(load_preset("tf_cnn_cifar10"), (28, 28, 1), 3))
    assert s.rows[-1].output_shape == (3,)
    assert s.spec.input_shape == (28, 28, 1)
