"""A real ``tthc serve`` process on a free loopback port, for the service tests."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[2]
CATALOG = ROOT / "catalog"
#: The ``tthc`` console script of the environment running the tests.
TTHC = Path(sys.executable).parent / "tthc"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@dataclass
class Server:
    """A running service: its base URL and its process (stderr: the logs)."""

    url: str
    process: subprocess.Popen[bytes]
    log: Path

    def client(self, **kwargs: object) -> httpx.Client:
        return httpx.Client(base_url=self.url, timeout=60, **kwargs)  # type: ignore[arg-type]

    def stop(self) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:  # pragma: no cover - a hung server is a failure
                self.process.kill()
                self.process.wait()
        return self.process.returncode


def start_server(tmp: Path, *args: str) -> Server:
    """Start ``tthc serve ARGS`` and wait until /readyz answers (at most 60 s)."""
    port = free_port()
    log = tmp / f"serve-{port}.log"
    env = {**os.environ, "TTHC_LANG": "en"}
    with log.open("wb") as handle:
        process = subprocess.Popen(
            [str(TTHC), "serve", "--port", str(port), *args],
            cwd=ROOT,
            stdout=handle,
            stderr=subprocess.STDOUT,
            env=env,
        )
    url = f"http://127.0.0.1:{port}"
    server = Server(url, process, log)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"tthc serve exited:\n{log.read_text()}")
        try:
            if httpx.get(f"{url}/readyz", timeout=2).status_code == 200:
                return server
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    server.stop()
    raise AssertionError(f"tthc serve did not become ready:\n{log.read_text()}")


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The national rules with the bundled catalog."""
    running = start_server(tmp_path_factory.mktemp("serve"), "--catalog", str(CATALOG))
    yield running
    running.stop()


@pytest.fixture(scope="session")
def province_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """Tuyên Quang's rules (the installed plugin) with the bundled catalog."""
    running = start_server(
        tmp_path_factory.mktemp("serve"),
        "--catalog",
        str(CATALOG),
        "--province",
        "tuyen-quang",
    )
    yield running
    running.stop()
