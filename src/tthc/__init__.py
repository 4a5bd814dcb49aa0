"""tthc: Vietnam's administrative procedures (thủ tục hành chính) as a library.

- Procedure catalog: :class:`Procedure`, :class:`Duration`, :func:`load_catalog`;
  :func:`parse_duration` reads a processing time as catalogs write it.
- Working-day SLA: :class:`Rules` (``rules.calendar``, ``rules.deadline``, ``rules.clock``).
- Time-reduction targets: :mod:`tthc.reduction`.
- Province plugins: :data:`hookimpl` and the hooks in :mod:`tthc.hookspecs`.

Importing tthc is cheap: the heavy parts load on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tthc.hookspecs import hookimpl

if TYPE_CHECKING:
    __version__: str
    from tthc.calendar import WorkingCalendar
    from tthc.catalog import Catalog, load_catalog
    from tthc.duration import Duration, Unit
    from tthc.durationtext import parse_duration
    from tthc.errors import TthcError
    from tthc.model import Case, Channel, Level, OnlineLevel, Procedure
    from tthc.rules import Rules
    from tthc.sla import CountingPolicy, Deadline, DossierClock
    from tthc.validation import Finding

_LAZY = {
    "Catalog": "tthc.catalog",
    "load_catalog": "tthc.catalog",
    "Duration": "tthc.duration",
    "Unit": "tthc.duration",
    "parse_duration": "tthc.durationtext",
    "TthcError": "tthc.errors",
    "Case": "tthc.model",
    "Channel": "tthc.model",
    "Level": "tthc.model",
    "OnlineLevel": "tthc.model",
    "Procedure": "tthc.model",
    "Rules": "tthc.rules",
    "WorkingCalendar": "tthc.calendar",
    "CountingPolicy": "tthc.sla",
    "Deadline": "tthc.sla",
    "DossierClock": "tthc.sla",
    "Finding": "tthc.validation",
}

__all__ = [
    "Case",
    "Catalog",
    "Channel",
    "CountingPolicy",
    "Deadline",
    "DossierClock",
    "Duration",
    "Finding",
    "Level",
    "OnlineLevel",
    "Procedure",
    "Rules",
    "TthcError",
    "Unit",
    "WorkingCalendar",
    "__version__",
    "hookimpl",
    "load_catalog",
    "parse_duration",
]


def _version() -> str:
    """The installed distribution's version: pyproject.toml is its one source. Looked up
    on first use, since reading the installed metadata costs milliseconds at start-up."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("tthc")
    except PackageNotFoundError:  # imported from a source tree that was never installed
        return "0+unknown"


def __getattr__(name: str) -> Any:
    if name == "__version__":
        value = globals()["__version__"] = _version()
        return value
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'tthc' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
