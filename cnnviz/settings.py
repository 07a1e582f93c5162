"""One declaration per page of its settings: each setting's name (= URL key = lock name), kind, range or choices, default, widget and label.

A page declares its settings once, as a `Declaration` of `Setting`s. Everything else comes from it:

- the frozen settings object (`Declaration.frozen` turns a class into a frozen dataclass whose
  fields, defaults and validation are the declaration's);
- validation with the learner's sentence (`Setting.check` raises `SettingError`);
- the URL: `from_query` reads a link (absent keys take the default; a bad or hostile value takes
  the default and gives a `Notice`), `to_query` writes every setting as text;
- the controls a teacher may lock (`lockable`), and in `cnnviz.web.settings` the widgets, with
  ``disabled=`` from the locks and values that survive a widget being hidden and shown again.

Kinds: ``int`` and ``float`` (a range), ``choice`` (a tuple, or a function giving it, such as the
sample photos), ``bool`` (``on``/``off`` in links), and anything else through a setting's own
`parse`/`format`/`validate` functions (the explorer's ``kernel_size`` is ``3`` or ``3x5``).
Pure Python: no Streamlit.
"""
from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from cnnviz.errors import SettingError
from cnnviz.i18n import t

MAX_VALUE_CHARS = 300  # the default cap on a link value's length
_INT = re.compile(r"-?[0-9]{1,10}")  # ASCII digits only: int() would also take '３' or ' 3_0 '
_FLOAT = re.compile(r"-?(?:[0-9]{1,10}(?:\.[0-9]{0,10})?|\.[0-9]{1,10})(?:e-?[0-9]{1,3})?")
BOOL_TEXT = {True: "on", False: "off"}
BOOL_FROM_TEXT = {"on": True, "1": True, "true": True, "yes": True, "off": False, "0": False, "false": False, "no": False}
_UNSAFE = re.compile(r"[^A-Za-z0-9_.,;:+× \-]")  # anything that could mean something in Markdown or HTML


@dataclass(frozen=True)
class Notice:
    """A value from a link that was not used: which key, what it said (shortened) and what was used instead."""

    key: str
    value: str
    used: str

    def text(self, lang: str = "en") -> str:
        return t("settings.notice.fallback", lang, key=self.key, value=self.value, used=self.used)


@dataclass(frozen=True)
class Setting:
    """One setting of a page. `name` is its field, its URL key and the name a teacher locks it by."""

    name: str
    default: Any
    kind: str = "int"  # int | float | choice | bool | custom
    lo: float | None = None
    hi: float | None = None
    choices: tuple | Callable[[], tuple] = ()
    widget: str = "slider"  # how cnnviz.web.settings draws it: slider, select_slider, radio, selectbox, …
    label: str = ""  # i18n key of the widget's label
    option_label: str | None = None  # i18n prefix of the choices' labels: f"{option_label}.{choice}"
    help: str | None = None  # i18n key of the widget's help
    step: float | None = None
    parse: Callable[[str], Any] | None = None  # custom kinds: URL text → value (ValueError when bad)
    format: Callable[[Any], str] | None = None  # custom kinds: value → URL text
    validate: Callable[[Any], Any] | None = None  # custom kinds: value → value, or SettingError
    lockable: bool = True
    max_chars: int = MAX_VALUE_CHARS  # longer link text is refused before parsing

    def options(self) -> tuple:
        return tuple(self.choices() if callable(self.choices) else self.choices)

    def check(self, value: Any) -> Any:
        """`value` if it is valid for this setting, else a `SettingError` saying what is allowed."""
        if self.validate is not None:
            return self.validate(value)
        if self.kind in ("int", "float"):
            number = (int,) if self.kind == "int" else (int, float)
            if not isinstance(value, number) or isinstance(value, bool) or value != value \
                    or not self.lo <= value <= self.hi:
                raise SettingError("settings.out_of_range", knob=self.name, value=str(value)[:40], lo=self.lo,
                                   hi=self.hi)
            return value if self.kind == "int" else float(value)
        if self.kind == "bool":
            if not isinstance(value, bool):
                raise SettingError("settings.bad_choice", knob=self.name, value=str(value)[:40], choices="on, off")
            return value
        options = self.options()
        if value not in options:
            raise SettingError("settings.bad_choice", knob=self.name, value=str(value)[:40],
                               choices=", ".join(str(c) for c in options))
        return value

    def from_text(self, text: str) -> Any:
        """The value a link's text names; ValueError (or SettingError) when it names none."""
        if len(text) > self.max_chars:
            raise ValueError("too long")
        if self.parse is not None:
            return self.check(self.parse(text))
        if self.kind == "int":
            if not _INT.fullmatch(text):
                raise ValueError(text)
            return self.check(int(text))
        if self.kind == "float":
            if not _FLOAT.fullmatch(text):
                raise ValueError(text)
            return self.check(float(text))
        if self.kind == "bool":
            return BOOL_FROM_TEXT[text.lower()]
        by_text = {self.to_text(option): option for option in self.options()}
        return by_text[text]

    def to_text(self, value: Any) -> str:
        if self.format is not None:
            return self.format(value)
        if self.kind == "bool":
            return BOOL_TEXT[bool(value)]
        if self.kind == "float":
            return f"{value:g}"
        return str(value)


def last_value(value) -> str | None:
    """Streamlit gives the last value of a repeated key; a plain dict may hold a list."""
    if isinstance(value, (list, tuple)):
        value = value[-1] if value else None
    return None if value is None else str(value)


def shorten(text: str) -> str:
    """A safe, short echo of a hostile value for a sentence shown as Markdown: letters, digits and a few
    marks (every other character becomes ?), at most 24 characters."""
    clean = _UNSAFE.sub("?", text)
    return clean if len(clean) <= 24 else clean[:21] + "..."


@dataclass(frozen=True)
class Declaration:
    """A page's settings, in the order its widgets and its URL list them.

    `check` (optional) validates the settings together (e.g. a typed kernel grid must match the
    kernel size): it takes the values by name and raises `SettingError`. `repair` (optional) is
    what `from_query` does when a link's values are each valid but not together: it returns the
    values to use and the names it dropped.
    """

    page: str
    settings: tuple[Setting, ...]
    check: Callable[[dict], None] | None = None
    repair: Callable[[dict], tuple[dict, list[str]]] | None = None
    _by_name: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self):
        self._by_name.update({s.name: s for s in self.settings})
        if len(self._by_name) != len(self.settings):
            raise ValueError(f"{self.page}: a setting name is declared twice")

    def __getitem__(self, name: str) -> Setting:
        return self._by_name[name]

    def __contains__(self, name: str) -> bool:
        return name in self._by_name

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(s.name for s in self.settings)

    def lockable(self) -> tuple[str, ...]:
        """The controls a teacher's link may lock on this page."""
        return tuple(s.name for s in self.settings if s.lockable)

    def defaults(self) -> dict[str, Any]:
        return {s.name: s.default for s in self.settings}

    def validate(self, values: Mapping[str, Any]) -> dict[str, Any]:
        """Every value checked, then the whole (a `SettingError` names the knob to turn)."""
        checked = {name: self[name].check(values[name]) for name in self.names}
        if self.check is not None:
            self.check(checked)
        return checked

    def to_query(self, values: Mapping[str, Any]) -> dict[str, str]:
        """Every setting as URL text (all keys, so a link stays exact even if the defaults change)."""
        return {s.name: s.to_text(values[s.name]) for s in self.settings}

    def from_query(self, query: Mapping) -> tuple[dict[str, Any], list[Notice]]:
        """Values from a URL query: absent keys take the default, bad ones the default plus a `Notice`.

        Keys that are not settings of this page (``lang``, ``lock``) are left alone.
        """
        values, notices = self.defaults(), []
        for s in self.settings:
            raw = last_value(query.get(s.name)) if s.name in query else None
            if raw is None:
                continue
            try:
                values[s.name] = s.from_text(raw)
            except (ValueError, KeyError, TypeError):  # SettingError is a ValueError
                notices.append(Notice(s.name, shorten(raw), s.to_text(s.default)))
        if self.check is not None:
            try:
                self.check(values)
            except SettingError:
                if self.repair is None:
                    return self.defaults(), notices + [Notice("query", "…", "defaults")]
                values, dropped = self.repair(values)
                notices += [Notice(name, shorten(last_value(query.get(name)) or ""), self[name].to_text(values[name]))
                            for name in dropped]
        return values, notices

    def frozen(self, cls: type) -> type:
        """Make `cls` a frozen dataclass whose fields are this declaration's settings, checked on creation.

        The class keeps its own methods and properties; `replace(**changes)` gives a checked copy.
        """
        cls.__annotations__ = {s.name: Any for s in self.settings}
        for s in self.settings:
            setattr(cls, s.name, s.default)
        declaration = self

        def __post_init__(obj):
            checked = declaration.validate({name: getattr(obj, name) for name in declaration.names})
            for name, value in checked.items():
                object.__setattr__(obj, name, value)

        def replace(obj, **changes):
            return dataclasses.replace(obj, **changes)

        def values(obj) -> dict[str, Any]:
            return {name: getattr(obj, name) for name in declaration.names}

        cls.__post_init__ = __post_init__
        cls.replace = replace
        cls.values = values
        cls.declaration = declaration
        return dataclass(frozen=True)(cls)
