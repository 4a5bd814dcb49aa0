"""``tthc form 01|04``: Form 01 (receipt and appointment) or Form 04 (apology and extension)
of Circular 03/2025/TT-VPCP, filled from a dossier's deadline, as Markdown, text or Word.

Examples::

    tthc form 01 --received "2026-11-26 10:00" --time "3 ngày làm việc" \\
        --dossier-id HS-0001 --applicant "Nguyễn Văn A" --procedure-name "Thủ tục X" \\
        --component "Tờ khai" --sets 1 -o giay-hen.docx
    tthc form 04 --received "2026-11-26 10:00" --time "3 ngày làm việc" \\
        --applicant "Nguyễn Văn A" --procedure-name "Thủ tục X" --agency "Sở X" \\
        --reason "Cần xác minh thêm" --extra-days 2 --signer-title "Giám đốc"

The deadline is read as by ``tthc due`` (``--received``, ``--time`` or ``--procedure`` with
``--catalog``, ``--case``, ``--channel``, ``--pause``). ``--format`` is ``markdown``
(default), ``text`` or ``docx``; ``-o FILE.docx`` alone implies ``docx``. A Word file goes
to ``--output`` (or to standard output when it is redirected). Exit 0, or 2 for bad input,
with a message quoting it.
"""

from __future__ import annotations

import argparse
from datetime import date, datetime
from typing import TYPE_CHECKING

from tthc.cli import (
    EXIT_OK,
    add_lang_option,
    add_output_option,
    add_province_option,
    lang_of,
    rules_of,
    write_result,
)
from tthc.errors import FormError
from tthc.i18n import Text

if TYPE_CHECKING:
    from tthc.forms import Form01, Form04
    from tthc.model import Procedure
    from tthc.rules import Rules
    from tthc.sla import Deadline, DossierClock

COMMAND = "form"
HELP = (
    "in mẫu số 01 (giấy tiếp nhận, hẹn trả) hoặc 04 (xin lỗi, gia hạn) / "
    "fill Form 01 (receipt and appointment) or 04 (apology and extension)"
)

FORMATS = ("markdown", "text", "docx")


def register(parser: argparse.ArgumentParser) -> None:
    """Add the arguments of ``tthc form``."""
    from tthc.cli.due import add_deadline_arguments

    parser.add_argument("form", choices=("01", "04"), help="mẫu số / form number: 01 or 04")
    add_deadline_arguments(parser)  # the dossier's deadline, read as `tthc due` reads it
    text = {
        "dossier-id": "mã hồ sơ / dossier number",
        "applicant": "tổ chức, cá nhân / applicant",
        "address": "địa chỉ / applicant's address",
        "phone": "số điện thoại / phone",
        "email": "thư điện tử / e-mail",
        "procedure-name": "tên thủ tục / procedure name (default: the catalog's)",
        "agency": "cơ quan, bộ phận tiếp nhận hoặc giải quyết / receiving or resolving agency",
        "parent-agency": "cơ quan chủ quản / the agency above it",
        "place": "địa danh / place name of the date line",
        "number": "số của giấy / the form's number (Số)",
        "officer": "người tiếp nhận hoặc người ký / receiving officer or signer",
        "legal-time": "01: thời gian giải quyết theo quy định / processing time stated",
        "result-place": "01: nơi trả kết quả / where the result is collected",
        "register-book": "01: sổ theo dõi, quyển số / register book",
        "register-entry": "01: sổ theo dõi, số thứ tự / register entry",
        "reason": "04: lý do chậm trễ / reason for the delay",
        "signer-title": "04: chức danh người ký / signer's title",
        "extra-days": "04: số ngày làm việc gia hạn / extra working days (2, 1,5)",
        "new-due": "04: ngày hẹn mới / new appointment (date or ISO moment)",
        "original-due": "04: ngày hẹn ban đầu / first appointment (default: the deadline's)",
        "issued-on": "ngày của giấy / date of the form (YYYY-MM-DD)",
    }
    for name, help_text in text.items():
        parser.add_argument(f"--{name}", metavar="TEXT", help=help_text)
    parser.add_argument(
        "--component",
        action="append",
        default=None,
        metavar="TEXT",
        help="01: thành phần hồ sơ đã nhận / a dossier component received (repeatable)",
    )
    parser.add_argument("--sets", type=int, metavar="N", help="01: số bộ hồ sơ / number of sets")
    parser.add_argument(
        "--format",
        choices=FORMATS,
        default=None,
        help="định dạng / format: markdown | text | docx (default: markdown; docx for -o *.docx)",
    )
    add_output_option(parser)
    add_province_option(parser)
    add_lang_option(parser)
    parser.set_defaults(run=run)


def _format(args: argparse.Namespace) -> str:
    if args.format is not None:
        return str(args.format)
    if args.output and str(args.output).lower().endswith(".docx"):
        return "docx"
    return "markdown"


def _required(args: argparse.Namespace, *names: str) -> None:
    for name in names:
        if not (getattr(args, name.replace("-", "_")) or "").strip():
            raise FormError(
                Text(
                    f"Mẫu số {args.form}: cần --{name}",
                    f"Form {args.form}: --{name} is required",
                )
            )


def _day(text: str | None, option: str) -> date | None:
    if text is None:
        return None
    from tthc.timeparse import parse_date

    try:
        return parse_date(text)
    except ValueError:
        raise FormError(
            Text(
                f"{option}: ngày {text!r} không hợp lệ (YYYY-MM-DD)",
                f"{option}: invalid date {text!r} (YYYY-MM-DD)",
            )
        ) from None


def _new_due(text: str | None, rules: Rules) -> date | datetime | None:
    """``--new-due``: a date (the close of that working day) or an ISO moment."""
    if text is None:
        return None
    from tthc.dossier import in_calendar, read_moment

    if len(text.strip()) == 10:
        return _day(text, "--new-due")
    return in_calendar(text, read_moment(text, "--new-due"), "--new-due", rules.calendar)


def _form(
    args: argparse.Namespace,
    rules: Rules,
    procedure: Procedure | None,
    deadline: Deadline,
    clock: DossierClock | None,
) -> Form01 | Form04:
    from tthc.forms import Form01, Form04

    common = {
        "applicant": args.applicant,
        "procedure": procedure,
        "procedure_name": args.procedure_name,
        "dossier_id": args.dossier_id,
        "officer": args.officer,
        "number": args.number,
        "parent_agency": args.parent_agency,
        "place": args.place,
        "address": args.address,
        "phone": args.phone,
        "email": args.email,
        "issued_on": _day(args.issued_on, "--issued-on"),
    }
    if args.form == "01":
        _required(args, "dossier-id", "applicant")
        return Form01.from_deadline(
            deadline,
            agency=args.agency,
            components=args.component,
            sets=args.sets,
            legal_time=args.legal_time,
            result_place=args.result_place,
            register_book=args.register_book,
            register_entry=args.register_entry,
            lang=lang_of(args),
            **common,
        )
    _required(args, "applicant", "agency", "reason")
    original = None
    if args.original_due is not None:
        from tthc.dossier import in_calendar, read_moment

        read = read_moment(args.original_due, "--original-due")
        original = in_calendar(args.original_due, read, "--original-due", rules.calendar)
    return Form04.for_delay(
        rules,
        clock if clock is not None else deadline,
        agency=args.agency,
        reason=args.reason,
        extra_working_days=args.extra_days,
        new_due=_new_due(args.new_due, rules),
        original_due_at=original,
        signer_title=args.signer_title,
        **common,
    )


def run(args: argparse.Namespace) -> int:
    """Fill the form and write it (standard output, or ``--output``)."""
    from tthc.cli.due import deadline_of_args, pauses_in, procedure_of_args, read_pause
    from tthc.dossier import clock_of, in_calendar, read_moment

    lang = lang_of(args)
    fmt = _format(args)
    if args.received is None:
        raise FormError(Text("Cần --received", "--received is required"))
    if (args.time is None) == (args.procedure is None):
        raise FormError(
            Text(
                "Cần đúng một trong hai: --time hoặc --procedure",
                "Give exactly one of --time and --procedure",
            )
        )
    received_read = read_moment(args.received, "--received")
    pauses_read = [read_pause(item) for item in args.pause]
    if fmt == "docx":
        from tthc.formword import require_docx

        require_docx()
    rules = rules_of(args)
    calendar = rules.calendar
    received = in_calendar(args.received, received_read, "--received", calendar)
    pauses = pauses_in(pauses_read, calendar)
    procedure = procedure_of_args(args, rules)
    deadline = deadline_of_args(args, rules, received, procedure)
    clock = clock_of(rules, deadline, pauses, None)
    form = _form(args, rules, procedure, deadline, clock)
    if fmt == "docx":
        from tthc.formword import render_docx

        write_result(render_docx(form, rules, lang), args.output)
    else:
        from tthc.forms import render

        write_result(
            render(form, rules, lang, "text" if fmt == "text" else "markdown"), args.output
        )
    return EXIT_OK
