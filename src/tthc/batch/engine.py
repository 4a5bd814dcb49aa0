"""Vectorised deadlines (tính hạn hàng loạt): the national counting rules over arrays."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from tthc.batch.tables import DAY_US, HOUR_US, CalendarTables, OutsideCalendar, time_us
from tthc.i18n import Text

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    IntArray = npt.NDArray[np.int64]


def _moving_by_pauses_in_time(
    tables: CalendarTables,
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


def _years(tables: CalendarTables) -> str:
    last = date.fromordinal(tables.first.toordinal() + tables.n - 1)
    return f"{tables.first.year}-{last.year}"


def _moved(
    tables: CalendarTables,
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
    except OutsideCalendar:
        for n in some:
            try:
                result[n] = tables.add_time(result[[n]], shift[[n]])[0]
            except OutsideCalendar:
                bad[int(rows[n])] = _due_outside(tables, rec[rows[n]])
    return result


def _due_outside(tables: CalendarTables, received_us: int) -> Text:
    """A row whose received moment is in the calendar but whose due moment runs past it."""
    received = f"{tables.to_datetime(int(received_us)):%Y-%m-%dT%H:%M}"
    return Text(
        f"hạn giải quyết của hồ sơ nhận lúc {received} vượt ra ngoài lịch làm việc "
        f"({_years(tables)})",
        f"the due moment of the dossier received at {received} falls outside the working "
        f"calendar ({_years(tables)})",
    )


def _moment_outside(key: str, given: str, tables: CalendarTables) -> Text:
    """A moment of a row outside the working calendar, quoted as the row gives it."""
    return Text(
        f"{key} {given!r} nằm ngoài lịch làm việc ({_years(tables)})",
        f"{key} {given!r} is outside the working calendar ({_years(tables)})",
    )


def _micros(hours: Decimal) -> int:
    """Working hours in microseconds, rounded as the exact engine rounds them."""
    return int((hours * HOUR_US).to_integral_value())


def _span_fast(
    tables: CalendarTables,
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
        late = tables.work[d] & (eff - d * DAY_US >= time_us(cutoff))
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
    if unit is Unit.CLOCK_HOURS and policy.clock_hours_as == "working":
        unit = Unit.WORKING_HOURS  # the province counts a bare "giờ" as working hours
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
            raise OutsideCalendar()
        # tthc.sla.period_end: the last day moves to the next working day (roll), then the
        # period ends at 24:00 of it, or at its close (policy period_end = "close")
        off = ~tables.work[last_day]
        if off.any() and policy.roll_to_working_day:
            last_day = last_day.copy()
            last_day[off] = tables.add_days(last_day[off], np.ones(int(off.sum()), dtype=np.int64))
        due = (last_day + 1) * DAY_US
        if policy.period_end == "close":
            working = tables.work[last_day]
            due[working] = tables.closing(last_day[working])
        return eff, starts, due
    # same day (trong ngày)
    cutoff_same = policy.same_day_cutoff
    tod = eff - day * DAY_US
    close = tables.closing(day)
    ok = tables.work[day] & (eff < close)
    if cutoff_same is not None:
        ok &= tod < time_us(cutoff_same)
    due = close.copy()
    if (~ok).any():
        nd = tables.add_days(day[~ok], np.ones(int((~ok).sum()), dtype=np.int64))
        due[~ok] = tables.closing(nd)
    return eff, eff.copy(), due
