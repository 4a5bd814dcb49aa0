"""tthc.testing, the pytest plugin for plugin authors: fixtures, builders and assertions.

The fixtures reach these tests through the ``pytest11`` entry point, as they reach a plugin
author's; the Tuyên Quang plugin is the plugin under test here.
"""

from __future__ import annotations

from datetime import datetime
from types import ModuleType

import pytest

from tthc.testing import (
    CatalogBuilder,
    assert_findings,
    assert_no_findings,
    codes,
    due_at,
    procedure_data,
    rules_with,
)

TQ = "tthc_tuyenquang"


@pytest.fixture
def tthc_plugin() -> str:
    pytest.importorskip(TQ)  # installed next to tthc by `make test`
    return TQ


def test_tthc_rules_selects_the_plugins_province(tthc_rules: object, tthc_national: object) -> None:
    from tthc.rules import Rules

    assert isinstance(tthc_rules, Rules) and isinstance(tthc_national, Rules)
    assert tthc_rules.config.province == "tuyen-quang"
    assert tthc_national.config.province is None
    # Tuyên Quang's cut-off moves a dossier received at 16:00 to the next day
    received = "2026-11-26T16:00+07"
    assert due_at(tthc_national, received, "3 ngày làm việc") == datetime.fromisoformat(
        "2026-12-01T17:00:00+07:00"
    )
    assert due_at(tthc_rules, received, "3 ngày làm việc") == datetime.fromisoformat(
        "2026-12-02T17:00:00+07:00"
    )


def test_installed_plugins_stay_out(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TTHC_PLUGINS", raising=False)
    names = {info.name for info in rules_with(None).plugins}
    assert "tuyen-quang" not in names


def test_a_module_object_works_as_its_name() -> None:
    module = pytest.importorskip(TQ)
    assert isinstance(module, ModuleType)
    assert rules_with(module).config.province == "tuyen-quang"
    from tthc.errors import ConfigError

    with pytest.raises(ConfigError, match="No plugin serves province 'other'"):
        rules_with(module, province="other")


def test_the_builder_writes_a_catalog_the_national_rules_accept(
    tthc_national: object, tthc_catalog: CatalogBuilder
) -> None:
    from tthc.rules import Rules

    assert isinstance(tthc_national, Rules)
    tthc_catalog.add("9.999001")
    tthc_catalog.add("9.999002", processing_time=[{"time": {"value": 5, "unit": "working_days"}}])
    catalog = tthc_catalog.load()
    assert len(catalog) == 2
    assert_no_findings(tthc_national.validate(catalog))


def test_findings_point_at_the_written_files(
    tthc_national: object, tthc_catalog: CatalogBuilder
) -> None:
    from tthc.rules import Rules

    assert isinstance(tthc_national, Rules)
    path = tthc_catalog.add("9.999001", field="khong-co")  # not in the field registry
    tthc_catalog.add_yaml("9.999002", "code: '9.999002'\nname: [\n")
    findings = tthc_national.validate(tthc_catalog.load())
    assert codes(findings) == ["TT100", "TT201"]
    (unknown,) = assert_findings(findings, ["TT201"], procedure="9.999001")
    assert unknown.path == str(path)
    assert path.read_text(encoding="utf-8").splitlines()[unknown.line - 1] == "field: khong-co"


def test_assert_findings_fails_with_a_listing(
    tthc_national: object, tthc_catalog: CatalogBuilder
) -> None:
    from tthc.rules import Rules

    assert isinstance(tthc_national, Rules)
    tthc_catalog.add("9.999001", field="khong-co")
    findings = tthc_national.validate(tthc_catalog.load())
    with pytest.raises(AssertionError, match=r"expected rule codes \[\], got \['TT201'\]:\n  "):
        assert_no_findings(findings)
    with pytest.raises(AssertionError, match="TT201"):
        assert_findings(findings, ["TT201", "TT201"])


def test_procedure_data_overrides() -> None:
    data = procedure_data("9.999005", online=None, steps=["Một bước"])
    assert data["code"] == "9.999005" and "online" not in data and data["steps"] == ["Một bước"]
