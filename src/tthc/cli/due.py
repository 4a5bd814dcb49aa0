"""``tthc due``: the appointment (ngày hẹn trả) for a dossier, and its status when finished.

Examples::

    tthc due --received "2026-11-26 10:00" --time "3 ngày làm việc"
    tthc due --received 2026-02-13T16:00 --procedure 1.012644 --catalog catalog/ --format json
    tthc due --received "2026-11-26 10:00" --time "3 ngày làm việc" \\
        --pause "2026-11-27 09:00/2026-11-30 09:00" --finished "2026-12-02 10:00"

``--received`` and the moments of ``--pause START/END`` and ``--finished`` are ISO 8601
(``2026-11-26 10:00``, ``2026-11-26T10:00+07:00``); without a zone they are Vietnam
time. ``--pause START/`` (no end) is a pause still open. Exit 0, or 1 when the dossier
finished late; 2 for bad input (quoted in the message).
"""

from __future__ import annotations

import argparse
import sys
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from tthc.cli import (
    EXIT_FINDINGS,
    EXIT_OK,
    add_format_option,
    add_lang_option,
    add_province_option,
    json_text,
    lang_of,
    rules_of,
)
from tthc.i18n import Lang, Text

if TYPE_CHECKING:
    from tthc.calendar import WorkingCalendar
    from tthc.rules import Rules
    from tthc.sla import Deadline, DossierClock

COMMAND = "due"
HELP = "tính ngày hẹn trả kết quả / compute the due moment of a dossier"


def register(parser: argparse.ArgumentParser) -> None:
    """Add the arguments of ``tthc due``."""
    parser.add_argument(
        "--received",
        required=True,
        metavar="ISO",
        help="thời điểm nhận đủ hồ sơ / when the complete dossier was received (ISO 8601)",
    )
    parser.add_argument(
        "--time",
        metavar="TEXT",
        help='thời hạn / processing time, e.g. "3 ngày làm việc", "8 giờ làm việc", "trong ngày"',
    )
    parser.add_argument(
        "--procedure", metavar="CODE", help="mã thủ tục trong danh mục / procedure code"
    )
    parser.add_argument(
        "--catalog",
        metavar="PATH",
        help="thư mục danh mục / catalog folder (default: `catalog` of the configuration)",
    )
    parser.add_argument("--case", metavar="C", help="trường hợp / case name (or part of it)")
    parser.add_argument(
        "--channel",
        choices=("in_person", "online", "postal"),
        help="cách thức nộp / channel of submission",
    )
    parser.add_argument(
        "--pause",
        action="append",
        default=[],
        metavar="START/END",
        help="tạm dừng (yêu cầu bổ sung) / pause for a supplement; repeatable; END may be empty",
    )
    parser.add_argument(
        "--finished", metavar="ISO", help="thời điểm có kết quả / when the result was ready"
    )
    add_format_option(parser, ("text", "json"))
    add_province_option(parser)
    add_lang_option(parser)
    parser.set_defaults(run=run)


def _bad(vi: str, en: str) -> Exception:
    from tthc.sla import DeadlineError

    return DeadlineError(Text(vi, en))


def read_moment(text: str, option: str) -> datetime:
    """An ISO 8601 moment as given on the command line (naive or aware), read but not yet
    checked against the calendar: a DeadlineError naming the option and quoting ``text``
    when it is not ISO 8601. Needs no calendar, so bad input is refused before one is built.
    """
    raw = text.strip()
    if raw.endswith(("Z", "z")):
        raw = raw[:-1] + "+00:00"
    try:
        return datetime.fromisoformat(raw)
    except ValueError:
        raise _bad(
            f"{option}: không đọc được thời điểm {text!r}; dùng ISO 8601, "
            "ví dụ 2026-11-26 10:00 hoặc 2026-11-26T10:00+07:00",
            f"{option}: cannot read the moment {text!r}; use ISO 8601, "
            "e.g. 2026-11-26 10:00 or 2026-11-26T10:00+07:00",
        ) from None


def in_calendar(text: str, given: datetime, option: str, calendar: WorkingCalendar) -> datetime:
    """``given`` (read from ``text``) in Vietnam time, checked to lie in the calendar's years.

    Outside them: a DeadlineError that names the option and quotes ``text`` as the user
    typed it (with the moment in Vietnam time when it was given in another zone), never as
    converted.
    """
    from tthc.calendar import as_local, quote_moment
    from tthc.errors import CalendarError

    try:
        moment = as_local(given)
    except CalendarError:  # no date at all in Vietnam time (year 10000)
        moment = None
    years = f"{calendar.first_year}-{calendar.last_year}"
    if moment is None or not calendar.first_year <= moment.year <= calendar.last_year:
        offset = given.utcoffset()
        local = (
            f" ({quote_moment(moment)})"
            if moment is not None and offset is not None and offset != timedelta(hours=7)
            else ""
        )
        raise _bad(
            f"{option}: {text!r}{local} nằm ngoài lịch làm việc ({years})",
            f"{option}: {text!r}{local} is outside the working calendar ({years})",
        )
    return moment


def read_pause(text: str) -> tuple[tuple[str, datetime], tuple[str, datetime] | None]:
    """``START/END`` (``END`` empty for a pause still open), read but not yet checked
    against the calendar."""
    start, sep, end = text.partition("/")
    if not sep or not start.strip():
        raise _bad(
            f"--pause: cần BẮT_ĐẦU/KẾT_THÚC, nhận được {text!r}",
            f"--pause: expected START/END, got {text!r}",
        )
    return (
        (start, read_moment(start, "--pause")),
        (end, read_moment(end, "--pause")) if end.strip() else None,
    )


def _deadline(args: argparse.Namespace, rules: Rules, received: datetime) -> Deadline:
    if args.procedure is None:
        return rules.deadline(received, args.time, channel=args.channel, case=args.case)
    from tthc.catalog import load_catalog

    path = args.catalog or rules.config.catalog
    if path is None:
        raise _bad(
            f"--procedure {args.procedure}: cần --catalog (hoặc khoá catalog trong cấu hình)",
            f"--procedure {args.procedure}: needs --catalog (or the catalog key in the config)",
        )
    procedure = load_catalog(path)[args.procedure]
    return rules.deadline(received, procedure, channel=args.channel, case=args.case)


def _clock(
    rules: Rules,
    deadline: Deadline,
    pauses: list[tuple[datetime, datetime | None]],
    finished: datetime | None,
) -> DossierClock | None:
    if not pauses and finished is None:
        return None
    clock = rules.clock(deadline)
    for start, end in pauses:
        clock = clock.pause(start)
        if end is not None:
            clock = clock.resume(end)
    if finished is not None:
        clock = clock.finish(finished)
    return clock


def result(deadline: Deadline, clock: DossierClock | None, lang: Lang) -> dict[str, Any]:
    """The JSON object ``tthc due --format json`` prints."""
    out = deadline.to_dict(lang)
    if clock is None:
        return out
    out.update(clock.to_dict(lang))  # due_at after pauses, status, lateness, events
    out.update(
        {
            "original_due_at": deadline.due_at.isoformat(),
            # the deadline's years include its steps', the clock's the moved due moment's
            "provisional": deadline.provisional or clock.provisional,
            "provisional_years": sorted(
                set(deadline.provisional_years) | set(clock.provisional_years)
            ),
            "provisional_days": [
                day.isoformat()
                for day in sorted(set(deadline.provisional_days) | set(clock.provisional_days))
            ],
            "paused": clock.paused,
            # ISO 8601 above is for machines; the same amounts in words, in ``lang``
            "paused_time_text": working_time_words(clock.paused_time)(lang),
            "late_by_text": None
            if clock.late_by is None
            else working_time_words(clock.late_by)(lang),
        }
    )
    return out


def working_time_words(amount: timedelta) -> Text:
    """Working time (thời gian làm việc) as people read it, not as ISO 8601 (``PT20H``).

    ``20 giờ làm việc`` / ``20 working hours`` (``1 working hour``); with minutes or seconds
    ``8 giờ 30 phút làm việc`` / ``8 hours 30 minutes of working time``. Hours are never
    folded into days: a working day is 8 hours of the calendar, not 24 (the text output adds
    the working days beside it).
    """
    from tthc.calendar import working_time_text

    words = working_time_text(amount)
    if amount and amount % timedelta(hours=1) == timedelta(0):
        hours = abs(amount) // timedelta(hours=1)
        sign = "-" if amount < timedelta(0) else ""
        return Text(
            f"{words.vi} làm việc", f"{sign}{hours} working hour{'' if hours == 1 else 's'}"
        )
    return Text(f"{words.vi} làm việc", f"{words.en} of working time")


def _working_days_words(amount: timedelta) -> Text:
    """``amount`` in working days of 8 hours: ``2,5 ngày làm việc`` / ``2.5 working days``."""
    from tthc.duration import Duration, Unit
    from tthc.sla import working_days_of

    return Duration.of(working_days_of(abs(amount)), Unit.WORKING_DAYS).as_text()


def _text(deadline: Deadline, clock: DossierClock | None, lang: Lang) -> str:
    from tthc.sla import format_moment, status_text

    def when(moment: datetime) -> str:
        return format_moment(moment, lang)

    def label(vi: str, en: str) -> str:
        return f"{Text(vi, en)(lang) + ':':<22}"

    lines = []
    if deadline.procedure:
        lines.append(label("Thủ tục", "Procedure") + deadline.procedure)
    if deadline.case:
        lines.append(label("Trường hợp", "Case") + deadline.case)
    lines.append(label("Thời hạn", "Time") + deadline.duration.text(lang))
    lines.append(label("Tiếp nhận", "Received") + when(deadline.received_at))
    if deadline.effective_at != deadline.received_at:
        lines.append(label("Tiếp nhận tính từ", "Effective receipt") + when(deadline.effective_at))
    lines.append(label("Bắt đầu tính", "Clock starts") + when(deadline.starts_at))
    due = deadline.due_at if clock is None else clock.due_at
    if clock is not None and clock.due_at != deadline.due_at:
        lines.append(label("Hạn ban đầu", "Original due") + when(deadline.due_at))
        paused = working_time_words(clock.paused_time)(lang)
        if clock.paused_time >= timedelta(hours=8):  # a working day or more: say how many
            paused += f" ({_working_days_words(clock.paused_time)(lang)})"
        lines.append(label("Thời gian tạm dừng", "Paused") + paused)
    lines.append(label("Hạn trả kết quả", "Due") + when(due))
    provisional = deadline.provisional or (clock is not None and clock.provisional)
    if provisional:
        years = sorted(
            set(deadline.provisional_years) | set(clock.provisional_years if clock else ())
        )
        if years:
            lines.append(
                Text(
                    f"(Tạm tính: lịch nghỉ năm {', '.join(map(str, years))} là ước tính)",
                    f"(Provisional: the days off of {', '.join(map(str, years))} are estimates)",
                )(lang)
            )
        days = sorted(set(deadline.provisional_days) | set(clock.provisional_days if clock else ()))
        if days:
            vi_days = ", ".join(f"{day:%d/%m/%Y}" for day in days)
            en_days = ", ".join(day.isoformat() for day in days)
            lines.append(
                Text(
                    f"(Tạm tính: ngày nghỉ {vi_days} chưa có văn bản xác nhận; "
                    "nếu là ngày làm việc thì hạn sớm hơn)",
                    f"(Provisional: the day off {en_days} is not confirmed by a decision; "
                    "were it a working day, the deadline would come earlier)",
                )(lang)
            )
    if clock is not None:
        if clock.paused and clock.paused_since is not None:
            lines.append(label("Đang tạm dừng từ", "Paused since") + when(clock.paused_since))
        if clock.finished_at is not None:
            lines.append(label("Có kết quả", "Finished") + when(clock.finished_at))
            lines.append(label("Trạng thái", "Status") + status_text(clock.status, lang))
            late = clock.late_by
            if late is not None and clock.status == "late":
                lines.append(
                    label("Trễ", "Late by")
                    + f"{working_time_words(late)(lang)} ({_working_days_words(late)(lang)})"
                )
    if deadline.steps:
        lines.append(Text("Các bước (liên thông):", "Steps (inter-agency):")(lang))
        for step in deadline.steps:
            name = step.name or f"#{step.index}"
            time = (
                step.duration.text(lang)
                if step.duration
                else Text("không tính", "not counted")(lang)
            )
            agency = f" [{step.agency}]" if step.agency else ""
            lines.append(
                f"  {step.index:>2}. {name}{agency} ({time}): "
                f"{when(step.starts_at)} -> {when(step.due_at)}"
            )
    for warning in deadline.warnings:
        lines.append(Text("Lưu ý: ", "Warning: ")(lang) + warning(lang))
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    """Compute and print the deadline; exit 1 when ``--finished`` is after the due moment."""
    lang = lang_of(args)
    # Read every input before the calendar is built: a typo is refused at once, quoted as
    # typed; only the years of the moments need the calendar.
    if (args.time is None) == (args.procedure is None):
        raise _bad(
            "Cần đúng một trong hai: --time hoặc --procedure",
            "Give exactly one of --time and --procedure",
        )
    received_read = read_moment(args.received, "--received")
    pauses_read = [read_pause(item) for item in args.pause]
    finished_read = None if args.finished is None else read_moment(args.finished, "--finished")
    if args.time is not None:
        from tthc.durationtext import parse_cases

        parse_cases(args.time)  # DurationError quoting the text
    rules = rules_of(args)
    calendar = rules.calendar
    received = in_calendar(args.received, received_read, "--received", calendar)
    pauses = [
        (
            in_calendar(start[0], start[1], "--pause", calendar),
            None if end is None else in_calendar(end[0], end[1], "--pause", calendar),
        )
        for start, end in pauses_read
    ]
    finished = (
        None
        if finished_read is None
        else in_calendar(args.finished, finished_read, "--finished", calendar)
    )
    deadline = _deadline(args, rules, received)
    clock = _clock(rules, deadline, pauses, finished)
    if args.format == "json":
        sys.stdout.write(json_text(result(deadline, clock, lang)))
    else:
        print(_text(deadline, clock, lang))
    if clock is not None and clock.status == "late":
        return EXIT_FINDINGS
    return EXIT_OK
