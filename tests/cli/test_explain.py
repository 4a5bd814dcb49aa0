"""``tthc explain``: a rule's explanation, the list, the Markdown page, unknown codes."""

from __future__ import annotations

from pathlib import Path

import pytest

from tthc.cli import EXIT_OK, EXIT_USAGE, main
from tthc.rules import PLUGINS_ENV


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv(PLUGINS_ENV, "")
    monkeypatch.delenv("TTHC_LANG", raising=False)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["explain", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_explain_in_both_languages(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "TT301")
    assert code == EXIT_OK
    assert out.startswith(
        "TT301 (error, tthc.national.validation): Step times do not add up\n\n"
        "For an inter-agency procedure"
    )
    assert "TT301 (lỗi, tthc.national.validation): Thời gian các bước không cộng đúng tổng" in out


def test_explain_one_language_and_lower_case(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "tt104", "--lang", "vi")
    assert code == EXIT_OK
    assert out.startswith("TT104 (cảnh báo, tthc.national.validation): Thiếu thông tin")
    assert "Decree" not in out


def test_unknown_code_suggests_close_ones(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "TT31", "--lang", "en")
    assert code == EXIT_USAGE and out == ""
    assert err.startswith("tthc explain: no rule 'TT31'. Did you mean: TT301")
    assert err.rstrip().endswith("See the list: tthc explain --list")


def test_list(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--list", "--lang", "en")
    assert code == EXIT_OK
    lines = out.splitlines()
    assert lines[0] == "TT000  error     A rule raised while checking"
    assert "TT402  error     'Toàn trình' without an online channel" in lines


def test_list_in_vietnamese_names_the_severity_in_vietnamese(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run(capsys, "--list", "--lang", "vi")
    assert code == EXIT_OK
    lines = out.splitlines()
    assert lines[0] == "TT000  lỗi       Một quy tắc bị lỗi khi chạy"
    assert "TT104  cảnh báo  Thiếu thông tin Nghị định 63/2010 yêu cầu" in lines


def test_no_code_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys)
    assert code == EXIT_USAGE and "a rule code is needed" in err and "TT101" in out


def test_markdown(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--markdown", "--lang", "en")
    assert code == EXIT_OK
    assert out.startswith("# Catalog validation rules\n")
    assert "\n## TT303\n" in out


def test_no_code_message_in_the_language_asked_for(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "--lang", "vi")
    assert code == EXIT_USAGE
    assert err == "tthc explain: cần một mã quy tắc (hoặc --list)\n"
    _, _, err = run(capsys, "--lang", "en")
    assert err == "tthc explain: a rule code is needed (or --list)\n"


def test_language_from_tthc_lang_or_config(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Both languages only when nothing says which one: TTHC_LANG and the config do.
    monkeypatch.setenv("TTHC_LANG", "vi")
    _, out, _ = run(capsys, "TT104")
    assert out.startswith("TT104 (cảnh báo, tthc.national.validation): Thiếu thông tin")
    assert "Decree" not in out
    monkeypatch.delenv("TTHC_LANG")
    (tmp_path / "tthc.toml").write_text('lang = "en"\n')
    _, out, _ = run(capsys, "TT104")
    assert out.startswith("TT104 (warning, tthc.national.validation): Information required")
    assert "Nghị định" not in out


def test_output_is_utf8_whatever_the_locale_encoding(monkeypatch: pytest.MonkeyPatch) -> None:
    # Windows writes redirected output in the ANSI code page (cp1252), which has no
    # Vietnamese letters: the command crashed with UnicodeEncodeError. tthc writes UTF-8.
    import io
    import sys

    raw = io.BytesIO()
    stdout = io.TextIOWrapper(raw, encoding="cp1252")
    monkeypatch.setattr(sys, "stdout", stdout)
    assert main(["explain", "TT101", "--lang", "vi"]) == EXIT_OK
    stdout.flush()
    assert "Dữ liệu không khớp mô hình thủ tục" in raw.getvalue().decode("utf-8")


def test_a_code_of_an_unselected_province_names_its_plugin(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # A synthetic province plugin, installed (faked entry point) but not selected.
    import types

    import tthc.plugins.finder
    from tthc import hookimpl
    from tthc.i18n import Text
    from tthc.validation import Rule, Severity

    module = types.ModuleType("vd")
    module.tthc_province = "tinh-vd"  # type: ignore[attr-defined]
    rule = Rule("VD101", Severity.WARNING, Text("t", "t"), Text("e", "e"), check=lambda p, c: [])
    module.tthc_validation_rules = hookimpl(lambda: [rule])  # type: ignore[attr-defined]

    class EntryPoint:
        name = "vd"
        dist = None

        def load(self) -> object:
            return module

    monkeypatch.setattr(tthc.plugins.finder, "entry_points", lambda *, group: [EntryPoint()])
    monkeypatch.delenv(PLUGINS_ENV)
    code, out, err = run(capsys, "vd101", "--lang", "en")
    assert code == EXIT_USAGE and out == ""
    assert err == (
        "tthc explain: VD101 is defined by the plugin 'vd' (province tinh-vd): "
        "use --province tinh-vd\n"
    )
    code, _, err = run(capsys, "VD101", "--lang", "vi")
    assert err == (
        "tthc explain: VD101 là quy tắc của plugin 'vd' (tỉnh tinh-vd): dùng --province tinh-vd\n"
    )
    code, out, _ = run(capsys, "VD101", "--lang", "en", "--province", "tinh-vd")
    assert code == EXIT_OK and out.startswith("VD101 (warning, vd): t")
