"""Exact comparison of processing times (so sánh thời hạn) and the cut from one to another.

Durations are compared through working time (1 working day = 8 working hours); calendar
days compare with calendar days and months with months. A comparison that cannot be made
exactly is a :class:`~tthc.errors.NotComparableError` with the reason; it is never guessed.
"""

from __future__ import annotations

from decimal import Decimal

from tthc.duration import Duration, Unit
from tthc.errors import NotComparableError, ReductionError
from tthc.i18n import Text
from tthc.reduction.target import HUNDRED

__all__ = [
    "compare",
    "measure",
    "meets_target",
    "not_comparable",
    "reduction_hours",
    "reduction_percent",
]


_DIMENSION = {
    Unit.WORKING_DAYS: "working_time",
    Unit.WORKING_HOURS: "working_time",
    Unit.CLOCK_HOURS: "clock_hours",
    Unit.CALENDAR_DAYS: "calendar_days",
    Unit.MONTHS: "months",
    Unit.SAME_DAY: "same_day",
}


def measure(duration: Duration) -> tuple[str, Decimal]:
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


def not_comparable(a: Duration, b: Duration) -> NotComparableError:
    reason = _why_not(_DIMENSION[a.unit], _DIMENSION[b.unit])
    return NotComparableError(
        Text(
            f"Không so sánh chính xác được '{a.text('vi')}' với '{b.text('vi')}': {reason.vi}",
            f"Cannot compare '{a.text('en')}' with '{b.text('en')}' exactly: {reason.en}",
        ),
        reason,
    )


def _pair(a: Duration, b: Duration) -> tuple[Decimal, Decimal]:
    dim_a, amount_a = measure(a)
    dim_b, amount_b = measure(b)
    if dim_a != dim_b:
        raise not_comparable(a, b)
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
