"""The ``tthc`` entry point (tthc/cli/__init__.py): what it says when a command fails.

A command's errors are its own tests' business; these are the nets under every command
(an undecodable input, an OS error, no command at all), each a message and exit 2,
never a traceback. The failing commands here are stand-ins for a command's ``run``.
"""

from __future__ import annotations

import argparse

import pytest

from tthc.cli import EXIT_USAGE, main
from tthc.cli import schema as schema_command


def _failing_run(exc: BaseException) -> object:
    def run(args: argparse.Namespace) -> int:
        raise exc

    return run


def test_no_command_prints_the_help_and_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == EXIT_USAGE
    out = capsys.readouterr().out
    assert out.startswith("usage: tthc")
    assert "schema" in out and "validate" in out


@pytest.mark.parametrize(
    ("lang", "message"),
    [
        ("en", "tthc: an input file is not valid UTF-8 (byte 0xff); save it as UTF-8\n"),
        ("vi", "tthc: tệp đầu vào không phải UTF-8 (byte 0xff); hãy lưu tệp dạng UTF-8\n"),
    ],
)
def test_input_that_is_not_utf8_is_a_message_with_the_byte(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, lang: str, message: str
) -> None:
    monkeypatch.setenv("TTHC_LANG", lang)
    bad = UnicodeDecodeError("utf-8", b"ab\xffcd", 2, 3, "invalid start byte")
    monkeypatch.setattr(schema_command, "run", _failing_run(bad))
    assert main(["schema"]) == EXIT_USAGE
    assert capsys.readouterr() == ("", message)


@pytest.mark.parametrize(
    ("lang", "message"),
    [
        ("en", "tthc: dossiers.csv: I/O error (Input/output error)\n"),
        ("vi", "tthc: dossiers.csv: lỗi đọc/ghi (Input/output error)\n"),
    ],
)
def test_os_error_on_a_file_names_the_file(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, lang: str, message: str
) -> None:
    monkeypatch.setenv("TTHC_LANG", lang)
    failure = OSError(5, "Input/output error", "dossiers.csv")
    monkeypatch.setattr(schema_command, "run", _failing_run(failure))
    assert main(["schema"]) == EXIT_USAGE
    assert capsys.readouterr() == ("", message)


def test_os_error_without_a_reason_names_its_type(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TTHC_LANG", "en")
    monkeypatch.setattr(schema_command, "run", _failing_run(FileNotFoundError()))
    assert main(["schema"]) == EXIT_USAGE
    assert capsys.readouterr().err == "tthc: cannot write the output (FileNotFoundError)\n"


def test_interrupt_exits_130_quietly(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(schema_command, "run", _failing_run(KeyboardInterrupt()))
    assert main(["schema"]) == 130
    assert capsys.readouterr() == ("", "")


@pytest.mark.parametrize("lang", ["xx", "english"])
def test_unknown_language_is_named_in_both_languages(
    capsys: pytest.CaptureFixture[str], lang: str
) -> None:
    with pytest.raises(SystemExit) as info:
        main(["validate", "--lang", lang])
    assert info.value.code == EXIT_USAGE
    err = capsys.readouterr().err
    assert f"ngôn ngữ không hợp lệ '{lang}' / unknown language '{lang}' (vi | en)" in err


def test_version_is_the_installed_distributions(capsys: pytest.CaptureFixture[str]) -> None:
    from importlib.metadata import version

    with pytest.raises(SystemExit) as info:
        main(["--version"])
    assert info.value.code == 0
    assert capsys.readouterr().out == f"tthc {version('tthc')}\n"


def test_version_of_the_package_is_read_from_the_metadata() -> None:
    from importlib.metadata import version

    import tthc

    assert tthc.__version__ == version("tthc")
