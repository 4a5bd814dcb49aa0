"""Rules: the plugin manager and configuration of one jurisdiction.

Everything in tthc that depends on local rules asks a :class:`Rules` object. Plugins
are registered in a fixed order (as tox 4 does): the national rules first, then the
plugins installed under the ``tthc`` entry-point group, then the modules named in the
configuration. Each plugin's hook implementations are checked as it registers: one that
matches no hook (a typo in a province plugin) fails loudly, naming the plugin and the
hook, instead of being ignored. That is the check pluggy's ``check_pending()`` makes,
done per plugin so that a broken entry-point plugin is dropped alone and the national
rules still work; ``check_pending()`` itself would then find nothing, so it is not called.
"""

from __future__ import annotations

import difflib
import importlib
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import datetime
from functools import cached_property
from importlib.metadata import EntryPoint, entry_points
from pathlib import Path
from string import Template
from typing import TYPE_CHECKING, Any

import pluggy
from pluggy._hooks import HookSpec, varnames

from tthc import hookspecs
from tthc.config import Config
from tthc.errors import ConfigError, PluginError, TthcError
from tthc.i18n import Text

if TYPE_CHECKING:
    from tthc.calendar import WorkingCalendar
    from tthc.catalog import Catalog
    from tthc.duration import Duration
    from tthc.model import Case, Channel, Procedure
    from tthc.reduction import Target
    from tthc.sla import CountingPolicy, Deadline, DossierClock
    from tthc.validation import Finding

#: The built-in plugins, registered first and in this order. Each is a module of
#: :mod:`tthc.national` implementing some of the hooks.
NATIONAL_PLUGINS: tuple[str, ...] = (
    "tthc.national.validation",
    "tthc.national.calendar",
    "tthc.national.sla",
    "tthc.national.targets",
    "tthc.national.forms",
)

ENTRY_POINT_GROUP = "tthc"

#: Environment variable: comma-separated allow-list of entry-point plugin names.
PLUGINS_ENV = "TTHC_PLUGINS"


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


class Rules:
    """The rules of one jurisdiction: national rules plus, optionally, a province plugin.

    Build one with :meth:`national`, :meth:`for_province` or :meth:`from_config`, and
    keep it: the working calendar and policies are computed once, lazily, and cached.
    """

    def __init__(
        self,
        config: Config | None = None,
        *,
        load_entry_points: bool = True,
        tolerant: bool = False,
    ) -> None:
        """Register the plugins of ``config`` and call their ``tthc_configure``.

        ``tolerant=True`` (``tthc plugins``) records what would raise, a broken selected
        province plugin, a configuration plugin that cannot be imported, a
        ``tthc_configure`` that raises, in :attr:`plugins` and :attr:`errors` instead,
        so that everything that can be listed is.
        """
        self.config = config or Config()
        self.pm = pluggy.PluginManager("tthc")
        self.pm.add_hookspecs(hookspecs)
        self.plugins: list[PluginInfo] = []
        self.errors: list[TthcError] = []
        """What made loading fail, in ``tolerant`` mode (empty otherwise: it raised)."""
        self._tolerant = tolerant
        self._unselected: dict[str, object] = {}  # sound province plugins not selected
        self._load(load_entry_points)
        self._configure()
        self._check_validation_rules()

    # -- construction ---------------------------------------------------------------

    @classmethod
    def national(cls) -> Rules:
        """The national rules, with installed non-province plugins but no province."""
        return cls(Config())

    @classmethod
    def for_province(cls, province: str) -> Rules:
        """National rules plus the installed plugin of ``province`` (e.g. ``"tuyen-quang"``).

        Raises :class:`~tthc.errors.ConfigError` naming the installed provinces when
        no plugin serves ``province``.
        """
        return cls(Config(province=province))

    @classmethod
    def from_config(cls, path: str | None = None) -> Rules:
        """Rules from ``tthc.toml`` / ``[tool.tthc]`` (found upwards from the current folder)."""
        return cls(Config.load(path))

    # -- plugin loading ---------------------------------------------------------------

    def _load(self, load_entry_points: bool) -> None:
        for module_name in NATIONAL_PLUGINS:
            module = importlib.import_module(module_name)
            self._register(module, module_name, "built-in", None)

        wanted = self.config.province
        # province -> {id(plugin): "name (origin)"}: who declares each province, to find
        # two plugins claiming the same one.
        provinces: dict[str, dict[int, str]] = {}
        left_out: list[str] = []  # installed, not on the allow-list: never imported
        found: list[tuple[str, str, str | None, object]] = []  # name, origin, version, plugin
        if load_entry_points:
            allow = _allow_list()  # the environment wins over the configuration
            if allow is None and self.config.allow is not None:
                allow = frozenset(self.config.allow)
            for ep in sorted(entry_points(group=ENTRY_POINT_GROUP), key=lambda e: e.name):
                if allow is not None and ep.name not in allow:
                    left_out.append(ep.name)
                    continue
                loaded = self._load_entry_point(ep)
                if loaded is not None:
                    found.append(loaded)
        configured: list[tuple[str, str, str | None, object]] = []
        for module_name in self.config.plugins:
            imported = self._import_config_plugin(module_name)
            if imported is not None:
                configured.append((module_name, "config", None, imported))
        for name, origin, _version, plugin in (*found, *configured):
            province = getattr(plugin, "tthc_province", None)
            if province is not None:
                provinces.setdefault(str(province), {})[id(plugin)] = f"'{name}' ({origin})"

        seen_plugins: set[int] = set()
        for name, origin, version, plugin in (*found, *configured):
            if id(plugin) in seen_plugins:
                continue  # also installed as an entry point: listed once, not an error
            seen_plugins.add(id(plugin))
            raw = getattr(plugin, "tthc_province", None)
            province = None if raw is None else str(raw)
            twins = provinces.get(province, {}) if province is not None else {}
            if province is not None and len(twins) > 1:
                error = _same_province(province, sorted(twins.values()))
                self._list(plugin, name, origin, version, province, error, loaded=False)
                if province == wanted and not self._tolerant:
                    raise error
                if province == wanted and not any(str(e) == str(error) for e in self.errors):
                    self.errors.append(error)
                continue
            if province is not None and province != wanted:
                # Installed for another province: checked, never registered, so that a
                # typo shows in `tthc plugins` (and CI) before the province selects it.
                problem = self._check(plugin, name) or self._check_rules_of(plugin, name)
                if problem is None:
                    self._unselected[name] = plugin
                self._list(plugin, name, origin, version, province, problem, loaded=False)
                continue
            try:
                self._register(plugin, name, origin, version, province)
            except PluginError as exc:
                # A broken plugin of no province is dropped alone; the selected
                # province's or the configuration's own plugin is what the user asked
                # for, so it fails loudly (unless listing, in tolerant mode).
                fatal = province is not None or origin == "config"
                if fatal and not self._tolerant:
                    raise
                if fatal:
                    self.errors.append(exc)
                self._list(plugin, name, origin, version, province, exc)

        if wanted is not None and wanted not in provinces:
            known = ", ".join(sorted(provinces)) or "-"
            failed_vi, failed = (
                "; ".join(
                    f"{p.name}: {p.error_text(lang) if p.error_text else p.error}"
                    for p in self.plugins
                    if p.error
                )
                for lang in ("vi", "en")
            )
            skipped = ", ".join(left_out)
            missing = ConfigError(
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
            # Tolerant mode forgives broken plugins, not a province nobody installed.
            if not self._tolerant or not any(p.error for p in self.plugins):
                raise missing
            self.errors.append(missing)

    def _import_config_plugin(self, module_name: str) -> object | None:
        """Import a module named in ``plugins = [...]``, from the config file's folder too.

        The folder of the configuration file goes first on ``sys.path`` (as pytest does
        for its rootdir), so that ``plugins = ["localrules"]`` next to ``tthc.toml``
        imports without setting ``PYTHONPATH``.
        """
        folder = self.config.path.parent.resolve() if self.config.path is not None else None
        if folder is not None and str(folder) not in sys.path:
            sys.path.insert(0, str(folder))
        try:
            return importlib.import_module(module_name)
        except Exception as exc:
            detail = _detail(exc)
            if isinstance(exc, ModuleNotFoundError) and exc.name == module_name.split(".")[0]:
                where = str(folder) if folder is not None else str(Path.cwd())
                detail += (
                    f" (looked in {where} and on sys.path; a module next to the config file "
                    "is found, elsewhere install it or set PYTHONPATH)"
                )
                detail_vi = (
                    f"{_detail(exc)} (đã tìm trong {where} và sys.path; module đặt cạnh tệp "
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
            if not self._tolerant:
                raise error from exc
            self.errors.append(error)
            self.plugins.append(
                PluginInfo(
                    module_name,
                    "config",
                    None,
                    (),
                    error=error.text("en"),
                    error_text=error.text,
                )
            )
            return None

    def _load_entry_point(self, ep: EntryPoint) -> tuple[str, str, str | None, object] | None:
        dist = getattr(ep, "dist", None)
        version = getattr(dist, "version", None) if dist is not None else None
        origin = f"entry point {getattr(dist, 'name', '?')}"
        try:
            plugin = ep.load()
        except Exception as exc:  # a broken plugin must not take the national rules down
            detail = _detail(exc)  # Python's own words: the same in both languages
            self.plugins.append(
                PluginInfo(
                    ep.name, origin, version, (), error=detail, error_text=Text(detail, detail)
                )
            )
            return None
        return ep.name, origin, version, plugin

    def _list(
        self,
        plugin: object,
        name: str,
        origin: str,
        version: str | None,
        province: str | None,
        error: TthcError | None,
        *,
        loaded: bool = True,
    ) -> None:
        """Record a plugin that is not registered (for another province, or refused)."""
        self.plugins.append(
            PluginInfo(
                name,
                origin,
                version,
                self._hook_names(plugin),
                province,
                error=error.text("en") if error else None,
                error_text=error.text if error else None,
                loaded=loaded,
            )
        )

    def _hook_names(self, plugin: object) -> tuple[str, ...]:
        """The hooks ``plugin`` implements (marked with @hookimpl and known to tthc)."""
        return tuple(
            sorted(
                attr
                for attr in dir(plugin)
                if self.pm.parse_hookimpl_opts(plugin, attr) is not None
                and _spec_of(self.pm, attr) is not None
            )
        )

    def _check(self, plugin: object, name: str) -> PluginError | None:
        """What is wrong with ``plugin``'s hook implementations, without registering it.

        pluggy's own checks (argument names against the spec) plus tthc's: a hook that
        does not exist (pluggy's ``check_pending``), a ``tthc_*`` function without
        ``@hookimpl`` (pluggy skips it silently), a wrapper (tthc calls implementations
        one by one, so a wrapper would run as a plain function).
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
            opts = self.pm.parse_hookimpl_opts(plugin, attr)
            if opts is None:
                unmarked.append(attr)
                continue
            if opts.get("wrapper") or opts.get("hookwrapper"):
                wrappers.append(attr)
            spec = _spec_of(self.pm, attr)
            if spec is None:
                # An implementation marked ``optionalhook=True`` may name a hook of a newer
                # tthc: it is kept, never called, as pluggy's own check_pending() allows.
                if not opts.get("optionalhook"):
                    unknown.append(attr)
                continue
            args, _ = varnames(function)
            extra = [a for a in args if a not in spec.argnames]
            if extra:
                bad_args.append((attr, extra, list(spec.argnames)))
        vi: list[str] = []
        en: list[str] = []
        if unknown:
            hints = [_did_you_mean(hook) for hook in unknown]
            vi.append(
                "cài đặt hook không tồn tại: "
                + ", ".join(
                    h + (f" (có phải {m}?)" if m else "")
                    for h, m in zip(unknown, hints, strict=True)
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
                f"has function {', '.join(unmarked)} without @tthc.hookimpl: it would never "
                "be called"
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

    def _check_rules_of(self, plugin: object, name: str) -> TthcError | None:
        """The validation rules of an unselected province plugin, checked as they would be
        when its province is selected: well-formed, and no code the national rules (or the
        plugin itself) already define. Its other hooks are not called: they may read the
        configuration, which is not the province's.
        """
        from tthc.validation import check_rules_answer, duplicate_rule_code

        hook = getattr(plugin, "tthc_validation_rules", None)
        if hook is None:
            return None
        try:
            answer = hook()
        except TthcError as exc:
            exc.plugin = exc.plugin or name
            return exc
        except Exception as exc:  # a bug: reported like one in a selected plugin
            return PluginError(
                Text(
                    f"Plugin '{name}' lỗi khi trả lời tthc_validation_rules: {_detail(exc)}",
                    f"Plugin '{name}' failed in tthc_validation_rules: {_detail(exc)}",
                ),
                name,
            )
        # A province plugin stands next to the national rules (and the non-province
        # plugins), which are registered by now; never next to another province's plugin,
        # which may be registered already (the selected one) or not, by load order.
        provinces = {info.name for info in self.plugins if info.province is not None}
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

    def _register(
        self,
        plugin: object,
        name: str,
        origin: str,
        version: str | None,
        province: str | None = None,
    ) -> None:
        problem = self._check(plugin, name)
        if problem is not None:
            raise problem
        try:
            self.pm.register(plugin, name=name)
        except (ValueError, pluggy.PluginValidationError) as exc:
            detail = " ".join(str(exc).split())
            raise PluginError(
                Text(
                    f"Plugin '{name}' không hợp lệ: {detail}",
                    f"Plugin '{name}' is invalid: {detail}",
                ),
                name,
            ) from exc
        # Every implementation names a known hook (checked above), so pluggy's
        # check_pending() would find nothing: it is not called.
        self.plugins.append(PluginInfo(name, origin, version, self._hook_names(plugin), province))

    def _check_validation_rules(self) -> None:
        """Collect the validation rules once, so that a malformed rule or a code defined
        twice is an error at load time (as the hook documents), not at ``tthc validate``.

        A plugin of no province, installed as an entry point, is dropped alone, as when it
        fails to load; otherwise the error is raised (recorded in tolerant mode).
        """
        from tthc.validation import collect_rules

        while True:
            try:
                collect_rules(self)
                return
            except PluginError as exc:
                index = next((i for i, p in enumerate(self.plugins) if p.name == exc.plugin), None)
                info = self.plugins[index] if index is not None else None
                droppable = (
                    info is not None
                    and info.province is None
                    and info.origin.startswith("entry point")
                    and self.pm.get_plugin(info.name) is not None
                )
                if droppable and index is not None and info is not None:
                    self.pm.unregister(name=info.name)
                    self.plugins[index] = replace(info, error=exc.text("en"), error_text=exc.text)
                    continue
                if not self._tolerant:
                    raise
                self.errors.append(exc)
                if index is not None and info is not None and info.error is None:
                    self.plugins[index] = replace(info, error=exc.text("en"), error_text=exc.text)
                return

    def _configure(self) -> None:
        """Call ``tthc_configure``; an error names the plugin and the configuration file."""
        try:
            self.call_each("tthc_configure", rules=self)
        except TthcError as exc:
            if not isinstance(exc, ConfigError) or exc.plugin is None:
                if not self._tolerant:
                    raise  # a bug: the PluginError names the plugin already
                self.errors.append(exc)
                return
            name = exc.plugin
            where = str(self.config.path) if self.config.path is not None else "<config>"
            error = ConfigError(
                Text(
                    f"Plugin '{name}' từ chối cấu hình ({where}): {exc.text.vi}",
                    f"Plugin '{name}' rejected the configuration ({where}): {exc.text.en}",
                )
            )
            error.plugin = name
            if not self._tolerant:
                raise error from exc
            self.errors.append(error)
            self.plugins = [
                replace(p, error=error.text("en"), error_text=error.text)
                if p.name == name and p.error is None
                else p
                for p in self.plugins
            ]

    def rule_codes_elsewhere(self) -> dict[str, PluginInfo]:
        """Validation rule codes of installed province plugins that are not selected.

        For messages such as "VD101 is defined by the plugin 'vi-du' (province vi-du):
        use --province vi-du". A plugin whose hook fails here is skipped: it is not
        loaded, and ``tthc plugins`` is where its problems show.
        """
        found: dict[str, PluginInfo] = {}
        for info in self.plugins:
            plugin = self._unselected.get(info.name)
            hook = getattr(plugin, "tthc_validation_rules", None)
            if plugin is None or hook is None or info.loaded:
                continue
            try:
                answer = hook()
                codes = [str(rule.code) for rule in answer]
            except Exception:  # a plugin not in use must not break the caller
                continue
            for code in codes:
                found.setdefault(code, info)
        return found

    # -- calling hooks ----------------------------------------------------------------

    def call_each(self, hook_name: str, **kwargs: Any) -> list[tuple[str, Any]]:
        """Call every implementation of a hook, first-called first, with the plugin's name.

        An implementation that raises a :class:`~tthc.errors.TthcError` (bad input,
        reported on purpose) lets it through unchanged, its ``plugin`` attribute naming
        the plugin; any other exception (a bug) becomes a
        :class:`~tthc.errors.PluginError` that names the plugin, instead of an anonymous
        traceback.
        """
        answers: list[tuple[str, Any]] = list(self.call_each_lazy(hook_name, **kwargs))
        return answers

    def call_first(self, hook_name: str, **kwargs: Any) -> Any:
        """The first non-``None`` answer of a hook (province before national), or ``None``.

        The answer of a tthc hook is checked against the type its spec promises
        (:func:`answer_kind`): a wrong one raises :class:`~tthc.errors.PluginError`
        naming the plugin that gave it, instead of failing later in someone else's code.
        """
        named = self.call_first_named(hook_name, **kwargs)
        return None if named is None else named[1]

    def call_first_named(self, hook_name: str, **kwargs: Any) -> tuple[str, Any] | None:
        """Like :meth:`call_first`, with the name of the plugin that answered."""
        for name, result in self.call_each_lazy(hook_name, **kwargs):
            check_answer(hook_name, name, result)
            return name, result
        return None

    def call_each_lazy(self, hook_name: str, **kwargs: Any) -> Iterator[tuple[str, Any]]:
        """Like :meth:`call_each`, one answer at a time (stops early when the caller does)."""
        caller = getattr(self.pm.hook, hook_name)
        for impl in reversed(caller.get_hookimpls()):
            args = {name: kwargs[name] for name in impl.argnames}
            try:
                result = impl.function(**args)
            except TthcError as exc:
                # Raised on purpose (a date outside the plugin's calendar, a bad setting):
                # its own message is the one to show. Nested hooks: the innermost plugin,
                # which set the name first, is the one that raised.
                if exc.plugin is None:
                    exc.plugin = impl.plugin_name
                raise
            except Exception as exc:  # a bug in the plugin
                raise PluginError(
                    Text(
                        f"Plugin '{impl.plugin_name}' lỗi khi trả lời {hook_name}: {_detail(exc)}",
                        f"Plugin '{impl.plugin_name}' failed in {hook_name}: {_detail(exc)}",
                    ),
                    impl.plugin_name,
                ) from exc
            if result is not None:
                yield impl.plugin_name, result

    # -- the jurisdiction's answers -----------------------------------------------------

    @property
    def province(self) -> str | None:
        return self.config.province

    @cached_property
    def calendar(self) -> WorkingCalendar:
        """The working calendar (built on first use, then cached)."""
        from tthc.calendar import WorkingCalendar

        return WorkingCalendar.from_rules(self)

    @cached_property
    def policy(self) -> CountingPolicy:
        """The counting policy (docs/deadlines.md), from the first plugin that answers."""
        from tthc.sla import CountingPolicy

        answer = self.call_first("tthc_counting_policy")  # checked: a CountingPolicy
        return answer if answer is not None else CountingPolicy()

    def validate(self, catalog: Catalog) -> list[Finding]:
        """Run every enabled validation rule over ``catalog``; findings sorted by place."""
        from tthc.validation import run_rules

        return run_rules(catalog, self)

    def deadline(
        self,
        received_at: datetime,
        what: Duration | Procedure | Case | str,
        *,
        channel: Channel | str | None = None,
        case: str | None = None,
    ) -> Deadline:
        """The appointment (ngày hẹn trả) for a dossier received at ``received_at``.

        ``what`` is a Duration, a Procedure (its case picked by ``case``/``channel``),
        a Case, or a time text such as ``"3 ngày làm việc"``.
        """
        from tthc.sla import compute_deadline

        return compute_deadline(self, received_at, what, channel=channel, case=case)

    def clock(self, deadline: Deadline) -> DossierClock:
        """A dossier clock started from ``deadline`` (pause, resume, finish)."""
        from tthc.sla import DossierClock

        return DossierClock(self, deadline)

    def target(self, procedure: Procedure | None, case: Case | None, year: int) -> Target:
        """The reduction target that applies (hook ``tthc_reduction_target``)."""
        answer = self.call_first("tthc_reduction_target", procedure=procedure, case=case, year=year)
        if answer is None:  # pragma: no cover - the national plugin always answers
            raise ConfigError(Text("Không có mục tiêu cắt giảm", "No reduction target"))
        return answer  # type: ignore[no-any-return]

    def form_template(self, form: str, lang: str) -> str:
        """The template of form ``form`` in ``lang`` (hook ``tthc_form_template``)."""
        answer = self.call_first("tthc_form_template", form=form, lang=lang)
        if answer is None:
            raise ConfigError(
                Text(
                    f"Không có mẫu biểu '{form}' ({lang})",
                    f"No template for form '{form}' ({lang})",
                )
            )
        # A string.Template (as the national plugin's) or its text: both are accepted.
        return answer.template if isinstance(answer, Template) else str(answer)

    def __repr__(self) -> str:
        names = ", ".join(p.name for p in self.plugins if p.error is None and p.loaded)
        return f"Rules(province={self.province!r}, plugins=[{names}])"


#: What each checked first-result hook must answer: (module, class) pairs and a
#: description. Imported only when that hook is first checked: ``tthc due`` must not pay
#: for importing tthc.reduction.
_KIND_SOURCES: dict[str, tuple[tuple[tuple[str, str], ...], str]] = {
    "tthc_counting_policy": ((("tthc.sla", "CountingPolicy"),), "tthc.sla.CountingPolicy"),
    "tthc_deadline": ((("tthc.sla", "Deadline"),), "tthc.sla.Deadline"),
    "tthc_effective_receipt": ((("datetime", "datetime"),), "datetime"),
    "tthc_reduction_target": ((("tthc.reduction", "Target"),), "tthc.reduction.Target"),
    "tthc_reduction_floor": ((("tthc.duration", "Duration"),), "tthc.duration.Duration"),
    "tthc_reduction_rounding": ((("builtins", "str"),), "'day', 'half_day' or 'hour'"),
    "tthc_form_template": (
        (("builtins", "str"), ("string", "Template")),
        "str or string.Template",
    ),
}
_KINDS: dict[str, tuple[tuple[type, ...], str]] = {}


def answer_kind(hook_name: str) -> tuple[tuple[type, ...], str] | None:
    """The types a first-result hook must answer with, and their description, if tthc checks.

    The calendar hooks are checked by :mod:`tthc.calendar`, which reads them.
    """
    kind = _KINDS.get(hook_name)
    if kind is None:
        source = _KIND_SOURCES.get(hook_name)
        if source is None:
            return None
        classes, described = source
        kind = _KINDS[hook_name] = (
            tuple(getattr(importlib.import_module(m), c) for m, c in classes),
            described,
        )
    return kind


def check_answer(hook_name: str, plugin: str, answer: object) -> None:
    """Raise :class:`~tthc.errors.PluginError` when ``answer`` is not what ``hook_name``
    promises: "Plugin 'x' returned 40 instead of tthc.reduction.Target (tthc_reduction_target)".
    """
    kind = answer_kind(hook_name)
    if kind is None:
        return
    types, described = kind
    ok = isinstance(answer, types)
    if ok and hook_name == "tthc_reduction_rounding":
        from tthc.reduction import GRANULARITIES  # only when a rounding is asked

        ok = answer in GRANULARITIES
    if ok:
        return
    shown = _shown(answer)
    raise PluginError(
        Text(
            f"Plugin '{plugin}' trả về {shown} thay vì {described} ({hook_name})",
            f"Plugin '{plugin}' returned {shown} instead of {described} ({hook_name})",
        ),
        plugin,
    )


def _shown(value: object, limit: int = 80) -> str:
    """``repr(value)``, cut to ``limit`` characters: enough to recognise, never a page."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _spec_of(pm: pluggy.PluginManager, hook_name: str) -> HookSpec | None:
    caller = getattr(pm.hook, hook_name, None)
    spec: HookSpec | None = getattr(caller, "spec", None)
    return spec


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


def _detail(exc: BaseException) -> str:
    """``KeyError: '04'``: what a plugin's bug raised, readable in one line."""
    return f"{type(exc).__name__}: {exc}"


def _allow_list() -> frozenset[str] | None:
    raw = os.environ.get(PLUGINS_ENV)
    if raw is None:
        return None
    return frozenset(part.strip() for part in raw.split(",") if part.strip())


__all__ = [
    "ENTRY_POINT_GROUP",
    "NATIONAL_PLUGINS",
    "PLUGINS_ENV",
    "PluginInfo",
    "Rules",
    "answer_kind",
    "check_answer",
]
