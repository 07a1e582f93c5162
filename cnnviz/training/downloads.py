"""Fetching one file over HTTP(S) to a path: progress reported, size capped, failures as sentences.

`download(origin, path)` writes to ``path + ".part"`` and renames when complete, so a broken
download never looks like a cached file. `check_url` refuses what a learner should not make the
server fetch: other schemes (``file:``, ``ftp:``), user names in the address, and hosts that
resolve to loopback, private or link-local addresses (the server's own network).
"""
from __future__ import annotations

import ipaddress
import os
import socket
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Callable

from cnnviz.errors import SettingError

Progress = Callable[[int, int | None], None]  # (bytes done, bytes total or None)
MAX_URL_CHARS = 2000


def keras_home() -> Path:
    """Keras's cache folder: ``$KERAS_HOME`` or ``~/.keras`` (as `keras.utils.get_file` uses it)."""
    return Path(os.environ.get("KERAS_HOME") or Path("~/.keras").expanduser())


def download(origin: str, path: Path, progress: Progress | None = None, timeout: float = 20.0,
             max_bytes: int | None = None, failure: str = "training.err.offline") -> Path:
    """Fetch `origin` into `path`, reporting bytes through `progress`.

    A failed connection raises `SettingError(failure)` naming the URL and `path` (for the Keras
    cache: the file to place there by hand); more than `max_bytes` raises ``training.err.url_too_big``.
    """
    part = path.with_name(path.name + ".part")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with urllib.request.urlopen(origin, timeout=timeout) as response, open(part, "wb") as out:
            total = response.length
            if max_bytes is not None and total is not None and total > max_bytes:
                raise SettingError("training.err.url_too_big", url=origin[:200], mb=_mb(total), limit=_mb(max_bytes))
            done = 0
            while chunk := response.read(1 << 16):
                done += len(chunk)
                if max_bytes is not None and done > max_bytes:  # counted, not trusted from Content-Length
                    raise SettingError("training.err.url_too_big", url=origin[:200], mb=_mb(done), limit=_mb(max_bytes))
                out.write(chunk)
                if progress:
                    progress(done, total)
        part.replace(path)
    except SettingError:
        part.unlink(missing_ok=True)
        raise
    except (urllib.error.URLError, OSError, ValueError) as err:
        part.unlink(missing_ok=True)
        raise SettingError(failure, path=str(path), url=origin[:200],
                           reason=str(getattr(err, "reason", err))[:200]) from None
    return path


def check_url(url: str, allow_private: bool = False) -> str:
    """`url` if it is an http(s) address of a public host; else a `SettingError` saying what to give instead."""
    text = str(url).strip()
    if len(text) > MAX_URL_CHARS:
        raise SettingError("training.err.url", url=text[:60] + "…", reason="too long")
    try:
        parts = urllib.parse.urlsplit(text)
        port = parts.port
    except ValueError as err:
        raise SettingError("training.err.url", url=text[:200], reason=str(err)) from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise SettingError("training.err.url", url=text[:200], reason="only http:// and https:// addresses")
    if parts.username or parts.password:
        raise SettingError("training.err.url", url=text[:200], reason="no user name or password in the address")
    if not allow_private:
        try:
            infos = socket.getaddrinfo(parts.hostname, port or (443 if parts.scheme == "https" else 80))
        except (socket.gaierror, UnicodeError) as err:
            raise SettingError("training.err.url_failed", url=text[:200], reason=str(err)[:200]) from None
        for info in infos:
            address = ipaddress.ip_address(info[4][0].split("%")[0])
            if not address.is_global:
                raise SettingError("training.err.url", url=text[:200], reason=f"{address} is not a public address")
    return text


def _mb(n: int) -> str:
    return f"{n / 2**20:.1f}"
