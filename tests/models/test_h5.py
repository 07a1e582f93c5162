"""Keras 2 / Teachable Machine .h5 files: opened by Keras 3 with every number equal, or refused with a sentence, never running code."""
import json

import h5py
import numpy as np
import pytest

keras = pytest.importorskip("keras")

from cnnviz.errors import SettingError  # noqa: E402
from cnnviz.models import files, h5  # noqa: E402
from cnnviz.models.explain import explain_model  # noqa: E402
from tests.helpers_network import keras2_h5, marker_lambda_model, resnet_like, teachable_machine_like  # noqa: E402
from tests.models.test_explain import assert_equals_keras  # noqa: E402


@pytest.fixture(scope="module")
def tm(tmp_path_factory):
    """(original Keras 3 model, bytes of its tf.keras-2.4-style .h5) — Teachable Machine's layout."""
    model = teachable_machine_like(classes=3)
    return model, keras2_h5(model, tmp_path_factory.mktemp("tm") / "keras_model.h5")


def test_the_file_is_what_keras_3_alone_cannot_open(tm, tmp_path):
    path = tmp_path / "keras_model.h5"
    path.write_bytes(tm[1])
    config = json.loads(h5py.File(path)["/"].attrs["model_config"])
    assert '"groups": 1' in json.dumps(config) and '"batch_input_shape"' in json.dumps(config)
    with pytest.raises(Exception, match="groups"):
        keras.saving.load_model(path, compile=False)


def test_teachable_machine_h5_opens_with_every_number_equal(tm):
    original, data = tm
    saved = files.open_model(data, "keras_model.h5")
    model = saved.model
    assert saved.info["format"] == "h5" and saved.info["input_range"] == [-1.0, 1.0]
    assert saved.info["source"] == "teachable_machine" and saved.info["keras_version"] == "2.4.0"
    assert_equals_keras(model, explain_model(model))
    ours, theirs = explain_model(model), explain_model(original)
    assert [(r.key, r.output_shape, r.params, r.trainable, r.non_trainable, r.macs) for r in ours.rows] == \
        [(r.key, r.output_shape, r.params, r.trainable, r.non_trainable, r.macs) for r in theirs.rows]
    for a, b in zip(model.get_weights(), original.get_weights()):
        np.testing.assert_array_equal(a, b)
    x = np.random.default_rng(0).uniform(-1, 1, (2, 32, 32, 3)).astype("float32")  # (B, H, W, C)
    np.testing.assert_allclose(model.predict(x, verbose=0), original.predict(x, verbose=0), rtol=1e-6, atol=1e-7)


def test_teachable_machine_upload_for_the_network_view(tm):
    net = files.load_upload(tm[1], "keras_model.h5", labels=b"0 Class A\n1 Class B\n2 Class C\n")
    assert net.class_names == ["Class A", "Class B", "Class C"] and net.logits is False
    assert net.input_scale == pytest.approx(2 / 255) and net.input_offset == -1.0  # (pixels / 127.5) − 1
    assert [layer.name for layer in net.model.layers][:3] == ["sequential_1_input", "Conv1_pad", "Conv1"]
    with pytest.raises(SettingError) as err:
        files.load_upload(tm[1], "keras_model.h5", labels=b"0 a\n1 b\n")
    assert err.value.key == "models.err.labels_count" and "3 outputs" in str(err.value)


def model_config(model) -> dict:
    config = {"class_name": "Sequential", "config": {"name": "s", "layers": [
        {"class_name": "DepthwiseConv2D", "config": {"name": "dw", "groups": 1, "kernel_size": [3, 3]}},
        {"class_name": "Functional", "config": {"name": "model1", "layers": [],
                                                "input_layers": [["input_1", 0, 0]],
                                                "output_layers": [["a", 0, 0], ["b", 0, 0]]}}]}}
    config.update(model)
    return config


def test_keras2_fixes():
    fixed = h5.keras2_fixes(model_config({}))
    dw, functional = fixed["config"]["layers"]
    assert "groups" not in dw["config"]
    assert functional["config"]["input_layers"] == ["input_1", 0, 0]  # one input: unwrapped
    assert functional["config"]["output_layers"] == [["a", 0, 0], ["b", 0, 0]]  # two outputs: kept
    keras3 = json.loads(json.dumps(fixed))
    assert h5.keras2_fixes(keras3) == keras3  # a config Keras 3 wrote is left alone


def test_grouped_depthwise_is_refused():
    config = model_config({})
    config["config"]["layers"][0]["config"]["groups"] = 2
    with pytest.raises(SettingError) as err:
        h5.keras2_fixes(config)
    assert err.value.key == "models.err.groups" and "groups=2" in str(err.value)


def test_both_fixes_are_needed(tm, tmp_path):
    """Dropping 'groups' alone is not enough: the nested model's list-wrapped output breaks the Sequential."""
    path = tmp_path / "only_groups.h5"
    path.write_bytes(tm[1])
    with h5py.File(path, "r+") as f:
        text = f.attrs["model_config"].decode() if isinstance(f.attrs["model_config"], bytes) else f.attrs["model_config"]
        f.attrs["model_config"] = text.replace('"groups": 1, ', "").replace(', "groups": 1', "")
    with pytest.raises(Exception, match="input"):
        keras.saving.load_model(path, compile=False)


def test_teachable_machine_is_recognised_by_its_layer_names(tm, tmp_path):
    assert h5.looks_like_teachable_machine(json.loads(h5py.File(_write(tmp_path, tm[1]))["/"].attrs["model_config"]))
    other = keras2_h5(resnet_like(), tmp_path / "resnet.h5")
    saved = files.open_model(other, "resnet.h5")
    assert "input_range" not in saved.info and saved.model.count_params() == resnet_like().count_params()


def _write(tmp_path, data: bytes):
    path = tmp_path / "copy.h5"
    path.write_bytes(data)
    return path


# --- refused files ------------------------------------------------------------------------------


def test_lambda_in_h5_and_keras_is_refused_without_running_it(tmp_path):
    marker = tmp_path / "code_ran"
    model = marker_lambda_model(marker)  # building the model runs the lambda once
    marker.unlink()
    model.save(tmp_path / "lambda.h5")
    model.save(tmp_path / "lambda.keras")
    for name in ("lambda.h5", "lambda.keras"):
        with pytest.raises(SettingError) as err:
            files.open_model((tmp_path / name).read_bytes(), name)
        assert err.value.key == "network.err.lambda"
        assert not marker.exists()
    # The marker does detect code: Keras told to load unsafely runs the lambda and writes it.
    keras.saving.load_model(tmp_path / "lambda.h5", safe_mode=False, compile=False)
    assert marker.exists()


def h5_file(tmp_path, build) -> bytes:
    path = tmp_path / "made.h5"
    with h5py.File(path, "w") as f:
        build(f)
    return path.read_bytes()


def keras2_weights_only(f):
    f.attrs["layer_names"] = np.array([b"dense"])
    f.attrs["keras_version"] = "2.4.0"
    f.create_group("dense").create_dataset("kernel", data=np.zeros((2, 2)))


def saved_weights(tmp_path) -> bytes:
    model = teachable_machine_like()
    model.save_weights(tmp_path / "model.weights.h5")
    return (tmp_path / "model.weights.h5").read_bytes()


REFUSED = [
    ("Keras 2 weights only", lambda tmp: h5_file(tmp, keras2_weights_only), "models.err.h5_weights_only"),
    ("Keras 3 weights only", saved_weights, "models.err.h5_weights_only"),
    ("an HDF5 data file", lambda tmp: h5_file(tmp, lambda f: f.create_dataset("x", data=np.arange(5))),
     "models.err.h5_no_model"),
    ("config not JSON", lambda tmp: h5_file(tmp, lambda f: f.attrs.__setitem__("model_config", b"{oops")),
     "models.err.h5_no_model"),
    ("config not a model", lambda tmp: h5_file(tmp, lambda f: f.attrs.__setitem__("model_config", b"[1, 2]")),
     "models.err.h5_no_model"),
    ("TF op layer", lambda tmp: h5_file(tmp, lambda f: f.attrs.__setitem__("model_config", json.dumps(
        {"class_name": "Functional", "config": {"layers": [{"class_name": "TFOpLambda", "config": {
            "function": "math.add"}}]}}).encode())), "models.err.op_layer"),
    ("Keras 2 lambda bytecode", lambda tmp: h5_file(tmp, lambda f: f.attrs.__setitem__("model_config", json.dumps(
        {"class_name": "Sequential", "config": {"layers": [{"class_name": "Custom", "config": {
            "function": ["4wEAAAAAAAAA", None, None], "function_type": "lambda"}}]}}).encode())), "network.err.lambda"),
    ("cut short", lambda tmp: teachable_machine_bytes(tmp)[:3000], "models.err.h5_unreadable"),
    ("a text file", lambda tmp: b"0 cat\n1 dog\n", "models.err.not_model"),
]


def teachable_machine_bytes(tmp_path) -> bytes:
    return keras2_h5(teachable_machine_like(), tmp_path / "tm.h5")


@pytest.mark.parametrize("case, make, key", REFUSED, ids=[c[0] for c in REFUSED])
def test_refused_with_a_sentence(case, make, key, tmp_path):
    with pytest.raises(SettingError) as err:
        files.open_model(make(tmp_path), "model.h5")
    assert err.value.key == key
    assert err.value.sentence("ko") != err.value.sentence("en")
