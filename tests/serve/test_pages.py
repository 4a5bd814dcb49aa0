"""The staff page of ``tthc serve`` (tthc.serve.pages): same answers as the library, escaped,
bounded, served with everything it needs."""

from __future__ import annotations

import html
import io
import re
from datetime import datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import tthc
from tthc.calendar import as_local
from tthc.errors import TthcError
from tthc.serve.pages import MAX_RESULTS, answer, fold, form_blocks, page, search

from .conftest import CATALOG, Server

RULES = tthc.Rules()
CATALOG_LOADED = tthc.load_catalog(CATALOG)


def test_fold_drops_case_and_diacritics() -> None:
    assert fold("Đăng ký KHAI SINH") == "dang ky khai sinh"
    assert fold("Ủy ban") == fold("uy ban")


def test_search_by_code_or_words_of_the_name() -> None:
    assert [p.code for p in search(CATALOG_LOADED, "1.012644")] == ["1.012644"]
    found = search(CATALOG_LOADED, "khai sinh")
    assert found and all("khai sinh" in fold(p.name) for p in found)
    assert search(CATALOG_LOADED, "KHAI SINH") == found  # any case, no diacritics needed
    assert search(CATALOG_LOADED, "   ") == [] and search(None, "x") == []
    assert len(search(CATALOG_LOADED, "thủ tục")) <= MAX_RESULTS


def test_form_blocks_read_the_form_markdown() -> None:
    blocks = form_blocks("MOTTO\n\n*Hà Nội, ngày 1*\n\n# Title\n\n**Bold:** value\n\n- item\n")
    assert [b["kind"] for b in blocks] == ["centre", "centre", "title", "line", "item"]
    assert blocks[1]["italic"] and blocks[1]["runs"] == [(False, "Hà Nội, ngày 1")]
    assert not blocks[0]["italic"]
    assert blocks[3]["runs"] == [(True, "Bold:"), (False, " value")]


TIMES = ["3 ngày làm việc", "0,5 ngày làm việc", "8 giờ làm việc", "trong ngày", "15 ngày",
         "2 tháng", "45 ngày làm việc"]  # fmt: skip


@settings(max_examples=60, deadline=None)
@given(
    received=st.datetimes(min_value=datetime(2025, 1, 1), max_value=datetime(2027, 6, 30)),
    time_text=st.sampled_from(TIMES),
    pause=st.none() | st.tuples(st.integers(1, 200), st.integers(1, 300)),
)
def test_answer_equals_the_library(
    received: datetime, time_text: str, pause: tuple[int, int] | None
) -> None:
    received = received.replace(second=0, microsecond=0)
    deadline = RULES.deadline(as_local(received), time_text)
    pauses = []
    expected, provisional = deadline.due_at, deadline.provisional
    if pause is not None:
        start = received + timedelta(hours=pause[0])
        end = start + timedelta(hours=pause[1])
        pauses = [(f"{start:%Y-%m-%dT%H:%M}", f"{end:%Y-%m-%dT%H:%M}")]
        try:
            clock = RULES.clock(deadline).pause(as_local(start)).resume(as_local(end))
        except TthcError:
            with pytest.raises(TthcError):
                answer(
                    RULES, None, f"{received:%Y-%m-%dT%H:%M}", time_text=time_text, pauses=pauses
                )
            return
        expected, provisional = clock.due_at, provisional or clock.provisional
    got = answer(RULES, None, f"{received:%Y-%m-%dT%H:%M}", time_text=time_text, pauses=pauses)
    assert got.due_at == expected
    assert got.provisional == provisional
    # every recorded day shown lies inside the time, and every month is drawn
    for day in got.crossed:
        assert received.date().isoformat() < day["iso"] <= expected.date().isoformat()
    assert got.months[0]["title"].endswith(f"{received.year}")


def test_page_is_escaped_and_bounded() -> None:
    hostile = "<script>alert(1)</script>" + "x" * 10_000
    text = page(
        RULES, CATALOG_LOADED, {"q": hostile, "time": hostile, "received": "2026-11-26T10:00"}
    )
    assert "<script>alert" not in text and "&lt;script&gt;alert(1)" in text
    assert "x" * 400 not in text  # fields are cut at 300 characters
    assert 'role="alert"' in text  # the time cannot be read: said, not raised


def test_page_without_a_catalog_asks_for_a_time() -> None:
    text = page(RULES, None, {"lang": "en", "received": "2026-11-26T10:00", "time": "2 tháng"})
    assert "The service runs without a catalog" in text and 'id="due"' in text


def test_served_with_its_assets_and_headers(server: Server) -> None:
    with server.client() as client:
        answer_ = client.get("/")
        assert answer_.status_code == 200
        assert answer_.headers["content-type"].startswith("text/html")
        assert "default-src 'self'" in answer_.headers["content-security-policy"]
        assert '<html lang="vi">' in answer_.text
        # every asset is the server's own: no CDN, no font or script from the network
        urls = re.findall(r'(?:href|src)="([^"]+)"', answer_.text)
        assert all(u.startswith(("/", "?", "#", "data:")) for u in urls), urls
        for asset in ("/static/staff.css", "/static/staff.js"):
            assert client.get(asset).status_code == 200
        english = client.get("/", params={"lang": "en"})
        assert '<html lang="en">' in english.text
        hostile = client.get("/", params={"received": "\x00\x01", "pause1_start": "x" * 9000})
        assert hostile.status_code == 200 and 'role="alert"' in hostile.text
        assert "/" not in server.client().get("/openapi.json").json()["paths"]


def test_province_page_counts_with_the_province_hours(province_server: Server) -> None:
    rules = tthc.Rules.for_province("tuyen-quang")
    received = "2026-07-03T16:40"
    expected = rules.deadline(as_local(datetime.fromisoformat(received)), "1 ngày làm việc")
    with province_server.client() as client:
        text = client.get("/", params={"received": received, "time": "1 ngày làm việc"}).text
    iso = re.search(r'data-iso="([^"]+)"', text)
    assert iso is not None and datetime.fromisoformat(iso.group(1)) == expected.due_at


def test_form01_downloads_as_word(server: Server) -> None:
    docx = pytest.importorskip("docx")
    query = {"code": "1.012644", "received": "2026-11-26T10:00", "dossier_id": "HS-0009",
             "applicant": "Nguyễn Văn <A>", "lang": "vi"}  # fmt: skip
    with server.client() as client:
        staff = client.get("/", params=query)
        link = re.search(r'<a id="word" href="([^"]+)"', staff.text)
        assert link is not None, "the page offers Form 01 as Word"
        word = client.get("/" + html.unescape(link.group(1)))
        refused = client.get("/form01.docx", params={"time": "3 parsecs", "received": "x"})
    assert word.status_code == 200
    assert word.headers["content-type"].startswith("application/vnd.openxmlformats")
    assert word.headers["x-content-type-options"] == "nosniff"
    document = docx.Document(io.BytesIO(word.content))
    lines = [p.text for p in document.paragraphs]
    expected = RULES.deadline(
        as_local(datetime(2026, 11, 26, 10)), CATALOG_LOADED["1.012644"]
    ).due_at.strftime("%d/%m/%Y %H:%M")
    assert any(line.startswith("Thời gian hẹn trả kết quả:") and expected in line for line in lines)
    assert "Mã hồ sơ: HS-0009" in lines
    assert "Tiếp nhận hồ sơ của: Nguyễn Văn <A>" in lines  # as typed: Word escapes it
    assert refused.status_code == 422 and refused.headers["content-type"].startswith("text/plain")
