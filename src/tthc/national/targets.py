"""National reduction targets (mục tiêu cắt giảm thời gian giải quyết), as a plugin.

Resolution 66/NQ-CP (2025) asks ministries and provinces to cut processing time and
compliance cost by at least 30% in 2025 and, by 2026, by 50% compared with 2024. A
province or a field sets its own target by implementing the same hook in its plugin;
being registered later, its answer is asked first.

Before 2025 there is no national target in this plugin: the resolution did not exist. So
that a province plugin's earlier plan (or ``--target``) can still be compared with a
default, the hook answers 30% for those years under the name ``"default"`` with a source
that says so (:data:`SOURCE_BEFORE`), never crediting Resolution 66/NQ-CP.
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

#: What a year before the resolution is compared with: no national target, the 2025 level.
SOURCE_BEFORE = Text(
    "không có mục tiêu quốc gia trước năm 2025; so sánh với mức 30% của năm 2025",
    "no national target before 2025; compared with the 2025 level of 30%",
)

#: The first year of a national target (Resolution 66/NQ-CP: 30% in 2025).
FIRST_YEAR = 2025
#: From this year the target is 50% against the baseline year.
FIFTY_PERCENT_FROM = 2026
BASELINE_YEAR = 2024


@hookimpl
def tthc_reduction_target(procedure: Procedure | None, case: Case | None, year: int) -> Target:
    """30% in 2025 (against the legal time), 50% from 2026 against 2024.

    Before 2025 there is no national target: 30% named ``"default"``, its source saying so.
    """
    from tthc.reduction import Target

    if year >= FIFTY_PERCENT_FROM:
        return Target(Decimal(50), BASELINE_YEAR, SOURCE, "national")
    if year < FIRST_YEAR:
        return Target(Decimal(30), None, SOURCE_BEFORE, "default")
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
