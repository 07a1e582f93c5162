"""A class without accounts: join codes, names, joining, membership by token, where everyone is."""
from __future__ import annotations

import re

import pytest

from cnnviz.classroom import classes
from cnnviz.classroom.classes import CODE_ALPHABET, CODE_LENGTH, check_labels, check_name, normalize_code
from cnnviz.errors import SettingError


def test_the_code_alphabet_has_no_look_alikes():
    assert len(CODE_ALPHABET) == len(set(CODE_ALPHABET)) == 32
    assert not set("0O1I") & set(CODE_ALPHABET)
    codes = {classes.new_code() for _ in range(500)}
    assert all(len(c) == CODE_LENGTH and set(c) <= set(CODE_ALPHABET) for c in codes)
    assert len(codes) > 490  # 32**6 codes: random draws hardly repeat


@pytest.mark.parametrize("typed, code", [
    ("K7QX2M", "K7QX2M"), ("k7qx2m", "K7QX2M"), (" k7q-x2m ", "K7QX2M"), ("K7 QX 2M", "K7QX2M"),
    ("K7QX2", None), ("K7QX2MM", None), ("K0QX2M", None), ("KOQX2M", None), ("K1QX2M", None), ("KIQX2M", None),
    ("", None), (None, None), ("<script>", None), ("ㄱㄴㄷㄹㅁㅂ", None), ("K7QX2Ｍ", None),
])
def test_normalize_code(typed, code):
    if code is None:
        with pytest.raises(SettingError) as err:
            normalize_code(typed)
        assert err.value.key == "class.err.code"
    else:
        assert normalize_code(typed) == code


@pytest.mark.parametrize("typed, name", [
    ("Mina", "Mina"), ("  김 민아  ", "김 민아"), ("Jun-ho O'Neil", "Jun-ho O'Neil"), ("a_b.c", "a_b.c"),
    ("", None), ("   ", None), ("x" * 31, None), ("<b>me</b>", None), ("[me](http://x)", None), ("..", None),
    ("-", None), ("a\nb", "a b"), ("$x$", None), ("Mina\x00", None),
])
def test_check_name(typed, name):
    if name is None:
        with pytest.raises(SettingError):
            check_name(typed)
    else:
        assert check_name(typed) == name


@pytest.mark.parametrize("typed, labels", [
    ("rock, paper, scissors", ("rock", "paper", "scissors")), ("바위，보，가위", ("바위", "보", "가위")),
    (["cat", "dog"], ("cat", "dog")), ("cat, , dog,", ("cat", "dog")),
    ("cat", None), ("cat, Cat", None), (",".join(f"c{i}" for i in range(11)), None), ("cat, ../dog", None),
    ("cat, .", None),
])
def test_check_labels(typed, labels):
    if labels is None:
        with pytest.raises(SettingError):
            check_labels(typed)
    else:
        assert check_labels(typed) == labels


def test_start_join_and_find_a_member_again(room, klass):
    assert klass.open and klass.labels == ("rock", "paper", "scissors")
    member, token = classes.join(room, klass.code.lower(), "Mina")
    assert (member.name, member.class_id, member.code) == ("Mina", klass.id, klass.code)
    assert re.fullmatch(r"[A-Za-z0-9_-]{32}", token)
    assert classes.member_by_token(room, token) == member
    assert classes.member_by_token(room, token[:-1] + ("A" if token[-1] != "A" else "B")) is None
    for hostile in (None, "", "x", "' OR 1=1 --", "a" * 500):
        assert classes.member_by_token(room, hostile) is None
    assert [c.id for c in classes.open_classes(room)] == [klass.id]


def test_a_name_is_taken_once_per_class_whatever_its_case(room, klass):
    classes.join(room, klass.code, "Mina")
    with pytest.raises(SettingError) as err:
        classes.join(room, klass.code, "  mina ")
    assert err.value.key == "class.err.name_taken"
    other = classes.start_class(room)
    assert classes.join(room, other.code, "Mina")[0].class_id == other.id  # another class: free


def test_an_ended_class_voids_its_tokens_and_refuses_joining(room, klass):
    member, token = classes.join(room, klass.code, "Mina")
    classes.close_class(room, klass.id)
    assert classes.member_by_token(room, token) is None
    assert classes.open_classes(room) == []
    assert classes.class_info(room, klass.id).closed_at is not None
    with pytest.raises(SettingError) as err:
        classes.join(room, klass.code, "Jun")
    assert err.value.key == "class.err.no_class"


def test_a_full_class_refuses_the_next_learner(make_room):
    room = make_room(max_members=2)
    info = classes.start_class(room)
    classes.join(room, info.code, "a1")
    classes.join(room, info.code, "a2")
    with pytest.raises(SettingError) as err:
        classes.join(room, info.code, "a3")
    assert err.value.key == "class.err.full"


def test_the_roster_says_where_everyone_is(room, klass, mina, jun):
    classes.note(room, mina, page="explorer", lesson_step="padding")
    classes.note(room, jun, trained_at=1.0, page="training")
    classes.note(room, jun, owner_hash="x")  # not a column a note may set: ignored
    rows = {r.name: r for r in classes.roster(room, klass.id)}
    assert (rows["Mina"].page, rows["Mina"].lesson_step, rows["Mina"].trained) == ("explorer", "padding", False)
    assert (rows["Jun"].page, rows["Jun"].trained, rows["Jun"].images, rows["Jun"].answered) == ("training", True, 0,
                                                                                                False)
    assert [r.name for r in classes.roster(room, klass.id)] == ["Mina", "Jun"]  # joining order


def test_labels_can_be_renamed(room, klass):
    assert classes.set_labels(room, klass.id, "cat, dog") == ("cat", "dog")
    assert classes.class_info(room, klass.id).labels == ("cat", "dog")
    with pytest.raises(SettingError):
        classes.set_labels(room, klass.id, "cat")
