"""tthc.serve.run: the one start-up of the service, from the same configuration as the CLI."""

from __future__ import annotations

from pathlib import Path

import pytest

from tthc.cli import EXIT_USAGE, main
from tthc.serve.run import application, load
from tthc.serve.settings import Settings


@pytest.fixture
def configured(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder whose tthc.toml names a province."""
    (tmp_path / "tthc.toml").write_text('province = "tuyen-quang"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_the_configuration_is_read_unless_isolated(configured: Path) -> None:
    rules, catalog = load(Settings())
    assert rules.config.province == "tuyen-quang" and catalog is None
    rules, _ = load(Settings(isolated=True))
    assert rules.config.province is None and rules.config.isolated
    rules, _ = load(Settings(isolated=True, province="tuyen-quang"))
    assert rules.config.province == "tuyen-quang"


def test_isolated_with_config_is_a_usage_error(
    configured: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["serve", "--isolated", "--config", "tthc.toml", "--openapi"]) == EXIT_USAGE
    assert "do not combine it with --config" in capsys.readouterr().err


def test_the_application_carries_what_was_built(configured: Path) -> None:
    app = application(Settings(catalog=str(Path(__file__).parents[2] / "catalog")))
    assert app.state.rules.config.province == "tuyen-quang"
    assert app.state.catalog is not None and len(app.state.catalog.codes()) > 10
    assert app.state.settings.access_log is False  # a line per request only when asked
