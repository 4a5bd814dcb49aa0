"""Where a value of a YAML file is (vị trí trong tệp): file, line and column.

Every error of the loader names that place first (``path:line:column: ...``), so an
editor or a CI annotation can jump to it.
"""

from __future__ import annotations

from dataclasses import dataclass

from tthc.errors import YamlError
from tthc.i18n import Text

__all__ = ["Loc", "Position", "error_at"]

#: A location inside a document: keys and sequence indexes from the top, as pydantic
#: reports them in ``ValidationError.errors()[i]["loc"]``.
Loc = tuple["str | int", ...]


@dataclass(frozen=True)
class Position:
    """Where a value is: file, line and column, both counted from 1."""

    path: str
    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}"


def error_at(path: str, line: int, column: int, vi: str, en: str) -> YamlError:
    """A :class:`~tthc.errors.YamlError` whose message starts with ``path:line:column``."""
    where = f"{path}:{line}:{column}"
    return YamlError(Text(f"{where}: {vi}", f"{where}: {en}"), path, line, column)
