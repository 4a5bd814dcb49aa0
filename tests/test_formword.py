"""Forms 01 and 04 as Word files: every field filled, opened again with python-docx; a
province's own Word template and a province's text wording; hostile values."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date, datetime
from string import Template

import pytest

from tthc.config import Config
from tthc.errors import FormError
from tthc.forms import BLANK, MAX_FIELD, Form01, Form04, render
from tthc.formword import MAX_TEMPLATE_BYTES, WordTemplate, fill, render_docx, text_document
from tthc.hookspecs import hookimpl
from tthc.rules import Rules

docx = pytest.importorskip("docx")

RECEIVED = datetime.fromisoformat("2026-11-26T10:00:00+07:00")


def document_text(data: bytes) -> str:
    """All the text of a .docx: paragraphs, then table cells, one per line."""
    document = docx.Document(io.BytesIO(data))
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.extend(cell.text for cell in row.cells)
    return "\n".join(lines)


@pytest.fixture(scope="module")
def rules() -> Rules:
    return Rules.national()


def full_form01(rules: Rules) -> Form01:
    deadline = rules.deadline(RECEIVED, "3 ngày làm việc", channel="in_person")
    form = Form01.from_deadline(
        deadline,
        dossier_id="HS-0001",
        applicant="Nguyễn Văn A",
        procedure_name="Thủ tục thử nghiệm (synthetic)",
        components=["Tờ khai (bản chính: 1)", "Bản sao giấy tờ (bản sao: 2)"],
        officer="Trần Thị B",
        agency="Bộ phận Một cửa (thử nghiệm)",
        parent_agency="UBND xã Thử Nghiệm",
        place="Thử Nghiệm",
        number="25/TNHS",
        address="Số 1, thôn Một",
        phone="0900000000",
        email="a@example.vn",
        sets=1,
        result_place="Bộ phận Một cửa xã Thử Nghiệm",
        register_book="01",
        register_entry="25",
    )
    return replace(form, procedure_code="9.999001")  # a synthetic code, as in test_forms


# Every field of Form 01 and the text the Word file must show for it (Vietnamese).
FORM01_FIELDS = {
    "parent agency": "UBND xã Thử Nghiệm",
    "agency": "Bộ phận Một cửa (thử nghiệm)",
    "number": "Số: 25/TNHS",
    "national name": "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "motto": "Độc lập - Tự do - Hạnh phúc",
    "place and date": "Thử Nghiệm, ngày 26 tháng 11 năm 2026",
    "title": "Mẫu số 01. Giấy tiếp nhận hồ sơ và hẹn trả kết quả",
    "dossier": "Mã hồ sơ: HS-0001",
    "applicant": "Tiếp nhận hồ sơ của: Nguyễn Văn A",
    "address": "Địa chỉ: Số 1, thôn Một",
    "phone": "Số điện thoại: 0900000000",
    "email": "Thư điện tử: a@example.vn",
    "procedure": "Nội dung yêu cầu giải quyết: Thủ tục thử nghiệm (synthetic) (mã thủ tục: "
    "9.999001)",
    "channel": "Cách thức nộp: trực tiếp",
    "components": "- Tờ khai (bản chính: 1)\n- Bản sao giấy tờ (bản sao: 2)",
    "sets": "Số lượng hồ sơ: 01 bộ",
    "legal time": "Thời gian giải quyết hồ sơ theo quy định: 3 ngày làm việc",
    "received": "Thời điểm tiếp nhận: Thứ Năm 26/11/2026 10:00",
    "appointment": "Thời gian hẹn trả kết quả: Thứ Ba 01/12/2026 17:00",
    "result place": "Nơi trả kết quả: Bộ phận Một cửa xã Thử Nghiệm",
    "register": "Vào sổ theo dõi hồ sơ: quyển số 01, số thứ tự 25",
    "applicant signs": "Người nộp hồ sơ\n(ký và ghi rõ họ tên)\n\n\nNguyễn Văn A",
    "officer signs": "Người tiếp nhận hồ sơ\n(ký và ghi rõ họ tên)\n\n\nTrần Thị B",
}


@pytest.fixture(scope="module")
def form01_text(rules: Rules) -> str:
    return document_text(render_docx(full_form01(rules), rules, "vi"))


@pytest.fixture(scope="module")
def form04_text(rules: Rules) -> str:
    return document_text(render_docx(full_form04(rules), rules, "vi"))


@pytest.mark.parametrize("field", sorted(FORM01_FIELDS))
def test_form01_docx_has_every_field_filled(form01_text: str, field: str) -> None:
    text = form01_text
    assert FORM01_FIELDS[field] in text
    assert "$" not in text and BLANK not in text  # nothing left unfilled


def full_form04(rules: Rules) -> Form04:
    deadline = rules.deadline(RECEIVED, "3 ngày làm việc")
    return Form04.for_delay(
        rules,
        deadline,
        agency="Sở Thử nghiệm (synthetic)",
        applicant="Nguyễn Văn A",
        reason="Cần xác minh thêm tại thực địa",
        extra_working_days=2,
        procedure_name="Thủ tục thử nghiệm (synthetic)",
        dossier_id="HS-0001",
        officer="Lê Văn C",
        issued_on=date(2026, 11, 30),
        number="12/STN-VP",
        parent_agency="UBND tỉnh Thử Nghiệm",
        place="Thử Nghiệm",
        address="Số 1, thôn Một",
        phone="0900000000",
        email="a@example.vn",
        signer_title="GIÁM ĐỐC",
    )


FORM04_FIELDS = {
    "parent agency": "UBND tỉnh Thử Nghiệm",
    "number": "Số: 12/STN-VP",
    "place and date": "Thử Nghiệm, ngày 30 tháng 11 năm 2026",
    "title": "Mẫu số 04. Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết",
    "recipient": "Kính gửi: Nguyễn Văn A",
    "address": "Địa chỉ: Số 1, thôn Một",
    "contact": "Số điện thoại: 0900000000; thư điện tử: a@example.vn",
    "dossier": "Hồ sơ: HS-0001, thủ tục Thủ tục thử nghiệm (synthetic)",
    "received": "Thời điểm tiếp nhận: Thứ Năm 26/11/2026 10:00",
    "first appointment": "Thời gian hẹn trả kết quả ban đầu: Thứ Ba 01/12/2026 17:00",
    "reason": "Lý do chậm trễ: Cần xác minh thêm tại thực địa",
    "apology": "Sở Thử nghiệm (synthetic) xin lỗi Nguyễn Văn A",
    "new appointment": "Thời gian hẹn trả kết quả mới: Thứ Năm 03/12/2026 17:00",
    "signer": "GIÁM ĐỐC\n(ký và ghi rõ họ tên)\n\n\nLê Văn C",
}


@pytest.mark.parametrize("field", sorted(FORM04_FIELDS))
def test_form04_docx_has_every_field_filled(form04_text: str, field: str) -> None:
    text = form04_text
    assert FORM04_FIELDS[field] in text
    assert "$" not in text


def test_english_docx(rules: Rules) -> None:
    text = document_text(render_docx(full_form01(rules), rules, "en"))
    assert "Result due (appointment): Tue 2026-12-01 17:00" in text
    assert "SOCIALIST REPUBLIC OF VIETNAM" in text


def test_hostile_values_are_written_as_text(rules: Rules) -> None:
    deadline = rules.deadline(RECEIVED, "3 ngày làm việc")
    hostile = "<w:p>&amp; \x00\x07\x1b[31m $agency ${x} \u2028# heading\n**b**"
    form = Form01.from_deadline(
        deadline, dossier_id="HS", applicant=hostile, procedure_name="P", components=[hostile]
    )
    data = render_docx(form, rules, "vi")
    text = document_text(data)
    assert "<w:p>&amp;  [31m $agency ${x}  # heading **b**" in text  # as typed, one line
    assert "\x00" not in text and "\x07" not in text
    markdown = render(form, rules, "vi")
    assert "\n# heading" not in markdown  # a value cannot start a Markdown block


def test_fields_are_bounded(rules: Rules) -> None:
    deadline = rules.deadline(RECEIVED, "3 ngày làm việc")
    with pytest.raises(FormError, match=f"at most {MAX_FIELD}"):
        Form01.from_deadline(
            deadline, dossier_id="HS", applicant="A" * (MAX_FIELD + 1), procedure_name="P"
        )
    with pytest.raises(FormError, match="dossier components, at most"):
        Form01.from_deadline(
            deadline, dossier_id="HS", applicant="A", procedure_name="P", components=["x"] * 201
        )
    with pytest.raises(FormError, match="number of sets"):
        Form01.from_deadline(deadline, dossier_id="HS", applicant="A", procedure_name="P", sets=0)


def test_word_template_is_bounded_and_must_be_docx() -> None:
    with pytest.raises(FormError, match="too large"):
        WordTemplate(b"PK" + b"\0" * MAX_TEMPLATE_BYTES)
    with pytest.raises(FormError, match=r"not a \.docx"):
        WordTemplate(b"<html>")
    with pytest.raises(FormError, match="cannot be opened"):
        fill(WordTemplate(b"PK\x03\x04 broken"), {}, form="01", lang="vi")


def province_docx(*lines: str) -> bytes:
    document = docx.Document()
    for line in lines:
        document.add_paragraph(line)
    table = document.add_table(rows=1, cols=1)
    table.cell(0, 0).text = "Cán bộ: $officer"
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


class WordProvince:
    """Synthetic province: its own Word template of Form 01, national Form 04."""

    @hookimpl
    def tthc_form_template(self, form: str, lang: str, output: str) -> object:
        if (form, output) == ("01", "docx"):
            return WordTemplate(province_docx("GIẤY HẸN TỈNH THỬ NGHIỆM", "Hẹn trả: $due_at"))
        return None


def test_a_province_word_template_is_filled(rules: Rules) -> None:
    province = Rules(Config(), load_entry_points=False)
    province.pm.register(WordProvince(), name="province")
    text = document_text(render_docx(full_form01(province), province, "vi"))
    assert "GIẤY HẸN TỈNH THỬ NGHIỆM" in text
    assert "Hẹn trả: Thứ Ba 01/12/2026 17:00" in text
    assert "Cán bộ: Trần Thị B" in text
    assert "CỘNG HÒA" not in text  # not the national layout
    # Form 04 falls back to the national layout; the text output is still the national one.
    assert "Kính gửi: Nguyễn Văn A" in document_text(render_docx(full_form04(province), province))
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in render(full_form01(province), province)


def test_a_province_word_template_with_an_unknown_placeholder(rules: Rules) -> None:
    template = WordTemplate(province_docx("$no_such_field"))
    with pytest.raises(FormError, match=r"unknown placeholder \$no_such_field"):
        fill(template, full_form01(rules).values("vi"), form="01", lang="vi")


def test_a_placeholder_split_across_runs_is_filled() -> None:
    document = docx.Document()
    paragraph = document.add_paragraph("Hẹn: $du")
    paragraph.add_run("e_at").bold = True
    out = io.BytesIO()
    document.save(out)
    filled = fill(WordTemplate(out.getvalue()), {"due_at": "01/12/2026"}, form="01", lang="vi")
    assert "Hẹn: 01/12/2026" in document_text(filled)


class TextProvince:
    """Synthetic province that rewords Form 01 as text only (no `output` argument)."""

    @hookimpl
    def tthc_form_template(self, form: str, lang: str) -> object:
        if (form, lang) == ("01", "vi"):
            return Template("# Phiếu hẹn (thử nghiệm)\n\n**Hẹn:** $due_at\n\n- $applicant")
        return None


def test_a_text_wording_becomes_the_word_document() -> None:
    province = Rules(Config(), load_entry_points=False)
    province.pm.register(TextProvince(), name="province")
    data = render_docx(full_form01(province), province, "vi")
    document = docx.Document(io.BytesIO(data))
    texts = [p.text for p in document.paragraphs]
    assert texts == ["PHIẾU HẸN (THỬ NGHIỆM)", "Hẹn: Thứ Ba 01/12/2026 17:00", "Nguyễn Văn A"]
    assert document.paragraphs[1].runs[0].bold is True


def test_text_document_keeps_bold_and_italic() -> None:
    document = docx.Document(io.BytesIO(text_document("*Hà Nội*\n\n**A** b")))
    first, second = document.paragraphs
    assert first.text == "Hà Nội" and first.runs[0].italic is True
    assert [(r.text, r.bold) for r in second.runs] == [("A", True), (" b", None)]
