"""Deadlines and dossier clocks (hạn giải quyết, theo dõi hồ sơ): the working-day SLA.

- :class:`CountingPolicy`: the counting choices of docs/deadlines.md, one field per choice.
  The national plugin returns ``CountingPolicy()``; a province returns its own
  (hook ``tthc_counting_policy``).
- :func:`compute_deadline` (also :meth:`tthc.rules.Rules.deadline`): the appointment
  (ngày hẹn trả) for a dossier received at a moment, as a :class:`Deadline`.
- :class:`DossierClock` (also :meth:`tthc.rules.Rules.clock`): the life of one dossier
  after receipt: pauses for supplements (yêu cầu bổ sung), resumes, finish; status
  early / on time / late (trước hạn / đúng hạn / trễ hạn) and lateness.

The national computation itself lives in :mod:`tthc.national.sla` (hook ``tthc_deadline``).
Importing this module is cheap: the calendar and the models load on first use.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Literal, Protocol

from tthc.duration import Duration
from tthc.errors import ClockError, ConfigError, DeadlineError
from tthc.i18n import Lang, Text
from tthc.tz import as_local

if TYPE_CHECKING:
    from tthc.calendar import WorkingCalendar
    from tthc.model import Case, Channel, Procedure, Step

__all__ = [
    "ChosenTime",
    "ClockHoursAs",
    "ClockHoursEnd",
    "Counting",
    "CountingPolicy",
    "Deadline",
    "DeadlineError",
    "DirectCounting",
    "DossierClock",
    "PauseMode",
    "PeriodEnd",
    "PlannedStep",
    "Status",
    "WorkingDaysMode",
    "choose_time",
    "clock_hours_due",
    "compute_deadline",
    "direct_deadline",
    "due_day",
    "format_moment",
    "iso_duration",
    "period_end",
    "provisional_days",
    "provisional_years",
    "status_text",
    "working_days_of",
]

WorkingDaysMode = Literal["next_day", "elapsed"]
"""How working days are counted: ``"next_day"`` (Civil Code art. 147) or ``"elapsed"``."""

ClockHoursAs = Literal["clock", "working"]
"""How a period in a bare "giờ" (unit ``clock_hours``) is counted: in ``"clock"`` time or as
``"working"`` hours."""

ClockHoursEnd = Literal["civil_code", "exact", "next_opening"]
"""Where a period in clock hours that ends outside working time ends (see
:attr:`CountingPolicy.clock_hours_end`)."""

PeriodEnd = Literal["midnight", "close"]
"""Where a period in calendar days or months ends on its last day: at ``"midnight"`` (24:00,
Civil Code 2015 art. 148(6)) or at the ``"close"`` of that working day."""

PauseMode = Literal["pause", "restart"]
"""What a supplement request does to the clock: ``"pause"`` it or ``"restart"`` it."""

Status = Literal["early", "on_time", "late", "open", "overdue"]
"""Status of a dossier: trước hạn / đúng hạn / trễ hạn / đang giải quyết / quá hạn."""

#: One working day is 8 working hours (Decision 188/1999/QĐ-TTg, 40-hour week).
WORKING_DAY = timedelta(hours=8)

_STATUS_TEXT: dict[str, Text] = {
    "early": Text("trước hạn", "early"),
    "on_time": Text("đúng hạn", "on time"),
    "late": Text("trễ hạn", "late"),
    "open": Text("đang giải quyết", "open"),
    "overdue": Text("quá hạn (chưa có kết quả)", "overdue (not finished)"),
}


class Counting(Protocol):
    """What deadlines and clocks are given by a jurisdiction (:class:`tthc.rules.Rules` is
    one): its calendar, its counting policy, and its count of a deadline (the first answer
    of hook ``tthc_deadline``). This module never calls a hook itself."""

    @property
    def calendar(self) -> WorkingCalendar: ...

    @property
    def policy(self) -> CountingPolicy: ...

    def count_deadline(
        self,
        received_at: datetime,
        duration: Duration,
        channel: Channel | None,
        steps: Sequence[Duration | None],
    ) -> Deadline: ...


# -- the counting policy --------------------------------------------------------------


@dataclass(frozen=True)
class CountingPolicy:
    """How processing time is counted (cách tính thời hạn): the choices of docs/deadlines.md.

    Every field is a policy a province plugin may change (hook ``tthc_counting_policy``,
    typically ``dataclasses.replace(CountingPolicy(), general_cutoff=time(15, 0))``).
    The defaults are the national rules.
    """

    same_day_cutoff: time | None = time(15, 0)
    """§6.7, giờ chốt trong ngày: a same-day (trong ngày) dossier whose effective receipt is at
    or after this local time is due at the end of the next working day. ``None``: no cut-off."""

    general_cutoff: time | None = None
    """§3 open question, giờ chốt chung: when set, a dossier of any other unit received on a
    working day at or after this local time is taken as received the next day (at the opening
    of the next working day when ``after_hours_receipt`` is on). National default ``None``
    (the cut-off applies to same-day procedures only)."""

    after_hours_receipt: bool = True
    """§6.2, tiếp nhận ngoài giờ: a dossier received outside working time (before opening, at
    lunch, after closing, on a day off) is received at the start of the next working interval.
    ``False``: the clock starts at the moment given."""

    working_days_mode: WorkingDaysMode = "next_day"
    """§6.3, cách tính ngày làm việc. ``"next_day"`` (Civil Code art. 147): the day of
    effective receipt is not counted; the clock starts at the opening of the next working day
    and N working days end at the close of the N-th working day after receipt (a fraction is
    counted in working hours of the following day: 0.5 ends after its first 4 working hours,
    12:00 with national hours). ``"elapsed"``: N x 8 working hours from the effective receipt."""

    roll_to_working_day: bool = True
    """§6.5-6.6, Civil Code 2015 art. 148(5): a period in calendar days or months whose last
    day is a weekend or holiday ends at the end of the next working day. ``False``: it ends
    at the end of that day. Either way "the end" is :attr:`period_end`'s."""

    period_end: PeriodEnd = "midnight"
    """§6.5-6.6, where a period in calendar days or months ends on its last day.
    ``"midnight"`` (national default): at 24:00 of that day, Civil Code 2015 art. 148(1),
    (3) and (6) ("thời điểm kết thúc ngày cuối cùng của thời hạn vào lúc hai mươi tư giờ của
    ngày đó"); the text was checked, and no one-stop text read says otherwise. ``"close"``: at
    the close of working hours of that day (17:00 with national hours), as one-stop software
    often prints the appointment; on a last day that is not a working day (with
    ``roll_to_working_day`` off) there is no close, and the period ends at 24:00. Working days
    are not affected: they count working time, which ends at the close (§6.3)."""

    pause_mode: PauseMode = "pause"
    """§6.8, tạm dừng: ``"pause"``: working time inside a pause (supplement request) does not
    count, the due moment moves by exactly that much. Supplement requests are governed by the
    one-stop decree in force, Decree 118/2025/NĐ-CP (its article was not checked: see
    docs/sources.md). ``"restart"``: the full time starts again at the resume, as if the
    dossier were received then. Which pauses count at all is :attr:`late_pause_extends`."""

    late_pause_extends: bool = False
    """§6.8 read for a dossier already late, yêu cầu bổ sung khi đã quá hạn: whether a pause
    begun after the due moment (as moved by the pauses before it) still moves it.

    §6.8 says working time inside a pause does not count and the deadline moves by exactly
    that much; it does not say whether that holds for a supplement requested when the
    dossier is already overdue (quá hạn), and provinces may read it either way.

    ``False`` (national default): only a pause begun at or before the due moment counts
    (``pause`` or ``restart`` alike). One begun after it changes nothing: the dossier was
    already late when the supplement was asked for, and a request made after the due moment
    cannot give that time back, so an overdue dossier cannot turn on time (lateness keeps
    running during such a pause). ``True``: every pause counts, as §6.8 read literally, so a
    late request also moves the due moment (and under ``restart`` starts the time again);
    the lateness before the request stays, but the wait is not counted as late.

    Either way the pause's working time is in ``DossierClock.paused_time``, and a pause never
    makes a deadline earlier."""

    clock_hours_as: ClockHoursAs = "clock"
    """§6.4, giờ (đồng hồ): how a time in a bare "giờ" (unit ``clock_hours``: "Trong thời hạn 24
    giờ") is counted. ``"clock"`` (national default): clock hours from the effective receipt,
    nights and days off included, as Civil Code 2015 art. 147(1) counts a period in hours
    ("thời hạn được bắt đầu từ thời điểm đã xác định"). ``"working"``: as that many working
    hours (giờ làm việc), for a province whose catalog writes "giờ" for working hours. The
    policy also decides whether reduction compares clock and working hours: only when they
    are counted alike (``"working"``)."""

    clock_hours_end: ClockHoursEnd = "civil_code"
    """§6.4, a period in clock hours that ends outside working time (kết thúc ngoài giờ).

    ``"civil_code"`` (national default): the period ends at the moment reached (art. 147(1)),
    even at night, unless that moment falls on a day that is not a working day: then, as
    Civil Code 2015 art. 148(5) ends a period whose last day is a weekend or holiday, it
    ends as a calendar-day period ending that day would (:func:`period_end`: the end of the
    next working day). Art. 148(5) speaks of "ngày cuối cùng của thời hạn" without naming
    the unit; applying it to a period in hours is tthc's reading, stated here.
    ``"exact"``: the moment reached, whatever the day. ``"next_opening"``: a moment outside
    working time moves to the start of the next working interval (the result is due when
    the one-stop desk next opens)."""

    def __post_init__(self) -> None:
        # A misspelt choice in a province plugin would otherwise count by another rule
        # without a word (every branch tests one value and falls through to the other).
        allowed: dict[str, tuple[object, ...]] = {
            "working_days_mode": ("next_day", "elapsed"),
            "pause_mode": ("pause", "restart"),
            "after_hours_receipt": (True, False),
            "roll_to_working_day": (True, False),
            "period_end": ("midnight", "close"),
            "late_pause_extends": (True, False),
            "clock_hours_as": ("clock", "working"),
            "clock_hours_end": ("civil_code", "exact", "next_opening"),
        }
        for name, choices in allowed.items():
            value = getattr(self, name)
            if not any(value is c or (type(value) is type(c) and value == c) for c in choices):
                listed = " | ".join(repr(c) for c in choices)
                _bad_policy(name, value, Text(listed, listed))
        for name in ("same_day_cutoff", "general_cutoff"):
            value = getattr(self, name)
            if value is not None and not (isinstance(value, time) and value.tzinfo is None):
                _bad_policy(
                    name,
                    value,
                    Text(
                        "datetime.time (không có múi giờ) | None",
                        "datetime.time (no zone) | None",
                    ),
                )


def _bad_policy(name: str, value: object, expected: Text) -> None:
    raise ConfigError(
        Text(
            f"CountingPolicy không hợp lệ: {name}: {value!r} (cần {expected.vi})",
            f"Invalid CountingPolicy: {name}: {value!r} (expected {expected.en})",
        )
    )


# -- deadlines ------------------------------------------------------------------------


@dataclass(frozen=True)
class PlannedStep:
    """One step of an inter-agency internal process (bước, quy trình nội bộ), as planned.

    ``starts_at`` is the previous step's due moment (the first step starts with the clock);
    a step whose time is not counted (``duration`` ``None``) starts and ends at once.
    """

    index: int
    """Position in the process, from 1."""
    duration: Duration | None
    starts_at: datetime
    due_at: datetime
    name: str | None = None
    """The step as numbered in the process, e.g. "Bước 3"."""
    agency: str | None = None
    """Who does it."""

    def to_dict(self, lang: Lang | None = None) -> dict[str, Any]:
        """JSON-ready: moments in ISO 8601 with +07:00, the time as text in ``lang``."""
        return {
            "index": self.index,
            "name": self.name,
            "agency": self.agency,
            "time": None if self.duration is None else _duration_dict(self.duration, lang),
            "starts_at": self.starts_at.isoformat(),
            "due_at": self.due_at.isoformat(),
        }


@dataclass(frozen=True)
class Deadline:
    """The appointment for one dossier (giấy hẹn trả kết quả): when its clock starts and ends.

    All moments are aware, in Asia/Ho_Chi_Minh (+07:00).
    """

    received_at: datetime
    """When the complete dossier was received (thời điểm nhận đủ hồ sơ hợp lệ), as given."""
    effective_at: datetime
    """Effective receipt (§6.2): after-hours dossiers and cut-offs moved to the next opening."""
    starts_at: datetime
    """When the clock starts counting (for ``next_day`` working days: the next working day)."""
    due_at: datetime
    """The due moment (hạn trả kết quả); a due moment at the end of an interval is that end."""
    duration: Duration
    """The processing time counted (the committed time when the case has one)."""
    provisional: bool = False
    """Tạm tính: the computation crossed a year whose days off are estimates, or a day off
    whose own decision is not confirmed (``provisional_years`` or ``provisional_days``)."""
    provisional_years: tuple[int, ...] = ()
    """The years crossed that have no known official decisions."""
    provisional_days: tuple[date, ...] = ()
    """The unconfirmed days crossed in years that are otherwise official (for example
    24/11/2026, Vietnam Culture Day): were one a working day after all, the deadline would
    come earlier."""
    steps: tuple[PlannedStep, ...] = ()
    """Inter-agency steps (liên thông), each planned from the previous step's due moment."""
    warnings: tuple[Text, ...] = ()
    """Things to check, e.g. step times that do not add up to the whole time."""
    procedure: str | None = None
    """Procedure code, when the deadline was computed for a procedure."""
    case: str | None = None
    """Case name (trường hợp), when the procedure has several."""
    channel: Channel | None = None
    """Channel of submission, when known."""

    def to_dict(self, lang: Lang | None = None) -> dict[str, Any]:
        """JSON-ready (ISO 8601 with +07:00); ``lang`` chooses the language of text fields."""
        return {
            "received_at": self.received_at.isoformat(),
            "effective_at": self.effective_at.isoformat(),
            "starts_at": self.starts_at.isoformat(),
            "due_at": self.due_at.isoformat(),
            "time": _duration_dict(self.duration, lang),
            "provisional": self.provisional,
            "provisional_years": list(self.provisional_years),
            "provisional_days": [day.isoformat() for day in self.provisional_days],
            "procedure": self.procedure,
            "case": self.case,
            "channel": None if self.channel is None else self.channel.value,
            "steps": [step.to_dict(lang) for step in self.steps],
            "warnings": [w(lang) for w in self.warnings],
        }


def _duration_dict(duration: Duration, lang: Lang | None = None) -> dict[str, Any]:
    return {
        "value": str(duration.value),
        "unit": duration.unit.value,
        "text": duration.text(lang),
    }


@dataclass(frozen=True)
class ChosenTime:
    """The processing time a deadline counts, chosen from what the caller gave."""

    duration: Duration
    """The time counted (a case's committed time when it has one)."""
    channel: Channel | None
    """The channel given, else the chosen case's own."""
    steps: tuple[Step, ...] = ()
    """The chosen case's inter-agency steps (liên thông)."""
    code: str | None = None
    """The procedure's code, when a procedure was given."""
    case_name: str | None = None
    procedure: Procedure | None = None
    """The procedure given, if one was."""


def choose_time(
    what: Duration | Procedure | Case | str,
    *,
    case: str | None = None,
    channel: Channel | str | None = None,
) -> ChosenTime:
    """The time to count for ``what`` (as :func:`compute_deadline` takes it), its case picked
    by ``case`` and ``channel``. Raises :class:`DeadlineError` for an unknown channel or case
    or a ``what`` of another kind, :class:`~tthc.errors.DurationError` for an unreadable text.
    """
    from tthc.duration import Duration

    chan = _channel(channel)
    # A Procedure or a Case exists only once tthc.model is imported: a Duration or a
    # time text (``tthc due --time``) is answered without loading pydantic and the models.
    model = sys.modules.get("tthc.model")
    procedure = what if model is not None and isinstance(what, model.Procedure) else None
    chosen: Case | None = None
    if procedure is not None:
        chosen = procedure.time_for(case=case, channel=chan)
    elif model is not None and isinstance(what, model.Case):
        chosen = what

    if chosen is not None:
        return ChosenTime(
            chosen.effective,
            chan if chan is not None else chosen.channel,
            tuple(chosen.steps),
            procedure.code if procedure is not None else None,
            chosen.name,
            procedure,
        )
    if isinstance(what, Duration):
        if case is not None:
            raise DeadlineError(
                Text(
                    f"Không chọn được trường hợp {case!r}: thời hạn {what} chỉ có một trường hợp",
                    f"Cannot choose case {case!r}: the time {what.text('en')} has only one case",
                )
            )
        return ChosenTime(what, chan)
    if isinstance(what, str):
        duration, case_name, text_channel = _from_text(what, case, chan)
        return ChosenTime(duration, chan if chan is not None else text_channel, (), None, case_name)
    raise DeadlineError(
        Text(
            f"Không tính được hạn cho {what!r}: cần Duration, Procedure, Case hoặc chuỗi",
            f"Cannot compute a deadline for {what!r}: expected Duration, Procedure, Case or text",
        )
    )


def compute_deadline(
    rules: Counting,
    received_at: datetime,
    what: Duration | Procedure | Case | str,
    *,
    channel: Channel | str | None = None,
    case: str | None = None,
) -> Deadline:
    """The appointment for a dossier received at ``received_at`` (ngày hẹn trả kết quả).

    ``received_at``: a naive datetime is local time (Asia/Ho_Chi_Minh); an aware one in
    another zone is converted. ``what``: a :class:`~tthc.duration.Duration`; a
    :class:`~tthc.model.Procedure` (the case chosen by ``case`` and ``channel``); a
    :class:`~tthc.model.Case` (its committed time when it has one, and its steps); or a
    time text such as ``"3 ngày làm việc"`` (a text with several cases is narrowed by
    ``case`` and ``channel`` like a procedure).

    The count itself is ``rules.count_deadline`` (for :class:`~tthc.rules.Rules`, the first
    answer of hook ``tthc_deadline``; national rules: :mod:`tthc.national.sla`). Raises
    :class:`DeadlineError` for an unknown channel or case,
    :class:`~tthc.errors.DurationError` for an unreadable time text,
    :class:`~tthc.errors.CalendarError` for a moment the calendar does not cover.
    """
    from tthc.tz import as_local

    moment = as_local(received_at)
    chosen = choose_time(what, case=case, channel=channel)
    duration, chan, procedure = chosen.duration, chosen.channel, chosen.procedure
    step_info = [(s.time, s.name, s.agency) for s in chosen.steps]
    code, case_name = chosen.code, chosen.case_name

    deadline = rules.count_deadline(moment, duration, chan, [s[0] for s in step_info])
    warnings = deadline.warnings
    if (
        procedure is not None
        and chan is not None
        and procedure.channels
        and chan not in procedure.channels
    ):
        # counted all the same (a centre may accept it), but likely a mistake in the input
        offered = ", ".join(c.value for c in procedure.channels)
        warnings += (
            Text(
                f"Thủ tục {procedure.code} không công bố kênh '{chan.value}' (các kênh: {offered})",
                f"Procedure {procedure.code} does not list the channel '{chan.value}' "
                f"(its channels: {offered})",
            ),
        )
    if (
        not step_info
        and deadline.procedure == code
        and deadline.case == case_name
        and deadline.channel == chan
        and warnings is deadline.warnings
    ):
        return deadline  # nothing to add: no copy (the hot path of Rules.deadline)
    steps = tuple(
        replace(planned, name=info[1], agency=info[2])
        for planned, info in zip(deadline.steps, step_info, strict=False)
    )
    return replace(
        deadline,
        steps=steps or deadline.steps,
        procedure=code,
        case=case_name,
        channel=chan,
        warnings=warnings,
    )


class DirectCounting(Protocol):
    """A count of a Duration with no steps that needs no hook (the national rules' when no
    plugin counts in their place: :class:`tthc.national.sla.DirectCount`)."""

    def count(
        self, received: datetime, duration: Duration, channel: Channel | None, case: str | None
    ) -> Deadline: ...


def direct_deadline(
    count: DirectCounting,
    received_at: datetime,
    what: object,
    channel: Channel | str | None,
    case: str | None,
) -> Deadline | None:
    """:func:`compute_deadline` for a Duration or a time text, counted by ``count``; ``None``
    for anything else (a Procedure, a Case: their steps and checks go the whole way).

    The same choices as :func:`choose_time` (a time text's case by ``case`` and
    ``channel``, parsed once: :func:`_from_text`), and the same answer, which records the
    channel and the case chosen.
    """
    kind = type(what)
    if kind is str:
        chan = None if channel is None else _channel(channel)
        duration, case_name, own = _from_text(what, case, chan)
        return count.count(
            as_local(received_at), duration, own if chan is None else chan, case_name
        )
    if kind is Duration and case is None:
        chan = None if channel is None else _channel(channel)
        return count.count(as_local(received_at), what, chan, None)  # type: ignore[arg-type]
    return None


def _channel(value: Channel | str | None) -> Channel | None:
    from tthc.channel import Channel

    if value is None or isinstance(value, Channel):
        return value
    try:
        return Channel(value)
    except ValueError:
        known = ", ".join(c.value for c in Channel)
        raise DeadlineError(
            Text(
                f"Kênh nộp hồ sơ không hợp lệ: {value!r} (chọn một trong: {known})",
                f"Unknown channel: {value!r} (choose one of: {known})",
            )
        ) from None


@lru_cache(maxsize=1024)
def _from_text(
    text: str, case: str | None, channel: Channel | None
) -> tuple[Duration, str | None, Channel | None]:
    """Read a time text and pick its case by ``case`` / ``channel``, as for a procedure.

    The text's cases go through :func:`tthc.model.select_case`, the selection
    :meth:`Procedure.time_for` uses, so a text and a procedure with the same cases agree: a
    single case with no channel of its own applies to any channel, but a single case marked
    for one channel ("Trực tuyến: 5 ngày làm việc") is refused for another channel rather
    than silently applied. Returns the duration, the case name and the case's channel.

    Cached: reading a text costs more than counting its deadline, and a batch of dossiers
    (``tthc due --batch``, the service's arrays) repeats a few texts many times. The answer
    is immutable; a text that cannot be read raises again each time.
    """
    from tthc.cases import CaseLookupError, select_case
    from tthc.durationtext import parse_cases

    parsed = list(parse_cases(text))
    try:
        chosen = select_case(
            parsed,
            case,
            channel,
            subject=Text(f"Thời hạn {text!r}", f"The time {text!r}"),
            label=lambda p: repr(p.text),
        )
    except CaseLookupError as exc:
        raise DeadlineError(exc.text) from None
    return chosen.duration, chosen.name, chosen.channel


def period_end(calendar: WorkingCalendar, policy: CountingPolicy, day: date) -> datetime:
    """The end of a period in calendar days or months whose last day is ``day`` (§6.5-6.6).

    Civil Code 2015 art. 148(1), (3), (6): the period ends at 24:00 of its last day (policy
    ``period_end``); art. 148(5): a last day that is a weekend or holiday moves to the next
    working day (policy ``roll_to_working_day``).
    """
    from tthc.calendar import VN_TZ

    if not calendar.is_working_day(day) and policy.roll_to_working_day:
        day = calendar.next_working_day(day)
    if policy.period_end == "close" and calendar.is_working_day(day):
        return calendar.end_of_working_day(day)
    return datetime.combine(day + timedelta(days=1), time(0), VN_TZ)  # 24:00 of ``day``


def clock_hours_due(
    calendar: WorkingCalendar, policy: CountingPolicy, moment: datetime
) -> datetime:
    """The due moment of a period in clock hours whose count runs out at ``moment`` (§6.4).

    ``moment`` is the effective receipt plus the hours (plus any pause), in clock time;
    :attr:`CountingPolicy.clock_hours_end` says where such a period ends when ``moment`` is
    outside working time.
    """
    from tthc.calendar import as_local

    moment = as_local(moment)
    mode = policy.clock_hours_end
    if mode == "exact":
        return moment
    in_time = calendar.is_working_time(moment) or calendar.is_working_time(
        moment - timedelta(microseconds=1)
    )  # the close of an interval (17:00) is still working time's end
    if mode == "next_opening":
        return moment if in_time else calendar.next_working_moment(moment)
    day = due_day(moment)
    if calendar.is_working_day(day):
        return moment
    return period_end(calendar, policy, day)


def due_day(moment: datetime) -> date:
    """The calendar day a due moment ends (ngày của hạn trả).

    A due moment at midnight is the end of the day before it (policy
    ``roll_to_working_day=False`` ends a period at midnight after its last day).
    """
    if moment.time() == time(0):
        return moment.date() - timedelta(days=1)
    return moment.date()


def provisional_years(calendar: WorkingCalendar, start: datetime, end: datetime) -> tuple[int, ...]:
    """The years from ``start`` to the day of the due moment ``end`` with only estimates."""
    return calendar.estimated_years(start.date(), due_day(end))


def provisional_days(calendar: WorkingCalendar, start: datetime, end: datetime) -> tuple[date, ...]:
    """The unconfirmed days (``CalendarDay.confirmed`` False) from ``start`` to the day of the
    due moment ``end``, outside the years :func:`provisional_years` already reports."""
    first, last = start.date(), due_day(end)
    if last < first or not calendar.has_unconfirmed(first, last):
        return ()  # nearly every deadline: one subtraction (it is on the hot path)
    days = calendar.unconfirmed_days(first, last)
    estimated = set(calendar.estimated_years(first, last))
    return tuple(day for day in days if day.year not in estimated)


def format_moment(moment: datetime, lang: Lang | None = None) -> str:
    """A moment for people: "Thứ Ba 01/12/2026 17:00" / "Tue 2026-12-01 17:00"."""
    from tthc.i18n import default_lang

    if (lang or default_lang()) == "vi":
        weekday = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật")
        return f"{weekday[moment.weekday()]} {moment:%d/%m/%Y %H:%M}"
    return f"{moment:%a %Y-%m-%d %H:%M}"


def iso_duration(amount: timedelta) -> str:
    """ISO 8601 duration of working time in hours/minutes/seconds: ``PT10H30M``, ``-PT2H``."""
    sign = "-" if amount < timedelta(0) else ""
    seconds = abs(int(amount.total_seconds()))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    body = "".join(
        f"{value}{unit}" for value, unit in ((hours, "H"), (minutes, "M"), (secs, "S")) if value
    )
    return f"{sign}PT{body or '0S'}"


#: Decimal places of :func:`working_days_of`: a millionth of a working day is 28.8 ms.
WORKING_DAYS_PLACES = 6


def working_days_of(amount: timedelta) -> Decimal:
    """Working time in working days of 8 hours (rule 1 of docs/deadlines.md), as a ``Decimal``.

    ``amount / 8 h`` rounded half-even to 6 decimal places, whatever the caller's decimal
    context: 4 h -> ``0.5``, 3 min -> ``0.00625``, 1 min -> ``0.002083`` (1/480 has no
    end in decimals). The value is exact whenever the time is a multiple of 28.8 ms (every
    18 s, so every multiple of 3 minutes); otherwise it is within 14.4 ms of it, which
    gives the working time back to the second: ``round(days * 28800)`` seconds. Shown
    without trailing zeros (``0.25``, ``10``).
    """
    micros = amount // timedelta(microseconds=1)
    per_day = WORKING_DAY // timedelta(microseconds=1)
    # Integer arithmetic, then a Decimal: no context precision or rounding is involved.
    step = per_day // 10**WORKING_DAYS_PLACES  # 28 800 µs, exact
    units, rest = divmod(micros, step)
    if 2 * rest > step or (2 * rest == step and units % 2):
        units += 1
    # Trailing zeros off (0.25, not 0.250000; 10, not 1E+1), built exactly from digits.
    exponent = -WORKING_DAYS_PLACES
    while exponent < 0 and units % 10 == 0:
        units //= 10
        exponent += 1
    sign = 1 if units < 0 else 0
    return Decimal((sign, tuple(int(c) for c in str(abs(units))), exponent))


# -- the dossier clock ----------------------------------------------------------------

EventKind = Literal["pause", "resume", "finish"]


@dataclass(frozen=True)
class ClockEvent:
    """One event in the life of a dossier after receipt.

    ``pause``: a supplement request (yêu cầu bổ sung) stops the clock; ``resume``: the
    supplemented dossier is received again; ``finish``: the result is ready (có kết quả).
    """

    kind: EventKind
    at: datetime
    note: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "at": self.at.isoformat(), "note": self.note}


_EVENT_TEXT: dict[str, Text] = {
    "received": Text("tiếp nhận", "receipt"),
    "pause": Text("tạm dừng (yêu cầu bổ sung)", "pause (supplement request)"),
    "resume": Text("tiếp tục", "resume"),
    "finish": Text("có kết quả", "finish"),
}


@dataclass(frozen=True)
class _State:
    current: Deadline
    """The deadline counting now (in restart mode: from the last resume)."""
    paused_time: timedelta
    """Time inside closed pauses since ``current`` started (pause mode): working time, or
    clock time for a period in clock hours."""
    total_paused: timedelta
    """Working time inside all closed pauses, whatever the mode (for reports)."""
    paused_since: datetime | None
    finished_at: datetime | None


class DossierClock:
    """The clock of one dossier (theo dõi thời hạn giải quyết hồ sơ), immutable.

    Start from a :class:`Deadline` (``rules.clock(deadline)``); every event returns a new
    clock: ``clock.pause(t1).resume(t2).finish(t3)``. An impossible sequence raises
    :class:`~tthc.errors.ClockError` quoting the moments: a resume without a pause, a pause
    while paused, a finish while paused (resume first: a result cannot be produced while the
    agency waits for the applicant's supplement), any event before receipt or before the
    previous event, any event after the finish.

    With the ``pause`` policy (national) the due moment moves by exactly the working time
    paused (counted from when the clock starts); with ``restart`` the whole time runs again
    from the resume, as if the dossier were received then.
    """

    __slots__ = ("_rules", "_state", "deadline", "events", "policy")

    def __init__(
        self, rules: Counting, deadline: Deadline, events: Sequence[ClockEvent] = ()
    ) -> None:
        self._rules = rules
        self.deadline = deadline
        """The original deadline (received, due before any pause)."""
        self.policy: CountingPolicy = rules.policy
        self.events: tuple[ClockEvent, ...] = ()
        """Events so far, in order."""
        self._state = _State(deadline, timedelta(0), timedelta(0), None, None)
        applied: list[ClockEvent] = []
        for event in events:
            event = _checked(event)
            self._state = self._apply(event, applied[-1] if applied else None)
            applied.append(event)
        self.events = tuple(applied)

    # -- events ---------------------------------------------------------------------------

    def pause(self, at: datetime, note: str | None = None) -> DossierClock:
        """A supplement request (yêu cầu bổ sung hồ sơ) at ``at``: the clock stops."""
        return self._with("pause", at, note)

    def resume(self, at: datetime, note: str | None = None) -> DossierClock:
        """The supplemented dossier is received at ``at``: the clock runs again."""
        return self._with("resume", at, note)

    def finish(self, at: datetime, note: str | None = None) -> DossierClock:
        """The result is ready at ``at`` (có kết quả giải quyết)."""
        return self._with("finish", at, note)

    def _with(self, kind: EventKind, at: datetime, note: str | None) -> DossierClock:
        from tthc.tz import as_local

        # Apply only the new event to this state, rather than replaying every event from
        # receipt (calendar arithmetic per event): thousands of pauses stay cheap.
        event = ClockEvent(kind, as_local(at), note)
        clock = DossierClock.__new__(DossierClock)
        clock._rules, clock.deadline, clock.policy = self._rules, self.deadline, self.policy
        clock._state = self._state
        clock._state = clock._apply(event, self.events[-1] if self.events else None)
        clock.events = (*self.events, event)
        return clock

    def _apply(self, event: ClockEvent, last: ClockEvent | None) -> _State:
        """The state after ``event``, which follows ``last`` (None: the receipt)."""
        state = self._state
        at = event.at
        what = _EVENT_TEXT[event.kind]
        if state.finished_at is not None:
            raise ClockError(
                Text(
                    f"Hồ sơ đã có kết quả lúc {_m(state.finished_at)}; không thể ghi thêm "
                    f"'{what.vi}' lúc {_m(at)}",
                    f"The dossier was finished at {_m(state.finished_at)}; cannot record "
                    f"'{what.en}' at {_m(at)} after it",
                )
            )
        received = self.deadline.received_at
        if at < received:
            raise ClockError(
                Text(
                    f"'{what.vi}' lúc {_m(at)} trước thời điểm tiếp nhận {_m(received)}",
                    f"'{what.en}' at {_m(at)} is before the receipt at {_m(received)}",
                )
            )
        if last is not None and at < last.at:
            last_what = _EVENT_TEXT[last.kind]
            raise ClockError(
                Text(
                    f"Sự kiện sai thứ tự: '{what.vi}' lúc {_m(at)} trước sự kiện trước đó "
                    f"'{last_what.vi}' lúc {_m(last.at)}",
                    f"Events out of order: '{what.en}' at {_m(at)} is before the previous "
                    f"event '{last_what.en}' at {_m(last.at)}",
                )
            )
        if event.kind == "pause":
            if state.paused_since is not None:
                raise ClockError(
                    Text(
                        f"Không thể tạm dừng lúc {_m(at)}: hồ sơ đang tạm dừng từ "
                        f"{_m(state.paused_since)} (hãy ghi 'tiếp tục' trước)",
                        f"Cannot pause at {_m(at)}: the dossier is already paused since "
                        f"{_m(state.paused_since)} (resume it first)",
                    )
                )
            return replace(state, paused_since=at)
        if event.kind == "resume":
            if state.paused_since is None:
                raise ClockError(
                    Text(
                        f"Không thể tiếp tục lúc {_m(at)}: hồ sơ không tạm dừng "
                        "(chưa có yêu cầu bổ sung)",
                        f"Cannot resume at {_m(at)}: the dossier is not paused "
                        "(no supplement request before it)",
                    )
                )
            return self._resume(state, state.paused_since, at)
        if state.paused_since is not None:
            raise ClockError(
                Text(
                    f"Không thể kết thúc lúc {_m(at)}: hồ sơ đang tạm dừng từ "
                    f"{_m(state.paused_since)}; hãy ghi 'tiếp tục' trước",
                    f"Cannot finish at {_m(at)}: the dossier is paused since "
                    f"{_m(state.paused_since)}; record the resume first",
                )
            )
        return replace(state, finished_at=at)

    @property
    def _clock_time(self) -> bool:
        """Whether the time counted runs in clock hours (§6.4): pauses and what remains are
        then clock time, not working time."""
        from tthc.duration import Unit

        return (
            self.deadline.duration.unit is Unit.CLOCK_HOURS
            and self.policy.clock_hours_as == "clock"
        )

    def _between(self, a: datetime, b: datetime) -> timedelta:
        """The time counted from ``a`` to ``b`` (``a <= b``): clock or working time."""
        if self._clock_time:
            return b - a
        return self._rules.calendar.working_time_between(a, b)

    def _resume(self, state: _State, start: datetime, end: datetime) -> _State:
        counted_from = max(start, state.current.starts_at)
        counted = self._between(counted_from, end) if end > counted_from else timedelta(0)
        if start > self._due(state) and not self.policy.late_pause_extends:
            # Requested when the dossier was already late (quá hạn): by the national reading
            # the wait is recorded but gives no time back (CountingPolicy.late_pause_extends).
            return replace(state, total_paused=state.total_paused + counted, paused_since=None)
        if self.policy.pause_mode == "restart":
            current = _restart(self._rules, self.deadline, end)
            return _State(current, timedelta(0), state.total_paused + counted, None, None)
        return _State(
            state.current, state.paused_time + counted, state.total_paused + counted, None, None
        )

    # -- what the clock says -----------------------------------------------------------

    @property
    def received_at(self) -> datetime:
        return self.deadline.received_at

    @property
    def current_deadline(self) -> Deadline:
        """The deadline counting now: the original one, or the restarted one (restart policy)."""
        return self._state.current

    @property
    def due_at(self) -> datetime:
        """The due moment after the closed pauses (an open pause is not yet counted).

        Only a pause begun at or before the due moment (as moved by the pauses before it)
        moves it, unless the policy says a late pause does too; see
        :attr:`CountingPolicy.late_pause_extends`.
        """
        return self._due(self._state)

    def _due(self, state: _State) -> datetime:
        if state.paused_time:
            current = state.current
            if self._clock_time:
                # The count runs out later by the clock time paused; where it then ends is
                # decided again (it may now fall on a day off: CountingPolicy.clock_hours_end).
                run_out = current.starts_at + _clock_span(current.duration) + state.paused_time
                return clock_hours_due(self._rules.calendar, self.policy, run_out)
            return self._rules.calendar.add_working_time(current.due_at, state.paused_time)
        return state.current.due_at

    @property
    def paused(self) -> bool:
        """Whether the clock is stopped (waiting for a supplement)."""
        return self._state.paused_since is not None

    @property
    def paused_since(self) -> datetime | None:
        return self._state.paused_since

    @property
    def paused_time(self) -> timedelta:
        """Working time inside closed pauses (counted from when the clock starts); clock time
        for a period in clock hours counted as such (§6.4).

        Every closed pause counts here, also one begun after the due moment that did not
        move it (:attr:`CountingPolicy.late_pause_extends` off): the dossier waited for the
        applicant either way.
        """
        return self._state.total_paused

    @property
    def finished_at(self) -> datetime | None:
        return self._state.finished_at

    @property
    def provisional_years(self) -> tuple[int, ...]:
        """Years crossed (receipt to due moment) that have only estimated days off."""
        return provisional_years(self._rules.calendar, self.received_at, self.due_at)

    @property
    def provisional_days(self) -> tuple[date, ...]:
        """Unconfirmed days off crossed (receipt to due moment) in otherwise official years."""
        return provisional_days(self._rules.calendar, self.received_at, self.due_at)

    @property
    def provisional(self) -> bool:
        """Tạm tính: the due moment rests on estimated years or unconfirmed days off."""
        return bool(self.provisional_years or self.provisional_days)

    @property
    def status(self) -> Status:
        """``early`` / ``on_time`` / ``late`` once finished, else ``open`` (see :meth:`status_at`
        for ``overdue``).

        Early (trước hạn): finished on a calendar day before the day of the due moment.
        On time (đúng hạn): finished at or before the due moment. Late (trễ hạn): after it.
        """
        finished = self._state.finished_at
        if finished is None:
            return "open"
        due = self.due_at
        if finished > due:
            return "late"
        if finished.date() < due_day(due):
            return "early"
        return "on_time"

    def status_at(self, now: datetime) -> Status:
        """The status as of ``now`` (events recorded after ``now`` do not count yet).

        Finished by then: :attr:`status`. Still open: ``overdue`` (quá hạn) once ``now`` is
        after the due moment, else ``open``; during a pause the clock stopped when it began,
        so the pause's start is judged instead of ``now``. Lateness is measured at the due
        moment itself (docs/deadlines.md, rule 10), not in working time: due Friday 17:00 and still
        open on Sunday is overdue, as a finish then would be late. ``tthc.report`` judges
        open dossiers at the end of a period by the same rule.
        """
        from tthc.tz import as_local

        moment = as_local(now)
        if self.events and self.events[-1].at > moment:
            past = tuple(e for e in self.events if e.at <= moment)
            return DossierClock(self._rules, self.deadline, past).status_at(moment)
        status = self.status
        if status != "open":
            return status
        since = self._state.paused_since
        if since is not None:
            moment = since
        return "overdue" if moment > self.due_at else "open"

    @property
    def late_by(self) -> timedelta | None:
        """Lateness as working time between the due moment and the finish (zero if not late).

        ``None`` while the dossier is open. A finish after closing time on the due day is
        late by zero working time: :attr:`status` still says ``late``.
        """
        finished = self._state.finished_at
        if finished is None:
            return None
        due = self.due_at
        if finished <= due:
            return timedelta(0)
        return self._rules.calendar.working_time_between(due, finished)

    @property
    def late_by_days(self) -> Decimal | None:
        """:attr:`late_by` in working days of 8 hours (số ngày làm việc trễ), ``Decimal``.

        Working time late divided by 8 hours (one working day, rule 1 of docs/deadlines.md), to 6
        decimal places by :func:`working_days_of`: exact for 2 h (``0.25``) or 3 min, and
        for 1 min ``0.002083`` (1/480 has no end in decimals). ``None`` while open.
        """
        late = self.late_by
        return None if late is None else working_days_of(late)

    def remaining(self, at: datetime) -> timedelta:
        """Working time left at ``at`` until the due moment; negative when past it.

        During a pause the clock is stopped: what remains is frozen at the pause (not for a
        pause begun after the due moment, unless :attr:`CountingPolicy.late_pause_extends`:
        lateness runs on). After the finish it is frozen
        at the finish. Events recorded after ``at`` do not count:
        the answer is what the clock showed at that moment.
        """
        from tthc.tz import as_local

        moment = as_local(at)
        if self.events and self.events[-1].at > moment:
            # Ask the clock as it stood at that moment: a pause recorded later (or one
            # still running then) must not count yet, and under restart the first
            # deadline was counting until the resume.
            past = tuple(e for e in self.events if e.at <= moment)
            return DossierClock(self._rules, self.deadline, past).remaining(moment)
        state = self._state
        due = self.due_at
        # A pause begun after the due moment does not stop the clock (national reading):
        # lateness runs on.
        since = state.paused_since
        if since is not None and since > due and not self.policy.late_pause_extends:
            since = None
        for stop in (since, state.finished_at):
            if stop is not None and moment > stop:
                moment = stop
        moment = max(moment, state.current.starts_at)
        if moment <= due:
            return self._between(moment, due)
        return -self._between(due, moment)

    def to_dict(self, lang: Lang | None = None) -> dict[str, Any]:
        """JSON-ready summary: due moment after pauses, status and lateness."""
        late = self.late_by
        return {
            "due_at": self.due_at.isoformat(),
            "status": self.status,
            "status_text": _STATUS_TEXT[self.status](lang),
            "finished_at": None if self.finished_at is None else self.finished_at.isoformat(),
            "late_by": None if late is None else iso_duration(late),
            "late_by_days": None if late is None else str(working_days_of(late)),
            "paused_time": iso_duration(self.paused_time),
            "pause_mode": self.policy.pause_mode,
            "late_pause_extends": self.policy.late_pause_extends,
            "provisional": self.provisional,
            "provisional_years": list(self.provisional_years),
            "provisional_days": [day.isoformat() for day in self.provisional_days],
            "events": [event.to_dict() for event in self.events],
        }

    def __repr__(self) -> str:
        return (
            f"DossierClock(received_at={self.received_at.isoformat()}, "
            f"due_at={self.due_at.isoformat()}, status={self.status!r})"
        )


def _checked(event: ClockEvent) -> ClockEvent:
    """``event`` with its moment in Vietnam time; ClockError for an unknown kind.

    Events given to the constructor may come from storage: naive local times or UTC.
    """
    from tthc.tz import as_local

    kinds = ("pause", "resume", "finish")
    if event.kind not in kinds:
        known = ", ".join(repr(k) for k in kinds)
        raise ClockError(
            Text(
                f"Loại sự kiện không hợp lệ: {event.kind!r} (chọn một trong: {known})",
                f"Unknown event kind: {event.kind!r} (choose one of: {known})",
            )
        )
    moment = as_local(event.at)
    return event if moment is event.at else replace(event, at=moment)


def _clock_span(duration: Duration) -> timedelta:
    """A time in clock hours as a timedelta (exact to the microsecond)."""
    micros = (duration.value * Decimal(3_600_000_000)).to_integral_value()
    return timedelta(microseconds=int(micros))


def status_text(status: Status, lang: Lang | None = None) -> str:
    """The status in words: "trễ hạn" / "late"."""
    return _STATUS_TEXT[status](lang)


def _restart(rules: Counting, deadline: Deadline, at: datetime) -> Deadline:
    """The deadline counted again from ``at`` (restart policy)."""
    again = rules.count_deadline(
        at, deadline.duration, deadline.channel, [s.duration for s in deadline.steps]
    )
    steps = tuple(
        replace(new, name=old.name, agency=old.agency)
        for new, old in zip(again.steps, deadline.steps, strict=False)
    )
    return replace(
        again,
        steps=steps,
        procedure=deadline.procedure,
        case=deadline.case,
        channel=deadline.channel,
    )


def _m(moment: datetime) -> str:
    """A moment as quoted in messages: ``2026-11-26 10:00+07:00`` (never another offset)."""
    from tthc.tz import quote_moment

    return quote_moment(moment, sep=" ", timespec="minutes")
