"""tthc.dossierjson: the JSON dossier shared by ``tthc due --batch`` and the service."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from tthc.catalog import ProcedureNotFound
from tthc.dossierjson import (
    DossierError,
    DossierRequest,
    evaluate,
    evaluate_many,
    json_path,
    request_errors,
)
from tthc.errors import CalendarError, DurationError, error_code
from tthc.i18n import Text
from tthc.rules import Rules


def test_json_path() -> None:
    assert json_path(("pauses", 1, "end")) == "$.pauses[1].end"
    assert json_path(()) == "$"
    assert json_path(("list[DossierRequest]", 3, "received_at")) == "$[3].received_at"


def test_error_codes() -> None:
    assert error_code(DurationError(Text("a", "b"))) == "duration"
    assert error_code(CalendarError(Text("a", "b"))) == "calendar"
    assert error_code(ProcedureNotFound(Text("a", "b"))) == "procedure_not_found"
    assert error_code(DossierError(Text("a", "b"), "$.x", "no_catalog")) == "no_catalog"


def test_request_errors_speak_both_languages() -> None:
    with pytest.raises(ValidationError) as info:
        DossierRequest.model_validate({"received_at": 5, "time": "3 ngày", "colour": "red"})
    errors = dict(request_errors(info.value))
    assert set(errors) == {"$.received_at", "$.colour"}
    assert errors["$.colour"].en == "Extra inputs are not permitted"
    assert errors["$.colour"].vi.startswith("trường không được phép")


def test_exactly_one_time() -> None:
    with pytest.raises(ValidationError) as info:
        DossierRequest.model_validate(
            {"received_at": "2026-11-26", "time": "3 ngày", "procedure": "1.0"}
        )
    ((path, text),) = request_errors(info.value)
    assert path == "$"
    assert text.vi == "cần đúng một trong time, duration và procedure"


def test_evaluate_many_keeps_order_and_errors_in_place() -> None:
    rules = Rules.national()
    good = DossierRequest(received_at="2026-11-26 10:00", time="3 ngày làm việc")
    bad = DossierRequest(received_at="2026-11-26 10:00", time="ba ngày")
    out = evaluate_many(rules, None, [good, bad, good], "en")
    assert out[0] == out[2] == evaluate(rules, None, good, "en")
    assert isinstance(out[1], DossierError) and out[1].path == "$.time"
