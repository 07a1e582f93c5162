"""Streamlit glue of the architecture builder: the draft in session state, the editor widgets and their callbacks.

Every session-state key the page uses is declared here once. Structural changes (load, add, remove,
move, change type) bump a version number that is part of every editor widget's key, so widgets are
created afresh from the draft; argument edits go through `on_change` callbacks, which run before the
script, so the table drawn at the top already shows the edit. The page's settings (`preset`,
`spec`, `predict`; `cnnviz.builder.settings.ARCHITECTURE`) come from the link and go back into it:
`apply_query` loads what a link names, `remember` writes the draft into the link.
"""
from __future__ import annotations

import json

import streamlit as st

from cnnviz.builder import draft as builder
from cnnviz.errors import SettingError
from cnnviz.i18n import t
from cnnviz.images import display_name  # names from files, made safe for markdown
from cnnviz.builder.settings import ARCHITECTURE, EMPTY, MAX_SPEC_CHARS, decode_spec, encode_spec
from cnnviz.presets import DEFAULT_PRESET, list_presets, load_preset
from cnnviz.calc.specs import LAYER_TYPES, load_spec
from cnnviz.web import settings as ws
from cnnviz.web.builder import model_file
from cnnviz.web.builder.arguments import argument_widget, read_argument
from cnnviz.web.classroom.sidebar import locked

# Session-state keys (declared once).
LAYERS = "arch.layers"
INPUT_SHAPE = "arch.input_shape"
NAME = "arch.name"
ABOUT = "arch.about"  # (source, description) of the loaded spec, kept for the export
VERSION = "arch.version"
SELECTED = "arch.selected"
REVEALED = "arch.revealed"
CHECKS = "arch.checks"
IMPORT_NOTE = "arch.import_note"
START = "arch.start"
PREDICT = ws.key(ARCHITECTURE, "predict")
ADD_TYPE = "arch.add_type"
UPLOAD = "arch.upload"
HANDOFF = "architecture_spec"  # read by /training: the spec dict to train
KEPT = "arch.kept"  # a copy of START: Streamlit drops widget state while another page is open
OWN = "__own__"  # shown in "Start from" after an import or a link's spec: the stack is the learner's own


def init() -> None:
    """First run of a session: the default preset. Back from another page: the widgets' last values."""
    if LAYERS not in st.session_state:
        _load(builder.Draft.from_spec(load_preset(DEFAULT_PRESET)))
        st.session_state[KEPT] = {START: DEFAULT_PRESET}
        st.session_state[REVEALED] = set()
        st.session_state[CHECKS] = {}
    for key, value in st.session_state[KEPT].items():
        if key not in st.session_state:
            st.session_state[key] = value


def keep() -> None:
    """Remember the start choice for when the learner comes back to this page."""
    st.session_state[KEPT] = {START: st.session_state.get(START, DEFAULT_PRESET)}


def apply_query(lang: str) -> None:
    """Load what a link names (``?preset=``, ``?spec=``, ``?predict=``) once per link; bad values get a warning."""
    fresh = ws.start(ARCHITECTURE)
    for sentence in ws.notices(ARCHITECTURE):
        st.warning(sentence)
    if not fresh:
        return
    values = ws.stored(ARCHITECTURE)
    if values["spec"]:
        _load(builder.Draft.from_spec(decode_spec(values["spec"])))  # checked when the link was read
        st.session_state[START] = OWN
    elif values["preset"] == EMPTY:
        _load(builder.Draft("model", (32, 32, 3), []))
        st.session_state[START] = EMPTY
    else:
        _load(builder.Draft.from_spec(load_preset(values["preset"])))
        st.session_state[START] = values["preset"]


def remember(evaluation: builder.Evaluation) -> str | None:
    """The draft into the link: its preset as it ships, or its own spec; returns a note key when it cannot travel."""
    start = st.session_state.get(START, DEFAULT_PRESET)
    last = ws.stored(ARCHITECTURE)
    preset = start if start in (EMPTY, *list_presets()) else last["preset"]
    spec, note = last["spec"], None
    if evaluation.spec is not None:
        as_shipped = preset != EMPTY and evaluation.spec.to_dict() == load_preset(preset).to_dict()
        spec = "" if as_shipped else encode_spec(evaluation.spec)
        if len(spec) > MAX_SPEC_CHARS:
            spec, note = last["spec"], "architecture.link.too_long"
    elif not evaluation.rows:
        spec = "" if preset == EMPTY else last["spec"]
    ws.remember(ARCHITECTURE, {"preset": preset, "spec": spec, "predict": predicting()})
    return note


def draft() -> builder.Draft:
    source, description = st.session_state.get(ABOUT, ("", ""))
    return builder.Draft(st.session_state[NAME], tuple(st.session_state[INPUT_SHAPE]), list(st.session_state[LAYERS]),
                         source, description)


def _load(d: builder.Draft, selected: int = 0) -> None:
    st.session_state[NAME] = d.name
    st.session_state[ABOUT] = (d.source, d.description)
    st.session_state[INPUT_SHAPE] = tuple(d.input_shape)
    _set_layers(d.layers, selected)


def _set_layers(layers: list[dict], selected: int | None = None) -> None:
    st.session_state[LAYERS] = layers
    st.session_state[VERSION] = st.session_state.get(VERSION, 0) + 1
    if selected is not None:
        st.session_state[SELECTED] = max(0, min(selected, len(layers) - 1))


def _key(index: int, arg: str) -> str:
    return f"arch.v{st.session_state[VERSION]}.{index}.{arg}"


# ---------------------------------------------------------------------------------------------
# Callbacks


def _on_start() -> None:
    choice = st.session_state[START]
    if choice == OWN:
        return
    if choice == EMPTY:
        _load(builder.Draft("model", (32, 32, 3), []))
    else:
        _load(builder.Draft.from_spec(load_preset(choice)))


def _on_input(dim: int) -> None:
    shape = list(st.session_state[INPUT_SHAPE])
    shape[dim] = int(st.session_state[f"arch.v{st.session_state[VERSION]}.input.{dim}"])
    st.session_state[INPUT_SHAPE] = tuple(shape)


def _on_name() -> None:
    st.session_state[NAME] = st.session_state[f"arch.v{st.session_state[VERSION]}.name"] or "model"


def _on_add() -> None:
    layers = st.session_state[LAYERS]
    at = st.session_state.get(SELECTED, -1) + 1 if layers else 0
    _set_layers(builder.add_layer(layers, st.session_state[ADD_TYPE], at), at)


def _on_remove(index: int) -> None:
    _set_layers(builder.remove_layer(st.session_state[LAYERS], index), max(0, index - 1))


def _on_move(index: int, offset: int) -> None:
    layers = st.session_state[LAYERS]
    if 0 <= index + offset < len(layers):
        _set_layers(builder.move_layer(layers, index, offset), index + offset)


def _on_type(index: int) -> None:
    _set_layers(builder.change_type(st.session_state[LAYERS], index, st.session_state[_key(index, "type")]), index)


def _on_arg(index: int, arg: builder.Argument) -> None:
    value = read_argument(_key(index, arg.name), arg)
    st.session_state[LAYERS] = builder.edit_layer(st.session_state[LAYERS], index, **{arg.name: value})


def _on_layer_name(index: int) -> None:
    text = (st.session_state[_key(index, "name")] or "").strip()
    st.session_state[LAYERS] = builder.edit_layer(st.session_state[LAYERS], index, name=text or None)


def _on_upload() -> None:
    upload = st.session_state.get(UPLOAD)
    if upload is None:
        return
    try:
        if model_file.is_model_file(upload.name):  # a saved model: shown as it is, read-only
            model_file.load(upload.getvalue(), upload.name)
            return
        model_file.close()
        spec = load_spec(upload.getvalue())
    except SettingError as err:
        st.session_state[IMPORT_NOTE] = ("error", err)
        return
    _load(builder.Draft.from_spec(spec))
    st.session_state[START] = OWN
    st.session_state[IMPORT_NOTE] = ("done", {"name": display_name(spec.name), "count": len(spec.layers)})


# ---------------------------------------------------------------------------------------------
# Widgets


def start_controls(lang: str) -> None:
    options = [EMPTY, *list_presets(), OWN]
    names = {EMPTY: t("architecture.start.empty", lang), OWN: t("architecture.start.own", lang)}
    st.selectbox(t("architecture.start", lang), options, key=START, on_change=_on_start,
                 format_func=lambda o: names.get(o, o), disabled=locked("preset"),
                 help=t("architecture.start.help", lang))
    v = st.session_state[VERSION]
    fixed = locked("spec")  # a teacher's link fixed the layers: the learner predicts, but does not edit
    st.text_input(t("architecture.name", lang), value=st.session_state[NAME], key=f"arch.v{v}.name",
                  on_change=_on_name, max_chars=64, disabled=fixed)
    st.caption(t("architecture.input_shape", lang))
    cols = st.columns(3)
    for dim, label in enumerate(("h", "w", "c")):
        cols[dim].number_input(t(f"architecture.input.{label}", lang), 1, 4096, int(st.session_state[INPUT_SHAPE][dim]),
                               key=f"arch.v{v}.input.{dim}", on_change=_on_input, args=(dim,), disabled=fixed)
    st.file_uploader(t("architecture.import", lang), type=["json", "keras", "h5"], key=UPLOAD, on_change=_on_upload,
                     help=t("architecture.import.help", lang), disabled=locked("preset") or fixed)
    note = st.session_state.pop(IMPORT_NOTE, None)
    if note and note[0] == "error":
        st.error(note[1].sentence(lang))
    elif note:
        st.success(t("architecture.import.done", lang, **note[1]))


def layer_picker(evaluation: builder.Evaluation, lang: str) -> int | None:
    rows = evaluation.rows
    if not rows:
        return None
    if st.session_state.get(SELECTED, 0) >= len(rows):
        st.session_state[SELECTED] = len(rows) - 1
    return st.selectbox(t("architecture.selected", lang), range(len(rows)), key=SELECTED,
                        format_func=lambda i: f"{i} · {rows[i].name or '?'} ({rows[i].type})")


def structure_buttons(index: int | None, count: int, lang: str) -> None:
    cols = st.columns([2, 2, 2, 2, 2], vertical_alignment="bottom")
    fixed = locked("spec")
    cols[0].selectbox(t("architecture.add.type", lang), list(LAYER_TYPES), key=ADD_TYPE,
                      help=t("architecture.add.help", lang), disabled=fixed)
    cols[1].button(t("architecture.add", lang), key="arch.add", on_click=_on_add, icon=":material/add:", disabled=fixed)
    if index is None:
        return
    cols[2].button(t("architecture.remove", lang), key="arch.remove", on_click=_on_remove, args=(index,),
                   icon=":material/delete:", disabled=fixed)
    cols[3].button(t("architecture.up", lang), key="arch.up", on_click=_on_move, args=(index, -1),
                   disabled=fixed or index == 0, icon=":material/arrow_upward:")
    cols[4].button(t("architecture.down", lang), key="arch.down", on_click=_on_move, args=(index, 1),
                   disabled=fixed or index >= count - 1, icon=":material/arrow_downward:")


def layer_editor(index: int, raw: dict, lang: str) -> None:
    """One widget per argument of the selected layer (Keras's names as labels)."""
    kind = raw.get("type")
    types = list(LAYER_TYPES)
    a, b = st.columns(2)
    fixed = locked("spec")
    a.selectbox(t("architecture.edit.type", lang), types, index=types.index(kind), key=_key(index, "type"),
                on_change=_on_type, args=(index,), disabled=fixed)
    values = builder.layer_values(raw, index)
    b.text_input(t("architecture.edit.layer_name", lang), value=str(raw.get("name", "")), key=_key(index, "name"),
                  on_change=_on_layer_name, args=(index,), max_chars=64, disabled=fixed)
    args = builder.arguments(kind)
    cols = st.columns(3)
    for i, arg in enumerate(args):
        with cols[i % 3]:
            argument_widget(_key(index, arg.name), arg, values.get(arg.name), lang,
                            on_change=_on_arg, args=(index, arg), disabled=fixed)


def spec_json(spec) -> str:
    return json.dumps(spec.to_dict(), indent=1, ensure_ascii=False) + "\n"


def predict_toggle() -> bool:
    """Predict, then reveal: hides every shape until the learner has answered (a link may lock it)."""
    return ws.widget(ARCHITECTURE, "predict")


def predicting() -> bool:
    return bool(st.session_state.get(PREDICT))


def revealed() -> set:
    return st.session_state.setdefault(REVEALED, set())


def checks() -> dict:
    return st.session_state.setdefault(CHECKS, {})


def hand_to_training(spec) -> None:
    """Store the spec for /training and open it."""
    st.session_state[HANDOFF] = spec.to_dict()
    st.switch_page("pages/training.py")

