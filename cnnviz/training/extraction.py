"""Writing a learner's class folders out of an archive safely: the rules every archive format shares.

A `Sink` takes one archive's entries (names, declared sizes, readable streams) from a format's reader
(`cnnviz.training.archives`) and writes the image files among them into a folder:

- entries with ``..``, absolute paths or drive letters are skipped, as are nested archives and files that are
  not images (checked by their first bytes, not only their name); each skip becomes a notice the page shows;
- the archive is refused (a `SettingError`) past `Limits`: the size of one file, the total size and the
  compression ratio, counted while writing, never trusted from a header;
- `class_root` looks through a top folder that only wraps the class folders (``flower_photos/daisy/…``).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import BinaryIO

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


class Sink:
    """Writes one archive's image entries into `folder`: path rules, image check, sizes counted while writing."""

    def __init__(self, folder: Path, limits: Limits):
        self.folder, self.limits = folder, limits
        self.result = Extraction(root=folder)
        self.written = 0

    def parts(self, name: str) -> tuple[str, ...] | None:
        """The entry's path as safe parts, or None (with a notice, unless it is system clutter) to skip it."""
        name = name.replace("\\", "/")
        parts = tuple(p for p in PurePosixPath(name).parts if p not in ("", "."))
        if name.startswith("/") or (len(name) > 1 and name[1] == ":") or ".." in parts:
            self.notice("training.archive.unsafe_path", name)
            return None
        if not parts or parts[0] == "__MACOSX" or any(p.startswith(".") for p in parts):
            return None  # macOS resource forks, .DS_Store: skipped silently
        return parts

    def notice(self, key: str, name: str) -> None:
        self.result.notices.append(SettingError(key, name=name[:80]))

    def directory(self, parts: tuple[str, ...]) -> None:
        if len(parts) <= 2:  # keep (possibly empty) class folders so empty classes are reported
            self.folder.joinpath(*parts).mkdir(parents=True, exist_ok=True)

    def file(self, parts: tuple[str, ...], declared: int, src: BinaryIO, packed: int | None = None) -> None:
        """Copy one entry if it is an image in a class folder; `packed` is its compressed size (zip)."""
        shown = "/".join(parts)[:80]
        suffix = PurePosixPath(parts[-1]).suffix.lower()
        if suffix in ARCHIVE_SUFFIXES:
            return self.notice("training.archive.nested", shown)
        if suffix not in IMAGE_MAGIC:
            return self.notice("training.archive.not_image", shown)
        limit = self.limits.max_file_bytes
        if declared > limit:
            raise SettingError("training.archive.file_too_big", name=shown, mb=mb_text(declared), limit=mb_text(limit))
        if len(parts) < 2:
            return self.notice("training.archive.no_class", shown)
        target = self.folder.joinpath(*parts)
        if not target.resolve().is_relative_to(self.folder.resolve()):  # belt and braces after parts()
            return self.notice("training.archive.unsafe_path", shown)
        if target.exists():
            return self.notice("training.archive.duplicate", shown)
        head = src.read(16)
        if not head.startswith(IMAGE_MAGIC[suffix]):
            return self.notice("training.archive.not_image", shown)
        target.parent.mkdir(parents=True, exist_ok=True)
        size, chunk = 0, head
        with open(target, "xb") as out:
            while chunk:
                size += len(chunk)
                # Counted while reading: a header may lie about the size.
                if size > limit:
                    raise SettingError("training.archive.file_too_big", name=shown, mb=mb_text(size), limit=mb_text(limit))
                if self.written + size > self.limits.max_total_bytes:
                    raise SettingError("training.archive.too_big", mb=mb_text(self.written + size),
                                       limit=mb_text(self.limits.max_total_bytes))
                if packed is not None and size > 2**20 and size > self.limits.max_ratio * max(packed, 1):
                    raise SettingError("training.archive.bomb", ratio=round(size / max(packed, 1)),
                                       limit=round(self.limits.max_ratio))
                out.write(chunk)
                chunk = src.read(CHUNK)
        self.written += size
        self.result.images += 1

    def finish(self) -> Extraction:
        self.result.root = class_root(self.folder)
        return self.result


def class_root(folder: Path, ignore: frozenset[str] = frozenset()) -> Path:
    """Look through single wrapper folders (``data/flowers/daisy/…`` → ``data/flowers``), files in `ignore` aside."""
    root = folder
    for _ in range(3):
        children = [c for c in root.iterdir() if c.name not in ignore]
        if len(children) == 1 and children[0].is_dir() and any(c.is_dir() for c in children[0].iterdir()):
            root = children[0]
        else:
            break
    return root


def mb_text(n: int) -> str:
    """Bytes as megabytes with one decimal, for the refusal sentences."""
    return f"{n / 2**20:.1f}"
