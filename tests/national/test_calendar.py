"""Tests of the national calendar data: official swaps, shipped statutory days, provenance."""

from __future__ import annotations

import json
from datetime import date, time, timedelta
from functools import cache

import pytest

from tthc.calendar import WorkingCalendar
from tthc.errors import CalendarError, TthcError
from tthc.national import calendar as national_calendar
from tthc.rules import Rules


@cache
def cal() -> WorkingCalendar:
    return Rules.national().calendar


def days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=k) for k in range((last - first).days + 1)]


# The official 2024-2026 swap decisions (docs/calendar.md): every date it names, with its status.
OFF = [
    # 2024: Tết 8-14 Feb; Mon 29 Apr off; 2-3 Sep National Day
    *days(date(2024, 2, 8), date(2024, 2, 14)),
    date(2024, 4, 29),
    date(2024, 4, 30),
    date(2024, 5, 1),
    date(2024, 9, 2),
    date(2024, 9, 3),
    # 2025: Tết 25 Jan - 2 Feb (weekdays 27-31 Jan); Fri 2 May off; 1-2 Sep
    *days(date(2025, 1, 25), date(2025, 2, 2)),
    date(2025, 4, 30),
    date(2025, 5, 1),
    date(2025, 5, 2),
    date(2025, 9, 1),
    date(2025, 9, 2),
    # 2026: Fri 2 Jan off; Tết 14-22 Feb; Sun 26 + Mon 27 Apr; 30 Apr, 1 May;
    # Mon 31 Aug off; 1-2 Sep; 24 Nov (Culture Day, provenance Resolution 80-NQ/TW)
    date(2026, 1, 1),
    date(2026, 1, 2),
    *days(date(2026, 2, 14), date(2026, 2, 22)),
    date(2026, 4, 26),
    date(2026, 4, 27),
    date(2026, 4, 30),
    date(2026, 5, 1),
    date(2026, 8, 31),
    date(2026, 9, 1),
    date(2026, 9, 2),
    date(2026, 11, 24),
]
CULTURE_DAY_2026 = date(2026, 11, 24)
WORKED = [date(2024, 5, 4), date(2025, 4, 26), date(2026, 1, 10), date(2026, 8, 22)]


@pytest.mark.parametrize("day", OFF, ids=str)
def test_official_days_off_2024_2026(day: date) -> None:
    assert not cal().is_working_day(day)
    why = cal().explain(day)
    assert why.recorded and why.source
    # Culture Day's decision is not confirmed: the one estimate of an official year.
    assert why.estimate == (day == CULTURE_DAY_2026)
    assert why.confirmed == (day != CULTURE_DAY_2026)


@pytest.mark.parametrize("day", WORKED, ids=str)
def test_official_make_up_saturdays_2024_2026(day: date) -> None:
    assert day.weekday() == 5
    assert cal().is_working_day(day)
    assert "làm bù" in cal().explain(day).reason.vi


@pytest.mark.parametrize(
    ("day", "document"),
    [
        (date(2024, 2, 12), "5015/TB-LĐTBXH"),
        (date(2024, 4, 29), "2450/VPCP-KGVX"),
        (date(2024, 5, 4), "2450/VPCP-KGVX"),
        (date(2025, 1, 27), "6150/TB-BLĐTBXH"),
        (date(2025, 5, 2), "6150/TB-BLĐTBXH"),
        (date(2025, 4, 26), "6150/TB-BLĐTBXH"),
        (date(2026, 1, 2), "12729/VPCP-KGVX"),
        (date(2026, 1, 10), "12729/VPCP-KGVX"),
        (date(2026, 2, 16), "9441/TB-BNV"),
        (date(2026, 8, 31), "9441/TB-BNV"),
        (date(2026, 8, 22), "9441/TB-BNV"),
        (date(2026, 11, 24), "80-NQ/TW"),
        (date(2023, 1, 23), "8056/VPCP-KGVX"),
        (date(2022, 2, 1), "245/VPCP-KGVX"),
        (date(2021, 9, 3), "4875/TB-LĐTBXH"),
        (date(2019, 4, 29), "3238/TB-LĐTBXH"),
        (date(2018, 12, 31), "3238/TB-LĐTBXH"),
    ],
)
def test_each_swap_cites_its_document(day: date, document: str) -> None:
    assert document in cal().explain(day).source


def test_plain_days_around_the_2026_swaps() -> None:
    c = cal()
    assert c.is_working_day(date(2026, 1, 5))
    assert c.is_working_day(date(2026, 2, 13))
    assert c.is_working_day(date(2026, 2, 23))
    assert not c.is_working_day(date(2026, 1, 3))  # plain Saturday
    assert not c.is_working_day(date(2026, 8, 29))  # plain Saturday


def test_culture_day_carries_its_provenance() -> None:
    why = cal().explain(CULTURE_DAY_2026)
    assert "80-NQ/TW" in why.source
    assert "chưa xác nhận" in why.source
    # 2026 is an official year, but this day's own decision is not confirmed.
    assert (why.working, why.estimate, why.confirmed) == (False, True, False)
    assert why.as_dict()["estimate"] is True and why.as_dict()["confirmed"] is False
    assert why.text("en").endswith("; estimate (the decision on this day is not confirmed)")
    assert why.text("vi").endswith("; tạm tính (văn bản về ngày này chưa được xác nhận)")
    assert cal().unconfirmed_days(date(2026, 1, 1), date(2026, 12, 31)) == (CULTURE_DAY_2026,)
    # later years: estimates from the lunar/solar rule, same provenance
    later = cal().explain(date(2027, 11, 24))
    assert not later.working and later.estimate and "80-NQ/TW" in later.source
    assert not later.confirmed  # still unconfirmed once 2027 becomes an official year


def test_official_years_and_estimates() -> None:
    c = cal()
    assert set(range(2018, 2027)) <= c.official_years
    assert 2027 not in c.official_years
    assert c.explain(date(2028, 1, 3)).estimate
    assert c.estimated_years(date(2026, 12, 1), date(2027, 1, 5)) == (2027,)
    assert c.first_year == 1995 and c.last_year >= 2035


def test_years_without_a_found_document_say_so() -> None:
    for day in (date(2018, 2, 14), date(2020, 1, 27)):
        source = cal().explain(day).source
        assert "python-holidays (VN)" in source
        assert "chưa tìm thấy số hiệu" in source


def test_every_recorded_day_has_a_source() -> None:
    c = cal()
    for year in range(c.first_year, c.last_year + 1):
        for entry in c.days(year):
            assert entry.source, entry
            unofficial = year not in c.official_years
            assert entry.estimate == (unofficial or not entry.confirmed), entry
            # Only Culture Day (and its compensatory day) rests on an unconfirmed decision.
            assert entry.confirmed == ("Văn hóa" not in entry.reason.vi), entry


def test_national_working_hours() -> None:
    hours = national_calendar.tthc_working_hours()
    assert hours.intervals_for(date(2026, 11, 26)) == (
        (time(8), time(12)),
        (time(13), time(17)),
    )
    assert "188/1999/QĐ-TTg" in hours.periods[0].source
    assert "từng tỉnh" in hours.note.vi and "each province" in hours.note.en


def test_decision_dates_belong_to_their_year_and_are_unique() -> None:
    seen = [d.day for d in national_calendar.decision_days()]
    assert len(seen) == len(set(seen))


# -- the shipped statutory days are what `holidays` computes -----------------------------


def test_shipped_statutory_days_match_holidays() -> None:
    data = national_calendar.statutory_data()
    rows = national_calendar.statutory_rows(data["first_year"], data["last_year"])
    assert [list(r) for r in rows] == data["days"]


def test_statutory_rows_beyond_the_shipped_years() -> None:
    rows = national_calendar.statutory_rows(2036, 2036)
    assert ("2036-01-01", False, "Tết Dương lịch", "New Year's Day") in rows
    extra = national_calendar.tthc_calendar_days(first_year=2036, last_year=2036)
    assert {d.day.year for d in extra} == {2036}
    assert all(d.estimate for d in extra)


def test_official_years_agree_with_holidays_swaps() -> None:
    """Where `holidays` knows a weekday off or a make-up day, the calendar agrees."""
    import holidays

    c = cal()
    years = sorted(c.official_years)
    vn = holidays.country_holidays("VN", years=years)
    for day in vn:
        if day.weekday() < 5:
            assert not c.is_working_day(day), (day, vn[day])
    for day in vn.weekend_workdays:
        if day.year in c.official_years:
            assert c.is_working_day(day), day
    # the decisions holidays lacks (docs/calendar.md): the 2026 New Year swap
    assert date(2026, 1, 2) not in vn
    assert date(2026, 1, 10) not in vn.weekend_workdays


def test_runtime_does_not_import_holidays() -> None:
    import subprocess
    import sys

    code = (
        "import sys, tthc; from datetime import date; "
        "tthc.Rules.national().calendar.add_working_days(date(2026, 1, 1), 3); "
        "print(json.dumps('holidays' in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", "import json; " + code],
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(out.stdout) is False


# -- the compiled copy of decisions.yaml ---------------------------------------------------


def test_compiled_decisions_are_fresh() -> None:
    """decisions.json must be regenerated after editing decisions.yaml."""
    shipped = national_calendar._data("decisions.json").decode("utf-8")
    assert shipped == national_calendar.compiled_decisions(), (
        "run: python -m tthc.national.calendar decisions > src/tthc/national/data/decisions.json"
    )


def test_fresh_compiled_copy_needs_no_yaml(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_yaml(raw: bytes) -> object:
        raise AssertionError("YAML parsed although the compiled copy is fresh")

    national_calendar.decisions_data.cache_clear()
    monkeypatch.setattr(national_calendar, "_load_yaml", no_yaml)
    try:
        assert national_calendar.decisions_data()["years"][0]["year"] == 2018
    finally:
        national_calendar.decisions_data.cache_clear()


def test_stale_compiled_copy_falls_back_to_yaml(monkeypatch: pytest.MonkeyPatch) -> None:
    real = national_calendar._data

    def stale(name: str) -> bytes:
        if name == "decisions.json":
            return json.dumps({"source_checksum": "crc32:00000000", "data": {}}).encode()
        return real(name)

    national_calendar.decisions_data.cache_clear()
    monkeypatch.setattr(national_calendar, "_data", stale)
    try:
        data = national_calendar.decisions_data()
        assert data["years"][0]["year"] == 2018
        assert isinstance(data["years"][0]["days"][0]["dates"][0], date)  # parsed from YAML
    finally:
        national_calendar.decisions_data.cache_clear()


# -- errors in an edited decisions.yaml (synthetic entries, no real decision) -------------


def _decision_days_of(monkeypatch: pytest.MonkeyPatch, days: list[object]) -> object:
    data = {"years": [{"year": 2030, "documents": [{"number": "synthetic"}], "days": days}]}
    monkeypatch.setattr(national_calendar, "decisions_data", lambda: data)
    return national_calendar.decision_days.__wrapped__()


def test_decisions_reason_must_be_text(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(CalendarError) as info:
        _decision_days_of(monkeypatch, [{"dates": ["2030-01-02"], "reason": 7}])
    assert info.value.message("en") == ("decisions.yaml: invalid reason at 2030: ['2030-01-02']: 7")
    assert info.value.message("vi") == (
        "decisions.yaml: lý do không hợp lệ ở 2030: ['2030-01-02']: 7"
    )


def test_decisions_date_outside_its_year(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(CalendarError) as info:
        _decision_days_of(monkeypatch, [{"dates": ["2031-01-02"], "reason": "nghỉ"}])
    assert info.value.message("en") == (
        "decisions.yaml: date datetime.date(2031, 1, 2) is not in year 2030"
    )
    assert info.value.message("vi") == (
        "decisions.yaml: ngày datetime.date(2031, 1, 2) không thuộc năm 2030"
    )


@pytest.mark.parametrize("value", ["2030-02-30", "30/01/2030", 20300130])
def test_decisions_invalid_date(monkeypatch: pytest.MonkeyPatch, value: object) -> None:
    with pytest.raises(CalendarError) as info:
        _decision_days_of(monkeypatch, [{"dates": [value], "reason": "nghỉ"}])
    assert info.value.message("en") == (
        f"decisions.yaml: invalid date {value!r} at 2030: [{value!r}] "
        "(expected a real date, YYYY-MM-DD)"
    )
    assert info.value.message("vi") == (
        f"decisions.yaml: ngày không hợp lệ {value!r} ở 2030: [{value!r}] "
        "(cần một ngày có thật, dạng YYYY-MM-DD)"
    )


def _decisions_from_yaml(monkeypatch: pytest.MonkeyPatch, raw: bytes) -> object:
    """decision_days() as if decisions.yaml held ``raw`` (its compiled copy is then stale)."""
    real = national_calendar._data

    def edited(name: str) -> bytes:
        return raw if name == "decisions.yaml" else real(name)

    national_calendar.decisions_data.cache_clear()
    monkeypatch.setattr(national_calendar, "_data", edited)
    try:
        return national_calendar.decision_days.__wrapped__()
    finally:
        national_calendar.decisions_data.cache_clear()


def test_decisions_yaml_with_a_date_that_does_not_exist(monkeypatch: pytest.MonkeyPatch) -> None:
    # Synthetic entry. PyYAML's loader failed on it with a bare "day is out of range for month".
    raw = b"years:\n  - year: 2026\n    days:\n      - dates: [2026-02-30]\n        reason: x\n"
    with pytest.raises(CalendarError) as info:
        _decisions_from_yaml(monkeypatch, raw)
    assert info.value.message("en") == (
        "decisions.yaml: invalid date '2026-02-30' at 2026: ['2026-02-30'] "
        "(expected a real date, YYYY-MM-DD)"
    )
    assert info.value.message("vi") == (
        "decisions.yaml: ngày không hợp lệ '2026-02-30' ở 2026: ['2026-02-30'] "
        "(cần một ngày có thật, dạng YYYY-MM-DD)"
    )


def test_decisions_yaml_that_is_not_yaml(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(TthcError) as info:
        _decisions_from_yaml(monkeypatch, b"years:\n  - year: [2026\n")
    assert info.value.message("en").startswith("decisions.yaml:3:1: invalid YAML: ")
    assert info.value.message("vi").startswith("decisions.yaml:3:1: YAML không hợp lệ: ")


def test_decisions_unconfirmed_entry_is_an_estimate(monkeypatch: pytest.MonkeyPatch) -> None:
    days = _decision_days_of(
        monkeypatch,
        [
            {"dates": ["2030-01-02"], "reason": "nghỉ"},
            {"dates": ["2030-01-03"], "reason": "nghỉ", "confirmed": False},
        ],
    )
    assert [(d.day.day, d.estimate, d.confirmed) for d in days] == [  # type: ignore[attr-defined]
        (2, False, True),
        (3, True, False),
    ]


@pytest.mark.parametrize("value", ["no", 0, None])
def test_decisions_confirmed_must_be_a_boolean(
    monkeypatch: pytest.MonkeyPatch, value: object
) -> None:
    with pytest.raises(CalendarError) as info:
        _decision_days_of(
            monkeypatch, [{"dates": ["2030-01-02"], "reason": "nghỉ", "confirmed": value}]
        )
    assert info.value.message("en") == (
        f"decisions.yaml: 'confirmed' must be true or false at 2030: ['2030-01-02']: {value!r}"
    )
    assert info.value.message("vi") == (
        f"decisions.yaml: 'confirmed' phải là true hoặc false ở 2030: ['2030-01-02']: {value!r}"
    )


def test_unconfirmed_day_in_the_shipped_yaml_is_marked() -> None:
    """decisions.yaml itself marks Culture Day 2026 (not only the compiled copy)."""
    data = national_calendar._load_yaml(national_calendar._data("decisions.yaml"))
    entries = [
        change
        for year in data["years"]
        for change in year["days"]
        if change.get("confirmed") is False
    ]
    assert [e["dates"] for e in entries] == [[CULTURE_DAY_2026]]


# -- citations and statutory names ------------------------------------------------------------


def test_hung_kings_compensatory_day_cites_the_labour_code_rule() -> None:
    # 27/04/2026 is off because 26/04 (Hùng Kings) fell on the weekly rest day: Labour Code
    # art. 111(3). Notice 9441/TB-BNV covers Tết and National Day only.
    from tthc.rules import Rules

    entry = Rules(load_entry_points=False).calendar.explain(date(2026, 4, 27))
    assert "Điều 111 khoản 3" in entry.source
    assert "9441" not in entry.source


def test_national_day_2022_is_not_attributed_to_the_tet_letter() -> None:
    from tthc.rules import Rules

    entry = Rules(load_entry_points=False).calendar.explain(date(2022, 9, 1))
    assert "245/VPCP-KGVX" not in entry.source
    assert "45/2019/QH14" in entry.source


@pytest.mark.parametrize(
    ("day", "vi", "en"),
    [
        (date(2026, 2, 16), "Giao thừa (Tết Nguyên đán)", "Lunar New Year's Eve (Giao thừa, Tết)"),
        (date(2026, 2, 17), "Mùng 1 Tết Nguyên đán", "1st day of Tết (Mùng 1)"),
        (date(2026, 2, 20), "Mùng 4 Tết Nguyên đán", "4th day of Tết (Mùng 4)"),
        (date(2025, 1, 28), "Giao thừa (Tết Nguyên đán)", "Lunar New Year's Eve (Giao thừa, Tết)"),
        # a weekend day of the break keeps the decision's name
        (date(2026, 2, 14), "Tết Nguyên đán", "Lunar New Year (Tết)"),
    ],
)
def test_official_tet_days_have_their_statutory_names(day: date, vi: str, en: str) -> None:
    from tthc.rules import Rules

    entry = Rules(load_entry_points=False).calendar.explain(day)
    assert (entry.reason.vi, entry.reason.en) == (vi, en)
