"""Benchmark: the on-time report over 1,000,000 dossier rows.

Run: ``.venv/bin/python bench/bench_report.py [ROWS]``. Generates synthetic dossier rows
(seeded) on a few real procedure codes of the project's data (their times as published on
the national portal), writes them to a temporary CSV, runs ``tthc.report.on_time_report``
in a fresh process and reports wall time and peak memory (``ru_maxrss``). The per-dossier
path (``rules.deadline`` + ``rules.clock``, what a user would write by hand) is timed on a
sample and extrapolated, as the ratio. Figures go to ``bench/results/report.txt``.
"""

from __future__ import annotations

import csv
import json
import random
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent

# Real codes and times, copied from the project's data (national portal pages):
# 1.004222 Đăng ký thường trú: 7 ngày làm việc; 1.001456 Cấp hộ chiếu phổ thông: 8 ngày làm
# việc; 3.000333 (Lý lịch tư pháp): 10 ngày; 1.002947 (Trồng trọt và BVTV): 6 tháng;
# 1.003984 (Trồng trọt và BVTV): 24 giờ làm việc. Field and agency are synthetic labels.
PROCEDURES = [
    ("1.004222", "7", "working_days"),
    ("1.001456", "8", "working_days"),
    ("3.000333", "10", "calendar_days"),
    ("1.002947", "6", "months"),
    ("1.003984", "24", "working_hours"),
]

CHILD = r"""
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
    for c, v, u in %r
]
rules = Rules(load_entry_points=False)
rules.calendar
t1 = time.perf_counter()
report = on_time_report(sys.argv[1], procs, rules, date_from=date(2025, 1, 1),
                        date_to=date(2025, 12, 31), engine=sys.argv[2])
end = time.perf_counter()
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(f"{end - t0:.3f} {peak:.1f} {report.overall.total} {report.overall.on_time_rate:.2f} "
      f"{end - t1:.3f}")
"""


def generate(path: Path, rows: int, seed: int = 766, jsonl: Path | None = None) -> None:
    rng = random.Random(seed)
    start = datetime(2025, 1, 1, 0, 0)
    keys = ("dossier_id", "procedure_code", "received_at", "finished_at", "pauses")
    lines = jsonl.open("w", encoding="utf-8") if jsonl is not None else None
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["dossier_id", "procedure_code", "received_at", "finished_at", "pauses"])
        for n in range(rows):
            code = PROCEDURES[n % len(PROCEDURES)][0]
            received = start + timedelta(seconds=rng.randrange(360 * 86_400))
            finished = ""
            if rng.random() < 0.95:
                finished = (received + timedelta(seconds=rng.randrange(20 * 86_400))).isoformat()
            pauses = ""
            if rng.random() < 0.05:
                a = received + timedelta(seconds=rng.randrange(86_400))
                b = a + timedelta(seconds=rng.randrange(3 * 86_400))
                if not finished or b.isoformat() <= finished:
                    pauses = f"{a.isoformat()}/{b.isoformat()}"
            row = [f"HS{n:07d}", code, received.isoformat() + "+07:00", finished, pauses]
            writer.writerow(row)
            if lines is not None:
                lines.write(json.dumps(dict(zip(keys, row, strict=True))) + "\n")
    if lines is not None:
        lines.close()


def run(path: Path, engine: str) -> tuple[float, float, int, str, float]:
    out = subprocess.run(
        [sys.executable, "-c", CHILD % (PROCEDURES,), str(path), engine],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    return float(out[0]), float(out[1]), int(out[2]), out[3], float(out[4])


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    sample = 20_000
    with tempfile.TemporaryDirectory() as tmp:
        big = Path(tmp) / "dossiers.csv"
        small = Path(tmp) / "sample.csv"
        t0 = time.perf_counter()
        big_jsonl = Path(tmp) / "dossiers.jsonl"
        generate(big, rows, jsonl=big_jsonl)
        generate(small, sample)
        gen = time.perf_counter() - t0
        wall, peak, counted, rate, inner = run(big, "fast")
        j_wall, j_peak, _, j_rate, _ = run(big_jsonl, "fast")
        _, _, _, exact_rate, exact_inner = run(small, "exact")
        _, _, _, fast_rate, fast_inner = run(small, "fast")
    per_row_exact = exact_inner / sample
    per_row_fast = inner / rows
    lines = [
        f"# bench_report: on-time report, {date.today().isoformat()}",
        f"# command: .venv/bin/python bench/bench_report.py {rows}",
        f"rows: {rows:,} CSV (generated in {gen:.1f} s), counted in the period: {counted:,}",
        f"tthc report, fast engine: wall {wall:.2f} s for the whole process (imports, calendar, "
        f"report {inner:.2f} s = {per_row_fast * 1e6:.1f} us per row), "
        f"peak RSS {peak:.0f} MB, on-time rate {rate}%",
        f"same rows as JSON lines: wall {j_wall:.2f} s, peak RSS {j_peak:.0f} MB, "
        f"on-time rate {j_rate}%",
        f"per-dossier path (rules.deadline + rules.clock per row, what one writes by hand) "
        f"on {sample:,} rows: {exact_inner:.2f} s = {per_row_exact * 1e6:.0f} us per row, "
        f"~{per_row_exact * rows:.0f} s for {rows:,}",
        f"same {sample:,} rows, fast engine: {fast_inner:.2f} s; rates equal: "
        f"{exact_rate == fast_rate} ({exact_rate}% vs {fast_rate}%)",
        f"ratio per row, per-dossier path / fast engine: {per_row_exact / per_row_fast:.1f}x",
        f"targets (under 10 s and under 1024 MB peak): "
        f"{'met' if max(wall, j_wall) < 10 and max(peak, j_peak) < 1024 else 'NOT met'}",
    ]
    text = "\n".join(lines) + "\n"
    print(text, end="")
    (HERE / "results").mkdir(exist_ok=True)
    (HERE / "results" / "report.txt").write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
