"""One test per national validation rule: a synthetic file that breaks it.

Every procedure here is synthetic: codes 9.999xxx are deliberately not real, and the
fields, agencies and legal documents are made up.
"""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest

from tthc.catalog import Catalog
from tthc.config import Config
from tthc.national.validation import NATIONAL_RULES
from tthc.rules import Rules
from tthc.validation import Finding, Severity

GOOD = Path(__file__).parents[1] / "fixtures" / "catalogs" / "good"

# Synthetic minimal procedure; line numbers below count from the first line.
BASE = """\
code: '9.999101'
name: Thủ tục thử nghiệm
field: thu-nghiem
levels: [province]
processing_time:
  - time: {value: 3, unit: working_days}
"""


def catalog_with(tmp_path: Path, files: dict[str, str], *, remove: tuple[str, ...] = ()) -> Path:
    root = tmp_path / "catalog"
    shutil.copytree(GOOD, root)
    for name in remove:
        (root / name).unlink()
    for name, text in files.items():
        target = root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(textwrap.dedent(text), encoding="utf-8")
    return root


def check(root: Path, code: str | None = None, **config: object) -> list[Finding]:
    rules = Rules(Config(**config), load_entry_points=False)  # type: ignore[arg-type]
    found = rules.validate(Catalog.load(root))
    return [f for f in found if code is None or f.rule == code]


def only(findings: list[Finding]) -> Finding:
    assert len(findings) == 1, findings
    return findings[0]


def test_the_good_fixture_is_clean() -> None:
    assert check(GOOD) == []


def test_every_rule_has_a_bilingual_title_and_explanation() -> None:
    codes = [rule.code for rule in NATIONAL_RULES]
    assert codes == sorted(set(codes))
    for rule in NATIONAL_RULES:
        assert rule.code.startswith("TT")
        for text in (rule.title, rule.explanation):
            assert text.vi and text.en and text.vi != text.en


# -- TT1xx -------------------------------------------------------------------------------


def test_tt100_yaml_error_is_reported_with_its_line(tmp_path: Path) -> None:
    root = catalog_with(tmp_path, {"procedures/9.999101.yaml": BASE + "name: again\n"})
    finding = only(check(root, "TT100"))
    assert (finding.line, finding.column) == (7, 1)
    assert finding.severity is Severity.ERROR
    assert "duplicate key 'name' (first at line 2)" in finding.message.en
    assert finding.path.endswith("9.999101.yaml")


def test_tt101_schema_error_points_at_the_value(tmp_path: Path) -> None:
    text = BASE.replace("levels: [province]", "levels: [provinse]")
    root = catalog_with(tmp_path, {"procedures/9.999101.yaml": text})
    finding = only(check(root, "TT101"))
    assert (finding.line, finding.column) == (4, 10)
    assert "'levels[0]'" in finding.message.en and "provinse" in finding.message.en
    assert finding.procedure == "9.999101"


def test_tt101_one_finding_per_schema_error(tmp_path: Path) -> None:
    text = BASE.replace("name: Thủ tục thử nghiệm\n", "").replace("value: 3", "value: ba")
    root = catalog_with(tmp_path, {"procedures/9.999101.yaml": text})
    findings = check(root, "TT101")
    assert [(f.line, f.message.en.split(":")[0]) for f in findings] == [
        (1, "'name'"),
        (5, "'processing_time[0].time.value'"),
    ]
    assert "Field required" in findings[0].message.en
    assert "thiếu trường bắt buộc" in findings[0].message.vi


def test_tt101_unknown_key_suggests_the_field(tmp_path: Path) -> None:
    root = catalog_with(tmp_path, {"procedures/9.999101.yaml": BASE + "legal_basiss: []\n"})
    finding = only(check(root, "TT101"))
    assert (finding.line, finding.column) == (7, 1)
    assert finding.hint is not None and "'legal_basis'" in finding.hint.en


def test_tt101_unquoted_code_read_as_a_number_gets_a_hint(tmp_path: Path) -> None:
    text = BASE.replace("code: '9.999101'", "code: 9.999100")
    root = catalog_with(tmp_path, {"procedures/9.999100.yaml": text})
    finding = only(check(root, "TT101"))
    assert finding.line == 1
    assert finding.hint is not None and "quotes" in finding.hint.en


def test_tt101_cannot_be_disabled(tmp_path: Path) -> None:
    text = "# tthc: disable=TT101\n" + BASE.replace("levels: [province]", "levels: []")
    root = catalog_with(tmp_path, {"procedures/9.999101.yaml": text})
    assert only(check(root, "TT101", disable=frozenset({"TT101"}))).line == 5


def test_tt102_file_name_must_be_the_code(tmp_path: Path) -> None:
    root = catalog_with(tmp_path, {"procedures/9.999199.yaml": BASE})
    finding = only(check(root, "TT102"))
    assert (finding.line, finding.column) == (1, 7)
    assert "'9.999199.yaml' but the procedure code is '9.999101'" in finding.message.en


def test_tt103_unknown_code_in_a_disable_comment(tmp_path: Path) -> None:
    text = "# tthc: disable=TT104,TT999\n" + BASE
    root = catalog_with(tmp_path, {"procedures/9.999101.yaml": text})
    finding = only(check(root, "TT103"))
    assert finding.line == 1 and "TT999" in finding.message.en
    assert check(root, "TT104") == []  # the known code is still disabled


def test_tt103_unknown_directive(tmp_path: Path) -> None:
    root = catalog_with(tmp_path, {"procedures/9.999101.yaml": BASE + "# tthc: enable=TT104\n"})
    finding = only(check(root, "TT103"))
    assert finding.line == 7 and "not understood" in finding.message.en


def test_tt104_lists_what_decree_63_requires(tmp_path: Path) -> None:
    root = catalog_with(tmp_path, {"procedures/9.999101.yaml": BASE})
    finding = only(check(root, "TT104"))
    assert finding.severity is Severity.WARNING
    assert finding.line == 1
    assert "steps; channels; dossier components; subjects; implementing agencies" in (
        finding.message.en
    )


def test_tt104_message_and_hint_are_whole_sentences_in_both_languages(tmp_path: Path) -> None:
    text = BASE + "channels: [in_person]\nsubjects: [Công dân]\nagency_text: Cơ quan A\n"
    root = catalog_with(tmp_path, {"procedures/9.999101.yaml": text})
    finding = only(check(root, "TT104"))
    assert finding.message.en == (
        "missing information that Decree 63/2010/NĐ-CP art. 8 requires: steps; dossier "
        "components; results; legal basis"
    )
    assert finding.message.vi == (
        "thiếu thông tin mà Nghị định 63/2010/NĐ-CP điều 8 yêu cầu: trình tự thực hiện; thành "
        "phần, số lượng hồ sơ; kết quả thực hiện; căn cứ pháp lý"
    )
    assert finding.hint is not None
    assert finding.hint.en == (
        "Add them from the published source (steps, dossier, results, legal_basis). If the "
        "source does not give them, leave them out and name the keys in 'notes', for example "
        "'Not in the source: steps, dossier, results, legal_basis.'; the warning then stops. "
        "Never invent them."
    )
    assert finding.hint.vi == (
        "Bổ sung từ nguồn công bố (steps, dossier, results, legal_basis). Nếu nguồn không có, "
        "để trống và ghi tên khoá vào 'notes', ví dụ 'Nguồn không có: steps, dossier, results, "
        "legal_basis.'; khi đó không còn cảnh báo. Đừng tự đặt ra."
    )


def test_tt104_keys_named_in_notes_are_not_reported(tmp_path: Path) -> None:
    # What the hint asks for: the gap is left empty and explained in notes.
    notes = "notes: 'Không có trong nguồn: trình tự (steps), kết quả (results), legal_basis.'\n"
    root = catalog_with(tmp_path, {"procedures/9.999101.yaml": BASE + notes})
    finding = only(check(root, "TT104"))
    assert finding.message.en.endswith(
        ": channels; dossier components; subjects; implementing agencies"
    )
    assert finding.message.vi.endswith(
        ": cách thức thực hiện; thành phần, số lượng hồ sơ; đối tượng thực hiện; cơ quan thực hiện"
    )
    assert finding.hint is not None and "(channels, dossier, subjects, agencies)" in finding.hint.en
    # Every gap named (agency_text stands for the implementing agency): no warning.
    notes = (
        "notes: |\n"
        "  Not in the source: steps, results, legal_basis.\n"
        "  Also left out (channels, dossier, subjects, agency_text).\n"
    )
    root = catalog_with(tmp_path / "all", {"procedures/9.999101.yaml": BASE + notes})
    assert check(root, "TT104") == []


def test_tt104_a_word_that_only_contains_a_key_does_not_count(tmp_path: Path) -> None:
    notes = "notes: 'substeps, dossiers, pre_results, source.channels'\n"
    root = catalog_with(tmp_path, {"procedures/9.999101.yaml": BASE + notes})
    finding = only(check(root, "TT104"))
    assert "steps; channels; dossier components; subjects" in finding.message.en


def test_tt104_explanation_says_how_notes_answer_it() -> None:
    (rule,) = [r for r in NATIONAL_RULES if r.code == "TT104"]
    assert (
        "If the source lacks them, leave them empty and name the keys in notes, for example "
        "'Not in the source: steps, dossier.': a key that notes names (as written in the file, "
        "in lower case) is no longer reported. Never invent them." in rule.explanation.en
    )
    assert (
        "Nếu nguồn không có, để trống và ghi tên khoá vào notes, ví dụ 'Nguồn không có: steps, "
        "dossier.': khoá nào notes nêu tên (đúng như viết trong tệp, chữ thường) thì không bị "
        "cảnh báo nữa. Đừng tự đặt ra." in rule.explanation.vi
    )


def test_tt105_two_cases_that_cannot_be_told_apart(tmp_path: Path) -> None:
    text = BASE + "  - time: {value: 5, unit: working_days}\n"
    root = catalog_with(tmp_path, {"procedures/9.999101.yaml": text})
    finding = only(check(root, "TT105"))
    assert (finding.line, finding.column) == (7, 5)
    assert finding.message.en == "case (unnamed) (channel -) repeats processing_time[0]"
    assert finding.message.vi == "trường hợp (không tên) (kênh -) trùng với processing_time[0]"


# -- TT2xx -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "agencies",
    ["", "agencies: {co-quan-a: A}\n", "- id: co-quan-a\n  name: [A\n"],
    ids=["empty", "not-a-list", "broken-yaml"],
)
def test_a_registry_that_cannot_be_read_is_one_finding_not_one_per_reference(
    tmp_path: Path, agencies: str
) -> None:
    # The registry's own error is reported; references to it are not checked (as when
    # the file is missing), instead of every procedure getting a TT202 of its own.
    root = catalog_with(tmp_path, {"agencies.yaml": agencies})
    findings = check(root)
    assert [f.rule for f in findings if f.path.endswith("agencies.yaml")] in (["TT100"], ["TT101"])
    assert [f for f in findings if not f.path.endswith("agencies.yaml")] == []


def test_a_registry_entry_with_an_error_still_defines_its_id(tmp_path: Path) -> None:
    fields = "- id: thu-nghiem\n- id: thu-nghiem-2\n  name: B\n  nam_en: typo\n"
    root = catalog_with(tmp_path, {"fields.yaml": fields})
    findings = check(root)
    assert [(f.rule, f.line) for f in findings] == [("TT101", 1), ("TT101", 4)]
    assert all(f.path.endswith("fields.yaml") for f in findings)


def test_tt201_unknown_field_suggests_close_ids(tmp_path: Path) -> None:
    text = BASE.replace("field: thu-nghiem", "field: thu-nghiem-3")
    root = catalog_with(tmp_path, {"procedures/9.999101.yaml": text})
    finding = only(check(root, "TT201"))
    assert (finding.line, finding.column) == (3, 8)
    assert "field 'thu-nghiem-3' is not in fields.yaml" in finding.message.en
    assert finding.hint is not None and "'thu-nghiem-2'" in finding.hint.en


def test_tt202_unknown_agency(tmp_path: Path) -> None:
    text = BASE + "agencies: [co-quan-a, co-quan-x]\n"
    root = catalog_with(tmp_path, {"procedures/9.999101.yaml": text})
    finding = only(check(root, "TT202"))
    assert (finding.line, finding.column) == (7, 23)
    assert "agency 'co-quan-x' is not in agencies.yaml" in finding.message.en


def test_tt203_duplicate_code_across_files(tmp_path: Path) -> None:
    text = BASE.replace("9.999101", "9.999001")
    root = catalog_with(tmp_path, {"procedures/sub/9.999001.yaml": text})
    finding = only(check(root, "TT203"))
    assert finding.path.endswith("sub/9.999001.yaml") and finding.line == 1
    assert "code 9.999001 is already defined in" in finding.message.en
    assert "procedures/9.999001.yaml:2" in finding.message.en


def test_tt204_duplicate_registry_id(tmp_path: Path) -> None:
    fields = (
        "- id: thu-nghiem\n  name: A\n- id: thu-nghiem-2\n  name: B\n- id: thu-nghiem\n  name: C\n"
    )
    root = catalog_with(tmp_path, {"fields.yaml": fields})
    finding = only(check(root, "TT204"))
    assert finding.path.endswith("fields.yaml") and finding.line == 5
    assert "id 'thu-nghiem' is repeated (first at line 1)" in finding.message.en


def test_tt205_missing_registry(tmp_path: Path) -> None:
    root = catalog_with(tmp_path, {}, remove=("agencies.yaml",))
    finding = only(check(root, "TT205"))
    assert finding.severity is Severity.WARNING
    assert finding.path.endswith("agencies.yaml")
    assert "no agencies.yaml" in finding.message.en
    assert check(root, "TT202") == []


def test_tt205_only_when_a_procedure_refers_to_the_registry(tmp_path: Path) -> None:
    # BASE names a field but no agency: a missing agencies.yaml leaves nothing unchecked.
    root = catalog_with(
        tmp_path,
        {"procedures/9.999101.yaml": BASE},
        remove=(
            "agencies.yaml",
            "fields.yaml",
            "procedures/9.999001.yaml",
            "procedures/9.999002.yaml",
            "procedures/9.999003.yaml",
        ),
    )
    finding = only(check(root, "TT205"))
    assert finding.path.endswith("fields.yaml")
    assert finding.message.en == "the catalog has no fields.yaml; references to it are not checked"
    assert finding.message.vi == (
        "danh mục không có fields.yaml; không kiểm tra được các id tham chiếu"
    )


def test_a_csv_file_named_explicitly_gets_one_tt100_and_no_tt205(tmp_path: Path) -> None:
    # A CSV export beside no registries: the file is not a procedure, so nothing refers to
    # a registry and the only finding is the file's own error.
    export = tmp_path / "export.csv"
    export.write_text("code,name\n9.999101,Thủ tục thử nghiệm\n", encoding="utf-8")
    finding = only(check(export))
    assert finding.rule == "TT100"
    assert finding.message.en.startswith(
        "the top level must be a mapping of keys to values, not a string ('code,name "
        "9.999101,Thủ tục thử nghiệm')"
    )
    assert finding.message.en.endswith(
        "(the file name does not end in .yaml or .yml: tthc reads procedures from YAML files)"
    )
    assert finding.message.vi.startswith(
        "cấp trên cùng phải là một bảng khoá: giá trị, không phải một chuỗi văn bản"
    )


def test_non_yaml_files_in_a_catalog_folder_are_ignored(tmp_path: Path) -> None:
    # Documented in TT205: only .yaml/.yml files are read from a catalog folder.
    root = catalog_with(
        tmp_path,
        {
            "procedures/export.csv": "code,name\n9.999101,x\n",
            "procedures/README.md": "# notes\n",
            "export.csv": "code,name\n",
        },
    )
    assert check(root) == []


# -- TT3xx -------------------------------------------------------------------------------

STEPS = """\
code: '9.999101'
name: Thủ tục thử nghiệm
field: thu-nghiem
levels: [province]
processing_time:
  - time: {value: 3, unit: working_days}
    committed: {value: 2, unit: working_days}
    steps:
      - time: {value: 0.5, unit: working_days}
      - time: {value: 4, unit: working_hours}
      - time_text: Không tính thời gian
      - time: {value: 0.5, unit: working_days}
"""


def test_tt301_steps_must_add_up_to_the_committed_time(tmp_path: Path) -> None:
    root = catalog_with(tmp_path, {"procedures/9.999101.yaml": STEPS})
    finding = only(check(root, "TT301"))
    assert (finding.line, finding.column) == (9, 7)
    assert finding.message.en == (
        "the steps add up to 1.5 working days, the case total is 2 working days (committed time)"
    )


def test_tt301_exact_sum_is_clean(tmp_path: Path) -> None:
    text = STEPS.replace("{value: 4, unit: working_hours}", "{value: 8, unit: working_hours}")
    root = catalog_with(
        tmp_path, {"procedures/9.999101.yaml": text.replace("2, unit", "2.0, unit")}
    )
    assert check(root, "TT301") == []


def test_tt301_calendar_days_are_not_compared(tmp_path: Path) -> None:
    text = STEPS.replace("unit: working_hours", "unit: calendar_days")
    root = catalog_with(tmp_path, {"procedures/9.999101.yaml": text})
    assert check(root, "TT301") == []


def test_tt302_committed_longer_than_legal(tmp_path: Path) -> None:
    text = BASE + "    committed: {value: 25, unit: working_hours}\n"
    root = catalog_with(tmp_path, {"procedures/9.999101.yaml": text})
    finding = only(check(root, "TT302"))
    assert (finding.line, finding.column) == (7, 16)
    assert finding.message.en == (
        "committed time 25 working hours is longer than the legal time 3 working days"
    )


def test_tt303_time_text_disagrees(tmp_path: Path) -> None:
    text = BASE + "    time_text: 05 ngày làm việc\n"
    root = catalog_with(tmp_path, {"procedures/9.999101.yaml": text})
    finding = only(check(root, "TT303"))
    assert (finding.line, finding.column) == (7, 16)
    assert finding.message.en == (
        "'05 ngày làm việc' reads as 5 working days, but the recorded value is 3 working days"
    )


def test_tt303_equivalent_units_agree(tmp_path: Path) -> None:
    text = BASE + "    time_text: 24 giờ làm việc\n"
    root = catalog_with(tmp_path, {"procedures/9.999101.yaml": text})
    assert check(root, "TT303") == []
    assert check(root, "TT304") == []


def test_tt303_bare_ngay_is_not_working_days(tmp_path: Path) -> None:
    # A bare "ngày" is calendar days: recorded as working days it is a mismatch.
    text = BASE.replace("value: 3", "value: 7") + "    time_text: 7 Ngày\n"
    root = catalog_with(tmp_path, {"procedures/9.999101.yaml": text})
    finding = only(check(root, "TT303"))
    assert finding.severity is Severity.ERROR
    assert (finding.line, finding.column) == (7, 16)
    assert finding.message.en == (
        "'7 Ngày' reads as 7 calendar days (a bare 'ngày' is calendar days), but the recorded "
        "value is 7 working days"
    )
    assert finding.message.vi == (
        "'7 Ngày' đọc được là 7 ngày (chữ 'ngày' đứng riêng là ngày theo lịch), nhưng giá trị "
        "ghi là 7 ngày làm việc"
    )
    assert finding.hint is not None
    assert "write 'ngày làm việc'" in finding.hint.en
    assert "unit: calendar_days" in finding.hint.en
    assert "ghi 'ngày làm việc'" in finding.hint.vi and "calendar_days" in finding.hint.vi


def test_tt303_bare_ngay_committed_text_is_not_working_days(tmp_path: Path) -> None:
    text = BASE + (
        "    committed: {value: 2, unit: working_days}\n"
        "    committed_text: 02 ngày kể từ ngày nhận đủ hồ sơ\n"
    )
    root = catalog_with(tmp_path, {"procedures/9.999101.yaml": text})
    finding = only(check(root, "TT303"))
    assert (finding.line, finding.column) == (8, 21)
    assert finding.message.en.startswith("'02 ngày kể từ ngày nhận đủ hồ sơ' reads as 2 calendar")


def test_tt303_bare_ngay_calendar_days_agrees(tmp_path: Path) -> None:
    text = BASE.replace("3, unit: working_days", "7, unit: calendar_days")
    root = catalog_with(tmp_path, {"procedures/9.999101.yaml": text + "    time_text: 7 Ngày\n"})
    assert check(root, "TT303") == []


def test_tt303_step_may_write_working_days_as_bare_ngay(tmp_path: Path) -> None:
    # Internal-process tables abbreviate "ngày làm việc" as "ngày"; steps keep that reading.
    text = STEPS.replace(
        "      - time: {value: 0.5, unit: working_days}\n      - time: {value: 4",
        "      - time: {value: 1, unit: working_days}\n        time_text: 01 ngày\n"
        "      - time: {value: 4",
    )
    root = catalog_with(tmp_path, {"procedures/9.999101.yaml": text})
    assert "time_text: 01 ngày" in text
    assert check(root, "TT303") == []


def test_tt304_unreadable_time_text(tmp_path: Path) -> None:
    text = BASE + "    time_text: theo quy định\n"
    root = catalog_with(tmp_path, {"procedures/9.999101.yaml": text})
    finding = only(check(root, "TT304"))
    assert finding.severity is Severity.WARNING
    assert (finding.line, finding.column) == (7, 16)
    assert finding.message.en.startswith("cannot read the time 'theo quy định'")
    assert check(root, "TT303") == []


def test_tt304_a_time_text_with_two_times_warns(tmp_path: Path) -> None:
    # The second time would otherwise be dropped silently and TT303 compare the first only.
    published = "Trong thời hạn 10 ngày làm việc. Trường hợp phức tạp 20 ngày làm việc"
    text = BASE.replace("value: 3", "value: 10") + f"    time_text: {published}\n"
    root = catalog_with(tmp_path, {"procedures/9.999101.yaml": text})
    finding = only(check(root, "TT304"))
    assert finding.severity is Severity.WARNING
    assert (finding.line, finding.column) == (7, 16)
    assert (
        "the text gives two times: 10 ngày làm việc and 20 ngày làm việc; which one applies is "
        "ambiguous. Record them as cases"
    ) in finding.message.en
    assert (
        "ghi hai thời hạn: 10 ngày làm việc và 20 ngày làm việc; không rõ áp dụng thời hạn nào"
    ) in finding.message.vi
    assert check(root, "TT303") == []


def test_tt304_a_misspelt_unit_warns(tmp_path: Path) -> None:
    text = BASE + "    time_text: 3 ngày lam viec\n"
    root = catalog_with(tmp_path, {"procedures/9.999101.yaml": text})
    finding = only(check(root, "TT304"))
    assert "the unit “ngày lam viec” is misspelt. Write “ngày làm việc”" in finding.message.en
    assert "đơn vị “ngày lam viec” viết sai chính tả. Hãy ghi “ngày làm việc”" in (
        finding.message.vi
    )
    assert check(root, "TT303") == []


# -- TT4xx -------------------------------------------------------------------------------


def test_tt401_district_level_without_validity_end(tmp_path: Path) -> None:
    text = BASE.replace("levels: [province]", "levels: [commune, district]")
    root = catalog_with(tmp_path, {"procedures/9.999101.yaml": text})
    finding = only(check(root, "TT401"))
    assert (finding.line, finding.column) == (4, 19)
    assert "abolished on 2025-07-01, but the record has no validity end" in finding.message.en


def test_tt401_district_level_valid_after_the_reform(tmp_path: Path) -> None:
    text = BASE.replace("levels: [province]", "levels: [district]") + "valid_until: 2025-07-01\n"
    root = catalog_with(tmp_path, {"procedures/9.999101.yaml": text})
    assert "is valid until 2025-07-01" in only(check(root, "TT401")).message.en


def test_tt402_full_online_without_online_channel(tmp_path: Path) -> None:
    text = BASE + "channels: [in_person]\nonline: toan_trinh\n"
    root = catalog_with(tmp_path, {"procedures/9.999101.yaml": text})
    finding = only(check(root, "TT402"))
    assert (finding.line, finding.column) == (8, 9)
    assert "'channels' lacks 'online'" in finding.message.en


def test_tt403_case_channel_not_offered(tmp_path: Path) -> None:
    text = BASE + "    channel: postal\nchannels: [in_person]\n"
    root = catalog_with(tmp_path, {"procedures/9.999101.yaml": text})
    finding = only(check(root, "TT403"))
    assert finding.severity is Severity.WARNING
    assert (finding.line, finding.column) == (7, 14)
    assert "channel 'postal' is not among the channels (in_person)" in finding.message.en


# -- disabling ---------------------------------------------------------------------------


def test_config_disables_a_rule(tmp_path: Path) -> None:
    root = catalog_with(tmp_path, {"procedures/9.999199.yaml": BASE})
    assert check(root, "TT102", disable=frozenset({"TT102"})) == []


def test_file_comment_disables_rules_in_that_file_only(tmp_path: Path) -> None:
    root = catalog_with(
        tmp_path,
        {
            "procedures/9.999101.yaml": "# tthc: disable=TT104, tt105\n" + BASE,
            "procedures/9.999102.yaml": BASE.replace("9.999101", "9.999102"),
        },
    )
    found = check(root, "TT104")
    assert [Path(f.path).name for f in found] == ["9.999102.yaml"]


@pytest.mark.parametrize("rule", [r for r in NATIONAL_RULES if r.check is None])
def test_rules_reported_by_the_runner_or_loader_have_no_check(rule: object) -> None:
    assert getattr(rule, "code", "") in {"TT000", "TT100", "TT101", "TT103"}


# -- TT305 committed time given only as text ------------------------------------------------


@pytest.mark.parametrize(
    ("published", "en", "vi"),
    [
        (
            "02 ngày làm việc",
            "record committed: {value: 2, unit: working_days} (read from the text: 2 working days)",
            "ghi committed: {value: 2, unit: working_days} (đọc từ văn bản: 2 ngày làm việc)",
        ),
        (
            # a bare "ngày" is calendar days, as TT303 reads it
            "2 ngày",
            "record committed: {value: 2, unit: calendar_days} (read from the text: "
            "2 calendar days)",
            "ghi committed: {value: 2, unit: calendar_days} (đọc từ văn bản: 2 ngày)",
        ),
        (
            "theo quy định",
            "'theo quy định' does not read as one time: record committed from the text",
            "không đọc được 'theo quy định' thành một thời hạn: ghi committed theo văn bản",
        ),
    ],
)
def test_tt305_committed_text_without_committed(
    tmp_path: Path, published: str, en: str, vi: str
) -> None:
    # tthc reduction counted such a case as "no reduction, 0%, missed" without a word
    text = BASE + f"    committed_text: {published}\n"
    root = catalog_with(tmp_path, {"procedures/9.999101.yaml": text})
    finding = only(check(root, "TT305"))
    assert finding.severity is Severity.WARNING
    assert (finding.line, finding.column) == (7, 21)
    assert finding.message.en == (
        f"committed_text '{published}' is given but committed is not; {en}"
    )
    assert finding.message.vi == f"committed_text '{published}' có nhưng committed không có; {vi}"
    assert finding.hint is not None and "tthc reduction" in finding.hint.en
    assert check(root, "TT303") == [] and check(root, "TT304") == []


def test_tt305_not_when_committed_is_recorded(tmp_path: Path) -> None:
    text = BASE + (
        "    committed: {value: 2, unit: working_days}\n    committed_text: 02 ngày làm việc\n"
    )
    root = catalog_with(tmp_path, {"procedures/9.999101.yaml": text})
    assert check(root, "TT305") == []


# -- TT306: a bare "giờ" recorded as working hours -------------------------------------------


def test_tt306_bare_gio_recorded_as_working_hours(tmp_path: Path) -> None:
    text = BASE.replace("{value: 3, unit: working_days}", "{value: 24, unit: working_hours}") + (
        "    time_text: 24 Giờ\n"
    )
    root = catalog_with(tmp_path, {"procedures/9.999101.yaml": text})
    finding = only(check(root, "TT306"))
    assert finding.severity is Severity.WARNING
    assert finding.message.en == (
        "'24 Giờ' says a bare 'giờ' (clock hours, Civil Code 2015 art. 147(1)) but the "
        "recorded value is 24 working hours"
    )
    assert finding.hint is not None
    assert "time: {value: 24, unit: clock_hours}" in finding.hint.en
    assert check(root, "TT303") == []  # one finding, not two


def test_tt306_quiet_when_recorded_as_clock_hours(tmp_path: Path) -> None:
    text = BASE.replace("{value: 3, unit: working_days}", "{value: 24, unit: clock_hours}") + (
        "    time_text: 24 Giờ\n"
    )
    root = catalog_with(tmp_path, {"procedures/9.999101.yaml": text})
    assert check(root, "TT306") == []
    assert check(root, "TT303") == []


def test_tt306_quiet_when_the_case_name_says_working_hours(tmp_path: Path) -> None:
    # 2.002351 on the national portal: the table prints "12 Giờ", the case's description
    # "Không quá 12 giờ làm việc": the description is the evidence.
    text = BASE.replace(
        "  - time: {value: 3, unit: working_days}",
        "  - name: Không quá 12 giờ làm việc kể từ khi nhận đủ hồ sơ\n"
        "    time: {value: 12, unit: working_hours}",
    ) + ("    time_text: 'Trực tuyến: 12 Giờ'\n")
    root = catalog_with(tmp_path, {"procedures/9.999101.yaml": text})
    assert check(root, "TT306") == []
    assert check(root, "TT303") == []
