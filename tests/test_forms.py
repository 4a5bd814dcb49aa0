"""Forms 01 and 04 (tthc.forms): data, new appointments on the calendar, rendering.

Procedures named 9.999xxx are synthetic; the dossier numbers and people are made up.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

import pytest

from tthc import hookimpl
from tthc.calendar import VN_TZ
from tthc.config import Config
from tthc.duration import Duration, Unit
from tthc.forms import BLANK, Form01, Form04, FormError, component_line, extended_due, render
from tthc.model import DossierComponent, Procedure
from tthc.rules import Rules


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=VN_TZ)


def synthetic_procedure() -> Procedure:
    # Synthetic: 9.999001 is deliberately not a real procedure code.
    return Procedure.model_validate(
        {
            "code": "9.999001",
            "name": "Thủ tục thử nghiệm (synthetic)",
            "field": "thu-nghiem",
            "levels": ["province"],
            "dossier": [
                {"name": "Tờ khai", "originals": 1},
                {"name": "Bản sao giấy tờ", "copies": 2},
            ],
            "processing_time": [{"time": {"value": 3, "unit": "working_days"}}],
        }
    )


@pytest.fixture(scope="module")
def form01(rules: Rules) -> Form01:
    procedure = synthetic_procedure()
    deadline = rules.deadline(at("2026-11-26 10:00"), procedure, channel="online")
    return Form01.from_deadline(
        deadline,
        dossier_id="HS-0001",
        applicant="Nguyễn Văn A",
        procedure=procedure,
        officer="Trần Thị B",
        agency="Bộ phận Một cửa (thử nghiệm)",
        extra={"Số điện thoại": "0123"},
    )


def test_form01_from_deadline(form01: Form01) -> None:
    assert form01.due_at == at("2026-12-01 17:00")
    assert form01.received_at == at("2026-11-26 10:00")
    assert form01.procedure_code == "9.999001"
    assert form01.procedure_name == "Thủ tục thử nghiệm (synthetic)"
    assert form01.components == ("Tờ khai (bản chính: 1)", "Bản sao giấy tờ (bản sao: 2)")
    assert form01.provisional is False


def test_form01_renders_in_vietnamese(rules: Rules, form01: Form01) -> None:
    text = render(form01, rules, "vi")
    assert "# Mẫu số 01. Giấy tiếp nhận hồ sơ và hẹn trả kết quả" in text
    assert "**Thời gian hẹn trả kết quả:** Thứ Ba 01/12/2026 17:00" in text
    assert "Thời điểm tiếp nhận: Thứ Năm 26/11/2026 10:00" in text
    assert "- Tờ khai (bản chính: 1)" in text
    assert "Cách thức nộp: trực tuyến" in text
    assert "**Người tiếp nhận hồ sơ** (ký và ghi rõ họ tên): Trần Thị B" in text
    assert "- Số điện thoại: 0123" in text
    assert "$" not in text
    assert "\n\n\n" not in text


def test_form01_renders_in_english_as_plain_text(rules: Rules, form01: Form01) -> None:
    text = render(form01, rules, "en", "text")
    assert "Form 01. Receipt of dossier and appointment for the result" in text
    assert "Result due (appointment): Tue 2026-12-01 17:00" in text
    assert "#" not in text
    assert "**" not in text


def test_missing_fields_print_as_dots(rules: Rules) -> None:
    deadline = rules.deadline(at("2026-11-26 10:00"), Duration.of(3, Unit.WORKING_DAYS))
    form = Form01.from_deadline(
        deadline, dossier_id="HS-2", applicant="C", procedure_name="Thủ tục (synthetic)"
    )
    text = render(form, rules, "vi")
    assert f"**Người tiếp nhận hồ sơ** (ký và ghi rõ họ tên): {BLANK}" in text
    assert f"mã thủ tục: {BLANK}" in text
    assert f"- {BLANK}" in text  # no components recorded


def test_form01_needs_a_procedure_name(rules: Rules) -> None:
    deadline = rules.deadline(at("2026-11-26 10:00"), Duration.of(3, Unit.WORKING_DAYS))
    with pytest.raises(FormError) as info:
        Form01.from_deadline(deadline, dossier_id="HS-3", applicant="D")
    assert "Form 01 needs the procedure name" in info.value.message("en")
    assert "Mẫu số 01 cần tên thủ tục" in info.value.message("vi")


def test_provisional_note(rules: Rules) -> None:
    deadline = rules.deadline(at("2026-12-28 10:00"), Duration.of(10, Unit.WORKING_DAYS))
    form = Form01.from_deadline(deadline, dossier_id="HS-4", applicant="E", procedure_name="X")
    assert form.provisional is True
    assert "Ngày hẹn tạm tính" in render(form, rules, "vi")
    assert "Provisional date" in render(form, rules, "en")


def test_provisional_note_for_an_unconfirmed_day_off(rules: Rules) -> None:
    # 24/11/2026 (Culture Day) is counted as off though its decision is unconfirmed;
    # the note must not claim a whole year is undecided
    deadline = rules.deadline(at("2026-11-20 09:00"), Duration.of(5, Unit.WORKING_DAYS))
    form = Form01.from_deadline(deadline, dossier_id="HS-5", applicant="F", procedure_name="X")
    assert form.provisional is True
    assert (
        "(Ngày hẹn tạm tính: lịch nghỉ trong thời gian giải quyết chưa được quyết định "
        "chính thức.)" in render(form, rules, "vi")
    )
    assert (
        "(Provisional date: days off within the processing time are not yet officially "
        "decided.)" in render(form, rules, "en")
    )
    apology = Form04.for_delay(
        rules,
        deadline,
        agency="A",
        applicant="F",
        reason="X",
        extra_working_days=1,
        procedure_name="X",
    )
    assert apology.provisional is True


def test_component_line() -> None:
    assert component_line("  Đơn đề nghị ") == "Đơn đề nghị"
    component = DossierComponent(name="Tờ khai", originals=1, copies=0)
    assert component_line(component, "en") == "Tờ khai (originals: 1, copies: 0)"
    assert component_line(DossierComponent(name="Ảnh")) == "Ảnh"


# -- Form 04 and the new appointment -------------------------------------------------------


@pytest.mark.parametrize(
    ("days", "expected"),
    [
        (2, "2026-12-03 17:00"),
        ("0.5", "2026-12-02 12:00"),
        (Decimal(5), "2026-12-08 17:00"),
        ("1,5", "2026-12-03 12:00"),  # the decimal comma, as written in Vietnamese
        (" 1.5 ", "2026-12-03 12:00"),
    ],
)
def test_extended_due_by_working_days(rules: Rules, days: Any, expected: str) -> None:
    assert extended_due(rules, at("2026-12-01 17:00"), extra_working_days=days) == at(expected)


def test_extended_due_over_tet(rules: Rules) -> None:
    assert extended_due(rules, at("2026-02-12 17:00"), extra_working_days=2) == at(
        "2026-02-23 17:00"
    )


def test_extended_due_to_a_date(rules: Rules) -> None:
    assert extended_due(rules, at("2026-12-01 17:00"), until=date(2026, 12, 4)) == at(
        "2026-12-04 17:00"
    )
    assert extended_due(rules, at("2026-12-01 17:00"), until=at("2026-12-04 10:00")) == at(
        "2026-12-04 10:00"
    )


def test_extended_due_errors(rules: Rules) -> None:
    original = at("2026-12-01 17:00")
    with pytest.raises(FormError, match="exactly one"):
        extended_due(rules, original)
    with pytest.raises(FormError, match="exactly one"):
        extended_due(rules, original, extra_working_days=1, until=date(2026, 12, 4))
    with pytest.raises(FormError) as info:
        extended_due(rules, original, extra_working_days=0)
    assert info.value.message("en") == (
        "The extra working days must be a positive number (a whole number, or a decimal such "
        "as 1.5 or 1,5), got 0"
    )
    with pytest.raises(FormError, match="'abc'"):
        extended_due(rules, original, extra_working_days="abc")
    with pytest.raises(FormError) as info:
        extended_due(rules, original, until=date(2026, 12, 5))
    assert "The new date 2026-12-05 is not a working day" in info.value.message("en")
    assert "Ngày hẹn mới 05/12/2026 không phải ngày làm việc" in info.value.message("vi")
    with pytest.raises(FormError) as info:
        extended_due(rules, original, until=date(2026, 11, 30))
    assert "is not after the original 2026-12-01 17:00+07:00" in info.value.message("en")


def test_form04_for_delay(rules: Rules) -> None:
    deadline = rules.deadline(at("2026-11-26 10:00"), synthetic_procedure())
    form = Form04.for_delay(
        rules,
        deadline,
        agency="Sở Thử nghiệm (synthetic)",
        applicant="Nguyễn Văn A",
        reason="Cần xác minh thêm",
        extra_working_days=3,
        procedure=synthetic_procedure(),
        dossier_id="HS-0001",
        officer="Giám đốc (thử nghiệm)",
        issued_on=date(2026, 11, 30),
    )
    assert form.original_due_at == at("2026-12-01 17:00")
    assert form.new_due_at == at("2026-12-04 17:00")
    vi = render(form, rules, "vi")
    assert "# Mẫu số 04. Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết" in vi
    assert "Lý do chậm trễ: Cần xác minh thêm" in vi
    assert "Thời gian hẹn trả kết quả ban đầu: Thứ Ba 01/12/2026 17:00" in vi
    assert "**Thời gian hẹn trả kết quả mới:** Thứ Sáu 04/12/2026 17:00" in vi
    assert f"*{BLANK}, ngày 30 tháng 11 năm 2026*" in vi
    en = render(form, rules, "en", "text")
    assert "New appointment: Fri 2026-12-04 17:00" in en
    assert f"{BLANK}, 2026-11-30" in en


def test_form04_from_a_paused_clock(rules: Rules) -> None:
    deadline = rules.deadline(at("2026-11-26 10:00"), Duration.of(3, Unit.WORKING_DAYS))
    clock = rules.clock(deadline).pause(at("2026-11-27 09:00")).resume(at("2026-11-30 09:00"))
    form = Form04.for_delay(
        rules,
        deadline,
        agency="A",
        applicant="B",
        reason="R",
        procedure_name="P",
        original_due_at=clock.due_at,
        new_due=date(2026, 12, 7),
    )
    assert form.original_due_at == at("2026-12-02 17:00")
    assert form.new_due_at == at("2026-12-07 17:00")
    assert form.issued_on is None
    assert f"*{BLANK}, {BLANK}*" in render(form, rules, "en")


def test_form04_from_the_clock_itself(rules: Rules) -> None:
    # The clock gives the receipt (its original deadline) and the first appointment as the
    # pauses moved it, instead of an AttributeError on 'procedure'
    deadline = rules.deadline(at("2026-11-26 10:00"), synthetic_procedure(), channel="online")
    clock = rules.clock(deadline).pause(at("2026-11-27 09:00")).resume(at("2026-11-30 09:00"))
    form = Form04.for_delay(
        rules,
        clock,
        agency="A",
        applicant="B",
        reason="R",
        procedure_name="P",
        extra_working_days="1,5",
    )
    assert form.received_at == at("2026-11-26 10:00")
    assert form.original_due_at == clock.due_at == at("2026-12-02 17:00")
    assert form.new_due_at == at("2026-12-04 12:00")
    assert (form.procedure_code, form.channel) == ("9.999001", deadline.channel)
    given = Form04.for_delay(
        rules,
        clock,
        agency="A",
        applicant="B",
        reason="R",
        procedure_name="P",
        original_due_at=at("2026-12-03 17:00"),  # wins over the clock's
        new_due=date(2026, 12, 7),
    )
    assert given.original_due_at == at("2026-12-03 17:00")


@pytest.mark.parametrize(
    ("lang", "message"),
    [
        (
            "en",
            "Form 04: the dossier is paused since Fri 2026-11-27 09:00, so its due moment is not "
            "known yet (the pause will move it): resume the clock first, or pass original_due_at",
        ),
        (
            "vi",
            "Mẫu số 04: hồ sơ đang tạm dừng từ Thứ Sáu 27/11/2026 09:00, chưa biết ngày hẹn ban "
            "đầu (thời gian tạm dừng sẽ lùi ngày hẹn): hãy ghi nhận tiếp tục (resume) trước, "
            "hoặc truyền original_due_at",
        ),
    ],
)
def test_form04_from_a_clock_still_paused(rules: Rules, lang: str, message: str) -> None:
    deadline = rules.deadline(at("2026-11-26 10:00"), Duration.of(3, Unit.WORKING_DAYS))
    clock = rules.clock(deadline).pause(at("2026-11-27 09:00"))
    kwargs: dict[str, Any] = {
        "agency": "A",
        "applicant": "B",
        "reason": "R",
        "procedure_name": "P",
        "extra_working_days": 1,
    }
    with pytest.raises(FormError) as info:
        Form04.for_delay(rules, clock, **kwargs)
    assert info.value.message(lang) == message  # type: ignore[arg-type]
    # with the first appointment given, the form can be filled
    form = Form04.for_delay(rules, clock, original_due_at=at("2026-12-01 17:00"), **kwargs)
    assert form.new_due_at == at("2026-12-02 17:00")


@pytest.mark.parametrize(
    ("lang", "message"),
    [
        (
            "en",
            "Form 04 needs a Deadline (rules.deadline(...)) or a DossierClock "
            "(rules.clock(deadline)), got datetime",
        ),
        (
            "vi",
            "Mẫu số 04 cần một Deadline (rules.deadline(...)) hoặc một DossierClock "
            "(rules.clock(deadline)), nhận được datetime",
        ),
    ],
)
def test_form04_needs_a_deadline_or_a_clock(rules: Rules, lang: str, message: str) -> None:
    with pytest.raises(FormError) as info:
        Form04.for_delay(
            rules,
            at("2026-12-01 17:00"),  # type: ignore[arg-type]
            agency="A",
            applicant="B",
            reason="R",
            procedure_name="P",
            extra_working_days=1,
        )
    assert info.value.message(lang) == message  # type: ignore[arg-type]


def test_form04_needs_a_reason_and_a_name(rules: Rules) -> None:
    deadline = rules.deadline(at("2026-11-26 10:00"), Duration.of(3, Unit.WORKING_DAYS))
    with pytest.raises(FormError, match="needs the reason"):
        Form04.for_delay(
            rules, deadline, agency="A", applicant="B", reason=" ", procedure_name="P",
            extra_working_days=1,
        )  # fmt: skip
    with pytest.raises(FormError, match="Form 04 needs the procedure name"):
        Form04.for_delay(
            rules, deadline, agency="A", applicant="B", reason="R", extra_working_days=1
        )


# -- templates from plugins ------------------------------------------------------------------


class BadTemplate:
    @hookimpl
    def tthc_form_template(self, form: str) -> str:
        return "Hồ sơ $dossier_id, hạn $due_date"


class BrokenTemplate:
    @hookimpl
    def tthc_form_template(self) -> str:
        return "Lệ phí 100$"


def test_unknown_placeholder_is_reported(form01: Form01) -> None:
    rules = Rules(Config(), load_entry_points=False)
    rules.pm.register(BadTemplate(), name="province")
    with pytest.raises(FormError) as info:
        render(form01, rules, "vi")
    message = info.value.message("en")
    assert "Form 01 (vi): unknown placeholder $due_date" in message
    assert "$due_at" in message
    assert "chỗ trống không biết $due_date" in info.value.message("vi")


def test_invalid_template_is_reported(form01: Form01) -> None:
    rules = Rules(Config(), load_entry_points=False)
    rules.pm.register(BrokenTemplate(), name="province")
    with pytest.raises(FormError, match="invalid template"):
        render(form01, rules, "en")


# The tests above check these messages in English; here the same inputs in Vietnamese.
@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("reason", "Mẫu số 04 cần lý do chậm trễ"),
        ("name", "Mẫu số 04 cần tên thủ tục (procedure hoặc procedure_name)"),
        (
            "both",
            "Gia hạn: cần đúng một trong hai: số ngày làm việc gia hạn hoặc ngày hẹn mới",
        ),
        (
            "zero",
            "Số ngày gia hạn phải là số dương (số nguyên, hoặc số thập phân như 1,5 hay 1.5), "
            "nhận được 0",
        ),
        (
            "text",
            "Số ngày gia hạn phải là số dương (số nguyên, hoặc số thập phân như 1,5 hay 1.5), "
            "nhận được 'abc'",
        ),
        (
            "before",
            "Ngày hẹn mới 2026-11-30 17:00+07:00 không sau ngày hẹn ban đầu 2026-12-01 17:00+07:00",
        ),
    ],
)
def test_form_errors_in_vietnamese(rules: Rules, case: str, message: str) -> None:
    deadline = rules.deadline(at("2026-11-26 10:00"), Duration.of(3, Unit.WORKING_DAYS))
    original = at("2026-12-01 17:00")
    with pytest.raises(FormError) as info:
        if case == "reason":
            Form04.for_delay(
                rules, deadline, agency="A", applicant="B", reason=" ", procedure_name="P",
                extra_working_days=1,
            )  # fmt: skip
        elif case == "name":
            Form04.for_delay(
                rules, deadline, agency="A", applicant="B", reason="R", extra_working_days=1
            )
        elif case == "both":
            extended_due(rules, original, extra_working_days=1, until=date(2026, 12, 4))
        elif case == "zero":
            extended_due(rules, original, extra_working_days=0)
        elif case == "text":
            extended_due(rules, original, extra_working_days="abc")
        else:
            extended_due(rules, original, until=date(2026, 11, 30))
    assert info.value.message("vi") == message


def test_invalid_template_is_reported_in_vietnamese(form01: Form01) -> None:
    rules = Rules(Config(), load_entry_points=False)
    rules.pm.register(BrokenTemplate(), name="province")
    with pytest.raises(FormError) as info:
        render(form01, rules, "vi")
    assert info.value.message("vi").startswith("Mẫu số 01 (vi): mẫu không hợp lệ (")
