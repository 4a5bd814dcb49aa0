"""Check and register plugins (kiểm tra và đăng ký plugin): the last steps of loading.

:func:`load_plugins` runs the pipeline on a pluggy ``PluginManager``: find and import
(:mod:`tthc.plugins.finder`), check each plugin's hook implementations
(:func:`check_hookimpls`), then register, in a fixed order: the national rules first, the
installed plugins, the configuration's. A province plugin registers only when its
province is selected; the others are checked and listed, never registered, so that a typo
shows in ``tthc plugins`` (and CI) before the province selects it. A broken plugin of no
province is dropped alone, so that the national rules still work; the selected province's
plugin or the configuration's is what the user asked for, so it fails loudly (unless
listing, ``tolerant``). The result, :class:`Loaded`, is what ``tthc plugins`` shows.

Each plugin's implementations are checked as it registers: one that matches no hook (a
typo in a province plugin) fails loudly, naming the plugin and the hook, instead of being
ignored. That is the check pluggy's ``check_pending()`` makes, done per plugin so that a
broken entry-point plugin is dropped alone; ``check_pending()`` itself would then find
nothing, so it is not called. Only pluggy's public API is used: ``parse_hookimpl_opts``,
``pm.hook.<name>.spec`` and :mod:`inspect` for the arguments.
"""

from __future__ import annotations

import difflib
import inspect
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from typing import Any

import pluggy

from tthc import hookspecs
from tthc.config import Config
from tthc.errors import ConfigError, PluginError, TthcError
from tthc.i18n import Text
from tthc.plugins.answers import check_rules_answer, collect_rules, duplicate_rule_code
from tthc.plugins.finder import (
    PLUGINS_ENV,
    Candidate,
    allow_list,
    config_plugins,
    detail_of,
    entry_point_plugins,
    national_plugins,
)

#: ``call_each`` of :class:`~tthc.rules.Rules`: every answer of a hook with its plugin.
CallEach = Callable[..., Iterable[tuple[str, Any]]]


@dataclass(frozen=True)
class PluginInfo:
    """What ``tthc plugins`` shows about one loaded (or failed) plugin."""

    name: str
    origin: str
    """``built-in``, ``entry point <dist>``, or ``config``."""
    version: str | None
    hooks: tuple[str, ...]
    province: str | None = None
    error: str | None = None
    """Why the plugin could not be loaded, when it could not (in English)."""
    error_text: Text | None = None
    """The same reason in both languages (lý do không nạp được plugin)."""
    loaded: bool = True
    """False for an installed province plugin that serves another province."""


@dataclass
class Loaded:
    """What loading found: every plugin as listed, the errors kept in tolerant mode, and
    the sound province plugins that are not selected (for their rule codes)."""

    plugins: list[PluginInfo] = field(default_factory=list)
    errors: list[TthcError] = field(default_factory=list)
    """What made loading fail, in ``tolerant`` mode (empty otherwise: it raised)."""
    unselected: dict[str, object] = field(default_factory=dict)


class PluginManager(pluggy.PluginManager):
    """pluggy's manager, counting its changes: ``generation`` grows at every register and
    unregister, so that :class:`~tthc.rules.Rules` can decide once which plugins answer a
    hook and know when that decision is out of date."""

    def __init__(self, project_name: str) -> None:
        super().__init__(project_name)
        self.generation = 0

    def register(self, plugin: object, name: str | None = None) -> str | None:
        self.generation += 1
        return super().register(plugin, name)

    def unregister(self, plugin: object | None = None, name: str | None = None) -> Any:
        self.generation += 1
        return super().unregister(plugin, name)


def new_plugin_manager() -> PluginManager:
    """A plugin manager that knows every ``tthc_*`` hook and no plugin yet."""
    pm = PluginManager("tthc")
    pm.add_hookspecs(hookspecs)
    return pm


def load_plugins(
    pm: pluggy.PluginManager,
    config: Config,
    call_each: CallEach,
    *,
    load_entry_points: bool = True,
    tolerant: bool = False,
) -> Loaded:
    """Find, import, check and register the plugins of ``config`` on ``pm``.

    ``call_each`` asks the registered plugins a hook (an unselected province's validation
    rules are checked against theirs). Raises what the user must fix unless ``tolerant``.
    """
    return _Loader(pm, config, call_each, tolerant).run(load_entry_points)


class _Loader:
    def __init__(
        self, pm: pluggy.PluginManager, config: Config, call_each: CallEach, tolerant: bool
    ) -> None:
        self.pm = pm
        self.config = config
        self.call_each = call_each
        self.tolerant = tolerant
        self.loaded = Loaded()

    def run(self, load_entry_points: bool) -> Loaded:
        for candidate in national_plugins():
            self._register(candidate, None)
        found, left_out = (
            entry_point_plugins(allow_list(self.config)) if load_entry_points else ([], [])
        )
        imported = [c for c in found if self._imported(c)]
        from_config, config_left_out = config_plugins(self.config)
        imported += [c for c in from_config if self._imported(c)]
        self._select(imported, left_out + config_left_out)
        return self.loaded

    def _imported(self, candidate: Candidate) -> bool:
        """Whether ``candidate`` imported; if not, list it (or raise, for the config's)."""
        if candidate.error is None:
            return True
        error = candidate.error
        if candidate.origin == "config":
            if not self.tolerant:
                raise error
            self.loaded.errors.append(error)
        self.loaded.plugins.append(
            PluginInfo(
                candidate.name,
                candidate.origin,
                candidate.version,
                (),
                error=error.text("en"),
                error_text=error.text,
            )
        )
        return False

    def _select(self, candidates: list[Candidate], left_out: list[str]) -> None:
        wanted = self.config.province
        # province -> {id(plugin): "name (origin)"}: who declares each province, to find
        # two plugins claiming the same one.
        provinces: dict[str, dict[int, str]] = {}
        for c in candidates:
            province = getattr(c.plugin, "tthc_province", None)
            if province is not None:
                provinces.setdefault(str(province), {})[id(c.plugin)] = f"'{c.name}' ({c.origin})"

        seen_plugins: set[int] = set()
        for c in candidates:
            if id(c.plugin) in seen_plugins:
                continue  # also installed as an entry point: listed once, not an error
            seen_plugins.add(id(c.plugin))
            raw = getattr(c.plugin, "tthc_province", None)
            province = None if raw is None else str(raw)
            twins = provinces.get(province, {}) if province is not None else {}
            if province is not None and len(twins) > 1:
                error = _same_province(province, sorted(twins.values()))
                self._list(c, province, error, loaded=False)
                if province == wanted and not self.tolerant:
                    raise error
                if province == wanted and not any(str(e) == str(error) for e in self.loaded.errors):
                    self.loaded.errors.append(error)
                continue
            if province is not None and province != wanted:
                # Installed for another province: checked, never registered.
                problem = check_hookimpls(self.pm, c.plugin, c.name) or self._check_rules_of(c)
                if problem is None:
                    self.loaded.unselected[c.name] = c.plugin
                self._list(c, province, problem, loaded=False)
                continue
            try:
                self._register(c, province)
            except PluginError as exc:
                # A broken plugin of no province is dropped alone; the selected
                # province's or the configuration's own plugin is what the user asked
                # for, so it fails loudly (unless listing, in tolerant mode).
                fatal = province is not None or c.origin == "config"
                if fatal and not self.tolerant:
                    raise
                if fatal:
                    self.loaded.errors.append(exc)
                self._list(c, province, exc)

        if wanted is not None and wanted not in provinces:
            missing = self._no_province(wanted, sorted(provinces), left_out)
            # Tolerant mode forgives broken plugins, not a province nobody installed.
            if not self.tolerant or not any(p.error for p in self.loaded.plugins):
                raise missing
            self.loaded.errors.append(missing)

    def _no_province(
        self, wanted: str, known_provinces: list[str], left_out: list[str]
    ) -> ConfigError:
        known = ", ".join(known_provinces) or "-"
        failed_vi, failed = (
            "; ".join(
                f"{p.name}: {p.error_text(lang) if p.error_text else p.error}"
                for p in self.loaded.plugins
                if p.error
            )
            for lang in ("vi", "en")
        )
        skipped = ", ".join(left_out)
        return ConfigError(
            Text(
                f"Không có plugin nào cho tỉnh '{wanted}'. Các tỉnh đã cài: {known}"
                + (f". Plugin không nạp được: {failed_vi}" if failed_vi else "")
                + (
                    f". Bỏ qua do danh sách cho phép ({PLUGINS_ENV} hoặc allow): {skipped}"
                    if skipped
                    else ""
                ),
                f"No plugin serves province '{wanted}'. Installed provinces: {known}"
                + (f". Plugins that failed to load: {failed}" if failed else "")
                + (
                    f". Left out by the allow-list ({PLUGINS_ENV} or allow): {skipped}"
                    if skipped
                    else ""
                ),
            )
        )

    def _list(
        self,
        c: Candidate,
        province: str | None,
        error: TthcError | None,
        *,
        loaded: bool = True,
    ) -> None:
        """Record a plugin that is not registered (for another province, or refused)."""
        self.loaded.plugins.append(
            PluginInfo(
                c.name,
                c.origin,
                c.version,
                hook_names(self.pm, c.plugin),
                province,
                error=error.text("en") if error else None,
                error_text=error.text if error else None,
                loaded=loaded,
            )
        )

    def _check_rules_of(self, c: Candidate) -> TthcError | None:
        """The validation rules of an unselected province plugin, checked as they would be
        when its province is selected: well-formed, and no code the national rules (or the
        plugin itself) already define. Its other hooks are not called: they may read the
        configuration, which is not the province's.
        """
        name = c.name
        hook = getattr(c.plugin, "tthc_validation_rules", None)
        if hook is None:
            return None
        try:
            answer = hook()
        except TthcError as exc:
            exc.plugin = exc.plugin or name
            return exc
        except (Exception, SystemExit) as exc:  # a bug: reported like one in a selected plugin
            return PluginError(
                Text(
                    f"Plugin '{name}' lỗi khi trả lời tthc_validation_rules: {detail_of(exc)}",
                    f"Plugin '{name}' failed in tthc_validation_rules: {detail_of(exc)}",
                ),
                name,
            )
        # A province plugin stands next to the national rules (and the non-province
        # plugins), which are registered by now; never next to another province's plugin,
        # which may be registered already (the selected one) or not, by load order.
        provinces = {info.name for info in self.loaded.plugins if info.province is not None}
        try:
            seen = {
                rule.code: owner
                for owner, rules in self.call_each("tthc_validation_rules")
                if owner not in provinces
                for rule in rules
            }
        except (TthcError, TypeError, AttributeError):  # reported for that plugin, later
            seen = {}
        try:
            for rule in check_rules_answer(name, answer):
                other = seen.get(rule.code)
                if other is not None:
                    return duplicate_rule_code(rule.code, name, other, blame=name)
                seen[rule.code] = name
        except PluginError as exc:
            return exc
        return None

    def _register(self, c: Candidate, province: str | None) -> None:
        problem = check_hookimpls(self.pm, c.plugin, c.name)
        if problem is not None:
            raise problem
        try:
            self.pm.register(c.plugin, name=c.name)
        except (ValueError, pluggy.PluginValidationError) as exc:
            detail = " ".join(str(exc).split())
            raise PluginError(
                Text(
                    f"Plugin '{c.name}' không hợp lệ: {detail}",
                    f"Plugin '{c.name}' is invalid: {detail}",
                ),
                c.name,
            ) from exc
        self.loaded.plugins.append(
            PluginInfo(c.name, c.origin, c.version, hook_names(self.pm, c.plugin), province)
        )


def drop_broken_rule_plugins(
    pm: pluggy.PluginManager, loaded: Loaded, call_each: CallEach, *, tolerant: bool
) -> None:
    """Collect the validation rules once, so that a malformed rule or a code defined twice
    is an error at load time (as the hook documents), not at ``tthc validate``.

    A plugin of no province, installed as an entry point, is dropped alone (unregistered),
    as when it fails to load; otherwise the error is raised (recorded in tolerant mode).
    """
    while True:
        try:
            collect_rules(call_each("tthc_validation_rules"))
            return
        except PluginError as exc:
            plugins = loaded.plugins
            index = next((i for i, p in enumerate(plugins) if p.name == exc.plugin), None)
            info = plugins[index] if index is not None else None
            droppable = (
                info is not None
                and info.province is None
                and info.origin.startswith("entry point")
                and pm.get_plugin(info.name) is not None
            )
            if droppable and index is not None and info is not None:
                pm.unregister(name=info.name)
                plugins[index] = replace(info, error=exc.text("en"), error_text=exc.text)
                continue
            if not tolerant:
                raise
            loaded.errors.append(exc)
            if index is not None and info is not None and info.error is None:
                plugins[index] = replace(info, error=exc.text("en"), error_text=exc.text)
            return


# -- checking a plugin's hook implementations -----------------------------------------


def hook_spec(pm: pluggy.PluginManager, hook_name: str) -> Any:
    """The spec of hook ``hook_name`` (``pm.hook.<name>.spec``), None for an unknown hook."""
    return getattr(getattr(pm.hook, hook_name, None), "spec", None)


def hook_names(pm: pluggy.PluginManager, plugin: object) -> tuple[str, ...]:
    """The hooks ``plugin`` implements (marked with @hookimpl and known to tthc)."""
    return tuple(
        sorted(
            attr
            for attr in dir(plugin)
            if pm.parse_hookimpl_opts(plugin, attr) is not None and hook_spec(pm, attr) is not None
        )
    )


def _required_args(function: Callable[..., object]) -> list[str]:
    """The arguments pluggy passes to ``function``: positional, without a default."""
    try:
        parameters = inspect.signature(function).parameters.values()
    except (TypeError, ValueError):  # a builtin without a signature: nothing to compare
        return []
    names = [
        p.name
        for p in parameters
        if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD) and p.default is p.empty
    ]
    # A function read off a class still has ``self`` (pluggy drops it the same way).
    if names[:1] == ["self"] and "." in getattr(function, "__qualname__", ""):
        names = names[1:]
    return names


def check_hookimpls(pm: pluggy.PluginManager, plugin: object, name: str) -> PluginError | None:
    """What is wrong with ``plugin``'s hook implementations, without registering it.

    pluggy's own checks (argument names against the spec) plus tthc's: a hook that does
    not exist (pluggy's ``check_pending``), a ``tthc_*`` function without ``@hookimpl``
    (pluggy skips it silently), a wrapper (tthc calls implementations one by one, so a
    wrapper would run as a plain function).
    """
    unknown: list[str] = []
    unmarked: list[str] = []
    wrappers: list[str] = []
    bad_args: list[tuple[str, list[str], list[str]]] = []
    for attr in sorted(dir(plugin)):
        if not attr.startswith("tthc_"):
            continue
        function = getattr(plugin, attr, None)
        if not callable(function):
            continue
        opts = pm.parse_hookimpl_opts(plugin, attr)
        if opts is None:
            unmarked.append(attr)
            continue
        if opts.get("wrapper") or opts.get("hookwrapper"):
            wrappers.append(attr)
        spec = hook_spec(pm, attr)
        if spec is None:
            # An implementation marked ``optionalhook=True`` may name a hook of a newer
            # tthc: it is kept, never called, as pluggy's own check_pending() allows.
            if not opts.get("optionalhook"):
                unknown.append(attr)
            continue
        known = _required_args(spec.function)
        extra = [a for a in _required_args(function) if a not in known]
        if extra:
            bad_args.append((attr, extra, known))
    vi: list[str] = []
    en: list[str] = []
    if unknown:
        hints = [_did_you_mean(hook) for hook in unknown]
        vi.append(
            "cài đặt hook không tồn tại: "
            + ", ".join(
                h + (f" (có phải {m}?)" if m else "") for h, m in zip(unknown, hints, strict=True)
            )
        )
        en.append(
            "implements a hook that does not exist: "
            + ", ".join(
                h + (f" (did you mean {m}?)" if m else "")
                for h, m in zip(unknown, hints, strict=True)
            )
        )
    if unmarked:
        vi.append(
            f"có hàm {', '.join(unmarked)} thiếu @tthc.hookimpl nên sẽ không bao giờ được gọi"
        )
        en.append(
            f"has function {', '.join(unmarked)} without @tthc.hookimpl: it would never be called"
        )
    for hook, extra, known in bad_args:
        vi.append(
            f"khai báo {hook} với tham số {', '.join(extra)} mà hook không truyền "
            f"(tham số của hook: {', '.join(known) or '-'})"
        )
        en.append(
            f"declares {hook} with argument {', '.join(extra)} that the hook does not "
            f"pass (the hook's arguments: {', '.join(known) or '-'})"
        )
    if wrappers:
        vi.append(
            f"khai báo {', '.join(wrappers)} là wrapper (wrapper=True hoặc "
            "hookwrapper=True): hook của tthc không hỗ trợ wrapper, hãy bỏ tuỳ chọn đó"
        )
        en.append(
            f"declares {', '.join(wrappers)} as a wrapper (wrapper=True or "
            "hookwrapper=True): tthc hooks do not support wrappers, drop that option"
        )
    if not en:
        return None
    return PluginError(
        Text(f"Plugin '{name}' " + "; ".join(vi), f"Plugin '{name}' " + "; ".join(en)),
        name,
    )


def _did_you_mean(hook_name: str) -> str | None:
    known = [name for name in dir(hookspecs) if name.startswith("tthc_")]
    close = difflib.get_close_matches(hook_name, known, n=1, cutoff=0.6)
    return close[0] if close else None


def _same_province(province: str, who: list[str]) -> ConfigError:
    names = " và ".join(who)
    return ConfigError(
        Text(
            f"Hai plugin cùng phục vụ tỉnh '{province}': {names}. Hãy gỡ một gói, hoặc "
            f"chọn một plugin bằng {PLUGINS_ENV} (hoặc khoá allow trong cấu hình)",
            f"Two plugins serve province '{province}': {' and '.join(who)}. Uninstall one, "
            f"or choose one with {PLUGINS_ENV} (or the allow key of the configuration)",
        )
    )


__all__ = [
    "Loaded",
    "PluginInfo",
    "PluginManager",
    "check_hookimpls",
    "drop_broken_rule_plugins",
    "hook_names",
    "hook_spec",
    "load_plugins",
    "new_plugin_manager",
]
