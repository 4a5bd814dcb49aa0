"""Tests of the national reduction targets (Resolution 66/NQ-CP) and their hook."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tthc import hookimpl
from tthc.duration import Duration
from tthc.model import Case, Level, Procedure
from tthc.national import targets
from tthc.reduction import Target
from tthc.rules import Rules


def test_thirty_percent_in_2025(rules: Rules) -> None:
    target = rules.target(None, None, 2025)
    assert target.percent == Decimal(30)
    assert target.baseline_year is None and target.name == "national"
    assert target.source_text("vi") == "Nghị quyết 66/NQ-CP (2025)"
    assert target.source_text("en") == "Resolution 66/NQ-CP (2025)"


@pytest.mark.parametrize("year", [1995, 2019, 2020, 2024])
def test_no_national_target_before_2025(rules: Rules, year: int) -> None:
    # Resolution 66/NQ-CP is from 2025: an earlier year must not be credited to it
    target = rules.target(None, None, year)
    assert (target.percent, target.baseline_year, target.name) == (Decimal(30), None, "default")
    assert target.source_text("en") == (
        "no national target before 2025; compared with the 2025 level of 30%"
    )
    assert target.source_text("vi") == (
        "không có mục tiêu quốc gia trước năm 2025; so sánh với mức 30% của năm 2025"
    )
    assert "66" not in target.source_text("vi") + target.source_text("en")


@pytest.mark.parametrize("year", [2026, 2027, 2035])
def test_fifty_percent_from_2026_against_2024(rules: Rules, year: int) -> None:
    target = rules.target(None, None, year)
    assert target == Target(Decimal(50), 2024, targets.SOURCE, "national")


def test_floor_and_rounding_defaults(rules: Rules) -> None:
    # synthetic procedure (9.999xxx is not a real code)
    case = Case(time=Duration.of(3, "working_days"))
    procedure = Procedure(
        code="9.999001",
        name="Synthetic",
        field="x",
        levels=(Level.COMMUNE,),
        processing_time=(case,),
    )
    assert rules.call_first("tthc_reduction_floor", procedure=procedure, case=case) is None
    assert rules.call_first("tthc_reduction_rounding") == "day"
    assert rules.target(procedure, case, 2026).percent == Decimal(50)


class _Province:
    @hookimpl
    def tthc_reduction_target(self, year: int) -> Target | None:
        # a synthetic province plan: 30% every year; answers only for 2026
        return Target(Decimal(30), None, "synthetic plan", "province") if year == 2026 else None


def test_a_province_answer_wins_and_falls_back() -> None:
    rules = Rules(load_entry_points=False)
    rules.pm.register(_Province(), name="synthetic-province")
    assert rules.target(None, None, 2026).name == "province"
    assert rules.target(None, None, 2027).name == "national"
