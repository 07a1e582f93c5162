"""Formulas as small expression trees: one tree gives the value, the symbols, the numbers and the LaTeX.

Every calculator in cnnviz builds its formula from these nodes, so the number a page shows, the
worked text ``⌊(32 + 2·0 − 3)/1⌋ + 1 = 30`` and the ``st.latex`` string all come from one place
and cannot disagree. Pure Python; no TensorFlow.
"""
from __future__ import annotations

from dataclasses import dataclass

# Binding strength of each operator, for deciding where parentheses are needed.
_PREC = {"+": 1, "-": 1, "*": 2, "atom": 3}


class Expr:
    """A node of a formula. Arithmetic operators build bigger nodes from smaller ones."""

    prec = _PREC["atom"]

    @property
    def value(self) -> int:
        raise NotImplementedError

    def render(self, style: str, numbers: bool) -> str:
        """`style` is 'text' or 'latex'; `numbers` substitutes values for symbols."""
        raise NotImplementedError

    def __add__(self, other):
        return BinOp("+", self, as_expr(other))

    def __radd__(self, other):
        return BinOp("+", as_expr(other), self)

    def __sub__(self, other):
        return BinOp("-", self, as_expr(other))

    def __rsub__(self, other):
        return BinOp("-", as_expr(other), self)

    def __mul__(self, other):
        return BinOp("*", self, as_expr(other))

    def __rmul__(self, other):
        return BinOp("*", as_expr(other), self)


def as_expr(x) -> Expr:
    return x if isinstance(x, Expr) else Num(x)


@dataclass(frozen=True, eq=False)
class Sym(Expr):
    """A named quantity: shows its symbol, or its number when substituted."""

    text: str
    val: int
    latex: str | None = None

    @property
    def value(self) -> int:
        return self.val

    def render(self, style, numbers):
        if numbers:
            return str(self.val)
        return self.latex if (style == "latex" and self.latex) else self.text


@dataclass(frozen=True, eq=False)
class Num(Expr):
    """A constant such as the 2 in 2·p or the 1 of the bias."""

    val: int

    @property
    def value(self) -> int:
        return self.val

    def render(self, style, numbers):
        return str(self.val)


@dataclass(frozen=True, eq=False)
class BinOp(Expr):
    op: str
    a: Expr
    b: Expr

    @property
    def prec(self):
        return _PREC[self.op]

    @property
    def value(self) -> int:
        x, y = self.a.value, self.b.value
        return x + y if self.op == "+" else x - y if self.op == "-" else x * y

    def render(self, style, numbers):
        left = self.a.render(style, numbers)
        right = self.b.render(style, numbers)
        if self.a.prec < self.prec:
            left = _paren(left, style)
        # a − (b + c) and a·(b·c) keep their brackets on the right.
        if self.b.prec < self.prec or (self.op == "-" and self.b.prec == self.prec):
            right = _paren(right, style)
        sign = {"+": " + ", "-": " − ", "*": "·"}[self.op]
        if style == "latex":
            sign = {"+": " + ", "-": " - ", "*": " \\cdot "}[self.op]
        return f"{left}{sign}{right}"


@dataclass(frozen=True, eq=False)
class _Rounded(Expr):
    """a / b rounded to a whole number; subclasses say which way and with which brackets."""

    a: Expr
    b: Expr
    brackets = ("", "", "", "")  # text open, text close, LaTeX open, LaTeX close

    def render(self, style, numbers):
        a, b = self.a.render(style, numbers), self.b.render(style, numbers)
        open_t, close_t, open_l, close_l = self.brackets
        if style == "latex":
            return f"{open_l} \\frac{{{a}}}{{{b}}} {close_l}"
        a = _paren(a, style) if self.a.prec < _PREC["atom"] else a
        b = _paren(b, style) if self.b.prec < _PREC["atom"] else b
        return f"{open_t}{a}/{b}{close_t}"


class Floor(_Rounded):
    """⌊a / b⌋, integer division rounding down (Python's //, Keras's np.floor)."""

    brackets = ("⌊", "⌋", "\\left\\lfloor", "\\right\\rfloor")

    @property
    def value(self) -> int:
        return self.a.value // self.b.value


class Ceil(_Rounded):
    """⌈a / b⌉, integer division rounding up."""

    brackets = ("⌈", "⌉", "\\left\\lceil", "\\right\\rceil")

    @property
    def value(self) -> int:
        return -((-self.a.value) // self.b.value)


@dataclass(frozen=True, eq=False)
class Max(Expr):
    a: Expr
    b: Expr

    @property
    def value(self) -> int:
        return max(self.a.value, self.b.value)

    def render(self, style, numbers):
        a, b = self.a.render(style, numbers), self.b.render(style, numbers)
        return f"\\max({a}, {b})" if style == "latex" else f"max({a}, {b})"


def _paren(s: str, style: str) -> str:
    return f"\\left({s}\\right)" if style == "latex" else f"({s})"


@dataclass(frozen=True)
class Formula:
    """A named result with its expression: `H_out = ⌊(H + 2·p − k)/s⌋ + 1 = ⌊(32 + 2·0 − 3)/1⌋ + 1 = 30`."""

    name: str
    expr: Expr
    name_latex: str | None = None

    @property
    def value(self) -> int:
        return self.expr.value

    @property
    def symbolic(self) -> str:
        return self.expr.render("text", numbers=False)

    @property
    def substituted(self) -> str:
        return self.expr.render("text", numbers=True)

    def text(self) -> str:
        """Plain text: name = symbols = numbers = result (a step equal to the next is written once: N = C = 64)."""
        return " = ".join(_steps([self.name, self.symbolic, self.substituted, f"{self.value:,}"]))

    def latex(self) -> str:
        """The same three steps as LaTeX, for ``st.latex``."""
        name = self.name_latex or self.name
        sym = self.expr.render("latex", numbers=False)
        num = self.expr.render("latex", numbers=True)
        return " = ".join(_steps([name, sym, num, f"{self.value:,}"])).replace(",", "{,}")

    def __str__(self) -> str:
        return self.text()


def _steps(parts: list[str]) -> list[str]:
    """The steps of a worked formula without one repeated straight after itself ("64 = 64")."""
    return [p for i, p in enumerate(parts) if i == 0 or p.replace(",", "") != parts[i - 1].replace(",", "")]
