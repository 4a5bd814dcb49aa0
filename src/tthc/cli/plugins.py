"""``tthc plugins``: which plugins are loaded, in which order, and which failed.

Lists every plugin of the :class:`~tthc.rules.Rules` that ``--province`` / ``--config``
would build, in registration order (national rules first; later plugins are called
first and win where they answer), with its version, origin, province and the hooks
it implements. Installed province plugins that serve another province are listed as
not loaded, after a check of their hooks (unknown hook, wrong argument name, missing
``@hookimpl``, wrapper, two plugins for one province). A plugin that could not be loaded,
or that would not load when its province is selected, is shown with its error and makes
the command exit 1, so CI notices a broken installation.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from tthc.cli import (
    EXIT_FINDINGS,
    EXIT_OK,
    add_format_option,
    add_lang_option,
    add_province_option,
    config_of,
    json_text,
    lang_of,
)
from tthc.i18n import Lang, Text

if TYPE_CHECKING:
    from tthc.rules import PluginInfo

COMMAND = "plugins"
HELP = "liệt kê plugin đã nạp / list loaded plugins (name, version, hooks, origin)"


def register(parser: argparse.ArgumentParser) -> None:
    """Add the arguments of ``tthc plugins``."""
    add_format_option(parser, ("text", "json"))
    add_province_option(parser)
    add_lang_option(parser)
    parser.set_defaults(run=run)


def plugin_record(info: PluginInfo, lang: Lang | None = None) -> dict[str, Any]:
    """One plugin as the JSON object ``tthc plugins --format json`` prints; ``lang``
    chooses the language of the error."""
    if info.error is not None:
        status = "error"
    elif info.loaded:
        status = "loaded"
    else:
        status = "not_loaded"
    version = info.version
    if version is None and info.origin == "built-in":
        from tthc import __version__

        version = __version__  # the national rules ship with tthc itself
    return {
        "name": info.name,
        "version": version,
        "origin": info.origin,
        "province": info.province,
        "status": status,
        "hooks": list(info.hooks),
        "error": info.error_text(lang) if info.error_text is not None else info.error,
    }


_STATUS = {
    "loaded": Text("đã nạp", "loaded"),
    "not_loaded": Text("chưa nạp (plugin tỉnh)", "not loaded (province plugin)"),
    "error": Text("LỖI", "ERROR"),
}


def origin_text(origin: str) -> Text:
    """Where a plugin came from, in words (nguồn): JSON keeps the machine value of
    :attr:`~tthc.rules.PluginInfo.origin` (``built-in``, ``entry point <dist>``, ``config``).
    """
    if origin == "built-in":
        return Text("có sẵn trong tthc", "built-in")
    if origin == "config":
        return Text("cấu hình (plugins)", "config")
    dist = origin.removeprefix("entry point ")
    if dist != origin:
        return Text(f"gói đã cài {dist} (entry point)", origin)
    return Text(origin, origin)  # an origin this command does not know: shown as it is


def render_text(records: list[dict[str, Any]], province: str | None, lang: Lang) -> str:
    """Human-readable listing, one block per plugin, in registration order."""
    where = province or Text("toàn quốc", "national")(lang)
    lines = [
        Text(
            "Plugin theo thứ tự đăng ký ({where}); plugin sau được gọi trước:",
            "Plugins in registration order ({where}); later ones are called first:",
        )(lang).format(where=where)
    ]
    for number, rec in enumerate(records, start=1):
        version = f" {rec['version']}" if rec["version"] else ""
        head = f"{number:>2}. {rec['name']}{version}  [{_STATUS[rec['status']](lang)}]"
        lines.append(head)
        lines.append(f"      {Text('nguồn', 'origin')(lang)}: {origin_text(rec['origin'])(lang)}")
        if rec["province"]:
            lines.append(f"      {Text('tỉnh', 'province')(lang)}: {rec['province']}")
        hooks = ", ".join(rec["hooks"]) or "-"
        lines.append(f"      {Text('các hook', 'hooks')(lang)}: {hooks}")
        if rec["error"]:
            lines.append(f"      {Text('lỗi', 'error')(lang)}: {rec['error']}")
    return "\n".join(lines) + "\n"


def run(args: argparse.Namespace) -> int:
    """Build the Rules, print its plugins; exit 1 when one failed to load.

    The Rules are built in tolerant mode: a broken selected province plugin, a
    configuration plugin that cannot be imported or a ``tthc_configure`` that refuses
    the configuration is listed with its error (exit 1) rather than hiding the rest.
    """
    from dataclasses import replace

    from tthc.rules import Rules

    lang = lang_of(args)
    config = config_of(args)
    if args.province:
        config = replace(config, province=args.province)
    rules = Rules(config, tolerant=True)
    records = [plugin_record(info, lang) for info in rules.plugins]
    if args.format == "json":
        sys.stdout.write(json_text({"province": rules.province, "plugins": records}))
    else:
        sys.stdout.write(render_text(records, rules.province, lang))
    broken = [rec["name"] for rec in records if rec["status"] == "error"]
    listed = {str(rec["error"]) for rec in records if rec["error"]}
    for error in rules.errors:  # what no listed plugin shows (no plugin for the province)
        if error.message(lang) not in listed:
            print(f"tthc: {error.message(lang)}", file=sys.stderr)
    if broken or rules.errors:
        if not broken:
            return EXIT_FINDINGS
        message = Text(
            "tthc: plugin không nạp được: {names}",
            "tthc: plugin that failed to load: {names}"
            if len(broken) == 1
            else "tthc: plugins that failed to load: {names}",
        )
        print(message(lang).format(names=", ".join(broken)), file=sys.stderr)
        return EXIT_FINDINGS
    return EXIT_OK
