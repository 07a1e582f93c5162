"""A teacher's ``lock=`` keeps only known control names; hostile values are dropped with a notice; links round-trip."""
from urllib.parse import parse_qs, urlsplit

import pytest

from cnnviz.classroom.links import (LockNotice, Locks, controls, declarations, is_presenter, known, parse_locks,
                                   share_url)
from cnnviz.explorer.settings import EXPLORER


@pytest.mark.parametrize("query, names, notices", [
    ({}, set(), []),
    ({"lock": ""}, set(), []),
    ({"lock": "padding"}, {"padding"}, []),
    ({"lock": "padding,stride"}, {"padding", "stride"}, []),
    ({"lock": " padding , STRIDE ,, "}, {"padding", "stride"}, []),
    ({"lock": ["stride", "pool"]}, {"pool"}, []),                 # a repeated key: the last one wins
    ({"lock": "padding,bogus"}, {"padding"}, ["bogus"]),
    ({"lock": "<script>alert(1)</script>"}, set(), ["?script?alert?1???scr..."]),
    ({"lock": "__class__,padding"}, {"padding"}, ["__class__"]),
    ({"lock": "pad\x00ding"}, set(), ["pad?ding"]),
    ({"lock": "[x](http://e.vil)"}, set(), ["?x??http???e?vil?"]),
    ({"lock": "a,b,c,d,e"}, set(), ["a", "b", "c"]),             # at most three notices
    ({"lock": "stride," * 1000}, {"stride"}, []),                # long values are cut, not refused
    ({"lock": "preset,epochs"}, {"preset", "epochs"}, []),
])
def test_parse_locks(query, names, notices):
    locks = parse_locks(query)
    assert locks.names == frozenset(names)
    assert [n.value for n in locks.notices] == notices


def test_names_restrict_to_a_page():
    locks = parse_locks({"lock": "padding,preset"}, names=controls("explorer"))
    assert locks.names == {"padding"} and [n.value for n in locks.notices] == ["preset"]
    assert "padding" in locks and "preset" not in locks


def test_every_page_locks_exactly_its_declared_settings():
    assert controls("explorer") == EXPLORER.names  # every explorer setting can be locked
    assert set(declarations()) == {"explorer", "architecture", "network", "training"}
    for page, decl in declarations().items():
        assert controls(page) == decl.lockable() and set(decl.lockable()) <= known()
    assert controls("lesson") == ()
    assert {"epochs", "preset", "dataset", "model", "layer", "predict", "spec"} <= known()


@pytest.mark.parametrize("lang, expected", [
    ("en", "The link asks to lock 'x', which is not a control here; it was ignored."),
    ("ko", "링크가 잠그라고 한 'x' 는 이 페이지의 항목이 아니어서 무시했습니다."),
])
def test_notice_sentence(lang, expected):
    assert LockNotice("x").text(lang) == expected


@pytest.mark.parametrize("query, expected", [
    ({}, False), ({"presenter": "1"}, True), ({"presenter": "true"}, True), ({"presenter": "ON"}, True),
    ({"presenter": "0"}, False), ({"presenter": "<b>"}, False), ({"presenter": ["0", "1"]}, True),
])
def test_is_presenter(query, expected):
    assert is_presenter(query) is expected


@pytest.mark.parametrize("base, query, lock, presenter, expected", [
    ("http://host:8501/explorer", {"lang": "ko", "stride": "2"}, ("padding", "stride"), False,
     "http://host:8501/explorer?lang=ko&stride=2&lock=padding,stride"),
    ("/", {"lang": "en"}, (), True, "/?lang=en&presenter=1"),
    ("/explorer", {"lock": "old", "presenter": "1"}, ("bogus",), False, "/explorer"),
    ("/explorer", {"kernel": "1,0;0,1"}, (), False, "/explorer?kernel=1,0%3B0,1"),
    ("/x", {"a": "b&lock=padding"}, (), False, "/x?a=b%26lock%3Dpadding"),
    ("/training", {"lang": "ko", "run": "a-learners-token"}, (), False, "/training?lang=ko"),  # one's own run
])
def test_share_url(base, query, lock, presenter, expected):
    assert share_url(base, query, lock, presenter) == expected


def test_share_url_round_trips_through_parse_locks():
    url = share_url("/explorer", {"padding": "same"}, lock=sorted(known()), presenter=True)
    query = {k: v[-1] for k, v in parse_qs(urlsplit(url).query).items()}
    assert parse_locks(query) == Locks(frozenset(known()))
    assert is_presenter(query) and query["padding"] == "same"
