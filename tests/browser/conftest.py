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


def screenshot(page: Any, name: str, *, full_page: bool = False) -> None:
    """Save the page (its first screen, or all of it) as ``name`` in the folder
    ``TTHC_SCREENSHOTS`` names (``make screenshots`` sets it to docs/images); nothing
    otherwise."""
    folder = os.environ.get("TTHC_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        if not full_page:  # the first screen, even after the test scrolled to a later part
            page.evaluate("window.scrollTo(0, 0)")
        page.screenshot(path=str(Path(folder) / name), full_page=full_page)


ROOT = HERE.parents[1]


@pytest.fixture(scope="session")
def staff_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real ``tthc serve`` process on a free loopback port, with the bundled catalog."""
    from ..serve.conftest import start_server

    server = start_server(tmp_path_factory.mktemp("serve"), "--catalog", str(ROOT / "catalog"))
    yield server.url
    server.stop()
