"""Annual dossier volumes (số hồ sơ hằng năm) read from a CSV file, for the weighted
figures of a reduction report."""

from __future__ import annotations

import csv
import itertools
from bisect import bisect_left
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tthc.display import escape_text
from tthc.errors import ReductionError, not_utf8
from tthc.i18n import Text
from tthc.limits import bounded_lines, csv_problem

if TYPE_CHECKING:
    from tthc.model import Procedure

__all__ = ["load_volumes"]


def load_volumes(path: str | Path, *, catalog: Iterable[Procedure] | None = None) -> dict[str, int]:
    """Read annual dossier volumes (số hồ sơ hằng năm) from a CSV ``code,annual_volume``.

    The header may use ``;`` as Excel saves it where the comma is the decimal mark. A code
    given twice is an error naming both rows (which value was meant cannot be guessed).
    With ``catalog``, a code that is not in it is an error too, with the catalog code it
    probably is (a zero-stripped ``1.01004``, a decimal comma ``1,004222``, a national code
    listed with local suffixes): its volume would silently count for nothing and skew the
    weighted figures.

    Raises :class:`ReductionError` naming the file and row of every bad line (all of them,
    not only the first), or of the first line that is not UTF-8.
    """
    file = Path(path)
    try:
        handle = file.open(newline="", encoding="utf-8-sig")
    except OSError as exc:
        raise ReductionError(
            Text(
                f"{file}: không đọc được ({exc.strerror})",
                f"{file}: cannot read ({exc.strerror})",
            )
        ) from exc
    known = None if catalog is None else sorted(p.code for p in catalog)
    volumes: dict[str, int] = {}
    rows: dict[str, int] = {}  # code -> the row it was first given on
    problems: list[Text] = []
    unknown = False
    reader: Any = None
    with handle:
        try:
            lines = bounded_lines(handle, f"{file}: ", ReductionError)
            first = next(lines, "")
            # Excel where the comma is the decimal mark (as in Vietnamese settings) saves ";"
            delimiter = ";" if ";" in first and "," not in first else ","
            reader = csv.reader(itertools.chain([first], lines), delimiter=delimiter)
            header = [h.strip() for h in next(reader, [])]
            if "code" not in header or "annual_volume" not in header:
                # as in the file, with its own separator; cut and escaped
                shown = escape_text(first.rstrip("\r\n"), 60)
                raise ReductionError(
                    Text(
                        f"{file}: dòng 1 phải là tiêu đề 'code,annual_volume' "
                        f"(hoặc 'code;annual_volume'), nhận được {shown!r}",
                        f"{file}: row 1 must be the header 'code,annual_volume' "
                        f"(or 'code;annual_volume'), got {shown!r}",
                    )
                )
            code_at, volume_at = header.index("code"), header.index("annual_volume")
            for number, row in enumerate(reader, start=2):
                if not any(cell.strip() for cell in row):
                    continue
                try:
                    code = row[code_at].strip()
                    raw = row[volume_at].strip()
                except IndexError:
                    problems.append(
                        Text(f"dòng {number}: thiếu cột", f"row {number}: missing columns")
                    )
                    continue
                # ASCII digits, at most 15 of them: "²".isdigit() is true and int() fails
                # on it, and a number of thousands of digits is no volume either.
                # A procedure code is short: one longer than 60 characters is not one, and
                # is never quoted whole in the messages below.
                volume_ok = raw.isascii() and raw.isdigit() and len(raw) <= 15
                if not volume_ok or not code or len(code) > 60:
                    raw_shown, code_shown = escape_text(raw, 40), escape_text(code, 40)
                    problems.append(
                        Text(
                            f"dòng {number}: số hồ sơ không hợp lệ '{raw_shown}' cho "
                            f"'{code_shown}'",
                            f"row {number}: invalid annual volume '{raw_shown}' for '{code_shown}'",
                        )
                    )
                    continue
                if code in rows:
                    was = rows[code]
                    problems.append(
                        Text(
                            f"dòng {number}: mã {code!r} trùng với dòng {was} (dòng {was} ghi "
                            f"{volumes[code]}, dòng {number} ghi {int(raw)}); "
                            "mỗi thủ tục chỉ giữ một dòng",
                            f"row {number}: code {code!r} repeats row {was} ({volumes[code]} on "
                            f"row {was}, {int(raw)} on row {number}); keep one row per procedure",
                        )
                    )
                    continue
                if known is not None and not _has(known, code):
                    problems.append(_unknown_code(number, code, known))
                    unknown = True
                rows[code] = number
                volumes[code] = int(raw)
        except UnicodeDecodeError as exc:
            taken = reader.line_num if reader is not None else 0
            raise ReductionError(not_utf8(f"{file}: ", taken, exc)) from None
        except csv.Error as exc:  # a cell over the csv module's limit, a NUL byte
            row = reader.line_num if reader is not None else 1
            raise ReductionError(csv_problem(f"{file}: ", row, exc)) from None
    if problems:
        vi = f"{file}: " + "; ".join(p.vi for p in problems)
        en = f"{file}: " + "; ".join(p.en for p in problems)
        if unknown:  # why it is an error, not a row to skip
            vi += (
                "; hãy sửa mã hoặc xoá dòng có mã không có trong danh mục: "
                "số hồ sơ của dòng đó sẽ không được tính"
            )
            en += (
                "; correct or remove each row whose code is not in the catalog: "
                "its volume would count for nothing"
            )
        raise ReductionError(Text(vi, en))
    return volumes


def _has(codes: list[str], code: str) -> bool:
    at = bisect_left(codes, code)
    return at < len(codes) and codes[at] == code


def _unknown_code(number: int, code: str, codes: list[str]) -> Text:
    """Row ``number`` gives ``code``, which is not among the sorted catalog ``codes``
    (the wording and suggestions of :func:`tthc.catalog.unknown_code`)."""
    from tthc.catalog import unknown_code

    why = unknown_code(code, codes)
    return Text(f"dòng {number}: {why.vi}", f"row {number}: {why.en}")
