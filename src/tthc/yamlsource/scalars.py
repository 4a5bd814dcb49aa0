"""What a scalar of a catalog file means (giá trị đơn): text, number, date, true/false.

Plain scalars are resolved as PyYAML's SafeLoader does (YAML 1.1), and a plain number that
YAML 1.1 and YAML 1.2 read differently (``010``, ``1:30``, ``1e3``, ...) is refused with how
to write it: a catalog is read by other tools too. Only the standard scalar tags are
accepted; nothing executes.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from yaml.constructor import SafeConstructor
from yaml.nodes import ScalarNode
from yaml.resolver import Resolver

from tthc.errors import YamlError
from tthc.i18n import Text
from tthc.yamlsource.position import error_at

__all__ = [
    "IMPLICIT",
    "MAP",
    "NUMBER_START",
    "QUOTE_LIMIT",
    "SEQ",
    "WORDS",
    "check_number",
    "construct",
    "kind_of",
    "quote",
    "show_tag",
]

# How YAML 1.2 (core schema) reads a plain scalar as a number.
_INT_12 = re.compile(r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+")
_FLOAT_12 = re.compile(
    r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)"
    r"|\.(?:nan|NaN|NAN)"
)
# The first characters of a plain scalar that either version may read as a number.
NUMBER_START = frozenset("0123456789+-.")

_STR = "tag:yaml.org,2002:str"
_NULL = "tag:yaml.org,2002:null"
MAP = "tag:yaml.org,2002:map"
SEQ = "tag:yaml.org,2002:seq"
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
IMPLICIT: dict[str, list[tuple[str, re.Pattern[str]]]] = Resolver.yaml_implicit_resolvers
_constructor = SafeConstructor()
# The plain words YAML 1.1 reads as booleans or null (PyYAML's SafeLoader resolvers).
WORDS: dict[str, bool | None] = {
    **{w: True for w in ("yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON")},
    **{w: False for w in ("no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF")},
    **{w: None for w in ("null", "Null", "NULL")},
}


#: Longest part of a value quoted in a message (a whole CSV file read as one string
#: would otherwise fill the screen).
QUOTE_LIMIT = 60


def quote(text: str) -> str:
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


def show_tag(tag: str) -> str:
    """A tag as a catalog writes it: ``!!int`` for YAML's own, else as given."""
    prefix = "tag:yaml.org,2002:"
    return "!!" + tag[len(prefix) :] if tag.startswith(prefix) else tag


def _fail(path: str, mark: Any, vi: str, en: str) -> YamlError:
    return error_at(path, mark.line + 1, mark.column + 1, vi, en)


def construct(event: Any, path: str) -> Any:
    """The value of a scalar that is not plain text or a plain integer (the fast path of
    the builder): a tagged scalar, or one a YAML 1.1 resolver claims. Numbers that YAML 1.1
    and 1.2 read differently are refused (:func:`check_number`)."""
    tag = event.tag
    value = event.value
    if tag is None or tag == "!":
        if not event.implicit[0]:
            return value  # quoted or block scalar: text
        for candidate, pattern in IMPLICIT.get(value[:1], ()):
            if pattern.match(value):
                tag = candidate
                break
        else:
            if value[:1] in NUMBER_START:
                check_number(event, None, path)
            return value
        if value[:1] in NUMBER_START:
            check_number(event, tag, path)
    if tag in (_STR, _VALUE):  # a lone "=" is text, not PyYAML's !!value
        return value
    if tag not in _SCALAR_TAGS:
        shown = show_tag(tag)
        raise _fail(
            path, event.start_mark, f"không cho phép thẻ {shown}", f"tag {shown} is not allowed"
        )
    node = ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
    try:
        return _constructor.yaml_constructors[tag](_constructor, node)
    except Exception as exc:  # PyYAML's constructors assume a value that fits the tag
        if event.tag is not None:
            shown = show_tag(tag)
            raise _fail(
                path,
                event.start_mark,
                f"giá trị {value!r} không phải {shown} hợp lệ",
                f"value {value!r} is not a valid {shown}",
            ) from exc
        # e.g. 2025-02-30 looks like a date but is none; keep the text so that the
        # model reports it at this position with its own message.
        return value


def check_number(event: Any, tag: str | None, path: str) -> None:
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
    raise _fail(
        path,
        event.start_mark,
        f"số {quote(value)} được đọc khác nhau: YAML 1.1 đọc là {said_11}, YAML 1.2 đọc "
        f"là {said_12}; hãy viết {_number_text(number)} nếu đó là số, hoặc đặt trong dấu "
        f"nháy ('{value}') nếu đó là văn bản",
        f"the number {quote(value)} reads differently in YAML 1.1 ({said_11_en}) and YAML "
        f"1.2 ({said_12_en}); write {_number_text(number)} if it is a number, or quote it "
        f"('{value}') if it is text",
    )
