"""Benchmark: 1,000,000 deadlines through the public batch API, beside what a user would
otherwise write.

Run: ``.venv/bin/python bench/bench_batch.py [ROWS]``. Seeded receipt moments over 2025-2026
(local time, every hour of the day). Compared in one run, on the same moments:

- ``rules.deadlines`` (numpy ``datetime64`` in, one Duration "5 ngày làm việc");
- a loop of ``rules.deadline`` (timed on a sample, extrapolated);
- a loop of ``rules.calendar.add_working_days`` (the bare calendar, no receipt rules);
- ``numpy.busday_offset`` with the calendar's days off and make-up days as holidays and
  weekmask (no working hours, no receipt rules: a floor, and wrong on make-up Saturdays);
- ``rules.evaluate`` on a mix: working days, working hours, calendar days and same-day
  procedures, 30% with a pause (``tthc.batch.Pauses`` columns), 80% finished, as of a moment.

Each is the median of 3 runs. Figures go to ``bench/results/batch.txt`` with the load
average (the machine is shared).
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from datetime import date, datetime
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent


def median_time(fn, runs: int = 3) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main() -> None:
    from tthc.batch import Pauses
    from tthc.duration import Duration
    from tthc.rules import Rules

    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    rng = np.random.default_rng(766)
    start = np.datetime64("2025-01-01T00:00", "us")
    received = start + rng.integers(0, 700 * 24 * 60, n).astype("timedelta64[m]")
    rules = Rules(load_entry_points=False)
    _ = rules.calendar  # built before the clock starts
    five = Duration.of(5, "working_days")
    rules.deadlines(received[:1000], five)  # builds the calendar's arrays once

    lines = [
        "# bench_batch: deadlines by the million, " + date.today().isoformat(),
        f"# command: .venv/bin/python bench/bench_batch.py {n}",
        f"# load average at start: {os.getloadavg()[0]:.2f} (2 cores, shared)",
    ]

    batch_s = median_time(lambda: rules.deadlines(received, five))
    lines.append(
        f"rules.deadlines, {n:,} working-day deadlines: {batch_s * 1000:.0f} ms "
        f"= {n / batch_s / 1e6:.1f}M deadlines/s"
    )

    sample = 20_000
    moments = received[:sample].astype(datetime)
    loop_s = median_time(lambda: [rules.deadline(m, five) for m in moments], runs=1)
    per = loop_s / sample
    lines.append(
        f"loop of rules.deadline on {sample:,}: {per * 1e6:.1f} us each, ~{per * n:.0f} s for "
        f"{n:,} ({per * n / batch_s:.0f}x the batch)"
    )
    days = received.astype("datetime64[D]").astype(date)
    cal = rules.calendar
    add_s = median_time(lambda: [cal.add_working_days(d, 5) for d in days], runs=1)
    lines.append(
        f"loop of calendar.add_working_days, {n:,}: {add_s:.2f} s "
        f"({add_s / batch_s:.1f}x the batch; days only, no receipt rules or hours)"
    )
    first, last = cal.first_year, cal.last_year
    off = [
        np.datetime64(d.day.isoformat())
        for y in range(first, last + 1)
        for d in cal.days(y)
        if not d.working
    ]
    day_arr = received.astype("datetime64[D]")
    busday_s = median_time(lambda: np.busday_offset(day_arr, 5, roll="forward", holidays=off))
    lines.append(
        f"numpy.busday_offset, {n:,}: {busday_s * 1000:.0f} ms ({busday_s / batch_s:.2f}x the "
        "batch; no hours, no receipt rules, make-up Saturdays missed)"
    )

    kinds = [
        Duration.of(5, "working_days"),
        Duration.of("2.5", "working_days"),
        Duration.of(16, "working_hours"),
        Duration.of(15, "calendar_days"),
        Duration.of(0, "same_day"),
    ]
    what = [kinds[k] for k in rng.choice(len(kinds), n, p=[0.35, 0.15, 0.2, 0.2, 0.1])]
    finished = received + rng.integers(0, 30 * 24 * 60, n).astype("timedelta64[m]")
    finished = np.where(rng.random(n) < 0.8, finished, np.datetime64("NaT"))
    paused = np.flatnonzero(rng.random(n) < 0.3)
    p_start = received[paused] + rng.integers(0, 2 * 24 * 60, paused.size).astype("timedelta64[m]")
    p_end = p_start + rng.integers(0, 3 * 24 * 60, paused.size).astype("timedelta64[m]")
    # a finish inside or before a pause is not a dossier: finish after the resume
    finished[paused] = np.where(
        np.isnat(finished[paused]), finished[paused], np.maximum(finished[paused], p_end)
    )
    pauses = Pauses(paused, p_start, p_end)
    as_of = datetime(2027, 1, 1)
    mix_s = median_time(
        lambda: rules.evaluate(received, what, finished_at=finished, pauses=pauses, as_of=as_of)
    )
    lines.append(
        f"rules.evaluate, {n:,} mixed rows (5 kinds of time, {paused.size:,} pauses, 80% "
        f"finished): {mix_s * 1000:.0f} ms = {n / mix_s / 1e6:.1f}M rows/s"
    )
    one_kind_s = median_time(lambda: rules.deadlines(received, what))
    lines.append(
        f"rules.deadlines, the same 5 kinds of time per row (list of Durations): "
        f"{one_kind_s * 1000:.0f} ms = {n / one_kind_s / 1e6:.1f}M deadlines/s"
    )
    lines.append(f"# load average at end: {os.getloadavg()[0]:.2f}")
    met = n / batch_s >= 20e6 and n / mix_s >= 5e6
    lines.append(
        "targets (>= 20M working-day deadlines/s, >= 5M/s for the mix): "
        + ("met" if met else "NOT met")
    )
    text = "\n".join(lines) + "\n"
    print(text, end="")
    (HERE / "results" / "batch.txt").write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
