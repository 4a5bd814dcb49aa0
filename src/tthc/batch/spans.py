"""The counting rule of each unit over arrays (quy tắc tính hạn theo đơn vị, trên mảng).

:func:`tthc.national.sla.effective_receipt` and :func:`~tthc.national.sla.span` taken over
numpy arrays of microseconds (local time, counted from the first day of the calendar's
tables): one entry of :data:`SPANS` per unit; a unit without one is left to the
per-dossier path by the caller (:data:`UNITS` lists those counted here). They are functions
of the tables and the :class:`~tthc.sla.CountingPolicy` they are given: they never ask a
plugin. :mod:`tthc.batch.lookup` runs them once per day and state; :mod:`tthc.batch.engine`
adds the pauses.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from tthc.batch.tables import DAY_US, HOUR_US, CalendarTables, OutsideCalendar, time_us
from tthc.duration import HOURS_PER_WORKING_DAY, Unit

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


def micros(hours: Decimal) -> int:
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
    frac = np.array([micros((v - int(v)) * HOURS_PER_WORKING_DAY) for v in values], dtype=np.int64)[
        g
    ]
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

    amount = np.array([micros(v) for v in values], dtype=np.int64)[g]
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


# -- rows the calendar cannot hold -------------------------------------------------


def inside_each(
    fn: Callable[[slice], tuple[IntArray, ...]], size: int, width: int = 1
) -> tuple[tuple[IntArray, ...], npt.NDArray[np.bool_]]:
    """``fn`` over the positions ``0..size-1`` at once, and which positions fall outside
    the calendar.

    ``fn(part)`` gives ``width`` arrays of one value per position of the slice ``part``
    (first all of them: views, no copies), or raises :class:`OutsideCalendar` when some
    position runs past the calendar. Then the slice is halved until the positions outside
    are found (rare: near the calendar's last year), so the others still count; those get
    zeros and ``True`` in the mask.
    """
    import numpy as np

    try:
        return fn(slice(0, size)), np.zeros(size, dtype=np.bool_)
    except OutsideCalendar:
        pass
    outside = np.zeros(size, dtype=np.bool_)
    results = tuple(np.zeros(size, dtype=np.int64) for _ in range(width))
    pending = [(0, size // 2), (size // 2, size)]
    while pending:
        a, b = pending.pop()
        if a == b:
            continue
        try:
            values = fn(slice(a, b))
        except OutsideCalendar:
            if b - a == 1:
                outside[a] = True
            else:
                pending += [(a, (a + b) // 2), ((a + b) // 2, b)]
            continue
        for column, value in zip(results, values, strict=True):
            column[a:b] = value
    return results, outside


# -- deadlines ----------------------------------------------------------------------


def span_rows(
    tables: CalendarTables,
    policy: CountingPolicy,
    received: IntArray,
    g: IntArray,
    durations: Sequence[Duration],
) -> tuple[IntArray, IntArray, IntArray, npt.NDArray[np.bool_]]:
    """``(effective, starts, due, outside)`` of every row by the rules of its unit: row
    ``i`` counts ``durations[g[i]]`` from ``received[i]``; ``outside`` marks rows whose due
    moment falls outside the calendar (their moments are 0)."""
    import numpy as np

    size = received.size
    effective = np.zeros(size, dtype=np.int64)
    starts = np.zeros(size, dtype=np.int64)
    due = np.zeros(size, dtype=np.int64)
    outside = np.zeros(size, dtype=np.bool_)
    if not size:
        return effective, starts, due, outside
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
            pos: slice, rule: SpanRule = rule, unit: Unit = unit, sel: IntArray = sel
        ) -> tuple[IntArray, ...]:
            rows = sel[pos]
            eff = effective_receipt(tables, policy, unit, received[rows])
            s, u = rule(tables, policy, eff, tables.day(eff), g[rows], values)
            return eff, s, u

        (e, s, u), off = inside_each(one_unit, sel.size, 3)
        effective[sel], starts[sel], due[sel], outside[sel] = e, s, u, off
    # tthc.national.sla.span: a zero-length time (not same day) is due when its clock starts
    zero = np.array([d.value == 0 and d.unit is not Unit.SAME_DAY for d in durations])[g]
    due[zero] = starts[zero]
    return effective, starts, due, outside


def add_hours(
    tables: CalendarTables, moments: IntArray, amount: IntArray
) -> tuple[IntArray, npt.NDArray[np.bool_]]:
    """``moments`` plus ``amount`` working time, and which ones run past the calendar."""
    (due,), outside = inside_each(
        lambda pos: (tables.add_time(moments[pos], amount[pos]),), moments.size
    )
    return due, outside
