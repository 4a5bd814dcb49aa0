"""``POST /v1/forms/01`` and ``/v1/forms/04``: Forms 01 and 04 of Circular 03/2025/TT-VPCP
(giấy tiếp nhận và hẹn trả; văn bản xin lỗi và gia hạn): their values and rendered text as
JSON, or the form as a Word file (``Accept`` the .docx media type, or ``?format=docx``)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Annotated, Any, Literal

from fastapi import FastAPI, Request
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, TypeAdapter
from starlette.concurrency import run_in_threadpool

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
from tthc.formword import DOCX_MEDIA_TYPE
from tthc.i18n import Lang, Text
from tthc.serve.problems import Problem
from tthc.serve.schemas import FormAnswer, answer_schema
from tthc.timeparse import parse_date

if TYPE_CHECKING:
    from tthc.catalog import Catalog
    from tthc.forms import Form01, Form04
    from tthc.rules import Rules
    from tthc.sla import Deadline

Line = Annotated[str, StringConstraints(max_length=500)]
Name = Annotated[str, StringConstraints(min_length=1, max_length=500)]
Day = Annotated[str, StringConstraints(max_length=10)]


class _FormFields(BaseModel):
    model_config = ConfigDict(extra="forbid")

    applicant: Name = Field(description="Tổ chức, cá nhân nộp hồ sơ")
    dossier_id: Line | None = Field(default=None, description="Mã hồ sơ")
    procedure_name: Line | None = Field(
        default=None, description="Tên thủ tục (default: the procedure's name)"
    )
    officer: Line | None = Field(default=None, description="Người tiếp nhận / người ký")
    agency: Line | None = Field(default=None, description="Cơ quan tiếp nhận / giải quyết")
    parent_agency: Line | None = Field(default=None, description="Cơ quan chủ quản")
    number: Line | None = Field(default=None, description="Số của giấy (as the agency writes it)")
    place: Line | None = Field(default=None, description="Địa danh (date line)")
    issued_on: Day | None = Field(default=None, description="Date of the form, YYYY-MM-DD")
    address: Line | None = Field(default=None, description="Địa chỉ người nộp")
    phone: Line | None = Field(default=None, description="Số điện thoại")
    email: Line | None = Field(default=None, description="Thư điện tử")
    extra: dict[Line, Line] = Field(default_factory=dict, max_length=50)
    format: Literal["markdown", "text"] = Field(
        default="markdown", description="The flavour of `text` in the JSON answer"
    )


class Form01Request(DeadlineRequest, _FormFields):
    """Form 01: the dossier's deadline request and what the receipt shows."""

    dossier_id: Name = Field(description="Mã hồ sơ")
    components: list[Line] | None = Field(
        default=None,
        max_length=200,
        description="Thành phần hồ sơ đã nhận (default: the procedure's dossier components)",
    )
    sets: int | None = Field(default=None, ge=1, le=1000, description="Số lượng hồ sơ (bộ)")
    legal_time: Line | None = Field(
        default=None, description="Thời gian giải quyết theo quy định (default: the deadline's)"
    )
    result_place: Line | None = Field(default=None, description="Nơi trả kết quả")
    register_book: Line | None = Field(default=None, description="Sổ theo dõi hồ sơ: quyển số")
    register_entry: Line | None = Field(default=None, description="Sổ theo dõi hồ sơ: số thứ tự")


class Form04Request(DossierRequest, _FormFields):
    """Form 04: the dossier (with its pauses), the reason and the new appointment."""

    agency: Name = Field(description="Cơ quan giải quyết")
    reason: Name = Field(description="Lý do chậm trễ")
    extra_working_days: Annotated[str, StringConstraints(max_length=16)] | int | None = Field(
        default=None, description="Working days after the first appointment (or give new_due)"
    )
    new_due: Moment | None = Field(default=None, description="The new appointment")
    signer_title: Line | None = Field(default=None, description="Chức danh người ký")


REQUEST_MODELS: tuple[type[BaseModel], ...] = (Form01Request, Form04Request)

Parse = Callable[[TypeAdapter[Any], bytes], Any]
Body = Callable[[Request], Awaitable[bytes]]
_FormRequest = Form01Request | Form04Request
Build = Callable[[Any, "Deadline", Lang], "Form01 | Form04"]


def _procedure(catalog: Catalog | None, given: DeadlineRequest) -> Any:
    if given.procedure is None or catalog is None:
        return None
    return catalog.get(given.procedure)


def _issued_on(given: _FormFields) -> Any:
    if given.issued_on is None:
        return None
    try:
        return parse_date(given.issued_on)
    except ValueError:
        text = Text(
            f"issued_on: ngày {given.issued_on!r} không hợp lệ (YYYY-MM-DD)",
            f"issued_on: invalid date {given.issued_on!r} (YYYY-MM-DD)",
        )
        raise DossierError(text, "$.issued_on", "date") from None


def _common(given: _FormFields, catalog: Catalog | None) -> dict[str, Any]:
    """The arguments both forms take the same way."""
    return {
        "applicant": given.applicant,
        "procedure": _procedure(catalog, given),  # type: ignore[arg-type]
        "procedure_name": given.procedure_name,
        "dossier_id": given.dossier_id,
        "officer": given.officer,
        "agency": given.agency,
        "extra": given.extra,
        "number": given.number,
        "parent_agency": given.parent_agency,
        "place": given.place,
        "issued_on": _issued_on(given),
        "address": given.address,
        "phone": given.phone,
        "email": given.email,
    }


def wants_docx(request: Request, wanted: str | None) -> bool:
    """Whether the answer is the Word file: ``?format=docx``, or (without ``format``) an
    ``Accept`` header naming the .docx media type; ``?format=json`` is the JSON answer."""
    if wanted not in (None, "json", "docx"):
        raise Problem(
            422,
            "format",
            Text(
                f"format {wanted!r} không hợp lệ (json | docx)",
                f"unknown format {wanted!r} (json | docx)",
            ),
            [("query.format", Text("json | docx", "json | docx"))],
        )
    if wanted is not None:
        return wanted == "docx"
    return DOCX_MEDIA_TYPE in request.headers.get("accept", "")


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
    """Add the two form routes to ``app``: one handler, two ways of building the form."""
    from tthc.forms import Form01, Form04, render
    from tthc.formword import render_docx

    def form_01(given: Form01Request, deadline: Deadline, lang: Lang) -> Form01:
        return Form01.from_deadline(
            deadline,
            components=given.components,
            sets=given.sets,
            legal_time=given.legal_time,
            result_place=given.result_place,
            register_book=given.register_book,
            register_entry=given.register_entry,
            lang=lang,
            **_common(given, catalog),
        )

    def form_04(given: Form04Request, deadline: Deadline, lang: Lang) -> Form04:
        new_due = None
        if given.new_due is not None:
            new_due = moment_of(given.new_due, "$.new_due", rules.calendar)
        clock = clock_of(rules, deadline, pauses_of(given, rules.calendar), None)
        return Form04.for_delay(
            rules,
            clock if clock is not None else deadline,
            reason=given.reason,
            extra_working_days=given.extra_working_days,
            new_due=new_due,
            signer_title=given.signer_title,
            **_common(given, catalog),
        )

    with_docx = {**responses, 200: {**responses[200], "content": {
        **responses[200]["content"],
        DOCX_MEDIA_TYPE: {"schema": {"type": "string", "format": "binary"}},
    }}}  # fmt: skip

    def route(number: str, model: type[_FormRequest], summary: str, build: Build) -> None:
        adapter: TypeAdapter[Any] = TypeAdapter(model)

        async def handler(request: Request, format: str | None = None) -> Response:
            lang = lang_of(request)
            docx = wants_docx(request, format)
            given = parsed(adapter, await body_of(request))
            deadline = deadline_of(rules, catalog, given)
            try:
                form = build(given, deadline, lang)
            except DossierError:  # already names the field at fault
                raise
            except TthcError as exc:
                raise DossierError(exc.text, "$", error_code(exc)) from None
            if docx:
                data = await run_in_threadpool(render_docx, form, rules, lang)
                disposition = f'attachment; filename="mau-so-{number}.docx"'
                return Response(
                    data, media_type=DOCX_MEDIA_TYPE, headers={"Content-Disposition": disposition}
                )
            text = render(form, rules, lang, given.format)
            return respond({"form": form.FORM, "values": form.values(lang), "text": text})

        handler.__doc__ = (
            "JSON by default (values and rendered text); the Word file with "
            f"`Accept: {DOCX_MEDIA_TYPE}` or `?format=docx`."
        )
        app.post(
            f"/v1/forms/{number}",
            tags=["forms"],
            summary=summary,
            openapi_extra=_body(model),
            responses=with_docx,
            name=f"form_{number}",
        )(handler)

    route(
        "01",
        Form01Request,
        "Form 01: receipt and appointment (giấy tiếp nhận hồ sơ và hẹn trả kết quả)",
        form_01,
    )
    route(
        "04",
        Form04Request,
        "Form 04: apology and new appointment (văn bản xin lỗi và hẹn lại)",
        form_04,
    )


def _body(model: type[BaseModel]) -> dict[str, Any]:
    return {
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": answer_schema(model)}},
        }
    }


__all__ = ["REQUEST_MODELS", "FormAnswer", "register", "wants_docx"]
