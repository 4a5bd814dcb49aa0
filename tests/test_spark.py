"""tthc.spark on Spark local mode (2 cores), 200,000 generated dossiers: the same report and
per-dossier results as one process."""

from __future__ import annotations

import os
import shutil
import sys
from typing import Any

import pytest

# Spark is a heavy extra (and needs Java): on the default Python only, as noxfile.py says
pytestmark = [pytest.mark.cluster, pytest.mark.heavy]


@pytest.mark.skipif(shutil.which("java") is None, reason="Spark needs Java 17 (.ci/run has it)")
def test_spark_local_equals_one_process(cluster_case: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from pyspark.sql import SparkSession

    from tthc.spark import report, with_deadlines

    case = cluster_case
    # the Python workers run this interpreter (with tthc and its extras), not the system's
    monkeypatch.setenv("PYSPARK_PYTHON", sys.executable)
    spark = (
        SparkSession.builder.master("local[2]")
        .appName("tthc-test")
        .config("spark.sql.session.timeZone", "Asia/Ho_Chi_Minh")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .getOrCreate()
    )
    try:
        df = spark.createDataFrame(case.frame).repartition(4)
        merged = report(df, catalog=case.catalog_dir, date_to=case.end)
        whole = case.report.as_dict("en")
        got = merged.as_dict("en")
        for key in ("overall", "procedures", "by_month", "by_agency", "by_field", "excluded"):
            assert got[key] == whole[key], key
        rows = (
            with_deadlines(df, catalog=case.catalog_dir, date_to=case.end)
            .select("dossier_id", "due_at", "status")
            .toPandas()
            .sort_values("dossier_id")
        )
        expected = case.rows[["dossier_id", "due_at", "status"]].sort_values("dossier_id")
        assert rows["status"].tolist() == expected["status"].tolist()
        assert (
            rows["due_at"].dt.tz_localize("Asia/Ho_Chi_Minh").to_numpy()
            == expected["due_at"].to_numpy()
        ).all()
    finally:
        spark.stop()
        os.environ.pop("PYSPARK_PYTHON", None)
