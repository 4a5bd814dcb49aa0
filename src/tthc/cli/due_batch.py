"""``tthc due --batch [FILE|-]``: many dossiers as JSON lines in, one JSON line each out.

Each input line is one dossier (:class:`tthc.dossierjson.DossierRequest`, the body of
``POST /v1/deadlines``); each output line is its answer (the object of
``tthc due --format json``) or, for a line that cannot be read or computed,
``{"line": N, "error": {"code", "message", "input", "path"}}``: the line number (from 1),
a machine-readable code, the message in the chosen language, the line as read (cut to
200 characters) and the JSON path of the field at fault. The other lines still come out,
in order. Blank lines are skipped.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from typing import IO, TYPE_CHECKING

from tthc.cli import EXIT_FINDINGS, EXIT_OK
from tthc.errors import TthcError
from tthc.i18n import Lang, Text

if TYPE_CHECKING:
    from tthc.catalog import Catalog
    from tthc.dossierjson import DossierRequest
    from tthc.rules import Rules

#: A line longer than this is refused (a dossier object is a few hundred bytes).
MAX_LINE_BYTES = 64 * 1024
#: Lines computed together (the unit of work of the batch engine).
CHUNK = 5000
#: How much of a bad line its error quotes.
QUOTED_CHARS = 200


def _lines(stream: IO[bytes]) -> Iterator[tuple[int, bytes | None]]:
    """(line number, the line), or ``None`` for a line longer than :data:`MAX_LINE_BYTES`
    (read to its end and dropped, so memory stays bounded)."""
    number = 0
    while True:
        line = stream.readline(MAX_LINE_BYTES + 1)
        if not line:
            return
        number += 1
        if len(line) > MAX_LINE_BYTES and not line.endswith(b"\n"):
            while True:  # the rest of the long line
                more = stream.readline(MAX_LINE_BYTES)
                if not more or more.endswith(b"\n"):
                    break
            yield number, None
            continue
        yield number, line


def error_line(number: int, code: str, text: Text, shown: str, path: str, lang: Lang) -> str:
    """The output line of a line that failed."""
    error = {"code": code, "message": text(lang), "input": shown, "path": path}
    return json.dumps({"line": number, "error": error}, ensure_ascii=False)


def run_batch(args: argparse.Namespace, lang: Lang) -> int:
    """Read ``args.batch`` (a file, or ``-`` for standard input) and write the answers."""
    from tthc.cli import rules_of

    if args.received is not None or args.time is not None or args.procedure is not None:
        raise TthcError(
            Text(
                "--batch đọc hồ sơ từ các dòng JSON: không dùng cùng --received, --time, "
                "--procedure",
                "--batch reads the dossiers from JSON lines: do not give --received, --time "
                "or --procedure with it",
            )
        )
    rules = rules_of(args)
    _ = rules.calendar  # built before the first line: a bad configuration stops at once
    if args.batch == "-":
        return _run(sys.stdin.buffer, rules, args, lang)
    with open(args.batch, "rb") as stream:  # OSError: exit 2 naming the file (cli.main)
        return _run(stream, rules, args, lang)


class _Catalog:
    """The catalog, loaded on the first line that names a procedure."""

    def __init__(self, args: argparse.Namespace, rules: Rules) -> None:
        self._path = args.catalog or rules.config.catalog
        self._loaded: Catalog | None = None

    def get(self) -> Catalog | None:
        if self._loaded is None and self._path is not None:
            from tthc.catalog import load_catalog

            self._loaded = load_catalog(self._path)
        return self._loaded


def read_line(raw: bytes) -> DossierRequest:
    """The dossier of one line: read with :mod:`json` when it is plainly valid (the common
    case, several times faster), else by pydantic, which gives the same request or the
    ``ValidationError`` naming the field at fault."""
    from tthc.dossierjson import DossierRequest
    from tthc.dossierjson.fastread import plain_request

    try:
        request = plain_request(json.loads(raw.decode("utf-8")))
    except ValueError:  # not UTF-8 or not JSON: pydantic says where
        request = None
    return request if request is not None else DossierRequest.model_validate_json(raw)


def _run(stream: IO[bytes], rules: Rules, args: argparse.Namespace, lang: Lang) -> int:
    from pydantic import ValidationError

    from tthc.dossierjson import request_errors

    catalog = _Catalog(args, rules)
    out = sys.stdout
    failed = False
    # (line number, the line or its quote, the request or the line's output)
    pending: list[tuple[int, bytes | str, DossierRequest | str]] = []

    def flush() -> None:
        nonlocal failed
        failed |= _flush(pending, rules, catalog, lang, out)
        pending.clear()

    for number, raw in _lines(stream):
        if raw is None:
            text = Text(
                f"dòng dài hơn {MAX_LINE_BYTES} byte", f"line longer than {MAX_LINE_BYTES} bytes"
            )
            pending.append((number, "", error_line(number, "line_too_long", text, "", "$", lang)))
            continue
        if not raw.strip():
            continue
        try:
            request = read_line(raw)
        except ValidationError as exc:
            shown = _shown(raw)
            path, text = request_errors(exc)[0]
            code = "json" if path == "$" and "JSON" in text.en else "invalid"
            pending.append((number, shown, error_line(number, code, text, shown, path, lang)))
        else:  # the line itself is quoted only if it fails; a long one is cut now
            pending.append((number, raw if len(raw) <= 4096 else _shown(raw), request))
        if len(pending) >= CHUNK:
            flush()
    flush()
    out.flush()
    return EXIT_FINDINGS if failed else EXIT_OK


def _shown(raw: bytes | str) -> str:
    """A line as its error quotes it: decoded, trimmed, cut to :data:`QUOTED_CHARS`."""
    if isinstance(raw, str):
        return raw
    return raw.decode("utf-8", "replace").strip()[:QUOTED_CHARS]


def _flush(
    pending: list[tuple[int, bytes | str, DossierRequest | str]],
    rules: Rules,
    catalog: _Catalog,
    lang: Lang,
    out: IO[str],
) -> bool:
    """Compute the requests of ``pending`` together and write every line in order; whether
    one failed."""
    from tthc.dossierjson import DossierError
    from tthc.dossierjson.grouped import answer_texts

    requests = [item for _, _, item in pending if not isinstance(item, str)]
    needs_catalog = any(r.procedure is not None for r in requests)
    answers = iter(answer_texts(rules, catalog.get() if needs_catalog else None, requests, lang))
    failed = False
    lines: list[str] = []
    for number, line, item in pending:
        if isinstance(item, str):
            failed = True
            lines.append(item)
            continue
        answer = next(answers)
        if isinstance(answer, DossierError):
            failed = True
            code = answer.code or "dossier"
            shown = _shown(line)
            lines.append(error_line(number, code, answer.text, shown, answer.path, lang))
        else:
            lines.append(answer)
    if lines:
        out.write("\n".join(lines) + "\n")
    return failed
