"""The exceptions tthc raises. Every one carries a bilingual message.

Catch :class:`TthcError` to handle anything the library reports about bad input;
anything else escaping tthc is a bug.
"""

from __future__ import annotations

from datetime import date

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


class DeadlineError(TthcError, ValueError):
    """A deadline that cannot be computed from what was given (unknown channel, no case...)."""


class ClockError(TthcError, ValueError):
    """An impossible sequence of dossier events (resume before pause, finish before receipt)."""


class UncoveredHours(CalendarError):
    """Working hours that leave a day of the calendar without any period."""

    def __init__(self, day: date, first_year: int, last_year: int) -> None:
        self.day = day
        #: What the hours must do, in both languages (quoted by Rules too, naming the plugin).
        self.need = Text(
            f"giờ làm việc phải áp dụng cho mọi ngày từ năm đầu đến năm cuối của lịch "
            f"({first_year}-01-01 đến {last_year}-12-31); thêm một giai đoạn không giới hạn, "
            "ví dụ một giai đoạn cuối không có start, end hay season, hoặc một giai đoạn "
            "có end là ngày trước giai đoạn đầu tiên",
            f"the hours must apply on every day from the first to the last year of the "
            f"calendar ({first_year}-01-01 to {last_year}-12-31); add an open-ended period, "
            "e.g. a last one with no start, end or season, or one whose end is the day "
            "before the first period",
        )
        super().__init__(
            Text(
                f"Không có giờ làm việc nào áp dụng cho ngày {day}: {self.need.vi}",
                f"No working hours apply on {day}: {self.need.en}",
            )
        )


class CaseLookupError(TthcError, LookupError):
    """No case, or more than one, matches a case/channel request."""


class ReductionError(TthcError, ValueError):
    """A reduction that cannot be computed (legal time zero, bad target, bad volumes file)."""


class NotComparableError(ReductionError):
    """Two durations whose lengths cannot be compared exactly (e.g. months vs working days).

    ``reason`` says why, in both languages.
    """

    def __init__(self, text: Text, reason: Text) -> None:
        super().__init__(text)
        self.reason = reason


class UnknownLevel(CatalogError, ValueError):
    """A level (cấp thực hiện) that is not one of :class:`~tthc.model.Level`."""


class ProcedureNotFound(TthcError, KeyError):
    """No procedure with this code in the catalog."""

    def __str__(self) -> str:
        return self.text("en")


class FormError(TthcError, ValueError):
    """A form that cannot be filled: a bad template, or a new appointment that is impossible."""


class YamlError(CatalogError):
    """A YAML file that cannot be loaded; the message starts with ``path:line:column``."""

    def __init__(self, text: Text, path: str, line: int, column: int) -> None:
        super().__init__(text)
        self.path = path
        self.line = line
        self.column = column


class UsageError(TthcError):
    """A command-line value that cannot be used (a bad date)."""


class BatchError(TthcError, ValueError):
    """Columns the batch engine cannot use (wrong kind, wrong length, a missing moment)."""


class DossierError(TthcError):
    """A dossier that cannot be computed; ``path`` is the JSON path of the field at fault
    (``$.received_at``, ``$.pauses[1].end``), ``$`` for the whole object."""

    def __init__(self, text: Text, path: str = "$", code: str | None = None) -> None:
        super().__init__(text)
        self.path = path
        self.code = code


def not_utf8(where: str, lines_read: int, exc: UnicodeDecodeError) -> Text:
    """The message for an input that is not UTF-8, naming the row of the bad byte.

    ``where`` names the file (``"dossiers.csv: "``, or empty); ``lines_read`` is how many
    lines the reader had taken from the text stream when decoding failed. A text file
    decodes a chunk ahead of the lines it hands out, so the bad byte's line is the next
    one plus the newlines before it in that chunk (``exc.object``).
    """
    data = bytes(exc.object)
    row = lines_read + 1 + data[: exc.start].count(b"\n")
    byte = f"0x{data[exc.start]:02x}" if exc.start < len(data) else "?"
    return Text(
        f"{where}dòng {row}: byte {byte} không phải UTF-8; hãy lưu tệp dạng UTF-8",
        f"{where}row {row}: byte {byte} is not valid UTF-8; save the file as UTF-8",
    )


def error_code(exc: BaseException) -> str:
    """A stable, machine-readable name of an error: the exception class in snake case
    without ``Error`` (``DurationError`` -> ``duration``, ``ProcedureNotFound`` ->
    ``procedure_not_found``), or the code a :class:`DossierError` carries."""
    code = getattr(exc, "code", None)
    if isinstance(code, str) and code:
        return code
    name = type(exc).__name__.removesuffix("Error") or "error"
    out = []
    for index, char in enumerate(name):
        if char.isupper() and index:
            out.append("_")
        out.append(char.lower())
    return "".join(out)


class MomentError(TthcError, ValueError):
    """A date or moment that is not ISO 8601 as tthc reads it (thời điểm không hợp lệ);
    see :mod:`tthc.timeparse`."""
