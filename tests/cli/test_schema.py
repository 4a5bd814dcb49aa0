"""``tthc schema``: the JSON Schema of a procedure file, and the copy shipped in the package."""

from __future__ import annotations

import json
import re
from importlib.resources import files

import pytest
from pydantic import ValidationError

from tthc.cli import EXIT_OK, EXIT_USAGE, main
from tthc.cli.schema import SCHEMA_ID, schema_text
from tthc.model import PROCEDURE_CODE_RE, Procedure


def test_schema_prints_the_procedure_schema(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema"]) == EXIT_OK
    schema = json.loads(capsys.readouterr().out)
    assert schema["$id"] == SCHEMA_ID
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["title"].startswith("tthc procedure")
    assert set(schema["required"]) == {"code", "name", "field", "levels", "processing_time"}
    assert schema["additionalProperties"] is False
    assert "Case" in schema["$defs"] and "Duration" in schema["$defs"]


@pytest.mark.parametrize(
    ("code", "valid"),
    [
        ("2.000815", True),
        ("1.000948.H38", True),
        ("2.000815.000.00.00.H55", True),
        ("2.815", False),
        ("2.000815.h38", False),
        ("2.000815 ", False),
        ("A.000815", False),
    ],
)
def test_code_has_the_pattern_the_model_checks(code: str, valid: bool) -> None:
    # Editors flag a malformed code from the schema's pattern: it must be the model's shape.
    pattern = json.loads(schema_text())["properties"]["code"]["pattern"]
    assert pattern == PROCEDURE_CODE_RE.pattern
    assert (re.search(pattern, code) is not None) is valid
    assert (PROCEDURE_CODE_RE.match(code) is not None) is valid


def test_code_pattern_leaves_the_bilingual_code_message_alone() -> None:
    # The pattern is for the schema only: validation still says what shape a code has.
    with pytest.raises(ValidationError) as info:
        Procedure.model_validate({"code": "2.815"})
    (error,) = [e for e in info.value.errors() if e["loc"] == ("code",)]
    assert error["type"] == "procedure_code"
    assert error["msg"].startswith("procedure code '2.815' is not shaped d.dddddd")
    assert error["ctx"]["vi"].startswith("mã thủ tục '2.815' không có dạng d.dddddd")


def test_shipped_schema_is_up_to_date() -> None:
    shipped = files("tthc") / "schema" / "procedure.schema.json"
    assert shipped.read_text(encoding="utf-8") == schema_text(), (
        "regenerate with: tthc schema > src/tthc/schema/procedure.schema.json"
    )


def test_unexpected_argument_is_named_with_the_command_usage(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit) as info:
        main(["schema", "procedure.yaml"])
    assert info.value.code == EXIT_USAGE
    err = capsys.readouterr().err
    assert err.startswith("usage: tthc schema [-h]")
    assert err.endswith(
        "tthc schema: error / lỗi: đối số không nhận ra / unrecognized arguments: procedure.yaml\n"
    )


class _FullDisk:
    """A stdout on a full disk."""

    encoding = "utf-8"

    def write(self, text: str) -> int:
        raise OSError(28, "No space left on device")

    def flush(self) -> None:
        raise OSError(28, "No space left on device")


@pytest.mark.parametrize(
    ("lang", "message"),
    [
        ("en", "tthc: cannot write the output (No space left on device)\n"),
        ("vi", "tthc: không ghi được kết quả (No space left on device)\n"),
    ],
)
def test_output_that_cannot_be_written_is_a_message_not_a_traceback(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, lang: str, message: str
) -> None:
    import sys

    monkeypatch.setenv("TTHC_LANG", lang)
    monkeypatch.setattr(sys, "stdout", _FullDisk())
    assert main(["schema"]) == EXIT_USAGE
    assert capsys.readouterr().err == message
