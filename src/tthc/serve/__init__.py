"""``tthc serve``: tthc as an HTTP/JSON service (dịch vụ HTTP/JSON) for one-stop systems.

Needs the ``server`` extra (``pip install 'tthc[server]'``: FastAPI and uvicorn).
:func:`create_app` builds the ASGI application from rules, a catalog and settings; the
``tthc serve`` command runs it on uvicorn.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tthc.serve.settings import Settings

if TYPE_CHECKING:
    from fastapi import FastAPI

    from tthc.catalog import Catalog
    from tthc.rules import Rules

__all__ = ["Settings", "create_app"]


def create_app(rules: Rules, catalog: Catalog | None, settings: Settings | None = None) -> FastAPI:
    """The ASGI application (FastAPI) for ``rules`` and ``catalog`` (see :mod:`tthc.serve.app`)."""
    from tthc.serve.app import create_app as build

    return build(rules, catalog, settings)
