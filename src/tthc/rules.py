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

import importlib
import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property
from importlib.metadata import EntryPoint, entry_points
from typing import TYPE_CHECKING, Any

import pluggy

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

    def __init__(self, config: Config | None = None, *, load_entry_points: bool = True) -> None:
        self.config = config or Config()
        self.pm = pluggy.PluginManager("tthc")
        self.pm.add_hookspecs(hookspecs)
        self.plugins: list[PluginInfo] = []
        self._load(load_entry_points)
        self.call_each("tthc_configure", rules=self)

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

        provinces: dict[str, str] = {}
        left_out: list[str] = []  # installed, not on the allow-list: never imported
        if load_entry_points:
            allow = _allow_list()  # the environment wins over the configuration
            if allow is None and self.config.allow is not None:
                allow = frozenset(self.config.allow)
            for ep in sorted(entry_points(group=ENTRY_POINT_GROUP), key=lambda e: e.name):
                if allow is not None and ep.name not in allow:
                    left_out.append(ep.name)
                    continue
                self._load_entry_point(ep, provinces)

        for module_name in self.config.plugins:
            try:
                module = importlib.import_module(module_name)
            except Exception as exc:
                raise PluginError(
                    Text(
                        f"Không nạp được plugin '{module_name}' (cấu hình): {_detail(exc)}",
                        f"Cannot load plugin '{module_name}' (from configuration): {_detail(exc)}",
                    ),
                    module_name,
                ) from exc
            province = getattr(module, "tthc_province", None)
            if province is not None:
                provinces[str(province)] = module_name
                if province != self.config.province:
                    continue
            if self.pm.is_registered(module):
                continue  # also installed as an entry point: registered once, not an error
            self._register(module, module_name, "config", None, province)

        wanted = self.config.province
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
            raise ConfigError(
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

    def _load_entry_point(self, ep: EntryPoint, provinces: dict[str, str]) -> None:
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
            return
        province = getattr(plugin, "tthc_province", None)
        if province is not None:
            provinces[str(province)] = ep.name
            if province != self.config.province:
                hooks = tuple(
                    sorted(n for n in dir(plugin) if self.pm.parse_hookimpl_opts(plugin, n))
                )
                self.plugins.append(
                    PluginInfo(ep.name, origin, version, hooks, str(province), loaded=False)
                )
                return
        try:
            self._register(plugin, ep.name, origin, version, province)
        except PluginError as exc:
            if province is not None and province == self.config.province:
                raise
            self.plugins.append(
                PluginInfo(ep.name, origin, version, (), error=exc.text("en"), error_text=exc.text)
            )

    def _register(
        self,
        plugin: object,
        name: str,
        origin: str,
        version: str | None,
        province: str | None = None,
    ) -> None:
        try:
            self.pm.register(plugin, name=name)
        except (ValueError, pluggy.PluginValidationError) as exc:
            raise PluginError(
                Text(
                    f"Plugin '{name}' không hợp lệ: {exc}",
                    f"Plugin '{name}' is invalid: {exc}",
                ),
                name,
            ) from exc
        callers = self.pm.get_hookcallers(plugin) or ()
        # pluggy's check_pending(), for this plugin alone: a plugin with an unknown hook is
        # unregistered here, so no unknown hook is ever left pending for check_pending().
        # An implementation marked ``optionalhook=True`` may name a hook of a newer tthc:
        # it is kept, never called, as pluggy's own check_pending() allows.
        unknown = sorted(
            h.name
            for h in callers
            if not h.has_spec()
            and not all(i.optionalhook for i in h.get_hookimpls() if i.plugin is plugin)
        )
        # A tthc_* function without @hookimpl is never called: pluggy skips it silently,
        # which hides the commonest plugin mistake, so it is refused by name.
        unmarked = sorted(
            attr
            for attr in dir(plugin)
            if attr.startswith("tthc_")
            and callable(getattr(plugin, attr, None))
            and self.pm.parse_hookimpl_opts(plugin, attr) is None
        )
        if unmarked:
            self.pm.unregister(plugin)
            raise PluginError(
                Text(
                    f"Plugin '{name}': hàm {', '.join(unmarked)} thiếu @tthc.hookimpl "
                    "nên sẽ không bao giờ được gọi",
                    f"Plugin '{name}': function {', '.join(unmarked)} lacks @tthc.hookimpl "
                    "and would never be called",
                ),
                name,
            )
        if unknown:
            self.pm.unregister(plugin)
            raise PluginError(
                Text(
                    f"Plugin '{name}' cài đặt hook không tồn tại: {', '.join(unknown)}",
                    f"Plugin '{name}' implements a hook that does not exist: {', '.join(unknown)}",
                ),
                name,
            )
        hooks = tuple(sorted(h.name for h in callers if h.has_spec()))
        self.plugins.append(PluginInfo(name, origin, version, hooks, province))

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
        """The first non-``None`` answer of a hook (province before national), or ``None``."""
        for _name, result in self.call_each_lazy(hook_name, **kwargs):
            return result
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

        answer = self.call_first("tthc_counting_policy")
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
        return str(answer)

    def __repr__(self) -> str:
        names = ", ".join(p.name for p in self.plugins if p.error is None and p.loaded)
        return f"Rules(province={self.province!r}, plugins=[{names}])"


def _detail(exc: BaseException) -> str:
    """``KeyError: '04'``: what a plugin's bug raised, readable in one line."""
    return f"{type(exc).__name__}: {exc}"


def _allow_list() -> frozenset[str] | None:
    raw = os.environ.get(PLUGINS_ENV)
    if raw is None:
        return None
    return frozenset(part.strip() for part in raw.split(",") if part.strip())


__all__ = ["ENTRY_POINT_GROUP", "NATIONAL_PLUGINS", "PLUGINS_ENV", "PluginInfo", "Rules"]
