"""Suggestions (thời gian đề xuất): the longest committed time that meets a missed target,
rounded down to a time a catalog could publish, never below the floor."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal

from tthc.duration import HOURS_PER_WORKING_DAY, Duration, Unit
from tthc.errors import NotComparableError, ReductionError
from tthc.i18n import Text
from tthc.reduction.compare import measure, not_comparable
from tthc.reduction.target import GRANULARITIES, HUNDRED

__all__ = ["Suggestion", "suggest"]


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
    dimension, amount = measure(reference)
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
            floor_dim, floor_amount = measure(floor)
            if floor_dim != dimension:
                raise not_comparable(floor, reference)
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
        if rounded is None or measure(rounded)[1] < floor_amount:
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
