"""The report as text, JSON, CSV or Markdown (trình bày báo cáo)."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from tthc.display import decimal_text, display_number, escape_text, markdown_table
from tthc.i18n import Lang, Text
from tthc.report.aggregate import (
    AVERAGE_UNIT_WORDS,
    STATUSES,
    Counts,
    OnTimeReport,
    ProcedureStats,
    _k,
)
from tthc.report.errors import _MAX_SHOWN
from tthc.report.headings import _HEAD, _NOT_APPLICABLE, TITLE

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    IntArray = npt.NDArray[np.int64]


# -- rendering ------------------------------------------------------------------------


def render(report: OnTimeReport, fmt: str, lang: Lang, *, excel: bool = False) -> str | bytes:
    """The report as ``text``, ``json``, ``csv`` or ``markdown`` (headers in ``lang``), or
    as ``html`` (one self-contained page with charts) or ``xlsx`` (the bytes of a workbook):
    see :mod:`tthc.report.tables`.

    The CSV is for programs: UTF-8, comma separated, decimal points. With ``excel`` it is for
    Excel with Vietnamese settings instead: a byte-order mark (without it Excel reads UTF-8 as
    a legacy code page and breaks the diacritics), ``;`` separated, decimal commas, CRLF line
    ends; the columns are the same.
    """
    if fmt == "json":
        return json.dumps(report.as_dict(lang), ensure_ascii=False, indent=2) + "\n"
    if fmt == "csv":
        return _csv(report, lang, excel=excel)
    if fmt == "markdown":
        return _markdown(report, lang)
    if fmt in ("html", "xlsx"):
        from tthc.report.tables import document

        doc = document(report, lang, late=report.late, late_total=_late_total(report))
        if fmt == "html":
            from tthc.htmlreport import render_html

            return render_html(doc)
        from tthc.workbook import workbook_bytes

        return workbook_bytes(doc)
    return _text(report, lang)


def _late_total(report: OnTimeReport) -> int | None:
    """Dossiers late or overdue in the report, when it lists them."""
    if report.late is None:
        return None
    return report.overall.late + report.overall.overdue


def _shown(value: Decimal | None, lang: Lang, suffix: str = "") -> str:
    """A rate or average for people (``suffix`` after a number only), else "n/a"."""
    if value is None:
        return _NOT_APPLICABLE(lang)
    return display_number(value, lang) + suffix


def _cells(counts: Counts, lang: Lang) -> list[str]:
    return [
        str(counts.total),
        str(counts.early),
        str(counts.on_time),
        str(counts.late),
        str(counts.overdue),
        str(counts.open),
        _shown(counts.on_time_rate, lang),
        _shown(counts.late_rate, lang),
    ]


_COUNT_HEAD = ("total", "early", "on_time", "late", "overdue", "open", "on_time_rate", "late_rate")


def _average_text(stats: ProcedureStats, lang: Lang) -> str:
    return _shown(stats.average, lang, f" {AVERAGE_UNIT_WORDS[stats.average_unit](lang)}")


def _period_text(report: OnTimeReport, lang: Lang) -> str:
    start = report.period_from.isoformat() if report.period_from else "…"
    end = report.period_to.isoformat() if report.period_to else report.as_of.isoformat()
    return f"Kỳ báo cáo: {start} - {end}" if lang == "vi" else f"Period: {start} to {end}"


def _markdown(report: OnTimeReport, lang: Lang) -> str:
    h = {k: v(lang) for k, v in _HEAD.items()}
    counts_head = [h[k] for k in _COUNT_HEAD]
    out = [f"## {TITLE(lang)}", "", _period_text(report, lang), ""]
    out += markdown_table(counts_head, [_cells(report.overall, lang)])
    proc_rows = []
    for key in sorted(report.procedures, key=_k):
        stats = report.procedures[key]
        proc_rows.append(
            [
                stats.code,
                stats.name,
                stats.case or "",
                *_cells(stats, lang),
                _average_text(stats, lang),
            ]
        )
    section = {
        "procedures": Text("Theo thủ tục", "By procedure"),
        "agency": Text("Theo cơ quan", "By agency"),
        "field": Text("Theo lĩnh vực", "By field"),
        "month": Text("Theo tháng", "By month"),
    }
    out += ["", f"### {section['procedures'](lang)}", ""]
    out += markdown_table([h["code"], h["name"], h["case"], *counts_head, h["average"]], proc_rows)
    for name, groups in (
        ("agency", report.by_agency),
        ("field", report.by_field),
        ("month", report.by_month),
    ):
        out += ["", f"### {section[name](lang)}", ""]
        rows = [[report.names.get(k, k), *_cells(v, lang)] for k, v in sorted(groups.items())]
        out += markdown_table([h["group"], *counts_head], rows)
    if report.bad_rows:
        word = "Dòng bị bỏ qua" if lang == "vi" else "Skipped rows"
        out += ["", f"{word}: {len(report.bad_rows)}", ""]
        out += [f"- {escape_text(b.message(lang))}" for b in report.bad_rows[:_MAX_SHOWN]]
    return "\n".join(out) + "\n"


def _text(report: OnTimeReport, lang: Lang) -> str:
    o = report.overall
    vi = lang == "vi"
    lines = [_period_text(report, lang)]
    lines.append(
        (
            f"Hồ sơ: {o.total} (trước hạn {o.early}, đúng hạn {o.on_time}, trễ hạn {o.late}, "
            f"quá hạn chưa giải quyết {o.overdue}, đang giải quyết trong hạn {o.open})"
        )
        if vi
        else (
            f"Dossiers: {o.total} (early {o.early}, on time {o.on_time}, late {o.late}, "
            f"overdue and open {o.overdue}, open and not due {o.open})"
        )
    )
    lines.append(
        (
            f"Tỷ lệ trước và đúng hạn: {_shown(o.on_time_rate, lang, '%')}; "
            f"trễ hạn: {_shown(o.late_rate, lang, '%')}"
        )
        if vi
        else (
            f"Early or on time: {_shown(o.on_time_rate, lang, '%')}; "
            f"late: {_shown(o.late_rate, lang, '%')}"
        )
    )
    for key in sorted(report.procedures, key=_k):
        s = report.procedures[key]
        case = f" [{s.case}]" if s.case else ""
        lines.append(
            f"  {s.code}{case}: {s.total}, "
            f"{'đúng hạn' if vi else 'on time'} {_shown(s.on_time_rate, lang, '%')}, "
            f"{'trung bình' if vi else 'average'} {_average_text(s, lang)}"
        )
    if report.bad_rows:
        skipped = len(report.bad_rows)
        lines.append(
            f"Bỏ qua {skipped} dòng:"
            if vi
            else f"Skipped {skipped} {'row' if skipped == 1 else 'rows'}:"
        )
        lines += [f"  {escape_text(b.message(lang))}" for b in report.bad_rows[:_MAX_SHOWN]]
    return "\n".join(lines) + "\n"


def _csv(report: OnTimeReport, lang: Lang, *, excel: bool = False) -> str:
    from tthc.display import csv_number, start_csv

    buffer, writer = start_csv(excel=excel)

    def number(value: Decimal | None) -> str:
        return csv_number(decimal_text(value), excel=excel)

    writer.writerow(
        [
            "group",
            "key",
            "case",
            "unit",
            *STATUSES,
            "total",
            "on_time_rate",
            "early_rate",
            "late_rate",
            "finished",
            "average_processing",
            "average_unit",
            "message",
        ]
    )

    def counts_row(c: Counts) -> list[Any]:
        return [
            *(getattr(c, s) for s in STATUSES),
            c.total,
            number(c.on_time_rate),
            number(c.early_rate),
            number(c.late_rate),
        ]

    blank = [""] * (len(STATUSES) + 4)  # the counts and rates of a skipped row
    writer.writerow(["overall", "", "", "", *counts_row(report.overall), "", "", "", ""])
    for key in sorted(report.procedures, key=_k):
        s = report.procedures[key]
        writer.writerow(
            [
                "procedure",
                s.code,
                s.case or "",
                s.unit,
                *counts_row(s),
                s.finished,
                number(s.average),
                s.average_unit,
                "",
            ]
        )
    for name, groups in (
        ("agency", report.by_agency),
        ("field", report.by_field),
        ("month", report.by_month),
    ):
        for k, v in sorted(groups.items()):
            writer.writerow([name, k, "", "", *counts_row(v), "", "", "", ""])
    # Rows skipped with --skip-bad are listed, every one, as the other formats list them:
    # a spreadsheet of the report must not look complete when rows were left out.
    for bad in report.bad_rows:
        writer.writerow(["skipped", bad.row, "", "", *blank, "", "", "", bad.text(lang)])
    return buffer.getvalue()
