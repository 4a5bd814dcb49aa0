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


@pytest.fixture(scope="session")
def cluster_case() -> object:
    """200,000 generated dossiers on the sample catalog's procedures, with the single
    process's report and per-dossier rows: what the Spark and Dask tests must equal
    (computed once for both)."""
    from datetime import date
    from pathlib import Path
    from types import SimpleNamespace

    import numpy as np
    import pandas as pd

    from tthc.catalog import load_catalog
    from tthc.frames import evaluate_frame, load_once, report_frame

    catalog_dir = Path(__file__).resolve().parents[1] / "catalog"
    rng = np.random.default_rng(766)
    n = 200_000
    codes = sorted(p.code for p in load_catalog(catalog_dir) if len(p.processing_time) == 1)
    received = np.datetime64("2026-01-05T00:00", "m") + rng.integers(0, 300 * 24 * 60, n)
    finished = received + rng.integers(0, 40 * 24 * 60, n)
    frame = pd.DataFrame(
        {
            "dossier_id": [f"HS{k}" for k in range(n)],
            "procedure_code": np.array(codes)[rng.integers(0, len(codes), n)],
            "received_at": pd.Series(received.astype("datetime64[us]")),
            "finished_at": pd.Series(
                np.where(rng.random(n) < 0.15, np.datetime64("NaT"), finished).astype(
                    "datetime64[us]"
                )
            ),
        }
    )
    end = date(2026, 12, 31)
    rules, catalog = load_once(catalog_dir)
    return SimpleNamespace(
        frame=frame,
        catalog_dir=catalog_dir,
        end=end,
        report=report_frame(frame, catalog, rules, date_to=end),
        rows=evaluate_frame(frame, catalog, rules, date_to=end),
    )
