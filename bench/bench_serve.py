"""Benchmark: the HTTP/JSON service and ``tthc due --batch``, against a process per dossier.

Run: ``.venv/bin/python bench/bench_serve.py [SECONDS]`` (default 10 s per load run).
Loopback only, bounded in requests and time. In one run, side by side:

1. single-deadline requests (``POST /v1/deadlines`` with one dossier) per second, with p50
   and p99 latency, on ``tthc serve --workers 1`` and ``--workers 2``, driven by ``wrk``
   (Debian's package, installed here when missing and run as root; a load generator in
   Python would measure itself on two cores);
2. deadlines per second through 10,000-dossier array requests (3 requests);
3. ``tthc due --batch`` on 100,000 JSON lines, end to end (process start to last line);
4. the baseline a one-stop system has without them: one ``tthc due --format json``
   process per dossier (20 processes).

The service's own CPU time per request (from /proc) is printed beside the rates: on a machine
shared with other work, it says what a request costs whatever the load. The dossiers mix
every unit, times given as text and as ``duration``, pauses and the
cut-off. Writes the figures to ``bench/results/serve.txt`` with the date and the commands.
Targets (2-core machine): 2 workers >= 2,000 requests/s with p99 <= 20 ms; arrays >= 200,000
deadlines/s; ``tthc due --batch`` 100,000 lines in <= 3 s.
"""

from __future__ import annotations

import datetime as _dt
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
TTHC = str(Path(sys.executable).with_name("tthc"))
RESULTS = HERE / "results" / "serve.txt"

ONE = {"received_at": "2026-11-26 10:00", "time": "3 ngày làm việc"}
ARRAY_ITEMS = 10_000
ARRAY_REQUESTS = 3
BATCH_LINES = 100_000
BASELINE_PROCESSES = 20


def dossiers(count: int) -> list[dict[str, Any]]:
    """``count`` dossiers received over 2026, every unit, some paused (deterministic)."""
    kinds: list[dict[str, Any]] = [
        {"time": "3 ngày làm việc"},
        {"duration": {"value": "0.5", "unit": "working_days"}},
        {"time": "15 ngày"},
        {"duration": {"value": "8", "unit": "working_hours"}},
        {"time": "trong ngày"},
        {"duration": {"value": "1", "unit": "months"}},
    ]
    out = []
    start = _dt.datetime(2026, 1, 5, 7, 0)
    for i in range(count):
        received = start + _dt.timedelta(minutes=(i * 997) % (340 * 24 * 60))
        item: dict[str, Any] = {
            "received_at": received.isoformat(timespec="minutes"),
            **kinds[i % 6],
        }
        if i % 10 == 0:
            pause = received + _dt.timedelta(hours=20)
            item["pauses"] = [
                {
                    "start": pause.isoformat(timespec="minutes"),
                    "end": (pause + _dt.timedelta(hours=30)).isoformat(timespec="minutes"),
                }
            ]
        out.append(item)
    return out


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def start(workers: int) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    process = subprocess.Popen(
        [TTHC, "serve", "--port", str(port), "--workers", str(workers)],  # no access log: default
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{url}/readyz", timeout=2).status_code == 200:
                # each worker answers before the load starts (several requests reach both)
                for _ in range(20):
                    httpx.post(f"{url}/v1/deadlines", json=ONE, timeout=30)
                return process, url
        except httpx.HTTPError:
            time.sleep(0.2)
    stop(process)
    raise SystemExit("tthc serve did not start")


def stop(process: subprocess.Popen[bytes]) -> None:
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(30)
    except subprocess.TimeoutExpired:
        process.kill()


def ensure_wrk() -> str | None:
    """``wrk``, installed from Debian when missing and allowed (root); else None."""
    found = shutil.which("wrk")
    if found or os.geteuid() != 0 or not shutil.which("apt-get"):
        return found
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(
        ["apt-get", "install", "-y", "-qq", "wrk"],
        env=env,
        check=False,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return shutil.which("wrk")


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) of process ``pid`` and its children (the workers), from
    /proc: what a request costs the service, whatever else loads the machine."""
    ticks = os.sysconf("SC_CLK_TCK")
    pids = [pid]
    children = Path(f"/proc/{pid}/task/{pid}/children")
    if children.exists():
        pids += [int(p) for p in children.read_text().split()]
    total = 0
    for one in pids:
        fields = Path(f"/proc/{one}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / ticks


def _ms(text: str) -> float:
    value = float(re.sub(r"[a-z]+$", "", text))
    unit = re.sub(r"^[0-9.]+", "", text)
    return value * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def single_requests(wrk: str, url: str, seconds: int, pid: int) -> dict[str, float]:
    script = Path(tempfile.mkdtemp()) / "post.lua"
    body = json.dumps(ONE, ensure_ascii=False).replace("'", "\\'")
    script.write_text(
        'wrk.method = "POST"\n'
        f"wrk.body = '{body}'\n"
        'wrk.headers["Content-Type"] = "application/json"\n',
        encoding="utf-8",
    )
    cpu = cpu_seconds(pid)
    done = subprocess.run(
        [
            wrk,
            "-t1",
            "-c16",
            f"-d{seconds}s",
            "--latency",
            "-s",
            str(script),
            f"{url}/v1/deadlines",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    cpu = cpu_seconds(pid) - cpu  # the warm-up requests of start() came before
    out = done.stdout
    total = int(re.search(r"(\d+) requests in", out).group(1))  # type: ignore[union-attr]
    rate = float(re.search(r"Requests/sec:\s+([0-9.]+)", out).group(1))  # type: ignore[union-attr]
    p50 = _ms(re.search(r"50%\s+(\S+)", out).group(1))  # type: ignore[union-attr]
    p99 = _ms(re.search(r"99%\s+(\S+)", out).group(1))  # type: ignore[union-attr]
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if errors:
        raise SystemExit(f"wrk saw {errors.group(1)} errors:\n{out}")
    return {"rate": rate, "p50": p50, "p99": p99, "cpu_ms": cpu * 1000 / total}


def arrays(url: str) -> float:
    body = json.dumps(dossiers(ARRAY_ITEMS), ensure_ascii=False).encode()
    headers = {"Content-Type": "application/json"}
    answers = []
    with httpx.Client(timeout=600) as client:
        client.post(f"{url}/v1/deadlines", content=body, headers=headers).raise_for_status()
        began = time.perf_counter()
        for _ in range(ARRAY_REQUESTS):
            answer = client.post(f"{url}/v1/deadlines", content=body, headers=headers)
            answer.raise_for_status()
            answers.append(answer.content)
        elapsed = time.perf_counter() - began
    for content in answers:  # checked after the clock: the client's parsing is not the service's
        assert len(json.loads(content)) == ARRAY_ITEMS
    return ARRAY_ITEMS * ARRAY_REQUESTS / elapsed


def batch() -> tuple[float, float]:
    lines = "".join(json.dumps(d, ensure_ascii=False) + "\n" for d in dossiers(BATCH_LINES))
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "dossiers.jsonl"
        source.write_text(lines, encoding="utf-8")
        began = time.perf_counter()
        done = subprocess.run(
            [TTHC, "due", "--batch", str(source)], cwd=ROOT, capture_output=True, check=False
        )
        elapsed = time.perf_counter() - began
    if done.returncode != 0 or done.stdout.count(b"\n") != BATCH_LINES:
        raise SystemExit(f"tthc due --batch failed ({done.returncode}): {done.stderr[-2000:]!r}")
    return elapsed, BATCH_LINES / elapsed


def baseline() -> float:
    times = []
    for item in dossiers(BASELINE_PROCESSES):
        args = [TTHC, "due", "--received", item["received_at"], "--format", "json"]
        if "time" in item:
            args += ["--time", item["time"]]
        else:
            value = item["duration"]["value"]
            args += [
                "--time",
                {
                    "working_days": f"{value} ngày làm việc",
                    "working_hours": f"{value} giờ làm việc",
                    "months": f"{value} tháng",
                }[item["duration"]["unit"]],
            ]
        began = time.perf_counter()
        subprocess.run(args, cwd=ROOT, capture_output=True, check=True)
        times.append(time.perf_counter() - began)
    return 1 / statistics.median(times)


def main() -> None:
    seconds = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    wrk = ensure_wrk()
    lines = [
        f"# bench_serve.py, {_dt.datetime.now(_dt.timezone.utc):%Y-%m-%d %H:%M} UTC, "
        f"{os.cpu_count()} cores shared with other work, load average "
        f"{os.getloadavg()[0]:.1f} at the start (1 min)",
        f"# command: {Path(sys.executable).name} bench/bench_serve.py {seconds}",
    ]

    def say(line: str) -> None:
        print(line, flush=True)
        lines.append(line)

    for workers in (1, 2):
        process, url = start(workers)
        try:
            if wrk is None:
                say(f"single requests, {workers} worker(s): wrk not available, not measured")
            else:
                got = single_requests(wrk, url, seconds, process.pid)
                say(
                    f"single-deadline requests, {workers} worker(s), wrk -t1 -c16 -d{seconds}s: "
                    f"{got['rate']:,.0f} req/s, p50 {got['p50']:.1f} ms, p99 {got['p99']:.1f} ms, "
                    f"service CPU {got['cpu_ms']:.2f} ms/request"
                    + ("  (target >= 2,000 req/s, p99 <= 20 ms)" if workers == 2 else "")
                )
            if workers == 2:
                rate = arrays(url)
                say(
                    f"arrays of {ARRAY_ITEMS:,} dossiers, {ARRAY_REQUESTS} requests, 2 workers: "
                    f"{rate:,.0f} deadlines/s  (target >= 200,000)"
                )
        finally:
            stop(process)
    elapsed, rate = batch()
    say(
        f"tthc due --batch, {BATCH_LINES:,} lines end to end: {elapsed:.2f} s, "
        f"{rate:,.0f} deadlines/s  (target <= 3 s)"
    )
    per_process = baseline()
    say(
        f"baseline, one tthc due process per dossier ({BASELINE_PROCESSES} runs, median): "
        f"{per_process:,.1f} deadlines/s; --batch is {rate / per_process:,.0f}x that"
    )
    say(f"# load average {os.getloadavg()[0]:.1f} at the end (1 min)")
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
