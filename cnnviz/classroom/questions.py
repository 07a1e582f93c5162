"""Predict, then reveal, for the whole class: push a question, collect one answer per learner, tally, reveal.

    qid = push(room, class_id, from_explorer(settings))      # closes the previous question
    answer(room, member, qid, "30x30x8")                     # the learner's, until the reveal
    tally(room, class_id, qid)                               # how many answered, the spread, the commonest slip
    reveal(room, class_id, qid)                              # every learner's page shows the worked formula
    poll(room, member)                                       # what a learner's page asks every second: one query

Every read is scoped: a question is found only within its class, a learner reads only their own
answer (`poll`, `my_answer`), and the spread of answers (`tally`) is the teacher's.
"""
from __future__ import annotations

import secrets
import time
from collections import Counter
from dataclasses import dataclass

import sqlalchemy as sa

from cnnviz.classroom.classes import Member, Room
from cnnviz.classroom.mistakes import Mistake
from cnnviz.classroom.prompts import Question, format_value
from cnnviz.classroom.tables import answers, classes, members, questions, training
from cnnviz.errors import SettingError


def push(room: Room, class_id: str, question: Question) -> str:
    """Put `question` on every learner's page (the previous one closes); returns its id."""
    question_id, now = secrets.token_urlsafe(12), time.time()
    with room.write_engine.begin() as conn:
        if conn.execute(sa.select(classes.c.id).where(classes.c.id == class_id, classes.c.closed_at.is_(None))).first() is None:
            raise SettingError("class.err.closed")
        conn.execute(questions.update().where(questions.c.class_id == class_id, questions.c.closed_at.is_(None))
                     .values(closed_at=now))
        conn.execute(questions.insert().values(id=question_id, class_id=class_id, created_at=now,
                                               question=question.to_dict()))
    return question_id


def _set(room: Room, class_id: str, question_id: str, **values) -> None:
    with room.write_engine.begin() as conn:
        if not conn.execute(questions.update().where(questions.c.id == question_id, questions.c.class_id == class_id)
                            .values(**values)).rowcount:
            raise SettingError("class.err.no_question")


def reveal(room: Room, class_id: str, question_id: str) -> None:
    """Show the right answer and its formula on every learner's page; answers stop."""
    _set(room, class_id, question_id, revealed_at=time.time())


def close(room: Room, class_id: str, question_id: str) -> None:
    """Take the question off the learners' pages."""
    _set(room, class_id, question_id, closed_at=time.time())


def load(room: Room, class_id: str, question_id: str) -> Question:
    """The question, if it belongs to `class_id` (else the sentence of a missing question)."""
    with room.engine.connect() as conn:
        found = conn.execute(sa.select(questions.c.question).where(questions.c.id == question_id,
                                                                    questions.c.class_id == class_id)).scalar()
    if found is None:
        raise SettingError("class.err.no_question")
    return Question.from_dict(found)


def status(room: Room, class_id: str, question_id: str) -> tuple[bool, bool]:
    """(revealed, closed) of a question of `class_id`."""
    with room.engine.connect() as conn:
        row = conn.execute(sa.select(questions.c.revealed_at, questions.c.closed_at)
                           .where(questions.c.id == question_id, questions.c.class_id == class_id)).first()
    if row is None:
        raise SettingError("class.err.no_question")
    return row.revealed_at is not None, row.closed_at is not None


def answer(room: Room, member: Member, question_id: str, text) -> str:
    """Record (or change) the learner's answer while the question is open; returns it as the chart writes it."""
    question = load(room, member.class_id, question_id)
    value = question.parse(text)
    if value is None:
        raise SettingError(f"class.err.unreadable.{question.quantity}")
    shown = format_value(value)
    now = time.time()
    with room.write_engine.begin() as conn:
        state = conn.execute(sa.select(questions.c.revealed_at, questions.c.closed_at)
                             .where(questions.c.id == question_id, questions.c.class_id == member.class_id)).first()
        if state is None or state.revealed_at is not None or state.closed_at is not None:
            raise SettingError("class.err.answers_closed")
        key = sa.and_(answers.c.question_id == question_id, answers.c.member_id == member.id)
        conn.execute(answers.delete().where(key))
        conn.execute(answers.insert().values(question_id=question_id, member_id=member.id,
                                             value=list(value) if isinstance(value, tuple) else value, text=shown,
                                             answered_at=now))
    return shown


def my_answer(room: Room, member: Member, question_id: str) -> str | None:
    with room.engine.connect() as conn:
        return conn.execute(sa.select(answers.c.text).where(answers.c.question_id == question_id,
                                                            answers.c.member_id == member.id)).scalar()


@dataclass(frozen=True)
class Poll:
    """What a learner's page needs to know each second."""

    class_open: bool
    question_id: str | None = None
    revealed: bool = False
    closed: bool = True
    my_answer: str | None = None
    training_state: str | None = None
    training_updated: float | None = None


def poll(room: Room, member: Member) -> Poll:
    """One query: is the class open, its newest question (revealed? closed?), my answer, the class model's state."""
    newer = questions.alias("newest")
    latest = (sa.select(newer.c.id).where(newer.c.class_id == classes.c.id)
              .order_by(newer.c.created_at.desc()).limit(1).correlate(classes).scalar_subquery())
    query = (sa.select(classes.c.closed_at.label("class_closed"), questions.c.id, questions.c.revealed_at,
                       questions.c.closed_at, answers.c.text, training.c.state, training.c.updated_at)
             .select_from(classes)
             .outerjoin(questions, questions.c.id == latest)
             .outerjoin(answers, sa.and_(answers.c.question_id == questions.c.id, answers.c.member_id == member.id))
             .outerjoin(training, training.c.class_id == classes.c.id)
             .where(classes.c.id == member.class_id))
    with room.engine.connect() as conn:
        row = conn.execute(query).first()
    if row is None or row.class_closed is not None:
        return Poll(False)
    return Poll(True, row.id, row.revealed_at is not None, row.id is None or row.closed_at is not None, row.text,
                row.state, row.updated_at)


@dataclass(frozen=True)
class Tally:
    """The class's answers to one question, for the teacher's view."""

    members: int
    answered: int
    counts: tuple[tuple[str, int, bool], ...]  # (answer as written, how many, right?), most frequent first
    expected: str
    top_wrong: tuple[str, int, Mistake | None] | None  # the commonest wrong answer and the slip it suggests

    @property
    def right(self) -> int:
        return sum(n for _, n, ok in self.counts if ok)


def tally(room: Room, class_id: str, question_id: str) -> Tally:
    question = load(room, class_id, question_id)
    with room.engine.connect() as conn:
        rows = conn.execute(sa.select(answers.c.value, answers.c.text).where(answers.c.question_id == question_id)).all()
        n_members = conn.execute(sa.select(sa.func.count()).select_from(members)
                                 .where(members.c.class_id == class_id)).scalar()
    expected = format_value(question.expected)
    values = {row.text: (tuple(row.value) if isinstance(row.value, list) else row.value) for row in rows}
    counted = Counter(row.text for row in rows)
    ordered = sorted(counted.items(), key=lambda item: (-item[1], item[0] != expected, item[0]))
    counts = tuple((text, n, text == expected) for text, n in ordered)
    wrong = next(((text, n) for text, n, ok in counts if not ok), None)
    top = None if wrong is None else (wrong[0], wrong[1], question.diagnose(values[wrong[0]]))
    return Tally(n_members, len(rows), counts, expected, top)
