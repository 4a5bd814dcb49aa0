"""The README's tour must run as written (a user's first contact with tthc)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def test_readme_starts_with_the_two_commands() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    first_block = re.search(r"```sh\n(.*?)```", text, re.S)
    assert first_block is not None
    commands = [line.split("#")[0].strip() for line in first_block.group(1).splitlines()]
    assert commands == ["make run", "make test"]


def test_readme_python_tour_runs(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", text, re.S)
    assert blocks
    monkeypatch.chdir(ROOT)
    namespace: dict[str, object] = {}
    exec(compile(blocks[0], "README.md", "exec"), namespace)
    # The values the comments promise.
    deadline = namespace["deadline"]
    clock = namespace["clock"]
    assert str(deadline.due_at) == "2026-12-08 17:00:00+07:00"  # type: ignore[attr-defined]
    assert str(clock.due_at) == "2026-12-10 17:00:00+07:00"  # type: ignore[attr-defined]
    assert clock.status == "on_time"  # type: ignore[attr-defined]
    assert "12729/VPCP-KGVX" in capsys.readouterr().out
