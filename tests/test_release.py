"""What a release ships: a wheel and an sdist that ``twine check`` accepts, with the licence,
one version, and a changelog in the Keep a Changelog shape (see docs/release.md).

Built as the release procedure builds them (``python -m build --no-isolation``), from a
copy of the project so the build never writes into the checkout; no network.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

if sys.version_info >= (3, 11):
    import tomllib
else:
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
VERSION = PYPROJECT["project"]["version"]


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel and sdist of a copy of the project, in a ``dist`` folder."""
    base = tmp_path_factory.mktemp("release")
    project = base / "tthc"
    project.mkdir()
    for name in ("pyproject.toml", "README.md", "LICENSE", "CHANGELOG.md"):
        shutil.copy2(ROOT / name, project / name)
    ignore = shutil.ignore_patterns("*.egg-info", "__pycache__", "build", "dist")
    shutil.copytree(ROOT / "src", project / "src", ignore=ignore)
    out = base / "dist"
    built = subprocess.run(
        [sys.executable, "-m", "build", "--no-isolation", "--outdir", str(out), str(project)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert built.returncode == 0, built.stdout[-3000:] + built.stderr[-3000:]
    return out


@pytest.mark.slow
def test_twine_accepts_the_wheel_and_the_sdist(dist: Path) -> None:
    files = sorted(p.name for p in dist.iterdir())
    assert files == [f"tthc-{VERSION}-py3-none-any.whl", f"tthc-{VERSION}.tar.gz"]
    checked = subprocess.run(
        [sys.executable, "-m", "twine", "check", "--strict", *map(str, dist.iterdir())],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert checked.stdout.count("PASSED") == 2


@pytest.mark.slow
def test_the_wheel_carries_the_licence_data_and_metadata(dist: Path) -> None:
    with zipfile.ZipFile(dist / f"tthc-{VERSION}-py3-none-any.whl") as wheel:
        names = set(wheel.namelist())
        metadata = wheel.read(f"tthc-{VERSION}.dist-info/METADATA").decode()
        licence = wheel.read(f"tthc-{VERSION}.dist-info/licenses/LICENSE").decode()
    assert licence == (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert "License-Expression: Apache-2.0" in metadata
    assert f"Version: {VERSION}" in metadata
    assert "tthc/py.typed" in names
    assert "tthc/schema/procedure.schema.json" in names
    assert any(n.startswith("tthc/national/data/") for n in names)
    entry_points = f"tthc-{VERSION}.dist-info/entry_points.txt"
    assert entry_points in names


@pytest.mark.slow
def test_the_sdist_carries_the_licence(dist: Path) -> None:
    with tarfile.open(dist / f"tthc-{VERSION}.tar.gz") as sdist:
        names = set(sdist.getnames())
    assert f"tthc-{VERSION}/LICENSE" in names
    assert f"tthc-{VERSION}/pyproject.toml" in names


def test_the_licence_is_the_apache_2_text() -> None:
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.lstrip().startswith("Apache License\n")
    assert "APPENDIX: How to apply the Apache License to your work." in text
    assert "Version 2.0, January 2004" in text
    assert "END OF TERMS AND CONDITIONS" in text
    assert PYPROJECT["project"]["license"] == "Apache-2.0"


def test_the_version_is_written_once() -> None:
    # pyproject.toml is the one source; the package reads it from the installed metadata.
    written = [
        path.relative_to(ROOT).as_posix()
        for path in (ROOT / "src").rglob("*.py")
        if re.search(r"^__version__\s*=", path.read_text(encoding="utf-8"), re.MULTILINE)
    ]
    assert written == []


def test_the_changelog_keeps_a_changelog() -> None:
    text = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert text.startswith("# Changelog\n")
    assert "## [Unreleased]" in text
    headings = re.findall(r"^## \[([^\]]+)\](?: - (\d{4}-\d{2}-\d{2}))?$", text, re.MULTILINE)
    assert headings[0] == ("Unreleased", "")
    for version, day in headings[1:]:  # released versions carry their date
        assert re.fullmatch(r"\d+\.\d+\.\d+", version) and day, (version, day)
    sections = set(re.findall(r"^### (\w+)$", text, re.MULTILINE))
    assert sections <= {"Added", "Changed", "Deprecated", "Removed", "Fixed", "Security"}
    # every released version in the changelog is at most the current one
    assert all(tuple(map(int, v.split("."))) <= _version_tuple() for v, _ in headings[1:])


def _version_tuple() -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", VERSION)[:3])
