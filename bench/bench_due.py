"""Benchmark: a cold ``tthc due`` process, against a bare interpreter and ``holidays``.

Run: ``.venv/bin/python bench/bench_due.py [RUNS]`` (default 15 runs per command; one
warm-up run of each is discarded). Commands, all in fresh processes, interleaved so
that the machine's noise hits them alike:

- ``python -c pass``: the interpreter alone;
- ``tthc due --received "2026-11-26 10:00" --time "3 ngày làm việc" --format json``;
- ``tthc calendar 2026 --format json``: the other command that must start fast;
- what a user would otherwise start with: ``import holidays`` and Vietnam's 2026 holidays
  (``holidays.country_holidays('VN', years=2026)``), which knows neither swapped
  Saturdays, public-sector decisions nor working hours.

Prints the median and minimum wall time of each and the median of the paired ratios
(run i of ``tthc due`` over run i of ``holidays``, so that a burst of load on the shared
machine hits both sides of a ratio alike), and writes them to ``bench/results/due.txt``
with the date and the command. Measured twice: with bytecode cached (in a temporary
``PYTHONPYCACHEPREFIX``, as pip's install compiles it) and with no bytecode written
(``PYTHONDONTWRITEBYTECODE=1``, every tthc module compiled on each run, as in a
development environment that sets it). Target, with bytecode: ``tthc due`` at most 1.0x
``holidays``. ``python -X importtime`` shows what the remaining time is spent on.
"""

from __future__ import annotations

import datetime as _dt
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
PY = sys.executable
TTHC = str(Path(PY).with_name("tthc"))
TARGET_RATIO = 1.0

DUE = [TTHC, "due", "--received", "2026-11-26 10:00", "--time", "3 ngày làm việc"]
DUE += ["--format", "json"]
BARE = [PY, "-c", "pass"]
CALENDAR = [TTHC, "calendar", "2026", "--format", "json"]
HOLIDAYS = [PY, "-c", "import holidays; holidays.country_holidays('VN', years=2026)"]
COMMANDS = {
    "python -c pass": BARE,
    "tthc due (cold)": DUE,
    "tthc calendar (cold)": CALENDAR,
    "holidays VN 2026 (cold)": HOLIDAYS,
}


def _quote(argv: list[str]) -> str:
    return " ".join(f'"{a}"' if " " in a else a for a in argv)


def environment(pycache: str | None, sources: str | None = None) -> dict[str, str]:
    """The child environment: bytecode cached in ``pycache`` (as an installed package has
    it), or never written (``PYTHONDONTWRITEBYTECODE``) with tthc imported from
    ``sources``, a copy of ``src`` without any ``__pycache__``: a ``__pycache__`` left in the
    tree would otherwise be read, and every tthc module would not be compiled each run."""
    env = dict(os.environ)
    if pycache is None:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
        env.pop("PYTHONPYCACHEPREFIX", None)
        if sources is not None:
            env["PYTHONPATH"] = os.pathsep.join(filter(None, [sources, env.get("PYTHONPATH")]))
    else:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = pycache  # keeps __pycache__ folders out of the tree
    return env


def with_subprocess(runs: int, env: dict[str, str]) -> dict[str, list[float]]:
    """Wall times in ms, interleaved runs, after one discarded warm-up of each."""
    times: dict[str, list[float]] = {name: [] for name in COMMANDS}
    for argv in COMMANDS.values():
        subprocess.run(argv, check=True, capture_output=True, cwd=ROOT, env=env)
    for _ in range(runs):
        for name, argv in COMMANDS.items():
            t0 = time.perf_counter()
            subprocess.run(argv, check=True, capture_output=True, cwd=ROOT, env=env)
            times[name].append((time.perf_counter() - t0) * 1000)
    return times


def measure(
    runs: int, pycache: str | None, sources: str | None = None
) -> tuple[str, dict[str, list[float]]]:
    # Not hyperfine: it runs each command's runs together, and paired ratios need the
    # commands interleaved.
    env = environment(pycache, sources)
    return "subprocess.run + perf_counter", with_subprocess(runs, env)


def report(title: str, times: dict[str, list[float]]) -> list[str]:
    med = {name: statistics.median(values) for name, values in times.items()}
    bare = med["python -c pass"]
    due = med["tthc due (cold)"]
    hol = times["holidays VN 2026 (cold)"]
    paired = {
        name: statistics.median(a / b for a, b in zip(times[name], hol, strict=True))
        for name in ("tthc due (cold)", "tthc calendar (cold)")
    }
    ratio = paired["tthc due (cold)"]
    lines = [f"## {title}"]
    for name, values in times.items():
        lines.append(f"{name:<26} {med[name]:7.1f} ms  (min {min(values):6.1f} ms)")
    lines += [
        f"tthc due / holidays, median of paired runs       {ratio:6.2f}x",
        f"tthc calendar / holidays, median of paired runs  {paired['tthc calendar (cold)']:6.2f}x",
        f"tthc due minus interpreter       {due - bare:6.1f} ms",
        f"target tthc due <= {TARGET_RATIO:.1f}x holidays: "
        + ("met" if ratio <= TARGET_RATIO else "NOT met"),
        "",
    ]
    return lines


def main() -> int:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 15
    with tempfile.TemporaryDirectory() as pycache:
        tool, cached = measure(runs, pycache)
    with tempfile.TemporaryDirectory() as copy:
        sources = str(Path(copy, "src"))
        shutil.copytree(ROOT / "src", sources, ignore=shutil.ignore_patterns("__pycache__"))
        _, uncached = measure(runs, None, sources)
    lines = [
        f"# tthc due, cold process wall time ({_dt.date.today().isoformat()})",
        "# command: .venv/bin/python bench/bench_due.py" + (f" {runs}" if runs != 15 else ""),
        f"# timing: {tool}, {runs} interleaved runs each after one warm-up; median (min)",
        f"# measured: {_quote(['tthc', *DUE[1:]])}",
        "",
    ]
    lines += report("bytecode cached (as installed by pip)", cached)
    lines += report("no bytecode written (PYTHONDONTWRITEBYTECODE=1)", uncached)
    text = "\n".join(lines)
    print(text, end="")
    results = HERE / "results"
    results.mkdir(exist_ok=True)
    (results / "due.txt").write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
