"""Tests of the procedure models (tthc.model)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from tthc.catalog import load_catalog
from tthc.errors import CatalogError
from tthc.model import Case, CaseLookupError, Channel, Duration, Level, Procedure, total_step_hours
from tthc.model import Step as ProcessStep


def days(n: int) -> dict[str, Any]:
    return {"value": n, "unit": "working_days"}


def make(**overrides: Any) -> Procedure:
    # Synthetic procedure: the code 9.999001 is deliberately not a real one.
    data: dict[str, Any] = {
        "code": "9.999001",
        "name": "Thủ tục thử nghiệm (synthetic)",
        "field": "thu-nghiem",
        "levels": ["province"],
        "processing_time": [{"time": {"value": 3, "unit": "working_days"}}],
    }
    data.update(overrides)
    return Procedure.model_validate(data)


@pytest.mark.parametrize(
    "code",
    ["2.000815", "1.004227", "1.000948.H38", "2.000815.000.00.00.H55", "1.014464.H12"],
)
def test_code_shapes_seen_on_portals_are_accepted(code: str) -> None:
    assert make(code=code).code == code


@pytest.mark.parametrize(
    "code", ["2000815", "2.00081", "x.000815", "1.014464. H12", "1.000948.h38", ""]
)
def test_bad_code_is_rejected_with_the_shape_in_the_message(code: str) -> None:
    with pytest.raises(ValidationError, match=r"d\.dddddd"):
        make(code=code)


def test_models_are_immutable() -> None:
    procedure = make()
    with pytest.raises(ValidationError):
        procedure.name = "khác"  # type: ignore[misc]


def test_unknown_keys_are_rejected() -> None:
    with pytest.raises(ValidationError, match=r"Extra inputs"):
        make(colour="red")


def test_at_least_one_case_and_one_level_are_required() -> None:
    with pytest.raises(ValidationError, match="processing_time"):
        make(processing_time=[])
    with pytest.raises(ValidationError, match="levels"):
        make(levels=[])


def test_bad_code_message_quotes_the_code_and_the_shape_in_both_languages() -> None:
    with pytest.raises(ValidationError) as info:
        make(code="12.34")
    (error,) = info.value.errors()
    assert error["loc"] == ("code",)
    assert error["msg"] == (
        "procedure code '12.34' is not shaped d.dddddd (e.g. '2.000815'), optionally followed "
        "by local suffixes of 1 to 6 digits or capital letters "
        "(e.g. '1.000948.H38', '2.000815.000.00.00.H55')"
    )
    assert error["ctx"]["vi"] == (
        "mã thủ tục '12.34' không có dạng d.dddddd (ví dụ '2.000815'), có thể kèm hậu tố địa "
        "phương gồm 1 đến 6 chữ số hoặc chữ in hoa (ví dụ '1.000948.H38', "
        "'2.000815.000.00.00.H55')"
    )


def test_bad_code_message_cuts_a_long_code_and_keeps_its_braces() -> None:
    # Braces in the input must not be read as placeholders of the message template.
    with pytest.raises(ValidationError) as info:
        make(code="{vi}" + "x" * 200)
    (error,) = info.value.errors()
    assert error["msg"].startswith("procedure code '{vi}xxx")
    assert "x… is not shaped d.dddddd" in error["msg"]
    assert len(error["msg"]) < 250
    assert error["ctx"]["vi"].startswith("mã thủ tục '{vi}xxx")


def test_bad_code_is_a_finding_at_the_code_in_both_languages(tmp_path: Path) -> None:
    # Synthetic catalog: the code 9.99 is deliberately not a real one (nor a valid shape).
    (tmp_path / "procedures").mkdir()
    (tmp_path / "fields.yaml").write_text("- {id: thu-nghiem, name: Thử nghiệm}\n")
    (tmp_path / "agencies.yaml").write_text("[]\n")
    (tmp_path / "procedures" / "9.99.yaml").write_text(
        "name: Thủ tục thử nghiệm (synthetic)\n"
        "code: '9.99'\n"
        "field: thu-nghiem\n"
        "levels: [province]\n"
        "processing_time:\n"
        "- time: {value: 3, unit: working_days}\n",
        encoding="utf-8",
    )
    with pytest.raises(CatalogError) as info:
        load_catalog(tmp_path)
    (finding,) = info.value.problems
    assert (finding.rule, finding.line, finding.column) == ("TT101", 2, 7)
    assert finding.message.en.startswith(
        "'code': procedure code '9.99' is not shaped d.dddddd (e.g. '2.000815')"
    )
    assert finding.message.vi.startswith(
        "'code': mã thủ tục '9.99' không có dạng d.dddddd (ví dụ '2.000815')"
    )


def test_validity_dates_must_be_ordered() -> None:
    with pytest.raises(ValidationError) as info:
        make(valid_from="2025-07-01", valid_until="2025-01-01")
    (error,) = info.value.errors()
    assert error["msg"] == (
        "valid_until 2025-01-01 is before valid_from 2025-07-01: a record cannot stop being "
        "in force before it starts; fix either date"
    )
    assert error["ctx"]["vi"] == (
        "valid_until 2025-01-01 trước valid_from 2025-07-01: bản ghi không thể hết hiệu lực "
        "trước khi có hiệu lực; sửa một trong hai ngày"
    )
    make(valid_from="2025-07-01", valid_until="2025-07-01")  # one day in force is fine
    procedure = make(valid_from="2025-07-01", valid_until="2025-12-31")
    assert procedure.is_valid_on(date(2025, 8, 1))
    assert not procedure.is_valid_on(date(2025, 6, 30))
    assert not procedure.is_valid_on(date(2026, 1, 1))


def test_yaml_float_becomes_exact_decimal() -> None:
    procedure = make(processing_time=[{"time": {"value": 2.5, "unit": "working_days"}}])
    assert procedure.time_for().time.value == Decimal("2.5")


def test_effective_time_is_committed_when_present() -> None:
    case = Case(time=Duration.of(4, "working_days"), committed=Duration.of("2.5", "working_days"))
    assert case.effective == Duration.of("2.5", "working_days")
    assert Case(time=Duration.of(4, "working_days")).effective.value == 4


def test_time_for_by_channel_and_case_name() -> None:
    procedure = make(
        processing_time=[
            {
                "name": "đã có thông tin",
                "channel": "online",
                "time": {"value": 5, "unit": "working_days"},
            },
            {
                "name": "đã có thông tin",
                "channel": "in_person",
                "time": {"value": 7, "unit": "working_days"},
            },
            {
                "name": "chưa có thông tin",
                "channel": "online",
                "time": {"value": 30, "unit": "working_days"},
            },
        ]
    )
    assert procedure.time_for(case="đã có", channel=Channel.ONLINE).time.value == 5
    assert procedure.time_for(case="chưa", channel="online").time.value == 30
    assert procedure.time_for(case="đã có thông tin", channel="in_person").time.value == 7


def test_time_for_ambiguous_and_missing_cases_explain_themselves() -> None:
    procedure = make(
        processing_time=[
            {"name": "Trường hợp 1", "time": {"value": 48, "unit": "calendar_days"}},
            {"name": "Trường hợp 2", "time": {"value": 36, "unit": "calendar_days"}},
        ]
    )
    with pytest.raises(CaseLookupError) as ambiguous:
        procedure.time_for()
    # The hint reads right for the API (case=) and the command line (--case); the cases
    # differ by name only, so it does not offer the channel.
    assert ambiguous.value.message("en") == (
        "Procedure 9.999001 has 2 matching cases; choose one by case name (case; on the "
        "command line: --case). Cases: 'Trường hợp 1', 'Trường hợp 2'"
    )
    assert ambiguous.value.message("vi") == (
        "Thủ tục 9.999001 có 2 trường hợp khớp; hãy chọn một theo tên trường hợp (case; dòng "
        "lệnh: --case). Các trường hợp: 'Trường hợp 1', 'Trường hợp 2'"
    )
    with pytest.raises(CaseLookupError) as missing:
        procedure.time_for(case="Trường hợp 3")
    assert missing.value.message("en") == (
        "Procedure 9.999001: no case matches the case name 'Trường hợp 3'. "
        "Cases: 'Trường hợp 1', 'Trường hợp 2'"
    )
    assert "không có trường hợp nào khớp tên trường hợp 'Trường hợp 3'" in (
        missing.value.message("vi")
    )


def test_time_for_cases_by_channel_offer_the_channel() -> None:
    procedure = make(
        processing_time=[
            {"channel": "online", "time": days(5)},
            {"channel": "in_person", "time": days(7)},
        ]
    )
    with pytest.raises(CaseLookupError) as ambiguous:
        procedure.time_for()
    message = ambiguous.value.message("en")
    assert "or channel (channel; on the command line: --channel)" in message
    assert message.endswith("Cases: - (online), - (in_person)")
    assert "hoặc kênh nộp (channel; dòng lệnh: --channel)" in ambiguous.value.message("vi")
    assert procedure.time_for(channel="online").time == Duration.of(5, "working_days")
    with pytest.raises(CaseLookupError) as missing:
        procedure.time_for(channel="postal", case="x")
    assert "no case matches the case name 'x' and the channel postal" in (
        missing.value.message("en")
    )
    assert "không có trường hợp nào khớp tên trường hợp 'x' và kênh postal" in (
        missing.value.message("vi")
    )


def test_levels_accept_every_level() -> None:
    assert make(levels=["central", "province"]).levels == (Level.CENTRAL, Level.PROVINCE)


def test_total_step_hours_skips_uncounted_steps_and_refuses_inexact_ones() -> None:
    steps = (
        ProcessStep(name="Bước 1", time=Duration.of("0.5", "working_days")),
        ProcessStep(name="Bước 2", time=Duration.of(4, "working_hours")),
        ProcessStep(name="Bước 3", time=None, time_text="Giờ hành chính"),
    )
    assert total_step_hours(steps) == Decimal(8)
    assert total_step_hours((ProcessStep(time=Duration.of(2, "calendar_days")),)) is None


def test_negative_fee_and_counts_are_rejected() -> None:
    with pytest.raises(ValidationError):
        make(fees=[{"amount_vnd": -1}])
    with pytest.raises(ValidationError):
        make(dossier=[{"name": "Tờ khai", "copies": -1}])


def test_a_bad_duration_value_is_located_at_the_value(tmp_path: Path) -> None:
    # Synthetic catalog: the code 9.999001 is deliberately not a real one.
    (tmp_path / "procedures").mkdir()
    (tmp_path / "fields.yaml").write_text("- {id: thu-nghiem, name: Thử nghiệm}\n")
    (tmp_path / "agencies.yaml").write_text("[]\n")
    (tmp_path / "procedures" / "9.999001.yaml").write_text(
        "code: '9.999001'\n"
        "name: Thủ tục thử nghiệm (synthetic)\n"
        "field: thu-nghiem\n"
        "levels: [province]\n"
        "processing_time:\n"
        "- time:\n"
        "    value: -3\n"
        "    unit: working_days\n",
        encoding="utf-8",
    )
    with pytest.raises(CatalogError) as info:
        load_catalog(tmp_path)
    (finding,) = info.value.problems
    assert (finding.rule, finding.line, finding.column) == ("TT101", 7, 12)
    assert finding.message.en.startswith(
        "'processing_time[0].time.value': value must not be negative"
    )


@pytest.mark.parametrize(
    ("level", "vi", "en"),
    [
        (Level.CENTRAL, "Cấp trung ương", "Central"),
        (Level.PROVINCE, "Cấp tỉnh", "Province"),
        (Level.COMMUNE, "Cấp xã", "Commune"),
        (Level.DISTRICT, "Cấp huyện", "District"),
    ],
)
def test_level_label_in_each_language(level: Level, vi: str, en: str) -> None:
    assert (level.label("vi"), level.label("en")) == (vi, en)


@pytest.mark.parametrize(
    ("field", "value", "vi", "en"),
    [
        (
            "annual_volume",
            12.0,
            "cần một số nguyên, không phải số thập phân 12.0; YAML đọc 12.000 thành 12.0 (dấu "
            "chấm là dấu thập phân): muốn ghi 12 nghìn thì viết 12000 (không có dấu phân cách)",
            "expected a whole number, not the decimal number 12.0; YAML reads 12.000 as 12.0 "
            "(the dot is a decimal point): for 12 thousand write 12000 (no separator)",
        ),
        (
            "annual_volume",
            0.5,
            "cần một số nguyên, không phải số thập phân 0.5",
            "expected a whole number, not the decimal number 0.5",
        ),
        (
            "annual_volume",
            "10.000",
            "cần một số nguyên, không phải chuỗi văn bản '10.000'; muốn ghi 10 nghìn thì viết "
            "10000 (không dấu nháy, không dấu phân cách)",
            "expected a whole number, not the text '10.000'; for 10 thousand write 10000 "
            "(no quotes, no separator)",
        ),
        (
            "annual_volume",
            "1.500.000",
            "cần một số nguyên, không phải chuỗi văn bản '1.500.000'; muốn ghi 1 500 000 thì viết "
            "1500000 (không dấu nháy, không dấu phân cách)",
            "expected a whole number, not the text '1.500.000'; for 1 500 000 write 1500000 "
            "(no quotes, no separator)",
        ),
        (
            "annual_volume",
            "12",
            "cần một số nguyên, không phải chuỗi văn bản '12'; viết chữ số, không dấu nháy",
            "expected a whole number, not the text '12'; write digits, no quotes",
        ),
        (
            "annual_volume",
            True,
            "cần một số nguyên, không phải giá trị đúng/sai",
            "expected a whole number, not a true/false value",
        ),
    ],
)
def test_counts_and_amounts_take_whole_numbers_only(
    field: str, value: object, vi: str, en: str
) -> None:
    # Lax pydantic stored 10.0 (YAML's 10.000), '10.000' and true as 10, 10 and 1.
    with pytest.raises(ValidationError) as info:
        make(**{field: value})
    (error,) = info.value.errors()
    assert error["loc"] == (field,)
    assert (error["ctx"]["vi"], error["msg"]) == (vi, en)


@pytest.mark.parametrize(
    "overrides",
    [
        {"fees": [{"amount_vnd": 10.0}]},
        {"dossier": [{"name": "Tờ khai", "originals": 1.0}]},
        {"dossier": [{"name": "Tờ khai", "copies": 2.0}]},
        {"annual_volume": 12.0},
    ],
)
def test_every_count_and_amount_refuses_a_float(overrides: dict[str, Any]) -> None:
    with pytest.raises(ValidationError) as info:
        make(**overrides)
    assert [e["type"] for e in info.value.errors()] == ["whole_number_float"]


def test_whole_numbers_still_load() -> None:
    procedure = make(
        fees=[{"amount_vnd": 10000}],
        dossier=[{"name": "Tờ khai", "originals": 1, "copies": 0}],
        annual_volume=12000,
    )
    assert procedure.fees[0].amount_vnd == 10000
    assert (procedure.dossier[0].originals, procedure.dossier[0].copies) == (1, 0)
    assert procedure.annual_volume == 12000


def test_whole_number_types_other_than_int_are_taken() -> None:
    # A data frame gives numpy integers; they are whole numbers, not floats.
    numpy = pytest.importorskip("numpy")
    procedure = make(annual_volume=numpy.int64(120), fees=[{"amount_vnd": numpy.int32(5000)}])
    assert procedure.annual_volume == 120 and type(procedure.annual_volume) is int
    assert procedure.fees[0].amount_vnd == 5000
    with pytest.raises(ValidationError) as info:
        make(annual_volume=numpy.float64(12.0))
    assert info.value.errors()[0]["type"] == "whole_number_float"
