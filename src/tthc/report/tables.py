"""The on-time report as typed tables and charts (bảng số liệu báo cáo), for its HTML page
and its workbook (:mod:`tthc.htmlreport`, :mod:`tthc.workbook`).

Rates early, on time and late by month, agency and field, each with a stacked bar chart;
the overall counts; each procedure with its average processing time; and, when the caller
has per-dossier results, the late dossiers one per row.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from tthc.display import display_date
from tthc.i18n import Lang, Text
from tthc.report.aggregate import AVERAGE_UNIT_WORDS, STATUS_WORDS, Counts, OnTimeReport, _k
from tthc.report.headings import _HEAD, _NOT_APPLICABLE, TITLE
from tthc.svgchart import PALETTE
from tthc.tabular import Cell, Chart, Column, Document, Table

__all__ = ["LATE_KEYS", "document"]

#: Keys of a late dossier given to :func:`document` (those of the per-dossier results).
LATE_KEYS = (
    "dossier_id",
    "procedure",
    "received_at",
    "due_at",
    "finished_at",
    "late_working_hours",
)
"""Also read: ``status`` (``late`` or ``overdue``), shown in words."""

_RATE_HEAD = {
    "early_rate": Text("Trước hạn (%)", "Early (%)"),
    "on_time_only_rate": Text("Đúng hạn (%)", "On time (%)"),
    "late_rate": Text("Trễ hạn (%)", "Late (%)"),
}
_SECTIONS = {
    "month": (Text("Theo tháng", "By month"), Text("Tháng", "Month")),
    "agency": (Text("Theo cơ quan", "By agency"), Text("Cơ quan", "Agency")),
    "field": (Text("Theo lĩnh vực", "By field"), Text("Lĩnh vực", "Field")),
}


def _on_time_only(counts: Counts) -> Decimal | None:
    """Percent finished on time but not early: the on-time rate less the early rate."""
    both, early = counts.on_time_rate, counts.early_rate
    return None if both is None or early is None else both - early


def _count_columns(lang: Lang) -> list[Column]:
    return [
        Column(_HEAD["total"](lang), "count"),
        Column(_HEAD["early"](lang), "count"),
        Column(_HEAD["on_time"](lang), "count"),
        Column(_HEAD["late"](lang), "count"),
        Column(_HEAD["overdue"](lang), "count"),
        Column(_HEAD["open"](lang), "count"),
        Column(_RATE_HEAD["early_rate"](lang), "percent"),
        Column(_RATE_HEAD["on_time_only_rate"](lang), "percent"),
        Column(_RATE_HEAD["late_rate"](lang), "percent"),
        Column(_HEAD["on_time_rate"](lang), "percent"),
    ]


def _count_values(c: Counts) -> list[Cell]:
    return [
        c.total,
        c.early,
        c.on_time,
        c.late,
        c.overdue,
        c.open,
        c.early_rate,
        _on_time_only(c),
        c.late_rate,
        c.on_time_rate,
    ]


def _period(report: OnTimeReport, lang: Lang) -> str:
    start = display_date(report.period_from, lang) if report.period_from else "…"
    end = display_date(report.period_to or report.as_of.date(), lang)
    return f"Kỳ báo cáo: {start} - {end}" if lang == "vi" else f"Period: {start} to {end}"


def _month(key: str) -> Cell:
    """A month key of the report (``2026-11``) as the first day of that month, a real date
    (the page shows ``11/2026``, the workbook formats it ``mm/yyyy``)."""
    try:
        return date.fromisoformat(f"{key}-01")
    except ValueError:
        return key


def _moment(value: Any) -> Cell:
    """A moment of a per-dossier result (a datetime or ISO text) as a datetime."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return value
    try:
        return datetime.fromisoformat(str(value))
    except ValueError:
        return str(value)


def _hours(value: Any) -> Cell:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except ArithmeticError:
        return str(value)


def document(
    report: OnTimeReport,
    lang: Lang,
    late: Iterable[Mapping[str, Any]] | None = None,
    late_total: int | None = None,
) -> Document:
    """The report as a :class:`~tthc.tabular.Document`; ``late``: the late dossiers (each a
    mapping with the keys :data:`LATE_KEYS`), shown in a table of their own when given."""
    vi = lang == "vi"
    title = TITLE(lang)
    counts = _count_columns(lang)
    tables = [
        Table(
            "overall",
            "Toàn bộ hồ sơ" if vi else "All dossiers",
            counts,
            [_count_values(report.overall)],
            notes=[
                "Các tỷ lệ tính trên hồ sơ đã giải quyết và hồ sơ quá hạn chưa giải quyết; hồ "
                "sơ đang giải quyết trong hạn không được tính."
                if vi
                else "Rates count finished dossiers and the overdue open ones; open dossiers "
                "not yet due are left out."
            ],
        )
    ]
    rates = [6, 7, 8]  # early, on time (not early), late: shares adding up to 100
    colors = [PALETTE["early"], PALETTE["on_time"], PALETTE["late"]]
    for kind, groups in (
        ("month", report.by_month),
        ("agency", report.by_agency),
        ("field", report.by_field),
    ):
        section, head = _SECTIONS[kind]
        rows: list[list[Cell]] = []
        for key in sorted(groups):
            label: Cell = _month(key) if kind == "month" else report.names.get(key, key)
            rows.append([label, *_count_values(groups[key])])
        chart_title = (
            f"Tỷ lệ trước hạn, đúng hạn, trễ hạn {section(lang).lower()}"
            if vi
            else f"Early, on-time and late rates {section(lang).lower()}"
        )
        tables.append(
            Table(
                kind,
                section(lang),
                [Column(head(lang), "month" if kind == "month" else "text"), *counts],
                rows,
                chart=Chart(
                    "stacked",
                    chart_title,
                    "Mỗi thanh là một nhóm, chia theo tỷ lệ hồ sơ trước hạn, đúng hạn và trễ "
                    "hạn. Số liệu ở bảng bên dưới."
                    if vi
                    else "One bar per group, split into the shares early, on time and late. "
                    "The figures are in the table below.",
                    label=0,
                    series=[r + 1 for r in rates],
                    colors=colors,
                ),
            )
        )
    procedures: list[list[Cell]] = []
    for proc_key in sorted(report.procedures, key=_k):
        s = report.procedures[proc_key]
        procedures.append(
            [
                s.code,
                s.name,
                s.case or "",
                *_count_values(s),
                s.average,
                AVERAGE_UNIT_WORDS[s.average_unit](lang),
            ]
        )
    tables.append(
        Table(
            "procedures",
            "Theo thủ tục" if vi else "By procedure",
            [
                Column(_HEAD["code"](lang)),
                Column(_HEAD["name"](lang)),
                Column(_HEAD["case"](lang)),
                *counts,
                Column(_HEAD["average"](lang), "number"),
                Column("Đơn vị" if vi else "Unit"),
            ],
            procedures,
        )
    )
    if late is not None:
        tables.append(_late_table(late, lang, late_total))
    intro = [_period(report, lang)]
    if report.bad_rows:
        skipped = len(report.bad_rows)
        intro.append(f"Dòng bị bỏ qua: {skipped}" if vi else f"Skipped rows: {skipped}")
    return Document(title, lang, intro, tables, _NOT_APPLICABLE(lang))


def _late_table(late: Iterable[Mapping[str, Any]], lang: Lang, total: int | None = None) -> Table:
    """One row per late dossier; ``total``: how many are late or overdue in all (the
    page says when it shows fewer)."""
    vi = lang == "vi"
    rows: list[list[Cell]] = [
        [
            str(r.get("dossier_id") or ""),
            str(r.get("procedure") or ""),
            _status(r.get("status"), lang),
            _moment(r.get("received_at")),
            _moment(r.get("due_at")),
            _moment(r.get("finished_at")),
            _hours(r.get("late_working_hours")),
        ]
        for r in late
    ]
    notes = [
        "Hồ sơ chưa hoàn thành (quá hạn) để trống cột hoàn thành; thời gian trễ tính đến "
        "lúc hoàn thành, hoặc đến cuối kỳ báo cáo."
        if vi
        else "An open (overdue) dossier has no finish; lateness runs to the finish, or to "
        "the end of the period."
    ]
    if total is not None and total > len(rows):
        shown, of = _count_text(len(rows), lang), _count_text(total, lang)
        notes.append(
            f"Hiển thị {shown} hồ sơ trễ nhiều nhất trong {of}; tệp kết quả từng hồ sơ có "
            "đủ tất cả."
            if vi
            else f"Showing the {shown} most late of {of}; the per-dossier file has every one."
        )
    return Table(
        "late",
        "Hồ sơ trễ hạn" if vi else "Late dossiers",
        [
            Column("Mã hồ sơ" if vi else "Dossier"),
            Column(_HEAD["code"](lang)),
            Column("Tình trạng" if vi else "Status"),
            Column("Tiếp nhận" if vi else "Received", "datetime"),
            Column("Hẹn trả" if vi else "Due", "datetime"),
            Column("Hoàn thành" if vi else "Finished", "datetime"),
            Column("Trễ (giờ làm việc)" if vi else "Late (working hours)", "number"),
        ],
        rows,
        notes=notes,
    )


def _status(value: Any, lang: Lang) -> Cell:
    words = STATUS_WORDS.get(str(value or ""))
    return str(value or "") if words is None else words(lang)


def _count_text(n: int, lang: Lang) -> str:
    """A whole number with its thousands grouped (``1.000`` in Vietnamese, ``1,000``)."""
    text = f"{n:,}"
    return text.replace(",", ".") if lang == "vi" else text
