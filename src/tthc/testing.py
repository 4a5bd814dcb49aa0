"""A pytest plugin for authors of tthc plugins (bộ công cụ kiểm thử cho tác giả plugin).

Installed with tthc and loaded by pytest through the ``pytest11`` entry point, so a
plugin's tests need no set-up (or name it explicitly: ``pytest_plugins = ["tthc.testing"]``
in a ``conftest.py``). It gives:

Fixtures
    ``tthc_plugin``: the plugin under test, as a module name; ``None`` by default. Override
    it in your ``conftest.py``::

        @pytest.fixture
        def tthc_plugin() -> str:
            return "tthc_vi_du"

    ``tthc_rules``: :class:`~tthc.rules.Rules` with the national rules and that plugin (its
    ``tthc_province`` selected), and no other installed plugin, whatever the machine has.
    ``tthc_national``: the national rules alone, for comparison.
    ``tthc_catalog``: a :class:`CatalogBuilder` writing a catalog into a temporary folder.

Builders and assertions
    :func:`procedure_data` (a valid, synthetic procedure as YAML data), :class:`CatalogBuilder`,
    :func:`rules_with`, :func:`codes`, :func:`assert_findings`, :func:`assert_no_findings`,
    :func:`due_at`.

Synthetic procedures use codes ``9.999xxx``, which no real procedure has.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from tthc.catalog import Catalog
    from tthc.rules import Rules
    from tthc.validation import Finding

__all__ = [
    "CatalogBuilder",
    "assert_findings",
    "assert_no_findings",
    "codes",
    "due_at",
    "procedure_data",
    "rules_with",
]

SYNTHETIC_FIELD = "thu-nghiem"
SYNTHETIC_AGENCY = "co-quan-thu-nghiem"


def rules_with(plugin: str | ModuleType | None = None, *, province: str | None = None) -> Rules:
    """National rules plus ``plugin`` (a module or its import name), without the plugins
    installed on this machine. The plugin's ``tthc_province``, if it declares one, is
    selected unless ``province`` names another; it goes through every check tthc makes of
    an installed plugin."""
    from tthc.config import Config
    from tthc.rules import Rules

    plugins: tuple[str, ...] = ()
    if plugin is not None:
        module = importlib.import_module(plugin) if isinstance(plugin, str) else plugin
        plugins = (module.__name__,)
        if province is None:
            declared = getattr(module, "tthc_province", None)
            province = None if declared is None else str(declared)
    return Rules(Config(province=province, plugins=plugins), load_entry_points=False)


def procedure_data(code: str = "9.999001", **overrides: Any) -> dict[str, Any]:
    """A synthetic procedure that passes the national rules, as the YAML data of its file;
    ``overrides`` replace or add keys (``None`` removes one). Time: 3 working days."""
    data: dict[str, Any] = {
        "code": code,
        "name": f"Thủ tục thử nghiệm {code}",
        "field": SYNTHETIC_FIELD,
        "levels": ["province"],
        "agencies": [SYNTHETIC_AGENCY],
        "steps": ["Nộp hồ sơ", "Nhận kết quả"],
        "channels": ["in_person", "online"],
        "online": "toan_trinh",
        "dossier": [{"name": "Tờ khai thử nghiệm", "originals": 1}],
        "processing_time": [
            {"time": {"value": 3, "unit": "working_days"}, "time_text": "03 ngày làm việc"}
        ],
        "subjects": ["Công dân"],
        "results": ["Giấy xác nhận thử nghiệm"],
        "legal_basis": [{"number": "0/0000/TEST", "title": "Văn bản thử nghiệm (synthetic)"}],
    }
    for key, value in overrides.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return data


class CatalogBuilder:
    """Writes a catalog folder (registries and one YAML file per procedure) and loads it,
    so that findings point at real files, lines and columns."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.fields: dict[str, str] = {SYNTHETIC_FIELD: "Lĩnh vực thử nghiệm"}
        self.agencies: dict[str, str] = {SYNTHETIC_AGENCY: "Cơ quan thử nghiệm"}
        self._procedures: dict[str, str] = {}

    def add(self, code: str = "9.999001", **overrides: Any) -> Path:
        """Add :func:`procedure_data` ``(code, **overrides)``; returns the file's path."""
        return self.add_yaml(code, _dump(procedure_data(code, **overrides)))

    def add_yaml(self, code: str, text: str) -> Path:
        """Add a procedure file as written (to test how a rule reads odd YAML)."""
        self._procedures[code] = text
        return self.root / "procedures" / f"{code}.yaml"

    def write(self) -> Path:
        """Write the files; returns the catalog folder."""
        folder = self.root / "procedures"
        folder.mkdir(parents=True, exist_ok=True)
        for name, entries in (("fields", self.fields), ("agencies", self.agencies)):
            rows = [{"id": key, "name": value} for key, value in entries.items()]
            (self.root / f"{name}.yaml").write_text(_dump(rows), encoding="utf-8")
        for code, text in self._procedures.items():
            (folder / f"{code}.yaml").write_text(text, encoding="utf-8")
        return self.root

    def load(self) -> Catalog:
        """Write the files and load them as a :class:`~tthc.catalog.Catalog`."""
        from tthc.catalog import Catalog

        return Catalog.load([self.write()])


def _dump(data: Any) -> str:
    import yaml

    return str(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))


def codes(findings: Iterable[Finding]) -> list[str]:
    """The rule codes of ``findings``, sorted (one per finding)."""
    return sorted(f.rule for f in findings)


def assert_findings(
    findings: Sequence[Finding], expected: Iterable[str], *, procedure: str | None = None
) -> list[Finding]:
    """Assert that ``findings`` (of ``procedure`` only, when given) have exactly the rule
    codes ``expected`` (repeated as often as expected); returns those findings."""
    chosen = [f for f in findings if procedure is None or f.procedure == procedure]
    want = sorted(expected)
    got = codes(chosen)
    if got != want:
        listing = "\n".join(
            f"  {f.path}:{f.line}:{f.column}: {f.rule} {f.message('en')}" for f in chosen
        )
        raise AssertionError(f"expected rule codes {want}, got {got}:\n{listing}")
    return chosen


def assert_no_findings(findings: Sequence[Finding]) -> None:
    """Assert that there is no finding at all (errors or warnings)."""
    assert_findings(findings, [])


def due_at(rules: Rules, received: datetime | str, time: str) -> datetime:
    """The due moment of a dossier received at ``received`` (a datetime, or ISO 8601 text
    as :mod:`tthc.timeparse` reads it) with the processing time ``time`` as a catalog
    writes it (``"3 ngày làm việc"``)."""
    from tthc.timeparse import parse_moment

    moment = parse_moment(received) if isinstance(received, str) else received
    return rules.deadline(moment, time).due_at


# -- fixtures -----------------------------------------------------------------------------


@pytest.fixture
def tthc_plugin() -> str | ModuleType | None:
    """The plugin under test (module or import name); override it in ``conftest.py``."""
    return None


@pytest.fixture
def tthc_rules(tthc_plugin: str | ModuleType | None) -> Rules:
    """National rules plus :func:`tthc_plugin`, no other installed plugin."""
    return rules_with(tthc_plugin)


@pytest.fixture
def tthc_national() -> Rules:
    """The national rules alone, no installed plugin."""
    return rules_with(None)


@pytest.fixture
def tthc_catalog(tmp_path: Path) -> Iterator[CatalogBuilder]:
    """A :class:`CatalogBuilder` writing into a fresh temporary folder."""
    yield CatalogBuilder(tmp_path / "catalog")
