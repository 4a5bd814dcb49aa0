"""Reading a dossier object (hồ sơ) parsed by :func:`json.loads` without pydantic, when it is
certainly valid: the common case of ``tthc due --batch`` lines and of array bodies.

:func:`plain_request` accepts only what :class:`~tthc.dossierjson.DossierRequest` accepts
unchanged (strings within their lengths, the known units and channels, exactly one of
``time``, ``duration`` and ``procedure``) and builds the same request object; anything else
(a wrong type, an unknown field, a string that is not UTF-8, a boolean where pydantic
would coerce) returns ``None``, and the caller reads the raw text with pydantic, which
gives the same request or the error with its JSON path. So both ways give one answer.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, TypeVar

from tthc.dossierjson.request import MAX_PAUSES, DossierRequest, DurationRequest, PauseRequest

if TYPE_CHECKING:
    from pydantic import BaseModel

__all__ = ["plain_request"]

_FIELDS = frozenset(
    {"received_at", "time", "duration", "procedure", "case", "channel", "pauses", "finished_at"}
)
_UNITS = frozenset(
    {"working_days", "calendar_days", "working_hours", "clock_hours", "months", "same_day"}
)
_CHANNELS = frozenset({"in_person", "online", "postal"})
_PAUSE_FIELDS = frozenset({"start", "end"})
#: The length limits of :class:`~tthc.dossierjson.DossierRequest`'s strings.
_MOMENT, _TIME, _PROCEDURE, _CASE, _VALUE = 64, 1000, 100, 500, 32


def _text(value: object, limit: int) -> bool:
    """A JSON string pydantic takes as it is: within ``limit`` characters, valid UTF-8 (a
    lone surrogate escape is invalid JSON to pydantic, not to :mod:`json`)."""
    if type(value) is not str or len(value) > limit:
        return False
    if value.isascii():
        return True
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _optional(value: object, limit: int) -> bool:
    return value is None or _text(value, limit)


def plain_request(data: Any) -> DossierRequest | None:
    """The request in ``data`` (a :func:`json.loads` result) when it is plainly valid, else
    ``None`` (let pydantic read it)."""
    if type(data) is not dict or not data.keys() <= _FIELDS:
        return None
    get = data.get
    if not _text(get("received_at"), _MOMENT):
        return None
    time, duration, procedure = get("time"), get("duration"), get("procedure")
    if (time is not None) + (duration is not None) + (procedure is not None) != 1:
        return None
    if not (
        _optional(time, _TIME)
        and _optional(procedure, _PROCEDURE)
        and _optional(get("case"), _CASE)
        and _optional(get("finished_at"), _MOMENT)
    ):
        return None
    channel = get("channel")
    if channel is not None and (type(channel) is not str or channel not in _CHANNELS):
        return None
    asked = None
    if duration is not None:
        if type(duration) is not dict or duration.keys() != {"value", "unit"}:
            return None
        value, unit = duration["value"], duration["unit"]
        if not (type(value) is int or _text(value, _VALUE)):
            return None
        if type(unit) is not str or unit not in _UNITS:
            return None
        asked = _built(DurationRequest, {"value": value, "unit": unit}, duration.keys())
    pauses = get("pauses") if "pauses" in data else []
    if type(pauses) is not list or len(pauses) > MAX_PAUSES:
        return None
    read = []
    for pause in pauses:
        if type(pause) is not dict or "start" not in pause or not pause.keys() <= _PAUSE_FIELDS:
            return None
        start, end = pause["start"], pause.get("end")
        if not (_text(start, _MOMENT) and _optional(end, _MOMENT)):
            return None
        read.append(_built(PauseRequest, {"start": start, "end": end}, pause.keys()))
    fields = {
        "received_at": data["received_at"],
        "time": time,
        "duration": asked,
        "procedure": procedure,
        "case": get("case"),
        "channel": channel,
        "pauses": read,
        "finished_at": get("finished_at"),
    }
    return _built(DossierRequest, fields, data.keys())


Model = TypeVar("Model", bound="BaseModel")


def _built(kind: type[Model], values: dict[str, Any], given: Iterable[str]) -> Model:
    """A model of ``values`` already checked, as pydantic's ``model_construct`` builds it
    (the instance dict, the fields set, no extra or private values), without its per-field
    work, which costs more here than reading the JSON."""
    model = kind.__new__(kind)
    object.__setattr__(model, "__dict__", values)
    object.__setattr__(model, "__pydantic_fields_set__", set(given))
    object.__setattr__(model, "__pydantic_extra__", None)
    object.__setattr__(model, "__pydantic_private__", None)
    return model
