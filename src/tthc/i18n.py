"""Bilingual text (Vietnamese and English) for everything a user reads.

Every user-facing string in tthc is a :class:`Text`: a Vietnamese and an English
version side by side. The language is chosen when the text is shown, not when it
is made, so one finding can be printed in either language.
"""

from __future__ import annotations

import os
from typing import Literal, NamedTuple

Lang = Literal["vi", "en"]
LANGS: tuple[Lang, ...] = ("vi", "en")


class Text(NamedTuple):
    """A message in Vietnamese (``vi``) and English (``en``)."""

    vi: str
    en: str

    def __call__(self, lang: Lang | None = None) -> str:
        return self.en if (lang or default_lang()) == "en" else self.vi

    def format(self, **values: object) -> Text:
        """Fill ``{name}`` placeholders in both languages."""
        return Text(self.vi.format(**values), self.en.format(**values))


def default_lang() -> Lang:
    """The language from ``TTHC_LANG``, else the locale (``LC_ALL``, ``LC_MESSAGES``, ``LANG``).

    Vietnamese when the locale says ``vi``, English otherwise: a machine with no
    locale set (typical in CI) gets English, which every log reader can grep.
    """
    explicit = os.environ.get("TTHC_LANG", "").strip().lower()
    if explicit in LANGS:
        return explicit
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var, "")
        if value:
            return "vi" if value.lower().startswith("vi") else "en"
    return "en"


def parse_lang(value: str) -> Lang:
    """Validate a ``--lang`` value."""
    lowered = value.strip().lower()
    if lowered not in LANGS:
        raise ValueError(f"unknown language {value!r}; use 'vi' or 'en'")
    return lowered
