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

The package follows the report's seams: :mod:`~tthc.report.read` (files to rows),
:mod:`~tthc.report.record` (a row checked into a dossier record),
:mod:`~tthc.report.evaluate` (due moments: :mod:`tthc.batch` or the per-dossier path),
:mod:`~tthc.report.aggregate` (exact counts) and :mod:`~tthc.report.render` (formats).
This module puts them together in :func:`on_time_report`.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from tthc.batch.columns import MISSING
from tthc.batch.engine import Computed as _Computed
from tthc.batch.engine import moment_outside
from tthc.batch.tables import DAY_US, HOUR_US, CalendarTables, tables_of
from tthc.catalog import registry_names
from tthc.i18n import Text
from tthc.model import CHANNEL_SPELLINGS  # re-exported: the table lives with Channel
from tthc.report.aggregate import (
    STATUSES,
    Counts,
    OnTimeReport,
    ProcedureStats,
    RowResults,
    Tally,
    _process,
    roll_up,
)
from tthc.report.duplicates import Spill
from tthc.report.errors import (
    ENGINES,
    BadRow,
    EngineError,
    ReportError,
    _Bad,
    _bad_rows_error,
    _listed_twice,
)
from tthc.report.evaluate import (
    _Chunk,
    _compute_exact,
    _compute_fast,
    _Groups,
    _seen_at,
    clock_groups,
    evaluate,
    fast_engine_applies,
)
from tthc.report.late import late_of, most_late
from tthc.report.read import COLUMNS, ArrowRows, _RowError, _Values, read_rows, read_source
from tthc.report.record import DossierRecord, _parse, parse_channel, parse_record
from tthc.report.render import render
from tthc.report.rows import RowsWriter

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    from tthc.model import Procedure
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

_CHUNK = 131_072


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
    rows_to: str | Path | None = None,
    jobs: int = 1,
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
    ``rows_to``: a ``.csv`` or ``.parquet`` file to write each dossier's result to
    (:mod:`tthc.report.rows`). ``jobs``: processes reading parts of a file ``source`` at
    once (:mod:`tthc.report.parallel`); their partial counts are merged exactly and dossier
    ids are checked across the parts.
    """
    from tthc.tz import VN_TZ, as_local

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
    tables = tables_of(rules.calendar)
    if date_to is not None:
        if date_to >= date.max:  # its end would be past the last date Python can hold
            raise _outside_calendar(date_to, rules.calendar)
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
            raise _outside_calendar(moment.date(), calendar)
    as_of_us = tables.to_us(as_of)
    from_us = tables.to_us(start_of_period) if start_of_period is not None else None

    report = OnTimeReport(date_from, date_to, as_of.replace(tzinfo=VN_TZ), engine)
    report.names.update(registry_names(catalog))
    writer = RowsWriter(rows_to) if rows_to is not None else None
    run = _Run(catalog, rules, engine, tables, as_of, from_us)
    folder = None  # the workers' spills and rows (jobs), removed at the end whatever happens
    try:
        if jobs > 1 and isinstance(source, (str, Path)):
            from tthc.report.parallel import run_in_parts

            folder = tempfile.mkdtemp(prefix="tthc-jobs-")
            suffix = writer.path.suffix if writer is not None else ".csv"
            parts = run_in_parts(
                Path(source), jobs, run, writer is not None, progress, suffix, folder
            )
            if writer is not None:
                for part in parts:
                    if part.rows_file is not None:
                        writer.append_file(Path(part.rows_file))
        else:
            rows: Iterable[tuple[int, _Values | _RowError | ArrowRows | dict[str, str]]]
            if isinstance(source, (str, Path)) or hasattr(source, "read"):
                rows = read_source(source)  # type: ignore[arg-type]
            else:  # pairs from read_rows() or the caller
                rows = source
            parts = [run.count(rows, writer, progress)]
        _finish(report, parts, run, skip_bad, writer)
    except BaseException:
        if writer is not None:
            writer.discard()
        raise
    finally:
        for part in parts if "parts" in locals() else ():
            part.spill.remove()
            if part.rows_file is not None:
                Path(part.rows_file).unlink(missing_ok=True)
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)
    return report


def _finish(
    report: OnTimeReport,
    parts: list[_Partial],
    run: _Run,
    skip_bad: bool,
    writer: RowsWriter | None,
) -> None:
    """Find dossiers listed twice across ``parts``, take them back out, and roll up."""
    from tthc.report.duplicates import find

    bad_rows = [bad for part in parts for bad in part.bad_rows]
    twice = find([part.spill for part in parts])
    for dup in twice:
        if dup.status < 0:  # already a bad row (its due moment is outside the calendar)
            continue
        parts[dup.part].tally.take_back(dup.group, dup.status, dup.month, dup.amount)
        bad_rows.append(BadRow(dup.row, _listed_twice(dup.dossier_id, dup.first)))
    bad_rows.sort(key=lambda b: b.row)
    if bad_rows and not skip_bad:
        raise _bad_rows_error(bad_rows)
    report.bad_rows = bad_rows
    report.rows = sum(part.count for part in parts)
    for part in parts:
        roll_up(part.tally, part.groups, report)
    if writer is not None:
        drop = {dup.row for dup in twice}
        writer.close(drop=drop)
        report.late = most_late((d for part in parts for d in part.late), drop)


@dataclass
class _Partial:
    """What one run over rows found: counts per group, bad rows, ids on disk."""

    tally: Tally
    groups: _Groups
    bad_rows: list[BadRow]
    count: int
    spill: Spill
    rows_file: str | None = None
    """Per-dossier rows a worker wrote (``jobs``), put together by the parent."""
    late: list[dict[str, Any]] = field(default_factory=list)
    """The most late dossiers (:mod:`tthc.report.late`), when per-dossier results are kept."""


class _Run:
    """One period's settings, to count rows with (in this process or a worker)."""

    def __init__(
        self,
        catalog: Iterable[Procedure],
        rules: Rules,
        engine: str,
        tables: CalendarTables,
        as_of: datetime,
        from_us: int | None,
    ) -> None:
        self.catalog = list(catalog)
        self.rules = rules
        self.engine = engine
        self.tables = tables
        self.as_of = as_of
        self.as_of_us = tables.to_us(as_of)
        self.from_us = from_us

    def count(
        self,
        rows: Iterable[tuple[int, _Values | _RowError | ArrowRows | dict[str, str]]],
        writer: RowsWriter | None,
        progress: Callable[[int], None] | None = None,
        spill_folder: str | None = None,
    ) -> _Partial:
        """Read, check and count ``rows``; ids go to a spill, results to ``writer``."""
        tables, rules, engine = self.tables, self.rules, self.engine
        as_of, as_of_us, from_us = self.as_of, self.as_of_us, self.from_us
        groups = _Groups(self.catalog)
        tally = Tally()
        bad_rows: list[BadRow] = []
        late: list[dict[str, Any]] = []
        spill = Spill(spill_folder)
        import numpy as np

        lo, hi = tables.epoch, tables.epoch + timedelta(days=tables.n)
        hi_us = tables.n * DAY_US
        epoch = tables.epoch
        one_us = timedelta(microseconds=1)
        parse_iso = datetime.fromisoformat
        known = groups.index
        chunk = _Chunk()
        count = 0

        def fast_us(text: str, other: int) -> int:
            """A moment at +07:00 or without offset in microseconds (else ``other``): the
            common row, read without :func:`_moment` (which explains what is wrong)."""
            # Only YYYY-MM-DD[T ]HH:MM:SS[.ffffff], which fromisoformat reads alike on every
            # Python (3.11 would also take week dates and basic times that tthc.timeparse
            # refuses); the microseconds are how Arrow writes a Parquet timestamp.
            n = len(text)
            if (
                19 <= n <= 32
                and text[10] in "T "
                and text[4] == text[7] == "-"
                and text[13] == text[16] == ":"
            ):
                if n == 19 or (n == 26 and text[19] == "."):
                    return (parse_iso(text) - epoch) // one_us
                if text.endswith("+07:00") and (n == 25 or (n == 32 and text[19] == ".")):
                    return (parse_iso(text[:-6]) - epoch) // one_us
            return other

        def flush() -> None:
            if not len(chunk):
                return
            if engine == "fast" and not clock_groups(groups, rules):
                computed = _compute_fast(chunk, groups, tables, rules)
            else:
                computed = _compute_exact(chunk, groups, tables, rules)
            results = _process(
                chunk,
                computed,
                groups,
                tables,
                as_of_us,
                from_us,
                tally,
                bad_rows,
                rules.policy.clock_hours_as,
            )
            rows_of = np.frombuffer(chunk.rows, dtype=np.int64)
            g = np.frombuffer(chunk.group, dtype=np.int64)
            spill.add(chunk.ids, rows_of, g, results.status, results.month, results.amount)
            if writer is not None:
                writer.write(_row_columns(chunk, computed, results, groups, tables))
                late.extend(late_of(chunk, computed, results, groups, tables))
                late[:] = most_late(late, final=False)

        def take(
            first: int, a: int, b: int, g: IntArray, r: IntArray, f: IntArray, ids: list[str]
        ) -> None:
            """Rows ``a`` to ``b`` of a batch whose first row is ``first``, all simple."""
            nonlocal chunk, count
            if a >= b:
                return
            chunk.ids.extend(ids[a:b])
            chunk.rows.frombytes(np.arange(first + a, first + b, dtype=np.int64).tobytes())
            chunk.group.frombytes(g[a:b].tobytes())
            chunk.received.frombytes(r[a:b].tobytes())
            chunk.finished.frombytes(f[a:b].tobytes())
            before, count = count, count + b - a
            if progress is not None and before // 100_000 != count // 100_000:
                progress(count)
            if len(chunk.rows) >= _CHUNK:
                flush()
                chunk = _Chunk()

        def expand(
            rows: Iterable[tuple[int, Any]],
        ) -> Iterator[tuple[int, _Values | _RowError | dict[str, str]]]:
            """The rows one by one, but a Parquet batch's simple rows (ArrowRows) are
            taken as arrays, in order with the others."""
            for number, values in rows:
                if type(values) is not ArrowRows:
                    yield number, values
                    continue
                batch: ArrowRows = values
                r = batch.received - tables.epoch_us
                f = np.where(batch.open, -1, batch.finished - tables.epoch_us)
                timely = batch.simple & (r >= 0) & (r < hi_us)
                timely &= batch.open | ((f >= r) & (f < hi_us))

                def classify(batch: ArrowRows = batch, timely: Any = timely) -> tuple[Any, Any]:
                    group_of = np.array(
                        [known.get((c, ca or None, ch or None), -1) for c, ca, ch in batch.keys],
                        dtype=np.int64,
                    )
                    g = group_of[batch.key_index] if group_of.size else np.full(batch.size, -1)
                    return g, timely & (g >= 0)

                g, simple = classify()
                a = 0
                slow = np.flatnonzero(~simple).tolist()
                i = 0
                while i < len(slow):
                    k = slow[i]
                    i += 1
                    take(number, a, k, g, r, f, batch.ids)
                    yield number + k, batch.cells(k)
                    a = k + 1
                    code, case, channel = batch.keys[int(batch.key_index[k])]
                    if g[k] < 0 and (code, case or None, channel or None) in known:
                        # the first row of its procedure, case and channel, read from its
                        # text, told its group: the next such rows are simple
                        g, simple = classify()
                        slow = (a + np.flatnonzero(~simple[a:])).tolist()
                        i = 0
                take(number, a, batch.size, g, r, f, batch.ids)

        for number, values in expand(rows):
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
                        chunk.ids.append(dossier.strip())
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
                    raise _Bad(moment_outside("received_at", raw["received_at"].strip(), tables))
                if record.finished_at is not None and not record.finished_at < hi:
                    raise _Bad(moment_outside("finished_at", raw["finished_at"].strip(), tables))
                g = groups.lookup(record.procedure_code, record.case, record.channel)
                if type(values) is tuple:
                    # the next row spelled the same way ("Trực tuyến", " 2.000815") takes
                    # the fast path: the group depends on these cells alone
                    known.setdefault((values[1], values[4] or None, values[5] or None), g)
            except _Bad as exc:
                bad_rows.append(BadRow(number, exc.text))
                continue
            pos = len(chunk)
            chunk.ids.append(record.dossier_id)
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
        spill.close()
        return _Partial(tally, groups, bad_rows, count, spill, late=late)


def _row_columns(
    chunk: _Chunk,
    computed: _Computed,
    results: RowResults,
    groups: _Groups,
    tables: CalendarTables,
) -> dict[str, Any]:
    """The per-dossier columns of one chunk (rows that could be counted)."""
    import numpy as np

    ok = np.flatnonzero(results.status >= 0)
    g = np.frombuffer(chunk.group, dtype=np.int64)[ok]
    codes = np.array([grp.procedure.code for grp in groups.groups], dtype=object)
    cases = np.array([grp.key[1] or "" for grp in groups.groups], dtype=object)
    channels = np.array(
        [grp.channel.value if grp.channel is not None else "" for grp in groups.groups],
        dtype=object,
    )
    words = np.array([*STATUSES, "excluded"], dtype=object)

    def local(values: Any) -> Any:
        values = np.asarray(values, dtype=np.int64)[ok]
        return np.where(values < 0, MISSING, values + tables.epoch_us).view("datetime64[us]")

    ids = chunk.ids
    return {
        "row": np.frombuffer(chunk.rows, dtype=np.int64)[ok],
        "dossier_id": [ids[i] for i in ok.tolist()],
        "procedure": codes[g].tolist(),
        "case": cases[g].tolist(),
        "channel": channels[g].tolist(),
        "received_at": local(np.frombuffer(chunk.received, dtype=np.int64)),
        "starts_at": local(computed.starts),
        "due_at": local(computed.due),
        "finished_at": local(np.frombuffer(chunk.finished, dtype=np.int64)),
        "status": words[results.status[ok]].tolist(),
        "late_working_hours": results.late[ok] / HOUR_US,
    }


def _outside_calendar(day: date, calendar: Any) -> ReportError:
    return ReportError(
        Text(
            f"Kỳ báo cáo ({day:%Y-%m-%d}) nằm ngoài lịch làm việc "
            f"({calendar.first_year}-{calendar.last_year})",
            f"The period ({day:%Y-%m-%d}) is outside the working calendar "
            f"({calendar.first_year}-{calendar.last_year})",
        )
    )
