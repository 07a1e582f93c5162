"""Predict, then reveal, for the whole class: push, answer, poll, tally, reveal — and nobody reads another's answer."""
from __future__ import annotations

import pytest

from cnnviz.classroom import classes, questions
from cnnviz.classroom.prompts import from_explorer
from cnnviz.errors import SettingError
from cnnviz.explorer.settings import DEFAULTS

QUESTION = from_explorer(DEFAULTS.values())  # 222 × 222 × 8


def test_a_round_push_answer_tally_reveal(room, klass, mina, jun):
    assert questions.poll(room, mina) == questions.Poll(True)  # nothing asked yet
    qid = questions.push(room, klass.id, QUESTION)
    seen = questions.poll(room, mina)
    assert (seen.question_id, seen.revealed, seen.closed, seen.my_answer) == (qid, False, False, None)
    assert questions.answer(room, mina, qid, "222x222x8") == "222 × 222 × 8"
    assert questions.answer(room, jun, qid, "(221, 221, 8)") == "221 × 221 × 8"
    kim = classes.join(room, klass.code, "Kim")[0]
    questions.answer(room, kim, qid, "221 x 221 x 8")
    tally = questions.tally(room, klass.id, qid)
    assert (tally.members, tally.answered, tally.right, tally.expected) == (3, 3, 1, "222 × 222 × 8")
    assert tally.counts == (("221 × 221 × 8", 2, False), ("222 × 222 × 8", 1, True))
    text, n, mistake = tally.top_wrong
    assert (text, n, mistake.keys) == ("221 × 221 × 8", 2, ("plus_one",))
    assert questions.status(room, klass.id, qid) == (False, False)
    questions.reveal(room, klass.id, qid)
    assert questions.status(room, klass.id, qid) == (True, False)
    seen = questions.poll(room, jun)
    assert (seen.revealed, seen.closed, seen.my_answer) == (True, False, "221 × 221 × 8")
    with pytest.raises(SettingError) as err:
        questions.answer(room, jun, qid, "222x222x8")
    assert err.value.key == "class.err.answers_closed"
    questions.close(room, klass.id, qid)
    assert questions.poll(room, jun).closed


def test_a_learner_may_change_the_answer_until_the_reveal(room, klass, mina):
    qid = questions.push(room, klass.id, QUESTION)
    questions.answer(room, mina, qid, "1x1x1")
    questions.answer(room, mina, qid, "222x222x8")
    assert questions.my_answer(room, mina, qid) == "222 × 222 × 8"
    assert questions.tally(room, klass.id, qid).answered == 1


def test_a_new_question_closes_the_previous_one(room, klass, mina):
    first = questions.push(room, klass.id, QUESTION)
    second = questions.push(room, klass.id, from_explorer(DEFAULTS.values(), "params"))
    assert questions.poll(room, mina).question_id == second
    with pytest.raises(SettingError) as err:
        questions.answer(room, mina, first, "222x222x8")
    assert err.value.key == "class.err.answers_closed"


def test_an_unreadable_answer_is_a_sentence(room, klass, mina):
    qid = questions.push(room, klass.id, QUESTION)
    with pytest.raises(SettingError) as err:
        questions.answer(room, mina, qid, "<img src=x onerror=alert(1)>")
    assert err.value.key == "class.err.unreadable.output_shape"
    assert questions.my_answer(room, mina, qid) is None


def test_another_class_cannot_see_or_answer_or_reveal_a_question(room, klass, mina):
    qid = questions.push(room, klass.id, QUESTION)
    other = classes.start_class(room, "other")
    stranger = classes.join(room, other.code, "Stranger")[0]
    for attempt in (lambda: questions.answer(room, stranger, qid, "222x222x8"),
                    lambda: questions.load(room, other.id, qid), lambda: questions.tally(room, other.id, qid),
                    lambda: questions.status(room, other.id, qid),
                    lambda: questions.reveal(room, other.id, qid), lambda: questions.close(room, other.id, qid)):
        with pytest.raises(SettingError) as err:
            attempt()
        assert err.value.key == "class.err.no_question"
    assert questions.poll(room, stranger).question_id is None
    assert questions.poll(room, mina).revealed is False  # the other class's reveal did nothing


def test_a_learner_reads_only_their_own_answer(room, klass, mina, jun):
    qid = questions.push(room, klass.id, QUESTION)
    questions.answer(room, mina, qid, "221x221x8")
    assert questions.my_answer(room, jun, qid) is None
    assert questions.poll(room, jun).my_answer is None


def test_an_ended_class_stops_everything(room, klass, mina):
    qid = questions.push(room, klass.id, QUESTION)
    classes.close_class(room, klass.id)
    assert questions.poll(room, mina).class_open is False
    with pytest.raises(SettingError) as err:
        questions.push(room, klass.id, QUESTION)
    assert err.value.key == "class.err.closed"
    assert questions.tally(room, klass.id, qid).answered == 0  # the teacher still reads it
