"""Plugin loading (nạp plugin): find -> import -> check -> register.

A short pipeline in the shape of flake8's plugin finder and tox 4's plugin manager:

- :mod:`tthc.plugins.finder` finds the plugins and imports them: the built-in national
  rules (:data:`NATIONAL_PLUGINS`, the one list of them), the installed entry points of
  group ``tthc`` that the allow-list lets through (``TTHC_PLUGINS``, else the
  configuration's ``allow``), and the modules the configuration names;
- :mod:`tthc.plugins.manager` checks each plugin's hook implementations against the hook
  specs and registers it, choosing the selected province's plugin;
- :mod:`tthc.plugins.answers` checks every answer a plugin gives, in one place.

:class:`~tthc.rules.Rules` runs the pipeline once when it is built, then configures the
plugins and calls their hooks; nothing else registers a plugin.
"""

from __future__ import annotations

from tthc.plugins.answers import answer_kind, check_answer
from tthc.plugins.finder import ENTRY_POINT_GROUP, NATIONAL_PLUGINS, PLUGINS_ENV
from tthc.plugins.manager import Loaded, PluginInfo, load_plugins, new_plugin_manager

__all__ = [
    "ENTRY_POINT_GROUP",
    "NATIONAL_PLUGINS",
    "PLUGINS_ENV",
    "Loaded",
    "PluginInfo",
    "answer_kind",
    "check_answer",
    "load_plugins",
    "new_plugin_manager",
]
