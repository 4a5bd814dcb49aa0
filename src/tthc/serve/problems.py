"""Errors as RFC 9457 problem details (``application/problem+json``), in the asker's language.

Every error the service gives has this shape::

    {"type": "urn:tthc:problem:deadline", "title": "Invalid input", "status": 422,
     "code": "deadline", "detail": "received_at: ... is outside the working calendar ...",
     "errors": [{"path": "$.received_at", "pointer": "/received_at", "detail": "..."}]}

``detail`` is the message the CLI gives for the same input, in the language of
``Accept-Language`` (``vi`` or ``en``); ``errors`` lists each bad field of a 422 with its
JSON path and its JSON pointer (RFC 6901) into the request body.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import Any

from tthc.i18n import LANGS, Lang, Text

MEDIA_TYPE = "application/problem+json"

TITLES: dict[int, Text] = {
    400: Text("Yêu cầu không hợp lệ", "Bad request"),
    404: Text("Không tìm thấy", "Not found"),
    405: Text("Phương thức không được hỗ trợ", "Method not allowed"),
    408: Text("Hết thời gian gửi yêu cầu", "Request timeout"),
    413: Text("Yêu cầu quá lớn", "Content too large"),
    415: Text("Kiểu nội dung không được hỗ trợ", "Unsupported media type"),
    422: Text("Dữ liệu không hợp lệ", "Invalid input"),
    500: Text("Lỗi trong dịch vụ", "Internal error"),
    503: Text("Dịch vụ tạm thời không phục vụ được", "Service unavailable"),
}


class Problem(Exception):
    """Raised while answering a request: answered as problem details of ``status``."""

    def __init__(
        self,
        status: int,
        code: str,
        detail: Text,
        errors: Sequence[tuple[str, Text]] = (),
    ) -> None:
        super().__init__(detail.en)
        self.status = status
        self.code = code
        self.detail = detail
        self.errors = list(errors)


def negotiate_lang(header: str | None, default: Lang) -> Lang:
    """The language of ``Accept-Language`` (``vi``, ``en-US;q=0.8``...) with the highest
    weight that tthc speaks; ``default`` when it names none."""
    best: tuple[float, Lang] | None = None
    for order, part in enumerate((header or "")[:500].split(",")[:20]):
        tag, _, params = part.strip().partition(";")
        primary = tag.strip().lower().split("-")[0]
        if primary not in LANGS:
            continue
        weight = 1.0
        match = re.search(r"q\s*=\s*([0-9.]+)", params)
        if match:
            try:
                weight = float(match.group(1))
            except ValueError:
                weight = 0.0
        if weight <= 0:
            continue
        key = (weight - order * 1e-6, primary)
        if best is None or key[0] > best[0]:
            best = (key[0], primary)
    return best[1] if best is not None else default


def pointer_of(path: str) -> str:
    """A JSON path of :mod:`tthc.dossier` (``$[2].pauses[0].end``) as a JSON pointer
    (``/2/pauses/0/end``)."""
    parts = re.findall(r"\[(\d+)\]|\.([A-Za-z_][A-Za-z0-9_]*)", path)
    out = ""
    for index, name in parts:
        token = index or name
        out += "/" + token.replace("~", "~0").replace("/", "~1")
    return out


def problem(
    status: int,
    code: str,
    detail: Text,
    lang: Lang,
    errors: Sequence[tuple[str, Text]] = (),
    **extra: Any,
) -> dict[str, Any]:
    """The problem object (RFC 9457) for ``status``."""
    body: dict[str, Any] = {
        "type": f"urn:tthc:problem:{code}",
        "title": TITLES.get(status, Text("Lỗi", "Error"))(lang),
        "status": status,
        "code": code,
        "detail": detail(lang),
    }
    if errors:
        body["errors"] = [
            {"path": path, "pointer": pointer_of(path), "detail": text(lang)}
            for path, text in errors
        ]
    body.update(extra)
    return body


def problem_bytes(body: dict[str, Any]) -> bytes:
    return json.dumps(body, ensure_ascii=False).encode("utf-8")
