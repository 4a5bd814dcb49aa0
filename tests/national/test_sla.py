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
