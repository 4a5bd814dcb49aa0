"""A report as an Excel workbook (sổ tính Excel, .xlsx): a sheet per table, and charts.

Written from a :class:`~tthc.tabular.Document` with openpyxl (the ``xlsx`` extra:
``pip install 'tthc[xlsx]'``). Cells hold real values: counts and rates are numbers, days
and moments are dates (shown dd/mm/yyyy), never text that looks like them, so that a
reader can sort, sum and chart them. Percentages are stored as percent figures (16.67,
as in the CSV and JSON) with two decimals; Excel shows the decimal mark of the reader's
settings (a comma with Vietnamese settings).

No cell is ever a formula: every text is written as text, and a text that a spreadsheet
would read as a formula when the cell is edited (it starts with ``=``, ``+``, ``-``, ``@``,
a tab or a line break: OWASP's rule for spreadsheet exports) is marked with Excel's own
"quote prefix", which shows it as typed and keeps it text.
"""

from __future__ import annotations

import io
import re
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from tthc.display import formula_like
from tthc.i18n import Text
from tthc.tabular import Cell, Column, Document, Table, import_extra

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

__all__ = ["FORMATS", "formula_like", "workbook_bytes"]

#: Excel number formats by column kind. Date formats are written with the day first, as
#: in Vietnam; Excel shows the decimal and thousands marks of the reader's settings.
FORMATS = {
    "count": "#,##0",
    "percent": "0.00",
    "number": "0.00",
    "date": "dd/mm/yyyy",
    "datetime": "dd/mm/yyyy hh:mm",
    "month": "mm/yyyy",
}

_MAX_CELL = 32_767
_SHEET_NAME_BAD = re.compile(r"[\[\]:*?/\\]")


def _value(value: Cell) -> Any:
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, datetime) and value.tzinfo is not None:
        from tthc.calendar import as_local

        return as_local(value).replace(tzinfo=None)  # Excel has no time zones: local time
    return value


def _sheet_name(key: str, taken: set[str]) -> str:
    base = _SHEET_NAME_BAD.sub("_", key)[:31] or "sheet"
    name, n = base, 2
    while name.lower() in taken:
        suffix = f"_{n}"
        name, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(name.lower())
    return name


def _put(sheet: Worksheet, row: int, col: int, value: Cell, column: Column | None) -> None:
    cell = sheet.cell(row=row, column=col)
    if isinstance(value, str):
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

        # control characters cannot be stored (openpyxl refuses them); a cell holds at most
        # 32,767 characters in Excel
        text: str = ILLEGAL_CHARACTERS_RE.sub("", value)[:_MAX_CELL]
        cell.value = text
        cell.data_type = "s"  # openpyxl would take a leading "=" for a formula
        if formula_like(text):
            cell.quotePrefix = True
        return
    cell.value = _value(value)
    if column is not None and column.kind in FORMATS and value is not None:
        cell.number_format = FORMATS[column.kind]


def _write_table(sheet: Worksheet, table: Table) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    bold = Font(bold=True)
    for col, column in enumerate(table.columns, start=1):
        _put(sheet, 1, col, column.title, None)
        head = sheet.cell(row=1, column=col)
        head.font = bold
        head.fill = PatternFill("solid", fgColor="E8EEF5")
        head.alignment = Alignment(wrap_text=True, vertical="top")
    for r, row in enumerate(table.rows, start=2):
        for col, (value, column) in enumerate(zip(row, table.columns, strict=True), start=1):
            _put(sheet, r, col, value, column)
    last = len(table.rows) + 1
    for i, note in enumerate(table.notes):
        _put(sheet, last + 2 + i, 1, note, None)
    sheet.freeze_panes = "B2"
    if table.rows:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(table.columns))}{last}"
    for col, column in enumerate(table.columns, start=1):
        widest = max(
            [len(column.title) // 2 + 2, *(len(str(row[col - 1] or "")) + 2 for row in table.rows)]
        )
        sheet.column_dimensions[get_column_letter(col)].width = min(max(widest, 10), 60)
    if table.chart is not None and table.rows:
        _chart(sheet, table)


def _chart(sheet: Worksheet, table: Table) -> None:
    from openpyxl.chart import BarChart, Reference
    from openpyxl.utils import get_column_letter

    spec = table.chart
    assert spec is not None
    chart = BarChart()
    chart.type = "bar"  # horizontal, as on the page
    chart.title = spec.title
    chart.style = 10
    last = len(table.rows) + 1
    if spec.kind == "stacked":
        chart.grouping = "stacked"
        chart.overlap = 100
    for col, color in zip(spec.series, spec.colors, strict=False):
        data = Reference(sheet, min_col=col + 1, max_col=col + 1, min_row=1, max_row=last)
        chart.add_data(data, titles_from_data=True)
        series = chart.series[-1]
        series.graphicalProperties.solidFill = color.lstrip("#")
        series.graphicalProperties.line.solidFill = color.lstrip("#")
    labels = Reference(sheet, min_col=spec.label + 1, min_row=2, max_row=last)
    chart.set_categories(labels)
    chart.y_axis.title = "%" if spec.percent else None
    chart.y_axis.scaling.min = 0
    if spec.kind == "stacked" and spec.percent:
        chart.y_axis.scaling.max = 100
    chart.x_axis.scaling.orientation = "maxMin"  # first row on top, as in the table
    chart.y_axis.delete = False
    chart.x_axis.delete = False
    chart.height = max(7.5, 0.6 * len(table.rows) + 3)
    chart.width = 18
    sheet.add_chart(chart, f"{get_column_letter(len(table.columns) + 2)}2")


def workbook_bytes(document: Document) -> bytes:
    """The workbook as the bytes of an .xlsx file: an "about" sheet with the title and the
    lines said before the tables, then one sheet per table."""
    openpyxl = import_extra("openpyxl", "xlsx", "xlsx")
    book = openpyxl.Workbook()
    about = book.active
    taken: set[str] = set()
    about.title = _sheet_name(Text("thong_tin", "about")(document.lang), taken)
    _put(about, 1, 1, document.title, None)
    about.cell(row=1, column=1).font = openpyxl.styles.Font(bold=True, size=14)
    for i, line in enumerate(document.intro, start=3):
        _put(about, i, 1, line, None)
    contents = len(document.intro) + 4
    _put(about, contents, 1, Text("Các trang tính", "Sheets")(document.lang), None)
    about.cell(row=contents, column=1).font = openpyxl.styles.Font(bold=True)
    about.column_dimensions["A"].width = 100
    for i, table in enumerate(document.tables, start=1):
        sheet = book.create_sheet(_sheet_name(table.key, taken))
        _write_table(sheet, table)
        _put(about, contents + i, 1, f"{sheet.title}: {table.title}", None)
    book.properties.title = document.title
    book.properties.creator = "tthc"
    book.properties.language = document.lang
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
