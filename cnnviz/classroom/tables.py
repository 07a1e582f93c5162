"""Class mode's tables, declared on the run store's one `MetaData`: classes, members, questions, answers, images, runs.

Everything a class has lives here, in the same database as the runs (SQLite file or PostgreSQL),
never in one process's memory: two app replicas sharing the database see the same class. The
module is listed in `cnnviz.runs.schema.TABLE_MODULES`, so ``create_schema`` creates these tables
with the others. Secrets are stored as SHA-256 only (a member's token, like a run owner's); ids
are random (`secrets.token_urlsafe`), so none can be guessed from another. ``class_runs`` names a
run by id without a foreign key: the run store owns its table and may delete a run on its own.
"""
from __future__ import annotations

import sqlalchemy as sa

from cnnviz.runs.schema import metadata

_cascade = dict(ondelete="CASCADE")

classes = sa.Table(
    "classes", metadata,
    sa.Column("id", sa.String(32), primary_key=True),
    sa.Column("code", sa.String(8), nullable=False, unique=True),  # the join code on the projector
    sa.Column("title", sa.String(80), nullable=False),
    sa.Column("labels", sa.JSON, nullable=False),  # the data set's class names, as the teacher typed them
    sa.Column("created_at", sa.Float, nullable=False),
    sa.Column("closed_at", sa.Float),
)

members = sa.Table(
    "class_members", metadata,
    sa.Column("id", sa.String(32), primary_key=True),
    sa.Column("class_id", sa.String(32), sa.ForeignKey("classes.id", **_cascade), nullable=False, index=True),
    sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
    sa.Column("name", sa.String(40), nullable=False),
    sa.Column("name_key", sa.String(40), nullable=False),  # casefolded: "Mina" and "mina" are one name
    sa.Column("joined_at", sa.Float, nullable=False),
    sa.Column("seen_at", sa.Float, nullable=False),
    sa.Column("page", sa.String(32)),  # the page the learner last opened (a url_path)
    sa.Column("lesson_step", sa.String(40)),  # the lesson step the learner last worked on (a step id)
    sa.Column("trained_at", sa.Float),  # the learner started a training run
    sa.UniqueConstraint("class_id", "name_key", name="uq_class_member_name"),
)

questions = sa.Table(
    "class_questions", metadata,
    sa.Column("id", sa.String(32), primary_key=True),
    sa.Column("class_id", sa.String(32), sa.ForeignKey("classes.id", **_cascade), nullable=False),
    sa.Column("created_at", sa.Float, nullable=False),
    sa.Column("revealed_at", sa.Float),
    sa.Column("closed_at", sa.Float),
    sa.Column("question", sa.JSON, nullable=False),  # cnnviz.classroom.prompts.Question.to_dict()
    sa.Index("ix_class_questions_class_created", "class_id", "created_at"),
)

answers = sa.Table(
    "class_answers", metadata,
    sa.Column("question_id", sa.String(32), sa.ForeignKey("class_questions.id", **_cascade), primary_key=True),
    sa.Column("member_id", sa.String(32), sa.ForeignKey("class_members.id", **_cascade), primary_key=True),
    sa.Column("value", sa.JSON, nullable=False),  # the parsed answer: a list (a shape) or an int
    sa.Column("text", sa.String(100), nullable=False),  # the same, written the one way the chart shows it
    sa.Column("answered_at", sa.Float, nullable=False),
)

images = sa.Table(
    "class_images", metadata,
    sa.Column("id", sa.String(32), primary_key=True),
    sa.Column("class_id", sa.String(32), sa.ForeignKey("classes.id", **_cascade), nullable=False, index=True),
    sa.Column("member_id", sa.String(32), sa.ForeignKey("class_members.id", **_cascade), nullable=False),
    sa.Column("label", sa.String(40), nullable=False),
    sa.Column("filename", sa.String(64), nullable=False),  # <id>.jpg under the class's folder: no user text in paths
    sa.Column("bytes", sa.BigInteger, nullable=False),
    sa.Column("width", sa.Integer, nullable=False),
    sa.Column("height", sa.Integer, nullable=False),
    sa.Column("created_at", sa.Float, nullable=False),
)

class_runs = sa.Table(
    "class_runs", metadata,
    sa.Column("class_id", sa.String(32), sa.ForeignKey("classes.id", **_cascade), primary_key=True),
    sa.Column("run_id", sa.String(64), primary_key=True),  # a run of the run store (no foreign key: see above)
    sa.Column("member_id", sa.String(32), sa.ForeignKey("class_members.id", **_cascade), nullable=False),
    sa.Column("shared", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("noted_at", sa.Float, nullable=False),
)

training = sa.Table(  # the class's own model, trained on the class's images; mirrored here for every replica
    "class_training", metadata,
    sa.Column("class_id", sa.String(32), sa.ForeignKey("classes.id", **_cascade), primary_key=True),
    sa.Column("state", sa.String(16), nullable=False),  # waiting, running, done, stopped, failed
    sa.Column("progress", sa.JSON, nullable=False),  # {"epoch", "epochs", "history", "points"}
    sa.Column("class_names", sa.JSON, nullable=False),
    sa.Column("logits", sa.Boolean, nullable=False, server_default=sa.true()),
    sa.Column("model_file", sa.String(64)),  # under the class's folder once the run is done
    sa.Column("error", sa.Text),
    sa.Column("updated_at", sa.Float, nullable=False),
)

attempts = sa.Table(  # wrong teacher keys, per session and per client address (see cnnviz.classroom.teacher_key)
    "teacher_attempts", metadata,
    sa.Column("who", sa.String(160), primary_key=True),
    sa.Column("failures", sa.Integer, nullable=False),
    sa.Column("blocked_until", sa.Float, nullable=False),
    sa.Column("updated_at", sa.Float, nullable=False),
)
