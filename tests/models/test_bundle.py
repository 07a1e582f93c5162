"""What travels with a model: class names in cnnviz.json inside a .keras, and Teachable Machine's labels.txt."""
import json
import zipfile

import numpy as np
import pytest

keras = pytest.importorskip("keras")

from cnnviz.errors import SettingError  # noqa: E402
from cnnviz.models import bundle, files  # noqa: E402
from tests.helpers_network import tiny  # noqa: E402

LABELS = [
    ("teachable machine", b"0 Class A\n1 Class B\n2 Class C\n", ["Class A", "Class B", "Class C"]),
    ("windows lines and a BOM", "\ufeff0 cat\r\n1 dog\r\n".encode(), ["cat", "dog"]),
    ("out of order", b"1 dog\n0 cat\n", ["cat", "dog"]),
    ("plain names", "고양이\n개\n\n".encode(), ["고양이", "개"]),
    ("a name that starts with a number", b"0 7 up\n1 coke\n", ["7 up", "coke"]),
    ("control and bidi characters", "0 a\x1b[31mb\n1 \u202eevil\n".encode(), ["a [31mb", "evil"]),
    ("long name", b"0 " + b"x" * 500 + b"\n", ["x" * 80]),
]


@pytest.mark.parametrize("case, text, names", LABELS, ids=[c[0] for c in LABELS])
def test_parse_labels(case, text, names):
    assert bundle.parse_labels(text) == names


BAD_LABELS = [
    ("empty", b"\n \n", "models.err.labels_empty"),
    ("binary", b"\x89PNG\r\n\x1a\n\x00\x00", "models.err.labels_not_text"),
    ("not utf-8", b"0 caf\xe9\n", "models.err.labels_not_text"),
    ("a gap in the indices", b"0 a\n2 b\n", "models.err.labels_indices"),
    ("an index twice", b"0 a\n0 b\n", "models.err.labels_indices"),
    ("too many", b"".join(b"%d c\n" % i for i in range(1001)), "models.err.labels_too_many"),
    ("too big", b"0 " + b"x" * 300_000, "models.err.labels_too_big"),
]


@pytest.mark.parametrize("case, text, key", BAD_LABELS, ids=[c[0] for c in BAD_LABELS])
def test_bad_labels_are_refused_with_a_sentence(case, text, key):
    with pytest.raises(SettingError) as err:
        bundle.parse_labels(text)
    assert err.value.key == key and err.value.sentence("ko")


def test_class_names_round_trip_through_save_keras():
    model = tiny(softmax=False, channels=3)
    data = bundle.save_keras(model, ["круг", "carré", "삼각형"], logits=True, input_range=(0, 1))
    with zipfile.ZipFile(__import__("io").BytesIO(data)) as archive:
        assert {"config.json", "model.weights.h5", "cnnviz.json"} <= set(archive.namelist())
        assert json.loads(archive.read("cnnviz.json"))["class_names"] == ["круг", "carré", "삼각형"]
    net = files.load_upload(data, "model.keras")
    assert net.class_names == ["круг", "carré", "삼각형"] and net.logits is True
    assert net.input_scale == pytest.approx(1 / 255) and net.input_offset == 0.0
    x = np.random.default_rng(0).random((1, 8, 8, 3)).astype("float32")
    np.testing.assert_allclose(net.model.predict(x, verbose=0), model.predict(x, verbose=0), rtol=1e-6)


def test_labels_txt_wins_over_the_saved_names():
    data = bundle.save_keras(tiny(channels=3), ["a", "b", "c"])
    assert files.load_upload(data, "m.keras", labels="0 x\n1 y\n2 z\n").class_names == ["x", "y", "z"]


def test_a_keras_file_without_cnnviz_json_still_opens(tmp_path):
    model = tiny(channels=3)
    model.save(tmp_path / "plain.keras")
    net = files.load_upload((tmp_path / "plain.keras").read_bytes())
    assert net.class_names == ["class 0", "class 1", "class 2"] and net.info == {"format": "keras"}


def with_info(tmp_path, text: bytes) -> bytes:
    model = tiny(channels=3)
    model.save(tmp_path / "m.keras")
    with zipfile.ZipFile(tmp_path / "m.keras", "a") as archive:
        archive.writestr("cnnviz.json", text)
    return (tmp_path / "m.keras").read_bytes()


BAD_INFO = [
    ("not JSON", b"{class_names: [", "cnnviz.json"),
    ("not an object", b"[1, 2]", "cnnviz.json"),
    ("names not strings", b'{"class_names": [1, 2, 3]}', "class_names"),
    ("logits not a bool", b'{"logits": "yes"}', "logits"),
    ("range upside down", b'{"input_range": [1, 0]}', "input_range"),
    ("range not finite", b'{"input_range": [0, 1e999]}', "input_range"),
    ("stats malformed", b'{"input_stats": {"version": 1, "features": []}}', "input_stats"),
    ("too big", b'{"class_names": ["' + b"x" * 300_000 + b'"]}', "cnnviz.json"),
]


@pytest.mark.parametrize("case, text, field", BAD_INFO, ids=[c[0] for c in BAD_INFO])
def test_a_malformed_cnnviz_json_is_refused(case, text, field, tmp_path):
    with pytest.raises(SettingError) as err:
        files.open_model(with_info(tmp_path, text))
    assert err.value.key == "models.err.bad_info" and err.value.values["field"] == field


def test_save_keras_checks_what_it_writes():
    with pytest.raises(SettingError):
        bundle.save_keras(tiny(), ["a", "b", "c"], input_range=(255, 0))
