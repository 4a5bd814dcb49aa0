"""Input bounds (giới hạn đầu vào): the most tthc reads of one line, and a reader that keeps
to it.

Every file tthc reads may come from someone else (a pull request, an export no one checked
by hand). Whole files are streamed a line at a time; :func:`bounded_lines` makes sure that
one line, too, is never held whole in memory however long the file writes it.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Iterator

from tthc.display import escape_text
from tthc.errors import TthcError
from tthc.i18n import Text

__all__ = ["MAX_LINE", "bounded_lines", "csv_problem", "line_too_long"]

#: Longest line read from a dossier or volumes file (characters). A record is a few hundred;
#: a file of one 1 GB line was read whole before anything looked at it.
MAX_LINE = 1_000_000


def bounded_lines(
    source: Iterable[str], where: str, error: Callable[[Text], TthcError]
) -> Iterator[str]:
    """The lines of ``source`` (a text stream), each read at most :data:`MAX_LINE`
    characters at a time; a longer line raises ``error`` naming it (``where`` names the
    file, as ``"name: "``, or is empty). A source without ``readline`` (a list of lines
    already in memory) is passed through."""
    readline = getattr(source, "readline", None)
    if readline is None:
        yield from source
        return
    number = 0
    while True:
        line = readline(MAX_LINE + 1)
        if not line:
            return
        number += 1
        if len(line) > MAX_LINE:
            raise error(line_too_long(where, number))
        yield line


def line_too_long(where: str, number: int) -> Text:
    """Line ``number`` is longer than :data:`MAX_LINE` (``where`` as in :func:`bounded_lines`)."""
    return Text(
        f"{where}dòng {number} dài hơn {MAX_LINE:,} ký tự; một dòng dữ liệu chỉ vài "
        "trăm ký tự: tệp này không đúng loại, hoặc thiếu ký tự xuống dòng",
        f"{where}line {number} is longer than {MAX_LINE:,} characters; a line of "
        "data is a few hundred: this is the wrong file, or its line breaks are "
        "missing",
    )


def csv_problem(where: str, row: int, exc: csv.Error) -> Text:
    """What the csv module refuses (a cell over its limit, a NUL byte), naming the row."""
    if "field larger than field limit" in str(exc):
        limit = csv.field_size_limit()
        return Text(
            f"{where}dòng {row}: có ô dài hơn {limit:,} ký tự; một ô dữ liệu chỉ vài chục ký "
            "tự: kiểm tra dấu nháy kép chưa đóng",
            f"{where}row {row}: a cell is longer than {limit:,} characters; a cell of data is "
            "a few dozen: look for an unclosed double quote",
        )
    reason = escape_text(str(exc), 120)
    return Text(
        f"{where}dòng {row}: CSV không hợp lệ ({reason})",
        f"{where}row {row}: invalid CSV ({reason})",
    )
