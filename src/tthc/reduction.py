"""Time-reduction targets (cắt giảm thời gian giải quyết): percentages, suggestions, progress.

Provinces publish, per procedure, the legal time (thời gian theo quy định) next to the
committed, reduced time (thời gian sau cắt giảm) and are held to targets: at least 30% in
2025 and 50% from 2026 against 2024 (Resolution 66/NQ-CP). This module computes, exactly:

- :func:`reduction_percent`: the cut from one duration to another, as a Decimal percentage;
- :func:`check`: every procedure and case of a catalog against the target that applies
  (hook ``tthc_reduction_target``), with a suggestion for each missed target and the
  progress of the whole catalog (overall, by field, agency and level, weighted by
  annual dossier volume when known).

Durations are compared through working time (1 working day = 8 working hours); calendar
days compare with calendar days and months with months. A comparison that cannot be made
exactly (months against working days, calendar days against working days, same day
against anything but same day) is reported as not comparable, with the reason; it is
never guessed.
"""

from __future__ import annotations

import csv
import dataclasses
import itertools
from bisect import bisect_left
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_FLOOR, Decimal
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from tthc.display import decimal_text, display_percent, escape_text
from tthc.duration import HOURS_PER_WORKING_DAY, Duration, Unit
from tthc.durationtext import parse_duration
from tthc.errors import NotComparableError, ReductionError, TthcError, not_utf8
from tthc.i18n import Lang, Text
from tthc.limits import bounded_lines, csv_problem

if TYPE_CHECKING:
    from tthc.model import Case, Procedure
    from tthc.sla import CountingPolicy


class TargetRules(Protocol):
    """What :func:`check` is given by a jurisdiction (:class:`tthc.rules.Rules` is one):
    the target of each case (hook ``tthc_reduction_target``), the floor below which a time
    cannot go (``tthc_reduction_floor``) and the rounding (``tthc_reduction_rounding``)."""

    def target(self, procedure: Procedure | None, case: Case | None, year: int) -> Target: ...

    def reduction_floor(self, procedure: Procedure, case: Case) -> Duration | None: ...

    def reduction_rounding(self) -> str | None: ...

    @property
    def policy(self) -> CountingPolicy:
        """The counting policy: whether a bare "giờ" counts as working hours
        (``clock_hours_as``) decides whether clock and working hours compare."""
        ...


__all__ = [
    "GRANULARITIES",
    "NotComparableError",
    "Progress",
    "ReductionError",
    "ReductionReport",
    "ReductionRow",
    "ReductionSummary",
    "Status",
    "Suggestion",
    "Target",
    "TargetRules",
    "check",
    "compare",
    "display_percent",
    "load_volumes",
    "meets_target",
    "not_recorded",
    "parse_percent",
    "reduction_hours",
    "reduction_percent",
    "suggest",
]

HUNDRED = Decimal(100)

#: Granularities a suggestion may be rounded down to (hook ``tthc_reduction_rounding``).
GRANULARITIES: tuple[str, ...] = ("day", "half_day", "hour")


# -- targets ------------------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    """A reduction target (mục tiêu cắt giảm thời gian giải quyết).

    ``percent`` is the least cut required, as an exact Decimal (``Decimal(30)`` = 30%).
    ``baseline_year`` is the year whose legal time the cut is measured against (2024 for
    Resolution 66/NQ-CP from 2026); ``None`` measures against the legal time in force.
    ``source`` names the document; ``name`` says whose target it is (national, a province,
    a field).
    """

    percent: Decimal
    baseline_year: int | None = None
    source: Text | str = ""
    name: str = ""

    def __post_init__(self) -> None:
        if not isinstance(self.percent, Decimal):
            object.__setattr__(self, "percent", Decimal(str(self.percent)))
        if not self.percent.is_finite() or not (0 <= self.percent <= HUNDRED):
            raise ReductionError(
                Text(
                    f"Mục tiêu cắt giảm phải từ 0% đến 100%, nhận được {self.percent}",
                    f"A reduction target must be between 0% and 100%, got {self.percent}",
                )
            )

    def source_text(self, lang: Lang | None = None) -> str:
        """The source in ``lang`` (a plain string is the same in both languages)."""
        return self.source(lang) if isinstance(self.source, Text) else self.source


def parse_percent(text: str) -> Decimal:
    """Read a percentage as users write it: ``30%``, ``30``, ``33,33%``, ``12.5 %``.

    A number strictly between 0 and 1 without the ``%`` sign (``0,3``) is refused: written
    with a decimal comma it most likely means the fraction 0.3, that is 30%, while read as
    a percentage it is 0.3%; neither reading is safe to guess. ``0,3%`` and ``1`` (1%) are
    read as written.

    Raises :class:`ReductionError` quoting the text when it is not a number from 0 to 100
    or is such an ambiguous fraction.
    """
    stripped = text.strip()
    cleaned = stripped.removesuffix("%").strip().replace(",", ".")
    try:
        value = Decimal(cleaned)
    except ArithmeticError:
        value = Decimal("NaN")
    if not value.is_finite() or not (0 <= value <= HUNDRED):
        raise ReductionError(
            Text(
                f"Tỷ lệ phần trăm không hợp lệ: {text!r} (cần một số từ 0 đến 100, ví dụ 30%)",
                f"Invalid percentage: {text!r} (expected a number from 0 to 100, e.g. 30%)",
            )
        )
    if not stripped.endswith("%") and 0 < value < 1:
        fraction = format(value.normalize(), "f")
        share = format((value * HUNDRED).normalize(), "f")
        vi_fraction, vi_share = fraction.replace(".", ","), share.replace(".", ",")
        raise ReductionError(
            Text(
                f"{text!r} không rõ nghĩa: {vi_fraction}% hay {vi_share}% "
                f"(phân số {vi_fraction})? Hãy ghi kèm dấu %: {vi_share}% hoặc {vi_fraction}%",
                f"{text!r} is ambiguous: {fraction}% or {share}% "
                f"(the fraction {fraction})? Write the percent sign: {share}% or {fraction}%",
            )
        )
    return value


# -- exact comparison ---------------------------------------------------------------

_DIMENSION = {
    Unit.WORKING_DAYS: "working_time",
    Unit.WORKING_HOURS: "working_time",
    Unit.CLOCK_HOURS: "clock_hours",
    Unit.CALENDAR_DAYS: "calendar_days",
    Unit.MONTHS: "months",
    Unit.SAME_DAY: "same_day",
}


def _measure(duration: Duration) -> tuple[str, Decimal]:
    """The duration as (dimension, exact amount): working time in hours, else its own value."""
    hours = duration.working_hours
    if hours is not None:
        return "working_time", hours
    return _DIMENSION[duration.unit], duration.value


def _why_not(a: str, b: str) -> Text:
    pair = frozenset((a, b))
    if "same_day" in pair:
        return Text(
            "'trong ngày' kết thúc vào cuối ngày tiếp nhận; nó không có độ dài cố định "
            "tính theo giờ làm việc hay theo ngày",
            "'same day' ends with the day of receipt; it has no fixed length in working "
            "time or in days",
        )
    if pair == frozenset(("clock_hours", "working_time")):
        return Text(
            "giờ theo đồng hồ chạy cả đêm và ngày nghỉ, giờ làm việc thì không (chính sách "
            "đếm của tỉnh không coi 'giờ' là giờ làm việc)",
            "clock hours run through nights and days off, working hours do not (the "
            "province's counting policy does not count 'giờ' as working hours)",
        )
    if "clock_hours" in pair:
        return Text(
            "giờ theo đồng hồ không đổi chính xác sang đơn vị này",
            "clock hours do not convert exactly to this unit",
        )
    if pair == frozenset(("months", "working_time")):
        return Text(
            "một tháng không có số ngày làm việc cố định",
            "a month has no fixed number of working days",
        )
    if pair == frozenset(("calendar_days", "working_time")):
        return Text(
            "ngày theo lịch gồm cả ngày nghỉ; số ngày làm việc trong đó tuỳ theo lịch",
            "calendar days include days off; how many working days they hold depends on the "
            "calendar",
        )
    return Text("một tháng có từ 28 đến 31 ngày", "a month has 28 to 31 days")


def _not_comparable(a: Duration, b: Duration) -> NotComparableError:
    reason = _why_not(_DIMENSION[a.unit], _DIMENSION[b.unit])
    return NotComparableError(
        Text(
            f"Không so sánh chính xác được '{a.text('vi')}' với '{b.text('vi')}': {reason.vi}",
            f"Cannot compare '{a.text('en')}' with '{b.text('en')}' exactly: {reason.en}",
        ),
        reason,
    )


def _pair(a: Duration, b: Duration) -> tuple[Decimal, Decimal]:
    dim_a, amount_a = _measure(a)
    dim_b, amount_b = _measure(b)
    if dim_a != dim_b:
        raise _not_comparable(a, b)
    return amount_a, amount_b


def compare(a: Duration, b: Duration) -> int:
    """-1, 0 or 1 as ``a`` is shorter than, as long as, or longer than ``b``.

    Exact: working days and hours through working time (1 day = 8 hours), calendar days
    with calendar days, months with months. Raises :class:`NotComparableError` otherwise.
    """
    amount_a, amount_b = _pair(a, b)
    return (amount_a > amount_b) - (amount_a < amount_b)


def reduction_percent(legal: Duration, committed: Duration) -> Decimal:
    """The cut from ``legal`` to ``committed`` in percent (tỷ lệ cắt giảm), exact.

    ``(legal - committed) / legal x 100`` computed on exact amounts (Decimal, 28 significant
    digits; a third is 33.33...33, never a float). Negative when ``committed`` is longer.
    Raises :class:`NotComparableError` when the two cannot be compared exactly and
    :class:`ReductionError` when ``legal`` is zero (same day).
    """
    legal_amount, committed_amount = _pair(legal, committed)
    if legal_amount == 0:
        raise ReductionError(
            Text(
                f"Không tính được tỷ lệ cắt giảm: thời hạn theo quy định '{legal.text('vi')}' "
                "bằng 0",
                f"Cannot compute a reduction: the legal time '{legal.text('en')}' is zero",
            )
        )
    return (legal_amount - committed_amount) * HUNDRED / legal_amount


def meets_target(legal: Duration, committed: Duration, percent: Decimal) -> bool:
    """Whether the cut from ``legal`` to ``committed`` is at least ``percent``, decided exactly.

    Decided by cross-multiplication, ``(legal - committed) x 100 >= percent x legal``, so a
    cut of exactly 30% meets a 30% target however the quotient would round. Raises like
    :func:`reduction_percent`.
    """
    legal_amount, committed_amount = _pair(legal, committed)
    if legal_amount == 0:
        reduction_percent(legal, committed)  # raises with the message
    return (legal_amount - committed_amount) * HUNDRED >= percent * legal_amount


def reduction_hours(legal: Duration, committed: Duration) -> Decimal | None:
    """Working hours saved from ``legal`` to ``committed``, or ``None`` when not exact."""
    legal_hours = legal.working_hours
    committed_hours = committed.working_hours
    if legal_hours is None or committed_hours is None:
        return None
    return legal_hours - committed_hours


# -- suggestions --------------------------------------------------------------------


@dataclass(frozen=True)
class Suggestion:
    """The longest committed time that meets a missed target (thời gian đề xuất).

    ``duration`` is ``None`` when no time meets the target within the granularity or
    above the floor; ``reason`` then says why (the target is unreachable). ``at_floor``
    is true when the suggestion was raised to the floor. ``granularity`` is the one the
    suggestion was rounded at: the policy's (``"day"``, ``"half_day"``, ``"hour"``) for a
    time in working days, ``"hour"`` for a time in working hours, ``"day"`` for calendar
    days and ``"month"`` for months.
    """

    duration: Duration | None
    granularity: str
    reason: Text | None = None
    at_floor: bool = False
    floor: Duration | None = None

    @property
    def reachable(self) -> bool:
        return self.duration is not None


def _floor_decimal(value: Decimal) -> Decimal:
    return value.to_integral_value(rounding=ROUND_FLOOR)


def _express_hours(hours: Decimal, reference: Duration) -> Duration:
    """``hours`` of working time in the reference's unit when exact, else in working hours."""
    if reference.unit is Unit.WORKING_DAYS and hours % (HOURS_PER_WORKING_DAY / 2) == 0:
        return Duration.of(hours / HOURS_PER_WORKING_DAY, Unit.WORKING_DAYS)
    return Duration.of(hours, Unit.WORKING_HOURS)


#: Step of each working-time granularity, in working hours.
_WORKING_STEPS = {
    "day": HOURS_PER_WORKING_DAY,
    "half_day": HOURS_PER_WORKING_DAY / 2,
    "hour": Decimal(1),
}

#: How a suggestion at each granularity is published, by the reference's unit.
_GRANULARITY_WORDS = {
    (Unit.WORKING_DAYS, "day"): Text("theo ngày làm việc", "in whole working days"),
    (Unit.WORKING_DAYS, "half_day"): Text("theo nửa ngày làm việc", "in half working days"),
    (Unit.WORKING_DAYS, "hour"): Text("theo giờ làm việc", "in whole working hours"),
    (Unit.WORKING_HOURS, "hour"): Text("theo giờ làm việc", "in whole working hours"),
    (Unit.CLOCK_HOURS, "hour"): Text("theo giờ", "in whole clock hours"),
    (Unit.CALENDAR_DAYS, "day"): Text("theo ngày", "in whole calendar days"),
    (Unit.MONTHS, "month"): Text("theo tháng", "in whole months"),
}


def _granularity_of(reference: Duration, policy: str) -> tuple[str, Duration]:
    """The granularity a suggestion for ``reference`` is published at, and its smallest step.

    The policy rounds times in working days. A time in working hours is published in whole
    hours whatever the policy (rounding 24 hours to whole days would give 8 hours where 12
    meet a 50% target); calendar days and months are whole by definition.
    """
    if reference.unit is Unit.WORKING_DAYS:
        return policy, _express_hours(_WORKING_STEPS[policy], reference)
    if reference.unit is Unit.WORKING_HOURS or reference.unit is Unit.CLOCK_HOURS:
        return "hour", Duration.of(1, reference.unit)
    if reference.unit is Unit.CALENDAR_DAYS:
        return "day", Duration.of(1, Unit.CALENDAR_DAYS)
    return "month", Duration.of(1, Unit.MONTHS)


def _round_down(limit: Decimal, reference: Duration, granularity: str) -> Duration | None:
    """The longest time at ``granularity`` not longer than ``limit``; ``None`` if that is 0."""
    if reference.working_hours is not None:
        step = _WORKING_STEPS[granularity]
        hours = _floor_decimal(limit / step) * step
        return _express_hours(hours, reference) if hours > 0 else None
    whole = _floor_decimal(limit)
    return Duration.of(whole, reference.unit) if whole > 0 else None


def _percent_text(percent: Decimal) -> Text:
    shown = format(percent.normalize(), "f")
    return Text(shown.replace(".", ","), shown)


def suggest(
    reference: Duration,
    percent: Decimal,
    *,
    granularity: str = "day",
    floor: Duration | None = None,
) -> Suggestion:
    """The longest time that cuts ``reference`` by at least ``percent``, rounded down.

    ``granularity``: ``"day"`` (whole working days), ``"half_day"`` or ``"hour"`` (whole
    working hours) for a time in working days. A time in working hours is suggested in
    whole working hours, calendar days and months in whole units, whatever the policy:
    the suggestion is a time a catalog could publish in the reference's own unit (hours
    that are not whole or half days are given in working hours). A suggestion is never
    zero and never below ``floor``; when no time at the granularity from the floor up
    meets the target, the suggestion has no duration and its reason says so plainly.
    """
    if granularity not in GRANULARITIES:
        raise ReductionError(
            Text(
                f"Mức làm tròn không hợp lệ: {granularity!r} (dùng day, half_day hoặc hour)",
                f"Invalid rounding: {granularity!r} (use day, half_day or hour)",
            )
        )
    dimension, amount = _measure(reference)
    if amount == 0:
        return Suggestion(
            None,
            granularity,
            Text(
                f"Thời hạn '{reference.text('vi')}' bằng 0, không thể cắt giảm thêm",
                f"The time '{reference.text('en')}' is zero and cannot be cut further",
            ),
        )
    used, step = _granularity_of(reference, granularity)
    limit = amount * (HUNDRED - percent) / HUNDRED  # the longest exact time that meets it
    rounded = _round_down(limit, reference, used)
    pct, words = _percent_text(percent), _GRANULARITY_WORDS[reference.unit, used]
    # Said when nothing at the granularity meets the target: no fractional "longest time".
    too_short = Text(
        f"cắt giảm {pct.vi}% từ '{reference.text('vi')}' còn ít hơn {step.text('vi')}",
        f"cutting '{reference.text('en')}' by {pct.en}% leaves less than {step.text('en')}",
    )

    if floor is not None:
        try:
            floor_dim, floor_amount = _measure(floor)
            if floor_dim != dimension:
                raise _not_comparable(floor, reference)
        except NotComparableError as exc:
            return Suggestion(
                rounded,
                used,
                Text(
                    f"Không so sánh được với mức sàn: {exc.text.vi}",
                    f"Cannot check against the floor: {exc.text.en}",
                ),
                floor=floor,
            )
        if floor_amount > limit:
            why = (
                too_short
                if rounded is None
                else Text(
                    f"thời gian dài nhất đạt mục tiêu (làm tròn {words.vi}) là "
                    f"{rounded.text('vi')}",
                    f"the longest time that meets it {words.en} is {rounded.text('en')}",
                )
            )
            return Suggestion(
                None,
                used,
                Text(
                    f"Không thể đạt mục tiêu {pct.vi}% mà không thấp hơn mức sàn "
                    f"'{floor.text('vi')}': {why.vi}",
                    f"Target {pct.en}% cannot be met above the floor '{floor.text('en')}': "
                    f"{why.en}",
                ),
                floor=floor,
            )
        if rounded is None or _measure(rounded)[1] < floor_amount:
            return Suggestion(floor.without_note(), used, at_floor=True, floor=floor)
        return Suggestion(rounded, used, floor=floor)

    if rounded is None:
        hint = _finer_hint(limit, reference, used)
        return Suggestion(
            None,
            used,
            Text(
                f"Không thể đạt mục tiêu {pct.vi}% khi làm tròn {words.vi}: {too_short.vi}"
                + hint.vi,
                f"Target {pct.en}% cannot be met {words.en}: {too_short.en}" + hint.en,
            ),
        )
    return Suggestion(rounded, used)


def _finer_hint(limit: Decimal, reference: Duration, granularity: str) -> Text:
    """For a time in working days: the first finer rounding that would give a suggestion."""
    if reference.unit is not Unit.WORKING_DAYS:
        return Text("", "")
    for finer in GRANULARITIES[GRANULARITIES.index(granularity) + 1 :]:
        rounded = _round_down(limit, reference, finer)
        if rounded is not None:
            return Text(
                f" (làm tròn '{finer}' thì đề xuất {rounded.text('vi')})",
                f" (rounding '{finer}' would suggest {rounded.text('en')})",
            )
    return Text("", "")


# -- checking a catalog -------------------------------------------------------------


class Status(str, Enum):
    """Outcome of one case against its target."""

    MET = "met"
    """Đạt: the committed time cuts the reference by at least the target."""
    MISSED = "missed"
    """Chưa đạt: the cut is smaller, or there is no committed time."""
    NOT_COMPARABLE = "not_comparable"
    """Không so sánh được: the units cannot be compared exactly, or the time is zero."""
    NOT_RECORDED = "committed_not_recorded"
    """Chưa ghi thời hạn cam kết dạng giá trị: the case gives the published committed time
    as text (``committed_text``) but no ``committed`` value. It is neither met nor missed:
    counting it as "no reduction" would misreport a published cut (validation rule TT305
    says what to record)."""

    def __str__(self) -> str:
        return self.value


STATUS_WORDS: dict[Status, Text] = {
    Status.MET: Text("đạt", "met"),
    Status.MISSED: Text("chưa đạt", "missed"),
    Status.NOT_COMPARABLE: Text("không so sánh được", "not comparable"),
    Status.NOT_RECORDED: Text(
        "chưa ghi thời hạn cam kết dạng giá trị", "committed time not recorded as a value"
    ),
}


@dataclass(frozen=True)
class ReductionRow:
    """One case of one procedure against its target.

    ``reference`` is what the cut is measured against: the ``baseline`` (legal time in the
    target's baseline year) when the target has a baseline year and the catalog records
    it, else the ``legal`` time. ``committed`` is ``None`` when the catalog records no
    reduced time: then the legal time counts, so the cut is zero against the legal time
    (or what the legal time already cut from the baseline). A case that gives the committed
    time only as text (``committed_text``) has status :attr:`Status.NOT_RECORDED` instead.
    """

    procedure: Procedure
    case: Case
    legal: Duration
    committed: Duration | None
    baseline: Duration | None
    reference: Duration
    reference_kind: str
    """``"legal"`` or ``"baseline"``."""
    target: Target
    status: Status
    reduction_percent: Decimal | None
    """Exact cut in percent against ``reference``; ``None`` when not comparable."""
    reduction_hours: Decimal | None
    """Working hours saved against ``reference``; ``None`` when not exact."""
    reason: Text | None = None
    """Why the row is not comparable, or what to record when the committed time is only
    given as text."""
    suggestion: Suggestion | None = None

    @property
    def code(self) -> str:
        return self.procedure.code

    @property
    def case_name(self) -> str | None:
        return self.case.name

    @property
    def meets_target(self) -> bool | None:
        """True met, False missed, ``None`` not comparable or not recorded."""
        if self.status in (Status.NOT_COMPARABLE, Status.NOT_RECORDED):
            return None
        return self.status is Status.MET


@dataclass
class Progress:
    """Counts of procedures against their targets, for the catalog or one group of it.

    A procedure meets its target when every case does; it misses when any case misses;
    otherwise it is not recorded when some case gives its committed time only as text, else
    (some case not comparable) it is not comparable. Volumes are annual dossier counts
    (``Procedure.annual_volume`` or a volumes file); hours are working hours saved per case
    against the reference, net: a committed time longer than the reference subtracts.
    Cases in calendar days or months have no working-hour figure and are not counted in
    ``hours_saved`` (``cases_with_hours`` says how many are).
    """

    procedures: int = 0
    met: int = 0
    missed: int = 0
    not_comparable: int = 0
    not_recorded: int = 0
    """Procedures with a case whose committed time is only given as text."""
    cases: int = 0
    cases_with_hours: int = 0
    hours_saved: Decimal = Decimal(0)
    volume: int = 0
    """Total annual volume of procedures whose volume is known."""
    volume_known: int = 0
    """How many procedures have a known volume."""
    volume_met: int = 0
    hours_saved_weighted: Decimal | None = None
    """Working hours saved per year: volume x mean hours saved over the procedure's cases;
    ``None`` when no procedure with a known volume has a working-hour figure."""

    def add(self, status: Status, rows: list[ReductionRow], volume: int | None) -> None:
        self.procedures += 1
        if status is Status.MET:
            self.met += 1
        elif status is Status.MISSED:
            self.missed += 1
        elif status is Status.NOT_RECORDED:
            self.not_recorded += 1
        else:
            self.not_comparable += 1
        hours = [r.reduction_hours for r in rows if r.reduction_hours is not None]
        self.cases += len(rows)
        self.cases_with_hours += len(hours)
        self.hours_saved += sum(hours, Decimal(0))
        if volume is not None:
            self.volume_known += 1
            self.volume += volume
            if status is Status.MET:
                self.volume_met += volume
            if hours:
                weighted = volume * sum(hours, Decimal(0)) / len(hours)
                self.hours_saved_weighted = (self.hours_saved_weighted or Decimal(0)) + weighted

    @staticmethod
    def _share(part: int | Decimal, whole: int | Decimal) -> Decimal | None:
        return Decimal(part) * HUNDRED / Decimal(whole) if whole else None

    @property
    def share_met(self) -> Decimal | None:
        """Percent of procedures meeting the target (all procedures counted)."""
        return self._share(self.met, self.procedures)

    @property
    def comparable(self) -> int:
        """Procedures that met or missed (not the not comparable or not recorded ones)."""
        return self.met + self.missed

    @property
    def share_met_comparable(self) -> Decimal | None:
        """Percent meeting the target among procedures that could be compared."""
        return self._share(self.met, self.met + self.missed)

    @property
    def share_met_weighted(self) -> Decimal | None:
        """Percent of annual dossiers whose procedure meets the target (known volumes only)."""
        return self._share(self.volume_met, self.volume)

    @property
    def hours_saved_average(self) -> Decimal | None:
        """Mean working hours saved per case, over cases with an exact figure."""
        if not self.cases_with_hours:
            return None
        return self.hours_saved / self.cases_with_hours

    def as_dict(self) -> dict[str, Any]:
        num = decimal_text
        return {
            "procedures": self.procedures,
            "met": self.met,
            "missed": self.missed,
            "not_comparable": self.not_comparable,
            "not_recorded": self.not_recorded,
            "share_met": num(self.share_met),
            "share_met_comparable": num(self.share_met_comparable),
            "cases": self.cases,
            "cases_with_hours": self.cases_with_hours,
            "hours_saved": format(self.hours_saved.normalize(), "f"),
            "hours_saved_average": num(self.hours_saved_average),
            "volume": self.volume,
            "volume_known": self.volume_known,
            "volume_met": self.volume_met,
            "share_met_weighted": num(self.share_met_weighted),
            "hours_saved_weighted": num(self.hours_saved_weighted),
        }


@dataclass
class ReductionSummary:
    """Progress of a catalog: overall and by field, agency and level."""

    year: int
    target: Target
    """The jurisdiction-wide target (a procedure may have its own)."""
    rounding: str
    overall: Progress = field(default_factory=Progress)
    by: dict[str, dict[str, Progress]] = field(
        default_factory=lambda: {"field": {}, "agency": {}, "level": {}}
    )
    references: dict[str, int] = field(default_factory=lambda: {"baseline": 0, "legal": 0})
    """Cases by the time their cut is measured against: ``"baseline"`` (the legal time in
    the target's baseline year, recorded in the catalog) or ``"legal"`` (in force)."""

    def as_dict(self) -> dict[str, Any]:
        return {
            "year": self.year,
            "target_percent": str(self.target.percent),
            "target_baseline_year": self.target.baseline_year,
            "target_source": self.target.source_text("en"),
            "rounding": self.rounding,
            "cases_by_reference": dict(self.references),
            **self.overall.as_dict(),
            "by": {
                kind: {key: groups[key].as_dict() for key in sorted(groups)}
                for kind, groups in self.by.items()
            },
        }


@dataclass
class ReductionReport:
    """What :func:`check` returns: one row per case, and the summary."""

    rows: list[ReductionRow]
    summary: ReductionSummary
    names: dict[str, str] = field(default_factory=dict)
    """Names of the fields and agencies (lĩnh vực, cơ quan) by id, when the catalog has its
    registries: Markdown shows them; JSON and CSV keep the ids."""

    def __iter__(self) -> Any:
        return iter(self.rows)

    @property
    def missed(self) -> list[ReductionRow]:
        return [r for r in self.rows if r.status is Status.MISSED]


def _procedure_status(rows: list[ReductionRow]) -> Status:
    statuses = {r.status for r in rows}
    if Status.MISSED in statuses:
        return Status.MISSED
    if Status.NOT_RECORDED in statuses:
        return Status.NOT_RECORDED
    if Status.NOT_COMPARABLE in statuses:
        return Status.NOT_COMPARABLE
    return Status.MET


def check_case(
    procedure: Procedure,
    case: Case,
    target: Target,
    *,
    granularity: str = "day",
    floor: Duration | None = None,
    clock_hours_as: str = "clock",
) -> ReductionRow:
    """One case against ``target`` (see :func:`check`, which asks the rules for each input).

    ``clock_hours_as`` is the counting policy's (:attr:`tthc.sla.CountingPolicy.clock_hours_as`):
    clock hours (a bare "giờ") and working hours are compared only when it is ``"working"``,
    that is when the province counts a bare "giờ" as working hours.
    """
    use_baseline = target.baseline_year is not None and case.baseline is not None
    reference = case.baseline if use_baseline and case.baseline is not None else case.time
    committed = case.committed
    effective = committed if committed is not None else case.time

    def row(
        status: Status,
        percent: Decimal | None = None,
        hours: Decimal | None = None,
        reason: Text | None = None,
        suggestion: Suggestion | None = None,
    ) -> ReductionRow:
        return ReductionRow(
            procedure=procedure,
            case=case,
            legal=case.time,
            committed=committed,
            baseline=case.baseline,
            reference=reference,
            reference_kind="baseline" if use_baseline else "legal",
            target=target,
            status=status,
            reduction_percent=percent,
            reduction_hours=hours,
            reason=reason,
            suggestion=suggestion,
        )

    if committed is None and case.committed_text:
        return row(Status.NOT_RECORDED, reason=not_recorded(case.committed_text, reference))
    counted_reference, counted = reference, effective
    if clock_hours_as == "working":
        counted_reference, counted = _as_working(reference), _as_working(effective)
    try:
        percent = reduction_percent(counted_reference, counted)
        met = meets_target(counted_reference, counted, target.percent)
    except NotComparableError as exc:
        return row(Status.NOT_COMPARABLE, reason=exc.reason)
    except ReductionError as exc:
        return row(Status.NOT_COMPARABLE, reason=exc.text)
    hours = reduction_hours(counted_reference, counted)
    if met:
        return row(Status.MET, percent, hours)
    suggestion = suggest(reference, target.percent, granularity=granularity, floor=floor)
    return row(Status.MISSED, percent, hours, suggestion=suggestion)


def _as_working(duration: Duration) -> Duration:
    """A time in clock hours as the same number of working hours (a province that counts a
    bare "giờ" as working hours); any other time unchanged."""
    if duration.unit is Unit.CLOCK_HOURS:
        return Duration.of(duration.value, Unit.WORKING_HOURS)
    return duration


def not_recorded(text: str, reference: Duration) -> Text:
    """What to record for a case whose committed time is only the published ``text``.

    The text is read with :func:`~tthc.durationtext.parse_duration` (a bare "ngày" is
    calendar days, as validation reads it) to suggest the value, and the cut it would give
    against ``reference`` when that compares exactly; the report does not count it (the
    value is the catalog's to record, rule TT305).
    """
    try:
        read = parse_duration(text)
    except TthcError as exc:
        return Text(
            f"committed_text '{text}' có nhưng committed không có, và không đọc được văn bản "
            f"({exc.text.vi.rstrip('.')}): hãy ghi committed: {{value, unit}}",
            f"committed_text '{text}' is given but committed is not, and the text cannot be "
            f"read ({exc.text.en.rstrip('.')}): record committed: {{value, unit}}",
        )
    record = read.as_yaml("committed")
    would = Text("", "")
    try:
        pct = display_percent(reduction_percent(reference, read))
        would = Text(
            f", tức cắt giảm {str(pct).replace('.', ',')}% so với {reference.text('vi')}",
            f", a cut of {pct}% from {reference.text('en')}",
        )
    except ReductionError:
        pass  # not comparable: nothing to add
    return Text(
        f"committed_text '{text}' có nhưng committed không có: văn bản đọc được là "
        f"{read.text('vi')}{would.vi}; hãy ghi {record}",
        f"committed_text '{text}' is given but committed is not: the text reads as "
        f"{read.text('en')}{would.en}; record {record}",
    )


def check(
    catalog: Iterable[Procedure],
    rules: TargetRules,
    *,
    year: int | None = None,
    target: Target | Decimal | str | None = None,
    rounding: str | None = None,
    volumes: Mapping[str, int] | None = None,
) -> ReductionReport:
    """Check every case of every procedure in ``catalog`` against its reduction target.

    ``year`` (default: this year) picks the target through ``rules.target(...)`` (hook
    ``tthc_reduction_target``); a year outside the working calendar's (1995 to at least
    five years ahead) raises :class:`ReductionError`. ``target`` overrides the percentage
    for every procedure (e.g. ``"30%"``), keeping the rules' baseline year. ``rounding``
    overrides the hook ``tthc_reduction_rounding`` (``"day"``, ``"half_day"``,
    ``"hour"``). ``volumes`` maps procedure codes to annual dossier counts and overrides
    ``Procedure.annual_volume``.
    """
    year = _check_year(year if year is not None else date.today().year)
    granularity = rounding or rules.reduction_rounding() or "day"
    if granularity not in GRANULARITIES:
        raise ReductionError(
            Text(
                f"Mức làm tròn không hợp lệ: {granularity!r} (dùng day, half_day hoặc hour)",
                f"Invalid rounding: {granularity!r} (use day, half_day or hour)",
            )
        )
    override = _override(target)

    def target_for(procedure: Procedure | None, case: Case | None) -> Target:
        rule = rules.target(procedure, case, year)
        if override is None:
            return rule
        return dataclasses.replace(
            rule, percent=override, source=f"--target {override}%", name="override"
        )

    summary = ReductionSummary(year=year, target=target_for(None, None), rounding=granularity)
    rows: list[ReductionRow] = []
    for procedure in catalog:
        own: list[ReductionRow] = []
        for case in procedure.processing_time:
            floor = rules.reduction_floor(procedure, case)
            own.append(
                check_case(
                    procedure,
                    case,
                    target_for(procedure, case),
                    granularity=granularity,
                    floor=floor,
                    clock_hours_as=rules.policy.clock_hours_as,
                )
            )
        rows.extend(own)
        for one in own:
            summary.references[one.reference_kind] += 1
        status = _procedure_status(own)
        volume = procedure.annual_volume
        if volumes is not None and procedure.code in volumes:
            volume = volumes[procedure.code]
        summary.overall.add(status, own, volume)
        keys = {
            "field": [procedure.field],
            "agency": list(procedure.agencies) or ["-"],
            "level": [level.value for level in procedure.levels],
        }
        for kind, names in keys.items():
            for name in dict.fromkeys(names):
                summary.by[kind].setdefault(name, Progress()).add(status, own, volume)
    from tthc.catalog import registry_names

    return ReductionReport(rows, summary, registry_names(catalog))


def _check_year(year: int) -> int:
    """``year`` when tthc has a working calendar for it, else a :class:`ReductionError`.

    A target year outside the calendar's years (from 1995, the 1994 Labour Code, to at least
    five years ahead) is a typo such as 1800 or 20026: the targets and the times they are
    checked against are counted on that calendar.
    """
    from tthc.calendar import FIRST_YEAR, default_last_year

    last = default_last_year()
    if not FIRST_YEAR <= year <= last:
        raise ReductionError(
            Text(
                f"Năm áp dụng mục tiêu không hợp lệ: {year} (cần từ {FIRST_YEAR} đến {last}, "
                "các năm có lịch làm việc)",
                f"Invalid target year: {year} (expected {FIRST_YEAR} to {last}, the years of "
                "the working calendar)",
            )
        )
    return year


def _override(target: Target | Decimal | str | None) -> Decimal | None:
    if target is None:
        return None
    if isinstance(target, Target):
        return target.percent
    if isinstance(target, Decimal):
        return Target(target).percent  # validates the range
    return parse_percent(target)


# -- volumes ------------------------------------------------------------------------


def load_volumes(path: str | Path, *, catalog: Iterable[Procedure] | None = None) -> dict[str, int]:
    """Read annual dossier volumes (số hồ sơ hằng năm) from a CSV ``code,annual_volume``.

    The header may use ``;`` as Excel saves it where the comma is the decimal mark. A code
    given twice is an error naming both rows (which value was meant cannot be guessed).
    With ``catalog``, a code that is not in it is an error too, with the catalog code it
    probably is (a zero-stripped ``1.01004``, a decimal comma ``1,004222``, a national code
    listed with local suffixes): its volume would silently count for nothing and skew the
    weighted figures.

    Raises :class:`ReductionError` naming the file and row of every bad line (all of them,
    not only the first), or of the first line that is not UTF-8.
    """
    file = Path(path)
    try:
        handle = file.open(newline="", encoding="utf-8-sig")
    except OSError as exc:
        raise ReductionError(
            Text(
                f"{file}: không đọc được ({exc.strerror})",
                f"{file}: cannot read ({exc.strerror})",
            )
        ) from exc
    known = None if catalog is None else sorted(p.code for p in catalog)
    volumes: dict[str, int] = {}
    rows: dict[str, int] = {}  # code -> the row it was first given on
    problems: list[Text] = []
    unknown = False
    reader: Any = None
    with handle:
        try:
            lines = bounded_lines(handle, f"{file}: ", ReductionError)
            first = next(lines, "")
            # Excel where the comma is the decimal mark (as in Vietnamese settings) saves ";"
            delimiter = ";" if ";" in first and "," not in first else ","
            reader = csv.reader(itertools.chain([first], lines), delimiter=delimiter)
            header = [h.strip() for h in next(reader, [])]
            if "code" not in header or "annual_volume" not in header:
                # as in the file, with its own separator; cut and escaped
                shown = escape_text(first.rstrip("\r\n"), 60)
                raise ReductionError(
                    Text(
                        f"{file}: dòng 1 phải là tiêu đề 'code,annual_volume' "
                        f"(hoặc 'code;annual_volume'), nhận được {shown!r}",
                        f"{file}: row 1 must be the header 'code,annual_volume' "
                        f"(or 'code;annual_volume'), got {shown!r}",
                    )
                )
            code_at, volume_at = header.index("code"), header.index("annual_volume")
            for number, row in enumerate(reader, start=2):
                if not any(cell.strip() for cell in row):
                    continue
                try:
                    code = row[code_at].strip()
                    raw = row[volume_at].strip()
                except IndexError:
                    problems.append(
                        Text(f"dòng {number}: thiếu cột", f"row {number}: missing columns")
                    )
                    continue
                # ASCII digits, at most 15 of them: "²".isdigit() is true and int() fails
                # on it, and a number of thousands of digits is no volume either.
                # A procedure code is short: one longer than 60 characters is not one, and
                # is never quoted whole in the messages below.
                volume_ok = raw.isascii() and raw.isdigit() and len(raw) <= 15
                if not volume_ok or not code or len(code) > 60:
                    raw_shown, code_shown = escape_text(raw, 40), escape_text(code, 40)
                    problems.append(
                        Text(
                            f"dòng {number}: số hồ sơ không hợp lệ '{raw_shown}' cho "
                            f"'{code_shown}'",
                            f"row {number}: invalid annual volume '{raw_shown}' for '{code_shown}'",
                        )
                    )
                    continue
                if code in rows:
                    was = rows[code]
                    problems.append(
                        Text(
                            f"dòng {number}: mã {code!r} trùng với dòng {was} (dòng {was} ghi "
                            f"{volumes[code]}, dòng {number} ghi {int(raw)}); "
                            "mỗi thủ tục chỉ giữ một dòng",
                            f"row {number}: code {code!r} repeats row {was} ({volumes[code]} on "
                            f"row {was}, {int(raw)} on row {number}); keep one row per procedure",
                        )
                    )
                    continue
                if known is not None and not _has(known, code):
                    problems.append(_unknown_code(number, code, known))
                    unknown = True
                rows[code] = number
                volumes[code] = int(raw)
        except UnicodeDecodeError as exc:
            taken = reader.line_num if reader is not None else 0
            raise ReductionError(not_utf8(f"{file}: ", taken, exc)) from None
        except csv.Error as exc:  # a cell over the csv module's limit, a NUL byte
            row = reader.line_num if reader is not None else 1
            raise ReductionError(csv_problem(f"{file}: ", row, exc)) from None
    if problems:
        vi = f"{file}: " + "; ".join(p.vi for p in problems)
        en = f"{file}: " + "; ".join(p.en for p in problems)
        if unknown:  # why it is an error, not a row to skip
            vi += (
                "; hãy sửa mã hoặc xoá dòng có mã không có trong danh mục: "
                "số hồ sơ của dòng đó sẽ không được tính"
            )
            en += (
                "; correct or remove each row whose code is not in the catalog: "
                "its volume would count for nothing"
            )
        raise ReductionError(Text(vi, en))
    return volumes


def _has(codes: list[str], code: str) -> bool:
    at = bisect_left(codes, code)
    return at < len(codes) and codes[at] == code


def _unknown_code(number: int, code: str, codes: list[str]) -> Text:
    """Row ``number`` gives ``code``, which is not among the sorted catalog ``codes``
    (the wording and suggestions of :func:`tthc.catalog.unknown_code`)."""
    from tthc.catalog import unknown_code

    why = unknown_code(code, codes)
    return Text(f"dòng {number}: {why.vi}", f"row {number}: {why.en}")
