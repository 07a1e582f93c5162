"""A teacher's link fixes settings and locks chosen controls: ``?padding=same&lock=padding,stride``.

`parse_locks` turns the ``lock`` query value into a frozenset of known control names; anything
else (unknown names, hostile text, too many names) is dropped and reported as a `LockNotice`
whose sentence lives in ``cnnviz.i18n.classroom``. `share_url` builds the link a teacher hands
out. Control names are the pages' query keys (Keras-like names), so a lock and a setting read the
same: ``?stride=2&lock=stride``. Pure Python: no Streamlit.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from urllib.parse import urlencode

from cnnviz.i18n import t

LOCK_KEY = "lock"
PRESENTER_KEY = "presenter"
RUN_KEY = "run"  # the token of one learner's training run (/training): never part of a shared link
MAX_CHARS = 1000  # longer values are cut before parsing
MAX_NAMES = 64


def declarations() -> dict:
    """Each page's settings declaration, by url_path: the controls a link may set and lock there."""
    from cnnviz.builder.settings import ARCHITECTURE
    from cnnviz.explorer.settings import EXPLORER
    from cnnviz.network.settings import NETWORK
    from cnnviz.training.settings import TRAINING

    return {d.page: d for d in (EXPLORER, ARCHITECTURE, NETWORK, TRAINING)}


def controls(page: str) -> tuple[str, ...]:
    """The controls a teacher's link may lock on `page` (none on a page without settings)."""
    decl = declarations().get(page)
    return decl.lockable() if decl else ()


def known() -> frozenset[str]:
    """Every control name any page can lock."""
    return frozenset(name for d in declarations().values() for name in d.lockable())


_NAME = re.compile(r"[a-z][a-z0-9_]{0,31}")


@dataclass(frozen=True)
class LockNotice:
    """A name in ``lock=`` that was ignored, shortened to something safe to show."""

    value: str

    def text(self, lang: str = "en") -> str:
        return t("classroom.lock.unknown", lang, value=self.value)


def _last(value) -> str | None:
    """Streamlit gives the last value of a repeated key; a plain dict may hold a list."""
    if isinstance(value, (list, tuple)):
        value = value[-1] if value else None
    return None if value is None else str(value)


def _shorten(text: str) -> str:
    """Letters, digits, _ and - only: the echo is shown in Markdown, where [x](y) or <b> would mean something."""
    clean = re.sub(r"[^A-Za-z0-9_\-]", "?", text)
    return clean if len(clean) <= 24 else clean[:21] + "..."


@dataclass(frozen=True)
class Locks:
    """The locked control names and the notices about names that were ignored."""

    names: frozenset[str] = frozenset()
    notices: tuple[LockNotice, ...] = ()

    def __contains__(self, name: str) -> bool:
        return name in self.names


def parse_locks(query: Mapping, names: Iterable[str] | None = None) -> Locks:
    """Locks from a URL query: ``lock=padding,stride`` → {'padding', 'stride'}; unknown names give a notice."""
    raw = _last(query.get(LOCK_KEY)) if LOCK_KEY in query else None
    if not raw:
        return Locks()
    allowed = known() if names is None else frozenset(names)
    names, notices = set(), []
    for part in raw[:MAX_CHARS].split(",")[:MAX_NAMES]:
        name = part.strip().lower()
        if not name:
            continue
        if _NAME.fullmatch(name) and name in allowed:
            names.add(name)
        elif len(notices) < 3:
            notices.append(LockNotice(_shorten(part.strip())))
    return Locks(frozenset(names), tuple(notices))


def is_presenter(query: Mapping) -> bool:
    """``presenter=1`` (or true/yes/on) asks for the presenter view."""
    value = _last(query.get(PRESENTER_KEY)) if PRESENTER_KEY in query else None
    return (value or "").strip().lower() in {"1", "true", "yes", "on"}


def share_url(base: str, query: Mapping, lock: Iterable[str] = (), presenter: bool = False) -> str:
    """The link a teacher hands out: this page, its settings, the locks and the presenter view.

    ``lock`` and ``presenter`` already in `query` are replaced by the arguments; unknown lock
    names are dropped, so the link never carries something `parse_locks` would refuse. A learner's
    own training run (``run``) stays out: a class must not share one run.
    """
    values = {k: _last(v) for k, v in query.items() if k not in (LOCK_KEY, PRESENTER_KEY, RUN_KEY)}
    values = {k: v for k, v in values.items() if v is not None}
    allowed = known()
    names = [n for n in dict.fromkeys(lock) if n in allowed]
    if names:
        values[LOCK_KEY] = ",".join(names)
    if presenter:
        values[PRESENTER_KEY] = "1"
    text = urlencode(values, safe=",")
    return base + (f"?{text}" if text else "")
