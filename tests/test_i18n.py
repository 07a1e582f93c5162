"""Every string exists in English and Korean, with the same placeholders."""
import string

import pytest

from cnnviz.i18n import LANGS, normalize_lang, t, table


def placeholders(text):
    return sorted({name for _, name, _, _ in string.Formatter().parse(text) if name})


@pytest.mark.parametrize("key", sorted(table()))
def test_both_languages_with_the_same_placeholders(key):
    en, ko = table()[key]
    assert en.strip() and ko.strip()
    assert placeholders(en) == placeholders(ko)


def test_korean_strings_are_korean():
    hangul = [k for k, (_, ko) in table().items() if any("\uac00" <= ch <= "\ud7a3" for ch in ko)]
    # Strings without a Hangul letter are allowed only when they are the same in both languages (names, units).
    others = [k for k, (en, ko) in table().items() if k not in hangul and en != ko]
    assert others == []


@pytest.mark.parametrize("raw, lang", [("ko", "ko"), ("ko-KR", "ko"), ("KO_kr", "ko"), ("en-US", "en"),
                                       ("fr", "en"), (None, "en"), ("", "en"), ("<script>", "en")])
def test_normalize_lang(raw, lang):
    assert normalize_lang(raw) == lang


def test_missing_key_is_an_error():
    with pytest.raises(KeyError):
        t("no.such.key", "en")


def test_fill_in_values():
    assert t("common.coming", "ko", what="x") == "이 페이지는 만드는 중입니다: x"
    assert LANGS == ("en", "ko")
