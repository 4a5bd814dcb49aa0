"""National counting rules (docs/deadlines.md): policy, effective receipt and the deadline.

This module answers three hooks exactly as a province plugin would:

- ``tthc_counting_policy``: :class:`tthc.sla.CountingPolicy` with its national defaults.
- ``tthc_effective_receipt``: when the clock starts (§6.2 and the cut-offs).
- ``tthc_deadline``: the due moment for each unit (§6.3-6.7), the inter-agency steps
  (§6.10) and whether the result is provisional (§6.11).

Every choice reads ``rules.policy``, so a province that only counts differently in one
respect returns a changed policy and keeps this computation. The functions below are
public so that a province plugin that answers ``tthc_deadline`` can reuse parts.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from tthc.calendar import add_months  # re-exported: §6.6 is counted the same way everywhere
from tthc.hookspecs import hookimpl
from tthc.i18n import Text
from tthc.sla import Deadline as _Deadline
from tthc.sla import due_day, provisional_days, provisional_years

if TYPE_CHECKING:
    from tthc.calendar import WorkingCalendar
    from tthc.duration import Duration
    from tthc.model import Channel
    from tthc.rules import Rules
    from tthc.sla import CountingPolicy, Deadline, PlannedStep

__all__ = [
    "DirectCount",
    "add_months",
    "direct_count",
    "effective_receipt",
    "national_deadline",
    "opening",
    "plan_steps",
    "span",
    "tthc_counting_policy",
    "tthc_deadline",
    "tthc_effective_receipt",
]


@hookimpl
def tthc_counting_policy() -> CountingPolicy:
    """The national counting policy: every field at its default (docs/deadlines.md)."""
    from tthc.sla import CountingPolicy

    return CountingPolicy()


@hookimpl
def tthc_effective_receipt(
    received_at: datetime, duration: Duration, channel: Channel | None, rules: Rules
) -> datetime:
    """National effective receipt: :func:`effective_receipt` with ``rules.policy``."""
    return effective_receipt(rules.calendar, rules.policy, received_at, duration)


@hookimpl
def tthc_deadline(
    received_at: datetime,
    duration: Duration,
    channel: Channel | None,
    steps: Sequence[Duration | None],
    rules: Rules,
) -> Deadline:
    """National deadline: :func:`national_deadline`."""
    return national_deadline(rules, received_at, duration, channel, steps)


# -- the computation ------------------------------------------------------------------


def opening(calendar: WorkingCalendar, day: date) -> datetime:
    """The start of the first working interval of working day ``day``."""
    return calendar.start_of_working_day(day)


def effective_receipt(
    calendar: WorkingCalendar, policy: CountingPolicy, received_at: datetime, duration: Duration
) -> datetime:
    """When the clock of a dossier received at ``received_at`` starts (thời điểm tiếp nhận).

    §6.2: outside working time, the start of the next working interval (policy
    ``after_hours_receipt``). Then, for every unit but same-day, the general cut-off
    (policy ``general_cutoff``, national ``None``): at or after it on a working day, the
    dossier is received the next day (at the next opening when after-hours receipt is on).
    The same-day cut-off is applied by :func:`span`.
    """
    from tthc.calendar import VN_TZ, as_local
    from tthc.duration import Unit

    moment = as_local(received_at)
    if policy.after_hours_receipt:
        moment = calendar.next_working_moment(moment)
    cutoff = policy.general_cutoff
    if (
        cutoff is not None
        and duration.unit is not Unit.SAME_DAY
        and calendar.is_working_day(moment.date())
        and moment.time() >= cutoff
    ):
        # Received the next day: at its start, then moved like any after-hours dossier
        # (to the next opening) when that policy is on. Moving straight to the next
        # opening would put a Friday 15:30 dossier after a Saturday one when
        # after-hours receipt is off.
        moment = datetime.combine(moment.date() + timedelta(days=1), time(0), VN_TZ)
        if policy.after_hours_receipt:
            moment = calendar.next_working_moment(moment)
    return moment


def _hours(value: Decimal) -> timedelta:
    # Exact to the microsecond: catalogs give at most quarter days, i.e. whole hours.
    micros = (value * Decimal(3_600_000_000)).to_integral_value()
    return timedelta(microseconds=int(micros))


def span(
    calendar: WorkingCalendar, policy: CountingPolicy, effective: datetime, duration: Duration
) -> tuple[datetime, datetime]:
    """``(starts_at, due_at)`` of ``duration`` counted from the effective receipt ``effective``.

    A zero-length time in any unit but same day (0 working days or hours, 0 calendar days,
    0 months, 0 clock hours) runs no time: it is due at the moment its clock starts
    (:func:`_span` gives ``starts_at``), whatever the policy. Without this rule some
    policies put it before the clock starts: 0 months ending at the close of the day of
    receipt (``period_end = "close"``) while the count begins the next day.
    """
    from tthc.duration import Unit

    starts_at, due_at = _span(calendar, policy, effective, duration)
    if duration.value == 0 and duration.unit is not Unit.SAME_DAY:
        return starts_at, starts_at
    return starts_at, due_at


def _span(
    calendar: WorkingCalendar, policy: CountingPolicy, effective: datetime, duration: Duration
) -> tuple[datetime, datetime]:
    """:func:`span` by the rule of each unit.

    - working days, ``next_day`` (§6.3): from the opening of the first working day after
      the day of receipt; whole N ends at the close of the N-th working day after it; a
      fraction runs that many working hours (x 8) into the following working day.
    - working days, ``elapsed``: N x 8 working hours from the receipt.
    - working hours (§6.4): H working hours from the receipt.
    - clock hours (§6.4): H clock hours from the receipt (Civil Code art. 147(1)), ended by
      :func:`tthc.sla.clock_hours_due`; counted as working hours when the policy's
      ``clock_hours_as`` is ``"working"``.
    - calendar days (§6.5) and months (§6.6): the end of the N-th day / the same day N
      months after the day of receipt, rolled to the end of the next working day.
    - same day (§6.7): the end of the day of receipt; at or after the cut-off, the end of
      the next working day.
    """
    from tthc.calendar import VN_TZ, as_local
    from tthc.duration import HOURS_PER_WORKING_DAY, Unit
    from tthc.sla import clock_hours_due, period_end

    effective = as_local(effective)
    day = effective.date()
    unit = duration.unit
    value = duration.value
    if unit is Unit.CLOCK_HOURS and policy.clock_hours_as == "working":
        unit = Unit.WORKING_HOURS  # a province that counts a bare "giờ" as working hours
    if unit is Unit.CLOCK_HOURS:
        # Civil Code art. 147(1): from the stated moment (the effective receipt), in clock time.
        return effective, clock_hours_due(calendar, policy, effective + _hours(value))
    if unit is Unit.WORKING_DAYS and policy.working_days_mode == "next_day":
        starts_at = opening(calendar, calendar.add_working_days(day, 1))
        whole = int(value)
        fraction = value - whole
        if fraction == 0 and whole > 0:
            return starts_at, calendar.end_of_working_day(calendar.add_working_days(day, whole))
        last = opening(calendar, calendar.add_working_days(day, whole + 1))
        return starts_at, calendar.add_working_time(last, _hours(fraction * HOURS_PER_WORKING_DAY))
    if unit is Unit.WORKING_DAYS or unit is Unit.WORKING_HOURS:
        hours = value * HOURS_PER_WORKING_DAY if unit is Unit.WORKING_DAYS else value
        starts_at = calendar.next_working_moment(effective)
        return starts_at, calendar.add_working_time(effective, _hours(hours))
    if unit is Unit.CALENDAR_DAYS or unit is Unit.MONTHS:
        starts_at = datetime.combine(day + timedelta(days=1), time(0), VN_TZ)
        try:
            if unit is Unit.CALENDAR_DAYS:
                last_day = day + timedelta(days=int(value))
            else:
                last_day = add_months(day, int(value))
        except (OverflowError, ValueError):
            # Past year 9999: no date at all, so surely outside the calendar.
            from tthc.errors import CalendarError

            raise CalendarError(
                Text(
                    f"Thời hạn {duration.text('vi')} tính từ {day.isoformat()} vượt ra ngoài "
                    f"lịch làm việc ({calendar.first_year}-{calendar.last_year})",
                    f"The time {duration.text('en')} from {day.isoformat()} leaves the "
                    f"working calendar ({calendar.first_year}-{calendar.last_year})",
                )
            ) from None
        return starts_at, period_end(calendar, policy, last_day)
    # Same day (trong ngày).
    cutoff = policy.same_day_cutoff
    if (
        calendar.is_working_day(day)
        and (cutoff is None or effective.time() < cutoff)
        and effective < calendar.end_of_working_day(day)
    ):
        return effective, calendar.end_of_working_day(day)
    return effective, calendar.end_of_working_day(calendar.next_working_day(day))


def plan_steps(
    calendar: WorkingCalendar,
    policy: CountingPolicy,
    starts_at: datetime,
    steps: Sequence[Duration | None],
) -> tuple[PlannedStep, ...]:
    """Each step planned from the previous step's due moment, the first from ``starts_at``.

    A step in working days or hours runs that much working time (8 hours a day), so that
    steps adding up to the whole time end exactly at its due moment. A step in another
    unit is counted by :func:`span` from the previous due moment; a step not counted
    (``None``) takes no time.
    """
    if not steps:
        return ()  # a Duration or a time text: no steps (the hot path of Rules.deadline)
    from tthc.sla import PlannedStep

    planned: list[PlannedStep] = []
    previous = starts_at
    for index, duration in enumerate(steps, start=1):
        if duration is None:
            due = previous
        elif duration.working_hours is not None:
            due = calendar.add_working_time(previous, _hours(duration.working_hours))
        else:
            due = span(calendar, policy, previous, duration)[1]
        planned.append(PlannedStep(index, duration, previous, due))
        previous = due
    return tuple(planned)


def _step_warnings(duration: Duration, steps: Sequence[Duration | None]) -> tuple[Text, ...]:
    if not steps:
        return ()
    total = duration.working_hours
    counted = [s for s in steps if s is not None]
    step_hours = [s.working_hours for s in counted]
    if total is None or any(h is None for h in step_hours):
        return (
            Text(
                f"Không kiểm tra được tổng thời gian các bước so với {duration}: "
                "có bước hoặc tổng không tính bằng ngày/giờ làm việc",
                f"Cannot check the steps against the whole time {duration.text('en')}: "
                "a step or the whole is not in working days or hours",
            ),
        )
    total_steps = sum((h for h in step_hours if h is not None), Decimal(0))
    if total_steps == total:
        return ()
    days = (total_steps / Decimal(8)).normalize()
    return (
        Text(
            f"Tổng thời gian các bước ({days:f} ngày làm việc) khác thời hạn {duration}; "
            "hạn trả vẫn tính theo thời hạn",
            f"The steps add up to {days:f} working days, not {duration.text('en')}; "
            "the due moment still uses the whole time",
        ),
    )


def national_deadline(
    rules: Rules,
    received_at: datetime,
    duration: Duration,
    channel: Channel | None,
    steps: Sequence[Duration | None] = (),
) -> Deadline:
    """The deadline by the national counting rules (docs/deadlines.md), with ``rules.policy``.

    The effective receipt is the first answer of ``tthc_effective_receipt`` (so a province
    may change only that); the rest follows :func:`span` and :func:`plan_steps`.
    """
    from tthc.calendar import as_local
    from tthc.errors import PluginError
    from tthc.sla import Deadline, provisional_days, provisional_years

    calendar = rules.calendar
    policy = rules.policy
    received = as_local(received_at)
    if rules.national_only("tthc_effective_receipt"):
        # No plugin moves the receipt (decided once per set of plugins): this module's own
        # answer, without a hook call or a check of it.
        name, effective = __name__, effective_receipt(calendar, policy, received, duration)
    else:
        answered = rules.call_first_named(
            "tthc_effective_receipt",
            received_at=received,
            duration=duration,
            channel=channel,
            rules=rules,
        )
        if answered is None:  # pragma: no cover - this module always answers
            answered = (__name__, effective_receipt(calendar, policy, received, duration))
        name, effective = answered
        effective = as_local(effective)
    if effective < received:
        # The clock cannot start before the dossier exists: a plugin's bug, named.
        raise PluginError(
            Text(
                f"Plugin '{name}' trả về {effective.isoformat()}, sớm hơn lúc nhận hồ sơ "
                f"{received.isoformat()} (tthc_effective_receipt)",
                f"Plugin '{name}' returned {effective.isoformat()}, earlier than the receipt "
                f"at {received.isoformat()} (tthc_effective_receipt)",
            ),
            name,
        )
    starts_at, due_at = span(calendar, policy, effective, duration)
    planned = plan_steps(calendar, policy, starts_at, steps)
    last = max([due_at, *(s.due_at for s in planned)]) if planned else due_at
    years = provisional_years(calendar, received, last)
    days = provisional_days(calendar, received, last)
    return Deadline(
        received_at=received,
        effective_at=effective,
        starts_at=starts_at,
        due_at=due_at,
        duration=duration,
        provisional=bool(years or days),
        provisional_years=years,
        provisional_days=days,
        steps=planned,
        warnings=_step_warnings(duration, steps),
        channel=channel,
    )


# -- the direct path of Rules.deadline ---------------------------------------------------


class DirectCount:
    """The national count of a Duration with no steps, without hooks (đếm trực tiếp).

    :class:`~tthc.rules.Rules` uses it for ``Rules.deadline`` when no plugin but the
    national rules answers ``tthc_deadline`` and ``tthc_effective_receipt`` (decided once
    per set of plugins): the same computation as :func:`national_deadline`, without the
    hook dispatch and without checking answers that come from this module. A province
    that only changes the counting policy, the working hours or the days off keeps it: all
    of those are read from ``rules`` here as there.

    What can be decided once is: the policy's switches, and each Duration's split into
    whole days and the working hours of its fraction (kept for the last 1,024 durations).
    """

    __slots__ = ("_after_hours", "_cutoff", "_next_day", "_plans", "calendar", "policy")

    def __init__(self, calendar: WorkingCalendar, policy: CountingPolicy) -> None:
        self.calendar = calendar
        self.policy = policy
        self._after_hours = policy.after_hours_receipt
        self._cutoff = policy.general_cutoff
        self._next_day = policy.working_days_mode == "next_day"
        self._plans: dict[Duration, int] = {}

    def _whole_days(self, duration: Duration) -> int:
        """``N`` for a whole number N > 0 of working days counted ``next_day`` (the common
        case, two calendar look-ups), else 0: counted by :func:`span` itself."""
        plan = self._plans.get(duration)
        if plan is None:
            from tthc.duration import Unit

            value = duration.value
            whole = int(value)
            plan = (
                whole
                if duration.unit is Unit.WORKING_DAYS and self._next_day and whole == value
                else 0
            )
            if len(self._plans) >= 1024:
                self._plans.clear()
            self._plans[duration] = plan
        return plan

    def count(
        self,
        received: datetime,
        duration: Duration,
        channel: Channel | None,
        case: str | None,
    ) -> Deadline:
        """The deadline of ``duration`` for a dossier received at ``received`` (aware, in
        Vietnam time: :func:`tthc.tz.as_local` applied), as :func:`national_deadline`
        gives it, with ``channel`` and ``case`` recorded."""
        calendar = self.calendar
        effective = received
        if self._cutoff is not None:
            effective = effective_receipt(calendar, self.policy, received, duration)
        elif self._after_hours:
            effective = calendar.next_working_moment(received)
        whole = self._whole_days(duration)
        if whole:
            starts_at, due_at = calendar.working_days_span(effective.date(), whole)
        else:
            starts_at, due_at = span(calendar, self.policy, effective, duration)
        first, last = received.date(), due_day(due_at)
        years: tuple[int, ...] = ()
        days: tuple[date, ...] = ()
        if (
            first.year != last.year
            or first.year not in calendar.official_years
            or calendar.has_unconfirmed(first, last)
        ):  # else nothing provisional (nearly every deadline): what the two functions say
            years = provisional_years(calendar, received, due_at)
            days = provisional_days(calendar, received, due_at)
        return _Deadline(
            received,
            effective,
            starts_at,
            due_at,
            duration,
            bool(years or days),
            years,
            days,
            (),
            (),
            None,
            case,
            channel,
        )


def direct_count(rules: Rules) -> DirectCount:
    """The direct count for ``rules`` (its calendar and policy), for ``Rules.deadline``."""
    return DirectCount(rules.calendar, rules.policy)
