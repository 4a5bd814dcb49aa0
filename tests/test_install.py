"""Install tthc, the Tuyên Quang plugin and the tutorial plugin into a clean virtual environment.

What a user does (``pip install .``, ``pip install plugins/tthc-tuyenquang``), without the
network: the packages are built from copies of the sources with ``--no-build-isolation``
and ``--no-deps``; their dependencies (pydantic, pluggy, holidays, setuptools, ...) come
from the current environment's site-packages, appended to the new venv's path by a
``.pth`` file, so the packages under test are the freshly installed ones (they come first
on ``sys.path``), not the editable checkout. Then the installed ``tthc`` command runs.

Selected with ``-m slow``; it takes some seconds.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PLUGIN = ROOT / "plugins" / "tthc-tuyenquang"
TUTORIAL = ROOT / "docs" / "tutorial-plugin.md"

pytestmark = pytest.mark.slow

_IGNORE = shutil.ignore_patterns("*.egg-info", "__pycache__", "build", "dist", ".pytest_cache")


def copy_project(source: Path, target: Path) -> Path:
    """Copy what a source distribution would hold, so the build never writes into the repo."""
    target.mkdir(parents=True)
    for name in ("pyproject.toml", "README.md"):
        if (source / name).is_file():
            shutil.copy2(source / name, target / name)
    for licence in source.glob("LICEN[CS]E*"):
        shutil.copy2(licence, target / licence.name)
    shutil.copytree(source / "src", target / "src", ignore=_IGNORE)
    return target


def tutorial_project(target: Path) -> Path:
    """The tutorial's plugin, written from the fenced blocks of the tutorial page."""
    text = TUTORIAL.read_text(encoding="utf-8")
    blocks = re.findall(
        r"<!-- tutorial-file: (?P<path>[^ ]+) -->\n```[^\n]*\n(?P<body>.*?)\n```", text, re.DOTALL
    )
    assert {path for path, _ in blocks} == {"pyproject.toml", "src/tthc_vi_du/__init__.py"}
    for path, body in blocks:
        file = target / path
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_text(body + "\n", encoding="utf-8")
    return target


def venv_python(venv: Path) -> Path:
    return venv / ("Scripts" if os.name == "nt" else "bin") / "python"


def venv_bin(venv: Path, name: str) -> Path:
    return venv / ("Scripts" if os.name == "nt" else "bin") / name


@pytest.fixture(scope="module")
def clean_venv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("install")
    venv = base / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv_python(venv)
    purelib = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    ours = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    Path(purelib, "_tthc_test_dependencies.pth").write_text("\n".join(sorted(ours)) + "\n")

    projects = [
        copy_project(ROOT, base / "tthc"),
        copy_project(PLUGIN, base / "tthc-tuyenquang"),
        tutorial_project(base / "tthc-vi-du"),
    ]
    install = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(python),
            "install",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "--no-index",
            *map(str, projects),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert install.returncode == 0, install.stdout[-3000:] + install.stderr[-3000:]
    return venv


def run(venv: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "TTHC_PLUGINS"}}
    env["TTHC_LANG"] = "en"
    return subprocess.run(
        [str(venv_bin(venv, "tthc")), *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_installed_tthc_is_the_fresh_copy(clean_venv: Path) -> None:
    where = subprocess.run(
        [
            str(venv_python(clean_venv)),
            "-c",
            "import tthc, tthc_tuyenquang, importlib.metadata as m;"
            "print(tthc.__file__); print(tthc_tuyenquang.__file__);"
            "print(m.version('tthc'), m.version('tthc-tuyenquang'), m.version('tthc-vi-du'))",
        ],
        check=True,
        capture_output=True,
        text=True,
        cwd=clean_venv,
    ).stdout.splitlines()
    assert all(Path(line).is_relative_to(clean_venv) for line in where[:2]), where
    assert where[2] == "0.1.0 0.1.0 0.1.0"
    package = Path(where[0]).parent
    assert (package / "py.typed").is_file()
    assert list((package / "national" / "data").glob("*.yaml")), "calendar data shipped"
    assert (package / "schema" / "procedure.schema.json").is_file()


def test_plugins_lists_the_installed_province(clean_venv: Path, tmp_path: Path) -> None:
    result = run(
        clean_venv, "plugins", "--province", "tuyen-quang", "--format", "json", cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr
    plugins = {p["name"]: p for p in json.loads(result.stdout)["plugins"]}
    tq = plugins["tuyen-quang"]
    assert tq["status"] == "loaded"
    assert tq["origin"] == "entry point tthc-tuyenquang"
    assert tq["version"] == "0.1.0"
    assert "tthc_counting_policy" in tq["hooks"]
    assert plugins["vi-du"]["status"] == "not_loaded"


def test_national_rules_without_the_province(clean_venv: Path, tmp_path: Path) -> None:
    args = [
        "due",
        "--received",
        "2026-11-26 16:00",
        "--time",
        "3 ngày làm việc",
        "--format",
        "json",
    ]
    national = run(clean_venv, *args, cwd=tmp_path)
    province = run(clean_venv, *args, "--province", "tuyen-quang", cwd=tmp_path)
    assert national.returncode == 0 and province.returncode == 0, national.stderr + province.stderr
    assert json.loads(national.stdout)["due_at"] == "2026-12-01T17:00:00+07:00"
    assert json.loads(province.stdout)["due_at"] == "2026-12-02T17:00:00+07:00"


def test_tutorial_plugin_installed_from_the_docs(clean_venv: Path, tmp_path: Path) -> None:
    result = run(
        clean_venv,
        "due",
        "--province",
        "vi-du",
        "--received",
        "2026-06-01 16:45",
        "--time",
        "4 giờ làm việc",
        "--format",
        "json",
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["due_at"] == "2026-06-02T10:45:00+07:00"


def test_allow_list_hides_installed_plugins(clean_venv: Path, tmp_path: Path) -> None:
    env_run = subprocess.run(
        [str(venv_bin(clean_venv, "tthc")), "plugins", "--province", "tuyen-quang"],
        cwd=tmp_path,
        env={**os.environ, "TTHC_PLUGINS": "vi-du", "TTHC_LANG": "en"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert env_run.returncode == 2
    assert "No plugin serves province 'tuyen-quang'. Installed provinces: vi-du" in env_run.stderr


def test_uninstalling_the_plugin_brings_back_the_national_results(
    clean_venv: Path, tmp_path: Path
) -> None:
    pip = [sys.executable, "-m", "pip", "--python", str(venv_python(clean_venv))]
    removed = subprocess.run(
        [*pip, "uninstall", "--yes", "--quiet", "tthc-tuyenquang"], capture_output=True, text=True
    )
    assert removed.returncode == 0, removed.stderr
    try:
        args = ["due", "--received", "2026-11-26 16:00", "--time", "3 ngày làm việc"]
        national = run(clean_venv, *args, "--format", "json", cwd=tmp_path)
        assert json.loads(national.stdout)["due_at"] == "2026-12-01T17:00:00+07:00"
        province = run(clean_venv, *args, "--province", "tuyen-quang", cwd=tmp_path)
        assert province.returncode == 2
        assert "No plugin serves province 'tuyen-quang'" in province.stderr
    finally:  # leave the venv as the other tests expect it, whatever the order
        copy = copy_project(PLUGIN, tmp_path / "tthc-tuyenquang")
        subprocess.run(
            [
                *pip,
                "install",
                "--quiet",
                "--no-deps",
                "--no-build-isolation",
                "--no-index",
                str(copy),
            ],
            check=True,
            capture_output=True,
        )
