"""CI formats of ``tthc validate`` (tthc/cli/output.py): SARIF checked against the SARIF 2.1.0
JSON Schema, GitLab Code Quality, JUnit XML, GitHub annotations and the step summary."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from tthc.cli import EXIT_FINDINGS, EXIT_OK, main
from tthc.cli.output import LineEnds, gitlab_report, junit_xml, sarif_log
from tthc.i18n import Text
from tthc.rules import PLUGINS_ENV
from tthc.validation import Finding, Severity

FIXTURES = Path(__file__).parents[1] / "fixtures"
GOOD = FIXTURES / "catalogs" / "good"
SARIF_SCHEMA = json.loads(
    (FIXTURES / "sarif" / "sarif-2.1.0-rtm.5.json").read_text(encoding="utf-8")
)


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv(PLUGINS_ENV, "")
    monkeypatch.setenv("TTHC_LANG", "en")
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)


def validate(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(["validate", *argv])
    out, err = capsys.readouterr()
    assert err == ""
    return code, out


def check_sarif(log: Any) -> None:
    jsonschema.Draft4Validator.check_schema(SARIF_SCHEMA)
    errors = sorted(jsonschema.Draft4Validator(SARIF_SCHEMA).iter_errors(log), key=str)
    assert errors == [], [e.message for e in errors[:5]]


def test_sarif_is_valid_and_points_at_the_findings(
    tmp_path: Path, broken_catalog: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = validate(capsys, "catalog", "--format", "sarif")
    assert code == EXIT_FINDINGS
    log = json.loads(out)
    check_sarif(log)
    run = log["runs"][0]
    results = {r["ruleId"]: r for r in run["results"]}
    assert set(results) == {"TT102", "TT104"}
    error = results["TT102"]
    assert error["level"] == "error" and results["TT104"]["level"] == "warning"
    location = error["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "catalog/procedures/9.999009.yaml"
    # line 2 is "code: '9.999002'": the value starts at column 7 and ends the line
    assert location["region"] == {"startLine": 2, "startColumn": 7, "endLine": 2, "endColumn": 17}
    rules = run["tool"]["driver"]["rules"]
    assert rules[error["ruleIndex"]]["id"] == "TT102"
    assert rules[error["ruleIndex"]]["shortDescription"]["text"] == (
        "File name does not match the code"
    )


def test_sarif_of_a_clean_catalog_is_valid_too(capsys: pytest.CaptureFixture[str]) -> None:
    code, out = validate(capsys, str(GOOD), "--format", "sarif")
    assert code == EXIT_OK
    log = json.loads(out)
    check_sarif(log)
    assert log["runs"][0]["results"] == []


def test_sarif_schema_check_can_fail() -> None:
    # the schema is strict enough to catch a broken log (the test above can fail)
    log = sarif_log([_finding()], "en", {})
    del log["runs"][0]["tool"]["driver"]["name"]
    log["runs"][0]["results"][0]["level"] = "fatal"
    with pytest.raises(AssertionError):
        check_sarif(log)


def _finding(path: str = "nowhere.yaml", message: str = "bad", line: int = 3) -> Finding:
    return Finding("TT101", Severity.ERROR, path, line, 5, Text(message, message))


def test_fingerprints_ignore_the_line_and_stay_unique_for_gitlab() -> None:
    moved = [_finding(line=3), _finding(line=9)]
    issues = gitlab_report(moved, "en")
    assert issues[0]["fingerprint"] != issues[1]["fingerprint"]
    assert issues[1]["fingerprint"].startswith(issues[0]["fingerprint"])
    again = gitlab_report([_finding(line=40)], "en")
    assert again[0]["fingerprint"] == issues[0]["fingerprint"]  # same finding, moved down


def test_gitlab_code_quality(
    tmp_path: Path, broken_catalog: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = validate(capsys, "catalog", "--format", "gitlab")
    assert code == EXIT_FINDINGS
    issues = json.loads(out)
    by_rule = {i["check_name"]: i for i in issues}
    assert by_rule["TT102"]["severity"] == "major" and by_rule["TT104"]["severity"] == "minor"
    assert by_rule["TT102"]["location"] == {
        "path": "catalog/procedures/9.999009.yaml",
        "lines": {"begin": 2, "end": 2},
    }
    for issue in issues:  # what GitLab requires of every issue
        assert set(issue) >= {"description", "check_name", "fingerprint", "severity", "location"}
        assert issue["severity"] in {"info", "minor", "major", "critical", "blocker"}
    assert len({i["fingerprint"] for i in issues}) == len(issues)


def test_junit_one_case_per_file_a_failure_per_error(
    tmp_path: Path, broken_catalog: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = validate(capsys, "catalog", "--format", "junit")
    assert code == EXIT_FINDINGS
    suite = ET.fromstring(out).find("testsuite")
    assert suite is not None
    cases = {c.get("name"): c for c in suite.findall("testcase")}
    assert set(cases) == {
        "catalog/procedures/9.999001.yaml",
        "catalog/procedures/9.999003.yaml",
        "catalog/procedures/9.999009.yaml",
    }
    assert suite.get("tests") == "3" and suite.get("failures") == "1"
    failures = cases["catalog/procedures/9.999009.yaml"].findall("failure")
    assert [f.get("type") for f in failures] == ["TT102"]
    out_text = cases["catalog/procedures/9.999009.yaml"].findtext("system-out") or ""
    assert "TT104 (warning)" in out_text
    assert list(cases["catalog/procedures/9.999001.yaml"]) == []


def test_junit_holds_any_text_as_well_formed_xml() -> None:
    hostile = 'a<b>&"\x00\x1b\ud800 end'
    xml = junit_xml([_finding(path='x"<.yaml', message=hostile)], [], "en")
    failure = ET.fromstring(xml).find("testsuite/testcase/failure")
    assert failure is not None
    assert 'a<b>&"\ufffd\ufffd\ufffd end' in (failure.text or "")


def test_github_step_summary(
    tmp_path: Path,
    broken_catalog: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n", encoding="utf-8")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    code, out = validate(capsys, "catalog", "--format", "github")
    assert code == EXIT_FINDINGS
    assert out.count("\n") == 2  # the annotations alone on standard output
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("earlier step\n### tthc validate\n\n3 procedures, 1 error, 1 warning\n")
    assert "| `catalog/procedures/9.999009.yaml:2:7` | TT102 | error | file is named" in text
    validate(capsys, "catalog", "--format", "github", "--lang", "vi")
    assert "| Nơi | Mã | Mức | Nội dung |" in summary.read_text(encoding="utf-8")


def test_line_ends_of_a_missing_file_or_line() -> None:
    ends = LineEnds()
    assert ends.end(_finding(path="missing.yaml")) == (3, 6)
    assert ends.end(_finding(path=".")) == (3, 6)  # a folder
