"""tthc.workbook: sheets of real numbers and dates, a chart, and never a formula."""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tthc.tabular import Chart, Column, Document, Table
from tthc.workbook import formula_like, workbook_bytes

openpyxl = pytest.importorskip("openpyxl")


def _document(rows: list[list[object]]) -> Document:
    table = Table(
        "by_month",
        "By month",
        [
            Column("Month"),
            Column("Total", "count"),
            Column("On time (%)", "percent"),
            Column("Late (%)", "percent"),
            Column("First", "date"),
            Column("Last", "datetime"),
        ],
        rows,  # type: ignore[arg-type]
        chart=Chart("stacked", "Rates", "d", label=0, series=[2, 3], colors=["#009E73", "#C0392B"]),
        notes=["a note"],
    )
    return Document("Report", "vi", ["intro line"], [table])


def _load(data: bytes) -> object:
    return openpyxl.load_workbook(io.BytesIO(data))


def test_numbers_dates_and_chart_are_real() -> None:
    data = workbook_bytes(
        _document(
            [
                [
                    "01/2026",
                    1200,
                    Decimal("87.5"),
                    Decimal("12.5"),
                    date(2026, 1, 5),
                    datetime(2026, 1, 31, 16, 30),
                ],
            ]
        )
    )
    book = _load(data)
    assert book.sheetnames == ["thong_tin", "by_month"]  # type: ignore[attr-defined]
    sheet = book["by_month"]  # type: ignore[index]
    assert [c.value for c in sheet[1]] == [
        "Month",
        "Total",
        "On time (%)",
        "Late (%)",
        "First",
        "Last",
    ]
    row = sheet[2]
    assert row[1].value == 1200 and row[1].data_type == "n"
    assert row[2].value == 87.5 and row[2].number_format == "0.00"
    assert row[4].value == datetime(2026, 1, 5) and row[4].number_format == "dd/mm/yyyy"
    assert row[5].value == datetime(2026, 1, 31, 16, 30)
    assert row[5].number_format == "dd/mm/yyyy hh:mm"
    assert sheet["A4"].value == "a note"
    # the chart survives a round trip: a stacked bar chart over the two rate columns
    (chart,) = sheet._charts
    assert type(chart).__name__ == "BarChart" and chart.grouping == "stacked"
    assert chart.title.tx.rich.p[0].r[0].t == "Rates"
    assert [s.val.numRef.f for s in chart.series] == ["'by_month'!$C$2", "'by_month'!$D$2"]
    assert chart.series[0].graphicalProperties.solidFill.srgbClr == "009E73"


def test_none_is_an_empty_cell() -> None:
    book = _load(workbook_bytes(_document([["x", 0, None, None, None, None]])))
    assert book["by_month"]["C2"].value is None  # type: ignore[index]


HOSTILE = ["=1+2", "+SUM(A1)", "-2+3", "@cmd", "\t=1", "\r=1", ' =HYPERLINK("x")', "＝1"]


@pytest.mark.parametrize("text", HOSTILE)
def test_text_is_never_a_formula(text: str) -> None:
    data = workbook_bytes(_document([[text, 1, None, None, None, None]]))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                assert "<f>" not in archive.read(name).decode()
    cell = _load(data)["by_month"]["A2"]  # type: ignore[index]
    assert cell.data_type == "s"
    assert cell.quotePrefix  # Excel keeps it text even when the cell is edited
    assert cell.value.replace("\r", "").replace("\n", "") == text.replace("\r", "")


def test_control_characters_are_dropped_not_fatal() -> None:
    book = _load(workbook_bytes(_document([["a\x00b\x1bc", 1, None, None, None, None]])))
    assert book["by_month"]["A2"].value == "abc"  # type: ignore[index]


def test_negative_numbers_stay_numbers() -> None:
    book = _load(workbook_bytes(_document([["x", -3, Decimal("-1.5"), None, None, None]])))
    sheet = book["by_month"]  # type: ignore[index]
    assert sheet["B2"].value == -3 and sheet["C2"].value == -1.5


@given(st.text(max_size=40))
def test_formula_like_matches_owasp_first_characters(text: str) -> None:
    first = text.lstrip(" \u00a0")[:1]
    assert formula_like(text) == (first != "" and first in "=+-@\t\r\n＝＋－＠")


def test_sheet_names_are_legal_and_unique() -> None:
    tables = [Table("a/b:c*?[d]" + "x" * 40, "t", [Column("c")], [["v"]]) for _ in range(2)]
    book = _load(workbook_bytes(Document("T", "en", [], tables)))
    names = book.sheetnames  # type: ignore[attr-defined]
    assert names[0] == "about"
    assert len(set(names)) == 3 and all(len(n) <= 31 for n in names)
