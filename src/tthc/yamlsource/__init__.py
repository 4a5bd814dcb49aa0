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

The package along its seams: :mod:`~tthc.yamlsource.read` reads a file or text and checks
it as text, :mod:`~tthc.yamlsource.build` builds the data and positions from the parser's
events, :mod:`~tthc.yamlsource.scalars` says what a scalar means,
:mod:`~tthc.yamlsource.messages` tells PyYAML's errors in Vietnamese,
:mod:`~tthc.yamlsource.document` and :mod:`~tthc.yamlsource.position` hold the result.
"""

from tthc.errors import YamlError
from tthc.yamlsource.build import MAX_DEPTH
from tthc.yamlsource.document import Directive, YamlDocument
from tthc.yamlsource.position import Loc, Position
from tthc.yamlsource.read import MAX_BYTES, load_yaml, parse_yaml
from tthc.yamlsource.scalars import kind_of

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
