"""``tthc serve``: the HTTP/JSON service for one-stop systems (needs ``tthc[server]``).

Examples::

    tthc serve --catalog catalog/
    tthc serve --host 0.0.0.0 --port 8080 --workers 2 --province tuyen-quang --catalog catalog/

Binds to 127.0.0.1 unless ``--host`` says otherwise. The rules, calendar and catalog are
built once at start-up from the same configuration as the other commands; a bad one exits
2 before the service starts. SIGTERM (or Ctrl-C) stops accepting connections and finishes
the requests in flight. See docs/service.md.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable

from tthc.cli import EXIT_OK, add_province_option, config_of
from tthc.errors import TthcError
from tthc.i18n import Text

COMMAND = "serve"
HELP = "chạy dịch vụ HTTP/JSON / run the HTTP/JSON service (OpenAPI at /docs)"


def _positive(kind: type[int] | type[float]) -> Callable[[str], int | float]:
    def read(text: str) -> int | float:
        try:
            value = kind(text)
        except ValueError:
            value = 0
        if value <= 0:
            raise argparse.ArgumentTypeError(f"cần số dương / expected a positive number: {text!r}")
        return value

    return read


def register(parser: argparse.ArgumentParser) -> None:
    """Add the arguments of ``tthc serve``."""
    parser.add_argument("--host", default="127.0.0.1", help="địa chỉ / address (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8000, help="cổng / port (default 8000)")
    parser.add_argument(
        "--workers", type=_positive(int), default=1, help="số tiến trình / processes (default 1)"
    )
    parser.add_argument(
        "--catalog", metavar="DIR", help="thư mục danh mục / catalog folder (default: config)"
    )
    add_province_option(parser)
    parser.add_argument(
        "--max-items",
        type=_positive(int),
        default=10_000,
        help="số hồ sơ tối đa trong một mảng / most dossiers in one array (default 10000)",
    )
    parser.add_argument(
        "--max-body",
        type=_positive(int),
        default=8 * 1024 * 1024,
        metavar="BYTES",
        help="kích thước tối đa của yêu cầu / largest request body (default 8 MiB)",
    )
    parser.add_argument(
        "--timeout",
        type=_positive(float),
        default=60.0,
        metavar="SECONDS",
        help="thời gian tính tối đa / longest computation of a request (default 60)",
    )
    parser.add_argument(
        "--body-timeout",
        type=_positive(float),
        default=30.0,
        metavar="SECONDS",
        help="thời gian tối đa để nhận nội dung yêu cầu / longest time to receive a body "
        "(default 30)",
    )
    parser.add_argument(
        "--openapi",
        action="store_true",
        help="in tài liệu OpenAPI rồi thoát / print the OpenAPI document and exit",
    )
    parser.add_argument(
        "--log-format",
        choices=("text", "json"),
        default="text",
        help="nhật ký dạng dòng chữ hoặc JSON / logs as text or JSON lines",
    )
    parser.add_argument(
        "--access-log",
        action=argparse.BooleanOptionalAction,
        default=False,
        help="ghi mỗi yêu cầu một dòng nhật ký / one log line per request (default: off)",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Run the service until it is stopped."""
    try:
        import fastapi  # noqa: F401
        import uvicorn  # noqa: F401
    except ImportError:
        raise TthcError(
            Text(
                "tthc serve cần gói bổ sung server: pip install 'tthc[server]'",
                "tthc serve needs the server extra: pip install 'tthc[server]'",
            )
        ) from None
    if not 0 <= args.port <= 65535:
        raise TthcError(
            Text(f"--port {args.port}: cổng không hợp lệ", f"--port {args.port}: invalid port")
        )
    from tthc.serve.run import serve
    from tthc.serve.settings import Settings

    config_of(args)  # --isolated with --config: exit 2 as every command
    settings = Settings(
        province=args.province,
        catalog=args.catalog,
        config=args.config,
        isolated=bool(getattr(args, "isolated", False)),
        max_items=args.max_items,
        max_body_bytes=args.max_body,
        compute_timeout=args.timeout,
        body_timeout=args.body_timeout,
        log_format=args.log_format,
        access_log=args.access_log,
    )
    if args.openapi:
        import sys

        from tthc.serve.app import openapi_text

        sys.stdout.write(openapi_text(settings))
        return EXIT_OK
    serve(settings, args.host, args.port, args.workers)
    return EXIT_OK
