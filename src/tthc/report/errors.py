"""Errors of the on-time report: bad rows (dòng không hợp lệ) and bad arguments."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from tthc.errors import TthcError
from tthc.i18n import Lang, Text, default_lang

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    IntArray = npt.NDArray[np.int64]


_MAX_SHOWN = 20


class ReportError(TthcError):
    """Dossier records that cannot be read; lists the bad rows with their numbers."""

    def __init__(self, text: Text, bad_rows: list[BadRow] | None = None) -> None:
        super().__init__(text)
        self.bad_rows = bad_rows or []


class EngineError(ReportError, ValueError):
    """An ``engine`` that is not one of :data:`ENGINES` (a bad argument, hence a ValueError)."""


#: The engines :func:`on_time_report` knows: ``auto`` picks ``fast`` when it applies.
ENGINES: tuple[str, ...] = ("auto", "fast", "exact")


@dataclass(frozen=True)
class BadRow:
    """A row that cannot be used, with its number (line in the file; the header is line 1)."""

    row: int
    text: Text

    def message(self, lang: Lang | None = None) -> str:
        """``row N: why`` in ``lang`` (default: the user's language, for both parts)."""
        chosen = lang or default_lang()
        word = "dòng" if chosen == "vi" else "row"
        return f"{word} {self.row}: {self.text(chosen)}"


class _Bad(Exception):
    """Internal: a row is bad (raised while parsing one row)."""

    def __init__(self, text: Text) -> None:
        super().__init__(text.en)
        self.text = text


def _empty_input(where: str) -> ReportError:
    """An input with nothing in it: no header, no row (``where`` is ``"name: "`` or empty)."""
    vi = (
        "đầu vào trống: không có dòng tiêu đề hay dòng hồ sơ nào (chỉ có dòng trống hoặc "
        "dòng chỉ gồm ô trống); kỳ không có hồ sơ nào thì ghi tệp CSV chỉ có dòng tiêu đề"
    )
    en = (
        "empty input: no header and no dossier row (only blank lines or rows of empty "
        "cells); for a period without dossiers, give a CSV with only its header row"
    )
    if where:
        return ReportError(Text(where + vi, where + en))
    return ReportError(Text(vi[0].upper() + vi[1:], en[0].upper() + en[1:]))


def _listed_twice(dossier_id: str, first: int) -> Text:
    return Text(
        f"mã hồ sơ {dossier_id!r} đã có ở dòng {first}; mỗi hồ sơ chỉ được có một dòng "
        "(giữ dòng mới nhất khi ghép nhiều lần xuất dữ liệu)",
        f"dossier_id {dossier_id!r} is also on row {first}; each dossier must appear once "
        "(keep its latest record when putting several exports together)",
    )


def _bad_rows_error(bad_rows: list[BadRow]) -> ReportError:
    shown = bad_rows[:_MAX_SHOWN]
    more = len(bad_rows) - len(shown)
    vi = "; ".join(b.message("vi") for b in shown)
    en = "; ".join(b.message("en") for b in shown)
    if more:
        vi += f"; và {more} dòng khác"
        en += f"; and {more} more"
    rows, them = ("row", "it") if len(bad_rows) == 1 else ("rows", "them")
    return ReportError(
        Text(
            f"{len(bad_rows)} dòng hồ sơ không hợp lệ (dùng --skip-bad để bỏ qua): {vi}",
            f"{len(bad_rows)} bad dossier {rows} (use --skip-bad to skip {them}): {en}",
        ),
        bad_rows,
    )
