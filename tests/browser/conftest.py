"""A real headless Chromium for the browser tests (marked ``browser``; ``make test-fast``
leaves them out).

The browser is Debian's ``chromium`` package, driven through playwright's Python package:
never a browser downloaded by a test tool (CI installs the package, see ``.ci/run``). Each
page records what the browser says: console errors, uncaught exceptions and every request
that leaves the page's own origin (a report must fetch nothing; the staff page only its
own server), so that a test can assert there were none.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
HERE = Path(__file__).parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if HERE in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)


def chromium_path() -> str:
    found = os.environ.get("TTHC_CHROMIUM") or shutil.which("chromium")
    if not found:
        pytest.fail(
            "the browser tests need Debian's chromium (apt-get install chromium "
            "chromium-driver), or run make test-fast"
        )
    return found


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=chromium_path(), args=CHROMIUM_ARGS, headless=True
        )
        yield launched
        launched.close()


@dataclass
class Watched:
    """A page and what the browser reported while it was used."""

    page: Any
    errors: list[str] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)

    def assert_clean(self) -> None:
        assert self.errors == [], self.errors
        assert self.outside == [], self.outside


def watch(browser: Any, allowed: tuple[str, ...]) -> Watched:
    """A new page of ``browser`` whose requests may go only to URLs starting with one of
    ``allowed``; the others are refused and recorded."""
    context = browser.new_context(viewport={"width": 1200, "height": 900}, locale="vi-VN")
    page = context.new_page()
    watched = Watched(page)
    page.on(
        "console",
        lambda m: (
            watched.errors.append(f"console {m.type}: {m.text}")
            if m.type in ("error", "warning")
            else None
        ),
    )
    page.on("pageerror", lambda exc: watched.errors.append(f"page error: {exc}"))

    def route(r: Any) -> None:
        url = r.request.url
        if url.startswith(allowed) or url.startswith("data:"):
            r.continue_()
        else:
            watched.outside.append(url)
            r.abort()

    context.route("**/*", route)
    return watched


@pytest.fixture
def open_page(browser: Any) -> Iterator[Any]:
    opened: list[Watched] = []

    def make(*allowed: str) -> Watched:
        w = watch(browser, allowed)
        opened.append(w)
        return w

    yield make
    for w in opened:
        w.page.context.close()


def screenshot(page: Any, name: str) -> None:
    """Save the page's first screen as ``name`` in the folder ``TTHC_SCREENSHOTS`` names
    (``make screenshots`` sets it to docs/images); nothing otherwise."""
    folder = os.environ.get("TTHC_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / name))


ROOT = HERE.parents[1]

# Until ``tthc serve`` builds the whole service, the staff page is served alone.
_SERVER = """
import sys, uvicorn, tthc
from fastapi import FastAPI
from tthc.serve.pages import add_pages
app = FastAPI()
add_pages(app, tthc.Rules(), tthc.load_catalog(sys.argv[2]), "vi")
uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[1]), log_level="warning")
"""


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@pytest.fixture(scope="session")
def staff_server() -> Iterator[str]:
    """A real service process on a free loopback port, with the bundled catalog."""
    import subprocess
    import sys
    import time
    import urllib.request

    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-c", _SERVER, str(port), str(ROOT / "catalog")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            with urllib.request.urlopen(f"{base}/static/staff.css", timeout=2):
                break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                _, err = process.communicate()
                pytest.fail(f"the service did not start: {err.decode(errors='replace')}")
            time.sleep(0.2)
    yield base
    process.terminate()
    try:
        process.wait(10)
    except subprocess.TimeoutExpired:  # pragma: no cover
        process.kill()
