"""Tests of the working calendar: arithmetic, hours, explanations, errors, properties.

The property tests compare the array-based calendar with a naive day-by-day reference
written here from the same inputs (the days the hooks return and the working hours).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta, timezone
from functools import cache

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tthc.calendar import (
    VN_TZ,
    CalendarDay,
    HoursPeriod,
    WorkingCalendar,
    WorkingHours,
    as_local,
    parse_intervals,
    working_time_text,
)
from tthc.errors import CalendarError
from tthc.hookspecs import hookimpl
from tthc.i18n import Text
from tthc.rules import Rules


@cache
def national() -> WorkingCalendar:
    return Rules.national().calendar


def local(*args: int) -> datetime:
    return datetime(*args, tzinfo=VN_TZ)  # type: ignore[arg-type,misc]


# -- working days -----------------------------------------------------------------------


def test_worked_examples_of_domain_notes() -> None:
    cal = national()
    # Thu 2026-11-26 + 3 working days -> Tue 2026-12-01
    assert cal.add_working_days(date(2026, 11, 26), 3) == date(2026, 12, 1)
    # Fri 2026-02-13 + 2 working days -> Tue 2026-02-24 (Tết 14-22 Feb)
    assert cal.add_working_days(date(2026, 2, 13), 2) == date(2026, 2, 24)
    # Thu 2026-04-23 15:30 + 8 working hours -> Fri 2026-04-24 15:30
    assert cal.add_working_time(local(2026, 4, 23, 15, 30), timedelta(hours=8)) == local(
        2026, 4, 24, 15, 30
    )


def test_add_working_days_zero_and_negative() -> None:
    cal = national()
    assert cal.add_working_days(date(2026, 2, 14), 0) == date(2026, 2, 14)
    assert cal.add_working_days(date(2026, 2, 23), -1) == date(2026, 2, 13)
    # from a day off, -1 is the previous working day
    assert cal.add_working_days(date(2026, 2, 18), -1) == date(2026, 2, 13)
    assert cal.add_working_days(date(2026, 2, 18), 1) == date(2026, 2, 23)
    assert cal.previous_working_day(date(2026, 1, 5)) == date(2025, 12, 31)  # 1-4 Jan off
    assert cal.next_working_day(date(2026, 1, 9)) == date(2026, 1, 10)  # make-up Saturday


def test_add_working_days_accepts_datetime_by_local_date() -> None:
    cal = national()
    utc_evening = datetime(2026, 11, 25, 20, 0, tzinfo=timezone.utc)  # 26 Nov 03:00 in Vietnam
    assert cal.add_working_days(utc_evening, 1) == date(2026, 11, 27)


def test_working_days_between_sign() -> None:
    cal = national()
    a, b = date(2026, 2, 13), date(2026, 2, 24)
    assert cal.working_days_between(a, b) == 2
    assert cal.working_days_between(b, a) == -2
    assert cal.working_days_between(a, a) == 0


def test_working_days_in_year_counts() -> None:
    cal = national()
    total = sum(1 for d in range(365) if cal.is_working_day(date(2026, 1, 1) + timedelta(d)))
    assert cal.working_days_in_year(2026) == total


# -- working time -----------------------------------------------------------------------


def test_due_on_interval_end_is_that_end() -> None:
    cal = national()
    # 8 hours from the opening of a working day end at 17:00 the same day, not 08:00 next day
    assert cal.add_working_time(local(2026, 11, 26, 8), timedelta(hours=8)) == local(
        2026, 11, 26, 17
    )
    # 4 hours from 08:00 end at 12:00 (lunch), not 13:00
    assert cal.add_working_time(local(2026, 11, 26, 8), timedelta(hours=4)) == local(
        2026, 11, 26, 12
    )


def test_add_working_time_from_outside_hours_and_backwards() -> None:
    cal = national()
    # after closing on Friday 13 Feb 2026: the next opening is Mon 23 Feb (Tết)
    assert cal.add_working_time(local(2026, 2, 13, 18), timedelta(hours=1)) == local(2026, 2, 23, 9)
    # backwards lands on the start of an interval
    assert cal.add_working_time(local(2026, 11, 26, 17), timedelta(hours=-8)) == local(
        2026, 11, 26, 8
    )
    assert cal.add_working_time(local(2026, 11, 26, 13), timedelta(hours=-1)) == local(
        2026, 11, 26, 11
    )
    assert cal.add_working_time(local(2026, 11, 26, 8), timedelta(0)) == local(2026, 11, 26, 8)


def test_working_time_is_exact_to_the_microsecond() -> None:
    cal = national()
    start = local(2026, 11, 26, 9, 0, 0, 1)
    delta = timedelta(hours=7, seconds=59, microseconds=999_999)
    end = cal.add_working_time(start, delta)
    assert cal.working_time_between(start, end) == delta


def test_working_time_between_across_tet() -> None:
    cal = national()
    assert cal.working_time_between(local(2026, 2, 13, 16), local(2026, 2, 24, 17)) == timedelta(
        hours=17
    )
    assert cal.working_time_between(local(2026, 2, 24, 17), local(2026, 2, 13, 16)) == -timedelta(
        hours=17
    )


def test_is_working_time_and_next_moment() -> None:
    cal = national()
    assert cal.is_working_time(local(2026, 11, 26, 8))
    assert not cal.is_working_time(local(2026, 11, 26, 12))  # end excluded
    assert not cal.is_working_time(local(2026, 11, 28, 9))  # Saturday
    assert cal.next_working_moment(local(2026, 11, 26, 12, 30)) == local(2026, 11, 26, 13)
    assert cal.next_working_moment(local(2026, 11, 26, 9, 15)) == local(2026, 11, 26, 9, 15)
    assert cal.next_working_moment(local(2026, 11, 27, 17)) == local(2026, 11, 30, 8)
    assert cal.next_working_moment(datetime(2026, 11, 26, 7, 0)) == local(2026, 11, 26, 8)


def test_intervals_and_end_of_day() -> None:
    cal = national()
    assert cal.intervals(date(2026, 11, 26)) == (
        (local(2026, 11, 26, 8), local(2026, 11, 26, 12)),
        (local(2026, 11, 26, 13), local(2026, 11, 26, 17)),
    )
    assert cal.intervals(date(2026, 2, 17)) == ()
    assert cal.end_of_working_day(date(2026, 11, 26)) == local(2026, 11, 26, 17)
    assert cal.start_of_working_day(date(2026, 11, 26)) == local(2026, 11, 26, 8)


# -- hours by season --------------------------------------------------------------------

SUMMER = HoursPeriod.of(
    "07:00-11:30, 13:30-17:00",
    season=((4, 15), (10, 14)),
    name=Text("giờ mùa hè", "summer hours"),
)
WINTER = HoursPeriod.of("07:30-12:00, 13:00-16:30", name=Text("giờ mùa đông", "winter hours"))


def seasonal_calendar() -> WorkingCalendar:
    return WorkingCalendar([], WorkingHours((SUMMER, WINTER)), first_year=2025, last_year=2027)


def test_hours_by_season() -> None:
    cal = seasonal_calendar()
    assert cal.hours_of(date(2026, 7, 1)) == ((time(7), time(11, 30)), (time(13, 30), time(17)))
    assert cal.hours_of(date(2026, 12, 1)) == ((time(7, 30), time(12)), (time(13), time(16, 30)))
    assert cal.hours_of(date(2026, 4, 14)) == cal.hours_of(date(2026, 1, 5))
    assert cal.end_of_working_day(date(2026, 10, 14)) == local(2026, 10, 14, 17)
    assert cal.end_of_working_day(date(2026, 10, 15)) == local(2026, 10, 15, 16, 30)
    # Tue 14 Oct 2026 (last summer day) 16:00 + 2h: 1h to 17:00, then 1h from 07:30 winter
    assert cal.add_working_time(local(2026, 10, 14, 16), timedelta(hours=2)) == local(
        2026, 10, 15, 8, 30
    )


def test_hours_by_date_range_first_match_wins() -> None:
    short_week = HoursPeriod.of("08:00-12:00", start=date(2026, 3, 2), end=date(2026, 3, 6))
    hours = WorkingHours((short_week, HoursPeriod.of("08:00-12:00, 13:00-17:00")))
    cal = WorkingCalendar([], hours, first_year=2026, last_year=2026)
    assert cal.end_of_working_day(date(2026, 3, 4)) == local(2026, 3, 4, 12)
    assert cal.end_of_working_day(date(2026, 3, 9)) == local(2026, 3, 9, 17)
    assert hours.period_for(date(2026, 3, 4)) is short_week


def test_season_wrapping_the_new_year() -> None:
    winter = HoursPeriod.of("07:30-11:30", season=((11, 1), (2, 29)))
    assert winter.applies_to(date(2027, 2, 28))
    assert winter.applies_to(date(2026, 12, 31))
    assert not winter.applies_to(date(2026, 3, 1))


def test_hours_seconds_property() -> None:
    assert SUMMER.seconds == 8 * 3600
    assert parse_intervals([("08:00", "12:00")]) == ((time(8), time(12)),)


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("12:00-08:00", "does not end after it starts"),
        ("08:00-12:00, 11:00-17:00", "overlaps or precedes"),
        ("13:00-17:00, 08:00-12:00", "overlaps or precedes"),
        ("8h-12h", "Cannot read the time '8h'"),
        ("25:00-26:00", "Cannot read the time '25:00'"),
        ("08:00", "must look like HH:MM-HH:MM"),
        ("", "have no interval"),
    ],
)
def test_invalid_hours(spec: str, message: str) -> None:
    with pytest.raises(CalendarError, match=message):
        HoursPeriod.of(spec)


def test_invalid_period_range_and_season() -> None:
    with pytest.raises(CalendarError, match="end 2026-01-01 is before start 2026-02-01"):
        HoursPeriod.of("08:00-12:00", start=date(2026, 2, 1), end=date(2026, 1, 1))
    with pytest.raises(CalendarError, match=r"The season \(\(13, 1\), \(2, 1\)\)"):
        HoursPeriod.of("08:00-12:00", season=((13, 1), (2, 1)))


def test_hours_must_cover_every_day() -> None:
    only_summer = WorkingHours((SUMMER,))
    with pytest.raises(CalendarError) as info:
        WorkingCalendar([], only_summer, first_year=2026, last_year=2026)
    assert info.value.message("en") == (
        "No working hours apply on 2026-01-01: " + NEED_EN.format(first=2026, last=2026)
    )
    with pytest.raises(CalendarError, match="No working hours apply on 2026-01-01"):
        only_summer.period_for(date(2026, 1, 1))


def test_working_hours_need_a_period() -> None:
    with pytest.raises(CalendarError, match="Working hours have no period"):
        WorkingHours(())


# What working hours that leave a day uncovered are told to do.
NEED_EN = (
    "the hours must apply on every day from the first to the last year of the calendar "
    "({first}-01-01 to {last}-12-31); add an open-ended period, e.g. a last one with no "
    "start, end or season, or one whose end is the day before the first period"
)
NEED_VI = (
    "giờ làm việc phải áp dụng cho mọi ngày từ năm đầu đến năm cuối của lịch "
    "({first}-01-01 đến {last}-12-31); thêm một giai đoạn không giới hạn, ví dụ một giai "
    "đoạn cuối không có start, end hay season, hoặc một giai đoạn có end là ngày trước "
    "giai đoạn đầu tiên"
)


class _HoursFromMid2025:
    """A synthetic plugin whose hours start on 2025-07-01 and cover nothing before."""

    @hookimpl
    def tthc_working_hours(self) -> WorkingHours:
        return WorkingHours((HoursPeriod.of("07:00-11:00, 13:00-17:00", start=date(2025, 7, 1)),))


def test_plugin_hours_that_leave_days_uncovered_name_the_plugin() -> None:
    rules = Rules.national()
    rules.pm.register(_HoursFromMid2025(), name="hours-from-2025")
    with pytest.raises(CalendarError) as info:
        rules.working_calendar(first_year=1995, last_year=2035)
    assert info.value.message("en") == (
        "Plugin 'hours-from-2025' returned working hours that do not apply on 1995-01-01 "
        "(tthc_working_hours): " + NEED_EN.format(first=1995, last=2035)
    )
    assert info.value.message("vi") == (
        "Plugin 'hours-from-2025' trả về giờ làm việc không áp dụng cho ngày 1995-01-01 "
        "(tthc_working_hours): " + NEED_VI.format(first=1995, last=2035)
    )
    assert info.value.plugin == "hours-from-2025"


def test_an_open_ended_first_period_covers_the_span() -> None:
    # The fix the message suggests: the earlier hours up to the day before the new ones.
    new = HoursPeriod.of("07:00-11:00, 13:00-17:00", start=date(2025, 7, 1))
    old = HoursPeriod.of("08:00-12:00, 13:00-17:00", end=date(2025, 6, 30))
    cal = WorkingCalendar([], WorkingHours((old, new)), first_year=1995, last_year=2030)
    assert cal.start_of_working_day(date(1995, 1, 2)) == local(1995, 1, 2, 8)
    assert cal.start_of_working_day(date(2025, 7, 1)) == local(2025, 7, 1, 7)
    assert cal.period_of(date(2025, 6, 30)) is old
    assert cal.periods_in(2025) == (old, new)
    assert cal.periods_in(2026) == (new,)


# -- explain ----------------------------------------------------------------------------


def test_explain_day_off_with_source() -> None:
    why = national().explain(date(2026, 2, 16))
    assert not why.working
    assert why.reason.vi == "Giao thừa (Tết Nguyên đán)"  # the statutory day, not the break
    assert "9441/TB-BNV" in why.source
    assert not why.estimate
    assert why.recorded
    assert why.text("en") == (
        "2026-02-16 (Monday): day off - Lunar New Year's Eve (Giao thừa, Tết); "
        "source: Thông báo 9441/TB-BNV (2025)"
    )
    assert why.text("vi").startswith(
        "2026-02-16 (thứ Hai): ngày nghỉ - Giao thừa (Tết Nguyên đán); nguồn:"
    )


def test_explain_make_up_saturday_and_plain_days() -> None:
    cal = national()
    saturday = cal.explain(date(2026, 1, 10))
    assert saturday.working
    assert "12729/VPCP-KGVX" in saturday.source
    assert "[08:00-12:00, 13:00-17:00]" in saturday.text("en")
    plain = cal.explain(date(2026, 11, 27))
    assert plain.working and not plain.recorded
    assert plain.reason == Text("ngày làm việc", "working day")
    weekend = cal.explain(date(2026, 11, 28))
    assert not weekend.working
    assert weekend.reason == Text("nghỉ cuối tuần", "weekend")
    assert weekend.text("vi").startswith("2026-11-28 (thứ Bảy): ngày nghỉ - nghỉ cuối tuần;")
    assert "188/1999/QĐ-TTg" in weekend.source
    assert str(weekend) == weekend.text()


def test_explain_estimate_years() -> None:
    why = national().explain(date(2030, 2, 4))
    assert why.estimate
    assert "estimate (no official decision known for this year)" in why.text("en")
    assert why.as_dict()["estimate"] is True
    assert why.as_dict()["reason"]["en"] == "3rd day of Tết (Mùng 3)"


class _OwnHours:
    """A synthetic province with its own, sourced working hours (fictional source)."""

    @hookimpl
    def tthc_working_hours(self) -> WorkingHours:
        summer = HoursPeriod.of(
            "07:00-11:30, 13:30-17:00",
            season=((4, 15), (10, 14)),
            name=Text("giờ mùa hè", "summer hours"),
            source="synthetic summer notice",
        )
        winter = HoursPeriod.of(
            "07:30-12:00, 13:00-16:30",
            name=Text("giờ mùa đông", "winter hours"),
            source="synthetic winter notice",
        )
        return WorkingHours((summer, winter), note=Text("ghi chú thử", "test note"))


def own_hours_calendar() -> WorkingCalendar:
    rules = Rules.national()
    rules.pm.register(_OwnHours(), name="own-hours")
    return rules.working_calendar(first_year=2026, last_year=2026)


class _Week:
    """A synthetic plugin answering working hours with (or without) a week's source."""

    def __init__(self, week_source: str) -> None:
        self.week_source = week_source

    @hookimpl
    def tthc_working_hours(self) -> WorkingHours:
        hours = WorkingHours.fixed("07:30-11:30, 13:30-17:00", source="synthetic notice")
        return WorkingHours(hours.periods, week_source=self.week_source)


class _NotHours:
    @hookimpl
    def tthc_working_hours(self) -> str:
        return "07:30-11:30"


def test_the_week_source_is_the_first_an_answer_gives() -> None:
    national_source = Rules.national().calendar.weekday_source
    assert national_source.startswith("Quyết định 188/1999/QĐ-TTg")
    # Hours without a week's source: the week stays the national one, and an answer between
    # (read only for the week's source) is not held to the hook's promise.
    rules = Rules.national()
    rules.pm.register(_NotHours(), name="not-hours")
    rules.pm.register(_Week(""), name="own-hours")
    cal = rules.working_calendar(first_year=2026, last_year=2026)
    assert cal.weekday_source == national_source
    assert cal.hours_plugin == "own-hours"
    assert cal.explain(date(2026, 12, 5)).source == national_source  # a Saturday
    # Hours that name their own week's decision: that one.
    rules = Rules.national()
    rules.pm.register(_Week("synthetic week decision"), name="own-week")
    cal = rules.working_calendar(first_year=2026, last_year=2026)
    assert cal.weekday_source == "synthetic week decision"
    assert cal.explain(date(2026, 12, 7)).source == "synthetic week decision"  # a Monday
    # The first answer is still checked.
    rules = Rules.national()
    rules.pm.register(_NotHours(), name="not-hours")
    with pytest.raises(CalendarError, match="Plugin 'not-hours' returned '07:30-11:30'"):
        rules.working_calendar(first_year=2026, last_year=2026)


def test_explain_gives_a_province_hours_their_own_source() -> None:
    cal = own_hours_calendar()
    why = cal.explain(date(2026, 6, 10))
    # The working-day status still rests on the Monday-Friday week ...
    assert "188/1999/QĐ-TTg" in why.source
    # ... the hours on the province's own notice.
    assert (why.hours_name, why.hours_source, why.hours_note) == (
        Text("giờ mùa hè", "summer hours"),
        "synthetic summer notice",
        Text("ghi chú thử", "test note"),
    )
    assert why.text("en").endswith(
        "[07:00-11:30, 13:30-17:00]; source: Quyết định 188/1999/QĐ-TTg (tuần làm việc 40 giờ, "
        "thứ Hai - thứ Sáu); hours: summer hours, source: synthetic summer notice (test note)"
    )
    assert why.text("vi").endswith(
        "; giờ làm việc: giờ mùa hè, nguồn: synthetic summer notice (ghi chú thử)"
    )
    assert why.as_dict()["hours"] == ["07:00-11:30", "13:30-17:00"]
    assert why.as_dict()["hours_source"] == "synthetic summer notice"
    assert why.as_dict()["hours_name"] == {"vi": "giờ mùa hè", "en": "summer hours"}
    assert why.as_dict()["hours_note"] == {"vi": "ghi chú thử", "en": "test note"}
    winter = cal.explain(date(2026, 12, 1))
    assert winter.hours_source == "synthetic winter notice"
    # A recorded working day (a make-up Saturday) keeps its decision as source, with the hours'.
    saturday = cal.explain(date(2026, 1, 10))
    assert "12729/VPCP-KGVX" in saturday.source
    assert saturday.hours_source == "synthetic winter notice"
    # No hours on a day off, so no hours' source either.
    off = cal.explain(date(2026, 2, 16))
    assert (off.hours, off.hours_name, off.hours_source) == ((), None, "")
    assert "hours:" not in off.text("en")


def test_explain_does_not_repeat_the_national_hours_source() -> None:
    why = national().explain(date(2026, 11, 27))
    assert (why.hours_name, why.hours_source, why.hours_note) == (None, "", None)
    assert why.text("en") == (
        "2026-11-27 (Friday): working day [08:00-12:00, 13:00-17:00]; source: "
        "Quyết định 188/1999/QĐ-TTg (tuần làm việc 40 giờ, thứ Hai - thứ Sáu)"
    )
    assert why.as_dict()["hours_name"] is None


def test_days_of_a_year_are_sorted_and_sourced() -> None:
    days = national().days(2026)
    assert [d.day for d in days] == sorted(d.day for d in days)
    assert all(d.source for d in days)
    assert date(2026, 1, 10) in {d.day for d in days if d.working}


# -- errors -----------------------------------------------------------------------------


def test_out_of_range_dates() -> None:
    cal = national()
    with pytest.raises(CalendarError, match=r"1994-12-31 is outside the working calendar \(1995-"):
        cal.is_working_day(date(1994, 12, 31))
    with pytest.raises(CalendarError) as info:
        cal.add_working_days(date(2100, 1, 1), 1)
    assert "2100-01-01" in info.value.message("vi")
    assert "nằm ngoài lịch làm việc" in info.value.message("vi")
    with pytest.raises(CalendarError, match="outside the working calendar"):
        cal.days(1990)
    with pytest.raises(CalendarError, match="1990-01-01T08:00:00"):
        cal.add_working_time(datetime(1990, 1, 1, 8), timedelta(hours=1))


UTC7 = timezone(timedelta(hours=7))


@pytest.mark.parametrize(
    ("moment", "quoted"),
    [
        # Before 1911 the zone database gives Vietnam local mean time (+07:06:30), and +08:00
        # at times until June 1975: a message never shows those. The time is quoted as typed.
        (datetime(1800, 1, 2, 8, 0), "1800-01-02T08:00:00"),
        (datetime(1800, 1, 2, 8, 0, tzinfo=UTC7), "1800-01-02T08:00:00+07:00"),
        (datetime(1800, 1, 2, 1, 0, tzinfo=timezone.utc), "1800-01-02T08:00:00+07:00"),
        (datetime(1960, 1, 2, 8, 0), "1960-01-02T08:00:00"),
        (datetime(1960, 1, 2, 8, 0, tzinfo=UTC7), "1960-01-02T08:00:00+07:00"),
        (datetime(2040, 1, 2, 1, 0, tzinfo=timezone.utc), "2040-01-02T08:00:00+07:00"),
    ],
)
def test_a_moment_outside_the_calendar_is_quoted_without_local_mean_time(
    moment: datetime, quoted: str
) -> None:
    cal = national()
    for call in (
        lambda: cal.is_working_time(moment),
        lambda: cal.next_working_moment(moment),
        lambda: cal.working_time_between(moment, local(2026, 1, 5, 8)),
        lambda: cal.add_working_time(moment, timedelta(hours=1)),
        lambda: cal.add_working_time(as_local(moment), timedelta(hours=1)),
    ):
        with pytest.raises(CalendarError) as info:
            call()
        en, vi = info.value.message("en"), info.value.message("vi")
        assert en.startswith(quoted) and vi.startswith(quoted)
        assert " is outside the working calendar (1995-" in en
        assert " nằm ngoài lịch làm việc (1995-" in vi
        assert "+07:06" not in en and "+08:00" not in en


def test_adding_beyond_the_range() -> None:
    cal = WorkingCalendar([], WorkingHours.fixed("08:00-17:00"), first_year=2026, last_year=2026)
    with pytest.raises(CalendarError, match="Adding 10 working days to 2026-12-28 leaves"):
        cal.add_working_days(date(2026, 12, 28), 10)
    with pytest.raises(CalendarError, match="Adding -3 working days to 2026-01-02 leaves"):
        cal.add_working_days(date(2026, 1, 2), -3)
    with pytest.raises(CalendarError) as info:
        cal.add_working_days(date(2026, 12, 31), 1)
    assert info.value.message("en").startswith("Adding 1 working day to 2026-12-31 leaves")
    assert info.value.message("vi").startswith("Cộng 1 ngày làm việc vào 2026-12-31 vượt ra")
    with pytest.raises(CalendarError, match="of working time to 2026-12-31T16:00:00"):
        cal.add_working_time(local(2026, 12, 31, 16), timedelta(hours=2))
    with pytest.raises(CalendarError, match="of working time to 2026-01-01T09:00:00"):
        cal.add_working_time(local(2026, 1, 1, 9), timedelta(hours=-2))


def test_bad_inputs() -> None:
    cal = national()
    with pytest.raises(CalendarError, match="Expected a date, got '2026-01-01'"):
        cal.is_working_day("2026-01-01")  # type: ignore[arg-type]
    with pytest.raises(CalendarError, match="CalendarDay needs a date, got '2026-01-01'"):
        CalendarDay("2026-01-01", False, Text("x", "x"), "test")  # type: ignore[arg-type]
    with pytest.raises(CalendarError, match="Expected a CalendarDay, got 'x'"):
        WorkingCalendar(["x"], WorkingHours.fixed("08:00-17:00"))  # type: ignore[list-item]
    with pytest.raises(CalendarError, match="Last year 2020 is before first year 2026"):
        WorkingCalendar([], WorkingHours.fixed("08:00-17:00"), first_year=2026, last_year=2020)


# -- plugins through the hooks -----------------------------------------------------------


class _Province:
    """A synthetic province plugin (not a real province's rules)."""

    @hookimpl
    def tthc_calendar_days(self, first_year: int, last_year: int) -> list[CalendarDay]:
        return [
            # cancels the national day off of 24 Nov 2026
            CalendarDay(date(2026, 11, 24), True, Text("làm việc", "working"), "synthetic test"),
            CalendarDay(date(2026, 12, 4), False, Text("nghỉ địa phương", "local"), "synthetic"),
        ]

    @hookimpl
    def tthc_working_hours(self) -> WorkingHours:
        return WorkingHours((SUMMER, WINTER))


class _Broken:
    @hookimpl
    def tthc_calendar_days(self, first_year: int, last_year: int) -> list[object]:
        return ["not a day"]


def test_province_answers_win() -> None:
    rules = Rules.national()
    rules.pm.register(_Province(), name="synthetic-province")
    cal = rules.working_calendar()
    assert cal.is_working_day(date(2026, 11, 24))
    assert not cal.is_working_day(date(2026, 12, 4))
    assert cal.explain(date(2026, 12, 4)).source == "synthetic"
    assert cal.end_of_working_day(date(2026, 7, 1)) == local(2026, 7, 1, 17)
    assert cal.end_of_working_day(date(2026, 12, 1)) == local(2026, 12, 1, 16, 30)
    assert not cal.is_working_day(date(2026, 2, 16))  # national days still apply


class _Records2027:
    """A synthetic plugin that has recorded 2027's decisions (as the calendar docs show)."""

    @hookimpl
    def tthc_calendar_days(self, first_year: int, last_year: int) -> list[CalendarDay]:
        return [CalendarDay(date(2027, 2, 11), False, Text("nghỉ", "day off"), "synthetic")]

    @hookimpl
    def tthc_official_years(self) -> list[int]:
        return [2027]


def test_a_year_declared_official_by_a_plugin_is_no_estimate_anywhere() -> None:
    rules = Rules.national()
    rules.pm.register(_Records2027(), name="records-2027")
    cal = rules.working_calendar()
    assert not cal.is_estimate(2027)
    # The national statutory days of 2027 are now part of an official year.
    why = cal.explain(date(2027, 1, 1))
    assert (why.working, why.recorded, why.estimate) == (False, True, False)
    assert "estimate" not in why.text("en")
    # Except Culture Day, whose own decision is unconfirmed in any year.
    assert [d.day for d in cal.days(2027) if d.estimate] == [date(2027, 11, 24)]
    assert national().explain(date(2027, 1, 1)).estimate  # still one nationally


# Synthetic days (year 2030, no real decision): one confirmed, one not.
_CONFIRMED = CalendarDay(date(2030, 1, 2), False, Text("ngày nghỉ", "day off"), "synthetic", True)
_UNCONFIRMED = CalendarDay(
    date(2030, 1, 3), False, Text("ngày nghỉ", "day off"), "synthetic", confirmed=False
)


def test_an_unconfirmed_day_is_always_an_estimate() -> None:
    assert _UNCONFIRMED.estimate  # implied by confirmed=False
    cal = WorkingCalendar(
        [_CONFIRMED, _UNCONFIRMED],
        WorkingHours.fixed("08:00-17:00"),
        first_year=2030,
        last_year=2030,
        official_years=[2030],
    )
    # The official year clears the year-based estimate, not the unconfirmed one.
    confirmed, unconfirmed = cal.explain(date(2030, 1, 2)), cal.explain(date(2030, 1, 3))
    assert (confirmed.estimate, confirmed.confirmed) == (False, True)
    assert (unconfirmed.estimate, unconfirmed.confirmed) == (True, False)
    assert [d.estimate for d in cal.days(2030)] == [False, True]
    assert unconfirmed.text("en") == (
        "2030-01-03 (Thursday): day off; source: synthetic; "
        "estimate (the decision on this day is not confirmed)"
    )
    assert unconfirmed.text("vi") == (
        "2030-01-03 (thứ Năm): ngày nghỉ; nguồn: synthetic; "
        "tạm tính (văn bản về ngày này chưa được xác nhận)"
    )
    assert unconfirmed.as_dict()["confirmed"] is False
    assert confirmed.as_dict()["confirmed"] is True


def test_unconfirmed_days_between() -> None:
    cal = WorkingCalendar(
        [_CONFIRMED, _UNCONFIRMED],
        WorkingHours.fixed("08:00-17:00"),
        first_year=2030,
        last_year=2030,
    )
    assert cal.unconfirmed_days(date(2030, 1, 1), date(2030, 12, 31)) == (date(2030, 1, 3),)
    assert cal.unconfirmed_days(date(2030, 1, 3), date(2030, 1, 3)) == (date(2030, 1, 3),)
    assert cal.unconfirmed_days(date(2030, 1, 5), date(2030, 1, 2)) == (date(2030, 1, 3),)
    assert cal.unconfirmed_days(date(2030, 1, 4), date(2030, 12, 31)) == ()
    assert cal.unconfirmed_days(date(2030, 1, 1), date(2030, 1, 2)) == ()
    with pytest.raises(CalendarError) as info:
        cal.unconfirmed_days(date(2030, 1, 1), date(2031, 1, 1))
    assert info.value.message("en") == "2031-01-01 is outside the working calendar (2030-2030)"
    assert info.value.message("vi") == "2031-01-01 nằm ngoài lịch làm việc (2030-2030)"


class _OneDayNotAList:
    """A synthetic plugin answering tthc_calendar_days with one day instead of a list."""

    @hookimpl
    def tthc_calendar_days(self, first_year: int, last_year: int) -> CalendarDay:
        return CalendarDay(date(2026, 6, 10), False, Text("nghỉ", "off"), "synthetic")


class _YearsAsText:
    """A synthetic plugin answering tthc_official_years with a string."""

    def __init__(self, answer: object) -> None:
        self.answer = answer

    @hookimpl
    def tthc_official_years(self) -> object:
        return self.answer


def test_one_calendar_day_instead_of_a_list_is_refused_by_name() -> None:
    rules = Rules.national()
    rules.pm.register(_OneDayNotAList(), name="one-day")
    with pytest.raises(CalendarError) as info:
        rules.working_calendar()
    day = repr(CalendarDay(date(2026, 6, 10), False, Text("nghỉ", "off"), "synthetic"))
    day = day[:79] + "…"  # quoted briefly
    assert info.value.message("en") == (
        f"Plugin 'one-day' returned {day} instead of a list of CalendarDay (tthc_calendar_days)"
    )
    assert info.value.message("vi") == (
        f"Plugin 'one-day' trả về {day} thay vì một danh sách CalendarDay (tthc_calendar_days)"
    )
    assert info.value.plugin == "one-day"


@pytest.mark.parametrize("answer", ["2027", ["2027"], [2027.0], [True], {2027: "x"}, 2027])
def test_official_years_that_are_not_a_list_of_ints_are_refused_by_name(answer: object) -> None:
    rules = Rules.national()
    rules.pm.register(_YearsAsText(answer), name="years-as-text")
    with pytest.raises(CalendarError) as info:
        rules.working_calendar()
    assert info.value.message("en") == (
        f"Plugin 'years-as-text' returned {answer!r} instead of a list of years (int) "
        "(tthc_official_years)"
    )
    assert info.value.message("vi") == (
        f"Plugin 'years-as-text' trả về {answer!r} thay vì một danh sách năm (int) "
        "(tthc_official_years)"
    )
    assert info.value.plugin == "years-as-text"


@pytest.mark.parametrize("answer", [[2027], (2027,), {2027}, frozenset({2027})])
def test_official_years_in_any_collection(answer: object) -> None:
    rules = Rules.national()
    rules.pm.register(_YearsAsText(answer), name="years")
    assert 2027 in rules.working_calendar().official_years


def test_official_years_from_a_generator_are_not_lost() -> None:
    # the type check must not use up the generator before the years are taken
    rules = Rules.national()
    rules.pm.register(_YearsAsText(y for y in [2030]), name="years")
    assert 2030 in rules.working_calendar().official_years


def test_a_wrong_answer_is_quoted_briefly() -> None:
    rules = Rules.national()
    rules.pm.register(_YearsAsText({str(y): y for y in range(1000)}), name="years")
    with pytest.raises(CalendarError) as info:
        rules.working_calendar()
    message = info.value.message("en")
    assert message.startswith("Plugin 'years' returned {'0': 0, ")
    assert "…" in message and len(message) < 200


def test_plugin_returning_garbage_is_named() -> None:
    rules = Rules.national()
    rules.pm.register(_Broken(), name="broken-plugin")
    with pytest.raises(CalendarError, match="Plugin 'broken-plugin' returned 'not a day'"):
        rules.working_calendar()


# -- properties against a naive day-by-day reference -------------------------------------


class Reference:
    """A naive day-by-day calendar from raw inputs: first answer per date, then Mon-Fri."""

    def __init__(self, flags: dict[date, bool], hours: WorkingHours) -> None:
        self.flags = flags
        self.hours = hours

    def working(self, day: date) -> bool:
        return self.flags.get(day, day.weekday() < 5)

    def add_days(self, day: date, n: int) -> date:
        step = 1 if n > 0 else -1
        left = abs(n)
        while left:
            day += timedelta(days=step)
            if self.working(day):
                left -= 1
        return day

    def worked(self, day: date, upto: time | None) -> timedelta:
        """Working time on ``day`` before ``upto`` (all of it if None)."""
        if not self.working(day):
            return timedelta(0)
        total = timedelta(0)
        for a, b in self.hours.intervals_for(day):
            end = b if upto is None else min(b, max(a, upto))
            total += datetime.combine(day, end) - datetime.combine(day, a)
        return total

    def between(self, a: datetime, b: datetime) -> timedelta:
        if b < a:
            return -self.between(b, a)
        if a.date() == b.date():
            return self.worked(a.date(), b.time()) - self.worked(a.date(), a.time())
        total = self.worked(a.date(), None) - self.worked(a.date(), a.time())
        day = a.date() + timedelta(days=1)
        while day < b.date():
            total += self.worked(day, None)
            day += timedelta(days=1)
        return total + self.worked(b.date(), b.time())


@cache
def reference() -> Reference:
    """The national rules' raw hook answers."""
    rules = Rules.national()
    cal = rules.calendar
    flags: dict[date, bool] = {}
    for _name, answer in rules.call_each(
        "tthc_calendar_days", first_year=cal.first_year, last_year=cal.last_year
    ):
        for entry in answer:
            flags.setdefault(entry.day, entry.working)
    return Reference(flags, cal.hours)


def ref_working(day: date) -> bool:
    return reference().working(day)


def ref_add_days(day: date, n: int) -> date:
    return reference().add_days(day, n)


def ref_between(a: datetime, b: datetime) -> timedelta:
    return reference().between(a, b)


days_st = st.dates(min_value=date(1996, 1, 1), max_value=date(2034, 12, 31))
moments_st = st.builds(
    lambda d, minutes, us: (
        datetime.combine(d, time()).replace(tzinfo=VN_TZ)
        + timedelta(minutes=minutes, microseconds=us)
    ),
    days_st,
    st.integers(0, 24 * 60 - 1),
    st.integers(0, 999_999),
)


@settings(max_examples=200, deadline=None)
@given(days_st, st.integers(-200, 200))
def test_add_days_agrees_with_reference(day: date, n: int) -> None:
    cal = national()
    assert cal.is_working_day(day) == ref_working(day)
    result = cal.add_working_days(day, n)
    assert result == ref_add_days(day, n)
    if cal.is_working_day(day):
        assert cal.working_days_between(day, result) == n


@settings(max_examples=200, deadline=None)
@given(days_st, st.integers(-100, 100), st.integers(0, 100))
def test_add_days_monotonic(day: date, n: int, extra: int) -> None:
    cal = national()
    assert cal.add_working_days(day, n) <= cal.add_working_days(day, n + extra)
    later = day + timedelta(days=extra)
    assert cal.add_working_days(day, n) <= cal.add_working_days(later, n)


@settings(max_examples=150, deadline=None)
@given(days_st, st.integers(-40, 40))
def test_days_between_agrees_with_reference(a: date, offset: int) -> None:
    b = a + timedelta(days=offset)
    lo, hi = min(a, b), max(a, b)
    count = sum(1 for k in range(1, (hi - lo).days + 1) if ref_working(lo + timedelta(days=k)))
    assert national().working_days_between(a, b) == (count if b >= a else -count)


@settings(max_examples=150, deadline=None)
@given(moments_st, st.integers(-40 * 24 * 60, 40 * 24 * 60))
def test_working_time_agrees_with_reference(a: datetime, minutes: int) -> None:
    b = a + timedelta(minutes=minutes)
    assert national().working_time_between(a, b) == ref_between(a, b)


@settings(max_examples=200, deadline=None)
@given(moments_st, st.integers(1, 200 * 3600 * 1_000_000))
def test_add_time_inverse(a: datetime, us: int) -> None:
    cal = national()
    delta = timedelta(microseconds=us)
    due = cal.add_working_time(a, delta)
    assert due > a
    assert cal.working_time_between(a, due) == delta
    # the earliest such moment: it never lies after the end of working time it needs
    assert due <= cal.add_working_time(a, delta + timedelta(microseconds=1))
    back = cal.add_working_time(due, -delta)
    assert cal.working_time_between(back, due) == delta


def test_moments_must_be_datetimes() -> None:
    cal = national()
    with pytest.raises(CalendarError, match=r"Expected a moment \(datetime\), got datetime.date"):
        cal.add_working_time(date(2026, 1, 5), timedelta(hours=1))  # type: ignore[arg-type]
    with pytest.raises(CalendarError, match=r"Expected a moment \(datetime\), got datetime.time"):
        cal.is_working_time(time(9))  # type: ignore[arg-type]


# A synthetic jurisdiction (not a real province): seasonal hours, a short-day period and
# random days off / make-up Saturdays, against the same naive reference.
_RNG_DAYS = [date(2024, 1, 1) + timedelta(days=k * 7 + k % 5) for k in range(0, 150, 3)]
SYNTHETIC_DAYS = [
    CalendarDay(d, d.weekday() >= 5, Text("tổng hợp", "synthetic"), "synthetic test data")
    for d in _RNG_DAYS
]
SYNTHETIC_HOURS = WorkingHours(
    (
        HoursPeriod.of("08:00-11:00", start=date(2025, 3, 2), end=date(2025, 3, 20)),
        SUMMER,
        WINTER,
    )
)


@cache
def synthetic() -> tuple[WorkingCalendar, Reference]:
    cal = WorkingCalendar(SYNTHETIC_DAYS, SYNTHETIC_HOURS, first_year=2023, last_year=2027)
    flags = {d.day: d.working for d in SYNTHETIC_DAYS}
    return cal, Reference(flags, SYNTHETIC_HOURS)


synthetic_moments = st.builds(
    lambda d, minutes: datetime.combine(d, time()) + timedelta(minutes=minutes),
    st.dates(min_value=date(2023, 6, 1), max_value=date(2027, 6, 30)),
    st.integers(0, 24 * 60 - 1),
)


@settings(max_examples=150, deadline=None)
@given(synthetic_moments, st.integers(-30 * 24 * 60, 30 * 24 * 60), st.integers(-60, 60))
def test_seasonal_calendar_agrees_with_reference(a: datetime, minutes: int, n: int) -> None:
    cal, ref = synthetic()
    b = a + timedelta(minutes=minutes)
    assert cal.working_time_between(a, b) == ref.between(a, b)
    assert cal.add_working_days(a.date(), n) == ref.add_days(a.date(), n)
    if minutes > 0:
        due = cal.add_working_time(a, timedelta(minutes=minutes))
        assert ref.between(a, due.replace(tzinfo=None)) == timedelta(minutes=minutes)


def test_import_tthc_builds_nothing() -> None:
    """``import tthc`` stays cheap: the calendar module loads on first use."""
    import subprocess
    import sys

    code = (
        "import sys, tthc; "
        "print(sorted(m for m in ('tthc.calendar', 'holidays', 'yaml') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


# -- error paths a plugin or a caller can reach (each message quotes the bad input) -------


def test_calendar_day_reason_must_be_text() -> None:
    day = CalendarDay(datetime(2026, 1, 1, 9), False, "nghỉ", "synthetic")  # type: ignore[arg-type]
    assert (day.day, day.reason) == (date(2026, 1, 1), Text("nghỉ", "nghỉ"))
    with pytest.raises(CalendarError) as info:
        CalendarDay(date(2026, 1, 1), False, 42, "synthetic")  # type: ignore[arg-type]
    assert info.value.message("en") == "The reason for 2026-01-01 must be a Text, got 42"
    assert info.value.message("vi") == "Lý do của ngày 2026-01-01 phải là Text, nhận được 42"


def test_working_hours_must_not_carry_a_time_zone() -> None:
    with pytest.raises(CalendarError) as info:
        HoursPeriod.of([(time(8, tzinfo=timezone.utc), time(17))])
    quoted = "datetime.time(8, 0, tzinfo=datetime.timezone.utc)"
    assert info.value.message("en").endswith(f"must not carry a time zone: {quoted}")
    assert info.value.message("vi").endswith(f"không được mang múi giờ: {quoted}")


def test_too_many_distinct_hour_sets() -> None:
    # 256 one-day periods with distinct hours, plus a general one: one set too many.
    first = date(2026, 1, 1)
    periods = [
        HoursPeriod.of(f"08:00-{9 + k // 60:02d}:{k % 60:02d}", start=day, end=day)
        for k in range(256)
        for day in [first + timedelta(days=k)]
    ]
    hours = WorkingHours((*periods, HoursPeriod.of("08:00-17:00")))
    with pytest.raises(CalendarError) as info:
        WorkingCalendar([], hours, first_year=2026, last_year=2026)
    assert info.value.message("en") == "Too many hour sets (255)"
    assert info.value.message("vi") == "Quá nhiều bộ giờ làm việc (tối đa 255)"


class _HoursAsText:
    """A synthetic plugin answering tthc_working_hours with text instead of WorkingHours."""

    @hookimpl
    def tthc_working_hours(self) -> str:
        return "07:30-17:00"


def test_plugin_working_hours_of_the_wrong_type() -> None:
    rules = Rules.national()
    rules.pm.register(_HoursAsText(), name="hours-as-text")
    with pytest.raises(CalendarError) as info:
        rules.working_calendar()
    assert info.value.message("en") == (
        "Plugin 'hours-as-text' returned '07:30-17:00' instead of WorkingHours (tthc_working_hours)"
    )
    assert info.value.message("vi") == (
        "Plugin 'hours-as-text' trả về '07:30-17:00' thay vì WorkingHours (tthc_working_hours)"
    )
    assert info.value.plugin == "hours-as-text"


def test_next_working_moment_past_the_last_working_day() -> None:
    cal = WorkingCalendar([], WorkingHours.fixed("08:00-17:00"), first_year=2026, last_year=2026)
    assert cal.next_working_moment(datetime(2026, 12, 31, 16)) == local(2026, 12, 31, 16)
    with pytest.raises(CalendarError) as info:
        cal.next_working_moment(datetime(2026, 12, 31, 18))
    # The moment is inside the calendar: the message says what lies outside it.
    assert info.value.message("en") == (
        "The next working moment after 2026-12-31T18:00:00 lies past 2026, the last year the "
        "working calendar covers (2026-2026)"
    )
    assert info.value.message("vi") == (
        "Thời điểm làm việc tiếp theo sau 2026-12-31T18:00:00 nằm sau năm 2026, năm cuối mà "
        "lịch làm việc bao quát (2026-2026)"
    )


def test_working_days_in_a_year_outside_the_calendar() -> None:
    cal = WorkingCalendar([], WorkingHours.fixed("08:00-17:00"), first_year=2026, last_year=2026)
    assert cal.working_days_in_year(2026) == 261
    for year in (2025, 2027):
        with pytest.raises(CalendarError) as info:
            cal.working_days_in_year(year)
        assert info.value.message("en") == f"{year} is outside the working calendar (2026-2026)"
        assert info.value.message("vi") == f"{year} nằm ngoài lịch làm việc (2026-2026)"


@pytest.mark.parametrize("item", [42, ("08:00",), ("08:00", "12:00", "17:00")])
def test_an_interval_that_is_not_a_pair(item: object) -> None:
    with pytest.raises(CalendarError) as info:
        parse_intervals([item])
    assert info.value.message("en") == f"The interval {item!r} must be a pair (start, end)"
    assert info.value.message("vi") == f"Khoảng giờ {item!r} phải là một cặp (bắt đầu, kết thúc)"


def test_adding_beyond_the_range_in_vietnamese() -> None:
    cal = WorkingCalendar([], WorkingHours.fixed("08:00-17:00"), first_year=2026, last_year=2026)
    with pytest.raises(CalendarError) as info:
        cal.add_working_days(date(2026, 12, 28), 10)
    assert info.value.message("vi") == (
        "Cộng 10 ngày làm việc vào 2026-12-28 vượt ra ngoài lịch làm việc (2026-2026)"
    )
    with pytest.raises(CalendarError) as info:
        cal.add_working_days(date(2026, 1, 2), -3)
    assert info.value.message("vi") == (
        "Cộng -3 ngày làm việc vào 2026-01-02 vượt ra ngoài lịch làm việc (2026-2026)"
    )
    with pytest.raises(CalendarError) as info:
        cal.add_working_time(local(2026, 12, 31, 16), timedelta(hours=2))
    assert info.value.message("vi") == (
        "Cộng 2 giờ làm việc vào 2026-12-31T16:00:00+07:00 vượt ra ngoài lịch làm việc (2026-2026)"
    )


@pytest.mark.parametrize(
    ("hours", "start", "vi", "en"),
    [
        # str(timedelta) printed these as '-1 day, 22:00:00' and '1 day, 6:00:00'.
        (-2, local(2026, 1, 1, 9), "-2 giờ", "-2 hours"),
        (30, local(2026, 12, 31, 16), "30 giờ", "30 hours"),
    ],
)
def test_adding_working_time_beyond_the_range_shows_the_amount_as_given(
    hours: int, start: datetime, vi: str, en: str
) -> None:
    cal = WorkingCalendar([], WorkingHours.fixed("08:00-17:00"), first_year=2026, last_year=2026)
    with pytest.raises(CalendarError) as info:
        cal.add_working_time(start, timedelta(hours=hours))
    when = start.isoformat()
    assert info.value.message("vi") == (
        f"Cộng {vi} làm việc vào {when} vượt ra ngoài lịch làm việc (2026-2026)"
    )
    assert info.value.message("en") == (
        f"Adding {en} of working time to {when} leaves the working calendar (2026-2026)"
    )


@pytest.mark.parametrize(
    ("amount", "vi", "en"),
    [
        (timedelta(hours=1, minutes=30), "1 giờ 30 phút", "1 hour 30 minutes"),
        (timedelta(minutes=-1), "-1 phút", "-1 minute"),
        (timedelta(hours=2, seconds=5), "2 giờ 5 giây", "2 hours 5 seconds"),
        (timedelta(seconds=1), "1 giây", "1 second"),
        (timedelta(microseconds=-1_500_000), "-1,5 giây", "-1.5 seconds"),
        (timedelta(0), "0 giây", "0 seconds"),
        (timedelta(days=3), "72 giờ", "72 hours"),  # never 'days': a working day is 8 hours
    ],
)
def test_working_time_text(amount: timedelta, vi: str, en: str) -> None:
    text = working_time_text(amount)
    assert (text.vi, text.en) == (vi, en)


def _garbage_from_a_plugin() -> None:
    rules = Rules.national()
    rules.pm.register(_Broken(), name="broken-plugin")
    rules.working_calendar()


_CAL_2026 = WorkingCalendar([], WorkingHours.fixed("08:00-17:00"), first_year=2026, last_year=2026)

# The tests above check these messages in English; here the same inputs in Vietnamese.
CALENDAR_ERRORS_VI = [
    (
        lambda: as_local("2026-11-26"),  # type: ignore[arg-type]
        "Cần một thời điểm (datetime), nhận được '2026-11-26'",
    ),
    (
        lambda: as_local(datetime(9999, 12, 31, 23, 59, tzinfo=timezone.utc)),
        "Thời điểm 9999-12-31T23:59:00+00:00 đổi sang giờ Việt Nam nằm ngoài phạm vi ngày",
    ),
    (
        lambda: HoursPeriod.of("12:00-08:00"),
        "Khoảng giờ 12:00-08:00 kết thúc không sau khi bắt đầu",
    ),
    (
        lambda: HoursPeriod.of("08:00-12:00, 11:00-17:00"),
        "Khoảng giờ 11:00-17:00 chồng lên hoặc đứng trước khoảng trước",
    ),
    (
        lambda: HoursPeriod.of("8h-12h"),
        "Không đọc được giờ '8h' trong giờ làm việc '8h-12h' (dạng HH:MM)",
    ),
    (lambda: HoursPeriod.of("08:00"), "Khoảng giờ '08:00' phải có dạng HH:MM-HH:MM"),
    (lambda: HoursPeriod.of(""), "Giờ làm việc 'giờ làm việc' không có khoảng nào"),
    (
        lambda: HoursPeriod.of("08:00-12:00", start=date(2026, 2, 1), end=date(2026, 1, 1)),
        "Giờ làm việc 'giờ làm việc': ngày kết thúc 2026-01-01 trước ngày bắt đầu 2026-02-01",
    ),
    (
        lambda: HoursPeriod.of("08:00-12:00", season=((13, 1), (2, 1))),
        "Mùa ((13, 1), (2, 1)) phải là ((tháng, ngày), (tháng, ngày))",
    ),
    (lambda: WorkingHours(()), "Giờ làm việc không có giai đoạn nào"),
    (
        lambda: WorkingCalendar([], WorkingHours((SUMMER,)), first_year=2026, last_year=2026),
        "Không có giờ làm việc nào áp dụng cho ngày 2026-01-01: "
        + NEED_VI.format(first=2026, last=2026),
    ),
    (
        lambda: WorkingHours((SUMMER,)).period_for(date(2026, 1, 1)),
        "Không có giờ làm việc nào áp dụng cho ngày 2026-01-01",
    ),
    (
        lambda: _CAL_2026.is_working_day("2026-01-01"),  # type: ignore[arg-type]
        "Cần một ngày (date), nhận được '2026-01-01'",
    ),
    (
        lambda: CalendarDay("2026-01-01", False, Text("x", "x"), "test"),  # type: ignore[arg-type]
        "CalendarDay cần một ngày (date), nhận được '2026-01-01'",
    ),
    (
        lambda: WorkingCalendar(["x"], WorkingHours.fixed("08:00-17:00")),  # type: ignore[list-item]
        "Cần CalendarDay, nhận được 'x'",
    ),
    (
        lambda: WorkingCalendar(
            [], WorkingHours.fixed("08:00-17:00"), first_year=2026, last_year=2020
        ),
        "Năm cuối 2020 trước năm đầu 2026",
    ),
    (
        _garbage_from_a_plugin,
        "Plugin 'broken-plugin' trả về 'not a day' thay vì CalendarDay (tthc_calendar_days)",
    ),
]


@pytest.mark.parametrize(("trigger", "message"), CALENDAR_ERRORS_VI)
def test_calendar_errors_in_vietnamese(trigger: Callable[[], object], message: str) -> None:
    with pytest.raises(CalendarError) as info:
        trigger()
    assert info.value.message("vi") == message


# -- edges a mutation run showed untested -----------------------------------------------


def test_backwards_from_closing_lands_on_the_afternoon_start_not_noon() -> None:
    cal = national()
    # Thu 2026-11-26, hours 08:00-12:00 and 13:00-17:00. 17:00 - 4 working hours is the
    # start of the afternoon interval: 13:00, not the end of the morning (12:00), though
    # both are the same working position.
    assert cal.add_working_time(local(2026, 11, 26, 17), timedelta(hours=-4)) == local(
        2026, 11, 26, 13
    )
    # 17:00 - 4h30: the whole afternoon (4h) and 30 minutes of the morning -> 11:30
    assert cal.add_working_time(local(2026, 11, 26, 17), -timedelta(hours=4, minutes=30)) == (
        local(2026, 11, 26, 11, 30)
    )
    # Fri 2026-11-27 08:00 - 8h: the whole of Thursday -> Thu 08:00, not Wed 17:00
    assert cal.add_working_time(local(2026, 11, 27, 8), timedelta(hours=-8)) == local(
        2026, 11, 26, 8
    )


def _one_year() -> WorkingCalendar:
    # 2026 only, no days off recorded: Monday-Friday. 1 Jan 2026 is a Thursday,
    # 31 Dec 2026 a Thursday.
    return WorkingCalendar(
        [], WorkingHours.fixed("08:00-12:00,13:00-17:00"), first_year=2026, last_year=2026
    )


def test_the_first_day_past_the_calendar_raises_calendar_error() -> None:
    cal = _one_year()
    past = date(2027, 1, 1)
    for call in (
        lambda: cal.is_working_day(past),
        lambda: cal.add_working_days(past, 0),
        lambda: cal.add_working_days(past, 1),
        lambda: cal.add_working_days(past, -1),
        lambda: cal.working_days_between(date(2026, 6, 1), past),
        lambda: cal.add_working_time(datetime(2027, 1, 1, 8), timedelta(hours=1)),
        lambda: cal.is_working_time(local(2027, 1, 1, 8)),
    ):
        with pytest.raises(CalendarError, match=r"2027-01-01.* is outside the working calendar"):
            call()
    before = date(2025, 12, 31)
    with pytest.raises(CalendarError, match=r"2025-12-31 is outside the working calendar"):
        cal.add_working_days(before, 0)
    with pytest.raises(CalendarError, match=r"2025-12-31 is outside the working calendar"):
        cal.is_working_day(before)


def test_the_first_and_last_days_of_the_calendar_are_inside_it() -> None:
    cal = _one_year()
    first, last = date(2026, 1, 1), date(2026, 12, 31)
    assert cal.is_working_day(first) and cal.is_working_day(last)
    assert cal.add_working_days(first, 0) == first
    assert cal.add_working_days(last, 0) == last
    # Thu 1 Jan + 1 -> Fri 2 Jan; Thu 31 Dec - 1 -> Wed 30 Dec
    assert cal.add_working_days(first, 1) == date(2026, 1, 2)
    assert cal.add_working_days(last, -1) == date(2026, 12, 30)
    # 1 Jan is the first working day: nothing before it
    with pytest.raises(CalendarError, match="Adding -1 working day to 2026-01-01 leaves"):
        cal.add_working_days(first, -1)
    assert cal.working_days_between(first, last) == cal.working_days_in_year(2026) - 1
    assert cal.add_working_time(local(2026, 1, 1, 8), timedelta(hours=8)) == local(2026, 1, 1, 17)
    assert cal.add_working_time(local(2026, 12, 31, 17), timedelta(hours=-8)) == local(
        2026, 12, 31, 8
    )


def test_add_zero_working_days_to_a_datetime_gives_its_local_date() -> None:
    cal = national()
    # 25 Nov 2026 20:00 UTC is 26 Nov 03:00 in Vietnam: + 0 working days is that date
    utc_evening = datetime(2026, 11, 25, 20, 0, tzinfo=timezone.utc)
    result = cal.add_working_days(utc_evening, 0)
    assert result == date(2026, 11, 26)
    assert type(result) is date
    # a Vietnam-local datetime on a day off: 0 days is still that (non-working) day
    assert cal.add_working_days(local(2026, 11, 28, 9), 0) == date(2026, 11, 28)


def test_one_microsecond_to_the_end_of_an_interval_ends_there() -> None:
    cal = national()
    # Thu 2026-11-26 11:59:59.999999 + 1 µs of working time is 12:00, the end of the
    # morning interval, not 13:00 (the same working position, after the break)
    assert cal.add_working_time(
        local(2026, 11, 26, 11, 59, 59, 999999), timedelta(microseconds=1)
    ) == local(2026, 11, 26, 12)
    # and no working time from 12:00 is 12:00 itself
    assert cal.add_working_time(local(2026, 11, 26, 12), timedelta(0)) == local(2026, 11, 26, 12)


def test_a_day_of_working_time_is_24_working_hours() -> None:
    cal = national()
    # timedelta(days=1) is 24 working hours, three 8-hour working days: Thu 26 Nov 10:00
    # -> Fri 27 (1), Mon 30 (2), Tue 1 Dec (3) at 10:00; and back again
    assert cal.add_working_time(local(2026, 11, 26, 10), timedelta(days=1)) == local(
        2026, 12, 1, 10
    )
    assert cal.add_working_time(local(2026, 12, 1, 10), -timedelta(days=1)) == local(
        2026, 11, 26, 10
    )


def test_backwards_to_the_first_working_moment_of_the_calendar() -> None:
    cal = _one_year()
    # Thu 1 Jan 2026 is the calendar's first working day: 17:00 - 8 h is its 08:00, the
    # first working moment of all; one microsecond more leaves the calendar
    assert cal.add_working_time(local(2026, 1, 1, 17), timedelta(hours=-8)) == local(2026, 1, 1, 8)
    with pytest.raises(CalendarError, match=r"leaves the working calendar \(2026-2026\)"):
        cal.add_working_time(local(2026, 1, 1, 17), -timedelta(hours=8, microseconds=1))


def test_the_next_working_moment_at_an_interval_end_and_past_the_calendar() -> None:
    cal = national()
    # Thu 26 Nov 12:00 ends the morning: the next working moment is 13:00; 08:00 is itself
    assert cal.next_working_moment(local(2026, 11, 26, 12)) == local(2026, 11, 26, 13)
    assert cal.next_working_moment(local(2026, 11, 26, 8)) == local(2026, 11, 26, 8)
    # Thu 31 Dec 2026 17:00 is the close of the last working day of a 2026-only calendar
    one_year = _one_year()
    with pytest.raises(CalendarError) as info:
        one_year.next_working_moment(local(2026, 12, 31, 17))
    assert info.value.message("en") == (
        "The next working moment after 2026-12-31T17:00:00+07:00 lies past 2026, "
        "the last year the working calendar covers (2026-2026)"
    )
    assert info.value.message("vi") == (
        "Thời điểm làm việc tiếp theo sau 2026-12-31T17:00:00+07:00 nằm sau năm 2026, "
        "năm cuối mà lịch làm việc bao quát (2026-2026)"
    )


@settings(max_examples=200, deadline=None)
@given(
    a=st.dates(min_value=date(2024, 1, 1), max_value=date(2028, 12, 31)),
    b=st.dates(min_value=date(2024, 1, 1), max_value=date(2028, 12, 31)),
)
def test_has_unconfirmed_agrees_with_the_list(a: date, b: date) -> None:
    calendar = national()
    assert calendar.has_unconfirmed(a, b) == bool(calendar.unconfirmed_days(a, b))
    assert calendar.estimated_years(a, b) == tuple(
        y for y in range(min(a, b).year, max(a, b).year + 1) if calendar.is_estimate(y)
    )
