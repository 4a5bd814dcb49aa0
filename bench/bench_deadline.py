"""Benchmark: ``rules.deadline`` per call, with a Duration and with a time text, on the
national rules and with a province plugin, against the code before its fast path.

Run: ``.venv/bin/python bench/bench_deadline.py [REF]``. REF is the git revision to compare
with (default: the parent of the commit that brought the fast path, found by its message).
Its ``src`` is exported to a temporary folder; the same child script then runs,
alternately, on this tree's ``src`` and on REF's (through ``PYTHONPATH``), three rounds
each, so that the shared machine's load hits both alike. Each child times, in CPU time
(``time.process_time``, so that waiting for the CPU on a loaded machine is not counted),
the best of 3 repetitions of 10,000 calls of:

- ``rules.deadline(received, Duration.of(3, "working_days"))``;
- ``rules.deadline(received, "3 ngày làm việc")``;
- both again with ``Rules.for_province("tuyen-quang")`` (the sample plugin changes the
  working hours, the counting policy, the reduction targets: its answers are checked);
- ``calendar.add_working_days(day, 3)``: the calendar's floor, to read the noise by.

Targets: national rules <= 5 us with a Duration, <= 10 us with a time text; with the
province plugin no slower than REF. Figures (median over the rounds of each child's best)
go to ``bench/results/deadline.txt``.
"""

from __future__ import annotations

import os
import platform
import statistics
import subprocess
import sys
import tarfile
import tempfile
from datetime import datetime, timezone
from io import BytesIO
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

#: The subject of the commit that brought the fast path: its parent is the code before it.
FAST_PATH_COMMIT = "^rules.deadline fast path"
ROUNDS = 3

CHILD = r"""
import sys, time
from datetime import date, datetime
from tthc.duration import Duration
from tthc.rules import Rules

N, REPEAT = 10000, 3
received = datetime(2026, 11, 26, 10, 0)
duration = Duration.of(3, "working_days")
text = "3 ngày làm việc"

def best(call):
    call()
    times = []
    for _ in range(REPEAT):
        t0 = time.process_time()
        for _ in range(N):
            call()
        times.append((time.process_time() - t0) / N * 1e6)
    return min(times)

national = Rules.national()
province = Rules.for_province("tuyen-quang")
day = date(2026, 11, 26)
cal = national.calendar
assert national.deadline(received, duration) == national.deadline(received, text)
print(
    best(lambda: national.deadline(received, duration)),
    best(lambda: national.deadline(received, text)),
    best(lambda: province.deadline(received, duration)),
    best(lambda: province.deadline(received, text)),
    best(lambda: cal.add_working_days(day, 3)),
)
"""

NAMES = (
    "national, Duration",
    "national, time text",
    "province plugin, Duration",
    "province plugin, time text",
    "floor: add_working_days",
)


def export(ref: str, into: Path) -> Path:
    """``src`` of ``ref``, written under ``into``."""
    archive = subprocess.run(
        ["git", "archive", "--format=tar", ref, "src"], cwd=ROOT, capture_output=True, check=True
    ).stdout
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    return into / "src"


def child(src: Path) -> list[float]:
    env = dict(os.environ, PYTHONPATH=str(src), TTHC_PLUGINS="tuyen-quang")
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    result = subprocess.run(
        [sys.executable, "-c", CHILD], capture_output=True, text=True, env=env, check=False
    )
    if result.returncode != 0:
        raise SystemExit(f"benchmark child failed ({src}):\n{result.stderr}")
    return [float(x) for x in result.stdout.split()]


def default_ref() -> str:
    """The parent of the commit that brought the fast path."""
    found = subprocess.run(
        ["git", "log", "-1", "--format=%H", f"--grep={FAST_PATH_COMMIT}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    if not found:
        raise SystemExit("no commit of the fast path in this history: give REF")
    return f"{found}^"


def main() -> int:
    ref = sys.argv[1] if len(sys.argv) > 1 else default_ref()
    now: list[list[float]] = []
    before: list[list[float]] = []
    with tempfile.TemporaryDirectory(prefix="tthc-bench-") as tmp:
        old = export(ref, Path(tmp))
        for _ in range(ROUNDS):
            now.append(child(ROOT / "src"))
            before.append(child(old))
    med_now = [statistics.median(r[i] for r in now) for i in range(len(NAMES))]
    med_old = [statistics.median(r[i] for r in before) for i in range(len(NAMES))]
    lines = [
        f"# rules.deadline benchmark, {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC",
        "# command: .venv/bin/python bench/bench_deadline.py"
        + (f" {ref}" if len(sys.argv) > 1 else ""),
        f"# machine: {platform.machine()}, {os.cpu_count()} CPUs (shared), Python "
        f"{platform.python_version()}, load average {os.getloadavg()[0]:.1f}",
        f"# CPU time per call: best of 3 x 10,000 calls per child, median of {ROUNDS} children "
        f"each side, alternated; before = {ref}",
        "",
        f"{'':<28} {'now':>9} {'before':>9} {'before/now':>11}",
    ]
    for name, a, b in zip(NAMES, med_now, med_old, strict=True):
        lines.append(f"{name:<28} {a:7.2f} us {b:7.2f} us {b / a:10.2f}x")
    lines += [
        "",
        f"target national Duration <= 5 us: {'met' if med_now[0] <= 5 else 'NOT met'}",
        f"target national time text <= 10 us: {'met' if med_now[1] <= 10 else 'NOT met'}",
        "target province plugin no slower than before: "
        + ("met" if med_now[2] <= med_old[2] and med_now[3] <= med_old[3] else "NOT met"),
        "",
    ]
    text = "\n".join(lines)
    print(text, end="")
    (HERE / "results").mkdir(exist_ok=True)
    (HERE / "results" / "deadline.txt").write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
