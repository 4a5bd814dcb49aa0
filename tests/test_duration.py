"""Tests of tthc.duration: the Duration model, its exact conversions and its text."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from tthc.duration import HOURS_PER_WORKING_DAY, MAX_VALUE, Duration, Unit, problems_of
from tthc.errors import DurationError


def test_value_is_exact_decimal() -> None:
    duration = Duration(value="2.5", unit="working_days")
    assert duration.value == Decimal("2.5")
    assert isinstance(duration.value, Decimal)


def test_yaml_float_is_read_through_its_repr() -> None:
    # YAML gives 0.1 as a float; its repr is the exact decimal the file wrote.
    assert Duration(value=0.1, unit=Unit.WORKING_DAYS).value == Decimal("0.1")


@pytest.mark.parametrize(
    ("value", "unit", "message"),
    [
        ("-1", Unit.WORKING_DAYS, "value must not be negative"),
        ("NaN", Unit.WORKING_DAYS, "finite number"),
        ("Infinity", Unit.WORKING_HOURS, "finite number"),
        ("1", Unit.SAME_DAY, "a same-day duration has value 0"),
        ("1.5", Unit.MONTHS, "months must be a whole number"),
        ("0.5", Unit.CALENDAR_DAYS, "calendar days must be a whole number"),
    ],
)
def test_validators(value: str, unit: Unit, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        Duration(value=Decimal(value), unit=unit)


@pytest.mark.parametrize(
    ("value", "unit", "vi"),
    [
        ("-1", Unit.WORKING_DAYS, "giá trị không được âm"),
        ("1", Unit.SAME_DAY, "thời hạn trong ngày có giá trị 0"),
        ("1.5", Unit.MONTHS, "số tháng phải là số nguyên"),
        ("0.5", Unit.CALENDAR_DAYS, "số ngày phải là số nguyên"),
    ],
)
def test_value_errors_are_located_at_the_value_and_bilingual(
    value: str, unit: Unit, vi: str
) -> None:
    # The error names the value, not the whole duration: a catalog shows it at `value:`.
    with pytest.raises(ValidationError) as info:
        Duration.model_validate({"value": value, "unit": unit.value})
    (error,) = info.value.errors()
    assert error["loc"] == ("value",)
    assert not error["msg"].startswith("Value error")
    assert problems_of(info.value).vi == vi
    assert problems_of(info.value).en == error["msg"]


def test_problems_of_other_errors_keep_their_text() -> None:
    with pytest.raises(ValidationError) as info:
        Duration.model_validate({"value": "1", "unit": "weeks"})
    problems = problems_of(info.value)
    assert problems.vi == problems.en
    assert "Input should be 'working_days'" in problems.en


def test_unknown_field_and_unit_are_rejected() -> None:
    with pytest.raises(ValidationError, match="Extra inputs are not permitted"):
        Duration(value=Decimal(1), unit=Unit.MONTHS, days=3)  # type: ignore[call-arg]
    with pytest.raises(ValidationError, match="unit"):
        Duration(value=Decimal(1), unit="weeks")


def test_immutable_and_hashable() -> None:
    duration = Duration.of(3, "working_days")
    with pytest.raises(ValidationError):
        duration.value = Decimal(4)  # type: ignore[misc]
    assert {duration, Duration.of("3.0", "working_days")} == {duration}


def test_of() -> None:
    assert Duration.of(3, "working_days") == Duration(value=Decimal(3), unit=Unit.WORKING_DAYS)
    assert Duration.of("2.5", Unit.WORKING_HOURS, "ghi chú").note == "ghi chú"
    assert Duration.of(Decimal(0), "same_day").unit is Unit.SAME_DAY


@pytest.mark.parametrize(
    ("value", "unit", "vi", "en"),
    [
        (
            "abc",
            "working_days",
            "Thời hạn không hợp lệ: 'abc' working_days",
            "'abc' working_days (not a number)",
        ),
        (1, "weeks", "Thời hạn không hợp lệ: 1 weeks", "Invalid duration: 1 weeks"),
        (-2, "working_days", "Thời hạn không hợp lệ: -2", "value must not be negative"),
        ("1.5", "months", "'1.5' months", "months must be a whole number"),
        (2, "same_day", "2 same_day (thời hạn trong ngày có giá trị 0)", "2 same_day (a same-day"),
        ("-1", "months", "'-1' months (giá trị không được âm)", "(value must not be negative)"),
        ("0.5", "calendar_days", "(số ngày phải là số nguyên)", "(calendar days must be a whole"),
    ],
)
def test_of_errors(value: str | int, unit: str, vi: str, en: str) -> None:
    with pytest.raises(DurationError) as info:
        Duration.of(value, unit)
    assert vi in info.value.message("vi")
    assert en in info.value.message("en")
    assert info.value.message("en").startswith("Invalid duration: ")


@pytest.mark.parametrize(
    ("unit", "limit", "vi_word", "en_word"),
    [
        (Unit.WORKING_DAYS, 26_000, "ngày làm việc", "working days"),
        (Unit.WORKING_HOURS, 208_000, "giờ làm việc", "working hours"),
        (Unit.CALENDAR_DAYS, 36_500, "ngày", "calendar days"),
        (Unit.MONTHS, 1_200, "tháng", "months"),
    ],
)
def test_value_is_at_most_100_years(unit: Unit, limit: int, vi_word: str, en_word: str) -> None:
    assert MAX_VALUE[unit] == limit
    assert Duration.of(limit, unit).value == limit
    with pytest.raises(ValidationError) as located:
        Duration.model_validate({"unit": unit.value, "value": limit + 1})
    assert located.value.errors()[0]["loc"] == ("value",)
    with pytest.raises(DurationError) as info:
        Duration.of(10**12, unit)
    assert info.value.message("en") == (
        f"Invalid duration: {10**12!r} {unit.value} (value 1000000000000 is more than {limit} "
        f"{en_word} (100 years), longer than any processing time; check for a typo)"
    )
    assert info.value.message("vi") == (
        f"Thời hạn không hợp lệ: {10**12!r} {unit.value} (giá trị 1000000000000 vượt quá "
        f"{limit} {vi_word} (100 năm), dài hơn mọi thời hạn giải quyết; hãy kiểm tra lỗi gõ)"
    )


def test_a_huge_exponent_is_refused_quickly() -> None:
    with pytest.raises(DurationError, match=r"value 1E\+999999 is more than 26000"):
        Duration.of("1E+999999", "working_days")


def test_working_hours() -> None:
    assert HOURS_PER_WORKING_DAY == 8
    assert Duration.of("2.5", "working_days").working_hours == 20
    assert Duration.of("0.25", "working_days").working_hours == 2
    assert Duration.of(12, "working_hours").working_hours == 12
    assert Duration.of(10, "calendar_days").working_hours is None
    assert Duration.of(6, "months").working_hours is None
    assert Duration.of(0, "same_day").working_hours is None


def test_without_note() -> None:
    duration = Duration.of(8, "working_days", "kể từ ngày nhận đủ hồ sơ")
    assert duration.without_note() == Duration.of(8, "working_days")
    assert duration != duration.without_note()


@pytest.mark.parametrize(
    ("duration", "vi", "en"),
    [
        (Duration.of(3, "working_days"), "3 ngày làm việc", "3 working days"),
        (Duration.of(1, "working_days"), "1 ngày làm việc", "1 working day"),
        (Duration.of("2.50", "working_days"), "2,5 ngày làm việc", "2.5 working days"),
        (Duration.of("03", "working_days"), "3 ngày làm việc", "3 working days"),
        (Duration.of(24, "working_hours"), "24 giờ làm việc", "24 working hours"),
        (Duration.of("0.25", "working_hours"), "0,25 giờ làm việc", "0.25 working hours"),
        (Duration.of(10, "calendar_days"), "10 ngày", "10 calendar days"),
        (Duration.of(1, "calendar_days"), "1 ngày", "1 calendar day"),
        (Duration.of(6, "months"), "6 tháng", "6 months"),
        (Duration.of(1, "months"), "1 tháng", "1 month"),
        (Duration.of(0, "same_day"), "trong ngày", "same day"),
        (Duration.of(100, "working_days"), "100 ngày làm việc", "100 working days"),
        (Duration.of("2.6E+4", "working_days"), "26000 ngày làm việc", "26000 working days"),
        (Duration.of("-0", "working_hours"), "0 giờ làm việc", "0 working hours"),
    ],
)
def test_text(duration: Duration, vi: str, en: str | None) -> None:
    assert duration.text("vi") == vi
    assert str(duration) == vi
    assert duration.as_text().vi == vi
    if en is not None:
        assert duration.text("en") == en


def test_text_follows_the_default_language(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TTHC_LANG", "en")
    assert Duration.of(3, "working_days").text() == "3 working days"
    monkeypatch.setenv("TTHC_LANG", "vi")
    assert Duration.of(3, "working_days").text() == "3 ngày làm việc"


def test_unit_prints_its_value() -> None:
    assert str(Unit.WORKING_DAYS) == "working_days"
    assert Unit("same_day") is Unit.SAME_DAY


def test_as_yaml_is_how_a_catalog_records_it() -> None:
    assert Duration.of("2.50", "working_days").as_yaml("committed") == (
        "committed: {value: 2.5, unit: working_days}"
    )
    assert Duration.of(0, "same_day").as_yaml("time") == "time: {value: 0, unit: same_day}"
    assert Duration.of("1E+1", "calendar_days").as_yaml("time") == (
        "time: {value: 10, unit: calendar_days}"  # never exponent notation
    )


# -- a plain immutable type, read from data by pydantic ----------------------------------

_VALUES = st.one_of(
    st.decimals(allow_nan=True, allow_infinity=True, places=3),
    st.integers(min_value=-10, max_value=10**6),
    st.sampled_from(["3", " 3 ", "2,5", "abc", "1e3"]),
    st.floats(allow_nan=True, allow_infinity=True, width=32),
)
_UNITS = st.one_of(st.sampled_from(list(Unit)), st.sampled_from([u.value for u in Unit]))


@given(value=_VALUES, unit=_UNITS, note=st.none() | st.text(max_size=5))
def test_building_agrees_with_reading_from_data(value: object, unit: object, note: object) -> None:
    # Duration(...) checks common arguments itself, without pydantic: it must accept and
    # refuse exactly what the pydantic model (which reads catalogs) accepts and refuses.
    try:
        expected: Duration | str = Duration.model_validate(
            {"value": value, "unit": unit, "note": note}
        )
    except ValidationError as exc:
        expected = str(problems_of(exc).en)
    try:
        built: Duration | str = Duration(value=value, unit=unit, note=note)  # type: ignore[arg-type]
    except ValidationError as exc:
        built = str(problems_of(exc).en)
    assert built == expected
    if isinstance(built, Duration):
        assert type(built.value) is Decimal and type(built.unit) is Unit


def test_plain_type_keeps_the_model_api() -> None:
    import copy
    import pickle

    duration = Duration.of("2.5", "working_days", "kể từ ngày nhận")
    assert pickle.loads(pickle.dumps(duration)) == duration
    assert copy.deepcopy(duration) == duration
    assert duration.model_copy(update={"note": None}) == duration.without_note()
    assert duration != duration.without_note()
    assert hash(duration.without_note()) == hash(Duration.of("2.50", "working_days"))
    assert repr(duration).startswith("Duration(unit=<Unit.WORKING_DAYS: 'working_days'>")
    assert Duration.model_validate(duration) is duration
    with pytest.raises(AttributeError):
        del duration.note
    assert Duration.model_construct(value=Decimal(-1), unit=Unit.MONTHS).value == -1


def test_building_a_duration_does_not_import_pydantic() -> None:
    import subprocess
    import sys

    code = (
        "import sys; from tthc.duration import Duration; from tthc import parse_duration; "
        "d = Duration.of(3, 'working_days'); d.text('vi'); parse_duration('3 ngày làm việc'); "
        "print('pydantic' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "False", result.stderr
