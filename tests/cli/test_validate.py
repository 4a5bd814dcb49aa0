"""``tthc validate``: output formats and exit codes. Synthetic catalogs only."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tthc.cli import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, main
from tthc.cli.output import github_line
from tthc.cli.validate import summary
from tthc.i18n import Text
from tthc.rules import PLUGINS_ENV
from tthc.validation import Finding, Severity

GOOD = Path(__file__).parents[1] / "fixtures" / "catalogs" / "good"


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # no tthc.toml / pyproject.toml above
    monkeypatch.setenv(PLUGINS_ENV, "")  # no installed plugins
    monkeypatch.setenv("TTHC_LANG", "en")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["validate", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_clean_catalog_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, str(GOOD))
    assert code == EXIT_OK
    assert out == "3 procedures, 0 errors, 0 warnings\n"


def test_default_path_is_catalog_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copytree(GOOD, tmp_path / "catalog")
    code, out, _ = run(capsys)
    assert code == EXIT_OK and out.startswith("3 procedures")


def test_default_path_from_config(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copytree(GOOD, tmp_path / "danh-muc")
    (tmp_path / "tthc.toml").write_text('catalog = "danh-muc"\n')
    code, out, _ = run(capsys)
    assert code == EXIT_OK and out.startswith("3 procedures")


def test_text_format_with_errors_exits_1(
    tmp_path: Path, broken_catalog: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "catalog")
    assert code == EXIT_FINDINGS
    lines = out.splitlines()
    # sorted by place: the warning at column 1 comes before the error at column 7
    assert lines[0] == (
        "catalog/procedures/9.999009.yaml:2:1: TT104 (warning) missing information that "
        "Decree 63/2010/NĐ-CP art. 8 requires: steps"
    )
    assert lines[1].startswith("    Add them from the published source (steps)")
    assert lines[2] == (
        "catalog/procedures/9.999009.yaml:2:7: TT102 file is named '9.999009.yaml' "
        "but the procedure code is '9.999002'"
    )
    assert lines[3].startswith("    Rename the file to '9.999002.yaml'")
    assert lines[-1] == "3 procedures, 1 error, 1 warning"


def test_warnings_alone_exit_0(
    tmp_path: Path, broken_catalog: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = broken_catalog
    code, out, _ = run(capsys, str(root), "--lang", "vi")
    assert code == EXIT_FINDINGS
    (tmp_path / "tthc.toml").write_text('disable = ["TT102"]\n')
    code, out, _ = run(capsys, str(root), "--lang", "vi")
    assert code == EXIT_OK
    assert "TT104 (cảnh báo) thiếu thông tin mà Nghị định 63/2010/NĐ-CP" in out
    assert out.endswith("3 thủ tục, 0 lỗi, 1 cảnh báo\n")


def test_explicit_config_file(
    tmp_path: Path, broken_catalog: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = broken_catalog
    (tmp_path / "other.toml").write_text('disable = ["TT102", "TT104"]\n')
    code, out, _ = run(capsys, str(root), "--config", str(tmp_path / "other.toml"))
    assert code == EXIT_OK and out == "3 procedures, 0 errors, 0 warnings\n"


def test_json_format(
    tmp_path: Path, broken_catalog: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "catalog", "--format", "json")
    assert code == EXIT_FINDINGS
    data = json.loads(out)
    assert [d["rule"] for d in data] == ["TT104", "TT102"]
    first = data[1]
    assert {k: first[k] for k in ("severity", "path", "line", "column", "procedure")} == {
        "severity": "error",
        "path": "catalog/procedures/9.999009.yaml",
        "line": 2,
        "column": 7,
        "procedure": "9.999002",
    }
    assert first["message"].startswith("file is named '9.999009.yaml'")
    assert first["hint"].startswith("Rename the file")


def test_json_format_clean_is_an_empty_list(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, str(GOOD), "--format", "json")
    assert code == EXIT_OK and json.loads(out) == []


def test_github_format(
    tmp_path: Path, broken_catalog: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "catalog", "--format", "github")
    assert code == EXIT_FINDINGS
    lines = out.splitlines()
    assert len(lines) == 2
    error = next(line for line in lines if line.startswith("::error "))
    assert error.startswith(
        "::error file=catalog/procedures/9.999009.yaml,line=2,endLine=2,col=7,endColumn=17,"
        "title=TT102::"
        "file is named '9.999009.yaml' but the procedure code is '9.999002'%0ARename"
    )
    assert any(line.startswith("::warning file=") and "title=TT104::" in line for line in lines)


def test_github_escapes_properties_and_message() -> None:
    finding = Finding(
        "TT101",
        Severity.ERROR,
        "dir,x/a:b.yaml",
        1,
        2,
        Text("x", "100% wrong\r\nnext"),
    )
    assert github_line(finding, "en") == (
        "::error file=dir%2Cx/a%3Ab.yaml,line=1,endLine=1,col=2,endColumn=3,title=TT101::"
        "100%25 wrong%0D%0Anext"
    )


def test_load_errors_are_findings(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_path / "catalog"
    shutil.copytree(GOOD, root)
    (root / "procedures" / "9.999004.yaml").write_bytes(b"code: '9.999004'\nname: \xff\n")
    code, out, _ = run(capsys, "catalog")
    assert code == EXIT_FINDINGS
    assert out.splitlines()[0] == (
        "catalog/procedures/9.999004.yaml:2:7: TT100 byte 0xff is not valid UTF-8; "
        "save the file as UTF-8"
    )


def test_single_files_can_be_given(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, str(GOOD / "procedures" / "9.999001.yaml"))
    assert code == EXIT_OK and out == "1 procedure, 0 errors, 0 warnings\n"


def test_missing_path_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "nowhere")
    assert code == EXIT_USAGE and out == ""
    assert err == "tthc: nowhere: no such file or folder\n"


def test_empty_folder_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "empty").mkdir()
    code, _, err = run(capsys, "empty")
    assert code == EXIT_USAGE and "no procedure file (.yaml) found" in err


def test_unknown_province_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, str(GOOD), "--province", "nowhere")
    assert code == EXIT_USAGE and "No plugin serves province 'nowhere'" in err


def test_bad_format_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["validate", "--format", "xml"])
    assert info.value.code == EXIT_USAGE
    assert "invalid choice: 'xml'" in capsys.readouterr().err


def test_unknown_lang_is_quoted_in_both_languages(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["validate", str(GOOD), "--lang", "fr"])
    assert info.value.code == EXIT_USAGE
    err = capsys.readouterr().err
    assert "argument --lang: ngôn ngữ không hợp lệ 'fr' / unknown language 'fr' (vi | en)" in err


def test_lang_from_config_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Precedence: --lang, then TTHC_LANG, then `lang` of tthc.toml, then the locale.
    monkeypatch.delenv("TTHC_LANG")
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    (tmp_path / "tthc.toml").write_text('lang = "vi"\n')
    code, out, _ = run(capsys, str(GOOD))
    assert code == EXIT_OK and out == "3 thủ tục, 0 lỗi, 0 cảnh báo\n"
    _, out, _ = run(capsys, str(GOOD), "--lang", "en")
    assert out == "3 procedures, 0 errors, 0 warnings\n"
    monkeypatch.setenv("TTHC_LANG", "en")
    _, out, _ = run(capsys, str(GOOD))
    assert out == "3 procedures, 0 errors, 0 warnings\n"


def test_config_error_is_reported_in_the_locale_language(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # The configuration cannot give the language when it is itself broken.
    monkeypatch.delenv("TTHC_LANG")
    monkeypatch.setenv("LANG", "vi_VN.UTF-8")
    (tmp_path / "tthc.toml").write_text('lang = "vi"\nprovince = 3\n')
    code, out, err = run(capsys, str(GOOD))
    assert code == EXIT_USAGE and out == ""
    assert err == f"tthc: {tmp_path / 'tthc.toml'}: khoá 'province' phải là chuỗi, nhận được 3\n"


def test_no_catalog_anywhere_says_how_to_name_one(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "--lang", "vi")
    assert code == EXIT_USAGE and out == ""
    assert err == (
        "tthc: không nêu danh mục và ở đây không có thư mục catalog/: hãy nêu danh mục "
        '(PATH hoặc --catalog), hoặc đặt catalog = "..." trong tthc.toml\n'
    )


@pytest.mark.parametrize(
    ("counts", "en", "vi"),
    [
        ((1, 1, 1), "1 procedure, 1 error, 1 warning", "1 thủ tục, 1 lỗi, 1 cảnh báo"),
        ((0, 0, 0), "0 procedures, 0 errors, 0 warnings", "0 thủ tục, 0 lỗi, 0 cảnh báo"),
        ((2, 3, 11), "2 procedures, 3 errors, 11 warnings", "2 thủ tục, 3 lỗi, 11 cảnh báo"),
    ],
)
def test_summary_counts_in_singular_and_plural(
    counts: tuple[int, int, int], en: str, vi: str
) -> None:
    assert summary(*counts, "en") == en
    assert summary(*counts, "vi") == vi


def test_one_file_with_one_error_says_so_in_the_singular(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Synthetic: one procedure file whose name is not its code.
    (tmp_path / "fields.yaml").write_text("- {id: thu-nghiem, name: Thử nghiệm}\n")
    (tmp_path / "x.yaml").write_text(
        "code: '9.999001'\nname: Thử nghiệm (synthetic)\nfield: thu-nghiem\nlevels: [province]\n"
        "processing_time: [{time: {value: 1, unit: working_days}}]\n"
        "notes: 'Not in the source: steps, channels, dossier, subjects, agencies, results, "
        "legal_basis.'\n",
        encoding="utf-8",
    )
    code, out, _ = run(capsys, str(tmp_path / "x.yaml"), "--lang", "en")
    assert code == EXIT_FINDINGS
    assert out.splitlines()[-1] == "1 procedure, 1 error, 0 warnings"
    code, out, _ = run(capsys, str(tmp_path / "x.yaml"), "--lang", "vi")
    assert out.splitlines()[-1] == "1 thủ tục, 1 lỗi, 0 cảnh báo"


def test_summary_says_how_many_files_could_not_be_loaded(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Synthetic: one good procedure file and two that cannot be loaded.
    (tmp_path / "9.999001.yaml").write_text(
        "code: '9.999001'\nname: Thử nghiệm (synthetic)\nfield: thu-nghiem\nlevels: [province]\n"
        "processing_time: [{time: {value: 1, unit: working_days}}]\n"
        "notes: 'Not in the source: steps, channels, dossier, subjects, agencies, results, "
        "legal_basis.'\n",
        encoding="utf-8",
    )
    (tmp_path / "9.999002.yaml").write_text("code: '9.999002'\n", encoding="utf-8")
    (tmp_path / "9.999003.yaml").write_text("a: [\n", encoding="utf-8")
    code, out, _ = run(capsys, str(tmp_path), "--lang", "en")
    assert code == EXIT_FINDINGS
    assert out.splitlines()[-1].endswith("(3 files read, 2 not loaded)")
    assert out.splitlines()[-1].startswith("1 procedure, ")
    code, out, _ = run(capsys, str(tmp_path), "--lang", "vi")
    assert out.splitlines()[-1].endswith("(đã đọc 3 tệp, 2 tệp không nạp được)")
    assert summary(1, 0, 0, "en", files=1) == "1 procedure, 0 errors, 0 warnings"
    assert summary(0, 1, 0, "en", files=1) == (
        "0 procedures, 1 error, 0 warnings (1 file read, 1 not loaded)"
    )


# -- hostile catalogs ------------------------------------------------------------------------


def _with_case_field(tmp_path: Path, extra: str) -> Path:
    root = tmp_path / "catalog"
    shutil.copytree(GOOD, root)
    path = root / "procedures" / "9.999002.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace(
            "    time: {value: 5, unit: working_days}\n",
            "    time: {value: 5, unit: working_days}\n" + extra,
            1,
        ),
        encoding="utf-8",
    )
    return root


def test_a_time_text_cannot_inject_a_line_into_text_output(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _with_case_field(
        tmp_path, '    time_text: "9 ngày\\n::error file=x.yaml,line=1::all good"\n'
    )
    code, out, _ = run(capsys, str(root))
    assert code == EXIT_FINDINGS
    assert not any(line.startswith("::") for line in out.splitlines())
    assert "\\n::error file=x.yaml" in out  # shown escaped, on the finding's line


def test_010_is_a_finding_that_says_how_to_write_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "catalog"
    shutil.copytree(GOOD, root)
    path = root / "procedures" / "9.999002.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("amount_vnd: 10000", "amount_vnd: 010"), encoding="utf-8")
    code, out, _ = run(capsys, str(root))
    assert code == EXIT_FINDINGS
    assert "9.999002.yaml:" in out and "YAML 1.1 (8) and YAML 1.2 (10); write 10" in out
