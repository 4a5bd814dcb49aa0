"""Typed, immutable models of an administrative procedure (thủ tục hành chính).

The fields follow what Decree 63/2010/NĐ-CP art. 8 requires a published procedure to
state. Real catalogs often leave some of them out; a field the source does not give is
``None`` or empty, never invented. Validation rules (not the model) decide which gaps
are worth a warning.
"""

from __future__ import annotations

import numbers
import re
from datetime import date
from decimal import Decimal
from enum import Enum
from typing import Annotated

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    Strict,
    model_validator,
)
from pydantic_core import PydanticCustomError

from tthc.cases import CaseLike, CaseLookupError, select_case
from tthc.channel import CHANNEL_SPELLINGS, Channel
from tthc.duration import Duration, Unit
from tthc.i18n import Lang, Text

__all__ = [
    "CHANNEL_SPELLINGS",
    "PROCEDURE_CODE_RE",
    "Case",
    "CaseLike",
    "CaseLookupError",
    "Channel",
    "DossierComponent",
    "Duration",
    "Fee",
    "LegalDocument",
    "Level",
    "OnlineLevel",
    "Procedure",
    "ProcedureCode",
    "Source",
    "Step",
    "Unit",
    "WholeNumber",
    "select_case",
    "thousands_reading",
]

#: National code ``d.dddddd`` (e.g. ``2.000815``), optionally followed by local suffixes
#: such as ``.H38`` or ``.000.00.00.H55`` (as provincial catalogs publish them). The meaning of the
#: parts is not published, so the code is validated for shape and otherwise opaque.
PROCEDURE_CODE_RE = re.compile(r"^\d\.\d{6}(?:\.[0-9A-Z]{1,6})*$")


_CODE_EXAMPLES_EN = (
    "(e.g. '2.000815'), optionally followed by local suffixes of 1 to 6 digits or capital "
    "letters (e.g. '1.000948.H38', '2.000815.000.00.00.H55')"
)
_CODE_EXAMPLES_VI = (
    "(ví dụ '2.000815'), có thể kèm hậu tố địa phương gồm 1 đến 6 chữ số hoặc chữ in hoa "
    "(ví dụ '1.000948.H38', '2.000815.000.00.00.H55')"
)


def _quote(value: str, limit: int = 60) -> str:
    """``value`` quoted for a message, cut to ``limit`` characters (a code is short)."""
    shown = repr(value)
    return shown if len(shown) <= limit else shown[: limit - 1] + "…"


def _check_code(value: str) -> str:
    if not PROCEDURE_CODE_RE.match(value):
        shown = _quote(value)
        # The Vietnamese text rides in ctx (as tthc.duration does), for TT101 in Vietnamese.
        # The bad code enters the English template through the last ctx key, so that braces
        # in it are never taken for a placeholder.
        raise PydanticCustomError(
            "procedure_code",
            "procedure code {code} is not shaped d.dddddd " + _CODE_EXAMPLES_EN,
            {
                "vi": f"mã thủ tục {shown} không có dạng d.dddddd " + _CODE_EXAMPLES_VI,
                "code": shown,
            },
        )
    return value


ProcedureCode = Annotated[
    str,
    AfterValidator(_check_code),
    # The shape also goes into the JSON Schema (``tthc schema``) so that editors flag a
    # malformed code as it is typed; only the schema gets it, so that validation keeps the
    # bilingual message of _check_code rather than pydantic's "should match pattern".
    Field(json_schema_extra={"pattern": PROCEDURE_CODE_RE.pattern}),
]
"""A procedure code (mã thủ tục), validated for shape only."""

NonEmptyStr = Annotated[str, Field(min_length=1)]

# "10.000" or "1.500.000" with dots (or commas, spaces) between thousands, as Vietnamese
# writes amounts; YAML reads the one-dot form as a float (10.0) and the others as text.
_THOUSANDS = re.compile(r"^\d{1,3}(?:([.,  ])\d{3})(?:\1\d{3})*$")


def _grouped(number: int) -> tuple[str, str]:
    """``number`` as people say it: "10 nghìn" / "10 thousand", else "1 500"."""
    if number % 1000 == 0 and number < 1_000_000:
        return f"{number // 1000} nghìn", f"{number // 1000} thousand"
    grouped = f"{number:,}".replace(",", " ")
    return grouped, grouped


def thousands_reading(written: str, number: object) -> Text | None:
    """What to say when ``written`` (text of a whole number) looks like ``10.000``.

    YAML reads ``10.000`` as the number 10.0, and pydantic would have stored 10: ten VND
    for a fee of ten thousand. ``number`` is what YAML read. ``None`` when ``written`` has no
    thousands separator.
    """
    if not _THOUSANDS.match(written):
        return None
    digits = int(re.sub(r"\D", "", written))
    said_vi, said_en = _grouped(digits)
    if isinstance(number, float):
        return Text(
            f"{written} được đọc thành số {number!r}; muốn ghi {said_vi} thì viết {digits} "
            "(không có dấu phân cách)",
            f"{written} was read as the number {number!r}; for {said_en} write {digits} "
            "(no separator)",
        )
    return Text(
        f"cần một số nguyên, không phải chuỗi văn bản {written!r}; muốn ghi {said_vi} thì viết "
        f"{digits} (không dấu nháy, không dấu phân cách)",
        f"expected a whole number, not the text {written!r}; for {said_en} write {digits} "
        "(no quotes, no separator)",
    )


def _whole_number(value: object) -> object:
    """Refuse what pydantic's lax mode would silently turn into a wrong count or amount.

    Lax mode stores the float 10.0 (YAML's reading of ``10.000``), the text ``'10.000'`` and
    ``true`` as 10, 10 and 1. A count or an amount is written as digits only. Other whole
    number types (``numpy.int64`` from a data frame) are taken as the int they are.
    """
    if type(value) is int:  # nearly every value: skip the ABC check below
        return value
    if isinstance(value, numbers.Integral) and not isinstance(value, (bool, int)):
        return int(value)
    if isinstance(value, bool):
        raise PydanticCustomError(
            "whole_number_bool",
            "expected a whole number, not a true/false value",
            {"vi": "cần một số nguyên, không phải giá trị đúng/sai"},
        )
    if isinstance(value, float):
        shown = repr(float(value))  # numpy.float64 prints as np.float64(12.0)
        exact = Decimal(shown) if value == value and abs(value) != float("inf") else None
        # 10.0 may have been written 10.000 (ten thousand, as Vietnamese writes it).
        maybe = (
            exact is not None
            and exact >= 1
            and exact < 1000
            and int(exact.as_tuple().exponent) >= -3
        )
        if maybe:
            assert exact is not None
            digits = int(exact * 1000)
            said_vi, said_en = _grouped(digits)
            written = f"{exact:.3f}"
            vi = (
                f"cần một số nguyên, không phải số thập phân {shown}; YAML đọc {written} thành "
                f"{shown} (dấu chấm là dấu thập phân): muốn ghi {said_vi} thì viết {digits} "
                "(không có dấu phân cách)"
            )
            en = (
                f"expected a whole number, not the decimal number {shown}; YAML reads {written} "
                f"as {shown} (the dot is a decimal point): for {said_en} write {digits} "
                "(no separator)"
            )
        else:
            vi = f"cần một số nguyên, không phải số thập phân {shown}"
            en = f"expected a whole number, not the decimal number {shown}"
        # The English text is the template: it comes in through ctx, so that no brace in
        # it is ever taken for a placeholder.
        raise PydanticCustomError(
            "whole_number_float", "{en}", {"vi": vi, "number": shown, "en": en}
        )
    if isinstance(value, str):
        reading = thousands_reading(value.strip(), None)
        if reading is not None:
            raise PydanticCustomError(
                "whole_number_text", "{en}", {"vi": reading.vi, "en": reading.en}
            )
        shown = _quote(value)
        raise PydanticCustomError(
            "whole_number_text",
            "{en}",
            {
                "vi": f"cần một số nguyên, không phải chuỗi văn bản {shown}; viết chữ số, không "
                "dấu nháy",
                "en": f"expected a whole number, not the text {shown}; write digits, no quotes",
            },
        )
    return value


WholeNumber = Annotated[int, Strict(), Field(ge=0), BeforeValidator(_whole_number)]
"""A count or an amount (số lượng, số tiền): a whole number >= 0 written as digits only.

Strict: ``10.000`` (YAML's float 10.0), ``'10000'`` and ``true`` are errors that say how to
write the number, never silently 10, 10000 or 1.
"""


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)


class Level(str, Enum):
    """Level of government that carries out the procedure (cấp thực hiện)."""

    CENTRAL = "central"
    """Cấp trung ương / cấp bộ."""
    PROVINCE = "province"
    """Cấp tỉnh."""
    COMMUNE = "commune"
    """Cấp xã."""
    DISTRICT = "district"
    """Cấp huyện: abolished from 2025-07-01 (two-tier local government)."""

    def label(self, lang: Lang | None = None) -> str:
        """The level in words for people: ``Cấp tỉnh`` / ``Province``; ids stay in data."""
        return _LEVEL_LABEL[self.value](lang)


_LEVEL_LABEL = {
    "central": Text("Cấp trung ương", "Central"),
    "province": Text("Cấp tỉnh", "Province"),
    "commune": Text("Cấp xã", "Commune"),
    "district": Text("Cấp huyện", "District"),
}


class OnlineLevel(str, Enum):
    """Online public service level (Decree 42/2022/NĐ-CP art. 11)."""

    FULL = "toan_trinh"
    """Toàn trình: the whole procedure online."""
    PARTIAL = "mot_phan"
    """Một phần: part of the procedure online."""
    NONE = "none"
    """Not offered online."""


class LegalDocument(_Frozen):
    """A legal document (văn bản): basis of a procedure or the decision publishing it."""

    number: NonEmptyStr
    """Document number as printed, e.g. ``118/2025/NĐ-CP`` (số, ký hiệu)."""
    title: str | None = None
    """Trích yếu or short name, e.g. "Luật Khiếu nại năm 2011"."""
    issued: date | None = None
    """Date of issue (ngày ban hành)."""


class Fee(_Frozen):
    """A fee or charge (phí, lệ phí)."""

    text: str | None = None
    """The fee as published, kept verbatim."""
    amount_vnd: WholeNumber | None = None
    """Amount in đồng when it is one fixed number."""
    channel: Channel | None = None
    """Channel the amount applies to, when the fee differs by channel."""


class DossierComponent(_Frozen):
    """One component of the dossier (thành phần hồ sơ)."""

    name: NonEmptyStr
    originals: WholeNumber | None = None
    """Number of originals (bản chính)."""
    copies: WholeNumber | None = None
    """Number of copies (bản sao)."""
    form: str | None = None
    """Form to use (mẫu đơn, tờ khai), e.g. "Mẫu CT01"."""


class Step(_Frozen):
    """A step of the internal process (quy trình nội bộ) of an inter-agency procedure.

    ``time`` is ``None`` for a step the process does not count ("Giờ hành chính",
    "Không tính thời gian"); such steps add nothing to the total.
    """

    name: str | None = None
    """The step as numbered in the process, e.g. "Bước 3"."""
    agency: str | None = None
    """Who does it (agency or office)."""
    task: str | None = None
    time: Duration | None = None
    time_text: str | None = None
    """The time as published."""


class Case(_Frozen):
    """One case of the processing time (trường hợp), with its legal and committed time.

    A procedure with one time has one case with ``name`` ``None``. ``committed`` is the
    reduced time the province commits to (thời gian sau cắt giảm); ``baseline`` the legal
    time in the baseline year of the reduction targets, when the catalog records it.
    """

    name: str | None = None
    channel: Channel | None = None
    """The channel this case applies to, when the time differs by channel."""
    time: Duration
    """Legal processing time (thời hạn giải quyết theo quy định)."""
    time_text: str | None = None
    """The time as published, kept verbatim as the authority."""
    committed: Duration | None = None
    """Committed (reduced) time (thời gian cam kết / sau cắt giảm)."""
    committed_text: str | None = None
    baseline: Duration | None = None
    """Legal time in the baseline year (e.g. 2024 for Resolution 66/NQ-CP)."""
    steps: tuple[Step, ...] = ()
    """Internal-process steps (inter-agency procedures, liên thông)."""

    @property
    def effective(self) -> Duration:
        """The time a one-stop centre counts: the committed time when there is one."""
        return self.committed if self.committed is not None else self.time


class Source(_Frozen):
    """Where a record was copied from (provenance). Kept with the record, never dropped."""

    url: str | None = None
    document: str | None = None
    portal: str | None = None
    attachment: str | None = None
    via: str | None = None
    kind: str | None = None
    note: str | None = None


class Procedure(_Frozen):
    """An administrative procedure (thủ tục hành chính) as published in a catalog.

    Lists are tuples so that a Procedure is immutable and hashable by identity of content.
    """

    code: ProcedureCode
    """Mã thủ tục, e.g. ``2.000815`` or ``1.014464.H12``."""
    code_as_printed: str | None = None
    """The code exactly as the source printed it, when it differs (e.g. stray spaces)."""
    name: NonEmptyStr
    """Tên thủ tục."""
    field: NonEmptyStr
    """Lĩnh vực: an id from the catalog's field registry."""
    levels: tuple[Level, ...] = Field(min_length=1)
    """Cấp thực hiện (one or more)."""
    agencies: tuple[str, ...] = ()
    """Cơ quan thực hiện: ids from the catalog's agency registry."""
    agency_text: str | None = None
    """The implementing agency as published, verbatim."""
    steps: tuple[str, ...] = ()
    """Trình tự thực hiện, as published."""
    channels: tuple[Channel, ...] = ()
    """Cách thức thực hiện."""
    online: OnlineLevel | None = None
    """Mức độ dịch vụ công trực tuyến; ``None`` when the source does not say."""
    dossier: tuple[DossierComponent, ...] = ()
    """Thành phần, số lượng hồ sơ."""
    processing_time: tuple[Case, ...] = Field(min_length=1)
    """Thời hạn giải quyết: one or more cases."""
    subjects: tuple[str, ...] = ()
    """Đối tượng thực hiện."""
    results: tuple[str, ...] = ()
    """Kết quả thực hiện."""
    fees: tuple[Fee, ...] = ()
    """Phí, lệ phí."""
    requirements: tuple[str, ...] = ()
    """Yêu cầu, điều kiện."""
    legal_basis: tuple[LegalDocument, ...] = ()
    """Căn cứ pháp lý."""
    publication_decision: LegalDocument | None = None
    """Quyết định công bố."""
    valid_from: date | None = None
    valid_until: date | None = None
    annual_volume: WholeNumber | None = None
    """Dossiers per year, when known (weights the reduction progress)."""
    source: Source | None = None
    notes: str | None = None

    @model_validator(mode="after")
    def _check_dates(self) -> Procedure:
        # Checked on the whole record (TT101 points at its first line): both dates are
        # quoted, since either may be the wrong one.
        start, end = self.valid_from, self.valid_until
        if start and end and end < start:
            raise PydanticCustomError(
                "validity_order",
                f"valid_until {end.isoformat()} is before valid_from {start.isoformat()}: "
                "a record cannot stop being in force before it starts; fix either date",
                {
                    "vi": f"valid_until {end.isoformat()} trước valid_from {start.isoformat()}: "
                    "bản ghi không thể hết hiệu lực trước khi có hiệu lực; sửa một trong hai ngày"
                },
            )
        return self

    # -- lookups --------------------------------------------------------------------

    @property
    def cases(self) -> tuple[Case, ...]:
        return self.processing_time

    def time_for(self, case: str | None = None, channel: Channel | str | None = None) -> Case:
        """The case that applies, by case name and/or channel.

        With one case and no arguments, that case. A name matches exactly or, failing
        that, as a case-insensitive substring when exactly one case contains it.
        Raises :class:`CaseLookupError` (a :class:`LookupError`, bilingual message that
        lists the cases and how to choose one) when nothing or several match.
        """
        return select_case(
            self.processing_time,
            case,
            channel,
            subject=Text(f"Thủ tục {self.code}", f"Procedure {self.code}"),
        )

    def is_valid_on(self, day: date) -> bool:
        """Whether the record is in force on ``day`` (hiệu lực)."""
        if self.valid_from and day < self.valid_from:
            return False
        return not (self.valid_until and day > self.valid_until)


def total_step_hours(steps: tuple[Step, ...]) -> Decimal | None:
    """Sum of the counted steps in working hours, or ``None`` if a step is not exact."""
    total = Decimal(0)
    for step in steps:
        if step.time is None:
            continue
        hours = step.time.working_hours
        if hours is None:
            return None
        total += hours
    return total
