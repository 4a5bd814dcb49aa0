"""``tthc plugins``: listing, formats, broken plugins and exit codes.

Entry points are faked (synthetic plugin modules), so nothing needs installing.
"""

from __future__ import annotations

import json
import types
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

import tthc.plugins.finder
from tthc import __version__, hookimpl
from tthc.cli import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, main
from tthc.rules import NATIONAL_PLUGINS, PLUGINS_ENV


@dataclass
class FakeDist:
    name: str
    version: str


class FakeEntryPoint:
    def __init__(self, name: str, target: object, dist: str = "tthc-fake", version: str = "2.0"):
        self.name = name
        self.group = "tthc"
        self.dist = FakeDist(dist, version)
        self._target = target

    def load(self) -> object:
        if isinstance(self._target, BaseException):
            raise self._target
        return self._target


def plugin(name: str, province: str | None = None, **hooks: Callable[..., Any]) -> Any:
    module = types.ModuleType(name)
    for hook_name, function in hooks.items():
        setattr(module, hook_name, hookimpl(function))
    if province is not None:
        module.tthc_province = province  # type: ignore[attr-defined]
    return module


def _rounding() -> str:
    return "hour"


@pytest.fixture
def installed(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[list[FakeEntryPoint]]:
    eps: list[FakeEntryPoint] = []
    monkeypatch.setattr(tthc.plugins.finder, "entry_points", lambda *, group: list(eps))
    monkeypatch.delenv(PLUGINS_ENV, raising=False)
    monkeypatch.chdir(tmp_path)  # no tthc.toml of the project itself is picked up
    (tmp_path / "tthc.toml").write_text("", encoding="utf-8")
    yield eps


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def test_text_lists_national_plugins_in_order(
    installed: list[FakeEntryPoint], capsys: pytest.CaptureFixture[str]
) -> None:
    installed.append(FakeEntryPoint("extra", plugin("extra", tthc_reduction_rounding=_rounding)))
    code, out, err = run(["plugins", "--lang", "en"], capsys)
    assert code == EXIT_OK
    assert err == ""
    assert out.splitlines()[0] == (
        "Plugins in registration order (national); later ones are called first:"
    )
    positions = [out.index(f". {name} {__version__}  [loaded]") for name in NATIONAL_PLUGINS]
    assert positions == sorted(positions)
    assert " 6. extra 2.0  [loaded]\n      origin: entry point tthc-fake\n" in out
    assert "      hooks: tthc_reduction_rounding\n" in out


def test_text_in_vietnamese(
    installed: list[FakeEntryPoint], capsys: pytest.CaptureFixture[str]
) -> None:
    installed.append(FakeEntryPoint("pa", plugin("pa", province="tinh-a")))
    code, out, _ = run(["plugins", "--lang", "vi"], capsys)
    assert code == EXIT_OK
    assert out.startswith("Plugin theo thứ tự đăng ký (toàn quốc)")
    assert "pa 2.0  [chưa nạp (plugin tỉnh)]" in out
    assert "      tỉnh: tinh-a\n" in out


def test_every_label_and_origin_in_vietnamese(
    installed: list[FakeEntryPoint], capsys: pytest.CaptureFixture[str]
) -> None:
    installed.append(FakeEntryPoint("extra", plugin("extra", tthc_reduction_rounding=_rounding)))
    code, out, _ = run(["plugins", "--lang", "vi"], capsys)
    assert code == EXIT_OK
    national = (
        f" 1. {NATIONAL_PLUGINS[0]} {__version__}  [đã nạp]\n      nguồn: có sẵn trong tthc\n"
    )
    assert national in out
    assert " 6. extra 2.0  [đã nạp]\n      nguồn: gói đã cài tthc-fake (entry point)\n" in out
    assert "      các hook: tthc_reduction_rounding\n" in out
    for english in ("built-in", "origin", "hooks:", "loaded"):
        assert english not in out
    # English keeps its words (the plugin tutorial quotes them).
    code, out, _ = run(["plugins", "--lang", "en"], capsys)
    assert f" 1. {NATIONAL_PLUGINS[0]} {__version__}  [loaded]\n      origin: built-in\n" in out


def test_a_plugin_from_the_config_says_so_in_both_languages(
    installed: list[FakeEntryPoint],
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A synthetic plugin module named in tthc.toml (plugins = [...]), not installed.
    (tmp_path / "tthc_synthetic_cfg.py").write_text(
        "from tthc import hookimpl\n\n\n@hookimpl\ndef tthc_reduction_rounding():\n"
        "    return 'hour'\n",
        encoding="utf-8",
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    (tmp_path / "tthc.toml").write_text('plugins = ["tthc_synthetic_cfg"]\n', encoding="utf-8")
    code, out, _ = run(["plugins", "--lang", "vi"], capsys)
    assert code == EXIT_OK
    assert " 6. tthc_synthetic_cfg  [đã nạp]\n      nguồn: cấu hình (plugins)\n" in out
    code, out, _ = run(["plugins", "--lang", "en"], capsys)
    assert " 6. tthc_synthetic_cfg  [loaded]\n      origin: config\n" in out
    code, out, _ = run(["plugins", "--format", "json"], capsys)
    assert json.loads(out)["plugins"][-1]["origin"] == "config"


def test_json_shape(installed: list[FakeEntryPoint], capsys: pytest.CaptureFixture[str]) -> None:
    installed.append(
        FakeEntryPoint("pa", plugin("pa", province="tinh-a", tthc_reduction_rounding=_rounding))
    )
    installed.append(FakeEntryPoint("pb", plugin("pb", province="tinh-b")))
    code, out, _ = run(["plugins", "--format", "json", "--province", "tinh-a"], capsys)
    assert code == EXIT_OK
    data = json.loads(out)
    assert data["province"] == "tinh-a"
    names = [p["name"] for p in data["plugins"]]
    assert names == [*NATIONAL_PLUGINS, "pa", "pb"]
    by_name = {p["name"]: p for p in data["plugins"]}
    assert by_name["pa"] == {
        "name": "pa",
        "version": "2.0",
        "origin": "entry point tthc-fake",
        "province": "tinh-a",
        "status": "loaded",
        "hooks": ["tthc_reduction_rounding"],
        "error": None,
    }
    assert by_name["pb"]["status"] == "not_loaded"
    assert by_name[NATIONAL_PLUGINS[0]]["origin"] == "built-in"
    assert by_name[NATIONAL_PLUGINS[0]]["version"] == __version__


def test_broken_plugin_is_shown_and_exits_1(
    installed: list[FakeEntryPoint], capsys: pytest.CaptureFixture[str]
) -> None:
    installed.append(FakeEntryPoint("broken", ImportError("No module named 'tthc_broken'")))
    code, out, err = run(["plugins", "--lang", "en"], capsys)
    assert code == EXIT_FINDINGS
    assert "broken 2.0  [ERROR]" in out
    assert "      error: ImportError: No module named 'tthc_broken'\n" in out
    assert err == "tthc: plugin that failed to load: broken\n"
    code, out, err = run(["plugins", "--lang", "vi"], capsys)
    assert "broken 2.0  [LỖI]" in out
    assert err == "tthc: plugin không nạp được: broken\n"

    installed.append(FakeEntryPoint("broken2", ImportError("No module named 'tthc_broken2'")))
    code, out, err = run(["plugins", "--lang", "en"], capsys)
    assert err == "tthc: plugins that failed to load: broken, broken2\n"
    installed.pop()

    code, out, err = run(["plugins", "--format", "json"], capsys)
    assert code == EXIT_FINDINGS
    record = json.loads(out)["plugins"][-1]
    assert record["status"] == "error"
    assert record["error"] == "ImportError: No module named 'tthc_broken'"


def test_a_rejected_plugin_is_explained_in_the_chosen_language(
    installed: list[FakeEntryPoint], capsys: pytest.CaptureFixture[str]
) -> None:
    def tthc_working_hour() -> None:  # typo: tthc_working_hours
        return None

    installed.append(FakeEntryPoint("typo", plugin("typo", tthc_working_hour=tthc_working_hour)))
    code, out, _ = run(["plugins", "--lang", "vi"], capsys)
    assert code == EXIT_FINDINGS
    assert (
        "      lỗi: Plugin 'typo' cài đặt hook không tồn tại: tthc_working_hour "
        "(có phải tthc_working_hours?)\n" in out
    )
    code, out, _ = run(["plugins", "--lang", "en"], capsys)
    assert (
        "      error: Plugin 'typo' implements a hook that does not exist: tthc_working_hour "
        "(did you mean tthc_working_hours?)\n" in out
    )
    code, out, _ = run(["plugins", "--lang", "vi", "--format", "json"], capsys)
    record = json.loads(out)["plugins"][-1]
    assert record["error"] == (
        "Plugin 'typo' cài đặt hook không tồn tại: tthc_working_hour (có phải tthc_working_hours?)"
    )


def test_unknown_province_exits_2_with_message(
    installed: list[FakeEntryPoint], capsys: pytest.CaptureFixture[str]
) -> None:
    installed.append(FakeEntryPoint("pa", plugin("pa", province="tinh-a")))
    code, out, err = run(["plugins", "--province", "tinh-x", "--lang", "en"], capsys)
    assert code == EXIT_USAGE
    assert out == ""
    assert err == "tthc: No plugin serves province 'tinh-x'. Installed provinces: tinh-a\n"


def test_province_from_config_file(
    installed: list[FakeEntryPoint], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    installed.append(FakeEntryPoint("pa", plugin("pa", province="tinh-a")))
    config = tmp_path / "other.toml"
    config.write_text('province = "tinh-a"\n', encoding="utf-8")
    code, out, _ = run(["plugins", "--config", str(config), "--format", "json"], capsys)
    assert code == EXIT_OK
    assert json.loads(out)["province"] == "tinh-a"


def test_bad_format_is_a_usage_error(
    installed: list[FakeEntryPoint], capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["plugins", "--format", "yaml"])
    assert exit_.value.code == EXIT_USAGE
    assert "invalid choice: 'yaml'" in capsys.readouterr().err


def test_an_unselected_broken_province_plugin_exits_1(
    installed: list[FakeEntryPoint], capsys: pytest.CaptureFixture[str]
) -> None:
    def tthc_working_hour() -> None:  # typo: tthc_working_hours
        return None

    installed.append(
        FakeEntryPoint("pt", plugin("pt", province="tinh-t", tthc_working_hour=tthc_working_hour))
    )
    code, out, err = run(["plugins", "--lang", "en"], capsys)
    assert code == EXIT_FINDINGS
    assert " 6. pt 2.0  [ERROR]\n" in out
    assert (
        "      error: Plugin 'pt' implements a hook that does not exist: tthc_working_hour "
        "(did you mean tthc_working_hours?)\n" in out
    )
    assert err == "tthc: plugin that failed to load: pt\n"
    code, out, err = run(["plugins", "--lang", "vi"], capsys)
    assert code == EXIT_FINDINGS
    assert "      lỗi: Plugin 'pt' cài đặt hook không tồn tại: tthc_working_hour" in out


def test_a_broken_selected_province_is_listed_with_its_error(
    installed: list[FakeEntryPoint], capsys: pytest.CaptureFixture[str]
) -> None:
    def tthc_working_hour() -> None:
        return None

    installed.append(FakeEntryPoint("ok", plugin("ok", tthc_reduction_rounding=_rounding)))
    installed.append(
        FakeEntryPoint("pt", plugin("pt", province="tinh-t", tthc_working_hour=tthc_working_hour))
    )
    code, out, err = run(["plugins", "--province", "tinh-t", "--lang", "en"], capsys)
    assert code == EXIT_FINDINGS
    assert " 6. ok 2.0  [loaded]\n" in out and " 7. pt 2.0  [ERROR]\n" in out
    assert err == "tthc: plugin that failed to load: pt\n"


def test_a_province_whose_plugin_cannot_be_imported_is_listed(
    installed: list[FakeEntryPoint], capsys: pytest.CaptureFixture[str]
) -> None:
    installed.append(FakeEntryPoint("pb", ModuleNotFoundError("No module named 'x'")))
    code, out, err = run(["plugins", "--province", "tinh-b", "--lang", "vi"], capsys)
    assert code == EXIT_FINDINGS
    assert " 6. pb 2.0  [LỖI]\n" in out
    assert err.startswith("tthc: Không có plugin nào cho tỉnh 'tinh-b'. Các tỉnh đã cài: -.")
    assert err.endswith("tthc: plugin không nạp được: pb\n")


def test_a_configure_that_refuses_is_listed_with_the_plugin_and_file(
    installed: list[FakeEntryPoint], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from tthc.errors import ConfigError
    from tthc.i18n import Text

    def tthc_configure() -> None:
        raise ConfigError(Text("khoá lạ 'x' trong [tinh-c]", "unknown key 'x' in [tinh-c]"))

    installed.append(
        FakeEntryPoint("pc", plugin("pc", province="tinh-c", tthc_configure=tthc_configure))
    )
    code, out, err = run(["plugins", "--province", "tinh-c", "--lang", "en"], capsys)
    assert code == EXIT_FINDINGS
    assert (
        f"      error: Plugin 'pc' rejected the configuration ({tmp_path / 'tthc.toml'}): "
        "unknown key 'x' in [tinh-c]\n" in out
    )
    # Any other command stops with that message (exit 2).
    code, _, err = run(["explain", "--list", "--province", "tinh-c", "--lang", "vi"], capsys)
    assert code == EXIT_USAGE
    assert err == (
        f"tthc: Plugin 'pc' từ chối cấu hình ({tmp_path / 'tthc.toml'}): "
        "khoá lạ 'x' trong [tinh-c]\n"
    )


def test_two_plugins_for_one_province_are_shown(
    installed: list[FakeEntryPoint], capsys: pytest.CaptureFixture[str]
) -> None:
    installed.append(FakeEntryPoint("p1", plugin("p1", province="tinh-d"), dist="tthc-p1"))
    installed.append(FakeEntryPoint("p2", plugin("p2", province="tinh-d"), dist="tthc-p2"))
    code, out, _ = run(["plugins", "--province", "tinh-d", "--lang", "en"], capsys)
    assert code == EXIT_FINDINGS
    assert out.count("error: Two plugins serve province 'tinh-d': 'p1' (entry point tthc-p1)") == 2
