"""Dossiers grouped through the batch engine give, byte for byte, the library's answer for
each one (tthc.dossierjson.grouped against tthc.dossierjson.evaluate), the errors included."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tthc.catalog import Catalog, load_catalog
from tthc.dossierjson import DossierError, DossierRequest, evaluate, evaluate_many
from tthc.dossierjson.fastread import plain_request
from tthc.dossierjson.grouped import answer_texts
from tthc.rules import Rules

CATALOG = Path(__file__).resolve().parents[2] / "catalog"

#: What a dossier asks: every unit, as duration and as text, procedures with cases,
#: channels (one the procedure does not offer: a warning) and inter-agency steps.
ASKS: list[dict[str, Any]] = [
    {"time": "3 ngày làm việc"},
    {"time": "15 ngày"},
    {"time": "trong ngày"},
    {"time": "24 giờ"},
    {
        "time": "Nộp trực tuyến: 5 ngày làm việc; nộp trực tiếp: 7 ngày làm việc",
        "channel": "online",
    },
    {"duration": {"value": "0.5", "unit": "working_days"}},
    {"duration": {"value": 8, "unit": "working_hours"}},
    {"duration": {"value": "2.5", "unit": "working_hours"}},
    {"duration": {"value": "36", "unit": "clock_hours"}},
    {"duration": {"value": "1", "unit": "months"}},
    {"duration": {"value": "10", "unit": "calendar_days"}},
    {"duration": {"value": "0", "unit": "same_day"}},
    {"procedure": "1.000419"},
    {"procedure": "1.000419", "channel": "online"},
    {"procedure": "1.008504", "channel": "in_person"},
    {"procedure": "1.003984"},
    {"procedure": "1.012644"},  # inter-agency steps
    {"procedure": "2.001770", "case": "hồ sơ đề nghị cấp giấy phép"},
    {"procedure": "1.002947"},
    {"procedure": "no.such.code"},
    {"time": "không đọc được"},
    {"duration": {"value": "3", "unit": "working_days"}, "case": "x"},
]


@cache
def _rules(province: str | None) -> Rules:
    return Rules.national() if province is None else Rules.for_province(province)


@cache
def _catalog() -> Catalog:
    return load_catalog(CATALOG)


def _moment(start: datetime, minutes: int, seconds: int) -> str:
    moment = start + timedelta(minutes=minutes, seconds=seconds)
    return moment.isoformat(sep=" ", timespec="seconds" if seconds else "minutes")


@st.composite
def dossiers(draw: st.DrawFn) -> dict[str, Any]:
    edge = draw(st.integers(0, 5)) == 0  # now and then near the years' ends (provisional)
    received = draw(
        st.datetimes(
            min_value=datetime(2025, 12, 20) if edge else datetime(2026, 1, 1),
            max_value=datetime(2027, 1, 20) if edge else datetime(2026, 11, 30),
        )
    )
    received = received.replace(second=0, microsecond=0)
    if draw(st.booleans()):  # near the opening, the close and the same-day cut-off
        received = received.replace(hour=draw(st.sampled_from([7, 11, 13, 14, 15, 16, 17])))
    body: dict[str, Any] = {"received_at": received.isoformat(sep=" ", timespec="minutes")}
    if draw(st.integers(0, 20)) == 0:
        body["received_at"] = draw(st.sampled_from(["2019-01-01 08:00", "not a moment"]))
    body.update(draw(st.sampled_from(ASKS)))
    pauses = draw(st.sampled_from([0, 0, 0, 1, 2]))
    if pauses:
        at = 0
        body["pauses"] = []
        for number in range(pauses):
            start = at + draw(st.integers(0, 4000))
            end = start + draw(st.integers(0, 4000))
            open_end = number == pauses - 1 and draw(st.integers(0, 4)) == 0
            body["pauses"].append(
                {
                    "start": _moment(received, start, draw(st.sampled_from([0, 0, 30]))),
                    "end": None if open_end else _moment(received, end, 0),
                }
            )
            at = end
    if draw(st.integers(0, 3)) == 0:
        body["finished_at"] = _moment(received, draw(st.integers(-60, 30_000)), 0)
    return body


def _later(moment: str, by: timedelta) -> str:
    if not moment[:4].isdigit():
        return moment
    when = datetime.fromisoformat(moment) + by
    return when.isoformat(sep=" ", timespec="seconds" if when.second else "minutes")


def _expected(rules: Rules, request: DossierRequest, compact: bool) -> Any:
    separators = (",", ":") if compact else None
    try:
        answer = evaluate(rules, _catalog(), request, "vi")
    except DossierError as exc:
        return (exc.path, exc.code, exc.text)
    return json.dumps(answer, ensure_ascii=False, separators=separators)


def _got(answer: str | DossierError) -> Any:
    return answer if isinstance(answer, str) else (answer.path, answer.code, answer.text)


@pytest.mark.parametrize("province", [None, "tuyen-quang"])
@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    kinds=st.lists(dossiers(), min_size=1, max_size=4),
    picks=st.lists(st.integers(0, 3), min_size=1, max_size=40),
    shift=st.integers(0, 600),
    compact=st.booleans(),
)
def test_grouped_answers_are_the_librarys(
    province: str | None, kinds: list[dict[str, Any]], picks: list[int], shift: int, compact: bool
) -> None:
    rules = _rules(province)
    bodies = []
    for n, pick in enumerate(picks):  # a few kinds of dossier, received at different times
        body = json.loads(json.dumps(kinds[pick % len(kinds)]))
        later = timedelta(minutes=shift * n)
        body["received_at"] = _later(body["received_at"], later)
        for pause in body.get("pauses", ()):
            pause["start"] = _later(pause["start"], later)
            pause["end"] = pause["end"] and _later(pause["end"], later)
        if "finished_at" in body:
            body["finished_at"] = _later(body["finished_at"], later)
        bodies.append(body)
    requests = [DossierRequest.model_validate(body) for body in bodies]
    got = answer_texts(rules, _catalog(), requests, "vi", compact=compact, min_group=1)
    assert [_got(a) for a in got] == [_expected(rules, r, compact) for r in requests]


@settings(max_examples=200, deadline=None)
@given(body=dossiers())
def test_plain_reading_is_pydantics(body: dict[str, Any]) -> None:
    text = json.dumps(body, ensure_ascii=False)
    assert plain_request(json.loads(text)) == DossierRequest.model_validate_json(text)


@pytest.mark.parametrize(
    "data",
    [
        [],
        "x",
        {"received_at": "2026-01-01", "time": "1 ngày", "extra": 1},
        {"received_at": "2026-01-01", "time": "1 ngày", "duration": None, "procedure": "1"},
        {"received_at": "2026-01-01"},
        {"received_at": "2026-01-01", "duration": {"value": True, "unit": "months"}},
        {"received_at": "2026-01-01", "duration": {"value": 1.5, "unit": "months"}},
        {"received_at": "2026-01-01", "duration": {"value": "1", "unit": "weeks"}},
        {"received_at": "2026-01-01", "time": "1 ngày", "pauses": None},
        {"received_at": "2026-01-01", "time": "1 ngày", "pauses": [{"end": "2026-01-02"}]},
        {"received_at": "2026-01-01", "time": "1 ngày", "channel": "fax"},
        {"received_at": "2026-01-01", "time": "x" * 1001},
        {"received_at": "\ud800", "time": "1 ngày"},
    ],
)
def test_anything_unusual_is_left_to_pydantic(data: Any) -> None:
    assert plain_request(data) is None


def test_evaluate_many_is_the_grouped_path() -> None:
    rules = _rules(None)
    bodies = [
        {"received_at": f"2026-03-{day:02} 10:00", "time": "3 ngày làm việc"}
        for day in range(1, 29)
    ]
    requests = [DossierRequest.model_validate(body) for body in bodies]
    assert evaluate_many(rules, None, requests, "en") == [
        evaluate(rules, None, r, "en") for r in requests
    ]


def test_a_group_is_counted_by_the_engine(monkeypatch: pytest.MonkeyPatch) -> None:
    import tthc.dossierjson.grouped

    rules = _rules(None)
    bodies = [
        {"received_at": f"2026-03-{day:02} 10:00", "time": "3 ngày làm việc"}
        for day in range(1, 29)
    ]
    bodies[5] = {**bodies[5], "pauses": [{"start": "2026-03-06 14:00", "end": "2026-03-09 09:00"}]}
    requests = [DossierRequest.model_validate(body) for body in bodies]
    expected = [json.dumps(evaluate(rules, None, r, "en"), ensure_ascii=False) for r in requests]
    one_by_one: list[DossierRequest] = []
    library = tthc.dossierjson.grouped.evaluate

    def counted(*args: Any) -> Any:
        one_by_one.append(args[2])
        return library(*args)

    monkeypatch.setattr(tthc.dossierjson.grouped, "evaluate", counted)
    assert answer_texts(rules, None, requests, "en") == expected
    assert one_by_one == [requests[5]]  # only as the check of the first clocked answer
    assert answer_texts(rules, None, requests[:3], "en") == expected[:3]  # a small group
    assert len(one_by_one) == 4
