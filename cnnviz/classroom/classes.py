"""A class without accounts: the teacher starts it and gets a join code; learners join with the code and a name.

    room = open_room()                                   # the run store's database, files under data_dir()/classes
    info = start_class(room, "3-2 CNN")                  # info.code: 'K7QX2M', for the projector
    member, token = join(room, "k7qx2m", "Mina")         # token: the learner's secret (only its SHA-256 is stored)
    member_by_token(room, token)                         # after a reload: the same member, while the class is open

Join codes are 6 characters from an alphabet without 0/O and 1/I (`CODE_ALPHABET`), random, unique.
A member's token carries 192 random bits (`cnnviz.runs.owners`); the member's id is random too but not
secret: it only names the member's rows, and every read checks the class. Display names are unique
in a class (case-insensitive), so a name cannot be taken over by typing it again.
"""
from __future__ import annotations

import secrets
import time
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa

from cnnviz.classroom.limits import ClassLimits, class_limits_from_env
from cnnviz.classroom.tables import answers, classes, images, members, questions
from cnnviz.errors import SettingError
from cnnviz.paths import data_dir
from cnnviz.runs.database import engine_for, writer
from cnnviz.runs.owners import new_owner_token, owner_hash
from cnnviz.runs.schema import create_schema

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # 32 symbols: no 0/O, no 1/I
CODE_LENGTH = 6
NAME_MAX = 30
TITLE_MAX = 60
SEEN_EVERY = 20.0  # seconds: a learner's "last seen" is written at most this often


@dataclass(frozen=True)
class Room:
    """Class mode's database `engine` and its files under `root`, bounded by `limits`."""

    engine: sa.Engine
    root: Path
    limits: ClassLimits

    @property
    def write_engine(self) -> sa.Engine:
        return writer(self.engine)


@dataclass(frozen=True)
class ClassInfo:
    id: str
    code: str
    title: str
    labels: tuple[str, ...]
    created_at: float
    closed_at: float | None

    @property
    def open(self) -> bool:
        return self.closed_at is None


@dataclass(frozen=True)
class Member:
    """A learner in a class, as the learner's own session keeps it (no secret in here)."""

    id: str
    class_id: str
    name: str
    code: str


def open_room(url: str | None = None, root: Path | None = None, limits: ClassLimits | None = None) -> Room:
    """Class mode on `url` (default: the run store's database) with images under `root` (default data_dir()/classes)."""
    engine = engine_for(url)
    create_schema(engine)
    return Room(engine, Path(root) if root else Path(data_dir()) / "classes", limits or class_limits_from_env())


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalize_code(text) -> str:
    """'k7qx-2m ' → 'K7QX2M'; anything that is not a join code is a `SettingError`."""
    code = "".join(str(text or "").split()).replace("-", "").upper()[:20]
    if len(code) != CODE_LENGTH or any(ch not in CODE_ALPHABET for ch in code):
        raise SettingError("class.err.code", length=CODE_LENGTH)
    return code


def check_name(text, most: int = NAME_MAX, key: str = "class.err.name") -> str:
    """A display name, title or label: letters of any script, digits, spaces and - _ . ' only, 1–`most` long,
    with at least one letter or digit (a label names a folder of the data set)."""
    name = " ".join(str(text or "").split())
    if not 1 <= len(name) <= most or not all(ch.isalnum() or ch in " -_.'" for ch in name) \
            or not any(ch.isalnum() for ch in name):  # '.' or '..' would name a folder of the data set
        raise SettingError(key, most=most)
    return name


def _info(row) -> ClassInfo:
    return ClassInfo(row.id, row.code, row.title, tuple(row.labels or ()), row.created_at, row.closed_at)


def start_class(room: Room, title: str = "", labels=()) -> ClassInfo:
    """A new open class with a fresh join code (drawn again in the unlikely case it is taken)."""
    title = check_name(title, TITLE_MAX, "class.err.title") if str(title or "").strip() else time.strftime("%Y-%m-%d %H:%M")
    labels, now = (check_labels(labels) if labels else ()), time.time()
    for _ in range(20):
        row = dict(id=secrets.token_urlsafe(16), code=new_code(), title=title, labels=list(labels), created_at=now)
        try:
            with room.write_engine.begin() as conn:
                conn.execute(classes.insert().values(**row))
            return ClassInfo(row["id"], row["code"], title, tuple(labels), now, None)
        except sa.exc.IntegrityError:  # the code is taken: draw again
            continue
    raise RuntimeError("no free join code after 20 draws")


def class_info(room: Room, class_id: str) -> ClassInfo:
    with room.engine.connect() as conn:
        row = conn.execute(sa.select(classes).where(classes.c.id == class_id)).first()
    if row is None:
        raise SettingError("class.err.closed")
    return _info(row)


def open_classes(room: Room) -> list[ClassInfo]:
    """The classes not closed yet, newest first."""
    with room.engine.connect() as conn:
        rows = conn.execute(sa.select(classes).where(classes.c.closed_at.is_(None))
                            .order_by(classes.c.created_at.desc())).all()
    return [_info(r) for r in rows]


def close_class(room: Room, class_id: str) -> None:
    """End the class: its members' tokens stop working; answers, images and runs stay for the teacher."""
    with room.write_engine.begin() as conn:
        conn.execute(classes.update().where(classes.c.id == class_id, classes.c.closed_at.is_(None))
                     .values(closed_at=time.time()))


def join(room: Room, code, name) -> tuple[Member, str]:
    """Join the open class `code` as `name`; returns the member and its secret token (shown to no one else)."""
    code, name = normalize_code(code), check_name(name)
    token, now = new_owner_token(), time.time()
    with room.write_engine.begin() as conn:
        found = conn.execute(sa.select(classes.c.id).where(classes.c.code == code, classes.c.closed_at.is_(None))).first()
        if found is None:
            raise SettingError("class.err.no_class", code=code)
        count = conn.execute(sa.select(sa.func.count()).select_from(members)
                             .where(members.c.class_id == found.id)).scalar()
        if count >= room.limits.max_members:
            raise SettingError("class.err.full", most=room.limits.max_members)
        member = Member(secrets.token_urlsafe(12), found.id, name, code)
        try:
            with conn.begin_nested():
                conn.execute(members.insert().values(id=member.id, class_id=found.id, token_hash=owner_hash(token),
                                                     name=name, name_key=name.casefold(), joined_at=now, seen_at=now))
        except sa.exc.IntegrityError:
            raise SettingError("class.err.name_taken", name=name) from None
    return member, token


def member_by_token(room: Room, token) -> Member | None:
    """The member whose token this is, while the class is open; None for any other token (malformed too)."""
    try:
        digest = owner_hash(token)
    except SettingError:
        return None
    with room.engine.connect() as conn:
        row = conn.execute(sa.select(members.c.id, members.c.class_id, members.c.name, classes.c.code)
                           .join(classes, classes.c.id == members.c.class_id)
                           .where(members.c.token_hash == digest, classes.c.closed_at.is_(None))).first()
    return None if row is None else Member(row.id, row.class_id, row.name, row.code)


def note(room: Room, member: Member, **values) -> None:
    """Record where the learner is: ``page=``, ``lesson_step=`` or ``trained_at=`` (and that they were seen)."""
    allowed = {k: v for k, v in values.items() if k in ("page", "lesson_step", "trained_at")}
    with room.write_engine.begin() as conn:
        conn.execute(members.update().where(members.c.id == member.id, members.c.class_id == member.class_id)
                     .values(seen_at=time.time(), **allowed))


def check_labels(labels) -> tuple[str, ...]:
    """The data set's class names from "rock, paper, scissors" (or a list): 2–10 distinct names."""
    if isinstance(labels, str):
        labels = labels.replace("，", ",").split(",")
    names = [check_name(n, NAME_MAX, "class.err.label") for n in labels if str(n).strip()]
    if not 2 <= len(names) <= 10 or len({n.casefold() for n in names}) != len(names):
        raise SettingError("class.err.labels", lo=2, hi=10)
    return tuple(names)


def set_labels(room: Room, class_id: str, labels) -> tuple[str, ...]:
    """Name the data set's classes; images of a dropped name stay stored but are not trained on until it comes back."""
    names = check_labels(labels)
    with room.write_engine.begin() as conn:
        conn.execute(classes.update().where(classes.c.id == class_id).values(labels=list(names)))
    return tuple(names)


@dataclass(frozen=True)
class RosterRow:
    """One learner as the teacher's view lists them."""

    member_id: str
    name: str
    page: str | None
    lesson_step: str | None
    seen_at: float
    trained: bool
    images: int
    answered: bool  # the current question


def roster(room: Room, class_id: str, question_id: str | None = None) -> list[RosterRow]:
    """Every member of the class with where they are, in joining order."""
    n_images = (sa.select(sa.func.count()).select_from(images).where(images.c.member_id == members.c.id)
                .scalar_subquery())
    answered = (sa.select(sa.func.count()).select_from(answers)
                .where(answers.c.member_id == members.c.id, answers.c.question_id == (question_id or ""))
                .scalar_subquery())
    with room.engine.connect() as conn:
        rows = conn.execute(sa.select(members.c.id, members.c.name, members.c.page, members.c.lesson_step,
                                      members.c.seen_at, members.c.trained_at, n_images.label("n_images"),
                                      answered.label("answered"))
                            .where(members.c.class_id == class_id).order_by(members.c.joined_at, members.c.id)).all()
    return [RosterRow(r.id, r.name, r.page, r.lesson_step, r.seen_at, r.trained_at is not None, r.n_images,
                      bool(r.answered)) for r in rows]


def current_question_id(room: Room, class_id: str) -> str | None:
    with room.engine.connect() as conn:
        return conn.execute(sa.select(questions.c.id).where(questions.c.class_id == class_id)
                            .order_by(questions.c.created_at.desc()).limit(1)).scalar()
