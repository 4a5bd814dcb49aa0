"""Benchmark: the whole ``tthc validate DIR`` command, cold, with 1 and 2 processes, and
unchanged (cached); and the peak memory on a large catalog.

Run: ``.venv/bin/python bench/bench_validate.py [FILES] [LARGE]`` (default 5,000 and 50,000
files; ``LARGE`` 0 skips the memory run). Synthetic procedure files (those of
``bench_catalog.py``, codes ``9.9xxxxx``, deliberately not real) in a temporary folder. Each
figure is the median of RUNS fresh processes, the commands interleaved so that the shared
machine's load hits them alike; bytecode is cached as pip's install does (a temporary
``PYTHONPYCACHEPREFIX``). Side by side in the same run:

- ``--no-cache --jobs 1``: what ``tthc validate`` was (one process, no cache);
- ``--no-cache --jobs 2`` and the default (every core): the speed-up from processes;
- the cache filled, then ``tthc validate`` again on the unchanged catalog;
- one file changed, then again: the cache re-reads that file only;
- ``python -c "import yaml; [yaml.load(f, CSafeLoader) for f in files]"``: what reading the
  same files with PyYAML's C loader alone takes (no schema, no rules, no positions).

Targets (2-core machine): 5,000 files cold <= 1.0 s, unchanged <= 0.2 s; 50,000 files
<= 200 MB peak RSS (the largest of the command's processes). Figures go to
``bench/results/validate.txt``.
"""

from __future__ import annotations

import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_catalog import generate  # noqa: E402

TTHC = str(Path(sys.executable).with_name("tthc"))
RUNS = 3

PYYAML = r"""
import sys, yaml
from pathlib import Path
for path in sorted(Path(sys.argv[1], "procedures").glob("*.yaml")):
    with open(path, "rb") as handle:
        yaml.load(handle, Loader=yaml.CSafeLoader)
"""


def environment(pycache: str) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = pycache
    env["TTHC_PLUGINS"] = ""  # the national rules only
    return env


def timed(argv: list[str], env: dict[str, str], cwd: Path) -> tuple[float, float]:
    """Wall time in seconds, and the peak RSS in MiB of the largest process it ran."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    result = subprocess.run(argv, capture_output=True, env=env, cwd=cwd, check=False)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"{argv} failed:\n{result.stdout.decode()}{result.stderr.decode()}")
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    # ru_maxrss of the children is the largest so far: a run smaller than an earlier one
    # shows as 0 here, so the memory run is made first.
    return elapsed, (peak if peak > before else 0) / 1024


def main() -> int:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    large = int(sys.argv[2]) if len(sys.argv) > 2 else 50000
    lines = [
        f"# tthc validate benchmark, {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC",
        "# command: .venv/bin/python bench/bench_validate.py"
        + (f" {count} {large}" if (count, large) != (5000, 50000) else ""),
        f"# machine: {platform.machine()}, {os.cpu_count()} CPUs (shared with other work), "
        f"Python {platform.python_version()}, load average {os.getloadavg()[0]:.1f} at start",
        f"# wall times: median of {RUNS} fresh processes, commands interleaved; bytecode cached",
        "",
    ]
    with tempfile.TemporaryDirectory(prefix="tthc-bench-") as tmp:
        work = Path(tmp)
        env = environment(str(work / "pycache"))
        if large:
            root = work / "large"
            generate(root, large)
            cold, rss1 = timed([TTHC, "validate", str(root), "--no-cache", "-j", "1"], env, work)
            cold2, rss2 = timed([TTHC, "validate", str(root), "--no-cache", "-j", "2"], env, work)
            lines += [
                f"## {large} files",
                f"cold, --jobs 1:   {cold:7.2f} s, peak RSS {rss1:5.0f} MiB (target <= 200 MB)",
                f"cold, --jobs 2:   {cold2:7.2f} s, peak RSS of the largest process "
                f"{rss2:5.0f} MiB",
                "",
            ]
            import shutil

            shutil.rmtree(root)
        root = work / "catalog"
        generate(root, count)
        cache = work / "cache"
        commands = {
            "cold, --jobs 1 (no cache)": [TTHC, "validate", str(root), "--no-cache", "-j", "1"],
            "cold, --jobs 2 (no cache)": [TTHC, "validate", str(root), "--no-cache", "-j", "2"],
            "cold, default jobs (no cache)": [TTHC, "validate", str(root), "--no-cache"],
            "unchanged (cached)": [TTHC, "validate", str(root), "--cache-dir", str(cache)],
            "PyYAML C loader alone": [sys.executable, "-c", PYYAML, str(root)],
        }
        for argv in commands.values():  # warm-up, and the cache filled
            timed(argv, env, work)
        times: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(RUNS):
            for name, argv in commands.items():
                times[name].append(timed(argv, env, work)[0])
        changed = root / "procedures" / "9.900007.yaml"
        changed.write_text(changed.read_text(encoding="utf-8") + "\n", encoding="utf-8")
        one_changed, _ = timed(commands["unchanged (cached)"], env, work)
    med = {name: statistics.median(values) for name, values in times.items()}
    lines.append(f"## {count} files")
    for name, value in med.items():
        lines.append(f"{name:<32} {value:6.2f} s  (min {min(times[name]):5.2f} s)")
    one, two = med["cold, --jobs 1 (no cache)"], med["cold, --jobs 2 (no cache)"]
    cold_default, cached = med["cold, default jobs (no cache)"], med["unchanged (cached)"]
    pyyaml = med["PyYAML C loader alone"]
    lines += [
        f"one file changed, cache for the rest {one_changed:6.2f} s (one run)",
        f"speed-up from 1 to 2 jobs:       {one / two:5.2f}x",
        f"cold (default jobs) / PyYAML C loader alone: {cold_default / pyyaml:5.2f}x",
        f"cold (default jobs) <= 1.0 s: {'met' if cold_default <= 1.0 else 'NOT met'}",
        f"unchanged (cached) <= 0.2 s:  {'met' if cached <= 0.2 else 'NOT met'}",
        "",
    ]
    text = "\n".join(lines)
    print(text, end="")
    (HERE / "results").mkdir(exist_ok=True)
    (HERE / "results" / "validate.txt").write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
