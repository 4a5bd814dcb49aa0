"""Tests of tthc.durationtext: reading processing times as real catalogs write them."""

from __future__ import annotations

import unicodedata
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tthc.duration import MAX_VALUE, Duration, Unit
from tthc.durationtext import (
    ParsedCase,
    ReductionRemark,
    normalize_text,
    parse_cases,
    parse_duration,
    parse_reduction_remark,
)
from tthc.errors import DurationError
from tthc.model import Channel

# Every phrasing below is quoted exactly from the project's shared data (procedures,
# reductions and internal processes), with the reading recorded there.
REAL_PHRASINGS: list[tuple[str, str, Unit]] = [
    # procedures 1.000178
    ("60 Ngày làm việc", "60", Unit.WORKING_DAYS),
    # procedures 1.001456
    ("8 Ngày làm việc", "8", Unit.WORKING_DAYS),
    # procedures 1.004222
    ("7 Ngày làm việc", "7", Unit.WORKING_DAYS),
    # procedures 1.010040 case
    ("Trực tuyến: 5 Ngày làm việc", "5", Unit.WORKING_DAYS),
    # procedures 1.010040 case
    ("Trực tiếp: 5 Ngày làm việc", "5", Unit.WORKING_DAYS),
    # procedures 1.010040 case
    ("Trực tuyến: 30 Ngày làm việc", "30", Unit.WORKING_DAYS),
    # procedures 1.010040 case
    ("Trực tiếp: 30 Ngày làm việc", "30", Unit.WORKING_DAYS),
    # procedures 2.002351 case
    ("Trực tuyến: 3 Ngày làm việc", "3", Unit.WORKING_DAYS),
    # procedures 2.002351 case
    ("Trực tuyến: 12 Giờ", "12", Unit.CLOCK_HOURS),
    # procedures 3.000333
    ("10 Ngày", "10", Unit.CALENDAR_DAYS),
    # procedures 3.000373
    ("1 Giờ", "1", Unit.CLOCK_HOURS),
    # procedures 1.002947
    ("4 Tháng", "4", Unit.MONTHS),
    # procedures 1.003984
    ("24 Giờ", "24", Unit.CLOCK_HOURS),
    # procedures 1.008504 case
    ("Dịch vụ bưu chính: 5 Ngày làm việc", "5", Unit.WORKING_DAYS),
    # procedures 1.008504 case
    ("Trực tiếp: 7 Ngày làm việc", "7", Unit.WORKING_DAYS),
    # procedures 2.002225
    ("3 Ngày làm việc", "3", Unit.WORKING_DAYS),
    # procedures 3.000116 case
    ("Trực tuyến: 1 Ngày", "1", Unit.CALENDAR_DAYS),
    # procedures 3.000116 case
    ("Trực tiếp: 1 Giờ", "1", Unit.CLOCK_HOURS),
    # procedures 1.000419
    ("5 Ngày làm việc", "5", Unit.WORKING_DAYS),
    # procedures 2.000986
    ("20 Ngày", "20", Unit.CALENDAR_DAYS),
    # procedures 1.013225 case
    ("Trực tuyến: 20 Ngày", "20", Unit.CALENDAR_DAYS),
    # procedures 1.013225 case
    ("Dịch vụ bưu chính: 20 Ngày", "20", Unit.CALENDAR_DAYS),
    # procedures 1.013225 case
    ("Trực tiếp: 15 Ngày", "15", Unit.CALENDAR_DAYS),
    # procedures 2.000908.000.00.00.H61
    (
        (
            "Thời hạn thực hiện yêu cầu chứng thực là ngay trong ngày cơ quan, tổ "
            "chức tiếp nhận yêu cầu hoặc trong ngày làm việc tiếp theo nếu tiếp "
            "nhận yêu cầu sau 15 giờ. Thời hạn được tính từ ngày cơ quan, tổ chức "
            "nhận đủ hồ sơ hợp lệ trực tiếp, theo dấu bưu điện đến hoặc theo thời "
            "điểm hệ thống dịch vụ công ghi nhận đã nhận đủ hồ sơ hợp lệ"
        ),
        "0",
        Unit.SAME_DAY,
    ),
    # procedures 2.000908.000.00.00.H61 case
    ("ngay trong ngày cơ quan, tổ chức tiếp nhận yêu cầu", "0", Unit.SAME_DAY),
    # procedures 2.000908.000.00.00.H61 case
    ("trong ngày làm việc tiếp theo", "1", Unit.WORKING_DAYS),
    # procedures 2.000815.000.00.00.H61
    (
        (
            "Thời hạn thực hiện yêu cầu chứng thực phải được bảo đảm ngay trong "
            "ngày cơ quan, tổ chức tiếp nhận yêu cầu hoặc trong ngày làm việc tiếp "
            "theo, nếu tiếp nhận yêu cầu sau 15 giờ. Đối với trường hợp cùng một "
            "lúc yêu cầu chứng thực bản sao từ nhiều loại bản chính giấy tờ, văn "
            "bản; bản chính có nhiều trang; yêu cầu số lượng nhiều bản sao; nội "
            "dung giấy tờ, văn bản phức tạp khó kiểm tra, đối chiếu mà cơ quan, tổ "
            "chức thực hiện chứng thực không thể đáp ứng được thời hạn nêu trên "
            "thì thời hạn chứng thực được kéo dài thêm không quá 02 (hai) ngày làm "
            "việc hoặc có thể dài hơn theo thỏa thuận bằng văn bản với người yêu "
            "cầu chứng thực. Trường hợp trả kết quả trong ngày làm việc tiếp theo "
            "hoặc phải kéo dài thời gian theo quy định thì người tiếp nhận hồ sơ "
            "phải có phiếu hẹn ghi rõ thời gian (giờ, ngày) trả kết quả cho người "
            "yêu cầu chứng thực"
        ),
        "0",
        Unit.SAME_DAY,
    ),
    # procedures 2.000815.000.00.00.H61 case
    (
        (
            "kéo dài thêm không quá 02 (hai) ngày làm việc hoặc có thể dài hơn "
            "theo thỏa thuận bằng văn bản"
        ),
        "2",
        Unit.WORKING_DAYS,
    ),
    # procedures 2.001035.000.00.00.H61
    (
        (
            "Không quá 02 (hai) ngày làm việc, kể từ ngày nhận đủ hồ sơ yêu cầu "
            "chứng thực hoặc có thể kéo dài hơn theo thỏa thuận bằng văn bản với "
            "người yêu cầu chứng thực. Trường hợp kéo dài thời hạn giải quyết thì "
            "người tiếp nhận hồ sơ phải có phiếu hẹn ghi rõ thời gian (giờ, ngày) "
            "trả kết quả cho người yêu cầu chứng thực."
        ),
        "2",
        Unit.WORKING_DAYS,
    ),
    # procedures 2.000913.000.00.00.H61
    (
        (
            "Thời hạn thực hiện yêu cầu chứng thực là ngay trong ngày cơ quan, tổ "
            "chức tiếp nhận yêu cầu hoặc trong ngày làm việc tiếp theo, nếu tiếp "
            "nhận yêu cầu sau 15 giờ. Trường hợp trả kết quả trong ngày làm việc "
            "tiếp theo thì người tiếp nhận hồ sơ phải có phiếu hẹn ghi rõ thời "
            "gian (giờ, ngày) trả kết quả cho người yêu cầu chứng thực"
        ),
        "0",
        Unit.SAME_DAY,
    ),
    # procedures 1.004122
    ("Trong thời hạn 22 ngày làm việc, kể từ ngày nhận đủ hồ sơ.", "22", Unit.WORKING_DAYS),
    # procedures 1.004253
    ("Trong thời hạn 08 ngày làm việc, kể từ ngày nhận đủ hồ sơ", "8", Unit.WORKING_DAYS),
    # procedures 2.001770 case
    (
        ("Trong thời hạn 45 ngày làm việc, kể từ ngày nhận đủ hồ sơ đề nghị cấp giấy phép."),
        "45",
        Unit.WORKING_DAYS,
    ),
    # procedures 2.001770 case
    (
        (
            "Trong thời hạn 38 ngày làm việc, kể từ ngày nhận đủ hồ sơ đề nghị gia "
            "hạn, điều chỉnh giấy phép."
        ),
        "38",
        Unit.WORKING_DAYS,
    ),
    # procedures 1.012502
    ("14 ngày", "14", Unit.CALENDAR_DAYS),
    # procedures 1.001662
    ("Trong thời hạn 07 ngày làm việc, kể từ ngày nhận đủ hồ sơ", "7", Unit.WORKING_DAYS),
    # procedures 1.014464.H12
    (
        (
            "Trong thời hạn 02 ngày làm việc (cắt giảm 01/03 ngày làm việc, tỷ lệ "
            "33,33%) kể từ ngày nhận đủ hồ sơ hợp lệ."
        ),
        "2",
        Unit.WORKING_DAYS,
    ),
    # procedures 1.014466.H12 case
    (
        (
            "tối đa là 48 ngày (cắt giảm 12/60 ngày, tỷ lệ 20%) kể từ ngày nhận đủ "
            "hồ sơ đề nghị công nhận kết quả thăm dò khoáng sản hợp lệ"
        ),
        "48",
        Unit.CALENDAR_DAYS,
    ),
    # procedures 1.014466.H12 case
    (
        (
            "tối đa là 36 ngày (cắt giảm 09/45 ngày, tỷ lệ 20%) kể từ ngày nhận đủ "
            "hồ sơ đề nghị công nhận kết quả thăm dò khoáng sản hợp lệ"
        ),
        "36",
        Unit.CALENDAR_DAYS,
    ),
    # procedures 1.012644
    (
        (
            "Thời gian giải quyết: 30 ngày (Ngày làm việc) / 240 giờ (Giờ làm "
            "việc); Tổng thời gian: 30 ngày làm việc kể từ ngày nhận đủ hồ sơ đề "
            "nghị hợp lệ."
        ),
        "30",
        Unit.WORKING_DAYS,
    ),
    # procedures 2.001909
    (
        (
            "Trong th ời h ạn 10 ngày làm việc, k ể từ ngày ti ếp nh ận n ội dung "
            "khi ếu n ại, t ố cáo, ki ến nghị, phản ánh người tiếp công dân có "
            "trách nhi ệm trả lời trực tiếp ho ặc thông báo b ằng văn bản đến "
            "người đã đến khiếu nại, kiến nghị, phản ánh."
        ),
        "10",
        Unit.WORKING_DAYS,
    ),
    # procedures 1.000703
    ("2,5 ngày làm việc kể từ ngày nhận đủ hồ sơ đúng", "2.5", Unit.WORKING_DAYS),
    # procedures 1.000703 case
    ("04 ngày làm việc kể từ ngày nhận đủ hồ sơ đúng theo quy định", "4", Unit.WORKING_DAYS),
    # reductions 3508/QĐ-UBND
    ("03 ngày làm việc kể từ ngày nhận đủ hồ sơ đúng theo quy định", "3", Unit.WORKING_DAYS),
    # reductions 3508/QĐ-UBND
    ("2,5 ngày làm việc kể từ ngày nhận đủ hồ sơ đúng theo quy định", "2.5", Unit.WORKING_DAYS),
    # reductions 3508/QĐ-UBND
    ("02 ngày làm việc kể từ ngày nhận đủ hồ sơ đúng theo quy định", "2", Unit.WORKING_DAYS),
    # reductions 3508/QĐ-UBND
    ("01 ngày làm việc kể từ ngày nhận đủ hồ sơ đúng", "1", Unit.WORKING_DAYS),
    # reductions 3508/QĐ-UBND
    ("01 ngày làm việc kể từ ngày", "1", Unit.WORKING_DAYS),
    # reductions 3508/QĐ-UBND
    ("01 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ", "1", Unit.WORKING_DAYS),
    # reductions 3523/QĐ-UBND
    ("7 ngày làm việc kể ngày hồ sơ được tiếp nhận chính thức", "7", Unit.WORKING_DAYS),
    # reductions 3523/QĐ-UBND
    ("5 ngày làm việc kể ngày hồ sơ được tiếp nhận chính thức", "5", Unit.WORKING_DAYS),
    # reductions 3523/QĐ-UBND
    ("5 ngày làm việc kể ngày hồ sơ được tiếp", "5", Unit.WORKING_DAYS),
    # reductions 3523/QĐ-UBND
    ("5 ngày làm việc kể ngày hồ sơ được tiếp nhận chính", "5", Unit.WORKING_DAYS),
    # reductions 3523/QĐ-UBND
    ("3,5 ngày làm việc kể ngày hồ sơ được tiếp", "3.5", Unit.WORKING_DAYS),
    # reductions 3523/QĐ-UBND
    ("15 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ", "15", Unit.WORKING_DAYS),
    # reductions 3523/QĐ-UBND
    ("7,5 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ", "7.5", Unit.WORKING_DAYS),
    # reductions 3523/QĐ-UBND
    ("7 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ", "7", Unit.WORKING_DAYS),
    # reductions 3584/QĐ-UBND
    ("05 ngày làm việc, kể từ ngày nhận được hồ sơ đầy đủ, đúng quy định.", "5", Unit.WORKING_DAYS),
    # reductions 3584/QĐ-UBND
    (
        "2,5 ngày làm việc, kể từ ngày nhận được hồ sơ đầy đủ, đúng quy định.",
        "2.5",
        Unit.WORKING_DAYS,
    ),
    # reductions 3584/QĐ-UBND
    ("05 ngày làm việc kể từ ngày nhận được hồ sơ đầy đủ, đúng quy định.", "5", Unit.WORKING_DAYS),
    # reductions 3584/QĐ-UBND
    (
        "2,5 ngày làm việc kể từ ngày nhận được hồ sơ đầy đủ, đúng quy định.",
        "2.5",
        Unit.WORKING_DAYS,
    ),
    # reductions 3584/QĐ-UBND
    ("13 ngày làm việc kể từ ngày nhận được hồ sơ", "13", Unit.WORKING_DAYS),
    # reductions 3584/QĐ-UBND
    ("11 ngày làm việc kể từ ngày nhận được hồ sơ", "11", Unit.WORKING_DAYS),
    # reductions 3584/QĐ-UBND
    ("07 ngày làm việc, kể từ ngày nhận hồ sơ đầy đủ, đúng quy định.", "7", Unit.WORKING_DAYS),
    # reductions 3584/QĐ-UBND
    ("3,5 ngày làm việc, kể từ ngày nhận hồ sơ đầy đủ, đúng quy định.", "3.5", Unit.WORKING_DAYS),
    # reductions 3584/QĐ-UBND
    ("02 ngày làm việc kể từ ngày nhận được hồ sơ đầy đủ, đúng quy định.", "2", Unit.WORKING_DAYS),
    # reductions 3584/QĐ-UBND
    ("03 ngày làm việc kể từ ngày nhận được hồ sơ", "3", Unit.WORKING_DAYS),
    # reductions 3643/QĐ-UBND
    ("30 ngày làm việc kể từ ngày nhận được đủ hồ sơ hợp lệ", "30", Unit.WORKING_DAYS),
    # reductions 3643/QĐ-UBND
    ("12 ngày làm việc kể từ ngày nhận được đủ hồ sơ hợp lệ", "12", Unit.WORKING_DAYS),
    # reductions 3643/QĐ-UBND
    ("20 ngày làm việc kể từ ngày nhận được đủ hồ sơ hợp lệ", "20", Unit.WORKING_DAYS),
    # reductions 3643/QĐ-UBND
    ("10 ngày làm việc kể từ ngày nhận được đủ hồ sơ hợp lệ", "10", Unit.WORKING_DAYS),
    # internal Bắc Ninh
    ("0,25 ngày làm việc", "0.25", Unit.WORKING_DAYS),
    # internal Bắc Ninh
    ("1 ngày làm việc", "1", Unit.WORKING_DAYS),
    # internal Bắc Ninh
    ("1,5 ngày làm việc", "1.5", Unit.WORKING_DAYS),
    # internal total Bắc Ninh
    (
        (
            "Tổng thời gian giải quyết TTHC: Không quá 05 ngày làm việc kể từ ngày "
            "nhận được văn bản đề xuất thực hiện dự án của nhà đầu tư."
        ),
        "5",
        Unit.WORKING_DAYS,
    ),
    # internal Nghệ An
    ("02 giờ làm việc", "2", Unit.WORKING_HOURS),
    # internal Nghệ An
    ("04 giờ làm việc", "4", Unit.WORKING_HOURS),
    # internal Nghệ An
    ("58 giờ làm việc", "58", Unit.WORKING_HOURS),
    # internal Nghệ An
    ("06 giờ làm việc", "6", Unit.WORKING_HOURS),
    # internal Nghệ An
    ("08 giờ làm việc", "8", Unit.WORKING_HOURS),
    # internal total Nghệ An
    (
        (
            "Theo quy định thời gian giải quyết trong trường hợp này là 80 giờ làm "
            "việc (tương đương 10 ngày làm việc) kể từ ngày nhận được hồ sơ đầy đủ "
            "và hợp lệ"
        ),
        "80",
        Unit.WORKING_HOURS,
    ),
    # internal total Hà Nội
    (
        "Tổng thời gian: 30 ngày làm việc kể từ ngày nhận đủ hồ sơ đề nghị hợp lệ.",
        "30",
        Unit.WORKING_DAYS,
    ),
    # internal Cao Bằng
    ("0,5 ngày làm việc", "0.5", Unit.WORKING_DAYS),
    # internal Cao Bằng
    ("07 ngày làm việc", "7", Unit.WORKING_DAYS),
    # internal Cao Bằng
    ("01 ngày làm việc", "1", Unit.WORKING_DAYS),
    # internal total Cao Bằng
    ("10 ngày làm việc", "10", Unit.WORKING_DAYS),
]


@pytest.mark.parametrize(("text", "value", "unit"), REAL_PHRASINGS)
def test_real_phrasings(text: str, value: str, unit: Unit) -> None:
    duration = parse_duration(text)
    assert (duration.value, duration.unit) == (Decimal(value), unit)


def test_the_table_is_large_enough() -> None:
    assert len({text for text, _, _ in REAL_PHRASINGS}) >= 40


# -- the phrasings the issue names ---------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("03 ngày làm việc", "3", Unit.WORKING_DAYS),
        ("60 Ngày làm việc", "60", Unit.WORKING_DAYS),
        ("15 ngày", "15", Unit.CALENDAR_DAYS),
        ("24 Giờ", "24", Unit.CLOCK_HOURS),
        ("04 giờ làm việc", "4", Unit.WORKING_HOURS),
        ("6 Tháng", "6", Unit.MONTHS),
        ("2,5 ngày làm việc", "2.5", Unit.WORKING_DAYS),
        ("1/2 ngày", "0.5", Unit.WORKING_DAYS),
        ("½ ngày làm việc", "0.5", Unit.WORKING_DAYS),
        ("Tối đa 70 ngày", "70", Unit.CALENDAR_DAYS),
        ("không quá 10 ngày", "10", Unit.CALENDAR_DAYS),
        ("0,25 ngày làm việc", "0.25", Unit.WORKING_DAYS),
        ("02 (hai) ngày làm việc", "2", Unit.WORKING_DAYS),
        ("KHÔNG QUÁ 10 NGÀY LÀM VIỆC", "10", Unit.WORKING_DAYS),
        ("trong ngày", "0", Unit.SAME_DAY),
        ("3 working days", "3", Unit.WORKING_DAYS),
        ("1 working day", "1", Unit.WORKING_DAYS),
        ("2.5 working hours", "2.5", Unit.WORKING_HOURS),
        ("24 hours", "24", Unit.CLOCK_HOURS),
        ("10 calendar days", "10", Unit.CALENDAR_DAYS),
        ("10 days", "10", Unit.CALENDAR_DAYS),
        ("1 month", "1", Unit.MONTHS),
        ("6 months", "6", Unit.MONTHS),
        ("same day", "0", Unit.SAME_DAY),
        ("Within 5 business days", "5", Unit.WORKING_DAYS),
        ("within the next working day", "1", Unit.WORKING_DAYS),
    ],
)
def test_named_phrasings(text: str, value: str, unit: Unit) -> None:
    duration = parse_duration(text)
    assert (duration.value, duration.unit) == (Decimal(value), unit)


def test_lead_in_is_dropped_and_qualifier_kept_as_note() -> None:
    duration = parse_duration("Trong thời hạn 08 ngày làm việc, kể từ ngày nhận đủ hồ sơ")
    assert duration == Duration.of(8, "working_days", "kể từ ngày nhận đủ hồ sơ")


def test_no_note_when_nothing_follows() -> None:
    assert parse_duration("Tối đa 70 ngày").note is None
    assert parse_duration("same day").note is None


def test_text_before_the_amount_is_kept_in_the_note() -> None:
    duration = parse_duration(
        "tối đa là 48 ngày (cắt giảm 12/60 ngày, tỷ lệ 20%) kể từ ngày nhận đủ hồ sơ"
    )
    assert duration.value == 48
    assert duration.note == "(cắt giảm 12/60 ngày, tỷ lệ 20%) kể từ ngày nhận đủ hồ sơ"
    described = parse_duration("Thời hạn thẩm định là 30 ngày")
    assert described.note == "Thời hạn thẩm định"


def test_same_day_keeps_the_cut_off_in_the_note() -> None:
    # Decision 2637/QĐ-UBND (Vĩnh Long), procedure 2.000913.000.00.00.H61.
    text = (
        "Thời hạn thực hiện yêu cầu chứng thực là ngay trong ngày cơ quan, tổ chức tiếp nhận "
        "yêu cầu hoặc trong ngày làm việc tiếp theo, nếu tiếp nhận yêu cầu sau 15 giờ."
    )
    duration = parse_duration(text)
    assert (duration.value, duration.unit) == (0, Unit.SAME_DAY)
    assert duration.note is not None
    assert "sau 15 giờ" in duration.note
    assert "trong ngày làm việc tiếp theo" in duration.note


def test_a_clock_time_is_not_an_amount() -> None:
    duration = parse_duration("nhận trước 15 giờ 30 thì trả sau 3 ngày làm việc")
    assert (duration.value, duration.unit) == (3, Unit.WORKING_DAYS)


def test_reduction_remark_is_kept_in_the_note() -> None:
    text = "02 ngày làm việc (cắt giảm 01/03 ngày làm việc, tỷ lệ 33,33%)"
    duration = parse_duration(text)
    assert (duration.value, duration.unit) == (2, Unit.WORKING_DAYS)
    assert duration.note == "(cắt giảm 01/03 ngày làm việc, tỷ lệ 33,33%)"


def test_pdf_broken_spacing() -> None:
    # Hải Phòng decision 3626/QĐ-UBND, procedure 2.001909, as extracted from the PDF.
    text = (
        "Trong th ời h ạn 10 ngày làm việc, k ể từ ngày ti ếp nh ận n ội dung khi ếu n ại, "
        "t ố cáo, ki ến nghị"
    )
    duration = parse_duration(text)
    assert (duration.value, duration.unit) == (10, Unit.WORKING_DAYS)
    assert duration.note == "kể từ ngày tiếp nhận nội dung khiếu nại, tố cáo, kiến nghị"


def test_normalize_joins_only_fragments_that_cannot_be_words() -> None:
    assert normalize_text("Trong  th ời\th ạn") == "Trong thời hạn"
    assert normalize_text("ng ày làm vi ệc") == "ngày làm việc"
    # Real words that start with a vowel stay apart.
    assert normalize_text("cho ăn khi ấy của Ủy ban") == "cho ăn khi ấy của Ủy ban"
    assert normalize_text("ở đó; điểm đ, e") == "ở đó; điểm đ, e"


def test_nfd_and_nfc_read_alike() -> None:
    nfc = "Trong thời hạn 08 ngày làm việc"
    nfd = unicodedata.normalize("NFD", nfc)
    assert nfd != nfc
    assert parse_duration(nfd) == parse_duration(nfc)


def test_bare_ngay_can_mean_working_days() -> None:
    # Internal process of 1.012644 (Hà Nội, QĐ 1594/QĐ-TTPVHCC) writes "16 ngày" in a
    # table that counts working days.
    assert parse_duration("16 ngày", day_unit=Unit.WORKING_DAYS) == Duration.of(16, "working_days")
    assert parse_duration("16 ngày") == Duration.of(16, "calendar_days")
    assert parse_duration("16 ngày làm việc", day_unit=Unit.CALENDAR_DAYS).unit is (
        Unit.WORKING_DAYS
    )


def test_equivalent_amounts_are_one_time() -> None:
    # Procedure 1.012644 (Hà Nội): the same time in days and in hours, then the total.
    text = (
        "Thời gian giải quyết: 30 ngày (Ngày làm việc) / 240 giờ (Giờ làm việc); Tổng thời "
        "gian: 30 ngày làm việc kể từ ngày nhận đủ hồ sơ đề nghị hợp lệ."
    )
    duration = parse_duration(text)
    assert (duration.value, duration.unit) == (30, Unit.WORKING_DAYS)
    assert duration.note is not None
    assert "240 giờ" in duration.note
    assert len(parse_cases(text)) == 1


# -- several cases -------------------------------------------------------------------------


def test_cases_by_channel() -> None:
    # Procedure 1.008504 on the national portal.
    text = (
        "Trực tuyến: 5 Ngày làm việc; Dịch vụ bưu chính: 5 Ngày làm việc; "
        "Trực tiếp: 7 Ngày làm việc"
    )
    cases = parse_cases(text)
    assert [(c.channel, c.duration.value, c.name) for c in cases] == [
        (Channel.ONLINE, 5, None),
        (Channel.POSTAL, 5, None),
        (Channel.IN_PERSON, 7, None),
    ]
    assert cases[1].text == "Dịch vụ bưu chính: 5 Ngày làm việc"


def test_cases_by_channel_with_different_units() -> None:
    # Procedure 3.000116 on the national portal.
    cases = parse_cases("Trực tuyến: 1 Ngày; Trực tiếp: 1 Giờ")
    assert cases == [
        ParsedCase(None, Channel.ONLINE, Duration.of(1, "calendar_days"), "Trực tuyến: 1 Ngày"),
        ParsedCase(None, Channel.IN_PERSON, Duration.of(1, "clock_hours"), "Trực tiếp: 1 Giờ"),
    ]


def test_named_cases() -> None:
    # Procedure 1.014466.H12 (Cà Mau, QĐ 01779/QĐ-UBND).
    text = (
        "- Trường hợp 1: Thời hạn thẩm định, công nhận kết quả thăm dò khoáng sản đối với "
        "khoáng sản nhóm I, nhóm II có quy mô phân tán, nhỏ lẻ tối đa là 48 ngày (cắt giảm "
        "12/60 ngày, tỷ lệ 20%) kể từ ngày nhận đủ hồ sơ đề nghị công nhận kết quả thăm dò "
        "khoáng sản hợp lệ; - Trường hợp 2: Thời hạn thẩm định, công nhận kết quả thăm dò "
        "khoáng sản đối với khoáng sản nhóm III tối đa là 36 ngày (cắt giảm 09/45 ngày, tỷ lệ "
        "20%) kể từ ngày nhận đủ hồ sơ đề nghị công nhận kết quả thăm dò khoáng sản hợp lệ."
    )
    cases = parse_cases(text)
    assert [(c.name, c.channel, c.duration.value, c.duration.unit) for c in cases] == [
        ("Trường hợp 1", None, 48, Unit.CALENDAR_DAYS),
        ("Trường hợp 2", None, 36, Unit.CALENDAR_DAYS),
    ]
    assert cases[0].text.startswith("Trường hợp 1: Thời hạn thẩm định")


def test_bulleted_cases() -> None:
    # Procedure 2.001770 (Cao Bằng, QĐ 1949/QĐ-UBND).
    text = (
        "- Trong thời hạn 45 ngày làm việc, kể từ ngày nhận đủ hồ sơ đề nghị cấp giấy phép. "
        "- Trong thời hạn 38 ngày làm việc, kể từ ngày nhận đủ hồ sơ đề nghị gia hạn, điều "
        "chỉnh giấy phép."
    )
    cases = parse_cases(text)
    assert [c.duration.value for c in cases] == [45, 38]
    assert (
        cases[1].duration.note == "kể từ ngày nhận đủ hồ sơ đề nghị gia hạn, điều chỉnh giấy phép."
    )


def test_one_case_a_line() -> None:
    cases = parse_cases("- Trực tuyến: 5 ngày làm việc\n- Trực tiếp: 7 ngày làm việc")
    assert [(c.channel, c.duration.value, c.text) for c in cases] == [
        (Channel.ONLINE, 5, "Trực tuyến: 5 ngày làm việc"),
        (Channel.IN_PERSON, 7, "Trực tiếp: 7 ngày làm việc"),
    ]


def test_a_single_time_is_one_case() -> None:
    assert parse_cases("60 Ngày làm việc") == [
        ParsedCase(None, None, Duration.of(60, "working_days"), "60 Ngày làm việc")
    ]


def test_sentences_without_an_amount_stay_with_their_case() -> None:
    cases = parse_cases("5 ngày làm việc. Lưu ý: trả kết quả tại Bộ phận một cửa")
    assert len(cases) == 1
    assert cases[0].duration.note == "Lưu ý: trả kết quả tại Bộ phận một cửa"


def test_parse_duration_refuses_several_cases() -> None:
    text = "Trực tuyến: 5 Ngày làm việc; Trực tiếp: 7 Ngày làm việc"
    with pytest.raises(DurationError) as info:
        parse_duration(text)
    assert f"“{text}”" in info.value.message("en")
    assert "holds 2 cases" in info.value.message("en")
    assert "parse_cases()" in info.value.message("en")
    assert "có 2 trường hợp" in info.value.message("vi")
    assert f"“{text}”" in info.value.message("vi")


# -- errors --------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["", "   ", "\n"])
def test_empty_text(text: str) -> None:
    with pytest.raises(DurationError) as info:
        parse_duration(text)
    assert "Empty processing time" in info.value.message("en")
    assert "Thời hạn giải quyết trống" in info.value.message("vi")


@pytest.mark.parametrize(
    "text",
    # "Giờ hành chính" and "Không tính thời gian" are real step times that count nothing.
    [
        "Giờ hành chính",
        "Không tính thời gian",
        "Không thực hiện cắt giảm",
        "5 tuần",
        "ngày làm việc",
    ],
)
def test_unreadable_text(text: str) -> None:
    with pytest.raises(DurationError) as info:
        parse_duration(text)
    assert f"Cannot read the processing time “{text}”" in info.value.message("en")
    assert f"Không đọc được thời hạn giải quyết “{text}”" in info.value.message("vi")


def test_long_text_is_quoted_shortened() -> None:
    text = "không có thời hạn " * 30
    with pytest.raises(DurationError) as info:
        parse_duration(text)
    assert "“không có thời hạn không có thời hạn" in info.value.message("en")
    assert "…”" in info.value.message("en")


def test_an_amount_beyond_100_years_is_refused() -> None:
    with pytest.raises(DurationError) as info:
        parse_duration("Trong thời hạn 1000000 ngày làm việc")
    assert info.value.message("en") == (
        "Invalid processing time “Trong thời hạn 1000000 ngày làm việc”: value 1000000 is more "
        "than 26000 working days (100 years), longer than any processing time; check for a typo."
    )
    assert "giá trị 1000000 vượt quá 26000 ngày làm việc (100 năm)" in info.value.message("vi")


def test_invalid_amount_for_the_unit() -> None:
    with pytest.raises(DurationError) as info:
        parse_duration("1,5 tháng")
    assert "Invalid processing time “1,5 tháng”" in info.value.message("en")
    assert "months must be a whole number" in info.value.message("en")
    assert "Thời hạn “1,5 tháng” không hợp lệ" in info.value.message("vi")


@pytest.mark.parametrize("fraction", ["1/3", "2/3", "1/6", "5/6", "1/7"])
def test_inexact_fraction(fraction: str) -> None:
    # 2/3, 1/6 and 5/6 slipped through a multiply-back check that rounding fooled
    with pytest.raises(DurationError) as info:
        parse_duration(f"{fraction} ngày làm việc")
    assert (
        f"“{fraction} ngày làm việc”: the fraction {fraction} has no exact decimal value"
        in info.value.message("en")
    )
    assert "không có giá trị thập phân chính xác" in info.value.message("vi")


@pytest.mark.parametrize(("fraction", "value"), [("1/2", "0.5"), ("3/4", "0.75"), ("1/8", "0.125")])
def test_exact_fraction(fraction: str, value: str) -> None:
    assert parse_duration(f"{fraction} ngày làm việc").value == Decimal(value)


def test_zero_denominator() -> None:
    with pytest.raises(DurationError) as info:
        parse_duration("1/0 ngày làm việc")
    assert "the fraction 1/0 divides by zero" in info.value.message("en")
    assert "có mẫu số 0" in info.value.message("vi")


# Texts whose amount is not what a scan of digits next to a unit would find: each must be
# refused, quoting the text, never read as another number ("1e9 giờ" is not 9 hours).
_GLUED = ("“{token}” is not a number", "“{token}” không phải một số")
_SIGNED = ("the number “{token}” carries a sign", "số “{token}” có dấu")
_STRAY = (
    "several numbers stand before the unit (“{token}”)",
    "có nhiều số liền nhau trước đơn vị (“{token}”)",
)
MISREADS: list[tuple[str, str, tuple[str, str]]] = [
    ("1e9 giờ làm việc", "1e9", _GLUED),
    ("1E+9 ngày", "1E+9", _GLUED),
    ("2,5e3 giờ", "2,5e3", _GLUED),
    ("1.000.000 ngày làm việc", "1.000.000", _GLUED),
    ("3.5.2 ngày", "3.5.2", _GLUED),
    ("abc3 ngày", "abc3", _GLUED),
    ("x-3 ngày", "x-3", _GLUED),
    # A later readable amount must not be read instead of the refused one.
    ("1e9 giờ hoặc 5 ngày", "1e9", _GLUED),
    ("-3 ngày làm việc", "-3", _SIGNED),
    ("\u22123 ngày", "\u22123", _SIGNED),  # minus sign
    ("–3 ngày", "–3", _SIGNED),  # en dash, typeset as a minus
    ("+3 ngày", "+3", _SIGNED),
    ("Trong thời hạn -10 ngày làm việc", "-10", _SIGNED),
    ("2024 3 ngày làm việc", "2024 3", _STRAY),
    ("3 - 5 ngày", "3 - 5", _STRAY),
    ("3-5 ngày làm việc", "3-5", _STRAY),
    ("3 đến 5 ngày", "3 đến 5", _STRAY),
    ("3 or 5 working days", "3 or 5", _STRAY),
    ("1½ ngày", "1½", _STRAY),
    # A reduction written as one sentence is refused too, but never with a misread number.
    ("từ 10 ngày làm việc còn 1e9 ngày làm việc", "1e9", _GLUED),
    # A bullet separates, but a sign or a fraction bar after it still glues.
    ("•-3 ngày", "-3", _SIGNED),
    ("1/2/4 ngày", "1/2/4", _GLUED),
    ("x_3 ngày", "x_3", _GLUED),
    # The amount is the time read (it comes before the same-day phrase): it is checked.
    ("1e9 giờ, trong ngày", "1e9", _GLUED),
    # After a numbered case label the amount is checked as in any other case.
    ("Trường hợp 1 - 3 - 5 ngày", "3 - 5", _STRAY),
    ("Trường hợp 1 - 1e9 ngày", "1e9", _GLUED),
]


@pytest.mark.parametrize(("text", "token", "messages"), MISREADS)
def test_misreads_are_refused(text: str, token: str, messages: tuple[str, str]) -> None:
    en, vi = (m.format(token=token) for m in messages)
    for read in (parse_duration, parse_cases):
        with pytest.raises(DurationError) as info:
            read(text)
        assert f"Processing time “{text}”: {en}" in info.value.message("en")
        assert f"Thời hạn “{text}”: {vi}" in info.value.message("vi")


def test_a_misread_case_is_refused_with_its_channel_text() -> None:
    text = "Trực tuyến: -5 Ngày làm việc; Trực tiếp: 7 Ngày làm việc"
    with pytest.raises(DurationError) as info:
        parse_cases(text)
    assert "the number “-5” carries a sign" in info.value.message("en")
    assert f"“{text}”" in info.value.message("en")


@pytest.mark.parametrize(
    ("text", "value"),
    [
        # Separators that are not glue: a label colon, a bracket, a comma between clauses.
        ("Trực tuyến:5 ngày làm việc", "5"),
        ("(05 ngày làm việc)", "5"),
        ("Điều 5, 3 ngày làm việc", "3"),
        ("- 3 ngày làm việc", "3"),
    ],
)
def test_separated_numbers_still_read(text: str, value: str) -> None:
    assert parse_cases(text)[0].duration.value == Decimal(value)


# Texts the start check must not refuse: the number is read whole, or it is not the time
# the text is read as (it stands in the note after a same-day phrase, or it names a case).
READ_NOT_REFUSED: list[tuple[str, Duration]] = [
    # The same-day phrase comes first and wins; the range after it is only its note.
    (
        "Trong ngày (không quá 8-10 giờ làm việc)",
        Duration.of(0, "same_day", "Trong ngày (không quá 8-10 giờ làm việc)"),
    ),
    (
        "Trong ngày hoặc 01-02 ngày làm việc nếu phải xác minh",
        Duration.of(0, "same_day", "Trong ngày hoặc 01-02 ngày làm việc nếu phải xác minh"),
    ),
    (
        "trong ngày, tối đa 2-3 giờ làm việc",
        Duration.of(0, "same_day", "trong ngày, tối đa 2-3 giờ làm việc"),
    ),
    # A list bullet or an ellipsis before the number separates, it does not glue.
    ("*05 ngày làm việc", Duration.of(5, "working_days")),
    ("•05 ngày làm việc", Duration.of(5, "working_days")),
    ("• 05 ngày làm việc", Duration.of(5, "working_days")),
    ("…3 ngày làm việc", Duration.of(3, "working_days", "…")),
    # A numbered label names the one case; its number is not the amount.
    ("Trường hợp 7 - 03 ngày làm việc", Duration.of(3, "working_days")),
]


@pytest.mark.parametrize(("text", "expected"), READ_NOT_REFUSED)
def test_read_not_refused(text: str, expected: Duration) -> None:
    assert parse_duration(text) == expected
    [case] = parse_cases(text)
    assert case.duration == expected


# Numbered case labels written with a dash (or an en dash) instead of a colon.
DASH_LABELLED_CASES: list[tuple[str, list[tuple[str, Duration, str]]]] = [
    (
        "Trường hợp 1 - 03 ngày làm việc; Trường hợp 2 - 05 ngày làm việc",
        [
            ("Trường hợp 1", Duration.of(3, "working_days"), "Trường hợp 1 - 03 ngày làm việc"),
            ("Trường hợp 2", Duration.of(5, "working_days"), "Trường hợp 2 - 05 ngày làm việc"),
        ],
    ),
    (
        "Trường hợp 1 – 03 ngày làm việc; Trường hợp 2 – 05 ngày làm việc",
        [
            ("Trường hợp 1", Duration.of(3, "working_days"), "Trường hợp 1 – 03 ngày làm việc"),
            ("Trường hợp 2", Duration.of(5, "working_days"), "Trường hợp 2 – 05 ngày làm việc"),
        ],
    ),
    (
        "- Trường hợp 1 – 03 ngày làm việc. - Trường hợp 2 – 05 ngày làm việc kể từ ngày "
        "nhận đủ hồ sơ",
        [
            ("Trường hợp 1", Duration.of(3, "working_days"), "Trường hợp 1 – 03 ngày làm việc."),
            (
                "Trường hợp 2",
                Duration.of(5, "working_days", "kể từ ngày nhận đủ hồ sơ"),
                "Trường hợp 2 – 05 ngày làm việc kể từ ngày nhận đủ hồ sơ",
            ),
        ],
    ),
    (
        "Case 1 - 3 working days; Case 2 - 12 working hours",
        [
            ("Case 1", Duration.of(3, "working_days"), "Case 1 - 3 working days"),
            ("Case 2", Duration.of(12, "working_hours"), "Case 2 - 12 working hours"),
        ],
    ),
    # The colon form, for comparison: the same cases.
    (
        "Trường hợp 1: 03 ngày làm việc; Trường hợp 2: 05 ngày làm việc",
        [
            ("Trường hợp 1", Duration.of(3, "working_days"), "Trường hợp 1: 03 ngày làm việc"),
            ("Trường hợp 2", Duration.of(5, "working_days"), "Trường hợp 2: 05 ngày làm việc"),
        ],
    ),
]


@pytest.mark.parametrize(("text", "expected"), DASH_LABELLED_CASES)
def test_dash_labelled_cases(text: str, expected: list[tuple[str, Duration, str]]) -> None:
    cases = parse_cases(text)
    assert [(c.name, c.duration, c.text) for c in cases] == expected
    assert all(c.channel is None for c in cases)
    # parse_duration refuses several cases, naming each, as for any other text with cases.
    with pytest.raises(DurationError) as info:
        parse_duration(text)
    listed = "; ".join(f"{name}: {duration}" for name, duration, _ in expected)
    assert info.value.message("en") == (
        f"The processing time “{text}” holds {len(expected)} cases ({listed}); read it with "
        "parse_cases() and list each case under processing_time."
    )
    assert f"Thời hạn “{text}” có {len(expected)} trường hợp ({listed})" in (
        info.value.message("vi")
    )


@pytest.mark.parametrize("label", range(1, 13))
def test_a_case_label_number_is_never_the_amount(label: int) -> None:
    text = f"Trường hợp {label} - 04 giờ làm việc; Trường hợp {label + 1} – 2,5 ngày làm việc"
    cases = parse_cases(text)
    assert [(c.name, c.duration) for c in cases] == [
        (f"Trường hợp {label}", Duration.of(4, "working_hours")),
        (f"Trường hợp {label + 1}", Duration.of(Decimal("2.5"), "working_days")),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A channel ending a longer label: the label names the case and gives its channel.
        (
            "Nộp hồ sơ trực tuyến: 5 ngày làm việc",
            [("Nộp hồ sơ trực tuyến", Channel.ONLINE, Duration.of(5, "working_days"))],
        ),
        (
            "Hồ sơ trực tuyến: 5 ngày; Hồ sơ trực tiếp: 7 ngày",
            [
                ("Hồ sơ trực tuyến", Channel.ONLINE, Duration.of(5, "calendar_days")),
                ("Hồ sơ trực tiếp", Channel.IN_PERSON, Duration.of(7, "calendar_days")),
            ],
        ),
        # A label that names two channels gives neither: the name says which.
        (
            "- Trường hợp nộp hồ sơ trực tiếp hoặc qua bưu chính công ích: 5 ngày làm việc; "
            "- Trường hợp nộp hồ sơ qua dịch vụ công trực tuyến: 3 ngày làm việc",
            [
                (
                    "Trường hợp nộp hồ sơ trực tiếp hoặc qua bưu chính công ích",
                    None,
                    Duration.of(5, "working_days"),
                ),
                (
                    "Trường hợp nộp hồ sơ qua dịch vụ công trực tuyến",
                    Channel.ONLINE,
                    Duration.of(3, "working_days"),
                ),
            ],
        ),
    ],
)
def test_a_channel_inside_a_longer_label(
    text: str, expected: list[tuple[str, Channel | None, Duration]]
) -> None:
    # These used to crash the splitter (IndexError) instead of being read.
    assert [(c.name, c.channel, c.duration) for c in parse_cases(text)] == expected


def test_a_label_text_without_a_time_is_refused_not_crashed() -> None:
    # The fees cell of procedure 1.004122 (Cao Bằng), read as a time by mistake: two labels
    # that end in channels, and no time at all.
    text = (
        "- Trường hợp nộp hồ sơ trực tiếp hoặc qua bưu chính công ích: Theo Nghị quyết số "
        "22/2025/NQ-HĐND; - Trường hợp nộp hồ sơ qua dịch vụ công trực tuyến: giảm 50 % mức phí"
    )
    with pytest.raises(DurationError) as info:
        parse_cases(text)
    assert "Cannot read the processing time “- Trường hợp nộp hồ sơ" in info.value.message("en")
    assert "Không đọc được thời hạn giải quyết “- Trường hợp nộp hồ sơ" in info.value.message("vi")


_MISSPELT = [
    (
        "3 ngày lam viec",
        "ngày lam viec",
        "ngày làm việc",
        " (read as written, it is a bare “ngày” (calendar days) with a note)",
        " (đọc như đã viết, đây là “ngày” (ngày theo lịch) kèm ghi chú)",
    ),
    ("3 ngày làm viêc", "ngày làm viêc", "ngày làm việc", "", ""),
    ("7 Ngày làm viêc", "Ngày làm viêc", "ngày làm việc", "", ""),
    ("3 ngày lảm việc", "ngày lảm việc", "ngày làm việc", "", ""),
    ("3 ngày làm viẹc", "ngày làm viẹc", "ngày làm việc", "", ""),
    ("3 ngày làmviệc", "ngày làmviệc", "ngày làm việc", "", ""),
    ("3 ngay lam viec", "ngay lam viec", "ngày làm việc", ".", "."),
    ("30 ngày (Ngày lam viec)", "Ngày lam viec", "ngày làm việc", "", ""),
    ("Trong ngày lam viec tiếp theo", "ngày lam viec", "ngày làm việc", "", ""),
    (
        "4 giờ lam viec",
        "giờ lam viec",
        "giờ làm việc",
        " (read as written, it is a bare “giờ” (clock hours) with a note)",
        "",
    ),
    ("4 gio lam viec", "gio lam viec", "giờ làm việc", ".", "."),
    (
        "Trực tuyến: 5 ngày làm việc; Trực tiếp: 7 ngày lam viec",
        "ngày lam viec",
        "ngày làm việc",
        "",
        "",
    ),
]


@pytest.mark.parametrize(
    ("text", "written", "expected", "note_en", "note_vi"), _MISSPELT, ids=[r[0] for r in _MISSPELT]
)
def test_a_misspelt_working_unit_is_refused(
    text: str, written: str, expected: str, note_en: str, note_vi: str
) -> None:
    # Read as written, "3 ngày lam viec" would silently be 3 calendar days.
    for parse in (parse_duration, parse_cases):
        with pytest.raises(DurationError) as info:
            parse(text)
        en, vi = info.value.message("en"), info.value.message("vi")
        assert (
            f"Processing time “{text}”: the unit “{written}” is misspelt. Write “{expected}”; "
            "tthc does not guess the unit" + note_en in en
        )
        assert (
            f"Thời hạn “{text}”: đơn vị “{written}” viết sai chính tả. Hãy ghi “{expected}”; "
            "tthc không đoán đơn vị" + note_vi in vi
        )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3 NGÀY LÀM VIỆC", Duration.of(3, "working_days")),
        ("3 Ngày Làm Việc", Duration.of(3, "working_days")),
        ("3 ngày làm  việc", Duration.of(3, "working_days")),
        ("4 GIỜ LÀM VIỆC", Duration.of(4, "working_hours")),
        # Outside unit position the words are a note, spelt as they are.
        ("10 ngày làm việc kể từ ngay lam viec dau tien", Duration.of(10, "working_days")),
    ],
)
def test_a_well_spelt_working_unit_reads(text: str, expected: Duration) -> None:
    assert parse_duration(text).without_note() == expected


_LAM = st.sampled_from(["lam", "làm", "lảm", "lám", "lạm", "lãm", "LÀM", "Làm"])
_VIEC = st.sampled_from(["viec", "việc", "viêc", "viẹc", "viếc", "việc", "VIỆC", "Việc", "vịec"])


@settings(max_examples=150)
@given(
    st.integers(min_value=1, max_value=99),
    st.sampled_from(["ngày", "Ngày", "ngay"]),
    _LAM,
    _VIEC,
    st.sampled_from([" ", "  ", ""]),
)
def test_lam_viec_reads_only_when_spelt_right(
    amount: int, day: str, lam: str, viec: str, gap: str
) -> None:
    # Whatever the diacritics, the text reads as working days or is refused: never as
    # calendar days.
    text = f"{amount} {day} {lam}{gap}{viec}"
    quoted = f"“{' '.join(text.split())}”"  # messages quote the text with its spacing normalized
    try:
        duration = parse_duration(text)
    except DurationError as exc:
        assert quoted in exc.message("en") and quoted in exc.message("vi")
    else:
        assert duration.without_note() == Duration.of(amount, "working_days")
        assert (day.lower(), lam.lower(), viec.lower()) == ("ngày", "làm", "việc") and gap


_WRITTEN = st.sampled_from(["{:f}", "{:e}", "{:E}", "{!s}", "{:+f}", "{:.2e}", "{:+e}"])
_UNIT_WORDS = st.sampled_from(["ngày làm việc", "giờ làm việc", "Giờ", "working days", "ngày"])


@settings(max_examples=200)
@given(
    st.decimals(min_value=-(10**7), max_value=10**7, places=3, allow_nan=False),
    _WRITTEN,
    _UNIT_WORDS,
)
def test_a_written_number_is_read_whole_or_refused(value: Decimal, written: str, unit: str) -> None:
    # Signs, exponents and digit groups: the text is refused, or read as exactly its number.
    text = f"{written.format(value)} {unit}"
    try:
        duration = parse_duration(text)
    except DurationError as exc:
        assert f"“{text}”" in exc.message("en")
        assert f"“{text}”" in exc.message("vi")
    else:
        assert duration.value == value


@settings(max_examples=100)
@given(
    st.integers(min_value=0, max_value=9999),
    st.sampled_from([" ", "-", " - ", " – ", " đến ", " tới ", " hoặc ", " to "]),
    st.integers(min_value=0, max_value=999),
    _UNIT_WORDS,
)
def test_a_number_before_the_amount_is_refused(
    first: int, between: str, amount: int, unit: str
) -> None:
    text = f"Trong thời hạn {first}{between}{amount} {unit}"
    with pytest.raises(DurationError) as info:
        parse_duration(text)
    assert f"“{text}”" in info.value.message("en")
    if not (between == " đến " and "iờ" in unit):  # "đến 5 giờ" is a time of day, no amount
        assert "several numbers stand before the unit" in info.value.message("en")


def test_a_reduction_is_not_one_time() -> None:
    # Đồng Nai QĐ 2816/QĐ-UBND writes the cut as one sentence.
    text = (
        "Giảm thời gian giải quyết thủ tục hành chính từ 10 ngày làm việc còn 09 ngày làm việc "
        "kể từ ngày nhận được hồ sơ hợp lệ"
    )
    with pytest.raises(DurationError) as info:
        parse_duration(text)
    assert "states a reduction (from 10 to 09)" in info.value.message("en")
    assert "parse_reduction_remark()" in info.value.message("en")
    assert "ghi một lần cắt giảm (từ 10 còn 09)" in info.value.message("vi")


def test_the_package_face_offers_the_parser() -> None:
    import tthc

    assert tthc.parse_duration is parse_duration
    assert tthc.parse_duration("03 ngày làm việc") == Duration.of(3, "working_days")


# -- reduction remarks ---------------------------------------------------------------------


def test_reduction_remark_cut_of_legal() -> None:
    remark = parse_reduction_remark(
        "Trong thời hạn 02 ngày làm việc (cắt giảm 01/03 ngày làm việc, tỷ lệ 33,33%) kể từ "
        "ngày nhận đủ hồ sơ hợp lệ."
    )
    assert remark == ReductionRemark(Decimal(1), Decimal(3), Decimal("33.33"))


def test_reduction_remark_from_to() -> None:
    remark = parse_reduction_remark("Cắt giảm thời gian giải quyết từ 24 ngày xuống 22 ngày")
    assert remark == ReductionRemark(Decimal(2), Decimal(24), None)
    fractional = parse_reduction_remark("từ 05 ngày làm việc còn 2,5 ngày làm việc")
    assert fractional == ReductionRemark(Decimal("2.5"), Decimal(5), None)


@pytest.mark.parametrize(
    ("text", "token"),
    [
        ("từ 10 ngày làm việc còn 1e9 ngày làm việc", "1e9"),
        ("Cắt giảm thời gian giải quyết từ 24 ngày xuống 22x ngày", "22x"),
        ("cắt giảm 01/03e5 ngày làm việc", "03e5"),
    ],
)
def test_a_glued_number_in_a_reduction_remark_is_refused(text: str, token: str) -> None:
    # Read as "còn 1", the cut would be 9: a misread, so the text is refused instead.
    with pytest.raises(DurationError) as info:
        parse_reduction_remark(text)
    assert f"Processing time “{text}”: “{token}” is not a number" in info.value.message("en")
    assert f"Thời hạn “{text}”: “{token}” không phải một số" in info.value.message("vi")


def test_a_reduction_remark_may_end_a_sentence() -> None:
    remark = parse_reduction_remark("Cắt giảm thời gian giải quyết từ 24 ngày xuống 22.")
    assert remark == ReductionRemark(Decimal(2), Decimal(24), None)


def test_no_reduction_remark() -> None:
    assert (
        parse_reduction_remark("Trong thời hạn 22 ngày làm việc, kể từ ngày nhận đủ hồ sơ.") is None
    )


# -- round trip ----------------------------------------------------------------------------


@st.composite
def durations(draw: st.DrawFn) -> Duration:
    unit = draw(st.sampled_from(list(Unit)))
    top = MAX_VALUE[unit]  # up to the longest time a Duration may state
    if unit is Unit.SAME_DAY:
        value = Decimal(0)
    elif unit in (Unit.MONTHS, Unit.CALENDAR_DAYS):
        value = Decimal(draw(st.integers(min_value=0, max_value=int(top))))
    else:
        value = draw(st.decimals(min_value=0, max_value=top, places=4, allow_nan=False))
    note = draw(st.none() | st.text(max_size=20))
    return Duration(value=value, unit=unit, note=note)


@settings(max_examples=200)
@given(durations())
def test_round_trip_vietnamese(duration: Duration) -> None:
    assert parse_duration(duration.text("vi")) == duration.without_note()


@settings(max_examples=200)
@given(durations())
def test_round_trip_english(duration: Duration) -> None:
    assert parse_duration(duration.text("en")) == duration.without_note()


# -- robustness ----------------------------------------------------------------------------

_PIECES = st.sampled_from(
    [
        *"0123456789 ,./:;-()½%\n",
        "ngày",
        "làm việc",
        "giờ",
        "tháng",
        "trong",
        "Trực tuyến",
        "Trực tiếp",
        "Trường hợp 1",
        "cắt giảm",
        "từ",
        "còn",
        "xuống",
        "tỷ lệ",
        "sau",
        "th",
        "ời",
        "working",
        "days",
        "same day",
        "kể từ",
        "tiếp theo",
        "Đ",
    ]
)


@settings(max_examples=200, deadline=None)  # a shared machine: no timing in tests
@given(st.lists(_PIECES, max_size=25).map("".join) | st.text(max_size=40))
def test_any_text_reads_or_raises_duration_error(text: str) -> None:
    for read in (parse_cases, parse_duration, parse_reduction_remark):
        try:
            read(text)
        except DurationError as exc:
            assert exc.message("en") and exc.message("vi")


def test_long_repetitive_text_is_read() -> None:
    # As long as the limit allows (MAX_TEXT_LENGTH); longer texts are refused.
    assert parse_duration("trong " * 330 + "5 ngày") == Duration.of(5, "calendar_days")
    assert len(parse_cases("Trực tuyến: 5 ngày; " * 99)) == 99


# -- a text that gives several times -------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "times_en", "times_vi"),
    [
        (
            "Trong thời hạn 10 ngày làm việc. Trường hợp phức tạp 20 ngày làm việc",
            "two times: 10 ngày làm việc and 20 ngày làm việc",
            "hai thời hạn: 10 ngày làm việc và 20 ngày làm việc",
        ),
        (
            "Trong thời hạn 10 ngày làm việc kể từ ngày nhận đủ hồ sơ; trường hợp cần xác minh "
            "thì không quá 15 ngày làm việc",
            "two times: 10 ngày làm việc and 15 ngày làm việc",
            "hai thời hạn: 10 ngày làm việc và 15 ngày làm việc",
        ),
        (
            "10 ngày làm việc (trường hợp phức tạp: 20 ngày làm việc)",
            "two times: 10 ngày làm việc and 20 ngày làm việc",
            "hai thời hạn: 10 ngày làm việc và 20 ngày làm việc",
        ),
        (
            "Không quá 30 ngày, phức tạp có thể kéo dài nhưng không quá 45 ngày",
            "two times: 30 ngày and 45 ngày",
            "hai thời hạn: 30 ngày và 45 ngày",
        ),
        # The same number in another unit is another time.
        ("20 Ngày (tối đa 20 ngày làm việc)", "two times: 20 Ngày and 20 ngày làm việc", None),
        ("10 ngày, 15 ngày hoặc 20 ngày", "3 times: 10 ngày, 15 ngày and 20 ngày", None),
        ("10 ngày làm việc hoặc 1e9 giờ", "two times: 10 ngày làm việc and 1e9 giờ", None),
    ],
)
def test_a_text_with_several_times_is_refused(
    text: str, times_en: str, times_vi: str | None
) -> None:
    # Reading the first time and keeping the others in the note would drop them silently.
    for parse in (parse_duration, parse_cases):
        with pytest.raises(DurationError) as info:
            parse(text)
        en, vi = info.value.message("en"), info.value.message("vi")
        assert en.startswith(f"Processing time “{text}”: the text gives {times_en}; which one ")
        assert "Record them as cases" in en
        assert vi.startswith(f"Thời hạn “{text}” ghi ")
        assert "Hãy ghi mỗi thời hạn thành một trường hợp" in vi
        if times_vi is not None:
            assert f"ghi {times_vi}; không rõ áp dụng thời hạn nào" in vi


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # One time with qualifiers: fine.
        (
            "Trong thời hạn 08 ngày làm việc, kể từ ngày nhận đủ hồ sơ",
            Duration.of(8, "working_days"),
        ),
        # The same time said twice, in another unit.
        ("80 giờ làm việc (tương đương 10 ngày làm việc)", Duration.of(80, "working_hours")),
        ("30 ngày làm việc / 240 giờ làm việc", Duration.of(30, "working_days")),
        # A breakdown of the time into parts.
        (
            "05 ngày làm việc (trong đó: 03 ngày tại Sở, 02 ngày tại UBND tỉnh)",
            Duration.of(5, "working_days"),
        ),
        # A date, a time of day, a cut.
        ("10 ngày làm việc, nộp trước ngày 15 tháng 12", Duration.of(10, "working_days")),
        (
            "01 ngày làm việc; hồ sơ nhận sau 15 giờ thì trả trước 11 giờ",
            Duration.of(1, "working_days"),
        ),
        ("10 ngày làm việc, giảm 2 ngày so với quy định", Duration.of(10, "working_days")),
        ("02 ngày làm việc, cắt giảm 01/03 ngày làm việc", Duration.of(2, "working_days")),
        # A time left out of the count (public posting) is not a second time.
        (
            "15 ngày làm việc (không kể thời gian 30 ngày niêm yết)",
            Duration.of(15, "working_days"),
        ),
        (
            "10 ngày làm việc (không tính thời gian niêm yết 15 ngày)",
            Duration.of(10, "working_days"),
        ),
        # A same-day time keeps its wording whole, ranges included (documented).
        ("Trong ngày hoặc 01-02 ngày làm việc nếu phải xác minh", Duration.of(0, "same_day")),
    ],
)
def test_one_time_with_other_figures_reads(text: str, expected: Duration) -> None:
    assert parse_duration(text).without_note() == expected


def test_several_times_labelled_as_cases_read_as_cases() -> None:
    cases = parse_cases("Trong thời hạn 10 ngày làm việc. Trường hợp phức tạp: 20 ngày làm việc")
    assert [(c.name, c.duration.without_note()) for c in cases] == [
        (None, Duration.of(10, "working_days")),
        ("Trường hợp phức tạp", Duration.of(20, "working_days")),
    ]


@settings(max_examples=100)
@given(
    st.integers(min_value=1, max_value=500),
    st.integers(min_value=1, max_value=500),
    st.sampled_from(["ngày làm việc", "ngày", "giờ làm việc", "tháng"]),
    st.sampled_from([". Trường hợp phức tạp ", ", trường hợp phức tạp không quá ", " hoặc "]),
)
def test_a_second_time_is_never_dropped(first: int, second: int, unit: str, between: str) -> None:
    text = f"Trong thời hạn {first} {unit}{between}{second} {unit}"
    try:
        duration = parse_duration(text)
    except DurationError as exc:
        assert first != second
        assert f"{first} {unit} and {second} {unit}" in exc.message("en")
    else:
        assert first == second and duration.value == first


def test_an_excluded_time_does_not_hide_a_second_time() -> None:
    # the exclusion covers its own clause only
    text = (
        "10 ngày làm việc (không tính thời gian niêm yết 15 ngày). "
        "Trường hợp phức tạp 20 ngày làm việc"
    )
    with pytest.raises(DurationError) as info:
        parse_duration(text)
    assert "two times: 10 ngày làm việc and 20 ngày làm việc" in info.value.message("en")


def test_a_bullet_without_an_amount_joins_the_case_before_it_keeping_its_channel() -> None:
    text = (
        "- Trực tuyến: 5 ngày làm việc kể từ ngày nhận đủ hồ sơ\n"
        "- Trả kết quả qua bưu chính\n"
        "- Trực tiếp: 7 ngày làm việc"
    )
    online, in_person = parse_cases(text)
    # the middle bullet has no amount: it is part of the online case, its note merged
    # after the note already read, the channel kept
    assert online == ParsedCase(
        None,
        Channel.ONLINE,
        Duration.of(5, "working_days", note="kể từ ngày nhận đủ hồ sơ - Trả kết quả qua bưu chính"),
        "Trực tuyến: 5 ngày làm việc kể từ ngày nhận đủ hồ sơ - Trả kết quả qua bưu chính",
    )
    assert in_person == ParsedCase(
        None, Channel.IN_PERSON, Duration.of(7, "working_days"), "Trực tiếp: 7 ngày làm việc"
    )
    # a case without a note of its own gets the sentence alone as its note
    first, _ = parse_cases(
        "- Trực tuyến: 5 ngày làm việc\n- Lưu ý: trả kết quả qua bưu chính\n"
        "- Trực tiếp: 7 ngày làm việc"
    )
    assert first.channel is Channel.ONLINE
    assert first.duration.note == "Lưu ý: trả kết quả qua bưu chính"
    assert first.text == "Trực tuyến: 5 ngày làm việc - Lưu ý: trả kết quả qua bưu chính"


def test_a_sentence_without_an_amount_stays_with_a_named_case() -> None:
    text = (
        "Trường hợp 1: 03 ngày làm việc; trả kết quả tại Bộ phận một cửa; "
        "Trường hợp 2: 05 ngày làm việc"
    )
    first, second = parse_cases(text)
    assert (first.name, first.channel, first.duration.value) == ("Trường hợp 1", None, 3)
    assert first.duration.note == "trả kết quả tại Bộ phận một cửa"
    assert first.text == "Trường hợp 1: 03 ngày làm việc; trả kết quả tại Bộ phận một cửa"
    assert (second.name, second.duration.value, second.duration.note) == ("Trường hợp 2", 5, None)


def test_a_labelled_sentence_without_an_amount_between_cases_is_kept_as_a_note() -> None:
    # "Lưu ý: ..." has a label but no amount: like an unlabelled sentence, it qualifies the
    # case before it (as "Trường hợp trả kết quả ... thì ... phải có phiếu hẹn" follows the
    # time in the published chứng thực texts), label and all; it used to be dropped when
    # the text held more than one case.
    for separator in (". ", "; "):
        text = (
            f"Trường hợp 1: 03 ngày làm việc{separator}Lưu ý: trả kết quả tại Bộ phận một cửa"
            f"{separator}Trường hợp 2: 05 ngày làm việc"
        )
        first, second = parse_cases(text)
        assert (first.name, first.duration.value, first.duration.unit) == (
            "Trường hợp 1",
            3,
            Unit.WORKING_DAYS,
        )
        assert first.duration.note == "Lưu ý: trả kết quả tại Bộ phận một cửa" + separator.strip(
            "; "
        )
        assert first.text.endswith("Lưu ý: trả kết quả tại Bộ phận một cửa" + separator.strip("; "))
        assert (second.name, second.duration.value, second.duration.note) == (
            "Trường hợp 2",
            5,
            None,
        )
    # with channels too
    online, in_person = parse_cases(
        "Trực tuyến: 5 ngày làm việc; Lưu ý: trả kết quả qua bưu chính; Trực tiếp: 7 ngày làm việc"
    )
    assert (online.channel, online.duration.note) == (
        Channel.ONLINE,
        "Lưu ý: trả kết quả qua bưu chính",
    )
    assert (in_person.channel, in_person.duration.value, in_person.duration.note) == (
        Channel.IN_PERSON,
        7,
        None,
    )


# 1.014466.H12 (Cà Mau, Công nhận kết quả thăm dò khoáng sản): its two cases as published,
# "- Trường hợp 1: ...; - Trường hợp 2: ...", and the same list written one item a line
# (a cell's line breaks become spaces), with no ";" before the second bullet.
_MINERALS_1 = (
    "- Trường hợp 1: Thời hạn thẩm định, công nhận kết quả thăm dò khoáng sản đối với khoáng sản "
    "nhóm I, nhóm II có quy mô phân tán, nhỏ lẻ tối đa là 48 ngày (cắt giảm 12/60 ngày, tỷ lệ "
    "20%) kể từ ngày nhận đủ hồ sơ đề nghị công nhận kết quả thăm dò khoáng sản hợp lệ"
)
_MINERALS_2 = (
    "- Trường hợp 2: Thời hạn thẩm định, công nhận kết quả thăm dò khoáng sản đối với khoáng sản "
    "nhóm III tối đa là 36 ngày (cắt giảm 09/45 ngày, tỷ lệ 20%) kể từ ngày nhận đủ hồ sơ đề "
    "nghị công nhận kết quả thăm dò khoáng sản hợp lệ."
)

#: An item with no amount, from a published internal process (quy trình nội bộ, Bước 1 of
#: a vocational-education procedure): "Trường hợp" without a label's colon.
_INCOMPLETE = (
    "Trường hợp hồ sơ chưa đầy đủ hoặc không hợp lệ thì hướng dẫn bổ sung, hoàn thiện hồ sơ "
    "vào Phiếu yêu cầu bổ sung"
)


@pytest.mark.parametrize(
    "text",
    [
        f"{_MINERALS_1}; {_MINERALS_2}",  # as published
        f"{_MINERALS_1}\n{_MINERALS_2}",  # one item a line
        # an item without an amount between the cases, itself opening with "Trường hợp"
        # (the item as an internal process of the same kind prints it: _INCOMPLETE)
        f"{_MINERALS_1}\n- {_INCOMPLETE}\n{_MINERALS_2}",
    ],
    ids=["published", "one-a-line", "amount-less-bullet-between"],
)
def test_bulleted_case_labels_start_cases_without_a_semicolon(text: str) -> None:
    first, second = parse_cases(text)
    assert (first.name, first.duration.value, first.duration.unit) == (
        "Trường hợp 1",
        48,
        Unit.CALENDAR_DAYS,
    )
    assert (second.name, second.duration.value, second.duration.unit) == (
        "Trường hợp 2",
        36,
        Unit.CALENDAR_DAYS,
    )
    assert second.text.startswith("Trường hợp 2: Thời hạn thẩm định")
    if _INCOMPLETE in text:
        # the amount-less item qualifies the case before it
        assert first.duration.note is not None
        assert first.duration.note.endswith(f"- {_INCOMPLETE}")
        assert _INCOMPLETE not in (second.duration.note or "")


def test_a_real_amount_less_bullet_after_a_case_stays_with_it() -> None:
    # 2.000986 (liên thông khai sinh - thường trú - thẻ BHYT), the portal's description as
    # published, cut at 500 characters: the third bullet has no amount and belongs to
    # the second (the extension of 02 working days).
    text = (
        "- Thời hạn thực hiện liên thông các thủ tục hành chính đăng ký khai sinh, đăng ký "
        "thường trú, cấp thẻ bảo hiểm y tế cho trẻ em dưới 6 tuổi tối đa không quá 20 ngày làm "
        "việc, kể từ ngày nộp đủ hồ sơ theo quy định. \n- Trường hợp hồ sơ, thông tin chưa đầy "
        "đủ hoặc chưa đúng quy định mà Bộ phận tiếp nhận và trả kết quả của Ủy ban nhân dân cấp "
        "xã phải hoàn thiện hồ sơ, bổ sung thông tin theo yêu cầu của cơ quan Công an, cơ quan "
        "Bảo hiểm xã hội thì thời hạn giải quyết được kéo dài thêm không quá 02 ngày làm việc."
        "\n- Đối với các xã cách xa trụ sở cơ quan Bảo hiểm xã hội cấp huyện hoặc cơ quan Công "
        "an c"
    )
    main, extension = parse_cases(text)
    assert (main.duration.value, main.duration.unit) == (20, Unit.WORKING_DAYS)
    assert (extension.duration.value, extension.duration.unit) == (2, Unit.WORKING_DAYS)
    assert extension.duration.note is not None
    assert extension.duration.note.endswith(
        "Đối với các xã cách xa trụ sở cơ quan Bảo hiểm xã hội cấp huyện hoặc cơ quan Công an c"
    )


# -- hostile input: bounded work, escaped messages -----------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "1" * 4000,  # a run of digits: every start used to re-scan the run (quadratic)
        "1" * 4000 + " ngày",
        "a" + "!" * 4000 + "ế x",
        "Trong thời hạn 03 ngày làm việc. " * 100,
    ],
)
def test_a_text_over_the_limit_is_refused_before_any_pattern_runs(text: str) -> None:
    from tthc.durationtext import MAX_TEXT_LENGTH

    assert len(text) > MAX_TEXT_LENGTH
    with pytest.raises(DurationError) as info:
        parse_cases(text)
    message = info.value.message("en")
    assert f"limit of {MAX_TEXT_LENGTH}" in message
    assert len(message) < 400  # the message quotes the start of the text, not all of it
    with pytest.raises(DurationError):
        parse_reduction_remark(text)


def test_ten_times_the_text_is_refused_with_the_same_message_size() -> None:
    """The work on n and 10n characters: both are refused after one length check."""
    from tthc.durationtext import MAX_TEXT_LENGTH

    sizes = []
    for n in (MAX_TEXT_LENGTH + 1, 10 * (MAX_TEXT_LENGTH + 1)):
        with pytest.raises(DurationError) as info:
            parse_duration("9" * n)
        sizes.append(len(info.value.message("en")))
    assert abs(sizes[0] - sizes[1]) <= 1


def test_a_long_real_text_within_the_limit_is_still_read() -> None:
    text = "Trong thời hạn 03 ngày làm việc, kể từ ngày nhận đủ hồ sơ hợp lệ " + "x" * 1800
    assert parse_duration(text).value == 3


def test_a_run_of_digits_is_read_or_refused_whole() -> None:
    assert parse_duration("1" * 3 + " ngày làm việc").value == 111
    with pytest.raises(DurationError):
        parse_duration("1" * 1900)  # no unit: refused
    with pytest.raises(DurationError):
        parse_duration("1" * 1900 + " ngày")  # over the largest time: refused


def test_messages_escape_control_characters_of_the_text() -> None:
    with pytest.raises(DurationError) as info:
        parse_duration("abc\x1b[2J\u2028::error file=a::x")
    message = info.value.message("en")
    assert "\x1b" not in message and "\u2028" not in message and "\n" not in message
    with pytest.raises(DurationError) as info:
        parse_duration("\n\n")
    assert "\n" not in info.value.message("en")


def _calls(text: str) -> int:
    """Function calls (Python and C, regex methods included) made by parse_cases(text)."""
    import sys

    count = 0

    def profile(frame: object, event: str, arg: object) -> None:
        nonlocal count
        if event in ("call", "c_call"):
            count += 1

    sys.setprofile(profile)
    try:
        parse_cases(text)
    finally:
        sys.setprofile(None)
    return count


@pytest.mark.parametrize(
    "item",
    [
        "- Trường hợp {i}: 03 ngày làm việc ",  # a case label after each bullet
        "- Trường hợp {i}: 03 ngày làm việc - Lưu ý: trả kết quả ",  # and amount-less items
        "Trường hợp {i}: 03 ngày làm việc. Lưu ý: x. ",
    ],
)
def test_the_work_on_ten_times_the_cases_is_about_ten_times(item: str) -> None:
    """The work on n and 10n cases (within the length limit) grows tenfold, not a hundredfold."""
    small = "".join(item.format(i=i) for i in range(1, 4))
    large = "".join(item.format(i=i) for i in range(1, 31))
    assert len(large) < 2000
    assert len(parse_cases(large)) == 30
    assert _calls(large) <= 12 * _calls(small)
