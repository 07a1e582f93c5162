"""Safe extraction of a learner's .zip (one folder per class) into a private temporary folder.

`extracted_zip(source)` is a context manager: it extracts into a fresh folder made by
`tempfile.mkdtemp` (readable only by this user), yields an `Extraction`, and removes the folder
when the block ends, whatever happens inside. Nothing is ever written outside that folder:

- entries with ``..``, absolute paths, drive letters, or symlink entries are skipped;
- nested archives and files that are not images (checked by their first bytes, not only their
  name) are skipped; each skip becomes a notice the page shows;
- the archive is refused (a `SettingError`) past `Limits`: number of entries, total uncompressed
  size, size of one file, and compression ratio (a zip bomb) — sizes are counted while reading,
  never trusted from the header;
- a top folder that only wraps the class folders (``flowers/daisy/…``) is looked through.
"""
from __future__ import annotations

import io
import shutil
import stat
import tempfile
import zipfile
import zlib
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import BinaryIO, Iterator

from cnnviz.errors import SettingError

IMAGE_MAGIC = {  # first bytes of the formats image_dataset_from_directory decodes
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".gif": (b"GIF87a", b"GIF89a"),
    ".bmp": (b"BM",),
}
ARCHIVE_SUFFIXES = (".zip", ".tar", ".gz", ".tgz", ".bz2", ".xz", ".7z", ".rar", ".jar")
CHUNK = 1 << 16


@dataclass(frozen=True)
class Limits:
    """Caps for one archive; the defaults suit a classroom image set."""

    max_entries: int = 5_000
    max_total_bytes: int = 200 * 2**20
    max_file_bytes: int = 20 * 2**20
    max_ratio: float = 100.0  # uncompressed / compressed, per entry (past 1 MiB) and overall


@dataclass
class Extraction:
    """Where the class folders are, how many images were kept, and why others were skipped."""

    root: Path
    images: int = 0
    notices: list[SettingError] = field(default_factory=list)


@contextmanager
def extracted_zip(source: bytes | str | Path | BinaryIO, limits: Limits = Limits()) -> Iterator[Extraction]:
    """Extract `source` (bytes, a path or a file object) safely; the folder is removed on exit."""
    folder = Path(tempfile.mkdtemp(prefix="cnnviz-zip-"))
    try:
        yield extract_zip(source, folder, limits)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def extract_zip(source, folder: Path, limits: Limits = Limits()) -> Extraction:
    """Extract the image files of a zip into `folder` (which must exist and be empty)."""
    if isinstance(source, (bytes, bytearray)):
        source = io.BytesIO(source)
    try:
        archive = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, OSError, ValueError):
        raise SettingError("training.archive.not_zip") from None
    with archive:
        entries = archive.infolist()
        if len(entries) > limits.max_entries:
            raise SettingError("training.archive.too_many", n=len(entries), limit=limits.max_entries)
        declared = sum(e.file_size for e in entries)
        if declared > limits.max_total_bytes:
            raise SettingError("training.archive.too_big", mb=_mb(declared), limit=_mb(limits.max_total_bytes))
        packed = sum(e.compress_size for e in entries)
        if declared > 2**20 and declared > limits.max_ratio * max(packed, 1):
            raise SettingError("training.archive.bomb", ratio=round(declared / max(packed, 1)), limit=round(limits.max_ratio))
        result = Extraction(root=folder)
        written = 0
        for entry in entries:
            parts = _safe_parts(entry, result.notices)
            if parts is None:
                continue
            if entry.is_dir():
                if len(parts) <= 2:  # keep (possibly empty) class folders so empty classes are reported
                    folder.joinpath(*parts).mkdir(parents=True, exist_ok=True)
                continue
            try:
                written += _extract_one(archive, entry, parts, folder, limits, written, result)
            except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError) as err:
                # CRC or size mismatch, bad compressed data, encrypted or exotic compression
                raise SettingError("training.archive.damaged", name="/".join(parts)[:80], reason=str(err)[:120]) from None
        result.root = _class_root(folder)
        return result


def _safe_parts(entry: zipfile.ZipInfo, notices: list[SettingError]) -> tuple[str, ...] | None:
    """The entry's path as safe parts, or None (with a notice) when it must be skipped."""
    name = entry.filename.replace("\\", "/")
    path = PurePosixPath(name)
    parts = tuple(p for p in path.parts if p not in ("", "."))
    shown = name[:80]
    if name.startswith("/") or (len(name) > 1 and name[1] == ":") or ".." in parts:
        notices.append(SettingError("training.archive.unsafe_path", name=shown))
        return None
    if stat.S_ISLNK(entry.external_attr >> 16):
        notices.append(SettingError("training.archive.symlink", name=shown))
        return None
    if not parts or parts[0] == "__MACOSX" or any(p.startswith(".") for p in parts):
        return None  # system clutter (macOS resource forks, .DS_Store): skipped silently
    return parts


def _extract_one(archive, entry, parts, folder: Path, limits: Limits, written: int, result: Extraction) -> int:
    """Write one image file; returns the bytes written (0 when skipped)."""
    shown = "/".join(parts)[:80]
    suffix = PurePosixPath(parts[-1]).suffix.lower()
    if suffix in ARCHIVE_SUFFIXES:
        result.notices.append(SettingError("training.archive.nested", name=shown))
        return 0
    if suffix not in IMAGE_MAGIC:
        result.notices.append(SettingError("training.archive.not_image", name=shown))
        return 0
    if entry.file_size > limits.max_file_bytes:
        raise SettingError("training.archive.file_too_big", name=shown, mb=_mb(entry.file_size), limit=_mb(limits.max_file_bytes))
    if len(parts) < 2:
        result.notices.append(SettingError("training.archive.no_class", name=shown))
        return 0
    target = folder.joinpath(*parts)
    if not target.resolve().is_relative_to(folder.resolve()):  # belt and braces after _safe_parts
        result.notices.append(SettingError("training.archive.unsafe_path", name=shown))
        return 0
    if target.exists():
        result.notices.append(SettingError("training.archive.duplicate", name=shown))
        return 0
    target.parent.mkdir(parents=True, exist_ok=True)
    size = 0
    with archive.open(entry) as src, open(target, "xb") as out:
        head = src.read(16)
        if not head.startswith(IMAGE_MAGIC[suffix]):
            out.close()
            target.unlink()
            result.notices.append(SettingError("training.archive.not_image", name=shown))
            return 0
        chunk = head
        while chunk:
            size += len(chunk)
            # Counted while reading: a header may lie about the size.
            if size > limits.max_file_bytes or written + size > limits.max_total_bytes:
                raise SettingError("training.archive.too_big", mb=_mb(written + size), limit=_mb(limits.max_total_bytes))
            if size > 2**20 and size > limits.max_ratio * max(entry.compress_size, 1):
                raise SettingError("training.archive.bomb", ratio=round(size / max(entry.compress_size, 1)),
                                   limit=round(limits.max_ratio))
            out.write(chunk)
            chunk = src.read(CHUNK)
    result.images += 1
    return size


def _class_root(folder: Path) -> Path:
    """Look through single wrapper folders (``data/flowers/daisy/…`` → ``data/flowers``)."""
    root = folder
    for _ in range(3):
        children = [c for c in root.iterdir()]
        if len(children) == 1 and children[0].is_dir() and any(c.is_dir() for c in children[0].iterdir()):
            root = children[0]
        else:
            break
    return root


def _mb(n: int) -> str:
    return f"{n / 2**20:.1f}"
