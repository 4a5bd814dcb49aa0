"""``tthc validate``: check a catalog and report findings as text, JSON, GitHub annotations,
SARIF, GitLab Code Quality or JUnit XML (those in :mod:`tthc.cli.output`).

Exit 0 when there is no error (warnings allowed), 1 when there is one, 2 on a usage or
I/O error (a path that does not exist, a bad configuration).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from tthc.cli import (
    EXIT_FINDINGS,
    EXIT_OK,
    add_catalog_argument,
    add_format_option,
    add_lang_option,
    add_province_option,
    catalog_paths,
    json_text,
    lang_of,
    rules_of,
)
from tthc.cli.output import append_step_summary, display_path, step_summary
from tthc.display import escape_text

if TYPE_CHECKING:
    from collections.abc import Sequence

    from tthc.i18n import Lang
    from tthc.rules import Rules
    from tthc.validation import Finding

COMMAND = "validate"
HELP = "kiểm tra danh mục thủ tục / check a procedure catalog (CI)"

FORMATS = ("text", "json", "github", "sarif", "gitlab", "junit")


def register(parser: argparse.ArgumentParser) -> None:
    add_catalog_argument(parser)
    add_format_option(parser, FORMATS)
    add_province_option(parser)
    add_lang_option(parser)
    parser.add_argument(
        "--jobs",
        "-j",
        type=_jobs,
        default=None,
        metavar="N",
        help="số tiến trình / processes checking files at once (default: every core)",
    )
    parser.add_argument(
        "--no-cache",
        action="store_true",
        help="không dùng bộ đệm kết quả / read and write no result cache",
    )
    parser.add_argument(
        "--cache-dir",
        default=None,
        metavar="DIR",
        help="thư mục bộ đệm / result cache folder (default: .tthc_cache next to the "
        "configuration file, else in the current folder)",
    )
    parser.set_defaults(run=run)


def _jobs(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if not 1 <= value <= 1024:
        raise argparse.ArgumentTypeError(
            f"cần một số nguyên từ 1 đến 1024 / expected a whole number from 1 to 1024: {text!r}"
        )
    return value


def run(args: argparse.Namespace) -> int:
    from tthc.cache import default_cache_dir, default_jobs, validate_paths
    from tthc.validation import Severity

    lang = lang_of(args)
    rules = rules_of(args)
    if args.no_cache:
        cache_dir = None
    elif args.cache_dir is not None:
        cache_dir = Path(args.cache_dir)
    else:
        cache_dir = default_cache_dir(rules)
    outcome = validate_paths(
        catalog_paths(args.paths, rules),
        rules,
        jobs=args.jobs or default_jobs(),
        cache_dir=cache_dir,
    )
    findings = outcome.findings
    errors = sum(1 for f in findings if f.severity is Severity.ERROR)
    warnings = len(findings) - errors
    out = sys.stdout
    if args.format == "json":
        out.write(json_text([{**f.as_dict(lang), "path": display_path(f.path)} for f in findings]))
    elif args.format != "text":
        out.write(ci_text(args.format, findings, outcome.loaded, rules, lang))
        if args.format == "github":  # and the job's summary page, when on GitHub Actions
            line = summary(outcome.procedures, errors, warnings, lang, files=outcome.files_read)
            append_step_summary(step_summary(findings, line, lang))
    else:
        for finding in findings:
            out.write(text_line(finding, lang) + "\n")
        out.write(
            summary(outcome.procedures, errors, warnings, lang, files=outcome.files_read) + "\n"
        )
    return EXIT_FINDINGS if errors else EXIT_OK


def text_line(finding: Finding, lang: Lang) -> str:
    """``path:line:col: CODE message`` (and the hint, indented, on the next line)."""
    # Escaped: a value quoted in a message (or a file name) never starts a line of its own.
    where = f"{escape_text(display_path(finding.path))}:{finding.line}:{finding.column}"
    label = "" if finding.severity.value == "error" else f" ({finding.severity.label(lang)})"
    line = f"{where}: {escape_text(finding.rule)}{label} {escape_text(finding.message(lang))}"
    if finding.hint is not None:
        line += f"\n    {escape_text(finding.hint(lang))}"
    return line


def summary(
    procedures: int, errors: int, warnings: int, lang: Lang, *, files: int | None = None
) -> str:
    """The last line of the text format: ``3 procedures, 1 error, 0 warnings``.

    When some of the ``files`` read could not be loaded as procedures, it says so:
    ``1 procedure, 4 errors, 0 warnings (3 files read, 2 not loaded)``, so that the count
    is not taken for the size of the catalog. Vietnamese nouns do not change with the
    number; English ones take ``s`` except for 1.
    """
    missing = files - procedures if files is not None and files > procedures else 0
    if lang == "vi":
        line = f"{procedures} thủ tục, {errors} lỗi, {warnings} cảnh báo"
        if missing:
            line += f" (đã đọc {files} tệp, {missing} tệp không nạp được)"
        return line
    line = ", ".join(
        f"{count} {noun}" + ("" if count == 1 else "s")
        for count, noun in ((procedures, "procedure"), (errors, "error"), (warnings, "warning"))
    )
    if missing:
        line += f" ({files} {'file' if files == 1 else 'files'} read, {missing} not loaded)"
    return line


def ci_text(
    fmt: str, findings: list[Finding], loaded: Sequence[str], rules: Rules, lang: Lang
) -> str:
    """The findings in a CI platform's format (see :mod:`tthc.cli.output`); ``loaded``: the
    procedure files that loaded (JUnit's passing test cases)."""
    from tthc.cli import output

    if fmt == "github":
        return output.github_text(findings, lang)
    if fmt == "gitlab":
        return json_text(output.gitlab_report(findings, lang))
    if fmt == "junit":
        return output.junit_xml(findings, loaded, lang)
    titles = {rule.code: rule.title(lang) for _, rule in rules.validation_rules()}
    return json_text(output.sarif_log(findings, lang, titles))
