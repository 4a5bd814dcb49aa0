"""National reduction targets (mục tiêu cắt giảm thời gian giải quyết), as a plugin.

Resolution 66/NQ-CP (2025) asks ministries and provinces to cut processing time and
compliance cost by at least 30% in 2025 and, by 2026, by 50% compared with 2024. A
province or a field sets its own target by implementing the same hook in its plugin;
being registered later, its answer is asked first.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from tthc.hookspecs import hookimpl
from tthc.i18n import Text

if TYPE_CHECKING:
    from tthc.duration import Duration
    from tthc.model import Case, Procedure
    from tthc.reduction import Target

#: The document the national targets come from.
SOURCE = Text("Nghị quyết 66/NQ-CP (2025)", "Resolution 66/NQ-CP (2025)")

#: From this year the target is 50% against the baseline year.
FIFTY_PERCENT_FROM = 2026
BASELINE_YEAR = 2024


@hookimpl
def tthc_reduction_target(procedure: Procedure | None, case: Case | None, year: int) -> Target:
    """30% for years up to 2025 (against the legal time), 50% from 2026 against 2024."""
    from tthc.reduction import Target

    if year >= FIFTY_PERCENT_FROM:
        return Target(Decimal(50), BASELINE_YEAR, SOURCE, "national")
    return Target(Decimal(30), None, SOURCE, "national")


@hookimpl
def tthc_reduction_floor(procedure: Procedure, case: Case) -> Duration | None:
    """No national floor: a suggestion is only ever positive (never zero).

    A province that keeps some procedures at least same-day, or at least one working
    day, answers here.
    """
    return None


@hookimpl
def tthc_reduction_rounding() -> str:
    """Whole days: the published reductions round to whole (sometimes half) days.

    The granularity rounds times in working days; a time in working hours is always
    suggested in whole hours, calendar days and months in whole units.
    """
    return "day"
