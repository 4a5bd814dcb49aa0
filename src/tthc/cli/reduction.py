"""``tthc reduction``: time-reduction targets of a catalog (mục tiêu cắt giảm thời gian).

Every case of every procedure against the target that applies (Resolution 66/NQ-CP by
default, or a province plugin's, or ``--target``), with a suggestion for each missed target
and the progress of the catalog. Exit 0 when every comparable case meets its target, 1
when some miss it, 2 on a usage or input error. ``--output`` is replaced only once the
whole report is ready (as with ``tthc report``).
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tthc.cli import (
    EXIT_FINDINGS,
    EXIT_OK,
    add_catalog_argument,
    add_format_option,
    add_lang_option,
    add_output_option,
    add_province_option,
    catalog_paths,
    json_text,
    lang_of,
    rules_of,
    write_atomically,
)
from tthc.display import decimal_text, display_number

if TYPE_CHECKING:
    from tthc.duration import Duration
    from tthc.i18n import Lang
    from tthc.reduction import Progress, ReductionReport, ReductionRow

COMMAND = "reduction"
HELP = "mục tiêu cắt giảm thời gian giải quyết / time-reduction targets of a catalog"

FORMATS = ("text", "json", "csv", "markdown")


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
    text = render(report, args.format, lang)
    if args.output:
        # as tthc report: an input error leaves a previous FILE as it was, never half-written
        write_atomically(Path(args.output), text)
    else:
        sys.stdout.write(text)
    missed = report.summary.overall.missed
    return EXIT_FINDINGS if missed else EXIT_OK


# -- rendering ------------------------------------------------------------------------


def _num(value: Decimal | None) -> str | None:
    if value is None:
        return None
    normal = value.normalize()
    return format(normal, "f")


def _hours(value: Decimal | None, lang: Lang) -> str:
    """Working hours saved for people: exact, with the decimal comma in Vietnamese."""
    text = _num(value) or "0"
    return text.replace(".", ",") if lang == "vi" else text


def _plural(count: Decimal | int, singular: str, plural: str) -> str:
    """English count with its noun: ``1 procedure``, ``3 procedures``, ``0.5 hours``."""
    return singular if count == 1 else plural


def _duration(duration: Duration | None, lang: Lang) -> dict[str, Any] | None:
    if duration is None:
        return None
    return {"value": _num(duration.value), "unit": duration.unit.value, "text": duration.text(lang)}


def row_dict(row: ReductionRow, lang: Lang) -> dict[str, Any]:
    """One case as JSON: the keys of the issue plus what explains them."""
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
        "baseline": _duration(row.baseline, lang),
        "reference": row.reference_kind,
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


def render(report: ReductionReport, fmt: str, lang: Lang) -> str:
    """The report as ``text``, ``json``, ``csv`` or ``markdown``."""
    if fmt == "json":
        data = {
            "procedures": [row_dict(row, lang) for row in report.rows],
            "summary": report.summary.as_dict(),
        }
        return json_text(data)
    if fmt == "csv":
        return _csv(report, lang)
    if fmt == "markdown":
        return _markdown(report, lang)
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


_COLUMNS = {
    "code": ("Mã TTHC", "Code"),
    "name": ("Tên thủ tục", "Procedure"),
    "case": ("Trường hợp", "Case"),
    "legal": ("Thời hạn theo quy định", "Legal time"),
    "committed": ("Thời hạn sau cắt giảm", "Committed time"),
    "percent": ("Tỷ lệ cắt giảm (%)", "Reduction (%)"),
    "target": ("Mục tiêu (%)", "Target (%)"),
    "status": ("Kết quả", "Result"),
    "suggestion": ("Đề xuất", "Suggestion"),
}


def _cells(row: ReductionRow, lang: Lang) -> list[str]:
    status = _status_word(row, lang)
    if row.reason is not None:
        status += f": {row.reason(lang)}"
    committed = row.committed.text(lang) if row.committed is not None else "-"
    return [
        row.code,
        row.procedure.name,
        row.case_name or "",
        row.legal.text(lang),
        committed,
        display_number(row.reduction_percent, lang),
        display_number(row.target.percent, lang),
        status,
        _suggestion_text(row, lang),
    ]


def _progress_cells(p: Progress, lang: Lang) -> list[str]:
    return [
        str(p.procedures),
        str(p.met),
        str(p.missed),
        str(p.not_comparable),
        display_number(p.share_met, lang),
        display_number(p.share_met_weighted, lang),
        _hours(p.hours_saved, lang),
    ]


_PROGRESS_HEAD = {
    "vi": [
        "Số thủ tục",
        "Đạt",
        "Chưa đạt",
        "Không so sánh được",
        "Tỷ lệ đạt (%)",
        "Tỷ lệ đạt theo số hồ sơ (%)",
        "Giờ làm việc cắt giảm",
    ],
    "en": [
        "Procedures",
        "Met",
        "Missed",
        "Not comparable",
        "Met (%)",
        "Met, by dossier volume (%)",
        "Working hours saved",
    ],
}


def _markdown(report: ReductionReport, lang: Lang) -> str:
    from tthc.display import markdown_table as _table

    k = 0 if lang == "vi" else 1
    summary = report.summary
    target = summary.target
    if lang == "vi":
        title = f"## Cắt giảm thời gian giải quyết thủ tục hành chính năm {summary.year}"
        intro = f"Mục tiêu: {display_number(target.percent, lang)}% ({target.source_text(lang)})"
        if target.baseline_year is not None:
            intro += f", so với năm {target.baseline_year}"
    else:
        title = f"## Reduction of processing times, {summary.year}"
        intro = f"Target: {display_number(target.percent, lang)}% ({target.source_text(lang)})"
        if target.baseline_year is not None:
            intro += f", against {target.baseline_year}"
    out = [title, "", intro, ""]
    out += _table([v[k] for v in _COLUMNS.values()], [_cells(r, lang) for r in report.rows])
    head = _PROGRESS_HEAD[lang]
    names = {
        "overall": ("Toàn bộ danh mục", "Whole catalog"),
        "field": ("Theo lĩnh vực", "By field"),
        "agency": ("Theo cơ quan", "By agency"),
        "level": ("Theo cấp thực hiện", "By level"),
    }
    out += ["", f"### {names['overall'][k]}", ""]
    out += _table(head, [_progress_cells(summary.overall, lang)])
    group_head = "Nhóm" if lang == "vi" else "Group"

    from tthc.model import Level

    def label(kind: str, key: str) -> str:
        # Names from the catalog's registries, ready to paste; JSON and CSV keep the ids.
        if kind == "level" and key in {level.value for level in Level}:
            return Level(key).label(lang)
        return report.names.get(key, key)

    for kind, groups in summary.by.items():
        out += ["", f"### {names[kind][k]}", ""]
        out += _table(
            [group_head, *head],
            [[label(kind, name), *_progress_cells(groups[name], lang)] for name in sorted(groups)],
        )
    return "\n".join(out) + "\n"


def _text(report: ReductionReport, lang: Lang) -> str:
    vi = lang == "vi"
    lines = []
    for row in report.rows:
        case = f" [{row.case_name}]" if row.case_name else ""
        committed = row.committed.text(lang) if row.committed is not None else "-"
        line = (
            f"{row.code}{case}: {row.legal.text(lang)} -> {committed}, "
            f"{display_number(row.reduction_percent, lang)}% / "
            f"{display_number(row.target.percent, lang)}%: {_status_word(row, lang)}"
        )
        if row.reason is not None:
            line += f" ({row.reason(lang)})"
        suggestion = _suggestion_text(row, lang)
        if suggestion and row.suggestion is not None and row.suggestion.reachable:
            line += f"; {'đề xuất' if vi else 'suggest'} {suggestion}"
        elif suggestion:
            line += f"; {suggestion}"
        lines.append(line)
    o = report.summary.overall
    target = report.summary.target
    lines.append(
        (
            f"Năm {report.summary.year}, mục tiêu {display_number(target.percent, lang)}%: "
            f"{o.procedures} thủ tục, {o.met} đạt, {o.missed} chưa đạt, "
            f"{o.not_comparable} không so sánh được; "
            f"tỷ lệ đạt {display_number(o.share_met, lang)}%; "
            f"cắt giảm {_hours(o.hours_saved, lang)} giờ làm việc"
        )
        if vi
        else (
            f"Year {report.summary.year}, target {display_number(target.percent, lang)}%: "
            f"{o.procedures} {_plural(o.procedures, 'procedure', 'procedures')}, "
            f"{o.met} met, {o.missed} missed, "
            f"{o.not_comparable} not comparable; {display_number(o.share_met, lang)}% met; "
            f"{_hours(o.hours_saved, lang)} "
            f"{_plural(o.hours_saved or 0, 'working hour', 'working hours')} saved"
        )
    )
    return "\n".join(lines) + "\n"


def _csv(report: ReductionReport, lang: Lang) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(
        [
            "code",
            "case",
            "legal",
            "committed",
            "reduction_percent",
            "reduction_hours",
            "target_percent",
            "meets_target",
            "status",
            "reason",
            "suggestion",
        ]
    )
    for row in report.rows:
        meets = row.meets_target
        writer.writerow(
            [
                row.code,
                row.case_name or "",
                row.legal.text(lang),
                row.committed.text(lang) if row.committed is not None else "",
                decimal_text(row.reduction_percent) or "",
                _num(row.reduction_hours) or "",
                _num(row.target.percent),
                "" if meets is None else str(meets).lower(),
                row.status.value,
                "" if row.reason is None else row.reason(lang),
                _suggestion_text(row, lang),
            ]
        )
    return buffer.getvalue()
