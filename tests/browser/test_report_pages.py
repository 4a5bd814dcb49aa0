"""The HTML reports in a real Chromium: charts drawn, nothing fetched, no console error."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest

from tthc.cli import main

from .conftest import screenshot

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_reduction_page_renders_its_charts(
    open_page: Any, tmp_path: Path, lang: str, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "reduction.html"
    code = main(
        [
            "reduction",
            str(ROOT / "catalog"),
            "--year",
            "2026",
            "--lang",
            lang,
            "--format",
            "html",
            "-o",
            str(out),
        ]
    )
    assert code in (0, 1), capsys.readouterr().err
    watched = open_page(out.as_uri())
    page = watched.page
    page.goto(out.as_uri())
    charts = page.locator("svg.chart")
    assert charts.count() == 2
    for i in range(charts.count()):
        box = charts.nth(i).bounding_box()
        assert box is not None and box["width"] > 300 and box["height"] > 60
        assert charts.nth(i).locator("g.bars rect").count() > 0
    # every chart is named for screen readers
    assert (
        page.get_by_role(
            "img",
            name="Average cut by field against the target"
            if lang == "en"
            else "Mức cắt giảm trung bình theo lĩnh vực so với mục tiêu",
        ).count()
        == 1
    )
    assert page.locator("html").get_attribute("lang") == lang
    watched.assert_clean()
    screenshot(page, f"reduction-report-{lang}.png")


def _dossiers(path: Path) -> None:
    """Generated dossiers over procedures of the bundled catalog, received through 2026 and
    finished a few days either side of what their time allows."""
    import random
    from datetime import datetime, timedelta

    import tthc

    catalog = tthc.load_catalog(ROOT / "catalog")
    codes = sorted(
        p.code
        for p in catalog
        if len(p.processing_time) == 1 and p.processing_time[0].time.unit.value == "working_days"
    )[:12]
    rng = random.Random(7)
    lines = ["dossier_id,procedure_code,received_at,finished_at"]
    for i in range(400):
        code = rng.choice(codes)
        days = int(catalog[code].processing_time[0].time.value)
        received = datetime(2026, 1, 5, 8) + timedelta(
            days=rng.randrange(330), hours=rng.randrange(8)
        )
        finished = received + timedelta(days=max(0, days * 7 // 5 + rng.randrange(-4, 4)))
        lines.append(f"d{i},{code},{received:%Y-%m-%dT%H:%M},{finished:%Y-%m-%dT%H:%M}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_on_time_report_page_renders_its_charts(
    open_page: Any, tmp_path: Path, lang: str, capsys: pytest.CaptureFixture[str]
) -> None:
    dossiers = tmp_path / "dossiers.csv"
    _dossiers(dossiers)
    out = tmp_path / "report.html"
    rows = tmp_path / "rows.csv"  # per-dossier results: the page lists the late dossiers
    code = main(
        [
            "report",
            str(dossiers),
            "--catalog",
            str(ROOT / "catalog"),
            "--to",
            "2026-12-31",
            "--lang",
            lang,
            "--format",
            "html",
            "--rows",
            str(rows),
            "-o",
            str(out),
        ]
    )
    assert code == 0, capsys.readouterr().err
    with rows.open(encoding="utf-8") as handle:
        behind = ("late", "overdue")
        late = {r["dossier_id"] for r in csv.DictReader(handle) if r["status"] in behind}
    watched = open_page(out.as_uri())
    page = watched.page
    page.goto(out.as_uri())
    charts = page.locator("svg.chart")
    assert charts.count() == 3  # by month, agency, field
    months = charts.nth(0).locator("g.bars > text")
    assert months.count() >= 10
    first = months.nth(0).text_content()
    assert first == ("01/2026" if lang == "vi" else "2026-01")
    for i in range(3):
        box = charts.nth(i).bounding_box()
        assert box is not None and box["width"] > 300
        assert charts.nth(i).locator("g.bars rect").count() > 0
    # the table of late dossiers: one row each (fewer than the page's bound here)
    listed = page.locator("section#late tbody th")
    assert 0 < listed.count() == len(late)
    assert {listed.nth(i).text_content() for i in range(listed.count())} == late
    page.get_by_role("link", name="Late dossiers" if lang == "en" else "Hồ sơ trễ hạn").click()
    assert page.locator("section#late h2").is_visible()
    watched.assert_clean()
    screenshot(page, f"on-time-report-{lang}.png")
