"""Deadlines by lookup (tra hạn theo ngày): the counting rules tabulated per day of receipt.

A deadline in working days, calendar days, months or "within the day" depends on the
dossier's moment of receipt only through its day and its *state* that day: received in
working time before the cut-off (0), in working time at or after the cut-off (1), or after
hours / on a day off (2). So the engine's own rules (:mod:`tthc.batch.engine`) are run once
on one moment per (day, state, kind of time) over the days the rows span, and every row
looks its effective receipt, start, due moment and provisional flag up: a handful of array
operations per row, whatever the unit. Hour counts (working hours, and working days when
the policy counts them as elapsed hours) add their working time row by row, with the same
arithmetic as :meth:`CalendarTables.add_time`.

The tables are built from the rules, not restated: the state of a row and its
representative moment are chosen so the rules give every moment of that (day, state) the
same answer, which the tests check against ``rules.deadline`` one dossier at a time.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tthc.batch.tables import DAY_US, CalendarTables, OutsideCalendar, time_us
from tthc.duration import HOURS_PER_WORKING_DAY, Duration, Unit

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    from tthc.sla import CountingPolicy

    IntArray = npt.NDArray[np.int64]
    BoolArray = npt.NDArray[np.bool_]

#: Rows' states within their day of receipt (see the module's docstring).
_STATES = 3
#: Table cells (all groups) beyond which the lookup is not worth building (about 64 MB).
_MAX_CELLS = 8_000_000
_NEVER = 2 * DAY_US  # a cut-off no time of day reaches
#: Rows worked on at once: a few arrays of them fit in a core's second-level cache.
_CHUNK = 1 << 16
_UNREAD = Duration.of(0, "same_day")  # see lookup: a stand-in never read


@dataclass
class Looked:
    """What :func:`lookup` gives, per row (moments counted as the rows' own)."""

    effective: IntArray
    starts: IntArray
    due: IntArray
    provisional: BoolArray
    bad: IntArray
    """Positions of rows whose due moment falls outside the calendar (their moments are
    the origin, their flag False)."""


def applies(durations: Sequence[Duration], days: int) -> bool:
    """Whether the lookup is worth it for rows over ``days`` days: few enough cells."""
    return len(durations) * _STATES * days <= _MAX_CELLS


def _hour_count(policy: CountingPolicy, duration: Duration) -> bool:
    return duration.unit is Unit.WORKING_HOURS or (
        duration.unit is Unit.WORKING_DAYS and policy.working_days_mode != "next_day"
    )


def _cutoff(policy: CountingPolicy, duration: Duration) -> int | None:
    """The cut-off that decides state 1 for ``duration``'s rows (None: no state 1)."""
    cut = policy.same_day_cutoff if duration.unit is Unit.SAME_DAY else policy.general_cutoff
    return None if cut is None else time_us(cut)


def _cells(
    tables: CalendarTables,
    policy: CountingPolicy,
    received: IntArray,
    i: IntArray,
    base: IntArray,
    day: IntArray,
    g: IntArray,
    kinds: _Kinds,
) -> tuple[IntArray, BoolArray, IntArray]:
    """``(cell, keep, kept)`` of every row received at ``received`` on the ``i``-th day of
    the range (tables' days ``day``, whose midnights are ``base`` in the rows' own
    microseconds): the row's cell of its group's tables (``3 * i + state``, ``i`` is
    reused), whether it keeps its own effective receipt, and that receipt.

    Every boundary of a day (interval ends, the cut-off) is a moment of the range first,
    so a row costs a few gathers and comparisons, written into reused buffers.
    """
    import numpy as np

    days = tables.by_day
    size = received.size
    single = len(kinds.cut) == 1
    if not policy.after_hours_receipt:
        return _cells_staying(tables, received, i, base, day, g, kinds)
    # next_working_moment within the day: the start of the first interval not yet over
    kept = np.take(base + days.starts[-1][day], i, mode="clip")
    buf = np.empty(size, dtype=np.int64)
    mask = np.empty(size, dtype=np.bool_)
    for k in range(len(days.starts) - 2, -1, -1):
        np.less(received, np.take(base + days.ends[k][day], i, out=buf, mode="clip"), out=mask)
        np.copyto(kept, np.take(base + days.starts[k][day], i, out=buf, mode="clip"), where=mask)
    np.maximum(received, kept, out=kept)
    outside = np.greater_equal(received, np.take(base + days.close[day], i, out=buf, mode="clip"))
    cuts = list(dict.fromkeys(kinds.cut))
    hit: BoolArray | None = None
    if any(c is not None for c in cuts):
        limits = np.concatenate([base + (_NEVER if c is None else c) for c in cuts])
        if len(cuts) == 1:
            np.take(limits, i, out=buf, mode="clip")
        else:
            which = np.array([cuts.index(c) for c in kinds.cut], dtype=np.int64)[g]
            np.take(limits, which * day.size + i, out=buf, mode="clip")
        hit = np.greater_equal(kept, buf, out=mask)
        np.greater(hit, outside, out=hit)  # at or after the cut-off, within working time
    cell = np.multiply(i, _STATES, out=i)
    if hit is not None:
        np.add(cell, hit, out=cell)
    np.add(cell, 2, out=cell, where=outside)
    # moved: after hours, or cut off where the cut-off moves the receipt
    if hit is not None and not (single and kinds.same[0]):
        if not single and any(kinds.same):
            np.greater(hit, np.take(np.array(kinds.same), g, mode="clip"), out=hit)
        keep = np.logical_or(outside, hit, out=outside)
    else:
        keep = outside
    np.logical_not(keep, out=keep)
    return cell, keep, kept


def _cells_staying(
    tables: CalendarTables,
    received: IntArray,
    i: IntArray,
    base: IntArray,
    day: IntArray,
    g: IntArray,
    kinds: _Kinds,
) -> tuple[IntArray, BoolArray, IntArray]:
    """:func:`_cells` when after-hours receipt is off: the receipt stays put; only the
    general cut-off moves it (to the next midnight), and "within the day" also ends at
    the close. State 1: at or after that limit of the day."""
    import numpy as np

    days = tables.by_day
    classes = list(dict.fromkeys(zip(kinds.cut, kinds.same, strict=True)))
    limits = []
    for cut, same in classes:
        if same:
            close = days.close[day]
            limits.append(base + (close if cut is None else np.minimum(close, cut)))
        else:
            limit = np.where(tables.work[day], _NEVER if cut is None else cut, _NEVER)
            limits.append(base + limit)
    if len(classes) == 1:
        at = i
    else:
        which = np.array([classes.index(c) for c in zip(kinds.cut, kinds.same, strict=True)])
        at = which[g] * day.size + i
    state = received >= np.concatenate(limits)[at]
    cell = i * _STATES + state
    keep = ~state | np.take(np.array(kinds.same), g, mode="clip")
    return cell, keep, received


def representatives(
    tables: CalendarTables, policy: CountingPolicy, day: IntArray, cut: int | None
) -> IntArray:
    """One received moment (tables' microseconds) per (day, state) of ``day``, in order.

    Any moment of the same day and state has the same effective day (and, when it moves,
    the same effective receipt), so the rules give it the same due moment.
    """
    import numpy as np

    base = day * DAY_US
    out = np.empty((day.size, _STATES), dtype=np.int64)
    late = base + DAY_US - 1  # after every close and every cut-off of the day
    if policy.after_hours_receipt:
        out[:, 0] = base + tables.by_day.starts[0][day]
        out[:, 1] = base + (cut if cut is not None and cut < DAY_US else 0)
    else:
        out[:, 0] = base
        out[:, 1] = late
    out[:, 2] = late
    return out.reshape(-1)


@dataclass
class _Kinds:
    """What each group's rows need beyond the lookup."""

    hours: BoolArray
    """Hour counts: due moment = effective receipt + working time, row by row."""
    amount: IntArray
    """Their working time (microseconds)."""
    own_start: BoolArray
    """The clock starts at the effective receipt itself."""
    cut: list[int | None]
    same: list[bool]


def _kinds(policy: CountingPolicy, durations: Sequence[Duration]) -> _Kinds:
    import numpy as np

    hours = np.array([_hour_count(policy, d) for d in durations], dtype=np.bool_)
    same = [d.unit is Unit.SAME_DAY for d in durations]
    is_same = np.array(same, dtype=np.bool_)
    return _Kinds(
        hours,
        np.array([_hours_us(d) if h else 0 for d, h in zip(durations, hours, strict=True)]),
        is_same | (hours & policy.after_hours_receipt),
        [_cutoff(policy, d) for d in durations],
        same,
    )


def lookup(
    tables: CalendarTables,
    policy: CountingPolicy,
    received: IntArray,
    g: IntArray,
    durations: Sequence[Duration],
    origin: int = 0,
) -> Looked:
    """Effective receipt, start, due moment and provisional flag of every row.

    Moments are microseconds counted so that the tables' first day starts at ``origin``
    (0: the tables' own; ``tables.epoch_us``: local time since 1970), in and out. Row
    ``i`` counts ``durations[g[i]]``. Raises :class:`OutsideCalendar` when a received
    moment is outside the calendar. When the tables would be too big (rows spread over
    decades with thousands of kinds of time), the rules run row by row instead.
    """
    import numpy as np

    from tthc.batch.spans import SPANS, span_rows

    size = received.size
    if not size:
        nothing = np.zeros(0, dtype=np.int64)
        return Looked(nothing, nothing, nothing, np.zeros(0, dtype=np.bool_), nothing)
    zero = origin // DAY_US
    lo, hi = int(received.min()) // DAY_US, int(received.max()) // DAY_US
    if lo < zero or hi - zero >= tables.n:
        raise OutsideCalendar()
    if not applies(durations, hi - lo + 1):  # rows over decades, thousands of kinds
        shifted = received - origin
        eff, starts, due, outside = span_rows(tables, policy, shifted, g, durations)
        provisional = tables.unsure(shifted, np.where(outside, shifted, due))
        return Looked(
            eff + origin, starts + origin, due + origin, provisional, np.flatnonzero(outside)
        )
    day = np.arange(lo - zero, hi - zero + 1, dtype=np.int64)
    kinds = _kinds(policy, durations)

    # the tables: the rules on one moment per (group, day, state)
    reps: dict[int | None, IntArray] = {}
    rep = np.concatenate(
        [reps.setdefault(c, representatives(tables, policy, day, c)) for c in kinds.cut]
    )
    rep_g = np.repeat(np.arange(len(durations), dtype=np.int64), _STATES * day.size)
    # a unit without a vectorised rule has no rows here (the plan sends them the
    # per-dossier way): its cells are counted as "within the day" and never read
    counted = [d if d.unit in SPANS else _UNREAD for d in durations]
    t_eff, t_starts, t_due, t_bad = span_rows(tables, policy, rep, rep_g, counted)
    t_prov = tables.unsure(rep, np.where(t_bad, rep + DAY_US, t_due))
    tab = _Tables(t_eff + origin, t_starts + origin, t_due + origin, t_prov, t_bad)

    out = Looked(
        np.empty(size, dtype=np.int64),
        np.empty(size, dtype=np.int64),
        np.empty(size, dtype=np.int64),
        np.empty(size, dtype=np.bool_),
        np.zeros(0, dtype=np.int64),
    )
    bad: list[IntArray] = []
    # a slice of rows at a time: the dozen steps of a row stay in the processor's cache
    for a in range(0, size, _CHUNK):
        b = min(size, a + _CHUNK)
        into = Looked(
            out.effective[a:b], out.starts[a:b], out.due[a:b], out.provisional[a:b], out.bad
        )
        found = _part(tables, policy, received[a:b], g[a:b], kinds, tab, day, lo, origin, into)
        if found.size:
            bad.append(found + a)
    if bad:
        out.bad = np.concatenate(bad)
        out.effective[out.bad] = out.starts[out.bad] = out.due[out.bad] = origin
        out.provisional[out.bad] = False
    return out


@dataclass
class _Tables:
    """The answers per cell (group, day of the range, state)."""

    effective: IntArray
    starts: IntArray
    due: IntArray
    provisional: BoolArray
    bad: BoolArray


def _part(
    tables: CalendarTables,
    policy: CountingPolicy,
    received: IntArray,
    g: IntArray,
    kinds: _Kinds,
    tab: _Tables,
    day: IntArray,
    lo: int,
    origin: int,
    out: Looked,
) -> IntArray:
    """:func:`lookup` for a slice of rows (``lo``: the first day of the tables' range),
    written into ``out``; gives the positions of rows past the calendar."""
    import numpy as np

    from tthc.batch.spans import add_hours

    single = len(kinds.cut) == 1
    i = np.floor_divide(received, DAY_US)
    i -= lo  # each row's day within the range
    base = day * DAY_US + origin
    # each row's cell of the tables; the effective receipt: the row's own moment while it
    # stays in its day
    cell, keep, kept = _cells(tables, policy, received, i, base, day, g, kinds)
    if not single:
        cell += g * (_STATES * day.size)
    effective = np.take(tab.effective, cell, out=out.effective, mode="clip")
    np.copyto(effective, kept, where=keep)
    starts = np.take(tab.starts, cell, out=out.starts, mode="clip")
    due = np.take(tab.due, cell, out=out.due, mode="clip")
    provisional = np.take(tab.provisional, cell, out=out.provisional, mode="clip")
    bad_rows = np.zeros(0, dtype=np.int64)
    if tab.bad.any():
        bad_rows = np.flatnonzero(np.take(tab.bad, cell, mode="clip"))
    if kinds.own_start.any():
        own = kinds.own_start[0] if single else np.take(kinds.own_start, g)
        np.copyto(starts, effective, where=own)
    if kinds.hours.any():
        # hour counts: the working time added row by row to the effective receipt
        rows = _rows_of(kinds.hours, g, single)
        eff = effective[rows] - origin
        if not policy.after_hours_receipt:
            starts[rows] = tables.next_moment(eff) + origin
        amount = kinds.amount[g[rows]]
        got, outside = add_hours(tables, eff, amount)
        # a zero-length time is due when its clock starts (tthc.national.sla.span)
        due[rows] = np.where(amount == 0, starts[rows], got + origin)
        provisional[rows] = tables.unsure(received[rows] - origin, np.where(outside, eff, got))
        if outside.any():
            bad_rows = np.union1d(bad_rows, rows[outside])
    return bad_rows


def _rows_of(chosen: BoolArray, g: IntArray, single: bool) -> IntArray:
    import numpy as np

    if single or chosen.all():
        return np.arange(g.size, dtype=np.int64)
    return np.flatnonzero(chosen[g])


def _hours_us(duration: Duration) -> int:
    from tthc.batch.spans import micros

    value = duration.value
    if duration.unit is Unit.WORKING_DAYS:
        value = value * HOURS_PER_WORKING_DAY
    return micros(value)
