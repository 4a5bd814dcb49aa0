"""Tests of tthc.reduction: exact percentages, targets, suggestions, catalog progress."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tthc import hookimpl
from tthc.duration import Duration, Unit
from tthc.model import Case, Level, Procedure
from tthc.reduction import (
    NotComparableError,
    ReductionError,
    Status,
    Target,
    check,
    check_case,
    compare,
    display_percent,
    load_volumes,
    meets_target,
    parse_percent,
    reduction_hours,
    reduction_percent,
    suggest,
)
from tthc.rules import Rules

WD = Unit.WORKING_DAYS
WH = Unit.WORKING_HOURS
CD = Unit.CALENDAR_DAYS
MO = Unit.MONTHS


def d(value: int | str, unit: Unit = WD) -> Duration:
    return Duration.of(value, unit)


# Real published reductions (legal -> reduced, working days), copied from the decisions
# quoted on each line; pct is the arithmetic percentage (none of these tables prints one).
REAL_ROWS = [
    # Hải Phòng 3508/QĐ-UBND (2026-09-03), Đường bộ
    ("1.000703", "4", "2.5", "37.5"),
    ("2.002285", "3", "2.5", "16.67"),
    ("2.002288", "2", "1", "50.0"),
    ("1.000302", "1", "1", "0.0"),
    ("1.001023", "1", "1", "0.0"),
    # Hải Phòng 3523/QĐ-UBND (2026-09-04), Báo chí
    ("1.013782", "7", "5", "28.57"),
    ("1.013784", "7", "5", "28.57"),
    ("1.013785", "7", "5", "28.57"),
    ("1.013788", "7", "5", "28.57"),
    ("1.013789", "5", "3.5", "30.0"),
    ("3.000574", "7", "5", "28.57"),
    ("1.116487", "15", "7.5", "50.0"),
    ("1.009374", "7", "7", "0.0"),
    ("1.013790", "7", "7", "0.0"),
    # Hải Phòng 3584/QĐ-UBND (2026-09-08), Xuất nhập khẩu
    ("1.000890", "5", "2.5", "50.0"),
    ("1.001062", "5", "2.5", "50.0"),
    ("1.000905", "13", "11", "15.38"),
    ("1.013778", "7", "3.5", "50.0"),
    ("1.001238", "2", "2", "0.0"),
    ("1.000421", "3", "3", "0.0"),
    # Hải Phòng 3643/QĐ-UBND (2026-09-11), Khám chữa bệnh (chữ thập đỏ)
    ("1.001138", "30", "12", "60.0"),
    ("1.006780", "20", "10", "50.0"),
    ("2.000552", "30", "12", "60.0"),
    ("2.000559", "30", "12", "60.0"),
    # Đồng Nai 2816/QĐ-UBND (2025-11-20), Y tế (no codes printed; rows by name)
    (None, "10", "9", "10.0"),  # Tiếp nhận đối tượng bảo trợ xã hội ...
    (None, "25", "23", "8.0"),  # Xác định, xác định lại mức độ khuyết tật ...
    (None, "10", "9", "10.0"),  # Thực hiện, điều chỉnh, thôi hưởng trợ cấp hưu trí xã hội
    (None, "5", "3", "40.0"),  # Đổi, cấp lại Giấy xác nhận khuyết tật
    (None, "10", "9", "10.0"),  # Xét hưởng chính sách hỗ trợ ... sinh con đúng chính sách
]

# Cao Bằng 1949/QĐ-UBND (2025-11-18), Tài nguyên nước: the note prints "ngày" on both sides
# (the time column says ngày làm việc); the percentage is the same in either reading.
# The time column contradicts the note on the last five rows (the source is doubtful there);
# the figures below are the note's "from X to Y".
CAO_BANG_ROWS = [
    ("1.004122", "24", "22", "8.33"),
    ("2.001738", "17", "15", "11.76"),
    ("1.009669", "26", "24", "7.69"),
    ("1.012500", "26", "24", "7.69"),
    ("1.000824", "17", "15", "11.76"),
    ("1.012503", "30", "15", "50.0"),
    ("1.012504", "30", "15", "50.0"),
]


def test_every_published_row_is_checked() -> None:
    # the data file holds 36 rows: 5 + 9 + 6 + 4 (Hải Phòng), 7 (Cao Bằng), 5 (Đồng Nai);
    # none prints its own time percentage (Đồng Nai prints the compliance-cost cut only)
    assert len(REAL_ROWS) + len(CAO_BANG_ROWS) == 36


@pytest.mark.parametrize(("code", "legal", "reduced", "pct"), REAL_ROWS + CAO_BANG_ROWS)
def test_real_published_percentages(code: str | None, legal: str, reduced: str, pct: str) -> None:
    percent = reduction_percent(d(legal), d(reduced))
    assert display_percent(percent) == Decimal(pct).quantize(Decimal("0.01"))


@pytest.mark.parametrize(("code", "legal", "reduced", "pct"), CAO_BANG_ROWS)
def test_cao_bang_same_in_calendar_days(code: str, legal: str, reduced: str, pct: str) -> None:
    percent = reduction_percent(d(legal, CD), d(reduced, CD))
    assert display_percent(percent) == Decimal(pct).quantize(Decimal("0.01"))


def test_2_002285_misses_30_percent() -> None:
    # Hải Phòng 3508/QĐ-UBND: 03 -> 2,5 ngày làm việc
    legal, committed = d(3), d("2.5")
    assert display_percent(reduction_percent(legal, committed)) == Decimal("16.67")
    assert not meets_target(legal, committed, Decimal(30))


def test_1_116487_meets_50_percent() -> None:
    # Hải Phòng 3523/QĐ-UBND: 15 -> 7,5 ngày làm việc
    legal, committed = d(15), d("7.5")
    assert reduction_percent(legal, committed) == Decimal(50)
    assert meets_target(legal, committed, Decimal(50))
    assert not meets_target(legal, committed, Decimal("50.01"))


def test_exactly_30_percent_meets_30() -> None:
    # Hải Phòng 3523/QĐ-UBND, 1.013789: 5 -> 3,5 ngày làm việc is exactly 30%
    assert meets_target(d(5), d("3.5"), Decimal(30))


def test_thirds_are_decided_exactly() -> None:
    percent = reduction_percent(d(3), d(2))
    assert percent != Decimal("33.33")
    assert display_percent(percent) == Decimal("33.33")
    assert meets_target(d(3), d(2), Decimal("33.33"))
    assert not meets_target(d(3), d(2), Decimal("33.34"))


def test_working_hours_compare_with_working_days() -> None:
    assert reduction_percent(d(2), d(12, WH)) == Decimal(25)
    assert reduction_percent(d(24, WH), d(2)) == Decimal("33.33333333333333333333333333")
    assert reduction_hours(d(2), d(12, WH)) == Decimal(4)
    assert compare(d(1), d(8, WH)) == 0
    assert compare(d("0.5"), d(5, WH)) == -1


def test_same_unit_calendar_days_and_months() -> None:
    assert reduction_percent(d(30, CD), d(15, CD)) == Decimal(50)
    assert reduction_percent(d(6, MO), d(3, MO)) == Decimal(50)
    assert reduction_hours(d(30, CD), d(15, CD)) is None
    assert compare(d(2, MO), d(3, MO)) == -1


def test_committed_longer_is_a_negative_cut() -> None:
    assert reduction_percent(d(4), d(5)) == Decimal(-25)
    assert not meets_target(d(4), d(5), Decimal(0))


@pytest.mark.parametrize(
    ("legal", "committed", "vi", "en"),
    [
        (d(6, MO), d(100), "một tháng không có số ngày làm việc", "a month has no fixed number"),
        (d(30, CD), d(20), "ngày theo lịch gồm cả ngày nghỉ", "calendar days include days off"),
        (Duration.of(0, "same_day"), d(1), "'trong ngày' kết thúc", "'same day' ends"),
        (d(1, MO), d(30, CD), "28 đến 31 ngày", "28 to 31 days"),
    ],
)
def test_not_comparable_says_why(legal: Duration, committed: Duration, vi: str, en: str) -> None:
    with pytest.raises(NotComparableError) as info:
        reduction_percent(legal, committed)
    assert vi in info.value.message("vi")
    assert en in info.value.message("en")
    assert legal.text("en") in info.value.message("en")
    assert committed.text("vi") in info.value.message("vi")
    with pytest.raises(NotComparableError):
        meets_target(legal, committed, Decimal(30))


def test_zero_legal_time_is_an_error() -> None:
    same_day = Duration.of(0, "same_day")
    with pytest.raises(ReductionError, match="legal time 'same day' is zero") as info:
        reduction_percent(same_day, same_day)
    assert "bằng 0" in info.value.message("vi")
    with pytest.raises(ReductionError):
        meets_target(d(0), d(0), Decimal(30))


@settings(max_examples=150)
@given(
    legal=st.integers(min_value=1, max_value=400),
    committed=st.integers(min_value=0, max_value=400),
)
def test_percent_is_the_same_in_days_and_hours(legal: int, committed: int) -> None:
    in_days = reduction_percent(d(Decimal(legal) / 2), d(Decimal(committed) / 2))
    in_hours = reduction_percent(d(legal * 4, WH), d(committed * 4, WH))
    assert in_days == in_hours
    assert meets_target(d(legal * 4, WH), d(committed * 4, WH), display_percent(in_days)) == (
        (legal - committed) * 100 >= display_percent(in_days) * legal
    )


# -- suggestions ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("legal", "percent", "granularity", "expected"),
    [
        (d(3), 30, "day", d(2)),  # 2.1 days -> 2
        (d(3), 30, "half_day", d(2)),
        (d(3), 30, "hour", d(2)),  # 16.8 h -> 16 h = 2 days
        (d(5), 50, "day", d(2)),
        (d(5), 50, "half_day", d("2.5")),
        (d(7), 30, "hour", d(39, WH)),  # 39.2 h -> 39 h
        (d(24, WH), 30, "day", d(16, WH)),  # a time in hours stays in hours
        (d(30, CD), 30, "day", d(21, CD)),
        (d(30, CD), 30, "hour", d(21, CD)),  # calendar days are whole
        (d(6, MO), 30, "day", d(4, MO)),
    ],
)
def test_suggest_rounds_down(
    legal: Duration, percent: int, granularity: str, expected: Duration
) -> None:
    suggestion = suggest(legal, Decimal(percent), granularity=granularity)
    assert suggestion.duration == expected
    assert suggestion.reason is None
    assert meets_target(legal, expected, Decimal(percent))


def test_suggest_unreachable_at_granularity() -> None:
    suggestion = suggest(d(1), Decimal(50), granularity="day")
    assert suggestion.duration is None
    assert not suggestion.reachable
    assert suggestion.reason is not None
    # said in the granularity's own terms, with the finer rounding that would work
    assert suggestion.reason("en") == (
        "Target 50% cannot be met in whole working days: cutting '1 working day' by 50% "
        "leaves less than 1 working day (rounding 'half_day' would suggest 0.5 working days)"
    )
    assert suggestion.reason("vi") == (
        "Không thể đạt mục tiêu 50% khi làm tròn theo ngày làm việc: cắt giảm 50% từ "
        "'1 ngày làm việc' còn ít hơn 1 ngày làm việc (làm tròn 'half_day' thì đề xuất "
        "0,5 ngày làm việc)"
    )
    assert suggest(d(1), Decimal(50), granularity="half_day").duration == d("0.5")


@pytest.mark.parametrize(
    ("legal", "percent", "granularity", "expected"),
    [
        # a time in working hours is published in whole hours whatever the policy
        (d(24, WH), 50, "day", d(12, WH)),  # whole days would give 8 h
        (d(12, WH), 50, "day", d(6, WH)),  # whole days would give nothing
        (d(12, WH), 50, "half_day", d(6, WH)),
        (d(10, WH), 30, "hour", d(7, WH)),
    ],
)
def test_suggest_working_hours_in_whole_hours(
    legal: Duration, percent: int, granularity: str, expected: Duration
) -> None:
    suggestion = suggest(legal, Decimal(percent), granularity=granularity)
    assert suggestion.duration == expected
    assert suggestion.granularity == "hour"
    assert suggestion.reason is None


@pytest.mark.parametrize(
    ("legal", "percent", "en", "vi"),
    [
        (
            d(1, WH),
            Decimal(30),
            "Target 30% cannot be met in whole working hours: cutting '1 working hour' by 30% "
            "leaves less than 1 working hour",
            "Không thể đạt mục tiêu 30% khi làm tròn theo giờ làm việc: cắt giảm 30% từ "
            "'1 giờ làm việc' còn ít hơn 1 giờ làm việc",
        ),
        (
            d(1, CD),
            Decimal(50),
            "Target 50% cannot be met in whole calendar days: cutting '1 calendar day' by 50% "
            "leaves less than 1 calendar day",
            "Không thể đạt mục tiêu 50% khi làm tròn theo ngày: cắt giảm 50% từ '1 ngày' còn "
            "ít hơn 1 ngày",
        ),
        (
            d(1, MO),
            Decimal("12.5"),
            "Target 12.5% cannot be met in whole months: cutting '1 month' by 12.5% leaves "
            "less than 1 month",
            "Không thể đạt mục tiêu 12,5% khi làm tròn theo tháng: cắt giảm 12,5% từ "
            "'1 tháng' còn ít hơn 1 tháng",
        ),
    ],
)
def test_unreachable_says_so_without_fractions(
    legal: Duration, percent: Decimal, en: str, vi: str
) -> None:
    # The policy is "day"; no fractional "longest time" (0.7 working hours, 0.5 calendar
    # days) that no catalog could publish.
    suggestion = suggest(legal, percent, granularity="day")
    assert suggestion.duration is None
    assert suggestion.reason is not None
    assert suggestion.reason("en") == en
    assert suggestion.reason("vi") == vi


def test_suggest_never_below_floor() -> None:
    # 1 day at 50%: whole days give nothing, the floor of half a day meets the target
    suggestion = suggest(d(1), Decimal(50), granularity="day", floor=d("0.5"))
    assert suggestion.duration == d("0.5")
    assert suggestion.at_floor
    # a floor below the rounded suggestion changes nothing
    assert suggest(d(10), Decimal(50), floor=d(1)).duration == d(5)


def test_floor_makes_target_unreachable() -> None:
    suggestion = suggest(d(1), Decimal(50), granularity="hour", floor=d(1))
    assert suggestion.duration is None
    assert suggestion.reason is not None
    assert suggestion.reason("en") == (
        "Target 50% cannot be met above the floor '1 working day': the longest time that "
        "meets it in whole working hours is 0.5 working days"
    )
    assert suggestion.reason("vi") == (
        "Không thể đạt mục tiêu 50% mà không thấp hơn mức sàn '1 ngày làm việc': thời gian "
        "dài nhất đạt mục tiêu (làm tròn theo giờ làm việc) là 0,5 ngày làm việc"
    )


def test_floor_and_granularity_both_leave_nothing() -> None:
    suggestion = suggest(d(1, WH), Decimal(30), floor=d(1, WH))
    assert suggestion.duration is None
    assert suggestion.reason is not None
    assert suggestion.reason("en") == (
        "Target 30% cannot be met above the floor '1 working hour': cutting '1 working hour' "
        "by 30% leaves less than 1 working hour"
    )
    assert "0.7" not in suggestion.reason("en")
    assert "mức sàn '1 giờ làm việc'" in suggestion.reason("vi")


def test_floor_not_comparable_is_said() -> None:
    suggestion = suggest(d(4), Decimal(50), floor=Duration.of(0, "same_day"))
    assert suggestion.duration == d(2)
    assert suggestion.reason is not None
    assert suggestion.reason("en") == (
        "Cannot check against the floor: Cannot compare 'same day' with '4 working days' "
        "exactly: 'same day' ends with the day of receipt; it has no fixed length in working "
        "time or in days"
    )
    assert suggestion.reason("vi").startswith(
        "Không so sánh được với mức sàn: Không so sánh chính xác được 'trong ngày' với "
        "'4 ngày làm việc': "
    )


def test_suggest_zero_time_and_bad_granularity() -> None:
    assert "is zero" in str(suggest(d(0), Decimal(30)).reason)
    with pytest.raises(ReductionError, match="Invalid rounding: 'week'") as info:
        suggest(d(3), Decimal(30), granularity="week")
    assert "Mức làm tròn không hợp lệ" in info.value.message("vi")


@settings(max_examples=150)
@given(
    halves=st.integers(min_value=1, max_value=240),
    percent=st.integers(min_value=1, max_value=99),
    granularity=st.sampled_from(["day", "half_day", "hour"]),
)
def test_suggestion_is_the_longest_that_meets(halves: int, percent: int, granularity: str) -> None:
    legal = d(Decimal(halves) / 2)
    target = Decimal(percent)
    suggestion = suggest(legal, target, granularity=granularity)
    step = {"day": Decimal(8), "half_day": Decimal(4), "hour": Decimal(1)}[granularity]
    if suggestion.duration is None:
        assert not meets_target(legal, Duration.of(step, WH), target)
        return
    hours = suggestion.duration.working_hours
    assert hours is not None and hours > 0 and hours % step == 0
    assert meets_target(legal, suggestion.duration, target)
    assert not meets_target(legal, Duration.of(hours + step, WH), target)


@settings(max_examples=150)
@given(
    hours=st.integers(min_value=1, max_value=400),
    percent=st.integers(min_value=1, max_value=99),
    granularity=st.sampled_from(["day", "half_day", "hour"]),
)
def test_working_hours_suggestion_is_whole_hours(
    hours: int, percent: int, granularity: str
) -> None:
    legal = d(hours, WH)
    target = Decimal(percent)
    suggestion = suggest(legal, target, granularity=granularity)
    if suggestion.duration is None:
        assert not meets_target(legal, d(1, WH), target)
        assert suggestion.reason is not None and "." not in suggestion.reason("en")
        return
    assert suggestion.duration.unit is WH
    value = suggestion.duration.value
    assert value == value.to_integral_value() and value > 0
    assert meets_target(legal, suggestion.duration, target)
    assert not meets_target(legal, d(value + 1, WH), target)


# -- percentages and targets ---------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"), [("30%", "30"), ("30", "30"), ("33,33%", "33.33"), (" 12.5 % ", "12.5")]
)
def test_parse_percent(text: str, value: str) -> None:
    assert parse_percent(text) == Decimal(value)


def test_parse_percent_refuses_a_fraction_without_the_sign() -> None:
    with pytest.raises(ReductionError) as info:
        parse_percent("0,3")
    assert info.value.message("vi") == (
        "'0,3' không rõ nghĩa: 0,3% hay 30% (phân số 0,3)? Hãy ghi kèm dấu %: 30% hoặc 0,3%"
    )
    assert info.value.message("en") == (
        "'0,3' is ambiguous: 0.3% or 30% (the fraction 0.3)? Write the percent sign: 30% or 0.3%"
    )
    assert parse_percent("0,3%") == Decimal("0.3")
    assert parse_percent("1") == parse_percent("1%") == Decimal(1)
    assert parse_percent("0") == Decimal(0)


def test_check_reads_a_string_target_like_the_cli(catalog: list[Procedure], rules: Rules) -> None:
    with pytest.raises(ReductionError, match="ambiguous"):
        check(catalog, rules, target="0,3")


@pytest.mark.parametrize("text", ["abc", "130%", "-5", "", "nan"])
def test_parse_percent_rejects(text: str) -> None:
    with pytest.raises(ReductionError) as info:
        parse_percent(text)
    assert repr(text) in info.value.message("en")
    assert "Tỷ lệ phần trăm không hợp lệ" in info.value.message("vi")


def test_target_rejects_out_of_range() -> None:
    with pytest.raises(ReductionError, match="between 0% and 100%, got 120") as info:
        Target(Decimal(120))
    assert info.value.message("vi") == "Mục tiêu cắt giảm phải từ 0% đến 100%, nhận được 120"
    assert Target(30).percent == Decimal(30)  # type: ignore[arg-type]


# -- checking a catalog ---------------------------------------------------------------


def proc(
    code: str,
    *cases: Case,
    field: str = "Synthetic field",
    agencies: tuple[str, ...] = ("so-a",),
    levels: tuple[Level, ...] = (Level.PROVINCE,),
    volume: int | None = None,
) -> Procedure:
    """A synthetic procedure (codes 9.999xxx are not real)."""
    return Procedure(
        code=code,
        name=f"Synthetic procedure {code}",
        field=field,
        levels=levels,
        agencies=agencies,
        processing_time=cases,
        annual_volume=volume,
    )


def case(
    legal: Duration,
    committed: Duration | None = None,
    *,
    baseline: Duration | None = None,
    name: str | None = None,
) -> Case:
    return Case(name=name, time=legal, committed=committed, baseline=baseline)


@pytest.fixture
def catalog() -> list[Procedure]:
    # Synthetic catalog; the times of the first two follow Hải Phòng 3508/QĐ-UBND
    # (2.002285: 3 -> 2,5) and 3523/QĐ-UBND (1.116487: 15 -> 7,5), on fake codes.
    return [
        proc("9.999001", case(d(3), d("2.5")), field="Đường bộ", volume=100),
        proc("9.999002", case(d(15), d("7.5")), field="Báo chí", volume=300),
        proc(
            "9.999003",
            case(d(10), d(5), name="A"),
            case(d(6, MO), d(3, MO), name="B"),
            agencies=("so-a", "so-b"),
            levels=(Level.PROVINCE, Level.COMMUNE),
        ),
        proc("9.999004", case(d(30, CD), d(20)), field="Báo chí", agencies=(), volume=50),
        proc("9.999005", case(d(4)), volume=10),  # no committed time
    ]


def test_check_rows(rules: Rules, catalog: list[Procedure]) -> None:
    report = check(catalog, rules, year=2026)
    by = {(r.code, r.case_name): r for r in report.rows}
    assert len(report.rows) == 6
    r1 = by[("9.999001", None)]
    assert r1.status is Status.MISSED and r1.meets_target is False
    assert display_percent(r1.reduction_percent or Decimal(0)) == Decimal("16.67")
    assert r1.reduction_hours == Decimal(4)
    assert r1.target.percent == Decimal(50)
    assert r1.suggestion is not None and r1.suggestion.duration == d(1)
    r2 = by[("9.999002", None)]
    assert r2.status is Status.MET and r2.suggestion is None and r2.meets_target is True
    assert r2.reduction_hours == Decimal(60)
    assert by[("9.999003", "B")].status is Status.MET
    r4 = by[("9.999004", None)]
    assert r4.status is Status.NOT_COMPARABLE and r4.meets_target is None
    assert r4.reason is not None and "calendar days include days off" in r4.reason("en")
    r5 = by[("9.999005", None)]
    assert r5.committed is None and r5.reduction_percent == 0 and r5.status is Status.MISSED
    assert r5.suggestion is not None and r5.suggestion.duration == d(2)


def test_check_summary(rules: Rules, catalog: list[Procedure]) -> None:
    summary = check(catalog, rules, year=2026).summary
    overall = summary.overall
    assert (overall.procedures, overall.met, overall.missed, overall.not_comparable) == (5, 2, 2, 1)
    assert overall.share_met == Decimal(40)
    assert overall.share_met_comparable == Decimal(50)
    # hours saved: 4 + 60 + 40 (case A; months not exact) + 0 = 104 over 4 cases
    assert overall.hours_saved == Decimal(104)
    assert overall.hours_saved_average == Decimal(26)
    # volumes known: 100 + 300 + 50 + 10; met: 300
    assert (overall.volume, overall.volume_known, overall.volume_met) == (460, 4, 300)
    assert overall.share_met_weighted == Decimal(300) * 100 / 460
    assert overall.hours_saved_weighted == 100 * 4 + 300 * 60 + 10 * 0
    fields = summary.by["field"]
    assert fields["Báo chí"].procedures == 2 and fields["Báo chí"].met == 1
    agencies = summary.by["agency"]
    assert agencies["so-a"].procedures == 4 and agencies["so-b"].procedures == 1
    assert agencies["-"].not_comparable == 1
    levels = summary.by["level"]
    assert levels["commune"].procedures == 1 and levels["province"].procedures == 5
    assert summary.target.percent == Decimal(50) and summary.target.baseline_year == 2024
    data = summary.as_dict()
    assert data["share_met"] == "40.00" and data["by"]["field"]["Báo chí"]["met"] == 1


def test_check_year_2025_uses_30_percent(rules: Rules, catalog: list[Procedure]) -> None:
    report = check(catalog, rules, year=2025)
    assert report.summary.target.percent == Decimal(30)
    by = {r.code: r for r in report.rows}
    assert by["9.999001"].status is Status.MISSED
    assert by["9.999002"].status is Status.MET
    assert by["9.999005"].suggestion is not None
    assert by["9.999005"].suggestion.duration == d(2)  # 4 days at 30%: 2.8 -> 2


def test_baseline_is_the_reference_when_recorded(rules: Rules) -> None:
    # legal time 4 days now, 8 days in 2024; committed 4 days: 0% against legal, 50% vs 2024
    catalog = [proc("9.999010", case(d(4), d(4), baseline=d(8)))]
    row = check(catalog, rules, year=2026).rows[0]
    assert row.reference_kind == "baseline" and row.reference == d(8)
    assert row.status is Status.MET and row.reduction_percent == Decimal(50)
    row_2025 = check(catalog, rules, year=2025).rows[0]  # no baseline year before 2026
    assert row_2025.reference_kind == "legal" and row_2025.status is Status.MISSED


def test_target_override_and_rounding(rules: Rules, catalog: list[Procedure]) -> None:
    report = check(catalog, rules, year=2026, target="10%", rounding="half_day")
    by = {r.code: r for r in report.rows}
    assert by["9.999001"].status is Status.MET
    assert by["9.999001"].target.percent == Decimal(10)
    assert by["9.999001"].target.baseline_year == 2024  # kept from the rules
    assert report.summary.rounding == "half_day"
    assert by["9.999005"].suggestion is not None
    assert by["9.999005"].suggestion.duration == d("3.5")  # 4 days at 10%: 3.6 -> 3.5
    assert check(catalog, rules, year=2026, target=Decimal(10)).summary.overall.met == 3


def test_check_rejects_bad_rounding(rules: Rules, catalog: list[Procedure]) -> None:
    with pytest.raises(ReductionError, match="Invalid rounding: 'weekly'") as info:
        check(catalog, rules, year=2026, rounding="weekly")
    assert info.value.message("vi") == (
        "Mức làm tròn không hợp lệ: 'weekly' (dùng day, half_day hoặc hour)"
    )


@pytest.mark.parametrize("year", [1800, 1994, 99999, -1])
def test_check_rejects_a_year_outside_the_calendar(
    rules: Rules, catalog: list[Procedure], year: int
) -> None:
    from tthc.calendar import default_last_year

    last = default_last_year()
    with pytest.raises(ReductionError) as info:
        check(catalog, rules, year=year)
    assert info.value.message("en") == (
        f"Invalid target year: {year} (expected 1995 to {last}, the years of the working calendar)"
    )
    assert info.value.message("vi") == (
        f"Năm áp dụng mục tiêu không hợp lệ: {year} (cần từ 1995 đến {last}, các năm có lịch "
        "làm việc)"
    )


def test_check_accepts_the_calendar_years(rules: Rules, catalog: list[Procedure]) -> None:
    from tthc.calendar import default_last_year

    assert check(catalog, rules, year=1995).summary.target.percent == 30
    assert check(catalog, rules, year=default_last_year()).summary.target.percent == 50


def test_volumes_override(rules: Rules, catalog: list[Procedure]) -> None:
    summary = check(catalog, rules, year=2026, volumes={"9.999001": 1000}).summary
    assert summary.overall.volume == 1000 + 300 + 50 + 10


class _ProvincePlugin:
    """A synthetic province plugin: 40% for its field, a one-day floor, hour rounding."""

    @hookimpl
    def tthc_reduction_target(
        self, procedure: Procedure | None, case: Case | None, year: int
    ) -> Target | None:
        if procedure is not None and procedure.field == "Báo chí":
            return Target(Decimal(40), None, "synthetic province plan", "province")
        return None

    @hookimpl
    def tthc_reduction_floor(self, procedure: Procedure, case: Case) -> Duration | None:
        return Duration.of(1, WD)

    @hookimpl
    def tthc_reduction_rounding(self) -> str:
        return "hour"


def test_plugin_sets_target_floor_and_rounding(catalog: list[Procedure]) -> None:
    rules = Rules(load_entry_points=False)
    rules.pm.register(_ProvincePlugin(), name="synthetic-province")
    report = check(catalog, rules, year=2026)
    by = {r.code: r for r in report.rows}
    assert by["9.999002"].target.percent == Decimal(40)
    assert by["9.999001"].target.percent == Decimal(50)
    assert report.summary.rounding == "hour"
    s1 = by["9.999001"].suggestion  # 3 days at 50%: 12 h, above the 1-day floor
    assert s1 is not None and s1.duration == d("1.5")
    unreachable = check([proc("9.999020", case(d(1), d(1)))], rules, year=2026).rows[0]
    assert unreachable.suggestion is not None and unreachable.suggestion.duration is None
    assert "floor" in str(unreachable.suggestion.reason)


# -- volumes file ----------------------------------------------------------------------


def test_load_volumes(tmp_path: Path) -> None:
    file = tmp_path / "volumes.csv"
    file.write_text("code,annual_volume\n9.999001,120\n\n9.999002, 7\n", encoding="utf-8")
    assert load_volumes(file) == {"9.999001": 120, "9.999002": 7}


def test_load_volumes_as_excel_saves_it(tmp_path: Path) -> None:
    # BOM, CRLF and ';' (Excel where the comma is the decimal mark)
    file = tmp_path / "volumes.csv"
    file.write_bytes("\ufeffcode;annual_volume\r\n9.999001;120\r\n".encode())
    assert load_volumes(file) == {"9.999001": 120}


@pytest.mark.parametrize(
    ("content", "message"),
    [
        # the header as in the file, with its own separator
        ("code;volume\n", "row 1 must be the header 'code,annual_volume' (or 'code;annual_vo"),
        ("code;volume\n", "got 'code;volume'"),
        ("code,annual_volume\n9.999001,12x\n9.999002\n", "row 2: invalid annual volume '12x'"),
        ("code,annual_volume\n9.999001,1\n9.999002\n", "row 3: missing columns"),
    ],
)
def test_load_volumes_errors(tmp_path: Path, content: str, message: str) -> None:
    file = tmp_path / "volumes.csv"
    file.write_text(content, encoding="utf-8")
    with pytest.raises(ReductionError) as info:
        load_volumes(file)
    assert message in info.value.message("en")
    assert str(file) in info.value.message("vi")


def test_load_volumes_refuses_a_code_given_twice(tmp_path: Path) -> None:
    # Which of 1200 and 5 was meant cannot be guessed: both rows are named
    file = tmp_path / "volumes.csv"
    file.write_text("code,annual_volume\n9.999001,1200\n9.999001,5\n", encoding="utf-8")
    with pytest.raises(ReductionError) as info:
        load_volumes(file)
    assert info.value.message("en") == (
        f"{file}: row 3: code '9.999001' repeats row 2 (1200 on row 2, 5 on row 3); "
        "keep one row per procedure"
    )
    assert info.value.message("vi") == (
        f"{file}: dòng 3: mã '9.999001' trùng với dòng 2 (dòng 2 ghi 1200, dòng 3 ghi 5); "
        "mỗi thủ tục chỉ giữ một dòng"
    )


# Synthetic codes (9.999xxx are not real): a national one and one with local suffixes
VOLUME_CATALOG = [
    proc("9.999010", case(d(3), d(2))),
    proc("9.999020.000.00.00.H99", case(d(3), d(2))),
]


@pytest.mark.parametrize(
    ("code", "en", "vi"),
    [
        (  # no catalog code like it
            "8.888888",
            "row 2: procedure code '8.888888' is not in the catalog",
            "dòng 2: mã thủ tục '8.888888' không có trong danh mục",
        ),
        (  # a spreadsheet read 9.999010 as a number and dropped the trailing zero
            "9.99901",
            "row 2: procedure code '9.99901' is not in the catalog; did you mean '9.999010'? "
            "(a spreadsheet may have read the code as a number)",
            "dòng 2: mã thủ tục '9.99901' không có trong danh mục; có phải '9.999010'? "
            "(bảng tính có thể đã đọc mã như một số)",
        ),
        (  # ... with the decimal comma of Vietnamese settings
            "9,99901",
            "did you mean '9.999010'? (a spreadsheet may have read the code as a number)",
            "có phải '9.999010'? (bảng tính có thể đã đọc mã như một số)",
        ),
        (  # the national code of a record the catalog lists with local suffixes
            "9.999020",
            "did you mean '9.999020.000.00.00.H99'? (the catalog lists it with local suffixes)",
            "có phải '9.999020.000.00.00.H99'? (danh mục ghi mã kèm hậu tố địa phương)",
        ),
        (  # zero-stripped, but the padded code is not in the catalog either
            "9.99903",
            "row 2: procedure code '9.99903' is not in the catalog (nor is '9.999030', if a "
            "spreadsheet dropped its trailing zeros); did you mean '9.999010'",
            "(cả '9.999030', nếu bảng tính đã bỏ các số 0 ở cuối, cũng không có)",
        ),
        (  # a typo
            "9.999011",
            "row 2: procedure code '9.999011' is not in the catalog; did you mean '9.999010'?;",
            "có phải '9.999010'?;",
        ),
    ],
    ids=["unknown", "zero-stripped", "decimal-comma", "suffixed", "padded-unknown", "typo"],
)
def test_load_volumes_refuses_a_code_not_in_the_catalog(
    tmp_path: Path, code: str, en: str, vi: str
) -> None:
    # Its volume would silently count for nothing and skew the weighted figures
    file = tmp_path / "volumes.csv"
    file.write_text(f"code;annual_volume\n{code};30\n9.999010;5\n", encoding="utf-8")
    with pytest.raises(ReductionError) as info:
        load_volumes(file, catalog=VOLUME_CATALOG)
    assert en in info.value.message("en")
    assert vi in info.value.message("vi")
    assert info.value.message("en").endswith(
        "; correct or remove each row whose code is not in the catalog: "
        "its volume would count for nothing"
    )
    assert info.value.message("vi").endswith(
        "; hãy sửa mã hoặc xoá dòng có mã không có trong danh mục: "
        "số hồ sơ của dòng đó sẽ không được tính"
    )


def test_load_volumes_lists_every_problem(tmp_path: Path) -> None:
    file = tmp_path / "volumes.csv"
    rows = ["code,annual_volume", "9.999010,1", "8.888888,2", "9.999010,3", "9.999020,x"]
    file.write_text("\n".join(rows) + "\n", encoding="utf-8")
    with pytest.raises(ReductionError) as info:
        load_volumes(file, catalog=VOLUME_CATALOG)
    message = info.value.message("en")
    assert "row 3: procedure code '8.888888'" in message
    assert "row 4: code '9.999010' repeats row 2" in message
    assert "row 5: invalid annual volume 'x'" in message


def test_load_volumes_with_the_catalog(tmp_path: Path) -> None:
    file = tmp_path / "volumes.csv"
    file.write_text("code,annual_volume\n9.999010,7\n9.999020.000.00.00.H99,9\n", encoding="utf-8")
    assert load_volumes(file, catalog=VOLUME_CATALOG) == {
        "9.999010": 7,
        "9.999020.000.00.00.H99": 9,
    }


@pytest.mark.parametrize("bad_row", [1, 3, 3000])  # 3000: past the first decoded chunk
def test_load_volumes_not_utf8_names_the_file_and_row(tmp_path: Path, bad_row: int) -> None:
    lines = [b"code,annual_volume\n"] + [b"9.999001,1\n"] * 3999
    lines[bad_row - 1] = b"# Qu\xe1ng Tr\xec\n"  # a legacy code page (synthetic line)
    file = tmp_path / "volumes.csv"
    file.write_bytes(b"".join(lines))
    with pytest.raises(ReductionError) as info:
        load_volumes(file)
    assert info.value.message("en") == (
        f"{file}: row {bad_row}: byte 0xe1 is not valid UTF-8; save the file as UTF-8"
    )
    assert info.value.message("vi") == (
        f"{file}: dòng {bad_row}: byte 0xe1 không phải UTF-8; hãy lưu tệp dạng UTF-8"
    )


def test_load_volumes_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ReductionError, match="cannot read") as info:
        load_volumes(tmp_path / "nope.csv")
    assert "không đọc được" in info.value.message("vi")


def test_round_numbers_print_plainly() -> None:
    # Decimal.normalize() alone would print 10 as 1E+1
    suggestion = suggest(d(100, WH), Decimal(90), floor=d(20, WH))
    assert suggestion.reason is not None
    assert suggestion.reason("en").endswith("in whole working hours is 10 working hours")
    from tthc.reduction import Progress

    progress = Progress(hours_saved=Decimal("100.0"))
    assert progress.as_dict()["hours_saved"] == "100"


# -- review fixes: committed time only as text, references, weighted hours ----------------


def test_committed_text_only_is_not_recorded_not_missed(rules: Rules) -> None:
    # Synthetic (9.99xxxx codes are not real): the published committed time is only text.
    only_text = Case(time=d(10), committed_text="05 ngày làm việc")
    catalog = [proc("9.990101", only_text), proc("9.990102", case(d(10), d(8)))]
    report = check(catalog, rules, year=2025)
    row = report.rows[0]
    assert row.status is Status.NOT_RECORDED and row.meets_target is None
    assert row.reduction_percent is None and row.suggestion is None
    assert row.reason is not None
    assert row.reason("en") == (
        "committed_text '05 ngày làm việc' is given but committed is not: the text reads as "
        "5 working days, a cut of 50.00% from 10 working days; record committed: "
        "{value: 5, unit: working_days}"
    )
    assert row.reason("vi") == (
        "committed_text '05 ngày làm việc' có nhưng committed không có: văn bản đọc được là "
        "5 ngày làm việc, tức cắt giảm 50,00% so với 10 ngày làm việc; hãy ghi committed: "
        "{value: 5, unit: working_days}"
    )
    overall = report.summary.overall
    assert (overall.met, overall.missed, overall.not_comparable, overall.not_recorded) == (
        0,
        1,
        0,
        1,
    )
    assert overall.share_met_comparable == Decimal(0) and overall.comparable == 1
    assert report.summary.as_dict()["not_recorded"] == 1


def test_committed_text_that_cannot_be_read(rules: Rules) -> None:
    catalog = [proc("9.990103", Case(time=d(10), committed_text="theo kế hoạch"))]
    row = check(catalog, rules, year=2025).rows[0]
    assert row.status is Status.NOT_RECORDED and row.reason is not None
    assert row.reason("en").startswith(
        "committed_text 'theo kế hoạch' is given but committed is not, and the text cannot be "
        "read (Cannot read the processing time"
    )
    assert row.reason("en").endswith("): record committed: {value, unit}")
    assert ".)" not in row.reason("en") and ".)" not in row.reason("vi")
    assert "hãy ghi committed: {value, unit}" in row.reason("vi")


def test_a_missed_case_outranks_a_not_recorded_one(rules: Rules) -> None:
    catalog = [
        proc(
            "9.990104",
            Case(name="A", time=d(10), committed_text="05 ngày làm việc"),
            case(d(10), d(9), name="B"),
        )
    ]
    overall = check(catalog, rules, year=2025).summary.overall
    assert (overall.missed, overall.not_recorded) == (1, 0)


def test_cases_are_counted_by_reference(rules: Rules) -> None:
    catalog = [
        proc("9.990105", case(d(8), d(6), baseline=d(12))),
        proc("9.990106", case(d(8), d(4)), case(d(2), d(1), name="B")),
    ]
    summary = check(catalog, rules, year=2026).summary
    assert summary.references == {"baseline": 1, "legal": 2}
    assert summary.as_dict()["cases_by_reference"] == {"baseline": 1, "legal": 2}
    # before 2026 the target has no baseline year: every case against the legal time
    assert check(catalog, rules, year=2025).summary.references == {"baseline": 0, "legal": 3}


def test_weighted_hours_are_none_without_a_known_volume(rules: Rules) -> None:
    catalog = [proc("9.990107", case(d(10), d(5)))]
    overall = check(catalog, rules, year=2025).summary.overall
    assert overall.hours_saved_weighted is None
    assert overall.as_dict()["hours_saved_weighted"] is None
    assert overall.as_dict()["share_met_weighted"] is None
    weighted = check(catalog, rules, year=2025, volumes={"9.990107": 3}).summary.overall
    assert weighted.hours_saved_weighted == Decimal(120)
    # a known volume but no working-time figure (calendar days): still none
    days = [proc("9.990108", case(d(20, CD), d(10, CD)), volume=5)]
    assert check(days, rules, year=2025).summary.overall.hours_saved_weighted is None


# -- clock hours (a bare "giờ") ---------------------------------------------------------------


def test_clock_and_working_hours_are_not_comparable() -> None:
    clock, working = Duration.of(24, "clock_hours"), Duration.of(12, "working_hours")
    with pytest.raises(NotComparableError) as info:
        reduction_percent(clock, working)
    assert "clock hours run through nights and days off" in info.value.message("en")
    assert reduction_percent(clock, Duration.of(12, "clock_hours")) == Decimal(50)
    assert suggest(clock, Decimal(30)).duration == Duration.of(16, "clock_hours")


def test_clock_hours_compare_with_working_hours_when_the_policy_says_so() -> None:
    procedure = Procedure(
        code="9.999201",
        name="Thủ tục thử nghiệm",
        field="thu-nghiem",
        levels=(Level.PROVINCE,),
        processing_time=(
            Case(
                time=Duration.of(24, "clock_hours"),
                committed=Duration.of(12, "working_hours"),
            ),
        ),
    )
    case = procedure.processing_time[0]
    target = Target(Decimal(30))
    assert check_case(procedure, case, target).status is Status.NOT_COMPARABLE
    counted = check_case(procedure, case, target, clock_hours_as="working")
    assert counted.status is Status.MET
    assert counted.reduction_percent == Decimal(50)
