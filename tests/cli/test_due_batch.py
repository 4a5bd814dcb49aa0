"""``tthc due --batch``: JSON lines in and out, in order, with per-line errors; and every
command's ``--format json`` reporting its own errors as JSON."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tthc.cli import main

ROOT = Path(__file__).resolve().parents[2]
CATALOG = ROOT / "catalog"
TTHC = Path(sys.executable).parent / "tthc"

GOOD = {"received_at": "2026-11-26 10:00", "time": "3 ngày làm việc"}


def batch(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    lines: list[str],
    *args: str,
) -> tuple[int, list[dict[str, Any]]]:
    data = ("\n".join(lines) + "\n").encode("utf-8")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    code = main(["due", "--batch", "-", "--lang", "en", *args])
    out = capsys.readouterr().out
    return code, [json.loads(line) for line in out.splitlines()]


def test_one_answer_per_line_in_order_as_due_format_json(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    other = {**GOOD, "received_at": "2026-02-13 16:00", "pauses": [{"start": "2026-02-24 09:00"}]}
    code, answers = batch(capsys, monkeypatch, [json.dumps(GOOD), json.dumps(other)])
    assert code == 0
    main(
        [
            "due",
            "--received",
            "2026-11-26 10:00",
            "--time",
            "3 ngày làm việc",
            "--format",
            "json",
            "--lang",
            "en",
        ]
    )
    alone = json.loads(capsys.readouterr().out)
    assert answers[0] == alone
    assert answers[1]["paused"] is True


def test_a_bad_line_gives_its_error_and_the_others_still_come_out(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    lines = [
        json.dumps(GOOD),
        "not json",
        "",  # skipped
        json.dumps({"received_at": "2026-11-26 10:00"}),
        json.dumps({**GOOD, "received_at": "2099-01-01 10:00"}),
        json.dumps({**GOOD, "pauses": [{"start": "2026-11-27 09:00", "end": "later"}]}),
        json.dumps({"received_at": "2026-11-26 10:00", "procedure": "1.012644"}),
        json.dumps(GOOD),
    ]
    code, answers = batch(capsys, monkeypatch, lines, "--catalog", str(CATALOG))
    assert code == 1
    assert len(answers) == 7
    assert answers[0]["due_at"] == answers[-1]["due_at"] == "2026-12-01T17:00:00+07:00"
    errors = {a["line"]: a["error"] for a in answers if "error" in a}
    assert sorted(errors) == [2, 4, 5, 6]
    assert errors[2]["code"] == "json" and errors[2]["input"] == "not json"
    assert errors[4]["path"] == "$"
    assert "exactly one of time, duration and procedure" in errors[4]["message"]
    assert errors[5]["path"] == "$.received_at"
    assert "outside the working calendar" in errors[5]["message"]
    assert errors[6]["path"] == "$.pauses[0].end"
    assert answers[5]["procedure"] == "1.012644" and answers[5]["steps"]


def test_a_procedure_without_a_catalog_is_an_error_of_its_line(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, answers = batch(
        capsys,
        monkeypatch,
        [json.dumps({"received_at": "2026-11-26 10:00", "procedure": "1.012644"})],
    )
    assert code == 1
    assert answers[0]["error"]["code"] == "no_catalog"


def test_an_overlong_line_is_refused_alone(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, answers = batch(capsys, monkeypatch, ["x" * 100_000, json.dumps(GOOD)])
    assert code == 1
    assert answers[0]["error"]["code"] == "line_too_long"
    assert answers[1]["due_at"] == "2026-12-01T17:00:00+07:00"


def test_a_file_and_io_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "dossiers.jsonl"
    source.write_text(json.dumps(GOOD) + "\n", encoding="utf-8")
    assert main(["due", "--batch", str(source)]) == 0
    assert json.loads(capsys.readouterr().out)["due_at"] == "2026-12-01T17:00:00+07:00"
    assert main(["due", "--batch", str(tmp_path / "missing.jsonl"), "--lang", "en"]) == 2
    out, err = capsys.readouterr()
    assert json.loads(out)["error"]["code"] == "io"
    assert "missing.jsonl" in err


def test_batch_and_a_single_dossier_do_not_mix(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["due", "--batch", "-", "--received", "2026-11-26 10:00"]) == 2
    assert "error" in json.loads(capsys.readouterr().out)


def test_end_to_end_through_a_pipe(tmp_path: Path) -> None:
    lines = "".join(
        json.dumps({**GOOD, "received_at": f"2026-11-{day:02d} 10:00"}) + "\n"
        for day in range(1, 29)
    )
    done = subprocess.run(
        [str(TTHC), "due", "--batch"], input=lines.encode(), capture_output=True, check=False
    )
    assert done.returncode == 0, done.stderr
    answers = [json.loads(line) for line in done.stdout.splitlines()]
    assert [a["received_at"][:10] for a in answers] == [f"2026-11-{d:02d}" for d in range(1, 29)]


# -- every command's --format json reports its own errors as JSON ---------------------------


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["due", "--received", "soon", "--time", "3 ngày", "--format", "json"], "deadline"),
        (
            ["due", "--received", "2026-11-26 10:00", "--time", "ba ngày", "--format", "json"],
            "duration",
        ),
        (["calendar", "20x6", "--format", "json"], "calendar"),
        (["validate", "no/such/folder", "--format", "json"], "catalog"),
        (["plugins", "--province", "atlantis", "--format", "json"], "config"),
        (["due", "--format", "json", "--bogus"], "usage"),
        (["reduction", "no/such/folder", "--format=json"], "catalog"),
    ],
)
def test_json_errors(capsys: pytest.CaptureFixture[str], args: list[str], code: str) -> None:
    try:
        status = main([*args, "--lang", "en"])
    except SystemExit as exc:  # argparse's own errors
        status = int(exc.code or 0)
    out, err = capsys.readouterr()
    assert status == 2
    error = json.loads(out)["error"]
    assert error["code"] == code
    assert error["message"] and error["message"] in err
    assert error["input"][: len(args)] == args


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    bodies=st.lists(
        st.fixed_dictionaries(
            {
                "received_at": st.datetimes(
                    min_value=datetime(2026, 1, 1), max_value=datetime(2026, 12, 20)
                ).map(lambda d: d.isoformat(sep=" ", timespec="minutes")),
            }
        ).flatmap(
            lambda base: st.sampled_from(
                [
                    {"time": "3 ngày làm việc"},
                    {"time": "15 ngày"},
                    {"time": "trong ngày"},
                    {"duration": {"value": "4", "unit": "working_hours"}},
                    {"duration": {"value": "30", "unit": "clock_hours"}},
                    {"duration": {"value": "1", "unit": "months"}},
                    {"procedure": "1.008504", "channel": "online"},
                    {"procedure": "1.012644"},
                    {"procedure": "nope"},
                ]
            ).map(lambda ask: {**base, **ask})
        ),
        min_size=1,
        max_size=60,
    ),
    broken=st.lists(st.integers(0, 59), max_size=3),
)
def test_batch_lines_are_the_librarys(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    bodies: list[dict[str, Any]],
    broken: list[int],
) -> None:
    from tthc.catalog import load_catalog
    from tthc.dossierjson import DossierError, DossierRequest, evaluate
    from tthc.rules import Rules

    lines = [json.dumps(body, ensure_ascii=False) for body in bodies]
    for number in broken:  # not JSON, or an unknown field: an error line, the others still out
        if number < len(lines):
            lines[number] = lines[number][:-1] if number % 2 else lines[number][:-1] + ', "x": 1}'
    code, answers = batch(capsys, monkeypatch, lines, "--catalog", str(CATALOG))
    rules, catalog = Rules.national(), load_catalog(CATALOG)
    failed = False
    assert len(answers) == len(lines)
    for number, (line, answer) in enumerate(zip(lines, answers, strict=True), start=1):
        try:
            request = DossierRequest.model_validate_json(line)
        except ValueError:
            failed = True
            assert answer["line"] == number and answer["error"]["input"] == line[:200]
            continue
        try:
            expected: Any = evaluate(rules, catalog, request, "en")
        except DossierError as exc:
            failed = True
            expected = {
                "line": number,
                "error": {
                    "code": exc.code,
                    "message": exc.text("en"),
                    "input": line,
                    "path": exc.path,
                },
            }
        assert answer == expected
    assert code == (1 if failed else 0)
