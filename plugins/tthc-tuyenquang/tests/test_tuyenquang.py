"""The Tuyên Quang plugin changes deadlines, targets, findings and Form 04 exactly as documented.

The documented values live in ``docs/tuyen-quang.md`` and ``docs/vi/tuyen-quang.md``
between ``<!-- tq:... -->`` markers; these tests compute them again, with and without
the plugin, and compare. The plugin must be installed (its entry point is what tthc
finds); ``Rules.national()`` must give the national results all the same.

The procedure ``9.999001`` used here is synthetic (not a real code), written by the test.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from datetime import date, datetime, time
from decimal import Decimal
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any

import pytest
import tthc
from tthc.catalog import Catalog
from tthc.config import Config
from tthc.errors import ConfigError
from tthc.forms import Form04, render
from tthc.national.forms import TEMPLATES
from tthc.reduction import Target
from tthc.rules import Rules
from tthc.sla import CountingPolicy
from tthc.validation import Severity, run_rules

import tthc_tuyenquang
from tthc_tuyenquang.sources import SOURCES, source

DOCS = Path(__file__).resolve().parents[3] / "docs"
PAGES = {"en": DOCS / "tuyen-quang.md", "vi": DOCS / "vi" / "tuyen-quang.md"}
PROVINCE = "tuyen-quang"


def block_after(page: Path, marker: str) -> str:
    """The fenced code block or table that follows ``<!-- marker -->`` on ``page``."""
    if not page.is_file():
        pytest.skip(f"documentation page {page.name} not found (plugin outside its repository)")
    text = page.read_text(encoding="utf-8")
    start = text.index(f"<!-- {marker} -->") + len(f"<!-- {marker} -->")
    rest = text[start:].lstrip("\n")
    if rest.startswith("```"):
        body = rest.split("\n", 1)[1]
        return body[: body.index("\n```")] + "\n"
    lines = []
    for line in rest.splitlines():
        if not line.startswith("|"):
            break
        lines.append(line)
    return "\n".join(lines)


def table_rows(page: Path, marker: str) -> list[list[str]]:
    rows = [
        [cell.strip() for cell in line.strip("|").split("|")]
        for line in block_after(page, marker).splitlines()
    ]
    return rows[2:]  # header and separator


@pytest.fixture(scope="module")
def national() -> Rules:
    return Rules.national()


@pytest.fixture(scope="module")
def tq() -> Rules:
    return Rules.for_province(PROVINCE)


@pytest.fixture
def catalog(tmp_path: Path) -> Iterator[Catalog]:
    """A catalog holding the synthetic procedure printed in the docs."""
    (tmp_path / "fields.yaml").write_text("- id: vi-du\n  name: Lĩnh vực ví dụ\n", encoding="utf-8")
    (tmp_path / "agencies.yaml").write_text("- id: so-vi-du\n  name: Sở Ví dụ\n", encoding="utf-8")
    (tmp_path / "procedures").mkdir()
    yaml = block_after(PAGES["en"], "tq:procedure")
    assert yaml == block_after(PAGES["vi"], "tq:procedure")
    (tmp_path / "procedures" / "9.999001.yaml").write_text(yaml, encoding="utf-8")
    yield tthc.load_catalog(tmp_path)


# -- installation and selection --------------------------------------------------------------------


def test_installed_as_entry_point_of_group_tthc() -> None:
    (ep,) = entry_points(group="tthc", name=PROVINCE)
    assert ep.value == "tthc_tuyenquang"
    assert ep.load() is tthc_tuyenquang
    assert tthc_tuyenquang.tthc_province == PROVINCE


def test_loaded_only_for_its_province(national: Rules, tq: Rules) -> None:
    info = {p.name: p for p in national.plugins}[PROVINCE]
    assert not info.loaded and info.error is None
    loaded = {p.name: p for p in tq.plugins}[PROVINCE]
    assert loaded.loaded and loaded.province == PROVINCE
    assert loaded.origin == "entry point tthc-tuyenquang"
    assert loaded.version == tthc_tuyenquang.__version__
    assert loaded.hooks == (
        "tthc_configure",
        "tthc_counting_policy",
        "tthc_form_template",
        "tthc_reduction_target",
        "tthc_validation_rules",
        "tthc_working_hours",
    )


# -- working hours and counting policy -------------------------------------------------------------


def test_working_hours_are_the_national_ones_and_say_why(national: Rules, tq: Rules) -> None:
    for day in (date(2026, 1, 5), date(2026, 6, 15), date(2026, 11, 26)):
        assert tq.calendar.intervals(day) == national.calendar.intervals(day)
    hours = tq.call_first("tthc_working_hours")
    assert "No Tuyên Quang notice of working hours was found" in hours.note.en
    assert "Chưa tìm thấy thông báo giờ làm việc" in hours.note.vi
    assert not source("working-hours").found


def test_policy_adds_only_the_general_cutoff(national: Rules, tq: Rules) -> None:
    assert national.policy == CountingPolicy()
    assert national.policy.general_cutoff is None
    assert tq.policy == dataclasses.replace(CountingPolicy(), general_cutoff=time(15, 0))
    assert not source("cutoff").found  # a stated policy, not a provincial document


VI_DAYS = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật")


def shown(moment: datetime, lang: str) -> str:
    """A moment as the page writes it: ``Thu 2026-11-26 10:00`` / ``Thứ Năm 26/11/2026 10:00``."""
    if lang == "vi":
        return f"{VI_DAYS[moment.weekday()]} {moment:%d/%m/%Y %H:%M}"
    return moment.strftime("%a %Y-%m-%d %H:%M")


def read_shown(text: str, lang: str) -> datetime:
    if lang == "vi":
        moment = datetime.strptime(" ".join(text.split()[-2:]), "%d/%m/%Y %H:%M")
    else:
        moment = datetime.strptime(text, "%a %Y-%m-%d %H:%M")
    assert shown(moment, lang) == text  # the weekday written matches the date
    return moment


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_deadlines_as_documented(national: Rules, tq: Rules, lang: str) -> None:
    rows = table_rows(PAGES[lang], "tq:deadlines")
    assert len(rows) >= 6
    changed = 0
    for received, what, national_due, tq_due in rows:
        moment = read_shown(received, lang)
        got_national = shown(national.deadline(moment, what).due_at, lang)
        got_tq = shown(tq.deadline(moment, what).due_at, lang)
        assert (got_national, got_tq) == (national_due, tq_due), (received, what)
        changed += got_national != got_tq
    assert changed >= 3  # the table shows the plugin moving deadlines, not only keeping them


def test_national_worked_examples_unchanged_by_installing_the_plugin(national: Rules) -> None:
    # Domain notes §6, national defaults: the plugin is installed but not selected.
    examples = [
        (datetime(2026, 11, 26, 10, 0), "3 ngày làm việc", "2026-12-01 17:00"),
        (datetime(2026, 2, 13, 16, 0), "2 ngày làm việc", "2026-02-24 17:00"),
        (datetime(2026, 4, 23, 15, 30), "8 giờ làm việc", "2026-04-24 15:30"),
        (datetime(2026, 9, 3, 15, 30), "trong ngày", "2026-09-04 17:00"),
        (datetime(2026, 9, 3, 14, 0), "trong ngày", "2026-09-03 17:00"),
    ]
    for received, what, due in examples:
        assert national.deadline(received, what).due_at.strftime("%Y-%m-%d %H:%M") == due


# -- reduction targets ----------------------------------------------------------------------


def _describe(target: Target, lang: str) -> str:
    text = f"{target.percent}%"
    if target.baseline_year is not None:
        text += (
            f" so với năm {target.baseline_year}"
            if lang == "vi"
            else (f" against {target.baseline_year}")
        )
    if target.name == PROVINCE:
        text += " (kế hoạch của tỉnh)" if lang == "vi" else " (provincial plan)"
    return text


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_targets_as_documented(national: Rules, tq: Rules, lang: str) -> None:
    rows = table_rows(PAGES[lang], "tq:targets")
    assert [row[0] for row in rows] == ["2019", "2020", "2025", "2026"]
    for year, national_text, tq_text in rows:
        assert _describe(national.target(None, None, int(year)), lang) == national_text
        assert _describe(tq.target(None, None, int(year)), lang) == tq_text


def test_plan_target_every_year_2020_to_2025(tq: Rules) -> None:
    for year in range(2020, 2026):
        target = tq.target(None, None, year)
        assert target == Target(Decimal(30), None, tthc_tuyenquang.PLAN_SOURCE, PROVINCE)
        assert "the plan document was not found: number and date unknown" in (
            target.source_text("en")
        )
        assert "chưa tìm thấy văn bản kế hoạch" in target.source_text("vi")
    assert tq.target(None, None, 2027).name == "national"


# -- validation rules ----------------------------------------------------------------------


def test_rules_are_tq_warnings_with_explanations(tq: Rules, national: Rules) -> None:
    ours = [(p, r) for p, r in tq.validation_rules() if r.code.startswith("TQ")]
    assert [r.code for _, r in ours] == ["TQ101", "TQ102", "TQ103"]
    assert {p for p, _ in ours} == {PROVINCE}
    for _, rule in ours:
        assert rule.severity is Severity.WARNING
        assert rule.title.vi and rule.title.en and rule.explanation.vi and rule.explanation.en
        assert rule.code in PAGES["en"].read_text(encoding="utf-8")
    assert not [r for _, r in national.validation_rules() if r.code.startswith("TQ")]


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_findings_as_documented(catalog: Catalog, tq: Rules, national: Rules, lang: str) -> None:
    expected = block_after(PAGES[lang], f"tq:findings {lang}").splitlines()
    found = [
        f"{f.line}:{f.column} {f.rule} {f.message(lang)}"  # type: ignore[arg-type]
        for f in run_rules(catalog, tq)
        if f.rule.startswith("TQ")
    ]
    assert found == expected
    assert not [f for f in run_rules(catalog, national) if f.rule.startswith("TQ")]
    national_codes = {f.rule for f in run_rules(catalog, national)}
    assert national_codes == {f.rule for f in run_rules(catalog, tq)} - {"TQ101", "TQ102", "TQ103"}


def test_postal_exempt_from_configuration(catalog: Catalog) -> None:
    rules = Rules(Config(province=PROVINCE, extra={PROVINCE: {"postal_exempt": ["9.999001"]}}))
    codes = [f.rule for f in run_rules(catalog, rules) if f.rule.startswith("TQ")]
    assert sorted(codes) == ["TQ101", "TQ102"]


def test_rules_can_be_disabled_in_configuration(catalog: Catalog) -> None:
    rules = Rules(Config(province=PROVINCE, disable=frozenset({"TQ101", "TQ103"})))
    assert [f.rule for f in run_rules(catalog, rules) if f.rule.startswith("TQ")] == ["TQ102"]


def test_unknown_setting_fails_with_plugin_name_and_suggestion() -> None:
    # The plugin's own ConfigError reaches the user as it is, naming the plugin.
    with pytest.raises(ConfigError) as err:
        Rules(Config(province=PROVINCE, extra={PROVINCE: {"postal_exampt": []}}))
    assert err.value.plugin == PROVINCE
    message = err.value.message("en")
    assert "unknown key 'postal_exampt' in [tuyen-quang]; did you mean 'postal_exempt'?" in message


def test_bad_setting_type_is_reported() -> None:
    with pytest.raises(
        ConfigError, match=r"postal_exempt must be a list of procedure codes, got 'x'"
    ):
        Rules(Config(province=PROVINCE, extra={PROVINCE: {"postal_exempt": "x"}}))
    with pytest.raises(ConfigError, match=r"\[tuyen-quang\] must be a table, got 3"):
        Rules(Config(province=PROVINCE, extra={PROVINCE: 3}))


def commune_procedure(*cases: tuple[dict[str, object], dict[str, object]]) -> Any:
    """A synthetic commune procedure (code 9.999002 is not a real code) offering the postal
    channel, with one processing-time case per ``(time, committed)`` pair."""
    from tthc.model import Procedure

    return Procedure.model_validate(
        {
            "code": "9.999002",
            "name": "Thủ tục ví dụ",
            "field": "vi-du",
            "levels": ["commune"],
            "channels": ["postal"],
            "processing_time": [{"time": t, "committed": c} for t, c in cases],
        }
    )


def plugin_checks() -> dict[str, Any]:
    checks = {r.code: r.check for r in tthc_tuyenquang.validation_rules()}
    assert all(check is not None for check in checks.values())
    return checks


def test_same_day_and_incomparable_cases_are_not_judged_by_tq102() -> None:
    procedure = commune_procedure(
        ({"value": 0, "unit": "same_day"}, {"value": 0, "unit": "same_day"}),
        ({"value": 1, "unit": "months"}, {"value": 20, "unit": "working_days"}),
        ({"value": 10, "unit": "working_days"}, {"value": 7, "unit": "working_days"}),
    )
    checks = plugin_checks()
    assert list(checks["TQ102"](procedure, None)) == []
    assert list(checks["TQ103"](procedure, None)) == []


def test_tq102_rounds_its_percentage_as_tthc_reduction_does() -> None:
    from tthc.reduction import display_percent, reduction_percent

    procedure = commune_procedure(
        ({"value": 200, "unit": "working_days"}, {"value": "166.67", "unit": "working_days"})
    )
    case = procedure.processing_time[0]
    cut = reduction_percent(case.time, case.committed)
    assert cut == Decimal("16.665")  # a tie at the second place
    assert str(display_percent(cut)) == "16.67"  # what `tthc reduction` shows
    (problem,) = plugin_checks()["TQ102"](procedure, None)
    assert "cuts only 16.67% of 200 working days" in problem.message("en")
    assert "chỉ giảm 16,67% so với 200 ngày làm việc" in problem.message("vi")


# -- Form 04 ----------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_form04_as_documented(catalog: Catalog, tq: Rules, national: Rules, lang: str) -> None:
    procedure = catalog["9.999001"]

    def form(rules: Rules) -> Form04:
        deadline = rules.deadline(
            datetime(2026, 11, 26, 16, 0), procedure, case="trường hợp thường"
        )
        return Form04.for_delay(
            rules,
            deadline,
            agency="Sở Ví dụ",
            applicant="Ông Nguyễn Văn A",
            reason="cần xác minh thêm tại thực địa",
            extra_working_days=2,
            procedure=procedure,
            dossier_id="HS-0001",
            officer="Trần Thị B",
            issued_on=date(2026, 12, 7),
        )

    text = render(form(tq), tq, lang)  # type: ignore[arg-type]
    assert text == block_after(PAGES[lang], f"tq:form04 {lang}")
    national_text = render(form(national), national, lang)  # type: ignore[arg-type]
    assert "TUYÊN QUANG" not in national_text
    assert national.form_template("04", lang) == TEMPLATES[("04", lang)]  # type: ignore[index]


def test_form01_keeps_the_national_wording(tq: Rules) -> None:
    for lang in ("vi", "en"):
        assert tq.form_template("01", lang) == TEMPLATES[("01", lang)]
    assert tq.form_template("04", "vi") == tthc_tuyenquang.FORM04["vi"]


# -- sources ----------------------------------------------------------------------


def test_every_choice_names_its_source() -> None:
    ids = {s.id for s in SOURCES}
    assert {"working-hours", "cutoff", "plan-2020", "postal", "merger", "centre"} <= ids
    for record in SOURCES:
        assert record.what
        assert record.found or record.note, record.id  # what was not found says so
        if record.url:
            assert re.match(r"https?://", record.url)
    with pytest.raises(KeyError, match="unknown source 'nope'; known: merger"):
        source("nope")
