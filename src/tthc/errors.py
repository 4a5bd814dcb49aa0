"""The exceptions tthc raises. Every one carries a bilingual message.

Catch :class:`TthcError` to handle anything the library reports about bad input;
anything else escaping tthc is a bug.
"""

from __future__ import annotations

from tthc.i18n import Lang, Text


class TthcError(Exception):
    """Base of all tthc errors: bad input described in Vietnamese and English."""

    plugin: str | None = None
    """The plugin whose hook raised this error, when one did (set by ``Rules``)."""

    def __init__(self, text: Text) -> None:
        self.text = text
        super().__init__(text("en"))

    def message(self, lang: Lang | None = None) -> str:
        """The message in ``lang`` (default: the user's language)."""
        return self.text(lang)


class DurationError(TthcError, ValueError):
    """A processing time that cannot be read or is not valid (thời hạn không hợp lệ)."""


class CatalogError(TthcError):
    """A catalog file or folder that cannot be loaded; ``problems`` lists every finding."""

    def __init__(self, text: Text, problems: list[object] | None = None) -> None:
        super().__init__(text)
        self.problems = problems or []


class ConfigError(TthcError):
    """Bad configuration in ``[tool.tthc]`` / ``tthc.toml`` or an unknown province."""


class PluginError(TthcError):
    """A plugin failed to load or raised while answering a hook."""

    def __init__(self, text: Text, plugin: str) -> None:
        super().__init__(text)
        self.plugin = plugin


class CalendarError(TthcError, ValueError):
    """A date or moment outside what the working calendar covers, or invalid calendar data."""


class ClockError(TthcError, ValueError):
    """An impossible sequence of dossier events (resume before pause, finish before receipt)."""
