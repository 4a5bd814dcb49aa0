"""Tests of catalog loading, lookup and filters (tthc.catalog). Synthetic data only."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from tthc.catalog import (
    _VI_MESSAGES,
    Catalog,
    ProcedureNotFound,
    _vi_message,
    likely_codes,
    load_catalog,
    registry_names,
    unknown_code,
)
from tthc.errors import CatalogError
from tthc.model import Level, Procedure
from tthc.validation import Finding

GOOD = Path(__file__).parent / "fixtures" / "catalogs" / "good"


@pytest.fixture
def catalog() -> Catalog:
    return load_catalog(GOOD)


def test_load_catalog_folder(catalog: Catalog) -> None:
    assert len(catalog) == 3
    assert catalog.codes() == ["9.999001", "9.999002", "9.999003"]
    assert [p.code for p in catalog] == catalog.codes()
    assert catalog.root == GOOD
    assert catalog.fields is not None and "thu-nghiem" in catalog.fields
    assert catalog.agencies is not None and len(catalog.agencies) == 2
    assert catalog.agencies.name_of("co-quan-a") == "Cơ quan thử nghiệm A"
    assert catalog.problems == []


def test_lookup_by_code(catalog: Catalog) -> None:
    procedure = catalog["9.999002"]
    assert isinstance(procedure, Procedure) and procedure.name == "Thủ tục thử nghiệm hai"
    assert "9.999002" in catalog and "9.999009" not in catalog
    assert catalog.get("9.999009") is None


def test_unknown_code_is_a_key_error_with_suggestions(catalog: Catalog) -> None:
    with pytest.raises(KeyError) as info:
        catalog["9.999004"]
    assert isinstance(info.value, ProcedureNotFound)
    assert str(info.value) == (
        "No procedure with code '9.999004' in the catalog (3 procedures); "
        "did you mean: 9.999003, 9.999002, 9.999001?"
    )
    assert "Không có thủ tục mã '9.999004'" in info.value.text.vi


def test_filters(catalog: Catalog) -> None:
    assert [p.code for p in catalog.by_field("thu-nghiem")] == ["9.999001", "9.999003"]
    assert [p.code for p in catalog.by_agency("co-quan-b")] == ["9.999002"]
    assert [p.code for p in catalog.by_level(Level.COMMUNE)] == ["9.999002"]
    assert [p.code for p in catalog.by_level("district")] == ["9.999003"]
    assert catalog.by_field("khac") == []


def test_unknown_level_is_a_tthc_error_that_lists_the_levels(catalog: Catalog) -> None:
    with pytest.raises(CatalogError) as info:
        catalog.by_level("huyen")
    assert info.value.text.en == (
        "Unknown level 'huyen'; the levels are: central, province, commune, district"
    )
    assert info.value.text.vi == (
        "Cấp thực hiện 'huyen' không hợp lệ; các cấp: central, province, commune, district"
    )
    assert isinstance(info.value, ValueError)  # as Level('huyen') raised before


def test_source_of_gives_file_and_positions(catalog: Catalog) -> None:
    source = catalog.source_of("9.999001")
    assert Path(source.path) == GOOD / "procedures" / "9.999001.yaml"
    assert source.position(("processing_time", 0, "committed")).line == 18
    assert source.key_position(("name",)).line == 3
    with pytest.raises(ProcedureNotFound) as info:
        catalog.source_of("9.999009")
    assert info.value.message("en") == (
        "No procedure with code '9.999009' in the catalog (3 procedures); "
        "did you mean: 9.999003, 9.999002, 9.999001?"
    )
    assert info.value.message("vi") == (
        "Không có thủ tục mã '9.999009' trong danh mục (3 thủ tục); "
        "có phải: 9.999003, 9.999002, 9.999001?"
    )


def test_load_single_files_finds_registries_above_procedures() -> None:
    catalog = Catalog.load([GOOD / "procedures" / "9.999002.yaml"])
    assert catalog.codes() == ["9.999002"]
    assert catalog.root == GOOD and catalog.fields is not None


def test_load_the_procedures_folder() -> None:
    catalog = Catalog.load(GOOD / "procedures")
    assert len(catalog) == 3 and catalog.agencies is not None


def test_folder_of_files_without_registries(tmp_path: Path) -> None:
    shutil.copy(GOOD / "procedures" / "9.999001.yaml", tmp_path)
    catalog = Catalog.load(tmp_path)
    assert catalog.codes() == ["9.999001"] and catalog.fields is None


def test_missing_path_raises(tmp_path: Path) -> None:
    with pytest.raises(CatalogError, match="no such file or folder") as info:
        Catalog.load(tmp_path / "nope")
    assert "không có tệp hay thư mục này" in info.value.text.vi


def test_folder_without_yaml_raises(tmp_path: Path) -> None:
    with pytest.raises(CatalogError, match=r"no procedure file \(\.yaml\) found") as info:
        Catalog.load(tmp_path)
    assert info.value.message("vi") == f"{tmp_path}: không tìm thấy tệp thủ tục (.yaml) nào"


def bad_catalog(tmp_path: Path) -> Path:
    root = tmp_path / "catalog"
    shutil.copytree(GOOD, root)
    # Synthetic broken files.
    (root / "procedures" / "9.999004.yaml").write_text("code: '9.999004'\nname: [\n")
    (root / "procedures" / "9.999005.yaml").write_text(
        "code: '9.999005'\nname: X\nfield: thu-nghiem\nlevels: [province]\n"
    )
    return root


def test_load_collects_every_problem(tmp_path: Path) -> None:
    catalog = Catalog.load(bad_catalog(tmp_path))
    assert len(catalog) == 3
    assert [(f.rule, Path(f.path).name, f.line) for f in catalog.problems] == [
        ("TT100", "9.999004.yaml", 3),
        ("TT101", "9.999005.yaml", 1),
    ]
    assert catalog.problems[1].procedure == "9.999005"
    assert "'processing_time': Field required" in catalog.problems[1].message.en
    assert catalog.has_errors


def test_load_catalog_raises_listing_the_problems(tmp_path: Path) -> None:
    with pytest.raises(CatalogError) as info:
        load_catalog(bad_catalog(tmp_path))
    message = str(info.value)
    assert message.startswith("Cannot load the catalog: 2 error(s)")
    assert "9.999004.yaml:3:1: TT100 invalid YAML" in message
    assert "9.999005.yaml:1:1: TT101 'processing_time': Field required" in message
    assert len(info.value.problems) == 2
    assert "Không nạp được danh mục: 2 lỗi" in info.value.text.vi


def test_bad_registry_entries_are_schema_findings(tmp_path: Path) -> None:
    root = tmp_path / "catalog"
    shutil.copytree(GOOD, root)
    (root / "fields.yaml").write_text("- id: thu-nghiem\n  name: A\n- id: x\n  colour: red\n")
    catalog = Catalog.load(root)
    assert [(f.rule, f.line, f.message.en) for f in catalog.problems] == [
        ("TT101", 3, "'name': Field required"),
        ("TT101", 4, "'colour': Extra inputs are not permitted"),
    ]


def test_registry_that_is_not_a_list(tmp_path: Path) -> None:
    root = tmp_path / "catalog"
    shutil.copytree(GOOD, root)
    (root / "agencies.yaml").write_text("co-quan-a: Cơ quan A\n")
    catalog = Catalog.load(root)
    finding = catalog.problems[0]
    assert finding.rule == "TT101" and "must be a list of {id, name} entries" in finding.message.en


def test_catalog_in_memory(catalog: Catalog) -> None:
    memory = Catalog.of(list(catalog))
    assert memory.codes() == catalog.codes()
    assert memory.source_of("9.999001").position(("name",)).line == 1
    assert memory.fields is None


def test_duplicate_codes_keep_the_first_file(tmp_path: Path) -> None:
    root = tmp_path / "catalog"
    shutil.copytree(GOOD, root)
    (root / "procedures" / "zz").mkdir()
    shutil.copy(root / "procedures" / "9.999001.yaml", root / "procedures" / "zz" / "copy.yaml")
    catalog = Catalog.load(root)
    assert len(catalog) == 3
    assert [Path(s.path).name for _, s in catalog.duplicates] == ["copy.yaml"]
    assert Path(catalog.source_of("9.999001").path).name == "9.999001.yaml"


def test_same_file_given_twice_is_loaded_once() -> None:
    file = GOOD / "procedures" / "9.999001.yaml"
    catalog = Catalog.load([file, file])
    assert len(catalog) == 1 and catalog.duplicates == []


DOCS = Path(__file__).parents[1] / "docs"


@pytest.mark.parametrize("page", ["catalog-format.md", "vi/catalog-format.md"])
def test_format_page_names_every_model_field(page: str) -> None:
    from tthc.model import Case, Step

    text = (DOCS / page).read_text(encoding="utf-8")
    for model in (Procedure, Case, Step):
        for name in model.model_fields:
            assert f"`{name}`" in text, f"{page} does not document {model.__name__}.{name}"


@pytest.mark.parametrize("page", ["catalog-format.md", "vi/catalog-format.md"])
def test_format_page_example_is_a_valid_procedure(page: str, tmp_path: Path) -> None:
    from tthc.config import Config
    from tthc.rules import Rules

    text = (DOCS / page).read_text(encoding="utf-8")
    example = next(b for b in text.split("```yaml\n")[1:] if "code: '9.999001'" in b)
    example = example.split("```")[0]
    root = tmp_path / "catalog"
    shutil.copytree(GOOD, root)
    (root / "procedures" / "9.999001.yaml").write_text(example, encoding="utf-8")
    rules = Rules(Config(), load_entry_points=False)
    assert rules.validate(load_catalog(root)) == []


def test_registry_yaml_error_is_a_load_problem(tmp_path: Path) -> None:
    root = tmp_path / "catalog"
    shutil.copytree(GOOD, root)
    (root / "fields.yaml").write_text("- id: a\n  name: A\n- id: a\n\tname: B\n")
    catalog = Catalog.load(root)
    (finding,) = catalog.problems
    assert (finding.rule, Path(finding.path).name, finding.line) == ("TT100", "fields.yaml", 4)
    assert finding.message.en == "tab used for indentation; YAML allows only spaces"
    assert catalog.fields is not None and len(catalog.fields) == 0


def test_size_limit_is_configurable(tmp_path: Path) -> None:
    catalog = Catalog.load(GOOD, max_bytes=200)
    assert len(catalog) == 0
    assert {f.rule for f in catalog.problems} == {"TT100"}
    assert "larger than the limit of 200 bytes" in catalog.problems[0].message.en


def test_whole_record_schema_error_has_no_key(tmp_path: Path) -> None:
    root = tmp_path / "catalog"
    shutil.copytree(GOOD, root)
    file = root / "procedures" / "9.999003.yaml"
    file.write_text(file.read_text(encoding="utf-8") + "valid_from: 2025-07-01\n")
    (finding,) = Catalog.load(root).problems
    # pydantic's "Value error, " prefix is dropped, and the whole record is not quoted.
    assert finding.message.en.startswith("valid_until 2025-06-30 is before valid_from 2025-07-01")
    assert finding.message.vi.startswith("valid_until 2025-06-30 trước valid_from 2025-07-01")
    assert (finding.line, finding.procedure) == (2, "9.999003")


def test_duration_error_is_in_each_language_at_the_value(tmp_path: Path) -> None:
    root = tmp_path / "catalog"
    shutil.copytree(GOOD, root)
    file = root / "procedures" / "9.999003.yaml"
    text = file.read_text(encoding="utf-8")
    file.write_text(text.replace("{value: 15,", "{value: -15,"), encoding="utf-8")
    (finding,) = Catalog.load(root).problems
    assert finding.rule == "TT101"
    assert finding.line == 13 and finding.column == 19  # the value, not the `time:` mapping
    assert finding.message.en == (
        "'processing_time[0].time.value': value must not be negative (got -15)"
    )
    assert finding.message.vi == (
        "'processing_time[0].time.value': giá trị không được âm (nhận được -15)"
    )


def test_registry_names_by_id(catalog: Catalog) -> None:
    names = registry_names(catalog)
    assert names["thu-nghiem"] == "Lĩnh vực thử nghiệm"
    assert names["thu-nghiem-2"] == "Lĩnh vực thử nghiệm thứ hai"
    assert registry_names(list(catalog)) == {}  # procedures without registries: ids stay


def test_code_error_quotes_the_code_once(tmp_path: Path) -> None:
    root = tmp_path / "catalog"
    shutil.copytree(GOOD, root)
    file = root / "procedures" / "9.999003.yaml"
    text = file.read_text(encoding="utf-8")
    file.write_text(text.replace("code: '9.999003'", "code: '12.34'"), encoding="utf-8")
    codes = [f for f in Catalog.load(root).problems if f.rule == "TT101"]
    assert len(codes) == 1
    assert codes[0].message.en.startswith("'code': procedure code '12.34' is not shaped")
    assert "(got" not in codes[0].message.en
    assert codes[0].message.vi.startswith("'code': mã thủ tục '12.34'")
    assert "nhận được" not in codes[0].message.vi


def test_an_upper_case_suffix_is_a_procedure_file(tmp_path: Path) -> None:
    shutil.copy(GOOD / "procedures" / "9.999001.yaml", tmp_path / "9.999001.YAML")
    shutil.copy(GOOD / "procedures" / "9.999002.yaml", tmp_path / "9.999002.Yml")
    assert Catalog.load(tmp_path).codes() == ["9.999001", "9.999002"]


def test_not_found_in_a_catalog_of_one_says_procedure(tmp_path: Path) -> None:
    shutil.copy(GOOD / "procedures" / "9.999001.yaml", tmp_path)
    with pytest.raises(ProcedureNotFound) as info:
        Catalog.load(tmp_path)["9.999009"]
    assert info.value.message("en").startswith(
        "No procedure with code '9.999009' in the catalog (1 procedure)"
    )
    assert info.value.message("vi").startswith(
        "Không có thủ tục mã '9.999009' trong danh mục (1 thủ tục)"
    )


def test_not_found_suggests_the_code_with_its_local_suffixes_first() -> None:
    catalog = load_catalog(Path(__file__).parents[1] / "catalog")
    with pytest.raises(ProcedureNotFound) as info:
        catalog["2.000815"]
    assert info.value.message("en").endswith(
        "did you mean: 2.000815.000.00.00.H61, 2.000986, 3.000116?"
    )
    assert "có phải: 2.000815.000.00.00.H61," in info.value.message("vi")


# A synthetic procedure (the code 9.999001 is not a real one) to break one value at a time.
BASE = """\
code: '9.999001'
name: Thủ tục thử nghiệm (synthetic)
field: thu-nghiem
levels: [province]
processing_time:
  - time: {value: 3, unit: working_days}
"""


def problems_of(tmp_path: Path, text: str) -> list[Finding]:
    folder = tmp_path / "procedures"
    folder.mkdir(exist_ok=True)
    (folder / "9.999001.yaml").write_text(text, encoding="utf-8")
    return Catalog.load(tmp_path).problems


def test_a_dot_between_thousands_is_refused_with_the_number_to_write(tmp_path: Path) -> None:
    # YAML reads 10.000 as the float 10.0, which lax pydantic stored as 10 VND.
    text = BASE + (
        "fees:\n  - amount_vnd: 10.000\n"
        "dossier:\n  - {name: Tờ khai, originals: 1.5, copies: 2.000}\n"
        "annual_volume: 12.000\n"
    )
    found = {f.message.en.split("'")[1]: f for f in problems_of(tmp_path, text)}
    fee = found["fees[0].amount_vnd"]
    assert (fee.rule, fee.line, fee.column) == ("TT101", 8, 17)
    assert fee.message.en == (
        "'fees[0].amount_vnd': 10.000 was read as the number 10.0; for 10 thousand write 10000 "
        "(no separator)"
    )
    assert fee.message.vi == (
        "'fees[0].amount_vnd': 10.000 được đọc thành số 10.0; muốn ghi 10 nghìn thì viết 10000 "
        "(không có dấu phân cách)"
    )
    assert found["annual_volume"].message.en == (
        "'annual_volume': 12.000 was read as the number 12.0; for 12 thousand write 12000 "
        "(no separator)"
    )
    assert found["dossier[0].copies"].message.vi == (
        "'dossier[0].copies': 2.000 được đọc thành số 2.0; muốn ghi 2 nghìn thì viết 2000 "
        "(không có dấu phân cách)"
    )
    # 1.5 has no thousands separator: it is only not a whole number.
    assert found["dossier[0].originals"].message.en == (
        "'dossier[0].originals': expected a whole number, not the decimal number 1.5"
    )
    assert found["dossier[0].originals"].message.vi == (
        "'dossier[0].originals': cần một số nguyên, không phải số thập phân 1.5"
    )


@pytest.mark.parametrize(
    ("old", "new", "vi", "en", "hint_vi", "hint_en"),
    [
        (
            "levels: [province]",
            "levels: [xa]",
            "'levels[0]': cần một trong: 'central', 'province', 'commune', 'district'"
            " (nhận được 'xa')",
            "'levels[0]': Input should be 'central', 'province', 'commune' or 'district'"
            " (got 'xa')",
            "Có phải 'commune'?",
            "Did you mean 'commune'?",
        ),
        (
            "levels: [province]",
            "levels: [Province]",
            "'levels[0]': cần một trong: 'central', 'province', 'commune', 'district'"
            " (nhận được 'Province')",
            "'levels[0]': Input should be 'central', 'province', 'commune' or 'district'"
            " (got 'Province')",
            "Có phải 'province'?",
            "Did you mean 'province'?",
        ),
        (
            "levels: [province]",
            "levels: [province]\nonline: yes",
            "'online': cần một trong: 'toan_trinh', 'mot_phan', 'none' (nhận được True)",
            "'online': Input should be 'toan_trinh', 'mot_phan' or 'none' (got True)",
            "YAML đọc yes/no/on/off/true/false thành giá trị đúng/sai; hãy viết một trong các "
            "giá trị trên.",
            "YAML reads yes/no/on/off/true/false as a true/false value; write one of the values "
            "above.",
        ),
        (
            "time: {value: 3, unit: working_days}",
            "time: 8 ngày làm việc",
            "'processing_time[0].time': thời hạn phải là một bảng {value, unit}, không phải một "
            "chuỗi văn bản (nhận được '8 ngày làm việc')",
            "'processing_time[0].time': a processing time must be a mapping {value, unit}, "
            "not a string (got '8 ngày làm việc')",
            "Viết time: {value: 8, unit: working_days} và giữ nguyên văn bản ở "
            "time_text: 8 ngày làm việc.",
            "Write time: {value: 8, unit: working_days} and keep the text in "
            "time_text: 8 ngày làm việc.",
        ),
        (
            "time: {value: 3, unit: working_days}",
            "time: {value: 3, unit: working_days}\n    committed: 2,5 ngày làm việc",
            "'processing_time[0].committed': thời hạn phải là một bảng {value, unit}, không "
            "phải một chuỗi văn bản (nhận được '2,5 ngày làm việc')",
            "'processing_time[0].committed': a processing time must be a mapping {value, unit}, "
            "not a string (got '2,5 ngày làm việc')",
            "Viết committed: {value: 2.5, unit: working_days} và giữ nguyên văn bản ở "
            "committed_text: 2,5 ngày làm việc.",
            "Write committed: {value: 2.5, unit: working_days} and keep the text in "
            "committed_text: 2,5 ngày làm việc.",
        ),
        (
            "time: {value: 3, unit: working_days}",
            "time: 3",
            "'processing_time[0].time': thời hạn phải là một bảng {value, unit}, không phải "
            "một số (nhận được 3)",
            "'processing_time[0].time': a processing time must be a mapping {value, unit}, "
            "not a number (got 3)",
            "Viết time: {value: 3, unit: working_days} (đơn vị: working_days, working_hours, "
            "clock_hours, calendar_days, months, same_day); giữ văn bản gốc ở time_text.",
            "Write time: {value: 3, unit: working_days} (units: working_days, working_hours, "
            "clock_hours, calendar_days, months, same_day); keep the published text in "
            "time_text.",
        ),
        (
            "levels: [province]",
            "levels: [province]\nvalid_from: 01/07/2025",
            "'valid_from': phải là ngày dạng YYYY-MM-DD (ký tự lạ ở phần năm)"
            " (nhận được '01/07/2025')",
            "'valid_from': Input should be a valid date or datetime, invalid character in year"
            " (got '01/07/2025')",
            "Viết ngày dạng năm-tháng-ngày: 2025-07-01.",
            "Write the date year first: 2025-07-01.",
        ),
        (
            "levels: [province]",
            "levels: province",
            "'levels': phải là một danh sách, không phải một chuỗi văn bản (nhận được 'province')",
            "'levels': Input should be a valid tuple (got 'province')",
            "Viết thành danh sách: levels: [province]",
            "Write it as a list: levels: [province]",
        ),
        (
            "levels: [province]",
            "levels: [province]\nchannels: [Trực tiếp]",
            "'channels[0]': cần một trong: 'in_person', 'online', 'postal' (nhận được 'Trực tiếp')",
            "'channels[0]': Input should be 'in_person', 'online' or 'postal' (got 'Trực tiếp')",
            "Có phải 'in_person'?",
            "Did you mean 'in_person'?",
        ),
        (
            # every spelling tthc report reads (tthc.model.CHANNEL_SPELLINGS) is suggested
            "levels: [province]",
            "levels: [province]\nchannels: [Nộp trực tuyến]",
            "'channels[0]': cần một trong: 'in_person', 'online', 'postal'"
            " (nhận được 'Nộp trực tuyến')",
            "'channels[0]': Input should be 'in_person', 'online' or 'postal'"
            " (got 'Nộp trực tuyến')",
            "Có phải 'online'?",
            "Did you mean 'online'?",
        ),
        (
            "levels: [province]",
            "levels: [province]\nvalid_from: 2025-07-01 10:00",
            "'valid_from': phải là ngày dạng YYYY-MM-DD, không kèm giờ"
            " (nhận được '2025-07-01 10:00')",
            "'valid_from': Datetimes provided to dates should have zero time - e.g. be exact"
            " dates (got '2025-07-01 10:00')",
            "Viết ngày dạng năm-tháng-ngày: 2025-07-01.",
            "Write the date year first: 2025-07-01.",
        ),
        (
            "levels: [province]",
            "levels: [province]\nlegal_basis: [{number: 15}]",
            "'legal_basis[0].number': phải là chuỗi văn bản, không phải một số (nhận được 15)",
            "'legal_basis[0].number': Input should be a valid string (got 15)",
            "YAML đọc giá trị này thành một số; hãy đặt nó trong dấu nháy ('...') để được đọc "
            "là văn bản.",
            "YAML read this value as a number; put it in quotes ('...') to have it read as text.",
        ),
    ],
)
def test_schema_errors_say_what_to_write(
    tmp_path: Path, old: str, new: str, vi: str, en: str, hint_vi: str, hint_en: str
) -> None:
    assert old in BASE
    (finding,) = problems_of(tmp_path, BASE.replace(old, new))
    assert (finding.message.vi, finding.message.en) == (vi, en)
    assert finding.hint is not None
    assert (finding.hint.vi, finding.hint.en) == (hint_vi, hint_en)


# Words of pydantic's English messages that must not reach a Vietnamese one.
ENGLISH = re.compile(r"\b(Input|should|valid|Field|required|Extra|String|least|got|Value)\b")


@pytest.mark.parametrize(
    ("old", "new", "vi"),
    [
        ("code: '9.999001'\n", "", "'code': thiếu trường bắt buộc"),
        ("field: thu-nghiem", "field: thu-nghiem\ncolour: red", "'colour': trường không có"),
        ("name: Thủ tục thử nghiệm (synthetic)", "name: [a]", "'name': phải là chuỗi văn bản"),
        ("name: Thủ tục thử nghiệm (synthetic)", "name: ''", "'name': không được rỗng"),
        ("levels: [province]", "levels: []", "'levels': không được rỗng"),
        ("levels: [province]", "levels: {a: 1}", "'levels': phải là một danh sách, không phải"),
        ("field: thu-nghiem", "field: thu-nghiem\nsource: x", "'source': phải là một bảng khoá"),
        ("field: thu-nghiem", "field: thu-nghiem\nfees: [{amount_vnd: -1}]", "không được âm"),
        ("field: thu-nghiem", "field: thu-nghiem\nfees: [{amount_vnd: [1]}]", "phải là số nguyên"),
        ("unit: working_days}", "unit: working_days, note: [x]}", "phải là chuỗi văn bản"),
        ("value: 3", "value: abc", "'processing_time[0].time.value': phải là số"),
        ("value: 3", "value: .nan", "'processing_time[0].time.value': phải là"),
        ("unit: working_days", "unit: ngay", "cần một trong: 'working_days'"),
        ("field: thu-nghiem", "field: thu-nghiem\nvalid_from: 2025-02-30", "ngày vượt quá"),
        ("field: thu-nghiem", "field: thu-nghiem\nvalid_from: 2025-13-01", "tháng phải từ 1"),
        ("field: thu-nghiem", "field: thu-nghiem\nvalid_from: 2025-7-1", "quá ngắn"),
        ("field: thu-nghiem", "field: thu-nghiem\nvalid_from: 2025-07-01 10:00", "không kèm giờ"),
        ("field: thu-nghiem", "field: thu-nghiem\nvalid_from: 7", "phải là ngày"),
        ("field: thu-nghiem", "field: thu-nghiem\nchannels: [fax]", "cần một trong: 'in_person'"),
        ("field: thu-nghiem", "field: thu-nghiem\nlegal_basis: [{number: 1, issued: x}]", "ngày"),
        (
            "processing_time:\n  - time: {value: 3, unit: working_days}\n",
            "processing_time: []\n",
            "'processing_time': không được rỗng",
        ),
    ],
)
def test_schema_errors_in_vietnamese_have_no_english(
    tmp_path: Path, old: str, new: str, vi: str
) -> None:
    assert old in BASE
    problems = problems_of(tmp_path, BASE.replace(old, new))
    assert problems and all(f.rule == "TT101" for f in problems)
    assert any(vi in f.message.vi for f in problems), [f.message.vi for f in problems]
    for finding in problems:
        assert not ENGLISH.search(finding.message.vi), finding.message.vi


def test_an_exact_number_is_shown_as_written(tmp_path: Path) -> None:
    (finding,) = problems_of(tmp_path, BASE.replace("value: 3", "value: .nan"))
    assert finding.message.vi.endswith("(nhận được NaN)")
    assert finding.message.en.endswith("(got NaN)")


def _error(kind: str, ctx: dict[str, Any], value: Any) -> dict[str, Any]:
    return {"type": kind, "loc": ("x",), "msg": "English text", "input": value, "ctx": ctx}


# ctx as pydantic gives it for each error type of the table (pydantic_core's messages).
CTX: dict[str, dict[str, Any]] = {
    "enum": {"expected": "'a', 'b' or 'c'"},
    "literal_error": {"expected": "'a' or 'b'"},
    "too_short": {"field_type": "Tuple", "min_length": 2, "actual_length": 0},
    "string_too_short": {"min_length": 3},
    "too_long": {"field_type": "Tuple", "max_length": 2, "actual_length": 3},
    "string_too_long": {"max_length": 2},
    "greater_than_equal": {"ge": 1},
    "greater_than": {"gt": 0},
    "less_than_equal": {"le": 5},
    "less_than": {"lt": 5},
    "date_parsing": {"error": "invalid character in day"},
    "date_from_datetime_parsing": {"error": "a reason not known here"},
    "url_parsing": {"error": "relative URL without a base"},
    "string_pattern_mismatch": {"pattern": "^a$"},
}


@pytest.mark.parametrize("kind", sorted(_VI_MESSAGES))
def test_every_known_error_type_reads_in_vietnamese(kind: str) -> None:
    vi = _vi_message(_error(kind, CTX.get(kind, {}), "x"), "English text")
    assert vi and "English" not in vi
    # pydantic's reason for a date is quoted only when it is not known
    if kind == "date_from_datetime_parsing":
        assert vi == "phải là ngày dạng YYYY-MM-DD (“a reason not known here”)"
    elif kind != "url_parsing":
        assert not ENGLISH.search(vi), vi


@pytest.mark.parametrize(
    ("kind", "ctx", "vi"),
    [
        ("enum", {"expected": "'a', 'b' or 'c'"}, "cần một trong: 'a', 'b', 'c'"),
        ("too_short", {"min_length": 2}, "cần ít nhất 2 mục"),
        ("string_too_short", {"min_length": 3}, "cần ít nhất 3 ký tự"),
        ("greater_than_equal", {"ge": 0}, "không được âm"),
        ("greater_than_equal", {"ge": 1}, "phải lớn hơn hoặc bằng 1"),
        ("a_type_not_met_so_far", {}, "giá trị không hợp lệ (“English text”)"),
    ],
)
def test_vietnamese_of_an_error_uses_its_ctx(kind: str, ctx: dict[str, Any], vi: str) -> None:
    assert _vi_message(_error(kind, ctx, "x"), "English text") == vi


def test_likely_codes_and_unknown_code_wording() -> None:
    # Synthetic codes, sorted as a catalog gives them.
    codes = ["1.004170", "2.000815.000.00.00.H61", "2.000815.H01", "9.999001"]
    assert likely_codes("1.00417", codes) == {"1.004170": True}
    assert likely_codes("1,00417", codes) == {"1.004170": True}
    assert likely_codes("2.000815", codes) == {
        "2.000815.000.00.00.H61": False,
        "2.000815.H01": False,
    }
    assert likely_codes("3.000001", codes) == {}
    text = unknown_code("1,00417", codes)
    assert text.en == (
        "procedure code '1,00417' is not in the catalog; did you mean '1.004170'? "
        "(a spreadsheet may have read the code as a number)"
    )
    assert text.vi == (
        "mã thủ tục '1,00417' không có trong danh mục; có phải '1.004170'? "
        "(bảng tính có thể đã đọc mã như một số)"
    )
    assert unknown_code("2.000815", codes).en.endswith(
        "did you mean '2.000815.000.00.00.H61' or '2.000815.H01'? "
        "(the catalog lists it with local suffixes)"
    )
    # nothing likely: the padded reading is ruled out aloud, then look-alikes if asked
    assert unknown_code("9.99900", codes).en == (
        "procedure code '9.99900' is not in the catalog (nor is '9.999000', if a spreadsheet "
        "dropped its trailing zeros); did you mean '9.999001'?"
    )
    assert unknown_code("9.99900", codes, alike=False).vi == (
        "mã thủ tục '9.99900' không có trong danh mục (cả '9.999000', nếu bảng tính đã bỏ "
        "các số 0 ở cuối, cũng không có)"
    )
    many = [f"2.000815.H0{i}" for i in range(5)]
    assert unknown_code("2.000815", many).en.endswith(
        "'2.000815.H02' (or 2 more)? (the catalog lists it with local suffixes)"
    )


# -- what the loader refuses to follow or skip silently --------------------------------------


def _copy(tmp_path: Path) -> Path:
    root = tmp_path / "catalog"
    shutil.copytree(GOOD, root)
    return root


def _messages(catalog: Catalog) -> str:
    return "\n".join(f"{p.path}: {p.message('en')}" for p in catalog.problems)


def test_a_symlink_out_of_the_catalog_is_refused_and_its_target_never_quoted(
    tmp_path: Path,
) -> None:
    secret = tmp_path / "credentials"
    secret.write_text("token: ghp_SECRET_TOKEN_1234567890\n")
    root = _copy(tmp_path)
    (root / "procedures" / "9.999004.yaml").symlink_to(secret)
    (root / "procedures" / "9.999005.yaml").symlink_to(tmp_path / "missing-target")
    catalog = Catalog.load(root)
    shown = _messages(catalog)
    assert "ghp_SECRET" not in shown and "credentials" not in shown
    assert "missing-target" not in shown
    refused = {Path(p.path).name for p in catalog.problems if p.rule == "TT100"}
    assert refused == {"9.999004.yaml", "9.999005.yaml"}
    assert "leads out of the catalog folder" in shown
    assert len(catalog) == 3  # the rest is read


def test_a_symlink_inside_the_catalog_is_read(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    (root / "procedures" / "9.999001.yaml").rename(root / "kept.yaml.txt")
    (root / "procedures" / "9.999001.yaml").symlink_to(root / "kept.yaml.txt")
    catalog = Catalog.load(root)
    assert not catalog.problems and len(catalog) == 3


def test_a_symlinked_registry_out_of_the_catalog_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "fields.yaml"
    shutil.copy(GOOD / "fields.yaml", outside)
    root = _copy(tmp_path)
    (root / "fields.yaml").unlink()
    (root / "fields.yaml").symlink_to(outside)
    catalog = Catalog.load(root)
    assert [Path(p.path).name for p in catalog.problems] == ["fields.yaml"]


def test_a_folder_named_like_a_yaml_file_is_a_finding(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    (root / "fields.yaml").unlink()
    (root / "fields.yaml").mkdir()
    (root / "procedures" / "9.999007.yaml").mkdir()
    catalog = Catalog.load(root)
    names = sorted(Path(p.path).name for p in catalog.problems)
    assert names == ["9.999007.yaml", "fields.yaml"]
    assert "not a regular file" in _messages(catalog)


def test_a_linked_folder_is_a_finding_not_skipped(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    (root / "procedures" / "more").symlink_to(tmp_path, target_is_directory=True)
    catalog = Catalog.load(root)
    assert [Path(p.path).name for p in catalog.problems] == ["more"]


def test_an_unreadable_folder_is_a_finding_not_skipped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    root = _copy(tmp_path)
    (root / "procedures" / "locked").mkdir()
    real = os.scandir

    def scandir(path: Any = ".") -> Any:
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    catalog = Catalog.load(root)
    assert [Path(p.path).name for p in catalog.problems] == ["locked"]
    assert "cannot list the folder (Permission denied)" in _messages(catalog)
