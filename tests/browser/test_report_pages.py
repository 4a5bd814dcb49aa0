"""The HTML reports in a real Chromium: charts drawn, nothing fetched, no console error."""

from __future__ import annotations

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
