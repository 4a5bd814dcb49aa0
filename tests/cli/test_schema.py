"""``tthc schema``: the JSON Schemas of catalog files, the copies shipped in the package and in
the sample catalog, and ``--write DIR``."""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from importlib.resources import files
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from pydantic import ValidationError

from tthc.cli import EXIT_OK, EXIT_USAGE, main
from tthc.cli.schema import KINDS, SCHEMA_ID, schema_text
from tthc.model import PROCEDURE_CODE_RE, Procedure

CATALOG = Path(__file__).resolve().parents[2] / "catalog"


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


@pytest.mark.parametrize("kind", KINDS)
def test_shipped_schemas_are_up_to_date(kind: str) -> None:
    shipped = files("tthc") / "schema" / f"{kind}.schema.json"
    assert shipped.read_text(encoding="utf-8") == schema_text(kind), (
        "regenerate with: tthc schema --write src/tthc/schema"
    )
    sample = CATALOG / "schema" / f"{kind}.schema.json"
    assert sample.read_text(encoding="utf-8") == schema_text(kind), (
        "regenerate with: tthc schema --write catalog/schema"
    )


def test_write_puts_the_three_schemas_in_a_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TTHC_LANG", "en")
    target = tmp_path / "repo" / "schema"  # made when missing
    assert main(["schema", "--write", str(target)]) == EXIT_OK
    written = sorted(p.name for p in target.iterdir())
    assert written == ["agencies.schema.json", "fields.schema.json", "procedure.schema.json"]
    assert capsys.readouterr().out == "".join(
        f"wrote {target / f'{kind}.schema.json'}\n" for kind in KINDS
    )
    for kind in KINDS:
        assert (target / f"{kind}.schema.json").read_text(encoding="utf-8") == schema_text(kind)


def test_write_into_a_file_is_a_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TTHC_LANG", "en")
    blocker = tmp_path / "schema"
    blocker.write_text("not a folder")
    assert main(["schema", "--write", str(blocker)]) == EXIT_USAGE
    assert capsys.readouterr().err.startswith("tthc: ")


def _schema_comment(path: Path) -> Path:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    prefix = "# yaml-language-server: $schema="
    assert first.startswith(prefix), path
    return (path.parent / first[len(prefix) :]).resolve()


@pytest.mark.parametrize(
    "path",
    [
        CATALOG / "fields.yaml",
        CATALOG / "agencies.yaml",
        *sorted(CATALOG.glob("procedures/*.yaml")),
    ],
    ids=lambda p: p.name,
)
def test_sample_files_name_a_schema_inside_the_catalog_and_match_it(path: Path) -> None:
    # A catalog-only repository has no src/: the schema the comment names lies in the catalog.
    schema_path = _schema_comment(path)
    assert schema_path.is_relative_to(CATALOG.resolve())
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    errors = list(jsonschema.Draft202012Validator(schema).iter_errors(_json_ready(data)))
    assert errors == [], [e.message for e in errors[:3]]


def _json_ready(value: Any) -> Any:
    """YAML's dates as the strings an editor's schema check sees."""
    if isinstance(value, dict):
        return {k: _json_ready(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_json_ready(v) for v in value]
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return value


def test_a_registry_schema_refuses_an_unknown_key() -> None:
    schema = json.loads(schema_text("fields"))
    validator = jsonschema.Draft202012Validator(schema)
    assert validator.is_valid([{"id": "tu-phap", "name": "Tư pháp"}])
    assert not validator.is_valid([{"id": "tu-phap", "name": "Tư pháp", "nme": "x"}])
    assert not validator.is_valid({"id": "tu-phap"})
    assert validator.is_valid({"fields": [{"id": "tu-phap", "name": "Tư pháp"}]})
    assert not validator.is_valid({"agencies": [{"id": "tu-phap", "name": "Tư pháp"}]})


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
