"""PyYAML's syntax errors told in Vietnamese, with a hint on how to fix them (thông báo lỗi).

PyYAML (both its C parser and its pure-Python one) words a syntax problem in English, as
a parser sees it ("did not find expected key while parsing a block mapping"). A catalog
maintainer needs to be told in Vietnamese what is wrong and what to do: check the
indentation, quote a value holding ": ", close a bracket. A problem not known here keeps
PyYAML's English after a Vietnamese lead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tthc.i18n import Text

__all__ = ["Said", "yaml_problem"]


@dataclass(frozen=True)
class Said:
    """A PyYAML problem in Vietnamese, with a short hint in both languages."""

    vi: str
    hint: Text | None


_INDENT = Text(
    "kiểm tra thụt lề: các khoá của cùng một bảng phải thẳng cột, chỉ dùng dấu cách",
    "check the indentation: the keys of one mapping line up, with spaces only",
)
_INDENT_LIST = Text(
    "kiểm tra thụt lề: mỗi mục của danh sách bắt đầu bằng '- ' và các mục thẳng cột; "
    "các khoá của một mục thẳng với chữ đầu tiên sau '- '",
    "check the indentation: each list item starts with '- ' and the items line up; "
    "the keys of one item line up with the first letter after '- '",
)
_QUOTE_COLON = Text(
    "giá trị có ': ' phải đặt trong dấu nháy (name: 'A: B'); nếu không, kiểm tra thụt lề",
    "a value holding ': ' must be quoted (name: 'A: B'); otherwise check the indentation",
)
_KEY_COLON = Text(
    "mỗi dòng của bảng có dạng khoá: giá trị; dòng tiếp theo của một giá trị dài phải thụt "
    "sâu hơn khoá",
    "each line of a mapping is key: value; a long value continued on the next line is "
    "indented more than its key",
)
_QUOTE_VALUE = Text(
    "đặt giá trị trong dấu nháy, ví dụ note: '@ghi chú'",
    "put the value in quotes, e.g. note: '@remark'",
)
_NO_TABS = Text("thay tab bằng dấu cách", "replace the tab with spaces")
_CLOSE_QUOTE = Text(
    "đóng dấu nháy; dấu nháy đơn bên trong '...' viết hai lần ('')",
    "close the quote; a single quote inside '...' is written twice ('')",
)
_CLOSE_LIST = Text(
    "đóng danh sách bằng ']' và tách các mục bằng ','",
    "close the list with ']' and separate the items with ','",
)
_CLOSE_MAP = Text(
    "đóng bảng bằng '}' và tách các cặp khoá: giá trị bằng ','",
    "close the mapping with '}' and separate its key: value pairs with ','",
)
_ESCAPE = Text(
    "trong dấu nháy kép, '\\' bắt đầu một ký tự thoát; dùng dấu nháy đơn hoặc viết '\\\\'",
    "inside double quotes '\\' starts an escape; use single quotes or write '\\\\'",
)
_NO_ALIAS = Text(
    "tthc không cho phép bí danh (*tên); hãy viết đầy đủ giá trị",
    "tthc does not allow aliases (*name); write the value out in full",
)

# PyYAML's problems (C parser and pure-Python parser) in Vietnamese, with a hint.
_PROBLEMS: tuple[tuple[re.Pattern[str], str, Text | None], ...] = tuple(
    (re.compile(pattern), vi, hint)
    for pattern, vi, hint in (
        (r"^did not find expected key$", "không thấy khoá tiếp theo ở chỗ này", _INDENT),
        (
            r"^did not find expected '-' indicator$",
            "không thấy dấu '-' của mục danh sách tiếp theo",
            _INDENT_LIST,
        ),
        (
            r"^expected <block end>, but found '?(?P<found>.*?)'?$",
            "khối chưa kết thúc mà đã gặp {found}",
            _INDENT,
        ),
        (r"^mapping values are not allowed", "không được có dấu ':' ở đây", _QUOTE_COLON),
        (r"^could not find expected ':'$", "không thấy dấu ':' sau khoá", _KEY_COLON),
        (
            r"^found character '\\t' that cannot start any token$",
            "ký tự tab không thể bắt đầu một giá trị",
            _NO_TABS,
        ),
        (
            r"^found character (?P<found>'.+' )?that cannot start any token$",
            "ký tự {found}không thể bắt đầu một giá trị",
            _QUOTE_VALUE,
        ),
        (r"^found a tab character", "ký tự tab làm sai thụt lề", _NO_TABS),
        (r"^found undefined alias", "bí danh chưa được định nghĩa", _NO_ALIAS),
        (
            r"^found unexpected end of stream$",
            "tệp kết thúc khi chuỗi chưa đóng dấu nháy",
            _CLOSE_QUOTE,
        ),
        (
            r"^found unexpected document (indicator|separator)$",
            "gặp dấu --- hay ... khi chuỗi chưa đóng dấu nháy",
            _CLOSE_QUOTE,
        ),
        (
            r"^(did not find expected|expected) ',' or '\]'",
            "thiếu dấu ',' hoặc ']'",
            _CLOSE_LIST,
        ),
        (r"^(did not find expected|expected) ',' or '}'", "thiếu dấu ',' hoặc '}'", _CLOSE_MAP),
        (r"^found unknown escape character", "ký tự thoát không hợp lệ", _ESCAPE),
        (r"^did not find expected node content", "thiếu giá trị ở chỗ này", _QUOTE_VALUE),
    )
)

# PyYAML's contexts ("while parsing a block mapping") in Vietnamese; "" says nothing.
_CONTEXTS = {
    "while parsing a block mapping": "khi đọc một bảng khoá: giá trị",
    "while parsing a block collection": "khi đọc một danh sách",
    "while scanning a simple key": "khi đọc một khoá",
    "while scanning a quoted scalar": "khi đọc một chuỗi trong dấu nháy",
    "while parsing a quoted scalar": "khi đọc một chuỗi trong dấu nháy",
    "while scanning a double-quoted scalar": "khi đọc một chuỗi trong dấu nháy kép",
    "while parsing a flow sequence": "khi đọc một danh sách trong [ ]",
    "while parsing a flow mapping": "khi đọc một bảng trong { }",
    "while scanning a plain scalar": "khi đọc một giá trị",
    "while parsing a block node": "khi đọc một giá trị",
    "while parsing a flow node": "khi đọc một giá trị",
    "while scanning an anchor": "khi đọc một neo (&)",
    "while scanning an alias": "khi đọc một bí danh (*)",
    "while scanning a tag": "khi đọc một thẻ (!)",
    "while parsing a tag": "khi đọc một thẻ (!)",
    "while scanning a block scalar": "khi đọc một khối văn bản (| hoặc >)",
    "while scanning for the next token": "",
}

# What PyYAML says it found, in words.
_FOUND = {
    "<block mapping start>": "một bảng khoá: giá trị mới",
    "<block sequence start>": "một danh sách mới",
    "<scalar>": "một giá trị",
    "-": "một mục danh sách '-'",
    "?": "một khoá '?'",
}


def yaml_problem(context: str | None, problem: str | None) -> Said:
    """PyYAML's ``context`` and ``problem`` in Vietnamese, with a short hint.

    A problem not known here keeps PyYAML's English, quoted after a Vietnamese lead.
    """
    english = " ".join(part for part in (context, problem) if part)
    where = _CONTEXTS.get(context) if context else ""
    for pattern, vi, hint in _PROBLEMS:
        found = pattern.match(problem or "")
        if found is None or where is None:
            continue
        groups = found.groupdict()
        if "found" in groups:
            seen = groups["found"] or "ở đây "  # the C parser does not name the character
            vi = vi.format(found=_FOUND.get(seen, seen))
        if hint is _INDENT and context == "while parsing a block collection":
            hint = _INDENT_LIST
        return Said(f"{vi} ({where})" if where else vi, hint)
    return Said(f"bộ đọc YAML báo “{english}”", None)
