"""Vectorised deadlines (tính hạn hàng loạt): the national counting rules over arrays.

The functions here are :func:`tthc.national.sla.effective_receipt`, :func:`~tthc.national.sla.span`
and the pauses of :class:`tthc.sla.DossierClock`, taken over numpy arrays of microseconds
(local time, counted from the first day of the calendar's tables). They are functions of the
tables and the :class:`~tthc.sla.CountingPolicy` they are given: they never ask a plugin.
Each unit of time is one entry of :data:`SPANS`; a unit without one is left to the
per-dossier path by the caller (:data:`UNITS` lists those the engine counts).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from tthc.batch.tables import DAY_US, HOUR_US, CalendarTables, OutsideCalendar, time_us
from tthc.duration import HOURS_PER_WORKING_DAY, Unit
from tthc.i18n import Text

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    from tthc.duration import Duration
    from tthc.sla import CountingPolicy

    IntArray = npt.NDArray[np.int64]

#: ``(starts, due)`` of one unit from the effective receipts ``eff`` (their days ``day``);
#: ``g`` indexes ``values``, the amount of each duration in that unit.
SpanRule = Callable[
    ["CalendarTables", "CountingPolicy", "IntArray", "IntArray", "IntArray", Sequence[Decimal]],
    "tuple[IntArray, IntArray]",
]


@dataclass
class Computed:
    """Due moments and what the clock needs, per row (microseconds, local)."""

    effective: IntArray
    """Effective receipt (thời điểm tiếp nhận) of the first deadline."""
    starts: IntArray
    """When the clock of the first deadline starts."""
    due: IntArray
    """The due moment after the closed pauses."""
    paused: IntArray
    """Working time inside closed pauses (from the start of the clock)."""
    open_pause: IntArray
    """Start of a pause still open, or -1."""
    bad: dict[int, Text]
    """Rows that could not be computed (their due moment is outside the calendar), with why."""
    counting_starts: IntArray
    """When the clock of the deadline counting now starts (``restart``: the last resume's)."""


# -- effective receipt ---------------------------------------------------------------


def effective_receipt(
    tables: CalendarTables, policy: CountingPolicy, unit: Unit, received: IntArray
) -> IntArray:
    """Vectorised :func:`tthc.national.sla.effective_receipt` for rows of one ``unit``."""
    eff = tables.next_moment(received) if policy.after_hours_receipt else received.copy()
    cutoff = policy.general_cutoff
    if cutoff is not None and unit is not Unit.SAME_DAY:
        d = tables.day(eff)
        late = tables.work[d] & (eff - d * DAY_US >= time_us(cutoff))
        if late.any():
            # received at the start of the next calendar day, then moved to the next
            # opening only when after-hours receipt is on (as effective_receipt does)
            moved = (d[late] + 1) * DAY_US
            eff = eff.copy()
            eff[late] = tables.next_moment(moved) if policy.after_hours_receipt else moved
    return eff


# -- one rule per unit (tthc.national.sla.span) --------------------------------------


def _micros(hours: Decimal) -> int:
    """Working hours in microseconds, rounded as the exact engine rounds them."""
    return int((hours * HOUR_US).to_integral_value())


def _ones(size: int) -> IntArray:
    import numpy as np

    return np.ones(size, dtype=np.int64)


def _working_days(
    tables: CalendarTables,
    policy: CountingPolicy,
    eff: IntArray,
    day: IntArray,
    g: IntArray,
    values: Sequence[Decimal],
) -> tuple[IntArray, IntArray]:
    import numpy as np

    if policy.working_days_mode != "next_day":
        hours = [v * HOURS_PER_WORKING_DAY for v in values]
        return _working_hours(tables, policy, eff, day, g, hours)
    whole = np.array([int(v) for v in values], dtype=np.int64)[g]
    frac = np.array(
        [_micros((v - int(v)) * HOURS_PER_WORKING_DAY) for v in values], dtype=np.int64
    )[g]
    starts = tables.opening(tables.add_days(day, _ones(eff.size)))
    by_close = (frac == 0) & (whole > 0)
    due = np.zeros_like(eff)
    if by_close.any():
        due[by_close] = tables.closing(tables.add_days(day[by_close], whole[by_close]))
    rest = ~by_close
    if rest.any():
        last = tables.opening(tables.add_days(day[rest], whole[rest] + 1))
        due[rest] = tables.add_time(last, frac[rest])
    return starts, due


def _working_hours(
    tables: CalendarTables,
    policy: CountingPolicy,
    eff: IntArray,
    day: IntArray,
    g: IntArray,
    values: Sequence[Decimal],
) -> tuple[IntArray, IntArray]:
    import numpy as np

    amount = np.array([_micros(v) for v in values], dtype=np.int64)[g]
    return tables.next_moment(eff), tables.add_time(eff, amount)


def _end_of_days(
    tables: CalendarTables, policy: CountingPolicy, eff: IntArray, last_day: IntArray
) -> IntArray:
    """The end of a period whose last calendar day is ``last_day`` (Civil Code art. 148)."""

    if last_day.size and (last_day.max() >= tables.n or last_day.min() < 0):
        raise OutsideCalendar()
    # tthc.sla.period_end: the last day moves to the next working day (roll), then the
    # period ends at 24:00 of it, or at its close (policy period_end = "close")
    off = ~tables.work[last_day]
    if off.any() and policy.roll_to_working_day:
        last_day = last_day.copy()
        last_day[off] = tables.add_days(last_day[off], _ones(int(off.sum())))
    due = (last_day + 1) * DAY_US
    if policy.period_end == "close":
        working = tables.work[last_day]
        due[working] = tables.closing(last_day[working])
    return due


def _calendar_days(
    tables: CalendarTables,
    policy: CountingPolicy,
    eff: IntArray,
    day: IntArray,
    g: IntArray,
    values: Sequence[Decimal],
) -> tuple[IntArray, IntArray]:
    import numpy as np

    last_day = day + np.array([int(v) for v in values], dtype=np.int64)[g]
    return (day + 1) * DAY_US, _end_of_days(tables, policy, eff, last_day)


def _months(
    tables: CalendarTables,
    policy: CountingPolicy,
    eff: IntArray,
    day: IntArray,
    g: IntArray,
    values: Sequence[Decimal],
) -> tuple[IntArray, IntArray]:
    import numpy as np

    from tthc.calendar import add_months

    # one Python call per distinct (day, months): a few thousand at most
    pairs = np.stack([day, g], axis=1)
    uniq, inverse = np.unique(pairs, axis=0, return_inverse=True)
    base = tables.first.toordinal()
    try:
        ends = [
            add_months(date.fromordinal(base + int(d)), int(values[int(k)])).toordinal() - base
            for d, k in uniq
        ]
    except (OverflowError, ValueError):  # past year 9999
        raise OutsideCalendar() from None
    last_day = np.array(ends, dtype=np.int64)[inverse.reshape(-1)]
    return (day + 1) * DAY_US, _end_of_days(tables, policy, eff, last_day)


def _same_day(
    tables: CalendarTables,
    policy: CountingPolicy,
    eff: IntArray,
    day: IntArray,
    g: IntArray,
    values: Sequence[Decimal],
) -> tuple[IntArray, IntArray]:
    cutoff = policy.same_day_cutoff
    close = tables.closing(day)
    ok = tables.work[day] & (eff < close)
    if cutoff is not None:
        ok &= eff - day * DAY_US < time_us(cutoff)
    due = close.copy()
    if (~ok).any():
        due[~ok] = tables.closing(tables.add_days(day[~ok], _ones(int((~ok).sum()))))
    return eff.copy(), due


#: The counting rule of each unit (tthc.national.sla.span): one entry per unit.
SPANS: dict[Unit, SpanRule] = {
    Unit.WORKING_DAYS: _working_days,
    Unit.WORKING_HOURS: _working_hours,
    Unit.CALENDAR_DAYS: _calendar_days,
    Unit.MONTHS: _months,
    Unit.SAME_DAY: _same_day,
}

#: The units the engine counts; rows of another unit go the per-dossier way.
UNITS: frozenset[Unit] = frozenset(SPANS)


# -- deadlines ----------------------------------------------------------------------


def spans(
    tables: CalendarTables,
    policy: CountingPolicy,
    received: IntArray,
    g: IntArray,
    durations: Sequence[Duration],
    bad: dict[int, Text],
    rows: IntArray | None = None,
) -> tuple[IntArray, IntArray, IntArray]:
    """``(effective, starts, due)`` of every row: row ``i`` counts ``durations[g[i]]`` from
    ``received[i]``. Rows whose due moment falls outside the calendar are put in ``bad``
    (by their number in ``rows``, default their position) and get zeros."""
    import numpy as np

    size = received.size
    effective = np.zeros(size, dtype=np.int64)
    starts = np.zeros(size, dtype=np.int64)
    due = np.zeros(size, dtype=np.int64)
    if not size:
        return effective, starts, due
    units = list(dict.fromkeys(d.unit for d in durations))
    code_of = np.array([units.index(d.unit) for d in durations], dtype=np.int64)
    row_code = code_of[g]
    values = [d.value for d in durations]
    for code, unit in enumerate(units):
        sel = np.flatnonzero(row_code == code)
        if not sel.size:
            continue
        rule = SPANS[unit]

        def one_unit(
            pos: IntArray, rule: SpanRule = rule, unit: Unit = unit
        ) -> tuple[IntArray, IntArray, IntArray]:
            eff = effective_receipt(tables, policy, unit, received[pos])
            s, u = rule(tables, policy, eff, tables.day(eff), g[pos], values)
            return eff, s, u

        try:
            e, s, u = one_unit(sel)
        except OutsideCalendar:
            # rare: find the offending rows one by one so the others still count
            e = np.zeros(sel.size, dtype=np.int64)
            s = np.zeros(sel.size, dtype=np.int64)
            u = np.zeros(sel.size, dtype=np.int64)
            for n, pos in enumerate(sel):
                try:
                    one = one_unit(sel[n : n + 1])
                except OutsideCalendar:
                    number = int(pos) if rows is None else int(rows[pos])
                    bad[number] = due_outside(tables, int(received[pos]))
                    continue
                e[n], s[n], u[n] = one[0][0], one[1][0], one[2][0]
        effective[sel], starts[sel], due[sel] = e, s, u
    # tthc.national.sla.span: a zero-length time (not same day) is due when its clock starts
    zero = np.array([d.value == 0 and d.unit is not Unit.SAME_DAY for d in durations])[g]
    due[zero] = starts[zero]
    return effective, starts, due


# -- pauses (tthc.sla.DossierClock) ---------------------------------------------------


def _rounds(prow: IntArray) -> list[IntArray]:
    """The pauses by rank within their row: round k holds the k-th pause of every row.

    ``prow`` gives each pause's row, grouped by row and in order within a row. Sorting by
    rank once keeps the work linear in the number of pauses, even for one row with
    thousands (the pauses field has no limit).
    """
    import numpy as np

    if not prow.size:
        return []
    _, first, per_row = np.unique(prow, return_index=True, return_counts=True)
    nth = np.arange(prow.size) - np.repeat(first, per_row)
    order = np.argsort(nth, kind="stable")
    bounds = np.searchsorted(nth[order], np.arange(int(nth.max()) + 2))
    return [order[bounds[k] : bounds[k + 1]] for k in range(bounds.size - 1)]


def _working_between(
    tables: CalendarTables,
    a: IntArray,
    b: IntArray,
    rows: IntArray,
    bad: dict[int, Text],
    received: IntArray,
) -> IntArray:
    """Working time from ``a`` to ``b`` (zero when ``b <= a``)."""
    import numpy as np

    try:
        return np.where(b > a, tables.position(b) - tables.position(a), 0)
    except OutsideCalendar:
        amount = np.zeros(a.size, dtype=np.int64)
        for n in range(a.size):
            try:
                amount[n] = max(
                    0, int(tables.position(b[n : n + 1])[0] - tables.position(a[n : n + 1])[0])
                )
            except OutsideCalendar:
                bad[int(rows[n])] = due_outside(tables, int(received[rows[n]]))
        return amount


def _shifted(
    tables: CalendarTables,
    due: IntArray,
    shift: IntArray,
    rows: IntArray,
    bad: dict[int, Text],
    received: IntArray,
) -> IntArray:
    """``due`` moved by ``shift`` working time (rows moved past the calendar are marked bad
    and keep their due moment)."""
    import numpy as np

    result: IntArray = due.copy()
    some = np.flatnonzero(shift > 0)
    if not some.size:
        return result
    try:
        result[some] = tables.add_time(due[some], shift[some])
    except OutsideCalendar:
        for n in some:
            try:
                result[n] = tables.add_time(due[n : n + 1], shift[n : n + 1])[0]
            except OutsideCalendar:
                bad[int(rows[n])] = due_outside(tables, int(received[rows[n]]))
    return result


def compute(
    tables: CalendarTables,
    policy: CountingPolicy,
    received: IntArray,
    g: IntArray,
    durations: Sequence[Duration],
    pause_row: IntArray | None = None,
    pause_start: IntArray | None = None,
    pause_end: IntArray | None = None,
) -> Computed:
    """Deadlines and clocks of every row, as :class:`tthc.sla.DossierClock` keeps them.

    Row ``i`` counts ``durations[g[i]]`` from ``received[i]``. Pauses are given as three
    arrays (row, start, end; an end of -1 is a pause still open, only as a row's last),
    grouped by row and in order within a row. A pause counts its working time from the
    start of the clock; only one begun at or before the due moment (as moved by the pauses
    before it) moves it, unless ``policy.late_pause_extends``. ``pause_mode="restart"``
    counts the whole time again from each resume that counts.
    """
    import numpy as np

    bad: dict[int, Text] = {}
    effective, starts, due = spans(tables, policy, received, g, durations, bad)
    size = received.size
    paused = np.zeros(size, dtype=np.int64)
    open_pause = np.full(size, -1, dtype=np.int64)
    if pause_row is None or not pause_row.size:
        return Computed(effective, starts, due, paused, open_pause, bad, starts.copy())
    assert pause_start is not None and pause_end is not None
    is_open = pause_end < 0
    open_pause[pause_row[is_open]] = pause_start[is_open]
    keep = ~is_open & ~np.isin(pause_row, np.fromiter(bad, dtype=np.int64, count=len(bad)))
    prow, ps, pe = pause_row[keep], pause_start[keep], pause_end[keep]
    restart = policy.pause_mode == "restart"
    current = starts.copy()
    moving = np.zeros(size, dtype=np.int64)  # pause mode: working time that moves due
    for sel in _rounds(prow):
        rows = prow[sel]
        counted_from = np.maximum(ps[sel], current[rows])
        amount = _working_between(tables, counted_from, pe[sel], rows, bad, received)
        paused[rows] += amount  # every closed pause is waiting time
        now_due = (
            due[rows] if restart else _shifted(tables, due[rows], moving[rows], rows, bad, received)
        )
        counting = (
            np.ones(rows.size, dtype=np.bool_) if policy.late_pause_extends else ps[sel] <= now_due
        )
        if not counting.any():
            continue
        if restart:
            # the clock starts again at the resume, as if the dossier were received then
            again = rows[counting]
            sub: dict[int, Text] = {}
            _, s, u = spans(tables, policy, pe[sel][counting], g[again], durations, sub, again)
            ok = ~np.isin(again, np.fromiter(sub, dtype=np.int64, count=len(sub)))
            current[again[ok]], due[again[ok]] = s[ok], u[ok]
            # said of the dossier's receipt, not of the resume it was counted again from
            bad.update({row: due_outside(tables, int(received[row])) for row in sub})
        else:
            moving[rows[counting]] += amount[counting]
    if not restart:
        moved = np.flatnonzero(moving > 0)
        if moved.size:
            due[moved] = _shifted(tables, due[moved], moving[moved], moved, bad, received)
    return Computed(effective, starts, due, paused, open_pause, bad, current)


# -- messages -------------------------------------------------------------------------


def calendar_years(tables: CalendarTables) -> str:
    """The years the tables cover, as messages show them (``1995-2035``)."""
    last = date.fromordinal(tables.first.toordinal() + tables.n - 1)
    return f"{tables.first.year}-{last.year}"


def due_outside(tables: CalendarTables, received_us: int) -> Text:
    """A row whose received moment is in the calendar but whose due moment runs past it."""
    received = f"{tables.to_datetime(int(received_us)):%Y-%m-%dT%H:%M}"
    return Text(
        f"hạn giải quyết của hồ sơ nhận lúc {received} vượt ra ngoài lịch làm việc "
        f"({calendar_years(tables)})",
        f"the due moment of the dossier received at {received} falls outside the working "
        f"calendar ({calendar_years(tables)})",
    )


def moment_outside(key: str, given: str, tables: CalendarTables) -> Text:
    """A moment of a row outside the working calendar, quoted as the row gives it."""
    return Text(
        f"{key} {given!r} nằm ngoài lịch làm việc ({calendar_years(tables)})",
        f"{key} {given!r} is outside the working calendar ({calendar_years(tables)})",
    )
