"""The ``tthc`` command.

Each subcommand lives in its own module of this package and is found at start-up:
a module with ``COMMAND`` (its name), ``HELP`` (one line) and ``register(parser)``,
which adds its arguments and sets ``parser.set_defaults(run=...)``; ``run(args)``
returns the exit code. Modules import heavy things inside ``run`` so that
``tthc --help`` stays fast.

Exit codes (as ruff and check-jsonschema): 0 success / no errors, 1 findings or a
late/failed check, 2 usage, input or I/O error.

With ``--format json`` (and ``tthc due --batch``) a command also reports its own error as
one JSON object on standard output, ``{"error": {"code", "message", "input"}}``: a
machine-readable code, the message in the chosen language and the command's arguments as
given; the same message still goes to standard error as text.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import os
import pkgutil
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from tthc.errors import TthcError, error_code
from tthc.i18n import LANGS, Lang, Text, default_lang, parse_lang

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2


class _Parser(argparse.ArgumentParser):
    wants_json = False
    """Whether the command line asks for JSON (set by :func:`main`): usage errors then
    come out as JSON too."""
    argv: Sequence[str] = ()

    def error(self, message: str) -> Any:
        if _Parser.wants_json:
            print_json_error("usage", Text(message, message), _Parser.argv)
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: error / lỗi: {message}\n")


def print_json_error(code: str, text: Text | str, argv: Sequence[str], lang: Lang = "en") -> None:
    """``{"error": {"code", "message", "input"}}`` on standard output: how a command run
    with ``--format json`` reports its own error (``input``: its arguments as given)."""
    import json

    message = text if isinstance(text, str) else text(lang)
    error = {"code": code, "message": message, "input": list(argv)}
    sys.stdout.write(json.dumps({"error": error}, ensure_ascii=False) + "\n")
    sys.stdout.flush()


def _asks_json(argv: Sequence[str]) -> bool:
    """Whether ``argv`` asks for JSON output (``--format json``, ``--format=json``,
    ``--batch``), read before parsing so that usage errors know it too."""
    for index, item in enumerate(argv):
        if item == "--format=json" or item == "--batch" or item.startswith("--batch="):
            return True
        if item == "--format" and index + 1 < len(argv) and argv[index + 1] == "json":
            return True
    return False


class _VersionAction(argparse.Action):
    """``--version``: looks the version up only when asked (reading the installed
    metadata would slow every command's start)."""

    def __init__(self, option_strings: Sequence[str], dest: str, help: str) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, help=help)

    def __call__(self, parser: argparse.ArgumentParser, *args: Any, **kwargs: Any) -> None:
        from tthc import __version__

        sys.stdout.write(f"tthc {__version__}\n")
        parser.exit(EXIT_OK)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="tthc",
        description=(
            "Thủ tục hành chính: kiểm tra danh mục, tính hạn giải quyết, mục tiêu cắt giảm. "
            "/ Vietnamese administrative procedures: catalog checks, deadlines, reduction targets."
        ),
    )
    parser.add_argument(
        "--version", action=_VersionAction, help="in phiên bản / show the version and exit"
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    package = importlib.import_module(__name__)
    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda m: m.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        command = getattr(module, "COMMAND", None)
        if command is None:
            continue
        sub_parser = sub.add_parser(command, help=module.HELP, description=module.HELP)
        module.register(sub_parser)
        sub_parser.set_defaults(_tthc_parser=sub_parser)  # for errors found after parsing
    return parser


def add_format_option(parser: argparse.ArgumentParser, formats: Sequence[str]) -> None:
    """``--format`` choosing one of ``formats``; the first is the default."""
    parser.add_argument(
        "--format",
        choices=formats,
        default=formats[0],
        help=f"định dạng kết quả / output format: {' | '.join(formats)} (default: {formats[0]})",
    )


def add_excel_option(parser: argparse.ArgumentParser) -> None:
    """``--excel``: the CSV for Excel with Vietnamese settings; read with :func:`result_format`."""
    parser.set_defaults(format=None)  # text, or csv with --excel
    parser.add_argument(
        "--excel",
        action="store_true",
        help="CSV cho Excel / CSV for Excel with Vietnamese settings: UTF-8 with a byte-order "
        "mark, ';' separated, decimal commas (implies --format csv)",
    )


def result_format(args: argparse.Namespace) -> str:
    """The output format of a report command: ``--format``, else csv with ``--excel``,
    else text; ``--excel`` with another format is a usage error."""
    fmt: str = args.format or ("csv" if args.excel else "text")
    if args.excel and fmt != "csv":
        raise TthcError(
            Text(
                f"--excel chỉ dùng cho định dạng csv, không dùng với --format {fmt}",
                f"--excel applies to the csv format only, not to --format {fmt}",
            )
        )
    return fmt


def add_output_option(parser: argparse.ArgumentParser) -> None:
    """``--output/-o FILE``: write the result there, whole or not at all
    (:func:`write_atomically`), instead of to standard output."""
    parser.add_argument(
        "--output",
        "-o",
        default=None,
        metavar="FILE",
        help="ghi ra tệp / write to FILE (replaced only when the report is complete)",
    )


def write_atomically(path: Path, text: str | bytes) -> None:
    """Write ``text`` to ``path`` through a temporary file in the same folder, then rename,
    so that an error never leaves a half-written report; a path that cannot be written is a
    :class:`~tthc.errors.TthcError` naming it (exit 2)."""
    import tempfile

    folder = path.parent if str(path.parent) else Path(".")
    try:
        fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", dir=folder)
    except OSError as exc:
        raise _cannot_write(path, exc) from exc
    try:
        # mkstemp makes the file 0600; a report is an ordinary file, created as the umask
        # says (or keeping the mode of the file it replaces), as a shell redirection would.
        os.chmod(temp, _file_mode(path))
        if isinstance(text, bytes):  # a workbook
            with os.fdopen(fd, "wb") as binary:
                binary.write(text)
        else:
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
                handle.write(text)
        os.replace(temp, path)
    except BaseException as exc:
        Path(temp).unlink(missing_ok=True)
        if isinstance(exc, OSError):  # e.g. --output names a folder, or the disk is full
            raise _cannot_write(path, exc) from exc
        raise


def _file_mode(path: Path) -> int:
    """The mode a new ``path`` gets: that of the file it replaces, else 0666 less the umask."""
    import stat

    try:
        return stat.S_IMODE(os.stat(path).st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def write_result(text: str | bytes, output: str | None, *, excel: bool = False) -> None:
    """The result of a report command: to ``output`` whole or not at all
    (:func:`write_atomically`), else to standard output; a file for Excel goes out as
    UTF-8 whatever the locale, since its byte-order mark says so. A workbook (bytes) goes
    to standard output only when it is redirected: on a terminal it would be noise."""
    if output:
        write_atomically(Path(output), text)
    elif isinstance(text, bytes):
        if sys.stdout.isatty() or not hasattr(sys.stdout, "buffer"):
            raise TthcError(
                Text(
                    "định dạng xlsx là tệp nhị phân: hãy nêu --output TỆP.xlsx",
                    "the xlsx format is a binary file: give --output FILE.xlsx",
                )
            )
        sys.stdout.flush()
        sys.stdout.buffer.write(text)
        sys.stdout.buffer.flush()
    elif excel and hasattr(sys.stdout, "buffer"):
        sys.stdout.flush()
        sys.stdout.buffer.write(text.encode("utf-8"))
        sys.stdout.buffer.flush()
    else:
        sys.stdout.write(text)


def _cannot_write(path: Path, exc: OSError) -> TthcError:
    return TthcError(
        Text(
            f"{path}: không ghi được ({exc.strerror})",
            f"{path}: cannot write ({exc.strerror})",
        )
    )


def add_catalog_argument(parser: argparse.ArgumentParser) -> None:
    """Positional ``PATH...``: catalog folders or procedure files (see :func:`catalog_paths`)."""
    parser.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="thư mục danh mục hoặc tệp thủ tục / catalog folder or procedure files "
        "(mặc định/default: catalog of the config, else catalog/)",
    )


def catalog_paths(given: str | Sequence[str] | None, rules: Any) -> list[str | Path]:
    """The paths given on the command line, else the config's ``catalog``, else ``catalog/``."""
    if isinstance(given, str):
        given = [given]
    if given:
        return list(given)
    if rules.config.catalog is not None:
        return [rules.config.catalog]
    default = Path("catalog")
    if not default.exists():  # the first run, in the wrong folder: say how to name one
        from tthc.errors import CatalogError

        raise CatalogError(
            Text(
                "không nêu danh mục và ở đây không có thư mục catalog/: hãy nêu danh mục "
                '(PATH hoặc --catalog), hoặc đặt catalog = "..." trong tthc.toml',
                "no catalog given and no catalog/ folder here: name the catalog "
                '(a PATH or --catalog), or set catalog = "..." in tthc.toml',
            )
        )
    return [default]


def json_text(data: Any) -> str:
    """``data`` as the commands print JSON: UTF-8 (not \\u escapes), indented, final newline."""
    import json

    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def add_lang_option(parser: argparse.ArgumentParser) -> None:
    """``--lang vi|en`` (default: ``TTHC_LANG``, then ``lang`` of the config, then the locale)."""
    parser.add_argument(
        "--lang",
        type=_lang_argument,
        default=None,
        help="ngôn ngữ thông báo / message language: vi | en "
        "(mặc định/default: TTHC_LANG, config, locale)",
    )


def _lang_argument(value: str) -> Lang:
    # argparse shows only an ArgumentTypeError's own message ("invalid parse_lang value" else).
    try:
        return parse_lang(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"ngôn ngữ không hợp lệ {value!r} / unknown language {value!r} (vi | en)"
        ) from None


def add_province_option(parser: argparse.ArgumentParser) -> None:
    """``--province P`` and ``--config FILE``: which Rules to build."""
    parser.add_argument(
        "--province",
        default=None,
        help="tỉnh (plugin) / province plugin, e.g. tuyen-quang (mặc định/default: config)",
    )
    parser.add_argument(
        "--config",
        default=None,
        help="tệp cấu hình / config file (tthc.toml or pyproject.toml)",
    )
    parser.add_argument(
        "--isolated",
        action="store_true",
        help="bỏ qua mọi tệp cấu hình / ignore every configuration file: only the national "
        "rules and the --province plugin load (for pull requests from strangers)",
    )


def lang_of(args: argparse.Namespace) -> Lang:
    """The language of messages: ``--lang``, ``TTHC_LANG``, ``lang`` of the config, the locale."""
    return chosen_lang(args) or default_lang()


def chosen_lang(args: argparse.Namespace) -> Lang | None:
    """The language the user chose (``--lang``, ``TTHC_LANG``, the config); ``None``: only the
    locale says, and a command may then print both languages (``tthc explain`` does)."""
    value: Lang | None = getattr(args, "lang", None)
    if value is not None:
        return value
    if os.environ.get("TTHC_LANG", "").strip().lower() in LANGS:
        return default_lang()
    try:
        config = config_of(args)
    except TthcError:  # reported by the command itself, in the locale's language
        return None
    lang: Lang | None = config.lang
    return lang


def config_of(args: argparse.Namespace) -> Any:
    """The :class:`~tthc.config.Config` of ``--config`` or tthc.toml (read once per command)."""
    cached = getattr(args, "_tthc_config", None)
    if cached is None:
        from tthc.config import Config

        if getattr(args, "isolated", False):
            if getattr(args, "config", None):
                raise TthcError(
                    Text(
                        "--isolated bỏ qua mọi tệp cấu hình: không dùng cùng --config",
                        "--isolated ignores every configuration file: do not combine it "
                        "with --config",
                    )
                )
            cached = Config(isolated=True)
        else:
            cached = Config.load(getattr(args, "config", None))
        args._tthc_config = cached
    return cached


def rules_of(args: argparse.Namespace) -> Any:
    """Build the :class:`~tthc.rules.Rules` for ``--province`` / ``--config`` / tthc.toml."""
    from dataclasses import replace

    from tthc.rules import Rules

    config = config_of(args)
    province = getattr(args, "province", None)
    if province:
        config = replace(config, province=province)
    return Rules(config)


def _utf8_output() -> None:
    """Write UTF-8, whatever the locale's encoding.

    Redirected output on Windows uses the ANSI code page (cp1252), which has no
    Vietnamese letters: every message would end in UnicodeEncodeError. JSON and GitHub
    annotations are UTF-8 by definition anyway.
    """
    import codecs

    for stream in (sys.stdout, sys.stderr):
        encoding = getattr(stream, "encoding", None)
        reconfigure = getattr(stream, "reconfigure", None)
        if encoding and reconfigure and codecs.lookup(encoding).name != "utf-8":
            reconfigure(encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``tthc`` console script."""
    _utf8_output()
    given = list(sys.argv[1:] if argv is None else argv)
    _Parser.wants_json = _asks_json(given)
    _Parser.argv = given
    parser = build_parser()
    args, unknown = parser.parse_known_args(argv)
    if unknown:  # reported with the subcommand's usage, not the top-level one
        where = getattr(args, "_tthc_parser", parser)
        where.error("đối số không nhận ra / unrecognized arguments: " + " ".join(unknown))
    run: Callable[[argparse.Namespace], int] | None = getattr(args, "run", None)
    if run is None:
        parser.print_help()
        return EXIT_USAGE
    as_json = getattr(args, "format", None) == "json" or getattr(args, "batch", None) is not None

    def fail(code: str, text: Text) -> int:
        lang = lang_of(args)
        if as_json:
            # when the output is what failed, the text below is all there is
            with contextlib.suppress(OSError):
                print_json_error(code, text, given, lang)
        _say(text, args)
        return EXIT_USAGE

    try:
        code = run(args)
        sys.stdout.flush()  # a write error surfaces here, not as noise at interpreter exit
        return code
    except TthcError as exc:
        return fail(error_code(exc), exc.text)
    except BrokenPipeError:  # `tthc ... | head`
        _drop_output()
        return EXIT_OK
    except UnicodeDecodeError as exc:  # an input file in a legacy code page
        # The library should name the file and row; this is the net under it. (The
        # offset is not shown: a streaming decoder counts from its last chunk.)
        byte = f"0x{exc.object[exc.start]:02x}" if exc.start < len(exc.object) else "?"
        text = Text(
            f"tệp đầu vào không phải UTF-8 (byte {byte}); hãy lưu tệp dạng UTF-8",
            f"an input file is not valid UTF-8 (byte {byte}); save it as UTF-8",
        )
        return fail("not_utf8", text)
    except OSError as exc:  # a full disk, a closed terminal: what the library did not read
        reason = exc.strerror or type(exc).__name__
        if exc.filename:
            text = Text(
                f"{exc.filename}: lỗi đọc/ghi ({reason})", f"{exc.filename}: I/O error ({reason})"
            )
            return fail("io", text)
        _drop_output()
        text = Text(f"không ghi được kết quả ({reason})", f"cannot write the output ({reason})")
        _say(text, args)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except RecursionError as exc:  # deeply nested input the library did not bound
        return fail("internal", INTERNAL.format(kind=type(exc).__name__, detail=exc))
    except Exception as exc:  # the net under the library: a message and exit 2, no traceback
        if os.environ.get("TTHC_DEBUG"):
            raise
        return fail("internal", INTERNAL.format(kind=type(exc).__name__, detail=exc))


#: What the net under every command prints: a bug in tthc, not in the input. The fuzz
#: suite checks that no input reaches it.
INTERNAL = Text(
    "lỗi nội bộ của tthc ({kind}: {detail}); đây là lỗi của tthc, không phải của dữ liệu: "
    "hãy báo lỗi (đặt TTHC_DEBUG=1 để xem chi tiết)",
    "internal error in tthc ({kind}: {detail}); this is a bug in tthc, not in the input: "
    "please report it (set TTHC_DEBUG=1 for the details)",
)


def _say(text: Text, args: argparse.Namespace) -> None:
    """An error on standard error, escaped: it quotes input, which must stay on one line."""
    from tthc.display import escape_text

    try:
        lang = lang_of(args)
    except Exception:  # a configuration that cannot be read is what went wrong
        lang = default_lang()
    print(f"tthc: {escape_text(text(lang), 2000)}", file=sys.stderr)


def _drop_output() -> None:
    # What is still buffered for stdout would fail again when Python flushes it at exit.
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (AttributeError, OSError, ValueError):  # not a real file (tests), or closed
        pass
