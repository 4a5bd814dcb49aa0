"""``tthc calendar``: text, JSON and iCalendar output; bad years exit 2 quoting the input."""

from __future__ import annotations

import json
from datetime import date

import pytest

from tthc import Rules, hookimpl
from tthc.calendar import CalendarDay, HoursPeriod, WorkingHours
from tthc.cli import EXIT_OK, EXIT_USAGE, main
from tthc.cli.calendar import as_text, fold
from tthc.i18n import Text


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["calendar", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_json_lists_days_that_differ_from_monday_friday(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run(capsys, "2026", "--format", "json", "--lang", "en")
    assert code == EXIT_OK
    days = {d["date"]: d for d in json.loads(out)}
    assert days["2026-01-10"]["working"] is True
    assert "12729/VPCP-KGVX" in days["2026-01-10"]["source"]
    assert days["2026-01-02"]["working"] is False
    assert days["2026-02-16"]["reason"] == "Lunar New Year's Eve (Giao thừa, Tết)"
    assert days["2026-02-16"]["reason_vi"] == "Giao thừa (Tết Nguyên đán)"
    assert days["2026-02-16"]["estimate"] is False
    assert "2026-02-14" not in days  # a Saturday off is not a change
    assert "2026-08-31" in days and "2026-08-22" in days and "2026-11-24" in days
    assert list(days) == sorted(days)
    assert set(days["2026-01-02"]) == {
        "date",
        "working",
        "reason",
        "reason_vi",
        "reason_en",
        "source",
        "estimate",
        "confirmed",
    }
    assert days["2026-01-02"]["confirmed"] is True
    # Culture Day: a day off whose enacting decision is not confirmed
    assert (days["2026-11-24"]["estimate"], days["2026-11-24"]["confirmed"]) == (True, False)


def test_json_estimate_year(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "2030", "--format", "json")
    assert code == EXIT_OK
    days = json.loads(out)
    assert days and all(d["estimate"] for d in days)


def test_text_table(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "2026", "--lang", "vi")
    assert code == EXIT_OK
    assert out.startswith("Lịch làm việc năm 2026 (toàn quốc)\n")
    assert "2026-01-10 T7  làm bù Ngày làm bù (cho thứ Sáu 02/01/2026)" in out
    assert "2026-02-14 T7  nghỉ   Tết Nguyên đán *" in out
    assert "Số ngày làm việc trong năm:" in out
    assert "TẠM TÍNH" not in out


def test_text_marks_an_unconfirmed_day_in_an_official_year(
    capsys: pytest.CaptureFixture[str],
) -> None:
    for lang, mark in (("vi", "(tạm tính)"), ("en", "(estimate)")):
        code, out, _ = run(capsys, "2026", "--lang", lang)
        assert code == EXIT_OK
        lines = out.splitlines()
        at = next(i for i, line in enumerate(lines) if line.startswith("2026-11-24"))
        assert lines[at + 1].endswith(mark)
        assert sum(line.endswith(mark) for line in lines) == 1  # confirmed days carry none


def test_text_estimate_warning(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "2031", "--lang", "en")
    assert code == EXIT_OK
    assert "ESTIMATE: no official decision is known for this year" in out


def test_ics_is_rfc5545(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01T00:00:00Z
    code, out, _ = run(capsys, "2026", "--format", "ics", "--lang", "vi")
    assert code == EXIT_OK
    raw = out.encode("utf-8")
    assert raw.endswith(b"END:VCALENDAR\r\n")
    physical = raw.split(b"\r\n")[:-1]
    assert b"\n" not in b"".join(physical)  # every line ends in CRLF
    assert all(len(line) <= 75 for line in physical)
    unfolded = out.replace("\r\n ", "").split("\r\n")
    assert unfolded[0] == "BEGIN:VCALENDAR" and "VERSION:2.0" in unfolded
    assert any(line.startswith("PRODID:") for line in unfolded)
    events = out.count("BEGIN:VEVENT")
    assert events == out.count("END:VEVENT") > 0
    uids = [line for line in unfolded if line.startswith("UID:")]
    assert len(uids) == len(set(uids)) == events
    assert unfolded.count("DTSTAMP:20260101T000000Z") == events
    # The Tết break 14-22 Feb: its weekend 14-15 Feb is one all-day event (DTEND is
    # exclusive), then each statutory day under its own name (Giao thừa, Mùng 1..4)
    tet = unfolded.index("DTSTART;VALUE=DATE:20260214")
    assert unfolded[tet + 1] == "DTEND;VALUE=DATE:20260216"
    assert "SUMMARY:Tết Nguyên đán" in unfolded
    assert "SUMMARY:Giao thừa (Tết Nguyên đán)" in unfolded
    assert "SUMMARY:Mùng 1 Tết Nguyên đán" in unfolded
    assert "SUMMARY:Làm việc: Ngày làm bù (cho thứ Sáu 02/01/2026)" in unfolded
    assert any(line.startswith("DESCRIPTION:Nguồn: Công văn 12729/VPCP-KGVX") for line in unfolded)


def test_fold_never_splits_a_character() -> None:
    line = "SUMMARY:" + "Tết Nguyên đán " * 12
    folded = fold(line)
    parts = folded.encode("utf-8").split(b"\r\n")
    assert all(len(p) <= 75 for p in parts)
    assert all(p.decode("utf-8") for p in parts)  # each piece is valid UTF-8
    assert folded.replace("\r\n ", "") == line
    assert fold("SHORT") == "SHORT"


@pytest.mark.parametrize(
    ("year", "message"),
    [
        ("20x6", "Invalid year: '20x6'"),
        ("", "Invalid year: ''"),
        ("1990", "Year '1990' is outside the working calendar (1995-"),
        ("2999", "Year '2999' is outside the working calendar"),
    ],
)
def test_bad_year_exits_2_quoting_it(
    capsys: pytest.CaptureFixture[str], year: str, message: str
) -> None:
    code, out, err = run(capsys, year, "--lang", "en")
    assert code == EXIT_USAGE
    assert out == ""
    assert message in err


def test_bad_year_message_in_vietnamese(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "năm", "--lang", "vi")
    assert code == EXIT_USAGE
    assert "Năm không hợp lệ: 'năm'" in err


def test_year_outside_the_calendar_in_vietnamese(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "1800", "--lang", "vi")
    assert (code, out) == (EXIT_USAGE, "")
    assert err.startswith("tthc: Năm '1800' nằm ngoài lịch làm việc (1995-")


def test_unknown_province_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "2026", "--province", "khong-co-tinh-nay", "--lang", "en")
    assert code == EXIT_USAGE
    assert "khong-co-tinh-nay" in err


class _KeepsCultureDayOpen:
    """Synthetic plugin: cancels the national day off of 24 November 2026 (a Tuesday)."""

    @hookimpl
    def tthc_calendar_days(self, first_year: int, last_year: int) -> list[CalendarDay]:
        return [CalendarDay(date(2026, 11, 24), True, Text("làm việc", "working"), "synthetic")]


def test_text_a_cancelled_weekday_off_is_neither_make_up_nor_weekend() -> None:
    rules = Rules.national()
    rules.pm.register(_KeepsCultureDayOpen(), name="synthetic")
    cal = rules.working_calendar()
    for lang, expected in (
        ("vi", "2026-11-24 T3  làm việc làm việc"),
        ("en", "2026-11-24 Tue work   working"),
    ):
        text = as_text(cal, cal.days(2026), 2026, "synthetic", lang)  # type: ignore[arg-type]
        lines = text.splitlines()
        # Not a make-up day (làm bù), and the mark is for holidays on a weekend.
        assert next(x for x in lines if x.startswith("2026-11-24")) == expected
        assert next(x for x in lines if x.startswith("2026-02-14")).endswith(" *")
        assert next(x for x in lines if x.startswith("2026-01-10")).split()[2:4] == (
            ["làm", "bù"] if lang == "vi" else ["work", "Make-up"]
        )


def test_format_option_is_the_shared_one(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["calendar", "--help"])
    out = " ".join(capsys.readouterr().out.split())
    assert "định dạng kết quả / output format: text | json | ics (default: text)" in out


def test_json_is_utf8_indented_with_a_final_newline(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "2026", "--format", "json", "--lang", "vi")
    assert code == EXIT_OK
    assert "Tết Nguyên đán" in out and "\\u" not in out
    assert out.startswith("[\n  {\n") and out.endswith("]\n")


class _SourcedHours:
    """Synthetic plugin: its own seasonal hours with a (fictional) source and a note."""

    @hookimpl
    def tthc_working_hours(self) -> WorkingHours:
        summer = HoursPeriod.of(
            "07:00-11:30, 13:30-17:00",
            season=((4, 15), (10, 14)),
            name=Text("giờ mùa hè", "summer hours"),
            source="synthetic notice 1",
        )
        winter = HoursPeriod.of(
            "07:30-12:00, 13:00-16:30", name=Text("giờ mùa đông", "winter hours")
        )
        return WorkingHours((summer, winter), note=Text("ghi chú thử", "test note"))


def test_text_shows_a_province_hours_with_their_source() -> None:
    rules = Rules.national()
    rules.pm.register(_SourcedHours(), name="synthetic")
    cal = rules.working_calendar(first_year=2026, last_year=2026)
    expected = {
        "vi": [
            "Giờ làm việc          07:30-12:00, 13:00-16:30 (giờ mùa đông)",
            "                      07:00-11:30, 13:30-17:00 (giờ mùa hè)",
            "                      synthetic notice 1",
            "                      ghi chú thử",
            "",
        ],
        "en": [
            "Working hours         07:30-12:00, 13:00-16:30 (winter hours)",
            "                      07:00-11:30, 13:30-17:00 (summer hours)",
            "                      synthetic notice 1",
            "                      test note",
            "",
        ],
    }
    for lang, block in expected.items():
        lines = as_text(cal, cal.days(2026), 2026, "synthetic", lang).splitlines()  # type: ignore[arg-type]
        at = lines.index(block[0])
        assert lines[at : at + len(block)] == block


def test_text_does_not_repeat_the_national_hours(capsys: pytest.CaptureFixture[str]) -> None:
    for lang in ("vi", "en"):
        code, out, _ = run(capsys, "2026", "--lang", lang)
        assert code == EXIT_OK
        assert "Giờ làm việc" not in out and "Working hours" not in out
