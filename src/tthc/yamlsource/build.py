"""Plain data and positions built from PyYAML's parser events (dựng dữ liệu và vị trí).

The builder reads the event stream without recursion and without building PyYAML's
node graph: mappings, sequences and scalars become dicts, lists and plain values, and
the line and column of every key and value are recorded by their :data:`Loc`. It refuses
what a catalog must not hold: aliases, merge keys, duplicate keys, tags other than the
standard ones, non-scalar keys, nesting deeper than :data:`MAX_DEPTH`, several documents.
"""

from __future__ import annotations

from typing import Any

import yaml

from tthc.errors import YamlError
from tthc.yamlsource.position import Loc, error_at
from tthc.yamlsource.scalars import IMPLICIT, MAP, SEQ, WORDS, construct, kind_of, quote, show_tag

__all__ = ["MAX_DEPTH", "Builder", "run"]

#: Deepest nesting of mappings and sequences accepted (a procedure needs about 5).
MAX_DEPTH = 32

# The C parser is about ten times faster; the pure-Python one behaves the same.
_Parser: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def run(text: str, path: str, *, track: bool) -> Builder:
    """Parse ``text`` (already checked as text) into a :class:`Builder` holding its data and,
    with ``track``, the position of every key and value. PyYAML's own errors propagate."""
    builder = Builder(path, track)
    parser = _Parser(text)
    try:
        builder.run(parser)
    finally:
        parser.dispose()
    return builder


class _Frame:
    """A mapping or sequence being built."""

    __slots__ = ("container", "is_map", "key", "key_lines", "loc")

    def __init__(self, container: dict[str, Any] | list[Any], loc: Loc) -> None:
        self.container = container
        self.is_map = isinstance(container, dict)
        self.loc = loc
        self.key: str | None = None  # mapping: the key waiting for its value
        self.key_lines: dict[str, int] = {}


class Builder:
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
        return error_at(self.path, mark.line + 1, mark.column + 1, vi, en)

    def run(self, parser: Any) -> None:
        """Consume the parser's events up to the end of the stream.

        Scalars inside a mapping or a sequence (nearly every event) are handled inline:
        this loop is most of the cost of loading a catalog.
        """
        get_event = parser.get_event
        scalar_event = yaml.ScalarEvent
        end_events = (yaml.MappingEndEvent, yaml.SequenceEndEvent)
        stream_end = yaml.StreamEndEvent
        implicit, words = IMPLICIT, WORDS
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
            self.check_tag(event, MAP)
            self.open({}, event)
        elif isinstance(event, yaml.SequenceStartEvent):
            self.check_tag(event, SEQ)
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
            shown = show_tag(event.tag)
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
        return construct(event, self.path)

    def root_value(self, top_mapping: bool) -> Any:
        """The top level of the document, once checked: not empty, and a mapping when
        ``top_mapping``."""
        written_null = self.root is None and bool(self.root_text)  # "~" or "null", not ""
        if self.root is None and not (top_mapping and written_null):
            raise error_at(self.path, 1, 1, "tệp rỗng", "the file is empty")
        if top_mapping and not isinstance(self.root, dict):
            kind = kind_of(self.root)
            shown = "" if self.root_text is None else f" ({quote(self.root_text)})"
            raise self.fail(
                self.root_mark,
                f"cấp trên cùng phải là một bảng khoá: giá trị, không phải {kind.vi}{shown}",
                f"the top level must be a mapping of keys to values, not {kind.en}{shown}",
            )
        return self.root
