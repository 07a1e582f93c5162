"""The architecture builder's link: a preset, the learner's own stack as compact text, predict mode; hostile text refused."""
import base64
import zlib

import pytest

from cnnviz.builder.settings import ARCHITECTURE, decode_spec, encode_spec
from cnnviz.calc.specs import parse_spec
from cnnviz.presets import list_presets, load_preset


@pytest.mark.parametrize("name", list_presets())
def test_every_preset_travels_in_a_link_and_comes_back_equal(name):
    spec = load_preset(name)
    text = encode_spec(spec)
    assert set(text) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
    assert decode_spec(text).to_dict() == spec.to_dict()
    assert len(text) < 1500  # VGG16 included: a link stays short


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


@pytest.mark.parametrize("text", [
    "", "!!!!", "abc", _b64(b"not zlib"), _b64(zlib.compress(b"not json")),
    _b64(zlib.compress(b'{"name": "x"}')),  # JSON but no spec
    _b64(zlib.compress(b"[" * 10_000)),  # deeply nested
    _b64(zlib.compress(b" " * 50_000_000)),  # a bomb: 50 MB of spaces in a few kB
])
def test_hostile_spec_text_falls_back_with_a_notice(text):
    values, notices = ARCHITECTURE.from_query({"spec": text})
    assert values["spec"] == "" and ([n.key for n in notices] == ["spec"] if text else notices == [])


def test_a_valid_spec_link_is_kept_and_predict_reads_old_and_new_forms():
    spec = parse_spec({"name": "mine", "input_shape": [28, 28, 1],
                       "layers": [{"type": "Conv2D", "filters": 4, "kernel_size": 3}, {"type": "Flatten"},
                                  {"type": "Dense", "units": 10}]})
    for predict in ("1", "on", "true"):
        values, notices = ARCHITECTURE.from_query({"spec": encode_spec(spec), "predict": predict})
        assert notices == [] and values["predict"] is True and decode_spec(values["spec"]).to_dict() == spec.to_dict()
    assert ARCHITECTURE.to_query({"preset": "tinyvgg", "spec": "", "predict": False}) == {
        "preset": "tinyvgg", "spec": "", "predict": "off"}
