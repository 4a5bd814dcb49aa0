"""``tthc report``: formats, period options, bad rows, --skip-bad, atomic output."""

from __future__ import annotations

import csv
import errno
import io
import json
import os
from datetime import datetime
from pathlib import Path

import pytest

from tthc.cli import main

# A synthetic procedure (9.999001 is not a real code): 3 working days.
PROCEDURE = """
code: '9.999001'
name: Synthetic procedure
field: thu-nghiem
levels: [province]
agencies: [co-quan-a]
processing_time:
- time: {value: 3, unit: working_days}
"""

# Received Thu 2026-11-26 10:00: due Tue 2026-12-01 17:00.
DOSSIERS = """dossier_id,procedure_code,received_at,finished_at
d1,9.999001,2026-11-26T10:00:00+07:00,2026-12-01T16:00:00+07:00
d2,9.999001,2026-11-26T10:00:00+07:00,2026-12-02T09:00:00+07:00
d3,9.999001,2026-11-26T10:00:00+07:00,2026-11-27T09:00:00+07:00
d4,9.999001,2026-11-26T10:00:00+07:00,
"""

BAD = DOSSIERS + "d5,9.999999,2026-11-26T10:00,\nd6,9.999001,yesterday,\n"


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path, Path]:
    folder = tmp_path / "catalog" / "procedures"
    folder.mkdir(parents=True)
    (folder / "9.999001.yaml").write_text(PROCEDURE.lstrip(), encoding="utf-8")
    good = tmp_path / "dossiers.csv"
    good.write_text(DOSSIERS, encoding="utf-8")
    bad = tmp_path / "bad.csv"
    bad.write_text(BAD, encoding="utf-8")
    return tmp_path / "catalog", good, bad


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["report", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_json(capsys: pytest.CaptureFixture[str], files: tuple[Path, Path, Path]) -> None:
    catalog, good, _ = files
    code, out, err = run(
        capsys, str(good), "--catalog", str(catalog), "--to", "2026-12-31", "--format", "json"
    )
    assert code == 0 and err == ""  # stderr is not a terminal: no progress counter
    data = json.loads(out)
    overall = data["overall"]
    assert (overall["early"], overall["on_time"], overall["late"], overall["overdue"]) == (
        1,
        1,
        1,
        1,
    )
    assert overall["on_time_rate"] == "50.00" and overall["late_rate"] == "50.00"
    assert data["engine"] == "fast"
    assert data["by_agency"]["co-quan-a"]["total"] == 4
    assert data["by_month"]["2026-11"]["early"] == 1


def test_period_options(capsys: pytest.CaptureFixture[str], files: tuple[Path, Path, Path]) -> None:
    catalog, good, _ = files
    _, out, _ = run(
        capsys,
        str(good),
        "--catalog",
        str(catalog),
        "--from",
        "2026-12-01",
        "--to",
        "2026-12-01",
        "--format",
        "json",
    )
    data = json.loads(out)
    # d3 finished before the period. d2 (finished after it) and d4 (never finished) were
    # still open at the end of 2026-12-01, and their due moment, 17:00 that day, had passed.
    assert data["excluded"] == 1
    overall = data["overall"]
    assert (overall["on_time"], overall["open"], overall["overdue"]) == (1, 0, 2)


def test_markdown_and_csv(
    capsys: pytest.CaptureFixture[str], files: tuple[Path, Path, Path]
) -> None:
    catalog, good, _ = files
    base = [str(good), "--catalog", str(catalog), "--to", "2026-12-31"]
    _, out, _ = run(capsys, *base, "--format", "markdown", "--lang", "vi")
    assert "## Báo cáo tình hình giải quyết hồ sơ thủ tục hành chính" in out
    assert "| Mã thủ tục | Tên thủ tục | Trường hợp | Tổng số |" in out
    _, out, _ = run(capsys, *base, "--format", "markdown", "--lang", "en")
    assert "| Code | Procedure | Case | Total | Early | On time |" in out
    _, out, _ = run(capsys, *base, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert rows[0]["group"] == "overall" and rows[0]["total"] == "4"
    assert rows[1]["key"] == "9.999001" and rows[1]["average_unit"] == "working_days"


def test_bad_rows_exit_2_and_write_nothing(
    capsys: pytest.CaptureFixture[str], files: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    catalog, _, bad = files
    output = tmp_path / "out.md"
    output.write_text("previous report\n", encoding="utf-8")
    code, out, err = run(
        capsys,
        str(bad),
        "--catalog",
        str(catalog),
        "--to",
        "2026-12-31",
        "--lang",
        "en",
        "--output",
        str(output),
    )
    assert code == 2 and out == ""
    assert "2 bad dossier rows (use --skip-bad to skip them)" in err
    assert "row 6: procedure code '9.999999' is not in the catalog" in err
    assert "row 7: received_at: invalid moment 'yesterday'" in err
    assert output.read_text(encoding="utf-8") == "previous report\n"
    assert list(tmp_path.glob(".out.md.*")) == []


def test_skip_bad(
    capsys: pytest.CaptureFixture[str], files: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    catalog, _, bad = files
    output = tmp_path / "out.json"
    code, out, _ = run(
        capsys,
        str(bad),
        "--catalog",
        str(catalog),
        "--to",
        "2026-12-31",
        "--skip-bad",
        "--format",
        "json",
        "--output",
        str(output),
        "--lang",
        "en",
    )
    assert code == 0 and out == ""
    data = json.loads(output.read_text(encoding="utf-8"))
    assert data["overall"]["total"] == 4
    assert [s["row"] for s in data["skipped"]] == [6, 7]
    _, out, _ = run(
        capsys,
        str(bad),
        "--catalog",
        str(catalog),
        "--to",
        "2026-12-31",
        "--skip-bad",
        "--lang",
        "en",
    )
    assert "Skipped 2 rows:" in out and "row 6: procedure code '9.999999'" in out


def test_progress_on_a_terminal(
    capsys: pytest.CaptureFixture[str],
    files: tuple[Path, Path, Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import sys

    catalog, good, _ = files
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    code, _, err = run(capsys, str(good), "--catalog", str(catalog), "--to", "2026-12-31")
    assert code == 0 and "\r4 hồ sơ / rows" in err
    one = good.parent / "one.csv"
    one.write_text("".join(DOSSIERS.splitlines(keepends=True)[:2]), encoding="utf-8")
    code, _, err = run(capsys, str(one), "--catalog", str(catalog), "--to", "2026-12-31")
    assert code == 0 and err == "\r1 hồ sơ / row\n"


def test_stdin(
    capsys: pytest.CaptureFixture[str],
    files: tuple[Path, Path, Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    catalog, _, _ = files
    monkeypatch.setattr("sys.stdin", io.StringIO(DOSSIERS))
    code, out, _ = run(capsys, "-", "--catalog", str(catalog), "--to", "2026-12-31", "--lang", "en")
    assert code == 0 and "Dossiers: 4" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--from", "2026-12-31", "--to", "2026-01-01"],
            "--from 2026-12-31 is after --to 2026-01-01",
        ),
        (["--catalog", "nowhere"], "nowhere: no such file or folder"),
    ],
)
def test_usage_errors(
    capsys: pytest.CaptureFixture[str],
    files: tuple[Path, Path, Path],
    args: list[str],
    message: str,
) -> None:
    catalog, good, _ = files
    base = [str(good)] if "--catalog" in args else [str(good), "--catalog", str(catalog)]
    code, out, err = run(capsys, *base, *args, "--lang", "en")
    assert code == 2 and out == "" and message in err


def test_missing_dossier_file(
    capsys: pytest.CaptureFixture[str], files: tuple[Path, Path, Path]
) -> None:
    catalog, good, _ = files
    code, _, err = run(
        capsys, str(good.parent / "none.csv"), "--catalog", str(catalog), "--lang", "en"
    )
    assert code == 2 and "none.csv: cannot read" in err


def test_bad_date_option(
    capsys: pytest.CaptureFixture[str], files: tuple[Path, Path, Path]
) -> None:
    catalog, good, _ = files
    with pytest.raises(SystemExit) as info:
        main(["report", str(good), "--catalog", str(catalog), "--to", "31/12/2026"])
    assert info.value.code == 2
    assert "invalid date '31/12/2026'" in capsys.readouterr().err


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_output_that_is_a_folder_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], files: tuple[Path, Path, Path], tmp_path: Path, lang: str
) -> None:
    catalog, good, _ = files
    folder = tmp_path / "reports"
    folder.mkdir()
    code, out, err = run(
        capsys, str(good), "--catalog", str(catalog), "--output", str(folder), "--lang", lang
    )
    expected = "cannot write" if lang == "en" else "không ghi được"
    assert code == 2 and out == ""
    assert err.startswith(f"tthc: {folder}: {expected} (")
    assert list(tmp_path.glob(".reports.*")) == []  # the temporary file is removed


@pytest.mark.parametrize(("lang", "expected"), [("en", "cannot write"), ("vi", "không ghi được")])
def test_output_in_a_missing_folder_is_a_usage_error(
    capsys: pytest.CaptureFixture[str],
    files: tuple[Path, Path, Path],
    tmp_path: Path,
    lang: str,
    expected: str,
) -> None:
    catalog, good, _ = files
    target = tmp_path / "no-such-folder" / "report.json"
    code, out, err = run(
        capsys, str(good), "--catalog", str(catalog), "--output", str(target), "--lang", lang
    )
    assert code == 2 and out == ""
    assert err == f"tthc: {target}: {expected} ({os.strerror(errno.ENOENT)})\n"
    assert not target.parent.exists()


def test_catalog_defaults_to_the_config(
    capsys: pytest.CaptureFixture[str],
    files: tuple[Path, Path, Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    catalog, good, _ = files
    monkeypatch.chdir(tmp_path)
    (tmp_path / "tthc.toml").write_text(f'catalog = "{catalog.name}"\n', encoding="utf-8")
    code, out, _ = run(capsys, str(good), "--to", "2026-12-31", "--lang", "en")
    assert code == 0 and "Dossiers: 4" in out
    (tmp_path / "tthc.toml").unlink()
    catalog.rename(tmp_path / "other")
    code, _, err = run(capsys, str(good), "--lang", "en")
    assert code == 2 and err == (
        "tthc: no catalog given and no catalog/ folder here: name the catalog "
        '(a PATH or --catalog), or set catalog = "..." in tthc.toml\n'
    )


def test_dossiers_that_are_not_utf8_exit_2(
    capsys: pytest.CaptureFixture[str], files: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    catalog, good, _ = files
    latin = tmp_path / "latin.csv"
    latin.write_bytes(good.read_bytes() + b"d9,9.999001,2026-11-26T10:00,,Qu\xe1ng\n")
    code, out, err = run(capsys, str(latin), "--catalog", str(catalog), "--lang", "vi")
    assert code == 2 and out == ""
    assert err == f"tthc: {latin}: dòng 6: byte 0xe1 không phải UTF-8; hãy lưu tệp dạng UTF-8\n"


def test_stdin_is_read_as_utf8_whatever_the_locale(
    capsys: pytest.CaptureFixture[str],
    files: tuple[Path, Path, Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A locale that decodes stdin leniently (surrogateescape) let bad bytes through as an
    # unknown procedure code; stdin is UTF-8 whatever the locale, and the row is named.
    catalog, good, _ = files
    data = good.read_bytes() + b"d9,9.999001,2026-11-26T10:00,,Qu\xe1ng\n"
    stdin = io.TextIOWrapper(io.BytesIO(data), encoding="ascii", errors="surrogateescape")
    stdin.buffer.name = "<stdin>"  # type: ignore[attr-defined]
    monkeypatch.setattr("sys.stdin", stdin)
    code, out, err = run(capsys, "-", "--catalog", str(catalog), "--lang", "en")
    assert code == 2 and out == ""
    assert err == "tthc: <stdin>: row 6: byte 0xe1 is not valid UTF-8; save the file as UTF-8\n"


def test_header_lacking_a_column_names_the_file(
    capsys: pytest.CaptureFixture[str], files: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    catalog, _, _ = files
    export = tmp_path / "export.csv"
    export.write_text("dossier_id,received_at\nd1,2026-11-26T10:00\n", encoding="utf-8")
    code, out, err = run(capsys, str(export), "--catalog", str(catalog), "--lang", "en")
    assert code == 2 and out == ""
    assert err == (
        f"tthc: {export}: the header row lacks the columns: procedure_code "
        "(found: dossier_id, received_at)\n"
    )


@pytest.mark.parametrize(
    "data",
    [b"", b"\xef\xbb\xbf", b"\r\n\r\n", b";;\r\n;;;\r\n"],
    ids=["0 bytes", "BOM only", "blank lines", "empty rows only"],
)
@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "en",
            "empty input: no header and no dossier row (only blank lines or rows of empty "
            "cells); for a period without dossiers, give a CSV with only its header row",
        ),
        (
            "vi",
            "đầu vào trống: không có dòng tiêu đề hay dòng hồ sơ nào (chỉ có dòng trống hoặc "
            "dòng chỉ gồm ô trống); kỳ không có hồ sơ nào thì ghi tệp CSV chỉ có dòng tiêu đề",
        ),
    ],
)
def test_an_empty_dossier_file_exits_2(
    capsys: pytest.CaptureFixture[str],
    files: tuple[Path, Path, Path],
    tmp_path: Path,
    data: bytes,
    lang: str,
    expected: str,
) -> None:
    catalog, _, _ = files
    empty = tmp_path / "empty.csv"
    empty.write_bytes(data)
    output = tmp_path / "out.txt"
    code, out, err = run(
        capsys, str(empty), "--catalog", str(catalog), "--lang", lang, "-o", str(output)
    )
    assert code == 2 and out == "" and not output.exists()
    assert err == f"tthc: {empty}: {expected}\n"


def test_empty_stdin_exits_2(
    capsys: pytest.CaptureFixture[str],
    files: tuple[Path, Path, Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    catalog, _, _ = files
    stdin = io.TextIOWrapper(io.BytesIO(b""), encoding="utf-8")
    stdin.buffer.name = "<stdin>"  # type: ignore[attr-defined]
    monkeypatch.setattr("sys.stdin", stdin)
    code, out, err = run(capsys, "-", "--catalog", str(catalog), "--lang", "en")
    assert code == 2 and out == ""
    assert err.startswith("tthc: <stdin>: empty input: no header and no dossier row")


def test_a_header_only_export_is_a_report_of_no_dossiers(
    capsys: pytest.CaptureFixture[str], files: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    catalog, _, _ = files
    export = tmp_path / "export.csv"
    export.write_bytes(b"dossier_id;procedure_code;received_at\r\n;;\r\n")
    code, out, err = run(
        capsys, str(export), "--catalog", str(catalog), "--to", "2026-10-31", "--lang", "en"
    )
    assert (code, err) == (0, "")
    assert "Dossiers: 0 (early 0, on time 0, late 0" in out
    assert "Early or on time: n/a; late: n/a" in out


def test_excel_csv_for_vietnamese_excel(
    capsys: pytest.CaptureFixture[str], files: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    catalog, good, _ = files
    base = [str(good), "--catalog", str(catalog), "--to", "2026-12-31"]
    output = tmp_path / "out.csv"
    code, out, err = run(capsys, *base, "--excel", "-o", str(output))
    assert (code, out, err) == (0, "", "")
    data = output.read_bytes()
    # a byte-order mark (else Excel breaks the diacritics), ";" and decimal commas
    assert data.startswith(b"\xef\xbb\xbfgroup;key;case;unit;early;on_time;")
    assert b"\r\noverall;;;;1;1;1;1;0;4;50,00;25,00;50,00;;;;\r\n" in data
    # the same report to standard output, and the plain CSV stays for programs
    code, out, _ = run(capsys, *base, "--excel")
    assert code == 0 and out.replace("\r\n", "\n") == data.decode("utf-8").replace("\r\n", "\n")
    code, out, _ = run(capsys, *base, "--format", "csv")
    assert out.startswith("group,key,case,unit,") and "overall,,,,1,1,1,1,0,4,50.00," in out


@pytest.mark.parametrize(
    ("lang", "message"),
    [
        ("en", "tthc: --excel applies to the csv format only, not to --format json\n"),
        ("vi", "tthc: --excel chỉ dùng cho định dạng csv, không dùng với --format json\n"),
    ],
)
def test_excel_with_another_format_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], files: tuple[Path, Path, Path], lang: str, message: str
) -> None:
    catalog, good, _ = files
    code, out, err = run(
        capsys, str(good), "--catalog", str(catalog), "--excel", "--format", "json", "--lang", lang
    )
    assert (code, err) == (2, message)
    assert json.loads(out)["error"]["message"] == message.removeprefix("tthc: ").rstrip()


def test_html_page_has_rates_by_month_agency_and_field(
    capsys: pytest.CaptureFixture[str], files: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    import re

    catalog, good, _ = files
    out = tmp_path / "r.html"
    code, stdout, err = run(
        capsys,
        str(good),
        "--catalog",
        str(catalog),
        "--to",
        "2026-12-31",
        "--lang",
        "vi",
        "--format",
        "html",
        "-o",
        str(out),
    )
    assert (code, stdout, err) == (0, "", "")
    page = out.read_text(encoding="utf-8")
    assert "<script" not in page and "<link" not in page
    assert set(re.findall(r"https?://[^\s\"'<>]+", page)) == {"http://www.w3.org/2000/svg"}
    assert page.count("<svg ") == 3  # by month, agency, field
    # d1 on time, d2 late, d3 early, d4 overdue at the end of the period: 4 rated
    assert "Kỳ báo cáo: … - 31/12/2026" in page
    assert '<th scope="row">11/2026</th>' in page
    assert "25,00" in page and "50,00" in page  # early 25 %, late 50 % (d2 and d4)


def test_xlsx_workbook_sheets_numbers_and_charts(
    capsys: pytest.CaptureFixture[str], files: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    catalog, good, _ = files
    out = tmp_path / "r.xlsx"
    code, _, err = run(
        capsys,
        str(good),
        "--catalog",
        str(catalog),
        "--to",
        "2026-12-31",
        "--lang",
        "en",
        "--format",
        "xlsx",
        "-o",
        str(out),
    )
    assert (code, err) == (0, "")
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["about", "overall", "month", "agency", "field", "procedures"]
    overall = book["overall"]
    head = [c.value for c in overall[1]]
    row = dict(zip(head, next(overall.iter_rows(min_row=2, values_only=True)), strict=True))
    assert row["Total"] == 4 and isinstance(row["Total"], int)
    assert (row["Early (%)"], row["On time (%)"], row["Late (%)"]) == (25, 25, 50)
    assert row["Early or on time (%)"] == 50
    # by month of finish (open dossiers in the month they are judged): d3 in November
    months = [r[:3] for r in book["month"].iter_rows(min_row=2, values_only=True)]
    assert months == [(datetime(2026, 11, 1), 1, 1), (datetime(2026, 12, 1), 3, 0)]
    assert book["month"]["A2"].number_format == "mm/yyyy"
    for name in ("month", "agency", "field"):
        (chart,) = book[name]._charts
        assert chart.grouping == "stacked" and len(chart.series) == 3
    procedure = book["procedures"]
    assert procedure["A2"].value == "9.999001" and procedure["B2"].value == "Synthetic procedure"


# -- hostile records: exit 2 with a message, never a traceback -------------------------------


def _report(
    capsys: pytest.CaptureFixture[str], catalog: Path, path: Path, *more: str
) -> tuple[int, str, str]:
    return run(capsys, str(path), "--catalog", str(catalog), "--to", "2026-12-31", *more)


def test_a_cell_over_the_csv_limit_exits_2_naming_the_row(
    capsys: pytest.CaptureFixture[str], files: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    catalog, _, _ = files
    path = tmp_path / "big.csv"
    path.write_text(DOSSIERS + f'd9,9.999001,"{"x" * 200_000}",\n', encoding="utf-8")
    code, _, err = _report(capsys, catalog, path)
    assert code == 2 and "row 6: a cell is longer than 131,072 characters" in err
    assert "x" * 100 not in err and "Traceback" not in err


def test_a_line_over_the_limit_is_refused_before_it_is_read_whole(
    capsys: pytest.CaptureFixture[str], files: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    from tthc.limits import MAX_LINE

    catalog, _, _ = files
    path = tmp_path / "long.jsonl"
    path.write_text('{"dossier_id": "' + "y" * (MAX_LINE + 10) + '"}\n', encoding="utf-8")
    code, _, err = _report(capsys, catalog, path)
    assert code == 2 and f"line 1 is longer than {MAX_LINE:,} characters" in err


@pytest.mark.parametrize(
    ("line", "said"),
    [
        ('{"dossier_id": NaN, "procedure_code": "9.999001"}', "NaN is not a JSON value"),
        ('{"dossier_id": "a", "dossier_id": "b"}', "the key “dossier_id” is given twice"),
        ('{"dossier_id": -Infinity}', "-Infinity is not a JSON value"),
        ("[" * 100_000, "this is a JSON array"),
        ('{"a":' * 50_000, "nested too deeply"),
    ],
)
def test_json_lines_refuse_what_json_does_not_allow(
    capsys: pytest.CaptureFixture[str],
    files: tuple[Path, Path, Path],
    tmp_path: Path,
    line: str,
    said: str,
) -> None:
    catalog, _, _ = files
    path = tmp_path / "d.jsonl"
    path.write_text(line + "\n", encoding="utf-8")
    code, _, err = _report(capsys, catalog, path)
    assert code == 2 and said in err and "Traceback" not in err


def test_to_9999_12_31_exits_2(
    capsys: pytest.CaptureFixture[str], files: tuple[Path, Path, Path]
) -> None:
    catalog, good, _ = files
    code, _, err = run(capsys, str(good), "--catalog", str(catalog), "--to", "9999-12-31")
    assert code == 2 and "(9999-12-31) is outside the working calendar" in err


def test_skipped_rows_are_listed_in_csv_excel_and_markdown(
    capsys: pytest.CaptureFixture[str], files: tuple[Path, Path, Path]
) -> None:
    catalog, _, bad = files
    base = [str(bad), "--catalog", str(catalog), "--to", "2026-12-31", "--skip-bad"]
    for extra, delimiter in ((["--format", "csv"], ","), (["--excel"], ";")):
        code, out, _ = run(capsys, *base, *extra, "--lang", "en")
        assert code == 0
        rows = list(csv.DictReader(io.StringIO(out.lstrip("\ufeff")), delimiter=delimiter))
        skipped = [r for r in rows if r["group"] == "skipped"]
        assert [r["key"] for r in skipped] == ["6", "7"]
        assert "9.999999" in skipped[0]["message"]
    _, out, _ = run(capsys, *base, "--format", "markdown", "--lang", "en")
    assert "- row 6: " in out and "- row 7: " in out


def test_a_formula_in_a_record_is_neutralised_in_csv(
    capsys: pytest.CaptureFixture[str], files: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    catalog, _, _ = files
    path = tmp_path / "f.csv"
    path.write_text(
        DOSSIERS.replace("d1,9.999001,", "d1,9.999001,").replace(
            "d4,9.999001,2026-11-26T10:00:00+07:00,\n", ""
        )
        + "=cmd|' /C calc'!A0,9.999001,2026-11-26T10:00:00+07:00,\n"
        + "d8,=1+1,yesterday,\n",
        encoding="utf-8",
    )
    code, out, _ = _report(capsys, catalog, path, "--skip-bad", "--excel")
    assert code == 0
    for row in csv.reader(io.StringIO(out.lstrip("\ufeff")), delimiter=";"):
        assert not any(cell.lstrip()[:1] in ("=", "+", "-", "@") for cell in row), row


def test_output_file_mode_follows_the_umask(
    capsys: pytest.CaptureFixture[str], files: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    catalog, good, _ = files
    old = os.umask(0o022)
    try:
        target = tmp_path / "out.csv"
        code, _, _ = _report(capsys, catalog, good, "--format", "csv", "-o", str(target))
        assert code == 0 and (target.stat().st_mode & 0o777) == 0o644
        target.chmod(0o600)  # a file replaced keeps its own mode
        _report(capsys, catalog, good, "--format", "csv", "-o", str(target))
        assert (target.stat().st_mode & 0o777) == 0o600
    finally:
        os.umask(old)
