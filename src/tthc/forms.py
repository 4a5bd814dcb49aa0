"""Forms of Circular 03/2025/TT-VPCP appendix I that tthc fills: Form 01 and Form 04.

- :class:`Form01`, Mẫu số 01 "Giấy tiếp nhận hồ sơ và hẹn trả kết quả" (receipt and
  appointment): given to the applicant when a complete dossier is received.
- :class:`Form04`, Mẫu số 04 "Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết"
  (apology and extension): sent when a result will be late, with a new appointment
  computed on the working calendar (:func:`extended_due`).

The data models hold what tthc knows; the wording comes from the hook
``tthc_form_template(form, lang)`` (national wording: :mod:`tthc.national.forms`), a
:class:`string.Template` filled by :func:`render`. The exact fields of Form 04 are an
open question (see docs/forms.md), so both models accept ``extra`` lines for anything a
province's layout asks for.

Placeholders every template may use (all values are text; an empty field is a row of
dots, as on a blank form):

======================  =======================================================
``$form_title``         the form's number and title in the language asked
``$agency``             receiving / resolving agency (cơ quan, bộ phận tiếp nhận)
``$dossier_id``         dossier number (mã hồ sơ)
``$applicant``          applicant, person or organisation (tổ chức, cá nhân)
``$procedure_code``     procedure code (mã thủ tục)
``$procedure_name``     procedure name (tên thủ tục)
``$channel``            channel of submission (trực tiếp / trực tuyến / bưu chính)
``$received_at``        moment of receipt (thời điểm tiếp nhận)
``$officer``            officer (người tiếp nhận / người ký)
``$extra``              extra lines, one ``- label: value`` per line (may be empty)
``$provisional_note``   a note when the date rests on estimated days off (may be empty)
``$number``             the form's number in the agency's register (Số)
``$parent_agency``      the agency above the issuing one (cơ quan chủ quản), top left
``$place``              the place name of the date line (địa danh)
``$issued_on``          date of the form (ngày ban hành)
``$date_line``          "Hà Nội, ngày 26 tháng 11 năm 2026" / "Hà Nội, 2026-11-26"
``$address``            applicant's address (địa chỉ)
``$phone``              applicant's phone (số điện thoại)
``$email``              applicant's e-mail (thư điện tử)
======================  =======================================================

Form 01 adds ``$components`` (dossier components received, one ``- `` line each),
``$sets`` (number of sets, số lượng hồ sơ), ``$legal_time`` (the processing time the
procedure states, thời gian giải quyết theo quy định), ``$due_at`` (the appointment, ngày
hẹn trả), ``$result_place`` (where the result is collected, nơi trả kết quả),
``$register_book`` and ``$register_entry`` (the book and entry of the tracking register,
sổ theo dõi hồ sơ: quyển số, số thứ tự). Form 04 adds ``$original_due_at`` (the first
appointment), ``$reason`` (why it is late), ``$new_due_at`` (the new appointment) and
``$signer_title`` (the signer's title, chức danh người ký).

Every value given by a user is cleaned before it reaches a template (:func:`clean`):
control characters are dropped, a one-line field keeps one line, and each field is bounded
(:data:`MAX_FIELD` characters, :data:`MAX_LINES` components, :data:`MAX_EXTRA` extra lines);
longer input is refused with :class:`FormError`, not cut silently.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from string import Template
from typing import TYPE_CHECKING, ClassVar, Literal, Protocol

from tthc.duration import HOURS_PER_WORKING_DAY
from tthc.errors import FormError
from tthc.i18n import Lang, Text

if TYPE_CHECKING:
    from tthc.calendar import WorkingCalendar
    from tthc.model import Channel, DossierComponent, Procedure
    from tthc.sla import Deadline, DossierClock


class FormRules(Protocol):
    """What the forms are given by a jurisdiction (:class:`tthc.rules.Rules` is one): its
    working calendar and its template of each form (hook ``tthc_form_template``)."""

    @property
    def calendar(self) -> WorkingCalendar: ...

    def form_template(self, form: str, lang: str) -> str: ...


__all__ = [
    "BLANK",
    "FORM_TITLES",
    "MAX_EXTRA",
    "MAX_FIELD",
    "MAX_LINES",
    "Form01",
    "Form04",
    "FormError",
    "FormRules",
    "RenderFormat",
    "clean",
    "component_line",
    "extended_due",
    "fill_template",
    "render",
]

#: What an empty field prints as, like a blank printed form.
BLANK = "........"

RenderFormat = Literal["markdown", "text"]

#: The titles of the forms, as named in Circular 03/2025/TT-VPCP appendix I.
FORM_TITLES: dict[str, Text] = {
    "01": Text(
        "Mẫu số 01. Giấy tiếp nhận hồ sơ và hẹn trả kết quả",
        "Form 01. Receipt of dossier and appointment for the result",
    ),
    "04": Text(
        "Mẫu số 04. Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết",
        "Form 04. Letter of apology and request to extend the processing time",
    ),
}

_CHANNEL_TEXT: dict[str, Text] = {
    "in_person": Text("trực tiếp", "in person"),
    "online": Text("trực tuyến", "online"),
    "postal": Text("qua dịch vụ bưu chính công ích", "by public postal service"),
}


#: The longest text a field of a form may hold (a name, an address, a reason).
MAX_FIELD = 2000
#: The most dossier components one Form 01 lists.
MAX_LINES = 200
#: The most extra labelled lines one form carries.
MAX_EXTRA = 50

# C0 and C1 control characters (tab and newline included: a field is one line), DEL, and
# the Unicode line and paragraph separators; none may reach a document (XML refuses most
# of them, Markdown would start a new block with a newline).
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]+")


def clean(value: str | None, what: str = "field") -> str:
    """``value`` as one line for a form: control characters and line breaks become one
    space, surrounding spaces go. Longer than :data:`MAX_FIELD` characters: FormError."""
    text = _CONTROL.sub(" ", value or "").strip()
    if len(text) > MAX_FIELD:
        raise FormError(
            Text(
                f"{what}: dài {len(text)} ký tự, tối đa {MAX_FIELD}: {text[:60]!r}...",
                f"{what}: {len(text)} characters long, at most {MAX_FIELD}: {text[:60]!r}...",
            )
        )
    return text


def _text(value: str | None) -> str:
    return clean(value) or BLANK


def _number(value: str | None) -> str:
    """The form's number: "Số: 12/TNHS"; blank dots when not given (never invented)."""
    return _text(value)


def _date_line(place: str | None, day: date | None, lang: Lang) -> str:
    """The place and date under the national motto: "Hà Nội, ngày 26 tháng 11 năm 2026"."""
    where = _text(place)
    if day is None:
        return f"{where}, ngày .... tháng .... năm ...." if lang == "vi" else f"{where}, ........"
    if lang == "vi":
        return f"{where}, ngày {day.day:02d} tháng {day.month:02d} năm {day.year}"
    return f"{where}, {day:%Y-%m-%d}"


def _moment(value: datetime | None, lang: Lang) -> str:
    from tthc.sla import format_moment

    return BLANK if value is None else format_moment(value, lang)


def _day(value: date | None, lang: Lang) -> str:
    if value is None:
        return BLANK
    return f"{value:%d/%m/%Y}" if lang == "vi" else f"{value:%Y-%m-%d}"


def _extra(extra: Mapping[str, str]) -> str:
    return "\n".join(f"- {clean(label)}: {_text(value)}" for label, value in extra.items())


def _check_sizes(form: Form01 | Form04) -> None:
    """Refuse a form whose lists exceed the bounds, and any field too long (FormError)."""
    extra = form.extra
    if len(extra) > MAX_EXTRA:
        raise FormError(
            Text(
                f"Mẫu số {form.FORM}: {len(extra)} dòng bổ sung (extra), tối đa {MAX_EXTRA}",
                f"Form {form.FORM}: {len(extra)} extra lines, at most {MAX_EXTRA}",
            )
        )
    for label, value in extra.items():
        clean(label, "extra")
        clean(value, f"extra[{clean(label)[:40]!r}]")
    for name, value in vars(form).items():
        if isinstance(value, str):
            clean(value, name)


def _sets(sets: int | None, lang: Lang) -> str:
    if sets is None:
        return BLANK
    return f"{sets:02d} bộ" if lang == "vi" else f"{sets} set" + ("" if sets == 1 else "s")


def _channel(value: Channel | None, lang: Lang) -> str:
    return BLANK if value is None else _CHANNEL_TEXT[value.value](lang)


def _provisional(provisional: bool, lang: Lang) -> str:
    if not provisional:
        return ""
    return Text(
        # a whole estimated year or one unconfirmed day off (24/11/2026): both read true
        "(Ngày hẹn tạm tính: lịch nghỉ trong thời gian giải quyết chưa được quyết định "
        "chính thức.)",
        "(Provisional date: days off within the processing time are not yet officially decided.)",
    )(lang)


def _procedure_name(form: str, given: str | None, procedure: Procedure | None) -> str:
    """The procedure name a form shows: ``given``, else the procedure's; one is required."""
    name = given or (procedure.name if procedure is not None else None)
    if not name:
        raise FormError(
            Text(
                f"Mẫu số {form} cần tên thủ tục (procedure hoặc procedure_name)",
                f"Form {form} needs the procedure name (procedure or procedure_name)",
            )
        )
    return name


def _procedure_code(deadline: Deadline, procedure: Procedure | None) -> str | None:
    return deadline.procedure or (procedure.code if procedure else None)


def _common_values(form: Form01 | Form04, lang: Lang) -> dict[str, str]:
    """The placeholders every template may use (the table of the module docstring)."""
    return {
        "form_title": FORM_TITLES[form.FORM](lang),
        "agency": _text(form.agency),
        "dossier_id": _text(form.dossier_id),
        "applicant": _text(form.applicant),
        "procedure_code": _text(form.procedure_code),
        "procedure_name": _text(form.procedure_name),
        "channel": _channel(form.channel, lang),
        "received_at": _moment(form.received_at, lang),
        "officer": _text(form.officer),
        "extra": _extra(form.extra),
        "provisional_note": _provisional(form.provisional, lang),
        "number": _number(form.number),
        "parent_agency": _text(form.parent_agency),
        "place": _text(form.place),
        "issued_on": _day(form.issued_on, lang),
        "date_line": _date_line(form.place, form.issued_on, lang),
        "address": _text(form.address),
        "phone": _text(form.phone),
        "email": _text(form.email),
    }


def component_line(component: DossierComponent | str, lang: Lang = "vi") -> str:
    """One dossier component as a line: "Tờ khai (bản chính: 1, bản sao: 0)"."""
    if isinstance(component, str):
        return component.strip()
    counts = []
    if component.originals is not None:
        counts.append(Text("bản chính", "originals")(lang) + f": {component.originals}")
    if component.copies is not None:
        counts.append(Text("bản sao", "copies")(lang) + f": {component.copies}")
    return component.name + (f" ({', '.join(counts)})" if counts else "")


@dataclass(frozen=True)
class Form01:
    """Mẫu số 01, giấy tiếp nhận hồ sơ và hẹn trả kết quả: receipt and appointment.

    Build it from a deadline with :meth:`from_deadline`, render it with :func:`render`.
    """

    FORM: ClassVar[str] = "01"

    dossier_id: str
    """Mã hồ sơ: the dossier number given by the one-stop system."""
    applicant: str
    """Tổ chức, cá nhân nộp hồ sơ."""
    procedure_name: str
    """Tên thủ tục hành chính."""
    received_at: datetime
    """Thời điểm tiếp nhận (aware, +07:00)."""
    due_at: datetime
    """Thời gian hẹn trả kết quả: the appointment."""
    procedure_code: str | None = None
    """Mã thủ tục."""
    components: tuple[str, ...] = ()
    """Thành phần hồ sơ đã nhận, one line each."""
    officer: str | None = None
    """Người tiếp nhận hồ sơ."""
    agency: str | None = None
    """Cơ quan / bộ phận tiếp nhận."""
    channel: Channel | None = None
    """Cách thức nộp: trực tiếp, trực tuyến, bưu chính."""
    provisional: bool = False
    """The appointment rests on estimated days off (tạm tính)."""
    extra: Mapping[str, str] = field(default_factory=dict)
    """Further labelled lines a province's layout asks for."""
    number: str | None = None
    """Số: the receipt's number in the agency's register, as the agency writes it."""
    parent_agency: str | None = None
    """Cơ quan chủ quản: the agency above the receiving one (top left of the form)."""
    place: str | None = None
    """Địa danh: the place name of the date line."""
    issued_on: date | None = None
    """Ngày của giấy tiếp nhận (by default the day of receipt)."""
    address: str | None = None
    """Địa chỉ của người nộp hồ sơ."""
    phone: str | None = None
    """Số điện thoại."""
    email: str | None = None
    """Thư điện tử."""
    sets: int | None = None
    """Số lượng hồ sơ: how many sets (bộ) were received."""
    legal_time: str | None = None
    """Thời gian giải quyết hồ sơ theo quy định: the time the procedure states, in words
    (by default the deadline's duration, "3 ngày làm việc")."""
    result_place: str | None = None
    """Nơi trả kết quả: where the result is collected (or "qua dịch vụ bưu chính công ích")."""
    register_book: str | None = None
    """Sổ theo dõi hồ sơ, quyển số: the book of the tracking register (Form 07)."""
    register_entry: str | None = None
    """Sổ theo dõi hồ sơ, số thứ tự: the entry in that book."""

    def __post_init__(self) -> None:
        _check_sizes(self)
        if len(self.components) > MAX_LINES:
            raise FormError(
                Text(
                    f"Mẫu số 01: {len(self.components)} thành phần hồ sơ, tối đa {MAX_LINES}",
                    f"Form 01: {len(self.components)} dossier components, at most {MAX_LINES}",
                )
            )
        for line in self.components:
            clean(line, "components")
        if self.sets is not None and not 0 < self.sets <= 1000:
            raise FormError(
                Text(
                    f"Mẫu số 01: số lượng hồ sơ phải từ 1 đến 1000 bộ, nhận được {self.sets}",
                    f"Form 01: the number of sets must be 1 to 1000, got {self.sets}",
                )
            )

    @classmethod
    def from_deadline(
        cls,
        deadline: Deadline,
        *,
        dossier_id: str,
        applicant: str,
        procedure: Procedure | None = None,
        procedure_name: str | None = None,
        components: Iterable[DossierComponent | str] | None = None,
        officer: str | None = None,
        agency: str | None = None,
        extra: Mapping[str, str] | None = None,
        lang: Lang = "vi",
        number: str | None = None,
        parent_agency: str | None = None,
        place: str | None = None,
        issued_on: date | None = None,
        address: str | None = None,
        phone: str | None = None,
        email: str | None = None,
        sets: int | None = None,
        legal_time: str | None = None,
        result_place: str | None = None,
        register_book: str | None = None,
        register_entry: str | None = None,
    ) -> Form01:
        """Form 01 for ``deadline``: the appointment is its due moment.

        With a ``procedure``, its name, code and (unless ``components`` is given) its
        dossier components are used. ``legal_time`` defaults to the deadline's duration in
        words, ``issued_on`` to the day of receipt. Nothing is invented: a field not given
        prints as a row of dots.
        """
        name = _procedure_name(cls.FORM, procedure_name, procedure)
        if components is None and procedure is not None:
            components = procedure.dossier
        return cls(
            dossier_id=dossier_id,
            applicant=applicant,
            procedure_name=name,
            procedure_code=_procedure_code(deadline, procedure),
            received_at=deadline.received_at,
            due_at=deadline.due_at,
            components=tuple(component_line(c, lang) for c in (components or ())),
            officer=officer,
            agency=agency,
            channel=deadline.channel,
            provisional=deadline.provisional,
            extra=dict(extra or {}),
            number=number,
            parent_agency=parent_agency,
            place=place,
            issued_on=issued_on or deadline.received_at.date(),
            address=address,
            phone=phone,
            email=email,
            sets=sets,
            legal_time=legal_time or deadline.duration.text(lang),
            result_place=result_place,
            register_book=register_book,
            register_entry=register_entry,
        )

    def values(self, lang: Lang) -> dict[str, str]:
        """The template values (see the module docstring for each name)."""
        lines = (clean(line) for line in self.components)
        return {
            **_common_values(self, lang),
            "components": "\n".join(f"- {line}" for line in lines if line) or f"- {BLANK}",
            "due_at": _moment(self.due_at, lang),
            "sets": _sets(self.sets, lang),
            "legal_time": _text(self.legal_time),
            "result_place": _text(self.result_place),
            "register_book": _text(self.register_book),
            "register_entry": _text(self.register_entry),
        }


@dataclass(frozen=True)
class Form04:
    """Mẫu số 04, văn bản xin lỗi và đề nghị gia hạn: apology and new appointment.

    The exact fields of this form are not settled (see docs/forms.md): these are the ones
    every reading has; anything else goes in ``extra``. Build it with :meth:`for_delay`,
    which computes the new appointment on the working calendar.
    """

    FORM: ClassVar[str] = "04"

    agency: str
    """Cơ quan giải quyết: the agency that apologises."""
    applicant: str
    """Tổ chức, cá nhân nộp hồ sơ."""
    procedure_name: str
    received_at: datetime
    """Thời điểm tiếp nhận hồ sơ."""
    original_due_at: datetime
    """Thời gian hẹn trả kết quả ban đầu (the first appointment)."""
    reason: str
    """Lý do chậm trễ (why the result is late)."""
    new_due_at: datetime
    """Thời gian hẹn trả kết quả mới (the new appointment)."""
    procedure_code: str | None = None
    dossier_id: str | None = None
    officer: str | None = None
    """Người ký (who signs)."""
    issued_on: date | None = None
    """Ngày ban hành văn bản (date of the letter)."""
    channel: Channel | None = None
    provisional: bool = False
    """The new appointment rests on estimated days off (tạm tính)."""
    extra: Mapping[str, str] = field(default_factory=dict)
    number: str | None = None
    """Số: the letter's number, as the agency writes it."""
    parent_agency: str | None = None
    """Cơ quan chủ quản: the agency above the resolving one (top left of the letter)."""
    place: str | None = None
    """Địa danh: the place name of the date line."""
    address: str | None = None
    """Địa chỉ của người nhận (the applicant)."""
    phone: str | None = None
    email: str | None = None
    signer_title: str | None = None
    """Chức danh người ký, e.g. "Giám đốc", "KT. Giám đốc / Phó Giám đốc"."""

    def __post_init__(self) -> None:
        _check_sizes(self)

    @classmethod
    def for_delay(
        cls,
        rules: FormRules,
        deadline: Deadline | DossierClock,
        *,
        agency: str,
        applicant: str,
        reason: str,
        extra_working_days: int | str | Decimal | None = None,
        new_due: date | datetime | None = None,
        procedure_name: str | None = None,
        procedure: Procedure | None = None,
        original_due_at: datetime | None = None,
        dossier_id: str | None = None,
        officer: str | None = None,
        issued_on: date | None = None,
        extra: Mapping[str, str] | None = None,
        number: str | None = None,
        parent_agency: str | None = None,
        place: str | None = None,
        address: str | None = None,
        phone: str | None = None,
        email: str | None = None,
        signer_title: str | None = None,
    ) -> Form04:
        """Form 04 for ``deadline``, the new appointment from :func:`extended_due`.

        Give exactly one of ``extra_working_days`` (working days after the original
        appointment; ``2``, ``"1.5"`` or ``"1,5"``) and ``new_due`` (the new date, or a
        datetime taken as is; :func:`extended_due` calls it ``until``).

        ``original_due_at`` (the first appointment) defaults to ``deadline.due_at``; when
        pauses moved it, pass ``clock.due_at``, or pass the :class:`~tthc.sla.DossierClock`
        itself as ``deadline``: its original deadline gives the receipt and its ``due_at``
        the first appointment. A clock that is paused has no due moment yet (the pause
        will move it): resume it first, or give ``original_due_at``.
        """
        deadline, clock_due = _deadline_of(deadline, original_due_at)
        name = _procedure_name(cls.FORM, procedure_name, procedure)
        if not reason.strip():
            raise FormError(
                Text("Mẫu số 04 cần lý do chậm trễ", "Form 04 needs the reason for the delay")
            )
        original = original_due_at or clock_due or deadline.due_at
        new = extended_due(rules, original, extra_working_days=extra_working_days, until=new_due)
        from tthc.sla import provisional_days, provisional_years

        return cls(
            agency=agency,
            applicant=applicant,
            procedure_name=name,
            procedure_code=_procedure_code(deadline, procedure),
            received_at=deadline.received_at,
            original_due_at=original,
            reason=reason,
            new_due_at=new,
            dossier_id=dossier_id,
            officer=officer,
            issued_on=issued_on,
            channel=deadline.channel,
            provisional=bool(
                provisional_years(rules.calendar, deadline.received_at, new)
                or provisional_days(rules.calendar, deadline.received_at, new)
            ),
            extra=dict(extra or {}),
            number=number,
            parent_agency=parent_agency,
            place=place,
            address=address,
            phone=phone,
            email=email,
            signer_title=signer_title,
        )

    def values(self, lang: Lang) -> dict[str, str]:
        """The template values (see the module docstring for each name)."""
        return {
            **_common_values(self, lang),
            "original_due_at": _moment(self.original_due_at, lang),
            "reason": _text(self.reason),
            "new_due_at": _moment(self.new_due_at, lang),
            "signer_title": _text(self.signer_title),
        }


def _deadline_of(
    given: object, original_due_at: datetime | None
) -> tuple[Deadline, datetime | None]:
    """The deadline of Form 04 and, for a clock, its due moment after the pauses."""
    from tthc.sla import Deadline, DossierClock

    if isinstance(given, Deadline):
        return given, None
    if isinstance(given, DossierClock):
        if given.paused and original_due_at is None:
            vi, en = _moment(given.paused_since, "vi"), _moment(given.paused_since, "en")
            raise FormError(
                Text(
                    f"Mẫu số 04: hồ sơ đang tạm dừng từ {vi}, chưa biết ngày hẹn ban đầu "
                    "(thời gian tạm dừng sẽ lùi ngày hẹn): hãy ghi nhận tiếp tục (resume) "
                    "trước, hoặc truyền original_due_at",
                    f"Form 04: the dossier is paused since {en}, so its due moment is not "
                    "known yet (the pause will move it): resume the clock first, or pass "
                    "original_due_at",
                )
            )
        return given.deadline, given.due_at
    kind = type(given).__name__
    raise FormError(
        Text(
            f"Mẫu số 04 cần một Deadline (rules.deadline(...)) hoặc một DossierClock "
            f"(rules.clock(deadline)), nhận được {kind}",
            f"Form 04 needs a Deadline (rules.deadline(...)) or a DossierClock "
            f"(rules.clock(deadline)), got {kind}",
        )
    )


def _working_days(value: int | str | Decimal) -> Decimal:
    """``extra_working_days`` as a positive Decimal; a string may use the decimal comma."""
    text = str(value).strip()
    if isinstance(value, str) and text.count(",") == 1 and "." not in text:
        text = text.replace(",", ".")  # "1,5" as written in Vietnamese
    try:
        days = Decimal(text)
    except ArithmeticError:
        days = Decimal("NaN")
    if not days.is_finite() or days <= 0:
        raise FormError(
            Text(
                f"Số ngày gia hạn phải là số dương (số nguyên, hoặc số thập phân như 1,5 "
                f"hay 1.5), nhận được {value!r}",
                f"The extra working days must be a positive number (a whole number, or a "
                f"decimal such as 1.5 or 1,5), got {value!r}",
            )
        )
    return days


def extended_due(
    rules: FormRules,
    original_due_at: datetime,
    *,
    extra_working_days: int | str | Decimal | None = None,
    until: date | datetime | None = None,
) -> datetime:
    """The new appointment of an extension (gia hạn), on the working calendar.

    ``extra_working_days``: that many working days (8 working hours each, fractions
    allowed, as ``1.5`` or ``"1,5"``) after the original appointment, so 2 days after
    Tuesday 17:00 is Thursday 17:00. ``until`` (``new_due`` of :meth:`Form04.for_delay`):
    a date means the close of that working day; a datetime is taken as is. Raises
    :class:`FormError` when both or neither are given, when the number is not positive,
    when the date is not a working day, or when it is not after the original.
    """
    from tthc.tz import as_local

    calendar = rules.calendar
    original = as_local(original_due_at)
    if (extra_working_days is None) == (until is None):
        raise FormError(
            Text(
                "Gia hạn: cần đúng một trong hai: số ngày làm việc gia hạn hoặc ngày hẹn mới",
                "Extension: give exactly one of the extra working days or the new date",
            )
        )
    if extra_working_days is not None:
        days = _working_days(extra_working_days)
        # One working day is the national 8 working hours, as everywhere else in tthc.
        micros = int((days * HOURS_PER_WORKING_DAY * 3_600_000_000).to_integral_value())
        return calendar.add_working_time(original, timedelta(microseconds=micros))
    assert until is not None
    if isinstance(until, datetime):
        new = as_local(until)
    else:
        if not calendar.is_working_day(until):
            raise FormError(
                Text(
                    f"Ngày hẹn mới {until:%d/%m/%Y} không phải ngày làm việc "
                    f"({calendar.explain(until).reason.vi})",
                    f"The new date {until.isoformat()} is not a working day "
                    f"({calendar.explain(until).reason.en})",
                )
            )
        new = calendar.end_of_working_day(until)
    if new <= original:
        raise FormError(
            Text(
                f"Ngày hẹn mới {new.isoformat(sep=' ', timespec='minutes')} không sau ngày hẹn "
                f"ban đầu {original.isoformat(sep=' ', timespec='minutes')}",
                f"The new appointment {new.isoformat(sep=' ', timespec='minutes')} is not after "
                f"the original {original.isoformat(sep=' ', timespec='minutes')}",
            )
        )
    return new


def fill_template(
    template: str, values: Mapping[str, str], form: str, lang: str, where: Text | None = None
) -> str:
    """``template`` (a :class:`string.Template` text) filled with ``values``; an unknown
    placeholder or a stray ``$`` is a :class:`FormError` naming the form (and ``where``,
    e.g. a Word template) and listing the known placeholders."""
    what = Text(f"Mẫu số {form} ({lang})", f"Form {form} ({lang})")
    if where is not None:
        what = Text(f"{what.vi}, {where.vi}", f"{what.en}, {where.en}")
    try:
        return Template(template).substitute(values)
    except KeyError as exc:
        known = ", ".join(f"${name}" for name in sorted(values))
        raise FormError(
            Text(
                f"{what.vi}: chỗ trống không biết ${exc.args[0]}; các chỗ trống: {known}",
                f"{what.en}: unknown placeholder ${exc.args[0]}; known: {known}",
            )
        ) from None
    except ValueError as exc:
        raise FormError(
            Text(f"{what.vi}: mẫu không hợp lệ ({exc})", f"{what.en}: invalid template ({exc})")
        ) from None


_MD_HEADING = re.compile(r"^#{1,6}\s+", re.MULTILINE)
_MD_ITALIC_LINE = re.compile(r"^\*([^*\n]+)\*$", re.MULTILINE)


def render(
    form: Form01 | Form04,
    rules: FormRules,
    lang: Lang = "vi",
    fmt: RenderFormat = "markdown",
) -> str:
    """The form as text in ``lang``, from the template of hook ``tthc_form_template``.

    Templates are Markdown that reads as plain text; ``fmt="text"`` drops the heading
    marks, bold stars and the stars of an italic line. Raises :class:`FormError` when a
    template names an unknown placeholder (the message lists the known ones).
    """
    template = rules.form_template(form.FORM, lang)
    out = fill_template(template, form.values(lang), form.FORM, lang)
    # Empty optional lines (no extra, no note) leave blank runs: keep one blank line.
    out = re.sub(r"\n{3,}", "\n\n", out).strip() + "\n"
    if fmt == "text":
        out = _MD_ITALIC_LINE.sub(r"\1", _MD_HEADING.sub("", out).replace("**", ""))
    return out
