"""Hostile archives, generated here: nothing lands outside the private folder, which is removed afterwards."""
from __future__ import annotations

import io
import stat
import tarfile
import tempfile
import zipfile
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from cnnviz.training.archives import Limits, extracted_zip
from cnnviz.training.datasets import load_directory
from cnnviz.errors import SettingError


def png(seed: int = 0, size: int = 8) -> bytes:
    pixels = np.random.default_rng(seed).integers(0, 256, (size, size, 3), dtype=np.uint8)
    out = io.BytesIO()
    Image.fromarray(pixels).save(out, format="PNG")
    return out.getvalue()


def make_zip(entries: list[tuple[str, bytes | None]], symlinks: dict[str, str] | None = None,
             compression=zipfile.ZIP_DEFLATED) -> bytes:
    """A zip from (name, bytes) pairs; bytes None makes a directory entry; `symlinks` name → target."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as zf:
        for name, data in entries:
            if data is None:
                zf.writestr(zipfile.ZipInfo(name if name.endswith("/") else name + "/"), b"")
            else:
                zf.writestr(name, data)
        for name, target in (symlinks or {}).items():
            info = zipfile.ZipInfo(name)
            info.external_attr = (stat.S_IFLNK | 0o777) << 16
            zf.writestr(info, target)
    return out.getvalue()


NOISE = np.random.default_rng(0).integers(0, 256, 2_000_000, dtype=np.uint8).tobytes()  # incompressible
GOOD = [(f"{c}/{i}.png", png(i)) for c in ("cats", "dogs") for i in range(3)]


@pytest.fixture
def sandbox(tmp_path, monkeypatch):
    """The private folders go under tmp/, the working directory is cwd/: both must stay clean."""
    (tmp_path / "tmp").mkdir()
    (tmp_path / "cwd").mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    monkeypatch.chdir(tmp_path / "cwd")
    yield tmp_path
    assert list((tmp_path / "tmp").iterdir()) == [], "the private folder was not removed"
    assert list((tmp_path / "cwd").iterdir()) == [], "something was written into the working directory"
    assert not list(tmp_path.rglob("evil*")), "a hostile entry was written"


@pytest.mark.parametrize("hostile, notice", [
    ([("../evil.png", png())], "training.archive.unsafe_path"),
    ([("cats/../../evil.png", png())], "training.archive.unsafe_path"),
    ([("/tmp/evil_abs.png", png())], "training.archive.unsafe_path"),
    ([("C:/evil_drive.png", png())], "training.archive.unsafe_path"),
    ([("cats\\..\\..\\evil_bs.png", png())], "training.archive.unsafe_path"),
    ([("cats/inner.zip", make_zip(GOOD))], "training.archive.nested"),
    ([("cats/readme.txt", b"hello")], "training.archive.not_image"),
    ([("cats/evil_fake.png", b"<html>not a png</html>")], "training.archive.not_image"),
    ([("loose.png", png())], "training.archive.no_class"),
])
def test_hostile_entry_is_skipped_with_a_notice(sandbox, hostile, notice):
    with extracted_zip(make_zip(GOOD + hostile)) as ex:
        assert [n.key for n in ex.notices] == [notice]
        assert ex.images == 6
        data = load_directory(ex.root, (8, 8), 0.34, seed=1)
        assert data.class_names == ["cats", "dogs"]
        assert len(data.x_train) + len(data.x_val) == 6
        root = ex.root
    assert not root.exists()


def test_symlink_entry_is_skipped(sandbox):
    with extracted_zip(make_zip(GOOD, symlinks={"cats/evil_link.png": "/etc/passwd"})) as ex:
        assert [n.key for n in ex.notices] == ["training.archive.symlink"]
        assert not any(p.is_symlink() for p in ex.root.rglob("*"))


@pytest.mark.parametrize("entries, limits, error", [
    ([("cats/evil_bomb.png", b"\0" * (30 * 2**20))], Limits(), "training.archive.bomb"),
    ([(f"many/{i}.png", b"x") for i in range(120)], Limits(max_entries=100), "training.archive.too_many"),
    ([("cats/big.png", b"\x89PNG\r\n\x1a\n" + NOISE)], Limits(max_total_bytes=100_000),
     "training.archive.too_big"),
    ([("cats/big.png", b"\x89PNG\r\n\x1a\n" + NOISE)], Limits(max_file_bytes=100_000),
     "training.archive.file_too_big"),
])
def test_archive_past_a_cap_is_refused(sandbox, entries, limits, error):
    with pytest.raises(SettingError) as err:
        with extracted_zip(make_zip(GOOD + entries), limits):
            pass
    assert err.value.key == error
    assert str(err.value).endswith(".")  # a sentence, not a traceback


def test_thousands_of_files_are_refused_by_the_default_cap(sandbox):
    many = [(f"cats/{i}.png", b"") for i in range(Limits().max_entries + 1)]
    with pytest.raises(SettingError) as err:
        with extracted_zip(make_zip(many, compression=zipfile.ZIP_STORED)):
            pass
    assert err.value.key == "training.archive.too_many"
    assert err.value.values["n"] == Limits().max_entries + 1


def test_sizes_are_counted_while_reading_not_trusted_from_the_header(sandbox):
    """A header that under-states the size: the bytes actually read trip the cap."""
    data = bytearray(make_zip([("cats/a.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 300_000), ("dogs/b.png", png())],
                              compression=zipfile.ZIP_STORED))
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as zf:
        info = zf.getinfo("cats/a.png")
    # Patch the declared uncompressed size in the central directory to 10 bytes.
    central = data.rfind(b"PK\x01\x02", 0, data.rfind(b"dogs/b.png"))
    data[central + 24:central + 28] = (10).to_bytes(4, "little")
    assert info.file_size > 10
    with pytest.raises(SettingError) as err:
        with extracted_zip(bytes(data), Limits(max_total_bytes=100_000)):
            pass
    assert err.value.key in ("training.archive.too_big", "training.archive.damaged")


def test_encrypted_or_corrupt_entry_is_a_sentence(sandbox):
    data = bytearray(make_zip(GOOD, compression=zipfile.ZIP_DEFLATED))
    at = data.find(b"cats/0.png") + len("cats/0.png") + 20  # inside the first entry's compressed bytes
    data[at:at + 40] = b"\xff" * 40
    with pytest.raises(SettingError) as err:
        with extracted_zip(bytes(data)):
            pass
    assert err.value.key == "training.archive.damaged"


def test_empty_class_folder_gets_a_clear_message(sandbox):
    with extracted_zip(make_zip(GOOD + [("birds/", None)])) as ex:
        with pytest.raises(SettingError) as err:
            load_directory(ex.root, (8, 8), 0.34)
    assert err.value.key == "training.err.small_class"
    assert "birds (0)" in str(err.value)


def test_tiny_class_gets_a_clear_message(sandbox):
    with extracted_zip(make_zip(GOOD + [("birds/1.png", png(9))])) as ex:
        with pytest.raises(SettingError) as err:
            load_directory(ex.root, (8, 8), 0.34)
    assert "birds (1)" in err.value.sentence("ko")


def test_a_wrapper_folder_is_looked_through(sandbox):
    wrapped = [(f"flower_photos/{name}", data) for name, data in GOOD]
    with extracted_zip(make_zip(wrapped)) as ex:
        assert ex.root.name == "flower_photos"
        assert load_directory(ex.root, (8, 8), 0.34).class_names == ["cats", "dogs"]


def test_not_a_zip_is_refused(sandbox):
    with pytest.raises(SettingError) as err:
        with extracted_zip(b"this is not a zip"):
            pass
    assert err.value.key == "training.archive.not_zip"


def test_folder_is_removed_when_the_block_raises(sandbox):
    with pytest.raises(RuntimeError):
        with extracted_zip(make_zip(GOOD)) as ex:
            root = Path(ex.root)
            raise RuntimeError("boom")
    assert not root.exists()


def test_macos_clutter_is_skipped_silently(sandbox):
    clutter = [("__MACOSX/cats/._0.png", b"junk"), ("cats/.DS_Store", b"junk")]
    with extracted_zip(make_zip(GOOD + clutter)) as ex:
        assert ex.notices == [] and ex.images == 6


# ---------------------------------------------------------------------------------------------
# Tar archives (.tar, .tar.gz/.tgz, .tar.bz2, .tar.xz): the same rules, counted while reading the stream

from cnnviz.training.archives import archive_kind, extract_archive, extracted_archive  # noqa: E402
from tests.training.helpers import make_tar  # noqa: E402


@pytest.mark.parametrize("mode", ["w", "w:gz", "w:bz2", "w:xz"])
def test_tar_of_class_folders_is_extracted(sandbox, mode):
    with extracted_archive(make_tar([("flower_photos/", None)] + [(f"flower_photos/{n}", d) for n, d in GOOD],
                                    mode=mode)) as ex:
        assert ex.notices == [] and ex.images == 6
        assert ex.root.name == "flower_photos"
        data = load_directory(ex.root, (8, 8), 0.34, seed=1)
        assert data.class_names == ["cats", "dogs"] and data.n_train + data.n_val == 6


@pytest.mark.parametrize("hostile, special, notice", [
    ([("../evil.png", png())], None, "training.archive.unsafe_path"),
    ([("cats/../../evil.png", png())], None, "training.archive.unsafe_path"),
    ([("/tmp/evil_abs.png", png())], None, "training.archive.unsafe_path"),
    ([], {"cats/evil_link.png": (tarfile.SYMTYPE, "/etc/passwd")}, "training.archive.symlink"),
    ([], {"cats/evil_hard.png": (tarfile.LNKTYPE, "cats/0.png")}, "training.archive.symlink"),
    ([], {"cats/evil_fifo.png": (tarfile.FIFOTYPE, "")}, "training.archive.special"),
    ([], {"cats/evil_dev.png": (tarfile.CHRTYPE, "")}, "training.archive.special"),
    ([("cats/inner.tgz", make_tar(GOOD))], None, "training.archive.nested"),
    ([("cats/readme.txt", b"hello")], None, "training.archive.not_image"),
    ([("cats/evil_fake.png", b"<html>not a png</html>")], None, "training.archive.not_image"),
    ([("loose.png", png())], None, "training.archive.no_class"),
])
def test_hostile_tar_entry_is_skipped_with_a_notice(sandbox, hostile, special, notice):
    with extracted_archive(make_tar(GOOD + hostile, special=special)) as ex:
        assert [n.key for n in ex.notices] == [notice]
        assert ex.images == 6
        assert not any(p.is_symlink() for p in ex.root.rglob("*"))
        assert sorted(p.name for p in ex.root.iterdir()) == ["cats", "dogs"]


@pytest.mark.parametrize("entries, limits, error", [
    # A skipped entry is decompressed too: the ratio trips while reading it, not after.
    ([("cats/evil_bomb.bin", b"\0" * (30 * 2**20))], Limits(), "training.archive.bomb"),
    ([("cats/evil_bomb.png", b"\0" * (30 * 2**20))], Limits(), "training.archive.file_too_big"),
    ([(f"many/{i}.png", b"x") for i in range(120)], Limits(max_entries=100), "training.archive.too_many"),
    ([("cats/big.png", b"\x89PNG\r\n\x1a\n" + NOISE)], Limits(max_total_bytes=100_000), "training.archive.too_big"),
    ([("cats/big.png", b"\x89PNG\r\n\x1a\n" + NOISE)], Limits(max_file_bytes=100_000), "training.archive.file_too_big"),
    ([("cats/notes.txt", NOISE)], Limits(max_total_bytes=100_000), "training.archive.too_big"),  # skipped bytes count
])
def test_tar_past_a_cap_is_refused(sandbox, entries, limits, error):
    with pytest.raises(SettingError) as err:
        with extracted_archive(make_tar(GOOD + entries), limits):
            pass
    assert err.value.key == error
    assert str(err.value).endswith(".")


def _lie_about_size(data: bytearray, name: bytes, size: int) -> bytes:
    """Rewrite the size field (and checksum) of entry `name`'s header."""
    at = data.find(name)
    data[at + 124:at + 136] = b"%011o\0" % size
    data[at + 148:at + 156] = b" " * 8
    data[at + 148:at + 156] = b"%06o\0 " % sum(data[at:at + 512])
    return bytes(data)


@pytest.mark.parametrize("name, declared, error", [
    (b"cats/a.png", 5 * 2**30, "training.archive.file_too_big"),  # an image claiming 5 GB: refused from its header
    (b"cats/a.bin", 5 * 2**30, "training.archive.damaged"),  # anything else: read until the stream ends, then refused
])
def test_tar_header_claiming_a_huge_size_is_refused(sandbox, name, declared, error):
    data = bytearray(make_tar([(name.decode(), b"\x89PNG\r\n\x1a\n" + bytes(3000)), ("dogs/b.png", png())], mode="w:gz"))
    import gzip

    raw = bytearray(gzip.decompress(bytes(data)))
    with pytest.raises(SettingError) as err:
        with extracted_archive(gzip.compress(_lie_about_size(raw, name, declared))):
            pass
    assert err.value.key == error


def test_tar_header_understating_the_size_writes_no_more_than_it_says(sandbox):
    """The bytes after a lying header are read as the next header (zeros: the end), never as more image."""
    raw = bytearray(make_tar([("cats/a.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 300_000), ("dogs/b.png", png())], mode="w"))
    with extracted_archive(_lie_about_size(raw, b"cats/a.png", 10), Limits(max_total_bytes=100_000)) as ex:
        assert [p.stat().st_size for p in ex.root.rglob("*.png")] == [10]


def test_damaged_tar_gz_is_a_sentence(sandbox):
    data = bytearray(make_tar(GOOD + [("cats/big.png", b"\x89PNG\r\n\x1a\n" + NOISE[:300_000])]))
    data[len(data) // 2:len(data) // 2 + 64] = b"\xff" * 64
    with pytest.raises(SettingError) as err:
        with extracted_archive(bytes(data)):
            pass
    assert err.value.key == "training.archive.damaged"


@pytest.mark.parametrize("data, kind", [
    (make_zip(GOOD), "zip"), (make_tar(GOOD), "tar"), (make_tar(GOOD, mode="w"), "tar"),
    (make_tar(GOOD, mode="w:xz"), "tar"), (b"hello", None), (b"\x89PNG\r\n\x1a\n" + bytes(600), None),
])
def test_archive_kind_reads_the_first_bytes(data, kind):
    assert archive_kind(data[:512]) == kind


def test_not_an_archive_is_refused(sandbox):
    (sandbox / "out").mkdir()
    with pytest.raises(SettingError) as err:
        extract_archive(b"this is not an archive", sandbox / "out")
    assert err.value.key == "training.archive.unknown_format"
    assert ".tar.gz" in err.value.sentence("ko")
