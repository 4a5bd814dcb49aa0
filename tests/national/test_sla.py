"""The national counting rules (tthc.national.sla) as hooks, and how a province replaces them.

Province plugins here are synthetic objects registered in the test; nothing is installed.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time, timedelta
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
