"""Fixtures shared by the tests."""

from __future__ import annotations

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
