"""A loaded YAML file (tài liệu YAML): its plain data and where every value was written.

Positions are packed as ``line << 20 | column`` per :data:`~tthc.yamlsource.position.Loc`;
for a big catalog they may be left out when loading and computed, by parsing the kept text
again, only when a value's position is first asked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from tthc.yamlsource.build import run
from tthc.yamlsource.position import Loc, Position

__all__ = ["Directive", "YamlDocument"]

# The first line of the top-level mapping (not "---", a directive "%" or a comment).
_FIRST_CONTENT = re.compile(r"^[ \t]*[^ \t\r\n#%-]", re.MULTILINE)


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
            # The text was checked when it was loaded: parsing it again cannot fail.
            again = run(self.text, self.path, track=True)
            self._values, self._keys = again.values, again.keys
        return self._values, self._keys

    def key_position(self, loc: Loc) -> Position:
        """Position of the key of the mapping entry at ``loc`` (else as :meth:`position`)."""
        packed = self._positions()[1].get(tuple(loc))
        return self._unpack(packed) if packed is not None else self.position(loc)

    def _unpack(self, packed: int) -> Position:
        return Position(self.path, packed >> 20, packed & 0xFFFFF)
