"""The plugin core: registration order, province selection, allow-list, broken plugins, config.

Plugins here are synthetic modules built in the test; entry points are faked by
replacing :func:`tthc.rules.entry_points`, so nothing is installed and nothing is
read from the network.
"""

from __future__ import annotations

import sys
import textwrap
import types
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, time, timedelta, timezone
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import tthc.plugins.finder
from tthc import hookimpl
from tthc.calendar import VN_TZ, WorkingHours
from tthc.config import Config
from tthc.duration import Duration, Unit
from tthc.errors import CalendarError, ConfigError, PluginError, TthcError
from tthc.i18n import Text
from tthc.model import Channel
from tthc.rules import NATIONAL_PLUGINS, PLUGINS_ENV, Rules
from tthc.sla import CountingPolicy

# -- helpers ---------------------------------------------------------------------------


@dataclass
class FakeDist:
    name: str
    version: str


class FakeEntryPoint:
    """Stands in for importlib.metadata.EntryPoint: a name, a dist, and load()."""

    def __init__(self, name: str, target: object, dist: str = "tthc-fake", version: str = "1.2.3"):
        self.name = name
        self.group = "tthc"
        self.dist = FakeDist(dist, version)
        self._target = target
        self.loads = 0

    def load(self) -> object:
        self.loads += 1
        if isinstance(self._target, BaseException):
            raise self._target
        return self._target


def plugin(name: str, province: str | None = None, **hooks: Callable[..., Any]) -> Any:
    """A plugin module named ``name`` whose attributes are the given hook implementations."""
    module = types.ModuleType(name)
    for hook_name, function in hooks.items():
        setattr(module, hook_name, hookimpl(function))
    if province is not None:
        module.tthc_province = province  # type: ignore[attr-defined]
    return module


@pytest.fixture
def installed(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[FakeEntryPoint]]:
    """The list of entry points of group ``tthc`` that Rules sees (empty by default)."""
    eps: list[FakeEntryPoint] = []

    def fake_entry_points(*, group: str) -> list[FakeEntryPoint]:
        assert group == "tthc"
        return list(eps)

    monkeypatch.setattr(tthc.plugins.finder, "entry_points", fake_entry_points)
    monkeypatch.delenv(PLUGINS_ENV, raising=False)
    yield eps


@pytest.fixture
def module_on_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Callable[[str, str], str]]:
    """Write ``name.py`` with ``source`` into a folder on sys.path; return the module name."""
    monkeypatch.syspath_prepend(str(tmp_path))
    written: list[str] = []

    def write(name: str, source: str) -> str:
        (tmp_path / f"{name}.py").write_text(textwrap.dedent(source), encoding="utf-8")
        written.append(name)
        return name

    yield write
    for name in written:
        sys.modules.pop(name, None)


def national_rounding() -> Any:
    """What the national rules alone answer (they may or may not implement the hook)."""
    return Rules(Config(), load_entry_points=False).call_first("tthc_reduction_rounding")


def ours(answers: list[tuple[str, Any]]) -> list[tuple[str, Any]]:
    """Answers of the test's own plugins, in call order (the national ones left out)."""
    return [(name, answer) for name, answer in answers if name not in NATIONAL_PLUGINS]


def rounding(answer: str) -> Callable[[], str]:
    def tthc_reduction_rounding() -> str:
        return answer

    return tthc_reduction_rounding


# -- order -------------------------------------------------------------------------------


def test_national_rules_are_registered_first_in_their_fixed_order(
    installed: list[FakeEntryPoint],
) -> None:
    installed.append(FakeEntryPoint("extra", plugin("extra")))
    rules = Rules.national()
    names = [p.name for p in rules.plugins]
    assert names[: len(NATIONAL_PLUGINS)] == list(NATIONAL_PLUGINS)
    assert names[len(NATIONAL_PLUGINS) :] == ["extra"]
    assert {p.origin for p in rules.plugins[: len(NATIONAL_PLUGINS)]} == {"built-in"}
    extra = rules.plugins[-1]
    assert extra.origin == "entry point tthc-fake"
    assert extra.version == "1.2.3"


def test_later_plugins_are_called_first_and_win(
    installed: list[FakeEntryPoint], module_on_path: Callable[[str, str], str]
) -> None:
    installed.append(
        FakeEntryPoint("from-ep", plugin("from-ep", tthc_reduction_rounding=rounding("hour")))
    )
    name = module_on_path(
        "cfg_rounding_plugin",
        """
        from tthc import hookimpl

        @hookimpl
        def tthc_reduction_rounding():
            return "half_day"
        """,
    )
    rules = Rules(Config(plugins=(name,)))
    assert [p.name for p in rules.plugins][-2:] == ["from-ep", name]
    assert rules.plugins[-1].origin == "config"
    assert ours(rules.call_each("tthc_reduction_rounding")) == [
        (name, "half_day"),
        ("from-ep", "hour"),
    ]
    assert rules.call_first("tthc_reduction_rounding") == "half_day"


def test_call_first_skips_none_answers(installed: list[FakeEntryPoint]) -> None:
    def tthc_reduction_rounding() -> None:
        return None

    installed.append(FakeEntryPoint("a", plugin("a", tthc_reduction_rounding=rounding("hour"))))
    installed.append(
        FakeEntryPoint("b", plugin("b", tthc_reduction_rounding=tthc_reduction_rounding))
    )
    rules = Rules.national()
    assert rules.call_first("tthc_reduction_rounding") == "hour"


def test_entry_points_are_registered_in_name_order(installed: list[FakeEntryPoint]) -> None:
    installed.append(
        FakeEntryPoint("zeta", plugin("zeta", tthc_reduction_rounding=rounding("day")))
    )
    installed.append(
        FakeEntryPoint("alpha", plugin("alpha", tthc_reduction_rounding=rounding("hour")))
    )
    rules = Rules.national()
    assert [p.name for p in rules.plugins][-2:] == ["alpha", "zeta"]
    assert rules.call_first("tthc_reduction_rounding") == "day"


def test_hooks_implemented_are_listed(installed: list[FakeEntryPoint]) -> None:
    def tthc_form_template(form: str) -> str:
        return "x"

    installed.append(
        FakeEntryPoint(
            "p",
            plugin(
                "p", tthc_reduction_rounding=rounding("day"), tthc_form_template=tthc_form_template
            ),
        )
    )
    info = Rules.national().plugins[-1]
    assert info.hooks == ("tthc_form_template", "tthc_reduction_rounding")
    assert info.error is None and info.loaded


# -- provinces ---------------------------------------------------------------------------


def test_province_plugin_is_loaded_only_for_its_province(installed: list[FakeEntryPoint]) -> None:
    installed.append(
        FakeEntryPoint(
            "pa", plugin("pa", province="tinh-a", tthc_reduction_rounding=rounding("hour"))
        )
    )
    installed.append(
        FakeEntryPoint(
            "pb", plugin("pb", province="tinh-b", tthc_reduction_rounding=rounding("half_day"))
        )
    )
    national = Rules.national()
    assert national.province is None
    assert national.call_first("tthc_reduction_rounding") == national_rounding()
    assert {p.name: p.loaded for p in national.plugins[-2:]} == {"pa": False, "pb": False}

    rules_a = Rules.for_province("tinh-a")
    assert rules_a.province == "tinh-a"
    assert rules_a.call_first("tthc_reduction_rounding") == "hour"
    info = {p.name: p for p in rules_a.plugins}
    assert info["pa"].loaded and info["pa"].province == "tinh-a"
    assert not info["pb"].loaded and info["pb"].province == "tinh-b"
    assert info["pb"].hooks == ("tthc_reduction_rounding",)
    assert "pa" in repr(rules_a) and "pb" not in repr(rules_a)

    assert Rules.for_province("tinh-b").call_first("tthc_reduction_rounding") == "half_day"


def test_unknown_province_names_the_installed_ones(installed: list[FakeEntryPoint]) -> None:
    installed.append(FakeEntryPoint("pa", plugin("pa", province="tinh-a")))
    installed.append(FakeEntryPoint("pb", plugin("pb", province="tinh-b")))
    with pytest.raises(ConfigError) as err:
        Rules.for_province("tinh-z")
    assert err.value.message("en") == (
        "No plugin serves province 'tinh-z'. Installed provinces: tinh-a, tinh-b"
    )
    assert err.value.message("vi") == (
        "Không có plugin nào cho tỉnh 'tinh-z'. Các tỉnh đã cài: tinh-a, tinh-b"
    )


def test_unknown_province_with_nothing_installed(installed: list[FakeEntryPoint]) -> None:
    with pytest.raises(ConfigError, match=r"province 'vi-du'\. Installed provinces: -$"):
        Rules.for_province("vi-du")


def test_unknown_province_mentions_plugins_that_failed_to_load(
    installed: list[FakeEntryPoint],
) -> None:
    installed.append(FakeEntryPoint("tq", ImportError("No module named 'tthc_tq'")))
    with pytest.raises(ConfigError) as err:
        Rules.for_province("tq")
    assert "Plugins that failed to load: tq: ImportError: No module named 'tthc_tq'" in str(
        err.value
    )


def test_unknown_province_gives_a_rejected_plugin_s_reason_in_each_language(
    installed: list[FakeEntryPoint],
) -> None:
    def tthc_working_hour() -> None:  # typo: tthc_working_hours
        return None

    installed.append(FakeEntryPoint("typo", plugin("typo", tthc_working_hour=tthc_working_hour)))
    with pytest.raises(ConfigError) as err:
        Rules.for_province("tq")
    assert err.value.message("vi").endswith(
        "Plugin không nạp được: typo: Plugin 'typo' cài đặt hook không tồn tại: "
        "tthc_working_hour (có phải tthc_working_hours?)"
    )
    assert err.value.message("en").endswith(
        "Plugins that failed to load: typo: "
        "Plugin 'typo' implements a hook that does not exist: tthc_working_hour "
        "(did you mean tthc_working_hours?)"
    )


def test_config_province_plugin_is_registered_only_when_selected(
    installed: list[FakeEntryPoint], module_on_path: Callable[[str, str], str]
) -> None:
    name = module_on_path(
        "cfg_province_plugin",
        """
        from tthc import hookimpl

        tthc_province = "tinh-c"

        @hookimpl
        def tthc_reduction_rounding():
            return "hour"
        """,
    )
    assert Rules(Config(plugins=(name,))).call_first("tthc_reduction_rounding") == (
        national_rounding()
    )
    rules = Rules(Config(plugins=(name,), province="tinh-c"))
    assert rules.call_first("tthc_reduction_rounding") == "hour"
    assert rules.plugins[-1].province == "tinh-c"


# -- allow-list ----------------------------------------------------------------------------


def test_allow_list_env_limits_entry_points(
    installed: list[FakeEntryPoint], monkeypatch: pytest.MonkeyPatch
) -> None:
    refused = FakeEntryPoint("refused", ImportError("must not even be imported"))
    installed.append(
        FakeEntryPoint("wanted", plugin("wanted", tthc_reduction_rounding=rounding("hour")))
    )
    installed.append(refused)
    monkeypatch.setenv(PLUGINS_ENV, " wanted , ")
    rules = Rules.national()
    assert [p.name for p in rules.plugins][len(NATIONAL_PLUGINS) :] == ["wanted"]
    assert refused.loads == 0


def test_empty_allow_list_loads_no_entry_point(
    installed: list[FakeEntryPoint], monkeypatch: pytest.MonkeyPatch
) -> None:
    installed.append(FakeEntryPoint("any", plugin("any")))
    monkeypatch.setenv(PLUGINS_ENV, "")
    assert [p.name for p in Rules.national().plugins] == list(NATIONAL_PLUGINS)


def test_allow_list_does_not_hide_a_province(
    installed: list[FakeEntryPoint], monkeypatch: pytest.MonkeyPatch
) -> None:
    installed.append(FakeEntryPoint("pa", plugin("pa", province="tinh-a")))
    monkeypatch.setenv(PLUGINS_ENV, "other")
    with pytest.raises(ConfigError) as err:
        Rules.for_province("tinh-a")
    # The plugin is installed but left out on purpose: say so, and by what.
    assert err.value.message("en") == (
        "No plugin serves province 'tinh-a'. Installed provinces: -. "
        "Left out by the allow-list (TTHC_PLUGINS or allow): pa"
    )
    assert err.value.message("vi").endswith(
        "Bỏ qua do danh sách cho phép (TTHC_PLUGINS hoặc allow): pa"
    )


def test_allow_list_from_configuration(installed: list[FakeEntryPoint], tmp_path: Path) -> None:
    refused = FakeEntryPoint("refused", ImportError("must not even be imported"))
    installed.append(FakeEntryPoint("wanted", plugin("wanted")))
    installed.append(refused)
    file = tmp_path / "tthc.toml"
    file.write_text('allow = ["wanted"]\n', encoding="utf-8")
    config = Config.load(file)
    assert config.allow == ("wanted",)
    rules = Rules(config)
    assert [p.name for p in rules.plugins][len(NATIONAL_PLUGINS) :] == ["wanted"]
    assert refused.loads == 0


def test_allow_list_env_wins_over_configuration(
    installed: list[FakeEntryPoint], monkeypatch: pytest.MonkeyPatch
) -> None:
    installed.append(FakeEntryPoint("a", plugin("a")))
    installed.append(FakeEntryPoint("b", plugin("b")))
    monkeypatch.setenv(PLUGINS_ENV, "b")
    rules = Rules(Config(allow=("a",)))
    assert [p.name for p in rules.plugins][len(NATIONAL_PLUGINS) :] == ["b"]


# -- broken plugins -------------------------------------------------------------------------


def test_broken_entry_point_is_reported_and_national_rules_still_work(
    installed: list[FakeEntryPoint],
) -> None:
    installed.append(FakeEntryPoint("broken", RuntimeError("boom at import")))
    installed.append(
        FakeEntryPoint("fine", plugin("fine", tthc_reduction_rounding=rounding("hour")))
    )
    rules = Rules.national()
    info = {p.name: p for p in rules.plugins}
    assert info["broken"].error == "RuntimeError: boom at import"
    assert info["broken"].hooks == ()
    assert info["broken"].version == "1.2.3"
    assert all(info[name].error is None for name in NATIONAL_PLUGINS)
    assert rules.call_first("tthc_reduction_rounding") == "hour"
    assert "broken" not in repr(rules)


def test_misspelled_hook_in_config_plugin_is_rejected_with_its_name(
    installed: list[FakeEntryPoint], module_on_path: Callable[[str, str], str]
) -> None:
    name = module_on_path(
        "cfg_typo_plugin",
        """
        from tthc import hookimpl

        @hookimpl
        def tthc_working_hour():  # typo: tthc_working_hours
            return None
        """,
    )
    with pytest.raises(PluginError) as err:
        Rules(Config(plugins=(name,)))
    assert err.value.plugin == name
    assert err.value.message("en") == (
        f"Plugin '{name}' implements a hook that does not exist: tthc_working_hour "
        "(did you mean tthc_working_hours?)"
    )
    assert "tthc_working_hour" in err.value.message("vi")


def test_misspelled_hook_in_unrelated_entry_point_does_not_take_national_down(
    installed: list[FakeEntryPoint],
) -> None:
    def tthc_validation_rule() -> list[object]:  # typo: tthc_validation_rules
        return []

    installed.append(
        FakeEntryPoint("typo", plugin("typo", tthc_validation_rule=tthc_validation_rule))
    )
    rules = Rules.national()
    info = rules.plugins[-1]
    assert info.name == "typo"
    assert info.error == (
        "Plugin 'typo' implements a hook that does not exist: tthc_validation_rule "
        "(did you mean tthc_validation_rules?)"
    )
    assert rules.pm.get_plugin("typo") is None
    assert (
        not hasattr(rules.pm.hook, "tthc_validation_rule")
        or not rules.pm.hook.tthc_validation_rule.get_hookimpls()
    )


def test_every_unknown_hook_is_named_in_both_languages(
    installed: list[FakeEntryPoint], module_on_path: Callable[[str, str], str]
) -> None:
    name = module_on_path(
        "cfg_two_typos_plugin",
        """
        from tthc import hookimpl

        @hookimpl
        def tthc_working_hour():  # typo: tthc_working_hours
            return None

        @hookimpl
        def tthc_validation_rule():  # typo: tthc_validation_rules
            return []
        """,
    )
    with pytest.raises(PluginError) as err:
        Rules(Config(plugins=(name,)))
    assert err.value.plugin == name
    assert err.value.message("en") == (
        f"Plugin '{name}' implements a hook that does not exist: "
        "tthc_validation_rule (did you mean tthc_validation_rules?), "
        "tthc_working_hour (did you mean tthc_working_hours?)"
    )
    assert err.value.message("vi") == (
        f"Plugin '{name}' cài đặt hook không tồn tại: "
        "tthc_validation_rule (có phải tthc_validation_rules?), "
        "tthc_working_hour (có phải tthc_working_hours?)"
    )


def test_an_optional_hook_of_a_newer_tthc_is_kept_but_never_called(
    installed: list[FakeEntryPoint], module_on_path: Callable[[str, str], str]
) -> None:
    # pluggy's optionalhook: a plugin written for a newer tthc still loads on this one.
    name = module_on_path(
        "cfg_optional_plugin",
        """
        from tthc import hookimpl

        @hookimpl(optionalhook=True)
        def tthc_hook_of_a_later_release():
            raise AssertionError("never called")

        @hookimpl
        def tthc_reduction_rounding():
            return "hour"
        """,
    )
    rules = Rules(Config(plugins=(name,)))
    assert rules.call_first("tthc_reduction_rounding") == "hour"
    (info,) = [p for p in rules.plugins if p.name == name]
    assert info.error is None
    assert info.hooks == ("tthc_reduction_rounding",)
    rules.pm.check_pending()  # pluggy agrees nothing is wrong


def test_a_tthc_function_without_hookimpl_is_refused_by_name(
    installed: list[FakeEntryPoint], module_on_path: Callable[[str, str], str]
) -> None:
    name = module_on_path(
        "cfg_unmarked_plugin",
        """
        TTHC_NOTE = "not a function"

        def tthc_reduction_rounding():  # forgot @hookimpl: pluggy would skip it silently
            return "hour"
        """,
    )
    with pytest.raises(PluginError) as err:
        Rules(Config(plugins=(name,)))
    assert err.value.plugin == name
    assert err.value.message("en") == (
        f"Plugin '{name}' has function tthc_reduction_rounding without @tthc.hookimpl: "
        "it would never be called"
    )
    assert err.value.message("vi") == (
        f"Plugin '{name}' có hàm tthc_reduction_rounding thiếu @tthc.hookimpl "
        "nên sẽ không bao giờ được gọi"
    )


def test_an_unknown_hook_is_never_left_pending(installed: list[FakeEntryPoint]) -> None:
    # Why Rules does not call pluggy's check_pending(): each plugin is checked as it
    # registers, and one with an unknown hook is unregistered, so nothing is left for it.
    def tthc_validation_rule() -> list[object]:  # typo: tthc_validation_rules
        return []

    installed.append(
        FakeEntryPoint("typo", plugin("typo", tthc_validation_rule=tthc_validation_rule))
    )
    rules = Rules.national()
    rules.pm.check_pending()  # raises pluggy.PluginValidationError if anything were pending
    assert rules.plugins[-1].error == (
        "Plugin 'typo' implements a hook that does not exist: tthc_validation_rule "
        "(did you mean tthc_validation_rules?)"
    )


def test_misspelled_hook_in_selected_province_plugin_fails_loudly(
    installed: list[FakeEntryPoint],
) -> None:
    def tthc_form_templates(form: str) -> str:  # typo
        return ""

    installed.append(
        FakeEntryPoint(
            "tq", plugin("tq", province="tinh-q", tthc_form_templates=tthc_form_templates)
        )
    )
    with pytest.raises(PluginError, match="Plugin 'tq' implements a hook that does not exist"):
        Rules.for_province("tinh-q")
    # Not selected: listed as not loaded, nothing raised.
    assert Rules.national().plugins[-1].loaded is False


def test_hook_with_an_argument_the_spec_lacks_is_invalid(
    installed: list[FakeEntryPoint], module_on_path: Callable[[str, str], str]
) -> None:
    name = module_on_path(
        "cfg_badarg_plugin",
        """
        from tthc import hookimpl

        @hookimpl
        def tthc_form_template(form, language):  # the spec says `lang`
            return ""
        """,
    )
    with pytest.raises(PluginError) as err:
        Rules(Config(plugins=(name,)))
    assert err.value.plugin == name
    assert err.value.message("en") == (
        f"Plugin '{name}' declares tthc_form_template with argument language that the hook "
        "does not pass (the hook's arguments: form, lang, output)"
    )
    assert err.value.message("vi") == (
        f"Plugin '{name}' khai báo tthc_form_template với tham số language mà hook không "
        "truyền (tham số của hook: form, lang, output)"
    )


def test_config_plugin_that_cannot_be_imported(installed: list[FakeEntryPoint]) -> None:
    with pytest.raises(PluginError) as err:
        Rules(Config(plugins=("no_such_module_tthc_test",)))
    assert err.value.plugin == "no_such_module_tthc_test"
    assert err.value.message("en").startswith(
        "Cannot load plugin 'no_such_module_tthc_test' (from configuration): "
        "ModuleNotFoundError: No module named 'no_such_module_tthc_test'"
    )
    assert err.value.message("vi").startswith("Không nạp được plugin 'no_such_module_tthc_test'")


def test_plugin_raising_inside_a_hook_is_reported_by_name(installed: list[FakeEntryPoint]) -> None:
    def tthc_reduction_rounding() -> str:
        raise ZeroDivisionError("bad arithmetic")

    installed.append(
        FakeEntryPoint("raiser", plugin("raiser", tthc_reduction_rounding=tthc_reduction_rounding))
    )
    rules = Rules.national()
    for call in (rules.call_each, rules.call_first):
        with pytest.raises(PluginError) as err:
            call("tthc_reduction_rounding")
        assert err.value.plugin == "raiser"
        assert err.value.message("en") == (
            "Plugin 'raiser' failed in tthc_reduction_rounding: ZeroDivisionError: bad arithmetic"
        )
        assert err.value.message("vi").startswith("Plugin 'raiser' lỗi khi trả lời")
        assert isinstance(err.value.__cause__, ZeroDivisionError)


def test_plugin_raising_in_a_hook_with_arguments(installed: list[FakeEntryPoint]) -> None:
    def tthc_form_template(form: str, lang: str) -> str:
        raise KeyError(form + lang)

    installed.append(
        FakeEntryPoint("forms", plugin("forms", tthc_form_template=tthc_form_template))
    )
    with pytest.raises(
        PluginError, match=r"Plugin 'forms' failed in tthc_form_template: KeyError: '04vi'"
    ):
        Rules.national().form_template("04", "vi")


def test_tthc_error_raised_by_a_hook_keeps_its_type_and_message(
    installed: list[FakeEntryPoint],
) -> None:
    # A plugin rejecting bad input on purpose (a date its calendar does not cover): the
    # caller sees that error itself, not a PluginError around its repr; the plugin that
    # raised it is named on the error.
    def tthc_reduction_rounding() -> str:
        raise CalendarError(Text("năm 1800 ngoài lịch", "year 1800 is outside the calendar"))

    installed.append(
        FakeEntryPoint("tinh", plugin("tinh", tthc_reduction_rounding=tthc_reduction_rounding))
    )
    rules = Rules.national()
    for call in (rules.call_each, rules.call_first):
        with pytest.raises(CalendarError) as err:
            call("tthc_reduction_rounding")
        assert err.value.message("en") == "year 1800 is outside the calendar"
        assert err.value.message("vi") == "năm 1800 ngoài lịch"
        assert err.value.plugin == "tinh"


def test_error_from_a_nested_hook_names_the_plugin_that_raised_it(
    installed: list[FakeEntryPoint],
) -> None:
    # "outer" answers a hook by asking another one, which "inner" answers by raising: the
    # error names "inner" and passes through outer unchanged.
    def tthc_configure(rules: Rules) -> None:
        rules.call_first("tthc_reduction_floor", procedure=None, case=None)

    def raising_floor(procedure: object, case: object) -> None:
        raise ZeroDivisionError("inner bug")

    def refusing_floor(procedure: object, case: object) -> None:
        raise ConfigError(Text("thiếu bảng", "missing table"))

    installed.append(FakeEntryPoint("a-outer", plugin("a-outer", tthc_configure=tthc_configure)))
    installed.append(
        FakeEntryPoint("b-inner", plugin("b-inner", tthc_reduction_floor=raising_floor))
    )
    with pytest.raises(PluginError) as err:
        Rules.national()
    assert err.value.plugin == "b-inner"
    assert err.value.message("en") == (
        "Plugin 'b-inner' failed in tthc_reduction_floor: ZeroDivisionError: inner bug"
    )
    installed[-1] = FakeEntryPoint(
        "b-inner", plugin("b-inner", tthc_reduction_floor=refusing_floor)
    )
    with pytest.raises(ConfigError) as config_err:
        Rules.national()
    assert config_err.value.plugin == "b-inner"
    # A ConfigError raised while configuring names the plugin and the configuration file.
    assert config_err.value.message("en") == (
        "Plugin 'b-inner' rejected the configuration (<config>): missing table"
    )
    assert config_err.value.message("vi") == (
        "Plugin 'b-inner' từ chối cấu hình (<config>): thiếu bảng"
    )


def test_plugin_raising_in_configure_is_reported_by_name(installed: list[FakeEntryPoint]) -> None:
    def tthc_configure(rules: Rules) -> None:
        raise ValueError("needs [tinh-a] table")

    installed.append(FakeEntryPoint("cfg", plugin("cfg", tthc_configure=tthc_configure)))
    with pytest.raises(PluginError, match=r"Plugin 'cfg' failed in tthc_configure: ValueError"):
        Rules.national()


def test_configure_sees_the_plugin_table(installed: list[FakeEntryPoint]) -> None:
    seen: list[Any] = []

    def tthc_configure(rules: Rules) -> None:
        seen.append(rules.config.extra.get("tinh-a"))

    installed.append(
        FakeEntryPoint("pa", plugin("pa", province="tinh-a", tthc_configure=tthc_configure))
    )
    Rules(Config(province="tinh-a", extra={"tinh-a": {"cutoff": "15:00"}}))
    assert seen == [{"cutoff": "15:00"}]


def test_missing_form_template_is_a_config_error(installed: list[FakeEntryPoint]) -> None:
    def tthc_form_template(form: str) -> str | None:
        return "Mẫu 04 $due" if form == "04" else None

    installed.append(
        FakeEntryPoint("forms", plugin("forms", tthc_form_template=tthc_form_template))
    )
    rules = Rules.national()
    assert rules.form_template("04", "vi") == "Mẫu 04 $due"
    with pytest.raises(ConfigError) as err:
        rules.form_template("99", "en")
    assert err.value.message("en") == "No template for form '99' (en)"
    assert err.value.message("vi") == "Không có mẫu biểu '99' (en)"


def test_rules_without_entry_points(installed: list[FakeEntryPoint]) -> None:
    installed.append(FakeEntryPoint("extra", plugin("extra")))
    rules = Rules(Config(), load_entry_points=False)
    assert [p.name for p in rules.plugins] == list(NATIONAL_PLUGINS)


# -- configuration files ------------------------------------------------------------------------


def test_rules_from_config_file_loads_the_province(
    installed: list[FakeEntryPoint], tmp_path: Path
) -> None:
    installed.append(
        FakeEntryPoint(
            "pa", plugin("pa", province="tinh-a", tthc_reduction_rounding=rounding("hour"))
        )
    )
    file = tmp_path / "tthc.toml"
    file.write_text('province = "tinh-a"\n', encoding="utf-8")
    rules = Rules.from_config(str(file))
    assert rules.province == "tinh-a"
    assert rules.call_first("tthc_reduction_rounding") == "hour"


def test_plugin_both_installed_and_configured_is_registered_once(
    installed: list[FakeEntryPoint], module_on_path: Callable[[str, str], str]
) -> None:
    import importlib

    name = module_on_path(
        "cfg_twice_plugin",
        """
        from tthc import hookimpl

        @hookimpl
        def tthc_reduction_rounding():
            return "hour"
        """,
    )
    module = importlib.import_module(name)
    installed.append(FakeEntryPoint("twice", module))
    rules = Rules(Config(plugins=(name,)))
    assert [p.name for p in rules.plugins][len(NATIONAL_PLUGINS) :] == ["twice"]
    assert ours(rules.call_each("tthc_reduction_rounding")) == [("twice", "hour")]


# -- answers of the wrong type (first-result hooks) ---------------------------------------------


@pytest.mark.parametrize(
    ("hook", "answer", "shown", "kind", "ask"),
    [
        (
            "tthc_counting_policy",
            lambda: {"general_cutoff": "15:00"},
            "{'general_cutoff': '15:00'}",
            "tthc.sla.CountingPolicy",
            lambda rules: rules.policy,
        ),
        (
            "tthc_reduction_target",
            lambda procedure, case, year: 40,
            "40",
            "tthc.reduction.Target",
            lambda rules: rules.target(None, None, 2026),
        ),
        (
            "tthc_reduction_floor",
            lambda procedure, case: "1 ngày làm việc",
            "'1 ngày làm việc'",
            "tthc.duration.Duration",
            lambda rules: rules.call_first("tthc_reduction_floor", procedure=None, case=None),
        ),
        (
            "tthc_reduction_rounding",
            lambda: "week",
            "'week'",
            "'day', 'half_day' or 'hour'",
            lambda rules: rules.call_first("tthc_reduction_rounding"),
        ),
        (
            "tthc_form_template",
            lambda form, lang: ["x"],
            "['x']",
            "str, string.Template or tthc.formword.WordTemplate",
            lambda rules: rules.form_template("04", "vi"),
        ),
    ],
)
def test_a_wrong_answer_names_the_plugin_that_gave_it(
    installed: list[FakeEntryPoint],
    hook: str,
    answer: Callable[..., Any],
    shown: str,
    kind: str,
    ask: Callable[[Rules], Any],
) -> None:
    installed.append(FakeEntryPoint("wrong", plugin("wrong", province="tinh-w", **{hook: answer})))
    rules = Rules.for_province("tinh-w")
    with pytest.raises(PluginError) as err:
        ask(rules)
    assert err.value.plugin == "wrong"
    assert err.value.message("en") == f"Plugin 'wrong' returned {shown} instead of {kind} ({hook})"
    assert err.value.message("vi") == f"Plugin 'wrong' trả về {shown} thay vì {kind} ({hook})"


def test_a_long_wrong_answer_is_cut(installed: list[FakeEntryPoint]) -> None:
    installed.append(FakeEntryPoint("long", plugin("long", tthc_counting_policy=lambda: "x" * 500)))
    with pytest.raises(PluginError) as err:
        _ = Rules.national().policy
    said = err.value.message("en")
    assert said.startswith("Plugin 'long' returned 'xxxx")
    assert "x…" in said and len(said) < 200


def test_a_string_template_is_accepted_as_form_template(installed: list[FakeEntryPoint]) -> None:
    from string import Template

    installed.append(
        FakeEntryPoint(
            "tpl", plugin("tpl", tthc_form_template=lambda form, lang: Template("Mẫu $agency"))
        )
    )
    assert Rules.national().form_template("04", "vi") == "Mẫu $agency"


# -- installed, unselected province plugins are checked -----------------------------------------


def test_unselected_province_plugin_with_a_typo_is_listed_with_its_error(
    installed: list[FakeEntryPoint],
) -> None:
    def tthc_working_hour() -> None:  # typo: tthc_working_hours
        return None

    installed.append(
        FakeEntryPoint(
            "typo", plugin("typo", province="tinh-t", tthc_working_hour=tthc_working_hour)
        )
    )
    rules = Rules.national()  # the national rules still work
    info = rules.plugins[-1]
    assert (info.name, info.loaded, info.province) == ("typo", False, "tinh-t")
    assert info.error == (
        "Plugin 'typo' implements a hook that does not exist: tthc_working_hour "
        "(did you mean tthc_working_hours?)"
    )
    assert info.error_text is not None
    assert info.error_text.vi == (
        "Plugin 'typo' cài đặt hook không tồn tại: tthc_working_hour (có phải tthc_working_hours?)"
    )
    assert rules.pm.get_plugin("typo") is None  # checked, never registered


def test_unselected_province_plugin_with_a_bad_argument_or_no_hookimpl(
    installed: list[FakeEntryPoint],
) -> None:
    bad_arg = plugin("bad-arg", province="tinh-a")
    bad_arg.tthc_reduction_target = hookimpl(lambda proc, year: None)
    unmarked = plugin("unmarked", province="tinh-u")
    unmarked.tthc_working_hours = lambda: None  # no @hookimpl
    installed += [FakeEntryPoint("bad-arg", bad_arg), FakeEntryPoint("unmarked", unmarked)]
    errors = {p.name: p.error for p in Rules.national().plugins if p.error}
    assert errors == {
        "bad-arg": "Plugin 'bad-arg' declares tthc_reduction_target with argument proc that "
        "the hook does not pass (the hook's arguments: procedure, case, year)",
        "unmarked": "Plugin 'unmarked' has function tthc_working_hours without "
        "@tthc.hookimpl: it would never be called",
    }


def test_a_sound_unselected_province_plugin_has_no_error(installed: list[FakeEntryPoint]) -> None:
    installed.append(
        FakeEntryPoint(
            "ok", plugin("ok", province="tinh-o", tthc_reduction_rounding=rounding("hour"))
        )
    )
    info = Rules.national().plugins[-1]
    assert (info.loaded, info.error, info.hooks) == (False, None, ("tthc_reduction_rounding",))


def test_tolerant_rules_list_a_broken_selected_province(installed: list[FakeEntryPoint]) -> None:
    def tthc_working_hour() -> None:
        return None

    installed.append(
        FakeEntryPoint(
            "typo", plugin("typo", province="tinh-t", tthc_working_hour=tthc_working_hour)
        )
    )
    with pytest.raises(PluginError):
        Rules.for_province("tinh-t")
    rules = Rules(Config(province="tinh-t"), tolerant=True)
    assert [p.name for p in rules.plugins] == [*NATIONAL_PLUGINS, "typo"]
    assert rules.plugins[-1].error is not None
    assert [e.plugin for e in rules.errors] == ["typo"]


def test_tolerant_rules_record_a_configure_that_refuses(installed: list[FakeEntryPoint]) -> None:
    def tthc_configure() -> None:
        raise ConfigError(Text("khoá lạ 'x'", "unknown key 'x'"))

    installed.append(
        FakeEntryPoint("pc", plugin("pc", province="tinh-c", tthc_configure=tthc_configure))
    )
    config = Config(province="tinh-c", path=Path("tthc.toml"))
    with pytest.raises(ConfigError) as err:
        Rules(config)
    assert err.value.message("en") == (
        "Plugin 'pc' rejected the configuration (tthc.toml): unknown key 'x'"
    )
    assert err.value.message("vi") == "Plugin 'pc' từ chối cấu hình (tthc.toml): khoá lạ 'x'"
    rules = Rules(config, tolerant=True)
    assert rules.plugins[-1].error == err.value.message("en")
    assert len(rules.errors) == 1


# -- two plugins for one province, wrappers ------------------------------------------------------


def test_two_plugins_for_the_selected_province_is_an_error_naming_both(
    installed: list[FakeEntryPoint],
) -> None:
    installed += [
        FakeEntryPoint("one", plugin("one", province="tinh-d"), dist="tthc-one"),
        FakeEntryPoint("two", plugin("two", province="tinh-d"), dist="tthc-two"),
    ]
    with pytest.raises(ConfigError) as err:
        Rules.for_province("tinh-d")
    assert err.value.message("en") == (
        "Two plugins serve province 'tinh-d': 'one' (entry point tthc-one) and "
        "'two' (entry point tthc-two). Uninstall one, or choose one with TTHC_PLUGINS "
        "(or the allow key of the configuration)"
    )
    assert err.value.message("vi") == (
        "Hai plugin cùng phục vụ tỉnh 'tinh-d': 'one' (entry point tthc-one) và "
        "'two' (entry point tthc-two). Hãy gỡ một gói, hoặc chọn một plugin bằng "
        "TTHC_PLUGINS (hoặc khoá allow trong cấu hình)"
    )
    # Unselected: both listed with the error, the national rules still work.
    rules = Rules.national()
    assert [p.error == err.value.message("en") for p in rules.plugins[-2:]] == [True, True]


def test_the_allow_list_resolves_two_plugins_for_one_province(
    installed: list[FakeEntryPoint], monkeypatch: pytest.MonkeyPatch
) -> None:
    installed += [
        FakeEntryPoint("one", plugin("one", province="tinh-d")),
        FakeEntryPoint("two", plugin("two", province="tinh-d")),
    ]
    monkeypatch.setenv(PLUGINS_ENV, "two")
    rules = Rules.for_province("tinh-d")
    assert rules.pm.get_plugin("two") is not None and rules.pm.get_plugin("one") is None


@pytest.mark.parametrize("option", ["wrapper", "hookwrapper"])
def test_a_wrapper_implementation_is_refused(installed: list[FakeEntryPoint], option: str) -> None:
    def tthc_reduction_rounding() -> Iterator[None]:
        yield

    module = types.ModuleType("wrap")
    module.tthc_reduction_rounding = hookimpl(**{option: True})(tthc_reduction_rounding)  # type: ignore[attr-defined]
    module.tthc_province = "tinh-w"  # type: ignore[attr-defined]
    installed.append(FakeEntryPoint("wrap", module))
    with pytest.raises(PluginError) as err:
        Rules.for_province("tinh-w")
    assert err.value.message("en") == (
        "Plugin 'wrap' declares tthc_reduction_rounding as a wrapper (wrapper=True or "
        "hookwrapper=True): tthc hooks do not support wrappers, drop that option"
    )
    assert err.value.message("vi") == (
        "Plugin 'wrap' khai báo tthc_reduction_rounding là wrapper (wrapper=True hoặc "
        "hookwrapper=True): hook của tthc không hỗ trợ wrapper, hãy bỏ tuỳ chọn đó"
    )


# -- configuration plugins next to the config file -----------------------------------------------


def test_config_plugin_next_to_the_config_file_is_imported(
    installed: list[FakeEntryPoint], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "path", list(sys.path))  # restored after the test
    (tmp_path / "tthc.toml").write_text('plugins = ["tthc_test_local_rules"]\n', encoding="utf-8")
    (tmp_path / "tthc_test_local_rules.py").write_text(
        "from tthc import hookimpl\n\n@hookimpl\ndef tthc_reduction_rounding():\n"
        "    return 'hour'\n",
        encoding="utf-8",
    )
    try:
        rules = Rules.from_config(str(tmp_path / "tthc.toml"))
        assert rules.call_first("tthc_reduction_rounding") == "hour"
    finally:
        sys.modules.pop("tthc_test_local_rules", None)


def test_missing_config_plugin_says_where_it_looked(
    installed: list[FakeEntryPoint], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "path", list(sys.path))
    (tmp_path / "tthc.toml").write_text('plugins = ["tthc_test_nowhere"]\n', encoding="utf-8")
    with pytest.raises(PluginError) as err:
        Rules.from_config(str(tmp_path / "tthc.toml"))
    folder = tmp_path.resolve()
    assert err.value.message("en") == (
        "Cannot load plugin 'tthc_test_nowhere' (from configuration): ModuleNotFoundError: "
        f"No module named 'tthc_test_nowhere' (looked in {folder} and on sys.path; a module "
        "next to the config file is found, elsewhere install it or set PYTHONPATH)"
    )
    assert f"đã tìm trong {folder} và sys.path" in err.value.message("vi")


# -- validation rules are checked at load --------------------------------------------------------


def _rule(code: str) -> Any:
    from tthc.validation import Rule, Severity

    return Rule(code, Severity.ERROR, Text("t", "t"), Text("e", "e"), check=lambda p, c: [])


def test_a_rule_code_defined_twice_is_an_error_at_load(installed: list[FakeEntryPoint]) -> None:
    installed.append(
        FakeEntryPoint(
            "dup", plugin("dup", province="tinh-r", tthc_validation_rules=lambda: [_rule("TT102")])
        )
    )
    with pytest.raises(PluginError) as err:
        Rules.for_province("tinh-r")
    assert err.value.message("en") == (
        "Rule code TT102 is defined twice: by plugin 'dup' and by 'tthc.national.validation'"
    )
    assert err.value.message("vi") == (
        "Mã quy tắc TT102 được định nghĩa hai lần: bởi plugin 'dup' và 'tthc.national.validation'"
    )


def test_a_plugin_of_no_province_with_a_clashing_rule_is_dropped_alone(
    installed: list[FakeEntryPoint],
) -> None:
    installed.append(
        FakeEntryPoint("clash", plugin("clash", tthc_validation_rules=lambda: [_rule("TT102")]))
    )
    rules = Rules.national()
    info = rules.plugins[-1]
    assert info.name == "clash" and info.error is not None
    assert "TT102 is defined twice" in info.error
    assert rules.pm.get_plugin("clash") is None


def test_a_malformed_rule_of_the_province_is_an_error_at_load(
    installed: list[FakeEntryPoint],
) -> None:
    installed.append(
        FakeEntryPoint(
            "one", plugin("one", province="tinh-o", tthc_validation_rules=lambda: _rule("OO101"))
        )
    )
    with pytest.raises(PluginError) as err:
        Rules.for_province("tinh-o")
    assert err.value.plugin == "one"
    assert err.value.message("en").endswith(
        "instead of a list of tthc.validation.Rule (tthc_validation_rules)"
    )
    assert err.value.message("vi").startswith("Plugin 'one' trả về Rule(code='OO101'")


def test_an_effective_receipt_earlier_than_the_receipt_is_refused(
    installed: list[FakeEntryPoint],
) -> None:
    from datetime import datetime, timedelta

    from tthc.calendar import VN_TZ

    def tthc_effective_receipt(received_at: datetime) -> datetime:
        return received_at - timedelta(days=3)

    installed.append(
        FakeEntryPoint(
            "early",
            plugin("early", province="tinh-e", tthc_effective_receipt=tthc_effective_receipt),
        )
    )
    rules = Rules.for_province("tinh-e")
    with pytest.raises(PluginError) as err:
        rules.deadline(datetime(2026, 6, 8, 10, tzinfo=VN_TZ), "3 ngày làm việc")
    assert err.value.plugin == "early"
    assert err.value.message("en") == (
        "Plugin 'early' returned 2026-06-05T10:00:00+07:00, earlier than the receipt at "
        "2026-06-08T10:00:00+07:00 (tthc_effective_receipt)"
    )
    assert err.value.message("vi") == (
        "Plugin 'early' trả về 2026-06-05T10:00:00+07:00, sớm hơn lúc nhận hồ sơ "
        "2026-06-08T10:00:00+07:00 (tthc_effective_receipt)"
    )


def test_an_effective_receipt_that_is_not_a_datetime_is_refused(
    installed: list[FakeEntryPoint],
) -> None:
    from datetime import datetime

    from tthc.calendar import VN_TZ

    installed.append(
        FakeEntryPoint(
            "str",
            plugin(
                "str", province="tinh-s", tthc_effective_receipt=lambda received_at: "2026-06-02"
            ),
        )
    )
    with pytest.raises(PluginError) as err:
        Rules.for_province("tinh-s").deadline(
            datetime(2026, 6, 8, 10, tzinfo=VN_TZ), "3 ngày làm việc"
        )
    assert err.value.message("en") == (
        "Plugin 'str' returned '2026-06-02' instead of datetime (tthc_effective_receipt)"
    )


def test_unselected_province_plugin_rules_are_checked_without_selecting_it(
    installed: list[FakeEntryPoint],
) -> None:
    installed += [
        FakeEntryPoint(
            "single",
            plugin("single", province="tinh-1", tthc_validation_rules=lambda: _rule("SS101")),
        ),
        FakeEntryPoint(
            "clash",
            plugin("clash", province="tinh-2", tthc_validation_rules=lambda: [_rule("TT102")]),
        ),
        FakeEntryPoint(
            "fine",
            plugin("fine", province="tinh-3", tthc_validation_rules=lambda: [_rule("FF101")]),
        ),
    ]
    errors = {p.name: p.error for p in Rules.national().plugins if not p.loaded}
    assert errors["clash"] == (
        "Rule code TT102 is defined twice: by plugin 'clash' and by 'tthc.national.validation'"
    )
    assert errors["single"] is not None
    assert errors["single"].endswith(
        "instead of a list of tthc.validation.Rule (tthc_validation_rules)"
    )
    assert errors["fine"] is None


def test_two_provinces_may_use_the_same_rule_code_whatever_the_load_order(
    installed: list[FakeEntryPoint],
) -> None:
    # Each province's plugin stands next to the national rules only: "a" selected and
    # registered first must not make "b" (unselected) a duplicate, nor the other way.
    for selected in ("tinh-a", "tinh-b"):
        installed[:] = [
            FakeEntryPoint(
                "a", plugin("a", province="tinh-a", tthc_validation_rules=lambda: [_rule("PP101")])
            ),
            FakeEntryPoint(
                "b", plugin("b", province="tinh-b", tthc_validation_rules=lambda: [_rule("PP101")])
            ),
        ]
        rules = Rules.for_province(selected)
        assert [p.error for p in rules.plugins if p.name in ("a", "b")] == [None, None]


def test_a_province_plugin_installed_and_configured_is_listed_once(
    installed: list[FakeEntryPoint], module_on_path: Callable[[str, str], str]
) -> None:
    name = module_on_path("cfg_twice_plugin", 'tthc_province = "tinh-twice"\n')
    import importlib

    installed.append(FakeEntryPoint("twice", importlib.import_module(name)))
    rules = Rules(Config(plugins=(name,)))
    listed = [p for p in rules.plugins if p.province == "tinh-twice"]
    assert [(p.name, p.error) for p in listed] == [("twice", None)]


def at(text: str) -> datetime:
    """A Vietnam-local moment from ``YYYY-MM-DD HH:MM``."""
    return datetime.fromisoformat(text).replace(tzinfo=VN_TZ)


def wd(value: int) -> Duration:
    return Duration.of(value, Unit.WORKING_DAYS)


# -- the fast path of Rules.deadline ------------------------------------------------------


class _PassThrough:
    """A plugin that implements the deadline hooks and answers nothing: the national rules
    still count, but through the hook calls and their checks (not the direct path)."""

    @hookimpl
    def tthc_effective_receipt(self, received_at: datetime) -> None:
        return None

    @hookimpl
    def tthc_deadline(self, received_at: datetime) -> None:
        return None


_MOMENTS = st.datetimes(min_value=datetime(2024, 1, 1), max_value=datetime(2027, 12, 31))
_DURATIONS = st.one_of(
    st.integers(0, 40).map(lambda n: Duration.of(n, Unit.WORKING_DAYS)),
    st.integers(0, 80).map(lambda n: Duration.of(Decimal(n) / 4, Unit.WORKING_DAYS)),
    st.integers(0, 200).map(lambda n: Duration.of(n, Unit.WORKING_HOURS)),
    st.integers(0, 90).map(lambda n: Duration.of(n, Unit.CALENDAR_DAYS)),
    st.integers(0, 24).map(lambda n: Duration.of(n, Unit.MONTHS)),
    st.integers(0, 200).map(lambda n: Duration.of(n, Unit.CLOCK_HOURS)),
    st.just(Duration.of(0, Unit.SAME_DAY)),
)


class _Province:
    """A province that counts differently (policy, working hours) but leaves the count to
    the national rules: ``Rules.deadline`` keeps its direct path."""

    def __init__(self, policy: CountingPolicy, hours: str | None) -> None:
        self.policy = policy
        self.hours = hours

    @hookimpl
    def tthc_counting_policy(self) -> CountingPolicy:
        return self.policy

    @hookimpl
    def tthc_working_hours(self) -> WorkingHours | None:
        return None if self.hours is None else WorkingHours.fixed(self.hours)


_POLICIES = (
    CountingPolicy(),
    CountingPolicy(general_cutoff=time(15, 30), same_day_cutoff=None),
    CountingPolicy(after_hours_receipt=False, working_days_mode="elapsed"),
    CountingPolicy(clock_hours_as="working", period_end="close", roll_to_working_day=False),
    CountingPolicy(general_cutoff=time(11, 0), after_hours_receipt=False),
)
_TEXTS = (
    "3 ngày làm việc",
    "0,5 ngày làm việc",
    "4 giờ làm việc",
    "24 Giờ",
    "15 ngày",
    "01 tháng",
    "Trong ngày",
    "Trực tuyến: 5 ngày làm việc; Trực tiếp: 7 ngày làm việc",
    "Trường hợp 1: 2 ngày làm việc; Trường hợp 2: 10 ngày làm việc",
    "ba ngày",
)


@cache
def _rules(policy: int, hours: str | None) -> Rules:
    rules = Rules(Config(), load_entry_points=False)
    if policy or hours:
        rules.pm.register(_Province(_POLICIES[policy], hours), name="province")
    return rules


def _answer(rules: Rules, moment: datetime, what: object, channel: object, case: object) -> object:
    try:
        return rules.deadline(moment, what, channel=channel, case=case)  # type: ignore[arg-type]
    except TthcError as exc:
        return f"{type(exc).__name__}: {exc.text.vi} / {exc.text.en}"


@settings(max_examples=400, deadline=None)
@given(
    moment=_MOMENTS,
    what=st.one_of(_DURATIONS, st.sampled_from(_TEXTS)),
    channel=st.sampled_from([None, "online", "in_person", Channel.ONLINE, "fax"]),
    case=st.sampled_from([None, None, "Trường hợp 1", "Trường hợp 2", "Trực tuyến"]),
    policy=st.integers(0, len(_POLICIES) - 1),
    hours=st.sampled_from([None, "07:30-11:30,13:30-17:00"]),
    aware=st.booleans(),
)
def test_the_direct_path_counts_as_the_hooks_do(
    moment: datetime,
    what: Duration | str,
    channel: object,
    case: str | None,
    policy: int,
    hours: str | None,
    aware: bool,
) -> None:
    # The same Rules, first alone (the direct path), then with a plugin that implements the
    # deadline hooks and answers nothing: the national rules count through the hooks and
    # their checks. Every unit, channel, case, cut-off and a province's policy and hours.
    rules = _rules(policy, hours)
    if aware:
        moment = moment.replace(tzinfo=timezone.utc)
    assert rules.national_only("tthc_deadline")
    direct = _answer(rules, moment, what, channel, case)
    rules.pm.register(_PassThrough(), name="pass-through")
    try:
        assert not rules.national_only("tthc_deadline")
        hooked = _answer(rules, moment, what, channel, case)
    finally:
        rules.pm.unregister(name="pass-through")
    assert direct == hooked


def test_a_plugin_registered_later_is_asked_again() -> None:
    # The choice of the direct path is made once per set of plugins, not once for all.
    rules = Rules(Config(), load_entry_points=False)
    received = at("2026-11-26 10:00")
    assert rules.deadline(received, wd(3)).effective_at == received

    class Later:
        @hookimpl
        def tthc_effective_receipt(self, received_at: datetime) -> datetime:
            return received_at + timedelta(days=1)

    rules.pm.register(Later(), name="later")
    assert not rules.national_only("tthc_effective_receipt")
    assert rules.deadline(received, wd(3)).effective_at == received + timedelta(days=1)
    rules.pm.unregister(name="later")
    assert rules.deadline(received, wd(3)).effective_at == received


def test_a_plugin_answer_is_still_checked() -> None:
    rules = Rules(Config(), load_entry_points=False)

    class Wrong:
        @hookimpl
        def tthc_deadline(self, received_at: datetime) -> object:
            return 40

    rules.pm.register(Wrong(), name="wrong")
    with pytest.raises(Exception, match="Plugin 'wrong' returned 40 instead of"):
        rules.deadline(at("2026-11-26 10:00"), wd(3))
