"""Reading dossier records (đọc dữ liệu hồ sơ): CSV and JSON lines, streamed row by row."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable, Iterator
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from tthc.display import escape_text
from tthc.errors import not_utf8
from tthc.i18n import Text
from tthc.limits import bounded_lines, csv_problem
from tthc.report.errors import ReportError, _empty_input

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    IntArray = npt.NDArray[np.int64]


#: Keys of a dossier record; the first four are required (``finished_at`` may be empty).
COLUMNS: tuple[str, ...] = (
    "dossier_id",
    "procedure_code",
    "received_at",
    "finished_at",
    "case",
    "channel",
    "pauses",
)
REQUIRED: tuple[str, ...] = ("dossier_id", "procedure_code", "received_at")

# -- reading --------------------------------------------------------------------------


def read_rows(source: str | Path | TextIO) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield ``(row number, record)`` from a CSV (header row) or JSON-lines source.

    The format is told by the first non-blank character: ``{`` for JSON lines (``[``, one
    JSON array, raises :class:`ReportError` saying to write JSON lines); a CSV's separator
    (``,``, ``;`` or a tab) by its header line. Row numbers
    are line numbers (a CSV header is line 1). Blank lines, and CSV rows of empty cells
    only (Excel writes ``;;;`` for a row it once formatted), are skipped. A row that cannot
    be read yields a record with the single key ``__error__``. An input with no header and
    no row at all raises :class:`ReportError`, except a file named ``.jsonl`` or
    ``.ndjson`` (JSON lines have no header: their empty file is zero dossiers).
    """
    for number, values in _records(source):
        if isinstance(values, _RowError):
            yield number, {"__error__": values}
        else:
            yield number, {k: v for k, v in zip(COLUMNS, values, strict=True) if v}


class _RowError(str):
    """Why a row cannot be read: the English text, carrying both languages in ``text``.

    :func:`read_rows` puts it under ``__error__`` (a plain string for any caller), and
    :func:`parse_record` reports it in Vietnamese too.
    """

    text: Text

    def __new__(cls, text: Text) -> _RowError:
        made = super().__new__(cls, text.en)
        made.text = text
        return made


_Values = tuple[str, str, str, str, str, str, str]

_JSON_KINDS: dict[type, Text] = {
    dict: Text("một đối tượng", "an object"),
    list: Text("một mảng", "an array"),
    str: Text("một chuỗi", "a string"),
    int: Text("một số", "a number"),
    float: Text("một số", "a number"),
    bool: Text("true/false", "true/false"),
    type(None): Text("null", "null"),
}


#: The JSON decoder's reasons in Vietnamese (others are quoted as the decoder gives them).
_JSON_REASONS_VI: dict[str, str] = {
    "Expecting value": "thiếu giá trị",
    "Expecting property name enclosed in double quotes": "cần tên khoá trong dấu nháy kép",
    "Expecting ':' delimiter": "thiếu dấu ':'",
    "Expecting ',' delimiter": "thiếu dấu ','",
    "Unterminated string starting at": "chuỗi không có dấu nháy đóng",
    "Invalid control character at": "ký tự điều khiển trong chuỗi",
    "Invalid \\escape": "dấu \\ không hợp lệ",
    "Extra data": "dữ liệu thừa sau đối tượng",
}


class _JsonRefused(ValueError):
    """Valid for Python's decoder but not JSON a record may hold (NaN, a key twice)."""

    def __init__(self, text: Text) -> None:
        super().__init__(text.en)
        self.text = text


def _no_constant(name: str) -> Any:
    """``NaN`` and ``Infinity`` are not JSON (RFC 8259); Python's decoder accepts them."""
    raise _JsonRefused(
        Text(
            f"JSON không hợp lệ: {name} không phải một giá trị JSON",
            f"invalid JSON: {name} is not a JSON value",
        )
    )


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """An object whose keys are unique: a key given twice would keep its last value only."""
    value = dict(pairs)
    if len(value) != len(pairs):
        seen: set[str] = set()
        twice = ""
        for key, _ in pairs:
            if key in seen:
                twice = key
                break
            seen.add(key)
        shown = escape_text(twice, 60)
        raise _JsonRefused(
            Text(f"JSON: khoá “{shown}” có hai lần", f"JSON: the key “{shown}” is given twice")
        )
    return value


def _load_json(line: str) -> Any:
    return json.loads(line, parse_constant=_no_constant, object_pairs_hook=_no_duplicates)


def _json_error(exc: ValueError | RecursionError) -> Text:
    """A JSON line that does not parse, with the decoder's reason."""
    if isinstance(exc, _JsonRefused):
        return exc.text
    if isinstance(exc, json.JSONDecodeError):
        return Text(
            f"JSON không hợp lệ ở cột {exc.colno}: {_JSON_REASONS_VI.get(exc.msg, exc.msg)}",
            f"invalid JSON at column {exc.colno}: {exc.msg}",
        )
    if isinstance(exc, RecursionError):
        return Text("JSON lồng nhau quá sâu", "JSON nested too deeply")
    # Python refuses integers of more than 4300 digits
    return Text("JSON có số quá dài", "JSON with a number too long")


def _not_an_object(value: object) -> Text:
    kind = _JSON_KINDS.get(type(value), Text(type(value).__name__, type(value).__name__))
    return Text(
        f"JSON: cần một đối tượng {{...}}, nhận được {kind.vi}",
        f"JSON: expected an object {{...}}, got {kind.en}",
    )


def _json_values(value: dict[str, Any]) -> _Values | _RowError:
    """The cells of a JSON object in the order of :data:`COLUMNS`, or why not.

    ``null`` is an empty cell; numbers are written out (``"dossier_id": 17``). ``pauses``
    may be one string (``"START/END;START/END"``) or a list of ``"START/END"`` strings (an
    empty list: no pause). A list or object elsewhere is refused, not quoted as Python
    would print it.
    """
    cells: list[str] = []
    for key in COLUMNS:
        item = value.get(key)
        if item is None:
            cells.append("")
        elif type(item) is str:
            cells.append(item)
        elif key == "pauses" and type(item) is list:
            wrong = [p for p in item if type(p) is not str]
            if wrong:
                kind = _JSON_KINDS.get(type(wrong[0]), Text("?", "?"))
                return _RowError(
                    Text(
                        f'pauses: cần một mảng chuỗi "BẮT_ĐẦU/KẾT_THÚC", có phần tử là {kind.vi}',
                        f'pauses: expected a list of "START/END" strings, found {kind.en} in it',
                    )
                )
            cells.append(";".join(item))
        elif isinstance(item, (list, dict, bool)):
            kind = _JSON_KINDS.get(type(item), Text("?", "?"))
            expected = (
                Text(
                    'một chuỗi "BẮT_ĐẦU/KẾT_THÚC;..." hoặc một mảng chuỗi "BẮT_ĐẦU/KẾT_THÚC"',
                    'a string "START/END;..." or a list of "START/END" strings',
                )
                if key == "pauses"
                else Text("một chuỗi", "a string")
            )
            return _RowError(
                Text(
                    f"{key}: cần {expected.vi}, nhận được {kind.vi}",
                    f"{key}: expected {expected.en}, got {kind.en}",
                )
            )
        else:  # a number
            cells.append(str(item))
    return tuple(cells)  # type: ignore[return-value]


def _cell_count(cells: int, width: int) -> Text:
    """A CSV row whose number of cells differs from the header's."""
    noun = "column" if cells == 1 else "columns"
    return Text(
        f"có {cells} cột, dòng tiêu đề có {width}",
        f"{cells} {noun}, the header has {width}",
    )


#: File names that mark JSON lines, whose empty file is a period without dossiers.
_JSON_LINES_SUFFIXES = (".jsonl", ".ndjson")


def _records(source: str | Path | TextIO) -> Iterator[tuple[int, _Values | _RowError]]:
    """Like :func:`read_rows`, as tuples in the order of :data:`COLUMNS` (or why not)."""
    if isinstance(source, (str, Path)):
        try:
            handle = Path(source).open(encoding="utf-8-sig", newline="")  # noqa: SIM115
        except OSError as exc:
            raise ReportError(
                Text(
                    f"{source}: không đọc được ({exc.strerror})",
                    f"{source}: cannot read ({exc.strerror})",
                )
            ) from exc
        with handle:
            yield from _records(handle)
        return
    name = getattr(source, "name", None)
    # a file (or <stdin>) names itself in messages; an in-memory stream has no name
    where = f"{name}: " if isinstance(name, str) else ""
    buffered: list[str] = []
    number = 0
    reader: Any = None
    lines = bounded_lines(source, where, ReportError)
    try:
        first = ""
        for line in lines:
            if not buffered:
                # a byte-order mark (Excel, Notepad) read through an already open stream
                line = line.removeprefix("\ufeff")
            buffered.append(line)
            if line.strip():
                first = line.lstrip()[0]
                break
        if not first:
            if isinstance(name, str) and name.lower().endswith(_JSON_LINES_SUFFIXES):
                return  # JSON lines write a period without dossiers as an empty file
            # a failed export or the wrong file, most likely: say so rather than print a
            # report of nothing (zero dossiers is a header with no rows)
            raise _empty_input(where)
        if first == "[":
            raise _json_array(where)
        stream = _chain(buffered, lines)
        if first == "{":
            for number, line in enumerate(stream, start=1):
                if not line.strip():
                    continue
                try:
                    value = _load_json(line.rstrip("\r\n"))  # columns within the line
                except (ValueError, RecursionError) as exc:
                    yield number, _RowError(_json_error(exc))
                    continue
                if not isinstance(value, dict):
                    yield number, _RowError(_not_an_object(value))
                    continue
                yield number, _json_values(value)
            return
        head_line = next((line for line in buffered if line.strip()), "")
        reader = csv.reader(stream, delimiter=_delimiter(head_line))
        header = next(reader, None)
        while header is not None and not any(cell.strip() for cell in header):
            header = next(reader, None)  # blank lines before the header
        if header is None:
            raise _empty_input(where)
        names = [h.strip() for h in header]
        missing = [c for c in REQUIRED if c not in names]
        if missing:
            vi = f"dòng tiêu đề thiếu cột: {', '.join(missing)} (có: {', '.join(names)})"
            en = (
                f"the header row lacks the columns: {', '.join(missing)} "
                f"(found: {', '.join(names)})"
            )
            if where:
                raise ReportError(Text(where + vi, where + en))
            raise ReportError(Text(vi[0].upper() + vi[1:], en[0].upper() + en[1:]))
        width = len(names)
        # absent optional columns read from an always-empty extra cell
        idx = [names.index(c) if c in names else width for c in COLUMNS]
        pick = itemgetter(*idx)
        for row in reader:
            if not (row and row[0].strip()) and not "".join(row).strip():
                continue  # a blank line, or a row of empty cells (Excel: ";;;")
            if len(row) != width:
                if len(row) > width and not any(cell.strip() for cell in row[width:]):
                    del row[width:]  # empty cells after the last column (Excel)
                else:
                    yield reader.line_num, _RowError(_cell_count(len(row), width))
                    continue
            row.append("")
            yield reader.line_num, pick(row)
    except UnicodeDecodeError as exc:
        taken = reader.line_num if reader is not None else max(number, len(buffered))
        raise ReportError(not_utf8(where, taken, exc)) from None
    except csv.Error as exc:  # a cell over the csv module's limit, a NUL byte
        row = reader.line_num if reader is not None else 1
        raise ReportError(csv_problem(where, row, exc)) from None


#: Separators a CSV may use: Excel where the comma is the decimal mark (as in Vietnamese
#: settings) saves ";", and TSV exports or a copy from a spreadsheet give tabs.
_DELIMITERS = (",", ";", "\t")


def _delimiter(head_line: str) -> str:
    """The separator of a CSV, told from its header line.

    The one that splits the header into the most required column names, then the most
    frequent one; a comma when nothing tells.
    """

    def score(delimiter: str) -> tuple[int, int]:
        names = {cell.strip().strip('"').strip() for cell in head_line.split(delimiter)}
        return sum(name in names for name in REQUIRED), head_line.count(delimiter)

    return max(_DELIMITERS, key=score)


def _json_array(where: str) -> ReportError:
    """An input that is one JSON array rather than JSON lines."""
    vi = (
        "đây là một mảng JSON; hãy ghi mỗi dòng một đối tượng JSON (JSON lines), "
        "ví dụ: jq -c '.[]' hoso.json > hoso.jsonl"
    )
    en = (
        "this is a JSON array; write one JSON object per line (JSON lines), "
        "e.g. jq -c '.[]' dossiers.json > dossiers.jsonl"
    )
    if where:
        return ReportError(Text(where + vi, where + en))
    return ReportError(Text(vi[0].upper() + vi[1:], en[0].upper() + en[1:]))


def _chain(first: list[str], rest: Iterable[str]) -> Iterator[str]:
    yield from first
    yield from rest


#: File names read as Parquet (through pyarrow) rather than as text.
PARQUET_SUFFIXES = (".parquet", ".pq")


def read_source(
    source: str | Path | TextIO,
) -> Iterator[tuple[int, _Values | _RowError | ArrowRows]]:
    """:func:`_records` of a CSV or JSON-lines source, or of a Parquet file (by its name
    ``*.parquet``), streamed in record batches; a Parquet row's number is its position
    (the first row is 1)."""
    if isinstance(source, (str, Path)) and str(source).lower().endswith(PARQUET_SUFFIXES):
        return _parquet(Path(source))
    return _records(source)


class ArrowRows:
    """One record batch of a Parquet file, as columns: rows whose cells need no reading
    row by row (times as timestamps, no pause, an id without blanks around it) are counted
    from these arrays; :meth:`cells` gives any row as text, as :func:`_records` would."""

    def __init__(
        self, columns: dict[str, Any], size: int, broken: Callable[[Exception], ReportError]
    ) -> None:
        import numpy as np
        import pyarrow as pa
        import pyarrow.compute as pc

        self.size = size
        self._broken = broken
        self._columns = columns
        self._text: list[list[str]] | None = None
        self._asked = 0
        empty = pa.array([""] * size, type=pa.string())

        def text_of(name: str) -> Any:
            column = columns.get(name)
            if column is None:
                return empty
            if pa.types.is_timestamp(column.type) or _is_list(column.type):
                return None
            return column.cast(pa.string()).fill_null("")

        ids = text_of("dossier_id")
        keys = [text_of(name) for name in ("procedure_code", "case", "channel")]
        received, finished = columns["received_at"], columns["finished_at"]
        pauses = columns.get("pauses")
        #: rows that may be counted from the arrays (the rest are read from their text)
        self.simple = np.zeros(size, dtype=np.bool_)
        self.ids: list[str] = []
        self.key_index = np.zeros(size, dtype=np.int64)
        self.keys: list[tuple[str, str, str]] = []
        self.received = np.zeros(size, dtype=np.int64)
        self.finished = np.zeros(size, dtype=np.int64)
        self.open = np.zeros(size, dtype=np.bool_)
        if (
            ids is None
            or any(k is None for k in keys)
            or not pa.types.is_timestamp(received.type)
            or not pa.types.is_timestamp(finished.type)
            or not size
        ):
            return
        simple = (
            pc.utf8_length(ids).to_numpy(zero_copy_only=False) > 0
        ) & ~pc.match_substring_regex(ids, _BLANK_EDGE).to_numpy(zero_copy_only=False)
        if pauses is not None:
            if _is_list(pauses.type):
                no_pause = pc.fill_null(pc.equal(pc.list_value_length(pauses), 0), True)
            else:
                no_pause = pc.equal(pc.utf8_length(pauses.cast(pa.string()).fill_null("")), 0)
            simple &= no_pause.to_numpy(zero_copy_only=False)
        self.received = _local_us(received)
        self.open = finished.is_null().to_numpy(zero_copy_only=False)
        self.finished = _local_us(finished)
        simple &= ~received.is_null().to_numpy(zero_copy_only=False)
        codes = []
        for key in keys:
            encoded = key.dictionary_encode()
            codes.append(
                (
                    encoded.indices.to_numpy(zero_copy_only=False).astype(np.int64),
                    encoded.dictionary.to_pylist(),
                )
            )
        combined = np.zeros(size, dtype=np.int64)
        for index, words in codes:
            combined = combined * max(len(words), 1) + index
        distinct, first, self.key_index = np.unique(
            combined, return_index=True, return_inverse=True
        )
        self.key_index = self.key_index.reshape(-1).astype(np.int64)
        self.keys = [
            (
                codes[0][1][int(codes[0][0][row])],
                codes[1][1][int(codes[1][0][row])],
                codes[2][1][int(codes[2][0][row])],
            )
            for row in first.tolist()
        ]
        del distinct
        self.simple = simple
        self.ids = ids.to_pylist()

    def cells(self, row: int) -> _Values:
        """Row ``row`` of the batch (from 0) as text cells in the order of :data:`COLUMNS`:
        the first few one at a time (a batch is mostly simple rows), then the whole batch."""
        import pyarrow as pa

        try:
            return self._cells(row)
        except pa.ArrowException as exc:  # a moment Arrow cannot write as text
            raise self._broken(exc) from None

    def _cells(self, row: int) -> _Values:
        if self._text is None and self._asked < 256:
            self._asked += 1
            one = [_as_text(self._one(name, row), 1)[0] for name in COLUMNS]
            return tuple(one)  # type: ignore[return-value]
        if self._text is None:
            self._text = [_as_text(self._columns.get(name), self.size) for name in COLUMNS]
        return tuple(column[row] for column in self._text)  # type: ignore[return-value]

    def _one(self, name: str, row: int) -> Any:
        column = self._columns.get(name)
        return None if column is None else column.slice(row, 1)


def _is_list(kind: Any) -> bool:
    import pyarrow as pa

    return bool(pa.types.is_list(kind) or pa.types.is_large_list(kind))


#: An id with a blank at either end (as Python's str.strip sees blanks): read from its text.
_BLANK_EDGE = (
    r"^[\s\x1c-\x1f\x85\xa0\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}]"
    r"|[\s\x1c-\x1f\x85\xa0\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}]$"
)


def _local_us(column: Any) -> Any:
    """A timestamp column as Vietnam local microseconds since 1970 (nulls as 0)."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    if column.type.tz is not None:
        column = pc.local_timestamp(column.cast(pa.timestamp("us", tz="Asia/Ho_Chi_Minh")))
    column = column.cast(pa.timestamp("us"), safe=False).cast(pa.int64()).fill_null(0)
    return np.asarray(column.to_numpy(zero_copy_only=False), dtype=np.int64)


def _as_text(column: Any, size: int) -> list[str]:
    """A column of a batch as text cells (``""`` for none), as a CSV would hold them."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if column is None:
        return [""] * size
    if pa.types.is_timestamp(column.type):
        if column.type.tz is not None:
            column = column.cast(pa.timestamp("us", tz="Asia/Ho_Chi_Minh"))
            column = pc.local_timestamp(column)
        text = pc.strftime(column, format="%Y-%m-%dT%H:%M:%S")
    elif pa.types.is_list(column.type) or pa.types.is_large_list(column.type):
        text = pc.binary_join(column.cast(pa.list_(pa.string())), ";")
    else:
        text = column.cast(pa.string())
    cells: list[str] = text.fill_null("").to_pylist()
    return cells


def _parquet(
    path: Path, batch_rows: int = 131_072, row_groups: list[int] | None = None
) -> Iterator[tuple[int, ArrowRows]]:
    """The record batches of a Parquet file, each with the number of its first row.

    Moments may be timestamps (naive: Vietnam local time; with a zone: converted) or ISO
    8601 text; other cells are read as text. A batch of timestamps is counted from its
    arrays (:class:`ArrowRows`); any other row is turned into text cells by Arrow (C++),
    then checked as every other source is.
    """
    try:
        import pyarrow as pa
        import pyarrow.compute as pc
        import pyarrow.parquet as pq
    except ImportError:  # pragma: no cover - pyarrow is in the test environment
        raise ReportError(
            Text(
                "Đọc Parquet cần pyarrow: pip install 'tthc[arrow]'",
                "Reading Parquet needs pyarrow: pip install 'tthc[arrow]'",
            )
        ) from None
    shown = escape_text(str(path), 200)

    def broken(exc: Exception) -> ReportError:
        reason = escape_text(str(exc), 200)
        return ReportError(
            Text(
                f"{shown}: không đọc được Parquet ({reason})",
                f"{shown}: cannot read Parquet ({reason})",
            )
        )

    try:
        handle = pq.ParquetFile(path)
    except (OSError, pa.ArrowException) as exc:
        raise broken(exc) from None
    names = handle.schema_arrow.names
    missing = [c for c in REQUIRED if c not in names]
    if missing:
        found = escape_text(", ".join(names), 300)
        raise ReportError(
            Text(
                f"{shown}: thiếu cột: {', '.join(missing)} (có: {found})",
                f"{shown}: the columns {', '.join(missing)} are missing (found: {found})",
            )
        )
    present = [c for c in COLUMNS if c in names]
    # a cell is bounded as the csv module bounds a CSV cell: a dossier id or a time is a
    # few dozen characters, and a batch of huge cells would be held whole in memory
    limit = csv.field_size_limit()
    number = 0
    batches = handle.iter_batches(batch_size=batch_rows, columns=present, row_groups=row_groups)
    try:
        for batch in batches:
            columns = {name: batch.column(name) for name in present}
            for name, column in columns.items():
                if pa.types.is_timestamp(column.type):
                    continue
                values, parent = column, None
                if pa.types.is_list(column.type) or pa.types.is_large_list(column.type):
                    parent = pc.list_parent_indices(column)
                    values = pc.list_flatten(column)
                lengths = pc.utf8_length(values.cast(pa.string()))
                longest = pc.max(lengths).as_py()
                if longest is not None and longest > limit:
                    at = int(pc.index(lengths, longest).as_py())
                    at = number + 1 + (at if parent is None else int(parent[at].as_py()))
                    raise ReportError(
                        Text(
                            f"{shown}: dòng {at}: ô {name} dài hơn {limit:,} ký tự; một ô "
                            "dữ liệu chỉ vài chục ký tự",
                            f"{shown}: row {at}: the cell {name} is longer than {limit:,} "
                            "characters; a cell of data is a few dozen",
                        )
                    )
            yield number + 1, ArrowRows(columns, batch.num_rows, broken)
            number += batch.num_rows
    except (OSError, pa.ArrowException) as exc:  # a damaged page, bytes that are not UTF-8
        raise broken(exc) from None
