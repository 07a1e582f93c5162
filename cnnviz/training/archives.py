"""Safe extraction of a learner's archive of class folders (.zip, .tar, .tar.gz/.tgz, .tar.bz2, .tar.xz).

`extract_archive(source, folder)` writes the image files of `source` (bytes, a path or a file
object; the format is read from its first bytes) into `folder`; `extracted_archive(source)` (and
`extracted_zip`, zip only) does it in a fresh private folder made by `tempfile.mkdtemp` and removes
it when the block ends. Nothing is ever written outside the folder:

- entries with ``..``, absolute paths or drive letters, links (symbolic or hard), devices and
  pipes are skipped; so are nested archives and files that are not images (checked by their first
  bytes, not only their name). Each skip becomes a notice the page shows;
- the archive is refused (a `SettingError`) past `Limits`: number of entries, total uncompressed
  size, size of one file, and compression ratio (a zip bomb). Sizes are counted while reading,
  never trusted from a header: for a tar, every byte the decompressor hands out is counted,
  headers and skipped entries included;
- a top folder that only wraps the class folders (``flower_photos/daisy/…``) is looked through.
"""
from __future__ import annotations

import bz2
import gzip
import io
import lzma
import shutil
import stat
import tarfile
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
COMPRESSED_TAR = {b"\x1f\x8b": gzip.GzipFile, b"BZh": bz2.BZ2File, b"\xfd7zXZ\x00": lzma.LZMAFile}
CHUNK = 1 << 16
TAR_BLOCK = 512


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


def archive_kind(head: bytes) -> str | None:
    """'zip' or 'tar' from an archive's first 512 bytes (a compressed stream counts as tar), else None."""
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return "zip"
    if any(head.startswith(magic) for magic in COMPRESSED_TAR) or head[257:262] == b"ustar":
        return "tar"
    return None


@contextmanager
def extracted_archive(source, limits: Limits = Limits(), extract=None) -> Iterator[Extraction]:
    """Extract `source` (any supported format, or what `extract` reads) in a private folder removed on exit."""
    folder = Path(tempfile.mkdtemp(prefix="cnnviz-archive-"))
    try:
        yield (extract or extract_archive)(source, folder, limits)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def extracted_zip(source: bytes | str | Path | BinaryIO, limits: Limits = Limits()):
    """`extracted_archive` for a zip only (anything else: ``training.archive.not_zip``)."""
    return extracted_archive(source, limits, extract=extract_zip)


def extract_archive(source, folder: Path, limits: Limits = Limits()) -> Extraction:
    """Extract a zip or a (compressed) tar into `folder` (which must exist and be empty)."""
    with open_binary(source) as fh:
        start = fh.tell()
        kind = archive_kind(fh.read(TAR_BLOCK))
        fh.seek(start)
        if kind == "zip":
            return extract_zip(fh, folder, limits)
        if kind == "tar":
            return extract_tar(fh, folder, limits)
    raise SettingError("training.archive.unknown_format")


@contextmanager
def open_binary(source) -> Iterator[BinaryIO]:
    """A readable binary file object for bytes, a path or a file object (only a path is closed afterwards)."""
    if isinstance(source, (bytes, bytearray)):
        yield io.BytesIO(source)
    elif isinstance(source, (str, Path)):
        with open(source, "rb") as fh:
            yield fh
    else:
        yield source


class _Sink:
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
            raise SettingError("training.archive.file_too_big", name=shown, mb=_mb(declared), limit=_mb(limit))
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
                    raise SettingError("training.archive.file_too_big", name=shown, mb=_mb(size), limit=_mb(limit))
                if self.written + size > self.limits.max_total_bytes:
                    raise SettingError("training.archive.too_big", mb=_mb(self.written + size),
                                       limit=_mb(self.limits.max_total_bytes))
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


def extract_zip(source, folder: Path, limits: Limits = Limits()) -> Extraction:
    """Extract the image files of a zip into `folder` (which must exist and be empty)."""
    if isinstance(source, (bytes, bytearray)):
        source = io.BytesIO(source)
    try:
        archive = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, OSError, ValueError):
        raise SettingError("training.archive.not_zip") from None
    sink = _Sink(folder, limits)
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
        for entry in entries:
            parts = sink.parts(entry.filename)
            if parts is None:
                continue
            if stat.S_ISLNK(entry.external_attr >> 16):
                sink.notice("training.archive.symlink", "/".join(parts))
            elif entry.is_dir():
                sink.directory(parts)
            else:
                try:
                    with archive.open(entry) as src:
                        sink.file(parts, entry.file_size, src, packed=entry.compress_size)
                except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError) as err:
                    # CRC or size mismatch, bad compressed data, encrypted or exotic compression
                    raise SettingError("training.archive.damaged", name="/".join(parts)[:80],
                                       reason=str(err)[:120]) from None
    return sink.finish()


class _Counted(io.RawIOBase):
    """A read-only stream that counts the bytes it hands out and refuses past `cap` or `ratio` × `packed()`."""

    def __init__(self, inner: BinaryIO, cap: int | None = None, limits: Limits | None = None, packed=None):
        self.inner, self.cap, self.limits, self.packed, self.count = inner, cap, limits, packed, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        data = self.inner.read(len(buffer))
        n = len(data)
        buffer[:n] = data
        self.count += n
        if self.cap is not None and self.count > self.cap:
            raise SettingError("training.archive.too_big", mb=_mb(self.count), limit=_mb(self.limits.max_total_bytes))
        if self.packed is not None and self.count > 2**20 and self.count > self.limits.max_ratio * max(self.packed(), 1):
            raise SettingError("training.archive.bomb", ratio=round(self.count / max(self.packed(), 1)),
                               limit=round(self.limits.max_ratio))
        return n


def extract_tar(source, folder: Path, limits: Limits = Limits()) -> Extraction:
    """Extract the image files of a tar (plain, gzip, bzip2 or xz) into `folder`, reading it once, in order."""
    with open_binary(source) as fh:
        start = fh.tell()
        head = fh.read(8)
        fh.seek(start)
        packed = _Counted(fh)
        opener = next((cls for magic, cls in COMPRESSED_TAR.items() if head.startswith(magic)), None)
        plain = opener(fileobj=packed, mode="rb") if opener is gzip.GzipFile else opener(packed) if opener else packed
        # Every byte of the tar stream is counted: headers (PAX headers are read whole), padding, skipped
        # entries. Within one read it may not pass `cap`; at each header, the total so far plus the
        # headers' own room (two blocks an entry) may not pass max_total_bytes.
        cap = limits.max_total_bytes + 2 * TAR_BLOCK * (limits.max_entries + 2)
        counted = _Counted(plain, cap, limits, packed=lambda: packed.count)
        stream = io.BufferedReader(counted, CHUNK)
        sink = _Sink(folder, limits)
        name, n = "?", 0

        def check_total():
            if counted.count > limits.max_total_bytes + 2 * TAR_BLOCK * (n + 2):
                raise SettingError("training.archive.too_big", mb=_mb(counted.count), limit=_mb(limits.max_total_bytes))

        try:
            with tarfile.open(fileobj=stream, mode="r|") as archive:
                for n, member in enumerate(archive, start=1):
                    if n > limits.max_entries:
                        raise SettingError("training.archive.too_many", n=n, limit=limits.max_entries)
                    check_total()
                    name = member.name
                    parts = sink.parts(member.name)
                    if parts is None:
                        continue
                    if member.issym() or member.islnk():
                        sink.notice("training.archive.symlink", "/".join(parts))
                    elif member.isdir():
                        sink.directory(parts)
                    elif member.isfile() and not member.issparse():
                        sink.file(parts, member.size, archive.extractfile(member))
                    else:  # devices, pipes, sparse files
                        sink.notice("training.archive.special", "/".join(parts))
            check_total()
        except (tarfile.TarError, EOFError, zlib.error, OSError, lzma.LZMAError) as err:
            raise SettingError("training.archive.damaged", name=str(name)[:80], reason=str(err)[:120]) from None
    return sink.finish()


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


def _mb(n: int) -> str:
    return f"{n / 2**20:.1f}"
