"""Find and import plugins (tìm và nạp plugin): the first two steps of loading.

Three sources, in the order they register (as tox 4 does): the built-in plugins of
:data:`NATIONAL_PLUGINS`, the plugins installed under the ``tthc`` entry-point group
(filtered by the allow-list, :func:`allow_list`), then the modules named in the
configuration (``plugins = [...]``). Each becomes a :class:`Candidate`: a name, where it
came from, its version, and the imported object, or why it could not be imported.
Nothing here registers a plugin or calls a hook (see :mod:`tthc.plugins.manager`).
"""

from __future__ import annotations

import importlib
import os
import sys
from dataclasses import dataclass
from importlib.metadata import EntryPoint, entry_points
from pathlib import Path

from tthc.config import Config
from tthc.errors import PluginError
from tthc.i18n import Text

#: The built-in plugins, registered first and in this order: the national rules, each a
#: module of :mod:`tthc.national` implementing some of the hooks. The one list of them.
NATIONAL_PLUGINS: tuple[str, ...] = (
    "tthc.national.validation",
    "tthc.national.calendar",
    "tthc.national.sla",
    "tthc.national.targets",
    "tthc.national.forms",
)

#: The entry-point group an installed plugin declares itself in.
ENTRY_POINT_GROUP = "tthc"

#: Environment variable: comma-separated allow-list of entry-point plugin names.
PLUGINS_ENV = "TTHC_PLUGINS"


@dataclass(frozen=True)
class Candidate:
    """A plugin found by one of the three sources, imported or not."""

    name: str
    origin: str
    """``built-in``, ``entry point <dist>``, or ``config``."""
    version: str | None
    plugin: object | None
    """The imported module (or object); None when importing failed."""
    error: PluginError | None = None
    """Why importing failed (both languages), when it did."""


def allow_list(config: Config) -> frozenset[str] | None:
    """The entry-point names allowed to load, or None for all.

    The environment (``TTHC_PLUGINS``) wins over the configuration's ``allow`` key, as
    datasette's ``DATASETTE_LOAD_PLUGINS`` does: an administrator can narrow what a
    repository's configuration asks for without editing it.
    """
    env = environment_allow_list()
    if config.isolated:
        # --isolated: only the province named on the command line, if the environment
        # lets it through too.
        named = frozenset([config.province] if config.province else [])
        return named if env is None else named & env
    if env is not None:
        return env
    return frozenset(config.allow) if config.allow is not None else None


def environment_allow_list() -> frozenset[str] | None:
    """The names ``TTHC_PLUGINS`` lets load (entry points and configuration modules alike),
    or None when it is not set."""
    raw = os.environ.get(PLUGINS_ENV)
    if raw is None:
        return None
    return frozenset(part.strip() for part in raw.split(",") if part.strip())


def national_plugins() -> list[Candidate]:
    """The built-in plugins, imported (a failure here is a bug of tthc: it raises)."""
    return [
        Candidate(name, "built-in", None, importlib.import_module(name))
        for name in NATIONAL_PLUGINS
    ]


def entry_point_plugins(allow: frozenset[str] | None) -> tuple[list[Candidate], list[str]]:
    """The installed plugins, sorted by name, and the names the allow-list left out.

    A plugin left out is never imported. One that fails to import is a candidate with its
    error: a broken plugin must not take the national rules down.
    """
    found: list[Candidate] = []
    left_out: list[str] = []
    for ep in sorted(entry_points(group=ENTRY_POINT_GROUP), key=lambda e: e.name):
        if allow is not None and ep.name not in allow:
            left_out.append(ep.name)
            continue
        found.append(_load_entry_point(ep))
    return found, left_out


def _load_entry_point(ep: EntryPoint) -> Candidate:
    dist = getattr(ep, "dist", None)
    version = getattr(dist, "version", None) if dist is not None else None
    origin = f"entry point {getattr(dist, 'name', '?')}"
    try:
        plugin = ep.load()
    except (Exception, SystemExit) as exc:
        detail = detail_of(exc)  # Python's own words: the same in both languages
        return Candidate(ep.name, origin, version, None, PluginError(Text(detail, detail), ep.name))
    return Candidate(ep.name, origin, version, plugin)


def config_plugins(config: Config) -> tuple[list[Candidate], list[str]]:
    """The modules named in ``plugins = [...]``, imported from the config file's folder too,
    and the names ``TTHC_PLUGINS`` left out (never imported).

    The folder of the configuration file goes first on ``sys.path`` (as pytest does for
    its rootdir), so that ``plugins = ["localrules"]`` next to ``tthc.toml`` imports
    without setting ``PYTHONPATH``. ``TTHC_PLUGINS`` applies here as to entry points: a
    module of a repository's configuration runs only when the environment lets it.
    """
    env = environment_allow_list()
    wanted = [name for name in config.plugins if env is None or name in env]
    left_out = [name for name in config.plugins if name not in wanted]
    if not wanted:
        return [], left_out
    folder = config.path.parent.resolve() if config.path is not None else None
    if folder is not None and str(folder) not in sys.path:
        sys.path.insert(0, str(folder))
    found: list[Candidate] = []
    for module_name in wanted:
        try:
            found.append(
                Candidate(module_name, "config", None, importlib.import_module(module_name))
            )
        except (Exception, SystemExit) as exc:
            found.append(
                Candidate(
                    module_name,
                    "config",
                    None,
                    None,
                    _config_import_error(module_name, exc, folder),
                )
            )
    return found, left_out


def _config_import_error(module_name: str, exc: BaseException, folder: Path | None) -> PluginError:
    detail = detail_of(exc)
    if isinstance(exc, ModuleNotFoundError) and exc.name == module_name.split(".")[0]:
        where = str(folder) if folder is not None else str(Path.cwd())
        detail += (
            f" (looked in {where} and on sys.path; a module next to the config file "
            "is found, elsewhere install it or set PYTHONPATH)"
        )
        detail_vi = (
            f"{detail_of(exc)} (đã tìm trong {where} và sys.path; module đặt cạnh tệp "
            "cấu hình thì tìm được, ở chỗ khác hãy cài nó hoặc đặt PYTHONPATH)"
        )
    else:
        detail_vi = detail
    error = PluginError(
        Text(
            f"Không nạp được plugin '{module_name}' (cấu hình): {detail_vi}",
            f"Cannot load plugin '{module_name}' (from configuration): {detail}",
        ),
        module_name,
    )
    error.__cause__ = exc
    return error


def detail_of(exc: BaseException) -> str:
    """``KeyError: '04'``: what a plugin's bug raised, readable in one line."""
    return f"{type(exc).__name__}: {exc}"


__all__ = [
    "ENTRY_POINT_GROUP",
    "NATIONAL_PLUGINS",
    "PLUGINS_ENV",
    "Candidate",
    "allow_list",
    "config_plugins",
    "detail_of",
    "entry_point_plugins",
    "environment_allow_list",
    "national_plugins",
]
