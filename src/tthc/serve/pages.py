"""The page for one-stop staff (trang cho cán bộ một cửa) at ``/`` of ``tthc serve``.

A clerk finds a procedure of the loaded catalog by its code or words of its name, enters the
moment the complete dossier was received, the channel or case and any pauses (supplement
requests), and sees the appointment (ngày hẹn trả), whether it is provisional (tạm tính),
each day off or make-up day it crossed with the document it rests on, and a month view of
the calendar; Form 01 (giấy tiếp nhận hồ sơ và hẹn trả kết quả) prints from the same page.

Server-rendered HTML (Jinja2, autoescaped) from a plain GET form, so the page works without
JavaScript; one small script only adds a print button. Everything it needs is served by
``tthc serve`` itself (``/static/``): no CDN, no font or script from the network, so it
works in an office without internet. Vietnamese by default, ``?lang=en`` for English.

The appointment comes from the same library calls as ``POST /v1/deadlines`` and ``tthc
due`` (``rules.deadline``, then the dossier clock for pauses), so the page, the API and the
library give one answer.
"""

from __future__ import annotations

import calendar as monthcal
import importlib.util
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse, PlainTextResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.staticfiles import StaticFiles

from tthc.display import display_date
from tthc.dossier import clock_of, working_time_words
from tthc.errors import TthcError
from tthc.formword import DOCX_MEDIA_TYPE
from tthc.htmlreport import environment
from tthc.i18n import LANGS, Lang, Text

if TYPE_CHECKING:
    from fastapi import FastAPI

    from tthc.calendar import WorkingCalendar
    from tthc.catalog import Catalog
    from tthc.forms import Form01
    from tthc.model import Procedure
    from tthc.rules import Rules
    from tthc.sla import Deadline

__all__ = ["PAUSES", "StaffAnswer", "add_pages", "answer", "search"]

#: Pause rows the form offers (a real dossier has one or two supplement requests).
PAUSES = 3
#: Most procedures listed for a search.
MAX_RESULTS = 20
#: Longest query value read; longer ones are cut (the page is a form, not an upload).
MAX_FIELD = 300
#: Most months drawn in the month view (a 6-month procedure spans 7).
MAX_MONTHS = 13

_CHANNELS = {
    "in_person": Text("Trực tiếp", "In person"),
    "online": Text("Trực tuyến", "Online"),
    "postal": Text("Bưu chính công ích", "Public postal service"),
}
_WEEKDAYS = {
    "vi": ("T2", "T3", "T4", "T5", "T6", "T7", "CN"),
    "en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
}
_WEEKDAY_NAMES = {
    "vi": ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật"),
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
}
_MONTHS_EN = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)  # fmt: skip


def fold(text: str) -> str:
    """``text`` without case and diacritics, for search: "Đăng ký" -> "dang ky"."""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def search(catalog: Catalog | None, query: str) -> list[Procedure]:
    """Procedures whose code or name holds every word of ``query`` (any case, with or without
    diacritics), codes starting with the query first; at most :data:`MAX_RESULTS`."""
    words = fold(query).split()
    if catalog is None or not words:
        return []
    found: list[tuple[int, str, Procedure]] = []
    for procedure in catalog:
        haystack = fold(f"{procedure.code} {procedure.name}")
        if all(word in haystack for word in words):
            rank = 0 if procedure.code.startswith(query.strip()) else 1
            found.append((rank, procedure.code, procedure))
    found.sort(key=lambda item: item[:2])
    return [procedure for _, _, procedure in found[:MAX_RESULTS]]


# -- the answer ----------------------------------------------------------------------------


@dataclass
class DayCell:
    """One day of the month view."""

    day: date
    kind: str
    """``work``, ``weekend``, ``off`` (a recorded day off) or ``makeup`` (a make-up day)."""
    label: str
    """What a screen reader says: the date, what the day is and its role."""
    receipt: bool = False
    due: bool = False
    counted: bool = False
    """Inside the processing time (after the receipt, up to the due day)."""
    estimate: bool = False


@dataclass
class StaffAnswer:
    """What the page shows for one dossier."""

    deadline: Deadline
    due_at: datetime
    """The appointment: after pauses when there are some."""
    provisional: bool
    provisional_years: tuple[int, ...]
    provisional_days: tuple[date, ...]
    paused_text: str | None
    crossed: list[dict[str, Any]]
    """Days off and make-up days between receipt and appointment, each with its source."""
    weekends: int
    weekend_source: str
    months: list[dict[str, Any]] = field(default_factory=list)


def _moment(text: str, what: Text, lang: Lang) -> datetime:
    """A ``datetime-local`` value (``2026-11-26T10:00``, or ISO with a zone) as an aware
    moment in Vietnam time."""
    from tthc.calendar import as_local

    try:
        value = datetime.fromisoformat(text.strip())
    except ValueError:
        raise TthcError(
            Text(
                f"{what.vi}: thời điểm không hợp lệ {text!r} (ngày/tháng/năm giờ:phút)",
                f"{what.en}: invalid moment {text!r} (date and time)",
            )
        ) from None
    return as_local(value)


def answer(
    rules: Rules,
    catalog: Catalog | None,
    received: str,
    *,
    code: str | None = None,
    time_text: str | None = None,
    case: str | None = None,
    channel: str | None = None,
    pauses: list[tuple[str, str]] = (),  # type: ignore[assignment]
    lang: Lang = "vi",
) -> StaffAnswer:
    """The appointment for a dossier as the page shows it; a :class:`TthcError` (bilingual
    message) for anything that cannot be computed."""
    received_at = _moment(received, Text("Thời điểm tiếp nhận", "Received"), lang)
    what: Any
    if code:
        if catalog is None or catalog.get(code) is None:
            raise TthcError(
                Text(f"không có thủ tục {code!r} trong danh mục", f"no procedure {code!r}")
            )
        what = catalog[code]
    elif time_text:
        what = time_text
    else:
        raise TthcError(
            Text(
                "hãy chọn một thủ tục hoặc ghi thời hạn giải quyết",
                "choose a procedure or give a processing time",
            )
        )
    deadline = rules.deadline(received_at, what, channel=channel or None, case=case or None)
    due_at, provisional = deadline.due_at, deadline.provisional
    years, days = set(deadline.provisional_years), set(deadline.provisional_days)
    paused_text = None
    moments = [
        (
            _moment(start, Text(f"Tạm dừng {n}", f"Pause {n}"), lang),
            _moment(end, Text(f"Tiếp tục {n}", f"Resume {n}"), lang) if end else None,
        )
        for n, (start, end) in enumerate(pauses, start=1)
    ]
    clock = clock_of(rules, deadline, moments, None)
    if clock is not None:
        due_at = clock.due_at
        provisional = provisional or clock.provisional
        years |= set(clock.provisional_years)
        days |= set(clock.provisional_days)
        paused_text = working_time_words(clock.paused_time)(lang)
    cal = rules.calendar
    first, last = received_at.date(), due_at.date()
    crossed = _crossed(cal, first, last, lang)
    weekends = sum(
        1
        for n in range(1, (last - first).days + 1)
        for d in [first + timedelta(days=n)]
        if d.weekday() >= 5 and cal.explain(d).recorded is False
    )
    return StaffAnswer(
        deadline=deadline,
        due_at=due_at,
        provisional=provisional,
        provisional_years=tuple(sorted(years)),
        provisional_days=tuple(sorted(days)),
        paused_text=paused_text,
        crossed=crossed,
        weekends=weekends,
        weekend_source=cal.weekday_source,
        months=_months(cal, first, last, lang),
    )


def _day_text(day: date, lang: Lang) -> str:
    return f"{_WEEKDAY_NAMES[lang][day.weekday()]} {display_date(day, lang)}"


def _crossed(cal: WorkingCalendar, first: date, last: date, lang: Lang) -> list[dict[str, Any]]:
    """Recorded days (days off, make-up days) after ``first`` up to ``last``."""
    out = []
    for year in range(first.year, last.year + 1):
        for entry in cal.days(year):
            if first < entry.day <= last:
                out.append(
                    {
                        "day": _day_text(entry.day, lang),
                        "iso": entry.day.isoformat(),
                        "working": entry.working,
                        "kind": Text("Ngày làm bù", "Make-up working day")(lang)
                        if entry.working
                        else Text("Ngày nghỉ", "Day off")(lang),
                        "reason": entry.reason(lang),
                        "source": entry.source,
                        "estimate": entry.estimate,
                    }
                )
    return out


def _months(cal: WorkingCalendar, first: date, last: date, lang: Lang) -> list[dict[str, Any]]:
    """The month view: a grid of weeks (Monday first) for each month from receipt to due."""
    months: list[dict[str, Any]] = []
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month) and len(months) < MAX_MONTHS:
        weeks = []
        for week in monthcal.Calendar(firstweekday=0).monthdatescalendar(year, month):
            row: list[DayCell | None] = []
            for day in week:
                row.append(None if day.month != month else _cell(cal, day, first, last, lang))
            weeks.append(row)
        title = f"Tháng {month:02d}/{year}" if lang == "vi" else f"{_MONTHS_EN[month - 1]} {year}"
        months.append({"title": title, "weeks": weeks, "id": f"m{year}{month:02d}"})
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def _cell(cal: WorkingCalendar, day: date, first: date, last: date, lang: Lang) -> DayCell:
    why = cal.explain(day)
    if why.recorded:
        kind = "makeup" if why.working else "off"
    else:
        kind = "work" if why.working else "weekend"
    words = [_day_text(day, lang), why.reason(lang)]
    cell = DayCell(day, kind, "", estimate=why.estimate)
    if day == first:
        cell.receipt = True
        words.append(Text("ngày tiếp nhận", "day of receipt")(lang))
    if day == last:
        cell.due = True
        words.append(Text("ngày hẹn trả", "appointment day")(lang))
    cell.counted = first < day <= last
    cell.label = ", ".join(words)
    return cell


# -- the page ------------------------------------------------------------------------------


_WORDS = {
    "title": Text("Tính ngày hẹn trả kết quả", "Appointment date for a dossier"),
    "subtitle": Text(
        "Bộ phận một cửa: thời hạn giải quyết thủ tục hành chính",
        "One-stop desk: processing times of administrative procedures",
    ),
    "switch": Text("English", "Tiếng Việt"),
    "find": Text("Tìm thủ tục", "Find a procedure"),
    "query": Text("Mã hoặc tên thủ tục", "Code or words of the name"),
    "search": Text("Tìm", "Search"),
    "results": Text("Kết quả tìm kiếm", "Search results"),
    "none_found": Text("Không tìm thấy thủ tục nào.", "No procedure found."),
    "dossier": Text("Hồ sơ", "Dossier"),
    "code": Text("Mã thủ tục", "Procedure code"),
    "time": Text(
        "hoặc thời hạn (khi không chọn thủ tục)", "or a processing time (with no procedure)"
    ),
    "time_hint": Text(
        "Ví dụ: 3 ngày làm việc; 8 giờ làm việc; trong ngày; 15 ngày; 2 tháng",
        "For example: 3 ngày làm việc; 8 giờ làm việc; trong ngày; 15 ngày; 2 tháng",
    ),
    "case": Text("Trường hợp", "Case"),
    "any_case": Text("(theo cách thức nộp)", "(by channel)"),
    "channel": Text("Cách thức nộp", "Channel"),
    "no_channel": Text("(không nêu)", "(not given)"),
    "received": Text("Thời điểm nhận đủ hồ sơ hợp lệ", "Complete dossier received at"),
    "pauses": Text("Tạm dừng (yêu cầu bổ sung)", "Pauses (supplement requests)"),
    "pause_start": Text("Bắt đầu tạm dừng", "Paused at"),
    "pause_end": Text("Tiếp tục", "Resumed at"),
    "dossier_id": Text("Mã hồ sơ (in trên giấy hẹn)", "Dossier number (printed on Form 01)"),
    "applicant": Text("Người nộp (in trên giấy hẹn)", "Applicant (printed on Form 01)"),
    "compute": Text("Tính ngày hẹn", "Compute the appointment"),
    "appointment": Text("Ngày hẹn trả kết quả", "Appointment"),
    "original": Text("Hẹn ban đầu (trước tạm dừng)", "First appointment (before pauses)"),
    "paused": Text("Thời gian tạm dừng", "Time paused"),
    "counted": Text("Thời hạn tính", "Time counted"),
    "starts": Text("Bắt đầu tính từ", "Counting starts"),
    "provisional": Text(
        "Tạm tính: lịch nghỉ của năm {years} chưa có quyết định chính thức; ngày hẹn có "
        "thể thay đổi.",
        "Provisional: days off in {years} are not yet officially decided; the date may "
        "change.",
    ),
    "official": Text(
        "Lịch nghỉ trong thời gian này đã có quyết định chính thức.",
        "Days off within this time are officially decided.",
    ),
    "crossed": Text("Ngày nghỉ và ngày làm bù trong thời gian giải quyết",
                    "Days off and make-up days within the processing time"),
    "no_crossed": Text("Không có ngày nghỉ lễ hay ngày làm bù nào.",
                       "No holiday or make-up day."),
    "weekends": Text("{n} ngày cuối tuần (thứ Bảy, Chủ nhật) không tính; nguồn: {source}.",
                     "{n} weekend days (Saturday, Sunday) not counted; source: {source}."),
    "date": Text("Ngày", "Day"),
    "what": Text("Loại", "Kind"),
    "reason": Text("Lý do", "Reason"),
    "source": Text("Căn cứ", "Source"),
    "estimate": Text("tạm tính", "estimate"),
    "month_view": Text("Lịch các tháng", "Month view"),
    "legend": Text("Chú thích", "Legend"),
    "legend_work": Text("Ngày làm việc", "Working day"),
    "legend_weekend": Text("Cuối tuần", "Weekend"),
    "legend_off": Text("Ngày nghỉ lễ, nghỉ bù", "Holiday or day off"),
    "legend_makeup": Text("Ngày làm bù", "Make-up working day"),
    "legend_counted": Text("Trong thời hạn giải quyết", "Within the processing time"),
    "legend_receipt": Text("Ngày tiếp nhận", "Day of receipt"),
    "legend_due": Text("Ngày hẹn trả", "Appointment day"),
    "form01": Text("Mẫu số 01: Giấy tiếp nhận hồ sơ và hẹn trả kết quả",
                   "Form 01: receipt and appointment"),
    "print": Text("In giấy hẹn (Mẫu số 01)", "Print Form 01"),
    "word": Text("Tải Mẫu số 01 dạng Word (.docx)", "Download Form 01 as Word (.docx)"),
    "print_hint": Text(
        "Bấm In (hoặc Ctrl+P): chỉ giấy hẹn được in.",
        "Press Print (or Ctrl+P): only Form 01 is printed.",
    ),
    "error": Text("Không tính được", "Cannot compute"),
    "no_catalog": Text(
        "Dịch vụ chạy không có danh mục: hãy ghi thời hạn giải quyết.",
        "The service runs without a catalog: give a processing time.",
    ),
    "api": Text("Tài liệu API", "API documentation"),
}  # fmt: skip


def _query(params: Any, key: str) -> str:
    value = params.get(key) or ""
    return str(value)[:MAX_FIELD]


def _lang(params: Any, default: Lang) -> Lang:
    value = _query(params, "lang").strip().lower()
    return value if value in LANGS else default


@dataclass
class _Dossier:
    """What the page's query says about one dossier, and its answer (or why there is none)."""

    form: dict[str, str]
    pauses: list[tuple[str, str]]
    procedure: Procedure | None
    result: StaffAnswer | None = None
    receipt: Form01 | None = None
    error: str | None = None

    def query(self, lang: Lang) -> str:
        """The query of this dossier in ``lang``: only the form's own fields, as read."""
        fields = {k: v for k, v in self.form.items() if v}
        for n, (start, end) in enumerate(self.pauses, start=1):
            fields.update({f"pause{n}_start": start, f"pause{n}_end": end})
        fields = {k: v for k, v in fields.items() if v}
        fields["lang"] = lang
        return urlencode(fields)


def _dossier(rules: Rules, catalog: Catalog | None, params: Any, lang: Lang) -> _Dossier:
    """Read the query (each value bounded) and compute the dossier's appointment and Form 01."""
    form = {
        key: _query(params, key)
        for key in ("q", "code", "time", "case", "channel", "received", "dossier_id", "applicant")
    }
    form["code"] = form["code"].strip()
    pauses = [
        (_query(params, f"pause{n}_start"), _query(params, f"pause{n}_end"))
        for n in range(1, PAUSES + 1)
    ]
    procedure = catalog.get(form["code"]) if catalog is not None and form["code"] else None
    dossier = _Dossier(form, pauses, procedure)
    if form["received"].strip():
        try:
            dossier.result = answer(
                rules,
                catalog,
                form["received"],
                code=form["code"] or None,
                time_text=form["time"].strip() or None,
                case=form["case"] or None,
                channel=form["channel"] if form["channel"] in _CHANNELS else None,
                pauses=[(s, e) for s, e in pauses if s.strip()],
                lang=lang,
            )
            dossier.receipt = _form01(dossier.result, procedure, form, lang)
        except TthcError as exc:
            dossier.error = exc.message(lang)
    return dossier


def form01_docx(
    rules: Rules, catalog: Catalog | None, params: Any, default_lang: Lang = "vi"
) -> bytes:
    """Form 01 of the page's dossier as a Word file (the ``docx`` extra); a TthcError (with
    the message the page would show) when the query gives no appointment."""
    from tthc.formword import render_docx

    lang = _lang(params, default_lang)
    dossier = _dossier(rules, catalog, params, lang)
    if dossier.receipt is None:
        raise TthcError(
            Text(dossier.error or "Chưa có thời điểm tiếp nhận", dossier.error or "No receipt")
        )
    return render_docx(dossier.receipt, rules, lang)


def word_available() -> bool:
    """Whether python-docx is installed, so that the page offers Form 01 as a Word file."""
    return importlib.util.find_spec("docx") is not None


def page(rules: Rules, catalog: Catalog | None, params: Any, default_lang: Lang = "vi") -> str:
    """The whole page for the query ``params`` (a mapping of the GET form's fields)."""
    from tthc.forms import render

    lang = _lang(params, default_lang)
    words = {key: text(lang) for key, text in _WORDS.items()}
    dossier = _dossier(rules, catalog, params, lang)
    form, procedure, result = dossier.form, dossier.procedure, dossier.result
    found = search(catalog, form["q"]) if form["q"].strip() else None
    form01 = None if dossier.receipt is None else form_blocks(render(dossier.receipt, rules, lang))
    other: Lang = "en" if lang == "vi" else "vi"
    return (
        environment("tthc.serve")
        .get_template("staff.html")
        .render(
            lang=lang,
            w=words,
            form=form,
            pauses=dossier.pauses,
            found=found,
            procedure=procedure,
            cases=[] if procedure is None else [c for c in procedure.cases if c.name],
            channels=[(key, text(lang)) for key, text in _CHANNELS.items()],
            codes=[] if catalog is None else [(p.code, p.name) for p in catalog],
            has_catalog=catalog is not None,
            result=result,
            shown=_shown(result, lang) if result is not None else None,
            error=dossier.error,
            form01=form01,
            word_href=("form01.docx?" + dossier.query(lang)) if word_available() else None,
            weekdays=_WEEKDAYS[lang],
            switch_href="?" + dossier.query(other),
            switch_lang=other,
        )
    )


def _shown(result: StaffAnswer, lang: Lang) -> dict[str, Any]:
    from tthc.sla import format_moment

    deadline = result.deadline
    years = ", ".join(str(y) for y in result.provisional_years)
    if result.provisional_days:
        days = ", ".join(display_date(d, lang) for d in result.provisional_days)
        years = f"{years}; {days}" if years else days
    return {
        "due": format_moment(result.due_at, lang),
        "due_iso": result.due_at.isoformat(),
        "original": format_moment(deadline.due_at, lang),
        "starts": format_moment(deadline.starts_at, lang),
        "duration": deadline.duration.text(lang),
        "moved": result.due_at != deadline.due_at,
        "provisional_text": _WORDS["provisional"](lang).format(years=years),
        "weekends_text": _WORDS["weekends"](lang).format(
            n=result.weekends, source=result.weekend_source
        ),
    }


def form_blocks(markdown: str) -> list[dict[str, Any]]:
    """A form's text (the Markdown of :func:`tthc.forms.render`) as blocks for the page:
    ``centre`` lines before the title (the national motto), the ``title`` (``# ``), ``item``
    (``- ``) and ``line``; each a list of ``(bold, text)`` runs from ``**...**``, and
    ``italic`` for a whole line in single stars (``*place, date*``)."""
    blocks: list[dict[str, Any]] = []
    seen_title = False
    for raw in markdown.splitlines():
        line = raw.strip()
        if not line:
            continue
        if line.startswith("#"):
            kind, line = "title", line.lstrip("#").strip()
            seen_title = True
        elif line.startswith("- "):
            kind, line = "item", line[2:]
        else:
            kind = "line" if seen_title else "centre"
        # a whole line in *stars* (the place and date) is italic
        italic = len(line) > 2 and line[0] == line[-1] == "*" and line[1] != "*"
        if italic:
            line = line[1:-1]
        runs = [(i % 2 == 1, part) for i, part in enumerate(line.split("**")) if part]
        blocks.append({"kind": kind, "runs": runs, "italic": italic})
    return blocks


def _form01(
    result: StaffAnswer, procedure: Procedure | None, form: dict[str, str], lang: Lang
) -> Form01:
    """Form 01 of the dossier: given at receipt, so it carries the first appointment."""
    from tthc.forms import Form01

    name = None if procedure is not None else (form["time"] or "…")
    return Form01.from_deadline(
        result.deadline,
        dossier_id=form["dossier_id"].strip() or "…",
        applicant=form["applicant"].strip() or "…",
        procedure=procedure,
        procedure_name=name,
        lang=lang,
    )


#: Headers of everything the page serves besides itself (the Word file, its refusal).
_HEADERS = {"X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer"}


def add_pages(app: FastAPI, rules: Rules, catalog: Catalog | None, default_lang: Lang) -> None:
    """Serve the staff page at ``/`` and its style sheet and script at ``/static/``."""
    app.mount("/static", StaticFiles(packages=[("tthc.serve", "static")]), name="static")

    @app.get("/form01.docx", include_in_schema=False)
    async def staff_form01_docx(request: Request) -> Response:
        """Form 01 of the page's dossier as a Word file (the page's "Word" link)."""
        params = dict(request.query_params)
        try:
            data = await run_in_threadpool(form01_docx, rules, catalog, params, default_lang)
        except TthcError as exc:
            message = exc.message(_lang(params, default_lang))
            return PlainTextResponse(message, status_code=422, headers=_HEADERS)
        return Response(
            data,
            media_type=DOCX_MEDIA_TYPE,
            headers={"Content-Disposition": 'attachment; filename="mau-so-01.docx"', **_HEADERS},
        )

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    async def staff_page(request: Request) -> HTMLResponse:
        params = dict(request.query_params)
        text = await run_in_threadpool(page, rules, catalog, params, default_lang)
        return HTMLResponse(
            text,
            headers={
                # everything the page uses comes from this server
                "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; "
                "frame-ancestors 'none'; form-action 'self'",
                "X-Content-Type-Options": "nosniff",
                "Referrer-Policy": "no-referrer",
            },
        )
