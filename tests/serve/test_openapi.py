"""The committed OpenAPI document (docs/openapi.json) is the one the service serves."""

from __future__ import annotations

import json
from pathlib import Path

from tthc.serve.app import openapi_text

DOCUMENT = Path(__file__).resolve().parents[2] / "docs" / "openapi.json"


def test_committed_document_is_current() -> None:
    assert json.loads(DOCUMENT.read_text(encoding="utf-8")) == json.loads(openapi_text()), (
        "docs/openapi.json is stale: run `tthc serve --openapi > docs/openapi.json`"
    )


def test_document_is_openapi_3_1_with_every_endpoint() -> None:
    document = json.loads(openapi_text())
    assert document["openapi"].startswith("3.1")
    assert set(document["paths"]) == {
        "/v1/deadlines",
        "/v1/clock",
        "/v1/calendar/{year}",
        "/v1/calendar/days/{day}",
        "/v1/procedures",
        "/v1/procedures/{code}",
        "/v1/validate",
        "/v1/forms/01",
        "/v1/forms/04",
        "/v1/plugins",
        "/healthz",
        "/readyz",
    }
    refs = json.dumps(document).count('"#/components/schemas/')
    assert refs and all(
        name in document["components"]["schemas"]
        for name in ("DossierRequest", "DeadlineAnswer", "Problem", "ClockRequest")
    )
