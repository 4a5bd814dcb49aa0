"""Benchmark: working-day and working-time arithmetic against what a user would otherwise use.

Run: ``.venv/bin/python bench/bench_calendar.py``. In one run (the machine is noisy, so
ratios matter more than absolute figures; each timing is the best of several repeats):

- add N working days: ``WorkingCalendar.add_working_days`` vs ``holidays``'
  ``get_nth_working_day`` (a ``holidays.VN`` object with the same years) and vs
  ``numpy.busday_offset`` called on scalars (a ``busdaycalendar`` with the same days off;
  numpy cannot express make-up Saturdays), plus vectorised numpy for context;
- add working hours: ``add_working_time`` vs ``businesstimedelta`` (two WorkDayRules,
  08-12 and 13-17, and a HolidayRule with the same days off) and pandas
  ``CustomBusinessHour`` (same hours and days off);
- cold processes: ``tthc calendar 2026 --format json`` and a one-line script computing
  one deadline, against a bare interpreter start (median wall time of several runs).

Figures go to ``bench/results/calendar.txt`` with the date and the command.
"""

from __future__ import annotations

import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import timeit
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
PY = sys.executable
CALLS = 2_000


def best_us(func: Callable[[], object], calls: int, repeat: int = 5) -> float:
    """Best per-call time in microseconds of ``func`` (which makes ``calls`` calls)."""
    return min(timeit.repeat(func, number=1, repeat=repeat)) / calls * 1e6


def cold(argv: list[str], env: dict[str, str], runs: int = 7) -> float:
    """Median wall time (ms) of a fresh process running ``argv`` (after one warm-up run)."""
    subprocess.run(argv, check=True, capture_output=True, cwd=ROOT, env=env)
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run(argv, check=True, capture_output=True, cwd=ROOT, env=env)
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def main() -> int:
    import holidays
    import numpy as np

    from tthc.calendar import VN_TZ
    from tthc.rules import Rules

    lines: list[str] = []

    def say(text: str = "") -> None:
        print(text)
        lines.append(text)

    rules = Rules.national()
    t0 = time.perf_counter()
    cal = rules.calendar  # first build in this process: reads the shipped data too
    build_ms = (time.perf_counter() - t0) * 1000

    rng = random.Random(188)
    span = (date(2033, 12, 31) - date(2019, 1, 1)).days
    starts = [date(2019, 1, 1) + timedelta(days=rng.randrange(span)) for _ in range(CALLS)]
    starts = [d if cal.is_working_day(d) else cal.next_working_day(d) for d in starts]
    ns = [rng.randint(1, 30) for _ in range(CALLS)]
    pairs = list(zip(starts, ns, strict=True))

    # -- add N working days ---------------------------------------------------------------
    add = cal.add_working_days
    t_tthc = best_us(lambda: [add(d, n) for d, n in pairs], CALLS, repeat=9)

    t1 = time.perf_counter()
    vn = holidays.country_holidays("VN", years=range(cal.first_year, cal.last_year + 1))
    holidays_build_ms = (time.perf_counter() - t1) * 1000
    nth = vn.get_nth_working_day
    t_holidays = best_us(lambda: [nth(d, n) for d, n in pairs[:500]], 500, repeat=3)

    off = [
        date(y, 1, 1) + timedelta(days=k)
        for y in range(cal.first_year, cal.last_year + 1)
        for k in range(366)
        if (date(y, 1, 1) + timedelta(days=k)).year == y
    ]
    weekday_off = [d for d in off if d.weekday() < 5 and not cal.is_working_day(d)]
    busday = np.busdaycalendar(weekmask="1111100", holidays=np.array(weekday_off, "datetime64[D]"))
    np_days = [np.datetime64(d, "D") for d in starts]
    offset = np.busday_offset
    np_pairs = list(zip(np_days, ns, strict=True))
    t_numpy = best_us(
        lambda: [offset(d, n, roll="forward", busdaycal=busday) for d, n in np_pairs], CALLS
    )
    arr_d = np.array(np_days)
    arr_n = np.array(ns)
    t_numpy_vec = best_us(
        lambda: offset(arr_d, arr_n, roll="forward", busdaycal=busday), CALLS, repeat=9
    )
    same_numpy = sum(
        add(d, n) == offset(np.datetime64(d, "D"), n, roll="forward", busdaycal=busday).item()
        for d, n in pairs
    )
    same_holidays = sum(add(d, n) == nth(d, n) for d, n in pairs[:500])

    say(f"tthc calendar benchmark - {datetime.now().date().isoformat()}")
    say("command: .venv/bin/python bench/bench_calendar.py")
    holidays_version = getattr(holidays, "__version__", "?")
    say(f"python {sys.version.split()[0]}, holidays {holidays_version}, numpy {np.__version__}")
    say("")
    say(
        f"calendar build (rules.calendar, {cal.first_year}-{cal.last_year}, shipped data): "
        f"{build_ms:.1f} ms; holidays.VN of the same years: {holidays_build_ms:.1f} ms"
    )
    say("")
    say(f"add N working days (N in 1..30, {CALLS} random working days 2019-2033), per call:")
    say(f"  tthc add_working_days             {t_tthc:8.3f} us")
    say(
        f"  holidays get_nth_working_day      {t_holidays:8.3f} us   x{t_holidays / t_tthc:6.1f}"
        f"   (agrees on {same_holidays}/500: holidays lacks some public-sector decisions)"
    )
    say(
        f"  numpy busday_offset (scalar)      {t_numpy:8.3f} us   x{t_numpy / t_tthc:6.1f}"
        f"   (agrees on {same_numpy}/{CALLS}: numpy has no make-up Saturdays)"
    )
    say(
        f"  numpy busday_offset (vectorised)  {t_numpy_vec:8.3f} us   x{t_numpy_vec / t_tthc:6.2f}"
        "   (one call over all rows, for context)"
    )
    say("")

    # -- add working hours ------------------------------------------------------------------
    import businesstimedelta as btd
    import pandas as pd  # type: ignore[import-untyped]
    import pytz  # type: ignore[import-untyped]

    moments = [
        datetime.combine(d, datetime.min.time(), VN_TZ)
        + timedelta(minutes=rng.randrange(8 * 60, 17 * 60))
        for d in starts
    ]
    hours = [timedelta(hours=rng.randint(1, 80)) for _ in range(CALLS)]
    mh = list(zip(moments, hours, strict=True))
    add_time = cal.add_working_time
    t_time = best_us(lambda: [add_time(m, h) for m, h in mh], CALLS, repeat=9)

    tz = pytz.timezone("Asia/Ho_Chi_Minh")
    off_set = set(off)
    off_days = {d for d in off_set if not cal.is_working_day(d)}
    btd_rules = btd.Rules(
        [
            btd.WorkDayRule(
                start_time=datetime.min.time().replace(hour=8),
                end_time=datetime.min.time().replace(hour=12),
                working_days=[0, 1, 2, 3, 4],
                tz=tz,
            ),
            btd.WorkDayRule(
                start_time=datetime.min.time().replace(hour=13),
                end_time=datetime.min.time().replace(hour=17),
                working_days=[0, 1, 2, 3, 4],
                tz=tz,
            ),
            btd.HolidayRule(off_days, tz=tz),
        ]
    )
    btd_moments = [tz.localize(m.replace(tzinfo=None)) for m in moments]
    btd_deltas = [btd.BusinessTimeDelta(btd_rules, timedelta=h) for h in hours]
    btd_pairs = list(zip(btd_moments, btd_deltas, strict=True))[:200]
    t_btd = best_us(lambda: [m + b for m, b in btd_pairs], 200, repeat=3)
    same_btd = sum(
        (m + b).replace(tzinfo=None) == add_time(m, b.timedelta).replace(tzinfo=None)
        for m, b in btd_pairs
    )

    cbh = {
        h: pd.offsets.CustomBusinessHour(
            n=h, start=["08:00", "13:00"], end=["12:00", "17:00"], holidays=weekday_off
        )
        for h in range(1, 81)
    }
    pd_pairs = [
        (pd.Timestamp(m.replace(tzinfo=None)), cbh[int(h.total_seconds()) // 3600])
        for m, h in mh[:200]
    ]
    t_pd = best_us(lambda: [t + o for t, o in pd_pairs], 200, repeat=3)

    say(f"add working hours (1..80 h from random moments 08:00-17:00, {CALLS} calls), per call:")
    say(f"  tthc add_working_time             {t_time:8.3f} us")
    say(
        f"  businesstimedelta                 {t_btd:8.3f} us   x{t_btd / t_time:6.1f}"
        f"   (agrees on {same_btd}/200: it has no make-up Saturdays)"
    )
    say(f"  pandas CustomBusinessHour         {t_pd:8.3f} us   x{t_pd / t_time:6.1f}")
    say("")

    # -- cold processes -----------------------------------------------------------------------
    # As installed: bytecode cached (a development shell may set PYTHONDONTWRITEBYTECODE,
    # which makes every start recompile every module).
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = tempfile.mkdtemp(prefix="tthc-bench-pyc-")
    tthc_bin = str(Path(PY).with_name("tthc"))
    bare = cold([PY, "-c", "pass"], env)
    script = (
        "import tthc; from datetime import date; "
        "tthc.Rules.national().calendar.add_working_days(date(2026, 11, 26), 3)"
    )
    one = cold([PY, "-c", script], env)
    cli = cold([tthc_bin, "calendar", "2026", "--format", "json"], env)
    hol = cold([PY, "-c", "import holidays; holidays.VN(years=range(1995, 2036))"], env)
    imp = cold([PY, "-c", "import tthc.rules; tthc.rules.Rules.national()"], env)
    child = (
        "import time, tthc.rules; r = tthc.rules.Rules.national(); t = time.perf_counter(); "
        "r.calendar; print((time.perf_counter() - t) * 1000)"
    )
    inner = statistics.median(
        float(
            subprocess.run(
                [PY, "-c", child], check=True, capture_output=True, text=True, cwd=ROOT, env=env
            ).stdout
        )
        for _ in range(7)
    )
    say("cold process wall time (median of 7 runs, bytecode cached):")
    say(f"  bare interpreter (python -c pass)                          {bare:7.1f} ms")
    say(
        f"  python -c 'tthc.Rules.national().calendar.add_working_days' {one:7.1f} ms"
        f"  (+{one - bare:.1f} ms)"
    )
    say(
        f"  tthc calendar 2026 --format json                           {cli:7.1f} ms"
        f"  (+{cli - bare:.1f} ms)"
    )
    say(
        f"  of which Rules.national() alone (plugins, no calendar)     {imp:7.1f} ms"
        f"  (+{imp - bare:.1f} ms)"
    )
    say(f"  of which building the calendar (timed inside the process)   {inner:7.1f} ms")
    say(
        f"  for context: import holidays + holidays.VN(1995-2035)      {hol:7.1f} ms"
        f"  (+{hol - bare:.1f} ms)"
    )

    out = HERE / "results" / "calendar.txt"
    out.parent.mkdir(exist_ok=True)
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"\nwritten to {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
