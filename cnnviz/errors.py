"""The one error type a learner can cause: a `ValueError` whose sentence says what is wrong and what to change.

`SettingError` carries a message key and its numbers, so the English sentence (``str(err)``) and
the Korean one (``err.sentence("ko")``) come from the same table in `cnnviz.i18n.errors`.
"""
from __future__ import annotations

from cnnviz.i18n import t


class SettingError(ValueError):
    """An impossible or malformed setting; ``str()`` is a full English sentence."""

    def __init__(self, message_key: str, /, **values):
        self.key = message_key
        self.values = values
        super().__init__(t(message_key, "en", **values))

    def sentence(self, lang: str = "en") -> str:
        return t(self.key, lang, **self.values)


def sentence(err: Exception, lang: str = "en") -> str:
    """A learner-facing sentence for any error cnnviz raises on purpose."""
    if isinstance(err, SettingError):
        return err.sentence(lang)
    return str(err)
