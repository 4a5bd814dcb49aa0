"""One case of one procedure against its target (kết quả từng trường hợp): the row and
its status."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import Enum
from typing import TYPE_CHECKING

from tthc.duration import Duration
from tthc.i18n import Text
from tthc.reduction.suggest import Suggestion
from tthc.reduction.target import Target

if TYPE_CHECKING:
    from tthc.model import Case, Procedure

__all__ = ["STATUS_WORDS", "ReductionRow", "Status"]


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
