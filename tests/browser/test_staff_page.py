"""The staff page in a real Chromium: the library's appointment, keyboard alone, no error."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest

import tthc
from tthc.calendar import as_local

from .conftest import ROOT, screenshot

#: (procedure code or time text, case, channel, received, pauses): every unit, the 15:00
#: cut-off of same-day procedures, Tết, a pause, a provisional year, cases and channels.
CASES = [
    ("1.012644", "", "", "2026-11-26T10:00", []),
    ("3 ngày làm việc", "", "", "2026-02-13T16:00", []),
    ("8 giờ làm việc", "", "", "2026-04-23T15:30", []),
    ("trong ngày", "", "", "2026-09-03T15:30", []),
    ("trong ngày", "", "", "2026-09-03T14:00", []),
    ("15 ngày", "", "", "2026-04-24T09:00", []),
    ("2 tháng", "", "", "2026-06-30T10:00", []),
    ("0,5 ngày làm việc", "", "", "2026-12-31T16:00", []),
    ("3 ngày làm việc", "", "", "2026-11-26T10:00", [("2026-11-27T09:00", "2026-11-30T09:00")]),
    ("10 ngày làm việc", "", "", "2027-03-01T10:00", []),
    ("1.008504", "", "in_person", "2026-08-28T11:00", []),
    ("1.013225", "", "online", "2026-04-10T18:30", []),
    ("3.000116", "", "in_person", "2026-05-04T16:30", []),
    ("2.001770", "hồ sơ đề nghị gia hạn, điều chỉnh giấy phép", "", "2026-01-30T08:00", []),
]


@pytest.fixture(scope="module")
def library() -> tuple[tthc.Rules, Any]:
    return tthc.Rules(), tthc.load_catalog(ROOT / "catalog")


def _expected(library: tuple[tthc.Rules, Any], case: tuple[Any, ...]) -> tuple[datetime, bool]:
    rules, catalog = library
    what, name, channel, received, pauses = case
    target = catalog[what] if catalog.get(what) is not None else what
    deadline = rules.deadline(
        as_local(datetime.fromisoformat(received)),
        target,
        channel=channel or None,
        case=name or None,
    )
    if not pauses:
        return deadline.due_at, deadline.provisional
    clock = rules.clock(deadline)
    for start, end in pauses:
        clock = clock.pause(as_local(datetime.fromisoformat(start)))
        clock = clock.resume(as_local(datetime.fromisoformat(end)))
    return clock.due_at, deadline.provisional or clock.provisional


@pytest.mark.parametrize("case", CASES, ids=[f"{c[0]}@{c[3]}" for c in CASES])
def test_page_gives_the_library_appointment(
    open_page: Any, staff_server: str, library: Any, case: tuple[Any, ...]
) -> None:
    what, name, channel, received, pauses = case
    watched = open_page(staff_server)
    page = watched.page
    is_code = library[1].get(what) is not None
    page.goto(f"{staff_server}/?code={what}" if is_code else f"{staff_server}/")
    if not is_code:
        page.get_by_label("hoặc thời hạn").fill(what)
    if name:
        page.get_by_label("Trường hợp").select_option(name)
    if channel:
        page.get_by_label("Cách thức nộp").select_option(channel)
    page.get_by_label("Thời điểm nhận đủ hồ sơ hợp lệ").fill(received)
    for n, (start, end) in enumerate(pauses, start=1):
        page.get_by_label(f"Bắt đầu tạm dừng {n}").fill(start)
        page.get_by_label(f"Tiếp tục {n}").fill(end)
    page.get_by_role("button", name="Tính ngày hẹn").click()
    due = page.locator("output#due")
    due.wait_for()
    expected, provisional = _expected(library, case)
    assert datetime.fromisoformat(due.get_attribute("data-iso") or "") == expected
    assert due.get_attribute("data-provisional") == ("true" if provisional else "false")
    # shown for people in Vietnamese: dd/mm/yyyy hh:mm
    assert f"{expected:%d/%m/%Y %H:%M}" in due.inner_text()
    assert page.locator("#provisional").count() == (1 if provisional else 0)
    watched.assert_clean()


def test_keyboard_alone_from_search_to_print(open_page: Any, staff_server: str) -> None:
    watched = open_page(staff_server)
    page = watched.page
    page.goto(f"{staff_server}/")
    keyboard = page.keyboard

    def tab_to(selector: str, limit: int = 40) -> None:
        for _ in range(limit):
            keyboard.press("Tab")
            if page.evaluate(f"document.activeElement.matches({selector!r})"):
                return
        raise AssertionError(f"Tab never reached {selector}")

    tab_to("#q")
    keyboard.type("dang ky khai sinh")  # without diacritics
    keyboard.press("Enter")
    page.wait_for_url("**q=dang*")
    tab_to("ul.results a")
    code = page.evaluate("document.activeElement.textContent")
    keyboard.press("Enter")
    page.wait_for_url(f"**code={code}*")
    assert page.locator("#code").input_value() == code
    tab_to("#received")
    # a datetime-local field typed segment by segment, in the layout Debian's Chromium
    # shows without its Vietnamese locale files (mm/dd/yyyy, hh:mm AM)
    keyboard.type("11262026")
    keyboard.press("ArrowRight")
    keyboard.type("1000A")
    assert page.locator("#received").input_value() == "2026-11-26T10:00"
    keyboard.press("Enter")
    due = page.locator("output#due")
    due.wait_for()
    assert due.inner_text().strip() != ""
    tab_to("#print")  # the print button is reachable and labelled
    assert page.evaluate("document.activeElement.textContent").startswith("In giấy hẹn")
    # the language switch keeps the dossier
    page.goto(page.url)
    tab_to("#lang-switch")
    keyboard.press("Enter")
    page.wait_for_url("**lang=en*")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("output#due").count() == 1
    watched.assert_clean()


def test_every_field_has_a_label_and_the_page_fetches_only_its_own(
    open_page: Any, staff_server: str
) -> None:
    watched = open_page(staff_server)
    page = watched.page
    page.goto(
        f"{staff_server}/?code=1.012644&received=2026-02-12T10:00"
        "&pause1_start=2026-02-24T09:00&pause1_end=2026-02-25T09:00&dossier_id=H38.01-0001"
    )
    unlabeled = page.evaluate(
        """() => [...document.querySelectorAll('input:not([type=hidden]), select')]
               .filter(e => !e.labels || e.labels.length === 0).map(e => e.id || e.name)"""
    )
    assert unlabeled == []
    # Tết 2026 (16-20 Feb) is crossed and shown with its source
    crossed = page.locator("#crossed tbody tr")
    assert crossed.count() >= 5
    assert "9441/TB-BNV" in page.locator("#crossed").inner_text()
    assert page.locator("table.month").count() == 3  # February to April
    screenshot(page, "staff-page-vi.png", full_page=True)
    page.emulate_media(media="print")
    assert page.locator("#form01").is_visible()
    assert not page.locator("#dossier-form").is_visible()
    assert "H38.01-0001" in page.locator("#form01").inner_text()
    screenshot(page, "staff-page-form01-print.png")
    watched.assert_clean()


def test_bad_input_is_announced_not_a_crash(open_page: Any, staff_server: str) -> None:
    watched = open_page(staff_server)
    page = watched.page
    page.goto(f"{staff_server}/?lang=en&time=3%20parsecs&received=2026-11-26T10:00")
    alert = page.get_by_role("alert")
    assert alert.count() == 1 and "3 parsecs" in alert.inner_text()
    page.goto(f"{staff_server}/?lang=en&code=9.999999&received=2026-11-26T10:00")
    assert "9.999999" in page.get_by_role("alert").inner_text()
    watched.assert_clean()


def test_form01_downloads_as_word(open_page: Any, staff_server: str, tmp_path: Any) -> None:
    docx = pytest.importorskip("docx")
    watched = open_page(staff_server)
    page = watched.page
    page.goto(
        f"{staff_server}/?code=1.012644&received=2026-11-26T10:00&dossier_id=HS-0002"
        "&applicant=Nguy%E1%BB%85n%20V%C4%83n%20A"
    )
    link = page.locator("#word")
    assert link.is_visible() and link.get_attribute("download") is not None
    with page.expect_download() as info:
        link.focus()
        page.keyboard.press("Enter")  # by keyboard, as every control of the page
    target = tmp_path / "form01.docx"
    info.value.save_as(target)
    lines = [p.text for p in docx.Document(str(target)).paragraphs]
    assert "Mã hồ sơ: HS-0002" in lines
    shown = page.locator("#due").inner_text()
    assert any(line.startswith("Thời gian hẹn trả kết quả:") and line.split(": ", 1)[1] in shown
               for line in lines)  # fmt: skip
    watched.assert_clean()
