"""Each dossier's due moment and clock (đánh giá hồ sơ): the fast and exact engines."""

from __future__ import annotations

from array import array
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from tthc.batch.engine import Computed as _Computed
from tthc.batch.engine import compute, due_outside
from tthc.batch.tables import CalendarTables
from tthc.errors import CalendarError, TthcError
from tthc.i18n import Text
from tthc.report.errors import _Bad
from tthc.report.record import DossierRecord, _channel_value

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    from tthc.duration import Duration
    from tthc.model import Case, Channel, Procedure
    from tthc.rules import Rules

    IntArray = npt.NDArray[np.int64]


def fast_engine_applies(rules: Rules) -> bool:
    """Whether the vectorised national engine gives the same answers as ``rules.deadline``.

    True when only the national plugin answers ``tthc_deadline`` and
    ``tthc_effective_receipt`` (:attr:`Rules.own_counting` is empty: a province that only
    changes the policy, the hours or the calendar keeps the fast engine; one that replaces
    the computation does not).
    """
    return not rules.own_counting


def clock_groups(groups: _Groups, rules: Rules) -> bool:
    """Whether some group counts clock hours (a bare "giờ" counted as clock time): the
    vectorised engine counts working time only, so such a chunk goes through
    ``rules.deadline`` and ``rules.clock``."""
    from tthc.duration import Unit

    return rules.policy.clock_hours_as == "clock" and any(
        grp.duration.unit is Unit.CLOCK_HOURS for grp in groups.groups
    )


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
    ids: list[str] = field(default_factory=list)
    """The dossier ids, checked for duplicates when the chunk is counted."""
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


def _compute_fast(
    chunk: _Chunk, groups: _Groups, tables: CalendarTables, rules: Rules
) -> _Computed:
    """The batch engine over one chunk (the national counting rules, every policy field)."""
    import numpy as np

    def ints(values: array[int]) -> IntArray:
        return np.frombuffer(values, dtype=np.int64) if len(values) else np.zeros(0, np.int64)

    return compute(
        tables,
        rules.policy,
        ints(chunk.received),
        ints(chunk.group),
        [group.duration for group in groups.groups],
        ints(chunk.pause_row),
        ints(chunk.pause_start),
        ints(chunk.pause_end),
    )


def _compute_exact(
    chunk: _Chunk,
    groups: _Groups,
    tables: CalendarTables,
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
            bad[pos] = due_outside(tables, chunk.received[pos])
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
    return _Computed(effective, starts, due, paused, open_pause, bad, starts.copy())


def _evaluate_group(
    rules: Rules,
    group: _Group,
    received: datetime,
    pauses: tuple[tuple[datetime, datetime | None], ...],
) -> tuple[datetime, datetime, datetime, timedelta]:
    """(effective receipt, clock start, due moment after pauses, paused working time)."""
    from tthc.tz import as_local

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
    from tthc.tz import as_local

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
