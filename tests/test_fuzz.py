"""Hostile input, fuzzed: no input may end in anything but a result or a clear error.

Five engines, each fed what a stranger could hand it: the YAML loader and ``tthc validate``
(procedure files built from the fixtures, then mutated), the duration parser (random text
from the words catalogs use), the report (random dossier rows), and the command line
(random argument lists). The assertions: only tthc's own errors escape the library, the
command exits 0, 1 or 2 (never a traceback, never the "internal error" net), and nothing
quoted from the input starts a line of its own.

``make test`` runs a few hundred cases; ``make fuzz`` (before a release) sets
``TTHC_FUZZ_EXAMPLES`` and runs the same tests for 100,000 cases, printing the count.
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tthc.catalog import Catalog
from tthc.cli import main
from tthc.config import Config
from tthc.durationtext import parse_cases, parse_reduction_remark
from tthc.errors import TthcError
from tthc.rules import Rules
from tthc.yamlsource import YamlError, parse_yaml

GOOD = Path(__file__).parent / "fixtures" / "catalogs" / "good"
PROCEDURE_FILES = sorted((GOOD / "procedures").glob("*.yaml"))

#: Cases per test: a few in ``make test``; ``make fuzz`` sets ``TTHC_FUZZ_EXAMPLES``.
_TOTAL = int(os.environ.get("TTHC_FUZZ_EXAMPLES", "0") or 0)
#: How ``make fuzz`` shares its total among the tests (the cheap ones get more).
_SHARE = {"duration": 0.55, "yaml": 0.35, "validate": 0.03, "report": 0.035, "cli": 0.035}
_DEFAULT = {"duration": 300, "yaml": 200, "validate": 40, "report": 60, "cli": 60}

#: Cases run, by test (``make fuzz`` prints them; see tests/conftest.py).
CASES: Counter[str] = Counter()


def _examples(name: str) -> int:
    return max(1, int(_TOTAL * _SHARE[name])) if _TOTAL else _DEFAULT[name]


def _settings(name: str) -> Any:
    return settings(
        max_examples=_examples(name),
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


_RULES = Rules(Config(), load_entry_points=False)


# -- YAML: structured documents, then mutated --------------------------------------------------

_TOKENS = [
    *list(":-'\"[]{},&*!#|>?%@`~\\ \t\n\r"),
    *("010", "1:30", "0o17", "1_000", ".5", ".nan", "-.inf", "1e3", "0x1F", "yes", "~"),
    *("<<", "*a", "&a", "!!python/object:os.system", "!!binary", "---", "...", "\ufeff"),
    *("\u2028", "\x85", "\x00", "\x1b[2J", "ngày", "::error file=x::y", "9" * 40, "=1+1"),
    *("value: ", "unit: ", "time: ", "time_text: ", "  - ", "code: ", "{value: 3}"),
]


@st.composite
def mutated_yaml(draw: st.DrawFn) -> str:
    text = draw(st.sampled_from(PROCEDURE_FILES)).read_text(encoding="utf-8")
    for _ in range(draw(st.integers(0, 6))):
        at = draw(st.integers(0, len(text)))
        kind = draw(st.sampled_from(["insert", "delete", "replace", "duplicate"]))
        token = draw(st.sampled_from(_TOKENS) | st.text(max_size=8))
        if kind == "insert":
            text = text[:at] + token + text[at:]
        elif kind == "delete":
            text = text[:at] + text[at + draw(st.integers(1, 20)) :]
        elif kind == "replace":
            text = text[:at] + token + text[at + len(token) :]
        else:
            line_start = text.rfind("\n", 0, at) + 1
            line_end = text.find("\n", at)
            line = text[line_start : line_end if line_end >= 0 else len(text)]
            text = text[:line_start] + line + "\n" + text[line_start:]
    return text


@_settings("yaml")
@given(mutated_yaml())
def test_the_loader_gives_a_mapping_or_a_yaml_error(text: str) -> None:
    CASES["yaml"] += 1
    try:
        doc = parse_yaml(text, "fuzz.yaml")
    except YamlError as exc:
        message = exc.message("en")
        assert message.startswith("fuzz.yaml:") and "\n" not in message
        return
    assert isinstance(doc.data, dict)
    for key in doc.data:
        assert doc.position((key,)).line >= 1


@_settings("validate")
@given(mutated_yaml())
def test_validate_gives_findings_or_a_clear_error(text: str) -> None:
    CASES["validate"] += 1
    folder = Path(tempfile.mkdtemp(prefix="tthc-fuzz-"))
    try:
        shutil.copytree(GOOD, folder / "catalog")
        (folder / "catalog" / "procedures" / "9.999001.yaml").write_text(text, encoding="utf-8")
        try:
            catalog = Catalog.load(folder / "catalog")
        except TthcError:
            return
        for finding in _RULES.validate(catalog):
            assert "\n" not in finding.message("en"), finding
    finally:
        shutil.rmtree(folder, ignore_errors=True)


# -- durations: random text from the words catalogs use ---------------------------------------

_WORDS = st.sampled_from(
    [
        *("ngày", "làm", "việc", "giờ", "tháng", "trong", "Trong", "thời", "hạn", "kể", "từ"),
        *("trường", "hợp", "Trường hợp 1", "Trực tuyến:", "Trực tiếp:", "cắt giảm", "xuống"),
        *("còn", "tỷ lệ", "%", "sau 15 giờ", "tiếp theo", "working days", "hours", "same day"),
        *("0", "03", "1/2", "2,5", "½", "1e9", "-3", "1.000.000", "9" * 30, "0/0", "2/3"),
        *(":", ";", ".", ",", "(", ")", "-", "•", "*", "/", " ", "  ", "\n", "\t", "\u00a0"),
        *("lam viec", "ngày làm viêc", "không quá", "tối đa", "(hai)", "\x1b", "::error"),
    ]
)


@_settings("duration")
@given(st.lists(_WORDS | st.text(max_size=5), max_size=40).map(" ".join))
def test_the_duration_parser_reads_or_refuses_with_a_one_line_message(text: str) -> None:
    CASES["duration"] += 1
    for parse in (parse_cases, parse_reduction_remark):
        try:
            parse(text)
        except TthcError as exc:
            for lang in ("vi", "en"):
                message = exc.message(lang)  # type: ignore[arg-type]
                assert "\n" not in message and "\x1b" not in message
                assert len(message) < 2000


# -- the report: random dossier rows -------------------------------------------------------------

_MOMENTS = st.sampled_from(
    [
        "2026-11-26T10:00:00+07:00",
        "2026-11-27 09:00",
        "2026-12-01",
        "yesterday",
        "",
        "9999-12-31T23:59:59",
        "0001-01-01T00:00:00",
        "2026-02-30T10:00",
        "2026-11-26T10:00:00+14:00",
        "2026-11-26T25:00",
        "=NOW()",
    ]
)
_CELLS = st.sampled_from(["", "9.999001", "9.999002", "9.999999", "=1+1", "@x", "-", "\t"])


@st.composite
def dossier_rows(draw: st.DrawFn) -> str:
    header = "dossier_id,procedure_code,received_at,finished_at,case,channel,pauses"
    lines = [header]
    for index in range(draw(st.integers(0, 8))):
        cells = [
            draw(st.sampled_from([f"d{index}", "=HYPERLINK(1)", "+x", ""]) | st.text(max_size=6)),
            draw(_CELLS),
            draw(_MOMENTS),
            draw(_MOMENTS),
            draw(_CELLS | st.text(max_size=4)),
            draw(st.sampled_from(["", "online", "in_person", "postal", "fax"])),
            draw(st.sampled_from(["", "2026-11-26T11:00/2026-11-26T12:00", "x/y", "a;b", "/"])),
        ]
        lines.append(",".join('"' + c.replace('"', '""') + '"' for c in cells))
    if draw(st.booleans()):  # sometimes as JSON lines, sometimes broken
        lines.append(draw(st.sampled_from(['{"dossier_id": NaN}', '"', "a,b", ",,,,,,,,"])))
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def fuzz_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("fuzz")
    shutil.copytree(GOOD, folder / "catalog")
    (folder / "volumes.csv").write_text("code,annual_volume\n9.999001,12\n", encoding="utf-8")
    return folder


def _run_cli(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(argv)
        except SystemExit as exc:  # argparse: usage errors and --help
            code = exc.code if isinstance(exc.code, int) else 2
    return code, out.getvalue(), err.getvalue()


def _check_cli(argv: list[str], code: int, out: str, err: str) -> None:
    assert code in (0, 1, 2), (argv, code, err)
    assert "Traceback" not in err and "internal error" not in err, (argv, err)
    assert "lỗi nội bộ" not in err, (argv, err)
    for line in err.splitlines():  # errors quote input escaped: never a command line
        assert not line.startswith("::"), (argv, line)


@_settings("report")
@given(rows=dossier_rows(), fmt=st.sampled_from(["text", "json", "csv", "markdown", "excel"]))
def test_the_report_reads_any_rows_into_a_report_or_a_clear_error(
    fuzz_folder: Path, rows: str, fmt: str
) -> None:
    CASES["report"] += 1
    path = fuzz_folder / "dossiers.csv"
    path.write_text(rows, encoding="utf-8")
    options = ["--excel"] if fmt == "excel" else ["--format", fmt]
    argv = ["report", str(path), "--catalog", str(fuzz_folder / "catalog"), "--to", "2026-12-31"]
    argv += ["--skip-bad", "--isolated", "--lang", "en", *options]
    code, out, err = _run_cli(argv)
    _check_cli(argv, code, out, err)
    if fmt in ("csv", "excel") and code == 0:
        import csv

        delimiter = ";" if fmt == "excel" else ","
        for row in csv.reader(io.StringIO(out.lstrip("\ufeff"), newline=""), delimiter=delimiter):
            for cell in row:
                # a formula is neutralised; a plain negative number is left alone
                assert cell.lstrip(" ")[:1] not in ("=", "+", "@", "\t", "\r") or cell[:1] == "'"


# -- the command line: random argument lists -----------------------------------------------------


@st.composite
def argv_lists(draw: st.DrawFn) -> list[str]:
    command = draw(
        st.sampled_from(
            ["validate", "due", "calendar", "explain", "plugins", "reduction", "report", "schema"]
        )
    )
    pool = st.sampled_from(
        [
            *("--format", "text", "json", "csv", "github", "markdown", "ics", "--excel"),
            *("--lang", "vi", "en", "xx", "--province", "tuyen-quang", "nowhere", "--isolated"),
            *("--received", "2026-11-26 10:00", "2026-13-01", "--time", "3 ngày làm việc"),
            *("0 tháng", "trong ngày", "9" * 60, "--procedure", "9.999001", "9.999999"),
            *("--catalog", "catalog", "--year", "2026", "99999", "-1", "--to", "9999-12-31"),
            *("--from", "2026-01-01", "--skip-bad", "--volumes", "volumes.csv", "--target"),
            *("30%", "200%", "abc", "--pause", "2026-11-26T11:00/", "/", "--finished"),
            *("TT101", "TT999", "catalog/procedures/9.999001.yaml", "dossiers.csv", "-o"),
            *("out.txt", "--case", "--channel", "online", "fax", "--config", "missing.toml"),
            *("--help", "-", "\x1b[2J", "::error x", "--rounding", "up"),
        ]
    )
    rest = draw(st.lists(pool | st.text(max_size=6), max_size=8))
    return [command, *rest]


@_settings("cli")
@given(argv=argv_lists())
def test_the_command_line_exits_0_1_or_2_with_a_message(fuzz_folder: Path, argv: list[str]) -> None:
    import sys

    CASES["cli"] += 1
    (fuzz_folder / "dossiers.csv").write_text(
        "dossier_id,procedure_code,received_at\nd1,9.999001,2026-11-26T10:00\n", encoding="utf-8"
    )
    saved_env, saved_stdin = os.environ.get("TTHC_PLUGINS"), sys.stdin
    os.environ["TTHC_PLUGINS"] = ""  # no installed plugin: the national rules only
    sys.stdin = io.StringIO("")  # "-" reads an empty standard input
    here = os.getcwd()
    os.chdir(fuzz_folder)  # not contextlib.chdir: Python 3.10 has none
    try:
        code, out, err = _run_cli(argv)
    finally:
        os.chdir(here)
        sys.stdin = saved_stdin
        if saved_env is None:
            os.environ.pop("TTHC_PLUGINS", None)
        else:
            os.environ["TTHC_PLUGINS"] = saved_env
    _check_cli(argv, code, out, err)
