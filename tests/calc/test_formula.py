"""The expression trees render symbols, numbers and LaTeX from one tree, and evaluate it."""
import pytest

from cnnviz.calc.formula import Ceil, Floor, Formula, Max, Num, Sym


@pytest.mark.parametrize("expr, symbolic, substituted, value", [
    (Floor(Sym("H", 32) + Num(2) * Sym("p", 0) - Sym("k", 3), Sym("s", 1)) + 1,
     "⌊(H + 2·p − k)/s⌋ + 1", "⌊(32 + 2·0 − 3)/1⌋ + 1", 30),
    ((Sym("k_h", 3) * Sym("k_w", 3) * Sym("C_in", 3) + 1) * Sym("F", 32),
     "(k_h·k_w·C_in + 1)·F", "(3·3·3 + 1)·32", 896),
    (Ceil(Sym("H", 7), Sym("s", 2)), "⌈H/s⌉", "⌈7/2⌉", 4),
    (Floor(Sym("H", 7) - Sym("d", 2) * (Sym("k", 3) - 1) + 0 - 1, Sym("s", 1)),
     "⌊(H − d·(k − 1) + 0 − 1)/s⌋", "⌊(7 − 2·(3 − 1) + 0 − 1)/1⌋", 2),
    (Sym("a", 5) - (Sym("b", 3) - Sym("c", 1)), "a − (b − c)", "5 − (3 − 1)", 3),
    (Max(Sym("x", -2), Num(0)), "max(x, 0)", "max(-2, 0)", 0),
    (Ceil(Sym("a", -7), Sym("b", 2)), "⌈a/b⌉", "⌈-7/2⌉", -3),
])
def test_render_and_value(expr, symbolic, substituted, value):
    f = Formula("y", expr)
    assert f.symbolic == symbolic
    assert f.substituted == substituted
    assert f.value == value
    assert f.text() == f"y = {symbolic} = {substituted} = {value:,}"


def test_latex_uses_frac_floor_and_cdot():
    f = Formula("H_out", Floor(Sym("H", 32) - Sym("k", 3), Sym("s", 1)) + 1, "H_{out}")
    assert f.latex() == (r"H_{out} = \left\lfloor \frac{H - k}{s} \right\rfloor + 1"
                         r" = \left\lfloor \frac{32 - 3}{1} \right\rfloor + 1 = 30")


def test_latex_groups_thousands_without_breaking_math():
    f = Formula("n", Sym("a", 1000) * Sym("b", 1000))
    assert f.latex().endswith("= 1{,}000{,}000")
