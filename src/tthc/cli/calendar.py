"""``tthc calendar``: the days off and make-up working days of a year, with their sources.

Examples::

    tthc calendar 2026
    tthc calendar 2026 --format json
    tthc calendar 2026 --format ics > ngay-nghi-2026.ics
    tthc calendar 2026 --province tuyen-quang --lang en

``text`` is a readable table of every recorded day (holidays falling on a weekend
included), then a province's own working hours with their source and note. ``json``
is a list of the days whose status differs from a plain Monday-Friday week, each with
``date``, ``working``, ``reason``, ``source`` and ``estimate``. ``ics`` is an
iCalendar file (RFC 5545) of the days off and make-up days, one all-day event per run
of days, that a calendar app imports. Exit 2 for a bad year (quoted in the message).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any

from tthc.cli import (
    EXIT_OK,
    add_format_option,
    add_lang_option,
    add_province_option,
    json_text,
    lang_of,
    rules_of,
)
from tthc.errors import CalendarError
from tthc.i18n import Lang, Text

if TYPE_CHECKING:
    from tthc.calendar import CalendarDay, WorkingCalendar

COMMAND = "calendar"
HELP = "lịch ngày nghỉ, ngày làm bù của một năm / days off and make-up days of a year"


def register(parser: argparse.ArgumentParser) -> None:
    """Add the arguments of ``tthc calendar``."""
    parser.add_argument("year", metavar="YEAR", help="năm / year, e.g. 2026")
    add_format_option(parser, ("text", "json", "ics"))
    add_province_option(parser)
    add_lang_option(parser)
    parser.set_defaults(run=run)


def parse_year(text: str) -> int:
    """A year given on the command line; CalendarError quoting it otherwise."""
    raw = text.strip()
    if not (raw.isdigit() and len(raw) == 4):
        raise CalendarError(
            Text(
                f"Năm không hợp lệ: {text!r} (cần 4 chữ số, ví dụ 2026)",
                f"Invalid year: {text!r} (expected 4 digits, e.g. 2026)",
            )
        )
    return int(raw)


def run(args: argparse.Namespace) -> int:
    """Print the calendar of ``args.year`` in ``args.format``."""
    year = parse_year(args.year)
    lang = lang_of(args)
    rules = rules_of(args)
    calendar = rules.calendar
    if not calendar.first_year <= year <= calendar.last_year:
        raise CalendarError(
            Text(
                f"Năm {args.year!r} nằm ngoài lịch làm việc "
                f"({calendar.first_year}-{calendar.last_year})",
                f"Year {args.year!r} is outside the working calendar "
                f"({calendar.first_year}-{calendar.last_year})",
            )
        )
    days = calendar.days(year)
    if args.format == "json":
        sys.stdout.write(json_text(as_json(days, lang)))
    elif args.format == "ics":
        name = rules.province or "national"
        sys.stdout.write(as_ics(days, year, name, lang))
    else:
        sys.stdout.write(as_text(calendar, days, year, rules.province, lang))
    return EXIT_OK


def _differs(entry: CalendarDay) -> bool:
    """Whether the day's status differs from a plain Monday-Friday week."""
    return entry.working != (entry.day.weekday() < 5)


def as_json(days: Sequence[CalendarDay], lang: Lang) -> list[dict[str, Any]]:
    """The days whose status differs from Monday-Friday, as JSON-ready objects."""
    return [
        {
            "date": d.day.isoformat(),
            "working": d.working,
            "reason": d.reason(lang),
            "reason_vi": d.reason.vi,
            "reason_en": d.reason.en,
            "source": d.source,
            "estimate": d.estimate,
            "confirmed": d.confirmed,
        }
        for d in days
        if _differs(d)
    ]


_WEEKDAYS = {
    "vi": ("T2", "T3", "T4", "T5", "T6", "T7", "CN"),
    "en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
}


def as_text(
    calendar: WorkingCalendar,
    days: Sequence[CalendarDay],
    year: int,
    province: str | None,
    lang: Lang,
) -> str:
    """A readable table: date, weekday, status, reason, source; a province's own working
    hours with their source; then a summary line."""
    where = province or Text("toàn quốc", "national")(lang)
    title = Text(f"Lịch làm việc năm {year} ({where})", f"Working calendar {year} ({where})")
    lines = [title(lang), "=" * len(title(lang))]
    if calendar.is_estimate(year):
        lines.append(
            Text(
                "TẠM TÍNH: chưa có quyết định chính thức cho năm này; ngày nghỉ theo luật, "
                "chưa có hoán đổi.",
                "ESTIMATE: no official decision is known for this year; statutory days only, "
                "no swaps.",
            )(lang)
        )
    off, work = Text("nghỉ", "off")(lang), Text("làm bù", "work")(lang)
    weekday_work = Text("làm việc", "work")(lang)
    for d in days:
        weekend = d.day.weekday() >= 5
        # A weekday recorded as working (a plugin cancelling a day off) is no make-up day.
        status = (work if weekend else weekday_work) if d.working else off
        mark = " *" if weekend and not d.working else ""
        lines.append(
            f"{d.day.isoformat()} {_WEEKDAYS[lang][d.day.weekday()]:<3} {status:<6} "
            f"{d.reason(lang)}{mark}"
        )
        # In an official year only a day whose own decision is unconfirmed is an estimate;
        # the year's banner already says so for every day of an estimated year.
        unconfirmed = d.estimate and not calendar.is_estimate(year)
        note = Text(" (tạm tính)", " (estimate)")(lang) if unconfirmed else ""
        lines.append(f"{'':<22}{d.source}{note}")
    lines.extend(_own_hours(calendar, year, lang))
    lines.append("")
    count = calendar.working_days_in_year(year)
    lines.append(
        Text(
            f"* trùng ngày nghỉ cuối tuần. Số ngày làm việc trong năm: {count}",
            f"* falls on a weekend. Working days in the year: {count}",
        )(lang)
    )
    return "\n".join(lines) + "\n"


def _own_hours(calendar: WorkingCalendar, year: int, lang: Lang) -> list[str]:
    """The province's own working hours in ``year``, each with its source, then their note.

    Nothing for the national hours: their source is the Monday-Friday week's.
    """
    if calendar.hours_plugin is None:
        return []
    periods = list(calendar.periods_in(year))
    if not periods:
        return []
    lines = [""]
    label = Text("Giờ làm việc", "Working hours")(lang)
    for period in periods:
        spans = ", ".join(f"{a:%H:%M}-{b:%H:%M}" for a, b in period.intervals)
        lines.append(f"{label:<22}{spans} ({period.name(lang)})")
        label = ""
        if period.source:
            lines.append(f"{'':<22}{period.source}")
    note = calendar.hours.note(lang)
    if note:
        lines.append(f"{'':<22}{note}")
    return lines


# -- iCalendar (RFC 5545) ----------------------------------------------------------------


def _escape(text: str) -> str:
    """TEXT value escaping (RFC 5545 §3.3.11)."""
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def fold(line: str) -> str:
    """Fold a content line at 75 octets (RFC 5545 §3.1), never inside a UTF-8 character."""
    out: list[str] = []
    current = ""
    size = 0
    limit = 75
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            out.append(current)
            current, size, limit = " ", 1, 75
        current += char
        size += width
    out.append(current)
    return "\r\n".join(out)


def _stamp() -> str:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = (
        datetime.fromtimestamp(int(epoch), tz=timezone.utc)
        if epoch and epoch.isdigit()
        else datetime.now(timezone.utc)
    )
    return moment.strftime("%Y%m%dT%H%M%SZ")


def _runs(days: Sequence[CalendarDay]) -> list[list[CalendarDay]]:
    """Consecutive days with the same status, reason and source, as one event each."""
    runs: list[list[CalendarDay]] = []
    for d in days:
        if runs:
            last = runs[-1][-1]
            if d.day - last.day == timedelta(days=1) and (d.working, d.reason, d.source) == (
                last.working,
                last.reason,
                last.source,
            ):
                runs[-1].append(d)
                continue
        runs.append([d])
    return runs


def as_ics(days: Sequence[CalendarDay], year: int, name: str, lang: Lang) -> str:
    """An iCalendar file of the year's days off and make-up days (all-day events)."""
    from tthc import __version__

    stamp = _stamp()
    cal_name = Text(f"Ngày nghỉ {year} ({name})", f"Days off {year} ({name})")(lang)
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:-//tthc//tthc {__version__}//{lang.upper()}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{_escape(cal_name)}",
        "X-WR-TIMEZONE:Asia/Ho_Chi_Minh",
    ]
    for run in _runs(days):
        first, last = run[0], run[-1]
        end = last.day + timedelta(days=1)  # DTEND of an all-day event is exclusive
        summary = first.reason(lang)
        if first.working:
            summary = Text("Làm việc: ", "Working day: ")(lang) + summary
        description = Text("Nguồn: ", "Source: ")(lang) + first.source
        if first.estimate:
            description += Text(" (tạm tính)", " (estimate)")(lang)
        lines += [
            "BEGIN:VEVENT",
            f"UID:{first.day:%Y%m%d}-{'work' if first.working else 'off'}-{name}@tthc",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{first.day:%Y%m%d}",
            f"DTEND;VALUE=DATE:{end:%Y%m%d}",
            f"SUMMARY:{_escape(summary)}",
            f"DESCRIPTION:{_escape(description)}",
            f"CATEGORIES:{'WORKDAY' if first.working else 'HOLIDAY'}",
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
