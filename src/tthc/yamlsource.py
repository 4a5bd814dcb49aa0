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
- nesting deeper than :data:`MAX_DEPTH` is refused.

Every error is a :class:`YamlError` (a :class:`~tthc.errors.CatalogError`) whose
bilingual message starts with ``path:line:column``. No input makes the loader fail
with anything else.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import ScalarNode
from yaml.resolver import Resolver

from tthc.errors import CatalogError
from tthc.i18n import Text

__all__ = [
    "MAX_BYTES",
    "MAX_DEPTH",
    "Directive",
    "Loc",
    "Position",
    "YamlDocument",
    "YamlError",
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

# ``# tthc: disable=TT105,TT106`` at the start of a line.
_DIRECTIVE = re.compile(r"^#\s*tthc\s*:\s*(?P<body>.*?)\s*$")

_STR = "tag:yaml.org,2002:str"
_NULL = "tag:yaml.org,2002:null"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
_MERGE = "tag:yaml.org,2002:merge"
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

_resolver = Resolver()
_constructor = SafeConstructor()


class YamlError(CatalogError):
    """A YAML file that cannot be loaded; the message starts with ``path:line:column``."""

    def __init__(self, text: Text, path: str, line: int, column: int) -> None:
        super().__init__(text)
        self.path = path
        self.line = line
        self.column = column


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
    # Positions packed as line << 20 | column (1-based), to keep 5,000 files small.
    _values: dict[Loc, int] = field(default_factory=dict, repr=False)
    _keys: dict[Loc, int] = field(default_factory=dict, repr=False)

    def position(self, loc: Loc = ()) -> Position:
        """Position of the value at ``loc``, or of its nearest ancestor that exists.

        ``loc`` is a tuple of keys and indexes (pydantic's ``loc``). A missing key
        (for example a required field that is absent) gives the position of the
        mapping that should hold it.
        """
        loc = tuple(loc)
        while loc:
            packed = self._values.get(loc)
            if packed is not None:
                return self._unpack(packed)
            loc = loc[:-1]
        return self._unpack(self._values.get((), 1 << 20 | 1))

    def key_position(self, loc: Loc) -> Position:
        """Position of the key of the mapping entry at ``loc`` (else as :meth:`position`)."""
        packed = self._keys.get(tuple(loc))
        return self._unpack(packed) if packed is not None else self.position(loc)

    def _unpack(self, packed: int) -> Position:
        return Position(self.path, packed >> 20, packed & 0xFFFFF)


def _error(path: str, line: int, column: int, vi: str, en: str) -> YamlError:
    where = f"{path}:{line}:{column}"
    return YamlError(Text(f"{where}: {vi}", f"{where}: {en}"), path, line, column)


def load_yaml(
    path: str | Path, *, max_bytes: int = MAX_BYTES, top_mapping: bool = True
) -> YamlDocument:
    """Load one YAML file whose top level is a mapping (unless ``top_mapping=False``).

    Raises :class:`YamlError` naming the file and line for anything that is not a
    well-formed, plain, UTF-8 YAML mapping of at most ``max_bytes`` bytes.
    """
    name = str(path)
    try:
        with open(path, "rb") as handle:
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
    return parse_yaml(raw, name, top_mapping=top_mapping)


def parse_yaml(
    content: bytes | str, path: str = "<string>", *, top_mapping: bool = True
) -> YamlDocument:
    """Parse YAML ``content`` (bytes must be UTF-8) as if read from ``path``.

    With ``top_mapping=False`` the top level may also be a list or a scalar.
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
    _check_text(text, path)
    directives = tuple(
        Directive(number, match.group("body"))
        for number, line in enumerate(text.split("\n"), start=1)
        if line.startswith("#") and (match := _DIRECTIVE.match(line))
    )
    builder = _Builder(path)
    try:
        for event in yaml.parse(text, Loader=_Parser):
            builder.feed(event)
    except YamlError:
        raise
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
        problem = " ".join(str(part) for part in (exc.context, exc.problem) if part)
        raise _error(
            path, line, column, f"YAML không hợp lệ: {problem}", f"invalid YAML: {problem}"
        ) from exc
    except (yaml.YAMLError, ValueError, RecursionError) as exc:  # defensive: no traceback
        raise _error(path, 1, 1, f"YAML không hợp lệ: {exc}", f"invalid YAML: {exc}") from exc
    return builder.document(directives, top_mapping)


def _check_text(text: str, path: str) -> None:
    if not text.strip() or all(
        not line.strip() or line.lstrip().startswith("#") for line in text.splitlines()
    ):
        raise _error(path, 1, 1, "tệp rỗng", "the file is empty")
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
    for number, row in enumerate(text.split("\n"), start=1):
        stripped = row.lstrip(" \t")
        if not stripped or stripped.startswith("#"):
            continue
        indent = row[: len(row) - len(stripped)]
        if "\t" in indent:
            raise _error(
                path,
                number,
                indent.index("\t") + 1,
                "dùng tab để thụt lề; YAML chỉ cho phép dấu cách",
                "tab used for indentation; YAML allows only spaces",
            )


def _show_tag(tag: str) -> str:
    prefix = "tag:yaml.org,2002:"
    return "!!" + tag[len(prefix) :] if tag.startswith(prefix) else tag


class _Frame:
    """A mapping or sequence being built."""

    __slots__ = ("container", "key", "key_lines", "loc")

    def __init__(self, container: dict[str, Any] | list[Any], loc: Loc) -> None:
        self.container = container
        self.loc = loc
        self.key: str | None = None  # mapping: the key waiting for its value
        self.key_lines: dict[str, int] = {}


class _Builder:
    """Builds plain data and positions from parser events, without recursion."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.stack: list[_Frame] = []
        self.root: Any = None
        self.root_mark: Any = None
        self.documents = 0
        self.values: dict[Loc, int] = {}
        self.keys: dict[Loc, int] = {}

    def fail(self, mark: Any, vi: str, en: str) -> YamlError:
        return _error(self.path, mark.line + 1, mark.column + 1, vi, en)

    def feed(self, event: yaml.Event) -> None:
        if isinstance(event, yaml.ScalarEvent):
            self.scalar(event)
        elif isinstance(event, yaml.MappingStartEvent):
            self.check_tag(event, _MAP)
            self.open({}, event)
        elif isinstance(event, yaml.SequenceStartEvent):
            self.check_tag(event, _SEQ)
            self.open([], event)
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            self.stack.pop()
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

    def scalar(self, event: Any) -> None:
        if self.stack:
            frame = self.stack[-1]
            if isinstance(frame.container, dict) and frame.key is None:
                self.take_key(frame, event)
                return
        self.place(self.construct(event), event, is_collection=False)

    def take_key(self, frame: _Frame, event: Any) -> None:
        key = event.value
        mark = event.start_mark
        if event.tag is None and event.implicit[0] and key == "<<":
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
        key_loc: Loc = (*frame.loc, key)
        self.keys[key_loc] = (mark.line + 1) << 20 | (mark.column + 1)

    def place(self, value: Any, event: Any, *, is_collection: bool) -> Loc:
        mark = event.start_mark
        packed = (mark.line + 1) << 20 | (mark.column + 1)
        if not self.stack:
            self.root = value
            self.root_mark = mark
            loc: Loc = ()
        else:
            frame = self.stack[-1]
            container = frame.container
            if isinstance(container, list):
                loc = (*frame.loc, len(container))
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
                if not is_collection and event.value == "" and not event.style:
                    packed = self.keys[loc]  # an empty value: point at its key
        self.values[loc] = packed
        return loc

    def construct(self, event: Any) -> Any:
        tag = event.tag
        if tag is None or tag == "!":
            tag = _resolver.resolve(ScalarNode, event.value, event.implicit)  # type: ignore[no-untyped-call]
        if tag == _STR:
            return event.value
        if tag not in _SCALAR_TAGS:
            shown = _show_tag(tag)
            raise self.fail(
                event.start_mark, f"không cho phép thẻ {shown}", f"tag {shown} is not allowed"
            )
        node = ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
        try:
            return _constructor.yaml_constructors[tag](_constructor, node)
        except (ValueError, OverflowError, yaml.YAMLError):
            # e.g. 2025-02-30 looks like a date but is none; keep the text so that the
            # model reports it at this position with its own message.
            return event.value

    def document(self, directives: tuple[Directive, ...], top_mapping: bool) -> YamlDocument:
        if self.root is None:
            raise _error(self.path, 1, 1, "tệp rỗng", "the file is empty")
        if top_mapping and not isinstance(self.root, dict):
            is_list = isinstance(self.root, list)
            raise self.fail(
                self.root_mark,
                "cấp trên cùng phải là một bảng khoá: giá trị, không phải "
                + ("danh sách" if is_list else repr(self.root)),
                "the top level must be a mapping of keys to values, not "
                + ("a list" if is_list else repr(self.root)),
            )
        return YamlDocument(self.path, self.root, directives, self.values, self.keys)
