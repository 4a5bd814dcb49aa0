"""Benchmark: a cold ``tthc due`` process, against a bare interpreter and a naive script.

Run: ``.venv/bin/python bench/bench_due.py [RUNS]`` (default 15 runs per command; one
warm-up run of each is discarded). Commands, all in fresh processes, interleaved so
that the machine's noise hits them alike:

- ``python -c pass``: the interpreter alone;
- ``tthc due --received "2026-11-26 10:00" --time "3 ngày làm việc" --format json``;
- the naive alternative a user would write: ``import holidays``, build ``holidays.VN``
  for 1995-2035 and call ``numpy.busday_offset`` once (it gets swapped Saturdays and
  public-sector decisions wrong, and knows no working hours, but it is what tthc
  replaces).

Prints the median and minimum wall time of each (hyperfine is used instead when it is
installed) and the ratios, and writes them to ``bench/results/due.txt`` with the date
and the command. Measured twice: with bytecode cached (in a temporary
``PYTHONPYCACHEPREFIX``, as an installed package has it) and with no bytecode written
(``PYTHONDONTWRITEBYTECODE=1``, every tthc module compiled on each run, as in a
development environment that sets it). Target: the cold ``tthc due`` under 250 ms.
"""

from __future__ import annotations

import datetime as _dt
import json
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
TARGET_MS = 250.0

DUE = [TTHC, "due", "--received", "2026-11-26 10:00", "--time", "3 ngày làm việc"]
DUE += ["--format", "json"]
BARE = [PY, "-c", "pass"]
NAIVE = [
    PY,
    "-c",
    "import holidays, numpy as np; vn = holidays.VN(years=range(1995, 2036)); "
    "np.busday_offset('2026-11-26', 3, roll='forward', holidays=list(vn))",
]
COMMANDS = {"python -c pass": BARE, "tthc due (cold)": DUE, "holidays + numpy (cold)": NAIVE}


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


def with_hyperfine(runs: int, exe: str, env: dict[str, str]) -> dict[str, list[float]]:
    """Wall times in ms measured by hyperfine (no shell, one warm-up)."""
    times: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "hf.json"
        cmds = [_quote(argv) for argv in COMMANDS.values()]
        subprocess.run(
            [exe, "-N", "--warmup", "1", "--runs", str(runs), "--export-json", str(out), *cmds],
            check=True,
            capture_output=True,
            cwd=ROOT,
            env=env,
        )
        results = json.loads(out.read_text())["results"]
    for name, result in zip(COMMANDS, results, strict=True):
        times[name] = [t * 1000 for t in result["times"]]
    return times


def measure(
    runs: int, pycache: str | None, sources: str | None = None
) -> tuple[str, dict[str, list[float]]]:
    hyperfine = shutil.which("hyperfine")
    env = environment(pycache, sources)
    if hyperfine:
        return "hyperfine", with_hyperfine(runs, hyperfine, env)
    return "subprocess.run + perf_counter", with_subprocess(runs, env)


def report(title: str, times: dict[str, list[float]]) -> list[str]:
    med = {name: statistics.median(values) for name, values in times.items()}
    bare = med["python -c pass"]
    due = med["tthc due (cold)"]
    naive = med["holidays + numpy (cold)"]
    lines = [f"## {title}"]
    for name, values in times.items():
        lines.append(f"{name:<26} {med[name]:7.1f} ms  (min {min(values):6.1f} ms)")
    lines += [
        f"tthc due / python -c pass        {due / bare:6.1f}x",
        f"tthc due / holidays + numpy      {due / naive:6.2f}x",
        f"tthc due minus interpreter       {due - bare:6.1f} ms",
        f"target under {TARGET_MS:.0f} ms: {'met' if due < TARGET_MS else 'NOT met'}",
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
