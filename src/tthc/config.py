"""Configuration of one jurisdiction: ``tthc.toml`` or ``[tool.tthc]`` in ``pyproject.toml``.

Example (``tthc.toml``; the same keys go under ``[tool.tthc]`` in pyproject.toml)::

    province = "tuyen-quang"          # load that province's plugin
    catalog = "catalog/"              # default path for `tthc validate` and friends
    plugins = ["mypkg.tthc_rules"]    # extra plugin modules, imported by name (this
                                      # file's folder first on sys.path)
    allow = ["tuyen-quang"]           # installed (entry-point) plugins to load; default all
    disable = ["TT105"]               # validation rules switched off
    lang = "vi"                       # language of messages (default: from the locale)

    [tuyen-quang]                     # a table per plugin: its own settings (config.extra)
    ...
"""

from __future__ import annotations

import difflib
import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tthc.display import escape_text
from tthc.errors import ConfigError
from tthc.i18n import Lang, Text

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib  # type: ignore[import-not-found, unused-ignore]

_KNOWN_KEYS = {"province", "catalog", "plugins", "allow", "disable", "lang", "rule_time_limit"}


@dataclass(frozen=True)
class Config:
    """Settings of one jurisdiction. Every field has a national default."""

    province: str | None = None
    """Province slug whose plugin to load (``None``: national rules only)."""
    catalog: Path | None = None
    """Default catalog folder."""
    plugins: tuple[str, ...] = ()
    """Extra plugin modules to import and register, by dotted name.

    They are imported with the folder of :attr:`path` first on ``sys.path`` (as pytest
    does for its rootdir), so a module next to ``tthc.toml`` needs no ``PYTHONPATH``.
    """
    allow: tuple[str, ...] | None = None
    """Entry-point plugins to load, by name (``None``: all); ``TTHC_PLUGINS`` overrides it."""
    disable: frozenset[str] = frozenset()
    """Validation rule codes switched off."""
    lang: Lang | None = None
    """Language of messages; ``None``: from the locale."""
    rule_time_limit: float | Mapping[str, float] | None = None
    """Seconds each plugin's validation rules may take over a catalog (default 300): one
    number for every plugin, or a table by plugin name with an optional ``default``
    (``rule_time_limit = {default = 60, "tuyen-quang" = 120}``). A plugin still running
    after it is reported (TT000) and left behind."""
    extra: Mapping[str, Any] = field(default_factory=dict)
    """Tables not known to tthc itself, by name: each plugin's own settings."""
    path: Path | None = None
    """The file this configuration was read from."""
    isolated: bool = False
    """No configuration file was read, on purpose (``--isolated``, as in ruff and pip):
    only the national rules and the province plugin named on the command line load."""

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any], path: Path | None = None) -> Config:
        """Build a Config from a parsed TOML table, with errors that name the file and key."""
        where = str(path) if path else "<config>"

        def bad(key: str, vi: str, en: str) -> ConfigError:
            got = escape_text(repr(data[key]), 80)  # cut: a value may be a whole table
            return ConfigError(
                Text(
                    f"{where}: khoá '{key}' phải là {vi}, nhận được {got}",
                    f"{where}: key '{key}' must be {en}, got {got}",
                )
            )

        for key, value in data.items():
            # A table is a plugin's own settings (config.extra); a plain value under a
            # key tthc does not know is a typo that would otherwise be ignored silently.
            if key not in _KNOWN_KEYS and not isinstance(value, dict):
                raise _unknown_key(where, key)
        province = data.get("province")
        if province is not None and not isinstance(province, str):
            raise bad("province", "chuỗi", "a string")
        catalog = data.get("catalog")
        if catalog is not None and not isinstance(catalog, str):
            raise bad("catalog", "đường dẫn", "a path string")
        plugins = data.get("plugins", [])
        if not isinstance(plugins, list) or not all(isinstance(p, str) for p in plugins):
            raise bad("plugins", "danh sách tên module", "a list of module names")
        allow = data.get("allow")
        if allow is not None and (
            not isinstance(allow, list) or not all(isinstance(p, str) for p in allow)
        ):
            raise bad("allow", "danh sách tên plugin", "a list of plugin names")
        disable = data.get("disable", [])
        if not isinstance(disable, list) or not all(isinstance(p, str) for p in disable):
            raise bad("disable", "danh sách mã quy tắc", "a list of rule codes")
        lang = data.get("lang")
        if lang is not None and lang not in ("vi", "en"):
            raise bad("lang", "'vi' hoặc 'en'", "'vi' or 'en'")
        limit = data.get("rule_time_limit")
        if limit is not None and not _time_limit_ok(limit):
            raise bad(
                "rule_time_limit",
                "số giây > 0, hoặc bảng {tên plugin = số giây}",
                "seconds > 0, or a table {plugin name = seconds}",
            )
        base = path.parent if path else Path.cwd()
        extra = {k: v for k, v in data.items() if k not in _KNOWN_KEYS}
        return cls(
            province=province,
            catalog=(base / catalog) if catalog else None,
            plugins=tuple(plugins),
            allow=tuple(allow) if allow is not None else None,
            disable=frozenset(code.upper() for code in disable),
            lang=lang,
            rule_time_limit=limit,
            extra=extra,
            path=path,
        )

    @classmethod
    def load(cls, path: str | Path | None = None, start: str | Path | None = None) -> Config:
        """Read ``path``, or find ``tthc.toml`` / ``pyproject.toml`` from ``start`` upwards.

        A ``pyproject.toml`` without a ``[tool.tthc]`` table is skipped. No file found:
        the national defaults. A file found this way that belongs to another user (or
        lies in a folder of another user) is refused, as git refuses such a repository:
        its ``plugins`` would run code from a checkout nobody here chose. A ``path``
        given on purpose is read whoever owns it.
        """
        if path is not None:
            file = Path(path)
            table = _read_table(file)
            if table is None:
                raise ConfigError(
                    Text(
                        f"{file}: không có bảng [tool.tthc]",
                        f"{file}: no [tool.tthc] table",
                    )
                )
            return cls.from_mapping(table, file)
        here = Path(start) if start is not None else Path.cwd()
        for folder in (here, *here.resolve().parents):
            for name in ("tthc.toml", "pyproject.toml"):
                candidate = folder / name
                if candidate.is_file():
                    table = _read_table(candidate)
                    if table is not None:
                        _check_owner(candidate)
                        return cls.from_mapping(table, candidate)
        return cls()


def _time_limit_ok(value: object) -> bool:
    def seconds(item: object) -> bool:
        return isinstance(item, (int, float)) and not isinstance(item, bool) and item > 0

    if isinstance(value, dict):
        return all(seconds(item) for item in value.values())
    return seconds(value)


def _unknown_key(where: str, key: str) -> ConfigError:
    close = difflib.get_close_matches(key, sorted(_KNOWN_KEYS), n=1, cutoff=0.6)
    if close:
        return ConfigError(
            Text(
                f"{where}: khoá lạ '{key}'; có phải '{close[0]}'?",
                f"{where}: unknown key '{key}'; did you mean '{close[0]}'?",
            )
        )
    known = ", ".join(sorted(_KNOWN_KEYS))
    return ConfigError(
        Text(
            f"{where}: khoá lạ '{key}'; các khoá: {known} (cấu hình của một plugin đặt trong "
            "bảng riêng của nó, ví dụ [tuyen-quang])",
            f"{where}: unknown key '{key}'; known keys: {known} (a plugin's settings go in "
            "its own table, e.g. [tuyen-quang])",
        )
    )


def _owners_allowed() -> set[int] | None:
    """Who may own a configuration tthc finds by itself: the current user (and, under
    sudo, the user who ran it, as git allows); ``None`` where there are no owners."""
    geteuid = getattr(os, "geteuid", None)
    if geteuid is None:  # Windows: no POSIX owners to compare
        return None
    me: int = geteuid()
    allowed = {me}
    sudo = os.environ.get("SUDO_UID", "")
    if me == 0 and sudo.isdigit():
        allowed.add(int(sudo))
    return allowed


def _check_owner(file: Path) -> None:
    """Refuse ``file`` when it, or the folder holding it, belongs to another user."""
    allowed = _owners_allowed()
    if allowed is None:
        return
    for path in (file, file.parent):
        try:
            owner = path.stat().st_uid
        except OSError:
            continue
        if owner not in allowed:
            raise ConfigError(
                Text(
                    f"{file}: cấu hình thuộc về người dùng khác (uid {owner}); tthc không dùng "
                    "nó, như git không dùng kho của người khác, vì plugin nó nêu sẽ chạy mã. "
                    "Nếu tin tệp này, hãy nêu nó bằng --config; để bỏ qua mọi cấu hình, dùng "
                    "--isolated",
                    f"{file}: the configuration belongs to another user (uid {owner}); tthc does "
                    "not use it, as git does not use another user's repository, since the "
                    "plugins it names would run code. If you trust this file, name it with "
                    "--config; to ignore every configuration, use --isolated",
                )
            )


#: Largest configuration file read (bytes): a real one is a few hundred.
MAX_CONFIG_BYTES = 1024 * 1024


def _read_table(file: Path) -> dict[str, Any] | None:
    try:
        with file.open("rb") as handle:
            raw = handle.read(MAX_CONFIG_BYTES + 1)
    except OSError as exc:
        raise ConfigError(
            Text(
                f"{file}: không đọc được ({exc.strerror})", f"{file}: cannot read ({exc.strerror})"
            )
        ) from exc
    if len(raw) > MAX_CONFIG_BYTES:
        raise ConfigError(
            Text(
                f"{file}: tệp lớn hơn giới hạn {MAX_CONFIG_BYTES} byte",
                f"{file}: the file is larger than the limit of {MAX_CONFIG_BYTES} bytes",
            )
        )
    try:
        # utf-8-sig: a byte order mark (Notepad) is dropped rather than rejected as TOML.
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        byte = f"0x{raw[exc.start]:02x}"
        raise ConfigError(
            Text(
                f"{file}: dòng {line}: byte {byte} không phải UTF-8; hãy lưu tệp dạng UTF-8",
                f"{file}: line {line}: byte {byte} is not valid UTF-8; save the file as UTF-8",
            )
        ) from exc
    try:
        data: dict[str, Any] = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(
            Text(f"{file}: TOML không hợp lệ: {exc}", f"{file}: invalid TOML: {exc}")
        ) from exc
    if file.name == "pyproject.toml":
        tool = data.get("tool", {})
        table = tool.get("tthc") if isinstance(tool, dict) else None
        return table if isinstance(table, dict) else None
    return data
