"""Tests of the package's public face (tthc/__init__.py)."""

from __future__ import annotations

import subprocess
import sys

import pytest

import tthc


@pytest.mark.parametrize("name", sorted(tthc.__all__))
def test_every_public_name_resolves(name: str) -> None:
    assert getattr(tthc, name) is not None


def test_unknown_attribute_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="has no attribute 'Nope'"):
        tthc.Nope  # noqa: B018


def test_import_is_cheap() -> None:
    # `import tthc` must not pull in the heavy parts: a one-stop system imports it at start-up.
    code = (
        "import sys, tthc; "
        "print(sorted(m for m in ('pydantic', 'yaml', 'holidays', 'numpy', 'tthc.model') "
        "if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
