"""A dossier as JSON (hồ sơ): the request object (the line of ``tthc due --batch``, the
body of ``POST /v1/deadlines``), reading it, and one dossier's answer.

One object per dossier::

    {"received_at": "2026-11-26 10:00",          # ISO 8601; no zone = Vietnam time (+07:00)
     "time": "3 ngày làm việc",                  # or "duration": {"value": "3", "unit": ...}
                                                 # or "procedure": "1.012644" (+ "case")
     "channel": "online",                        # optional: in_person | online | postal
     "pauses": [{"start": "...", "end": "..."}], # optional; "end" null: a pause still open
     "finished_at": "2026-12-02 10:00"}          # optional: status and lateness

The answer has the fields of ``tthc due --format json`` (:func:`result`), computed by the
same library calls, so the CLI, the batch mode and the service give one answer. A bad
dossier raises :class:`DossierError`, which names the JSON path of the field at fault.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from tthc.dossier import clock_of, in_calendar, read_moment, result
from tthc.errors import DossierError, TthcError, error_code
from tthc.i18n import Lang, Text

if TYPE_CHECKING:
    from tthc.calendar import WorkingCalendar
    from tthc.catalog import Catalog
    from tthc.rules import Rules
    from tthc.sla import Deadline

__all__ = [
    "MAX_PAUSES",
    "DeadlineRequest",
    "DossierError",
    "DossierRequest",
    "DurationRequest",
    "PauseRequest",
    "deadline_of",
    "evaluate",
    "json_path",
    "moment_of",
    "pauses_of",
    "request_errors",
    "what_of",
]

#: At most this many pauses in one dossier (a real one has a handful).
MAX_PAUSES = 100

Moment = Annotated[
    str,
    StringConstraints(max_length=64),
    Field(
        description="ISO 8601 moment; without a zone it is Vietnam time (+07:00)",
        examples=["2026-11-26T10:00:00+07:00", "2026-11-26 10:00"],
    ),
]
ChannelName = Literal["in_person", "online", "postal"]


class DurationRequest(BaseModel):
    """A processing time given as a number and a unit (thời hạn)."""

    model_config = ConfigDict(extra="forbid")

    value: Annotated[str, StringConstraints(max_length=32)] | int = Field(
        description='The amount, as a decimal string ("2.5") or an integer; '
        "never a binary float, so that 0.5 day stays exact",
        examples=["3", "0.5"],
    )
    unit: Literal[
        "working_days", "calendar_days", "working_hours", "clock_hours", "months", "same_day"
    ] = Field(
        description="The unit, as in the catalog (clock_hours: hours of clock time, "
        "nights and days off included)",
        examples=["working_days"],
    )


class PauseRequest(BaseModel):
    """A pause of the clock for a supplement request (tạm dừng, yêu cầu bổ sung)."""

    model_config = ConfigDict(extra="forbid")

    start: Moment
    end: Moment | None = Field(default=None, description="null: the pause is still open")


class DeadlineRequest(BaseModel):
    """When a dossier was received and how long it may take: what a deadline needs.

    Give exactly one of ``time``, ``duration`` and ``procedure``.
    """

    model_config = ConfigDict(extra="forbid")

    received_at: Moment = Field(
        description="When the complete dossier was received (nhận đủ hồ sơ hợp lệ); "
        "ISO 8601, without a zone it is Vietnam time (+07:00)",
        examples=["2026-11-26T10:00:00+07:00"],
    )
    time: Annotated[str, StringConstraints(max_length=1000)] | None = Field(
        default=None,
        description="The processing time as a catalog writes it",
        examples=["3 ngày làm việc"],
    )
    duration: DurationRequest | None = None
    procedure: Annotated[str, StringConstraints(max_length=100)] | None = Field(
        default=None,
        description="A procedure code of the loaded catalog",
        examples=["1.012644"],
    )
    case: Annotated[str, StringConstraints(max_length=500)] | None = Field(
        default=None, description="The case (trường hợp) of a procedure or time with several"
    )
    channel: ChannelName | None = None

    @model_validator(mode="after")
    def _one_time(self) -> DeadlineRequest:
        given = [self.time is not None, self.duration is not None, self.procedure is not None]
        if sum(given) != 1:
            raise ValueError(
                "give exactly one of time, duration and procedure "
                "/ cần đúng một trong time, duration và procedure"
            )
        return self


class DossierRequest(DeadlineRequest):
    """One dossier: a deadline request, with its pauses and its finish if any."""

    pauses: list[PauseRequest] = Field(default_factory=list, max_length=MAX_PAUSES)
    finished_at: Moment | None = Field(
        default=None, description="When the result was ready: the answer then has the status"
    )


# -- computing -----------------------------------------------------------------------------


def moment_of(text: str, path: str, calendar: WorkingCalendar) -> datetime:
    """The moment at JSON path ``path`` (``$.received_at``), read and checked against the
    calendar; a :class:`DossierError` at that path otherwise."""
    try:
        return in_calendar(text, read_moment(text, path[2:]), path[2:], calendar)
    except TthcError as exc:
        raise DossierError(exc.text, path, error_code(exc)) from None


def what_of(request: DeadlineRequest, catalog: Catalog | None) -> Any:
    """What the request counts: a Duration, a Procedure of ``catalog`` or a time text
    (:meth:`tthc.rules.Rules.deadline`'s ``what``); a :class:`DossierError` otherwise."""
    return _what(request, catalog)[0]


def _what(request: DeadlineRequest, catalog: Catalog | None) -> tuple[Any, str]:
    """What to count (a time text, a Duration or a Procedure) and the JSON path it came from."""
    from tthc.duration import Duration

    if request.duration is not None:
        try:
            return Duration.of(Decimal(str(request.duration.value)), request.duration.unit), (
                "$.duration"
            )
        except (TthcError, ArithmeticError, ValueError) as exc:
            text = (
                exc.text
                if isinstance(exc, TthcError)
                else Text(
                    f"giá trị thời hạn không hợp lệ: {request.duration.value!r}",
                    f"invalid duration value: {request.duration.value!r}",
                )
            )
            raise DossierError(text, "$.duration.value", "duration") from None
    if request.procedure is not None:
        if catalog is None:
            raise DossierError(
                Text(
                    f"procedure {request.procedure!r}: chưa nạp danh mục (cần --catalog)",
                    f"procedure {request.procedure!r}: no catalog is loaded (needs --catalog)",
                ),
                "$.procedure",
                "no_catalog",
            )
        try:
            return catalog[request.procedure], "$.procedure"
        except TthcError as exc:
            raise DossierError(exc.text, "$.procedure", "procedure_not_found") from None
    assert request.time is not None  # the model checks that exactly one is given
    return request.time, "$.time"


def deadline_of(rules: Rules, catalog: Catalog | None, request: DeadlineRequest) -> Deadline:
    """The deadline of a request; a :class:`DossierError` naming the JSON path of the bad
    field otherwise."""
    received = moment_of(request.received_at, "$.received_at", rules.calendar)
    what, where = _what(request, catalog)
    try:
        return rules.deadline(received, what, channel=request.channel, case=request.case)
    except TthcError as exc:
        path = "$.case" if request.case is not None and _about_case(exc) else where
        raise DossierError(exc.text, path, error_code(exc)) from None


def pauses_of(
    request: DossierRequest, calendar: WorkingCalendar
) -> list[tuple[datetime, datetime | None]]:
    """The pauses of a request, read and checked (``None``: a pause still open)."""
    pauses = []
    for number, pause in enumerate(request.pauses):
        where = f"$.pauses[{number}]"
        start = moment_of(pause.start, f"{where}.start", calendar)
        end = None if pause.end is None else moment_of(pause.end, f"{where}.end", calendar)
        pauses.append((start, end))
    return pauses


def evaluate(
    rules: Rules, catalog: Catalog | None, request: DossierRequest, lang: Lang
) -> dict[str, Any]:
    """The answer for one dossier (the object of ``tthc due --format json``).

    Raises :class:`DossierError` naming the JSON path of the bad field.
    """
    calendar = rules.calendar
    deadline = deadline_of(rules, catalog, request)
    pauses = pauses_of(request, calendar)
    finished = (
        None
        if request.finished_at is None
        else moment_of(request.finished_at, "$.finished_at", calendar)
    )
    try:
        clock = clock_of(rules, deadline, pauses, finished)
    except TthcError as exc:
        path = "$.pauses" if request.pauses else "$.finished_at"
        raise DossierError(exc.text, path, error_code(exc)) from None
    return result(deadline, clock, lang)


def _about_case(exc: TthcError) -> bool:
    text = exc.text.en.lower()
    return "case" in text


# -- reading requests ----------------------------------------------------------------------

_PYDANTIC_VI: dict[str, str] = {
    "missing": "thiếu trường bắt buộc",
    "extra_forbidden": "trường không được phép",
    "json_invalid": "JSON không hợp lệ",
    "json_type": "cần một giá trị JSON",
    "model_type": "cần một đối tượng JSON",
    "model_attributes_type": "cần một đối tượng JSON",
    "dict_type": "cần một đối tượng JSON",
    "list_type": "cần một mảng JSON",
    "string_type": "cần một chuỗi",
    "int_type": "cần một số nguyên",
    "int_parsing": "cần một số nguyên",
    "string_too_long": "chuỗi quá dài",
    "too_long": "quá nhiều phần tử",
    "too_short": "quá ít phần tử",
    "literal_error": "giá trị không nằm trong các giá trị cho phép",
    "union_tag_invalid": "giá trị không nằm trong các giá trị cho phép",
    "bool_type": "cần true hoặc false",
    "none_required": "cần null",
}


def json_path(loc: Sequence[int | str], root: str = "$") -> str:
    """A pydantic error location as a JSON path: ``("pauses", 1, "end")`` ->
    ``$.pauses[1].end``. Union branch names (``str``, ``list[...]``) are left out."""
    out = root
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif part.isidentifier():
            out += f".{part}"
        # else: a branch of a union (e.g. "list[DossierRequest]"), not a place in the data
    return out


def request_errors(exc: Any, root: str = "$") -> list[tuple[str, Text]]:
    """The errors of a pydantic ``ValidationError`` as (JSON path, bilingual message), the
    first error per path (a union reports each branch; one message is enough)."""
    seen: dict[str, Text] = {}
    for error in exc.errors(include_url=False, include_context=True, include_input=False):
        path = json_path(error.get("loc", ()), root)
        if path in seen:
            continue
        kind = str(error.get("type", ""))
        en = str(error.get("msg", "invalid value"))
        if kind == "value_error":  # our own validators speak both languages: "en / vi"
            en = en.removeprefix("Value error, ")
            english, _, vietnamese = en.partition(" / ")
            seen[path] = Text(vietnamese or english, english)
            continue
        vi = _PYDANTIC_VI.get(kind, "giá trị không hợp lệ")
        if kind == "literal_error":
            expected = (error.get("ctx") or {}).get("expected")
            if expected:
                vi += f": {expected}"
        seen[path] = Text(f"{vi} ({en})", en)
    return list(seen.items())
