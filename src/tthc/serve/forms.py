"""``POST /v1/forms/01`` and ``/v1/forms/04``: Forms 01 and 04 of Circular 03/2025/TT-VPCP
(giấy tiếp nhận và hẹn trả; văn bản xin lỗi và gia hạn), their values and rendered text."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Annotated, Any, Literal

from fastapi import FastAPI, Request
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, TypeAdapter

from tthc.dossier import clock_of
from tthc.dossierjson import (
    DeadlineRequest,
    DossierError,
    DossierRequest,
    Moment,
    deadline_of,
    moment_of,
    pauses_of,
)
from tthc.errors import TthcError, error_code
from tthc.i18n import Lang, Text
from tthc.serve.schemas import FormAnswer, answer_schema
from tthc.timeparse import parse_date

if TYPE_CHECKING:
    from tthc.catalog import Catalog
    from tthc.rules import Rules

Line = Annotated[str, StringConstraints(max_length=500)]
Name = Annotated[str, StringConstraints(min_length=1, max_length=500)]


class _FormFields(BaseModel):
    model_config = ConfigDict(extra="forbid")

    applicant: Name = Field(description="Tổ chức, cá nhân nộp hồ sơ")
    dossier_id: Line | None = Field(default=None, description="Mã hồ sơ")
    procedure_name: Line | None = Field(
        default=None, description="Tên thủ tục (default: the procedure's name)"
    )
    officer: Line | None = None
    agency: Line | None = None
    extra: dict[Line, Line] = Field(default_factory=dict, max_length=50)
    format: Literal["markdown", "text"] = "markdown"


class Form01Request(DeadlineRequest, _FormFields):
    """Form 01: the dossier's deadline request and what the receipt shows."""

    dossier_id: Name = Field(description="Mã hồ sơ")
    components: list[Line] | None = Field(
        default=None,
        max_length=200,
        description="Thành phần hồ sơ đã nhận (default: the procedure's dossier components)",
    )


class Form04Request(DossierRequest, _FormFields):
    """Form 04: the dossier (with its pauses), the reason and the new appointment."""

    agency: Name = Field(description="Cơ quan giải quyết")
    reason: Name = Field(description="Lý do chậm trễ")
    extra_working_days: Annotated[str, StringConstraints(max_length=16)] | int | None = Field(
        default=None, description="Working days after the first appointment (or give new_due)"
    )
    new_due: Moment | None = Field(default=None, description="The new appointment")
    issued_on: Annotated[str, StringConstraints(max_length=10)] | None = Field(
        default=None, description="Date of the letter, YYYY-MM-DD"
    )


REQUEST_MODELS: tuple[type[BaseModel], ...] = (Form01Request, Form04Request)

Parse = Callable[[TypeAdapter[Any], bytes], Any]
Body = Callable[[Request], Awaitable[bytes]]


def _procedure(catalog: Catalog | None, given: DeadlineRequest) -> Any:
    if given.procedure is None or catalog is None:
        return None
    return catalog.get(given.procedure)


def register(
    app: FastAPI,
    rules: Rules,
    catalog: Catalog | None,
    lang_of: Callable[[Request], Lang],
    body_of: Body,
    parsed: Parse,
    respond: Callable[[Any], Response],
    responses: dict[int | str, Any],
) -> None:
    """Add the two form routes to ``app``."""
    from tthc.forms import Form01, Form04, render

    def answer(form: Form01 | Form04, lang: Lang, fmt: Literal["markdown", "text"]) -> Response:
        return respond(
            {"form": form.FORM, "values": form.values(lang), "text": render(form, rules, lang, fmt)}
        )

    form01 = TypeAdapter(Form01Request)
    form04 = TypeAdapter(Form04Request)

    @app.post(
        "/v1/forms/01",
        tags=["forms"],
        summary="Form 01: receipt and appointment (giấy tiếp nhận hồ sơ và hẹn trả kết quả)",
        openapi_extra=_body(Form01Request),
        responses=responses,
    )
    async def form_01(request: Request) -> Response:
        lang = lang_of(request)
        given: Form01Request = parsed(form01, await body_of(request))
        deadline = deadline_of(rules, catalog, given)
        try:
            form = Form01.from_deadline(
                deadline,
                dossier_id=given.dossier_id,
                applicant=given.applicant,
                procedure=_procedure(catalog, given),
                procedure_name=given.procedure_name,
                components=given.components,
                officer=given.officer,
                agency=given.agency,
                extra=given.extra,
                lang=lang,
            )
        except TthcError as exc:
            raise DossierError(exc.text, "$", error_code(exc)) from None
        return answer(form, lang, given.format)

    @app.post(
        "/v1/forms/04",
        tags=["forms"],
        summary="Form 04: apology and new appointment (văn bản xin lỗi và hẹn lại)",
        openapi_extra=_body(Form04Request),
        responses=responses,
    )
    async def form_04(request: Request) -> Response:
        lang = lang_of(request)
        given: Form04Request = parsed(form04, await body_of(request))
        calendar = rules.calendar
        deadline = deadline_of(rules, catalog, given)
        pauses = pauses_of(given, calendar)
        new_due = None if given.new_due is None else moment_of(given.new_due, "$.new_due", calendar)
        issued = None
        if given.issued_on is not None:
            try:
                issued = parse_date(given.issued_on)
            except ValueError:
                text = Text(
                    f"issued_on: ngày {given.issued_on!r} không hợp lệ (YYYY-MM-DD)",
                    f"issued_on: invalid date {given.issued_on!r} (YYYY-MM-DD)",
                )
                raise DossierError(text, "$.issued_on", "date") from None
        try:
            clock = clock_of(rules, deadline, pauses, None)
            form = Form04.for_delay(
                rules,
                clock if clock is not None else deadline,
                agency=given.agency,
                applicant=given.applicant,
                reason=given.reason,
                extra_working_days=given.extra_working_days,
                new_due=new_due,
                procedure_name=given.procedure_name,
                procedure=_procedure(catalog, given),
                dossier_id=given.dossier_id,
                officer=given.officer,
                issued_on=issued,
                extra=given.extra,
            )
        except TthcError as exc:
            raise DossierError(exc.text, "$", error_code(exc)) from None
        return answer(form, lang, given.format)


def _body(model: type[BaseModel]) -> dict[str, Any]:
    return {
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": answer_schema(model)}},
        }
    }


__all__ = ["REQUEST_MODELS", "FormAnswer", "register"]
