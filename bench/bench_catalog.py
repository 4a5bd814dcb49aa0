"""Benchmark: load and validate a catalog of 5,000 procedure files.

Run: ``.venv/bin/python bench/bench_catalog.py [FILES]``. Writes FILES synthetic
procedure files (codes ``9.9xxxxx``, deliberately not real; names, fields and agencies
made up) plus registries to a temporary folder, then, each in a fresh process:

- ``tthc``: ``Catalog.load`` (strict YAML: duplicate keys, aliases, tabs...; the
  schema; positions are computed later, only for findings) and ``Rules.validate``
  (every national rule), timed; then the same again under ``tracemalloc`` for the peak
  of Python allocations; then the whole ``tthc validate DIR`` command;
- ``baseline``: what a user would otherwise write: ``yaml.load`` with PyYAML's C
  ``CSafeLoader`` and ``Procedure.model_validate`` per file, no positions, no rules.

Targets: under 2 s and under 300 MB for 5,000 files. Figures go to
``bench/results/catalog.txt``.
"""

from __future__ import annotations

import os
import platform
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent

# A synthetic procedure of typical size (~1.6 kB, like the files of catalog/).
TEMPLATE = """\
# Synthetic procedure for the benchmark (the code {code} is not a real one).
code: '{code}'
name: Thủ tục tổng hợp số {n} để đo hiệu năng (synthetic)
field: linh-vuc-{field}
levels: [province]
agencies: [co-quan-{agency}]
agency_text: Cơ quan tổng hợp số {agency}
steps:
  - Tổ chức, cá nhân nộp hồ sơ tại Trung tâm Phục vụ hành chính công.
  - Cơ quan tiếp nhận kiểm tra, xử lý hồ sơ.
  - Trả kết quả cho tổ chức, cá nhân.
channels: [in_person, online, postal]
online: toan_trinh
dossier:
  - name: Tờ khai tổng hợp (synthetic)
    originals: 1
  - name: Giấy tờ kèm theo (synthetic)
    copies: 1
processing_time:
  - name: Trực tuyến
    channel: online
    time: {{value: {days}, unit: working_days}}
    time_text: {days:02d} ngày làm việc
    committed: {{value: {committed}, unit: working_days}}
    steps:
      - name: Bước 1
        agency: Bộ phận một cửa
        time: {{value: 0.5, unit: working_days}}
      - name: Bước 2
        agency: Phòng chuyên môn
        time: {{value: {middle}, unit: working_days}}
      - name: Bước 3
        agency: Lãnh đạo
        time: {{value: 4, unit: working_hours}}
  - name: Trực tiếp
    channel: in_person
    time: {{value: {days}, unit: working_days}}
subjects: [Công dân Việt Nam, Tổ chức]
results: [Giấy chứng nhận tổng hợp (synthetic)]
fees:
  - amount_vnd: {fee}
    channel: online
legal_basis:
  - number: 0/0000/SYNTHETIC
    title: Văn bản tổng hợp (synthetic)
valid_from: 2025-07-01
"""

TTHC = r"""
import resource, sys, time
t0 = time.perf_counter()
from tthc.catalog import Catalog
from tthc.rules import Rules
rules = Rules(load_entry_points=False)
t1 = time.perf_counter()
c1 = time.process_time()
catalog = Catalog.load(sys.argv[1])
t2 = time.perf_counter()
findings = rules.validate(catalog)
t3 = time.perf_counter()
c3 = time.process_time()
assert len(catalog) == int(sys.argv[2]), len(catalog)
assert findings == [], findings[:3]
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(t1 - t0, t2 - t1, t3 - t2, c3 - c1, rss)
"""

TTHC_TRACED = r"""
import sys, tracemalloc
from tthc.catalog import Catalog
from tthc.rules import Rules
rules = Rules(load_entry_points=False)
tracemalloc.start()
catalog = Catalog.load(sys.argv[1])
findings = rules.validate(catalog)
current, peak = tracemalloc.get_traced_memory()
print(current, peak)
"""

BASELINE = r"""
import resource, sys, time
from pathlib import Path
import yaml
t0 = time.perf_counter()
from tthc.model import Procedure
t1 = time.perf_counter()
procedures = []
for path in sorted(Path(sys.argv[1], "procedures").glob("*.yaml")):
    with open(path, "rb") as handle:
        procedures.append(Procedure.model_validate(yaml.load(handle, Loader=yaml.CSafeLoader)))
t2 = time.perf_counter()
assert len(procedures) == int(sys.argv[2])
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(t1 - t0, t2 - t1, rss)
"""


def generate(root: Path, count: int) -> None:
    """Write ``count`` synthetic procedure files and the registries under ``root``."""
    procedures = root / "procedures"
    procedures.mkdir(parents=True)
    fields = 40
    agencies = 120
    (root / "fields.yaml").write_text(
        "".join(f"- id: linh-vuc-{i}\n  name: Lĩnh vực tổng hợp {i}\n" for i in range(fields)),
        encoding="utf-8",
    )
    (root / "agencies.yaml").write_text(
        "".join(f"- id: co-quan-{i}\n  name: Cơ quan tổng hợp {i}\n" for i in range(agencies)),
        encoding="utf-8",
    )
    for n in range(count):
        code = f"9.9{n:05d}"
        days = 3 + n % 20
        committed = max(1, days - 1 - n % 3)
        middle = committed - 1  # 0.5 day + middle + 4 hours (0.5 day) = committed
        text = TEMPLATE.format(
            code=code,
            n=n,
            field=n % fields,
            agency=n % agencies,
            days=days,
            committed=committed,
            middle=middle,
            fee=(n % 10) * 10000,
        )
        (procedures / f"{code}.yaml").write_text(text, encoding="utf-8")


def child(script: str, *args: str) -> list[float]:
    result = subprocess.run(
        [sys.executable, "-c", script, *args], capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise SystemExit(f"benchmark child failed:\n{result.stderr}")
    return [float(x) for x in result.stdout.split()]


def run_cli(root: Path) -> float:
    """Wall time of the whole ``tthc validate`` command (start-up and imports included)."""
    tthc = Path(sys.executable).parent / "tthc"
    start = time.perf_counter()
    result = subprocess.run([str(tthc), "validate", str(root)], capture_output=True, check=False)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"tthc validate failed:\n{result.stdout.decode()}{result.stderr.decode()}")
    return elapsed


def best_of(runs: int, script: str, *args: str) -> list[float]:
    """The run with the shortest work time (the sum after the import time)."""
    results = [child(script, *args) for _ in range(runs)]
    return min(results, key=lambda r: r[1] + r[2])


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    with tempfile.TemporaryDirectory(prefix="tthc-bench-") as tmp:
        root = Path(tmp) / "catalog"
        generate(root, count)
        size = sum(p.stat().st_size for p in (root / "procedures").iterdir())
        imports, load, validate, cpu, rss = best_of(3, TTHC, str(root), str(count))
        _, peak = child(TTHC_TRACED, str(root), str(count))
        _base_import, base_load, base_rss = best_of(3, BASELINE, str(root), str(count))
        cli = min(run_cli(root) for _ in range(3))

    total = load + validate
    # ru_maxrss is in KiB on Linux and in bytes on macOS.
    unit = 1024 * 1024 if sys.platform == "darwin" else 1024
    rss_mb, base_rss_mb = rss / unit, base_rss / unit
    lines = [
        f"# tthc catalog benchmark, {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC",
        "# command: .venv/bin/python bench/bench_catalog.py"
        + (f" {count}" if count != 5000 else ""),
        f"# machine: {platform.machine()}, {os.cpu_count()} CPUs (shared), Python "
        f"{platform.python_version()}, PyYAML C loader, load average {os.getloadavg()[0]:.1f}",
        "# wall times: best of 3 fresh processes; memory: a 4th run",
        f"files: {count} synthetic procedures, {size / 1024 / 1024:.1f} MiB of YAML",
        "",
        f"tthc load (strict YAML, schema; lazy positions): {load:4.2f} s",
        f"tthc validate (all national rules):           {validate:6.2f} s",
        f"tthc load + validate:                         {total:6.2f} s  (target < 2 s)",
        f"  CPU time of load + validate:                {cpu:6.2f} s",
        f"  per file:                                   {total / count * 1e6:6.0f} us",
        f"tthc validate DIR, whole command:             {cli:6.2f} s (start-up, imports, output)",
        f"peak RSS of the process (ru_maxrss):          {rss_mb:6.0f} MiB (target < 300 MB)",
        f"peak Python allocations (tracemalloc):        {peak / 1024 / 1024:6.0f} MiB",
        f"import of tthc + Rules():                     {imports:6.2f} s (not counted above)",
        "",
        "baseline: yaml.load(CSafeLoader) + Procedure.model_validate, no positions, no rules",
        f"baseline load:                                {base_load:6.2f} s, "
        f"peak RSS {base_rss_mb:.0f} MiB",
        f"ratio tthc load / baseline load:              {load / base_load:6.2f}x",
        f"ratio tthc load + validate / baseline load:   {total / base_load:6.2f}x",
    ]
    text = "\n".join(lines) + "\n"
    print(text, end="")
    if count == 5000:
        (HERE / "results").mkdir(exist_ok=True)
        (HERE / "results" / "catalog.txt").write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
