"""Tests of safe YAML loading with positions (tthc.yamlsource)."""

from __future__ import annotations

import os
import re
from datetime import date
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from tthc.errors import CatalogError
from tthc.yamlsource import MAX_DEPTH, Position, YamlError, build, load_yaml, parse_yaml

DOC = """\
# tthc: disable=TT104
code: '9.999001'
name: Tên thủ tục
levels:
  - province
processing_time:
  - time: {value: 2.5, unit: working_days}
    time_text:
valid_from: 2025-07-01
"""


def test_data_is_plain_python() -> None:
    doc = parse_yaml(DOC, "p.yaml")
    assert doc.data == {
        "code": "9.999001",
        "name": "Tên thủ tục",
        "levels": ["province"],
        "processing_time": [{"time": {"value": 2.5, "unit": "working_days"}, "time_text": None}],
        "valid_from": date(2025, 7, 1),
    }


@pytest.mark.parametrize(
    ("loc", "line", "column"),
    [
        ((), 2, 1),
        (("code",), 2, 7),
        (("name",), 3, 7),
        (("levels", 0), 5, 5),
        (("processing_time", 0), 7, 5),
        (("processing_time", 0, "time", "value"), 7, 19),
        (("processing_time", 0, "time", "unit"), 7, 30),
        # an empty value points at its key
        (("processing_time", 0, "time_text"), 8, 5),
        # a missing key: the nearest enclosing value
        (("processing_time", 0, "committed"), 7, 5),
        (("processing_time", 3, "time"), 7, 3),
        (("nothing", "here"), 2, 1),
    ],
)
def test_every_value_knows_its_line_and_column(
    loc: tuple[str | int, ...], line: int, column: int
) -> None:
    assert parse_yaml(DOC, "p.yaml").position(loc) == Position("p.yaml", line, column)


def test_key_positions() -> None:
    doc = parse_yaml(DOC, "p.yaml")
    assert doc.key_position(("processing_time", 0, "time", "value")) == Position("p.yaml", 7, 12)
    assert doc.key_position(("levels", 0)) == Position("p.yaml", 5, 5)
    assert str(doc.key_position(("name",))) == "p.yaml:3:1"


def test_columns_count_characters_not_bytes() -> None:
    doc = parse_yaml("tên: 'Đăng ký'\nkhác: x\n", "p.yaml")
    assert doc.position(("khác",)).column == 7


def test_directives_are_collected() -> None:
    doc = parse_yaml(DOC, "p.yaml")
    assert [(d.line, d.body) for d in doc.directives] == [(1, "disable=TT104")]


def test_keys_are_always_text() -> None:
    assert parse_yaml("1: a\non: b\nnull: c\n").data == {"1": "a", "on": "b", "null": "c"}


def test_impossible_date_is_kept_as_text() -> None:
    assert parse_yaml("d: 2025-02-30\n").data == {"d": "2025-02-30"}


def test_load_from_file(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_text(DOC, encoding="utf-8")
    doc = load_yaml(path)
    assert doc.path == str(path) and doc.data["code"] == "9.999001"


def test_registry_may_be_a_list_when_asked() -> None:
    assert parse_yaml("- id: a\n", top_mapping=False).data == [{"id": "a"}]


def test_the_error_is_a_catalog_error() -> None:
    assert issubclass(YamlError, CatalogError)


def test_a_bad_indent_is_not_told_as_an_unclosed_bracket() -> None:
    # Only brackets and quotes are "opened"; a block mapping's start is no help.
    with pytest.raises(YamlError) as info:
        parse_yaml(b"a:\n  b: 1\n c: 2\n", "bad.yaml")
    assert info.value.text.en == (
        "bad.yaml:3:2: invalid YAML: while parsing a block mapping did not find expected key; "
        "check the indentation: the keys of one mapping line up, with spaces only"
    )


@pytest.mark.parametrize(
    ("content", "line", "column", "en", "vi"),
    [
        (b"a: 1\nb: 2\na: 3\n", 3, 1, "duplicate key 'a' (first at line 1)", "khoá 'a' bị lặp"),
        (
            b"x:\n  y: 1\n  y: 2\n",
            3,
            3,
            "duplicate key 'y' (first at line 2)",
            "bị lặp (lần đầu ở dòng 2)",
        ),
        (b"name: T\xean\n", 1, 8, "byte 0xea is not valid UTF-8", "không phải UTF-8"),
        (b"a:\n\t- x\n", 2, 1, "tab used for indentation", "dùng tab để thụt lề"),
        # Found at the end of the file: where the unclosed construct began is told too.
        (b"a: [1, 2\nb: 3\n", 2, 2, "(opened at line 1, column 4)", "(mở ở dòng 1, cột 4)"),
        (b"a: 'x\n", 2, 1, "(opened at line 1, column 4)", "(mở ở dòng 1, cột 4)"),
        (b"a: b: c\n", 1, 5, "mapping values are not allowed", "YAML không hợp lệ"),
        (b"a: &x [1]\nb: *x\n", 2, 4, "aliases (*x) are not allowed", "không cho phép bí danh"),
        (b"<<: {a: 1}\n", 1, 1, "merge keys (<<) are not supported", "khoá gộp"),
        (b"", 1, 1, "the file is empty", "tệp rỗng"),
        (b"# only a comment\n\n", 1, 1, "the file is empty", "tệp rỗng"),
        (b"---\n...\n", 1, 1, "the file is empty", "tệp rỗng"),
        (b"a: 1\n---\nb: 2\n", 2, 1, "more than one YAML document", "nhiều hơn một tài liệu"),
        (b"- a\n- b\n", 1, 1, "must be a mapping of keys to values, not a list", "danh sách"),
        (b"just text\n", 1, 1, "must be a mapping of keys to values, not a string", "bảng"),
        (b"a: !!python/object:os.system x\n", 1, 4, "tag !!python/object:os.system", "thẻ"),
        (b"a: !!binary aGk=\n", 1, 4, "tag !!binary is not allowed", "không cho phép thẻ"),
        (b"a: !!set {x}\n", 1, 4, "tag !!set is not allowed", "không cho phép thẻ"),
        (b"a: !custom x\n", 1, 4, "tag !custom is not allowed", "không cho phép thẻ"),
        (b"a: !!int x\n", 1, 4, "value 'x' is not a valid !!int", "không phải !!int hợp lệ"),
        (b"a: !!bool\n", 1, 4, "value '' is not a valid !!bool", "không phải !!bool"),
        (b"a: !!timestamp 1\n", 1, 4, "value '1' is not a valid !!timestamp", "!!timestamp"),
        (b"a: 1\nb: \x00\n", 2, 4, "control character U+0000", "ký tự điều khiển"),
        (b"[a]: 1\n", 1, 1, "a key must be a plain scalar", "khoá phải là một giá trị đơn"),
    ],
)
def test_loader_errors_name_file_line_and_column(
    content: bytes, line: int, column: int, en: str, vi: str
) -> None:
    with pytest.raises(YamlError) as info:
        parse_yaml(content, "bad.yaml")
    error = info.value
    assert (error.path, error.line, error.column) == ("bad.yaml", line, column)
    assert error.text.en.startswith(f"bad.yaml:{line}:{column}: ")
    assert en in error.text.en
    assert vi in error.text.vi


@pytest.mark.parametrize(
    ("content", "en", "vi"),
    [
        (b"- a\n- b\n", "not a list", "không phải một danh sách"),
        (
            b"just text\n",
            "not a string ('just text')",
            "không phải một chuỗi văn bản ('just text')",
        ),
        (b"42\n", "not a number ('42')", "không phải một số ('42')"),
        (b"yes\n", "not a true/false value ('yes')", "không phải một giá trị đúng/sai ('yes')"),
        (b"2025-07-01\n", "not a date ('2025-07-01')", "không phải một ngày tháng ('2025-07-01')"),
        # Written "~": a value, not an empty file.
        (b"~\n", "not an empty value (null) ('~')", "không phải giá trị rỗng (null) ('~')"),
    ],
)
def test_top_level_that_is_not_a_mapping_says_what_it_is(content: bytes, en: str, vi: str) -> None:
    with pytest.raises(YamlError) as info:
        parse_yaml(content, "bad.yaml")
    assert info.value.message("en") == (
        f"bad.yaml:1:1: the top level must be a mapping of keys to values, {en}"
    )
    assert info.value.message("vi") == (
        f"bad.yaml:1:1: cấp trên cùng phải là một bảng khoá: giá trị, {vi}"
    )


def test_csv_file_is_quoted_short_and_named_as_not_yaml(tmp_path: Path) -> None:
    # A CSV export named on the command line: its rows read as one long YAML string.
    rows = ["code,name,field"] + [
        f"9.99900{n},Thủ tục thử nghiệm {n} (synthetic),x" for n in range(9)
    ]
    path = tmp_path / "export.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    with pytest.raises(YamlError) as info:
        load_yaml(path)
    quoted = "'code,name,field 9.999000,Thủ tục thử nghiệm 0 (synthetic),x …'"  # 60 + …
    assert info.value.message("en") == (
        f"{path}:1:1: the top level must be a mapping of keys to values, not a string "
        f"({quoted}) (the file name does not end in .yaml or .yml: tthc reads procedures "
        "from YAML files)"
    )
    assert info.value.message("vi") == (
        f"{path}:1:1: cấp trên cùng phải là một bảng khoá: giá trị, không phải một chuỗi văn "
        f"bản ({quoted}) (tên tệp không kết thúc bằng .yaml hay .yml: tthc đọc thủ tục từ tệp "
        "YAML)"
    )


def test_yaml_named_file_gets_no_file_name_note(tmp_path: Path) -> None:
    for name in ("p.yaml", "p.yml", "P.YAML"):
        (tmp_path / name).write_text("just text\n", encoding="utf-8")
        with pytest.raises(YamlError) as info:
            load_yaml(tmp_path / name)
        assert info.value.message("en").endswith("not a string ('just text')")


def test_billion_laughs_is_refused_quickly() -> None:
    lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for n in range(1, 10):
        refs = ", ".join([f"*a{n - 1}"] * 9)
        lines.append(f"a{n}: &a{n} [{refs}]")
    with pytest.raises(YamlError, match=r"aliases \(\*a0\) are not allowed"):
        parse_yaml("\n".join(lines) + "\n")


def test_deep_nesting_is_refused() -> None:
    deep = "a: " + "[" * (MAX_DEPTH + 5) + "]" * (MAX_DEPTH + 5) + "\n"
    with pytest.raises(YamlError, match=f"nesting deeper than {MAX_DEPTH} levels") as info:
        parse_yaml(deep)
    assert info.value.message("vi") == f"<string>:1:35: lồng nhau sâu quá {MAX_DEPTH} cấp"
    very_deep = "a: " + "[" * 100_000 + "\n"
    with pytest.raises(YamlError):
        parse_yaml(very_deep)


def test_file_over_the_size_limit(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_text("a: " + "x" * 200 + "\n", encoding="utf-8")
    with pytest.raises(YamlError, match="larger than the limit of 100 bytes") as info:
        load_yaml(path, max_bytes=100)
    assert info.value.text.en.startswith(f"{path}:1:1: ")
    assert info.value.text.vi == f"{path}:1:1: tệp lớn hơn giới hạn 100 byte"
    assert load_yaml(path, max_bytes=1000).data["a"] == "x" * 200


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(YamlError, match="cannot read the file") as info:
        load_yaml(tmp_path / "nope.yaml")
    assert "không đọc được tệp" in info.value.text.vi


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_named_pipe_is_refused_instead_of_waiting_for_a_writer(tmp_path: Path) -> None:
    # Reading a FIFO blocks until something writes to it: a CI job would hang.
    pipe = tmp_path / "9.999001.yaml"
    os.mkfifo(pipe)
    with pytest.raises(YamlError) as info:
        load_yaml(pipe)
    assert info.value.text.en == f"{pipe}:1:1: not a regular file"
    assert info.value.text.vi == f"{pipe}:1:1: không phải tệp thông thường"


def test_same_positions_with_the_pure_python_parser(monkeypatch: pytest.MonkeyPatch) -> None:
    fast = parse_yaml(DOC, "p.yaml")
    monkeypatch.setattr("tthc.yamlsource.build._Parser", yaml.SafeLoader)
    slow = parse_yaml(DOC, "p.yaml")
    assert slow.data == fast.data
    assert slow._values == fast._values and slow._keys == fast._keys


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=200))
def test_random_bytes_never_crash(content: bytes) -> None:
    try:
        parse_yaml(content, "fuzz.yaml")
    except YamlError as error:
        assert error.text.en.startswith("fuzz.yaml:")


YAML_ALPHABET = st.sampled_from(
    [
        *list("ab:- \n\t\r'\"[]{},&*!#|>?%@`~.0123456789\\"),
        *("<<", "ngày", "---", "...", "2025-02-30", "yes", "1e999", "0o7", "1:2:3", ".nan"),
        *("!!int", "!!str", "!!float", "!!bool", "!!null", "!!timestamp", "\ufeff", "\x85"),
    ]
)


@settings(max_examples=200, deadline=None)
@given(st.lists(YAML_ALPHABET, max_size=60).map("".join))
def test_random_yaml_like_text_never_crashes(text: str) -> None:
    try:
        doc = parse_yaml(text, "fuzz.yaml")
    except YamlError:
        return
    assert isinstance(doc.data, dict)
    for key in doc.data:
        assert isinstance(key, str)
        assert doc.position((key,)).line >= 1


SCALARS = (
    # Numbers YAML 1.1 and 1.2 read differently (010, 08, 1_000, 1:30) are refused: see
    # test_a_number_read_differently_by_yaml_1_1_and_1_2_is_an_error.
    "[yes, No, on, OFF, null, Null, ~, '', 0, 00, 0x1F, 12, -3, +4, 2.5, .5,"
    " .inf, -.Inf, .NaN, 2025-01-01, 2025-01-01 10:00:00, y, n, True, truex, nulls, é,"
    " Ñ, ١٢, ², !!str 12, !!int '7', =]"
)


def test_scalars_are_typed_as_pyyaml_safe_load_types_them() -> None:
    ours = parse_yaml(f"a: {SCALARS}\nb:\n").data
    theirs = yaml.safe_load(f"a: {SCALARS.replace(', =]', ']')}\nb:\n")
    assert ours["b"] is None and theirs["b"] is None
    assert ours["a"][-1] == "="  # PyYAML cannot construct a lone "="; we read it as text
    for mine, ref in zip(ours["a"][:-1], theirs["a"], strict=True):
        assert type(mine) is type(ref)
        assert mine == ref or (mine != mine and ref != ref)  # NaN


@pytest.mark.parametrize("text", [DOC, "---\n# c\n  code: x\n", "%YAML 1.1\n---\na: 1\n"])
def test_positions_computed_on_demand_are_the_same(text: str) -> None:
    eager = parse_yaml(text, "p.yaml")
    lazy = parse_yaml(text, "p.yaml", positions=False)
    assert lazy._values is None
    assert lazy.position(()) == eager.position(())  # without parsing again
    assert lazy._values is None
    for loc in [("code",), ("processing_time", 0, "time", "unit"), ("a",)]:
        assert lazy.position(loc) == eager.position(loc)
        assert lazy.key_position(loc) == eager.key_position(loc)


@pytest.mark.parametrize(
    "content", [b"\xef\xbb\xbfa: 1\nb: x\n", b"a: 1\r\nb: x\r\n", b"# c\r\na: 1\r\nb: x\r\n"]
)
def test_byte_order_mark_and_windows_line_endings(content: bytes) -> None:
    doc = parse_yaml(content, "p.yaml")
    assert doc.data == {"a": 1, "b": "x"}
    assert doc.position(("b",)).column == 4
    assert doc.position(("b",)).line == content.count(b"\n")  # b is on the last line


INDENT_LIST_VI = (
    "kiểm tra thụt lề: mỗi mục của danh sách bắt đầu bằng '- ' và các mục thẳng cột; "
    "các khoá của một mục thẳng với chữ đầu tiên sau '- '"
)
INDENT_VI = "kiểm tra thụt lề: các khoá của cùng một bảng phải thẳng cột, chỉ dùng dấu cách"
QUOTE_COLON_VI = (
    "giá trị có ': ' phải đặt trong dấu nháy (name: 'A: B'); nếu không, kiểm tra thụt lề"
)


@pytest.mark.parametrize("parser", ["C", "Python"])
@pytest.mark.parametrize(
    ("content", "vi", "en_hint"),
    [
        # A key indented one space too far inside a list item (the reviewer's case).
        (
            "processing_time:\n  - time: {value: 3, unit: working_days}\n   time_text: 3\n",
            "YAML không hợp lệ: {list} (khi đọc một danh sách); " + INDENT_LIST_VI,
            "the keys of one item line up with the first letter after '- '",
        ),
        (
            "a:\n    b: 1\n  c: 2\n",
            "YAML không hợp lệ: {key} (khi đọc một bảng khoá: giá trị); " + INDENT_VI,
            "check the indentation: the keys of one mapping line up, with spaces only",
        ),
        (
            "name: Thủ tục: cấp giấy\n",
            "YAML không hợp lệ: không được có dấu ':' ở đây; " + QUOTE_COLON_VI,
            "a value holding ': ' must be quoted (name: 'A: B')",
        ),
        (
            "a: 1\nb\nc: 2\n",
            "YAML không hợp lệ: không thấy dấu ':' sau khoá (khi đọc một khoá); mỗi dòng của bảng "
            "có dạng khoá: giá trị; dòng tiếp theo của một giá trị dài phải thụt sâu hơn khoá",
            "each line of a mapping is key: value",
        ),
        (
            "a: 'abc\n",
            "YAML không hợp lệ: tệp kết thúc khi chuỗi chưa đóng dấu nháy (khi đọc một chuỗi "
            "trong dấu nháy) (mở ở dòng 1, cột 4); đóng dấu nháy; dấu nháy đơn bên trong '...' "
            "viết hai lần ('')",
            "close the quote",
        ),
        (
            "a: {b: 1\n",
            "YAML không hợp lệ: thiếu dấu ',' hoặc '}}' (khi đọc một bảng trong {{ }}) (mở ở dòng "
            "1, cột 4); đóng bảng bằng '}}' và tách các cặp khoá: giá trị bằng ','",
            "close the mapping with '}'",
        ),
        (
            "a: [1, 2\n",
            "YAML không hợp lệ: thiếu dấu ',' hoặc ']' (khi đọc một danh sách trong [ ]) (mở ở "
            "dòng 1, cột 4); đóng danh sách bằng ']' và tách các mục bằng ','",
            "close the list with ']'",
        ),
        (
            "note: @x\n",
            "YAML không hợp lệ: ký tự {at}không thể bắt đầu một giá trị; đặt giá trị trong dấu "
            "nháy, ví dụ note: '@ghi chú'",
            "put the value in quotes",
        ),
        (
            'a: "x\\q"\n',
            "YAML không hợp lệ: ký tự thoát không hợp lệ (khi đọc một chuỗi trong dấu nháy{dq}); "
            "trong dấu nháy kép, '\\' bắt đầu một ký tự thoát; dùng dấu nháy đơn hoặc viết '\\\\'",
            "use single quotes",
        ),
    ],
)
def test_yaml_syntax_errors_are_told_in_vietnamese_with_a_hint(
    monkeypatch: pytest.MonkeyPatch, parser: str, content: str, vi: str, en_hint: str
) -> None:
    # The C parser (libyaml) and PyYAML's own word their problems differently.
    if parser == "Python":
        monkeypatch.setattr(build, "_Parser", yaml.SafeLoader)
    elif not hasattr(yaml, "CSafeLoader"):
        pytest.skip("PyYAML without libyaml")
    python = parser == "Python"
    vi = vi.format(
        list=(
            "khối chưa kết thúc mà đã gặp một bảng khoá: giá trị mới"
            if python
            else "không thấy dấu '-' của mục danh sách tiếp theo"
        ),
        key=(
            "khối chưa kết thúc mà đã gặp một bảng khoá: giá trị mới"
            if python
            else "không thấy khoá tiếp theo ở chỗ này"
        ),
        at="'@' " if python else "ở đây ",
        dq=" kép" if python else "",
    )
    with pytest.raises(YamlError) as info:
        parse_yaml(content, "f.yaml")
    message_vi = info.value.text.vi.split(": ", 1)[1]
    assert message_vi == vi
    assert not re.search(r"\b(while|found|expected|parsing|scanning)\b", message_vi)
    assert info.value.text.en.split(": ", 1)[1].startswith("invalid YAML: ")
    assert en_hint in info.value.text.en


def test_an_unknown_yaml_problem_keeps_its_english_after_a_vietnamese_lead() -> None:
    with pytest.raises(YamlError) as info:
        parse_yaml("a: |x\n  b\n", "f.yaml")
    vi = info.value.text.vi
    assert vi.startswith("f.yaml:1:5: YAML không hợp lệ: bộ đọc YAML báo “while scanning a block")
    assert vi.endswith("”")


# -- numbers read as YAML 1.2 reads them ---------------------------------------------------


@pytest.mark.parametrize(
    ("written", "hint"),
    [
        ("010", "write 10 if"),  # YAML 1.1: octal 8
        ("08", "write 8 if"),
        ("00012", "write 12 if"),
        ("1:30", "write 90 if"),  # YAML 1.1: sexagesimal 90
        ("190:20:30.15", "write 685230.15 if"),
        ("1_000", "write 1000 if"),
        ("0o17", "write 15 if"),
        ("0b101", "write 5 if"),
        ("1e3", "write 1000 if"),
        ("-.5", "write -0.5 if"),
    ],
)
def test_a_number_read_differently_by_yaml_1_1_and_1_2_is_an_error(written: str, hint: str) -> None:
    with pytest.raises(YamlError) as info:
        parse_yaml(f"name: x\nvalue: {written}\n", "p.yaml")
    message = info.value.message("en")
    assert message.startswith("p.yaml:2:8: ")
    assert hint in message and f"('{written}')" in message
    assert "YAML 1.1" in info.value.message("vi")


@pytest.mark.parametrize(
    ("written", "value"),
    [
        ("10", 10),
        ("+10", 10),
        ("0", 0),
        ("0.5", 0.5),
        (".5", 0.5),
        ("1.5e+3", 1500.0),
        ("0x1F", 31),
        ("'010'", "010"),
        ('"1:30"', "1:30"),
        ("1,000", "1,000"),
    ],
)
def test_a_number_read_alike_by_both_versions_is_kept(written: str, value: object) -> None:
    assert parse_yaml(f"value: {written}\n").data["value"] == value


@pytest.mark.parametrize("char", ["\u2028", "\u2029", "\x85"])
def test_a_unicode_line_separator_is_refused_where_it_stands(char: str) -> None:
    with pytest.raises(YamlError) as info:
        parse_yaml(f'a: 1\nb: "x{char}y"\nc: 2\n', "p.yaml")
    assert info.value.message("en").startswith("p.yaml:2:6: ")
    assert f"U+{ord(char):04X}" in info.value.message("en")


@pytest.mark.parametrize("newline", ["\r", "\r\n", "\n"])
def test_a_file_with_any_line_break_is_read_with_the_same_lines(newline: str) -> None:
    text = newline.join(["# a comment first", "code: x", "name: 'a", "  b'", "c: 1", ""])
    doc = parse_yaml(text, "p.yaml")
    assert doc.data == {"code": "x", "name": "a b", "c": 1}
    assert doc.position(("c",)).line == 5
