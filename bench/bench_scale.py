"""Benchmark: the on-time report on 1M and 10M rows beside a Polars and a DuckDB floor.

Run: ``.venv/bin/python bench/bench_scale.py [ROWS ...]`` (default 1000000 10000000).
For each size it writes seeded synthetic dossiers (five real procedure codes, as in
bench_report.py) to one Parquet file, then times in fresh processes, on that same file:

- ``tthc report FILE.parquet`` (one process), and with ``--jobs 2``: wall time and peak RSS
  (``ru_maxrss`` of the process; with jobs, the largest of parent and workers);
- a Polars floor: read the file, add a due moment (received + N calendar days, no working
  calendar), compare with the finish, count by procedure and month (lazy, all cores);
- the same floor in DuckDB SQL.

The floors are what a hand-written query costs without the working calendar: not the same
answer, the lower bound of reading and counting. Figures go to ``bench/results/scale.txt``
with the load average (the machine is shared).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
PYTHON = sys.executable

# Real codes and times, copied from the project's data (as in bench_report.py).
PROCEDURES = [
    ("1.004222", "7", "working_days", 7),
    ("1.001456", "8", "working_days", 8),
    ("3.000333", "10", "calendar_days", 10),
    ("1.002947", "6", "months", 180),
    ("1.003984", "24", "working_hours", 3),
]

TTHC = r"""
import resource, sys, time
from datetime import date
t0 = time.perf_counter()
from tthc.duration import Duration
from tthc.model import Case, Level, Procedure
from tthc.report import on_time_report
from tthc.rules import Rules
procs = [
    Procedure(code=c, name=c, field="bench", levels=(Level.PROVINCE,), agencies=("bench",),
              processing_time=(Case(time=Duration.of(v, u)),))
    for c, v, u, _ in %r
]
rules = Rules(load_entry_points=False)
report = on_time_report(sys.argv[1], procs, rules, date_from=date(2025, 1, 1),
                        date_to=date(2025, 12, 31), jobs=int(sys.argv[2]))
end = time.perf_counter()
own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print(f"{end - t0:.2f} {max(own, kids):.0f} {report.overall.total}")
"""

POLARS = r"""
import resource, sys, time
t0 = time.perf_counter()
import polars as pl
days = pl.DataFrame({"procedure_code": [p[0] for p in %r], "days": [p[3] for p in %r]})
out = (
    pl.scan_parquet(sys.argv[1])
    .join(days.lazy(), on="procedure_code")
    .with_columns(due=pl.col("received_at") + pl.duration(days=pl.col("days")))
    .with_columns(
        on_time=pl.col("finished_at") <= pl.col("due"),
        month=pl.col("finished_at").dt.truncate("1mo"),
    )
    .group_by("procedure_code", "month")
    .agg(pl.len(), pl.col("on_time").sum())
    .collect()
)
end = time.perf_counter()
print(f"{end - t0:.2f} {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} {len(out)}")
"""

DUCKDB = r"""
import resource, sys, time
t0 = time.perf_counter()
import duckdb
con = duckdb.connect()
con.execute("SET enable_progress_bar = false")
rows = con.sql(f'''
    WITH days(code, n) AS (VALUES {", ".join(f"('{p[0]}', {p[3]})" for p in %r)})
    SELECT procedure_code, date_trunc('month', finished_at) AS month, count(*),
           sum(CASE WHEN finished_at <= received_at + to_days(n) THEN 1 ELSE 0 END)
    FROM read_parquet('{sys.argv[1]}') JOIN days ON procedure_code = code
    GROUP BY ALL
''').fetchall()
end = time.perf_counter()
print(f"{end - t0:.2f} {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} {len(rows)}")
"""


def generate(rows: int, path: Path) -> None:
    import numpy as np
    import pyarrow as pa
    import pyarrow.parquet as pq

    rng = np.random.default_rng(766)
    writer = None
    step = 1_000_000
    for first in range(0, rows, step):
        n = min(step, rows - first)
        received = np.datetime64("2025-01-01T00:00", "m") + rng.integers(0, 360 * 24 * 60, n)
        finished = received + rng.integers(0, 30 * 24 * 60, n)
        open_ = rng.random(n) < 0.1
        table = pa.table(
            {
                "dossier_id": pa.array([f"HS{first + k:09d}" for k in range(n)]),
                "procedure_code": pa.array(
                    np.array([p[0] for p in PROCEDURES])[rng.integers(0, len(PROCEDURES), n)]
                ),
                "received_at": pa.array(received.astype("datetime64[us]")),
                "finished_at": pa.array(finished.astype("datetime64[us]"), mask=open_),
            }
        )
        if writer is None:
            writer = pq.ParquetWriter(path, table.schema)
        writer.write_table(table, row_group_size=step)
    assert writer is not None
    writer.close()


def run(code: str, *args: str) -> tuple[float, float, str]:
    out = subprocess.run(
        [PYTHON, "-c", code, *args], capture_output=True, text=True, check=True
    ).stdout.splitlines()[-1].split()  # the last line: what the snippet prints at its end
    return float(out[0]), float(out[1]), out[2]


def main() -> None:
    sizes = [int(a) for a in sys.argv[1:]] or [1_000_000, 10_000_000]
    lines = [
        f"# bench_scale: report beside Polars and DuckDB floors, {time.strftime('%Y-%m-%d')}",
        f"# command: .venv/bin/python bench/bench_scale.py {' '.join(map(str, sizes))}",
    ]
    with tempfile.TemporaryDirectory() as folder:
        for rows in sizes:
            path = Path(folder) / f"dossiers-{rows}.parquet"
            generate(rows, path)
            lines.append(
                f"## {rows:,} rows, Parquet {path.stat().st_size / 1e6:.0f} MB; "
                f"load average {os.getloadavg()[0]:.1f} (2 cores, shared)"
            )
            p_s, p_mb, _ = run(POLARS % (PROCEDURES, PROCEDURES), str(path))
            d_s, d_mb, _ = run(DUCKDB % (PROCEDURES,), str(path))
            lines.append(f"polars floor: {p_s:.2f} s, peak RSS {p_mb:.0f} MB")
            lines.append(f"duckdb floor: {d_s:.2f} s, peak RSS {d_mb:.0f} MB")
            for jobs in (1, 2):
                t_s, t_mb, total = run(TTHC % (PROCEDURES,), str(path), str(jobs))
                lines.append(
                    f"tthc report, --jobs {jobs}: {t_s:.2f} s ({t_s / p_s:.1f}x the polars "
                    f"floor), peak RSS {t_mb:.0f} MB, {int(total):,} dossiers counted"
                )
            print("\n".join(lines[-5:]), flush=True)
    text = "\n".join(lines) + "\n"
    (HERE / "results" / "scale.txt").write_text(text, encoding="utf-8")
    print(text, end="")


if __name__ == "__main__":
    main()
