"""The shapes of the service's answers, for its OpenAPI document (lược đồ trả lời).

The answers themselves are built by the library (``Deadline.to_dict``,
``tthc.dossier.result``...) and written as JSON directly; these models say what they hold,
so that a client generated from the document (Java, C#) reads them, and the tests check
every answer against them.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from tthc.dossierjson import MAX_PAUSES, DeadlineRequest, Moment

Status = Literal["early", "on_time", "late", "open", "overdue"]


class _Answer(BaseModel):
    model_config = ConfigDict(extra="allow")


class TimeAnswer(_Answer):
    """A processing time: ``value`` as a decimal string, its ``unit`` and its ``text``."""

    value: str
    unit: str
    text: str


class StepAnswer(_Answer):
    """A planned step of an inter-agency procedure (liên thông)."""

    index: int
    name: str | None
    agency: str | None
    time: TimeAnswer | None
    starts_at: str
    due_at: str


class EventAnswer(_Answer):
    kind: str
    at: str
    note: str | None


class DeadlineAnswer(_Answer):
    """The answer for one dossier: the object of ``tthc due --format json``.

    Moments are ISO 8601 with +07:00. The clock fields (``status`` to ``late_by_text``) are
    there when the dossier has pauses or a finish.
    """

    received_at: str
    effective_at: str
    starts_at: str
    due_at: str = Field(description="The appointment (hạn trả kết quả), after the pauses")
    time: TimeAnswer
    provisional: bool = Field(description="Tạm tính: the days off of a year crossed are estimates")
    provisional_years: list[int]
    provisional_days: list[str]
    procedure: str | None
    case: str | None
    channel: str | None
    steps: list[StepAnswer]
    warnings: list[str]
    status: Status | None = None
    status_text: str | None = None
    finished_at: str | None = None
    late_by: str | None = Field(default=None, description="Working time late, ISO 8601")
    late_by_days: str | None = Field(default=None, description="Working days late (8 h each)")
    paused_time: str | None = None
    pause_mode: str | None = None
    late_pause_extends: bool | None = None
    events: list[EventAnswer] | None = None
    original_due_at: str | None = None
    paused: bool | None = None
    paused_time_text: str | None = None
    late_by_text: str | None = None


class ClockEventRequest(BaseModel):
    """One event after receipt: ``pause`` (a supplement request), ``resume``, ``finish``."""

    model_config = ConfigDict(extra="forbid")

    kind: Literal["pause", "resume", "finish"]
    at: Moment
    note: str | None = Field(default=None, max_length=500)


class ClockRequest(DeadlineRequest):
    """A dossier's clock: its deadline, its events in order, and the moment to judge it at."""

    events: list[ClockEventRequest] = Field(default_factory=list, max_length=2 * MAX_PAUSES + 1)
    as_of: Moment | None = Field(
        default=None, description="Judge the dossier at this moment (default: now)"
    )


class ClockAnswer(DeadlineAnswer):
    """The clock's answer: the deadline's fields, the status at ``as_of`` and what is left."""

    as_of: str
    status_as_of: Status
    status_as_of_text: str
    remaining: str = Field(description="Working time left at as_of, ISO 8601; negative: late")
    remaining_days: str = Field(description="The same in working days of 8 hours")
    remaining_text: str


class CalendarDayAnswer(_Answer):
    date: str
    working: bool
    reason: str
    reason_vi: str
    reason_en: str
    source: str
    estimate: bool
    confirmed: bool


class CalendarAnswer(_Answer):
    """The days of a year whose status differs from Monday-Friday (``tthc calendar``)."""

    year: int
    province: str | None
    days: list[CalendarDayAnswer]


class DayAnswer(_Answer):
    """Why a day is or is not a working day (``calendar.explain``)."""

    date: str
    working: bool
    reason: dict[str, str]
    source: str
    estimate: bool
    confirmed: bool
    hours: list[str]
    text: str


class ProcedureSummary(_Answer):
    code: str
    name: str
    field: str
    levels: list[str]
    times: list[str] = Field(description="Each case's processing time, as text")


class ProceduresAnswer(_Answer):
    count: int
    procedures: list[ProcedureSummary]


class FindingAnswer(_Answer):
    """One finding of ``tthc validate --format json``."""

    rule: str
    severity: str
    path: str
    line: int
    column: int
    message: str
    hint: str | None
    procedure: str | None
    plugin: str | None


class PluginAnswer(_Answer):
    name: str
    version: str | None
    origin: str
    province: str | None
    status: str
    hooks: list[str]
    error: str | None


class PluginsAnswer(_Answer):
    province: str | None
    plugins: list[PluginAnswer]


class FormAnswer(_Answer):
    """A filled form: its values (the template's placeholders) and its text."""

    form: str
    values: dict[str, str]
    text: str


class HealthAnswer(_Answer):
    status: str


class ReadyAnswer(_Answer):
    status: str
    province: str | None
    procedures: int
    calendar_years: list[int]


class ProblemError(_Answer):
    path: str
    pointer: str | None = None
    detail: str


class Problem(_Answer):
    """An error (RFC 9457 problem details), ``application/problem+json``."""

    type: str
    title: str
    status: int
    code: str
    detail: str
    errors: list[ProblemError] | None = None


def answer_schema(model: type[BaseModel]) -> dict[str, Any]:
    """A reference to ``model`` in the document's components."""
    return {"$ref": f"#/components/schemas/{model.__name__}"}


#: Every answer model, for the document's components.
ANSWER_MODELS: tuple[type[BaseModel], ...] = (
    DeadlineAnswer,
    ClockAnswer,
    CalendarAnswer,
    DayAnswer,
    ProceduresAnswer,
    FindingAnswer,
    PluginsAnswer,
    FormAnswer,
    HealthAnswer,
    ReadyAnswer,
    Problem,
)
