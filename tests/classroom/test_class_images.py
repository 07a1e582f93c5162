"""The class data set: images checked like any upload, re-encoded and bounded, kept per class, never shown to another."""
from __future__ import annotations

import io
import os

import pytest
from PIL import Image

from cnnviz.classroom import class_images, classes
from cnnviz.errors import SettingError
from tests.classroom.conftest import png


def test_an_image_is_checked_reencoded_and_counted(room, klass, mina, jun):
    image_id = class_images.add_image(room, mina, "rock", png(1600, 1200), "IMG_0001.png")
    stored = class_images.image_bytes(room, klass.id, image_id)
    with Image.open(io.BytesIO(stored)) as im:
        assert (im.format, im.mode, im.size) == ("JPEG", "RGB", (256, 192))  # at most 256 pixels a side
    class_images.add_image(room, jun, "paper", png(100, 100, "white", "L", "BMP"), "p.bmp")
    class_images.add_image(room, jun, "paper", png(50, 80, (0, 0, 255, 128), "RGBA"), "p.png")
    assert class_images.counts(room, klass.id) == {"rock": {"Mina": 1}, "paper": {"Jun": 2}}
    rows = class_images.list_images(room, klass.id)
    assert [r.member_name for r in rows].count("Jun") == 2 and sum(r.bytes for r in rows) == class_images.usage(room)
    assert [r.label for r in class_images.list_images(room, klass.id, member_id=mina.id)] == ["rock"]
    assert len(list((room.root / klass.id).glob("*.jpg"))) == 3
    assert classes.roster(room, klass.id)[0].images == 1


@pytest.mark.parametrize("data, name, key", [
    (b"", "x.png", "images.empty"),
    (b"GIF89a" + b"\x00" * 10, "x.gif", "images.corrupt"),
    (b"<svg xmlns='http://www.w3.org/2000/svg'/>", "x.svg", "images.unsupported_format"),
    (b"%PDF-1.4 hello", "x.pdf", "images.unsupported_format"),
])
def test_what_is_not_an_image_is_refused_and_leaves_no_file(room, klass, mina, data, name, key):
    with pytest.raises(SettingError) as err:
        class_images.add_image(room, mina, "rock", data, name)
    assert err.value.key == key
    assert class_images.usage(room, klass.id) == 0
    assert not (room.root / klass.id).exists() or not list((room.root / klass.id).iterdir())


def test_an_unknown_label_or_an_ended_class_is_refused(room, klass, mina):
    with pytest.raises(SettingError) as err:
        class_images.add_image(room, mina, "../../etc", png(), "x.png")
    assert err.value.key == "class.err.no_label"
    classes.close_class(room, klass.id)
    with pytest.raises(SettingError) as err:
        class_images.add_image(room, mina, "rock", png(), "x.png")
    assert err.value.key == "class.err.closed"
    assert list((room.root / klass.id).glob("*")) == []  # the refused files were taken back


@pytest.mark.parametrize("limits, key", [({"images_per_member": 2}, "class.err.image_count"),
                                         ({"class_bytes": 3000}, "class.err.class_full"),
                                         ({"total_bytes": 3000}, "class.err.disk_full")])
def test_the_caps_hold(make_room, limits, key):
    room = make_room(**limits)
    info = classes.start_class(room, "", "a, b")
    member = classes.join(room, info.code, "Mina")[0]
    noisy = Image.effect_noise((64, 64), 80).convert("RGB")  # ~2 KB as JPEG: the byte caps bite on the second
    out = io.BytesIO()
    noisy.save(out, "PNG")
    with pytest.raises(SettingError) as err:
        for _ in range(3):
            class_images.add_image(room, member, "a", out.getvalue(), "n.png")
    assert err.value.key == key
    assert len(class_images.list_images(room, info.id)) == len(list((room.root / info.id).glob("*.jpg")))


def test_images_are_read_and_removed_only_within_their_class_and_by_their_learner(room, klass, mina, jun):
    image_id = class_images.add_image(room, mina, "rock", png(), "x.png")
    other = classes.start_class(room, "other", "rock, paper")
    stranger = classes.join(room, other.code, "Stranger")[0]
    for attempt in (lambda: class_images.image_bytes(room, other.id, image_id),
                    lambda: class_images.image_bytes(room, klass.id, image_id, member_id=jun.id),
                    lambda: class_images.remove_image(room, klass.id, image_id, member_id=jun.id),
                    lambda: class_images.remove_image(room, other.id, image_id),
                    lambda: class_images.image_bytes(room, klass.id, "../" + image_id)):
        with pytest.raises(SettingError) as err:
            attempt()
        assert err.value.key == "class.err.no_image"
    assert class_images.list_images(room, other.id) == [] and class_images.counts(room, other.id) == {}
    assert class_images.list_images(room, klass.id, member_id=stranger.id) == []
    assert class_images.image_bytes(room, klass.id, image_id, member_id=mina.id)[:2] == b"\xff\xd8"
    class_images.remove_image(room, klass.id, image_id)  # the teacher removes any image of the class
    assert class_images.list_images(room, klass.id) == [] and not list((room.root / klass.id).glob("*.jpg"))


def test_the_data_set_folder_has_one_folder_per_named_class(room, klass, mina, jun):
    for member, label in ((mina, "rock"), (mina, "rock"), (jun, "paper"), (jun, "scissors")):
        class_images.add_image(room, member, label, png(), "x.png")
    classes.set_labels(room, klass.id, "rock, paper, 바위")  # scissors dropped, a Korean class added
    folder = class_images.dataset_folder(room, klass.id)
    found = {d.name: sorted(f.name for f in d.iterdir()) for d in folder.iterdir()}
    assert {k: len(v) for k, v in found.items()} == {"rock": 2, "paper": 1, "바위": 0}
    assert all(name.endswith(".jpg") for names in found.values() for name in names)
    assert os.path.samefile(next((folder / "paper").iterdir()), next(
        room.root / klass.id / n for n in os.listdir(room.root / klass.id) if n == found["paper"][0]))
    again = class_images.dataset_folder(room, klass.id)  # built afresh each time
    assert sorted(p.name for p in again.iterdir()) == ["paper", "rock", "바위"]
