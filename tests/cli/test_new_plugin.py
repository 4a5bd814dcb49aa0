"""``tthc new-plugin``: the package it writes passes its own tests as written."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tthc.cli import EXIT_OK, EXIT_USAGE, main
from tthc.cli.new_plugin import files_of, rule_prefix

DOCS = Path(__file__).resolve().parents[2] / "docs"


@pytest.fixture(autouse=True)
def english(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TTHC_LANG", "en")


@pytest.mark.slow
def test_the_written_plugin_passes_its_own_tests(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["new-plugin", "vi-du", "--dir", str(tmp_path)]) == EXIT_OK
    target = tmp_path / "tthc-vi-du"
    assert capsys.readouterr().out == (
        f"created {target}; next: pip install -e {target}, then pytest {target}\n"
    )
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "TTHC_PLUGINS"}}
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"],
        cwd=target,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert "4 passed" in result.stdout


def test_the_package_layout() -> None:
    files = files_of("ha-noi")
    assert sorted(files) == [
        "README.md",
        "pyproject.toml",
        "src/tthc_ha_noi/__init__.py",
        "src/tthc_ha_noi/py.typed",
        "tests/conftest.py",
        "tests/test_tthc_ha_noi.py",
    ]
    assert '[project.entry-points.tthc]\nha-noi = "tthc_ha_noi"' in files["pyproject.toml"]
    assert 'tthc_province = "ha-noi"' in files["src/tthc_ha_noi/__init__.py"]
    assert '"HN101"' in files["src/tthc_ha_noi/__init__.py"]
    for name, text in files.items():
        if name.endswith(".py"):
            compile(text, name, "exec")  # every module is Python


@pytest.mark.parametrize(
    ("name", "prefix"),
    [("vi-du", "VD"), ("tuyen-quang", "TQ"), ("hanoi", "HA"), ("tt", "PX"), ("a", "AX"),
     ("ba-ria-vung-tau", "BR"), ("x-2", "XX")],
)  # fmt: skip
def test_rule_prefix(name: str, prefix: str) -> None:
    assert rule_prefix(name) == prefix


@pytest.mark.parametrize("name", ["Vi-Du", "vi du", "vi_du", "-vi", "vi--du", "1vi", "x" * 41, ""])
def test_a_bad_name_is_refused_quoted(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    assert main(["new-plugin", "--dir", str(tmp_path), "--", name]) == EXIT_USAGE
    err = capsys.readouterr().err
    assert err.startswith("tthc: invalid plugin name ")
    assert list(tmp_path.iterdir()) == []


def test_an_existing_folder_is_left_alone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "tthc-vi-du").mkdir()
    (tmp_path / "tthc-vi-du" / "mine.txt").write_text("keep")
    assert main(["new-plugin", "vi-du", "--dir", str(tmp_path)]) == EXIT_USAGE
    assert "already exists" in capsys.readouterr().err
    assert [p.name for p in (tmp_path / "tthc-vi-du").iterdir()] == ["mine.txt"]


@pytest.mark.parametrize("page", ["howto-plugin.md", "vi/howto-plugin.md"])
def test_the_docs_show_excerpts_of_the_written_files(page: str) -> None:
    # The how-to's snippets are lines of what `tthc new-plugin vi-du` writes, whose tests
    # run above: a snippet that drifts from the skeleton fails here.
    text = (DOCS / page).read_text(encoding="utf-8")
    blocks = re.findall(r"<!-- new-plugin-excerpt -->\n```python\n(.*?)\n```", text, re.DOTALL)
    assert len(blocks) == 2
    written = "\n".join(files_of("vi-du").values())
    for block in blocks:
        for line in block.splitlines():
            assert line in written, line
