"""Opening models: the shipped TinyVGG, a learner's .keras or .h5 upload, and hostile files refused with a sentence."""
import json
import os
import zipfile

import numpy as np
import pytest

keras = pytest.importorskip("keras")

from cnnviz.models import files as model_files
from cnnviz.errors import SettingError  # noqa: E402
from tests.helpers_network import save, teachable_machine_like, tiny  # noqa: E402


@pytest.mark.parametrize("names, expected", [
    (["cat", "dog", "bird"], ["cat", "dog", "bird"]),
    (None, ["class 0", "class 1", "class 2"]),
    (["only", "two"], ["class 0", "class 1", "class 2"]),  # a list of the wrong length is not used
])
def test_class_names(names, expected):
    assert model_files.describe(tiny(), names).class_names == expected


def test_input_scale_follows_a_rescaling_layer():
    inputs = keras.Input((8, 8, 3))
    x = keras.layers.Rescaling(1 / 255)(inputs)
    x = keras.layers.Conv2D(2, 3)(x)
    model = keras.Model(inputs, keras.layers.Dense(2)(keras.layers.Flatten()(x)))
    assert model_files.input_scale(model) == 1.0
    assert model_files.input_scale(tiny()) == pytest.approx(1 / 255)


def test_shipped_model_is_small_and_accurate():
    info = json.loads((model_files.ASSET_DIR / "shapes_tinyvgg.json").read_text())
    assert (model_files.ASSET_DIR / info["file"]).stat().st_size < 1_000_000
    assert info["accuracy"]["test"] >= 0.85
    net = model_files.load_shipped()
    assert net.class_names == ["circle", "square", "triangle", "cross"]
    assert net.input_shape == (64, 64, 3) and net.input_scale == 1.0 and net.logits is False
    assert net.model.count_params() == info["params"]


# --- uploads ------------------------------------------------------------------------------------


@pytest.fixture
def private_tmp(tmp_path, monkeypatch):
    """Route tempfile into tmp_path so the test can see that nothing is left behind."""
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr("tempfile.tempdir", str(scratch))
    yield scratch
    assert list(scratch.iterdir()) == []  # the private folder was removed


def test_upload_a_real_model(tmp_path, private_tmp):
    model = tiny(softmax=True, channels=3)
    net = model_files.load_upload(save(model, tmp_path / "m.keras"), "m.keras")
    assert net.input_shape == (8, 8, 3) and not net.logits
    x = np.random.default_rng(4).random((8, 8, 3)).astype("float32")
    np.testing.assert_allclose(net.model.predict(x[None], verbose=0), model.predict(x[None], verbose=0), rtol=1e-6)


def test_upload_with_min_pooling_uses_cnnviz_layers(tmp_path, private_tmp):
    from cnnviz.models.layers import MinPooling2D

    inputs = keras.Input((8, 8, 1))
    x = MinPooling2D(name="min_pool")(keras.layers.Conv2D(2, 3, name="c")(inputs))
    model = keras.Model(inputs, keras.layers.Dense(2)(keras.layers.Flatten()(x)))
    net = model_files.load_upload(save(model, tmp_path / "min.keras"))
    assert net.model.get_layer("min_pool").__class__.__name__ == "MinPooling2D"


def lambda_model_bytes(tmp_path) -> bytes:
    inputs = keras.Input((8, 8, 1))
    x = keras.layers.Lambda(lambda t: t * 2, name="double")(inputs)
    return save(keras.Model(inputs, keras.layers.Dense(2)(keras.layers.Flatten()(x))), tmp_path / "lambda.keras")


def test_lambda_layer_is_refused_and_safe_mode_agrees(tmp_path, private_tmp):
    data = lambda_model_bytes(tmp_path)
    with pytest.raises(SettingError, match="Lambda"):
        model_files.load_upload(data)
    with pytest.raises(ValueError):  # Keras's own safe mode refuses it too (defence in depth)
        keras.saving.load_model(tmp_path / "lambda.keras", safe_mode=True)


def zip_bytes(tmp_path, entries: dict[str, bytes]) -> bytes:
    path = tmp_path / "made.keras"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in entries.items():
            z.writestr(name, data)
    return path.read_bytes()


def multi_input_model():
    a, b = keras.Input((8, 8, 1)), keras.Input((8, 8, 1))
    x = keras.layers.Concatenate()([a, b])
    return keras.Model([a, b], keras.layers.Dense(2)(keras.layers.Flatten()(x)))


def vector_model():
    inputs = keras.Input((10,))
    return keras.Model(inputs, keras.layers.Dense(2)(inputs))


HOSTILE = [
    ("empty", lambda tmp: b"", "network.err.empty"),
    ("not a zip", lambda tmp: b"PK? this is a text file, not a model" * 10, "models.err.not_model"),
    ("a PNG named .keras", lambda tmp: b"\x89PNG\r\n\x1a\n" + bytes(200), "models.err.not_model"),
    ("a broken zip", lambda tmp: b"PK\x03\x04" + bytes(200), "network.err.not_keras"),
    ("zip without config", lambda tmp: zip_bytes(tmp, {"hello.txt": b"hi"}), "network.err.not_keras"),
    ("config is not JSON", lambda tmp: zip_bytes(tmp, {"config.json": b"{not json", "metadata.json": b"{}"}),
     "network.err.not_keras"),
    ("unknown class", lambda tmp: zip_bytes(tmp, {"config.json": json.dumps(
        {"class_name": "EvilModel", "module": "os", "config": {}}).encode(), "metadata.json": b"{}"}),
     "network.err.unreadable"),
    ("lambda", lambda tmp: lambda_model_bytes(tmp), "network.err.lambda"),
    ("two inputs", lambda tmp: save(multi_input_model(), tmp / "two.keras"), "network.err.io"),
    ("not an image model", lambda tmp: save(vector_model(), tmp / "vec.keras"), "network.err.input"),
]


@pytest.mark.parametrize("case, make, key", HOSTILE, ids=[c[0] for c in HOSTILE])
def test_hostile_uploads_are_refused_with_a_sentence(case, make, key, tmp_path, private_tmp):
    data = make(tmp_path)
    with pytest.raises(SettingError) as err:
        model_files.load_upload(data, "<b>evil</b>.keras")
    assert err.value.key == key
    assert err.value.sentence("ko") and "<b>" not in err.value.sentence("en")


def test_too_large_is_refused_before_writing(monkeypatch, private_tmp):
    monkeypatch.setattr(model_files, "MAX_UPLOAD_BYTES", 1000)
    with pytest.raises(SettingError) as err:
        model_files.load_upload(b"PK" + bytes(2000))
    assert err.value.key == "network.err.too_large" and "1000" not in str(err.value)  # says MB, not bytes


def test_zip_bomb_is_refused_from_the_directory(tmp_path, monkeypatch, private_tmp):
    monkeypatch.setattr(model_files, "MAX_UNZIPPED_BYTES", 1_000_000)
    data = zip_bytes(tmp_path, {"config.json": b"{}", "model.weights.h5": bytes(5_000_000)})  # 5 MB of zeros
    assert len(data) < 50_000
    with pytest.raises(SettingError) as err:
        model_files.load_upload(data)
    assert err.value.key == "network.err.bomb"


def test_check_model_refuses_too_many_parameters(monkeypatch):
    monkeypatch.setattr(model_files, "MAX_PARAMS", 10)
    with pytest.raises(SettingError, match="parameters"):
        model_files.check_model(tiny())


def test_upload_folder_is_private():
    # mkdtemp makes the folder 0700; load_upload writes there and removes it (see private_tmp above).
    import tempfile

    folder = tempfile.mkdtemp(prefix="cnnviz-model-")
    try:
        assert os.stat(folder).st_mode & 0o077 == 0
    finally:
        os.rmdir(folder)


# --- one loader for files on disk, nested models, the input range --------------------------------


def test_load_model_file(tmp_path):
    model = tiny(channels=3)
    model.save(tmp_path / "m.keras")
    saved = model_files.load_model_file(tmp_path / "m.keras")
    assert saved.model.count_params() == model.count_params() and saved.info == {"format": "keras"}
    with pytest.raises(SettingError) as err:
        model_files.load_model_file(tmp_path / "missing.keras")
    assert err.value.key == "models.err.no_file"


def test_load_model_file_checks_the_size_before_reading(tmp_path, monkeypatch):
    monkeypatch.setattr(model_files, "MAX_UPLOAD_BYTES", 1000)
    (tmp_path / "big.h5").write_bytes(bytes(5000))
    with pytest.raises(SettingError) as err:
        model_files.load_model_file(tmp_path / "big.h5")
    assert err.value.key == "network.err.too_large"


def test_describe_flattens_nested_models_and_reads_their_last_layer():
    model = teachable_machine_like(classes=3)
    net = model_files.describe(model)
    assert net.model is not model and len(net.model.layers) == 14  # the input and 13 computing layers
    assert net.logits is False  # the nested head ends in a softmax Dense
    x = np.random.default_rng(3).random((1, 32, 32, 3)).astype("float32")
    np.testing.assert_allclose(net.model.predict(x, verbose=0), model.predict(x, verbose=0), rtol=1e-6, atol=1e-7)
    assert model_files.describe(tiny()).model.name == "tiny"


@pytest.mark.parametrize("input_range, scale, offset", [
    ([0, 255], 1.0, 0.0), ([0, 1], 1 / 255, 0.0), ([-1, 1], 2 / 255, -1.0), (None, 1 / 255, 0.0)])
def test_input_range_from_the_info(input_range, scale, offset):
    net = model_files.describe(tiny(), info={"input_range": input_range} if input_range else None)
    assert net.input_scale == pytest.approx(scale) and net.input_offset == offset
