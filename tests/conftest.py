"""Fixtures, settings and hooks shared by the tests."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

from tthc.config import Config
from tthc.rules import Rules

# Speed is measured in bench/, never asserted by a test: no per-example deadline, which a
# busy machine (CI running four Pythons side by side) misses on a fast example.
settings.register_profile("tthc", deadline=None)
settings.load_profile("tthc")


@pytest.fixture(scope="module")
def rules() -> Rules:
    """The national rules alone: no installed plugin, no configuration file.

    Built once per test module (a calendar takes a moment to build); a test that registers
    a plugin builds its own ``Rules`` instead of changing this one.
    """
    return Rules(Config(), load_entry_points=False)


@pytest.fixture
def broken_catalog(tmp_path: Path) -> Path:
    """``tmp_path/catalog``: the good synthetic catalog with an error (TT102: the file
    ``9.999009.yaml`` holds procedure 9.999002) and a warning (TT104: no steps)."""
    root = tmp_path / "catalog"
    shutil.copytree(Path(__file__).parent / "fixtures" / "catalogs" / "good", root)
    text = (root / "procedures" / "9.999002.yaml").read_text(encoding="utf-8")
    (root / "procedures" / "9.999002.yaml").unlink()
    (root / "procedures" / "9.999009.yaml").write_text(text.replace("steps: [Nộp hồ sơ]\n", ""))
    return root
def pytest_terminal_summary(terminalreporter: Any) -> None:
    """After a run of tests/test_fuzz.py, the number of cases each fuzz test ran."""
    for name, module in list(sys.modules.items()):
        cases = getattr(module, "CASES", None)
        if name.endswith("test_fuzz") and cases:
            total = sum(cases.values())
            shown = ", ".join(f"{key} {count:,}" for key, count in sorted(cases.items()))
            terminalreporter.write_line(f"fuzz cases: {total:,} ({shown})")
