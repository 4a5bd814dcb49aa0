"""The national counting rules (tthc.national.sla) as hooks, and how a province replaces them.

Province plugins here are synthetic objects registered in the test; nothing is installed.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

import pytest

from tthc import hookimpl
from tthc.calendar import VN_TZ
from tthc.config import Config
from tthc.duration import Duration, Unit
from tthc.errors import CalendarError, PluginError
from tthc.i18n import Text
from tthc.model import Channel
from tthc.national import sla as national
from tthc.rules import Rules
from tthc.sla import CountingPolicy, Deadline, DeadlineError


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=VN_TZ)


def wd(value: int | str) -> Duration:
    return Duration.of(value, Unit.WORKING_DAYS)


def fresh_rules(*plugins: object) -> Rules:
    rules = Rules(Config(), load_entry_points=False)
    for index, plugin in enumerate(plugins):
        rules.pm.register(plugin, name=f"province-{index}")
    return rules


def test_national_policy_hook_answers_the_defaults(rules: Rules) -> None:
    assert national.tthc_counting_policy() == CountingPolicy()
    assert rules.policy == CountingPolicy()
    assert rules.call_first("tthc_counting_policy") == CountingPolicy()


def test_national_effective_receipt_hook(rules: Rules) -> None:
    answer = rules.call_first(
        "tthc_effective_receipt",
        received_at=at("2026-11-28 10:00"),
        duration=wd(1),
        channel=Channel.ONLINE,
        rules=rules,
    )
    assert answer == at("2026-11-30 08:00")


def test_effective_receipt_function(rules: Rules) -> None:
    cal = rules.calendar
    policy = CountingPolicy(general_cutoff=time(16, 0))
    same_day = Duration.of(0, Unit.SAME_DAY)
    assert national.effective_receipt(cal, policy, at("2026-11-26 16:30"), wd(1)) == at(
        "2026-11-27 08:00"
    )
    # The general cut-off does not apply to same-day procedures (they have their own).
    assert national.effective_receipt(cal, policy, at("2026-11-26 16:30"), same_day) == at(
        "2026-11-26 16:30"
    )
    assert national.effective_receipt(cal, policy, at("2026-11-26 15:59"), wd(1)) == at(
        "2026-11-26 15:59"
    )


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2026, 12, 15), 1, date(2027, 1, 15)),
        (date(2026, 3, 31), 6, date(2026, 9, 30)),
        (date(2026, 5, 10), 12, date(2027, 5, 10)),
        (date(2026, 5, 10), 0, date(2026, 5, 10)),
        (date(2026, 8, 31), 18, date(2028, 2, 29)),
    ],
)
def test_add_months(day: date, months: int, expected: date) -> None:
    assert national.add_months(day, months) == expected


def test_span_and_plan_steps(rules: Rules) -> None:
    cal = rules.calendar
    policy = CountingPolicy()
    starts, due = national.span(cal, policy, at("2026-11-26 10:00"), wd(3))
    assert (starts, due) == (at("2026-11-27 08:00"), at("2026-12-01 17:00"))
    planned = national.plan_steps(cal, policy, starts, [wd("0.5"), None, wd("2.5")])
    assert [(s.starts_at, s.due_at) for s in planned] == [
        (at("2026-11-27 08:00"), at("2026-11-27 12:00")),
        (at("2026-11-27 12:00"), at("2026-11-27 12:00")),
        (at("2026-11-27 12:00"), at("2026-12-01 17:00")),
    ]


# -- a province changes the rules ---------------------------------------------------------


class GeneralCutoff:
    """Synthetic province: a general 15:00 cut-off for every procedure."""

    @hookimpl
    def tthc_counting_policy(self) -> CountingPolicy:
        return replace(CountingPolicy(), general_cutoff=time(15, 0))


class OnlineNextDay:
    """Synthetic province: online dossiers always start at the next working day's opening."""

    @hookimpl
    def tthc_effective_receipt(
        self, received_at: datetime, channel: Channel | None, rules: Rules
    ) -> datetime | None:
        if channel is not Channel.ONLINE:
            return None  # leave it to the national rule
        cal = rules.calendar
        return cal.start_of_working_day(cal.next_working_day(received_at.date()))


class FixedDeadline:
    """Synthetic province that replaces the deadline wholesale."""

    @hookimpl
    def tthc_deadline(self, received_at: datetime, duration: Duration) -> Deadline:
        due = received_at + timedelta(days=1)
        return Deadline(received_at, received_at, received_at, due, duration)


class BrokenDeadline:
    @hookimpl
    def tthc_deadline(self) -> Any:
        return "tomorrow"


def test_province_policy_is_used_by_the_national_deadline() -> None:
    rules = fresh_rules(GeneralCutoff())
    assert rules.policy.general_cutoff == time(15, 0)
    assert rules.deadline(at("2026-11-26 15:30"), wd(3)).due_at == at("2026-12-02 17:00")


def test_province_effective_receipt_wins_where_it_answers() -> None:
    rules = fresh_rules(OnlineNextDay())
    online = rules.deadline(at("2026-11-26 10:00"), wd(1), channel="online")
    assert online.effective_at == at("2026-11-27 08:00")
    assert online.due_at == at("2026-11-30 17:00")
    in_person = rules.deadline(at("2026-11-26 10:00"), wd(1), channel="in_person")
    assert in_person.effective_at == at("2026-11-26 10:00")
    assert in_person.due_at == at("2026-11-27 17:00")


def test_province_deadline_replaces_the_national_one() -> None:
    rules = fresh_rules(FixedDeadline())
    deadline = rules.deadline(at("2026-11-26 10:00"), wd(3))
    assert deadline.due_at == at("2026-11-27 10:00")


def test_a_deadline_hook_must_return_a_deadline() -> None:
    rules = fresh_rules(BrokenDeadline())
    with pytest.raises(PluginError) as info:
        rules.deadline(at("2026-11-26 10:00"), wd(3))
    assert info.value.plugin == "province-0"
    assert info.value.message("en") == (
        "Plugin 'province-0' returned 'tomorrow' instead of tthc.sla.Deadline (tthc_deadline)"
    )
    assert info.value.message("vi") == (
        "Plugin 'province-0' trả về 'tomorrow' thay vì tthc.sla.Deadline (tthc_deadline)"
    )


# -- a province plugin that raises ----------------------------------------------------------


class BuggyDeadline:
    """Synthetic province whose deadline hook has a bug."""

    @hookimpl
    def tthc_deadline(self, duration: Duration) -> Deadline:
        table: dict[Unit, Deadline] = {}
        return table[duration.unit]


class RefusingDeadline:
    """Synthetic province that refuses a time on purpose (bad input)."""

    @hookimpl
    def tthc_deadline(self, duration: Duration) -> Deadline:
        raise DeadlineError(Text("Tỉnh không nhận thời hạn này", "The province refuses this time"))


class WrappingDeadline:
    """Synthetic province that reports a calendar problem in its own words."""

    @hookimpl
    def tthc_deadline(self, received_at: datetime) -> Deadline:
        try:
            raise CalendarError(Text("ngoài lịch", "outside the calendar"))
        except CalendarError as exc:
            raise PluginError(
                Text("Lịch của tỉnh chưa có năm này", "The province calendar lacks this year"),
                "province-0",
            ) from exc


def test_a_bug_in_a_province_deadline_is_reported_by_name_with_its_cause() -> None:
    rules = fresh_rules(BuggyDeadline())
    with pytest.raises(PluginError) as info:
        rules.deadline(at("2026-11-26 10:00"), wd(3))
    assert info.value.plugin == "province-0"
    assert info.value.message("en") == (
        "Plugin 'province-0' failed in tthc_deadline: KeyError: <Unit.WORKING_DAYS: 'working_days'>"
    )
    assert "Plugin 'province-0' lỗi khi trả lời tthc_deadline" in info.value.message("vi")
    # The traceback of the bug itself is kept for whoever debugs the plugin.
    assert isinstance(info.value.__cause__, KeyError)


def test_a_province_refusing_a_time_keeps_its_own_error_and_is_named() -> None:
    rules = fresh_rules(RefusingDeadline())
    with pytest.raises(DeadlineError) as info:
        rules.deadline(at("2026-11-26 10:00"), wd(3))
    assert info.value.message("en") == "The province refuses this time"
    assert info.value.message("vi") == "Tỉnh không nhận thời hạn này"
    assert info.value.plugin == "province-0"


def test_a_province_plugin_error_is_not_replaced_by_its_cause() -> None:
    rules = fresh_rules(WrappingDeadline())
    with pytest.raises(PluginError) as info:
        rules.deadline(at("2026-11-26 10:00"), wd(3))
    assert info.value.message("en") == "The province calendar lacks this year"
    assert info.value.plugin == "province-0"


def test_restart_after_a_pause_reports_a_province_bug_by_name() -> None:
    rules = fresh_rules(_RestartPolicy(), BuggyOnRestart())
    clock = rules.clock(rules.deadline(at("2026-11-26 10:00"), wd(3)))
    paused = clock.pause(at("2026-11-27 09:00"))
    with pytest.raises(PluginError, match=r"Plugin 'province-1' failed in tthc_deadline") as info:
        paused.resume(at("2026-11-30 09:00"))
    assert info.value.plugin == "province-1"
    assert isinstance(info.value.__cause__, ZeroDivisionError)


class _RestartPolicy:
    @hookimpl
    def tthc_counting_policy(self) -> CountingPolicy:
        return replace(CountingPolicy(), pause_mode="restart")


class BuggyOnRestart:
    """Synthetic province whose deadline hook fails for a dossier received on a Monday."""

    @hookimpl
    def tthc_deadline(self, received_at: datetime) -> Deadline | None:
        if received_at.weekday() == 0:
            raise ZeroDivisionError("division by zero")
        return None


# -- edges a mutation run showed untested ---------------------------------------------------


def test_zero_working_days_are_due_when_the_clock_starts(rules: Rules) -> None:
    cal = rules.calendar
    # Thu 26 Nov 2026 10:00, next_day mode: the clock starts at the opening of Fri 27 Nov
    # (08:00) and 0 working days run no time, so the due moment is that same 08:00, not
    # anything before it (Thu 08:00 or 17:00).
    starts, due = national.span(cal, CountingPolicy(), at("2026-11-26 10:00"), wd(0))
    assert (starts, due) == (at("2026-11-27 08:00"), at("2026-11-27 08:00"))
    # elapsed mode: 0 x 8 working hours from 10:00 is 10:00
    elapsed = CountingPolicy(working_days_mode="elapsed")
    starts, due = national.span(cal, elapsed, at("2026-11-26 10:00"), wd(0))
    assert (starts, due) == (at("2026-11-26 10:00"), at("2026-11-26 10:00"))


def test_same_day_received_exactly_at_closing_is_due_the_next_working_day(rules: Rules) -> None:
    cal = rules.calendar
    same_day = Duration.of(0, Unit.SAME_DAY)
    no_cutoff = CountingPolicy(same_day_cutoff=None, after_hours_receipt=False)
    # Thu 26 Nov 2026 17:00 is the close: nothing of that day is left, so the end of the
    # next working day, Fri 27 Nov 17:00 (with no cut-off to decide it).
    assert national.span(cal, no_cutoff, at("2026-11-26 17:00"), same_day) == (
        at("2026-11-26 17:00"),
        at("2026-11-27 17:00"),
    )
    # one second earlier the day is not over: due at its close
    assert national.span(cal, no_cutoff, at("2026-11-26 16:59:59"), same_day) == (
        at("2026-11-26 16:59:59"),
        at("2026-11-26 17:00"),
    )
    # national rules: 17:00 is after hours, received Fri 08:00, due Fri 17:00
    deadline = national.national_deadline(rules, at("2026-11-26 17:00"), same_day, None)
    assert (deadline.effective_at, deadline.due_at) == (
        at("2026-11-27 08:00"),
        at("2026-11-27 17:00"),
    )


def test_steps_in_calendar_days_and_months_follow_the_policy(rules: Rules) -> None:
    cal = rules.calendar
    steps = [Duration.of(1, Unit.CALENDAR_DAYS), Duration.of(1, Unit.MONTHS)]
    start = at("2026-11-27 08:00")  # Friday
    rolled = national.plan_steps(cal, CountingPolicy(), start, steps)
    # A calendar-day or month period ends at 24:00 of its last day (Civil Code art. 148(6)).
    # Fri 27 Nov + 1 calendar day = Sat 28 Nov, rolled to Mon 30 Nov: ends Tue 1 Dec 00:00;
    # then Tue 1 Dec + 1 month = Fri 1 Jan 2027 (New Year, off), rolled past the weekend
    # to Mon 4 Jan: ends Tue 5 Jan 2027 00:00.
    assert [(s.starts_at, s.due_at) for s in rolled] == [
        (at("2026-11-27 08:00"), at("2026-12-01 00:00")),
        (at("2026-12-01 00:00"), at("2027-01-05 00:00")),
    ]
    not_rolled = national.plan_steps(cal, CountingPolicy(roll_to_working_day=False), start, steps)
    # Sat 28 Nov not rolled: ends at 24:00 of that day (Sun 29 Nov 00:00); then
    # Sun 29 Nov + 1 month = Tue 29 Dec: ends Wed 30 Dec 00:00.
    assert [(s.starts_at, s.due_at) for s in not_rolled] == [
        (at("2026-11-27 08:00"), at("2026-11-29 00:00")),
        (at("2026-11-29 00:00"), at("2026-12-30 00:00")),
    ]


def test_a_same_day_step_follows_the_policy_cutoff(rules: Rules) -> None:
    cal = rules.calendar
    step = [Duration.of(0, Unit.SAME_DAY)]
    start = at("2026-11-26 15:30")  # Thursday, after the national 15:00 cut-off
    # national cut-off 15:00: the end of the next working day, Fri 27 Nov 17:00
    (planned,) = national.plan_steps(cal, CountingPolicy(), start, step)
    assert (planned.starts_at, planned.due_at) == (start, at("2026-11-27 17:00"))
    # no cut-off: the end of the same day
    (planned,) = national.plan_steps(cal, CountingPolicy(same_day_cutoff=None), start, step)
    assert (planned.starts_at, planned.due_at) == (start, at("2026-11-26 17:00"))
    # and through the deadline: a province policy without cut-off reaches the steps
    province = fresh_rules(NoSameDayCutoff())
    steps = [Duration.of(7, Unit.WORKING_HOURS), Duration.of(0, Unit.SAME_DAY)]
    received = at("2026-11-26 10:00")
    # 3 working days from Thu 10:00: the clock starts Fri 08:00; step 1 (7 working hours)
    # ends Fri 16:00; the same-day step from 16:00 ends at Fri's close with no cut-off,
    # at the close of the next working day (Mon 30 Nov) with the national 15:00 one.
    deadline = national.national_deadline(province, received, wd(3), None, steps)
    assert [s.due_at for s in deadline.steps] == [at("2026-11-27 16:00"), at("2026-11-27 17:00")]
    deadline = national.national_deadline(rules, received, wd(3), None, steps)
    assert [s.due_at for s in deadline.steps] == [at("2026-11-27 16:00"), at("2026-11-30 17:00")]


class NoSameDayCutoff:
    """Synthetic province: no same-day cut-off."""

    @hookimpl
    def tthc_counting_policy(self) -> CountingPolicy:
        return CountingPolicy(same_day_cutoff=None)


def each_language(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """The user's language set to each in turn: a message in one language must not follow it."""
    for lang in ("vi", "en"):
        monkeypatch.setenv("TTHC_LANG", lang)
        yield lang


def test_steps_that_do_not_add_up_are_warned_in_both_languages(
    rules: Rules, monkeypatch: pytest.MonkeyPatch
) -> None:
    for _ in each_language(monkeypatch):
        received = at("2026-11-26 10:00")
        # 1 working day + 12 working hours = 20 hours = 2.5 working days (a step not counted,
        # None, adds nothing), against a whole time of 3 working days.
        steps = [wd(1), None, Duration.of(12, Unit.WORKING_HOURS)]
        deadline = national.national_deadline(rules, received, wd(3), None, steps)
        (warning,) = deadline.warnings
        assert warning.en == (
            "The steps add up to 2.5 working days, not 3 working days; "
            "the due moment still uses the whole time"
        )
        assert warning.vi == (
            "Tổng thời gian các bước (2.5 ngày làm việc) khác thời hạn 3 ngày làm việc; "
            "hạn trả vẫn tính theo thời hạn"
        )
        # 16 + 8 working hours = 24 hours = 3 working days: no warning when they add up, nor
        # without steps
        exact = [Duration.of(16, Unit.WORKING_HOURS), wd(1)]
        assert national.national_deadline(rules, received, wd(3), None, exact).warnings == ()
        assert national.national_deadline(rules, received, wd(3), None).warnings == ()
        # 4 working hours alone: 0.5 working days
        (half,) = national.national_deadline(
            rules, received, wd(3), None, [Duration.of(4, Unit.WORKING_HOURS)]
        ).warnings
        assert half.en.startswith("The steps add up to 0.5 working days, not 3 working days;")
        # 40 working hours: 5 working days (normalised, not "5.0")
        (five,) = national.national_deadline(
            rules, received, wd(3), None, [Duration.of(40, Unit.WORKING_HOURS)]
        ).warnings
        assert five.vi.startswith("Tổng thời gian các bước (5 ngày làm việc) khác thời hạn")


def test_steps_that_cannot_be_checked_against_the_whole_are_warned(
    rules: Rules, monkeypatch: pytest.MonkeyPatch
) -> None:
    for _ in each_language(monkeypatch):
        received = at("2026-11-26 10:00")
        text_en = (
            "Cannot check the steps against the whole time {}: "
            "a step or the whole is not in working days or hours"
        )
        text_vi = (
            "Không kiểm tra được tổng thời gian các bước so với {}: "
            "có bước hoặc tổng không tính bằng ngày/giờ làm việc"
        )
        # the whole in calendar days, the step in working days
        ten_days = Duration.of(10, Unit.CALENDAR_DAYS)
        (warning,) = national.national_deadline(rules, received, ten_days, None, [wd(2)]).warnings
        assert warning.en == text_en.format("10 calendar days")
        assert warning.vi == text_vi.format("10 ngày")
        # the whole in working days, one step in months
        month = Duration.of(1, Unit.MONTHS)
        steps = [wd(1), month]
        (warning,) = national.national_deadline(rules, received, wd(3), None, steps).warnings
        assert warning.en == text_en.format("3 working days")
        assert warning.vi == text_vi.format("3 ngày làm việc")


class EarlyReceipt:
    """Synthetic province with a bug: the clock starts a day before the dossier arrives."""

    @hookimpl
    def tthc_effective_receipt(self, received_at: datetime) -> datetime:
        return received_at - timedelta(days=1)


def test_an_effective_receipt_before_the_receipt_is_a_named_plugin_bug() -> None:
    rules = fresh_rules(EarlyReceipt())
    with pytest.raises(PluginError) as info:
        national.national_deadline(rules, at("2026-11-26 10:00"), wd(3), None)
    assert info.value.plugin == "province-0"
    assert info.value.message("en") == (
        "Plugin 'province-0' returned 2026-11-25T10:00:00+07:00, earlier than the receipt at "
        "2026-11-26T10:00:00+07:00 (tthc_effective_receipt)"
    )
    assert info.value.message("vi") == (
        "Plugin 'province-0' trả về 2026-11-25T10:00:00+07:00, sớm hơn lúc nhận hồ sơ "
        "2026-11-26T10:00:00+07:00 (tthc_effective_receipt)"
    )


def test_the_general_cutoff_counts_from_the_cutoff_itself(rules: Rules) -> None:
    cal = rules.calendar
    policy = CountingPolicy(general_cutoff=time(16, 0))
    # Thu 26 Nov 2026 16:00 exactly is "at or after" the cut-off: received Fri 27 Nov 08:00
    assert national.effective_receipt(cal, policy, at("2026-11-26 16:00"), wd(1)) == at(
        "2026-11-27 08:00"
    )


def test_a_general_cutoff_without_after_hours_receipt_starts_the_next_calendar_day(
    rules: Rules,
) -> None:
    cal = rules.calendar
    policy = CountingPolicy(general_cutoff=time(16, 0), after_hours_receipt=False)
    # Thu 26 Nov 16:30, past the cut-off: received at the start of Fri 27 Nov (00:00),
    # not moved to the opening (after-hours receipt is off)
    thursday = national.effective_receipt(cal, policy, at("2026-11-26 16:30"), wd(1))
    assert thursday == at("2026-11-27 00:00")
    assert thursday.tzinfo is VN_TZ
    # Fri 27 Nov 16:30: the start of Sat 28 Nov, not Monday's opening
    assert national.effective_receipt(cal, policy, at("2026-11-27 16:30"), wd(1)) == at(
        "2026-11-28 00:00"
    )
    # Sat 28 Nov 16:30 is not a working day: the cut-off does not apply, the moment stays
    assert national.effective_receipt(cal, policy, at("2026-11-28 16:30"), wd(1)) == at(
        "2026-11-28 16:30"
    )


def test_span_of_a_fraction_of_working_days(rules: Rules) -> None:
    cal = rules.calendar
    # Thu 26 Nov 10:00 + 2.5 working days (next_day): the clock starts Fri 27 Nov 08:00;
    # two whole days are Fri 27 and Mon 30 Nov, the half day is 4 working hours of the
    # third working day after Thursday, Tue 1 Dec: 08:00 + 4 h = 12:00.
    assert national.span(cal, CountingPolicy(), at("2026-11-26 10:00"), wd("2.5")) == (
        at("2026-11-27 08:00"),
        at("2026-12-01 12:00"),
    )


def test_span_of_elapsed_working_days_and_of_working_hours(rules: Rules) -> None:
    cal = rules.calendar
    elapsed = CountingPolicy(working_days_mode="elapsed")
    # elapsed, Thu 26 Nov 07:00 (before the 08:00 opening) + 1 working day = 8 working
    # hours: the clock starts at 08:00 and the whole of Thursday runs, to 17:00
    assert national.span(cal, elapsed, at("2026-11-26 07:00"), wd(1)) == (
        at("2026-11-26 08:00"),
        at("2026-11-26 17:00"),
    )
    # elapsed, Thu 10:00 + 1.5 working days = 12 working hours: Thu 10-12 and 13-17
    # (6 h), Fri 08-12 (10 h), Fri 13-15 (12 h): Fri 27 Nov 15:00
    assert national.span(cal, elapsed, at("2026-11-26 10:00"), wd("1.5")) == (
        at("2026-11-26 10:00"),
        at("2026-11-27 15:00"),
    )
    # 3 working hours from Thu 10:00: 10-12 (2 h), 13-14 (3 h): Thu 14:00, in either mode
    three_hours = Duration.of(3, Unit.WORKING_HOURS)
    for policy in (CountingPolicy(), elapsed):
        assert national.span(cal, policy, at("2026-11-26 10:00"), three_hours) == (
            at("2026-11-26 10:00"),
            at("2026-11-26 14:00"),
        )


def test_span_of_clock_hours_by_the_policy(rules: Rules) -> None:
    cal = rules.calendar
    three = Duration.of(3, Unit.CLOCK_HOURS)
    # clock (national): Thu 26 Nov 10:00 + 3 clock hours = 13:00 (the lunch break counts)
    assert national.span(cal, CountingPolicy(), at("2026-11-26 10:00"), three) == (
        at("2026-11-26 10:00"),
        at("2026-11-26 13:00"),
    )
    # a province counting a bare "giờ" as working hours: 10-12, 13-14 -> 14:00
    working = CountingPolicy(clock_hours_as="working")
    assert national.span(cal, working, at("2026-11-26 10:00"), three) == (
        at("2026-11-26 10:00"),
        at("2026-11-26 14:00"),
    )
    # ... and that choice leaves working days alone: 3 working days from Thu 10:00 is
    # still due Tue 1 Dec 17:00
    assert national.span(cal, working, at("2026-11-26 10:00"), wd(3)) == (
        at("2026-11-27 08:00"),
        at("2026-12-01 17:00"),
    )


def test_span_of_calendar_days_and_months(rules: Rules) -> None:
    cal = rules.calendar
    received = at("2026-11-26 10:00")  # Thursday
    # 10 calendar days: counted from the next day (Fri 27 Nov 00:00); the last day,
    # Sun 6 Dec, rolls to Mon 7 Dec, and the period ends at its 24:00 (Tue 8 Dec 00:00)
    days = Duration.of(10, Unit.CALENDAR_DAYS)
    assert national.span(cal, CountingPolicy(), received, days) == (
        at("2026-11-27 00:00"),
        at("2026-12-08 00:00"),
    )
    # 1 month: 26 Dec 2026 is a Saturday, rolled to Mon 28 Dec: ends Tue 29 Dec 00:00
    month = Duration.of(1, Unit.MONTHS)
    starts, due = national.span(cal, CountingPolicy(), received, month)
    assert (starts, due) == (at("2026-11-27 00:00"), at("2026-12-29 00:00"))
    assert starts.tzinfo is VN_TZ


@pytest.mark.parametrize(
    ("value", "unit", "vi", "en"),
    [
        (3_000_000, Unit.CALENDAR_DAYS, "3000000 ngày", "3000000 calendar days"),
        (100_000, Unit.MONTHS, "100000 tháng", "100000 months"),
    ],
)
def test_a_period_past_year_9999_is_a_calendar_error_in_both_languages(
    rules: Rules, value: int, unit: Unit, vi: str, en: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    for _ in each_language(monkeypatch):
        cal = rules.calendar
        duration = Duration.model_construct(value=Decimal(value), unit=unit)
        with pytest.raises(CalendarError) as info:
            national.span(cal, CountingPolicy(), at("2026-11-26 10:00"), duration)
        years = f"({cal.first_year}-{cal.last_year})"
        assert info.value.message("vi") == (
            f"Thời hạn {vi} tính từ 2026-11-26 vượt ra ngoài lịch làm việc {years}"
        )
        assert info.value.message("en") == (
            f"The time {en} from 2026-11-26 leaves the working calendar {years}"
        )


def test_same_day_on_a_day_off_or_at_the_cutoff_is_due_the_next_working_day(
    rules: Rules,
) -> None:
    cal = rules.calendar
    same_day = Duration.of(0, Unit.SAME_DAY)
    policy = CountingPolicy()  # same-day cut-off 15:00
    # Sat 28 Nov 10:00 (counted as given: span does not move it): no working time that
    # day, so the end of the next working day, Mon 30 Nov 17:00, not Sat 17:00
    assert national.span(cal, policy, at("2026-11-28 10:00"), same_day) == (
        at("2026-11-28 10:00"),
        at("2026-11-30 17:00"),
    )
    # Thu 26 Nov 15:00 exactly is at the cut-off: Fri 27 Nov 17:00; 14:59 is before it
    assert national.span(cal, policy, at("2026-11-26 15:00"), same_day)[1] == at("2026-11-27 17:00")
    assert national.span(cal, policy, at("2026-11-26 14:59"), same_day)[1] == at("2026-11-26 17:00")


def test_planned_steps_are_numbered_from_one_and_keep_their_durations(rules: Rules) -> None:
    steps = [wd("0.5"), None, wd("2.5")]
    planned = national.plan_steps(rules.calendar, CountingPolicy(), at("2026-11-27 08:00"), steps)
    assert [s.index for s in planned] == [1, 2, 3]
    assert [s.duration for s in planned] == steps


def test_the_national_deadline_says_when_it_is_provisional(rules: Rules) -> None:
    # 2030 has no official decision yet: Fri 1 Mar 2030 + 3 working days rests on estimates
    deadline = national.national_deadline(rules, at("2030-03-01 10:00"), wd(3), None)
    assert deadline.provisional is True
    assert deadline.provisional_years == (2030,)
    assert deadline.provisional_days == ()
    # Fri 20 Nov 2026 + 5 working days crosses Tue 24 Nov (Vietnam Culture Day, a day off
    # whose decision is not confirmed): Mon 23, Wed 25, Thu 26, Fri 27, Mon 30 Nov
    deadline = national.national_deadline(rules, at("2026-11-20 10:00"), wd(5), None)
    assert deadline.due_at == at("2026-11-30 17:00")
    assert deadline.provisional is True
    assert deadline.provisional_years == ()
    assert deadline.provisional_days == (date(2026, 11, 24),)
    # Mon 28 Dec 2026 + 1 working day is due Tue 29 Dec, in an official year ...
    plain = national.national_deadline(rules, at("2026-12-28 10:00"), wd(1), None)
    assert plain.due_at == at("2026-12-29 17:00")
    assert (plain.provisional, plain.provisional_years, plain.provisional_days) == (
        False,
        (),
        (),
    )
    # ... but a step of 5 working days from Tue 29 Dec 08:00 runs into 2027 (Tue 29, Wed 30,
    # Thu 31 Dec, then Mon 4 and Tue 5 Jan after New Year): the deadline is provisional
    # for 2027
    stepped = national.national_deadline(rules, at("2026-12-28 10:00"), wd(1), None, [wd(5)])
    assert stepped.steps[0].due_at == at("2027-01-05 17:00")
    assert (stepped.provisional, stepped.provisional_years) == (True, (2027,))


def test_the_national_deadline_keeps_the_channel_and_the_receipt(rules: Rules) -> None:
    deadline = national.national_deadline(
        rules, datetime(2026, 11, 26, 3, 0, tzinfo=VN_TZ), wd(1), Channel.ONLINE
    )
    assert deadline.channel is Channel.ONLINE
    assert deadline.duration == wd(1)
    # received 03:00, before the opening: the clock starts at 08:00 (§6.2)
    assert (deadline.received_at, deadline.effective_at) == (
        at("2026-11-26 03:00"),
        at("2026-11-26 08:00"),
    )
    assert (deadline.starts_at, deadline.due_at) == (at("2026-11-27 08:00"), at("2026-11-27 17:00"))


def test_without_an_effective_receipt_hook_the_national_rule_applies() -> None:
    # A jurisdiction whose plugin manager no longer holds this module (a test or an
    # embedding that unregistered it) still gets the national effective receipt.
    rules = fresh_rules()
    _ = (rules.calendar, rules.policy)  # built while the national hooks are there
    rules.pm.unregister(name="tthc.national.sla")
    # Sat 28 Nov 2026 10:00, after hours: received Mon 30 Nov 08:00, due Tue 1 Dec 17:00
    deadline = national.national_deadline(rules, at("2026-11-28 10:00"), wd(1), None)
    assert (deadline.effective_at, deadline.due_at) == (
        at("2026-11-30 08:00"),
        at("2026-12-01 17:00"),
    )
