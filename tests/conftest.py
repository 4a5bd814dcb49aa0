"""Fixtures and settings shared by the tests."""

from __future__ import annotations

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
