"""tthc.htmlreport: one page, escaped, with Vietnamese numbers and dates."""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal

import pytest

from tthc.htmlreport import cell_text, render_html
from tthc.svgchart import PALETTE
from tthc.tabular import Chart, Column, Document, Table

pytest.importorskip("jinja2")


@pytest.mark.parametrize(
    ("value", "kind", "vi", "en"),
    [
        (Decimal("16.665"), "percent", "16,67", "16.67"),
        (1234567, "count", "1.234.567", "1,234,567"),
        (date(2026, 2, 3), "date", "03/02/2026", "2026-02-03"),
        (datetime(2026, 2, 3, 9, 5), "datetime", "03/02/2026 09:05", "2026-02-03 09:05"),
        (None, "percent", "không có", "không có"),
        ("x", "text", "x", "x"),
    ],
)
def test_cell_text(value: object, kind: str, vi: str, en: str) -> None:
    column = Column("c", kind)  # type: ignore[arg-type]
    assert cell_text(value, column, "vi", "không có") == vi  # type: ignore[arg-type]
    assert cell_text(value, column, "en", "không có") == en  # type: ignore[arg-type]


def _doc(lang: str, label: str = "Hộ tịch") -> Document:
    table = Table(
        "by_field",
        "Theo lĩnh vực",
        [Column("Lĩnh vực"), Column("Đúng hạn (%)", "percent"), Column("Trễ hạn (%)", "percent")],
        [[label, Decimal("87.5"), Decimal("12.5")]],
        chart=Chart("stacked", "Tỷ lệ", "Mô tả", 0, [1, 2], [PALETTE["on_time"], PALETTE["late"]]),
        notes=["ghi chú"],
    )
    return Document("Báo cáo <b>", lang, ["dòng <i>mở đầu</i>"], [table])  # type: ignore[arg-type]


def test_page_is_escaped_and_has_chart_table_and_notes() -> None:
    page = render_html(_doc("vi", label="<img src=x onerror=alert(1)>"))
    assert "<img" not in page and "&lt;img src=x" in page
    assert "<title>Báo cáo &lt;b&gt;</title>" in page
    assert "dòng &lt;i&gt;mở đầu&lt;/i&gt;" in page
    assert page.count("<svg ") == 1 and "87,50" in page and "ghi chú" in page
    assert '<th scope="row">&lt;img src=x onerror=alert(1)&gt;</th>' in page
    assert re.search(r'<td class="num">87,50</td>', page)


def test_page_fetches_nothing() -> None:
    page = render_html(_doc("en"))
    assert "Content-Security-Policy" in page and "default-src 'none'" in page
    assert not re.search(r"<(script|link|img|iframe|object)\b", page)
