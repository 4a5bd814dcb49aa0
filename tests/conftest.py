"""Fixtures and hooks shared by the tests."""

from __future__ import annotations

import sys
from typing import Any

import pytest

from tthc.config import Config
from tthc.rules import Rules


@pytest.fixture(scope="module")
def rules() -> Rules:
    """The national rules alone: no installed plugin, no configuration file.

    Built once per test module (a calendar takes a moment to build); a test that registers
    a plugin builds its own ``Rules`` instead of changing this one.
    """
    return Rules(Config(), load_entry_points=False)


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """After a run of tests/test_fuzz.py, the number of cases each fuzz test ran."""
    for name, module in list(sys.modules.items()):
        cases = getattr(module, "CASES", None)
        if name.endswith("test_fuzz") and cases:
            total = sum(cases.values())
            shown = ", ".join(f"{key} {count:,}" for key, count in sorted(cases.items()))
            terminalreporter.write_line(f"fuzz cases: {total:,} ({shown})")
