"""Reading a YAML file or text into a :class:`YamlDocument` (đọc tệp YAML), refusing what
a catalog file must not be.

A file is read only when it is a regular file of at most :data:`MAX_BYTES`, as UTF-8 text
without control characters, Unicode line separators or tabs in its indentation; PyYAML's
syntax errors are told in both languages at ``path:line:column``
(:mod:`tthc.yamlsource.messages`); the data is built by :mod:`tthc.yamlsource.build`.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

import yaml

from tthc.errors import YamlError
from tthc.i18n import Text
from tthc.yamlsource.build import run
from tthc.yamlsource.document import Directive, YamlDocument
from tthc.yamlsource.messages import yaml_problem
from tthc.yamlsource.position import error_at

__all__ = ["MAX_BYTES", "load_yaml", "parse_yaml"]

#: Largest file accepted, in bytes (1 MiB). A procedure file is a few kilobytes.
MAX_BYTES = 1024 * 1024

# Characters YAML forbids in a stream (the same set as PyYAML's reader).
_NON_PRINTABLE = re.compile(
    "[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)

# Line breaks for PyYAML (YAML 1.1) but not for editors or YAML 1.2.
_LINE_SEPARATORS = re.compile("[\x85\u2028\u2029]")

# ``# tthc: disable=TT104,TT304`` at the start of a line.
_DIRECTIVE = re.compile(r"^#[ \t]*tthc[ \t]*:[ \t]*(?P<body>[^\r\n]*?)[ \t]*\r?$", re.MULTILINE)
# A line with something other than blanks and a comment.
_CONTENT = re.compile(r"^[ \t]*[^ \t\r\n#]", re.MULTILINE)
# A tab in the indentation of a line that holds something other than a comment.
_TAB_INDENT = re.compile(r"^( *)\t[ \t]*[^ \t\r\n#]", re.MULTILINE)


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
                raise error_at(
                    name, 1, 1, "không phải tệp thông thường", "not a regular file"
                ) from None
            raw = handle.read(max_bytes + 1)
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise error_at(
            name, 1, 1, f"không đọc được tệp ({reason})", f"cannot read the file ({reason})"
        ) from exc
    if len(raw) > max_bytes:
        raise error_at(
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
            raise error_at(
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
    try:
        builder = run(text, path, track=positions)
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
        said = yaml_problem(exc.context, exc.problem)
        hint_vi = f"; {said.hint.vi}" if said.hint else ""
        hint_en = f"; {said.hint.en}" if said.hint else ""
        raise error_at(
            path,
            line,
            column,
            f"YAML không hợp lệ: {said.vi}{opened_vi}{hint_vi}",
            f"invalid YAML: {problem}{opened_en}{hint_en}",
        ) from exc
    except (yaml.YAMLError, ValueError, RecursionError) as exc:  # defensive: no traceback
        raise error_at(path, 1, 1, f"YAML không hợp lệ: {exc}", f"invalid YAML: {exc}") from exc
    root = builder.root_value(top_mapping)
    if not positions:
        return YamlDocument(path, root, directives, text)
    return YamlDocument(path, root, directives, text, builder.values, builder.keys)


def _check_text(text: str, path: str) -> None:
    if _CONTENT.search(text) is None:  # nothing but blank lines and comments
        raise error_at(path, 1, 1, "tệp rỗng", "the file is empty")
    shifted = _LINE_SEPARATORS.search(text)
    if shifted is not None:
        line = text.count("\n", 0, shifted.start()) + 1
        column = shifted.start() - (text.rfind("\n", 0, shifted.start()) + 1) + 1
        code = f"U+{ord(shifted.group()):04X}"
        escape = f"\\u{ord(shifted.group()):04x}"
        raise error_at(
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
        raise error_at(
            path,
            line,
            column,
            f"ký tự điều khiển {code} không được phép trong YAML",
            f"control character {code} is not allowed in YAML",
        )
    tab = _TAB_INDENT.search(text) if "\t" in text else None
    if tab is not None:
        line = text.count("\n", 0, tab.start()) + 1
        raise error_at(
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
