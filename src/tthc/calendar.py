"""The public-sector working calendar (lịch làm việc của cơ quan hành chính nhà nước).

A :class:`WorkingCalendar` answers every question a deadline asks: is this a working
day (ngày làm việc), what is the N-th working day after receipt, how much working time
(thời gian làm việc) lies between two moments. It is built once per
:class:`~tthc.rules.Rules` from three hooks:

- ``tthc_calendar_days``: days off (ngày nghỉ) and make-up working days (ngày làm bù),
  each a :class:`CalendarDay` with its reason and source document;
- ``tthc_official_years``: years whose days rest on known official decisions;
- ``tthc_working_hours``: the :class:`WorkingHours` (giờ làm việc), possibly seasonal.

Every query runs in O(1) or O(log n) on arrays built once: a flag per day, the
cumulative count of working days, the index of every working day, and the cumulative
working time (in microseconds, so every answer is exact) before every day. No query
walks day by day.

Times are timezone-aware in Asia/Ho_Chi_Minh (:data:`VN_TZ`); a naive datetime is read
as local time, an aware one in another zone is converted (:func:`as_local`).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from itertools import accumulate, compress
from typing import Any

from tthc.errors import CalendarError, UncoveredHours
from tthc.i18n import Lang, Text
from tthc.tz import VN_TZ, as_local, quote_moment

#: First year the calendar covers (the 1994 Labour Code took effect on 1 Jan 1995).
FIRST_YEAR = 1995

#: Last year the calendar covers at least; it always reaches five years past today.
MIN_LAST_YEAR = 2035

_WEEKDAY_NAMES = (
    ("thứ Hai", "Monday"),
    ("thứ Ba", "Tuesday"),
    ("thứ Tư", "Wednesday"),
    ("thứ Năm", "Thursday"),
    ("thứ Sáu", "Friday"),
    ("thứ Bảy", "Saturday"),
    ("Chủ nhật", "Sunday"),
)


def default_last_year(today: date | None = None) -> int:
    """The last year a calendar built today covers: at least five years ahead, and 2035."""
    year = (today or date.today()).year
    return max(MIN_LAST_YEAR, year + 5)


def working_time_text(amount: timedelta) -> Text:
    """An amount of working time as people read it: ``-2 giờ`` / ``-2 hours``.

    Hours, minutes and seconds (never days: a working day is 8 hours, not the 24 that
    ``str(timedelta)`` would count), with the sign in front, e.g. ``30 giờ`` / ``30 hours``,
    ``1 giờ 30 phút`` / ``1 hour 30 minutes``, ``0,5 giây`` / ``0.5 seconds``.
    """
    micros = amount // timedelta(microseconds=1)
    sign = "-" if micros < 0 else ""
    seconds, micro = divmod(abs(micros), 1_000_000)
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    vi: list[str] = []
    en: list[str] = []
    for value, vi_unit, en_unit in ((hours, "giờ", "hour"), (minutes, "phút", "minute")):
        if value:
            vi.append(f"{value} {vi_unit}")
            en.append(f"{value} {en_unit}{'' if value == 1 else 's'}")
    if secs or micro or not vi:
        if micro:
            fraction = f"{micro:06d}".rstrip("0")
            vi.append(f"{secs},{fraction} giây")
            en.append(f"{secs}.{fraction} seconds")
        else:
            vi.append(f"{secs} giây")
            en.append(f"{secs} second{'' if secs == 1 else 's'}")
    return Text(sign + " ".join(vi), sign + " ".join(en))


#: Why a Saturday or Sunday is off: the 40-hour week (the day's source says which decision).
_WEEKEND = Text("nghỉ cuối tuần", "weekend")


def _weekday_text(day: date) -> Text:
    vi, en = _WEEKDAY_NAMES[day.weekday()]
    return Text(vi, en)


# -- days ------------------------------------------------------------------------------


@dataclass(frozen=True)
class CalendarDay:
    """A day whose status differs from a plain Monday-Friday week, with its provenance.

    A day off (ngày nghỉ: holiday, compensatory day, swapped weekday) has
    ``working=False``; a make-up working day (ngày làm bù, usually a Saturday) has
    ``working=True``. A plugin may also return a holiday that falls on a weekend
    (``working=False``) so that the calendar can name it.

    A day whose own decision is not confirmed (``confirmed=False``, chưa xác nhận: for
    example Vietnam Culture Day, 24 November, approved in principle but not yet in law)
    is always an estimate, even in a year whose other days rest on official decisions.
    """

    day: date
    working: bool
    reason: Text
    """Why: for example ``Text("Tết Nguyên đán", "Lunar New Year")``."""
    source: str
    """The document it rests on (số hiệu văn bản), or the data source when none is known."""
    estimate: bool = False
    """True when the day is an estimate (tạm tính): no official decision is known for its
    year, or (``confirmed=False``) its own decision is not confirmed."""
    confirmed: bool = True
    """False when the decision behind this day is not confirmed (chưa xác nhận); such a day
    stays an estimate whatever its year (``estimate`` is then always True)."""

    def __post_init__(self) -> None:
        if not self.confirmed and not self.estimate:
            object.__setattr__(self, "estimate", True)
        if type(self.day) is not date:
            if isinstance(self.day, datetime):
                object.__setattr__(self, "day", self.day.date())
            else:
                raise CalendarError(
                    Text(
                        f"CalendarDay cần một ngày (date), nhận được {self.day!r}",
                        f"CalendarDay needs a date, got {self.day!r}",
                    )
                )
        if not isinstance(self.reason, Text):
            reason: Any = self.reason
            if isinstance(reason, str):
                object.__setattr__(self, "reason", Text(reason, reason))
            else:
                raise CalendarError(
                    Text(
                        f"Lý do của ngày {self.day} phải là Text, nhận được {reason!r}",
                        f"The reason for {self.day} must be a Text, got {reason!r}",
                    )
                )


@dataclass(frozen=True)
class DayExplanation:
    """Why a day is (or is not) a working day: what :meth:`WorkingCalendar.explain` returns.

    ``print(calendar.explain(day))`` prints one readable line in the user's language;
    :meth:`text` picks the language.
    """

    day: date
    working: bool
    reason: Text
    source: str
    estimate: bool
    recorded: bool
    """True when a plugin recorded this day (a day off or make-up day), False for a plain day."""
    hours: tuple[tuple[time, time], ...] = ()
    """The working intervals of the day (empty on a day off)."""
    confirmed: bool = True
    """False when the day's own decision is not confirmed (then ``estimate`` is True)."""
    hours_name: Text | None = None
    """The name of the working hours of the day (``HoursPeriod.name``) when they have a
    source of their own (a province's hours), else None. ``source`` stays the source of the
    day's status (the Monday-Friday week, or the recorded day's decision)."""
    hours_source: str = ""
    """The source of those hours (``HoursPeriod.source``), empty for the national hours,
    whose source is the Monday-Friday week's."""
    hours_note: Text | None = None
    """The note of those hours (``WorkingHours.note``), if any."""

    def text(self, lang: Lang | None = None) -> str:
        """One line: date, weekday, working or not, reason, source, the hours' own name and
        source (a province's hours), estimate."""
        wd = _weekday_text(self.day)
        status = (
            Text("ngày làm việc", "working day") if self.working else Text("ngày nghỉ", "day off")
        )
        parts = [f"{self.day.isoformat()} ({wd(lang)}): {status(lang)}"]
        if self.reason(lang) != status(lang):
            parts.append(f" - {self.reason(lang)}")
        if self.hours:
            spans = ", ".join(f"{a:%H:%M}-{b:%H:%M}" for a, b in self.hours)
            parts.append(f" [{spans}]")
        if self.source:
            parts.append(f"; {Text('nguồn', 'source')(lang)}: {self.source}")
        if self.hours and self.hours_name is not None:
            # A province's hours: their own name and source (and note), after the day's.
            own = f"; {Text('giờ làm việc', 'hours')(lang)}: {self.hours_name(lang)}"
            if self.hours_source:
                own += f", {Text('nguồn', 'source')(lang)}: {self.hours_source}"
            if self.hours_note is not None and self.hours_note(lang):
                own += f" ({self.hours_note(lang)})"
            parts.append(own)
        if not self.confirmed:
            parts.append(
                "; "
                + Text(
                    "tạm tính (văn bản về ngày này chưa được xác nhận)",
                    "estimate (the decision on this day is not confirmed)",
                )(lang)
            )
        elif self.estimate:
            parts.append(
                "; "
                + Text(
                    "tạm tính (chưa có quyết định chính thức cho năm này)",
                    "estimate (no official decision known for this year)",
                )(lang)
            )
        return "".join(parts)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready fields (``reason`` in both languages)."""
        return {
            "date": self.day.isoformat(),
            "working": self.working,
            "reason": {"vi": self.reason.vi, "en": self.reason.en},
            "source": self.source,
            "estimate": self.estimate,
            "confirmed": self.confirmed,
            "hours": [f"{a:%H:%M}-{b:%H:%M}" for a, b in self.hours],
            "hours_name": (
                None
                if self.hours_name is None
                else {"vi": self.hours_name.vi, "en": self.hours_name.en}
            ),
            "hours_source": self.hours_source,
            "hours_note": (
                None
                if self.hours_note is None or not (self.hours_note.vi or self.hours_note.en)
                else {"vi": self.hours_note.vi, "en": self.hours_note.en}
            ),
        }

    def __str__(self) -> str:
        return self.text()


# -- working hours ---------------------------------------------------------------------

_HHMM = re.compile(r"^\s*(\d{1,2})[:hH](\d{2})(?::(\d{2}))?\s*$")


def _parse_time(value: time | str, what: str) -> time:
    if isinstance(value, time):
        if value.tzinfo is not None:
            raise CalendarError(
                Text(
                    f"Giờ làm việc '{what}' không được mang múi giờ: {value!r}",
                    f"Working hours '{what}' must not carry a time zone: {value!r}",
                )
            )
        return value
    if isinstance(value, str):
        m = _HHMM.match(value)
        if m:
            h, mi, s = int(m.group(1)), int(m.group(2)), int(m.group(3) or 0)
            if h < 24 and mi < 60 and s < 60:
                return time(h, mi, s)
    raise CalendarError(
        Text(
            f"Không đọc được giờ '{value}' trong giờ làm việc '{what}' (dạng HH:MM)",
            f"Cannot read the time '{value}' in working hours '{what}' (use HH:MM)",
        )
    )


def _us_of(t: time) -> int:
    return ((t.hour * 60 + t.minute) * 60 + t.second) * 1_000_000 + t.microsecond


def parse_intervals(spec: str | Iterable[Any]) -> tuple[tuple[time, time], ...]:
    """Read intervals such as ``"07:30-11:30, 13:30-17:00"`` or ``[("07:30", "11:30"), ...]``."""
    items: list[Any]
    if isinstance(spec, str):
        items = [part for part in re.split(r"[,;]", spec) if part.strip()]
    else:
        items = list(spec)
    out: list[tuple[time, time]] = []
    for item in items:
        if isinstance(item, str):
            pieces = item.split("-")
            if len(pieces) != 2:
                raise CalendarError(
                    Text(
                        f"Khoảng giờ '{item.strip()}' phải có dạng HH:MM-HH:MM",
                        f"The interval '{item.strip()}' must look like HH:MM-HH:MM",
                    )
                )
            a, b = pieces
        else:
            try:
                a, b = item
            except (TypeError, ValueError):
                raise CalendarError(
                    Text(
                        f"Khoảng giờ {item!r} phải là một cặp (bắt đầu, kết thúc)",
                        f"The interval {item!r} must be a pair (start, end)",
                    )
                ) from None
        out.append((_parse_time(a, str(item)), _parse_time(b, str(item))))
    return tuple(out)


@dataclass(frozen=True)
class HoursPeriod:
    """Working intervals of a working day, valid for a date range and/or a season.

    ``intervals`` are the working hours of one working day, in order, with the lunch
    break between them (e.g. 07:30-11:30 and 13:30-17:00). ``start``/``end`` (inclusive)
    limit the period to a date range; ``season`` (first and last ``(month, day)``,
    inclusive, may wrap over the new year) repeats it every year, as summer and winter
    hours do (giờ làm việc mùa hè / mùa đông). Strings such as ``"07:30-11:30, 13:30-17:00"``
    are accepted for ``intervals``.
    """

    intervals: tuple[tuple[time, time], ...]
    start: date | None = None
    end: date | None = None
    season: tuple[tuple[int, int], tuple[int, int]] | None = None
    name: Text = field(default_factory=lambda: Text("giờ làm việc", "working hours"))
    source: str = ""

    def __post_init__(self) -> None:
        raw: Any = self.intervals
        intervals = parse_intervals(raw)
        label = self.name.en if isinstance(self.name, Text) else str(self.name)
        if not intervals:
            raise CalendarError(
                Text(
                    f"Giờ làm việc '{self.name[0]}' không có khoảng nào",
                    f"Working hours '{label}' have no interval",
                )
            )
        previous_end = -1
        for a, b in intervals:
            ua, ub = _us_of(a), _us_of(b)
            if ua >= ub:
                raise CalendarError(
                    Text(
                        f"Khoảng giờ {a:%H:%M}-{b:%H:%M} kết thúc không sau khi bắt đầu",
                        f"The interval {a:%H:%M}-{b:%H:%M} does not end after it starts",
                    )
                )
            if ua < previous_end:
                raise CalendarError(
                    Text(
                        f"Khoảng giờ {a:%H:%M}-{b:%H:%M} chồng lên hoặc đứng trước khoảng trước",
                        f"The interval {a:%H:%M}-{b:%H:%M} overlaps or precedes the one before",
                    )
                )
            previous_end = ub
        object.__setattr__(self, "intervals", intervals)
        if self.start is not None and self.end is not None and self.end < self.start:
            raise CalendarError(
                Text(
                    f"Giờ làm việc '{self.name[0]}': ngày kết thúc {self.end} trước ngày "
                    f"bắt đầu {self.start}",
                    f"Working hours '{label}': end {self.end} is before start {self.start}",
                )
            )
        if self.season is not None:
            try:
                (m1, d1), (m2, d2) = self.season
                date(2000, m1, d1)
                date(2000, m2, d2)
            except (TypeError, ValueError):
                raise CalendarError(
                    Text(
                        f"Mùa {self.season!r} phải là ((tháng, ngày), (tháng, ngày))",
                        f"The season {self.season!r} must be ((month, day), (month, day))",
                    )
                ) from None

    @classmethod
    def of(
        cls,
        intervals: str | Iterable[Any],
        *,
        start: date | None = None,
        end: date | None = None,
        season: tuple[tuple[int, int], tuple[int, int]] | None = None,
        name: Text | None = None,
        source: str = "",
    ) -> HoursPeriod:
        """A period from text such as ``"07:30-11:30, 13:30-17:00"`` (or pairs of times)."""
        return cls(
            parse_intervals(intervals),
            start=start,
            end=end,
            season=season,
            name=name or Text("giờ làm việc", "working hours"),
            source=source,
        )

    @property
    def seconds(self) -> int:
        """Working seconds in one working day of this period."""
        return sum(_us_of(b) - _us_of(a) for a, b in self.intervals) // 1_000_000

    def applies_to(self, day: date) -> bool:
        """Whether this period covers ``day`` (date range and season)."""
        if self.start is not None and day < self.start:
            return False
        if self.end is not None and day > self.end:
            return False
        if self.season is None:
            return True
        first, last = self.season
        md = (day.month, day.day)
        if first <= last:
            return first <= md <= last
        return md >= first or md <= last

    def _ranges(self, year: int) -> list[tuple[date, date]]:
        """Inclusive date ranges of ``year`` this period covers."""
        lo, hi = date(year, 1, 1), date(year, 12, 31)
        if self.start is not None:
            lo = max(lo, self.start)
        if self.end is not None:
            hi = min(hi, self.end)
        if lo > hi:
            return []
        if self.season is None:
            return [(lo, hi)]
        (m1, d1), (m2, d2) = self.season
        a, b = _md(year, m1, d1), _md(year, m2, d2)
        spans = [(a, b)] if a <= b else [(date(year, 1, 1), b), (a, date(year, 12, 31))]
        out = []
        for x, y in spans:
            x, y = max(x, lo), min(y, hi)
            if x <= y:
                out.append((x, y))
        return out


def _md(year: int, month: int, day: int) -> date:
    # 29 February in a common year: the season edge falls on 28 February.
    if month == 2 and day == 29:
        try:
            return date(year, 2, 29)
        except ValueError:
            return date(year, 2, 28)
    return date(year, month, day)


@dataclass(frozen=True)
class WorkingHours:
    """The working hours (giờ làm việc) of a jurisdiction: periods, the first match wins.

    Put specific periods (a date range, a season) first and a general one last. Every
    day the calendar covers must fall in some period.
    """

    periods: tuple[HoursPeriod, ...]
    note: Text = field(default_factory=lambda: Text("", ""))
    week_source: str = ""
    """The source of the Monday-Friday week these hours belong to, if the answer gives it
    (the national rules' does; a province that keeps the week may leave it empty)."""

    def __post_init__(self) -> None:
        periods = tuple(self.periods)
        if not periods:
            raise CalendarError(
                Text("Giờ làm việc không có giai đoạn nào", "Working hours have no period")
            )
        object.__setattr__(self, "periods", periods)

    @classmethod
    def fixed(
        cls, intervals: str | Iterable[Any], *, source: str = "", name: Text | None = None
    ) -> WorkingHours:
        """The same intervals every working day, e.g. ``fixed("08:00-12:00, 13:00-17:00")``."""
        period = HoursPeriod(
            parse_intervals(intervals),
            name=name or Text("giờ làm việc", "working hours"),
            source=source,
        )
        return cls((period,))

    def period_for(self, day: date) -> HoursPeriod:
        """The period that applies on ``day``; raises CalendarError when none does."""
        for period in self.periods:
            if period.applies_to(day):
                return period
        raise CalendarError(
            Text(
                f"Không có giờ làm việc nào áp dụng cho ngày {day}",
                f"No working hours apply on {day}",
            )
        )

    def intervals_for(self, day: date) -> tuple[tuple[time, time], ...]:
        """The working intervals on ``day`` if it is a working day."""
        return self.period_for(day).intervals


# -- the calendar ----------------------------------------------------------------------


class WorkingCalendar:
    """Working days and working time of one jurisdiction, answered in O(1) / O(log n).

    Build it from days and hours (``rules.calendar`` does, once, from the plugins'
    answers: :meth:`tthc.rules.Rules.working_calendar`). Dates are
    :class:`datetime.date`; a datetime passed where a date is
    expected counts by its Vietnam-local date. Moments are datetimes (see
    :func:`as_local`); every moment returned is aware in :data:`VN_TZ`. Anything outside
    ``first_year``..``last_year`` raises :class:`~tthc.errors.CalendarError`.
    """

    def __init__(
        self,
        days: Iterable[CalendarDay],
        hours: WorkingHours,
        *,
        first_year: int = FIRST_YEAR,
        last_year: int | None = None,
        official_years: Iterable[int] = (),
        weekday_source: str = "",
    ) -> None:
        last = default_last_year() if last_year is None else last_year
        if last < first_year:
            raise CalendarError(
                Text(
                    f"Năm cuối {last} trước năm đầu {first_year}",
                    f"Last year {last} is before first year {first_year}",
                )
            )
        self.first_year = first_year
        """First year covered."""
        self.last_year = last
        """Last year covered."""
        self.official_years: frozenset[int] = frozenset(official_years)
        """Years whose days off rest on known official decisions (the rest are estimates)."""
        self.hours = hours
        """The working hours used."""
        self.weekday_source = weekday_source
        """The source of the Monday-Friday week (the status of a plain day)."""
        self.hours_plugin: str | None = None
        """The plugin whose working hours these are, when not the national rules' (set by
        :meth:`tthc.rules.Rules.working_calendar`); ``explain()`` and ``tthc calendar``
        then show their source."""
        first_day = date(first_year, 1, 1)
        self._last = date(last, 12, 31)
        base = first_day.toordinal()
        n = self._last.toordinal() - base + 1
        self._base = base
        self._n = n
        self._epoch = datetime(first_year, 1, 1, tzinfo=VN_TZ)
        self._epoch_naive = datetime(first_year, 1, 1)

        # Working flags: the Monday-Friday pattern, then the recorded days on top.
        start_wd = first_day.weekday()
        week = bytes(1 if (start_wd + k) % 7 < 5 else 0 for k in range(7))
        work = bytearray((week * (n // 7 + 1))[:n])
        entries: dict[int, CalendarDay] = {}
        unconfirmed: list[int] = []
        for entry in days:
            if not isinstance(entry, CalendarDay):
                raise CalendarError(
                    Text(
                        f"Cần CalendarDay, nhận được {entry!r}",
                        f"Expected a CalendarDay, got {entry!r}",
                    )
                )
            i = entry.day.toordinal() - base
            if 0 <= i < n and i not in entries:  # the first answer for a date wins
                if entry.estimate and entry.confirmed and entry.day.year in self.official_years:
                    # Another plugin recorded this year's decisions: no longer an estimate
                    # (a day whose own decision is unconfirmed stays one).
                    entry = replace(entry, estimate=False)
                entries[i] = entry
                work[i] = 1 if entry.working else 0
                if not entry.confirmed:
                    unconfirmed.append(i)
        self._entries = entries
        #: Indexes of the recorded days whose decision is not confirmed, in order.
        self._unconfirmed: list[int] = sorted(unconfirmed)
        #: ucum[i]: unconfirmed days strictly before day i (length n + 1), so that whether a
        #: span crosses one (every deadline asks) is one subtraction.
        flags = bytearray(n)
        for i in unconfirmed:
            flags[i] = 1
        self._ucum: list[int] = list(accumulate(flags, initial=0))
        self._work = work
        #: cum[i]: working days strictly before day i (length n + 1).
        self._cum: list[int] = list(accumulate(work, initial=0))
        #: widx[k]: index of the working day that has k working days before it.
        self._widx: list[int] = list(compress(range(n), work))

        # Working hours: one profile per distinct set of intervals, a profile id per day.
        profiles: list[tuple[tuple[int, int, int], ...]] = []
        totals: list[int] = []
        public: list[tuple[tuple[time, time], ...]] = []
        ids: dict[tuple[tuple[time, time], ...], int] = {}
        prof = bytearray(b"\xff" * n)
        #: per[i]: index in hours.periods of the period that applies on day i.
        per: list[int] = [0] * n
        # Earlier periods overwrite later ones: the first match wins.
        for k, period in reversed(list(enumerate(hours.periods))):
            key = period.intervals
            pid = ids.get(key)
            if pid is None:
                pid = len(profiles)
                if pid >= 255:
                    raise CalendarError(
                        Text("Quá nhiều bộ giờ làm việc (tối đa 255)", "Too many hour sets (255)")
                    )
                ids[key] = pid
                spans = []
                before = 0
                for a, b in key:
                    ua, ub = _us_of(a), _us_of(b)
                    spans.append((ua, ub, before))
                    before += ub - ua
                profiles.append(tuple(spans))
                totals.append(before)
                public.append(key)
            for year in range(first_year, last + 1):
                for lo, hi in period._ranges(year):
                    i, j = lo.toordinal() - base, hi.toordinal() - base + 1
                    prof[i:j] = bytes((pid,)) * (j - i)
                    per[i:j] = [k] * (j - i)
        missing = prof.find(b"\xff")
        if missing >= 0:
            raise UncoveredHours(date.fromordinal(base + missing), first_year, last)
        self._prof = prof
        self._per = per
        self._profiles = profiles
        self._totals = totals
        self._public_intervals = public
        #: cum_us[i]: working microseconds strictly before day i (length n + 1).
        self._cum_us: list[int] = list(
            accumulate((totals[p] if w else 0 for p, w in zip(prof, work, strict=True)), initial=0)
        )

    # -- construction ------------------------------------------------------------------

    # -- errors ------------------------------------------------------------------------

    def _out_of_range(self, what: object) -> CalendarError:
        return CalendarError(
            Text(
                f"{what} nằm ngoài lịch làm việc ({self.first_year}-{self.last_year})",
                f"{what} is outside the working calendar ({self.first_year}-{self.last_year})",
            )
        )

    def _beyond(self, day: date, n: int) -> CalendarError:
        return CalendarError(
            Text(
                f"Cộng {n} ngày làm việc vào {day} vượt ra ngoài lịch làm việc "
                f"({self.first_year}-{self.last_year})",
                f"Adding {n} working {'day' if abs(n) == 1 else 'days'} to {day} leaves "
                "the working calendar "
                f"({self.first_year}-{self.last_year})",
            )
        )

    def _index(self, day: date) -> int:
        if type(day) is not date:
            if isinstance(day, datetime):
                day = as_local(day).date()
            elif not isinstance(day, date):
                raise CalendarError(
                    Text(
                        f"Cần một ngày (date), nhận được {day!r}",
                        f"Expected a date, got {day!r}",
                    )
                )
        i = day.toordinal() - self._base
        if i < 0 or i >= self._n:
            raise self._out_of_range(day)
        return i

    def _day(self, i: int) -> date:
        return date.fromordinal(self._base + i)

    # -- working days ------------------------------------------------------------------

    def is_working_day(self, day: date) -> bool:
        """Whether ``day`` is a working day (ngày làm việc)."""
        return self._work[self._index(day)] == 1

    def add_working_days(self, day: date, n: int) -> date:
        """The ``n``-th working day after ``day`` (``day`` itself is not counted).

        ``n`` may be negative (the ``|n|``-th working day before ``day``); ``n == 0``
        returns ``day``. For a working day ``a``,
        ``working_days_between(a, add_working_days(a, n)) == n``.
        """
        i = self._index(day) if type(day) is not date else day.toordinal() - self._base
        if i < 0 or i >= self._n:
            raise self._out_of_range(day)
        if n > 0:
            k = self._cum[i + 1] + n - 1
            if k >= len(self._widx):
                raise self._beyond(day, n)
        elif n < 0:
            k = self._cum[i] + n
            if k < 0:
                raise self._beyond(day, n)
        else:
            return day if type(day) is date else self._day(i)
        return date.fromordinal(self._base + self._widx[k])

    def next_working_day(self, day: date) -> date:
        """The first working day strictly after ``day``."""
        return self.add_working_days(day, 1)

    def previous_working_day(self, day: date) -> date:
        """The last working day strictly before ``day``."""
        return self.add_working_days(day, -1)

    def working_days_between(self, a: date, b: date) -> int:
        """Working days ``d`` with ``a < d <= b``; negative (minus ``b < d <= a``) if ``b < a``."""
        cum = self._cum
        return cum[self._index(b) + 1] - cum[self._index(a) + 1]

    # -- working time ------------------------------------------------------------------

    def _split(self, moment: datetime) -> tuple[int, int]:
        """Day index and microseconds since local midnight of ``moment``."""
        # Subtracting datetimes of the same tzinfo (or both naive) is wall-clock
        # arithmetic and the fastest way to both numbers (Vietnam has been UTC+7 since 1975).
        try:
            tz = moment.tzinfo
        except AttributeError:
            as_local(moment)  # not a datetime: raises CalendarError naming it
            raise
        if tz is VN_TZ:
            d = moment - self._epoch
        elif tz is None and isinstance(moment, datetime):
            d = moment - self._epoch_naive
        else:
            d = as_local(moment) - self._epoch
        i = d.days
        if i < 0 or i >= self._n:
            raise self._out_of_range(quote_moment(moment))
        return i, d.seconds * 1_000_000 + d.microseconds

    def _at(self, i: int, us: int) -> datetime:
        """The aware moment ``us`` microseconds after local midnight of day ``i``."""
        seconds, micro = divmod(us, 1_000_000)
        return self._epoch + timedelta(i, seconds, micro)

    def _position(self, i: int, us: int) -> int:
        """Working microseconds from the calendar's start to day ``i`` at ``us``."""
        pos = self._cum_us[i]
        if not self._work[i]:
            return pos
        for start, end, before in self._profiles[self._prof[i]]:
            if us <= start:
                return pos + before
            if us < end:
                return pos + before + us - start
        return pos + self._totals[self._prof[i]]

    def intervals(self, day: date) -> tuple[tuple[datetime, datetime], ...]:
        """The working intervals of ``day`` as aware datetimes; empty on a day off."""
        i = self._index(day)
        if not self._work[i]:
            return ()
        return tuple((self._at(i, a), self._at(i, b)) for a, b, _ in self._profiles[self._prof[i]])

    def hours_of(self, day: date) -> tuple[tuple[time, time], ...]:
        """The working intervals that apply on ``day`` (as if it were a working day)."""
        return self._public_intervals[self._prof[self._index(day)]]

    def is_working_time(self, moment: datetime) -> bool:
        """Whether ``moment`` lies inside a working interval (start included, end excluded)."""
        i, us = self._split(moment)
        if not self._work[i]:
            return False
        return any(start <= us < end for start, end, _ in self._profiles[self._prof[i]])

    def next_working_moment(self, moment: datetime) -> datetime:
        """``moment`` itself if inside working time, else the start of the next working interval."""
        i, us = self._split(moment)
        if self._work[i]:
            for start, end, _ in self._profiles[self._prof[i]]:
                if us < start:
                    return self._at(i, start)
                if us < end:
                    return as_local(moment)
        k = self._cum[i + 1]
        if k >= len(self._widx):
            # The moment is inside the calendar, its next working interval is not.
            when = quote_moment(moment)
            raise CalendarError(
                Text(
                    f"Thời điểm làm việc tiếp theo sau {when} nằm sau năm {self.last_year}, "
                    f"năm cuối mà lịch làm việc bao quát ({self.first_year}-{self.last_year})",
                    f"The next working moment after {when} lies past {self.last_year}, "
                    f"the last year the working calendar covers "
                    f"({self.first_year}-{self.last_year})",
                )
            )
        j = self._widx[k]
        return self._at(j, self._profiles[self._prof[j]][0][0])

    def add_working_time(self, moment: datetime, delta: timedelta) -> datetime:
        """The moment when ``delta`` of working time has passed after ``moment``.

        A result that falls on the end of a working interval is that end (17:00 on the
        last day, not 08:00 the next). A negative ``delta`` counts backwards and lands on
        the start of an interval instead. ``delta == 0`` returns ``moment`` (local).
        """
        i, us = self._split(moment)
        d_us = (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds
        if d_us == 0:
            return as_local(moment)
        # position of the moment: working microseconds since the calendar's start
        target = self._cum_us[i]
        if self._work[i]:
            for start, end, before in self._profiles[self._prof[i]]:
                if us <= start:
                    target += before
                    break
                if us < end:
                    target += before + us - start
                    break
            else:
                target += self._totals[self._prof[i]]
        target += d_us
        cum_us = self._cum_us
        if d_us > 0:
            # the day j with cum_us[j] < target <= cum_us[j + 1]: the earliest such moment
            j = bisect_left(cum_us, target) - 1
            if j >= self._n:
                raise self._time_beyond(moment, delta)
            r = target - cum_us[j]
            for start, end, before in self._profiles[self._prof[j]]:
                if r <= before + end - start:
                    seconds, micro = divmod(start + r - before, 1_000_000)
                    return self._epoch + timedelta(j, seconds, micro)
        else:
            if target < 0:
                raise self._time_beyond(moment, delta)
            # the day j with cum_us[j] <= target < cum_us[j + 1]: the latest such moment
            j = bisect_right(cum_us, target) - 1
            r = target - cum_us[j]
            for start, end, before in self._profiles[self._prof[j]]:
                if r < before + end - start:
                    seconds, micro = divmod(start + r - before, 1_000_000)
                    return self._epoch + timedelta(j, seconds, micro)
        # Unreachable: day j has cum_us[j] < target <= cum_us[j + 1] (forwards) or
        # cum_us[j] <= target < cum_us[j + 1] (backwards), so it is a working day whose
        # intervals hold target - cum_us[j], and a loop above returned. The raise ends the
        # function for the type checker and would surface a broken array, never bad input.
        raise AssertionError("cumulative working time is inconsistent")  # pragma: no cover

    def _time_beyond(self, moment: datetime, delta: timedelta) -> CalendarError:
        when = quote_moment(as_local(moment))
        amount = working_time_text(delta)
        return CalendarError(
            Text(
                f"Cộng {amount.vi} làm việc vào {when} vượt ra ngoài lịch "
                f"làm việc ({self.first_year}-{self.last_year})",
                f"Adding {amount.en} of working time to {when} leaves the working "
                f"calendar ({self.first_year}-{self.last_year})",
            )
        )

    def working_time_between(self, a: datetime, b: datetime) -> timedelta:
        """Working time from ``a`` to ``b`` (negative if ``b`` is before ``a``), exact."""
        i, us = self._split(a)
        j, vs = self._split(b)
        return timedelta(microseconds=self._position(j, vs) - self._position(i, us))

    def end_of_working_day(self, day: date) -> datetime:
        """The close of business on ``day`` (end of its last interval, e.g. 17:00).

        Uses the hours that apply on that date even if ``day`` is a day off; callers that
        need a working day first move to one (:meth:`next_working_day`).
        """
        i = self._index(day)
        end = self._profiles[self._prof[i]][-1][1]
        return self._at(i, end)

    def working_days_span(self, day: date, n: int) -> tuple[datetime, datetime]:
        """The opening of the first working day after ``day`` and the close of the ``n``-th
        (``n >= 1``): ``start_of_working_day(add_working_days(day, 1))`` and
        ``end_of_working_day(add_working_days(day, n))`` in one look-up, as a count of whole
        working days from the next day (§6.3) asks, on the hot path of every deadline."""
        i = self._index(day)
        k = self._cum[i + 1]
        widx = self._widx
        if k >= len(widx):
            raise self._beyond(day, 1)
        if k + n - 1 >= len(widx):
            raise self._beyond(day, n)
        a, b = widx[k], widx[k + n - 1]
        profiles, prof = self._profiles, self._prof
        return self._at(a, profiles[prof[a]][0][0]), self._at(b, profiles[prof[b]][-1][1])

    def start_of_working_day(self, day: date) -> datetime:
        """The opening on ``day`` (start of its first interval, e.g. 08:00)."""
        i = self._index(day)
        return self._at(i, self._profiles[self._prof[i]][0][0])

    # -- provenance --------------------------------------------------------------------

    def is_estimate(self, year: int) -> bool:
        """Whether ``year``'s days off are estimates (no official decision known)."""
        return year not in self.official_years

    def estimated_years(self, a: date, b: date) -> tuple[int, ...]:
        """The years from ``a`` to ``b`` (either order) that rest on estimates only."""
        lo, hi = sorted((a.year, b.year))
        if lo == hi:  # nearly every deadline: one membership test
            return () if lo in self.official_years else (lo,)
        return tuple(y for y in range(lo, hi + 1) if y not in self.official_years)

    def has_unconfirmed(self, a: date, b: date) -> bool:
        """Whether a recorded day from ``a`` to ``b`` (inclusive, either order) has a decision
        that is not confirmed, in O(1): what :meth:`unconfirmed_days` lists, asked first."""
        i, j = sorted((self._index(a), self._index(b)))
        cum = self._ucum
        return cum[j + 1] != cum[i]

    def unconfirmed_days(self, a: date, b: date) -> tuple[date, ...]:
        """The recorded days from ``a`` to ``b`` (inclusive, either order) whose own
        decision is not confirmed (``CalendarDay.confirmed`` False), in O(log n).

        A deadline counted across such a day rests on it: were it a working day after
        all, the deadline would come earlier.
        """
        i, j = sorted((self._index(a), self._index(b)))
        idx = self._unconfirmed
        return tuple(self._day(k) for k in idx[bisect_left(idx, i) : bisect_right(idx, j)])

    def explain(self, day: date) -> DayExplanation:
        """Why ``day`` is or is not a working day, with the source and the estimate flag."""
        i = self._index(day)
        day = self._day(i)
        working = self._work[i] == 1
        hours = self._public_intervals[self._prof[i]] if working else ()
        # The hours' own provenance, when they are not the national hours (whose source is
        # the Monday-Friday week's, already given as the day's source).
        own: dict[str, Any] = {}
        period = self.hours.periods[self._per[i]]
        if working and self.hours_plugin is not None:
            note = self.hours.note
            own = {
                "hours_name": period.name,
                "hours_source": period.source,
                "hours_note": note if (note.vi or note.en) else None,
            }
        entry = self._entries.get(i)
        if entry is not None:
            return DayExplanation(
                day,
                working,
                entry.reason,
                entry.source,
                entry.estimate,
                True,
                hours,
                entry.confirmed,
                **own,
            )
        estimate = self.is_estimate(day.year)
        if day.weekday() >= 5:
            # the weekday is already in the line (DayExplanation.text): say why it is off
            return DayExplanation(day, False, _WEEKEND, self.weekday_source, estimate, False, ())
        return DayExplanation(
            day,
            True,
            Text("ngày làm việc", "working day"),
            self.weekday_source,
            estimate,
            False,
            hours,
            **own,
        )

    def period_of(self, day: date) -> HoursPeriod:
        """The :class:`HoursPeriod` that applies on ``day`` (its name and source), in O(1)."""
        return self.hours.periods[self._per[self._index(day)]]

    def periods_in(self, year: int) -> tuple[HoursPeriod, ...]:
        """The hours periods that apply on some day of ``year``, in the order they start."""
        if not self.first_year <= year <= self.last_year:
            raise self._out_of_range(year)
        lo = date(year, 1, 1).toordinal() - self._base
        hi = date(year, 12, 31).toordinal() - self._base
        seen = dict.fromkeys(self._per[lo : hi + 1])
        return tuple(self.hours.periods[k] for k in seen)

    def days(self, year: int) -> list[CalendarDay]:
        """The recorded days of ``year`` (days off, make-up days, weekend holidays), by date."""
        if not self.first_year <= year <= self.last_year:
            raise self._out_of_range(year)
        lo = date(year, 1, 1).toordinal() - self._base
        hi = date(year, 12, 31).toordinal() - self._base
        return [self._entries[i] for i in sorted(self._entries) if lo <= i <= hi]

    def working_days_in_year(self, year: int) -> int:
        """How many working days ``year`` has."""
        if not self.first_year <= year <= self.last_year:
            raise self._out_of_range(year)
        lo = date(year, 1, 1).toordinal() - self._base
        hi = date(year, 12, 31).toordinal() - self._base
        return self._cum[hi + 1] - self._cum[lo]

    def __repr__(self) -> str:
        return (
            f"WorkingCalendar({self.first_year}-{self.last_year}, "
            f"{len(self._entries)} recorded days, official {sorted(self.official_years)})"
        )


__all__ = [
    "FIRST_YEAR",
    "MIN_LAST_YEAR",
    "VN_TZ",
    "CalendarDay",
    "DayExplanation",
    "HoursPeriod",
    "WorkingCalendar",
    "WorkingHours",
    "add_months",
    "as_local",
    "default_last_year",
    "parse_intervals",
    "quote_moment",
    "working_time_text",
]


def add_months(day: date, months: int) -> date:
    """The same day number ``months`` later, or the last day of that month (§6.6: a period
    in months, *thời hạn tính bằng tháng*)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    import calendar as gregorian  # the module of the standard library, not this one

    last = gregorian.monthrange(year, month)[1]
    return date(year, month, min(day.day, last))
