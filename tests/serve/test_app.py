"""The service, live: a real ``tthc serve`` on a loopback port, spoken to with httpx.

Every endpoint, every error status, and the same answers as the library and the CLI for a
table of dossiers (every unit, pauses, the cut-off, inter-agency steps, a province plugin).
"""

from __future__ import annotations

import io
import json
import signal
import socket
import threading
import time
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.serve.conftest import CATALOG, Server, start_server

from tthc.catalog import load_catalog
from tthc.cli import main
from tthc.cli.calendar import as_json
from tthc.dossier import clock_of, result
from tthc.dossierjson import DossierRequest, evaluate
from tthc.duration import Duration
from tthc.rules import Rules

# -- the same answers as the library and the CLI ----------------------------------------------

#: (body, the same dossier as ``tthc due`` arguments, province)
CASES: list[tuple[dict[str, Any], list[str], str | None]] = [
    (
        {"received_at": "2026-11-26 10:00", "time": "3 ngày làm việc"},
        ["--received", "2026-11-26 10:00", "--time", "3 ngày làm việc"],
        None,
    ),
    (  # Tết
        {"received_at": "2026-02-13T16:00:00+07:00", "time": "2 ngày làm việc"},
        ["--received", "2026-02-13T16:00:00+07:00", "--time", "2 ngày làm việc"],
        None,
    ),
    (  # working hours
        {"received_at": "2026-04-23 15:30", "duration": {"value": "8", "unit": "working_hours"}},
        ["--received", "2026-04-23 15:30", "--time", "8 giờ làm việc"],
        None,
    ),
    (  # same day, after the 15:00 cut-off
        {"received_at": "2026-09-03 15:30", "time": "trong ngày"},
        ["--received", "2026-09-03 15:30", "--time", "trong ngày"],
        None,
    ),
    (  # same day, before it
        {"received_at": "2026-09-03 14:00", "duration": {"value": 0, "unit": "same_day"}},
        ["--received", "2026-09-03 14:00", "--time", "trong ngày"],
        None,
    ),
    (  # calendar days, in UTC
        {"received_at": "2026-03-02T02:00:00Z", "time": "15 ngày"},
        ["--received", "2026-03-02T02:00:00Z", "--time", "15 ngày"],
        None,
    ),
    (  # months
        {"received_at": "2026-01-30 09:00", "duration": {"value": "1", "unit": "months"}},
        ["--received", "2026-01-30 09:00", "--time", "1 tháng"],
        None,
    ),
    (  # half a working day, paused and finished late
        {
            "received_at": "2026-11-26 10:00",
            "duration": {"value": "2.5", "unit": "working_days"},
            "pauses": [{"start": "2026-11-27 09:00", "end": "2026-11-30 09:00"}],
            "finished_at": "2026-12-10 10:00",
        },
        [
            "--received",
            "2026-11-26 10:00",
            "--time",
            "2,5 ngày làm việc",
            "--pause",
            "2026-11-27 09:00/2026-11-30 09:00",
            "--finished",
            "2026-12-10 10:00",
        ],
        None,
    ),
    (  # a pause still open
        {
            "received_at": "2026-11-26 10:00",
            "time": "5 ngày làm việc",
            "pauses": [{"start": "2026-11-27 09:00"}],
        },
        [
            "--received",
            "2026-11-26 10:00",
            "--time",
            "5 ngày làm việc",
            "--pause",
            "2026-11-27 09:00/",
        ],
        None,
    ),
    (  # inter-agency steps
        {"received_at": "2026-11-26 10:00", "procedure": "1.012644"},
        ["--received", "2026-11-26 10:00", "--procedure", "1.012644", "--catalog", str(CATALOG)],
        None,
    ),
    (  # a time by channel
        {"received_at": "2026-11-26 10:00", "procedure": "1.001456", "channel": "online"},
        [
            "--received",
            "2026-11-26 10:00",
            "--procedure",
            "1.001456",
            "--channel",
            "online",
            "--catalog",
            str(CATALOG),
        ],
        None,
    ),
    (  # Tuyên Quang's own (summer) hours
        {"received_at": "2026-06-26 16:30", "time": "8 giờ làm việc"},
        ["--received", "2026-06-26 16:30", "--time", "8 giờ làm việc"],
        "tuyen-quang",
    ),
]


def _cli(capsys: pytest.CaptureFixture[str], args: list[str], province: str | None) -> Any:
    extra = ["--province", province] if province else []
    main(["due", *args, *extra, "--format", "json", "--lang", "en"])
    out, err = capsys.readouterr()
    assert err == ""
    return json.loads(out)


@pytest.fixture(scope="module")
def catalog() -> Any:
    return load_catalog(CATALOG)


@pytest.mark.parametrize(("body", "args", "province"), CASES)
def test_same_answer_as_the_library_and_the_cli(
    server: Server,
    province_server: Server,
    catalog: Any,
    capsys: pytest.CaptureFixture[str],
    body: dict[str, Any],
    args: list[str],
    province: str | None,
) -> None:
    live = province_server if province else server
    with live.client(headers={"Accept-Language": "en"}) as client:
        answer = client.post("/v1/deadlines", json=body)
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"] == "application/json"
    rules = Rules.for_province(province) if province else Rules.national()
    # the library, called directly
    request = DossierRequest.model_validate(body)
    what: Any
    if request.duration is not None:
        what = Duration.of(request.duration.value, request.duration.unit)
    elif request.procedure is not None:
        what = catalog[request.procedure]
    else:
        what = request.time
    deadline = rules.deadline(
        datetime.fromisoformat(body["received_at"].replace("Z", "+00:00")),
        what,
        channel=request.channel,
    )
    pauses = [
        (datetime.fromisoformat(p.start), None if p.end is None else datetime.fromisoformat(p.end))
        for p in request.pauses
    ]
    finished = None if request.finished_at is None else datetime.fromisoformat(request.finished_at)
    library = result(deadline, clock_of(rules, deadline, pauses, finished), "en")
    assert answer.json() == library
    assert answer.json() == evaluate(rules, catalog, request, "en")
    assert answer.json() == _cli(capsys, args, province)


def test_an_array_answers_in_the_order_of_the_input(server: Server) -> None:
    bodies = [case[0] for case in CASES if case[2] is None]
    with server.client(headers={"Accept-Language": "en"}) as client:
        together = client.post("/v1/deadlines", json=bodies).json()
        one_by_one = [client.post("/v1/deadlines", json=body).json() for body in bodies]
    assert together == one_by_one


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    received=st.datetimes(min_value=datetime(2025, 1, 1), max_value=datetime(2027, 12, 31)),
    value=st.integers(min_value=0, max_value=60),
    half=st.booleans(),
    unit=st.sampled_from(
        ["working_days", "calendar_days", "working_hours", "clock_hours", "months", "same_day"]
    ),
    pause=st.none() | st.tuples(st.integers(0, 5000), st.integers(0, 5000)),
)
def test_the_service_agrees_with_the_library(
    server: Server,
    received: datetime,
    value: int,
    half: bool,
    unit: str,
    pause: tuple[int, int] | None,
) -> None:
    amount = (
        "0"
        if unit == "same_day"
        else f"{value}.5"
        if half and unit.startswith("working")
        else str(value)
    )
    body: dict[str, Any] = {
        "received_at": received.isoformat(timespec="minutes"),
        "duration": {"value": amount, "unit": unit},
    }
    if pause is not None:
        start = received + timedelta(minutes=pause[0])
        body["pauses"] = [
            {"start": start.isoformat(), "end": (start + timedelta(minutes=pause[1])).isoformat()}
        ]
    rules = _national()
    try:
        expected: Any = evaluate(rules, None, DossierRequest.model_validate(body), "vi")
        status = 200
    except Exception as exc:  # the service must say the same thing, as a 422
        expected, status = getattr(exc, "path", None), 422
    with server.client(headers={"Accept-Language": "vi"}) as client:
        answer = client.post("/v1/deadlines", json=body)
    assert answer.status_code == status, answer.text
    if status == 200:
        assert answer.json() == expected
    else:
        assert answer.json()["errors"][0]["path"] == expected


@settings(
    max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    first=st.datetimes(min_value=datetime(2026, 1, 1), max_value=datetime(2026, 11, 1)),
    step=st.integers(1, 3000),
    size=st.integers(8, 40),
    asks=st.lists(
        st.sampled_from(
            [
                {"time": "3 ngày làm việc"},
                {"time": "trong ngày"},
                {"duration": {"value": "12", "unit": "clock_hours"}},
                {"duration": {"value": "2.5", "unit": "working_hours"}},
                {"duration": {"value": "1", "unit": "months"}},
                {"procedure": "1.008504", "channel": "in_person"},
                {"procedure": "1.012644"},
            ]
        ),
        min_size=1,
        max_size=2,
    ),
    pause=st.integers(0, 4000),
    finish=st.none() | st.integers(0, 20_000),
)
def test_an_array_is_byte_for_byte_the_library(
    server: Server,
    catalog: Any,
    first: datetime,
    step: int,
    size: int,
    asks: list[dict[str, Any]],
    pause: int,
    finish: int | None,
) -> None:
    """Arrays go through the batch engine by groups: the bytes are still the library's."""
    bodies = []
    for n in range(size):
        received = first.replace(second=0, microsecond=0) + timedelta(minutes=step * n)
        body: dict[str, Any] = {"received_at": received.isoformat(), **asks[n % len(asks)]}
        if n % 3 == 1:
            start = received + timedelta(minutes=pause)
            end = start + timedelta(minutes=pause // 2)
            body["pauses"] = [{"start": start.isoformat(), "end": end.isoformat()}]
        if finish is not None and n % 2:
            body["finished_at"] = (received + timedelta(minutes=finish)).isoformat()
        bodies.append(body)
    rules = _national()
    try:
        answers = [
            json.dumps(
                evaluate(rules, catalog, DossierRequest.model_validate(b), "en"),
                ensure_ascii=False,
                separators=(",", ":"),
            )
            for b in bodies
        ]
    except Exception:  # a finish inside a pause and the like: a 422 both ways
        answers = None
    with server.client(headers={"Accept-Language": "en"}) as client:
        answer = client.post("/v1/deadlines", json=bodies)
    if answers is None:
        assert answer.status_code == 422
    else:
        assert answer.status_code == 200, answer.text
        assert answer.content == ("[" + ",".join(answers) + "]").encode()


_RULES: dict[str, Rules] = {}


def _national() -> Rules:
    if "national" not in _RULES:
        _RULES["national"] = Rules.national()
    return _RULES["national"]


# -- every endpoint -------------------------------------------------------------------------


def test_clock_gives_status_lateness_and_time_left(server: Server) -> None:
    body = {
        "received_at": "2026-11-26 10:00",
        "time": "3 ngày làm việc",
        "events": [
            {"kind": "pause", "at": "2026-11-27 09:00"},
            {"kind": "resume", "at": "2026-11-30 09:00"},
        ],
        "as_of": "2026-12-03 10:00",
    }
    with server.client(headers={"Accept-Language": "en"}) as client:
        open_ = client.post("/v1/clock", json=body).json()
        late = client.post(
            "/v1/clock",
            json={
                **body,
                "events": [*body["events"], {"kind": "finish", "at": "2026-12-04 10:00"}],
            },
        ).json()
    assert open_["due_at"] == "2026-12-02T17:00:00+07:00"  # moved by the 8 working hours paused
    assert open_["status_as_of"] == "overdue"
    assert open_["remaining"] == "-PT2H"  # 08:00-10:00 of the next working day
    assert open_["remaining_days"] == "-0.25"
    assert late["status"] == "late"
    assert late["late_by"] == "PT10H"
    assert late["late_by_days"] == "1.25"


def test_calendar_year_as_json_and_icalendar(server: Server) -> None:
    with server.client(headers={"Accept-Language": "en"}) as client:
        data = client.get("/v1/calendar/2026").json()
        ics = client.get("/v1/calendar/2026", params={"format": "ics"})
        accepted = client.get("/v1/calendar/2026", headers={"Accept": "text/calendar"})
    assert data["year"] == 2026
    assert data["days"] == as_json(_national().calendar.days(2026), "en")  # as tthc calendar
    assert ics.headers["content-type"].startswith("text/calendar")
    assert ics.text.startswith("BEGIN:VCALENDAR")
    assert _unstamped(accepted.text) == _unstamped(ics.text)


def _unstamped(text: str) -> list[str]:
    return [line for line in text.splitlines() if not line.startswith("DTSTAMP")]


def test_calendar_day_explains(server: Server) -> None:
    with server.client(headers={"Accept-Language": "vi"}) as client:
        day = client.get("/v1/calendar/days/2026-01-10").json()
    assert day["working"] is True  # the make-up Saturday
    assert day["text"].startswith("2026-01-10")
    assert Rules.national().calendar.explain(datetime(2026, 1, 10).date()).as_dict() == {
        k: v for k, v in day.items() if k != "text"
    }


def test_procedures_and_one_procedure(server: Server, catalog: Any) -> None:
    with server.client() as client:
        listed = client.get("/v1/procedures").json()
        one = client.get("/v1/procedures/1.012644").json()
    assert listed["count"] == len(catalog) == len(listed["procedures"])
    assert [p["code"] for p in listed["procedures"]] == catalog.codes()
    assert one["code"] == "1.012644"
    assert one == catalog["1.012644"].model_dump(mode="json", exclude_none=True)


def test_validate_a_procedure_file(server: Server) -> None:
    good = (CATALOG / "procedures" / "1.012644.yaml").read_bytes()
    headers = {"Content-Type": "application/yaml", "Accept-Language": "en"}
    with server.client(headers=headers) as client:
        clean = client.post("/v1/validate", content=good)
        broken = client.post("/v1/validate", content=b"code: 1.012644\nname: x\n")
        unsafe = client.post("/v1/validate", content=b"code: !!python/object:os.system ls\n")
    assert clean.status_code == 200
    assert [f for f in clean.json() if f["severity"] == "error"] == []
    findings = broken.json()
    assert findings and all(f["path"] == "<request>" for f in findings)
    assert {"rule", "severity", "line", "column", "message", "hint"} <= set(findings[0])
    assert unsafe.status_code == 200  # a finding, never code run
    assert unsafe.json()[0]["rule"] == "TT100"


def test_forms(server: Server) -> None:
    dossier = {"received_at": "2026-11-26 10:00", "procedure": "1.012644"}
    with server.client(headers={"Accept-Language": "vi"}) as client:
        form01 = client.post(
            "/v1/forms/01", json={**dossier, "dossier_id": "HS-1", "applicant": "Nguyễn Văn A"}
        )
        form04 = client.post(
            "/v1/forms/04",
            json={
                **dossier,
                "applicant": "Nguyễn Văn A",
                "agency": "UBND xã",
                "reason": "chờ xác minh",
                "extra_working_days": 2,
                "format": "text",
            },
        )
    assert form01.status_code == 200, form01.text
    assert form01.json()["form"] == "01"
    assert "HS-1" in form01.json()["text"]
    assert form04.status_code == 200, form04.text
    assert "chờ xác minh" in form04.json()["text"]
    assert "**" not in form04.json()["text"]


def test_plugins_health_and_readiness(province_server: Server) -> None:
    with province_server.client() as client:
        plugins = client.get("/v1/plugins").json()
        health = client.get("/healthz")
        ready = client.get("/readyz").json()
    assert plugins["province"] == "tuyen-quang"
    from tthc.cli.plugins import plugin_record

    expected = [plugin_record(info, "vi") for info in Rules.for_province("tuyen-quang").plugins]
    assert plugins["plugins"] == expected  # as tthc plugins --format json
    assert any(p["province"] == "tuyen-quang" and p["status"] == "loaded" for p in expected)
    assert health.json() == {"status": "ok"}
    assert ready["status"] == "ready" and ready["procedures"] > 0


def test_openapi_and_docs_are_served(server: Server) -> None:
    with server.client() as client:
        document = client.get("/openapi.json").json()
        docs = client.get("/docs")
    assert document["openapi"].startswith("3.1")
    assert "/v1/deadlines" in document["paths"]
    assert docs.status_code == 200 and "swagger" in docs.text.lower()


# -- every error status -----------------------------------------------------------------------


def _problem(answer: Any, status: int) -> dict[str, Any]:
    assert answer.status_code == status, answer.text
    assert answer.headers["content-type"] == "application/problem+json"
    body: dict[str, Any] = answer.json()
    assert body["status"] == status
    assert {"type", "title", "detail", "code"} <= set(body)
    assert "Traceback" not in answer.text
    return body


def test_422_names_the_field_by_its_json_path_in_both_languages(server: Server) -> None:
    items = [
        {"received_at": "2026-11-26 10:00", "time": "3 ngày làm việc"},
        {
            "received_at": "2026-11-26 10:00",
            "time": "3 ngày làm việc",
            "pauses": [{"start": "soon"}],
        },
    ]
    with server.client() as client:
        en = _problem(
            client.post("/v1/deadlines", json=items, headers={"Accept-Language": "en"}), 422
        )
        vi = _problem(
            client.post("/v1/deadlines", json=items, headers={"Accept-Language": "vi-VN,vi;q=0.9"}),
            422,
        )
        missing = _problem(client.post("/v1/deadlines", json={"time": "3 ngày"}), 422)
        outside = _problem(
            client.post(
                "/v1/deadlines",
                json={"received_at": "2099-01-01 10:00", "time": "3 ngày"},
                headers={"Accept-Language": "en"},
            ),
            422,
        )
    assert en["errors"][0]["path"] == "$[1].pauses[0].start"
    assert en["errors"][0]["pointer"] == "/1/pauses/0/start"
    assert "cannot read the moment 'soon'" in en["detail"]
    assert "không đọc được thời điểm 'soon'" in vi["detail"]
    assert missing["errors"][0]["path"] == "$.received_at"
    assert "outside the working calendar" in outside["detail"]
    assert outside["errors"][0]["path"] == "$.received_at"


def test_404s_suggest(server: Server) -> None:
    with server.client(headers={"Accept-Language": "en"}) as client:
        code = _problem(client.get("/v1/procedures/1.01264"), 404)
        path = _problem(client.get("/v2/deadlines"), 404)
        year = _problem(client.get("/v1/calendar/1900"), 404)
        escape = _problem(client.get("/v1/procedures/..%2F..%2Fetc%2Fpasswd"), 404)
    assert "did you mean '1.012644'" in code["detail"]
    assert path["code"] == "not_found"
    assert "outside the working calendar" in year["detail"]
    assert escape["code"] in ("procedure_not_found", "not_found")


def test_400_405_406_415(server: Server) -> None:
    with server.client() as client:
        _problem(
            client.post(
                "/v1/deadlines",
                content=b'{"received_at":',
                headers={"Content-Type": "application/json"},
            ),
            400,
        )
        _problem(client.delete("/v1/deadlines"), 405)
        _problem(
            client.post(
                "/v1/deadlines",
                content=b"a=b",
                headers={"Content-Type": "application/x-www-form-urlencoded"},
            ),
            415,
        )
        _problem(client.get("/v1/calendar/2026", params={"format": "pdf"}), 422)
        _problem(client.get("/v1/calendar/twenty"), 422)
        _problem(client.get("/v1/calendar/days/2026-13-01"), 422)


@pytest.fixture(scope="module")
def tight(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A service with small limits and JSON logs."""
    running = start_server(
        tmp_path_factory.mktemp("tight"),
        "--catalog",
        str(CATALOG),
        "--max-items",
        "5",
        "--max-body",
        "20000",
        "--body-timeout",
        "1",
        "--log-format",
        "json",
        "--access-log",
    )
    yield running
    running.stop()


def test_413_for_a_body_or_an_array_over_the_limits(tight: Server) -> None:
    item = {"received_at": "2026-11-26 10:00", "time": "3 ngày làm việc"}
    with tight.client() as client:
        _problem(client.post("/v1/deadlines", json=[item] * 6), 413)
        _problem(client.post("/v1/deadlines", json=[item] * 5 + [{"x": "y" * 30000}]), 413)
        chunks = (b"[" + b" " * 10000 for _ in range(3))  # no Content-Length: counted as read
        _problem(client.post("/v1/deadlines", content=chunks), 413)
        assert client.post("/v1/deadlines", json=[item] * 5).status_code == 200


def test_408_for_a_body_that_does_not_come(tight: Server) -> None:
    host, port = tight.url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(
            b"POST /v1/deadlines HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            b"Content-Length: 100\r\n\r\n{"
        )
        answer = b""
        while b"\r\n\r\n" not in answer:
            answer += sock.recv(4096)
    assert answer.startswith(b"HTTP/1.1 408")


def test_503_when_the_computation_takes_too_long(tmp_path: Path) -> None:
    slow = start_server(tmp_path, "--timeout", "0.000001")
    try:
        item = {"received_at": "2026-11-26 10:00", "time": "3 ngày làm việc"}
        with slow.client() as client:
            body = _problem(client.post("/v1/deadlines", json=[item] * 50), 503)
        assert body["code"] == "timeout"
    finally:
        slow.stop()


def test_json_access_log(tight: Server) -> None:
    with tight.client() as client:
        client.get("/healthz?probe=1")
    time.sleep(0.2)
    records = [
        json.loads(line) for line in tight.log.read_text().splitlines() if line.startswith("{")
    ]
    access = [r for r in records if r.get("path") == "/healthz"]
    assert access and access[-1]["status"] == 200 and access[-1]["method"] == "GET"
    assert "duration_ms" in access[-1]


def test_sigterm_finishes_the_request_in_flight(tmp_path: Path) -> None:
    running = start_server(tmp_path)
    answers: list[Any] = []
    item = json.dumps({"received_at": "2026-11-26 10:00", "time": "3 ngày làm việc"}).encode()
    sent = threading.Event()

    def body() -> Iterator[bytes]:
        yield b"[" + item
        sent.set()
        time.sleep(1.0)  # the service is told to stop meanwhile
        yield b"," + item + b"]"

    def post() -> None:
        with running.client() as client:
            answers.append(
                client.post(
                    "/v1/deadlines", content=body(), headers={"Content-Type": "application/json"}
                )
            )

    thread = threading.Thread(target=post)
    thread.start()
    assert sent.wait(30)
    time.sleep(0.2)
    code = running.stop()
    thread.join(30)
    assert answers and answers[0].status_code == 200
    assert len(answers[0].json()) == 2
    # uvicorn ends by the signal it was given, after the graceful shutdown (as systemd expects)
    assert code in (0, -signal.SIGTERM)


def test_binds_to_loopback_by_default() -> None:
    from tthc.cli import build_parser

    args = build_parser().parse_args(["serve"])
    assert args.host == "127.0.0.1"


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
FORM04_BODY = {
    "received_at": "2026-11-26 10:00",
    "procedure": "1.012644",
    "applicant": "Nguyễn Văn A",
    "agency": "UBND xã",
    "reason": "chờ xác minh",
    "extra_working_days": 2,
    "signer_title": "CHỦ TỊCH",
}


def _docx_text(data: bytes) -> str:
    docx = pytest.importorskip("docx")
    document = docx.Document(io.BytesIO(data))
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def test_forms_as_word_files(server: Server) -> None:
    pytest.importorskip("docx")
    dossier = {"received_at": "2026-11-26 10:00", "procedure": "1.012644"}
    form01 = {**dossier, "dossier_id": "HS-1", "applicant": "Nguyễn Văn A", "sets": 1,
              "phone": "0900", "register_book": "01", "register_entry": "7"}  # fmt: skip
    with server.client(headers={"Accept-Language": "vi"}) as client:
        as_json = client.post("/v1/forms/01", json=form01)
        by_accept = client.post("/v1/forms/01", json=form01, headers={"Accept": DOCX})
        by_query = client.post("/v1/forms/04", params={"format": "docx"}, json=FORM04_BODY)
        json_wins = client.post(
            "/v1/forms/04", params={"format": "json"}, json=FORM04_BODY, headers={"Accept": DOCX}
        )
    assert as_json.status_code == 200 and as_json.json()["values"]["sets"] == "01 bộ"
    assert by_accept.status_code == 200, by_accept.text
    assert by_accept.headers["content-type"] == DOCX
    assert 'filename="mau-so-01.docx"' in by_accept.headers["content-disposition"]
    text = _docx_text(by_accept.content)
    appointment = as_json.json()["values"]["due_at"]
    assert f"Thời gian hẹn trả kết quả: {appointment}" in text  # the JSON answer's moment
    assert "Vào sổ theo dõi hồ sơ: quyển số 01, số thứ tự 7" in text
    assert by_query.status_code == 200 and by_query.headers["content-type"] == DOCX
    assert "CHỦ TỊCH" in _docx_text(by_query.content)
    assert json_wins.status_code == 200 and json_wins.json()["form"] == "04"


def test_forms_refuse_an_unknown_format_and_bad_fields(server: Server) -> None:
    with server.client(headers={"Accept-Language": "en"}) as client:
        unknown = client.post("/v1/forms/04", params={"format": "pdf"}, json=FORM04_BODY)
        bad_sets = client.post(
            "/v1/forms/01",
            json={"received_at": "2026-11-26 10:00", "time": "3 ngày làm việc",
                  "dossier_id": "HS", "applicant": "A", "sets": 0},
        )  # fmt: skip
        bad_date = client.post("/v1/forms/04", json={**FORM04_BODY, "issued_on": "30/11/2026"})
    assert unknown.status_code == 422 and "unknown format 'pdf'" in unknown.text
    assert bad_sets.status_code == 422
    assert bad_date.status_code == 400 or bad_date.status_code == 422
    assert "issued_on" in bad_date.text
