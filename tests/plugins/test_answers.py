"""tthc.plugins.answers: every check of what a plugin answers, in one place."""

from __future__ import annotations

from datetime import date, datetime
from string import Template

import pytest

from tthc.calendar import CalendarDay, HoursPeriod, WorkingHours
from tthc.errors import CalendarError, PluginError
from tthc.i18n import Text
from tthc.plugins.answers import answer_kind, check_answer, collect_rules, shown_value
from tthc.sla import CountingPolicy
from tthc.validation import Rule, Severity


def a_rule(code: str) -> Rule:
    return Rule(code, Severity.WARNING, Text("t", "t"), Text("e", "e"))


@pytest.mark.parametrize(
    ("hook", "answer"),
    [
        ("tthc_counting_policy", CountingPolicy()),
        ("tthc_effective_receipt", datetime(2026, 1, 5, 8)),
        ("tthc_reduction_rounding", "half_day"),
        ("tthc_form_template", "$due_at"),
        ("tthc_form_template", Template("$due_at")),
        ("tthc_working_hours", WorkingHours((HoursPeriod("07:30-11:30, 13:30-17:00"),))),
        ("tthc_not_checked", object()),
    ],
)
def test_a_right_answer_is_given_back(hook: str, answer: object) -> None:
    assert check_answer(hook, "p", answer) is answer


@pytest.mark.parametrize(
    ("hook", "answer", "expected"),
    [
        ("tthc_counting_policy", {"pause_mode": "restart"}, "tthc.sla.CountingPolicy"),
        ("tthc_reduction_rounding", "week", "'day', 'half_day' or 'hour'"),
        ("tthc_reduction_target", 40, "tthc.reduction.Target"),
        ("tthc_form_template", b"bytes", "str, string.Template or tthc.formword.WordTemplate"),
    ],
)
def test_a_wrong_first_result_names_the_plugin_and_the_hook(
    hook: str, answer: object, expected: str
) -> None:
    with pytest.raises(PluginError) as info:
        check_answer(hook, "vi-du", answer)
    assert info.value.plugin == "vi-du"
    assert info.value.message("en") == (
        f"Plugin 'vi-du' returned {answer!r} instead of {expected} ({hook})"
    )
    assert info.value.message("vi").startswith("Plugin 'vi-du' trả về ")


def test_answer_kind_is_known_only_for_the_type_checked_hooks() -> None:
    assert answer_kind("tthc_deadline") is not None
    assert answer_kind("tthc_calendar_days") is None  # checked by its own function
    assert answer_kind("tthc_no_such_hook") is None


def test_calendar_answers_are_calendar_errors_naming_the_plugin() -> None:
    day = CalendarDay(date(2026, 1, 1), False, Text("Tết Dương lịch", "New Year"), "source")
    assert check_answer("tthc_calendar_days", "p", (d for d in [day])) == [day]
    for hook, answer in [
        ("tthc_calendar_days", day),  # one day, not a list of them
        ("tthc_calendar_days", [day, "2026-01-02"]),
        ("tthc_official_years", "2027"),  # not the years 2, 0, 2 and 7
        ("tthc_official_years", [2027, True]),
        ("tthc_working_hours", "08:00-12:00"),
    ]:
        with pytest.raises(CalendarError) as info:
            check_answer(hook, "p", answer)
        assert info.value.plugin == "p"
        assert f"({hook})" in info.value.message("en")


def test_official_years_from_a_generator_are_read_once() -> None:
    assert check_answer("tthc_official_years", "p", (y for y in (2026, 2027))) == (2026, 2027)


def test_validation_rules_are_checked_and_codes_are_unique() -> None:
    assert collect_rules([("b", [a_rule("XY102")]), ("a", (a_rule("XY101"),))]) == [
        ("a", a_rule("XY101")),
        ("b", a_rule("XY102")),
    ]
    with pytest.raises(PluginError, match=r"instead of a list of tthc.validation.Rule"):
        collect_rules([("a", a_rule("XY101"))])
    with pytest.raises(PluginError) as info:
        collect_rules([("later", [a_rule("XY101")]), ("earlier", [a_rule("XY101")])])
    assert info.value.plugin == "later"  # registered later, called first: the one to drop
    assert "Rule code XY101 is defined twice" in info.value.message("en")


def test_a_long_answer_is_quoted_briefly() -> None:
    shown = shown_value("x" * 500)
    assert len(shown) == 80 and shown.endswith("…")
