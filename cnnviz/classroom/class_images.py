"""The data set a class builds together: each learner's camera shots and uploads, checked, re-encoded, kept per class.

    image_id = add_image(room, member, "rock", data, "IMG_0042.HEIC")   # a SettingError sentence if refused
    counts(room, class_id)                      # {"rock": {"Mina": 12, …}, …}: what the teacher's table shows
    dataset_folder(room, class_id)              # <root>/<class>/dataset/<label>/<id>.jpg: a folder of class folders

An image is opened by `cnnviz.images.open_upload` (type, size and pixel checks, EXIF turned
upright), made RGB, shrunk to at most `ClassLimits.image_side` pixels a side and stored as a JPEG
under ``<root>/<class_id>/<image_id>.jpg`` — the file name is random, no learner text ever reaches
a path. The file is written atomically before the row that names it; a refused row takes its file
back. The bytes count against a per-class and an all-classes cap, and each learner has an image
count cap. Reading an image needs its class (`image_bytes`), and a learner may read or remove only
their own; the teacher's view of one class never names another class's images.
"""
from __future__ import annotations

import io
import os
import secrets
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa
from PIL import Image

from cnnviz.classroom.classes import Member, Room
from cnnviz.classroom.tables import classes, images, members
from cnnviz.errors import SettingError
from cnnviz.runs.files import write_atomic
from cnnviz.images import open_upload

JPEG_QUALITY = 90
DATASET = "dataset"


def encode(data: bytes, filename: str, side: int) -> tuple[bytes, int, int]:
    """Checked upload → RGB JPEG of at most `side` pixels a side: (bytes, width, height)."""
    image = open_upload(data, filename).convert("RGB")
    image.thumbnail((side, side), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=JPEG_QUALITY)
    return out.getvalue(), image.width, image.height


def class_folder(room: Room, class_id: str) -> Path:
    return room.root / class_id  # class ids are token_urlsafe: letters, digits, - and _ only


def add_image(room: Room, member: Member, label: str, data: bytes, filename: str = "") -> str:
    """Add one image of `label` from `member`; returns its id. Refusals are `SettingError` sentences."""
    encoded, width, height = encode(data, filename, room.limits.image_side)
    image_id = secrets.token_urlsafe(12)
    name = f"{image_id}.jpg"
    path = class_folder(room, member.class_id) / name
    write_atomic(path, encoded)
    try:
        with room.write_engine.begin() as conn:
            found = conn.execute(sa.select(classes.c.labels, classes.c.closed_at).where(classes.c.id == member.class_id)).first()
            if found is None or found.closed_at is not None:
                raise SettingError("class.err.closed")
            if label not in (found.labels or []):
                raise SettingError("class.err.no_label", label=str(label)[:40], labels=", ".join(found.labels or []) or "-")
            mine = conn.execute(sa.select(sa.func.count()).select_from(images).where(
                images.c.member_id == member.id, images.c.class_id == member.class_id)).scalar()
            if mine >= room.limits.images_per_member:
                raise SettingError("class.err.image_count", most=room.limits.images_per_member)
            used = sa.select(sa.func.coalesce(sa.func.sum(images.c.bytes), 0))
            in_class = conn.execute(used.where(images.c.class_id == member.class_id)).scalar()
            if in_class + len(encoded) > room.limits.class_bytes:
                raise SettingError("class.err.class_full", mb=room.limits.class_bytes // 2**20)
            if conn.execute(used).scalar() + len(encoded) > room.limits.total_bytes:
                raise SettingError("class.err.disk_full", mb=room.limits.total_bytes // 2**20)
            conn.execute(images.insert().values(id=image_id, class_id=member.class_id, member_id=member.id,
                                                label=label, filename=name, bytes=len(encoded), width=width,
                                                height=height, created_at=time.time()))
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return image_id


@dataclass(frozen=True)
class ImageRow:
    id: str
    label: str
    member_id: str
    member_name: str
    bytes: int
    created_at: float


def list_images(room: Room, class_id: str, member_id: str | None = None, label: str | None = None,
                limit: int = 1000) -> list[ImageRow]:
    """The class's images (only `member_id`'s when given), newest first."""
    query = (sa.select(images.c.id, images.c.label, images.c.member_id, members.c.name, images.c.bytes,
                       images.c.created_at).join(members, members.c.id == images.c.member_id)
             .where(images.c.class_id == class_id).order_by(images.c.created_at.desc(), images.c.id).limit(limit))
    if member_id is not None:
        query = query.where(images.c.member_id == member_id)
    if label is not None:
        query = query.where(images.c.label == label)
    with room.engine.connect() as conn:
        return [ImageRow(*row) for row in conn.execute(query).all()]


def counts(room: Room, class_id: str) -> dict[str, dict[str, int]]:
    """Images per label and learner: ``{label: {learner's name: n}}``."""
    query = (sa.select(images.c.label, members.c.name, sa.func.count().label("n"))
             .join(members, members.c.id == images.c.member_id).where(images.c.class_id == class_id)
             .group_by(images.c.label, members.c.name))
    out: dict[str, dict[str, int]] = {}
    with room.engine.connect() as conn:
        for row in conn.execute(query).all():
            out.setdefault(row.label, {})[row.name] = row.n
    return out


def _row(conn, class_id: str, image_id: str, member_id: str | None):
    where = [images.c.id == str(image_id)[:40], images.c.class_id == class_id]
    if member_id is not None:
        where.append(images.c.member_id == member_id)
    row = conn.execute(sa.select(images.c.filename).where(*where)).first()
    if row is None:
        raise SettingError("class.err.no_image")
    return row


def image_bytes(room: Room, class_id: str, image_id: str, member_id: str | None = None) -> bytes:
    """The stored JPEG of an image of `class_id` (of `member_id` only, when given)."""
    with room.engine.connect() as conn:
        row = _row(conn, class_id, image_id, member_id)
    try:
        return (class_folder(room, class_id) / row.filename).read_bytes()
    except OSError:
        raise SettingError("class.err.no_image") from None


def remove_image(room: Room, class_id: str, image_id: str, member_id: str | None = None) -> None:
    """Delete an image: the teacher any of the class's, a learner (`member_id`) only their own."""
    with room.write_engine.begin() as conn:
        row = _row(conn, class_id, image_id, member_id)
        conn.execute(images.delete().where(images.c.id == image_id, images.c.class_id == class_id))
    (class_folder(room, class_id) / row.filename).unlink(missing_ok=True)


def usage(room: Room, class_id: str | None = None) -> int:
    """Bytes of stored images: one class's, or every class's."""
    query = sa.select(sa.func.coalesce(sa.func.sum(images.c.bytes), 0))
    if class_id is not None:
        query = query.where(images.c.class_id == class_id)
    with room.engine.connect() as conn:
        return int(conn.execute(query).scalar())


def dataset_folder(room: Room, class_id: str) -> Path:
    """A fresh folder of class folders for training: ``<class folder>/dataset/<label>/<image id>.jpg``.

    Only the labels the teacher names now are included, in their order on disk (Keras sorts the
    folder names). Files are hard links to the stored images where the file system allows it.
    """
    with room.engine.connect() as conn:
        labels = conn.execute(sa.select(classes.c.labels).where(classes.c.id == class_id)).scalar()
        rows = conn.execute(sa.select(images.c.label, images.c.filename).where(images.c.class_id == class_id)).all()
    if labels is None:
        raise SettingError("class.err.closed")
    source = class_folder(room, class_id)
    target = source / DATASET
    shutil.rmtree(target, ignore_errors=True)
    for label in labels:
        (target / label).mkdir(parents=True, exist_ok=True)
    for row in rows:
        if row.label in labels and (source / row.filename).is_file():
            try:
                os.link(source / row.filename, target / row.label / row.filename)
            except OSError:
                shutil.copyfile(source / row.filename, target / row.label / row.filename)
    return target
