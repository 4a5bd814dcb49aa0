"""``tthc form 01|04``: Markdown, text and Word output, exit 2 with a message on bad input."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from tthc.cli import main

BASIC = ("--received", "2026-11-26 10:00", "--time", "3 ngày làm việc", "--lang", "vi")
FORM01 = (*BASIC, "--dossier-id", "HS-0001", "--applicant", "Nguyễn Văn A",
          "--procedure-name", "Thủ tục thử nghiệm")  # fmt: skip
FORM04 = (*BASIC, "--applicant", "Nguyễn Văn A", "--procedure-name", "Thủ tục thử nghiệm",
          "--agency", "Sở X", "--reason", "Cần xác minh thêm", "--extra-days", "2",
          "--signer-title", "GIÁM ĐỐC", "--officer", "Lê Văn C")  # fmt: skip


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    try:
        code = main(["form", *args])
    except SystemExit as exc:  # argparse's own usage errors
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def test_form01_markdown_by_default(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "01", *FORM01, "--component", "Tờ khai", "--sets", "1")
    assert (code, err) == (0, "")
    assert "# Mẫu số 01. Giấy tiếp nhận hồ sơ và hẹn trả kết quả" in out
    assert "**Thời gian hẹn trả kết quả:** Thứ Ba 01/12/2026 17:00" in out
    assert "- Tờ khai" in out and "Số lượng hồ sơ: 01 bộ" in out
    assert "Thời gian giải quyết hồ sơ theo quy định: 3 ngày làm việc" in out


def test_form04_as_text(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "04", *FORM04, "--format", "text")
    assert code == 0
    assert "Thời gian hẹn trả kết quả mới: Thứ Năm 03/12/2026 17:00" in out
    assert "GIÁM ĐỐC (ký và ghi rõ họ tên): Lê Văn C" in out
    assert "**" not in out and "#" not in out


@pytest.mark.parametrize(("form", "args", "expected"), [
    ("01", FORM01, "Thời gian hẹn trả kết quả: Thứ Ba 01/12/2026 17:00"),
    ("04", FORM04, "Thời gian hẹn trả kết quả mới: Thứ Năm 03/12/2026 17:00"),
])  # fmt: skip
def test_writes_a_word_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, form: str, args: tuple[str, ...],
    expected: str,
) -> None:  # fmt: skip
    docx = pytest.importorskip("docx")
    target = tmp_path / f"form{form}.docx"
    code, out, err = run(capsys, form, *args, "-o", str(target))  # docx from the suffix
    assert (code, out, err) == (0, "", "")
    document = docx.Document(io.BytesIO(target.read_bytes()))
    assert expected in [p.text for p in document.paragraphs]


def test_form04_new_date_and_pause(capsys: pytest.CaptureFixture[str]) -> None:
    args = [a for a in FORM04]
    at = args.index("--extra-days")
    args[at : at + 2] = ["--new-due", "2026-12-07", "--pause", "2026-11-27 09:00/2026-11-30 09:00"]
    code, out, _ = run(capsys, "04", *args)
    assert code == 0
    assert "Thời gian hẹn trả kết quả ban đầu: Thứ Tư 02/12/2026 17:00" in out  # moved by the pause
    assert "Thời gian hẹn trả kết quả mới:** Thứ Hai 07/12/2026 17:00" in out


@pytest.mark.parametrize(("args", "message"), [
    (("01", *BASIC, "--applicant", "A", "--procedure-name", "P"), "--dossier-id is required"),
    (("04", *FORM01), "--agency is required"),
    (("01", *FORM01, "--sets", "0"), "the number of sets must be 1 to 1000"),
    (("01", *FORM01, "--issued-on", "30/11/2026"), "--issued-on: invalid date '30/11/2026'"),
    (("04", *FORM04[:-6], "--new-due", "2026-12-05"), "is not a working day"),
    (("01", *FORM01, "--address", "x" * 3000), "address: 3000 characters long, at most 2000"),
    (("01", "--received", "hôm qua", "--time", "3 ngày làm việc"), "cannot read the moment"),
    (("02", *FORM01), "invalid choice"),
])  # fmt: skip
def test_bad_input_exits_2_with_a_message(
    capsys: pytest.CaptureFixture[str], args: tuple[str, ...], message: str
) -> None:
    code, out, err = run(capsys, *args, "--lang", "en")
    assert code == 2
    assert message in err
    assert "Traceback" not in err and out == ""
