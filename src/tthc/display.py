"""How tthc shows numbers and tables to people (hiển thị số liệu).

One place for the rounding and the decimal mark that every report uses, so that
``tthc reduction``, ``tthc report`` and a province plugin's findings print the same
16.67 (or 16,67 in Vietnamese) for the same share.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from tthc.i18n import Lang

__all__ = [
    "csv_number",
    "decimal_text",
    "display_date",
    "display_month",
    "display_number",
    "display_percent",
    "escape_text",
    "formula_like",
    "markdown_table",
    "neutral_cell",
    "start_csv",
]

#: What makes a spreadsheet read a cell as a formula (CWE-1236): OWASP's list of first
#: characters (= + - @, tab, carriage return), with a line feed added. OWASP's rule looks
#: at the first character only; tthc also looks past leading spaces, since spreadsheets
#: trim them on import. A cell that is a plain number ("-5", "12,5") is no formula and is
#: left alone, so that negative numbers stay numbers.
_FORMULA_START_RE = re.compile(r"^[ \u00a0]*[=+\-@\t\r\n＝＋－＠]")
_PLAIN_NUMBER_RE = re.compile(r"^-?\d{1,30}(?:[.,]\d{1,30})?$")


def formula_like(text: str) -> bool:
    """Whether a spreadsheet would take ``text`` for a formula (OWASP's first characters
    ``= + - @``, tab, carriage return; also a line feed, full-width forms and leading
    spaces, which spreadsheets trim). The CSV writers and the workbook both ask it."""
    return bool(_FORMULA_START_RE.match(text))


def neutral_cell(value: object) -> object:
    """``value`` as a spreadsheet may show it but never run it (trung hoà công thức).

    A text cell that starts with ``=``, ``+``, ``-``, ``@``, a tab, a carriage return or a
    line feed (after any leading spaces; full-width forms too) gets a leading ``'``, as
    OWASP's CSV-injection guidance says; a plain number ("-5") is left as is. Anything
    that is not text is returned unchanged.
    """
    if isinstance(value, str) and formula_like(value) and not _PLAIN_NUMBER_RE.match(value):
        return "'" + value
    return value


def _one_line_break(cell: object) -> object:
    """A carriage return inside a cell as a line feed: Python's csv writer leaves a field
    with a lone ``\r`` unquoted when the line ends in ``\n``, and a spreadsheet then starts
    a new row there, whose first cell escapes :func:`neutral_cell`."""
    if isinstance(cell, str) and "\r" in cell:
        return cell.replace("\r\n", "\n").replace("\r", "\n")
    return cell


class _NeutralWriter:
    """A csv writer whose every cell goes through :func:`neutral_cell`."""

    def __init__(self, writer: Any) -> None:
        self._writer = writer

    def writerow(self, row: Iterable[object]) -> Any:
        return self._writer.writerow([neutral_cell(_one_line_break(cell)) for cell in row])

    def writerows(self, rows: Iterable[Iterable[object]]) -> None:
        for row in rows:
            self.writerow(row)


#: Characters that would let a value start a new line or a terminal escape in output:
#: C0 and C1 controls, DEL, the Unicode line and paragraph separators, and the
#: bidirectional overrides that make text read in another order than it is stored.
_CONTROL_RE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_NAMED_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def escape_text(value: str, limit: int | None = None) -> str:
    """``value`` safe to print on one line: controls as escapes (a newline as ``\\n``,
    others as ``\\xNN`` or ``\\uNNNN``), cut to ``limit`` characters with "…".

    Every message that quotes input goes through it, so that a value can never start a
    line of its own (a ``::error`` command in GitHub output) or move the terminal cursor.
    """
    if limit is not None and len(value) > limit:
        value = value[: max(limit - 1, 0)] + "…"

    def one(match: re.Match[str]) -> str:
        char = match.group(0)
        if char in _NAMED_ESCAPES:
            return _NAMED_ESCAPES[char]
        code = ord(char)
        return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"

    return _CONTROL_RE.sub(one, value)


def start_csv(*, excel: bool = False) -> tuple[io.StringIO, Any]:
    """A buffer and a csv writer on it: for programs (comma, ``\n``), or with ``excel`` for
    Excel with Vietnamese settings (a byte-order mark, ``;``, ``\r\n``), where the comma is
    the decimal mark and a file without the mark is read in the legacy code page.

    Every cell written through it is neutralised (:func:`neutral_cell`): a case name or an
    agency that starts with ``=`` is shown, never run, by the spreadsheet."""
    buffer = io.StringIO()
    if excel:
        buffer.write("\ufeff")
        return buffer, _NeutralWriter(csv.writer(buffer, delimiter=";", lineterminator="\r\n"))
    return buffer, _NeutralWriter(csv.writer(buffer, lineterminator="\n"))


def csv_number(text: str | None, *, excel: bool = False) -> str:
    """A number already written with a decimal point, for that CSV: a comma for Excel."""
    text = text or ""
    return text.replace(".", ",") if excel else text


_TWO_PLACES = Decimal("0.01")


def display_percent(value: Decimal) -> Decimal:
    """``value`` rounded half-up to 2 places, for display only (16.666... -> 16.67)."""
    return value.quantize(_TWO_PLACES, rounding=ROUND_HALF_UP)


def decimal_text(value: Decimal | None) -> str | None:
    """``value`` at 2 places with a dot, as JSON and CSV write it; ``None`` stays ``None``."""
    return None if value is None else str(display_percent(value))


def display_number(value: Decimal | None, lang: Lang) -> str:
    """A rate or average for people: two places (half up), a decimal comma in Vietnamese.

    ``"-"`` for ``None``. Text and Markdown of ``tthc report`` and ``tthc reduction`` write
    numbers with it; JSON and CSV keep the dot (:func:`decimal_text`).
    """
    text = decimal_text(value) or "-"
    return text.replace(".", ",") if lang == "vi" else text


def markdown_table(head: list[str], rows: list[list[str]]) -> list[str]:
    """A Markdown table as lines; a ``|`` in a cell is escaped and a line break becomes a space.

    Shared by the Markdown of ``tthc report`` and ``tthc reduction``.
    """

    def esc(cell: str) -> str:
        return cell.replace("|", "\\|").replace("\n", " ")

    lines = ["| " + " | ".join(head) + " |", "|" + "|".join("---" for _ in head) + "|"]
    lines += ["| " + " | ".join(esc(c) for c in row) + " |" for row in rows]
    return lines


def display_date(value: date, lang: Lang) -> str:
    """A day for people: ``31/12/2026`` in Vietnamese (ngày/tháng/năm), ISO ``2026-12-31``
    in English, as :func:`tthc.sla.format_moment` writes moments."""
    return f"{value:%d/%m/%Y}" if lang == "vi" else value.isoformat()


def display_month(key: str, lang: Lang) -> str:
    """A month key of the reports (``2026-01``) for people: ``01/2026`` in Vietnamese; any
    other key is returned as it is."""
    year, sep, month = key.partition("-")
    if lang == "vi" and sep and year.isdigit() and month.isdigit():
        return f"{month}/{year}"
    return key
