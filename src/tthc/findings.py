"""Findings (phát hiện khi kiểm tra): what a check of a catalog reports, and where.

Below the catalog, whose loader reports unreadable files and schema errors as findings,
and below :mod:`tthc.validation`, whose rules report the rest; both re-export these names.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING, Any, Protocol

from tthc.i18n import Lang, Text

if TYPE_CHECKING:
    from tthc.yamlsource import Directive


class HasDirectives(Protocol):
    """A file's ``# tthc:`` comments (:class:`~tthc.catalog.ProcedureSource` has them)."""

    @property
    def directives(self) -> tuple[Directive, ...]: ...


class Severity(str, Enum):
    """How bad a finding is: an error fails CI (exit 1), a warning does not."""

    ERROR = "error"
    WARNING = "warning"

    def __str__(self) -> str:
        return self.value

    def label(self, lang: Lang | None = None) -> str:
        """The severity for people in ``lang``: ``lỗi`` / ``cảnh báo``, ``error`` / ``warning``.

        The value itself (``error``, ``warning``) is what configuration and JSON use.
        """
        return _SEVERITY_LABEL[self.value](lang)


_SEVERITY_LABEL = {
    "error": Text("lỗi", "error"),
    "warning": Text("cảnh báo", "warning"),
}


@dataclass(frozen=True)
class Finding:
    """One thing a rule found, at one place (phát hiện khi kiểm tra)."""

    rule: str
    """Rule code, e.g. ``TT101``."""
    severity: Severity
    path: str
    """The file, as it was given to the loader."""
    line: int
    """1-based line (1 when the finding concerns a whole file or folder)."""
    column: int
    """1-based column."""
    message: Text
    hint: Text | None = None
    """How to fix it, when the rule knows."""
    procedure: str | None = None
    """Code of the procedure concerned, if any."""
    plugin: str = "tthc"
    """Name of the plugin whose rule made the finding."""

    @property
    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.path, self.line, self.column, self.rule, self.message.en)

    def as_dict(self, lang: Lang) -> dict[str, Any]:
        """The finding as JSON-ready data (``tthc validate --format json``)."""
        return {
            "rule": self.rule,
            "severity": self.severity.value,
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "message": self.message(lang),
            "hint": self.hint(lang) if self.hint is not None else None,
            "procedure": self.procedure,
            "plugin": self.plugin,
        }


def file_disabled_codes(source: HasDirectives) -> frozenset[str]:
    """Codes disabled in one file by ``# tthc: disable=CODE,CODE`` comments."""
    codes: set[str] = set()
    for directive in source.directives:
        name, _, value = directive.body.partition("=")
        if name.strip().lower() == "disable":
            codes.update(part.strip().upper() for part in value.split(",") if part.strip())
    return frozenset(codes)


__all__ = ["Finding", "Severity", "file_disabled_codes"]
