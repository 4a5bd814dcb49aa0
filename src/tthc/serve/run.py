"""Running the service on uvicorn: the worker's application factory and the log setup.

Each worker process builds its own rules, calendar and catalog from the settings in the
environment (:data:`tthc.serve.settings.ENV`), once, before it accepts a request.
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from tthc.serve.settings import ENV, Settings

if TYPE_CHECKING:
    from fastapi import FastAPI

    from tthc.catalog import Catalog
    from tthc.rules import Rules


def load(settings: Settings) -> tuple[Rules, Catalog | None]:
    """The rules and catalog the settings name, as the CLI builds them (``--config``,
    ``--isolated``, ``--province``, ``--catalog``); a :class:`~tthc.errors.TthcError` for
    a bad configuration, province or catalog."""
    from tthc.catalog import load_catalog
    from tthc.config import Config
    from tthc.rules import Rules

    config = Config(isolated=True) if settings.isolated else Config.load(settings.config)
    if settings.province:
        config = replace(config, province=settings.province)
    rules = Rules(config)
    path = settings.catalog or config.catalog
    catalog = None if path is None else load_catalog(path)
    return rules, catalog


def application(settings: Settings) -> FastAPI:
    """The start-up of a service (one worker): rules, calendar and catalog built once from
    ``settings``, then the application. A bad configuration raises here, before any
    request: ``tthc serve`` exits 2."""
    import gc

    from tthc.serve.app import create_app

    rules, catalog = load(settings)
    app = create_app(rules, catalog, settings)  # builds the calendar too
    gc.freeze()  # rules, calendar and catalog live as long as the process: no GC scans
    return app


def app_from_env() -> FastAPI:
    """The application of one of several workers (uvicorn's ``factory``)."""
    return application(Settings.from_env())


class JsonFormatter(logging.Formatter):
    """One JSON object per log line: time, level, logger, message, and the access fields."""

    def format(self, record: logging.LogRecord) -> str:
        data: dict[str, Any] = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname.lower(),
            "logger": record.name,
        }
        fields = getattr(record, "tthc", None)
        if isinstance(fields, dict):
            data.update(fields)
        else:
            data["message"] = record.getMessage()
        if record.exc_info:
            data["exception"] = self.formatException(record.exc_info)
        return json.dumps(data, ensure_ascii=False)


def log_config(log_format: str) -> dict[str, Any]:
    """uvicorn's ``log_config``: tthc's access log (uvicorn's own is off) and errors, as
    text or JSON lines, on standard error."""
    formatter: dict[str, Any] = (
        {"()": f"{__name__}.JsonFormatter"}
        if log_format == "json"
        else {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}
    )
    handler = {"class": "logging.StreamHandler", "formatter": "tthc", "stream": "ext://sys.stderr"}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"tthc": formatter},
        "handlers": {"tthc": handler},
        "loggers": {
            "uvicorn": {"handlers": ["tthc"], "level": "INFO", "propagate": False},
            "uvicorn.error": {"level": "INFO"},
            "uvicorn.access": {"handlers": [], "level": "WARNING", "propagate": False},
            "tthc.serve": {"handlers": ["tthc"], "level": "INFO", "propagate": False},
        },
    }


def serve(settings: Settings, host: str, port: int, workers: int) -> None:
    """Run the service until SIGINT or SIGTERM; requests in flight are finished first
    (up to 30 s). The rules and catalog are built here first, so that a bad configuration
    stops the command (exit 2) before any worker starts."""
    import uvicorn

    target: Any = application(settings)  # several workers: built here only to fail early
    if workers > 1:
        os.environ[ENV] = settings.to_env()
        target = f"{__name__}:app_from_env"
    uvicorn.run(
        target,
        factory=workers > 1,
        host=host,
        port=port,
        workers=workers if workers > 1 else None,
        log_config=log_config(settings.log_format),
        access_log=False,
        timeout_graceful_shutdown=30,
        timeout_keep_alive=5,
        server_header=False,
        proxy_headers=False,
    )
