"""On-time report (báo cáo tỷ lệ giải quyết hồ sơ đúng hạn) from dossier records.

Decision 766/QĐ-TTg (2022) scores provinces on the share of dossiers finished early or on
time (trước hạn, đúng hạn), the share late (trễ hạn) and the average processing time per
procedure. This module reads dossier records, gives each dossier its status with the SLA
engine of :class:`~tthc.rules.Rules`, and aggregates overall, per procedure (and case), by
agency, field and month.

Input: a CSV file with a header row (separated by ``,``, ``;`` or tabs), or JSON lines, with
the keys ``dossier_id``, ``procedure_code``, ``received_at``, ``finished_at`` (empty while
open) and optionally ``case``, ``channel`` (``in_person``, ``online``, ``postal``, or as
one-stop exports write them: :data:`CHANNEL_SPELLINGS`) and ``pauses``
(``START/END;START/END``; a last ``START/`` is a pause still open; in JSON lines also a list
of ``START/END`` strings). Times are ISO 8601; a time without offset is Vietnam local time.

Statuses: ``early``, ``on_time``, ``late`` for dossiers finished in the period;
``overdue`` (quá hạn) for a dossier still open at the end of the period and past its due
moment, counted with the late ones; ``open`` (đang giải quyết, trong hạn) for one still open
and not yet due, which is left out of the rates.

Two engines compute the due moments, with the same results:

- ``exact``: one :meth:`Rules.deadline` and one :meth:`Rules.clock` per dossier;
- ``fast``: the national counting rules (domain notes §6, every policy field honoured)
  vectorised with numpy over arrays built once from the working calendar. It is used only
  when the national plugin alone answers ``tthc_deadline`` and ``tthc_effective_receipt``;
  otherwise (a province that counts differently) the exact engine runs. Tests check that
  both agree on generated dossiers.

Rows are read as a stream and kept as compact integer arrays (microseconds), in chunks; the
dossier ids are kept too, to catch a dossier listed twice (most of the ~200 MB that a
million dossiers take).
"""

from __future__ import annotations

import csv
import json
import re
import unicodedata
import weakref
from array import array
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from tthc.catalog import registry_names
from tthc.display import decimal_text, display_number, markdown_table
from tthc.duration import HOURS_PER_WORKING_DAY
from tthc.errors import CalendarError, TthcError
from tthc.i18n import Lang, Text, default_lang
from tthc.model import CHANNEL_SPELLINGS  # re-exported: the table lives with Channel

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    from tthc.calendar import WorkingCalendar
    from tthc.duration import Duration
    from tthc.model import Case, Channel, Procedure
    from tthc.rules import Rules

    IntArray = npt.NDArray[np.int64]

__all__ = [
    "CHANNEL_SPELLINGS",
    "COLUMNS",
    "ENGINES",
    "STATUSES",
    "BadRow",
    "Counts",
    "DossierRecord",
    "EngineError",
    "OnTimeReport",
    "ProcedureStats",
    "ReportError",
    "evaluate",
    "fast_engine_applies",
    "on_time_report",
    "parse_channel",
    "parse_record",
    "read_rows",
    "render",
]

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

#: Statuses, in the order of :class:`Counts`.
STATUSES: tuple[str, ...] = ("early", "on_time", "late", "overdue", "open")
_EXCLUDED = 5

STATUS_WORDS: dict[str, Text] = {
    "early": Text("trước hạn", "early"),
    "on_time": Text("đúng hạn", "on time"),
    "late": Text("trễ hạn", "late"),
    "overdue": Text("quá hạn (chưa có kết quả)", "overdue (not finished)"),
    "open": Text("đang giải quyết trong hạn", "open, not yet due"),
}

DAY_US = 86_400_000_000
HOUR_US = 3_600_000_000
WORKING_DAY_US = int(HOURS_PER_WORKING_DAY) * HOUR_US
_VN_OFFSET = timedelta(hours=7)
_CHUNK = 131_072
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


def _json_error(exc: ValueError | RecursionError) -> Text:
    """A JSON line that does not parse, with the decoder's reason."""
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
    try:
        first = ""
        for line in source:
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
        stream = _chain(buffered, source)
        if first == "{":
            for number, line in enumerate(stream, start=1):
                if not line.strip():
                    continue
                try:
                    value = json.loads(line.rstrip("\r\n"))  # columns within the line
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


def not_utf8(where: str, lines_read: int, exc: UnicodeDecodeError) -> Text:
    """The message for an input that is not UTF-8, naming the row of the bad byte.

    ``where`` names the file (``"dossiers.csv: "``, or empty); ``lines_read`` is how many
    lines the reader had taken from the text stream when decoding failed. A text file
    decodes a chunk ahead of the lines it hands out, so the bad byte's line is the next
    one plus the newlines before it in that chunk (``exc.object``).
    """
    data = bytes(exc.object)
    row = lines_read + 1 + data[: exc.start].count(b"\n")
    byte = f"0x{data[exc.start]:02x}" if exc.start < len(data) else "?"
    return Text(
        f"{where}dòng {row}: byte {byte} không phải UTF-8; hãy lưu tệp dạng UTF-8",
        f"{where}row {row}: byte {byte} is not valid UTF-8; save the file as UTF-8",
    )


def _chain(first: list[str], rest: Iterable[str]) -> Iterator[str]:
    yield from first
    yield from rest


def _moment(text: str, what: str) -> datetime:
    """Parse an ISO 8601 moment; naive means Vietnam local time. Returns a naive local time."""
    raw = text.strip()
    try:
        if raw.endswith(("Z", "z")):
            raw = raw[:-1] + "+00:00"
        moment = datetime.fromisoformat(raw)
    except ValueError:
        raise _Bad(
            Text(
                f"{what}: thời điểm không hợp lệ {text!r} (cần ISO 8601, ví dụ "
                "2026-11-26T10:00:00+07:00)",
                f"{what}: invalid moment {text!r} (expected ISO 8601, e.g. "
                "2026-11-26T10:00:00+07:00)",
            )
        ) from None
    offset = moment.utcoffset()
    if offset is None:
        return moment
    return moment.replace(tzinfo=None) - offset + _VN_OFFSET


@dataclass(frozen=True)
class DossierRecord:
    """One dossier (hồ sơ) as read from a record; moments are naive Vietnam local times."""

    row: int
    dossier_id: str
    procedure_code: str
    received_at: datetime
    finished_at: datetime | None = None
    case: str | None = None
    channel: str | None = None
    """The channel's value (``in_person``, ``online``, ``postal``), however the row spelled
    it (see :func:`parse_channel`)."""
    pauses: tuple[tuple[datetime, datetime | None], ...] = ()


# The channel spellings (tthc.model.CHANNEL_SPELLINGS) are matched after folding: letter
# case, diacritics and ``_``/``-``/spaces do not matter, so ``TRUC TUYEN`` and
# ``In_Person`` are read too.
def _fold(text: str) -> str:
    """``text`` without letter case, diacritics (đ is d) and ``_``/``-``/extra spaces."""
    bare = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    bare = "".join(c for c in bare if not unicodedata.combining(c))
    return re.sub(r"[\s_-]+", " ", bare.casefold()).strip()


_CHANNEL_BY_FOLDED: dict[str, str] = {
    _fold(spelling): value
    for value, spellings in CHANNEL_SPELLINGS.items()
    for spelling in spellings
}


def parse_channel(text: str) -> str:
    """The channel value (``in_person``, ``online``, ``postal``) of a ``channel`` cell.

    Accepts the spellings of :data:`CHANNEL_SPELLINGS` in any letter case, with or without
    diacritics; raises :class:`ReportError` listing them for anything else.
    """
    try:
        return _channel_value(text)
    except _Bad as exc:
        raise ReportError(exc.text) from None


def _channel_value(text: str) -> str:
    found = _CHANNEL_BY_FOLDED.get(_fold(text))
    if found is not None:
        return found
    listed = "; ".join(
        f"{value} ({', '.join(spellings[1:])})" for value, spellings in CHANNEL_SPELLINGS.items()
    )
    raise _Bad(
        Text(
            f"kênh {text!r} không hợp lệ; ghi một trong: {listed} (không phân biệt chữ hoa, "
            "chữ thường, có dấu hay không dấu)",
            f"channel {text!r} is unknown; write one of: {listed} (in any letter case, with "
            "or without diacritics)",
        )
    )


def parse_record(row: int, raw: dict[str, str]) -> DossierRecord:
    """Validate one raw record; raises :class:`ReportError` (one :class:`BadRow`) if bad."""
    try:
        return _parse(row, raw)
    except _Bad as exc:
        bad = BadRow(row, exc.text)
        raise ReportError(Text(bad.message("vi"), bad.message("en")), [bad]) from None


def _parse(row: int, raw: dict[str, str]) -> DossierRecord:
    error = raw.get("__error__")
    if error is not None:
        why = error.text if isinstance(error, _RowError) else Text(error, error)
        raise _Bad(Text(f"không đọc được: {why.vi}", f"cannot read: {why.en}"))
    values = {}
    for key in REQUIRED:
        value = (raw.get(key) or "").strip()
        if not value:
            raise _Bad(Text(f"thiếu {key}", f"missing {key}"))
        values[key] = value
    received = _moment(values["received_at"], "received_at")
    finished_raw = (raw.get("finished_at") or "").strip()
    finished = _moment(finished_raw, "finished_at") if finished_raw else None
    if finished is not None and finished < received:
        raise _Bad(
            Text(
                f"finished_at {finished_raw!r} trước received_at {values['received_at']!r}",
                f"finished_at {finished_raw!r} is before received_at {values['received_at']!r}",
            )
        )
    pauses_raw = (raw.get("pauses") or "").strip()
    pauses = _pauses(pauses_raw, received, finished) if pauses_raw else ()
    channel = (raw.get("channel") or "").strip()
    return DossierRecord(
        row=row,
        dossier_id=values["dossier_id"],
        procedure_code=values["procedure_code"],
        received_at=received,
        finished_at=finished,
        case=(raw.get("case") or "").strip() or None,
        channel=_channel_value(channel) if channel else None,
        pauses=pauses,
    )


def _pauses(
    text: str, received: datetime, finished: datetime | None
) -> tuple[tuple[datetime, datetime | None], ...]:
    out: list[tuple[datetime, datetime | None]] = []
    previous = received
    parts = [p for p in text.split(";") if p.strip()]
    for index, part in enumerate(parts):
        if "/" not in part:
            raise _Bad(
                Text(
                    f"pauses: {part!r} không có dạng BẮT_ĐẦU/KẾT_THÚC",
                    f"pauses: {part!r} is not START/END",
                )
            )
        start_raw, end_raw = part.split("/", 1)
        start = _moment(start_raw, "pauses")
        end = _moment(end_raw, "pauses") if end_raw.strip() else None
        if end is None and (index != len(parts) - 1 or finished is not None):
            raise _Bad(
                Text(
                    f"pauses: {part!r} chưa kết thúc; chỉ khoảng tạm dừng cuối của hồ sơ "
                    "chưa có kết quả mới được để trống",
                    f"pauses: {part!r} has no end; only the last pause of an open dossier may",
                )
            )
        if start < previous or (end is not None and end < start):
            raise _Bad(
                Text(
                    f"pauses: {part!r} sai thứ tự (trước khi tiếp nhận, trước khoảng trước, "
                    "hoặc kết thúc trước khi bắt đầu)",
                    f"pauses: {part!r} is out of order (before receipt, before the previous "
                    "pause, or ending before it starts)",
                )
            )
        if finished is not None and end is not None and finished < end:
            raise _Bad(
                Text(
                    f"pauses: {part!r} kết thúc sau finished_at",
                    f"pauses: {part!r} ends after finished_at",
                )
            )
        out.append((start, end))
        previous = end if end is not None else start
    return tuple(out)


# -- the fast calendar ----------------------------------------------------------------


class _Tables:
    """The working calendar as numpy arrays (microseconds since its first day, local time).

    Built once per calendar from its public queries, so it agrees with it by construction
    (and tests check the arithmetic against the calendar's own).
    """

    def __init__(self, calendar: WorkingCalendar) -> None:
        import numpy as np

        first = date(calendar.first_year, 1, 1)
        last = date(calendar.last_year, 12, 31)
        n = last.toordinal() - first.toordinal() + 1
        self.first = first
        self.n = n
        self.epoch = datetime(first.year, 1, 1)
        work = np.zeros(n, dtype=np.bool_)
        prof = np.zeros(n, dtype=np.int64)
        ids: dict[tuple[tuple[time, time], ...], int] = {}
        base = first.toordinal()
        for i in range(n):
            day = date.fromordinal(base + i)
            work[i] = calendar.is_working_day(day)
            key = calendar.hours_of(day)
            pid = ids.get(key)
            if pid is None:
                pid = ids[key] = len(ids)
            prof[i] = pid
        k = max(len(key) for key in ids)
        p = len(ids)
        start = np.zeros((p, k), dtype=np.int64)
        end = np.zeros((p, k), dtype=np.int64)
        for key, pid in ids.items():
            spans = [(_us(a), _us(b)) for a, b in key]
            spans += [(spans[-1][1], spans[-1][1])] * (k - len(spans))  # empty padding
            start[pid] = [s for s, _ in spans]
            end[pid] = [e for _, e in spans]
        length = end - start
        before = np.cumsum(length, axis=1) - length
        total = length.sum(axis=1)
        self.work = work
        self.prof = prof
        self.start = start
        self.end = end
        self.before = before
        self.cum_end_in_day = before + length
        self.total = total
        self.open = start[:, 0]
        self.close = end[:, -1]
        day_total = np.where(work, total[prof], 0)
        self.cum_us = np.concatenate(([0], np.cumsum(day_total))).astype(np.int64)
        self.cum_wd = np.concatenate(([0], np.cumsum(work))).astype(np.int64)
        self.widx = np.flatnonzero(work).astype(np.int64)
        self.month = np.array(
            [(d.year * 12 + d.month - 1) for d in map(date.fromordinal, range(base, base + n))],
            dtype=np.int64,
        )

    # conversions

    def to_us(self, moment: datetime) -> int:
        return (moment - self.epoch) // timedelta(microseconds=1)

    def to_datetime(self, us: int) -> datetime:
        return self.epoch + timedelta(microseconds=int(us))

    # arithmetic (all vectorised; raise _Range for out-of-calendar inputs)

    def day(self, t: IntArray) -> IntArray:
        d = t // DAY_US
        if d.size and (d.min() < 0 or d.max() >= self.n):
            raise _Range()
        return d

    def position(self, t: IntArray) -> IntArray:
        """Working microseconds from the calendar's start to ``t`` (``_position``)."""
        import numpy as np

        d = self.day(t)
        us = t - d * DAY_US
        p = self.prof[d]
        inside = np.clip(us[:, None] - self.start[p], 0, self.end[p] - self.start[p]).sum(axis=1)
        return self.cum_us[d] + np.where(self.work[d], inside, 0)

    def add_time(self, t: IntArray, delta: IntArray) -> IntArray:
        """``add_working_time`` for ``delta >= 0`` (0 returns ``t``)."""
        import numpy as np

        target = self.position(t) + delta
        j = np.searchsorted(self.cum_us, target, side="left") - 1
        if j.size and j.max() >= self.n:
            raise _Range()
        j = np.maximum(j, 0)
        r = target - self.cum_us[j]
        p = self.prof[j]
        k = np.argmax(r[:, None] <= self.cum_end_in_day[p], axis=1)
        moment = j * DAY_US + self.start[p, k] + r - self.before[p, k]
        return np.where(delta == 0, t, moment)

    def add_days(self, d: IntArray, k: IntArray) -> IntArray:
        """``add_working_days(day, k)`` for ``k >= 1``."""
        idx = self.cum_wd[d + 1] + k - 1
        if idx.size and idx.max() >= self.widx.size:
            raise _Range()
        found: IntArray = self.widx[idx]
        return found

    def opening(self, d: IntArray) -> IntArray:
        return d * DAY_US + self.open[self.prof[d]]

    def closing(self, d: IntArray) -> IntArray:
        return d * DAY_US + self.close[self.prof[d]]

    def next_moment(self, t: IntArray) -> IntArray:
        """``next_working_moment``: ``t`` inside working time, else the next interval start."""
        import numpy as np

        d = self.day(t)
        us = t - d * DAY_US
        p = self.prof[d]
        before_end = us[:, None] < self.end[p]
        has = before_end.any(axis=1) & self.work[d]
        k = np.argmax(before_end, axis=1)
        s = self.start[p, k]
        result = np.where(us < s, d * DAY_US + s, t)
        need = ~has
        if need.any():
            nxt = self.add_days(d[need], np.ones(int(need.sum()), dtype=np.int64))
            result[need] = self.opening(nxt)
        return result


class _Range(Exception):
    """Internal: a moment outside the working calendar."""


def _us(t: time) -> int:
    return ((t.hour * 60 + t.minute) * 60 + t.second) * 1_000_000 + t.microsecond


_TABLES: weakref.WeakKeyDictionary[Any, _Tables] = weakref.WeakKeyDictionary()


def _tables(calendar: WorkingCalendar) -> _Tables:
    found = _TABLES.get(calendar)
    if found is None:
        found = _TABLES[calendar] = _Tables(calendar)
    return found


def fast_engine_applies(rules: Rules) -> bool:
    """Whether the vectorised national engine gives the same answers as ``rules.deadline``.

    True when only the national plugin answers ``tthc_deadline`` and
    ``tthc_effective_receipt`` (a province that only changes the policy or the calendar
    keeps the fast engine; one that replaces the computation does not).
    """
    for hook in ("tthc_deadline", "tthc_effective_receipt"):
        impls = getattr(rules.pm.hook, hook).get_hookimpls()
        if [impl.plugin_name for impl in impls] != ["tthc.national.sla"]:
            return False
    return True


# -- groups: one per (procedure, case, channel) ----------------------------------------


@dataclass
class _Group:
    procedure: Procedure
    case: Case
    duration: Duration
    channel: Channel | None
    key: tuple[str, str | None, str]
    """(code, case name, unit of the duration): the per-procedure row it counts in."""


class _Groups:
    def __init__(self, catalog: Iterable[Procedure]) -> None:
        self.procedures = {p.code: p for p in catalog}
        self.index: dict[tuple[str, str | None, str | None], int] = {}
        self.groups: list[_Group] = []
        self.unknown: dict[str, Text] = {}
        self._codes: list[str] | None = None

    def _unknown(self, code: str) -> Text:
        """Why ``code`` is not found, with the catalog codes it probably is
        (:func:`tthc.catalog.unknown_code`; no look-alike guesses: in a report they would
        point at unrelated procedures)."""
        from tthc.catalog import unknown_code

        if self._codes is None:
            self._codes = sorted(self.procedures)
        return unknown_code(code, self._codes, alike=False)

    def lookup(self, code: str, case: str | None, channel: str | None) -> int:
        key = (code, case, channel)
        found = self.index.get(key)
        if found is not None:
            return found
        from tthc.model import Channel

        procedure = self.procedures.get(code)
        if procedure is None:
            unknown = self.unknown.get(code)
            if unknown is None:  # said once per code: a long export repeats it
                unknown = self.unknown[code] = self._unknown(code)
            raise _Bad(unknown)
        chan = Channel(_channel_value(channel)) if channel is not None else None
        try:
            chosen = procedure.time_for(case=case, channel=chan)
        except TthcError as exc:
            raise _Bad(_which_case(procedure, case, chan) or exc.text) from None
        duration = chosen.effective
        group = _Group(
            procedure,
            chosen,
            duration,
            chan if chan is not None else chosen.channel,
            (code, chosen.name, duration.unit.value),
        )
        self.index[key] = len(self.groups)
        self.groups.append(group)
        return self.index[key]


def _which_case(procedure: Procedure, case: str | None, channel: Channel | None) -> Text | None:
    """For a row that fits several cases of ``procedure``: fill which column, with what.

    :meth:`Procedure.time_for` speaks to every caller (``--case`` on the command line);
    a report row is told of its own ``case`` and ``channel`` columns. ``None`` when the row
    fits no case (that message, listing the cases, suits a row as it is).
    """
    # the candidates as tthc.model.select_case finds them
    candidates = [
        c for c in procedure.processing_time if channel is None or c.channel in (channel, None)
    ]
    if case is not None:
        candidates = [c for c in candidates if c.name == case] or [
            c for c in candidates if c.name and case.casefold() in c.name.casefold()
        ]
    if len(candidates) < 2:
        return None
    # a column is worth filling when its values tell the candidates apart
    names = list(dict.fromkeys(repr(c.name) for c in candidates if c.name))
    channels = list(dict.fromkeys(c.channel.value for c in candidates if c.channel))
    columns = [("case", ", ".join(names))] if len(names) > 1 else []
    if channel is None and len(channels) > 1:
        columns.append(("channel", ", ".join(channels)))
    count = len(candidates)
    if not columns:  # cases alike in name and channel: the catalog's to tell apart
        listed = ", ".join(
            f"{c.name!r} ({c.channel.value if c.channel else '-'})" for c in candidates
        )
        return Text(
            f"thủ tục {procedure.code} có {count} trường hợp khớp dòng mà cột case và channel "
            f"không phân biệt được: {listed}",
            f"procedure {procedure.code} has {count} cases that fit the row and that its case "
            f"and channel columns cannot tell apart: {listed}",
        )
    # the first column is the row's; a second one is "its"
    fill_vi = " hoặc ".join(
        f"cột {column}{' của dòng' if n == 0 else ''} bằng một trong: {values}"
        for n, (column, values) in enumerate(columns)
    )
    whose = ("the row's", "its")
    fill_en = " or ".join(
        f"{whose[min(n, 1)]} {column} column with one of: {values}"
        for n, (column, values) in enumerate(columns)
    )
    if case is None:
        vi = f"thủ tục {procedure.code} có {count} trường hợp mà dòng không ghi là trường hợp nào"
        en = f"procedure {procedure.code} has {count} cases and the row does not say which"
    else:
        vi = f"thủ tục {procedure.code}: case {case!r} khớp {count} trường hợp"
        en = f"procedure {procedure.code}: case {case!r} fits {count} cases"
    return Text(f"{vi}; hãy điền {fill_vi}", f"{en}; fill {fill_en}")


# -- per-dossier computation ------------------------------------------------------------


@dataclass
class _Chunk:
    rows: array[int] = field(default_factory=lambda: array("q"))
    group: array[int] = field(default_factory=lambda: array("q"))
    received: array[int] = field(default_factory=lambda: array("q"))
    finished: array[int] = field(default_factory=lambda: array("q"))
    pause_row: array[int] = field(default_factory=lambda: array("q"))
    pause_start: array[int] = field(default_factory=lambda: array("q"))
    pause_end: array[int] = field(default_factory=lambda: array("q"))
    records: dict[int, DossierRecord] = field(default_factory=dict)
    """Rows with pauses, kept whole for the exact engine (few)."""

    def __len__(self) -> int:
        return len(self.rows)


@dataclass
class _Computed:
    """Due moments and friends for one chunk (microseconds, local)."""

    effective: IntArray
    starts: IntArray
    due: IntArray
    paused: IntArray
    """Working time paused (closed pauses, from the start of the clock)."""
    open_pause: IntArray
    """Start of a pause still open, or -1."""
    bad: dict[int, Text]
    """Chunk positions that could not be computed (outside the calendar), with why."""


def _compute_fast(chunk: _Chunk, groups: _Groups, tables: _Tables, rules: Rules) -> _Computed:
    import numpy as np

    from tthc.duration import Unit

    policy = rules.policy
    g = np.frombuffer(chunk.group, dtype=np.int64)
    rec = np.frombuffer(chunk.received, dtype=np.int64)
    size = g.size
    effective = np.zeros(size, dtype=np.int64)
    starts = np.zeros(size, dtype=np.int64)
    due = np.zeros(size, dtype=np.int64)
    bad: dict[int, Text] = {}

    unit_code = {u: i for i, u in enumerate(Unit)}
    gu = np.array([unit_code[x.duration.unit] for x in groups.groups], dtype=np.int64)
    gval = [x.duration.value for x in groups.groups]
    row_unit = gu[g]

    for code, unit in enumerate(Unit):
        sel = np.flatnonzero(row_unit == code)
        if not sel.size:
            continue
        try:
            e, s, u = _span_fast(
                tables, policy, unit, rec[sel], g[sel], gval, HOURS_PER_WORKING_DAY
            )
        except _Range:
            # rare: find the offending rows one by one so the others still count
            e = np.zeros(sel.size, dtype=np.int64)
            s = np.zeros(sel.size, dtype=np.int64)
            u = np.zeros(sel.size, dtype=np.int64)
            for n, pos in enumerate(sel):
                try:
                    one = _span_fast(
                        tables, policy, unit, rec[[pos]], g[[pos]], gval, HOURS_PER_WORKING_DAY
                    )
                except _Range:
                    bad[int(pos)] = _due_outside(tables, rec[pos])
                    continue
                e[n], s[n], u[n] = one[0][0], one[1][0], one[2][0]
        effective[sel], starts[sel], due[sel] = e, s, u

    paused = np.zeros(size, dtype=np.int64)
    open_pause = np.full(size, -1, dtype=np.int64)
    if len(chunk.pause_row):
        prow = np.frombuffer(chunk.pause_row, dtype=np.int64)
        ps = np.frombuffer(chunk.pause_start, dtype=np.int64)
        pe = np.frombuffer(chunk.pause_end, dtype=np.int64)
        is_open = pe < 0
        open_pause[prow[is_open]] = ps[is_open]
        closed = ~is_open & ~np.isin(prow, np.fromiter(bad, dtype=np.int64))
        prow, ps, pe = prow[closed], ps[closed], pe[closed]
        counted_from = np.maximum(ps, starts[prow])
        try:
            amount = np.where(
                pe > counted_from, tables.position(pe) - tables.position(counted_from), 0
            )
        except _Range:
            amount = np.zeros(prow.size, dtype=np.int64)
            for n in range(prow.size):
                try:
                    amount[n] = max(
                        0,
                        int(tables.position(pe[[n]])[0] - tables.position(counted_from[[n]])[0]),
                    )
                except _Range:
                    bad[int(prow[n])] = _due_outside(tables, rec[prow[n]])
        np.add.at(paused, prow, amount)  # every closed pause is waiting time
        if policy.late_pause_extends:
            # Every pause moves the due moment, also one begun when already late.
            moving = paused.copy()
        else:
            moving = _moving_by_pauses_in_time(tables, due, prow, ps, amount, bad, rec)
        moved = np.flatnonzero(moving > 0)
        if moved.size:
            due[moved] = _moved(tables, due, moving, moved, bad, rec)
    if policy.pause_mode == "restart" and chunk.records:
        # restart: the clock starts again at each resume; leave those rows to the clock
        exact = _compute_exact(chunk, groups, tables, rules, only=set(chunk.records))
        for row_pos in chunk.records:
            effective[row_pos], starts[row_pos] = exact.effective[row_pos], exact.starts[row_pos]
            due[row_pos], paused[row_pos] = exact.due[row_pos], exact.paused[row_pos]
        bad.update(exact.bad)
    return _Computed(effective, starts, due, paused, open_pause, bad)


def _moving_by_pauses_in_time(
    tables: _Tables,
    due: IntArray,
    prow: IntArray,
    ps: IntArray,
    amount: IntArray,
    bad: dict[int, Text],
    rec: IntArray,
) -> IntArray:
    """Working time that moves each row's due moment: its pauses begun in time.

    Only a pause begun at or before the due moment, as moved by the pauses before it, moves
    it (tthc.sla.DossierClock, ``CountingPolicy.late_pause_extends`` off): a dossier already
    late stays late. ``prow``/``ps``/``amount`` give each closed pause's row, start and
    working time, grouped by row and in order within a row. Round k takes the k-th pause of
    every row at once. The pauses are sorted by k once, so each round is a slice of them and
    the work stays linear in the number of pauses, even for one row with thousands (the
    pauses field has no limit).
    """
    import numpy as np

    moving = np.zeros(due.size, dtype=np.int64)
    if not prow.size:
        return moving
    _, first, per_row = np.unique(prow, return_index=True, return_counts=True)
    nth = np.arange(prow.size) - np.repeat(first, per_row)
    order = np.argsort(nth, kind="stable")
    bounds = np.searchsorted(nth[order], np.arange(int(nth.max()) + 2))
    for k in range(bounds.size - 1):
        sel = order[bounds[k] : bounds[k + 1]]
        rows_k = prow[sel]
        counting = ps[sel] <= _moved(tables, due, moving, rows_k, bad, rec)
        moving[rows_k[counting]] += amount[sel[counting]]
    return moving


def _years(tables: _Tables) -> str:
    last = date.fromordinal(tables.first.toordinal() + tables.n - 1)
    return f"{tables.first.year}-{last.year}"


def _moved(
    tables: _Tables,
    due: IntArray,
    moving: IntArray,
    rows: IntArray,
    bad: dict[int, Text],
    rec: IntArray,
) -> IntArray:
    """The due moments of ``rows`` moved by their ``moving`` working time (rows whose moved
    due moment falls past the calendar are marked bad and keep theirs)."""
    import numpy as np

    result: IntArray = due[rows].copy()
    shift = moving[rows]
    some = np.flatnonzero(shift > 0)
    if not some.size:
        return result
    try:
        result[some] = tables.add_time(result[some], shift[some])
    except _Range:
        for n in some:
            try:
                result[n] = tables.add_time(result[[n]], shift[[n]])[0]
            except _Range:
                bad[int(rows[n])] = _due_outside(tables, rec[rows[n]])
    return result


def _due_outside(tables: _Tables, received_us: int) -> Text:
    """A row whose received moment is in the calendar but whose due moment runs past it."""
    received = f"{tables.to_datetime(int(received_us)):%Y-%m-%dT%H:%M}"
    return Text(
        f"hạn giải quyết của hồ sơ nhận lúc {received} vượt ra ngoài lịch làm việc "
        f"({_years(tables)})",
        f"the due moment of the dossier received at {received} falls outside the working "
        f"calendar ({_years(tables)})",
    )


def _moment_outside(key: str, given: str, tables: _Tables) -> Text:
    """A moment of a row outside the working calendar, quoted as the row gives it."""
    return Text(
        f"{key} {given!r} nằm ngoài lịch làm việc ({_years(tables)})",
        f"{key} {given!r} is outside the working calendar ({_years(tables)})",
    )


def _micros(hours: Decimal) -> int:
    """Working hours in microseconds, rounded as the exact engine rounds them."""
    return int((hours * HOUR_US).to_integral_value())


def _span_fast(
    tables: _Tables,
    policy: Any,
    unit: Any,
    received: IntArray,
    g: IntArray,
    gval: list[Decimal],
    hours_per_day: Decimal,
) -> tuple[IntArray, IntArray, IntArray]:
    """Vectorised :func:`tthc.national.sla.effective_receipt` and ``span`` for one unit."""
    import numpy as np

    from tthc.duration import Unit

    eff = tables.next_moment(received) if policy.after_hours_receipt else received.copy()
    cutoff = policy.general_cutoff
    if cutoff is not None and unit is not Unit.SAME_DAY:
        d = tables.day(eff)
        late = tables.work[d] & (eff - d * DAY_US >= _us(cutoff))
        if late.any():
            # received at the start of the next calendar day, then moved to the next
            # opening only when after-hours receipt is on (as effective_receipt does)
            moved = (d[late] + 1) * DAY_US
            eff = eff.copy()
            eff[late] = tables.next_moment(moved) if policy.after_hours_receipt else moved
    day = tables.day(eff)
    one = np.ones(eff.size, dtype=np.int64)

    if unit is Unit.WORKING_DAYS and policy.working_days_mode == "next_day":
        whole_of = np.array([int(v) for v in gval], dtype=np.int64)
        frac_of = np.array([_micros((v - int(v)) * hours_per_day) for v in gval], dtype=np.int64)
        whole, frac = whole_of[g], frac_of[g]
        starts = tables.opening(tables.add_days(day, one))
        by_close = (frac == 0) & (whole > 0)
        due = np.zeros_like(eff)
        if by_close.any():
            due[by_close] = tables.closing(tables.add_days(day[by_close], whole[by_close]))
        rest = ~by_close
        if rest.any():
            last = tables.opening(tables.add_days(day[rest], whole[rest] + 1))
            due[rest] = tables.add_time(last, frac[rest])
        return eff, starts, due
    if unit is Unit.WORKING_DAYS or unit is Unit.WORKING_HOURS:
        factor = hours_per_day if unit is Unit.WORKING_DAYS else Decimal(1)
        amount_of = np.array([_micros(v * factor) for v in gval], dtype=np.int64)
        starts = tables.next_moment(eff)
        return eff, starts, tables.add_time(eff, amount_of[g])
    if unit is Unit.CALENDAR_DAYS or unit is Unit.MONTHS:
        starts = (day + 1) * DAY_US
        if unit is Unit.CALENDAR_DAYS:
            n_of = np.array([int(v) for v in gval], dtype=np.int64)
            last_day = day + n_of[g]
        else:
            from tthc.national.sla import add_months

            last_day = np.zeros_like(day)
            pairs = np.stack([day, g], axis=1)
            uniq, inverse = np.unique(pairs, axis=0, return_inverse=True)
            base = tables.first.toordinal()
            values = np.array(
                [
                    add_months(date.fromordinal(base + int(dd)), int(gval[int(gg)])).toordinal()
                    - base
                    for dd, gg in uniq
                ],
                dtype=np.int64,
            )
            last_day = values[inverse.reshape(-1)]
        if last_day.size and last_day.max() >= tables.n:
            raise _Range()
        working = tables.work[last_day]
        due = np.zeros_like(eff)
        due[working] = tables.closing(last_day[working])
        off = ~working
        if off.any():
            if policy.roll_to_working_day:
                nd = tables.add_days(last_day[off], np.ones(int(off.sum()), dtype=np.int64))
                due[off] = tables.closing(nd)
            else:
                due[off] = (last_day[off] + 1) * DAY_US
        return eff, starts, due
    # same day (trong ngày)
    cutoff_same = policy.same_day_cutoff
    tod = eff - day * DAY_US
    close = tables.closing(day)
    ok = tables.work[day] & (eff < close)
    if cutoff_same is not None:
        ok &= tod < _us(cutoff_same)
    due = close.copy()
    if (~ok).any():
        nd = tables.add_days(day[~ok], np.ones(int((~ok).sum()), dtype=np.int64))
        due[~ok] = tables.closing(nd)
    return eff, eff.copy(), due


def _compute_exact(
    chunk: _Chunk,
    groups: _Groups,
    tables: _Tables,
    rules: Rules,
    only: set[int] | None = None,
) -> _Computed:
    """One ``rules.deadline`` and one ``rules.clock`` per dossier (the reference engine)."""
    import numpy as np

    size = len(chunk)
    effective = np.zeros(size, dtype=np.int64)
    starts = np.zeros(size, dtype=np.int64)
    due = np.zeros(size, dtype=np.int64)
    paused = np.zeros(size, dtype=np.int64)
    open_pause = np.full(size, -1, dtype=np.int64)
    bad: dict[int, Text] = {}
    positions = range(size) if only is None else sorted(only)
    for pos in positions:
        record = chunk.records.get(pos)
        group = groups.groups[chunk.group[pos]]
        received = tables.to_datetime(chunk.received[pos])
        pauses = record.pauses if record is not None else ()
        try:
            result = _evaluate_group(rules, group, received, pauses)
        except CalendarError:
            # the row's own moments were checked against the calendar: its due moment
            # (or one moved by a pause) runs past it; said as the fast engine says it
            bad[pos] = _due_outside(tables, chunk.received[pos])
            continue
        except TthcError as exc:  # a plugin's deadline hook refusing the dossier
            bad[pos] = exc.text
            continue
        effective[pos], starts[pos], due[pos], paused[pos] = (
            tables.to_us(result[0]),
            tables.to_us(result[1]),
            tables.to_us(result[2]),
            result[3] // timedelta(microseconds=1),
        )
        if pauses and pauses[-1][1] is None:
            open_pause[pos] = tables.to_us(pauses[-1][0])
    return _Computed(effective, starts, due, paused, open_pause, bad)


def _evaluate_group(
    rules: Rules,
    group: _Group,
    received: datetime,
    pauses: tuple[tuple[datetime, datetime | None], ...],
) -> tuple[datetime, datetime, datetime, timedelta]:
    """(effective receipt, clock start, due moment after pauses, paused working time)."""
    from tthc.calendar import as_local

    deadline = rules.deadline(as_local(received), group.case, channel=group.channel)
    clock = rules.clock(deadline)
    for start, end in pauses:
        if end is None:
            break
        clock = clock.pause(as_local(start)).resume(as_local(end))
    return (
        deadline.effective_at.replace(tzinfo=None),
        deadline.starts_at.replace(tzinfo=None),
        clock.due_at.replace(tzinfo=None),
        clock.paused_time,
    )


def _seen_at(record: DossierRecord, as_of: datetime) -> DossierRecord:
    """``record`` as known at ``as_of``: later pauses dropped, one running then left open."""
    pauses: list[tuple[datetime, datetime | None]] = []
    for start, end in record.pauses:
        if start >= as_of:
            break
        if end is None or end > as_of:
            pauses.append((start, None))
            break
        pauses.append((start, end))
    if len(pauses) == len(record.pauses) and all(
        a == b for a, b in zip(pauses, record.pauses, strict=True)
    ):
        return record
    return replace(record, pauses=tuple(pauses))


def evaluate(rules: Rules, procedure: Procedure, record: DossierRecord, as_of: datetime) -> str:
    """The status of one dossier by the per-dossier SLA path (``rules.deadline``/``clock``).

    ``early`` / ``on_time`` / ``late`` when finished before ``as_of`` (naive local time);
    else, judged at ``as_of`` (or at the start of a pause running then, the clock being
    stopped), ``overdue`` when that moment is after the due moment and ``open`` otherwise.
    Pauses after ``as_of`` do not count. The reference the fast engine is tested against.
    """
    from tthc.calendar import as_local

    deadline = rules.deadline(
        as_local(record.received_at), procedure, case=record.case, channel=record.channel
    )
    clock = rules.clock(deadline)
    finished = record.finished_at
    if finished is not None and finished < as_of:
        for start, end in record.pauses:
            clock = clock.pause(as_local(start))
            if end is not None:
                clock = clock.resume(as_local(end))
        return str(clock.finish(as_local(finished)).status)
    moment = as_of
    for start, end in _seen_at(record, as_of).pauses:
        if end is None:
            moment = start  # the clock stopped here
            break
        clock = clock.pause(as_local(start)).resume(as_local(end))
    # a due moment already passed is overdue even when no working time has run since
    # (due Friday 17:00, judged on Sunday), as a finish after it is late
    return "overdue" if as_local(moment) > clock.due_at else "open"


# -- aggregation ----------------------------------------------------------------------


@dataclass
class Counts:
    """Dossiers by status, and the rates of Decision 766/QĐ-TTg.

    The rates count finished dossiers and the overdue open ones (``done``); open dossiers
    not yet due are left out.
    """

    early: int = 0
    on_time: int = 0
    late: int = 0
    overdue: int = 0
    open: int = 0

    def add(self, values: Iterable[int]) -> None:
        for name, value in zip(STATUSES, values, strict=False):
            setattr(self, name, getattr(self, name) + int(value))

    @property
    def total(self) -> int:
        return self.early + self.on_time + self.late + self.overdue + self.open

    @property
    def done(self) -> int:
        """Dossiers the rates count: finished, plus open past their due moment."""
        return self.early + self.on_time + self.late + self.overdue

    def _rate(self, part: int) -> Decimal | None:
        return Decimal(part) * 100 / Decimal(self.done) if self.done else None

    @property
    def on_time_rate(self) -> Decimal | None:
        """Percent finished early or on time (tỷ lệ trước hạn và đúng hạn)."""
        return self._rate(self.early + self.on_time)

    @property
    def early_rate(self) -> Decimal | None:
        """Percent finished early (tỷ lệ trước hạn)."""
        return self._rate(self.early)

    @property
    def late_rate(self) -> Decimal | None:
        """Percent late, finished or not (tỷ lệ trễ hạn, quá hạn)."""
        return self._rate(self.late + self.overdue)

    def as_dict(self) -> dict[str, Any]:
        return {
            **{name: getattr(self, name) for name in STATUSES},
            "total": self.total,
            "on_time_rate": decimal_text(self.on_time_rate),
            "early_rate": decimal_text(self.early_rate),
            "late_rate": decimal_text(self.late_rate),
        }


_AVERAGE_UNIT = {
    "working_days": "working_days",
    "working_hours": "working_hours",
    "same_day": "working_hours",
    "calendar_days": "calendar_days",
    "months": "calendar_days",
}
AVERAGE_UNIT_WORDS = {
    "working_days": Text("ngày làm việc", "working days"),
    "working_hours": Text("giờ làm việc", "working hours"),
    "calendar_days": Text("ngày", "calendar days"),
}


@dataclass
class ProcedureStats(Counts):
    """Counts of one procedure case, with its average processing time in its own unit.

    The processing time of a finished dossier is the working time from its effective
    receipt to its finish less the working time paused (working days or hours), or the
    calendar days from the day of receipt to the day of finish (calendar days; months are
    averaged in calendar days too, a month having no fixed length). Same-day procedures
    are averaged in working hours.
    """

    code: str = ""
    name: str = ""
    case: str | None = None
    unit: str = "working_days"
    """Unit of the procedure's time (``working_days``, ``months``, ...)."""
    finished: int = 0
    processing_sum: int = 0
    """Sum over finished dossiers: microseconds of working time, or calendar days."""

    @property
    def average_unit(self) -> str:
        return _AVERAGE_UNIT[self.unit]

    @property
    def average(self) -> Decimal | None:
        """Average processing time in :attr:`average_unit` (exact Decimal), or ``None``."""
        if not self.finished:
            return None
        total = Decimal(self.processing_sum) / self.finished
        unit = self.average_unit
        if unit == "working_days":
            return total / WORKING_DAY_US
        if unit == "working_hours":
            return total / HOUR_US
        return total

    def as_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "name": self.name,
            "case": self.case,
            "unit": self.unit,
            **super().as_dict(),
            "finished": self.finished,
            "average_processing": decimal_text(self.average),
            "average_unit": self.average_unit,
        }


@dataclass
class OnTimeReport:
    """What :func:`on_time_report` returns."""

    period_from: date | None
    period_to: date | None
    as_of: datetime
    """The end of the period: open dossiers are judged at this moment."""
    engine: str
    overall: Counts = field(default_factory=Counts)
    procedures: dict[tuple[str, str | None, str], ProcedureStats] = field(default_factory=dict)
    by_agency: dict[str, Counts] = field(default_factory=dict)
    by_field: dict[str, Counts] = field(default_factory=dict)
    by_month: dict[str, Counts] = field(default_factory=dict)
    rows: int = 0
    """Rows read (bad ones included)."""
    excluded: int = 0
    """Dossiers outside the period (finished before it or received after it)."""
    bad_rows: list[BadRow] = field(default_factory=list)
    """Rows skipped with ``skip_bad``."""
    names: dict[str, str] = field(default_factory=dict)
    """Names of the fields and agencies (lĩnh vực, cơ quan) by id, when the catalog has its
    registries: Markdown shows them; JSON and CSV keep the ids."""

    def as_dict(self, lang: Lang | None = None) -> dict[str, Any]:
        return {
            "period": {
                "from": None if self.period_from is None else self.period_from.isoformat(),
                "to": None if self.period_to is None else self.period_to.isoformat(),
                "as_of": self.as_of.isoformat(),
            },
            "engine": self.engine,
            "rows": self.rows,
            "excluded": self.excluded,
            "skipped": [{"row": b.row, "message": b.text(lang)} for b in self.bad_rows],
            "overall": self.overall.as_dict(),
            "procedures": [self.procedures[k].as_dict() for k in sorted(self.procedures, key=_k)],
            "by_agency": {k: v.as_dict() for k, v in sorted(self.by_agency.items())},
            "by_field": {k: v.as_dict() for k, v in sorted(self.by_field.items())},
            "by_month": {k: v.as_dict() for k, v in sorted(self.by_month.items())},
        }


def _k(key: tuple[str, str | None, str]) -> tuple[str, str, str]:
    return key[0], key[1] or "", key[2]


# -- the report -----------------------------------------------------------------------


def on_time_report(
    source: str | Path | TextIO | Iterable[tuple[int, dict[str, str]]],
    catalog: Iterable[Procedure],
    rules: Rules,
    *,
    date_from: date | None = None,
    date_to: date | None = None,
    skip_bad: bool = False,
    engine: str = "auto",
    progress: Callable[[int], None] | None = None,
    now: datetime | None = None,
) -> OnTimeReport:
    """Statuses and Decision 766 rates of the dossiers in ``source``.

    ``source`` is a file path, an open text file, or ``(row, record)`` pairs (as
    :func:`read_rows` yields). A dossier counts when it is finished inside the period
    (``date_from``..``date_to``, inclusive, local dates) or still open at its end (the
    start of the day after ``date_to``; without ``date_to``: ``now``). A dossier finished
    after the end is open at the end. Bad rows raise :class:`ReportError` listing every
    one with its row number, unless ``skip_bad`` (then they are listed in the report).
    An input with nothing in it (no header, no row: 0 bytes, a byte-order mark, blank
    lines) raises :class:`ReportError` too, as a failed export would look; a CSV with only
    its header row, an empty ``.jsonl``/``.ndjson`` file, or no pairs, is a period
    without dossiers: a report of zero rows.
    ``engine``: ``"auto"`` (fast when :func:`fast_engine_applies`), ``"fast"``, ``"exact"``;
    another raises :class:`EngineError`.
    ``progress`` is called with the number of rows read, every 100,000 rows and at the end.
    """
    from tthc.calendar import VN_TZ, as_local

    if engine not in ENGINES:
        choices = ", ".join(repr(name) for name in ENGINES)
        raise EngineError(
            Text(
                f"Tham số engine {engine!r} không hợp lệ; chọn một trong: {choices}",
                f"Unknown engine {engine!r}; choose one of: {choices}",
            )
        )
    try:
        import numpy  # noqa: F401
    except ImportError:  # pragma: no cover - numpy is in the dev environment
        raise ReportError(
            Text(
                "Báo cáo hồ sơ cần numpy: pip install 'tthc[batch]'",
                "The dossier report needs numpy: pip install 'tthc[batch]'",
            )
        ) from None
    if date_from is not None and date_to is not None and date_from > date_to:
        raise ReportError(
            Text(
                f"Ngày bắt đầu kỳ báo cáo {date_from} sau ngày kết thúc {date_to}",
                f"The period's start {date_from} is after the end {date_to}",
            )
        )
    if engine == "auto":
        engine = "fast" if fast_engine_applies(rules) else "exact"
    tables = _tables(rules.calendar)
    if date_to is not None:
        as_of = datetime.combine(date_to + timedelta(days=1), time(0))
    else:
        # a naive now is Vietnam time, as everywhere else (not the server's zone)
        local_now = datetime.now(VN_TZ) if now is None else as_local(now)
        as_of = local_now.replace(tzinfo=None)
    start_of_period = datetime.combine(date_from, time(0)) if date_from is not None else None
    calendar = rules.calendar
    for moment in (as_of, start_of_period):
        if moment is not None and not (
            tables.epoch <= moment <= tables.epoch + timedelta(days=tables.n)
        ):
            raise ReportError(
                Text(
                    f"Kỳ báo cáo ({moment:%Y-%m-%d}) nằm ngoài lịch làm việc "
                    f"({calendar.first_year}-{calendar.last_year})",
                    f"The period ({moment:%Y-%m-%d}) is outside the working calendar "
                    f"({calendar.first_year}-{calendar.last_year})",
                )
            )
    as_of_us = tables.to_us(as_of)
    from_us = tables.to_us(start_of_period) if start_of_period is not None else None

    groups = _Groups(catalog)
    report = OnTimeReport(date_from, date_to, as_of.replace(tzinfo=VN_TZ), engine)
    report.names.update(registry_names(catalog))
    bad_rows: list[BadRow] = []
    per_group: list[list[int]] = []  # counts per group, then finished, processing_sum
    months: dict[int, list[int]] = {}

    rows: Iterable[tuple[int, _Values | _RowError | dict[str, str]]]
    if isinstance(source, (str, Path)) or hasattr(source, "read"):
        rows = _records(source)  # type: ignore[arg-type]
    else:  # pairs from read_rows() or the caller
        rows = source

    lo, hi = tables.epoch, tables.epoch + timedelta(days=tables.n)
    hi_us = tables.n * DAY_US
    epoch = tables.epoch
    one_us = timedelta(microseconds=1)
    parse_iso = datetime.fromisoformat
    known = groups.index
    chunk = _Chunk()
    count = 0
    seen: dict[str, int] = {}  # dossier_id -> row: a dossier counts once

    def fast_us(text: str, other: int) -> int:
        """A moment at +07:00 or without offset in microseconds (else ``other``): the
        common row, read without :func:`_moment` (which explains what is wrong)."""
        if text.endswith("+07:00"):
            return (parse_iso(text[:-6]) - epoch) // one_us
        if len(text) == 19:
            return (parse_iso(text) - epoch) // one_us
        return other

    def flush() -> None:
        if len(chunk):
            _process(
                chunk,
                groups,
                tables,
                rules,
                engine,
                as_of_us,
                from_us,
                report,
                per_group,
                months,
                bad_rows,
            )

    for number, values in rows:
        count += 1
        if progress is not None and count % 100_000 == 0:
            progress(count)
        # The common row (no pauses, times at +07:00 or without offset, known group) is
        # read inline; anything else goes through _parse, which explains what is wrong.
        if type(values) is tuple and not values[6]:
            dossier, code, received, finished, case, channel, _ = values
            try:
                r_us = fast_us(received, -1)
                f_us = fast_us(finished, -2) if finished else -1
            except (ValueError, TypeError):  # TypeError: an offset such as "+07"
                r_us = -1
            else:
                g_fast = known.get((code, case or None, channel or None))
                if (
                    g_fast is not None
                    and dossier.strip()
                    and 0 <= r_us < hi_us
                    and f_us < hi_us
                    and (f_us == -1 or f_us >= r_us)
                ):
                    first = seen.setdefault(dossier.strip(), number)
                    if first != number:
                        bad_rows.append(BadRow(number, _listed_twice(dossier.strip(), first)))
                        continue
                    chunk.rows.append(number)
                    chunk.group.append(g_fast)
                    chunk.received.append(r_us)
                    chunk.finished.append(f_us)
                    if len(chunk.rows) >= _CHUNK:
                        flush()
                        chunk = _Chunk()
                    continue
        try:
            raw: dict[str, str]
            if isinstance(values, str):
                raw = {"__error__": values}
            elif isinstance(values, dict):
                raw = values
            else:
                raw = dict(zip(COLUMNS, values, strict=True))
            record = _parse(number, raw)
            if not lo <= record.received_at < hi:
                raise _Bad(_moment_outside("received_at", raw["received_at"].strip(), tables))
            if record.finished_at is not None and not record.finished_at < hi:
                raise _Bad(_moment_outside("finished_at", raw["finished_at"].strip(), tables))
            g = groups.lookup(record.procedure_code, record.case, record.channel)
            if type(values) is tuple:
                # the next row spelled the same way ("Trực tuyến", " 2.000815") takes
                # the fast path: the group depends on these cells alone
                known.setdefault((values[1], values[4] or None, values[5] or None), g)
            first = seen.setdefault(record.dossier_id, number)
            if first != number:
                raise _Bad(_listed_twice(record.dossier_id, first))
        except _Bad as exc:
            bad_rows.append(BadRow(number, exc.text))
            continue
        pos = len(chunk)
        chunk.rows.append(number)
        chunk.group.append(g)
        chunk.received.append(tables.to_us(record.received_at))
        chunk.finished.append(
            tables.to_us(record.finished_at) if record.finished_at is not None else -1
        )
        if record.pauses and (record.finished_at is None or record.finished_at >= as_of):
            # judged open at the end of the period: what happens after it does not count
            record = _seen_at(record, as_of)
        if record.pauses:
            chunk.records[pos] = record
            for start, end in record.pauses:
                chunk.pause_row.append(pos)
                chunk.pause_start.append(tables.to_us(start))
                chunk.pause_end.append(tables.to_us(end) if end is not None else -1)
        if len(chunk) >= _CHUNK:
            flush()
            chunk = _Chunk()
    flush()
    if progress is not None:
        progress(count)
    report.rows = count

    bad_rows.sort(key=lambda b: b.row)
    if bad_rows and not skip_bad:
        raise _bad_rows_error(bad_rows)
    report.bad_rows = bad_rows

    # roll the group counts up to procedures, agencies and fields
    for gi, totals in enumerate(per_group):
        group = groups.groups[gi]
        procedure = group.procedure
        stats = report.procedures.get(group.key)
        if stats is None:
            stats = report.procedures[group.key] = ProcedureStats(
                code=procedure.code,
                name=procedure.name,
                case=group.key[1],
                unit=group.key[2],
            )
        stats.add(totals[:5])
        stats.finished += totals[5]
        stats.processing_sum += totals[6]
        report.overall.add(totals[:5])
        report.by_field.setdefault(procedure.field, Counts()).add(totals[:5])
        for agency in dict.fromkeys(procedure.agencies or ("-",)):
            report.by_agency.setdefault(agency, Counts()).add(totals[:5])
    for month, slot in months.items():
        report.by_month[f"{month // 12:04d}-{month % 12 + 1:02d}"] = Counts(*slot[:5])
    return report


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


def _process(
    chunk: _Chunk,
    groups: _Groups,
    tables: _Tables,
    rules: Rules,
    engine: str,
    as_of_us: int,
    from_us: int | None,
    report: OnTimeReport,
    per_group: list[list[int]],
    months: dict[int, list[int]],
    bad_rows: list[BadRow],
) -> None:
    import numpy as np

    from tthc.duration import Unit

    if engine == "fast":
        computed = _compute_fast(chunk, groups, tables, rules)
    else:
        computed = _compute_exact(chunk, groups, tables, rules)
    g = np.frombuffer(chunk.group, dtype=np.int64)
    rec = np.frombuffer(chunk.received, dtype=np.int64)
    fin = np.frombuffer(chunk.finished, dtype=np.int64)
    due = computed.due
    valid = np.ones(g.size, dtype=np.bool_)
    for pos, text in computed.bad.items():
        valid[pos] = False
        bad_rows.append(BadRow(int(chunk.rows[pos]), text))

    finished = (fin >= 0) & (fin < as_of_us)
    status = np.full(g.size, _EXCLUDED, dtype=np.int64)
    # finished in the period
    # the day a due moment ends: one at midnight ends the day before (tthc.sla.due_day)
    due_day = (due - 1) // DAY_US
    late = finished & (fin > due)
    early = finished & ~late & (fin // DAY_US < due_day)
    status[finished] = 1
    status[early] = 0
    status[late] = 2
    # open at the end of the period: judged at the end, or at an open pause
    still_open = ~finished & (rec < as_of_us)
    if still_open.any():
        moment = np.where(
            (computed.open_pause >= 0) & (computed.open_pause < as_of_us),
            computed.open_pause,
            as_of_us,
        )
        sel = np.flatnonzero(still_open & valid)
        # past the due moment itself, not only past its working time (see evaluate)
        over = moment[sel] > due[sel]
        status[sel] = np.where(over, 3, 4)
    if from_us is not None:
        status[finished & (fin < from_us)] = _EXCLUDED
    status[~valid] = _EXCLUDED
    report.excluded += int(((status == _EXCLUDED) & valid).sum())

    n_groups = len(groups.groups)
    while len(per_group) < n_groups:
        per_group.append([0] * 7)
    counts = np.bincount(g * 6 + status, minlength=n_groups * 6).reshape(n_groups, 6)
    # processing time of finished dossiers counted in the period
    done = np.flatnonzero(status <= 2)
    unit_of = np.array(
        [grp.duration.unit in (Unit.CALENDAR_DAYS, Unit.MONTHS) for grp in groups.groups],
        dtype=np.bool_,
    )
    by_days = unit_of[g[done]]
    amount = np.zeros(done.size, dtype=np.int64)
    if done.size:
        f, e = fin[done], computed.effective[done]
        work = tables.position(f) - tables.position(e) - computed.paused[done]
        days = f // DAY_US - e // DAY_US
        amount = np.maximum(np.where(by_days, days, work), 0)
    sums = np.zeros(n_groups, dtype=np.int64)
    np.add.at(sums, g[done], amount)
    finished_n = np.bincount(g[done], minlength=n_groups)
    for gi in np.flatnonzero(counts[:, :5].sum(axis=1) | finished_n):
        values = per_group[gi]
        for k in range(5):
            values[k] += int(counts[gi, k])
        values[5] += int(finished_n[gi])
        values[6] += int(sums[gi])
    # months: of the finish, or of the end of the period for open dossiers
    counted = status < _EXCLUDED
    when = np.where(status <= 2, fin, as_of_us - 1)[counted]
    month = tables.month[tables.day(when)] if when.size else when
    keys = month * 6 + status[counted]
    for key, value in zip(*np.unique(keys, return_counts=True), strict=True):
        slot = months.setdefault(int(key) // 6, [0] * 5)
        slot[int(key) % 6] += int(value)


# -- rendering ------------------------------------------------------------------------


def render(report: OnTimeReport, fmt: str, lang: Lang, *, excel: bool = False) -> str:
    """The report as ``text``, ``json``, ``csv`` or ``markdown`` (headers in ``lang``).

    The CSV is for programs: UTF-8, comma separated, decimal points. With ``excel`` it is for
    Excel with Vietnamese settings instead: a byte-order mark (without it Excel reads UTF-8 as
    a legacy code page and breaks the diacritics), ``;`` separated, decimal commas, CRLF line
    ends; the columns are the same.
    """
    if fmt == "json":
        return json.dumps(report.as_dict(lang), ensure_ascii=False, indent=2) + "\n"
    if fmt == "csv":
        return _csv(report, excel=excel)
    if fmt == "markdown":
        return _markdown(report, lang)
    return _text(report, lang)


_HEAD = {
    "group": Text("Nhóm", "Group"),
    "code": Text("Mã thủ tục", "Code"),
    "name": Text("Tên thủ tục", "Procedure"),
    "case": Text("Trường hợp", "Case"),
    "total": Text("Tổng số", "Total"),
    "early": Text("Trước hạn", "Early"),
    "on_time": Text("Đúng hạn", "On time"),
    "late": Text("Trễ hạn", "Late"),
    "overdue": Text("Quá hạn chưa giải quyết", "Overdue, open"),
    "open": Text("Đang giải quyết trong hạn", "Open, not due"),
    "on_time_rate": Text("Tỷ lệ trước và đúng hạn (%)", "Early or on time (%)"),
    "late_rate": Text("Tỷ lệ trễ hạn (%)", "Late (%)"),
    "average": Text("Thời gian giải quyết trung bình", "Average processing time"),
}


#: What text and Markdown show for a rate with no dossier to rate, or an average with no
#: finished dossier ("-%" read as a broken number); JSON writes null and CSV an empty cell.
_NOT_APPLICABLE = Text("không có", "n/a")


def _shown(value: Decimal | None, lang: Lang, suffix: str = "") -> str:
    """A rate or average for people (``suffix`` after a number only), else "n/a"."""
    if value is None:
        return _NOT_APPLICABLE(lang)
    return display_number(value, lang) + suffix


def _cells(counts: Counts, lang: Lang) -> list[str]:
    return [
        str(counts.total),
        str(counts.early),
        str(counts.on_time),
        str(counts.late),
        str(counts.overdue),
        str(counts.open),
        _shown(counts.on_time_rate, lang),
        _shown(counts.late_rate, lang),
    ]


_COUNT_HEAD = ("total", "early", "on_time", "late", "overdue", "open", "on_time_rate", "late_rate")


def _average_text(stats: ProcedureStats, lang: Lang) -> str:
    return _shown(stats.average, lang, f" {AVERAGE_UNIT_WORDS[stats.average_unit](lang)}")


def _period_text(report: OnTimeReport, lang: Lang) -> str:
    start = report.period_from.isoformat() if report.period_from else "…"
    end = report.period_to.isoformat() if report.period_to else report.as_of.isoformat()
    return f"Kỳ báo cáo: {start} - {end}" if lang == "vi" else f"Period: {start} to {end}"


def _markdown(report: OnTimeReport, lang: Lang) -> str:
    h = {k: v(lang) for k, v in _HEAD.items()}
    counts_head = [h[k] for k in _COUNT_HEAD]
    title = (
        "Báo cáo tình hình giải quyết hồ sơ thủ tục hành chính"
        if lang == "vi"
        else "Processing of administrative procedure dossiers"
    )
    out = [f"## {title}", "", _period_text(report, lang), ""]
    out += markdown_table(counts_head, [_cells(report.overall, lang)])
    proc_rows = []
    for key in sorted(report.procedures, key=_k):
        stats = report.procedures[key]
        proc_rows.append(
            [
                stats.code,
                stats.name,
                stats.case or "",
                *_cells(stats, lang),
                _average_text(stats, lang),
            ]
        )
    section = {
        "procedures": Text("Theo thủ tục", "By procedure"),
        "agency": Text("Theo cơ quan", "By agency"),
        "field": Text("Theo lĩnh vực", "By field"),
        "month": Text("Theo tháng", "By month"),
    }
    out += ["", f"### {section['procedures'](lang)}", ""]
    out += markdown_table([h["code"], h["name"], h["case"], *counts_head, h["average"]], proc_rows)
    for name, groups in (
        ("agency", report.by_agency),
        ("field", report.by_field),
        ("month", report.by_month),
    ):
        out += ["", f"### {section[name](lang)}", ""]
        rows = [[report.names.get(k, k), *_cells(v, lang)] for k, v in sorted(groups.items())]
        out += markdown_table([h["group"], *counts_head], rows)
    if report.bad_rows:
        word = "Dòng bị bỏ qua" if lang == "vi" else "Skipped rows"
        out += ["", f"{word}: {len(report.bad_rows)}"]
    return "\n".join(out) + "\n"


def _text(report: OnTimeReport, lang: Lang) -> str:
    o = report.overall
    vi = lang == "vi"
    lines = [_period_text(report, lang)]
    lines.append(
        (
            f"Hồ sơ: {o.total} (trước hạn {o.early}, đúng hạn {o.on_time}, trễ hạn {o.late}, "
            f"quá hạn chưa giải quyết {o.overdue}, đang giải quyết trong hạn {o.open})"
        )
        if vi
        else (
            f"Dossiers: {o.total} (early {o.early}, on time {o.on_time}, late {o.late}, "
            f"overdue and open {o.overdue}, open and not due {o.open})"
        )
    )
    lines.append(
        (
            f"Tỷ lệ trước và đúng hạn: {_shown(o.on_time_rate, lang, '%')}; "
            f"trễ hạn: {_shown(o.late_rate, lang, '%')}"
        )
        if vi
        else (
            f"Early or on time: {_shown(o.on_time_rate, lang, '%')}; "
            f"late: {_shown(o.late_rate, lang, '%')}"
        )
    )
    for key in sorted(report.procedures, key=_k):
        s = report.procedures[key]
        case = f" [{s.case}]" if s.case else ""
        lines.append(
            f"  {s.code}{case}: {s.total}, "
            f"{'đúng hạn' if vi else 'on time'} {_shown(s.on_time_rate, lang, '%')}, "
            f"{'trung bình' if vi else 'average'} {_average_text(s, lang)}"
        )
    if report.bad_rows:
        skipped = len(report.bad_rows)
        lines.append(
            f"Bỏ qua {skipped} dòng:"
            if vi
            else f"Skipped {skipped} {'row' if skipped == 1 else 'rows'}:"
        )
        lines += [f"  {b.message(lang)}" for b in report.bad_rows[:_MAX_SHOWN]]
    return "\n".join(lines) + "\n"


def _csv(report: OnTimeReport, *, excel: bool = False) -> str:
    from tthc.display import csv_number, start_csv

    buffer, writer = start_csv(excel=excel)

    def number(value: Decimal | None) -> str:
        return csv_number(decimal_text(value), excel=excel)

    writer.writerow(
        [
            "group",
            "key",
            "case",
            "unit",
            *STATUSES,
            "total",
            "on_time_rate",
            "early_rate",
            "late_rate",
            "finished",
            "average_processing",
            "average_unit",
        ]
    )

    def counts_row(c: Counts) -> list[Any]:
        return [
            *(getattr(c, s) for s in STATUSES),
            c.total,
            number(c.on_time_rate),
            number(c.early_rate),
            number(c.late_rate),
        ]

    writer.writerow(["overall", "", "", "", *counts_row(report.overall), "", "", ""])
    for key in sorted(report.procedures, key=_k):
        s = report.procedures[key]
        writer.writerow(
            [
                "procedure",
                s.code,
                s.case or "",
                s.unit,
                *counts_row(s),
                s.finished,
                number(s.average),
                s.average_unit,
            ]
        )
    for name, groups in (
        ("agency", report.by_agency),
        ("field", report.by_field),
        ("month", report.by_month),
    ):
        for k, v in sorted(groups.items()):
            writer.writerow([name, k, "", "", *counts_row(v), "", "", ""])
    return buffer.getvalue()
