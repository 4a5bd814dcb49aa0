"""The fast lane of ``POST /v1/deadlines`` for one dossier (làn nhanh): what a one-stop
system sends most, answered without the framework's routing, dependency solving and
pydantic validation.

A pure ASGI middleware in front of the application. A request it takes is one plainly
valid dossier object (:func:`tthc.dossierjson.fastread.plain_request`) with a JSON content
type; it answers with the bytes the route would give: the same library call
(:func:`tthc.dossierjson.evaluate`) and the same JSON writer. Anything else (an array, a
body that is not plainly valid, a dossier in error, a body over the limits) goes to the
application with its body as read, and the route answers it, errors included, as before.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from tthc.dossierjson import evaluate
from tthc.dossierjson.fastread import plain_request
from tthc.i18n import Lang
from tthc.serve.problems import Problem, negotiate_lang

if TYPE_CHECKING:
    from tthc.catalog import Catalog
    from tthc.rules import Rules

PATH = "/v1/deadlines"
JSON = b"application/json"


class DeadlineLane:
    """Answers single-dossier ``POST /v1/deadlines`` requests before the application."""

    def __init__(
        self, app: ASGIApp, rules: Rules, catalog: Catalog | None, default_lang: Lang
    ) -> None:
        self.app = app
        self.rules = rules
        self.catalog = catalog
        self.default_lang = default_lang

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "POST" or scope["path"] != PATH:
            await self.app(scope, receive, send)
            return
        kind = b""
        language = b""
        for name, value in scope["headers"]:
            if name == b"content-type":
                kind = value
            elif name == b"accept-language":
                language = value
        media = kind.split(b";")[0].strip().lower()
        if media and media != JSON and not media.endswith(b"+json"):
            await self.app(scope, receive, send)  # the route says 415
            return
        body = bytearray()
        try:
            while True:
                message = await receive()
                if message["type"] != "http.request":
                    await self.app(scope, _replay(bytes(body), receive, message), send)
                    return
                body += message.get("body", b"")
                if not message.get("more_body", False):
                    break
        except Problem as exc:  # over the size or time limit: the route answers it
            await self.app(scope, _raising(exc), send)
            return
        lang = negotiate_lang(language.decode("latin-1"), self.default_lang)
        answer = self._answer(bytes(body), lang)
        if answer is None:
            await self.app(scope, _replay(bytes(body), receive), send)
            return
        await send(
            {
                "type": "http.response.start",
                "status": 200,
                "headers": [
                    (b"content-length", str(len(answer)).encode()),
                    (b"content-type", JSON),
                ],
            }
        )
        await send({"type": "http.response.body", "body": answer})

    def _answer(self, body: bytes, lang: Lang) -> bytes | None:
        """The route's answer to a plainly valid dossier, else ``None``."""
        if body.lstrip()[:1] != b"{":
            return None
        try:
            request = plain_request(json.loads(body.decode("utf-8")))
            if request is None:
                return None
            answer = evaluate(self.rules, self.catalog, request, lang)
        except Exception:  # bad input or an error: the route says what
            return None
        text = json.dumps(answer, ensure_ascii=False, separators=(",", ":"))
        return text.encode("utf-8")


def _replay(body: bytes, receive: Receive, last: Message | None = None) -> Receive:
    """``receive`` that gives the body already read (then ``last``, the message that ended
    it early, such as the client leaving), then the client's own messages."""
    queue: list[Message] = [{"type": "http.request", "body": body, "more_body": last is not None}]
    if last is not None:
        queue.append(last)

    async def replayed() -> Message:
        if queue:
            return queue.pop(0)
        return await receive()

    return replayed


def _raising(exc: Problem) -> Receive:
    async def raising() -> Any:
        raise exc

    return raising
