"""A report as typed tables with charts (bảng số liệu), for the HTML and Excel renderers.

``tthc report`` and ``tthc reduction`` describe what they show once, as :class:`Table` rows
of real values (whole numbers, exact decimals, dates, text, ``None`` for "does not apply")
and an optional :class:`Chart` over some of the columns. :mod:`tthc.htmlreport` writes them
as one self-contained HTML page (numbers with a decimal comma in Vietnamese, inline SVG
charts) and :mod:`tthc.workbook` as an Excel workbook (one sheet per table, real numbers
and dates, a native chart). So a figure cannot differ between the page and the workbook.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from importlib import import_module
from types import ModuleType
from typing import Literal

from tthc.errors import TthcError
from tthc.i18n import Text

__all__ = ["Cell", "Chart", "Column", "Document", "Table", "import_extra"]


def import_extra(module: str, extra: str, fmt: str) -> ModuleType:
    """``module``, or an error saying which extra of tthc installs it for the ``fmt`` format
    (the report commands then exit 2 with that message, not a traceback)."""
    try:
        return import_module(module)
    except ImportError:
        raise TthcError(
            Text(
                f"định dạng {fmt} cần {module}: pip install 'tthc[{extra}]'",
                f"the {fmt} format needs {module}: pip install 'tthc[{extra}]'",
            )
        ) from None


Cell = str | int | Decimal | date | datetime | None
"""A value of a table: text, a count, an exact decimal, a day or a moment; ``None`` is a
figure that does not apply (no dossier to rate, a case that cannot be compared)."""

Kind = Literal["text", "count", "percent", "number", "date", "datetime", "month"]
"""``month``: a date standing for its month (the first day), shown ``01/2026``."""


@dataclass(frozen=True)
class Column:
    """A column: its heading in the language of the report and the kind of its values."""

    title: str
    kind: Kind = "text"


@dataclass(frozen=True)
class Chart:
    """A bar chart over a table: one bar per row, labelled by column ``label``.

    ``stacked``: the columns ``series`` stacked (shares that add up to 100);
    ``target``: the one column ``series[0]`` against a dashed line at ``target``.
    ``colors`` gives one colour per series (see :data:`tthc.svgchart.PALETTE`).
    """

    kind: Literal["stacked", "target"]
    title: str
    description: str
    label: int
    series: Sequence[int]
    colors: Sequence[str]
    target: Decimal | None = None
    target_name: str = ""
    short_name: str = ""
    """Legend of bars short of the target (``target`` charts)."""
    percent: bool = True
    """Values are percentages (axis to 100, a ``%`` after figures); else counts, stacked
    up to the largest row total."""


@dataclass
class Table:
    """One breakdown: a sheet of the workbook, a section of the page."""

    key: str
    """Short id: the sheet name (at most 31 characters) and the HTML anchor."""
    title: str
    columns: Sequence[Column]
    rows: list[list[Cell]]
    chart: Chart | None = None
    notes: Sequence[str] = ()


@dataclass
class Document:
    """A whole report: its title, lines said before the tables, and the tables."""

    title: str
    lang: Literal["vi", "en"]
    intro: Sequence[str]
    tables: list[Table] = field(default_factory=list)
    not_applicable: str = "-"
    """What a page shows for ``None`` ("không có" / "n/a"); a sheet leaves the cell empty."""
