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

This module reads the formats; what may be written, and where, is `cnnviz.training.extraction`'s `Sink`.
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
from pathlib import Path
from typing import BinaryIO, Iterator

from cnnviz.errors import SettingError
from cnnviz.training.extraction import CHUNK, Extraction, Limits, Sink, mb_text

COMPRESSED_TAR = {b"\x1f\x8b": gzip.GzipFile, b"BZh": bz2.BZ2File, b"\xfd7zXZ\x00": lzma.LZMAFile}
TAR_BLOCK = 512


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


def extract_zip(source, folder: Path, limits: Limits = Limits()) -> Extraction:
    """Extract the image files of a zip into `folder` (which must exist and be empty)."""
    if isinstance(source, (bytes, bytearray)):
        source = io.BytesIO(source)
    try:
        archive = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, OSError, ValueError):
        raise SettingError("training.archive.not_zip") from None
    sink = Sink(folder, limits)
    with archive:
        entries = archive.infolist()
        if len(entries) > limits.max_entries:
            raise SettingError("training.archive.too_many", n=len(entries), limit=limits.max_entries)
        declared = sum(e.file_size for e in entries)
        if declared > limits.max_total_bytes:
            raise SettingError("training.archive.too_big", mb=mb_text(declared), limit=mb_text(limits.max_total_bytes))
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
            raise SettingError("training.archive.too_big", mb=mb_text(self.count), limit=mb_text(self.limits.max_total_bytes))
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
        sink = Sink(folder, limits)
        name, n = "?", 0

        def check_total():
            if counted.count > limits.max_total_bytes + 2 * TAR_BLOCK * (n + 2):
                raise SettingError("training.archive.too_big", mb=mb_text(counted.count), limit=mb_text(limits.max_total_bytes))

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


