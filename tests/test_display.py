"""tthc.display: one rounding and one decimal mark for every report."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tthc.display import (
    csv_number,
    decimal_text,
    display_number,
    display_percent,
    markdown_table,
    start_csv,
)


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (Decimal("16.665"), Decimal("16.67")),  # half up, not half even
        (Decimal("16.664999"), Decimal("16.66")),
        (Decimal(100) / 3, Decimal("33.33")),
        (Decimal("-12.345"), Decimal("-12.35")),
        (Decimal(30), Decimal("30.00")),
    ],
)
def test_display_percent_rounds_half_up_to_two_places(value: Decimal, shown: Decimal) -> None:
    assert display_percent(value) == shown
    assert str(display_percent(value)) == str(shown)


def test_decimal_text_keeps_the_dot_and_none() -> None:
    assert decimal_text(Decimal("56.675")) == "56.68"
    assert decimal_text(None) is None


def test_display_number_in_each_language() -> None:
    assert display_number(Decimal("56.675"), "vi") == "56,68"
    assert display_number(Decimal("56.675"), "en") == "56.68"
    assert display_number(None, "vi") == "-"


def test_markdown_table_escapes_pipes_and_line_breaks() -> None:
    lines = markdown_table(["Mã", "Tên"], [["1.000001", "Cấp A | B\nC"]])
    assert lines == ["| Mã | Tên |", "|---|---|", "| 1.000001 | Cấp A \\| B C |"]


def test_csv_for_programs_and_for_vietnamese_excel() -> None:
    buffer, writer = start_csv()
    writer.writerow(["a", csv_number("1.5")])
    assert buffer.getvalue() == "a,1.5\n"
    buffer, writer = start_csv(excel=True)
    writer.writerow(["a", csv_number("1.5", excel=True), csv_number(None, excel=True)])
    assert buffer.getvalue() == "\ufeffa;1,5;\r\n"


@pytest.mark.parametrize(
    "cell",
    [
        '=HYPERLINK("http://x")',
        "+1+1",
        "-1+cmd|' /C calc'!A0",
        "@SUM(A1)",
        "\tx",
        "\rx",
        "\nx",
        "  =1+1",
        "\u00a0=1",
        "＝1+1",
    ],
)
@pytest.mark.parametrize("excel", [False, True])
def test_start_csv_neutralises_every_formula_cell(cell: str, excel: bool) -> None:
    import csv
    import io

    buffer, writer = start_csv(excel=excel)
    writer.writerow(["name", cell])
    text = buffer.getvalue().lstrip("\ufeff")
    row = next(csv.reader(io.StringIO(text, newline=""), delimiter=";" if excel else ","))
    assert row == ["name", "'" + cell.replace("\r", "\n")]


def test_a_carriage_return_inside_a_cell_cannot_start_a_row() -> None:
    import csv
    import io

    for excel in (False, True):
        buffer, writer = start_csv(excel=excel)
        writer.writerow(["a\r=1+1", "b"])
        text = buffer.getvalue().lstrip("\ufeff")
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";" if excel else ","))
        assert rows == [["a\n=1+1", "b"]]


@pytest.mark.parametrize("cell", ["-5", "-12,5", "3.25", "Sở Tư pháp", "a=b", "", "1-2"])
def test_neutral_cell_leaves_numbers_and_plain_text(cell: str) -> None:
    from tthc.display import neutral_cell

    assert neutral_cell(cell) == cell
    assert neutral_cell(5) == 5


def test_escape_text_keeps_a_value_on_one_line() -> None:
    from tthc.display import escape_text

    shown = escape_text("3 ngày\n::error file=x::pwned\r\x1b[2J\u2028\u202e")
    assert "\n" not in shown and "\r" not in shown and "\x1b" not in shown
    assert shown == "3 ngày\\n::error file=x::pwned\\r\\x1b[2J\\u2028\\u202e"
    assert escape_text("abcdef", 4) == "abc…"
