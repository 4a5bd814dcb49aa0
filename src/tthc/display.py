"""How tthc shows numbers and tables to people (hiển thị số liệu).

One place for the rounding and the decimal mark that every report uses, so that
``tthc reduction``, ``tthc report`` and a province plugin's findings print the same
16.67 (or 16,67 in Vietnamese) for the same share.
"""

from __future__ import annotations

import csv
import io
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
    "markdown_table",
    "start_csv",
]


def start_csv(*, excel: bool = False) -> tuple[io.StringIO, Any]:
    """A buffer and a csv writer on it: for programs (comma, ``\n``), or with ``excel`` for
    Excel with Vietnamese settings (a byte-order mark, ``;``, ``\r\n``), where the comma is
    the decimal mark and a file without the mark is read in the legacy code page."""
    buffer = io.StringIO()
    if excel:
        buffer.write("\ufeff")
        return buffer, csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    return buffer, csv.writer(buffer, lineterminator="\n")


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
