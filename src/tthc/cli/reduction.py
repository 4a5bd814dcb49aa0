"""``tthc reduction``: time-reduction targets of a catalog (mục tiêu cắt giảm thời gian).

Every case of every procedure against the target that applies (Resolution 66/NQ-CP by
default, or a province plugin's, or ``--target``), with a suggestion for each missed target
and the progress of the catalog. Exit 0 when every comparable case meets its target, 1
when some miss it or give their committed time only as text, 2 on a usage or input error.
``--output`` is replaced only once the whole report is ready (as with ``tthc report``);
``--excel`` writes the CSV for Excel with Vietnamese settings (as ``tthc report --excel``).
"""

from __future__ import annotations

import argparse
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from tthc.cli import (
    EXIT_FINDINGS,
    EXIT_OK,
    add_catalog_argument,
    add_excel_option,
    add_format_option,
    add_lang_option,
    add_output_option,
    add_province_option,
    catalog_paths,
    json_text,
    lang_of,
    result_format,
    rules_of,
    write_result,
)
from tthc.display import decimal_text, display_number

if TYPE_CHECKING:
    from tthc.duration import Duration
    from tthc.i18n import Lang
    from tthc.reduction import Progress, ReductionReport, ReductionRow

COMMAND = "reduction"
HELP = "mục tiêu cắt giảm thời gian giải quyết / time-reduction targets of a catalog"

FORMATS = ("text", "json", "csv", "markdown", "html", "xlsx")


def register(parser: argparse.ArgumentParser) -> None:
    add_catalog_argument(parser)
    parser.add_argument(
        "--target",
        default=None,
        metavar="PERCENT",
        help="mục tiêu cho mọi thủ tục, tính theo phần trăm: 30%%, 30 hoặc 30,5%%; "
        "số nhỏ hơn 1 phải có dấu %% (0,3%%), vì 0,3 có thể là 30%% / "
        "target for every procedure, in percent: 30%%, 30 or 30,5%% (decimal comma or "
        "point); a number below 1 needs the %% sign (0,3%%), as 0,3 may mean 30%% "
        "(mặc định/default: plugin rules, Resolution 66/NQ-CP)",
    )
    parser.add_argument(
        "--year", type=int, default=None, help="năm áp dụng mục tiêu / target year (default: now)"
    )
    parser.add_argument(
        "--rounding",
        choices=("day", "half_day", "hour"),
        default=None,
        help="làm tròn đề xuất / rounding of suggestions (default: plugin rules, day)",
    )
    parser.add_argument(
        "--volumes",
        default=None,
        metavar="CSV",
        help="số hồ sơ hằng năm / annual volumes, CSV with header code,annual_volume",
    )
    add_format_option(parser, FORMATS)
    add_excel_option(parser)
    add_output_option(parser)
    add_province_option(parser)
    add_lang_option(parser)
    parser.set_defaults(run=run)


def read_target(text: str) -> Decimal:
    """``--target`` as a percentage: ``30%``, ``30``, ``30,5%`` (decimal comma or point).

    The rules and errors of :func:`~tthc.reduction.parse_percent` (which refuses an
    ambiguous ``0,3``), with the option named in the message.
    """
    from tthc.i18n import Text
    from tthc.reduction import ReductionError, parse_percent

    try:
        return parse_percent(text)
    except ReductionError as exc:
        raise ReductionError(
            Text(f"--target: {exc.message('vi')}", f"--target: {exc.message('en')}")
        ) from None


def run(args: argparse.Namespace) -> int:
    from tthc.catalog import load_catalog
    from tthc.reduction import check, load_volumes

    lang = lang_of(args)
    fmt = result_format(args)
    target = None if args.target is None else read_target(args.target)  # before any work
    rules = rules_of(args)
    catalog = load_catalog(catalog_paths(args.paths, rules))
    volumes = load_volumes(args.volumes, catalog=catalog) if args.volumes else None
    report = check(
        catalog,
        rules,
        year=args.year,
        target=target,
        rounding=args.rounding,
        volumes=volumes,
    )
    write_result(render(report, fmt, lang, excel=args.excel), args.output, excel=args.excel)
    overall = report.summary.overall
    return EXIT_FINDINGS if overall.missed or overall.not_recorded else EXIT_OK


# -- rendering ------------------------------------------------------------------------

#: What text and Markdown show for a figure that does not apply (a percentage of a case
#: that cannot be compared, hours saved where no case is in working time), as ``tthc
#: report`` does: "-%" reads as a broken number and "0" as nothing saved.
_NOT_APPLICABLE = {"vi": "không có", "en": "n/a"}


def _num(value: Decimal | None) -> str | None:
    if value is None:
        return None
    normal = value.normalize()
    return format(normal, "f")


def _shown(value: Decimal | None, lang: Lang, suffix: str = "") -> str:
    """A percentage for people (``suffix`` after a number only), else "n/a"."""
    if value is None:
        return _NOT_APPLICABLE[lang]
    return display_number(value, lang) + suffix


def _hours(p: Progress, lang: Lang) -> str:
    """Net working hours saved for people (decimal comma in Vietnamese); "n/a" when no case
    of the group is measured in working time (calendar days, months, same day)."""
    if not p.cases_with_hours:
        return _NOT_APPLICABLE[lang]
    text = _num(p.hours_saved) or "0"
    return text.replace(".", ",") if lang == "vi" else text


def _plural(count: Decimal | int, singular: str, plural: str) -> str:
    """English count with its noun: ``1 procedure``, ``3 procedures``, ``0.5 hours``."""
    return singular if count == 1 else plural


def _duration(duration: Duration | None, lang: Lang) -> dict[str, Any] | None:
    if duration is None:
        return None
    return {"value": _num(duration.value), "unit": duration.unit.value, "text": duration.text(lang)}


def row_dict(row: ReductionRow, lang: Lang) -> dict[str, Any]:
    """One case as JSON: the keys of the issue plus what explains them.

    ``reference`` says what the cut is measured against (``"baseline"`` or ``"legal"``)
    and ``reference_time`` is that time.
    """
    suggestion = row.suggestion
    return {
        "code": row.code,
        "name": row.procedure.name,
        "case": row.case_name,
        "channel": None if row.case.channel is None else row.case.channel.value,
        "field": row.procedure.field,
        "agencies": list(row.procedure.agencies),
        "levels": [level.value for level in row.procedure.levels],
        "legal": _duration(row.legal, lang),
        "committed": _duration(row.committed, lang),
        "committed_text": row.case.committed_text,
        "baseline": _duration(row.baseline, lang),
        "reference": row.reference_kind,
        "reference_time": _duration(row.reference, lang),
        "reduction_percent": decimal_text(row.reduction_percent),
        "reduction_hours": _num(row.reduction_hours),
        "target_percent": _num(row.target.percent),
        "target_baseline_year": row.target.baseline_year,
        "target_source": row.target.source_text(lang),
        "meets_target": row.meets_target,
        "status": row.status.value,
        "reason": None if row.reason is None else row.reason(lang),
        "suggestion": None
        if suggestion is None
        else {
            "committed": _duration(suggestion.duration, lang),
            "rounding": suggestion.granularity,
            "at_floor": suggestion.at_floor,
            "reason": None if suggestion.reason is None else suggestion.reason(lang),
        },
    }


def render(report: ReductionReport, fmt: str, lang: Lang, *, excel: bool = False) -> str | bytes:
    """The report as ``text``, ``json``, ``csv``, ``markdown``, ``html`` (one self-contained
    page with charts) or ``xlsx`` (the bytes of a workbook, a sheet per breakdown).

    The CSV is for programs: UTF-8, comma separated, decimal points. With ``excel`` it is
    for Excel with Vietnamese settings instead, as ``tthc report --excel``: a byte-order
    mark, ``;`` separated, decimal commas, CRLF line ends; the columns are the same.
    """
    if fmt == "json":
        data = {
            "procedures": [row_dict(row, lang) for row in report.rows],
            "summary": report.summary.as_dict(),
        }
        return json_text(data)
    if fmt == "csv":
        return _csv(report, lang, excel=excel)
    if fmt == "markdown":
        return _markdown(report, lang)
    if fmt == "html":
        from tthc.htmlreport import render_html

        return render_html(document(report, lang))
    if fmt == "xlsx":
        from tthc.workbook import workbook_bytes

        return workbook_bytes(document(report, lang))
    return _text(report, lang)


def _status_word(row: ReductionRow, lang: Lang) -> str:
    from tthc.reduction import STATUS_WORDS

    return STATUS_WORDS[row.status](lang)


def _suggestion_text(row: ReductionRow, lang: Lang) -> str:
    suggestion = row.suggestion
    if suggestion is None:
        return ""
    if suggestion.duration is None:
        return suggestion.reason(lang) if suggestion.reason else ""
    text = suggestion.duration.text(lang)
    if suggestion.at_floor:
        text += " (mức sàn)" if lang == "vi" else " (floor)"
    return text


def _reference_cell(row: ReductionRow, lang: Lang) -> str:
    """The time the cut is measured against, with the year when it is the baseline."""
    shown = row.reference.text(lang)
    if row.reference_kind == "baseline":
        year = row.target.baseline_year
        shown += f" (năm {year})" if lang == "vi" else f" ({year})"
    return shown


def _reference_phrase(report: ReductionReport, lang: Lang) -> str:
    """What the cuts were measured against, as done (not as the target would have it)."""
    year = report.summary.target.baseline_year
    counts = report.summary.references
    baseline, legal = counts.get("baseline", 0), counts.get("legal", 0)
    vi = lang == "vi"
    in_force = "thời hạn theo quy định hiện hành" if vi else "the legal time in force"
    if year is None and not baseline:
        return f"so với {in_force}" if vi else f"against {in_force}"
    if not baseline:
        return (
            f"so với {in_force}: không trường hợp nào ghi thời hạn năm {year}"
            if vi
            else f"against {in_force}: no case records its {year} time"
        )
    if not legal:
        return (
            f"so với thời hạn năm {year}, trường hợp nào cũng có ghi"
            if vi
            else f"against the {year} time, which every case records"
        )
    return (
        f"so với thời hạn năm {year} ở {baseline} trường hợp có ghi thời hạn đó; "
        f"{legal} trường hợp khác so với {in_force}"
        if vi
        else f"against the {year} time for the {baseline} "
        f"{_plural(baseline, 'case that records', 'cases that record')} it; "
        f"the other {legal} against {in_force}"
    )


def _target_line(report: ReductionReport, lang: Lang) -> str:
    target = report.summary.target
    pct = display_number(target.percent, lang)
    source = target.source_text(lang)
    phrase = _reference_phrase(report, lang)
    # sentences, not "(Resolution 66/NQ-CP (2025))": a source may carry its own brackets
    if lang == "vi":
        return f"Mục tiêu: {pct}%. Nguồn: {source}. Cắt giảm tính {phrase}."
    return f"Target: {pct}%. Source: {source}. Cuts are measured {phrase}."


_COLUMNS = {
    "code": ("Mã TTHC", "Code"),
    "name": ("Tên thủ tục", "Procedure"),
    "case": ("Trường hợp", "Case"),
    "legal": ("Thời hạn theo quy định", "Legal time"),
    "reference": ("Mốc so sánh", "Reference"),
    "committed": ("Thời hạn sau cắt giảm", "Committed time"),
    "percent": ("Tỷ lệ cắt giảm so với mốc (%)", "Reduction from the reference (%)"),
    "target": ("Mục tiêu (%)", "Target (%)"),
    "status": ("Kết quả", "Result"),
    "suggestion": ("Đề xuất", "Suggestion"),
}


def _cells(row: ReductionRow, lang: Lang, *, reference: bool) -> list[str]:
    status = _status_word(row, lang)
    if row.reason is not None:
        status += f": {row.reason(lang)}"
    committed = row.committed.text(lang) if row.committed is not None else "-"
    return [
        row.code,
        row.procedure.name,
        row.case_name or "",
        row.legal.text(lang),
        *([_reference_cell(row, lang)] if reference else []),
        committed,
        _shown(row.reduction_percent, lang),
        display_number(row.target.percent, lang),
        status,
        _suggestion_text(row, lang),
    ]


def _progress_columns(overall: Progress) -> list[str]:
    """The progress columns shown: not-recorded and volume columns only when they apply."""
    columns = ["procedures", "met", "missed", "not_comparable"]
    if overall.not_recorded:
        columns.append("not_recorded")
    columns += ["share_met", "share_met_comparable"]
    if overall.volume_known:
        columns += ["volume_known", "share_met_weighted"]
    return [*columns, "hours_saved"]


_PROGRESS_HEAD = {
    "procedures": ("Số thủ tục", "Procedures"),
    "met": ("Đạt", "Met"),
    "missed": ("Chưa đạt", "Missed"),
    "not_comparable": ("Không so sánh được", "Not comparable"),
    "not_recorded": ("Chưa ghi thời hạn cam kết", "Committed time not recorded"),
    "share_met": ("Tỷ lệ đạt trên tổng số (%)", "Met, of all (%)"),
    "share_met_comparable": ("Tỷ lệ đạt trong số so sánh được (%)", "Met, of comparable (%)"),
    "volume_known": ("Số thủ tục có số hồ sơ", "Procedures with a known volume"),
    "share_met_weighted": ("Tỷ lệ đạt theo số hồ sơ (%)", "Met, by dossier volume (%)"),
    "hours_saved": ("Giờ làm việc cắt giảm (ròng)", "Working hours saved (net)"),
}


def _progress_cells(p: Progress, columns: list[str], lang: Lang) -> list[str]:
    values = {
        "procedures": str(p.procedures),
        "met": str(p.met),
        "missed": str(p.missed),
        "not_comparable": str(p.not_comparable),
        "not_recorded": str(p.not_recorded),
        "share_met": _shown(p.share_met, lang),
        "share_met_comparable": _shown(p.share_met_comparable, lang),
        "volume_known": str(p.volume_known),
        "share_met_weighted": _shown(p.share_met_weighted, lang),
        "hours_saved": _hours(p, lang),
    }
    return [values[c] for c in columns]


def _group_order(kind: str, keys: list[str]) -> list[str]:
    """Groups in reading order: levels from central to commune, others by id."""
    if kind != "level":
        return sorted(keys)
    from tthc.model import Level

    order = [level.value for level in Level]
    return sorted(keys, key=lambda key: (order.index(key) if key in order else len(order), key))


_SECTION_NAMES = {
    "overall": ("Toàn bộ danh mục", "Whole catalog"),
    "field": ("Theo lĩnh vực", "By field"),
    "agency": ("Theo cơ quan thực hiện", "By agency"),
    "level": ("Theo cấp thực hiện", "By level"),
}
_GROUP_HEADS = {
    "field": ("Lĩnh vực", "Field"),
    "agency": ("Cơ quan thực hiện", "Agency"),
    "level": ("Cấp thực hiện", "Level"),
}


def _group_label(report: ReductionReport, kind: str, key: str, lang: Lang) -> str:
    """A group for people: names from the catalog's registries, ready to paste (JSON and CSV
    keep the ids); a level by its name."""
    from tthc.model import Level

    if kind == "level" and key in {level.value for level in Level}:
        return Level(key).label(lang)
    return report.names.get(key, key)


def _markdown(report: ReductionReport, lang: Lang) -> str:
    from tthc.display import markdown_table as _table

    k = 0 if lang == "vi" else 1
    summary = report.summary
    if lang == "vi":
        title = f"## Cắt giảm thời gian giải quyết thủ tục hành chính năm {summary.year}"
    else:
        title = f"## Reduction of processing times, {summary.year}"
    out = [title, "", _target_line(report, lang), ""]
    reference = any(r.target.baseline_year is not None for r in report.rows)
    columns = [v[k] for key, v in _COLUMNS.items() if reference or key != "reference"]
    out += _table(columns, [_cells(r, lang, reference=reference) for r in report.rows])
    progress = _progress_columns(summary.overall)
    head = [_PROGRESS_HEAD[c][k] for c in progress]
    names = _SECTION_NAMES
    out += ["", f"### {names['overall'][k]}", ""]
    out += _table(head, [_progress_cells(summary.overall, progress, lang)])

    def label(kind: str, key: str) -> str:
        return _group_label(report, kind, key, lang)

    for kind, groups in summary.by.items():
        out += ["", f"### {names[kind][k]}", ""]
        out += _table(
            [_GROUP_HEADS[kind][k], *head],
            [
                [label(kind, name), *_progress_cells(groups[name], progress, lang)]
                for name in _group_order(kind, list(groups))
            ],
        )
    out += ["", _notes(report, lang)]
    return "\n".join(out) + "\n"


def _notes(report: ReductionReport, lang: Lang) -> str:
    """How to read the progress tables: which share is which, hours net, volumes known."""
    o = report.summary.overall
    if lang == "vi":
        note = (
            "Tỷ lệ đạt trên tổng số tính mọi thủ tục, kể cả thủ tục không so sánh được; tỷ lệ "
            f"đạt trong số so sánh được chỉ tính {o.comparable} thủ tục đạt hoặc chưa đạt. "
            "Giờ làm việc cắt giảm là số ròng (thời hạn cam kết dài hơn mốc so sánh thì "
            "trừ đi), chỉ gồm "
            f"{o.cases_with_hours} trường hợp tính bằng ngày hoặc giờ làm việc; "
            "'không có' khi không trường hợp nào như vậy (ngày theo lịch, tháng, trong ngày)."
        )
        if o.volume_known:
            note += (
                f" Tỷ lệ theo số hồ sơ chỉ tính {o.volume_known}/{o.procedures} thủ tục có số "
                "hồ sơ hằng năm."
            )
        return note
    note = (
        "Met, of all counts every procedure, also those that cannot be compared; met, of "
        f"comparable counts only the {o.comparable} that met or missed. Working hours saved "
        "are net (a committed time longer than the reference subtracts) over the "
        f"{o.cases_with_hours} {_plural(o.cases_with_hours, 'case', 'cases')} in working days "
        "or hours; n/a where there is none (calendar days, months, same day)."
    )
    if o.volume_known:
        note += (
            f" The share by dossier volume counts only the {o.volume_known} of "
            f"{o.procedures} procedures with a known annual volume."
        )
    return note


def _text_line(row: ReductionRow, lang: Lang) -> str:
    vi = lang == "vi"
    case = f" [{row.case_name}]" if row.case_name else ""
    committed = row.committed.text(lang) if row.committed is not None else "-"
    if row.reference_kind == "baseline":
        year = row.target.baseline_year
        start = (
            f"{row.reference.text(lang)} (thời hạn năm {year}; hiện hành {row.legal.text(lang)})"
            if vi
            else f"{row.reference.text(lang)} ({year} time; in force now {row.legal.text(lang)})"
        )
    else:
        start = row.legal.text(lang)
    line = (
        f"{row.code}{case}: {start} -> {committed}, "
        f"{_shown(row.reduction_percent, lang, '%')} / "
        f"{display_number(row.target.percent, lang)}%: {_status_word(row, lang)}"
    )
    if row.reason is not None:
        line += f" ({row.reason(lang)})"
    suggestion = _suggestion_text(row, lang)
    if suggestion and row.suggestion is not None and row.suggestion.reachable:
        line += f"; {'đề xuất' if vi else 'suggest'} {suggestion}"
    elif suggestion:
        line += f"; {suggestion}"
    return line


def _text(report: ReductionReport, lang: Lang) -> str:
    lines = [_text_line(row, lang) for row in report.rows]
    o = report.summary.overall
    target = report.summary.target
    year = report.summary.year
    pct = display_number(target.percent, lang)
    lines.append(_target_line(report, lang))
    if lang == "vi":
        summary = (
            f"Năm {year}, mục tiêu {pct}%: {o.procedures} thủ tục, {o.met} đạt, "
            f"{o.missed} chưa đạt, {o.not_comparable} không so sánh được"
        )
        if o.not_recorded:
            summary += f", {o.not_recorded} chưa ghi thời hạn cam kết dạng giá trị"
        summary += (
            f"; tỷ lệ đạt {_shown(o.share_met, lang, '%')} trên tổng số, "
            f"{_shown(o.share_met_comparable, lang, '%')} trong {o.comparable} thủ tục "
            "so sánh được"
        )
        if o.volume_known:
            summary += (
                f"; theo số hồ sơ {_shown(o.share_met_weighted, lang, '%')} "
                f"({o.volume_known}/{o.procedures} thủ tục có số hồ sơ)"
            )
        hours = (
            f"cắt giảm {_hours(o, lang)} giờ làm việc (ròng, ở {o.cases_with_hours} trường hợp "
            "tính bằng ngày hoặc giờ làm việc)"
            if o.cases_with_hours
            else "giờ làm việc cắt giảm: không có (không trường hợp nào tính bằng ngày hoặc "
            "giờ làm việc)"
        )
    else:
        summary = (
            f"Year {year}, target {pct}%: "
            f"{o.procedures} {_plural(o.procedures, 'procedure', 'procedures')}, "
            f"{o.met} met, {o.missed} missed, {o.not_comparable} not comparable"
        )
        if o.not_recorded:
            summary += f", {o.not_recorded} committed time not recorded as a value"
        summary += (
            f"; {_shown(o.share_met, lang, '%')} met of all, "
            f"{_shown(o.share_met_comparable, lang, '%')} of the {o.comparable} comparable"
        )
        if o.volume_known:
            summary += (
                f"; {_shown(o.share_met_weighted, lang, '%')} by dossier volume "
                f"({o.volume_known} of {o.procedures} "
                f"{_plural(o.procedures, 'procedure', 'procedures')} with a known volume)"
            )
        hours = (
            f"{_hours(o, lang)} {_plural(o.hours_saved, 'working hour', 'working hours')} saved "
            f"(net, over {o.cases_with_hours} {_plural(o.cases_with_hours, 'case', 'cases')} "
            "in working time)"
            if o.cases_with_hours
            else "working hours saved: n/a (no case in working time)"
        )
    lines.append(f"{summary}; {hours}")
    return "\n".join(lines) + "\n"


#: CSV columns: ids as in the catalog, times as published text and as value and unit.
CSV_COLUMNS = (
    "code",
    "name",
    "case",
    "field",
    "agencies",
    "levels",
    "legal",
    "legal_value",
    "legal_unit",
    "baseline",
    "baseline_value",
    "baseline_unit",
    "committed",
    "committed_value",
    "committed_unit",
    "committed_text",
    "reference",
    "reference_value",
    "reference_unit",
    "reduction_percent",
    "reduction_hours",
    "target_percent",
    "target_baseline_year",
    "meets_target",
    "status",
    "reason",
    "suggestion",
    "suggestion_value",
    "suggestion_unit",
)


def _csv(report: ReductionReport, lang: Lang, *, excel: bool = False) -> str:
    from tthc.display import csv_number, start_csv

    buffer, writer = start_csv(excel=excel)

    def number(text: str | None) -> str:
        return csv_number(text, excel=excel)

    def time(duration: Duration | None) -> list[str]:
        if duration is None:
            return ["", "", ""]
        return [duration.text(lang), number(_num(duration.value)), duration.unit.value]

    writer.writerow(CSV_COLUMNS)
    for row in report.rows:
        meets = row.meets_target
        suggested = None if row.suggestion is None else row.suggestion.duration
        writer.writerow(
            [
                row.code,
                row.procedure.name,
                row.case_name or "",
                row.procedure.field,
                ",".join(row.procedure.agencies),
                ",".join(level.value for level in row.procedure.levels),
                *time(row.legal),
                *time(row.baseline),
                *time(row.committed),
                row.case.committed_text or "",
                row.reference_kind,
                *time(row.reference)[1:],
                number(decimal_text(row.reduction_percent)),
                number(_num(row.reduction_hours)),
                number(_num(row.target.percent)),
                "" if row.target.baseline_year is None else row.target.baseline_year,
                "" if meets is None else str(meets).lower(),
                row.status.value,
                "" if row.reason is None else row.reason(lang),
                _suggestion_text(row, lang),
                *time(suggested)[1:],
            ]
        )
    return buffer.getvalue()


# -- page and workbook ------------------------------------------------------------------


def _progress_values(p: Progress, columns: list[str]) -> list[Any]:
    """The progress columns as values (counts, exact shares, hours; ``None``: n/a)."""
    values: dict[str, Any] = {
        "procedures": p.procedures,
        "met": p.met,
        "missed": p.missed,
        "not_comparable": p.not_comparable,
        "not_recorded": p.not_recorded,
        "share_met": p.share_met,
        "share_met_comparable": p.share_met_comparable,
        "volume_known": p.volume_known,
        "share_met_weighted": p.share_met_weighted,
        "hours_saved": p.hours_saved if p.cases_with_hours else None,
    }
    return [values[c] for c in columns]


def _progress_kind(column: str) -> str:
    if column.startswith("share"):
        return "percent"
    return "number" if column == "hours_saved" else "count"


def document(report: ReductionReport, lang: Lang) -> Any:
    """The report as a :class:`~tthc.tabular.Document` for the HTML page and the workbook:
    every case; the catalog's progress overall; the average cut by field against the target
    (a chart); procedures met, missed and not comparable by field, agency and level (charts
    by field)."""
    from tthc.svgchart import PALETTE
    from tthc.tabular import Chart, Column, Document, Table

    k = 0 if lang == "vi" else 1
    vi = lang == "vi"
    summary = report.summary
    reference = any(r.target.baseline_year is not None for r in report.rows)
    kinds = {"percent": "percent", "target": "percent"}
    case_columns = [
        Column(v[k], kinds.get(key, "text"))  # type: ignore[arg-type]
        for key, v in _COLUMNS.items()
        if reference or key != "reference"
    ]
    case_rows: list[list[Any]] = []
    for row in report.rows:
        cells: list[Any] = _cells(row, lang, reference=reference)
        percent_at = 6 if reference else 5
        cells[percent_at] = row.reduction_percent
        cells[percent_at + 1] = row.target.percent
        case_rows.append(cells)
    title = (
        f"Cắt giảm thời gian giải quyết thủ tục hành chính năm {summary.year}"
        if vi
        else f"Reduction of processing times, {summary.year}"
    )
    progress = _progress_columns(summary.overall)
    head = [Column(_PROGRESS_HEAD[c][k], _progress_kind(c)) for c in progress]  # type: ignore[arg-type]
    tables = [
        Table(
            "overall",
            _SECTION_NAMES["overall"][k],
            head,
            [_progress_values(summary.overall, progress)],
            notes=[_notes(report, lang)],
        )
    ]
    # the average cut of each field's comparable cases, against the catalog's target
    by_field: dict[str, list[Decimal]] = {}
    for row in report.rows:
        if row.reduction_percent is not None:
            by_field.setdefault(row.procedure.field, []).append(row.reduction_percent)
    target = summary.target.percent
    cut_rows: list[list[Any]] = [
        [
            _group_label(report, "field", key, lang),
            len(cuts),
            sum(cuts, Decimal(0)) / len(cuts),
            target,
        ]
        for key in sorted(by_field)
        for cuts in [by_field[key]]
    ]
    cut_title = (
        "Mức cắt giảm trung bình theo lĩnh vực so với mục tiêu"
        if vi
        else "Average cut by field against the target"
    )
    tables.append(
        Table(
            "cut_by_field",
            cut_title,
            [
                Column(_GROUP_HEADS["field"][k]),
                Column("Số trường hợp so sánh được" if vi else "Comparable cases", "count"),
                Column("Cắt giảm trung bình (%)" if vi else "Average cut (%)", "percent"),
                Column(_COLUMNS["target"][k], "percent"),
            ],
            cut_rows,
            chart=Chart(
                "target",
                cut_title,
                (
                    "Mỗi thanh là mức cắt giảm trung bình của một lĩnh vực; đường đứt nét là "
                    "mục tiêu. Số liệu ở bảng bên dưới."
                    if vi
                    else "Each bar is a field's average cut; the dashed line is the target. "
                    "The figures are in the table below."
                ),
                label=0,
                series=[2],
                colors=[PALETTE["bar"]],
                target=target,
                target_name="Mục tiêu" if vi else "Target",
                short_name="Chưa đạt mục tiêu" if vi else "Short of the target",
            ),
            notes=[
                "Trung bình cộng tỷ lệ cắt giảm của các trường hợp so sánh được; thủ tục có "
                "mục tiêu riêng vẫn được vẽ so với mục tiêu chung."
                if vi
                else "Plain mean of the cuts of the comparable cases; procedures with a "
                "target of their own are drawn against the common target too."
            ],
        )
    )
    statuses = [c for c in ("met", "missed", "not_comparable", "not_recorded") if c in progress]
    colors = {
        "met": PALETTE["early"],
        "missed": PALETTE["missed"],
        "not_comparable": PALETTE["other"],
        "not_recorded": "#7A5195",
    }
    for kind, groups in summary.by.items():
        keys = _group_order(kind, list(groups))
        chart = None
        if kind == "field":
            chart = Chart(
                "stacked",
                (
                    "Số thủ tục đạt, chưa đạt mục tiêu theo lĩnh vực"
                    if vi
                    else "Procedures meeting the target, by field"
                ),
                (
                    "Mỗi thanh là một lĩnh vực, chia theo số thủ tục đạt, chưa đạt và không so "
                    "sánh được. Số liệu ở bảng bên dưới."
                    if vi
                    else "One bar per field, split into procedures that met, missed or cannot "
                    "be compared. The figures are in the table below."
                ),
                label=0,
                series=[1 + progress.index(c) for c in statuses],
                colors=[colors[c] for c in statuses],
                percent=False,
            )
        tables.append(
            Table(
                kind,
                _SECTION_NAMES[kind][k],
                [Column(_GROUP_HEADS[kind][k]), *head],
                [
                    [
                        _group_label(report, kind, key, lang),
                        *_progress_values(groups[key], progress),
                    ]
                    for key in keys
                ],
                chart=chart,
            )
        )
    tables.append(
        Table("cases", "Từng trường hợp" if vi else "Every case", case_columns, case_rows)
    )
    return Document(title, lang, [_target_line(report, lang)], tables, _NOT_APPLICABLE[lang])
