"""Rules: the configured jurisdiction (các quy định của một địa phương).

Everything in tthc that depends on local rules asks a :class:`Rules` object: national
rules plus, optionally, a province plugin, with the configuration. It loads its plugins
once, through :mod:`tthc.plugins` (find -> import -> check -> register), calls their
``tthc_configure``, and from then on calls hooks and hands their answers (checked in
:mod:`tthc.plugins.answers`) to the engines: the calendar, the deadline and clock
(:mod:`tthc.sla`), validation, reduction and forms, which never call a hook themselves.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from datetime import datetime
from functools import cached_property
from string import Template
from typing import TYPE_CHECKING, Any

from tthc.config import Config
from tthc.errors import CalendarError, ConfigError, PluginError, TthcError, UncoveredHours
from tthc.i18n import Text
from tthc.plugins.answers import answer_kind, check_answer, collect_rules
from tthc.plugins.finder import ENTRY_POINT_GROUP, NATIONAL_PLUGINS, PLUGINS_ENV, detail_of
from tthc.plugins.manager import (
    PluginInfo,
    drop_broken_rule_plugins,
    load_plugins,
    new_plugin_manager,
)
from tthc.sla import DirectCounting, compute_deadline, direct_deadline

#: One implementation of a hook: the plugin's name, the function, its argument names.
_Implementation = tuple[str, Callable[..., Any], tuple[str, ...]]

if TYPE_CHECKING:
    from tthc.batch import Deadlines, Evaluation
    from tthc.calendar import WorkingCalendar
    from tthc.catalog import Catalog
    from tthc.duration import Duration
    from tthc.formword import WordTemplate
    from tthc.model import Case, Channel, Procedure
    from tthc.reduction import Target
    from tthc.sla import CountingPolicy, Deadline, DossierClock
    from tthc.validation import Finding, Rule


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
        self.pm = new_plugin_manager()
        self._dispatch: dict[str, tuple[_Implementation, ...]] = {}
        self._generation = -1  # the plugin manager's generation _dispatch was made for
        self._national_hooks: frozenset[str] = frozenset()
        # The direct count of Rules.deadline (tthc.national.sla.direct_count), when only the
        # national rules count: its maker, and the count made for this calendar and policy.
        self._direct_from: Callable[[Rules], DirectCounting] | None = None
        self._direct: DirectCounting | None = None
        self._tolerant = tolerant
        loaded = load_plugins(
            self.pm,
            self.config,
            self.call_each,
            load_entry_points=load_entry_points,
            tolerant=tolerant,
        )
        self.plugins: list[PluginInfo] = loaded.plugins
        self.errors: list[TthcError] = loaded.errors
        """What made loading fail, in ``tolerant`` mode (empty otherwise: it raised)."""
        self._unselected = loaded.unselected  # sound province plugins not selected
        self._configure()
        drop_broken_rule_plugins(self.pm, loaded, self.call_each, tolerant=tolerant)

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
            self.plugins[:] = [
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
            except (Exception, SystemExit):  # a plugin not in use must not break the caller
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
        for plugin_name, function, argnames in self._implementations(hook_name):
            result = _call(hook_name, plugin_name, function, argnames, kwargs)
            if result is not None:
                return plugin_name, check_answer(hook_name, plugin_name, result)
        return None

    def call_each_lazy(self, hook_name: str, **kwargs: Any) -> Iterator[tuple[str, Any]]:
        """Like :meth:`call_each`, one answer at a time (stops early when the caller does)."""
        for plugin_name, function, argnames in self._implementations(hook_name):
            result = _call(hook_name, plugin_name, function, argnames, kwargs)
            if result is not None:
                yield plugin_name, result

    def national_only(self, hook_name: str) -> bool:
        """Whether only the national rules (:data:`NATIONAL_PLUGINS`) answer ``hook_name``:
        then a caller on a hot path (``Rules.deadline``) may call them directly, since
        there is no plugin answer to check."""
        if self._generation != self.pm.generation:
            self._refresh()
        return hook_name in self._national_hooks

    def _implementations(self, hook_name: str) -> tuple[_Implementation, ...]:
        """The implementations of a hook in call order (the last registered first), decided
        once per set of plugins rather than at every call."""
        if self._generation != self.pm.generation:
            self._refresh()
        found = self._dispatch.get(hook_name)
        if found is None:
            caller = getattr(self.pm.hook, hook_name)
            found = self._dispatch[hook_name] = tuple(
                (impl.plugin_name, impl.function, tuple(impl.argnames))
                for impl in reversed(caller.get_hookimpls())
            )
        return found

    def _refresh(self) -> None:
        """Forget the decisions made for another set of plugins (one was registered or
        unregistered since), and decide which hooks only the national rules answer."""
        self._dispatch.clear()
        self._generation = self.pm.generation
        self._national_hooks = frozenset(
            name
            for name in ("tthc_deadline", "tthc_effective_receipt", "tthc_counting_policy")
            if all(p in NATIONAL_PLUGINS for p, _, _ in self._implementations(name))
        )
        self._direct = None
        self._direct_from = None
        if {"tthc_deadline", "tthc_effective_receipt"} <= self._national_hooks:
            national = self.pm.get_plugin("tthc.national.sla")
            self._direct_from = getattr(national, "direct_count", None)

    # -- the jurisdiction's answers -----------------------------------------------------

    @property
    def province(self) -> str | None:
        return self.config.province

    @cached_property
    def calendar(self) -> WorkingCalendar:
        """The working calendar (built on first use, then cached)."""
        return self.working_calendar()

    def working_calendar(
        self, *, first_year: int | None = None, last_year: int | None = None
    ) -> WorkingCalendar:
        """A new working calendar from the hooks (province answers first win):
        ``tthc_calendar_days``, ``tthc_official_years`` and ``tthc_working_hours``.

        ``first_year`` and ``last_year`` default to the calendar's own range
        (:data:`~tthc.calendar.FIRST_YEAR` to five years past today).
        """
        from tthc.calendar import FIRST_YEAR, WorkingCalendar, WorkingHours, default_last_year

        first = FIRST_YEAR if first_year is None else first_year
        last = default_last_year() if last_year is None else last_year
        days = [
            day
            for name, answer in self.call_each(
                "tthc_calendar_days", first_year=first, last_year=last
            )
            for day in check_answer("tthc_calendar_days", name, answer)
        ]
        years: set[int] = set()
        for name, answer in self.call_each("tthc_official_years"):
            years.update(check_answer("tthc_official_years", name, answer))
        # The first answer wins (province before national), with the plugin's name, so
        # that a wrong answer can say whose it is. The Monday-Friday week's source is the
        # first one an answer gives (the national rules' when a province gives none); a
        # later answer is read only for that, so it is not held to the hook's promise.
        hours: WorkingHours | None = None
        hours_from: str | None = None
        week_source = ""
        for name, answer in self.call_each_lazy("tthc_working_hours"):
            if hours is None:
                hours = check_answer("tthc_working_hours", name, answer)
                hours_from = name
                week_source = hours.week_source
            elif isinstance(answer, WorkingHours):
                week_source = answer.week_source
            if week_source:
                break
        if hours is None:  # pragma: no cover - the national plugin always answers
            raise CalendarError(Text("Không có giờ làm việc", "No working hours"))
        try:
            calendar = WorkingCalendar(
                days,
                hours,
                first_year=first,
                last_year=last,
                official_years=years,
                weekday_source=week_source,
            )
        except UncoveredHours as exc:
            error = CalendarError(
                Text(
                    f"Plugin '{hours_from}' trả về giờ làm việc không áp dụng cho ngày {exc.day} "
                    f"(tthc_working_hours): {exc.need.vi}",
                    f"Plugin '{hours_from}' returned working hours that do not apply on "
                    f"{exc.day} (tthc_working_hours): {exc.need.en}",
                )
            )
            error.plugin = hours_from
            raise error from None
        if hours_from not in NATIONAL_PLUGINS:
            calendar.hours_plugin = hours_from
        return calendar

    @cached_property
    def policy(self) -> CountingPolicy:
        """The counting policy (docs/deadlines.md), from the first plugin that answers."""
        from tthc.sla import CountingPolicy

        answer = self.call_first("tthc_counting_policy")  # checked: a CountingPolicy
        return answer if answer is not None else CountingPolicy()

    def validation_rules(self) -> list[tuple[str, Rule]]:
        """Every validation rule of every plugin, as ``(plugin name, rule)``, sorted by code
        (hook ``tthc_validation_rules``, each answer checked)."""
        return collect_rules(self.call_each("tthc_validation_rules"))

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
        if self._generation != self.pm.generation:
            self._refresh()
        if self._direct_from is not None:
            # Only the national rules count (decided once per set of plugins): a Duration or
            # a time text is counted directly, without the hooks and their answer checks.
            direct = self._direct
            if direct is None:
                direct = self._direct = self._direct_from(self)
            answer = direct_deadline(direct, received_at, what, channel, case)
            if answer is not None:
                return answer
        return compute_deadline(self, received_at, what, channel=channel, case=case)

    @cached_property
    def own_counting(self) -> tuple[str, ...]:
        """Plugins that count deadlines with their own code: those other than the national
        one that answer ``tthc_deadline`` or ``tthc_effective_receipt``. Their dossiers go
        the per-dossier way in :meth:`deadlines` and :meth:`evaluate`."""
        names: dict[str, None] = {}
        for hook in ("tthc_deadline", "tthc_effective_receipt"):
            for impl in getattr(self.pm.hook, hook).get_hookimpls():
                if impl.plugin_name != "tthc.national.sla":
                    names[impl.plugin_name] = None
        return tuple(names)

    def deadlines(
        self,
        received_at: object,
        what: object,
        *,
        channel: object = None,
        case: object = None,
    ) -> Deadlines:
        """:meth:`deadline` for many dossiers at once, as columns (:func:`tthc.batch.deadlines`).

        ``received_at``: a list of datetimes, a numpy ``datetime64`` array, a pandas Series
        or an Arrow array; ``what``, ``channel`` and ``case``: one value for all rows or one
        per row. Needs numpy (``pip install 'tthc[batch]'``).
        """
        from tthc.batch import deadlines

        return deadlines(
            received_at,
            what,
            calendar=self.calendar,
            policy=self.policy,
            channel=channel,
            case=case,
            scalar=self,
            own_code=bool(self.own_counting),
        )

    def evaluate(
        self,
        received_at: object,
        what: object,
        *,
        finished_at: object = None,
        pauses: object = None,
        as_of: datetime | None = None,
        channel: object = None,
        case: object = None,
    ) -> Evaluation:
        """Many dossier clocks at ``as_of``: status, lateness and time left, as columns
        (:func:`tthc.batch.evaluate`)."""
        from tthc.batch import evaluate

        return evaluate(
            received_at,
            what,
            calendar=self.calendar,
            policy=self.policy,
            finished_at=finished_at,
            pauses=pauses,
            as_of=as_of,
            channel=channel,
            case=case,
            scalar=self,
            own_code=bool(self.own_counting),
        )

    def clock(self, deadline: Deadline) -> DossierClock:
        """A dossier clock started from ``deadline`` (pause, resume, finish)."""
        from tthc.sla import DossierClock

        return DossierClock(self, deadline)

    def count_deadline(
        self,
        received_at: datetime,
        duration: Duration,
        channel: Channel | None,
        steps: Sequence[Duration | None],
    ) -> Deadline:
        """The first answer of ``tthc_deadline`` (checked to be a Deadline): the count that
        :meth:`deadline` and the restart of a :meth:`clock` use.

        What a hook raises passes through as :meth:`call_each` reports it: a TthcError raised
        on purpose (a date outside the calendar) unchanged, naming the plugin in ``.plugin``;
        a bug as a PluginError naming the plugin, chained to the original exception.
        """
        answer = self.call_first(
            "tthc_deadline",
            received_at=received_at,
            duration=duration,
            channel=channel,
            steps=tuple(steps),
            rules=self,
        )
        if answer is None:  # pragma: no cover - the national plugin always answers
            raise ConfigError(Text("Không có plugin nào tính hạn", "No plugin computes deadlines"))
        return answer  # type: ignore[no-any-return]

    def target(self, procedure: Procedure | None, case: Case | None, year: int) -> Target:
        """The reduction target that applies (hook ``tthc_reduction_target``)."""
        answer = self.call_first("tthc_reduction_target", procedure=procedure, case=case, year=year)
        if answer is None:  # pragma: no cover - the national plugin always answers
            raise ConfigError(Text("Không có mục tiêu cắt giảm", "No reduction target"))
        return answer  # type: ignore[no-any-return]

    def reduction_floor(self, procedure: Procedure, case: Case) -> Duration | None:
        """The time below which ``case`` cannot be cut (hook ``tthc_reduction_floor``)."""
        answer = self.call_first("tthc_reduction_floor", procedure=procedure, case=case)
        return answer  # type: ignore[no-any-return]

    def reduction_rounding(self) -> str | None:
        """How reduced times are rounded, if a plugin says (hook ``tthc_reduction_rounding``)."""
        answer = self.call_first("tthc_reduction_rounding")
        return answer  # type: ignore[no-any-return]

    def form_template(self, form: str, lang: str) -> str:
        """The text template of form ``form`` in ``lang`` (hook ``tthc_form_template``)."""
        answer = self._form_answer(form, lang, "text")
        if not isinstance(answer, (str, Template)):  # a Word template asked for text
            raise ConfigError(
                Text(
                    f"Mẫu biểu '{form}' ({lang}): plugin trả về mẫu Word cho định dạng văn bản",
                    f"Form '{form}' ({lang}): a plugin answered a Word template for text output",
                )
            )
        # A string.Template (as the national plugin's) or its text: both are accepted.
        return answer.template if isinstance(answer, Template) else str(answer)

    def word_template(self, form: str, lang: str) -> WordTemplate | str:
        """The Word template of form ``form`` in ``lang`` (hook ``tthc_form_template`` with
        ``output="docx"``): a :class:`~tthc.formword.WordTemplate`, or the text of a
        template when the first plugin to answer gave only its wording."""
        answer = self._form_answer(form, lang, "docx")
        return answer.template if isinstance(answer, Template) else answer

    def _form_answer(self, form: str, lang: str, output: str) -> Any:
        answer = self.call_first("tthc_form_template", form=form, lang=lang, output=output)
        if answer is None:
            raise ConfigError(
                Text(
                    f"Không có mẫu biểu '{form}' ({lang})",
                    f"No template for form '{form}' ({lang})",
                )
            )
        return answer

    def __repr__(self) -> str:
        names = ", ".join(p.name for p in self.plugins if p.error is None and p.loaded)
        return f"Rules(province={self.province!r}, plugins=[{names}])"


def _call(
    hook_name: str,
    plugin_name: str,
    function: Callable[..., Any],
    argnames: tuple[str, ...],
    kwargs: dict[str, Any],
) -> Any:
    """One plugin's answer to a hook. An implementation that raises a
    :class:`~tthc.errors.TthcError` (bad input, reported on purpose) lets it through, its
    ``plugin`` naming the plugin; any other exception (a bug) becomes a PluginError."""
    try:
        return function(**{name: kwargs[name] for name in argnames})
    except TthcError as exc:
        # Its own message is the one to show. Nested hooks: the innermost plugin, which
        # set the name first, is the one that raised.
        if exc.plugin is None:
            exc.plugin = plugin_name
        raise
    except (Exception, SystemExit) as exc:  # a bug in the plugin
        what = detail_of(exc)
        raise PluginError(
            Text(
                f"Plugin '{plugin_name}' lỗi khi trả lời {hook_name}: {what}",
                f"Plugin '{plugin_name}' failed in {hook_name}: {what}",
            ),
            plugin_name,
        ) from exc


__all__ = [
    "ENTRY_POINT_GROUP",
    "NATIONAL_PLUGINS",
    "PLUGINS_ENV",
    "PluginInfo",
    "Rules",
    "answer_kind",
    "check_answer",
]
