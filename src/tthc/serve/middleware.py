"""Limits and access logs around the application (giới hạn và nhật ký truy cập).

A pure ASGI middleware, so that it costs little per request: it refuses a body larger than
the limit (413, from ``Content-Length`` before anything is read, else while reading), gives
a client that sends its body too slowly a 408, and writes one access-log line per request.
"""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from tthc.i18n import Lang, Text
from tthc.serve.problems import MEDIA_TYPE, Problem, negotiate_lang, problem, problem_bytes
from tthc.serve.settings import Settings

access = logging.getLogger("tthc.serve.access")


def too_large(limit: int) -> Problem:
    return Problem(
        413,
        "too_large",
        Text(
            f"nội dung yêu cầu lớn hơn giới hạn {limit} byte",
            f"the request body is larger than the limit of {limit} bytes",
        ),
    )


def too_slow(seconds: float) -> Problem:
    return Problem(
        408,
        "body_timeout",
        Text(
            f"nội dung yêu cầu không đến đủ trong {seconds:g} giây",
            f"the request body did not arrive within {seconds:g} s",
        ),
    )


class LimitsAndLogs:
    """Body size and time limits, and the access log, for every HTTP request."""

    def __init__(self, app: ASGIApp, settings: Settings, default_lang: Lang) -> None:
        self.app = app
        self.settings = settings
        self.default_lang = default_lang

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 0
        limit = self.settings.max_body_bytes
        headers = dict(scope.get("headers") or ())
        declared = headers.get(b"content-length", b"")
        try:
            length = int(declared) if declared else None
        except ValueError:
            length = None

        async def send_logged(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        if length is not None and length > limit:
            await self._problem(scope, send_logged, too_large(limit))
        else:
            await self.app(scope, self._limited(receive, limit), send_logged)
        if self.settings.access_log:
            self._log(scope, status, started)

    def _limited(self, receive: Receive, limit: int) -> Receive:
        deadline = time.monotonic() + self.settings.body_timeout
        seconds = self.settings.body_timeout
        read = 0
        done = False

        async def limited() -> Message:
            nonlocal read, done
            if done:
                return await receive()
            left = deadline - time.monotonic()
            try:
                message = await asyncio.wait_for(receive(), max(left, 0.001))
            except asyncio.TimeoutError:
                raise too_slow(seconds) from None
            if message["type"] == "http.request":
                read += len(message.get("body", b""))
                if read > limit:
                    raise too_large(limit)
                done = not message.get("more_body", False)
            else:
                done = True
            return message

        return limited

    async def _problem(self, scope: Scope, send: Send, exc: Problem) -> None:
        headers = dict(scope.get("headers") or ())
        asked = headers.get(b"accept-language", b"").decode("latin-1")
        lang = negotiate_lang(asked, self.default_lang)
        body = problem_bytes(problem(exc.status, exc.code, exc.detail, lang))
        await send(
            {
                "type": "http.response.start",
                "status": exc.status,
                "headers": [
                    (b"content-type", MEDIA_TYPE.encode()),
                    (b"content-length", str(len(body)).encode()),
                    (b"content-language", lang.encode()),
                    (b"connection", b"close"),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})

    def _log(self, scope: Scope, status: int, started: float) -> None:
        client = scope.get("client") or ("-", 0)
        record: dict[str, Any] = {
            "method": scope.get("method", ""),
            "path": scope.get("path", ""),
            "status": status,
            "duration_ms": round((time.perf_counter() - started) * 1000, 3),
            "client": f"{client[0]}:{client[1]}",
        }
        access.info(
            '%s "%s %s" %s %.3f ms',
            record["client"],
            record["method"],
            record["path"],
            status,
            record["duration_ms"],
            extra={"tthc": record},
        )
