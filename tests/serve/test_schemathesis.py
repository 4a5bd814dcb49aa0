"""Property-based API tests: schemathesis generates requests from the live service's own
OpenAPI document (valid and invalid ones) and checks every answer: no 5xx, a documented
status and content type, a body valid against the documented schema. Bounded: a fixed
number of examples per operation, so that ``make test`` stays short."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)
from tests.serve.conftest import Server

DOCUMENT = Path(__file__).resolve().parents[2] / "docs" / "openapi.json"

#: Examples per operation and mode: enough to reach every error path, bounded in time.
EXAMPLES = 40


def operations() -> list[Any]:
    """(method, path, mode) of every operation of the committed document (test_openapi.py
    checks that it is the one the service serves): valid requests for each, and requests
    that break the schema for each that has something to break (a body, a typed parameter)."""
    document = json.loads(DOCUMENT.read_text(encoding="utf-8"))
    out = []
    for path, item in document["paths"].items():
        for method, operation in item.items():
            out.append(pytest.param(method, path, GenerationMode.POSITIVE, id=f"{method} {path}"))
            typed = any(
                p.get("schema", {}).get("type") not in (None, "string")
                for p in operation.get("parameters", [])
            )
            if "requestBody" in operation or typed:
                out.append(
                    pytest.param(
                        method, path, GenerationMode.NEGATIVE, id=f"{method} {path} negative"
                    )
                )
    return out


@pytest.fixture(scope="module")
def api_schema(server: Server) -> Any:
    return schemathesis.openapi.from_url(f"{server.url}/openapi.json")


@pytest.mark.parametrize(("method", "path", "mode"), operations())
def test_no_server_error_and_answers_match_the_schema(
    api_schema: Any, server: Server, method: str, path: str, mode: GenerationMode
) -> None:
    """Valid requests (positive) and requests that break the schema (negative)."""
    operation = api_schema[path][method.upper()]

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
        database=None,
    )
    def check(case: Any) -> None:
        case.call_and_validate(
            base_url=server.url,
            checks=[
                not_a_server_error,
                status_code_conformance,
                content_type_conformance,
                response_schema_conformance,
            ],
            timeout=60,
        )

    check()
