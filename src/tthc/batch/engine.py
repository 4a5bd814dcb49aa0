"""Vectorised deadlines (tính hạn hàng loạt): the national counting rules over arrays.

:func:`compute` gives every row's deadline and clock: the due moments looked up per day
and state (:mod:`tthc.batch.lookup`, built from the unit rules of :mod:`tthc.batch.spans`),
then the pauses of :class:`tthc.sla.DossierClock`, over numpy arrays of microseconds (local
time, counted from the first day of the calendar's tables). It is a function of the tables
and the :class:`~tthc.sla.CountingPolicy` it is given: it never asks a plugin. A unit
without a rule in :data:`SPANS` is left to the per-dossier path by the caller
(:data:`UNITS` lists those counted here).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from tthc.batch.spans import SPANS, UNITS, add_hours, inside_each
from tthc.batch.tables import CalendarTables
from tthc.i18n import Text

__all__ = ["SPANS", "UNITS", "Computed", "compute", "due_outside", "moment_outside", "spans"]

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    from tthc.duration import Duration
    from tthc.sla import CountingPolicy

    IntArray = npt.NDArray[np.int64]


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
    provisional: npt.NDArray[np.bool_] | None = None
    """``Deadline.provisional`` of the due moment after the pauses (None: not computed)."""


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
    from tthc.batch.lookup import lookup

    if not received.size:
        return received.copy(), received.copy(), received.copy()
    got = lookup(tables, policy, received, g, durations)
    effective, starts, due, off = got.effective, got.starts, got.due, got.bad
    for pos in off:
        number = int(pos) if rows is None else int(rows[pos])
        bad[number] = due_outside(tables, int(received[pos]))
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
    # grouped by row: a row's pauses start where the row number changes
    first = np.flatnonzero(np.r_[True, prow[1:] != prow[:-1]])
    per_row = np.diff(np.r_[first, prow.size])
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

    (amount,), outside = inside_each(
        lambda pos: (np.maximum(tables.position(b[pos]) - tables.position(a[pos]), 0),),
        a.size,
    )
    for n in np.flatnonzero(outside):
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
    moved, outside = add_hours(tables, due[some], shift[some])
    result[some] = np.where(outside, result[some], moved)
    for n in some[outside]:
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

    from tthc.batch.lookup import lookup

    looked = lookup(tables, policy, received, g, durations)
    effective, starts, due = looked.effective, looked.starts, looked.due
    provisional = looked.provisional
    bad = {int(pos): due_outside(tables, int(received[pos])) for pos in looked.bad}
    size = received.size
    paused = np.zeros(size, dtype=np.int64)
    open_pause = np.full(size, -1, dtype=np.int64)
    if pause_row is None or not pause_row.size:
        return Computed(effective, starts, due, paused, open_pause, bad, starts, provisional)
    assert pause_start is not None and pause_end is not None
    is_open = pause_end < 0
    open_pause[pause_row[is_open]] = pause_start[is_open]
    keep = ~is_open & ~np.isin(pause_row, np.fromiter(bad, dtype=np.int64, count=len(bad)))
    prow, ps, pe = pause_row[keep], pause_start[keep], pause_end[keep]
    restart = policy.pause_mode == "restart"
    current = starts.copy()
    changed = np.zeros(size, dtype=np.bool_)  # rows whose due moment the pauses moved
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
            changed[again[ok]] = True
            # said of the dossier's receipt, not of the resume it was counted again from
            bad.update({row: due_outside(tables, int(received[row])) for row in sub})
        else:
            moving[rows[counting]] += amount[counting]
    if not restart:
        moved = np.flatnonzero(moving > 0)
        if moved.size:
            due[moved] = _shifted(tables, due[moved], moving[moved], moved, bad, received)
            changed[moved] = True
    rows = np.flatnonzero(changed)
    if rows.size:
        provisional[rows] = tables.unsure(received[rows], due[rows])
    return Computed(effective, starts, due, paused, open_pause, bad, current, provisional)


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
