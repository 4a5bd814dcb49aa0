"""Deadlines by the array (tính hạn hàng loạt): many dossiers at once, same answers as one by one.

:func:`deadlines` and :func:`evaluate` take columns (lists, numpy arrays, pandas Series,
Arrow arrays; see :mod:`tthc.batch.columns`) and give columns back: the due moment, the
status, the lateness and the time left of every dossier, as :meth:`tthc.rules.Rules.deadline`
and :class:`tthc.sla.DossierClock` give them one at a time (tests check they agree). Most
callers use them through :meth:`Rules.deadlines` and :meth:`Rules.evaluate`, which pass the
jurisdiction's calendar and counting policy, read through the plugin hooks.

The engine is a function of the calendar and policy it is given (:mod:`tthc.batch.engine`);
it never asks a plugin. Where a plugin computes deadlines with its own code (it answers
``tthc_deadline`` or ``tthc_effective_receipt``), or a unit has no vectorised rule, the
caller passes ``scalar`` (an object with ``deadline`` and ``clock``, as :class:`Rules`) and
those rows go the per-dossier way; the result's ``scalar_rows`` says how many. Needs numpy
(``pip install 'tthc[batch]'``); pandas and Arrow output need ``tthc[dataframe]``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, Protocol

from tthc.batch.columns import (
    MISSING,
    ZONE,
    BatchError,
    Columns,
    is_column,
    local_us,
    moments,
    per_row,
)
from tthc.i18n import Text

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    from tthc.batch.engine import Computed
    from tthc.batch.tables import CalendarTables
    from tthc.calendar import WorkingCalendar
    from tthc.duration import Duration
    from tthc.sla import CountingPolicy, Deadline, DossierClock

    IntArray = npt.NDArray[np.int64]

__all__ = [
    "ZONE",
    "BatchError",
    "Deadlines",
    "Evaluation",
    "Pauses",
    "ScalarPath",
    "add_working_days",
    "add_working_time",
    "deadlines",
    "evaluate",
]

_HOUR_US = 3_600_000_000
_WORKING_DAY_US = 8 * _HOUR_US


class ScalarPath(Protocol):
    """The per-dossier path (:class:`tthc.rules.Rules` is one): for rows the engine leaves."""

    def deadline(
        self, received_at: datetime, what: Any, *, channel: Any = None, case: str | None = None
    ) -> Deadline: ...

    def clock(self, deadline: Deadline) -> DossierClock: ...


@dataclass(frozen=True, eq=False)
class Deadlines(Columns):
    """The appointments of many dossiers, one row each (ngày hẹn trả).

    Moments are numpy ``datetime64[us]``, naive, in Vietnam local time (Asia/Ho_Chi_Minh,
    +07:00); :meth:`to_pandas` / :meth:`to_arrow` / :meth:`to_polars` give tz-aware columns.
    """

    received_at: npt.NDArray[np.datetime64]
    effective_at: npt.NDArray[np.datetime64]
    """Effective receipt (after-hours dossiers and cut-offs moved to the next opening)."""
    starts_at: npt.NDArray[np.datetime64]
    due_at: npt.NDArray[np.datetime64]
    provisional: npt.NDArray[np.bool_]
    """Tạm tính: the count crossed an estimated year or an unconfirmed day off."""
    scalar_rows: int = 0
    """Rows computed one by one (a plugin's own counting code, or a unit without a
    vectorised rule) rather than by the array engine."""


@dataclass(frozen=True, eq=False)
class Evaluation(Columns):
    """Deadlines with their clocks at ``as_of``: status, lateness, time left (one row each).

    ``status`` is ``early`` / ``on_time`` / ``late`` for a dossier finished by ``as_of``,
    else ``overdue`` (past its due moment; during a pause, judged at the pause's start) or
    ``open``, as :meth:`tthc.sla.DossierClock.status_at`. ``late_by`` (``timedelta64[us]``)
    is the working time from the due moment to the finish, zero when not late, NaT while
    open (:attr:`DossierClock.late_by`); ``late_working_hours`` and ``late_working_days``
    (8 hours) are the same as floats, NaN while open. ``remaining`` is the working time left
    at ``as_of``, negative once past the due moment (:meth:`DossierClock.remaining`);
    ``remaining_working_hours`` the same as a float.
    """

    received_at: npt.NDArray[np.datetime64]
    starts_at: npt.NDArray[np.datetime64]
    due_at: npt.NDArray[np.datetime64]
    """The due moment after the pauses closed by ``as_of``."""
    finished_at: npt.NDArray[np.datetime64]
    status: npt.NDArray[np.str_]
    late_by: npt.NDArray[np.timedelta64]
    late_working_hours: npt.NDArray[np.float64]
    late_working_days: npt.NDArray[np.float64]
    remaining: npt.NDArray[np.timedelta64]
    remaining_working_hours: npt.NDArray[np.float64]
    paused: npt.NDArray[np.timedelta64]
    """Working time inside the pauses closed by ``as_of``."""
    provisional: npt.NDArray[np.bool_]
    scalar_rows: int = 0


# -- what each row counts ---------------------------------------------------------------


@dataclass
class _Plan:
    durations: list[Duration]
    g: IntArray
    scalar: npt.NDArray[np.bool_]
    """Rows for the per-dossier path."""
    items: tuple[Any, Any, Any]
    """what, channel, case: a list (one per row) or one value for all."""


def _factorize(items: list[Any]) -> tuple[list[Any], IntArray]:
    """Distinct items (by identity for objects, by value for text) and each row's index.

    Text is matched by value through a dict; other objects by ``id`` with numpy (the same
    Duration or Procedure object repeated over a column costs no Python call per row).
    """
    import numpy as np

    if all(type(x) is str or x is None for x in items[:64]) and all(
        type(x) is str or x is None for x in items
    ):
        index: dict[Any, int] = {}
        codes = np.fromiter(
            (index.setdefault(x, len(index)) for x in items), dtype=np.int64, count=len(items)
        )
        return list(index), codes
    ids = np.fromiter(map(id, items), dtype=np.int64, count=len(items))
    _, first, codes = np.unique(ids, return_index=True, return_inverse=True)
    return [items[int(i)] for i in first], codes.reshape(-1).astype(np.int64)


def _listed(values: object, size: int, what: str) -> list[Any]:
    if hasattr(values, "to_pylist"):
        values = values.to_pylist()  # an Arrow array
    elif hasattr(values, "tolist") and not isinstance(values, (str, bytes)):
        values = values.tolist()  # pandas or numpy
    return per_row(values, size, what)


def _plan(what: object, channel: object, case: object, size: int, all_scalar: bool) -> _Plan:
    import numpy as np

    from tthc.batch.engine import UNITS
    from tthc.errors import TthcError
    from tthc.sla import choose_time

    columns: list[list[Any] | Any] = []
    keys = np.zeros(size, dtype=np.int64)
    for value, name in ((what, "what"), (channel, "channel"), (case, "case")):
        if _one_for_all(value):
            columns.append(value)  # one value: no work per row
            continue
        column = _listed(value, size, name)
        distinct, codes = _factorize(column)
        keys = keys * len(distinct) + codes
        columns.append(column)
    if size and not keys.any():
        first, g = np.zeros(1, dtype=np.int64), keys
    else:
        _, first, g = np.unique(keys, return_index=True, return_inverse=True)
        g = g.reshape(-1).astype(np.int64)
    durations: list[Duration] = []
    group_scalar: list[bool] = []
    for row in first:
        w, ch, ca = (column[int(row)] if isinstance(column, list) else column for column in columns)
        try:
            chosen = choose_time(w, case=ca or None, channel=ch or None)
        except TthcError as exc:
            raise BatchError(
                Text(f"dòng {int(row)}: {exc.text.vi}", f"row {int(row)}: {exc.text.en}")
            ) from None
        durations.append(chosen.duration)
        # steps that could end after the whole time would change `provisional`
        steps_past = bool(chosen.steps) and not _steps_within(chosen.duration, chosen.steps)
        group_scalar.append(all_scalar or chosen.duration.unit not in UNITS or steps_past)
    scalar = np.array(group_scalar, dtype=np.bool_)[g] if size else np.zeros(0, dtype=np.bool_)
    return _Plan(durations, g, scalar, (columns[0], columns[1], columns[2]))


def _one_for_all(value: object) -> bool:
    """Whether ``value`` is one value for every row (not a column)."""
    return value is None or isinstance(value, (str, bytes)) or not is_column(value)


def _steps_within(duration: Duration, steps: Sequence[Any]) -> bool:
    whole = duration.working_hours
    if whole is None:
        return False
    hours = [s.time.working_hours if s.time is not None else 0 for s in steps]
    return all(h is not None for h in hours) and sum(hours) <= whole


# -- the calendar's tables --------------------------------------------------------------


def _in_tables(tables: CalendarTables, us: IntArray, what: str, optional: bool = False) -> IntArray:
    """Microseconds since 1970 (local) as microseconds since the tables' first day."""
    import numpy as np

    from tthc.batch.engine import calendar_years

    missing = us == MISSING
    if missing.any() and not optional:
        row = int(np.flatnonzero(missing)[0])
        raise BatchError(
            Text(f"{what}[{row}]: thiếu thời điểm", f"{what}[{row}]: the moment is missing")
        )
    shifted = np.where(missing, MISSING, us - tables.epoch_us)
    outside = ~missing & ((shifted < 0) | (shifted >= tables.n * 86_400_000_000))
    if outside.any():
        row = int(np.flatnonzero(outside)[0])
        shown = f"{moments(us[row : row + 1])[0]}"
        raise BatchError(
            Text(
                f"{what}[{row}]: {shown} nằm ngoài lịch làm việc ({calendar_years(tables)})",
                f"{what}[{row}]: {shown} is outside the working calendar "
                f"({calendar_years(tables)})",
            )
        )
    return shifted


def _raise_bad(bad: dict[int, Text]) -> None:
    if bad:
        row = min(bad)
        text = bad[row]
        raise BatchError(Text(f"dòng {row}: {text.vi}", f"row {row}: {text.en}"))


def _local(tables: CalendarTables, t: IntArray) -> npt.NDArray[np.datetime64]:
    import numpy as np

    return moments(np.where(t == MISSING, MISSING, t + tables.epoch_us))


# -- deadlines --------------------------------------------------------------------------


def deadlines(
    received_at: object,
    what: object,
    *,
    calendar: WorkingCalendar,
    policy: CountingPolicy,
    channel: object = None,
    case: object = None,
    scalar: ScalarPath | None = None,
    own_code: bool = False,
) -> Deadlines:
    """The appointment of every dossier in ``received_at`` (as :meth:`Rules.deadline` each).

    ``what`` is one Duration, time text (``"3 ngày làm việc"``) or Procedure for all rows,
    or a sequence of them, one per row; ``channel`` and ``case`` likewise (one value or one
    per row). ``own_code``: a plugin computes deadlines itself, so every row goes through
    ``scalar``. Raises :class:`BatchError` naming the first row that cannot be counted.
    """
    import numpy as np

    from tthc.batch.engine import compute
    from tthc.batch.tables import tables_of

    tables = tables_of(calendar)
    received_us = local_us(received_at, "received_at")
    size = received_us.size
    plan = _plan(what, channel, case, size, own_code)
    rec = _in_tables(tables, received_us, "received_at")
    fast = np.flatnonzero(~plan.scalar)
    effective = np.zeros(size, dtype=np.int64)
    starts = np.zeros(size, dtype=np.int64)
    due = np.zeros(size, dtype=np.int64)
    provisional = np.zeros(size, dtype=np.bool_)
    if fast.size:
        got = compute(tables, policy, rec[fast], plan.g[fast], plan.durations)
        _raise_bad({int(fast[k]): v for k, v in got.bad.items()})
        effective[fast], starts[fast], due[fast] = got.effective, got.starts, got.due
        provisional[fast] = tables.unsure(rec[fast], got.due)
    slow = np.flatnonzero(plan.scalar)
    for row in slow:
        one = _scalar_deadline(scalar, tables, plan, int(row), rec)
        effective[row] = tables.to_us(one.effective_at.replace(tzinfo=None))
        starts[row] = tables.to_us(one.starts_at.replace(tzinfo=None))
        due[row] = tables.to_us(one.due_at.replace(tzinfo=None))
        provisional[row] = one.provisional
    return Deadlines(
        _local(tables, rec),
        _local(tables, effective),
        _local(tables, starts),
        _local(tables, due),
        provisional,
        int(slow.size),
    )


def _scalar_deadline(
    scalar: ScalarPath | None, tables: CalendarTables, plan: _Plan, row: int, rec: IntArray
) -> Deadline:
    from tthc.tz import VN_TZ

    if scalar is None:
        unit = plan.durations[int(plan.g[row])].unit
        raise BatchError(
            Text(
                f"dòng {row}: đơn vị {unit.value} cần tính từng hồ sơ; hãy gọi qua Rules.deadlines",
                f"row {row}: the unit {unit.value} is counted one dossier at a time; "
                "call through Rules.deadlines",
            )
        )
    what, channel, case = (c[row] if isinstance(c, list) else c for c in plan.items)
    moment = tables.to_datetime(int(rec[row])).replace(tzinfo=VN_TZ)
    return scalar.deadline(moment, what, channel=channel or None, case=case or None)


# -- clocks -------------------------------------------------------------------------------


@dataclass
class _Pauses:
    row: IntArray
    start: IntArray
    end: IntArray
    """-1: still open at ``as_of``."""


def _pauses(
    pauses: object, size: int, tables: CalendarTables, rec: IntArray, fin: IntArray, as_of: int
) -> _Pauses:
    """The pauses of every row as seen at ``as_of`` (tables' microseconds), checked in order."""
    import numpy as np

    if isinstance(pauses, Pauses):
        row = np.asarray(pauses.row, dtype=np.int64).reshape(-1)
        start = _in_tables(tables, local_us(pauses.start, "pauses.start"), "pauses.start")
        end_us = local_us(pauses.end, "pauses.end")
        end = _in_tables(tables, end_us, "pauses.end", optional=True)
        if not row.size == start.size == end.size:
            raise BatchError(
                Text(
                    "pauses: row, start và end phải dài bằng nhau",
                    "pauses: row, start and end must have the same length",
                )
            )
        if row.size and (row.min() < 0 or row.max() >= size):
            raise BatchError(
                Text(
                    f"pauses.row: cần số dòng từ 0 đến {size - 1}",
                    f"pauses.row: expected row numbers from 0 to {size - 1}",
                )
            )
        order = np.lexsort((start, row))
        row, start, end = row[order], start[order], end[order]
    else:
        row, start, end = _pause_lists(pauses, size, tables)
    if row.size:
        is_open = end == MISSING
        same_row = np.r_[row[1:] == row[:-1], False]
        before = np.r_[True, row[1:] != row[:-1]]
        previous_end = np.r_[MISSING, np.where(is_open, start, end)[:-1]]
        wrong = (
            (start < rec[row])
            | (~is_open & (end < start))
            | (~before & (start < previous_end))
            | (is_open & same_row)
            | (is_open & (fin[row] != MISSING))
            | (~is_open & (fin[row] != MISSING) & (end > fin[row]))
        )
        if wrong.any():
            i = int(row[np.flatnonzero(wrong)[0]])
            raise BatchError(
                Text(
                    f"pauses[{i}]: sai thứ tự (trước khi tiếp nhận, trước khoảng trước, kết thúc "
                    "trước khi bắt đầu hoặc sau khi có kết quả, hay để trống khi không phải "
                    "khoảng cuối của hồ sơ chưa có kết quả)",
                    f"pauses[{i}]: out of order (before receipt, before the previous pause, "
                    "ending before it starts or after the finish, or left open when not the "
                    "last pause of an open dossier)",
                )
            )
        # seen at as_of: later pauses do not count yet; one running then is open
        seen = start <= as_of
        row, start, end = row[seen], start[seen], end[seen]
        end = np.where((end == MISSING) | (end > as_of), -1, end)
    return _Pauses(row, start, end)


def _pause_lists(
    pauses: object, size: int, tables: CalendarTables
) -> tuple[IntArray, IntArray, IntArray]:
    """Pauses given per row, as (row, start, end) columns in tables' microseconds."""
    import numpy as np

    rows: list[int] = []
    starts: list[Any] = []
    ends: list[Any] = []
    if pauses is not None:
        for i, items in enumerate(_listed(pauses, size, "pauses")):
            if not items:
                continue
            for pair in items:
                try:
                    start, end = pair
                except (TypeError, ValueError):
                    raise BatchError(
                        Text(
                            f"pauses[{i}]: cần các cặp (bắt_đầu, kết_thúc), nhận được {pair!r:.40}",
                            f"pauses[{i}]: expected (start, end) pairs, got {pair!r:.40}",
                        )
                    ) from None
                rows.append(i)
                starts.append(start)
                ends.append(end)
    row = np.array(rows, dtype=np.int64)
    if not rows:
        return row, row.copy(), row.copy()
    start_t = _in_tables(tables, local_us(starts, "pauses"), "pauses")
    end_t = _in_tables(tables, local_us(ends, "pauses"), "pauses", optional=True)
    return row, start_t, end_t


@dataclass(frozen=True)
class Pauses:
    """Pauses (tạm dừng, yêu cầu bổ sung) as three columns, for many rows at once:
    ``row`` (the dossier's position), ``start`` and ``end`` (moments, as ``received_at``;
    a missing end is a pause still running). Faster than one list of pairs per row."""

    row: object
    start: object
    end: object


def evaluate(
    received_at: object,
    what: object,
    *,
    calendar: WorkingCalendar,
    policy: CountingPolicy,
    finished_at: object = None,
    pauses: object = None,
    as_of: datetime | None = None,
    channel: object = None,
    case: object = None,
    scalar: ScalarPath | None = None,
    own_code: bool = False,
) -> Evaluation:
    """Every dossier's clock at ``as_of`` (default: now): status, lateness, time left.

    ``received_at``, ``what``, ``channel``, ``case`` as :func:`deadlines`. ``finished_at``:
    one moment per row, missing (``None``, NaT, null) while open. ``pauses``: one sequence
    of ``(start, end)`` pairs per row (supplement requests, yêu cầu bổ sung; ``end`` None
    for a pause still running, only as the last of an open dossier), or None. Events after
    ``as_of`` do not count yet, as :meth:`DossierClock.status_at`.
    """
    import numpy as np

    from tthc.batch.engine import compute
    from tthc.batch.tables import tables_of
    from tthc.tz import VN_TZ, as_local

    tables = tables_of(calendar)
    received_us = local_us(received_at, "received_at")
    size = received_us.size
    plan = _plan(what, channel, case, size, own_code)
    rec = _in_tables(tables, received_us, "received_at")
    if finished_at is None:
        fin = np.full(size, MISSING, dtype=np.int64)
    else:
        fin_us = local_us(finished_at, "finished_at")
        if fin_us.size != size:
            raise BatchError(
                Text(
                    f"finished_at: có {fin_us.size} giá trị, cần {size}",
                    f"finished_at: {fin_us.size} values for {size} rows",
                )
            )
        fin = _in_tables(tables, fin_us, "finished_at", optional=True)
        early = (fin != MISSING) & (fin < rec)
        if early.any():
            i = int(np.flatnonzero(early)[0])
            raise BatchError(
                Text(
                    f"finished_at[{i}]: trước received_at", f"finished_at[{i}]: before received_at"
                )
            )
    moment = as_local(as_of) if as_of is not None else datetime.now(VN_TZ)
    at = int(_in_tables(tables, local_us([moment], "as_of"), "as_of")[0])
    paused_rows = _pauses(pauses, size, tables, rec, fin, at)
    done = (fin != MISSING) & (fin <= at)

    starts = np.zeros(size, dtype=np.int64)
    counting = np.zeros(size, dtype=np.int64)
    due = np.zeros(size, dtype=np.int64)
    paused = np.zeros(size, dtype=np.int64)
    open_pause = np.full(size, -1, dtype=np.int64)
    status = np.empty(size, dtype="<U7")
    late_by = np.full(size, MISSING, dtype=np.int64)
    remaining = np.zeros(size, dtype=np.int64)
    provisional = np.zeros(size, dtype=np.bool_)

    fast = np.flatnonzero(~plan.scalar)
    if fast.size:
        where = np.full(size, -1, dtype=np.int64)
        where[fast] = np.arange(fast.size)
        mine = where[paused_rows.row] >= 0
        got: Computed = compute(
            tables,
            policy,
            rec[fast],
            plan.g[fast],
            plan.durations,
            where[paused_rows.row[mine]],
            paused_rows.start[mine],
            paused_rows.end[mine],
        )
        _raise_bad({int(fast[k]): v for k, v in got.bad.items()})
        starts[fast], due[fast], paused[fast] = got.starts, got.due, got.paused
        counting[fast] = got.counting_starts
        open_pause[fast] = got.open_pause
        _clock_columns(
            tables,
            policy,
            fast,
            rec,
            fin,
            done,
            at,
            counting,
            due,
            open_pause,
            status,
            late_by,
            remaining,
        )
        provisional[fast] = tables.unsure(rec[fast], due[fast])
    slow = np.flatnonzero(plan.scalar)
    for row in slow:
        r = int(row)
        clock = scalar_clock(scalar, tables, plan, r, rec, fin if done[r] else None, paused_rows)
        starts[r] = tables.to_us(clock.deadline.starts_at.replace(tzinfo=None))
        due[r] = tables.to_us(clock.due_at.replace(tzinfo=None))
        paused[r] = clock.paused_time // timedelta(microseconds=1)
        status[r] = clock.status_at(tables.to_datetime(at).replace(tzinfo=VN_TZ))
        late = clock.late_by
        late_by[r] = MISSING if late is None else late // timedelta(microseconds=1)
        remaining[r] = clock.remaining(tables.to_datetime(at).replace(tzinfo=VN_TZ)) // timedelta(
            microseconds=1
        )
        provisional[r] = clock.provisional
    late_hours = np.where(late_by == MISSING, np.nan, late_by / _HOUR_US)
    return Evaluation(
        _local(tables, rec),
        _local(tables, starts),
        _local(tables, due),
        _local(tables, np.where(done, fin, MISSING)),
        status,
        late_by.view("timedelta64[us]"),
        late_hours,
        np.where(late_by == MISSING, np.nan, late_by / _WORKING_DAY_US),
        remaining.view("timedelta64[us]"),
        remaining / _HOUR_US,
        paused.view("timedelta64[us]"),
        provisional,
        int(slow.size),
    )


def _clock_columns(
    tables: CalendarTables,
    policy: CountingPolicy,
    rows: IntArray,
    rec: IntArray,
    fin: IntArray,
    done_all: npt.NDArray[np.bool_],
    at: int,
    starts: IntArray,
    due_all: IntArray,
    open_all: IntArray,
    status: npt.NDArray[np.str_],
    late_by: IntArray,
    remaining: IntArray,
) -> None:
    """Status, lateness and time left of ``rows`` (DossierClock.status_at, late_by, remaining)."""
    import numpy as np

    from tthc.batch.tables import DAY_US

    due, f, done, since = due_all[rows], fin[rows], done_all[rows], open_all[rows]
    late = done & (f > due)
    # the day a due moment ends: one at midnight ends the day before (tthc.sla.due_day)
    early = done & ~late & (f // DAY_US < (due - 1) // DAY_US)
    judged = np.where(since >= 0, since, at)
    out = np.where(
        done,
        np.where(late, "late", np.where(early, "early", "on_time")),
        np.where(judged > due, "overdue", "open"),
    )
    status[rows] = out
    pos_due = tables.position(due)
    lateness = np.zeros(rows.size, dtype=np.int64)
    if late.any():
        lateness[late] = tables.position(f[late]) - pos_due[late]
    late_by[rows] = np.where(done, lateness, MISSING)
    # time left: frozen at a pause begun in time (or any, when late pauses extend) and at
    # the finish; never counted from before the clock starts
    stop = since if policy.late_pause_extends else np.where(since > due, -1, since)
    moment = np.full(rows.size, at, dtype=np.int64)
    moment = np.where((stop >= 0) & (moment > stop), stop, moment)
    moment = np.where(done & (moment > f), f, moment)
    moment = np.maximum(moment, starts[rows])
    remaining[rows] = pos_due - tables.position(moment)


def scalar_clock(
    scalar: ScalarPath | None,
    tables: CalendarTables,
    plan: _Plan,
    row: int,
    rec: IntArray,
    fin: IntArray | None,
    pauses: _Pauses,
) -> DossierClock:
    """The dossier clock of one row by the per-dossier path, with its events up to ``as_of``."""
    import numpy as np

    from tthc.tz import VN_TZ

    def aware(us: int) -> datetime:
        return tables.to_datetime(us).replace(tzinfo=VN_TZ)

    clock = scalar.clock(_scalar_deadline(scalar, tables, plan, row, rec)) if scalar else None
    assert clock is not None  # _scalar_deadline raised otherwise
    for k in np.flatnonzero(pauses.row == row):
        clock = clock.pause(aware(int(pauses.start[k])))
        if pauses.end[k] >= 0:
            clock = clock.resume(aware(int(pauses.end[k])))
    if fin is not None:
        clock = clock.finish(aware(int(fin[row])))
    return clock


# -- the calendar over arrays -------------------------------------------------------------


def add_working_days(
    calendar: WorkingCalendar, days: object, n: object
) -> npt.NDArray[np.datetime64]:
    """:meth:`WorkingCalendar.add_working_days` over arrays: ``days`` (dates or
    ``datetime64[D]``), ``n`` one int or one per day (negative counts back). Returns
    ``datetime64[D]``."""
    import numpy as np

    from tthc.batch.tables import tables_of

    tables = tables_of(calendar)
    d = np.asarray(days, dtype="datetime64[D]").astype(np.int64) - tables.epoch_us // 86_400_000_000
    k = np.broadcast_to(np.asarray(n, dtype=np.int64), d.shape)
    if d.size and (d.min() < 0 or d.max() >= tables.n):
        raise BatchError(
            Text(
                "days: có ngày nằm ngoài lịch làm việc",
                "days: a day is outside the working calendar",
            )
        )
    idx = np.where(k > 0, tables.cum_wd[d + 1] + k - 1, tables.cum_wd[d] + k)
    if idx.size and (idx.min() < 0 or idx.max() >= tables.widx.size):
        raise BatchError(
            Text(
                "n: kết quả nằm ngoài lịch làm việc",
                "n: a result falls outside the working calendar",
            )
        )
    found = np.where(k == 0, d, tables.widx[np.clip(idx, 0, max(tables.widx.size - 1, 0))])
    return (found + tables.epoch_us // 86_400_000_000).astype("datetime64[D]")


def add_working_time(
    calendar: WorkingCalendar, moments_in: object, delta: object
) -> npt.NDArray[np.datetime64]:
    """:meth:`WorkingCalendar.add_working_time` over arrays, for ``delta >= 0``: ``moments_in``
    as :func:`deadlines` takes moments, ``delta`` one ``timedelta`` / ``timedelta64`` or one
    per moment. Returns naive local ``datetime64[us]``."""
    import numpy as np

    from tthc.batch.tables import OutsideCalendar, tables_of

    tables = tables_of(calendar)
    t = _in_tables(tables, local_us(moments_in, "moments"), "moments")
    amount = np.broadcast_to(
        np.asarray(delta, dtype="timedelta64[us]").astype(np.int64), t.shape
    ).copy()
    if amount.size and amount.min() < 0:
        raise BatchError(
            Text("delta: cần thời gian không âm", "delta: expected working time of zero or more")
        )
    try:
        return _local(tables, tables.add_time(t, amount))
    except OutsideCalendar:
        raise BatchError(
            Text(
                "delta: kết quả nằm ngoài lịch làm việc",
                "delta: a result falls outside the working calendar",
            )
        ) from None
