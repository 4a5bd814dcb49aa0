"""``tthc report``: on-time rates of dossiers (tỷ lệ giải quyết hồ sơ đúng hạn, QĐ 766/QĐ-TTg).

Reads dossier records (CSV with a header row, or JSON lines), gives each dossier its status
with the SLA engine, and prints the rates overall, per procedure, by agency, field and
month. A bad row stops the report (exit 2, every bad row listed with its number) unless
``--skip-bad``. Nothing is written until the whole input has been read: ``--output`` is
replaced atomically. On a terminal, a row counter runs on stderr. ``--excel`` writes the CSV
for Excel with Vietnamese settings (byte-order mark, ``;``, decimal commas); the plain CSV
stays for programs.
"""

from __future__ import annotations

import argparse
import io
import sys
from collections.abc import Callable
from datetime import date
from typing import TextIO

from tthc.cli import (
    EXIT_OK,
    add_excel_option,
    add_format_option,
    add_lang_option,
    add_output_option,
    add_province_option,
    catalog_paths,
    lang_of,
    result_format,
    rules_of,
    write_result,
)
from tthc.errors import UsageError
from tthc.i18n import Text

COMMAND = "report"
HELP = "báo cáo hồ sơ đúng hạn / on-time report of dossiers (Decision 766/QĐ-TTg)"

FORMATS = ("text", "json", "csv", "markdown", "html", "xlsx")


def _date(value: str) -> date:
    from tthc.timeparse import parse_date

    try:
        return parse_date(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"ngày không hợp lệ / invalid date {value!r} (YYYY-MM-DD)"
        ) from None


def _jobs(value: str) -> int:
    try:
        jobs = int(value)
    except ValueError:
        jobs = 0
    if not 1 <= jobs <= 256:
        raise argparse.ArgumentTypeError(
            f"số tiến trình không hợp lệ / invalid number of jobs {value!r} (1-256)"
        )
    return jobs


def register(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "dossiers",
        metavar="DOSSIERS",
        help="tệp hồ sơ / dossier records: CSV (',', ';' or tab) with a header row, JSON "
        "lines ('-': stdin), or Parquet (*.parquet)",
    )
    parser.add_argument(
        "--catalog",
        default=None,
        metavar="PATH",
        help="danh mục thủ tục / procedure catalog (default: catalog of the config, else catalog/)",
    )
    for flag, about in (
        ("from", "đầu kỳ / first day of the period (YYYY-MM-DD)"),
        (
            "to",
            "cuối kỳ / last day of the period; open dossiers are judged at its end (default: now)",
        ),
    ):
        parser.add_argument(
            f"--{flag}", dest=f"date_{flag}", type=_date, default=None, metavar="DATE", help=about
        )
    parser.add_argument(
        "--skip-bad",
        action="store_true",
        help="bỏ qua dòng lỗi / skip bad rows (listed in the report) instead of stopping",
    )
    parser.add_argument(
        "--rows",
        default=None,
        metavar="OUT.csv|OUT.parquet",
        help="ghi kết quả từng hồ sơ / also write each dossier's result (due moment, status, "
        "lateness) to this CSV or Parquet file; the HTML page and workbook then list the "
        "late dossiers",
    )
    parser.add_argument(
        "--jobs",
        type=_jobs,
        default=1,
        metavar="N",
        help="số tiến trình / processes reading parts of the file at once (counts merged "
        "exactly; default 1)",
    )
    add_format_option(parser, FORMATS)
    add_excel_option(parser)
    add_output_option(parser)
    add_province_option(parser)
    add_lang_option(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from tthc.catalog import load_catalog
    from tthc.report import on_time_report, render

    lang = lang_of(args)
    fmt = result_format(args)
    if args.date_from and args.date_to and args.date_from > args.date_to:
        raise UsageError(
            Text(
                f"--from {args.date_from} sau --to {args.date_to}",
                f"--from {args.date_from} is after --to {args.date_to}",
            )
        )
    rules = rules_of(args)
    catalog = load_catalog(catalog_paths(args.catalog, rules))
    progress = _progress_bar() if sys.stderr.isatty() else None
    source = _stdin() if args.dossiers == "-" else args.dossiers
    try:
        report = on_time_report(
            source,
            catalog,
            rules,
            date_from=args.date_from,
            date_to=args.date_to,
            skip_bad=args.skip_bad,
            progress=progress,
            rows_to=args.rows,
            jobs=args.jobs,
        )
    finally:
        if progress is not None:
            sys.stderr.write("\n")
    write_result(render(report, fmt, lang, excel=args.excel), args.output, excel=args.excel)
    return EXIT_OK


def _stdin() -> TextIO:
    """Standard input read as UTF-8, strictly, whatever the locale.

    Dossier records are UTF-8 (JSON by definition); the locale's decoding would misread
    them on Windows, or let bad bytes through as odd procedure codes, where the report
    names the row that is not UTF-8.
    """
    buffer = getattr(sys.stdin, "buffer", None)
    if buffer is None:  # already a text stream (an embedding program, tests)
        return sys.stdin
    return io.TextIOWrapper(buffer, encoding="utf-8-sig", newline="")


def _progress_bar() -> Callable[[int], None]:
    def show(rows: int) -> None:
        sys.stderr.write(f"\r{rows:,} hồ sơ / {'row' if rows == 1 else 'rows'}")
        sys.stderr.flush()

    return show
