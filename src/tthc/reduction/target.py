"""Reduction targets (mục tiêu cắt giảm thời gian giải quyết), and percentages as users
write them."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from tthc.errors import ReductionError
from tthc.i18n import Lang, Text

__all__ = ["GRANULARITIES", "HUNDRED", "Target", "parse_percent"]


HUNDRED = Decimal(100)

#: Granularities a suggestion may be rounded down to (hook ``tthc_reduction_rounding``).
GRANULARITIES: tuple[str, ...] = ("day", "half_day", "hour")


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
