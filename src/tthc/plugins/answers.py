"""Checks of what plugins answer (kiểm tra câu trả lời của plugin): the one place for them.

A hook's answer is checked where tthc receives it, against what the hook promises
(:mod:`tthc.hookspecs`), so that a wrong one fails naming the plugin that gave it, not
later in someone else's code: "Plugin 'x' returned 40 instead of tthc.reduction.Target
(tthc_reduction_target)". :func:`check_answer` dispatches on the hook; the engines
(calendar, sla, validation, reduction, forms) receive answers already checked.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, TypeGuard

from tthc.calendar import CalendarDay, WorkingHours
from tthc.errors import CalendarError, PluginError
from tthc.i18n import Text
from tthc.validation import Rule, Severity

#: What each checked first-result hook must answer: (module, class) pairs and a
#: description. Imported only when that hook is first checked: ``tthc due`` must not pay
#: for importing tthc.reduction.
_KIND_SOURCES: dict[str, tuple[tuple[tuple[str, str], ...], str]] = {
    "tthc_counting_policy": ((("tthc.sla", "CountingPolicy"),), "tthc.sla.CountingPolicy"),
    "tthc_deadline": ((("tthc.sla", "Deadline"),), "tthc.sla.Deadline"),
    "tthc_effective_receipt": ((("datetime", "datetime"),), "datetime"),
    "tthc_reduction_target": ((("tthc.reduction", "Target"),), "tthc.reduction.Target"),
    "tthc_reduction_floor": ((("tthc.duration", "Duration"),), "tthc.duration.Duration"),
    "tthc_reduction_rounding": ((("builtins", "str"),), "'day', 'half_day' or 'hour'"),
    "tthc_form_template": (
        (("builtins", "str"), ("string", "Template"), ("tthc.formword", "WordTemplate")),
        "str, string.Template or tthc.formword.WordTemplate",
    ),
}
_KINDS: dict[str, tuple[tuple[type, ...], str]] = {}


def answer_kind(hook_name: str) -> tuple[tuple[type, ...], str] | None:
    """The types a first-result hook must answer with, and their description, if tthc
    checks them by type (the calendar and validation hooks have checks of their own,
    below, also run by :func:`check_answer`)."""
    kind = _KINDS.get(hook_name)
    if kind is None:
        source = _KIND_SOURCES.get(hook_name)
        if source is None:
            return None
        classes, described = source
        kind = _KINDS[hook_name] = (
            tuple(getattr(importlib.import_module(m), c) for m, c in classes),
            described,
        )
    return kind


def check_answer(hook_name: str, plugin: str, answer: object) -> Any:
    """``answer`` if it is what ``hook_name`` promises (a generator read into a tuple),
    else the error naming ``plugin``: :class:`~tthc.errors.PluginError`, or
    :class:`~tthc.errors.CalendarError` for the calendar hooks."""
    special = _CHECKS.get(hook_name)
    if special is not None:
        return special(plugin, answer)
    kind = answer_kind(hook_name)
    if kind is None:
        return answer
    types, described = kind
    ok = isinstance(answer, types)
    if ok and hook_name == "tthc_reduction_rounding":
        from tthc.reduction import GRANULARITIES  # only when a rounding is asked

        ok = answer in GRANULARITIES
    if ok:
        return answer
    shown = shown_value(answer)
    raise PluginError(
        Text(
            f"Plugin '{plugin}' trả về {shown} thay vì {described} ({hook_name})",
            f"Plugin '{plugin}' returned {shown} instead of {described} ({hook_name})",
        ),
        plugin,
    )


def shown_value(value: object, limit: int = 80) -> str:
    """``repr(value)``, cut to ``limit`` characters: enough to recognise, never a page."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


# -- the calendar hooks ----------------------------------------------------------------


def _is_collection(answer: object) -> TypeGuard[Iterable[Any]]:
    """Whether a hook's answer is a collection of items (not one item, a text or a mapping)."""
    return isinstance(answer, Iterable) and not isinstance(answer, (str, bytes, Mapping))


def _wrong_calendar_answer(
    plugin: str, answer: object, vi: str, en: str, hook: str
) -> CalendarError:
    shown = shown_value(answer)
    error = CalendarError(
        Text(
            f"Plugin '{plugin}' trả về {shown} thay vì {vi} ({hook})",
            f"Plugin '{plugin}' returned {shown} instead of {en} ({hook})",
        )
    )
    error.plugin = plugin
    return error


def _calendar_days(plugin: str, answer: object) -> list[CalendarDay]:
    hook = "tthc_calendar_days"
    if not _is_collection(answer):
        raise _wrong_calendar_answer(
            plugin, answer, "một danh sách CalendarDay", "a list of CalendarDay", hook
        )
    days: list[CalendarDay] = []
    for entry in answer:
        if not isinstance(entry, CalendarDay):
            raise _wrong_calendar_answer(plugin, entry, "CalendarDay", "a CalendarDay", hook)
        days.append(entry)
    return days


def _official_years(plugin: str, answer: object) -> tuple[int, ...]:
    # A string is iterable too: "2027" must not become the years 2, 0 and 7. A generator
    # is read once, here, not consumed by the check.
    items = tuple(answer) if _is_collection(answer) else None
    if items is None or not all(isinstance(y, int) and not isinstance(y, bool) for y in items):
        raise _wrong_calendar_answer(
            plugin,
            answer,
            "một danh sách năm (int)",
            "a list of years (int)",
            "tthc_official_years",
        )
    return items


def _working_hours(plugin: str, answer: object) -> WorkingHours:
    if not isinstance(answer, WorkingHours):
        raise _wrong_calendar_answer(
            plugin, answer, "WorkingHours", "WorkingHours", "tthc_working_hours"
        )
    return answer


# -- the validation rules --------------------------------------------------------------


def check_rules_answer(plugin: str, answer: object) -> Sequence[Rule]:
    """``answer`` of ``tthc_validation_rules`` if it is a list (or tuple) of well-formed
    rules; else :class:`~tthc.errors.PluginError` naming ``plugin``."""
    if not isinstance(answer, (list, tuple)):
        raise _wrong_rules_answer(
            plugin,
            answer,
            Text("một danh sách tthc.validation.Rule", "a list of tthc.validation.Rule"),
        )
    for rule in answer:
        check_rule(plugin, rule)
    return answer


def check_rule(plugin: str, rule: object) -> None:
    """Raise :class:`~tthc.errors.PluginError` unless ``rule`` is a well-formed :class:`Rule`.

    A dataclass does not check its fields' types: a plain ``str`` title would pass here
    and crash ``tthc explain`` later, far from the plugin that made it.
    """
    if not isinstance(rule, Rule):
        raise _wrong_rules_answer(
            plugin, rule, Text("tthc.validation.Rule", "tthc.validation.Rule")
        )
    fields: list[tuple[str, object, bool]] = [
        ("severity", rule.severity, isinstance(rule.severity, Severity)),
        ("title", rule.title, isinstance(rule.title, Text)),
        ("explanation", rule.explanation, isinstance(rule.explanation, Text)),
        ("scope", rule.scope, rule.scope in ("procedure", "catalog")),
        ("check", rule.check, rule.check is None or callable(rule.check)),
    ]
    expected = {
        "severity": Text("tthc.validation.Severity", "tthc.validation.Severity"),
        "title": Text("tthc.i18n.Text", "tthc.i18n.Text"),
        "explanation": Text("tthc.i18n.Text", "tthc.i18n.Text"),
        "scope": Text("'procedure' hoặc 'catalog'", "'procedure' or 'catalog'"),
        "check": Text("một hàm", "a function"),
    }
    for name, value, ok in fields:
        if not ok:
            kind = expected[name]
            raise _wrong_rules_answer(
                plugin,
                value,
                Text(
                    f"{kind.vi} làm {name} của quy tắc {rule.code}",
                    f"{kind.en} as the {name} of rule {rule.code}",
                ),
            )


def _wrong_rules_answer(plugin: str, value: object, kind: Text) -> PluginError:
    shown = shown_value(value)
    hook = "tthc_validation_rules"
    return PluginError(
        Text(
            f"Plugin '{plugin}' trả về {shown} thay vì {kind.vi} ({hook})",
            f"Plugin '{plugin}' returned {shown} instead of {kind.en} ({hook})",
        ),
        plugin,
    )


def duplicate_rule_code(code: str, one: str, another: str, *, blame: str) -> PluginError:
    """ "Rule code X is defined twice: by plugin 'one' and by 'another'", naming ``blame``
    as the plugin to drop (the one registered later)."""
    return PluginError(
        Text(
            f"Mã quy tắc {code} được định nghĩa hai lần: bởi plugin '{one}' và '{another}'",
            f"Rule code {code} is defined twice: by plugin '{one}' and by '{another}'",
        ),
        blame,
    )


def collect_rules(answers: Iterable[tuple[str, object]]) -> list[tuple[str, Rule]]:
    """Every rule of the answers of ``tthc_validation_rules``, as ``(plugin name, rule)``,
    sorted by code.

    Each answer is checked (:func:`check_rules_answer`); two plugins (or one plugin twice)
    defining the same code is a :class:`~tthc.errors.PluginError` naming both, whose
    ``plugin`` is the one registered later (called first), the one to drop.
    """
    seen: dict[str, str] = {}
    collected: list[tuple[str, Rule]] = []
    for plugin, answer in answers:
        for rule in check_rules_answer(plugin, answer):
            other = seen.get(rule.code)
            if other is not None:
                raise duplicate_rule_code(rule.code, other, plugin, blame=other)
            seen[rule.code] = plugin
            collected.append((plugin, rule))
    collected.sort(key=lambda pair: pair[1].code)
    return collected


_CHECKS: dict[str, Callable[[str, object], Any]] = {
    "tthc_calendar_days": _calendar_days,
    "tthc_official_years": _official_years,
    "tthc_working_hours": _working_hours,
    "tthc_validation_rules": check_rules_answer,
}

__all__ = [
    "answer_kind",
    "check_answer",
    "check_rule",
    "check_rules_answer",
    "collect_rules",
    "duplicate_rule_code",
    "shown_value",
]
