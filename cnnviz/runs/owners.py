"""Who owns a run: a secret owner token per learner, of which the database keeps only the SHA-256.

A browser keeps its token (the page stores it, for example in a cookie or the URL it bookmarks);
the command line keeps one in ``data_dir()/owner_token`` (mode 0600), so ``cnnviz train`` and
``cnnviz runs`` see the same runs. The database stores ``sha256(token)``: someone who reads the
database cannot act as a learner. Tokens carry 192 random bits (`secrets.token_urlsafe(24)`).
"""
from __future__ import annotations

import hashlib
import re
import secrets
from pathlib import Path

from cnnviz.errors import SettingError
from cnnviz.paths import data_dir, secret_file

TOKEN = re.compile(r"[A-Za-z0-9_-]{22,128}")  # ≥ 22 url-safe characters: ≥ 128 bits
TOKEN_FILE = "owner_token"


def new_owner_token() -> str:
    """A fresh owner token: 32 url-safe characters, 192 random bits."""
    return secrets.token_urlsafe(24)


def owner_hash(token) -> str:
    """SHA-256 of the token, hex; a malformed token is a `SettingError`."""
    if not isinstance(token, str) or not TOKEN.fullmatch(token):
        raise SettingError("runs.err.owner")
    return hashlib.sha256(token.encode("ascii")).hexdigest()


def cli_owner_token(folder: Path | None = None) -> str:
    """The local user's token in ``data_dir()/owner_token``, created (mode 0600) on first use."""
    try:
        token = secret_file(Path(folder or data_dir()) / TOKEN_FILE, new_owner_token)
    except RuntimeError:  # a file that stays empty
        raise SettingError("runs.err.owner") from None
    owner_hash(token)  # a damaged file: a sentence, not a traceback
    return token
