"""The ``tthc`` entry point (tthc/cli/__init__.py): what it says when a command fails.

A command's errors are its own tests' business; these are the nets under every command
(an undecodable input, an OS error, no command at all), each a message and exit 2,
never a traceback. The failing commands here are stand-ins for a command's ``run``.
"""

from __future__ import annotations

import argparse
from typing import Any

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
# -- code from a repository runs only on purpose ----------------------------------------------

_COMMANDS = [
    ["validate", "catalog"],
    ["due", "--received", "2026-11-26 10:00", "--time", "3 ngày làm việc"],
    ["calendar", "2026"],
    ["explain", "TT101"],
    ["plugins"],
    ["reduction", "catalog", "--year", "2026"],
    ["report", "dossiers.csv", "--catalog", "catalog", "--to", "2026-12-31"],
]


@pytest.fixture
def repository(tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> Any:
    """A checkout whose tthc.toml names a module of its own, which leaves a mark when run."""
    import shutil
    import sys
    from pathlib import Path

    good = Path(__file__).parents[1] / "fixtures" / "catalogs" / "good"
    shutil.copytree(good, tmp_path / "catalog")
    (tmp_path / "dossiers.csv").write_text(
        "dossier_id,procedure_code,received_at\nd1,9.999001,2026-11-26T10:00\n", encoding="utf-8"
    )
    (tmp_path / "tthc_repo_payload.py").write_text(
        f"open({str(tmp_path / 'RAN')!r}, 'w').close()\n", encoding="utf-8"
    )
    (tmp_path / "tthc.toml").write_text('plugins = ["tthc_repo_payload"]\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("TTHC_PLUGINS", raising=False)
    monkeypatch.setenv("TTHC_LANG", "en")
    yield tmp_path
    sys.modules.pop("tthc_repo_payload", None)
    if str(tmp_path) in sys.path:
        sys.path.remove(str(tmp_path))


@pytest.mark.parametrize("argv", _COMMANDS, ids=lambda a: a[0])
def test_isolated_runs_no_code_of_the_repository_on_every_command(
    repository: Any, capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    code = main([*argv, "--isolated"])
    assert code in (0, 1), capsys.readouterr().err
    assert not (repository / "RAN").exists()
    main(argv)  # without --isolated the configuration's module runs: the test can fail
    assert (repository / "RAN").exists()


def test_tthc_plugins_applies_to_modules_named_in_configuration(
    repository: Any, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("TTHC_PLUGINS", "")
    assert main(["validate", "catalog"]) == 0
    assert not (repository / "RAN").exists()
    monkeypatch.setenv("TTHC_PLUGINS", "tthc_repo_payload")
    assert main(["validate", "catalog"]) == 0
    assert (repository / "RAN").exists()


def test_isolated_with_config_is_a_usage_error(
    repository: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["validate", "catalog", "--isolated", "--config", "tthc.toml"]) == EXIT_USAGE
    assert "do not combine it with --config" in capsys.readouterr().err


def test_an_unexpected_exception_is_a_message_and_exit_2(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        schema_command, "run", _failing_run(OverflowError("date value out of range"))
    )
    monkeypatch.delenv("TTHC_DEBUG", raising=False)
    monkeypatch.setenv("TTHC_LANG", "en")
    assert main(["schema"]) == EXIT_USAGE
    err = capsys.readouterr().err
    assert err.startswith("tthc: internal error in tthc (OverflowError: date value out of range)")
    assert "Traceback" not in err


def test_a_plugin_that_exits_on_import_is_named_not_obeyed(
    repository: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    (repository / "tthc_repo_payload.py").write_text("raise SystemExit(0)\n", encoding="utf-8")
    assert main(["validate", "catalog"]) == EXIT_USAGE
    err = capsys.readouterr().err
    assert "tthc_repo_payload" in err and "SystemExit" in err
