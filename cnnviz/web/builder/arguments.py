"""One layer argument as widgets and back: a pair as two numbers, zero padding as four, a choice as a select box.

The builder's editor draws `argument_widget` for each argument of the selected layer and reads
the edit back with `read_argument`, in the spec's JSON form. Labels are Keras's argument names.
"""
from __future__ import annotations

import streamlit as st

from cnnviz.builder.draft import Argument
from cnnviz.i18n import t
from cnnviz.calc.specs import ACTIVATIONS


def argument_widget(k: str, arg: Argument, value, lang: str, on_change=None, args: tuple = (),
                    disabled: bool = False) -> None:
    """The widget(s) for one argument under key `k`, showing `value` (Keras's argument name as the label)."""
    cb = {"on_change": on_change, "args": args, "disabled": disabled}
    if arg.kind in ("pair", "pair_or_none"):
        auto = arg.kind == "pair_or_none" and value is None
        if arg.kind == "pair_or_none":
            auto = st.checkbox(t("architecture.edit.use_pool_size", lang), value=auto, key=k + ".auto", **cb)
        if not auto:
            h, w = (value, value) if isinstance(value, int) else value if value else (2, 2)
            a, b = st.columns(2)
            a.number_input(t("architecture.edit.h", lang, arg=arg.name), 1, 4096, int(h), key=k + ".h", **cb)
            b.number_input(t("architecture.edit.w", lang, arg=arg.name), 1, 4096, int(w), key=k + ".w", **cb)
    elif arg.kind == "zero_padding":
        (top, bottom), (left, right) = value if isinstance(value, (list, tuple)) and len(value) == 2 \
            and all(isinstance(v, (list, tuple)) for v in value) else ((1, 1), (1, 1))
        cols = st.columns(4)
        for col, side, v in zip(cols, ("top", "bottom", "left", "right"), (top, bottom, left, right)):
            col.number_input(t("architecture.edit.pad", lang, side=t(f"architecture.edit.{side}", lang)), 0, 4096,
                             int(v), key=f"{k}.{side}", **cb)
    elif arg.kind in ("int", "int_or_none"):
        low = int(arg.minimum or 0)
        st.number_input(arg.name, min_value=low, max_value=100_000,
                        value=None if value is None else min(max(int(value), low), 100_000), step=1, key=k, **cb)
    elif arg.kind in ("float", "float_or_none"):
        st.number_input(arg.name, min_value=float(arg.minimum), max_value=float(arg.maximum),
                        value=None if value is None else float(value), step=0.01, format="%g", key=k, **cb)
    elif arg.kind == "bool":
        st.checkbox(arg.name, value=bool(value), key=k, **cb)
    elif arg.kind in ("padding_mode", "choice", "activation"):
        options = {"padding_mode": ("valid", "same"), "choice": arg.choices,
                   "activation": (None, *ACTIVATIONS)}[arg.kind]
        st.selectbox(arg.name, options, index=list(options).index(value), key=k, **cb,
                     format_func=lambda o: t("architecture.edit.none", lang) if o is None else str(o))


def read_argument(k: str, arg: Argument):
    """The value of one argument's widget(s) under key `k`, in the spec's JSON form."""
    get = st.session_state.get
    if arg.kind == "pair" or (arg.kind == "pair_or_none" and not get(k + ".auto", False)):
        return [int(get(k + ".h")), int(get(k + ".w"))]
    if arg.kind == "pair_or_none":
        return None
    if arg.kind == "zero_padding":
        return [[int(get(k + ".top")), int(get(k + ".bottom"))], [int(get(k + ".left")), int(get(k + ".right"))]]
    value = get(k)
    if arg.kind in ("int", "int_or_none") and value is not None:
        return int(value)
    if arg.kind in ("float", "float_or_none") and value is not None:
        return float(value)
    return value
