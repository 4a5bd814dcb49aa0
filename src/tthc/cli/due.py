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

Batch without a server: ``tthc due --batch [FILE|-]`` reads JSON lines, one dossier per line
(the object of :mod:`tthc.dossierjson`, the same as the body of ``POST /v1/deadlines``), and
writes one JSON line per dossier, in order: its answer, or ``{"line": N, "error": {...}}``
for a line that cannot be read or computed, while the other lines still come out. Blank
lines are skipped. Exit 0, 1 when a line failed, 2 on an I/O error.
"""

from __future__ import annotations

import argparse
import sys
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

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
from tthc.dossier import clock_of, in_calendar, read_moment, result, working_time_words
from tthc.i18n import Lang, Text

if TYPE_CHECKING:
    from tthc.calendar import WorkingCalendar
    from tthc.model import Procedure
    from tthc.rules import Rules
    from tthc.sla import Deadline, DossierClock

COMMAND = "due"
HELP = "tính ngày hẹn trả kết quả / compute the due moment of a dossier"


def register(parser: argparse.ArgumentParser) -> None:
    """Add the arguments of ``tthc due``."""
    add_deadline_arguments(parser)
    parser.add_argument(
        "--finished", metavar="ISO", help="thời điểm có kết quả / when the result was ready"
    )
    parser.add_argument(
        "--batch",
        nargs="?",
        const="-",
        metavar="FILE",
        help="đọc nhiều hồ sơ, mỗi dòng một đối tượng JSON / read dossiers as JSON lines "
        "from FILE or - (standard input), write one JSON line per dossier",
    )
    add_format_option(parser, ("text", "json"))
    add_province_option(parser)
    add_lang_option(parser)
    parser.set_defaults(run=run)


def add_deadline_arguments(parser: argparse.ArgumentParser) -> None:
    """The arguments that give one dossier's deadline (``tthc due``, ``tthc form``):
    ``--received``, ``--time`` or ``--procedure`` with ``--catalog``, ``--case``,
    ``--channel``, ``--pause``."""
    parser.add_argument(
        "--received",
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


def _bad(vi: str, en: str) -> Exception:
    from tthc.sla import DeadlineError

    return DeadlineError(Text(vi, en))


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


def pauses_in(
    pauses_read: list[tuple[tuple[str, datetime], tuple[str, datetime] | None]],
    calendar: WorkingCalendar,
) -> list[tuple[datetime, datetime | None]]:
    """The pauses of :func:`read_pause`, each moment checked against the calendar."""
    return [
        (
            in_calendar(start[0], start[1], "--pause", calendar),
            None if end is None else in_calendar(end[0], end[1], "--pause", calendar),
        )
        for start, end in pauses_read
    ]


def procedure_of_args(args: argparse.Namespace, rules: Rules) -> Procedure | None:
    """The catalog procedure ``--procedure`` names (from ``--catalog`` or the config)."""
    if args.procedure is None:
        return None
    from tthc.catalog import load_catalog

    path = args.catalog or rules.config.catalog
    if path is None:
        raise _bad(
            f"--procedure {args.procedure}: cần --catalog (hoặc khoá catalog trong cấu hình)",
            f"--procedure {args.procedure}: needs --catalog (or the catalog key in the config)",
        )
    return load_catalog(path)[args.procedure]


def deadline_of_args(
    args: argparse.Namespace,
    rules: Rules,
    received: datetime,
    procedure: Procedure | None = None,
) -> Deadline:
    """The deadline of :func:`add_deadline_arguments`' arguments, ``received`` already read
    (and the procedure, when the caller has loaded it)."""
    if args.procedure is None:
        return rules.deadline(received, args.time, channel=args.channel, case=args.case)
    procedure = procedure or procedure_of_args(args, rules)
    assert procedure is not None  # --procedure was given
    return rules.deadline(received, procedure, channel=args.channel, case=args.case)


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
    if args.batch is not None:
        from tthc.cli.due_batch import run_batch

        return run_batch(args, lang)
    if args.received is None:
        raise _bad(
            "Cần --received (hoặc --batch cho nhiều hồ sơ)",
            "--received is required (or --batch for many dossiers)",
        )
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
    pauses = pauses_in(pauses_read, calendar)
    finished = (
        None
        if finished_read is None
        else in_calendar(args.finished, finished_read, "--finished", calendar)
    )
    deadline = deadline_of_args(args, rules, received)
    clock = clock_of(rules, deadline, pauses, finished)
    if args.format == "json":
        sys.stdout.write(json_text(result(deadline, clock, lang)))
    else:
        print(_text(deadline, clock, lang))
    if clock is not None and clock.status == "late":
        return EXIT_FINDINGS
    return EXIT_OK
