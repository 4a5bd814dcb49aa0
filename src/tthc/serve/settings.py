"""What an operator sets for ``tthc serve`` (cấu hình dịch vụ): limits, timeouts, logs.

The settings travel to every worker process as JSON in one environment variable, so that
``--workers N`` starts N identical services.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, fields
from typing import Literal

from tthc.i18n import Lang

#: The environment variable that carries :class:`Settings` to worker processes.
ENV = "TTHC_SERVE_SETTINGS"

LogFormat = Literal["text", "json"]


@dataclass(frozen=True)
class Settings:
    """Limits and behaviour of one service; the defaults suit a one-stop system's load."""

    province: str | None = None
    """The province plugin (``tuyen-quang``); ``None``: the configuration's, else national."""
    catalog: str | None = None
    """The catalog folder; ``None``: the configuration's ``catalog``, else no catalog."""
    config: str | None = None
    """The configuration file (``tthc.toml`` or ``pyproject.toml``)."""
    isolated: bool = False
    """Read no configuration file at all (``--isolated``)."""
    max_items: int = 10_000
    """Most dossiers in one array request."""
    max_body_bytes: int = 8 * 1024 * 1024
    """Largest request body accepted (413 above it)."""
    body_timeout: float = 30.0
    """Seconds a client may take to send its body (408 after it)."""
    compute_timeout: float = 60.0
    """Seconds a request may compute (503 after it)."""
    lang: Lang | None = None
    """The language when a request does not say (``Accept-Language``): the configuration's,
    else Vietnamese."""
    log_format: LogFormat = "text"
    """Access and error logs as readable lines or as JSON lines."""
    access_log: bool = False
    """One log line per request (off unless asked: a line per request costs more than
    computing a deadline)."""

    def to_env(self) -> str:
        """The settings as the JSON of :data:`ENV`."""
        return json.dumps(asdict(self))

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> Settings:
        """The settings of :data:`ENV` (the defaults when it is not set)."""
        raw = (environ if environ is not None else os.environ).get(ENV)
        if not raw:
            return cls()
        data = json.loads(raw)
        known = {f.name for f in fields(cls)}
        return cls(**{key: value for key, value in data.items() if key in known})
