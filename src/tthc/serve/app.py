"""The HTTP/JSON application of ``tthc serve`` (dịch vụ tính hạn): :func:`create_app`.

Everything a request can reach was built before the first request: the rules (plugins
loaded once, at start-up), the calendar and the catalog. No request loads a plugin, imports
code or opens a file: a procedure is looked up in the loaded catalog, and ``/v1/validate``
checks the YAML of its body in memory.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from datetime import datetime
from typing import TYPE_CHECKING, Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.utils import get_openapi
from fastapi.responses import Response
from pydantic import BaseModel, TypeAdapter, ValidationError
from pydantic.json_schema import models_json_schema
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from tthc.dossier import result, working_time_words
from tthc.dossierjson import (
    DossierError,
    DossierRequest,
    deadline_of,
    evaluate,
    moment_of,
    request_errors,
)
from tthc.dossierjson.fastread import plain_request
from tthc.dossierjson.grouped import answer_texts
from tthc.errors import TthcError, error_code
from tthc.i18n import Lang, Text
from tthc.serve import schemas
from tthc.serve.fastlane import DeadlineLane
from tthc.serve.middleware import LimitsAndLogs, too_large
from tthc.serve.problems import MEDIA_TYPE, Problem, negotiate_lang, problem, problem_bytes
from tthc.serve.settings import Settings
from tthc.timeparse import parse_date

if TYPE_CHECKING:
    from tthc.catalog import Catalog
    from tthc.rules import Rules

__all__ = ["API_VERSION", "create_app"]

API_VERSION = "1"
log = logging.getLogger("tthc.serve")

JSON = "application/json"
YAML_TYPES = ("application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml", "text/plain")


def plain_requests(body: bytes) -> list[DossierRequest] | None:
    """The dossiers of a body (one object, or an array), read with :mod:`json` when every one
    is plainly valid (:func:`tthc.dossierjson.fastread.plain_request`); ``None``: let
    pydantic read the body, which gives the same requests or the errors with their paths."""
    try:
        data = json.loads(body.decode("utf-8"))
    except (ValueError, RecursionError):  # not UTF-8, not JSON, or nested too deep
        return None
    out = []
    for item in data if type(data) is list else [data]:
        request = plain_request(item)
        if request is None:
            return None
        out.append(request)
    return out


def json_response(data: Any, status: int = 200) -> Response:
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return Response(body, status_code=status, media_type=JSON)


def problem_response(
    status: int,
    code: str,
    detail: Text,
    lang: Lang,
    errors: Sequence[tuple[str, Text]] = (),
) -> Response:
    body = problem(status, code, detail, lang, errors)
    headers = {"Content-Language": lang}
    return Response(problem_bytes(body), status_code=status, media_type=MEDIA_TYPE, headers=headers)


def _problem_content(description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {MEDIA_TYPE: {"schema": schemas.answer_schema(schemas.Problem)}},
    }


_PROBLEMS: dict[int, str] = {
    400: "Malformed JSON or YAML",
    404: "Unknown procedure or path",
    408: "The body took too long to arrive",
    413: "Body or array too large",
    415: "Body not in a supported media type",
    422: "Invalid input (each bad field with its JSON path)",
    503: "Computation took too long, or the service is stopping",
}


def _responses(
    model: type[BaseModel] | None, *codes: int, media: str = JSON
) -> dict[int | str, Any]:
    out: dict[int | str, Any] = {}
    if model is not None:
        out[200] = {
            "description": "OK",
            "content": {media: {"schema": schemas.answer_schema(model)}},
        }
    for code in (*codes, 503):
        out[code] = _problem_content(_PROBLEMS[code])
    return out


def _json_body(schema: dict[str, Any], media: tuple[str, ...] = (JSON,)) -> dict[str, Any]:
    return {"requestBody": {"required": True, "content": {m: {"schema": schema} for m in media}}}


def create_app(rules: Rules, catalog: Catalog | None, settings: Settings | None = None) -> FastAPI:
    """The service for ``rules`` and ``catalog`` (``None``: no catalog), with ``settings``.

    The rules' calendar is built here, so that the first request does not pay for it.
    """
    settings = settings or Settings()
    calendar = rules.calendar
    default_lang: Lang = settings.lang or rules.config.lang or "vi"
    codes = catalog.codes() if catalog is not None else []
    state = {"ready": False}

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        state["ready"] = True
        yield
        state["ready"] = False  # /readyz says so while requests in flight finish

    single = TypeAdapter(DossierRequest)
    many = TypeAdapter(list[DossierRequest])
    clock_adapter = TypeAdapter(schemas.ClockRequest)

    app = FastAPI(
        title="tthc",
        version=_version(),
        summary="Hạn giải quyết thủ tục hành chính / Deadlines of Vietnamese administrative "
        "procedures",
        description=(
            "Appointment dates, dossier clocks, the public-sector calendar and the procedure "
            "catalog, computed by the tthc library. Moments are ISO 8601; without a zone "
            "they are Vietnam time (+07:00). Errors are RFC 9457 problem details in the "
            "language of `Accept-Language` (vi or en)."
        ),
        openapi_url="/openapi.json",
        docs_url="/docs",
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.rules = rules
    app.state.catalog = catalog
    app.state.settings = settings

    def lang_of(request: Request) -> Lang:
        return negotiate_lang(request.headers.get("accept-language"), default_lang)

    # -- reading bodies -----------------------------------------------------------------

    async def body_of(request: Request, media: tuple[str, ...] = (JSON,)) -> bytes:
        kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if kind and kind not in media and not (JSON in media and kind.endswith("+json")):
            raise Problem(
                415,
                "media_type",
                Text(
                    f"kiểu nội dung {kind!r} không được hỗ trợ; dùng {', '.join(media)}",
                    f"content type {kind!r} is not supported; use {', '.join(media)}",
                ),
            )
        return await request.body()

    def parsed(adapter: TypeAdapter[Any], body: bytes, root: str = "$") -> Any:
        try:
            return adapter.validate_json(body)
        except ValidationError as exc:
            errors = request_errors(exc, root)
            if any(e.get("type") == "json_invalid" for e in exc.errors(include_url=False)):
                raise Problem(400, "json", errors[0][1], errors) from None
            raise Problem(422, "invalid", errors[0][1], errors) from None

    async def computed(fn: Callable[[], Any]) -> Any:
        """``fn`` in a worker thread, stopped waiting for after ``compute_timeout``."""
        try:
            return await asyncio.wait_for(run_in_threadpool(fn), settings.compute_timeout)
        except asyncio.TimeoutError:
            raise Problem(
                503,
                "timeout",
                Text(
                    f"tính toán quá {settings.compute_timeout:g} giây; hãy chia nhỏ yêu cầu",
                    f"the computation took more than {settings.compute_timeout:g} s; "
                    "send smaller requests",
                ),
            ) from None

    # -- errors ---------------------------------------------------------------------------

    @app.exception_handler(Problem)
    async def _problem(request: Request, exc: Problem) -> Response:
        return problem_response(exc.status, exc.code, exc.detail, lang_of(request), exc.errors)

    @app.exception_handler(DossierError)
    async def _dossier(request: Request, exc: DossierError) -> Response:
        code = exc.code or "invalid"
        return problem_response(422, code, exc.text, lang_of(request), [(exc.path, exc.text)])

    @app.exception_handler(TthcError)
    async def _tthc(request: Request, exc: TthcError) -> Response:
        return problem_response(422, error_code(exc), exc.text, lang_of(request))

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        errors: list[tuple[str, Text]] = []
        for error in exc.errors():
            loc = [str(part) for part in error.get("loc", ())]
            where = ".".join(loc) or "request"
            errors.append(
                (where, Text(f"{where}: {error.get('msg')}", f"{where}: {error.get('msg')}"))
            )
        first = errors[0][1] if errors else Text("yêu cầu không hợp lệ", "invalid request")
        return problem_response(422, "invalid", first, lang_of(request), errors)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        lang = lang_of(request)
        if exc.status_code == 404:
            text = Text(
                f"không có đường dẫn {request.url.path!r}; xem /docs",
                f"no such path {request.url.path!r}; see /docs",
            )
            return problem_response(404, "not_found", text, lang)
        if exc.status_code == 405:
            text = Text(
                f"{request.method} không dùng được với {request.url.path!r}",
                f"{request.method} is not allowed on {request.url.path!r}",
            )
            response = problem_response(405, "method", text, lang)
            if exc.headers:
                response.headers.update(exc.headers)
            return response
        text = Text(str(exc.detail), str(exc.detail))
        return problem_response(exc.status_code, "http", text, lang)

    @app.exception_handler(Exception)
    async def _bug(request: Request, exc: Exception) -> Response:
        log.exception("unexpected error on %s %s", request.method, request.url.path)
        text = Text(
            "lỗi trong dịch vụ (đã ghi vào nhật ký); xin báo cho người quản trị",
            "internal error (logged); please tell the operator",
        )
        return problem_response(500, "internal", text, lang_of(request))

    # -- deadlines --------------------------------------------------------------------------

    deadline_body = {
        "oneOf": [
            schemas.answer_schema(DossierRequest),
            {
                "type": "array",
                "items": schemas.answer_schema(DossierRequest),
                "maxItems": settings.max_items,
            },
        ]
    }
    deadline_answer = {
        "oneOf": [
            schemas.answer_schema(schemas.DeadlineAnswer),
            {"type": "array", "items": schemas.answer_schema(schemas.DeadlineAnswer)},
        ]
    }

    @app.post(
        "/v1/deadlines",
        tags=["deadlines"],
        summary="Appointment dates (ngày hẹn trả) for one dossier or an array of dossiers",
        openapi_extra={
            **_json_body(deadline_body),
            "responses": {
                "200": {"description": "OK", "content": {JSON: {"schema": deadline_answer}}}
            },
        },
        responses=_responses(None, 400, 413, 415, 422),
    )
    async def deadlines(request: Request) -> Response:
        """One object, or an array of up to the configured limit (10,000 by default), each
        ``{received_at, time | duration | procedure (+ case, channel), pauses, finished_at}``;
        the answers have the fields of ``tthc due --format json``, in the input's order. A bad
        item makes the whole request a 422 whose errors give its index (``$[3].received_at``)."""
        lang = lang_of(request)
        body = await body_of(request)
        plain = plain_requests(body)
        if body.lstrip()[:1] != b"[":
            one: DossierRequest = plain[0] if plain else parsed(single, body)
            return json_response(evaluate(rules, catalog, one, lang))
        items: list[DossierRequest] = plain if plain is not None else parsed(many, body)
        if len(items) > settings.max_items:
            raise Problem(
                413,
                "too_many",
                Text(
                    f"mảng có {len(items)} hồ sơ, quá giới hạn {settings.max_items}",
                    f"the array holds {len(items)} dossiers, over the limit of "
                    f"{settings.max_items}",
                ),
            )
        answers = await computed(lambda: answer_texts(rules, catalog, items, lang, compact=True))
        errors = [
            (f"$[{index}]{answer.path[1:]}", answer.text)
            for index, answer in enumerate(answers)
            if isinstance(answer, DossierError)
        ]
        if errors:
            first = next(a for a in answers if isinstance(a, DossierError))
            raise Problem(422, first.code or "invalid", errors[0][1], errors)
        text = "[" + ",".join(a for a in answers if isinstance(a, str)) + "]"
        return Response(text.encode("utf-8"), media_type=JSON)

    # -- the dossier clock -------------------------------------------------------------------

    @app.post(
        "/v1/clock",
        tags=["deadlines"],
        summary="A dossier's clock: status, due moment, lateness and time left",
        openapi_extra=_json_body(schemas.answer_schema(schemas.ClockRequest)),
        responses=_responses(schemas.ClockAnswer, 400, 413, 415, 422),
    )
    async def clock(request: Request) -> Response:
        """The dossier's events (``pause``, ``resume``, ``finish``) in order, and an optional
        ``as_of`` (default: now): its status then, due moment after the pauses, lateness in
        working time and working days, and the working time left (negative when late)."""
        from tthc.calendar import as_local
        from tthc.sla import DossierClock, iso_duration, status_text, working_days_of

        lang = lang_of(request)
        given: schemas.ClockRequest = parsed(clock_adapter, await body_of(request))
        deadline = deadline_of(rules, catalog, given)
        dossier: DossierClock = rules.clock(deadline)
        for number, event in enumerate(given.events):
            at = moment_of(event.at, f"$.events[{number}].at", calendar)
            try:
                if event.kind == "pause":
                    dossier = dossier.pause(at, event.note)
                elif event.kind == "resume":
                    dossier = dossier.resume(at, event.note)
                else:
                    dossier = dossier.finish(at, event.note)
            except TthcError as exc:
                raise DossierError(exc.text, f"$.events[{number}]", error_code(exc)) from None
        if given.as_of is None:
            as_of = as_local(datetime.now().astimezone())
        else:
            as_of = moment_of(given.as_of, "$.as_of", calendar)
        try:
            status = dossier.status_at(as_of)
            left = dossier.remaining(as_of)
        except TthcError as exc:
            raise DossierError(exc.text, "$.as_of", error_code(exc)) from None
        answer = result(deadline, dossier, lang)
        answer.update(
            {
                "as_of": as_of.isoformat(),
                "status_as_of": status,
                "status_as_of_text": status_text(status, lang),
                "remaining": iso_duration(left),
                "remaining_days": str(working_days_of(left)),
                "remaining_text": working_time_words(left)(lang),
            }
        )
        return json_response(answer)

    # -- calendar -----------------------------------------------------------------------------

    def check_year(year: int) -> None:
        if not calendar.first_year <= year <= calendar.last_year:
            raise Problem(
                404,
                "year",
                Text(
                    f"năm {year} nằm ngoài lịch làm việc "
                    f"({calendar.first_year}-{calendar.last_year})",
                    f"year {year} is outside the working calendar "
                    f"({calendar.first_year}-{calendar.last_year})",
                ),
            )

    calendar_responses = _responses(schemas.CalendarAnswer, 404, 422)
    calendar_responses[200]["content"]["text/calendar"] = {"schema": {"type": "string"}}

    @app.get(
        "/v1/calendar/{year}",
        tags=["calendar"],
        summary="Days off and make-up working days of a year, with their sources",
        responses=calendar_responses,
    )
    async def calendar_year(request: Request, year: int, format: str | None = None) -> Response:
        """JSON by default; iCalendar (RFC 5545) with ``Accept: text/calendar`` or
        ``?format=ics``."""
        from tthc.cli.calendar import as_ics, as_json

        lang = lang_of(request)
        wanted = format or ""
        if wanted not in ("", "json", "ics"):
            raise Problem(
                422,
                "format",
                Text(
                    f"format {wanted!r} không hợp lệ (json | ics)",
                    f"unknown format {wanted!r} (json | ics)",
                ),
                [("query.format", Text("json | ics", "json | ics"))],
            )
        accept = request.headers.get("accept", "")
        ics = wanted == "ics" or (not wanted and "text/calendar" in accept)
        check_year(year)
        days = calendar.days(year)
        if ics:
            text = as_ics(days, year, rules.province or "national", lang)
            return Response(text.encode("utf-8"), media_type="text/calendar; charset=utf-8")
        return json_response(
            {"year": year, "province": rules.province, "days": as_json(days, lang)}
        )

    @app.get(
        "/v1/calendar/days/{day}",
        tags=["calendar"],
        summary="Why a day is or is not a working day (calendar.explain)",
        responses=_responses(schemas.DayAnswer, 404, 422),
    )
    async def calendar_day(request: Request, day: str) -> Response:
        lang = lang_of(request)
        try:
            when = parse_date(day) if len(day) <= 32 else None
        except ValueError:
            when = None
        if when is None:
            text = Text(
                f"ngày {day[:40]!r} không hợp lệ; dùng YYYY-MM-DD",
                f"invalid date {day[:40]!r}; use YYYY-MM-DD",
            )
            raise Problem(422, "date", text, [("path.day", text)])
        check_year(when.year)
        explained = calendar.explain(when)
        data = explained.as_dict()
        data["text"] = explained.text(lang)
        return json_response(data)

    # -- catalog --------------------------------------------------------------------------------

    def summary_of(procedure: Any) -> dict[str, Any]:
        return {
            "code": procedure.code,
            "name": procedure.name,
            "field": procedure.field,
            "levels": [level.value for level in procedure.levels],
            "times": [
                (f"{case.name}: " if case.name else "") + case.effective.text(lang="vi")
                for case in procedure.processing_time
            ],
        }

    @app.get(
        "/v1/procedures",
        tags=["catalog"],
        summary="The procedures of the loaded catalog",
        responses=_responses(schemas.ProceduresAnswer),
    )
    async def procedures() -> Response:
        listed = [summary_of(p) for p in catalog] if catalog is not None else []
        return json_response({"count": len(listed), "procedures": listed})

    @app.get(
        "/v1/procedures/{code}",
        tags=["catalog"],
        summary="One procedure of the loaded catalog, as its catalog file holds it",
        responses=_responses(None, 404),
    )
    async def procedure(request: Request, code: str) -> Response:
        found = catalog.get(code) if catalog is not None and len(code) <= 100 else None
        if found is None:
            from tthc.catalog import unknown_code

            raise Problem(404, "procedure_not_found", unknown_code(code[:100], codes))
        return json_response(found.model_dump(mode="json", exclude_none=True))

    # -- validation --------------------------------------------------------------------------

    validate_responses = _responses(None, 413, 415)
    validate_responses[200] = {
        "description": "The findings (an empty array: none)",
        "content": {
            JSON: {
                "schema": {"type": "array", "items": schemas.answer_schema(schemas.FindingAnswer)}
            }
        },
    }

    @app.post(
        "/v1/validate",
        tags=["catalog"],
        summary="Check one procedure file (its YAML in the body): the findings",
        openapi_extra={
            "requestBody": {
                "required": True,
                "content": {m: {"schema": {"type": "string"}} for m in YAML_TYPES[:1]},
            }
        },
        responses=validate_responses,
    )
    async def validate(request: Request) -> Response:
        """The findings of ``tthc validate --format json`` for the procedure file in the body
        (at most 1 MiB), checked with the loaded catalog's registries; ``path`` is
        ``<request>``."""
        from tthc.catalog import Catalog
        from tthc.yamlsource import MAX_BYTES

        lang = lang_of(request)
        body = await body_of(request, YAML_TYPES)
        if len(body) > MAX_BYTES:
            raise too_large(MAX_BYTES)

        def check() -> list[dict[str, Any]]:
            one = Catalog.from_text(body, "<request>", registries=catalog)
            return [f.as_dict(lang) for f in rules.validate(one)]

        return json_response(await computed(check))

    # -- forms ---------------------------------------------------------------------------------

    from tthc.serve import forms as form_routes

    form_routes.register(
        app,
        rules,
        catalog,
        lang_of,
        body_of,
        parsed,
        json_response,
        _responses(schemas.FormAnswer, 400, 413, 415, 422),
    )

    # -- plugins and health --------------------------------------------------------------------

    @app.get(
        "/v1/plugins",
        tags=["service"],
        summary="The loaded plugins (tthc plugins)",
        responses=_responses(schemas.PluginsAnswer),
    )
    async def plugins(request: Request) -> Response:
        from tthc.cli.plugins import plugin_record

        lang = lang_of(request)
        records = [plugin_record(info, lang) for info in rules.plugins]
        return json_response({"province": rules.province, "plugins": records})

    @app.get(
        "/healthz",
        tags=["service"],
        summary="The process answers",
        responses=_responses(schemas.HealthAnswer),
    )
    async def healthz() -> Response:
        return json_response({"status": "ok"})

    @app.get(
        "/readyz",
        tags=["service"],
        summary="Rules, calendar and catalog are loaded and the service is not stopping",
        responses=_responses(schemas.ReadyAnswer),
    )
    async def readyz(request: Request) -> Response:
        if not state["ready"]:
            text = Text("dịch vụ đang dừng", "the service is stopping")
            raise Problem(503, "stopping", text)
        return json_response(
            {
                "status": "ready",
                "province": rules.province,
                "procedures": len(codes),
                "calendar_years": [calendar.first_year, calendar.last_year],
            }
        )

    from tthc.serve.pages import add_pages  # the staff page at /

    add_pages(app, rules, catalog, default_lang)
    app.openapi = lambda: _openapi(app)  # type: ignore[method-assign]
    # the fast lane inside the limits and logs: it reads bodies through them
    app.add_middleware(DeadlineLane, rules=rules, catalog=catalog, default_lang=default_lang)
    app.add_middleware(LimitsAndLogs, settings=settings, default_lang=default_lang)
    return app


#: The models the document's components hold (requests in validation mode, answers in
#: serialization mode).
_REQUEST_MODELS: tuple[type[BaseModel], ...] = (DossierRequest, schemas.ClockRequest)


def _openapi(app: FastAPI) -> dict[str, Any]:
    """The OpenAPI 3.1 document: FastAPI's, with the request and answer models added."""
    if app.openapi_schema is not None:
        return app.openapi_schema
    document = get_openapi(
        title=app.title,
        version=app.version,
        openapi_version=app.openapi_version,
        summary=app.summary,
        description=app.description,
        routes=app.routes,
        tags=[
            {"name": "deadlines", "description": "Hạn giải quyết / deadlines and clocks"},
            {"name": "calendar", "description": "Lịch làm việc / the working calendar"},
            {"name": "catalog", "description": "Danh mục thủ tục / the procedure catalog"},
            {"name": "forms", "description": "Mẫu biểu / forms of Circular 03/2025/TT-VPCP"},
            {"name": "service", "description": "Plugins, health and readiness"},
        ],
    )
    from tthc.serve.forms import REQUEST_MODELS as FORM_MODELS

    pairs: list[tuple[type[BaseModel], Any]] = [
        (m, "validation") for m in (*_REQUEST_MODELS, *FORM_MODELS)
    ] + [(m, "serialization") for m in schemas.ANSWER_MODELS]
    _, top = models_json_schema(pairs, ref_template="#/components/schemas/{model}")
    components = document.setdefault("components", {}).setdefault("schemas", {})
    for name, schema in top.get("$defs", {}).items():
        components.setdefault(name, schema)
    # FastAPI's own validation-error models are not used: errors are problem details.
    for unused in ("HTTPValidationError", "ValidationError"):
        components.pop(unused, None)
    for path in document.get("paths", {}).values():
        for operation in path.values():
            if _fastapi_422(operation):
                del operation["responses"]["422"]
    app.openapi_schema = document
    return document


def openapi_text(settings: Settings | None = None) -> str:
    """The OpenAPI document of the service (docs/openapi.json), as ``tthc serve --openapi``
    prints it: it depends on the settings' limits, not on the rules or the catalog."""
    from tthc.catalog import Catalog
    from tthc.rules import Rules

    app = create_app(Rules.national(), Catalog(), settings or Settings())
    return json.dumps(app.openapi(), ensure_ascii=False, indent=2) + "\n"


def _fastapi_422(operation: dict[str, Any]) -> bool:
    answer = operation.get("responses", {}).get("422", {})
    content = answer.get("content", {})
    return JSON in content and MEDIA_TYPE not in content


def _version() -> str:
    from tthc import __version__

    return __version__
