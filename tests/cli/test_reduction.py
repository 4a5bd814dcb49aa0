"""``tthc reduction``: formats, options, exit codes, bad input."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest

from tthc.cli import main

# Synthetic procedures (9.999xxx codes are not real); their times copy published rows:
# 9.999001 follows 2.002285 of Hải Phòng 3508/QĐ-UBND (03 -> 2,5 ngày làm việc),
# 9.999002 follows 1.116487 of Hải Phòng 3523/QĐ-UBND (15 -> 7,5 ngày làm việc).
PROCEDURES = {
    "9.999001": """
code: '9.999001'
name: Synthetic road transport
field: duong-bo
levels: [province]
agencies: [so-xay-dung]
annual_volume: 100
processing_time:
- time: {value: 3, unit: working_days}
  committed: {value: 2.5, unit: working_days}
""",
    "9.999002": """
code: '9.999002'
name: Synthetic press licence
field: bao-chi
levels: [province, commune]
agencies: [so-van-hoa]
annual_volume: 300
processing_time:
- time: {value: 15, unit: working_days}
  committed: {value: 7.5, unit: working_days}
""",
    "9.999003": """
code: '9.999003'
name: Synthetic months
field: bao-chi
levels: [province]
processing_time:
- name: A
  time: {value: 6, unit: months}
  committed: {value: 100, unit: working_days}
""",
}


@pytest.fixture
def catalog(tmp_path: Path) -> Path:
    folder = tmp_path / "catalog" / "procedures"
    folder.mkdir(parents=True)
    for code, text in PROCEDURES.items():
        (folder / f"{code}.yaml").write_text(text.lstrip(), encoding="utf-8")
    return tmp_path / "catalog"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["reduction", *args])
    out, err = capsys.readouterr()
    return code, out, err


def as_json(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict[str, Any]]:
    code, out, err = run(capsys, *args, "--format", "json")
    assert err == ""
    return code, json.loads(out)


def test_json_rows_and_summary(capsys: pytest.CaptureFixture[str], catalog: Path) -> None:
    code, data = as_json(capsys, str(catalog), "--year", "2026")
    assert code == 1  # 9.999001 misses 50%
    rows = {r["code"]: r for r in data["procedures"]}
    r1 = rows["9.999001"]
    assert r1["case"] is None
    assert (
        r1["legal"] == {"value": "3", "unit": "working_days", "text": "3 working days"}
        or r1["legal"]["value"] == "3"
    )
    assert r1["committed"]["value"] == "2.5"
    assert r1["reduction_percent"] == "16.67"
    assert r1["target_percent"] == "50"
    assert r1["meets_target"] is False
    assert r1["suggestion"]["committed"]["value"] == "1"
    r2 = rows["9.999002"]
    assert (r2["reduction_percent"], r2["meets_target"], r2["suggestion"]) == ("50.00", True, None)
    r3 = rows["9.999003"]
    assert r3["meets_target"] is None and r3["status"] == "not_comparable"
    assert r3["reason"] in (
        "a month has no fixed number of working days",
        "một tháng không có số ngày làm việc cố định",
    )
    summary = data["summary"]
    assert (summary["procedures"], summary["met"], summary["missed"]) == (3, 1, 1)
    assert summary["target_percent"] == "50" and summary["target_baseline_year"] == 2024
    assert summary["volume"] == 400 and summary["share_met_weighted"] == "75.00"
    assert summary["by"]["field"]["bao-chi"]["procedures"] == 2
    assert summary["by"]["level"]["commune"]["met"] == 1


def test_year_2025_and_target_override(capsys: pytest.CaptureFixture[str], catalog: Path) -> None:
    _, data = as_json(capsys, str(catalog), "--year", "2025", "--lang", "en")
    assert data["summary"]["target_percent"] == "30"
    assert data["procedures"][0]["target_source"] == "Resolution 66/NQ-CP (2025)"
    code, data = as_json(capsys, str(catalog), "--target", "15%", "--year", "2026")
    assert code == 0 and data["summary"]["met"] == 2
    assert data["procedures"][0]["target_percent"] == "15"


def test_rounding_option(capsys: pytest.CaptureFixture[str], catalog: Path) -> None:
    # 3 working days at 40%: at most 14.4 working hours
    expected = {"day": ("1", "working_days"), "half_day": ("1.5", "working_days")}
    expected["hour"] = ("14", "working_hours")
    for rounding, (value, unit) in expected.items():
        _, data = as_json(capsys, str(catalog), "--target", "40%", "--rounding", rounding)
        suggestion = data["procedures"][0]["suggestion"]
        assert (suggestion["committed"]["value"], suggestion["committed"]["unit"]) == (value, unit)
        assert suggestion["rounding"] == rounding


def test_volumes_file(capsys: pytest.CaptureFixture[str], catalog: Path, tmp_path: Path) -> None:
    volumes = tmp_path / "volumes.csv"
    volumes.write_text("code,annual_volume\n9.999001,900\n", encoding="utf-8")
    _, data = as_json(capsys, str(catalog), "--year", "2026", "--volumes", str(volumes))
    assert data["summary"]["volume"] == 1200 and data["summary"]["share_met_weighted"] == "25.00"


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_volumes_file_checked_against_the_catalog(
    capsys: pytest.CaptureFixture[str], catalog: Path, tmp_path: Path, lang: str
) -> None:
    # A repeated code, and one with a decimal comma as a spreadsheet writes a number, would
    # silently skew the weighted figures
    volumes = tmp_path / "volumes.csv"
    volumes.write_text(
        "code;annual_volume\n9.999001;1200\n9.999001;5\n9,999002;7\n", encoding="utf-8"
    )
    code, out, err = run(capsys, str(catalog), "--volumes", str(volumes), "--lang", lang)
    assert (code, out) == (2, "")
    expected = {
        "en": (
            "row 3: code '9.999001' repeats row 2 (1200 on row 2, 5 on row 3)",
            "row 4: procedure code '9,999002' is not in the catalog; did you mean '9.999002'?",
        ),
        "vi": (
            "dòng 3: mã '9.999001' trùng với dòng 2 (dòng 2 ghi 1200, dòng 3 ghi 5)",
            "dòng 4: mã thủ tục '9,999002' không có trong danh mục; có phải '9.999002'?",
        ),
    }
    for part in expected[lang]:
        assert part in err
    assert "Traceback" not in err


def test_output_file(capsys: pytest.CaptureFixture[str], catalog: Path, tmp_path: Path) -> None:
    output = tmp_path / "reduction.md"
    output.write_text("previous report\n", encoding="utf-8")
    args = (str(catalog), "--year", "2026", "--format", "markdown")
    code, out, err = run(capsys, *args, "-o", str(output))
    assert (code, out, err) == (1, "", "")  # the exit code still says a target is missed
    _, printed, _ = run(capsys, *args)
    assert output.read_text(encoding="utf-8") == printed
    assert list(tmp_path.glob(".reduction.md.*")) == []


@pytest.mark.parametrize(
    ("lang", "expected"), [("en", "row 2: invalid annual volume"), ("vi", "dòng 2: số hồ sơ")]
)
def test_output_untouched_on_an_input_error(
    capsys: pytest.CaptureFixture[str], catalog: Path, tmp_path: Path, lang: str, expected: str
) -> None:
    volumes = tmp_path / "volumes.csv"
    volumes.write_text("code,annual_volume\n9.999001,many\n", encoding="utf-8")
    output = tmp_path / "reduction.json"
    output.write_text("previous report\n", encoding="utf-8")
    code, out, err = run(
        capsys, str(catalog), "--volumes", str(volumes), "--output", str(output), "--lang", lang
    )
    assert (code, out) == (2, "") and expected in err
    assert output.read_text(encoding="utf-8") == "previous report\n"
    assert list(tmp_path.glob(".reduction.json.*")) == []


@pytest.mark.parametrize(("lang", "expected"), [("en", "cannot write"), ("vi", "không ghi được")])
def test_output_that_cannot_be_written(
    capsys: pytest.CaptureFixture[str], catalog: Path, tmp_path: Path, lang: str, expected: str
) -> None:
    folder = tmp_path / "reports"
    folder.mkdir()
    missing = tmp_path / "no-such-folder" / "reduction.csv"
    for target in (folder, missing):
        code, out, err = run(capsys, str(catalog), "-o", str(target), "--lang", lang)
        assert (code, out) == (2, "")
        assert err.startswith(f"tthc: {target}: {expected} (")
    assert list(tmp_path.glob(".reports.*")) == []  # the temporary file is removed
    assert not missing.parent.exists()


def test_text_in_both_languages(capsys: pytest.CaptureFixture[str], catalog: Path) -> None:
    code, out, _ = run(capsys, str(catalog), "--year", "2026", "--lang", "en")
    assert code == 1
    assert "9.999001: 3 working days -> 2.5 working days, 16.67% / 50.00%: missed" in out
    assert "suggest 1 working day" in out
    assert "3 procedures, 1 met, 1 missed, 1 not comparable" in out
    _, out, _ = run(capsys, str(catalog), "--year", "2026", "--lang", "vi")
    assert "3 ngày làm việc -> 2,5 ngày làm việc, 16,67% / 50,00%: chưa đạt" in out
    assert "đề xuất 1 ngày làm việc" in out


def one_procedure(folder: Path, committed_hours: str) -> Path:
    """A catalog of one synthetic procedure (9.999021 is not real): 1 working day, cut to
    ``committed_hours`` working hours."""
    procedures = folder / "procedures"
    procedures.mkdir(parents=True)
    (procedures / "9.999021.yaml").write_text(
        "code: '9.999021'\nname: Synthetic\nfield: bao-chi\nlevels: [province]\n"
        "processing_time:\n- time: {value: 1, unit: working_days}\n"
        f"  committed: {{value: {committed_hours}, unit: working_hours}}\n",
        encoding="utf-8",
    )
    return folder


@pytest.mark.parametrize(
    ("committed", "saved", "vi", "en"),
    [
        ("7", "1", "cắt giảm 1 giờ làm việc", "1 working hour saved"),
        ("7.5", "0.5", "cắt giảm 0,5 giờ làm việc", "0.5 working hours saved"),
    ],
)
def test_summary_counts_in_singular_and_the_decimal_mark_of_the_language(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    committed: str,
    saved: str,
    vi: str,
    en: str,
) -> None:
    catalog = one_procedure(tmp_path / "catalog", committed)
    _, out, _ = run(capsys, str(catalog), "--year", "2025", "--lang", "en")
    assert out.endswith(
        "target 30.00%: 1 procedure, 0 met, 1 missed, 0 not comparable; "
        f"0.00% met of all, 0.00% of the 1 comparable; {en} (net, over 1 case in working time)\n"
    )
    _, out, _ = run(capsys, str(catalog), "--year", "2025", "--lang", "vi")
    assert out.endswith(
        "mục tiêu 30,00%: 1 thủ tục, 0 đạt, 1 chưa đạt, 0 không so sánh được; "
        f"tỷ lệ đạt 0,00% trên tổng số, 0,00% trong 1 thủ tục so sánh được; {vi} "
        "(ròng, ở 1 trường hợp tính bằng ngày hoặc giờ làm việc)\n"
    )
    _, out, _ = run(capsys, str(catalog), "--year", "2025", "--lang", "vi", "--format", "markdown")
    assert f"| 1 | 0 | 1 | 0 | 0,00 | 0,00 | {saved.replace('.', ',')} |" in out
    _, out, _ = run(capsys, str(catalog), "--year", "2025", "--lang", "en", "--format", "markdown")
    assert f"| 1 | 0 | 1 | 0 | 0.00 | 0.00 | {saved} |" in out
    _, data = as_json(capsys, str(catalog), "--year", "2025", "--lang", "vi")
    assert data["summary"]["hours_saved"] == saved  # JSON keeps the point


def test_markdown(capsys: pytest.CaptureFixture[str], catalog: Path) -> None:
    _, out, _ = run(capsys, str(catalog), "--year", "2026", "--format", "markdown", "--lang", "vi")
    assert "| Mã TTHC | Tên thủ tục | Trường hợp | Thời hạn theo quy định | Mốc so sánh |" in out
    assert (
        "| 9.999002 | Synthetic press licence |  | 15 ngày làm việc | 15 ngày làm việc "
        "| 7,5 ngày làm việc | 50,00 |" in out
    )
    assert "### Theo lĩnh vực" in out and "### Theo cấp thực hiện" in out
    _, out, _ = run(capsys, str(catalog), "--year", "2026", "--format", "markdown", "--lang", "en")
    assert "| Code | Procedure | Case | Legal time | Reference | Committed time |" in out
    assert "### By agency" in out


def test_csv(capsys: pytest.CaptureFixture[str], catalog: Path) -> None:
    _, out, _ = run(capsys, str(catalog), "--year", "2026", "--format", "csv", "--lang", "en")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["code"] for r in rows] == ["9.999001", "9.999002", "9.999003"]
    assert rows[0]["reduction_percent"] == "16.67" and rows[0]["meets_target"] == "false"
    assert rows[2]["meets_target"] == "" and rows[2]["status"] == "not_comparable"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--target", "abc"], "Invalid percentage: 'abc'"),
        (["--target", "120%"], "Invalid percentage: '120%'"),
        (["--volumes", "missing.csv"], "missing.csv: cannot read"),
    ],
)
def test_bad_input_exits_2(
    capsys: pytest.CaptureFixture[str], catalog: Path, args: list[str], message: str
) -> None:
    code, out, err = run(capsys, str(catalog), *args, "--lang", "en")
    assert code == 2 and out == ""
    assert message in err and "Traceback" not in err


@pytest.mark.parametrize(
    ("given", "percent"),
    [
        ("30%", "30"),
        ("30", "30"),
        ("30 %", "30"),
        ("30,5%", "30.5"),  # the Vietnamese decimal comma
        ("30,5", "30.5"),
        ("12.5", "12.5"),
        ("0,3%", "0.3"),  # with the sign, a small percentage is what it says
        ("1", "1"),
        ("0", "0"),
        ("100%", "100"),
    ],
)
def test_target_is_read_as_a_percentage(
    capsys: pytest.CaptureFixture[str], catalog: Path, given: str, percent: str
) -> None:
    _, data = as_json(capsys, str(catalog), "--year", "2026", "--target", given)
    assert data["summary"]["target_percent"] == percent


@pytest.mark.parametrize(
    ("given", "vi", "en"),
    [
        (
            "0,3",
            "--target: '0,3' không rõ nghĩa: 0,3% hay 30% (phân số 0,3)? "
            "Hãy ghi kèm dấu %: 30% hoặc 0,3%",
            "--target: '0,3' is ambiguous: 0.3% or 30% (the fraction 0.3)? "
            "Write the percent sign: 30% or 0.3%",
        ),
        (
            "0.25",
            "--target: '0.25' không rõ nghĩa: 0,25% hay 25% (phân số 0,25)? "
            "Hãy ghi kèm dấu %: 25% hoặc 0,25%",
            "--target: '0.25' is ambiguous: 0.25% or 25% (the fraction 0.25)? "
            "Write the percent sign: 25% or 0.25%",
        ),
        (
            ",5",
            "--target: ',5' không rõ nghĩa: 0,5% hay 50% (phân số 0,5)? "
            "Hãy ghi kèm dấu %: 50% hoặc 0,5%",
            "--target: ',5' is ambiguous: 0.5% or 50% (the fraction 0.5)? "
            "Write the percent sign: 50% or 0.5%",
        ),
    ],
)
def test_a_fraction_below_1_without_a_percent_sign_is_refused(
    capsys: pytest.CaptureFixture[str], catalog: Path, given: str, vi: str, en: str
) -> None:
    # "--target 0,3" was read as 0.3%: a Vietnamese user with a decimal comma most likely
    # meant 30%. Neither reading is safe to guess, so the command asks.
    code, out, err = run(capsys, str(catalog), "--target", given, "--lang", "vi")
    assert (code, out, err) == (2, "", f"tthc: {vi}\n")
    code, out, err = run(capsys, str(catalog), "--target", given, "--lang", "en")
    assert (code, out, err) == (2, "", f"tthc: {en}\n")


def test_a_bad_target_names_the_option_in_both_languages(
    capsys: pytest.CaptureFixture[str], catalog: Path
) -> None:
    code, _, err = run(capsys, str(catalog), "--target", "30 phần trăm", "--lang", "vi")
    assert code == 2
    assert err == (
        "tthc: --target: Tỷ lệ phần trăm không hợp lệ: '30 phần trăm' "
        "(cần một số từ 0 đến 100, ví dụ 30%)\n"
    )
    code, _, err = run(capsys, str(catalog), "--target=-5%", "--lang", "en")
    assert err == (
        "tthc: --target: Invalid percentage: '-5%' (expected a number from 0 to 100, e.g. 30%)\n"
    )


def test_help_explains_how_the_target_is_read(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["reduction", "--help"])
    help_text = " ".join(capsys.readouterr().out.split())
    assert "30%, 30 or 30,5%" in help_text
    assert "a number below 1 needs the % sign" in help_text
    assert "số nhỏ hơn 1 phải có dấu %" in help_text


def test_missing_catalog_exits_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, str(tmp_path / "nope"), "--lang", "vi")
    assert code == 2 and "không có tệp hay thư mục này" in err


def test_bad_rounding_is_a_usage_error(capsys: pytest.CaptureFixture[str], catalog: Path) -> None:
    with pytest.raises(SystemExit) as info:
        main(["reduction", str(catalog), "--rounding", "week"])
    assert info.value.code == 2
    assert "invalid choice: 'week'" in capsys.readouterr().err


def test_volumes_file_that_is_not_utf8_exits_2(
    capsys: pytest.CaptureFixture[str], catalog: Path, tmp_path: Path
) -> None:
    # A spreadsheet exported in a legacy code page: a message, never a traceback.
    volumes = tmp_path / "volumes.csv"
    volumes.write_bytes(b"code,annual_volume\n9.999001,100\n# Qu\xe1ng Tr\xec\n")
    code, out, err = run(capsys, str(catalog), "--volumes", str(volumes), "--lang", "en")
    assert code == 2 and out == ""
    assert err == (
        f"tthc: {volumes}: row 3: byte 0xe1 is not valid UTF-8; save the file as UTF-8\n"
    )


def test_suggestions_are_publishable_times(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    # Synthetic procedures in working hours and calendar days (9.999xxx codes are not real):
    # the suggestion is in whole hours or days, or says plainly that none meets the target.
    folder = tmp_path / "procedures"
    folder.mkdir()
    for code, value, unit in [
        ("9.999011", 24, "working_hours"),
        ("9.999012", 1, "working_hours"),
        ("9.999013", 1, "calendar_days"),
    ]:
        (folder / f"{code}.yaml").write_text(
            f"code: '{code}'\nname: Synthetic\nfield: bao-chi\nlevels: [province]\n"
            f"processing_time:\n- time: {{value: {value}, unit: {unit}}}\n",
            encoding="utf-8",
        )
    code, out, _ = run(capsys, str(tmp_path), "--year", "2026", "--lang", "en")
    assert code == 1
    lines = out.splitlines()
    assert lines[0].endswith("suggest 12 working hours")  # not 8: hours stay whole hours
    assert lines[1].endswith(
        "Target 50% cannot be met in whole working hours: cutting '1 working hour' by 50% "
        "leaves less than 1 working hour"
    )
    assert lines[2].endswith(
        "Target 50% cannot be met in whole calendar days: cutting '1 calendar day' by 50% "
        "leaves less than 1 calendar day"
    )
    assert "0.5" not in out


def test_markdown_names_fields_agencies_and_levels(
    capsys: pytest.CaptureFixture[str], catalog: Path
) -> None:
    # Synthetic registries for the synthetic procedures: Markdown is ready to paste, so it
    # names groups as the catalog publishes them; JSON keeps the ids.
    (catalog / "fields.yaml").write_text(
        "- {id: duong-bo, name: Đường bộ}\n- {id: bao-chi, name: Báo chí}\n", encoding="utf-8"
    )
    (catalog / "agencies.yaml").write_text(
        "- {id: so-xay-dung, name: Sở Xây dựng}\n- {id: so-van-hoa, name: Sở Văn hóa}\n",
        encoding="utf-8",
    )
    _, out, _ = run(capsys, str(catalog), "--year", "2026", "--format", "markdown", "--lang", "vi")
    assert "| Đường bộ | 1 | 0 | 1 | 0 |" in out and "| Báo chí | 2 |" in out
    assert "| Sở Xây dựng | 1 |" in out and "| Cấp tỉnh | 3 |" in out and "| Cấp xã | 1 |" in out
    assert "| duong-bo |" not in out and "| so-xay-dung |" not in out and "| province |" not in out
    _, out, _ = run(capsys, str(catalog), "--year", "2026", "--format", "markdown", "--lang", "en")
    assert "| Province | 3 |" in out and "| Đường bộ | 1 |" in out
    _, data = as_json(capsys, str(catalog), "--year", "2026")
    assert set(data["summary"]["by"]["field"]) == {"duong-bo", "bao-chi"}


@pytest.mark.parametrize("year", ["1800", "99999"])
def test_year_outside_the_calendar_exits_2(
    capsys: pytest.CaptureFixture[str], catalog: Path, year: str
) -> None:
    code, out, err = run(capsys, str(catalog), "--year", year, "--lang", "en")
    assert code == 2 and out == ""
    assert err.startswith(f"tthc: Invalid target year: {year} (expected 1995 to ")
    code, out, err = run(capsys, str(catalog), "--year", year, "--lang", "vi")
    assert code == 2 and out == ""
    assert err.startswith(f"tthc: Năm áp dụng mục tiêu không hợp lệ: {year} (cần từ 1995 đến ")


# Synthetic procedures for the review fixes (9.99xxxx codes are not real; no legal basis).
REVIEW = {
    "9.990001": """
code: '9.990001'
name: Synthetic with a 2024 time
field: duong-bo
levels: [province]
agencies: [so-xay-dung]
processing_time:
- time: {value: 8, unit: working_days}
  committed: {value: 6, unit: working_days}
  baseline: {value: 12, unit: working_days}
""",
    "9.990002": """
code: '9.990002'
name: Synthetic committed text only
field: duong-bo
levels: [commune]
agencies: [so-xay-dung]
processing_time:
- time: {value: 10, unit: working_days}
  committed_text: 05 ngày làm việc
""",
    "9.990003": """
code: '9.990003'
name: Synthetic same day
field: bao-chi
levels: [central, province]
agencies: [so-van-hoa]
processing_time:
- time: {value: 0, unit: same_day}
  committed: {value: 0, unit: same_day}
""",
    "9.990004": """
code: '9.990004'
name: Synthetic calendar days
field: bao-chi
levels: [province]
agencies: [so-van-hoa]
processing_time:
- time: {value: 20, unit: calendar_days}
  committed: {value: 10, unit: calendar_days}
""",
    "9.990005": """
code: '9.990005'
name: Synthetic missed
field: duong-bo
levels: [province]
agencies: [so-xay-dung]
processing_time:
- time: {value: 10, unit: working_days}
  committed: {value: 8, unit: working_days}
""",
}


def review_catalog(folder: Path, codes: tuple[str, ...] = tuple(REVIEW)) -> Path:
    procedures = folder / "procedures"
    procedures.mkdir(parents=True)
    for code in codes:
        (procedures / f"{code}.yaml").write_text(REVIEW[code].lstrip(), encoding="utf-8")
    return folder


def test_baseline_reference_is_shown(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    # "8 -> 6 working days: 50%" looked wrong: the cut is from the 2024 time, 12 days
    catalog = review_catalog(tmp_path / "c", ("9.990001", "9.990005"))
    _, out, _ = run(capsys, str(catalog), "--year", "2026", "--lang", "en")
    assert out.splitlines()[0] == (
        "9.990001: 12 working days (2024 time; in force now 8 working days) -> 6 working days, "
        "50.00% / 50.00%: met"
    )
    _, out, _ = run(capsys, str(catalog), "--year", "2026", "--lang", "vi")
    assert out.splitlines()[0] == (
        "9.990001: 12 ngày làm việc (thời hạn năm 2024; hiện hành 8 ngày làm việc) -> "
        "6 ngày làm việc, 50,00% / 50,00%: đạt"
    )
    _, out, _ = run(capsys, str(catalog), "--year", "2026", "--lang", "en", "--format", "markdown")
    assert (
        "| 9.990001 | Synthetic with a 2024 time |  | 8 working days | 12 working days (2024) "
        "| 6 working days | 50.00 |" in out
    )
    assert "| 9.990005 | Synthetic missed |  | 10 working days | 10 working days | 8 working" in out
    _, out, _ = run(capsys, str(catalog), "--year", "2026", "--lang", "vi", "--format", "markdown")
    assert "| 8 ngày làm việc | 12 ngày làm việc (năm 2024) | 6 ngày làm việc | 50,00 |" in out
    _, out, _ = run(capsys, str(catalog), "--year", "2026", "--format", "csv")
    row = next(csv.DictReader(io.StringIO(out)))
    assert (row["reference"], row["reference_value"], row["reference_unit"]) == (
        "baseline",
        "12",
        "working_days",
    )
    assert (row["baseline_value"], row["legal_value"], row["committed_value"]) == ("12", "8", "6")


VI_66 = "Mục tiêu: 50,00%. Nguồn: Nghị quyết 66/NQ-CP (2025). Cắt giảm tính "
EN_66 = "Target: 50.00%. Source: Resolution 66/NQ-CP (2025). Cuts are measured "


@pytest.mark.parametrize(
    ("codes", "vi", "en"),
    [
        (
            ("9.990005",),
            VI_66 + "so với thời hạn theo quy định "
            "hiện hành: không trường hợp nào ghi thời hạn năm 2024.",
            EN_66 + "against the legal time in force: no case records its 2024 time.",
        ),
        (
            ("9.990001",),
            VI_66 + "so với thời hạn năm 2024, trường hợp nào cũng có ghi.",
            EN_66 + "against the 2024 time, which every case records.",
        ),
        (
            ("9.990001", "9.990005"),
            VI_66 + "so với thời hạn năm 2024 ở 1 "
            "trường hợp có ghi thời hạn đó; 1 trường hợp khác so với thời hạn theo quy định "
            "hiện hành.",
            EN_66 + "against the 2024 time for the 1 "
            "case that records it; the other 1 against the legal time in force.",
        ),
    ],
)
def test_heading_says_what_the_cuts_were_measured_against(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, codes: tuple[str, ...], vi: str, en: str
) -> None:
    catalog = review_catalog(tmp_path / "c", codes)
    for lang, expected in (("vi", vi), ("en", en)):
        _, out, _ = run(
            capsys, str(catalog), "--year", "2026", "--lang", lang, "--format", "markdown"
        )
        assert out.splitlines()[2] == expected
        assert "((" not in out and "(2025))" not in out
        _, out, _ = run(capsys, str(catalog), "--year", "2026", "--lang", lang)
        assert expected in out.splitlines()
    _, data = as_json(capsys, str(catalog), "--year", "2026")
    baseline = 1 if "9.990001" in codes else 0
    assert data["summary"]["cases_by_reference"] == {
        "baseline": baseline,
        "legal": len(codes) - baseline,
    }


def test_committed_text_only_is_not_a_zero_cut(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    catalog = review_catalog(tmp_path / "c", ("9.990002",))
    code, out, _ = run(capsys, str(catalog), "--year", "2025", "--lang", "en")
    assert code == 1  # a finding: the catalog must record the value
    assert out.splitlines()[0] == (
        "9.990002: 10 working days -> -, n/a / 30.00%: committed time not recorded as a value "
        "(committed_text '05 ngày làm việc' is given but committed is not: the text reads as "
        "5 working days, a cut of 50.00% from 10 working days; record committed: "
        "{value: 5, unit: working_days})"
    )
    assert "0 met, 0 missed, 0 not comparable, 1 committed time not recorded as a value" in out
    _, out, _ = run(capsys, str(catalog), "--year", "2025", "--lang", "vi")
    assert "-> -, không có / 30,00%: chưa ghi thời hạn cam kết dạng giá trị (committed_text" in out
    assert "hãy ghi committed: {value: 5, unit: working_days})" in out
    _, data = as_json(capsys, str(catalog), "--year", "2025")
    row = data["procedures"][0]
    assert (row["status"], row["meets_target"], row["reduction_percent"]) == (
        "committed_not_recorded",
        None,
        None,
    )
    assert (data["summary"]["missed"], data["summary"]["not_recorded"]) == (0, 1)


def test_shares_among_comparable_and_known_volumes(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    catalog = review_catalog(tmp_path / "c", ("9.990003", "9.990005"))
    _, out, _ = run(capsys, str(catalog), "--year", "2025", "--lang", "en")
    assert "9.990003: same day -> same day, n/a / 30.00%: not comparable" in out
    assert "-%" not in out
    assert "0.00% met of all, 0.00% of the 1 comparable" in out
    _, data = as_json(capsys, str(catalog), "--year", "2025")
    assert data["summary"]["hours_saved_weighted"] is None  # no volume known: not "0.00"
    assert data["summary"]["share_met_weighted"] is None
    volumes = tmp_path / "volumes.csv"
    volumes.write_text("code,annual_volume\n9.990005,40\n", encoding="utf-8")
    _, out, _ = run(capsys, str(catalog), "--year", "2025", "--volumes", str(volumes))
    assert "; 0.00% by dossier volume (1 of 2 procedures with a known volume)" in out
    _, out, _ = run(
        capsys, str(catalog), "--year", "2025", "--volumes", str(volumes), "--lang", "vi"
    )
    assert "; theo số hồ sơ 0,00% (1/2 thủ tục có số hồ sơ)" in out
    _, out, _ = run(
        capsys, str(catalog), "--year", "2025", "--volumes", str(volumes), "--format", "markdown"
    )
    assert "| Procedures with a known volume | Met, by dossier volume (%) |" in out
    assert "counts only the 1 of 2 procedures with a known annual volume" in out


def test_hours_saved_na_where_no_case_is_in_working_time(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    catalog = review_catalog(tmp_path / "c", ("9.990003", "9.990004", "9.990005"))
    _, out, _ = run(capsys, str(catalog), "--year", "2025", "--lang", "vi", "--format", "markdown")
    assert "| Lĩnh vực | Số thủ tục |" in out and "| Cấp thực hiện | Số thủ tục |" in out
    assert "| Cơ quan thực hiện | Số thủ tục |" in out and "| Nhóm |" not in out
    assert "Giờ làm việc cắt giảm (ròng)" in out
    assert "| bao-chi | 2 | 1 | 0 | 1 | 50,00 | 100,00 | không có |" in out
    assert "| duong-bo | 1 | 0 | 1 | 0 | 0,00 | 0,00 | 16 |" in out
    levels = [line.split(" | ")[0] for line in out.splitlines() if line.startswith("| Cấp ")]
    assert levels == ["| Cấp thực hiện", "| Cấp trung ương", "| Cấp tỉnh"]
    _, out, _ = run(capsys, str(catalog), "--year", "2025", "--lang", "en", "--format", "markdown")
    assert "| bao-chi | 2 | 1 | 0 | 1 | 50.00 | 100.00 | n/a |" in out
    assert "Working hours saved are net (a committed time longer than the reference" in out
    only_days = review_catalog(tmp_path / "d", ("9.990004",))
    _, out, _ = run(capsys, str(only_days), "--year", "2025", "--lang", "en")
    assert out.endswith("working hours saved: n/a (no case in working time)\n")


def test_csv_columns_and_excel(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    catalog = review_catalog(tmp_path / "c", ("9.990001", "9.990003"))
    _, out, _ = run(capsys, str(catalog), "--year", "2026", "--format", "csv", "--lang", "vi")
    rows = list(csv.DictReader(io.StringIO(out)))
    first = rows[0]
    assert (first["name"], first["field"], first["agencies"], first["levels"]) == (
        "Synthetic with a 2024 time",
        "duong-bo",
        "so-xay-dung",
        "province",
    )
    assert (first["legal"], first["legal_unit"]) == ("8 ngày làm việc", "working_days")
    assert rows[1]["levels"] == "central,province" and rows[1]["reduction_percent"] == ""
    _, out, err = run(capsys, str(catalog), "--year", "2026", "--excel")
    assert err == "" and out.startswith("\ufeffcode;name;case;field;")
    lines = out.lstrip("\ufeff").split("\r\n")
    excel = next(csv.DictReader(io.StringIO("\n".join(lines)), delimiter=";"))
    assert (excel["reduction_percent"], excel["target_percent"]) == ("50,00", "50")
    # a decimal value in a time gets a comma too
    catalog2 = one_procedure(tmp_path / "e", "7.5")
    _, out, _ = run(capsys, str(catalog2), "--year", "2025", "--excel")
    excel = next(csv.DictReader(io.StringIO(out.lstrip("\ufeff")), delimiter=";"))
    assert (excel["committed_value"], excel["reduction_percent"]) == ("7,5", "6,25")


@pytest.mark.parametrize(
    ("lang", "message"),
    [
        ("en", "tthc: --excel applies to the csv format only, not to --format markdown\n"),
        ("vi", "tthc: --excel chỉ dùng cho định dạng csv, không dùng với --format markdown\n"),
    ],
)
def test_excel_with_another_format_exits_2(
    capsys: pytest.CaptureFixture[str], catalog: Path, lang: str, message: str
) -> None:
    code, out, err = run(capsys, str(catalog), "--excel", "--format", "markdown", "--lang", lang)
    assert (code, out, err) == (2, "", message)


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "en",
            "Target: 30.00%. Source: no national target before 2025; compared with the 2025 "
            "level of 30%. Cuts are measured against the legal time in force.",
        ),
        (
            "vi",
            "Mục tiêu: 30,00%. Nguồn: không có mục tiêu quốc gia trước năm 2025; so sánh với "
            "mức 30% của năm 2025. Cắt giảm tính so với thời hạn theo quy định hiện hành.",
        ),
    ],
)
def test_a_year_before_2025_is_not_credited_to_resolution_66(
    capsys: pytest.CaptureFixture[str], catalog: Path, lang: str, expected: str
) -> None:
    _, out, _ = run(capsys, str(catalog), "--year", "2019", "--lang", lang, "--format", "markdown")
    assert out.splitlines()[2] == expected
    assert "66/NQ-CP" not in out


def test_html_is_one_self_contained_page(
    capsys: pytest.CaptureFixture[str], catalog: Path, tmp_path: Path
) -> None:
    out = tmp_path / "r.html"
    code, stdout, err = run(
        capsys, str(catalog), "--year", "2026", "--lang", "vi", "--format", "html", "-o", str(out)
    )
    assert (code, stdout, err) == (1, "", "")
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and '<html lang="vi">' in page
    # nothing to fetch: no script, no link, no src=; the only URL is the SVG namespace
    assert "<script" not in page and "<link" not in page and "src=" not in page
    urls = set(re.findall(r"https?://[^\s\"'<>]+", page))
    assert urls == {"http://www.w3.org/2000/svg"}
    # two charts (average cut against the target, procedures met by field), as SVG
    assert page.count("<svg ") == 2 and 'role="img"' in page
    # Vietnamese numbers: 16,67 % cut for 9.999001 against 50,00
    assert "16,67" in page and "50,00" in page and "16.67" not in page
    assert "Synthetic road transport" in page


def test_xlsx_is_a_workbook_of_real_numbers(
    capsys: pytest.CaptureFixture[str], catalog: Path, tmp_path: Path
) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    out = tmp_path / "r.xlsx"
    code, _, err = run(
        capsys, str(catalog), "--year", "2026", "--lang", "en", "--format", "xlsx", "-o", str(out)
    )
    assert (code, err) == (1, "")
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == [
        "about",
        "overall",
        "cut_by_field",
        "field",
        "agency",
        "level",
        "cases",
    ]
    cases = book["cases"]
    head = [c.value for c in cases[1]]
    rows = {
        r[0]: dict(zip(head, r, strict=True)) for r in cases.iter_rows(min_row=2, values_only=True)
    }
    first = rows["9.999001"]
    assert first["Reduction from the reference (%)"] == pytest.approx(100 / 6)
    assert first["Target (%)"] == 50
    assert rows["9.999003"]["Reduction from the reference (%)"] is None
    overall = book["overall"]
    assert [c.value for c in overall[2]][:3] == [3, 1, 1]
    assert len(book["field"]._charts) == 1 and len(book["cut_by_field"]._charts) == 1


def test_xlsx_to_a_terminal_is_refused(
    capsys: pytest.CaptureFixture[str], catalog: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdout.isatty", lambda: True)
    code, out, err = run(capsys, str(catalog), "--lang", "en", "--format", "xlsx")
    assert code == 2 and out == ""
    assert "the xlsx format is a binary file: give --output FILE.xlsx" in err


def test_xlsx_to_a_pipe(catalog: Path, tmp_path: Path) -> None:
    import subprocess
    import sys

    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from tthc.cli import main; sys.exit(main())",
            "reduction",
            str(catalog),
            "--format",
            "xlsx",
        ],
        capture_output=True,
        check=False,
    )
    assert done.returncode == 1, done.stderr
    assert done.stdout[:2] == b"PK"  # a zip archive: the workbook


@pytest.mark.parametrize(
    ("content", "said"),
    [
        ('code,annual_volume\n9.999001,"' + "9" * 200_000 + '"\n', "a cell is longer than"),
        ("code,annual_volume\n9.999001," + "9" * 1_100_000 + "\n", "line 2 is longer than"),
        ("code,annual_volume\n9.999001,²\n", "invalid annual volume '²'"),
        ("code,annual_volume\n9.999001," + "9" * 5000 + "\n", "invalid annual volume '999"),
        ("x" * 5000 + "\n", "must be the header"),
    ],
)
def test_hostile_volumes_files_exit_2_with_a_short_message(
    capsys: pytest.CaptureFixture[str], catalog: Path, tmp_path: Path, content: str, said: str
) -> None:
    volumes = tmp_path / "volumes.csv"
    volumes.write_text(content, encoding="utf-8")
    code, _, err = run(capsys, str(catalog), "--year", "2026", "--volumes", str(volumes))
    assert code == 2 and said in err and "Traceback" not in err
    assert len(err) < 1000  # the offending value is quoted cut, never whole


@pytest.mark.parametrize("options", [["--format", "csv"], ["--excel"]])
def test_a_formula_in_a_procedure_name_or_case_is_neutralised(
    capsys: pytest.CaptureFixture[str], catalog: Path, options: list[str]
) -> None:
    # A name or case from a catalog that a spreadsheet would run (OWASP CSV injection): the
    # cell starts with an apostrophe, so it is shown as text and never evaluated.
    path = catalog / "procedures" / "9.999003.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("name: Synthetic months", "name: \"=cmd|' /C calc'!A0\"")
    path.write_text(text.replace("- name: A", "- name: '@SUM(1+1)'"), encoding="utf-8")
    code, out, _ = run(capsys, str(catalog), "--year", "2026", *options, "--lang", "en")
    assert code in (0, 1)
    delimiter = ";" if "--excel" in options else ","
    rows = list(csv.DictReader(io.StringIO(out.lstrip("\ufeff")), delimiter=delimiter))
    assert (rows[2]["name"], rows[2]["case"]) == ("'=cmd|' /C calc'!A0", "'@SUM(1+1)")
    for row in rows:
        for cell in row.values():
            assert cell[:1] not in ("=", "+", "@", "\t", "\r"), row
