"""``tthc validate``: check a catalog and report findings as text, JSON, GitHub annotations,
SARIF, GitLab Code Quality or JUnit XML (those in :mod:`tthc.cli.output`).

Exit 0 when there is no error (warnings allowed), 1 when there is one, 2 on a usage or
I/O error (a path that does not exist, a bad configuration).
"""

from __future__ import annotations

import argparse
import gc
import sys
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
    from tthc.catalog import Catalog
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
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from tthc.catalog import Catalog
    from tthc.validation import Severity

    lang = lang_of(args)
    rules = rules_of(args)
    catalog = Catalog.load(catalog_paths(args.paths, rules))
    # The catalog lives until the command exits: move it out of the cyclic GC's sight
    # instead of letting every later collection rescan it (about 0.15 s for 5,000 files).
    gc.freeze()
    findings = rules.validate(catalog)
    errors = sum(1 for f in findings if f.severity is Severity.ERROR)
    warnings = len(findings) - errors
    out = sys.stdout
    if args.format == "json":
        out.write(json_text([{**f.as_dict(lang), "path": display_path(f.path)} for f in findings]))
    elif args.format != "text":
        out.write(ci_text(args.format, findings, catalog, rules, lang))
        if args.format == "github":  # and the job's summary page, when on GitHub Actions
            line = summary(len(catalog), errors, warnings, lang, files=catalog.files_read)
            append_step_summary(step_summary(findings, line, lang))
    else:
        for finding in findings:
            out.write(text_line(finding, lang) + "\n")
        out.write(summary(len(catalog), errors, warnings, lang, files=catalog.files_read) + "\n")
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


def ci_text(fmt: str, findings: list[Finding], catalog: Catalog, rules: Rules, lang: Lang) -> str:
    """The findings in a CI platform's format (see :mod:`tthc.cli.output`)."""
    from tthc.cli import output

    if fmt == "github":
        return output.github_text(findings, lang)
    if fmt == "gitlab":
        return json_text(output.gitlab_report(findings, lang))
    if fmt == "junit":
        files = [source.path for source in catalog.sources()]
        return output.junit_xml(findings, files, lang)
    titles = {rule.code: rule.title(lang) for _, rule in rules.validation_rules()}
    return json_text(output.sarif_log(findings, lang, titles))
