"""Deadlines and dossier clocks (tthc.sla) on the national calendar.

Expected moments are worked out by hand from the rules of docs/deadlines.md (hours 08:00-12:00 and
13:00-17:00) and the 2026 calendar decisions (Tết 14-22 Feb 2026; 30 Apr and 1 May
off; 24 Nov Vietnam Culture Day). Procedures named 9.999xxx are synthetic.
"""

from __future__ import annotations

from dataclasses import FrozenInstanceError, replace
from datetime import date, datetime, time, timedelta, timezone
from decimal import Decimal, localcontext
from functools import cache
from typing import Any

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from tthc import hookimpl
from tthc.calendar import VN_TZ
from tthc.config import Config
from tthc.duration import Duration, Unit
from tthc.errors import CalendarError, ClockError, ConfigError, DurationError
from tthc.model import Case, Channel, Procedure
from tthc.model import Step as ProcessStep
from tthc.rules import Rules
from tthc.sla import (
    ClockEvent,
    CountingPolicy,
    Deadline,
    DeadlineError,
    DossierClock,
    compute_deadline,
    format_moment,
    iso_duration,
    provisional_days,
    provisional_years,
    working_days_of,
)


def at(text: str) -> datetime:
    """A Vietnam-local moment from ``YYYY-MM-DD HH:MM``."""
    return datetime.fromisoformat(text).replace(tzinfo=VN_TZ)


def wd(value: int | str) -> Duration:
    return Duration.of(value, Unit.WORKING_DAYS)


def hours(value: int | str) -> Duration:
    return Duration.of(value, Unit.WORKING_HOURS)


def cdays(value: int) -> Duration:
    return Duration.of(value, Unit.CALENDAR_DAYS)


def months(value: int) -> Duration:
    return Duration.of(value, Unit.MONTHS)


SAME_DAY = Duration.of(0, Unit.SAME_DAY)


class _PolicyPlugin:
    def __init__(self, policy: CountingPolicy) -> None:
        self.policy = policy

    @hookimpl
    def tthc_counting_policy(self) -> CountingPolicy:
        return self.policy


@cache
def rules_with(**changes: Any) -> Rules:
    """National rules with some policy fields changed (as a province plugin would)."""
    rules = Rules(Config(), load_entry_points=False)
    if changes:
        rules.pm.register(_PolicyPlugin(replace(CountingPolicy(), **changes)), name="policy")
    return rules


def due(rules: Rules, received: str, duration: Duration, **kw: Any) -> datetime:
    return rules.deadline(at(received), duration, **kw).due_at


# -- worked examples of the counting rules (docs/deadlines.md) -------------------------


@pytest.mark.parametrize(
    ("received", "duration", "expected"),
    [
        ("2026-11-26 10:00", wd(3), "2026-12-01 17:00"),
        ("2026-02-13 16:00", wd(2), "2026-02-24 17:00"),  # Tết 14-22 Feb
        ("2026-04-23 15:30", hours(8), "2026-04-24 15:30"),
        ("2026-09-03 15:30", SAME_DAY, "2026-09-04 17:00"),  # after the 15:00 cut-off
        ("2026-09-03 14:00", SAME_DAY, "2026-09-03 17:00"),
    ],
)
def test_worked_examples(rules: Rules, received: str, duration: Duration, expected: str) -> None:
    deadline = rules.deadline(at(received), duration)
    assert deadline.due_at == at(expected)
    assert deadline.due_at.utcoffset() == timedelta(hours=7)
    assert deadline.provisional is False


def test_policy_defaults_are_the_national_choices() -> None:
    policy = CountingPolicy()
    assert policy.same_day_cutoff == time(15, 0)
    assert policy.general_cutoff is None
    assert policy.after_hours_receipt is True
    assert policy.working_days_mode == "next_day"
    assert policy.pause_mode == "pause"
    assert policy.roll_to_working_day is True
    assert policy.late_pause_extends is False
    with pytest.raises(FrozenInstanceError):
        policy.pause_mode = "restart"  # type: ignore[misc]


@pytest.mark.parametrize(
    ("changes", "quoted"),
    [
        ({"working_days_mode": "elapsd"}, "working_days_mode: 'elapsd'"),
        ({"pause_mode": "restrat"}, "pause_mode: 'restrat'"),
        ({"same_day_cutoff": "15:00"}, "same_day_cutoff: '15:00'"),
        ({"general_cutoff": 15}, "general_cutoff: 15"),
        ({"after_hours_receipt": "no"}, "after_hours_receipt: 'no'"),
        ({"late_pause_extends": "yes"}, "late_pause_extends: 'yes'"),
        ({"late_pause_extends": 1}, "late_pause_extends: 1"),
    ],
)
def test_a_policy_with_a_misspelt_choice_is_refused(changes: dict[str, Any], quoted: str) -> None:
    # A typo in a province plugin must not silently count by another rule.
    with pytest.raises(ConfigError, match="CountingPolicy") as info:
        CountingPolicy(**changes)
    assert quoted in str(info.value)


# -- working days --------------------------------------------------------------------------


def test_working_days_start_the_next_working_day(rules: Rules) -> None:
    deadline = rules.deadline(at("2026-11-26 10:00"), wd(3))
    assert deadline.effective_at == at("2026-11-26 10:00")
    assert deadline.starts_at == at("2026-11-27 08:00")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("0.5", "2026-11-27 12:00"),  # noon = after the 4 morning hours of the next day
        ("1", "2026-11-27 17:00"),
        ("1.5", "2026-11-30 12:00"),
        ("2.5", "2026-12-01 12:00"),
        ("0.25", "2026-11-27 10:00"),
        ("0.75", "2026-11-27 15:00"),
    ],
)
def test_fractional_working_days(rules: Rules, value: str, expected: str) -> None:
    assert due(rules, "2026-11-26 10:00", wd(value)) == at(expected)


def test_dossier_received_late_in_the_day_still_gets_whole_days(rules: Rules) -> None:
    # 16:59 is inside working time: the day of receipt is not counted either way.
    assert due(rules, "2026-11-26 16:59", wd(1)) == at("2026-11-27 17:00")


@pytest.mark.parametrize(
    ("received", "effective", "expected"),
    [
        # Saturday online: received at the opening on Monday, Monday not counted.
        ("2026-11-28 10:00", "2026-11-30 08:00", "2026-12-03 17:00"),
        # Friday evening.
        ("2026-11-27 18:30", "2026-11-30 08:00", "2026-12-03 17:00"),
        # Lunch break: the afternoon opening of the same day.
        ("2026-11-26 12:30", "2026-11-26 13:00", "2026-12-01 17:00"),
        # Before opening.
        ("2026-11-26 06:45", "2026-11-26 08:00", "2026-12-01 17:00"),
        # Tết (Monday 16 Feb 2026 is a day off): received Monday 23 Feb.
        ("2026-02-16 09:00", "2026-02-23 08:00", "2026-02-26 17:00"),
        # Vietnam Culture Day (Tue 24 Nov 2026), as the data carries it.
        ("2026-11-24 09:00", "2026-11-25 08:00", "2026-11-30 17:00"),
    ],
)
def test_after_hours_receipt(rules: Rules, received: str, effective: str, expected: str) -> None:
    deadline = rules.deadline(at(received), wd(3), channel="online")
    assert deadline.effective_at == at(effective)
    assert deadline.due_at == at(expected)


def test_after_hours_receipt_off_counts_from_the_moment_given() -> None:
    rules = rules_with(after_hours_receipt=False)
    deadline = rules.deadline(at("2026-11-28 10:00"), wd(1))  # Saturday, not moved
    assert deadline.effective_at == at("2026-11-28 10:00")
    # Saturday is the day of receipt and not counted; Monday is the first working day.
    assert deadline.due_at == at("2026-11-30 17:00")
    assert rules_with().deadline(at("2026-11-28 10:00"), wd(1)).due_at == at("2026-12-01 17:00")


def test_elapsed_mode_counts_from_the_receipt() -> None:
    rules = rules_with(working_days_mode="elapsed")
    deadline = rules.deadline(at("2026-11-26 10:00"), wd(3))
    assert deadline.starts_at == at("2026-11-26 10:00")
    # 24 working hours: Thu 6 h, Fri 8 h, Mon 8 h, Tue 2 h.
    assert deadline.due_at == at("2026-12-01 10:00")
    assert rules.deadline(at("2026-11-26 10:00"), wd("0.5")).due_at == at("2026-11-26 15:00")


def test_general_cutoff_moves_the_receipt_to_the_next_working_day() -> None:
    rules = rules_with(general_cutoff=time(15, 0))
    late = rules.deadline(at("2026-11-26 15:30"), wd(3))
    assert late.effective_at == at("2026-11-27 08:00")
    assert late.starts_at == at("2026-11-30 08:00")
    assert late.due_at == at("2026-12-02 17:00")
    assert rules.deadline(at("2026-11-26 14:59"), wd(3)).due_at == at("2026-12-01 17:00")
    assert rules.deadline(at("2026-11-26 15:00"), wd(3)).due_at == at("2026-12-02 17:00")
    # Working hours too ("all procedures"), from Friday's opening.
    assert rules.deadline(at("2026-11-26 15:30"), hours(8)).due_at == at("2026-11-27 17:00")
    # Same-day procedures keep their own cut-off.
    assert rules.deadline(at("2026-11-26 14:00"), SAME_DAY).due_at == at("2026-11-26 17:00")
    # Without after-hours receipt the dossier is received at the start of the next day, so
    # a Friday dossier after the cut-off is never due after a Saturday one.
    loose = rules_with(general_cutoff=time(15, 0), after_hours_receipt=False)
    friday = loose.deadline(at("2026-11-27 15:30"), wd(1))
    assert friday.effective_at == at("2026-11-28 00:00")
    assert friday.due_at == loose.deadline(at("2026-11-28 10:00"), wd(1)).due_at
    assert friday.due_at == at("2026-11-30 17:00")
    # The national default has no general cut-off.
    assert rules_with().deadline(at("2026-11-26 15:30"), wd(3)).due_at == at("2026-12-01 17:00")


# -- working hours -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("received", "duration", "expected"),
    [
        ("2026-11-26 13:00", hours(4), "2026-11-26 17:00"),  # the end of an interval is that end
        ("2026-11-26 08:00", hours(4), "2026-11-26 12:00"),
        ("2026-11-26 11:00", hours(2), "2026-11-26 14:00"),  # over lunch
        ("2026-11-27 17:30", hours(4), "2026-11-30 12:00"),  # Friday evening online
        ("2026-11-26 10:00", hours(24), "2026-12-01 10:00"),
        ("2026-02-13 16:00", hours(2), "2026-02-23 09:00"),  # over Tết
        ("2026-11-26 10:00", hours("1.5"), "2026-11-26 11:30"),
    ],
)
def test_working_hours(rules: Rules, received: str, duration: Duration, expected: str) -> None:
    deadline = rules.deadline(at(received), duration)
    assert deadline.due_at == at(expected)
    assert deadline.starts_at == deadline.effective_at


# -- calendar days and months --------------------------------------------------------------


@pytest.mark.parametrize(
    ("received", "duration", "expected"),
    [
        ("2026-11-26 10:00", cdays(5), "2026-12-02 00:00"),  # Tuesday, a working day
        ("2026-11-26 10:00", cdays(2), "2026-12-01 00:00"),  # Saturday -> Monday
        ("2026-02-10 09:00", cdays(5), "2026-02-24 00:00"),  # Sunday in Tết -> 23 Feb
        ("2026-11-26 10:00", cdays(0), "2026-11-27 00:00"),
        ("2026-01-31 09:00", months(1), "2026-03-03 00:00"),  # 28 Feb is a Saturday
        ("2026-03-31 09:00", months(1), "2026-05-05 00:00"),  # 30 Apr, 1 May off, weekend
        ("2026-01-15 09:00", months(6), "2026-07-16 00:00"),
        ("2026-11-28 10:00", cdays(1), "2026-12-02 00:00"),  # Saturday online -> Mon receipt
    ],
)
def test_calendar_days_and_months(
    rules: Rules, received: str, duration: Duration, expected: str
) -> None:
    assert due(rules, received, duration) == at(expected)


def test_calendar_days_start_the_day_after_receipt(rules: Rules) -> None:
    deadline = rules.deadline(at("2026-11-26 10:00"), cdays(5))
    assert deadline.starts_at == at("2026-11-27 00:00")


def test_without_rolling_a_period_ends_at_midnight_of_a_day_off() -> None:
    rules = rules_with(roll_to_working_day=False)
    assert due(rules, "2026-11-26 10:00", cdays(2)) == at("2026-11-29 00:00")
    assert due(rules, "2026-11-26 10:00", cdays(5)) == at("2026-12-02 00:00")


def test_a_due_moment_at_midnight_belongs_to_the_day_it_ends() -> None:
    rules = rules_with(roll_to_working_day=False)
    clock = rules.clock(rules.deadline(at("2026-11-26 10:00"), cdays(2)))
    assert clock.due_at == at("2026-11-29 00:00")  # the end of Saturday 28 November
    # Finished on Saturday itself: on the day of the due moment, so on time, not early.
    assert clock.finish(at("2026-11-28 15:00")).status == "on_time"
    assert clock.finish(at("2026-11-29 00:00")).status == "on_time"
    assert clock.finish(at("2026-11-27 16:00")).status == "early"
    assert clock.finish(at("2026-11-30 08:30")).status == "late"
    # The end of 31 December 2026 does not reach into the estimated year 2027.
    assert provisional_years(rules.calendar, at("2026-12-29 10:00"), at("2027-01-01 00:00")) == ()
    assert provisional_years(rules.calendar, at("2026-12-29 10:00"), at("2027-01-01 08:00")) == (
        2027,
    )


# -- same day ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("received", "expected"),
    [
        ("2026-09-03 08:00", "2026-09-03 17:00"),
        ("2026-09-03 14:59", "2026-09-03 17:00"),
        ("2026-09-03 15:00", "2026-09-04 17:00"),  # at the cut-off
        ("2026-09-04 15:30", "2026-09-07 17:00"),  # Friday after the cut-off -> Monday
        ("2026-11-28 09:00", "2026-11-30 17:00"),  # Saturday online -> Monday
        ("2026-11-26 12:15", "2026-11-26 17:00"),  # lunch -> 13:00 the same day
        ("2026-11-26 18:00", "2026-11-27 17:00"),  # after closing
        ("2026-08-28 16:00", "2026-09-03 17:00"),  # Fri; 31 Aug, 1-2 Sep off in 2026
    ],
)
def test_same_day(rules: Rules, received: str, expected: str) -> None:
    assert due(rules, received, SAME_DAY) == at(expected)


def test_same_day_without_cutoff() -> None:
    rules = rules_with(same_day_cutoff=None)
    assert due(rules, "2026-09-03 16:30", SAME_DAY) == at("2026-09-03 17:00")
    loose = rules_with(same_day_cutoff=None, after_hours_receipt=False)
    assert due(loose, "2026-09-03 17:30", SAME_DAY) == at("2026-09-04 17:00")
    assert due(loose, "2026-11-28 09:00", SAME_DAY) == at("2026-11-30 17:00")


# -- time zones, provisional, JSON ---------------------------------------------------------


def test_naive_is_local_and_other_zones_are_converted(rules: Rules) -> None:
    naive = rules.deadline(datetime(2026, 11, 26, 10, 0), wd(3))
    utc = rules.deadline(datetime(2026, 11, 26, 3, 0, tzinfo=timezone.utc), wd(3))
    assert naive.received_at == utc.received_at == at("2026-11-26 10:00")
    assert naive.due_at == utc.due_at == at("2026-12-01 17:00")
    assert naive.received_at.tzinfo is not None


def test_tet_2026_crossing(rules: Rules) -> None:
    # Thu 12 Feb: Fri 13, then Tết (14-22), then Mon 23 .. Thu 26.
    deadline = rules.deadline(at("2026-02-12 09:00"), wd(5))
    assert deadline.due_at == at("2026-02-26 17:00")
    assert deadline.provisional is False
    assert rules.deadline(at("2026-02-12 09:00"), hours(16)).due_at == at("2026-02-23 09:00")


def test_crossing_into_an_estimated_year_is_provisional(rules: Rules) -> None:
    deadline = rules.deadline(at("2026-12-28 10:00"), wd(10))
    assert rules.calendar.official_years >= {2024, 2025, 2026}
    assert 2027 not in rules.calendar.official_years
    assert deadline.provisional is True
    assert deadline.provisional_years == (2027,)
    assert deadline.due_at.year == 2027
    assert rules.deadline(at("2026-10-15 09:00"), months(3)).provisional_years == (2027,)


def test_crossing_an_unconfirmed_day_off_is_provisional(rules: Rules) -> None:
    # 24/11/2026 (Culture Day) is a day off whose enacting decision is not confirmed:
    # counted as off, so were it a working day the due moment would come a day earlier.
    deadline = rules.deadline(at("2026-11-20 09:00"), wd(5))
    assert deadline.due_at == at("2026-11-30 17:00")
    assert deadline.provisional is True
    assert deadline.provisional_years == ()
    assert deadline.provisional_days == (date(2026, 11, 24),)
    assert deadline.to_dict()["provisional_days"] == ["2026-11-24"]
    clock = rules.clock(deadline)
    assert clock.provisional is True
    assert clock.to_dict()["provisional_days"] == ["2026-11-24"]
    # ending the day before it, or starting after it, rests on nothing unconfirmed
    before = rules.deadline(at("2026-11-20 09:00"), wd(1))
    assert before.due_at == at("2026-11-23 17:00")
    assert (before.provisional, before.provisional_days) == (False, ())
    after = rules.deadline(at("2026-11-25 09:00"), wd(3))
    assert (after.provisional, after.provisional_days) == (False, ())


def test_unconfirmed_days_in_an_estimated_year_are_reported_as_the_year(rules: Rules) -> None:
    # 24/11/2027 is unconfirmed too, but 2027 as a whole is already an estimate
    deadline = rules.deadline(at("2027-11-19 09:00"), wd(5))
    assert deadline.provisional_years == (2027,)
    assert deadline.provisional_days == ()
    assert provisional_days(rules.calendar, at("2026-11-01 09:00"), at("2026-10-01 09:00")) == ()


@pytest.mark.parametrize(
    ("received", "duration", "due_at", "provisional"),
    [
        ("2026-12-30 10:00", wd(1), "2026-12-31 17:00", False),  # ends on 31 Dec 2026
        ("2026-12-31 09:00", hours(7), "2026-12-31 17:00", False),  # the interval's end
        ("2026-12-31 14:00", SAME_DAY, "2026-12-31 17:00", False),
        ("2026-12-30 10:00", wd(2), "2027-01-04 17:00", True),  # 1 Jan 2027 off, estimated
        ("2026-12-31 09:00", hours(8), "2027-01-04 09:00", True),
        ("2026-12-31 15:00", SAME_DAY, "2027-01-04 17:00", True),  # after the cut-off
        ("2026-12-29 10:00", cdays(2), "2027-01-01 00:00", False),  # 24:00 of 31 Dec
        ("2026-12-29 10:00", cdays(3), "2027-01-05 00:00", True),  # 1 Jan: rolled
    ],
)
def test_year_end_2026(
    rules: Rules, received: str, duration: Duration, due_at: str, provisional: bool
) -> None:
    deadline = rules.deadline(at(received), duration)
    assert deadline.due_at == at(due_at)
    assert deadline.provisional is provisional
    assert deadline.provisional_years == ((2027,) if provisional else ())


def test_outside_the_calendar_is_a_calendar_error(rules: Rules) -> None:
    with pytest.raises(CalendarError, match="1990"):
        rules.deadline(at("1990-01-02 09:00"), wd(1))


@pytest.mark.parametrize(
    "duration",
    [
        # Past any valid Duration (at most 100 years): built unchecked, as a plugin could.
        Duration.model_construct(value=Decimal(3_000_000), unit=Unit.CALENDAR_DAYS),
        Duration.model_construct(value=Decimal(100_000), unit=Unit.MONTHS),
    ],
)
def test_a_period_past_year_9999_is_a_calendar_error(rules: Rules, duration: Duration) -> None:
    # No date exists there: the error is the calendar's, not a plugin crash.
    with pytest.raises(CalendarError, match="leaves the working calendar") as info:
        rules.deadline(at("2026-11-26 10:00"), duration)
    assert duration.text("en") in str(info.value)


def test_to_dict_is_iso_with_the_vietnam_offset(rules: Rules) -> None:
    data = rules.deadline(at("2026-11-26 10:00"), wd(3)).to_dict("en")
    assert data["received_at"] == "2026-11-26T10:00:00+07:00"
    assert data["starts_at"] == "2026-11-27T08:00:00+07:00"
    assert data["due_at"] == "2026-12-01T17:00:00+07:00"
    assert data["provisional"] is False
    assert data["time"] == {"value": "3", "unit": "working_days", "text": "3 working days"}
    assert data["steps"] == []
    assert rules.deadline(at("2026-11-26 10:00"), wd(3)).to_dict("vi")["time"]["text"] == (
        "3 ngày làm việc"
    )


def test_deadline_is_frozen(rules: Rules) -> None:
    deadline = rules.deadline(at("2026-11-26 10:00"), wd(3))
    with pytest.raises(FrozenInstanceError):
        deadline.due_at = at("2026-12-02 17:00")  # type: ignore[misc]


# -- what a deadline is computed for -------------------------------------------------------


def synthetic_procedure(**overrides: Any) -> Procedure:
    # Synthetic: 9.999001 is deliberately not a real procedure code.
    data: dict[str, Any] = {
        "code": "9.999001",
        "name": "Thủ tục thử nghiệm (synthetic)",
        "field": "thu-nghiem",
        "levels": ["province"],
        "processing_time": [
            {
                "name": "Trường hợp cấp mới",
                "time": {"value": 10, "unit": "working_days"},
                "committed": {"value": 7, "unit": "working_days"},
            },
            {"name": "Trường hợp cấp lại", "time": {"value": 3, "unit": "working_days"}},
        ],
    }
    data.update(overrides)
    return Procedure.model_validate(data)


def test_procedure_case_uses_the_committed_time(rules: Rules) -> None:
    procedure = synthetic_procedure()
    deadline = rules.deadline(at("2026-11-26 10:00"), procedure, case="cấp mới")
    assert deadline.duration == wd(7)
    assert deadline.procedure == "9.999001"
    assert deadline.case == "Trường hợp cấp mới"
    # 7 working days after Thu 26 Nov: Fri 27, Mon 30 .. Fri 4 Dec, Mon 7 Dec.
    assert deadline.due_at == at("2026-12-07 17:00")
    other = compute_deadline(rules, at("2026-11-26 10:00"), procedure, case="cấp lại")
    assert other.due_at == at("2026-12-01 17:00")


def test_procedure_with_several_cases_needs_one(rules: Rules) -> None:
    with pytest.raises(LookupError, match=r"9\.999001"):
        rules.deadline(at("2026-11-26 10:00"), synthetic_procedure())


def test_procedure_by_channel(rules: Rules) -> None:
    procedure = synthetic_procedure(
        processing_time=[
            {"channel": "online", "time": {"value": 2, "unit": "working_days"}},
            {"channel": "in_person", "time": {"value": 3, "unit": "working_days"}},
        ]
    )
    online = rules.deadline(at("2026-11-26 10:00"), procedure, channel="online")
    assert online.channel is Channel.ONLINE
    assert online.due_at == at("2026-11-30 17:00")
    in_person = rules.deadline(at("2026-11-26 10:00"), procedure, channel=Channel.IN_PERSON)
    assert in_person.due_at == at("2026-12-01 17:00")


def test_a_channel_the_procedure_does_not_offer_is_counted_with_a_warning(rules: Rules) -> None:
    procedure = synthetic_procedure(
        channels=["online", "in_person"],
        processing_time=[{"time": {"value": 3, "unit": "working_days"}}],
    )
    deadline = rules.deadline(at("2026-11-26 10:00"), procedure, channel="postal")
    assert deadline.due_at == at("2026-12-01 17:00")  # counted all the same
    (warning,) = deadline.warnings
    assert warning.en == (
        "Procedure 9.999001 does not list the channel 'postal' (its channels: online, in_person)"
    )
    assert warning.vi == (
        "Thủ tục 9.999001 không công bố kênh 'postal' (các kênh: online, in_person)"
    )
    assert rules.deadline(at("2026-11-26 10:00"), procedure, channel="online").warnings == ()
    # a procedure whose source does not list its channels warns about nothing
    silent = synthetic_procedure(processing_time=[{"time": {"value": 3, "unit": "working_days"}}])
    assert rules.deadline(at("2026-11-26 10:00"), silent, channel="postal").warnings == ()


def test_case_alone_and_its_channel(rules: Rules) -> None:
    case = Case(channel=Channel.ONLINE, time=wd(2))
    deadline = rules.deadline(at("2026-11-26 10:00"), case)
    assert deadline.channel is Channel.ONLINE
    assert deadline.due_at == at("2026-11-30 17:00")


def test_text_is_read_as_a_duration(rules: Rules) -> None:
    deadline = rules.deadline(at("2026-11-26 10:00"), "03 ngày làm việc")
    assert deadline.duration.value == 3
    assert deadline.duration.unit is Unit.WORKING_DAYS
    assert deadline.due_at == at("2026-12-01 17:00")


def test_text_with_cases_is_narrowed_by_channel(rules: Rules) -> None:
    text = "Trực tuyến: 2 ngày làm việc; Trực tiếp: 3 ngày làm việc"
    assert rules.deadline(at("2026-11-26 10:00"), text, channel="online").due_at == at(
        "2026-11-30 17:00"
    )
    with pytest.raises(DeadlineError, match="2 matching cases") as info:
        rules.deadline(at("2026-11-26 10:00"), text)
    assert info.value.message("en").endswith(
        "or channel (channel; on the command line: --channel). "
        "Cases: 'Trực tuyến: 2 ngày làm việc', 'Trực tiếp: 3 ngày làm việc'"
    )
    assert "có 2 trường hợp khớp; hãy chọn một theo tên trường hợp" in info.value.message("vi")


def test_single_text_case_for_one_channel_is_refused_for_another(rules: Rules) -> None:
    # A time text goes through the same case selection as a procedure: its one case,
    # marked online, does not apply to a dossier received in person.
    text = "Trực tuyến: 5 ngày làm việc"
    with pytest.raises(DeadlineError) as info:
        rules.deadline(at("2026-11-26 10:00"), text, channel="in_person")
    assert info.value.message("en") == (
        f"The time {text!r}: no case matches the channel in_person. Cases: {text!r}"
    )
    assert info.value.message("vi") == (
        f"Thời hạn {text!r}: không có trường hợp nào khớp kênh in_person. Các trường hợp: {text!r}"
    )
    procedure = synthetic_procedure(
        processing_time=[{"channel": "online", "time": {"value": 5, "unit": "working_days"}}]
    )
    with pytest.raises(LookupError, match="no case matches the channel in_person"):
        rules.deadline(at("2026-11-26 10:00"), procedure, channel="in_person")
    # Without a channel the case applies, and its channel is the deadline's, as for a procedure.
    deadline = rules.deadline(at("2026-11-26 10:00"), text)
    assert deadline.due_at == at("2026-12-03 17:00")
    assert deadline.channel is Channel.ONLINE
    assert rules.deadline(at("2026-11-26 10:00"), text, channel="online").due_at == at(
        "2026-12-03 17:00"
    )


def test_single_text_case_without_a_channel_applies_to_any_channel(rules: Rules) -> None:
    for channel in ("in_person", "online", "postal"):
        deadline = rules.deadline(at("2026-11-26 10:00"), "5 ngày làm việc", channel=channel)
        assert deadline.due_at == at("2026-12-03 17:00")
        assert deadline.channel is Channel(channel)


def test_text_case_that_matches_nothing_says_what_was_asked(rules: Rules) -> None:
    text = "Trường hợp 1: 2 ngày làm việc; Trường hợp 2: 3 ngày làm việc"
    assert rules.deadline(at("2026-11-26 10:00"), text, case="hợp 2").due_at == at(
        "2026-12-01 17:00"
    )
    with pytest.raises(DeadlineError) as info:
        rules.deadline(at("2026-11-26 10:00"), text, case="Trường hợp 3")
    assert info.value.message("en") == (
        f"The time {text!r}: no case matches the case name 'Trường hợp 3'. "
        "Cases: 'Trường hợp 1: 2 ngày làm việc', 'Trường hợp 2: 3 ngày làm việc'"
    )
    assert info.value.message("vi").startswith(
        f"Thời hạn {text!r}: không có trường hợp nào khớp tên trường hợp 'Trường hợp 3'."
    )


def test_unreadable_text_is_a_duration_error(rules: Rules) -> None:
    with pytest.raises(DurationError, match="ba tuần"):
        rules.deadline(at("2026-11-26 10:00"), "ba tuần")


def test_unknown_channel_is_quoted(rules: Rules) -> None:
    with pytest.raises(DeadlineError) as info:
        rules.deadline(at("2026-11-26 10:00"), wd(3), channel="fax")
    assert "'fax'" in info.value.message("en")
    assert "in_person, online, postal" in info.value.message("en")
    assert "Kênh nộp hồ sơ không hợp lệ: 'fax'" in info.value.message("vi")


def test_a_case_name_needs_a_procedure_or_text(rules: Rules) -> None:
    with pytest.raises(DeadlineError, match="'A'") as info:
        rules.deadline(at("2026-11-26 10:00"), wd(3), case="A")
    assert "Không chọn được trường hợp 'A'" in info.value.message("vi")


def test_unsupported_what(rules: Rules) -> None:
    with pytest.raises(DeadlineError, match="Cannot compute a deadline for 42"):
        rules.deadline(at("2026-11-26 10:00"), 42)  # type: ignore[arg-type]


# -- inter-agency steps: Hà Nội 1.012644 -------------------------------------------------

#: Internal process of procedure 1.012644 (thay đổi trụ sở của tổ chức tôn giáo), Hà Nội,
#: Quyết định 1594/QĐ-TTPVHCC năm 2025: 30 working days in steps; Bước 7-13 carry no time
#: of their own (the 7 days of Bước 6 cover the city block), Bước 15 is not counted.
HANOI_1012644: tuple[tuple[str, str | None], ...] = (
    ("Bước 1", "0.5"),
    ("Bước 2", "0.5"),
    ("Bước 2 (Lãnh đạo Sở)", "1"),
    ("Bước 2 (Lãnh đạo phòng)", "1"),
    ("Bước 3", "16"),
    ("Bước 4", "1"),
    ("Bước 5", "1"),
    ("Bước 6", "7"),
    ("Bước 7", None),
    ("Bước 8", None),
    ("Bước 9", None),
    ("Bước 10", None),
    ("Bước 11", None),
    ("Bước 12", None),
    ("Bước 13", None),
    ("Bước 14", "2"),
    ("Bước 15", None),
)


def hanoi_case() -> Case:
    steps = tuple(
        ProcessStep(name=name, time=None if value is None else wd(value))
        for name, value in HANOI_1012644
    )
    return Case(time=wd(30), steps=steps)


def test_hanoi_inter_agency_steps(rules: Rules) -> None:
    deadline = rules.deadline(at("2026-10-01 10:00"), hanoi_case())
    # 30 working days after Thu 1 Oct 2026 (no day off in Oct-Nov before the 24th).
    assert deadline.due_at == at("2026-11-12 17:00")
    assert deadline.warnings == ()
    expected = [
        ("2026-10-02 08:00", "2026-10-02 12:00"),
        ("2026-10-02 12:00", "2026-10-02 17:00"),
        ("2026-10-02 17:00", "2026-10-05 17:00"),
        ("2026-10-05 17:00", "2026-10-06 17:00"),
        ("2026-10-06 17:00", "2026-10-28 17:00"),
        ("2026-10-28 17:00", "2026-10-29 17:00"),
        ("2026-10-29 17:00", "2026-10-30 17:00"),
        ("2026-10-30 17:00", "2026-11-10 17:00"),
        *[("2026-11-10 17:00", "2026-11-10 17:00")] * 7,
        ("2026-11-10 17:00", "2026-11-12 17:00"),
        ("2026-11-12 17:00", "2026-11-12 17:00"),
    ]
    assert [(s.starts_at, s.due_at) for s in deadline.steps] == [
        (at(a), at(b)) for a, b in expected
    ]
    assert [s.name for s in deadline.steps] == [name for name, _ in HANOI_1012644]
    assert [s.index for s in deadline.steps] == list(range(1, 18))
    assert deadline.steps[-2].due_at == deadline.due_at
    data = deadline.to_dict("vi")
    assert data["steps"][0]["time"]["text"] == "0,5 ngày làm việc"
    assert data["steps"][8]["time"] is None


def test_hanoi_steps_across_tet_2026(rules: Rules) -> None:
    deadline = rules.deadline(at("2026-02-11 10:00"), hanoi_case())
    assert deadline.steps[0].due_at == at("2026-02-12 12:00")
    assert deadline.steps[1].due_at == at("2026-02-12 17:00")
    assert deadline.steps[2].due_at == at("2026-02-13 17:00")
    assert deadline.steps[3].due_at == at("2026-02-23 17:00")  # Tết 14-22 Feb in between
    assert deadline.steps[-2].due_at == deadline.due_at


def test_steps_that_do_not_add_up_keep_the_whole_time(rules: Rules) -> None:
    case = Case(time=wd(3), steps=(ProcessStep(time=wd(1)), ProcessStep(time=wd(1))))
    deadline = rules.deadline(at("2026-11-26 10:00"), case)
    assert deadline.due_at == at("2026-12-01 17:00")
    assert deadline.steps[-1].due_at == at("2026-11-30 17:00")
    (warning,) = deadline.warnings
    assert "2 working days, not 3 working days" in warning("en")
    assert "2 ngày làm việc" in warning("vi")


def test_steps_in_other_units_cannot_be_checked(rules: Rules) -> None:
    case = Case(time=wd(10), steps=(ProcessStep(time=cdays(5)), ProcessStep(time=wd(2))))
    deadline = rules.deadline(at("2026-11-26 10:00"), case)
    (warning,) = deadline.warnings
    assert "Cannot check" in warning("en")
    # 5 calendar days from Fri 27 Nov 08:00 (the clock start): Wed 2 Dec 24:00.
    assert deadline.steps[0].due_at == at("2026-12-03 00:00")
    assert deadline.steps[1].due_at == at("2026-12-04 17:00")


# -- the dossier clock -------------------------------------------------------------------


@pytest.fixture
def clock(rules: Rules) -> DossierClock:
    # Thu 26 Nov 10:00, 3 working days: due Tue 1 Dec 17:00.
    return rules.clock(rules.deadline(at("2026-11-26 10:00"), wd(3)))


def test_pause_moves_the_due_moment_by_the_working_time_paused(clock: DossierClock) -> None:
    moved = clock.pause(at("2026-11-27 09:00")).resume(at("2026-11-30 09:00"))
    # Fri 09:00-17:00 (7 h) + Mon 08:00-09:00 (1 h) = 8 h.
    assert moved.paused_time == timedelta(hours=8)
    assert moved.due_at == at("2026-12-02 17:00")
    assert clock.due_at == at("2026-12-01 17:00")  # the original clock is unchanged
    assert clock.events == ()
    assert len(moved.events) == 2


def test_pause_before_the_clock_starts_costs_nothing(clock: DossierClock) -> None:
    moved = clock.pause(at("2026-11-26 11:00")).resume(at("2026-11-26 16:00"))
    assert moved.paused_time == timedelta(0)
    assert moved.due_at == at("2026-12-01 17:00")


def test_several_pauses_add_up(clock: DossierClock) -> None:
    moved = (
        clock.pause(at("2026-11-27 08:00"))
        .resume(at("2026-11-27 12:00"))
        .pause(at("2026-11-30 13:00"))
        .resume(at("2026-11-30 17:00"))
    )
    assert moved.paused_time == timedelta(hours=8)
    assert moved.due_at == at("2026-12-02 17:00")


def test_a_pause_begun_after_the_due_moment_does_not_move_it(clock: DossierClock) -> None:
    # Due Tue 1 Dec 17:00. A supplement requested Wed 09:00, received Fri 09:00: the dossier
    # was already late (quá hạn) when asked; the request does not give the time back.
    moved = clock.pause(at("2026-12-02 09:00")).resume(at("2026-12-04 09:00"))
    assert moved.due_at == at("2026-12-01 17:00")
    assert moved.paused_time == timedelta(hours=16)  # the dossier did wait that long
    done = moved.finish(at("2026-12-04 09:00"))
    assert done.status == "late"
    assert done.late_by == timedelta(hours=17)  # Wed 8 h + Thu 8 h + Fri 1 h
    # Lateness keeps running during such a pause.
    assert moved.remaining(at("2026-12-03 17:00")) == -timedelta(hours=16)


def test_overdue_stays_late_whatever_pause_follows(clock: DossierClock) -> None:
    # Asked after closing on the due day, answered two days later, finished at once:
    # overdue while it waited, so late, not on time by a due moment moved afterwards.
    waiting = clock.pause(at("2026-12-01 17:30"))
    assert waiting.status_at(at("2026-12-02 10:00")) == "overdue"
    done = waiting.resume(at("2026-12-03 17:00")).finish(at("2026-12-03 17:00"))
    assert done.due_at == at("2026-12-01 17:00")
    assert done.status == "late"


def test_a_pause_begun_at_the_due_moment_moves_it(clock: DossierClock) -> None:
    # At 17:00 sharp the dossier is not late yet (a finish then is on time).
    moved = clock.pause(at("2026-12-01 17:00")).resume(at("2026-12-02 12:00"))
    assert moved.due_at == at("2026-12-02 12:00")


def test_a_pause_begun_before_the_moved_due_moment_moves_it(clock: DossierClock) -> None:
    # The first pause moves the due moment to Wed 2 Dec 17:00; the second begins after the
    # original due moment but before the moved one, so it counts too.
    first = clock.pause(at("2026-11-27 09:00")).resume(at("2026-11-30 09:00"))
    assert first.due_at == at("2026-12-02 17:00")
    second = first.pause(at("2026-12-02 08:00")).resume(at("2026-12-02 12:00"))
    assert second.due_at == at("2026-12-03 12:00")
    third = second.pause(at("2026-12-03 13:00")).resume(at("2026-12-03 17:00"))
    assert third.due_at == at("2026-12-03 12:00")  # begun after it: no move
    assert third.paused_time == timedelta(hours=16)


def test_a_late_pause_moves_the_due_moment_when_the_policy_says_so() -> None:
    # The same dossier as above, in a province that reads §6.8 literally for late requests:
    # the wait (Wed 09:00 to Fri 09:00, 16 working hours) moves the due moment to Thu 17:00,
    # but the hour it was already late when asked (Wed 08:00-09:00) stays late.
    rules = rules_with(late_pause_extends=True)
    clock = rules.clock(rules.deadline(at("2026-11-26 10:00"), wd(3)))
    assert clock.policy.late_pause_extends is True
    waiting = clock.pause(at("2026-12-02 09:00"))
    assert waiting.status_at(at("2026-12-03 10:00")) == "overdue"  # late when asked
    # the clock is stopped during the pause: lateness frozen at the hour it had
    assert waiting.remaining(at("2026-12-03 17:00")) == -timedelta(hours=1)
    moved = waiting.resume(at("2026-12-04 09:00"))
    assert moved.due_at == at("2026-12-03 17:00")
    assert moved.paused_time == timedelta(hours=16)
    done = moved.finish(at("2026-12-04 09:00"))
    assert done.status == "late"
    assert done.late_by == timedelta(hours=1)


def test_a_late_pause_after_closing_can_end_on_time_when_the_policy_says_so() -> None:
    # Asked at 17:30 on the due day: late by the moment but by no working time. With the
    # national reading it stays late (test_overdue_stays_late_whatever_pause_follows); read
    # literally, the 16 working hours of the wait move the due moment to Thu 17:00.
    rules = rules_with(late_pause_extends=True)
    clock = rules.clock(rules.deadline(at("2026-11-26 10:00"), wd(3)))
    done = clock.pause(at("2026-12-01 17:30")).resume(at("2026-12-03 17:00"))
    assert done.due_at == at("2026-12-03 17:00")
    assert done.finish(at("2026-12-03 17:00")).status == "on_time"


def test_restart_policy_restarts_after_a_late_pause_when_the_policy_says_so() -> None:
    rules = rules_with(pause_mode="restart", late_pause_extends=True)
    clock = rules.clock(rules.deadline(at("2026-11-26 10:00"), wd(3)))
    late = clock.pause(at("2026-12-02 09:00")).resume(at("2026-12-04 09:00"))
    # As if received Fri 4 Dec 09:00: Mon 7, Tue 8, Wed 9 Dec.
    assert late.due_at == at("2026-12-09 17:00")
    assert late.current_deadline.received_at == at("2026-12-04 09:00")


def test_restart_policy_ignores_a_pause_begun_after_the_due_moment() -> None:
    rules = rules_with(pause_mode="restart")
    clock = rules.clock(rules.deadline(at("2026-11-26 10:00"), wd(3)))
    late = clock.pause(at("2026-12-02 09:00")).resume(at("2026-12-04 09:00"))
    assert late.due_at == at("2026-12-01 17:00")
    assert late.current_deadline == clock.deadline
    assert late.finish(at("2026-12-04 10:00")).status == "late"


def test_restart_policy_counts_the_whole_time_again() -> None:
    rules = rules_with(pause_mode="restart")
    clock = rules.clock(rules.deadline(at("2026-11-26 10:00"), wd(3)))
    moved = clock.pause(at("2026-11-27 09:00")).resume(at("2026-11-30 09:00"))
    # As if received Mon 30 Nov 09:00: Tue 1, Wed 2, Thu 3 Dec.
    assert moved.due_at == at("2026-12-03 17:00")
    assert moved.current_deadline.received_at == at("2026-11-30 09:00")
    assert moved.to_dict()["pause_mode"] == "restart"
    assert moved.to_dict()["late_pause_extends"] is False


@pytest.mark.parametrize(
    ("finished", "status", "late_by"),
    [
        ("2026-11-30 16:00", "early", timedelta(0)),
        ("2026-11-30 23:59", "early", timedelta(0)),  # the calendar day before
        ("2026-12-01 08:00", "on_time", timedelta(0)),  # the due day itself: not early
        ("2026-12-01 09:00", "on_time", timedelta(0)),
        ("2026-12-01 17:00", "on_time", timedelta(0)),
        ("2026-12-02 10:00", "late", timedelta(hours=2)),
        ("2026-12-03 17:00", "late", timedelta(hours=16)),
        ("2026-12-01 17:30", "late", timedelta(0)),  # after closing: late by no working time
    ],
)
def test_status_and_lateness(
    clock: DossierClock, finished: str, status: str, late_by: timedelta
) -> None:
    done = clock.finish(at(finished))
    assert done.status == status
    assert done.late_by == late_by
    assert done.late_by_days == working_days_of(late_by)
    assert done.status_at(at("2027-01-05 09:00")) == status


def test_finish_given_in_utc_is_judged_in_vietnam_time(clock: DossierClock) -> None:
    # 10:00 UTC is 17:00 in Hà Nội: exactly the due moment.
    assert clock.finish(datetime(2026, 12, 1, 10, tzinfo=timezone.utc)).status == "on_time"
    assert clock.finish(datetime(2026, 12, 1, 10, 1, tzinfo=timezone.utc)).status == "late"
    assert clock.finish(datetime(2026, 11, 30, 16, 59, tzinfo=timezone.utc)).status == "early"


def test_late_by_days_is_exact(clock: DossierClock) -> None:
    assert clock.finish(at("2026-12-02 10:00")).late_by_days == Decimal("0.25")
    assert clock.finish(at("2026-12-03 17:00")).late_by_days == Decimal(2)
    assert str(clock.finish(at("2026-12-15 17:00")).late_by_days) == "10"  # not 1E+1


@pytest.mark.parametrize(
    ("late_by", "days"),
    [
        (timedelta(0), "0"),
        (timedelta(hours=2), "0.25"),
        (timedelta(minutes=3), "0.00625"),  # a multiple of 18 s: exact
        (timedelta(minutes=1), "0.002083"),  # 1/480 has no end in decimals: 6 places
        (timedelta(hours=7, minutes=59), "0.997917"),
        (timedelta(seconds=1), "0.000035"),
        (timedelta(hours=8 * 12), "12"),
        (-timedelta(hours=4), "-0.5"),
    ],
)
def test_working_days_of_has_six_places_whatever_the_decimal_context(
    late_by: timedelta, days: str
) -> None:
    assert str(working_days_of(late_by)) == days
    with localcontext() as ctx:
        ctx.prec = 3  # a caller's context must not change the answer
        assert str(working_days_of(late_by)) == days


def test_open_and_overdue(clock: DossierClock) -> None:
    assert clock.status == "open"
    assert clock.late_by is None
    assert clock.late_by_days is None
    assert clock.status_at(at("2026-12-01 16:00")) == "open"
    assert clock.status_at(at("2026-12-02 09:00")) == "overdue"


def test_overdue_as_soon_as_the_due_moment_has_passed(clock: DossierClock) -> None:
    # Due Tue 1 Dec 17:00. Still open one second later: overdue, as a finish then is late,
    # although no working time has passed since 17:00 (rule 10 of docs/deadlines.md).
    assert clock.status_at(at("2026-12-01 17:00")) == "open"
    assert clock.status_at(at("2026-12-01 17:00") + timedelta(seconds=1)) == "overdue"
    assert clock.finish(at("2026-12-01 17:00") + timedelta(seconds=1)).status == "late"
    assert clock.status_at(at("2026-12-01 23:00")) == "overdue"
    assert clock.remaining(at("2026-12-01 23:00")) == timedelta(0)


def test_overdue_over_a_weekend(rules: Rules) -> None:
    # Received Mon 23 Nov 10:00, 3 working days (Tue 24 Nov is Vietnam Culture Day):
    # due Fri 27 Nov 17:00; on Sunday it is overdue with no working time past the due moment.
    clock = rules.clock(rules.deadline(at("2026-11-23 10:00"), wd(3)))
    assert clock.due_at == at("2026-11-27 17:00")
    assert clock.status_at(at("2026-11-29 10:00")) == "overdue"


def test_status_at_is_the_status_as_of_that_moment(clock: DossierClock) -> None:
    done = clock.finish(at("2026-12-03 10:00"))
    assert done.status == "late"
    # Before the finish the dossier was open, then overdue; at and after it, late.
    assert done.status_at(at("2026-11-30 10:00")) == "open"
    assert done.status_at(at("2026-12-02 10:00")) == "overdue"
    assert done.status_at(at("2026-12-03 10:00")) == "late"
    # A pause recorded after that moment does not count yet.
    moved = clock.pause(at("2026-12-01 09:00")).resume(at("2026-12-02 09:00"))
    assert moved.due_at == at("2026-12-02 17:00")
    assert moved.status_at(at("2026-12-01 08:00")) == "open"
    assert moved.status_at(at("2026-12-02 12:00")) == "open"
    assert moved.status_at(at("2026-12-02 17:30")) == "overdue"


def test_status_at_during_a_pause_is_judged_when_the_clock_stopped(clock: DossierClock) -> None:
    before_due = clock.pause(at("2026-12-01 16:00"))
    assert before_due.status_at(at("2026-12-10 10:00")) == "open"
    after_due = clock.pause(at("2026-12-02 09:00"))
    assert after_due.status_at(at("2026-12-10 10:00")) == "overdue"


def test_remaining(clock: DossierClock) -> None:
    assert clock.remaining(at("2026-11-26 10:00")) == timedelta(hours=24)  # not started yet
    assert clock.remaining(at("2026-11-30 08:00")) == timedelta(hours=16)
    assert clock.remaining(at("2026-12-01 17:00")) == timedelta(0)
    assert clock.remaining(at("2026-12-02 10:00")) == -timedelta(hours=2)
    paused = clock.pause(at("2026-11-30 10:00"))
    assert paused.paused is True
    assert paused.paused_since == at("2026-11-30 10:00")
    # Frozen during the pause.
    assert paused.remaining(at("2026-12-10 10:00")) == timedelta(hours=14)
    assert paused.status_at(at("2026-12-10 10:00")) == "open"
    done = clock.finish(at("2026-11-30 10:00"))
    assert done.remaining(at("2026-12-10 10:00")) == timedelta(hours=14)


def test_remaining_before_and_during_a_closed_pause(clock: DossierClock) -> None:
    # Pause Fri 27 Nov 10:00 - Mon 30 Nov 10:00 (8 working hours): due Wed 2 Dec 17:00.
    moved = clock.pause(at("2026-11-27 10:00")).resume(at("2026-11-30 10:00"))
    assert moved.due_at == at("2026-12-02 17:00")
    # Before the pause nothing is used yet and the later pause is not known.
    assert moved.remaining(at("2026-11-27 08:00")) == timedelta(hours=24)
    assert moved.remaining(at("2026-11-27 10:00")) == timedelta(hours=22)
    # Frozen during the pause, as with an open one.
    assert moved.remaining(at("2026-11-28 10:00")) == timedelta(hours=22)
    assert moved.remaining(at("2026-11-30 09:00")) == timedelta(hours=22)
    assert moved.remaining(at("2026-11-30 10:00")) == timedelta(hours=22)
    assert moved.remaining(at("2026-12-01 10:00")) == timedelta(hours=14)
    # A pause that ends after the original due moment: not overdue while it lasts.
    long = clock.pause(at("2026-12-01 16:00")).resume(at("2026-12-04 10:00"))
    assert long.status_at(at("2026-12-03 10:00")) == "open"
    assert long.remaining(at("2026-12-03 10:00")) == timedelta(hours=1)


def test_remaining_under_restart_before_the_resume() -> None:
    rules = rules_with(pause_mode="restart")
    start = rules.clock(rules.deadline(at("2026-11-26 10:00"), wd(3)))
    moved = start.pause(at("2026-11-27 12:00")).resume(at("2026-11-30 10:00"))
    assert moved.due_at == at("2026-12-03 17:00")  # counted again from Mon 30 Nov
    # Before the resume the first deadline was counting.
    assert moved.remaining(at("2026-11-27 10:00")) == timedelta(hours=22)
    assert moved.remaining(at("2026-11-28 10:00")) == timedelta(hours=20)
    assert moved.remaining(at("2026-11-30 12:00")) == timedelta(hours=24)


def test_clock_to_dict(clock: DossierClock) -> None:
    done = clock.pause(at("2026-11-27 09:00")).resume(at("2026-11-30 09:00"))
    data = done.finish(at("2026-12-03 10:00")).to_dict("en")
    assert data["due_at"] == "2026-12-02T17:00:00+07:00"
    assert data["status"] == "late"
    assert data["status_text"] == "late"
    assert data["late_by"] == "PT2H"
    assert data["late_by_days"] == "0.25"
    assert data["paused_time"] == "PT8H"
    assert [e["kind"] for e in data["events"]] == ["pause", "resume", "finish"]
    assert "late" in repr(done.finish(at("2026-12-03 10:00")))


def test_a_pause_can_make_a_deadline_provisional(rules: Rules) -> None:
    clock = rules.clock(rules.deadline(at("2026-12-21 10:00"), wd(3)))
    assert clock.provisional is False
    moved = clock.pause(at("2026-12-22 08:00")).resume(at("2026-12-31 17:00"))
    assert moved.due_at.year == 2027
    assert moved.provisional is True
    assert moved.provisional_years == (2027,)


# -- impossible event sequences ----------------------------------------------------------


def test_resume_without_pause(clock: DossierClock) -> None:
    with pytest.raises(ClockError) as info:
        clock.resume(at("2026-11-27 09:00"))
    assert info.value.message("en") == (
        "Cannot resume at 2026-11-27 09:00+07:00: the dossier is not paused "
        "(no supplement request before it)"
    )
    assert "Không thể tiếp tục lúc 2026-11-27 09:00+07:00" in info.value.message("vi")


def test_pause_while_paused(clock: DossierClock) -> None:
    paused = clock.pause(at("2026-11-27 09:00"))
    with pytest.raises(ClockError) as info:
        paused.pause(at("2026-11-27 10:00"))
    assert info.value.message("en") == (
        "Cannot pause at 2026-11-27 10:00+07:00: the dossier is already paused since "
        "2026-11-27 09:00+07:00 (resume it first)"
    )
    assert "đang tạm dừng từ 2026-11-27 09:00+07:00" in info.value.message("vi")


def test_finish_before_receipt(clock: DossierClock) -> None:
    with pytest.raises(ClockError) as info:
        clock.finish(at("2026-11-25 09:00"))
    assert info.value.message("en") == (
        "'finish' at 2026-11-25 09:00+07:00 is before the receipt at 2026-11-26 10:00+07:00"
    )
    assert "trước thời điểm tiếp nhận 2026-11-26 10:00+07:00" in info.value.message("vi")


@pytest.mark.parametrize(
    "moment",
    [
        datetime(1800, 1, 1, 0, 0),
        datetime(1800, 1, 1, 0, 0, tzinfo=timezone(timedelta(hours=7))),
        # In the zone, whose database says local mean time (+07:06:30) then: read, like a
        # naive moment, as wall-clock Vietnam time at +07:00.
        datetime(1800, 1, 1, 0, 0, tzinfo=VN_TZ),
    ],
)
def test_messages_never_quote_local_mean_time(
    rules: Rules, clock: DossierClock, moment: datetime
) -> None:
    with pytest.raises(ClockError) as info:
        clock.pause(moment)
    assert info.value.message("en") == (
        "'pause (supplement request)' at 1800-01-01 00:00+07:00 is before the receipt "
        "at 2026-11-26 10:00+07:00"
    )
    with pytest.raises(CalendarError) as outside:
        rules.deadline(moment, wd(1))
    assert outside.value.message("en").startswith(
        "1800-01-01T00:00:00+07:00 is outside the working calendar (1995-"
    )


def test_pause_before_receipt(clock: DossierClock) -> None:
    with pytest.raises(ClockError, match=r"'pause .*' at 2026-11-26 09:59"):
        clock.pause(at("2026-11-26 09:59"))


def test_events_out_of_order(clock: DossierClock) -> None:
    paused = clock.pause(at("2026-11-30 09:00"))
    with pytest.raises(ClockError) as info:
        paused.resume(at("2026-11-27 09:00"))
    assert info.value.message("en") == (
        "Events out of order: 'resume' at 2026-11-27 09:00+07:00 is before the previous "
        "event 'pause (supplement request)' at 2026-11-30 09:00+07:00"
    )
    assert "Sự kiện sai thứ tự" in info.value.message("vi")


def test_finish_while_paused(clock: DossierClock) -> None:
    paused = clock.pause(at("2026-11-27 09:00"))
    with pytest.raises(ClockError) as info:
        paused.finish(at("2026-11-30 09:00"))
    assert info.value.message("en") == (
        "Cannot finish at 2026-11-30 09:00+07:00: the dossier is paused since "
        "2026-11-27 09:00+07:00; record the resume first"
    )
    assert "Không thể kết thúc lúc 2026-11-30 09:00+07:00" in info.value.message("vi")


@pytest.mark.parametrize("kind", ["pause", "resume", "finish"])
def test_nothing_after_finish(clock: DossierClock, kind: str) -> None:
    done = clock.finish(at("2026-11-30 09:00"))
    with pytest.raises(ClockError) as info:
        getattr(done, kind)(at("2026-11-30 10:00"))
    assert info.value.message("en").startswith(
        "The dossier was finished at 2026-11-30 09:00+07:00; cannot record"
    )
    assert "Hồ sơ đã có kết quả lúc 2026-11-30 09:00+07:00" in info.value.message("vi")


def test_clock_events_are_normalised_to_local_time(clock: DossierClock) -> None:
    done = clock.finish(datetime(2026, 12, 1, 2, 0, tzinfo=timezone.utc))  # 09:00 local
    assert done.finished_at == at("2026-12-01 09:00")
    assert done.status == "on_time"


def test_clock_built_from_events(rules: Rules, clock: DossierClock) -> None:
    again = DossierClock(rules, clock.deadline, clock.pause(at("2026-11-27 09:00")).events)
    assert again.paused is True


def test_clock_built_from_stored_events_reads_them_as_local_time(
    rules: Rules, clock: DossierClock
) -> None:
    # Events as a one-stop database stores them: naive local times, or UTC.
    events = [
        ClockEvent("pause", datetime(2026, 11, 27, 9)),
        ClockEvent("resume", datetime(2026, 11, 30, 2, tzinfo=timezone.utc)),
    ]
    again = DossierClock(rules, clock.deadline, events)
    assert again.due_at == at("2026-12-02 17:00")
    assert [e.at for e in again.events] == [at("2026-11-27 09:00"), at("2026-11-30 09:00")]


def test_clock_event_of_unknown_kind(rules: Rules, clock: DossierClock) -> None:
    event = ClockEvent("cancel", at("2026-11-27 09:00"))  # type: ignore[arg-type]
    with pytest.raises(ClockError, match="'cancel'"):
        DossierClock(rules, clock.deadline, [event])


# -- helpers ------------------------------------------------------------------------------


def test_iso_duration() -> None:
    assert iso_duration(timedelta(0)) == "PT0S"
    assert iso_duration(timedelta(hours=10, minutes=30)) == "PT10H30M"
    assert iso_duration(timedelta(hours=26, seconds=5)) == "PT26H5S"
    assert iso_duration(-timedelta(hours=2)) == "-PT2H"


def test_format_moment() -> None:
    assert format_moment(at("2026-12-01 17:00"), "vi") == "Thứ Ba 01/12/2026 17:00"
    assert format_moment(at("2026-12-01 17:00"), "en") == "Tue 2026-12-01 17:00"


# -- properties ---------------------------------------------------------------------------

_moments = st.builds(
    lambda day, minute: datetime.combine(day, time(0), VN_TZ) + timedelta(minutes=minute),
    st.dates(min_value=date(2018, 1, 1), max_value=date(2030, 12, 31)),
    st.integers(min_value=0, max_value=24 * 60 - 1),
)
_quarters = st.integers(min_value=0, max_value=400).map(lambda q: Decimal(q) / 4)
_units = st.sampled_from(
    [Unit.WORKING_DAYS, Unit.WORKING_HOURS, Unit.CALENDAR_DAYS, Unit.MONTHS, Unit.SAME_DAY]
)
_policies = st.sampled_from(
    [
        {},
        {"working_days_mode": "elapsed"},
        {"general_cutoff": time(15, 0)},
        {"general_cutoff": time(15, 0), "after_hours_receipt": False},
        {"general_cutoff": time(15, 0), "working_days_mode": "elapsed"},
        {"after_hours_receipt": False},
        {"after_hours_receipt": False, "working_days_mode": "elapsed"},
        {"roll_to_working_day": False},
        {"same_day_cutoff": None},
    ]
)


def _duration(unit: Unit, value: Decimal) -> Duration:
    if unit is Unit.SAME_DAY:
        return SAME_DAY
    if unit in (Unit.CALENDAR_DAYS, Unit.MONTHS):
        value = value.to_integral_value() % (24 if unit is Unit.MONTHS else 200)
    return Duration(value=value, unit=unit)


@settings(max_examples=150, deadline=None)
@given(_moments, _units, _quarters, _quarters, _policies)
def test_longer_never_earlier(
    received: datetime, unit: Unit, a: Decimal, b: Decimal, policy: dict[str, Any]
) -> None:
    rules = rules_with(**policy)
    short, long = sorted((_duration(unit, a), _duration(unit, b)), key=lambda d: d.value)
    assert rules.deadline(received, short).due_at <= rules.deadline(received, long).due_at


@settings(max_examples=150, deadline=None)
@given(_moments, st.integers(min_value=0, max_value=60 * 24 * 20), _units, _quarters, _policies)
def test_later_receipt_never_earlier(
    received: datetime, later_by: int, unit: Unit, value: Decimal, policy: dict[str, Any]
) -> None:
    rules = rules_with(**policy)
    duration = _duration(unit, value)
    first = rules.deadline(received, duration)
    second = rules.deadline(received + timedelta(minutes=later_by), duration)
    assert first.due_at <= second.due_at
    assert first.starts_at <= first.due_at or duration.value == 0


@settings(max_examples=150, deadline=None)
@given(
    _moments,
    _units,
    _quarters,
    st.integers(min_value=0, max_value=60 * 24 * 30),
    st.integers(min_value=0, max_value=60 * 24 * 30),
    st.sampled_from(["pause", "restart"]),
    st.booleans(),
)
def test_a_pause_never_makes_a_deadline_earlier(
    received: datetime,
    unit: Unit,
    value: Decimal,
    start: int,
    length: int,
    mode: str,
    late_pause_extends: bool,
) -> None:
    rules = rules_with(pause_mode=mode, late_pause_extends=late_pause_extends)
    deadline = rules.deadline(received, _duration(unit, value))
    clock = rules.clock(deadline)
    paused = clock.pause(received + timedelta(minutes=start))
    resumed = paused.resume(received + timedelta(minutes=start + length))
    assert resumed.due_at >= deadline.due_at
    assert resumed.paused_time >= timedelta(0)


def test_deadline_type_is_what_rules_returns(rules: Rules) -> None:
    assert isinstance(rules.deadline(at("2026-11-26 10:00"), wd(1)), Deadline)


_offsets = st.integers(min_value=0, max_value=60 * 24 * 20)  # minutes, up to 20 days


@settings(max_examples=150, deadline=None)
@given(
    _moments,
    st.lists(_offsets, min_size=3, max_size=3).map(sorted),
    st.sampled_from(["none", "closed", "open"]),
    st.booleans(),
    _offsets,
)
def test_status_at_agrees_with_the_report(
    received: datetime, offsets: list[int], pause: str, finished: bool, as_of_offset: int
) -> None:
    # tthc.report.evaluate judges one dossier as of the end of a period; the clock must
    # say the same of the same dossier (one definition of overdue and late).
    from tthc.report import DossierRecord, evaluate

    rules = rules_with()
    a, b, c = (received + timedelta(minutes=m) for m in offsets)
    as_of = received + timedelta(minutes=as_of_offset)
    pauses: tuple[tuple[datetime, datetime | None], ...] = ()
    clock = rules.clock(rules.deadline(received, synthetic_procedure(), case="cấp lại"))
    if pause == "closed" or (pause == "open" and not finished):
        clock = clock.pause(a)
        if pause == "closed":
            clock = clock.resume(b)
        pauses = ((a.replace(tzinfo=None), b.replace(tzinfo=None) if pause == "closed" else None),)
    if finished:
        clock = clock.finish(c)
        # The report's period is half-open: a finish at its end belongs to the next one.
        assume(c != as_of)
    record = DossierRecord(
        row=2,
        dossier_id="d1",
        procedure_code="9.999001",
        case="cấp lại",
        finished_at=c.replace(tzinfo=None) if finished else None,
        pauses=pauses,
        received_at=received.replace(tzinfo=None),
    )
    expected = evaluate(rules, synthetic_procedure(), record, as_of.replace(tzinfo=None))
    assert clock.status_at(as_of) == expected


@settings(max_examples=150, deadline=None)
@given(st.integers(min_value=0, max_value=3 * 30 * 86_400))
def test_late_by_days_is_late_by_in_working_days(seconds: int) -> None:
    # Due Tue 1 Dec 2026 17:00; finished up to three months later, to the second.
    rules = rules_with()
    clock = rules.clock(rules.deadline(at("2026-11-26 10:00"), wd(3)))
    done = clock.finish(clock.due_at + timedelta(seconds=seconds))
    assert done.late_by is not None and done.late_by_days is not None
    late_us = done.late_by // timedelta(microseconds=1)
    days = done.late_by_days
    assert days.as_tuple().exponent >= -6  # type: ignore[operator]
    # Within half a millionth of a working day (14.4 ms) of the working time late ...
    error = days * 28_800_000_000 - late_us
    assert abs(error) <= 14_400
    # ... so it gives back the lateness to the second, and exactly when it can.
    assert (days * 28_800).to_integral_value() * 1_000_000 == late_us
    if late_us % 28_800 == 0:
        assert error == 0
    # More working time late is never fewer working days late.
    later = clock.finish(clock.due_at + timedelta(seconds=seconds + 60))
    assert later.late_by_days is not None and later.late_by_days >= days


_minutes = st.integers(min_value=0, max_value=60 * 24 * 30)


@settings(max_examples=150, deadline=None)
@given(
    _moments,
    _units,
    _quarters,
    _minutes,
    st.lists(_minutes, min_size=3, max_size=3),
    # restart with late_pause_extends starts the whole time again after a late request
    # (test_restart_policy_restarts_after_a_late_pause_when_the_policy_says_so)
    st.sampled_from([("pause", False), ("restart", False), ("pause", True)]),
)
def test_once_overdue_a_dossier_can_only_finish_late(
    received: datetime,
    unit: Unit,
    value: Decimal,
    after_due: int,
    gaps: list[int],
    policy: tuple[str, bool],
) -> None:
    # A moment after the original due moment, then a pause (begun before or after that
    # moment) and a finish no earlier than both: whatever the pause, a dossier overdue at
    # that moment can only finish late.
    mode, late_pause_extends = policy
    rules = rules_with(pause_mode=mode, late_pause_extends=late_pause_extends)
    clock = rules.clock(rules.deadline(received, _duration(unit, value)))
    moment = clock.due_at + timedelta(minutes=1 + after_due)
    start = received + timedelta(minutes=gaps[0])
    end = start + timedelta(minutes=gaps[1])
    finish = max(end, moment) + timedelta(minutes=gaps[2])
    done = clock.pause(start).resume(end).finish(finish)
    if late_pause_extends:
        # Read literally (§6.8), a late request moves the due moment too, so overdue by
        # the moment alone (asked after closing on the due day) may still end on time;
        # overdue by working time is kept.
        assume(done.remaining(moment) < timedelta(0))
    else:
        assume(done.status_at(moment) == "overdue")
    assert done.status == "late"


# The tests above check these messages in English; here the same inputs in Vietnamese.


def test_a_misspelt_policy_choice_in_vietnamese() -> None:
    with pytest.raises(ConfigError) as info:
        CountingPolicy(working_days_mode="elapsd")  # type: ignore[arg-type]
    assert info.value.message("vi") == (
        "CountingPolicy không hợp lệ: working_days_mode: 'elapsd' (cần 'next_day' | 'elapsed')"
    )


@pytest.mark.parametrize("name", ["same_day_cutoff", "general_cutoff"])
def test_a_cutoff_that_is_not_a_time_says_what_it_needs_in_both_languages(name: str) -> None:
    with pytest.raises(ConfigError) as info:
        CountingPolicy(**{name: "15:00"})  # type: ignore[arg-type]
    assert info.value.message("vi") == (
        f"CountingPolicy không hợp lệ: {name}: '15:00' "
        "(cần datetime.time (không có múi giờ) | None)"
    )
    assert info.value.message("en") == (
        f"Invalid CountingPolicy: {name}: '15:00' (expected datetime.time (no zone) | None)"
    )


def test_unsupported_what_in_vietnamese(rules: Rules) -> None:
    with pytest.raises(DeadlineError) as info:
        rules.deadline(at("2026-11-26 10:00"), 42)  # type: ignore[arg-type]
    assert info.value.message("vi") == (
        "Không tính được hạn cho 42: cần Duration, Procedure, Case hoặc chuỗi"
    )


def test_clock_event_of_unknown_kind_in_vietnamese(rules: Rules, clock: DossierClock) -> None:
    event = ClockEvent("cancel", at("2026-11-27 09:00"))  # type: ignore[arg-type]
    with pytest.raises(ClockError) as info:
        DossierClock(rules, clock.deadline, [event])
    assert info.value.message("vi") == (
        "Loại sự kiện không hợp lệ: 'cancel' (chọn một trong: 'pause', 'resume', 'finish')"
    )


@pytest.mark.parametrize(
    ("value", "unit", "words"),
    [(3_000_000, Unit.CALENDAR_DAYS, "3000000 ngày"), (100_000, Unit.MONTHS, "100000 tháng")],
)
def test_a_period_past_year_9999_in_vietnamese(
    rules: Rules, value: int, unit: Unit, words: str
) -> None:
    from tthc.calendar import default_last_year

    duration = Duration.model_construct(value=Decimal(value), unit=unit)
    with pytest.raises(CalendarError) as info:
        rules.deadline(at("2026-11-26 10:00"), duration)
    assert info.value.message("vi") == (
        f"Thời hạn {words} tính từ 2026-11-26 vượt ra ngoài lịch làm việc "
        f"(1995-{default_last_year()})"
    )


# -- clock hours (a bare "giờ", §6.4) ------------------------------------------------------


def gio(value: int | str) -> Duration:
    return Duration.of(value, Unit.CLOCK_HOURS)


@pytest.mark.parametrize(
    ("received", "duration", "expected"),
    [
        # Plain: Thu 26 Nov 10:00 is working time, so the count starts then (Civil Code art.
        # 147(1)); +24 h = Fri 27 Nov 10:00, a working day: due then.
        ("2026-11-26 10:00", gio(24), "2026-11-27 10:00"),
        # Across a weekend: Fri 27 Nov 10:00 + 24 h = Sat 28 Nov 10:00, a day off; art.
        # 148(5) ends it at the end of the next working day, Mon 30 Nov (24:00, art. 148(6)).
        ("2026-11-27 10:00", gio(24), "2026-12-01 00:00"),
        # 48 h from Thu 26 Nov 10:00 = Sat 28 Nov 10:00: the same end.
        ("2026-11-26 10:00", gio(48), "2026-12-01 00:00"),
        # Across Tết: Fri 13 Feb 10:00 + 48 h = Sun 15 Feb 10:00, inside the Tết break
        # (14-22 Feb 2026); the next working day is Mon 23 Feb.
        ("2026-02-13 10:00", gio(48), "2026-02-24 00:00"),
        # The case: Tue 29 Apr 2025 10:00 + 24 h = Wed 30 Apr 10:00, a holiday; 1 May
        # is a holiday, Fri 2 May a swapped day off, 3-4 May a weekend: Mon 5 May 24:00.
        ("2025-04-29 10:00", gio(24), "2025-05-06 00:00"),
        # Received outside working time (online, Wed 25 Nov 19:00): the count starts at the
        # next opening, Thu 26 Nov 08:00 (§6.2); +24 h = Fri 27 Nov 08:00.
        ("2026-11-25 19:00", gio(24), "2026-11-27 08:00"),
        # Received Thu 26 Nov 19:00: starts Fri 27 Nov 08:00; +24 h = Sat 28 Nov 08:00, a day
        # off: Mon 30 Nov 24:00.
        ("2026-11-26 19:00", gio(24), "2026-12-01 00:00"),
        # Ends at night on a working day: Thu 26 Nov 16:00 + 12 h = Fri 27 Nov 04:00; art.
        # 147(1) counts to that moment and art. 148(5) moves only a day off: due Fri 04:00.
        ("2026-11-26 16:00", gio(12), "2026-11-27 04:00"),
    ],
)
def test_clock_hours(rules: Rules, received: str, duration: Duration, expected: str) -> None:
    deadline = rules.deadline(at(received), duration)
    assert deadline.due_at == at(expected)
    assert deadline.starts_at == deadline.effective_at  # counted from the effective receipt


def test_a_bare_gio_is_clock_hours(rules: Rules) -> None:
    # "24 Giờ" as the national portal prints it; "24 giờ làm việc" stays working hours:
    # Thu 26 Nov 10:00 + 24 working hours = 6 h Thu + 8 h Fri + 8 h Mon + 2 h = Tue 1 Dec 10:00.
    assert rules.deadline(at("2026-11-26 10:00"), "24 Giờ").due_at == at("2026-11-27 10:00")
    assert rules.deadline(
        at("2026-11-26 10:00"), "Trong thời hạn 48 giờ kể từ khi nhận đủ hồ sơ"
    ).due_at == at("2026-12-01 00:00")
    assert rules.deadline(at("2026-11-26 10:00"), "24 giờ làm việc").due_at == at(
        "2026-12-01 10:00"
    )


@pytest.mark.parametrize(
    ("end", "received", "hours_", "expected"),
    [
        # exact: the moment reached, even a Saturday (Fri 27 Nov 10:00 + 24 h).
        ("exact", "2026-11-27 10:00", 24, "2026-11-28 10:00"),
        # next_opening: Sat 28 Nov 10:00 is outside working time: Mon 30 Nov 08:00.
        ("next_opening", "2026-11-27 10:00", 24, "2026-11-30 08:00"),
        # next_opening: Fri 27 Nov 04:00 (Thu 16:00 + 12 h) moves to Fri 08:00.
        ("next_opening", "2026-11-26 16:00", 12, "2026-11-27 08:00"),
        # next_opening: a count that runs out at the close (Thu 26 Nov 13:00 + 4 h = 17:00)
        # stays there.
        ("next_opening", "2026-11-26 13:00", 4, "2026-11-26 17:00"),
    ],
)
def test_clock_hours_end_is_a_policy(end: str, received: str, hours_: int, expected: str) -> None:
    rules = rules_with(clock_hours_end=end)
    assert due(rules, received, gio(hours_)) == at(expected)


def test_a_province_may_count_gio_as_working_hours() -> None:
    # Thu 26 Nov 10:00 + 24 working hours = Tue 1 Dec 10:00 (see test_a_bare_gio_is_clock_hours).
    rules = rules_with(clock_hours_as="working")
    assert due(rules, "2026-11-26 10:00", gio(24)) == at("2026-12-01 10:00")
    deadline = rules.deadline(at("2026-11-26 10:00"), gio(24))
    clock_ = rules.clock(deadline).pause(at("2026-11-26 14:00")).resume(at("2026-11-26 16:00"))
    # 2 working hours paused: Tue 1 Dec 12:00.
    assert clock_.due_at == at("2026-12-01 12:00")


@pytest.mark.parametrize(
    ("pause", "resume", "expected", "paused"),
    [
        # 24 h from Thu 26 Nov 10:00 run out Fri 27 Nov 10:00; a pause Thu 14:00-16:00 stops
        # the count 2 clock hours: Fri 12:00, a working day.
        ("2026-11-26 14:00", "2026-11-26 16:00", "2026-11-27 12:00", timedelta(hours=2)),
        # Pause Thu 16:00 - Fri 09:00 = 17 clock hours (the night counts in clock time):
        # Fri 10:00 + 17 h = Sat 28 Nov 03:00, a day off: Mon 30 Nov 24:00.
        ("2026-11-26 16:00", "2026-11-27 09:00", "2026-12-01 00:00", timedelta(hours=17)),
    ],
)
def test_clock_hours_with_a_pause(
    rules: Rules, pause: str, resume: str, expected: str, paused: timedelta
) -> None:
    deadline = rules.deadline(at("2026-11-26 10:00"), gio(24))
    dossier = rules.clock(deadline).pause(at(pause)).resume(at(resume))
    assert dossier.due_at == at(expected)
    assert dossier.paused_time == paused
    # What remains is clock time too: at Thu 17:00 after the first pause, 17 h + 2 h.
    if paused == timedelta(hours=2):
        assert dossier.remaining(at("2026-11-26 17:00")) == timedelta(hours=19)


@pytest.mark.parametrize(
    ("changes", "quoted"),
    [
        ({"clock_hours_as": "work"}, "clock_hours_as: 'work'"),
        ({"clock_hours_end": "midnight"}, "clock_hours_end: 'midnight'"),
    ],
)
def test_a_misspelt_clock_hours_policy_is_refused(changes: dict[str, Any], quoted: str) -> None:
    with pytest.raises(ConfigError, match="CountingPolicy") as info:
        CountingPolicy(**changes)
    assert quoted in str(info.value)


@pytest.mark.parametrize(
    ("received", "duration", "expected"),
    [
        # period_end = "close": the close of the last (working) day instead of 24:00.
        ("2026-11-26 10:00", cdays(5), "2026-12-01 17:00"),
        ("2026-11-26 10:00", cdays(2), "2026-11-30 17:00"),  # Saturday -> Monday's close
        ("2026-01-31 09:00", months(1), "2026-03-02 17:00"),
    ],
)
def test_a_period_may_end_at_the_close_by_policy(
    received: str, duration: Duration, expected: str
) -> None:
    assert due(rules_with(period_end="close"), received, duration) == at(expected)


def test_without_rolling_a_close_policy_ends_a_day_off_at_midnight() -> None:
    # Sat 28 Nov has no working hours to close: the period ends at its 24:00.
    rules = rules_with(period_end="close", roll_to_working_day=False)
    assert due(rules, "2026-11-26 10:00", cdays(2)) == at("2026-11-29 00:00")


# -- edges a mutation run showed untested ------------------------------------------------


def test_events_given_to_the_constructor_out_of_order_are_refused(rules: Rules) -> None:
    deadline = rules.deadline(at("2026-11-26 10:00"), wd(3))
    events = [
        ClockEvent("pause", at("2026-11-27 09:00")),
        ClockEvent("resume", at("2026-11-26 11:00")),
    ]
    with pytest.raises(ClockError, match="Events out of order: 'resume' at 2026-11-26 11:00"):
        DossierClock(rules, deadline, events)
    # in order, the constructor gives what the chained calls give
    in_order = DossierClock(
        rules,
        deadline,
        [ClockEvent("pause", at("2026-11-27 09:00")), ClockEvent("resume", at("2026-11-30 09:00"))],
    )
    chained = rules.clock(deadline).pause(at("2026-11-27 09:00")).resume(at("2026-11-30 09:00"))
    assert in_order.due_at == chained.due_at == at("2026-12-02 17:00")
    assert in_order.events == chained.events


def test_a_pause_starting_exactly_at_the_due_moment_moves_it(clock: DossierClock) -> None:
    # Due Tue 1 Dec 17:00; paused at 17:00 sharp (not after it), resumed Wed 2 Dec 10:00:
    # the working time paused is Wed 08:00-10:00 = 2 h, so the due moment moves from
    # Tue 17:00 by 2 working hours to Wed 2 Dec 10:00.
    moved = clock.pause(at("2026-12-01 17:00")).resume(at("2026-12-02 10:00"))
    assert moved.paused_time == timedelta(hours=2)
    assert moved.due_at == at("2026-12-02 10:00")
    # one minute later it is a late request and gives nothing back (national reading)
    late = clock.pause(at("2026-12-01 17:01")).resume(at("2026-12-02 10:00"))
    assert late.due_at == at("2026-12-01 17:00")


def test_restart_keeps_the_steps_channel_procedure_and_case() -> None:
    rules = rules_with(pause_mode="restart")
    procedure = synthetic_procedure(
        processing_time=[
            {
                "name": "Trường hợp cấp mới",
                "channel": "online",
                "time": {"value": 3, "unit": "working_days"},
                "steps": [
                    {
                        "name": "Bước 1",
                        "agency": "Bộ phận một cửa",
                        "time": {"value": 1, "unit": "working_days"},
                    },
                    {
                        "name": "Bước 2",
                        "agency": "Phòng chuyên môn",
                        "time": {"value": 2, "unit": "working_days"},
                    },
                ],
            }
        ]
    )
    deadline = rules.deadline(at("2026-11-26 10:00"), procedure, case="cấp mới", channel="online")
    moved = rules.clock(deadline).pause(at("2026-11-27 09:00")).resume(at("2026-11-30 09:00"))
    again = moved.current_deadline
    # As if received Mon 30 Nov 09:00: the clock starts Tue 1 Dec 08:00; step 1 (1 day)
    # ends Tue 17:00, step 2 (2 days) Thu 3 Dec 17:00, the due moment.
    assert again.due_at == moved.due_at == at("2026-12-03 17:00")
    assert [(s.name, s.agency, s.starts_at, s.due_at) for s in again.steps] == [
        ("Bước 1", "Bộ phận một cửa", at("2026-12-01 08:00"), at("2026-12-01 17:00")),
        ("Bước 2", "Phòng chuyên môn", at("2026-12-01 17:00"), at("2026-12-03 17:00")),
    ]
    assert again.channel is Channel.ONLINE
    assert again.procedure == "9.999001"
    assert again.case == "Trường hợp cấp mới"


def test_clock_to_dict_finished_provisional_and_language(clock: DossierClock, rules: Rules) -> None:
    open_data = clock.to_dict("en")
    assert open_data["finished_at"] is None
    assert open_data["late_by"] is None and open_data["late_by_days"] is None
    assert open_data["provisional"] is False
    assert open_data["provisional_years"] == [] and open_data["provisional_days"] == []
    done = clock.finish(at("2026-12-01 18:00"))  # after the close of the due day: late
    assert done.to_dict("en")["finished_at"] == "2026-12-01T18:00:00+07:00"
    assert done.to_dict("en")["status_text"] == "late"
    assert done.to_dict("vi")["status_text"] == "trễ hạn"
    assert done.to_dict("en")["late_by"] == "PT0S"
    # paused over the year end: due in 2027, whose days off are estimates
    moved = (
        rules.clock(rules.deadline(at("2026-12-21 10:00"), wd(3)))
        .pause(at("2026-12-22 08:00"))
        .resume(at("2026-12-31 17:00"))
    )
    data = moved.to_dict()
    assert data["provisional"] is True
    assert data["provisional_years"] == [2027]
    assert data["provisional_days"] == [d.isoformat() for d in moved.provisional_days]
