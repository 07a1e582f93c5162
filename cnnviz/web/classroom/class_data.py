"""The class data set in Streamlit: a learner adds camera shots and uploads; the teacher names the classes, looks, removes, trains.

The learner's box sits in the sidebar and computes nothing while closed. The teacher's view lists
counts per class and learner, pages of thumbnails with a remove button each, and "Train on the
class's data": the images become a folder of class folders (`class_images.dataset_folder`), read
by the training package's folder loader and queued on this server's training queue
(`cnnviz.web.training.state.start`). While it trains, the teacher's page — whichever view it shows —
copies the run's progress into the database every `TRAIN_REFRESH` s (`mirror`), so every learner
watches it; at the end it saves the model where /network finds it (`class_training.finish`).
"""
from __future__ import annotations

import pandas as pd
import streamlit as st

from cnnviz.classroom import class_images, class_training, classes
from cnnviz.classroom.classes import ClassInfo, Member
from cnnviz.errors import SettingError
from cnnviz.i18n import t
from cnnviz.images import UPLOAD_FORMATS
from cnnviz.web.lang import current_lang, tr

P = "class.data."
KEY = {name: P + name for name in ("open", "label", "camera_on", "camera", "uploads", "add", "added", "round",
                                    "labels", "save_labels", "filter", "page", "preset", "size", "epochs", "augment",
                                    "train", "ticket")}
UPLOAD_TYPES = ["png", "jpg", "jpeg", "bmp", "gif", "webp"]
PER_PAGE = 24
TRAIN_REFRESH = 2.0
assert {"PNG", "JPEG", "BMP", "GIF", "WEBP"} == set(UPLOAD_FORMATS)  # the uploader offers what open_upload reads


def _room():
    from cnnviz.web.classroom.learner import room

    return room()


def _add(member: Member, label: str, files) -> None:
    added, lang = 0, current_lang()
    for upload in files:
        try:
            class_images.add_image(_room(), member, label, upload.getvalue(), upload.name)
            added += 1
        except SettingError as err:
            st.error(err.sentence(lang))
    if added:
        st.success(tr("class.data.added", n=added, label=label))


def learner_box(member: Member) -> None:
    """The sidebar box "add images to the class data set" (camera or upload), computed only while open."""
    box = st.expander(tr("class.data.add_title"), key=KEY["open"], on_change="rerun")
    if not box.open:
        return
    with box:
        labels = classes.class_info(_room(), member.class_id).labels
        if not labels:
            st.caption(tr("class.data.no_labels"))
            return
        label = st.selectbox(tr("class.data.label"), labels, key=KEY["label"])
        if st.toggle(tr("class.data.use_camera"), key=KEY["camera_on"]):
            shot = st.camera_input(tr("class.data.camera"), key=KEY["camera"], resolution=(480, 480))
            if shot is not None and st.session_state.get(KEY["added"]) != shot.file_id:
                st.session_state[KEY["added"]] = shot.file_id  # one shot is added once, however often the page reruns
                _add(member, label, [shot])
        round_ = st.session_state.setdefault(KEY["round"], 0)
        files = st.file_uploader(tr("class.data.upload"), type=UPLOAD_TYPES, accept_multiple_files=True,
                                 key=f"{KEY['uploads']}.{round_}")
        if st.button(tr("class.data.add"), key=KEY["add"], disabled=not files):
            _add(member, label, files)
            st.session_state[KEY["round"]] = round_ + 1  # a fresh uploader: the same files are not added twice
        mine = class_images.list_images(_room(), member.class_id, member_id=member.id)
        if mine:
            per_label = pd.Series([row.label for row in mine]).value_counts()
            st.caption(tr("class.data.mine", counts=" · ".join(f"{k} {v}" for k, v in per_label.items())))


def training_line(state: str) -> None:
    """One line about the class model (waiting, training, ready, stopped, failed)."""
    st.caption(tr(f"class.train.state.{state}"))


def watch(class_id: str, state: str) -> None:
    """A learner's view of the class model: one line, and its curves while the box is open."""
    box = st.expander(tr(f"class.train.state.{state}"), key=P + "watch", on_change="rerun")
    if box.open:
        with box:
            _curves(class_training.status(_room(), class_id))


def _curves(found) -> None:
    from cnnviz.training import plots

    progress = found.progress if found is not None else {}
    if progress.get("points") or progress.get("history"):
        st.plotly_chart(plots.curves([tuple(p) for p in progress["points"]], progress["history"], current_lang(),
                                     progress.get("epochs")), key=P + "curves")


# --- the teacher's view ----------------------------------------------------------------------


def _labels_form(info: ClassInfo) -> None:
    with st.form(P + "labels_form", border=False):
        text = st.text_input(tr("class.data.labels"), value=", ".join(info.labels), key=KEY["labels"],
                             placeholder=tr("class.data.labels_example"))
        if st.form_submit_button(tr("class.data.save_labels")):
            try:
                classes.set_labels(_room(), info.id, text)
                st.rerun()
            except SettingError as err:
                st.error(err.sentence(current_lang()))


def counts_table(info: ClassInfo) -> pd.DataFrame:
    """Learners as rows, the classes as columns, with totals."""
    found = class_images.counts(_room(), info.id)
    labels = list(info.labels) + [k for k in found if k not in info.labels]
    names = sorted({name for per in found.values() for name in per})
    frame = pd.DataFrame([[found.get(label, {}).get(name, 0) for label in labels] for name in names],
                         index=names, columns=labels, dtype=int)
    frame.loc[tr("class.data.total")] = frame.sum()
    return frame


def teacher_view(info: ClassInfo) -> None:
    """Name the classes, see the counts and the images, remove one, train on the class's data."""
    room, lang = _room(), current_lang()
    _labels_form(info)
    if not info.labels:
        st.info(tr("class.data.name_first"))
        return
    st.dataframe(counts_table(info), key=P + "counts")
    st.caption(tr("class.data.usage", mb=f"{class_images.usage(room, info.id) / 2**20:.1f}",
                  cap=room.limits.class_bytes // 2**20))
    label = st.selectbox(tr("class.data.filter"), ["*", *info.labels], key=KEY["filter"],
                         format_func=lambda v, lang=current_lang(): t("class.data.all", lang) if v == "*" else v)
    rows = class_images.list_images(room, info.id, label=None if label == "*" else label)
    pages = max(1, -(-len(rows) // PER_PAGE))
    page = st.number_input(tr("class.data.page", pages=pages), 1, pages, 1, key=KEY["page"]) if pages > 1 else 1
    cols = st.columns(6)
    for i, row in enumerate(rows[(page - 1) * PER_PAGE: page * PER_PAGE]):
        with cols[i % 6]:
            try:
                st.image(class_images.image_bytes(room, info.id, row.id), caption=f"{row.label} · {row.member_name}",
                         width=110)
            except SettingError as err:
                st.caption(err.sentence(lang))
            if st.button(tr("class.data.remove"), key=f"{P}remove.{row.id}"):
                class_images.remove_image(room, info.id, row.id)
                st.rerun()
    st.divider()
    train_form(info)


def train_form(info: ClassInfo) -> None:
    """Pick a model and a few knobs, then queue a run on the class's images."""
    from cnnviz.presets import list_presets

    st.subheader(tr("class.train.header"))
    a, b, c = st.columns(3)
    presets = list_presets()
    preset = a.selectbox(tr("class.train.preset"), presets, index=presets.index("tf_cnn_cifar10"), key=KEY["preset"])
    size = b.select_slider(tr("class.train.size"), (32, 48, 64, 96, 128), value=64, key=KEY["size"])
    epochs = c.slider(tr("class.train.epochs"), 1, 50, 10, key=KEY["epochs"])
    augment = st.toggle(tr("class.train.augment"), value=True, key=KEY["augment"])
    if st.button(tr("class.train.button"), key=KEY["train"], type="primary"):
        try:
            _start(info, preset, size, epochs, augment)
        except SettingError as err:
            st.error(err.sentence(current_lang()))
    st.fragment(run_every=TRAIN_REFRESH)(_progress)(info.id)


def _start(info: ClassInfo, preset: str, size: int, epochs: int, augment: bool) -> None:
    from cnnviz.presets import load_preset
    from cnnviz.training import datasets
    from cnnviz.training.run import TrainSettings
    from cnnviz.web.training import state

    folder = class_images.dataset_folder(_room(), info.id)
    data = datasets.load_directory(folder, (size, size), 0.2)
    settings = TrainSettings(epochs=epochs, flip=augment, rotation=0.1 if augment else 0.0)
    state.start(load_preset(preset), data, settings)
    ticket = st.session_state[state.TICKET]
    st.session_state[KEY["ticket"]] = (info.id, ticket)
    class_training.begin(_room(), info.id, data.class_names, epochs, logits=getattr(ticket.run, "logits", True))


def training_held() -> bool:
    """True while this teacher session holds a class run whose progress it must copy into the database."""
    return st.session_state.get(KEY["ticket"]) is not None


def mirror(class_id: str) -> None:
    """Copy this session's class run's progress into the database (every learner watches it from there); at its end,
    save the model where /network finds it. Drawn by the teacher's page whatever view is shown (draws nothing)."""
    held = st.session_state.get(KEY["ticket"])
    if held is None or held[0] != class_id:
        return
    ticket = held[1]
    ticket.touch()
    snap = ticket.run.progress.snapshot()
    class_training.mirror(_room(), class_id, snap)
    if ticket.finished:
        model = getattr(ticket.run, "model", None)
        done = snap["state"] == "done" and model is not None
        class_training.finish(_room(), class_id, snap["state"], save_model=model.save if done else None,
                              error=str(snap.get("error") or "") or None)
        st.session_state.pop(KEY["ticket"], None)


def _progress(class_id: str) -> None:
    """The class model's state and curves, from the database (what every learner sees)."""
    found = class_training.status(_room(), class_id)
    if found is not None:
        training_line(found.state)
        _curves(found)
