"""tthc.plugins.manager: a plugin's hook implementations checked before it registers."""

from __future__ import annotations

import types
from typing import Any

from tthc import hookimpl
from tthc.plugins.manager import check_hookimpls, hook_names, new_plugin_manager


def module(**attrs: Any) -> types.ModuleType:
    plugin = types.ModuleType("p")
    for name, value in attrs.items():
        setattr(plugin, name, value)
    return plugin


def problem(plugin: object) -> str | None:
    error = check_hookimpls(new_plugin_manager(), plugin, "p")
    return None if error is None else error.message("en")


def test_a_sound_plugin_has_no_problem_and_lists_its_hooks() -> None:
    def tthc_reduction_rounding() -> str:
        return "day"

    def tthc_calendar_days(first_year: int, last_year: int) -> list[Any]:
        return []

    plugin = module(
        tthc_reduction_rounding=hookimpl(tthc_reduction_rounding),
        tthc_calendar_days=hookimpl(tthc_calendar_days),
        helper=lambda: None,
    )
    assert problem(plugin) is None
    assert hook_names(new_plugin_manager(), plugin) == (
        "tthc_calendar_days",
        "tthc_reduction_rounding",
    )


def test_methods_of_a_plugin_object_are_read_without_self() -> None:
    class Plugin:
        @hookimpl
        def tthc_calendar_days(self, first_year: int) -> list[Any]:
            return []

        @hookimpl
        def tthc_official_years(self, unused: int = 0) -> list[int]:
            return []  # an argument with a default is never passed, so never wrong

    assert problem(Plugin()) is None
    assert problem(Plugin) is None  # the class itself, its functions still with self


def test_every_problem_is_named_at_once() -> None:
    def tthc_calender_days() -> list[Any]:
        return []

    def tthc_working_hours() -> None:
        return None

    def tthc_counting_policy(province: str) -> None:
        return None

    def tthc_official_years() -> list[int]:
        return []

    plugin = module(
        tthc_calender_days=hookimpl(tthc_calender_days),
        tthc_working_hours=tthc_working_hours,
        tthc_counting_policy=hookimpl(tthc_counting_policy),
        tthc_official_years=hookimpl(wrapper=True)(tthc_official_years),
    )
    assert problem(plugin) == (
        "Plugin 'p' implements a hook that does not exist: tthc_calender_days (did you mean "
        "tthc_calendar_days?); has function tthc_working_hours without @tthc.hookimpl: it "
        "would never be called; declares tthc_counting_policy with argument province that "
        "the hook does not pass (the hook's arguments: -); declares tthc_official_years as "
        "a wrapper (wrapper=True or hookwrapper=True): tthc hooks do not support wrappers, "
        "drop that option"
    )


def test_an_optional_hook_of_a_newer_tthc_is_kept() -> None:
    def tthc_of_tomorrow() -> None:
        return None

    assert problem(module(tthc_of_tomorrow=hookimpl(optionalhook=True)(tthc_of_tomorrow))) is None
