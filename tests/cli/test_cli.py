"""`python -m cnnviz summary`: the table, the exact JSON, exit status 2 with one line, and no TensorFlow."""
import json
import subprocess
import sys

from tests import ROOT

import pytest



def run(*args, check=False):
    return subprocess.run([sys.executable, "-m", "cnnviz", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=120, check=check)


def test_summary_table_of_a_preset_file():
    out = run("summary", "cnnviz/presets/tf_cnn_cifar10.json", check=True).stdout
    assert "conv2d (Conv2D)                 (None, 30, 30, 32)      896" in out
    assert "Total params: 122,570" in out


def test_summary_json_is_exact():
    out = json.loads(run("summary", "cifar10_deep", "--json", check=True).stdout)
    assert out["total_params"] == 904_718
    assert out["trainable_params"] == 904_718 and out["non_trainable_params"] == 0
    assert out["layers"][-1] == {"name": "output", "type": "Dense", "output_shape": [10], "params": 3010,
                                 "trainable_params": 3010, "macs": 3000}


@pytest.mark.parametrize("content, words", [
    ('{"input_shape": [8, 8, 3], "layers": [{"type": "Conv2D", "filters": 2, "kernel_size": 9}]}', ["Layer 0 (Conv2D)"]),
    ('{"input_shape": [8, 8, 3], "layers": [{"type": "ReLU"}, {"type": "Conv5D"}]}', ["Layer 1", "Conv5D"]),
    ('{"input_shape": [8, 8, 3], "layers": [{"type": "Dense", "units": 4}]}', ["Layer 0 (Dense)", "Flatten"]),
    ("not json", ["not valid JSON"]),
])
def test_invalid_spec_exits_2_with_one_line(tmp_path, content, words):
    path = tmp_path / "spec.json"
    path.write_text(content)
    result = run("summary", str(path))
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr
    for word in words:
        assert word in lines[0]


def test_missing_file_exits_2():
    result = run("summary", "no/such/file.json")
    assert result.returncode == 2 and "No spec file" in result.stderr


def test_cli_never_imports_tensorflow(tmp_path):
    code = ("import sys, runpy; sys.argv = ['cnnviz', 'summary', 'vgg16', '--json'];"
            "import cnnviz.cli as c; rc = c.main(sys.argv[1:]);"
            "bad = [m for m in sys.modules if m.split('.')[0] in ('tensorflow', 'keras')];"
            "print('LOADED', bad, file=sys.stderr); sys.exit(rc)")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0
    assert "LOADED []" in result.stderr
    assert json.loads(result.stdout)["total_params"] == 138_357_544


@pytest.mark.parametrize("suffix", [".keras", ".h5"])
def test_summary_of_a_saved_model_equals_keras(tmp_path, suffix):
    """A functional model with a branch, saved as .keras and as .h5: every layer's numbers equal Keras's."""
    import json

    import keras

    inputs = keras.Input((16, 16, 3))
    a = keras.layers.Conv2D(4, 3, padding="same", name="a")(inputs)
    b = keras.layers.DepthwiseConv2D(3, padding="same", name="b")(inputs)
    x = keras.layers.Concatenate(name="cat")([a, b])
    x = keras.layers.BatchNormalization(name="bn")(x)
    x = keras.layers.GlobalAveragePooling2D(name="gap")(x)
    model = keras.Model(inputs, keras.layers.Dense(5, name="head")(x), name="branchy")
    path = tmp_path / f"m{suffix}"
    model.save(path)
    result = run("summary", str(path), "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["total_params"] == model.count_params()
    rows = {row["name"]: row for row in data["layers"]}
    for layer in model.layers[1:]:
        assert rows[layer.name]["params"] == layer.count_params()
        assert tuple(rows[layer.name]["output_shape"]) == tuple(layer.output.shape[1:])
    text = run("summary", str(path))
    assert text.returncode == 0 and "cat (Concatenate)" in text.stdout and "Connected to" in text.stdout


def test_summary_of_a_file_that_is_not_a_model_is_one_sentence(tmp_path):
    path = tmp_path / "fake.keras"
    path.write_bytes(b"not a zip at all")
    result = run("summary", str(path))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines()[-1].startswith("error: This is neither a Keras .keras file")
