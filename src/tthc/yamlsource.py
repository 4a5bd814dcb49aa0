"""Safe YAML loading that remembers where every value came from (vị trí trong tệp).

A catalog maintainer needs an error to point at the file, line and column of the bad
value, so :func:`load_yaml` keeps, next to the plain Python data, the position of
every key and value. Loading is safe: only plain mappings, sequences and the standard
scalar types are built; nothing executes.

The loader is stricter than PyYAML's ``safe_load``, because a catalog is data that
CI must judge, and silent surprises there become wrong deadlines:

- duplicate keys are an error (PyYAML keeps the last one without a word);
- aliases (``*name``) and merge keys (``<<``) are refused, which also rules out
  "billion laughs" alias bombs; anchors alone are harmless and ignored;
- tabs in indentation, non-UTF-8 bytes, control characters, files larger than
  :data:`MAX_BYTES`, empty files, several documents in one file and a top level that
  is not a mapping are errors;
- mapping keys are always read as text (``1:`` is the key ``"1"``, ``on:`` is ``"on"``);
- a plain number that YAML 1.1 (PyYAML) and YAML 1.2 read differently is an error that
  says how to write it: ``010`` (8 or 10), ``08``, ``1:30`` (90 or text), ``1_000``,
  ``0o17``, ``0b101``, ``1e3``, ``-.5``. What both read alike is kept: ``10``, ``+10``,
  ``0.5``, ``.5``, ``1.5e+3``, ``0x1F`` (31);
- the characters U+0085, U+2028 and U+2029 are refused: PyYAML counts them as line
  breaks, editors and YAML 1.2 do not, so every line number after one would be wrong;
- nesting deeper than :data:`MAX_DEPTH` is refused.

Every error is a :class:`YamlError` (a :class:`~tthc.errors.CatalogError`) whose
bilingual message starts with ``path:line:column``. No input makes the loader fail
with anything else.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import ScalarNode
from yaml.resolver import Resolver

from tthc.errors import YamlError
from tthc.i18n import Text

__all__ = [
    "MAX_BYTES",
    "MAX_DEPTH",
    "Directive",
    "Loc",
    "Position",
    "YamlDocument",
    "YamlError",
    "kind_of",
    "load_yaml",
    "parse_yaml",
]

#: Largest file accepted, in bytes (1 MiB). A procedure file is a few kilobytes.
MAX_BYTES = 1024 * 1024

#: Deepest nesting of mappings and sequences accepted (a procedure needs about 5).
MAX_DEPTH = 32

#: A location inside a document: keys and sequence indexes from the top, as pydantic
#: reports them in ``ValidationError.errors()[i]["loc"]``.
Loc = tuple["str | int", ...]

# The C parser is about ten times faster; the pure-Python one behaves the same.
_Parser: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# Characters YAML forbids in a stream (the same set as PyYAML's reader).
_NON_PRINTABLE = re.compile(
    "[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)

# Line breaks for PyYAML (YAML 1.1) but not for editors or YAML 1.2.
_LINE_SEPARATORS = re.compile("[\x85\u2028\u2029]")

# How YAML 1.2 (core schema) reads a plain scalar as a number.
_INT_12 = re.compile(r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+")
_FLOAT_12 = re.compile(
    r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)"
    r"|\.(?:nan|NaN|NAN)"
)
# The first characters of a plain scalar that either version may read as a number.
_NUMBER_START = frozenset("0123456789+-.")

# ``# tthc: disable=TT104,TT304`` at the start of a line.
_DIRECTIVE = re.compile(r"^#[ \t]*tthc[ \t]*:[ \t]*(?P<body>[^\r\n]*?)[ \t]*\r?$", re.MULTILINE)
# The first line of the top-level mapping (not "---", a directive "%" or a comment).
_FIRST_CONTENT = re.compile(r"^[ \t]*[^ \t\r\n#%-]", re.MULTILINE)
# A line with something other than blanks and a comment.
_CONTENT = re.compile(r"^[ \t]*[^ \t\r\n#]", re.MULTILINE)
# A tab in the indentation of a line that holds something other than a comment.
_TAB_INDENT = re.compile(r"^( *)\t[ \t]*[^ \t\r\n#]", re.MULTILINE)

_STR = "tag:yaml.org,2002:str"
_NULL = "tag:yaml.org,2002:null"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
_MERGE = "tag:yaml.org,2002:merge"
_VALUE = "tag:yaml.org,2002:value"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_SCALAR_TAGS = frozenset(
    {
        _STR,
        _NULL,
        "tag:yaml.org,2002:bool",
        "tag:yaml.org,2002:int",
        "tag:yaml.org,2002:float",
        "tag:yaml.org,2002:timestamp",
    }
)

# Plain scalars are resolved as PyYAML's SafeLoader does (YAML 1.1: yes/no are booleans).
_IMPLICIT: dict[str, list[tuple[str, re.Pattern[str]]]] = Resolver.yaml_implicit_resolvers
_constructor = SafeConstructor()
# The plain words YAML 1.1 reads as booleans or null (PyYAML's SafeLoader resolvers).
_WORDS: dict[str, bool | None] = {
    **{w: True for w in ("yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON")},
    **{w: False for w in ("no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF")},
    **{w: None for w in ("null", "Null", "NULL")},
}


@dataclass(frozen=True)
class Position:
    """Where a value is: file, line and column, both counted from 1."""

    path: str
    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}"


@dataclass(frozen=True)
class Directive:
    """A ``# tthc: ...`` comment at the start of a line, e.g. ``# tthc: disable=TT105``."""

    line: int
    body: str
    """What follows ``tthc:``, stripped, e.g. ``disable=TT105``."""


@dataclass
class YamlDocument:
    """A loaded YAML file: plain data plus the position of every key and value."""

    path: str
    data: Any
    """The top level (a dict unless loaded with ``top_mapping=False``): plain dicts,
    lists and scalars."""
    directives: tuple[Directive, ...] = ()
    text: str = field(default="", repr=False)
    """The decoded source (kept so that positions can be computed when first asked)."""
    # Positions packed as line << 20 | column (1-based); ``None`` until needed when the
    # document was parsed with ``positions=False``.
    _values: dict[Loc, int] | None = field(default=None, repr=False)
    _keys: dict[Loc, int] | None = field(default=None, repr=False)

    def position(self, loc: Loc = ()) -> Position:
        """Position of the value at ``loc``, or of its nearest ancestor that exists.

        ``loc`` is a tuple of keys and indexes (pydantic's ``loc``). A missing key
        (for example a required field that is absent) gives the position of the
        mapping that should hold it.
        """
        loc = tuple(loc)
        if self._values is None and not loc:
            first = _FIRST_CONTENT.search(self.text)
            if first is not None:  # the top-level mapping starts at the first content
                start = first.end() - 1
                line = self.text.count("\n", 0, start) + 1
                return Position(self.path, line, start - self.text.rfind("\n", 0, start))
        values = self._positions()[0]
        while loc:
            packed = values.get(loc)
            if packed is not None:
                return self._unpack(packed)
            loc = loc[:-1]
        return self._unpack(values.get((), 1 << 20 | 1))

    def _positions(self) -> tuple[dict[Loc, int], dict[Loc, int]]:
        if self._values is None or self._keys is None:
            again = parse_yaml(self.text, self.path, top_mapping=False)
            self._values, self._keys = again._values or {}, again._keys or {}
        return self._values, self._keys

    def key_position(self, loc: Loc) -> Position:
        """Position of the key of the mapping entry at ``loc`` (else as :meth:`position`)."""
        packed = self._positions()[1].get(tuple(loc))
        return self._unpack(packed) if packed is not None else self.position(loc)

    def _unpack(self, packed: int) -> Position:
        return Position(self.path, packed >> 20, packed & 0xFFFFF)


def _error(path: str, line: int, column: int, vi: str, en: str) -> YamlError:
    where = f"{path}:{line}:{column}"
    return YamlError(Text(f"{where}: {vi}", f"{where}: {en}"), path, line, column)


#: Longest part of a value quoted in a message (a whole CSV file read as one string
#: would otherwise fill the screen).
QUOTE_LIMIT = 60


def _quote(text: str) -> str:
    """``text`` quoted for a message, cut after :data:`QUOTE_LIMIT` characters."""
    return repr(text if len(text) <= QUOTE_LIMIT else text[:QUOTE_LIMIT] + "…")


def _read_12(value: str) -> int | float | None:
    """The number YAML 1.2 (core schema) reads in a plain scalar, ``None`` for text."""
    if _INT_12.fullmatch(value):
        if value.startswith(("0o", "0x")):
            return int(value[2:], 8 if value[1] == "o" else 16)
        return int(value)
    if _FLOAT_12.fullmatch(value):
        low = value.lower()
        return float(low.replace(".", "", 1)) if low.endswith(("inf", "nan")) else float(value)
    return None


def _number_text(value: int | float) -> str:
    """A number as a catalog should write it: decimal digits, no grouping."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def kind_of(value: Any) -> Text:
    """What a loaded YAML value is, in words for people (not Python type names)."""
    if isinstance(value, dict):
        return Text("một bảng khoá: giá trị", "a mapping")
    if isinstance(value, list):
        return Text("một danh sách", "a list")
    if isinstance(value, bool):  # before int: True is an int
        return Text("một giá trị đúng/sai", "a true/false value")
    if isinstance(value, (int, float, Decimal)):
        return Text("một số", "a number")
    if isinstance(value, (date, datetime)):
        return Text("một ngày tháng", "a date")
    if value is None:
        return Text("giá trị rỗng (null)", "an empty value (null)")
    return Text("một chuỗi văn bản", "a string")


def _not_yaml_named(error: YamlError) -> YamlError:
    """``error`` with a note that its file is not named like a YAML file (``x.csv``).

    A catalog folder is searched for ``.yaml``/``.yml`` files only; a file named on the
    command line is read whatever its name, and a CSV or text file then fails as YAML.
    """
    note = Text(
        " (tên tệp không kết thúc bằng .yaml hay .yml: tthc đọc thủ tục từ tệp YAML)",
        " (the file name does not end in .yaml or .yml: tthc reads procedures from YAML files)",
    )
    text = Text(error.text.vi + note.vi, error.text.en + note.en)
    return YamlError(text, error.path, error.line, error.column)


def load_yaml(
    path: str | Path,
    *,
    max_bytes: int = MAX_BYTES,
    top_mapping: bool = True,
    positions: bool = True,
) -> YamlDocument:
    """Load one YAML file whose top level is a mapping (unless ``top_mapping=False``).

    Raises :class:`YamlError` naming the file and line for anything that is not a
    well-formed, plain, UTF-8 YAML mapping of at most ``max_bytes`` bytes. The file is
    read whatever its name; when the name does not end in ``.yaml`` or ``.yml`` (a CSV
    export named by mistake), the error says so too.
    """
    name = str(path)
    try:
        return _load_yaml(name, max_bytes, top_mapping, positions)
    except YamlError as exc:
        if name.lower().endswith(_YAML_SUFFIXES):
            raise
        raise _not_yaml_named(exc) from exc


#: The file names :func:`load_yaml` expects (others get a note in their errors).
_YAML_SUFFIXES = (".yaml", ".yml")


def _load_yaml(name: str, max_bytes: int, top_mapping: bool, positions: bool) -> YamlDocument:
    try:
        # O_NONBLOCK: opening a named pipe would otherwise wait for a writer (a hung CI
        # job); it changes nothing for a regular file, which is all we then read.
        fd = os.open(name, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
        with open(fd, "rb") as handle:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                raise _error(
                    name, 1, 1, "không phải tệp thông thường", "not a regular file"
                ) from None
            raw = handle.read(max_bytes + 1)
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise _error(
            name, 1, 1, f"không đọc được tệp ({reason})", f"cannot read the file ({reason})"
        ) from exc
    if len(raw) > max_bytes:
        raise _error(
            name,
            1,
            1,
            f"tệp lớn hơn giới hạn {max_bytes} byte",
            f"file is larger than the limit of {max_bytes} bytes",
        )
    return parse_yaml(raw, name, top_mapping=top_mapping, positions=positions)


def parse_yaml(
    content: bytes | str,
    path: str = "<string>",
    *,
    top_mapping: bool = True,
    positions: bool = True,
) -> YamlDocument:
    """Parse YAML ``content`` (bytes must be UTF-8) as if read from ``path``.

    With ``top_mapping=False`` the top level may also be a list or a scalar. With
    ``positions=False`` the same checks run but positions are only computed (by parsing
    the kept text again) when :meth:`YamlDocument.position` is first asked: faster and
    much smaller for a big catalog, where few values ever need a position.
    """
    if isinstance(content, bytes):
        try:
            text = content.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = content.count(b"\n", 0, exc.start) + 1
            column = exc.start - (content.rfind(b"\n", 0, exc.start) + 1) + 1
            bad = content[exc.start : exc.start + 1].hex()
            raise _error(
                path,
                line,
                column,
                f"byte 0x{bad} không phải UTF-8; hãy lưu tệp với mã hoá UTF-8",
                f"byte 0x{bad} is not valid UTF-8; save the file as UTF-8",
            ) from exc
    else:
        text = content
    if "\r" in text:
        # One line break for everyone: the checks below count "\n", and a file saved with
        # CR alone (old Mac editors) looked empty to them. YAML folds every line break in a
        # value to "\n" anyway, and PyYAML counts lines alike either way.
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    _check_text(text, path)
    directives = _directives(text)
    builder = _Builder(path, positions)
    parser = _Parser(text)
    try:
        builder.run(parser)
    except YamlError:
        raise
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
        problem = " ".join(str(part) for part in (exc.context, exc.problem) if part)
        opened_vi = opened_en = ""
        start = exc.context_mark
        unclosed = any(word in (exc.context or "") for word in ("flow", "quoted"))
        if unclosed and start is not None and mark is not None and start.line != mark.line:
            # Found where the file ends or the next key begins: say where the unclosed
            # bracket or quote was opened, which is the line to fix.
            opened_vi = f" (mở ở dòng {start.line + 1}, cột {start.column + 1})"
            opened_en = f" (opened at line {start.line + 1}, column {start.column + 1})"
        said = _yaml_problem(exc.context, exc.problem)
        hint_vi = f"; {said.hint.vi}" if said.hint else ""
        hint_en = f"; {said.hint.en}" if said.hint else ""
        raise _error(
            path,
            line,
            column,
            f"YAML không hợp lệ: {said.vi}{opened_vi}{hint_vi}",
            f"invalid YAML: {problem}{opened_en}{hint_en}",
        ) from exc
    except (yaml.YAMLError, ValueError, RecursionError) as exc:  # defensive: no traceback
        raise _error(path, 1, 1, f"YAML không hợp lệ: {exc}", f"invalid YAML: {exc}") from exc
    finally:
        parser.dispose()
    return builder.document(directives, top_mapping, text)


@dataclass(frozen=True)
class _Said:
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


def _yaml_problem(context: str | None, problem: str | None) -> _Said:
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
        return _Said(f"{vi} ({where})" if where else vi, hint)
    return _Said(f"bộ đọc YAML báo “{english}”", None)


def _check_text(text: str, path: str) -> None:
    if _CONTENT.search(text) is None:  # nothing but blank lines and comments
        raise _error(path, 1, 1, "tệp rỗng", "the file is empty")
    shifted = _LINE_SEPARATORS.search(text)
    if shifted is not None:
        line = text.count("\n", 0, shifted.start()) + 1
        column = shifted.start() - (text.rfind("\n", 0, shifted.start()) + 1) + 1
        code = f"U+{ord(shifted.group()):04X}"
        escape = f"\\u{ord(shifted.group()):04x}"
        raise _error(
            path,
            line,
            column,
            f"ký tự {code} (ngắt dòng Unicode) không được phép: bộ đọc YAML coi nó là xuống "
            f"dòng nên mọi số dòng sau đó sẽ sai; hãy xoá nó, hoặc viết {escape} trong dấu "
            "nháy kép",
            f"character {code} (a Unicode line break) is not allowed: the YAML reader counts "
            f"it as a new line, so every line number after it would be wrong; remove it, or "
            f"write {escape} inside double quotes",
        )
    bad = _NON_PRINTABLE.search(text)
    if bad is not None:
        line = text.count("\n", 0, bad.start()) + 1
        column = bad.start() - (text.rfind("\n", 0, bad.start()) + 1) + 1
        code = f"U+{ord(bad.group()):04X}"
        raise _error(
            path,
            line,
            column,
            f"ký tự điều khiển {code} không được phép trong YAML",
            f"control character {code} is not allowed in YAML",
        )
    tab = _TAB_INDENT.search(text) if "\t" in text else None
    if tab is not None:
        line = text.count("\n", 0, tab.start()) + 1
        raise _error(
            path,
            line,
            len(tab.group(1)) + 1,
            "dùng tab để thụt lề; YAML chỉ cho phép dấu cách",
            "tab used for indentation; YAML allows only spaces",
        )


def _directives(text: str) -> tuple[Directive, ...]:
    if "tthc" not in text:
        return ()
    return tuple(
        Directive(text.count("\n", 0, match.start()) + 1, match.group("body"))
        for match in _DIRECTIVE.finditer(text)
    )


def _show_tag(tag: str) -> str:
    prefix = "tag:yaml.org,2002:"
    return "!!" + tag[len(prefix) :] if tag.startswith(prefix) else tag


class _Frame:
    """A mapping or sequence being built."""

    __slots__ = ("container", "is_map", "key", "key_lines", "loc")

    def __init__(self, container: dict[str, Any] | list[Any], loc: Loc) -> None:
        self.container = container
        self.is_map = isinstance(container, dict)
        self.loc = loc
        self.key: str | None = None  # mapping: the key waiting for its value
        self.key_lines: dict[str, int] = {}


class _Builder:
    """Builds plain data and positions from parser events, without recursion."""

    def __init__(self, path: str, track: bool = True) -> None:
        self.path = path
        self.track = track
        self.stack: list[_Frame] = []
        self.root: Any = None
        self.root_mark: Any = None
        self.root_text: str | None = None  # a scalar top level as written in the file
        self.documents = 0
        self.values: dict[Loc, int] = {}
        self.keys: dict[Loc, int] = {}

    def fail(self, mark: Any, vi: str, en: str) -> YamlError:
        return _error(self.path, mark.line + 1, mark.column + 1, vi, en)

    def run(self, parser: Any) -> None:
        """Consume the parser's events up to the end of the stream.

        Scalars inside a mapping or a sequence (nearly every event) are handled inline:
        this loop is most of the cost of loading a catalog.
        """
        get_event = parser.get_event
        scalar_event = yaml.ScalarEvent
        end_events = (yaml.MappingEndEvent, yaml.SequenceEndEvent)
        stream_end = yaml.StreamEndEvent
        implicit, words = _IMPLICIT, _WORDS
        stack, values, keys = self.stack, self.values, self.keys
        construct, track = self.construct, self.track
        while True:
            event = get_event()
            kind = type(event)
            if kind is scalar_event and stack:
                frame = stack[-1]
                key = frame.key
                if key is None and frame.is_map:
                    self.take_key(frame, event)
                    continue
                text = event.value
                if event.tag is not None:
                    value: Any = construct(event)
                elif not event.implicit[0] or text[:1] not in implicit:
                    value = text  # quoted, or plain text no resolver claims
                elif not text:
                    value = None  # an empty plain scalar is null
                elif text[0].isalpha():  # only yes/no/on/off/true/false/null start so
                    value = words.get(text, text)
                elif text.isdigit() and text.isascii() and (text[0] != "0" or text == "0"):
                    value = int(text)
                else:
                    value = construct(event)
                container: Any = frame.container
                if key is not None:  # a value in a mapping
                    container[key] = value
                    frame.key = None
                    if track:
                        loc: Loc = (*frame.loc, key)
                        if text == "" and not event.style:
                            values[loc] = keys[loc]  # an empty value: point at its key
                        else:
                            mark = event.start_mark
                            values[loc] = (mark.line + 1) << 20 | (mark.column + 1)
                elif track:
                    mark = event.start_mark
                    item: Loc = (*frame.loc, len(container))
                    values[item] = (mark.line + 1) << 20 | (mark.column + 1)
                    container.append(value)
                else:
                    container.append(value)
            elif kind in end_events:
                stack.pop()
            elif kind is stream_end:
                return
            elif kind is scalar_event:  # the whole document is one scalar
                self.place(construct(event), event, is_collection=False)
            else:
                self.other(event)

    def other(self, event: Any) -> None:
        if isinstance(event, yaml.MappingStartEvent):
            self.check_tag(event, _MAP)
            self.open({}, event)
        elif isinstance(event, yaml.SequenceStartEvent):
            self.check_tag(event, _SEQ)
            self.open([], event)
        elif isinstance(event, yaml.AliasEvent):
            raise self.fail(
                event.start_mark,
                f"không cho phép bí danh (*{event.anchor}); hãy viết đầy đủ giá trị",
                f"aliases (*{event.anchor}) are not allowed; write the value out in full",
            )
        elif isinstance(event, yaml.DocumentStartEvent):
            self.documents += 1
            if self.documents > 1:
                raise self.fail(
                    event.start_mark,
                    "tệp có nhiều hơn một tài liệu YAML (---)",
                    "the file holds more than one YAML document (---)",
                )

    def check_tag(self, event: Any, default: str) -> None:
        if event.tag is not None and event.tag not in (default, "!"):
            shown = _show_tag(event.tag)
            raise self.fail(
                event.start_mark, f"không cho phép thẻ {shown}", f"tag {shown} is not allowed"
            )

    def open(self, container: dict[str, Any] | list[Any], event: Any) -> None:
        if len(self.stack) >= MAX_DEPTH:
            raise self.fail(
                event.start_mark,
                f"lồng nhau sâu quá {MAX_DEPTH} cấp",
                f"nesting deeper than {MAX_DEPTH} levels",
            )
        loc = self.place(container, event, is_collection=True)
        self.stack.append(_Frame(container, loc))

    def take_key(self, frame: _Frame, event: Any) -> None:
        key = event.value
        mark = event.start_mark
        if key == "<<" and event.tag is None and event.implicit[0]:
            raise self.fail(
                mark,
                "không hỗ trợ khoá gộp (<<); hãy viết đầy đủ các khoá",
                "merge keys (<<) are not supported; write the keys out in full",
            )
        first = frame.key_lines.get(key)
        if first is not None:
            raise self.fail(
                mark,
                f"khoá '{key}' bị lặp (lần đầu ở dòng {first})",
                f"duplicate key '{key}' (first at line {first})",
            )
        frame.key_lines[key] = mark.line + 1
        frame.key = key
        if self.track:
            key_loc: Loc = (*frame.loc, key)
            self.keys[key_loc] = (mark.line + 1) << 20 | (mark.column + 1)

    def place(self, value: Any, event: Any, *, is_collection: bool) -> Loc:
        mark = event.start_mark
        packed = (mark.line + 1) << 20 | (mark.column + 1)
        if not self.stack:
            self.root = value
            self.root_mark = mark
            self.root_text = None if is_collection else event.value
            loc: Loc = ()
        else:
            frame = self.stack[-1]
            container = frame.container
            if isinstance(container, list):
                loc = (*frame.loc, len(container)) if self.track else ()
                container.append(value)
            else:
                if is_collection and frame.key is None:
                    raise self.fail(
                        mark,
                        "khoá phải là một giá trị đơn (chuỗi), không phải danh sách hay bảng",
                        "a key must be a plain scalar, not a list or mapping",
                    )
                key = frame.key
                assert key is not None
                loc = (*frame.loc, key)
                container[key] = value
                frame.key = None
                if not self.track:
                    return ()
                if not is_collection and event.value == "" and not event.style:
                    packed = self.keys[loc]  # an empty value: point at its key
        if self.track:
            self.values[loc] = packed
        return loc

    def construct(self, event: Any) -> Any:
        tag = event.tag
        value = event.value
        if tag is None or tag == "!":
            if not event.implicit[0]:
                return value  # quoted or block scalar: text
            for candidate, pattern in _IMPLICIT.get(value[:1], ()):
                if pattern.match(value):
                    tag = candidate
                    break
            else:
                if value[:1] in _NUMBER_START:
                    self.check_number(event, None)
                return value
            if value[:1] in _NUMBER_START:
                self.check_number(event, tag)
        if tag in (_STR, _VALUE):  # a lone "=" is text, not PyYAML's !!value
            return value
        if tag not in _SCALAR_TAGS:
            shown = _show_tag(tag)
            raise self.fail(
                event.start_mark, f"không cho phép thẻ {shown}", f"tag {shown} is not allowed"
            )
        node = ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
        try:
            return _constructor.yaml_constructors[tag](_constructor, node)
        except Exception as exc:  # PyYAML's constructors assume a value that fits the tag
            if event.tag is not None:
                shown = _show_tag(tag)
                raise self.fail(
                    event.start_mark,
                    f"giá trị {value!r} không phải {shown} hợp lệ",
                    f"value {value!r} is not a valid {shown}",
                ) from exc
            # e.g. 2025-02-30 looks like a date but is none; keep the text so that the
            # model reports it at this position with its own message.
            return value

    def check_number(self, event: Any, tag: str | None) -> None:
        """Refuse a plain scalar that YAML 1.1 (``tag``, ``None`` for text) and YAML 1.2
        read differently: ``010`` is 8 for one and 10 for the other, ``1:30`` 90 or text.

        A catalog is read by other tools too; a number whose meaning depends on the YAML
        version is a silent misread waiting to happen, so the file must say it plainly.
        """
        value = event.value
        old: Any = None
        if tag in (_INT, _FLOAT):
            node = ScalarNode(tag, value, event.start_mark, event.end_mark, event.style)
            old = _constructor.yaml_constructors[tag](_constructor, node)
        new = _read_12(value)
        if type(old) is type(new) and (old == new or (old != old and new != new)):
            return  # the same number (or both text) in both versions
        said_11 = "văn bản" if old is None else _number_text(old)
        said_12 = "văn bản" if new is None else _number_text(new)
        said_11_en = "text" if old is None else _number_text(old)
        said_12_en = "text" if new is None else _number_text(new)
        number = new if new is not None else old
        raise self.fail(
            event.start_mark,
            f"số {_quote(value)} được đọc khác nhau: YAML 1.1 đọc là {said_11}, YAML 1.2 đọc "
            f"là {said_12}; hãy viết {_number_text(number)} nếu đó là số, hoặc đặt trong dấu "
            f"nháy ('{value}') nếu đó là văn bản",
            f"the number {_quote(value)} reads differently in YAML 1.1 ({said_11_en}) and YAML "
            f"1.2 ({said_12_en}); write {_number_text(number)} if it is a number, or quote it "
            f"('{value}') if it is text",
        )

    def document(
        self, directives: tuple[Directive, ...], top_mapping: bool, text: str
    ) -> YamlDocument:
        written_null = self.root is None and bool(self.root_text)  # "~" or "null", not ""
        if self.root is None and not (top_mapping and written_null):
            raise _error(self.path, 1, 1, "tệp rỗng", "the file is empty")
        if top_mapping and not isinstance(self.root, dict):
            kind = kind_of(self.root)
            shown = "" if self.root_text is None else f" ({_quote(self.root_text)})"
            raise self.fail(
                self.root_mark,
                f"cấp trên cùng phải là một bảng khoá: giá trị, không phải {kind.vi}{shown}",
                f"the top level must be a mapping of keys to values, not {kind.en}{shown}",
            )
        if not self.track:
            return YamlDocument(self.path, self.root, directives, text)
        return YamlDocument(self.path, self.root, directives, text, self.values, self.keys)
