"""DataFrames in and out (tthc.frames), and the Dask recipe on a LocalCluster of 2 workers."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import polars as pl
import pyarrow as pa
import pytest

from tthc.catalog import load_catalog
from tthc.frames import evaluate_frame, load_once, partial_state, report_frame
from tthc.report import OnTimeReport, on_time_report
from tthc.rules import Rules

ROOT = Path(__file__).resolve().parents[1]
CATALOG_DIR = ROOT / "catalog"
END = date(2026, 12, 31)


def generated(n: int, seed: int = 766) -> pd.DataFrame:
    """``n`` synthetic dossiers on the real catalog's procedures (seeded)."""
    rng = np.random.default_rng(seed)
    codes = sorted(p.code for p in load_catalog(CATALOG_DIR) if len(p.processing_time) == 1)
    received = np.datetime64("2026-01-05T00:00", "m") + rng.integers(0, 300 * 24 * 60, n)
    finished = received + rng.integers(0, 40 * 24 * 60, n)
    open_ = rng.random(n) < 0.15
    return pd.DataFrame(
        {
            "dossier_id": [f"HS{k}" for k in range(n)],
            "procedure_code": np.array(codes)[rng.integers(0, len(codes), n)],
            "received_at": pd.Series(received.astype("datetime64[us]")),
            "finished_at": pd.Series(
                np.where(open_, np.datetime64("NaT"), finished).astype("datetime64[us]")
            ),
        }
    )


@pytest.fixture(scope="module")
def setup() -> tuple[Rules, list]:  # type: ignore[type-arg]
    return load_once(CATALOG_DIR)


def test_pandas_polars_and_arrow_give_the_same(setup: tuple[Rules, list]) -> None:  # type: ignore[type-arg]
    rules, catalog = setup
    frame = generated(2000)
    as_pandas = evaluate_frame(frame, catalog, rules, date_to=END)
    as_polars = evaluate_frame(pl.from_pandas(frame), catalog, rules, date_to=END)
    as_arrow = evaluate_frame(pa.Table.from_pandas(frame), catalog, rules, date_to=END)
    assert isinstance(as_polars, pl.DataFrame) and isinstance(as_arrow, pa.Table)
    assert list(as_pandas.columns[-4:]) == ["starts_at", "due_at", "status", "late_working_hours"]
    assert as_pandas["status"].tolist() == as_polars["status"].to_list()
    assert as_pandas["status"].tolist() == as_arrow.column("status").to_pylist()
    # the due moments are those of rules.deadlines on the same rows
    procedures = {p.code: p for p in catalog}
    due = rules.deadlines(
        frame["received_at"], [procedures[c] for c in frame["procedure_code"]]
    ).to_pandas()["due_at"]
    assert (as_pandas["due_at"] == due).all()
    whole = report_frame(frame, catalog, rules, date_to=END)
    counts = as_pandas["status"].value_counts().to_dict()
    assert {s: counts.get(s, 0) for s in ("early", "on_time", "late", "overdue", "open")} == {
        s: getattr(whole.overall, s) for s in ("early", "on_time", "late", "overdue", "open")
    }


@pytest.mark.cluster
@pytest.mark.heavy  # two worker processes on 200,000 rows: once, on the default Python
def test_dask_local_cluster_equals_one_process(cluster_case: Any) -> None:
    import dask.dataframe as dd
    from distributed import Client, LocalCluster

    case = cluster_case
    where, end = str(case.catalog_dir), case.end
    with (
        LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        Client(cluster),
    ):
        ddf = dd.from_pandas(case.frame, npartitions=4)
        with_due = ddf.map_partitions(
            lambda part: evaluate_frame(part, *reversed(load_once(where)), date_to=end),
            meta=case.rows.iloc[:0],
        ).compute()
        states = ddf.map_partitions(
            lambda part: pd.DataFrame({"state": [partial_state(part, where, date_to=end)]}),
            meta=pd.DataFrame({"state": pd.Series([], dtype=object)}),
        ).compute()
    merged = OnTimeReport.merge(OnTimeReport.from_state(json.loads(s)) for s in states["state"])
    assert merged.as_dict("en") == case.report.as_dict("en")
    assert with_due["status"].tolist() == case.rows["status"].tolist()
    assert (with_due["due_at"].to_numpy() == case.rows["due_at"].to_numpy()).all()


def test_the_same_through_a_file(setup: tuple[Rules, list], tmp_path: Path) -> None:  # type: ignore[type-arg]
    rules, catalog = setup
    frame = generated(500)
    path = tmp_path / "d.csv"
    frame.assign(
        received_at=frame["received_at"].dt.strftime("%Y-%m-%dT%H:%M:%S"),
        finished_at=frame["finished_at"].dt.strftime("%Y-%m-%dT%H:%M:%S").fillna(""),
    ).to_csv(path, index=False)
    from_file = on_time_report(path, catalog, rules, date_to=END)
    assert from_file.as_dict("en") == report_frame(frame, catalog, rules, date_to=END).as_dict("en")
