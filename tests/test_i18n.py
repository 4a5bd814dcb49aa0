"""Tests of bilingual text and language choice (tthc.i18n)."""

from __future__ import annotations

import pytest

from tthc.errors import ConfigError
from tthc.i18n import Text, default_lang, parse_lang


def test_text_picks_language() -> None:
    text = Text("ngày làm việc", "working day")
    assert text("vi") == "ngày làm việc"
    assert text("en") == "working day"


def test_format_fills_both_languages() -> None:
    text = Text("{n} ngày", "{n} days").format(n=3)
    assert text == Text("3 ngày", "3 days")


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"TTHC_LANG": "en", "LANG": "vi_VN.UTF-8"}, "en"),
        ({"TTHC_LANG": "vi"}, "vi"),
        ({"LC_ALL": "vi_VN.UTF-8"}, "vi"),
        ({"LANG": "en_US.UTF-8"}, "en"),
        ({"LANG": "C.UTF-8"}, "en"),
        ({}, "en"),
    ],
)
def test_default_lang_from_environment(
    monkeypatch: pytest.MonkeyPatch, env: dict[str, str], expected: str
) -> None:
    for var in ("TTHC_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(var, raising=False)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    assert default_lang() == expected


def test_parse_lang_rejects_unknown_language() -> None:
    assert parse_lang(" VI ") == "vi"
    with pytest.raises(ValueError, match="unknown language 'fr'"):
        parse_lang("fr")


def test_errors_carry_both_languages() -> None:
    error = ConfigError(Text("sai", "wrong"))
    assert str(error) == "wrong"
    assert error.message("vi") == "sai"
