"""The working calendar as numpy arrays (bảng lịch làm việc), for the batch engine."""

from __future__ import annotations

import weakref
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from tthc.duration import HOURS_PER_WORKING_DAY

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    from tthc.calendar import WorkingCalendar

    IntArray = npt.NDArray[np.int64]


DAY_US = 86_400_000_000
HOUR_US = 3_600_000_000
WORKING_DAY_US = int(HOURS_PER_WORKING_DAY) * HOUR_US

# -- the fast calendar ----------------------------------------------------------------


class CalendarTables:
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
            spans = [(time_us(a), time_us(b)) for a, b in key]
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
        self.epoch_us = (self.epoch - datetime(1970, 1, 1)) // timedelta(microseconds=1)
        # days a deadline may not rest on for sure (tạm tính): estimated years, unconfirmed days
        unsure = np.zeros(n, dtype=np.int64)
        for year in calendar.estimated_years(first, last):
            lo = date(year, 1, 1).toordinal() - base
            unsure[lo : date(year, 12, 31).toordinal() - base + 1] = 1
        for day in calendar.unconfirmed_days(first, last):
            unsure[day.toordinal() - base] = 1
        self.cum_unsure = np.concatenate(([0], np.cumsum(unsure))).astype(np.int64)
        self.month = np.array(
            [(d.year * 12 + d.month - 1) for d in map(date.fromordinal, range(base, base + n))],
            dtype=np.int64,
        )

    # conversions

    def to_us(self, moment: datetime) -> int:
        return (moment - self.epoch) // timedelta(microseconds=1)

    def unsure(self, received: IntArray, due: IntArray) -> npt.NDArray[np.bool_]:
        """Whether each count from ``received`` to the day of ``due`` (a due moment at
        midnight ends the day before: tthc.sla.due_day) crosses an estimated year or an
        unconfirmed day off: ``Deadline.provisional``."""
        import numpy as np

        first = received // DAY_US
        last = (due - 1) // DAY_US
        cum = self.cum_unsure
        lo = np.clip(first, 0, self.n)
        hi = np.clip(last + 1, 0, self.n)
        crossed: npt.NDArray[np.bool_] = (last >= first) & (cum[hi] - cum[lo] > 0)
        return crossed

    def to_datetime(self, us: int) -> datetime:
        return self.epoch + timedelta(microseconds=int(us))

    # arithmetic (all vectorised; raise OutsideCalendar for out-of-calendar inputs)

    def day(self, t: IntArray) -> IntArray:
        d = t // DAY_US
        if d.size and (d.min() < 0 or d.max() >= self.n):
            raise OutsideCalendar()
        return d

    def position(self, t: IntArray) -> IntArray:
        """Working microseconds from the calendar's start to ``t`` (``_position``)."""
        import numpy as np

        d = self.day(t)
        us = t - d * DAY_US
        p = self.prof[d]
        inside = np.zeros(t.size, dtype=np.int64)
        for k in range(self.start.shape[1]):
            start, end = self.start[:, k][p], self.end[:, k][p]
            inside += np.clip(us - start, 0, end - start)
        return self.cum_us[d] + np.where(self.work[d], inside, 0)

    def add_time(self, t: IntArray, delta: IntArray) -> IntArray:
        """``add_working_time`` for ``delta >= 0`` (0 returns ``t``)."""
        import numpy as np

        target = self.position(t) + delta
        j = np.searchsorted(self.cum_us, target, side="left") - 1
        if j.size and j.max() >= self.n:
            raise OutsideCalendar()
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
            raise OutsideCalendar()
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
        # interval by interval (a day has two or three): 1-D gathers, no (rows x k) arrays
        result = np.full(t.size, -1, dtype=np.int64)
        work = self.work[d]
        for k in range(self.start.shape[1] - 1, -1, -1):
            start, end = self.start[:, k][p], self.end[:, k][p]
            hit = work & (us < end)
            result = np.where(hit, np.where(us < start, d * DAY_US + start, t), result)
        need = result < 0
        if need.any():
            nxt = self.add_days(d[need], np.ones(int(need.sum()), dtype=np.int64))
            result[need] = self.opening(nxt)
        return result


class OutsideCalendar(Exception):
    """Internal: a moment outside the working calendar."""


def time_us(t: time) -> int:
    return ((t.hour * 60 + t.minute) * 60 + t.second) * 1_000_000 + t.microsecond


_CACHE: weakref.WeakKeyDictionary[Any, CalendarTables] = weakref.WeakKeyDictionary()


def tables_of(calendar: WorkingCalendar) -> CalendarTables:
    found = _CACHE.get(calendar)
    if found is None:
        found = _CACHE[calendar] = CalendarTables(calendar)
    return found
