"""Findings of ``tthc validate`` in the formats CI platforms read (định dạng cho CI).

- ``sarif``: SARIF 2.1.0, for code scanning (GitHub, Azure DevOps, GitLab's SAST import);
- ``gitlab``: GitLab Code Quality JSON (merge request widget);
- ``junit``: JUnit XML, one test case per procedure file, a failure per error;
- ``github``: workflow commands with ``endLine``/``endColumn``; with
  ``GITHUB_STEP_SUMMARY`` set, a Markdown summary is appended to the file it names.

Every format names files relative to the current folder with ``/`` separators, so that the
platform can link them to the repository. A finding's end is the end of the line it points
at (the value there): tthc's positions are starts, and a catalog value runs to its line's
end or further.

``tthc`` imports every module of this package at start-up: what is heavier than ``os``
is imported where it is used.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tthc.i18n import Lang
    from tthc.validation import Finding

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_VERSION = "2.1.0"
INFORMATION_URI = "https://pypi.org/project/tthc/"

_LINE_CACHE_LIMIT = 4 * 1024 * 1024  # read at most this much of a file to find line ends


def display_path(path: str) -> str:
    """``path`` relative to the current folder when it is inside it, with ``/`` separators."""
    try:
        relative = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return path
    if relative.startswith(".."):
        return path
    return Path(relative).as_posix()


class LineEnds:
    """The column just after the last non-blank character of each line of the files read,
    so that a finding can say where its value ends. Files are read once, and not past
    :data:`_LINE_CACHE_LIMIT` bytes; a file that cannot be read ends a finding where it
    starts."""

    def __init__(self) -> None:
        self._lines: dict[str, list[str]] = {}

    def end(self, finding: Finding) -> tuple[int, int]:
        """``(end line, end column)`` of ``finding``; the column is exclusive, as SARIF's."""
        lines = self._lines.get(finding.path)
        if lines is None:
            lines = self._lines[finding.path] = _read_lines(finding.path)
        if 1 <= finding.line <= len(lines):
            end = len(lines[finding.line - 1].rstrip()) + 1
            if end > finding.column:
                return finding.line, end
        return finding.line, finding.column + 1


def _read_lines(path: str) -> list[str]:
    try:
        with open(path, "rb") as handle:
            data = handle.read(_LINE_CACHE_LIMIT)
    except OSError:  # a folder, a file gone since: no end known
        return []
    return data.decode("utf-8", errors="replace").lstrip("\ufeff").splitlines()


def _message(finding: Finding, lang: Lang) -> str:
    message = finding.message(lang)
    if finding.hint is not None:
        message += "\n" + finding.hint(lang)
    return message


# -- GitHub Actions ---------------------------------------------------------------------


def _escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


def github_line(finding: Finding, lang: Lang, ends: LineEnds | None = None) -> str:
    """A GitHub Actions workflow command:
    ``::error file=P,line=L,endLine=L,col=C,endColumn=E,title=CODE::message``."""
    kind = "error" if finding.severity.value == "error" else "warning"
    end_line, end_column = (ends or LineEnds()).end(finding)
    props = ",".join(
        f"{key}={_escape_property(value)}"
        for key, value in (
            ("file", display_path(finding.path)),
            ("line", str(finding.line)),
            ("endLine", str(end_line)),
            ("col", str(finding.column)),
            ("endColumn", str(end_column)),
            ("title", finding.rule),
        )
    )
    return f"::{kind} {props}::{_escape_data(_message(finding, lang))}"


def github_text(findings: Sequence[Finding], lang: Lang) -> str:
    ends = LineEnds()
    return "".join(github_line(f, lang, ends) + "\n" for f in findings)


def step_summary(findings: Sequence[Finding], summary_line: str, lang: Lang) -> str:
    """Markdown for ``$GITHUB_STEP_SUMMARY``: the counts, then a table of the findings
    (at most 200 rows, so the page stays readable)."""
    from tthc.display import markdown_table

    title = "tthc validate" if lang == "en" else "tthc validate (kiểm tra danh mục)"
    parts = [f"### {title}\n\n{summary_line}\n"]
    if findings:
        headers = (
            ["Nơi", "Mã", "Mức", "Nội dung"] if lang == "vi" else
            ["Where", "Rule", "Severity", "Message"]
        )  # fmt: skip
        shown = findings[:200]
        rows = [
            [
                f"`{display_path(f.path)}:{f.line}:{f.column}`",
                f.rule,
                f.severity.label(lang),
                f.message(lang),
            ]
            for f in shown
        ]
        parts.append("\n" + "\n".join(markdown_table(headers, rows)) + "\n")
        if len(findings) > len(shown):
            more = len(findings) - len(shown)
            parts.append(
                f"\n… {more} phát hiện nữa\n" if lang == "vi" else f"\n… {more} more findings\n"
            )
    return "".join(parts)


def append_step_summary(text: str) -> bool:
    """Append ``text`` to the file ``GITHUB_STEP_SUMMARY`` names; ``False`` when unset."""
    target = os.environ.get("GITHUB_STEP_SUMMARY", "").strip()
    if not target:
        return False
    with open(target, "a", encoding="utf-8") as handle:
        handle.write(text + "\n")
    return True


# -- SARIF 2.1.0 ------------------------------------------------------------------------


def sarif_log(
    findings: Sequence[Finding], lang: Lang, rules_help: dict[str, str]
) -> dict[str, Any]:
    """A SARIF 2.1.0 log with one run of tthc; ``rules_help`` maps each rule code to its
    one-line summary (``tthc explain CODE`` says more)."""
    from tthc import __version__

    codes = sorted({f.rule for f in findings} | set(rules_help))
    index = {code: i for i, code in enumerate(codes)}
    ends = LineEnds()
    results = []
    for f in findings:
        end_line, end_column = ends.end(f)
        results.append(
            {
                "ruleId": f.rule,
                "ruleIndex": index[f.rule],
                "level": "error" if f.severity.value == "error" else "warning",
                "message": {"text": _message(f, lang)},
                "locations": [
                    {
                        "physicalLocation": {
                            "artifactLocation": {"uri": _uri(f.path)},
                            "region": {
                                "startLine": f.line,
                                "startColumn": f.column,
                                "endLine": end_line,
                                "endColumn": end_column,
                            },
                        }
                    }
                ],
                "partialFingerprints": {"tthc/v1": _fingerprint(f)},
                "properties": {"procedure": f.procedure, "plugin": f.plugin},
            }
        )
    return {
        "$schema": SARIF_SCHEMA,
        "version": SARIF_VERSION,
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "tthc",
                        "version": __version__,
                        "informationUri": INFORMATION_URI,
                        "rules": [
                            {
                                "id": code,
                                "shortDescription": {"text": rules_help.get(code) or code},
                                "help": {"text": f"tthc explain {code}"},
                            }
                            for code in codes
                        ],
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }


def _uri(path: str) -> str:
    shown = display_path(path)
    if os.path.isabs(shown):
        return Path(shown).as_uri()
    from urllib.parse import quote

    return quote(shown)


def _fingerprint(finding: Finding) -> str:
    """Stable across runs while the finding stays: rule, file, procedure and message, not
    the line (an edit above it moves it)."""
    import hashlib

    key = "\0".join(
        (finding.rule, display_path(finding.path), finding.procedure or "", finding.message.en)
    )
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


# -- GitLab Code Quality ---------------------------------------------------------------


def gitlab_report(findings: Sequence[Finding], lang: Lang) -> list[dict[str, Any]]:
    """GitLab Code Quality issues: ``description``, ``check_name``, ``fingerprint``,
    ``severity`` (``major`` for an error, ``minor`` for a warning) and ``location``."""
    ends = LineEnds()
    issues = []
    seen: dict[str, int] = {}
    for f in findings:
        base = _fingerprint(f)
        n = seen[base] = seen.get(base, 0) + 1  # GitLab needs every fingerprint unique
        end_line, _ = ends.end(f)
        issues.append(
            {
                "type": "issue",
                "check_name": f.rule,
                "description": _message(f, lang),
                "categories": ["Bug Risk" if f.severity.value == "error" else "Style"],
                "severity": "major" if f.severity.value == "error" else "minor",
                "fingerprint": base if n == 1 else f"{base}-{n}",
                "location": {
                    "path": display_path(f.path),
                    "lines": {"begin": f.line, "end": end_line},
                },
            }
        )
    return issues


# -- JUnit XML --------------------------------------------------------------------------


def junit_xml(findings: Sequence[Finding], files: Sequence[str], lang: Lang) -> str:
    """JUnit XML: a test case per file read (passing when it has no error), a
    ``<failure>`` per error, warnings in ``<system-out>``."""

    def escape(text: str) -> str:
        return _xml_escape(_XML_INVALID.sub("\ufffd", text))

    def quoteattr(text: str) -> str:
        return _xml_quoteattr(_XML_INVALID.sub("\ufffd", text))

    from xml.sax.saxutils import escape as _xml_escape
    from xml.sax.saxutils import quoteattr as _xml_quoteattr

    by_file: dict[str, list[Finding]] = {display_path(p): [] for p in files}
    for f in findings:
        by_file.setdefault(display_path(f.path), []).append(f)
    failures = sum(1 for f in findings if f.severity.value == "error")
    cases = []
    for path, found in sorted(by_file.items()):
        body = []
        for f in found:
            where = f"{path}:{f.line}:{f.column}"
            text = escape(f"{where}: {f.rule} {_message(f, lang)}")
            if f.severity.value == "error":
                message = quoteattr(f"{f.rule} {f.message(lang)}")
                body.append(f'      <failure message={message} type="{f.rule}">{text}</failure>')
        warnings = [f for f in found if f.severity.value != "error"]
        if warnings:
            lines = "\n".join(
                f"{path}:{f.line}:{f.column}: {f.rule} ({f.severity.label(lang)}) "
                f"{_message(f, lang)}"
                for f in warnings
            )
            body.append(f"      <system-out>{escape(lines)}</system-out>")
        name = quoteattr(path)
        if body:
            cases.append(f'    <testcase classname="tthc.validate" name={name}>')
            cases.extend(body)
            cases.append("    </testcase>")
        else:
            cases.append(f'    <testcase classname="tthc.validate" name={name}/>')
    head = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<testsuites name="tthc validate" tests="{len(by_file)}" failures="{failures}">\n'
        f'  <testsuite name="tthc validate" tests="{len(by_file)}" failures="{failures}" '
        'errors="0" skipped="0">'
    )
    return "\n".join([head, *cases, "  </testsuite>", "</testsuites>"]) + "\n"


# Characters XML 1.0 cannot hold even escaped (control characters a hostile file may
# carry into a quoted value): shown as U+FFFD.
_XML_INVALID = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
