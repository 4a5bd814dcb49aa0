"""The late dossiers the report lists (its HTML page and workbook) when per-dossier results
are written: the most late, bounded, the same from one process or several."""

from __future__ import annotations

import csv
import re
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from tthc.report import OnTimeReport, on_time_report, render
from tthc.report.late import LATE_SHOWN
from tthc.rules import Rules

from .test_parts import CATALOG, dossiers, text

END = date(2026, 12, 31)


@pytest.fixture(scope="module")
def rules() -> Rules:
    return Rules(load_entry_points=False)


def _from_rows_file(path: Path) -> list[tuple[Any, ...]]:
    """The late and overdue rows of a per-dossier file, most late first, then by row."""
    with path.open(encoding="utf-8") as handle:
        rows = [r for r in csv.DictReader(handle) if r["status"] in ("late", "overdue")]
    rows.sort(key=lambda r: (-Decimal(r["late_working_hours"]), int(r["row"])))
    return [(int(r["row"]), r["dossier_id"], r["status"]) for r in rows]


def _listed(report: OnTimeReport) -> list[tuple[Any, ...]]:
    assert report.late is not None
    return [(d["row"], d["dossier_id"], d["status"]) for d in report.late]


def test_late_dossiers_are_those_of_the_rows_file(rules: Rules, tmp_path: Path) -> None:
    data = dossiers(2000, twice=3)
    path = tmp_path / "dossiers.csv"
    path.write_text(text(data), encoding="utf-8")
    out = tmp_path / "rows.csv"
    one = on_time_report(path, CATALOG, rules, date_to=END, skip_bad=True, rows_to=out)
    expected = _from_rows_file(out)
    assert len(expected) == one.overall.late + one.overall.overdue > LATE_SHOWN
    assert _listed(one) == expected[:LATE_SHOWN]
    # each entry as the per-dossier file gives it
    first = one.late[0]  # type: ignore[index]
    assert isinstance(first["due_at"], datetime) and first["late_working_hours"] > 0
    # several processes: the same list
    many = on_time_report(
        path, CATALOG, rules, date_to=END, skip_bad=True, rows_to=tmp_path / "r.csv", jobs=3
    )
    assert _listed(many) == expected[:LATE_SHOWN]
    # no per-dossier results: no list, and the page has no table of them
    plain = on_time_report(path, CATALOG, rules, date_to=END, skip_bad=True)
    assert plain.late is None
    assert 'id="late"' not in render(plain, "html", "en")


def test_the_list_is_bounded_and_the_page_says_so(
    rules: Rules, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tthc.report.late as late

    monkeypatch.setattr(late, "LATE_SHOWN", 7)
    path = tmp_path / "dossiers.csv"
    path.write_text(text(dossiers(1500)), encoding="utf-8")
    out = tmp_path / "rows.csv"
    report = on_time_report(path, CATALOG, rules, date_to=END, rows_to=out)
    assert _listed(report) == _from_rows_file(out)[:7]
    total = report.overall.late + report.overall.overdue
    page = render(report, "html", "en")
    section = page[page.index('<section id="late"') :]
    section = section[: section.index("</section>")]
    assert section.count("<tr>") == 1 + 7  # the head and seven dossiers
    assert f"Showing the 7 most late of {total:,}" in section
    for row, dossier, _ in _listed(report):
        assert re.search(rf"<th scope=\"row\">{dossier}</th>", section), row
    vi = render(report, "html", "vi")
    assert f"Hiển thị 7 hồ sơ trễ nhiều nhất trong {total:,}".replace(",", ".") in vi


def test_merge_keeps_the_most_late(rules: Rules, tmp_path: Path) -> None:
    data = dossiers(900)
    parts = []
    for k, (a, b) in enumerate([(0, 300), (300, 900)]):
        path = tmp_path / f"part{k}.csv"
        body = text(data[a:b]).splitlines(keepends=True)
        # rows numbered as in the whole file: the header, then blank lines up to row a+2
        path.write_text(body[0] + "\n" * a + "".join(body[1:]), encoding="utf-8")
        parts.append(
            on_time_report(path, CATALOG, rules, date_to=END, rows_to=tmp_path / f"r{k}.csv")
        )
    whole_path = tmp_path / "whole.csv"
    whole_path.write_text(text(data), encoding="utf-8")
    whole = on_time_report(whole_path, CATALOG, rules, date_to=END, rows_to=tmp_path / "w.csv")
    assert _listed(OnTimeReport.merge(parts)) == _listed(whole)
