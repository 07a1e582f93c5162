"""Predict, then reveal: a learner's output shape or parameter count for one layer, read leniently and checked against the calculators.

`check_answer(row, quantity, text)` reads '30x30x8', '(30, 30, 8)' or '1,234' and gives a `Check`
with the verdict, the expected value and the worked formulas of `cnnviz.calc.summary`. Pure Python.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from cnnviz.builder.draft import BuiltRow
from cnnviz.calc.formula import Formula
from cnnviz.i18n import t
from cnnviz.calc.shapes import format_shape

QUANTITIES = ("output_shape", "params")
_NUMBER = re.compile(r"\d[\d,_ ]*")


def parse_shape_answer(text: str) -> tuple[int, ...] | None:
    """'(30, 30, 32)', '30x30x32', '30 × 30 × 32', '[1690]', '1690' → a tuple; anything else → None."""
    if not isinstance(text, str) or len(text) > 100:
        return None
    cleaned = text.strip().strip("()[]").replace("None,", "")
    parts = [p.strip() for p in re.split(r"[,x×*X]", cleaned) if p.strip()]
    if not parts or not all(p.isdigit() and p.isascii() for p in parts):
        return None
    return tuple(int(p) for p in parts)


def parse_count_answer(text: str) -> int | None:
    """'896', '1,234', '1 234', '1_234' → an int; anything else → None."""
    if not isinstance(text, str) or len(text) > 40:
        return None
    text = text.strip()
    if not _NUMBER.fullmatch(text) or not text.isascii():
        return None
    return int(re.sub(r"[,_ ]", "", text))


@dataclass(frozen=True)
class Check:
    """The verdict on one answer: right or not, what was expected, and the worked formulas."""

    quantity: str
    given: Any  # the parsed answer, or None when it could not be read
    expected: Any
    correct: bool
    formulas: tuple[Formula, ...]

    def message(self, lang: str = "en") -> str:
        expected = format_shape(self.expected) if self.quantity == "output_shape" else f"{self.expected:,}"
        what = t(f"architecture.quantity.{self.quantity}", lang)
        if self.given is None:
            return t("architecture.check.unreadable", lang, what=what)
        given = format_shape(self.given) if self.quantity == "output_shape" else f"{self.given:,}"
        if self.correct:
            return t("architecture.check.right", lang, what=what, expected=expected)
        return t("architecture.check.wrong", lang, what=what, given=given, expected=expected)


def check_answer(row: BuiltRow, quantity: str, text: str) -> Check:
    """Check a learner's `text` for `quantity` ('output_shape' or 'params') of a sized layer."""
    if quantity not in QUANTITIES:
        raise ValueError(f"quantity must be one of {QUANTITIES}")
    if row.output_shape is None:
        raise ValueError("this layer has no numbers to check (it or an earlier layer is impossible)")
    if quantity == "output_shape":
        given, expected = parse_shape_answer(text), tuple(row.output_shape)
        formulas = tuple(row.shape_formulas)
    else:
        given, expected = parse_count_answer(text), int(row.params)
        formulas = (row.params_formula,) if row.params_formula else ()
    return Check(quantity, given, expected, given == expected, formulas)


def reveal_key(row: BuiltRow) -> str:
    """Identifies a layer *and* what it sees: editing it or anything before it hides its answer again."""
    return f"{row.index}|{sorted(row.raw.items())!r}|{row.input_shape}"
