"""tthc.plugins.finder: the three sources of plugins, the allow-list, importing."""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

import pytest

import tthc.plugins.finder as finder
from tthc.config import Config


class Entry:
    """An entry point of group ``tthc``, counting its loads."""

    def __init__(self, name: str, target: object) -> None:
        self.name = name
        self.dist = None
        self.target = target
        self.loads = 0

    def load(self) -> object:
        self.loads += 1
        if isinstance(self.target, BaseException):
            raise self.target
        return self.target


def installed(monkeypatch: pytest.MonkeyPatch, *entries: Entry) -> None:
    monkeypatch.setattr(finder, "entry_points", lambda *, group: list(entries))


def test_the_national_plugins_come_first_in_their_order() -> None:
    found = finder.national_plugins()
    assert [c.name for c in found] == list(finder.NATIONAL_PLUGINS)
    assert all(c.origin == "built-in" and c.error is None for c in found)
    assert found[1].plugin is importlib.import_module("tthc.national.calendar")


def test_the_environment_allow_list_wins_over_the_configuration(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    config = Config(allow=("a",))
    monkeypatch.delenv(finder.PLUGINS_ENV, raising=False)
    assert finder.allow_list(Config()) is None
    assert finder.allow_list(config) == {"a"}
    monkeypatch.setenv(finder.PLUGINS_ENV, " b , c,")
    assert finder.allow_list(config) == {"b", "c"}
    monkeypatch.setenv(finder.PLUGINS_ENV, "")
    assert finder.allow_list(config) == frozenset()  # none at all


def test_a_plugin_left_out_is_never_imported(monkeypatch: pytest.MonkeyPatch) -> None:
    kept, left = Entry("kept", object()), Entry("left", object())
    installed(monkeypatch, left, kept)
    found, left_out = finder.entry_point_plugins(frozenset({"kept"}))
    assert [c.name for c in found] == ["kept"] and left_out == ["left"]
    assert (kept.loads, left.loads) == (1, 0)


def test_an_entry_point_that_fails_to_import_is_a_candidate_with_its_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    installed(monkeypatch, Entry("b", object()), Entry("a", ImportError("no module named x")))
    found, _ = finder.entry_point_plugins(None)
    assert [c.name for c in found] == ["a", "b"]  # sorted by name
    assert found[0].plugin is None and found[0].error is not None
    assert found[0].error.message("en") == "ImportError: no module named x"
    assert found[1].error is None


def test_a_configured_module_next_to_the_config_file_is_imported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "finder_local_rules.py").write_text("VALUE = 7\n", encoding="utf-8")
    monkeypatch.setattr("sys.path", list(__import__("sys").path))
    config = Config(plugins=("finder_local_rules", "finder_missing"), path=tmp_path / "tthc.toml")
    monkeypatch.delenv("TTHC_PLUGINS", raising=False)
    (local, missing), left_out = finder.config_plugins(config)
    assert left_out == []
    plugin: Any = local.plugin
    assert local.error is None and plugin.VALUE == 7
    assert missing.plugin is None and missing.error is not None
    message = missing.error.message("en")
    assert message.startswith("Cannot load plugin 'finder_missing' (from configuration): ")
    assert f"looked in {tmp_path.resolve()}" in message
