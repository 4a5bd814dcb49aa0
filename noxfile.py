"""The test suite on every supported Python: ``make test`` runs these sessions.

The default interpreter (3.11) runs everything in ``.venv`` with every extra (``make
pytest``). Here 3.10, 3.12 and 3.13 each run the whole suite with the core dependencies and
every extra but the heavy ones (:data:`HEAVY_EXTRAS`), leaving out only the tests marked
``heavy`` or ``browser``, which need them. A session installs again only when a
pyproject.toml changed, so a second ``make test`` goes straight to the tests.

    nox -s tests-3.10            # one Python
    nox -s tests-3.12 -- -x -k timeparse   # arguments after -- go to pytest
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

import nox

if sys.version_info >= (3, 11):
    import tomllib
else:
    import tomli as tomllib

ROOT = Path(__file__).parent
OTHER_PYTHONS = ["3.10", "3.12", "3.13"]
INSTALLED_FROM = [ROOT / "pyproject.toml", ROOT / "plugins/tthc-tuyenquang/pyproject.toml"]
HEAVY_EXTRAS = {"browser", "spark", "dask", "docs", "bench", "mutation"}
"""Extras left out of these sessions: a browser, Spark, a Dask cluster, the docs site, the
benchmarks' competitors and the mutation tester; their tests are marked ``browser`` or
``heavy`` (or skip without them), and mutation testing runs on the default Python only."""
LEFT_OUT = "not heavy and not browser"


def extras() -> str:
    """Every extra of pyproject.toml but the heavy ones, as pip writes them: ``dev,html``."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return ",".join(sorted(set(project.get("optional-dependencies", {})) - HEAVY_EXTRAS))

nox.options.default_venv_backend = "venv"
nox.options.reuse_venv = "yes"
nox.options.sessions = ["tests"]


def _install_once(session: nox.Session) -> None:
    digest = hashlib.sha256(b"".join(p.read_bytes() for p in INSTALLED_FROM)).hexdigest()
    stamp = Path(str(session.virtualenv.location)) / ".tthc-installed"
    if stamp.is_file() and stamp.read_text() == digest:
        return
    session.install("--quiet", "--upgrade", "pip")
    session.install("--quiet", "-e", f".[{extras()}]")
    session.install(
        "--quiet", "--no-deps", "--no-build-isolation", "-e", "plugins/tthc-tuyenquang"
    )
    stamp.write_text(digest)


@nox.session(python=OTHER_PYTHONS)
def tests(session: nox.Session) -> None:
    """pytest on this Python: core dependencies and light extras; heavy ones left out."""
    _install_once(session)
    session.run("pytest", "-q", "-p", "no:cacheprovider", "-m", LEFT_OUT, *session.posargs)
