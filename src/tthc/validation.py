"""Validation of a catalog: rules, findings and the runner (kiểm tra danh mục).

A :class:`Rule` has a stable code (``TT101``), a severity, a bilingual title and an
explanation, and a ``check`` function. Plugins contribute rules through the hook
``tthc_validation_rules``; :func:`run_rules` runs every enabled rule of every plugin
over a :class:`~tthc.catalog.Catalog` and returns :class:`Finding` objects sorted by
file, line and column.

A check yields :class:`Problem` objects: a message and *where* in the procedure file
(a ``loc`` of keys and indexes, as pydantic reports them). The runner turns them
into findings with the file, line and column of that place.

Disabling rules:

- in the configuration: ``disable = ["TT105"]`` in ``[tool.tthc]`` or ``tthc.toml``;
- in one file: a comment at the start of a line, anywhere in the file,
  ``# tthc: disable=TT105,TT106``.

The findings of the loader (:data:`LOAD_CODES`: a file that cannot be read or does
not match the schema) are never disabled: such a file is not in the catalog, and
silencing the finding would drop a procedure without a word.
"""

from __future__ import annotations

import difflib
import re
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal, Protocol

from tthc.errors import TthcError
from tthc.findings import Finding, Severity, file_disabled_codes
from tthc.i18n import Lang, Text

if TYPE_CHECKING:
    from tthc.catalog import Catalog, ProcedureSource
    from tthc.config import Config
    from tthc.model import Procedure
    from tthc.yamlsource import Loc, Position

__all__ = [
    "CRASH_CODE",
    "DIRECTIVE_CODE",
    "LOAD_CODES",
    "CheckContext",
    "CheckRules",
    "Finding",
    "Problem",
    "Rule",
    "RulePlan",
    "Severity",
    "directive_findings",
    "file_disabled_codes",
    "rules_markdown",
    "run_rules",
    "suggest_codes",
]

#: Code of the finding made when a rule's check raises.
CRASH_CODE = "TT000"
#: Codes of the loader's findings (unreadable YAML, schema errors); never disabled.
LOAD_CODES = frozenset({"TT100", "TT101"})
#: Code of the warning about a bad ``# tthc:`` comment.
DIRECTIVE_CODE = "TT103"

_RULE_CODE = re.compile(r"^[A-Z]{2,5}\d{3}$")


@dataclass(frozen=True)
class Problem:
    """What a check yields: a message and where it applies.

    ``loc`` is a place inside the procedure file (``("processing_time", 0, "committed")``);
    the runner maps it to a line and column, or to the nearest enclosing value when the
    key is absent. ``source`` names another file than the procedure being checked (a
    catalog-scope rule must set it, e.g. ``catalog.source_of(code)``); ``key`` points at
    the key instead of the value.
    """

    message: Text
    loc: Loc = ()
    hint: Text | None = None
    source: ProcedureSource | None = None
    key: bool = False
    at: Position | None = None
    """An explicit position (e.g. in ``fields.yaml``), instead of ``source`` and ``loc``."""


class CheckRules(Protocol):
    """What validation is given by a jurisdiction (:class:`tthc.rules.Rules` is one): its
    configuration (``disable``, plugin settings) and every plugin's rules, checked (hook
    ``tthc_validation_rules``). This module never calls a hook itself."""

    @property
    def config(self) -> Config: ...

    def validation_rules(self) -> list[tuple[str, Rule]]: ...


@dataclass(frozen=True)
class CheckContext:
    """What a check may consult besides the procedure: the catalog and the rules.

    A catalog rule gets the whole catalog. A national procedure rule run by ``tthc
    validate`` (file by file, :mod:`tthc.cache`) gets a catalog of its own procedure and
    the registries; :func:`run_rules`, which runs every plugin's rules, gives it the
    catalog it was given.
    """

    catalog: Catalog
    rules: CheckRules | None = None
    """The jurisdiction running the check (a :class:`tthc.rules.Rules`), when there is one."""


@dataclass(frozen=True)
class Rule:
    """A validation rule (quy tắc kiểm tra) with a stable code.

    ``scope`` ``"procedure"``: ``check(procedure, context)`` is called once per
    procedure and yields problems located in that procedure's file. ``"catalog"``:
    ``check(catalog, context)`` is called once and each problem names its ``source``.
    A rule with ``check=None`` is reported by the loader itself (TT100, TT101) and is
    declared only so that ``tthc explain`` knows it.
    """

    code: str
    severity: Severity
    title: Text
    explanation: Text
    """What the rule checks and how to fix what it finds (``tthc explain``)."""
    scope: Literal["procedure", "catalog"] = "procedure"
    check: Callable[[Any, CheckContext], Iterable[Problem]] | None = field(
        default=None, compare=False
    )

    def __post_init__(self) -> None:
        if not _RULE_CODE.match(self.code):
            raise ValueError(f"rule code {self.code!r} must look like TT101 (letters, 3 digits)")


def run_rules(
    catalog: Catalog, rules: CheckRules, *, only: Sequence[Rule] | None = None
) -> list[Finding]:
    """Run the enabled rules over ``catalog``: every finding, the loader's too, by place.

    ``rules`` gives the plugins (hook ``tthc_validation_rules``) and the configuration
    (``rules.config.disable``). ``only`` replaces the plugins' rules by an explicit list
    (attributed to the plugin ``"tthc"``), for tests and tools.
    """
    plan = RulePlan.of(rules, only)
    context = CheckContext(catalog, rules)

    findings: list[Finding] = list(catalog.problems)
    findings.extend(_directive_findings(catalog, plan.known))
    if only is None:
        findings.extend(plan.config_findings(rules))
    limits = getattr(getattr(rules, "config", None), "rule_time_limit", None)
    for plugin, its_rules in plan.by_plugin().items():
        limit = _time_limit(limits, plugin)
        findings.extend(_run_plugin(plugin, its_rules, catalog, context, limit))
    return plan.kept(findings, catalog.disabled_in)


@dataclass(frozen=True)
class RulePlan:
    """The rules one validation runs, split by scope, and what it reports and filters.

    :func:`run_rules` runs it over a catalog in memory, each plugin's rules contained
    (:func:`_run_plugin`); :mod:`tthc.cache` (``tthc validate``) runs the national
    procedure rules file by file, in several processes, and the catalog rules once.
    """

    procedure_rules: tuple[tuple[str, Rule], ...]
    catalog_rules: tuple[tuple[str, Rule], ...]
    disabled: frozenset[str]
    known: frozenset[str]

    @classmethod
    def of(cls, rules: CheckRules, only: Sequence[Rule] | None = None) -> RulePlan:
        plugin_rules = (
            [("tthc", rule) for rule in only] if only is not None else rules.validation_rules()
        )
        disabled: frozenset[str] = getattr(getattr(rules, "config", None), "disable", frozenset())
        active = [(p, r) for p, r in plugin_rules if r.code not in disabled and r.check is not None]
        return cls(
            procedure_rules=tuple((p, r) for p, r in active if r.scope == "procedure"),
            catalog_rules=tuple((p, r) for p, r in active if r.scope == "catalog"),
            disabled=disabled,
            known=frozenset({rule.code for _, rule in plugin_rules} | LOAD_CODES | {CRASH_CODE}),
        )

    def by_plugin(self) -> dict[str, list[Rule]]:
        """The rules of each plugin (procedure rules first), plugins in the order found."""
        found: dict[str, list[Rule]] = {}
        for plugin, rule in (*self.procedure_rules, *self.catalog_rules):
            found.setdefault(plugin, []).append(rule)
        return found

    def plugins(self) -> frozenset[str]:
        """The plugins whose rules run."""
        return frozenset(p for p, _ in (*self.procedure_rules, *self.catalog_rules))

    def config_findings(self, rules: CheckRules) -> list[Finding]:
        """Warnings for codes in the configuration's ``disable`` that switch nothing off."""
        return list(_config_findings(rules, self.disabled, set(self.known)))

    def check_procedure(
        self,
        procedure: Procedure,
        source: ProcedureSource,
        context: CheckContext,
        aside: frozenset[str] = frozenset(),
    ) -> list[Finding]:
        """The findings of every procedure rule on one procedure, in this thread and
        without a time limit: for trusted rules only (``tthc validate`` file by file runs
        the national ones so; :func:`run_rules` contains every plugin's)."""
        findings: list[Finding] = []
        for plugin, rule in self.procedure_rules:
            _check_procedure(plugin, rule, procedure, source, context, aside, findings)
        return findings

    def check_catalog(self, catalog: Catalog, context: CheckContext) -> list[Finding]:
        """The findings of every catalog rule, as :meth:`check_procedure` (trusted rules)."""
        findings: list[Finding] = []
        for plugin, rule in self.catalog_rules:
            _check_catalog(plugin, rule, catalog, context, findings)
        return findings

    def kept(
        self, findings: Iterable[Finding], disabled_in: Callable[[str], frozenset[str]]
    ) -> list[Finding]:
        """The findings not switched off (configuration, or a file's ``# tthc: disable``),
        sorted by place."""
        # The runner's own findings (TT103, TT000) obey `disable` like the rules' do.
        switched_off = self.disabled - LOAD_CODES
        kept = [
            f
            for f in findings
            if f.rule not in switched_off
            and (f.rule in LOAD_CODES or f.rule not in disabled_in(f.path))
        ]
        kept.sort(key=lambda f: f.sort_key)
        return kept


def directive_findings(source: ProcedureSource, known: frozenset[str]) -> list[Finding]:
    """Warnings for the ``# tthc:`` comments of one file that tthc does not understand."""
    return list(_directive_findings_of(source, set(known)))


def _check_procedure(
    plugin: str,
    rule: Rule,
    procedure: Procedure,
    source: ProcedureSource,
    context: CheckContext,
    aside: frozenset[str],
    out: list[Finding],
) -> None:
    """One procedure rule on one procedure, its findings appended to ``out``. A rule that
    raises (``SystemExit`` included) or yields what is not a :class:`Problem` is a finding
    naming the plugin; what it says about the keys ``aside`` (set aside for a schema
    error, which TT101 reports) is dropped."""
    assert rule.check is not None
    code = procedure.code
    try:
        for problem in rule.check(procedure, context):
            _check_problem(problem)
            if aside and problem.loc and problem.loc[0] in aside:
                continue
            out.append(_finding(rule, plugin, problem, problem.source or source, code))
    except (Exception, SystemExit) as exc:  # a broken rule: the others go on
        out.append(_crash(plugin, rule, exc, source, code))


def _check_catalog(
    plugin: str, rule: Rule, catalog: Catalog, context: CheckContext, out: list[Finding]
) -> None:
    """One catalog rule, as :func:`_check_procedure`."""
    assert rule.check is not None
    try:
        for problem in rule.check(catalog, context):
            _check_problem(problem)
            out.append(_finding(rule, plugin, problem, problem.source, None))
    except (Exception, SystemExit) as exc:
        out.append(_crash(plugin, rule, exc, None, None, catalog))


#: Seconds a plugin's validation rules may take over the whole catalog, unless the
#: configuration says otherwise (``rule_time_limit``).
DEFAULT_TIME_LIMIT = 300.0


def _time_limit(limits: object, plugin: str) -> float:
    """The time limit of ``plugin``: ``rule_time_limit`` is seconds for every plugin, or a
    table by plugin name with an optional ``default``."""
    if isinstance(limits, (int, float)) and not isinstance(limits, bool):
        return float(limits)
    if isinstance(limits, dict):
        value = limits.get(plugin, limits.get("default", DEFAULT_TIME_LIMIT))
        return float(value) if isinstance(value, (int, float)) else DEFAULT_TIME_LIMIT
    return DEFAULT_TIME_LIMIT


class _Run:
    """What one plugin's rules found so far, and what they are doing now."""

    def __init__(self) -> None:
        self.findings: list[Finding] = []
        self.current: tuple[Rule, str | None] | None = None
        self.done = threading.Event()
        self.error: BaseException | None = None


def _run_plugin(
    plugin: str, its_rules: list[Rule], catalog: Catalog, context: CheckContext, limit: float
) -> list[Finding]:
    """The findings of one plugin's rules, run in a worker thread for at most ``limit``
    seconds.

    A rule that raises (``SystemExit`` included: a plugin must not end the command, least
    of all with exit 0) or yields something that is not a :class:`Problem` becomes a
    finding naming the plugin and the rule; the other rules go on. A plugin that is still
    running after ``limit`` seconds becomes a finding too, naming the rule and procedure it
    was on: Python cannot stop a thread, so the hung one is abandoned (a daemon thread,
    which does not keep the command from exiting) and its later findings are ignored.
    ``KeyboardInterrupt`` (Ctrl-C, delivered to the main thread) passes through.
    """
    run = _Run()
    procedure_rules = [r for r in its_rules if r.scope == "procedure"]
    catalog_rules = [r for r in its_rules if r.scope == "catalog"]

    def work() -> None:
        out = run.findings
        try:
            for procedure, source, aside in _checked(catalog) if procedure_rules else ():
                for rule in procedure_rules:
                    run.current = (rule, procedure.code)
                    _check_procedure(plugin, rule, procedure, source, context, aside, out)
            for rule in catalog_rules:
                run.current = (rule, None)
                _check_catalog(plugin, rule, catalog, context, out)
        except BaseException as exc:  # a bug of the runner itself: raised in the caller
            run.error = exc
        finally:
            run.done.set()

    worker = threading.Thread(target=work, name=f"tthc-rules-{plugin}", daemon=True)
    worker.start()
    if not run.done.wait(limit):
        taken = list(run.findings)  # the hung thread may still add some: not read again
        return [*taken, _hung(plugin, run.current, limit, catalog)]
    if run.error is not None:
        raise run.error
    return run.findings


def _checked(
    catalog: Catalog,
) -> Iterator[tuple[Procedure, ProcedureSource, frozenset[str]]]:
    """What the procedure rules check: every procedure, then what loaded of the files that
    failed their schema check, with the keys set aside (:meth:`Catalog.partial`)."""
    for code in catalog.codes():
        yield catalog[code], catalog.source_of(code), frozenset()
    yield from catalog.partial()


def _check_problem(problem: object) -> None:
    """Refuse an answer that is not a well-formed :class:`Problem` (raised as a TypeError,
    which the runner reports as the rule's failure): a wrong type would otherwise surface
    later, in sorting or printing the findings, without naming the plugin."""
    from tthc.yamlsource import Position

    if not isinstance(problem, Problem):
        raise TypeError(f"the rule yielded {type(problem).__name__}, not a Problem")
    if not isinstance(problem.message, Text) or not all(
        isinstance(part, str) for part in problem.message
    ):
        raise TypeError(f"Problem.message is {type(problem.message).__name__}, not a Text")
    if problem.hint is not None and (
        not isinstance(problem.hint, Text) or not all(isinstance(p, str) for p in problem.hint)
    ):
        raise TypeError(f"Problem.hint is {type(problem.hint).__name__}, not a Text")
    if not isinstance(problem.loc, tuple) or not all(
        isinstance(part, (str, int)) for part in problem.loc
    ):
        raise TypeError("Problem.loc must be a tuple of keys and indexes")
    at = problem.at
    if at is not None and not (
        isinstance(at, Position)
        and isinstance(at.path, str)
        and type(at.line) is int
        and type(at.column) is int
    ):
        raise TypeError("Problem.at must be a Position(path, line, column)")


def _hung(
    plugin: str, current: tuple[Rule, str | None] | None, limit: float, catalog: Catalog
) -> Finding:
    rule, code = current if current is not None else (None, None)
    doing_vi = f" (quy tắc {rule.code}" if rule else ""
    doing_en = f" (rule {rule.code}" if rule else ""
    if rule and code:
        doing_vi += f", thủ tục {code}"
        doing_en += f", procedure {code}"
    if rule:
        doing_vi += ")"
        doing_en += ")"
    shown = f"{limit:g}"
    return Finding(
        rule=CRASH_CODE,
        severity=Severity.ERROR,
        path=catalog.source_of(code).path if code else str(catalog.root or ""),
        line=1,
        column=1,
        message=Text(
            f"Plugin '{plugin}' chưa kiểm tra xong sau {shown} giây{doing_vi}; tthc bỏ qua "
            "phần còn lại của nó",
            f"plugin '{plugin}' did not finish its checks within {shown} s{doing_en}; tthc "
            "left the rest of it",
        ),
        hint=Text(
            f"Một quy tắc của plugin '{plugin}' bị treo hoặc quá chậm; hãy báo cho tác giả "
            "plugin, hoặc nâng rule_time_limit trong cấu hình nếu danh mục rất lớn.",
            f"A rule of plugin '{plugin}' hangs or is too slow; report it to the plugin's "
            "authors, or raise rule_time_limit in the configuration for a very large catalog.",
        ),
        procedure=code,
        plugin=plugin,
    )


def _finding(
    rule: Rule,
    plugin: str,
    problem: Problem,
    source: ProcedureSource | None,
    code: str | None,
) -> Finding:
    if problem.at is not None:
        where = problem.at
    elif source is None:
        raise ValueError(f"rule {rule.code}: a catalog-scope problem must name its source")
    else:
        where = source.key_position(problem.loc) if problem.key else source.position(problem.loc)
    return Finding(
        rule=rule.code,
        severity=rule.severity,
        path=where.path,
        line=where.line,
        column=where.column,
        message=problem.message,
        hint=problem.hint,
        procedure=code if code is not None else (source.code if source else None),
        plugin=plugin,
    )


def _crash(
    plugin: str,
    rule: Rule,
    exc: BaseException,
    source: ProcedureSource | None,
    code: str | None,
    catalog: Catalog | None = None,
) -> Finding:
    # A TthcError has its own message in both languages; str() would give English only.
    said = exc.text if isinstance(exc, TthcError) else Text(str(exc), str(exc))
    vi, en = (f"{type(exc).__name__}: {said.vi}", f"{type(exc).__name__}: {said.en}")
    if code is not None:
        message = Text(
            f"Plugin '{plugin}' lỗi khi kiểm tra thủ tục {code} (quy tắc {rule.code}): {vi}",
            f"plugin '{plugin}' raised while checking procedure {code} (rule {rule.code}): {en}",
        )
    else:
        message = Text(
            f"Plugin '{plugin}' lỗi khi kiểm tra danh mục (quy tắc {rule.code}): {vi}",
            f"plugin '{plugin}' raised while checking the catalog (rule {rule.code}): {en}",
        )
    path = source.path if source is not None else str(catalog.root if catalog else "")
    return Finding(
        rule=CRASH_CODE,
        severity=Severity.ERROR,
        path=path,
        line=1,
        column=1,
        message=message,
        hint=Text(
            f"Đây là lỗi của plugin '{plugin}', không phải của dữ liệu; hãy báo cho tác giả "
            f"plugin, hoặc tạm tắt quy tắc {rule.code}.",
            f"This is a bug in plugin '{plugin}', not in the data; report it to the plugin's "
            f"authors, or disable rule {rule.code} meanwhile.",
        ),
        procedure=code,
        plugin=plugin,
    )


def _directive_findings(catalog: Catalog, known: Iterable[str]) -> Iterable[Finding]:
    """Warnings for ``# tthc:`` comments that say something tthc does not understand."""
    codes = set(known)
    for source in catalog.sources():
        yield from _directive_findings_of(source, codes)


def _directive_findings_of(source: ProcedureSource, known: set[str]) -> Iterable[Finding]:
    for directive in source.directives:
        name, sep, value = directive.body.partition("=")
        if name.strip().lower() != "disable" or not sep:
            problem = Text(
                f"chú thích '# tthc: {directive.body}' không hợp lệ; "
                "chỉ hiểu '# tthc: disable=MÃ,MÃ'",
                f"comment '# tthc: {directive.body}' is not understood; "
                "only '# tthc: disable=CODE,CODE' is",
            )
        else:
            codes = [c.strip().upper() for c in value.split(",") if c.strip()]
            unknown = [c for c in codes if c not in known]
            if codes and not unknown:
                continue
            shown = ", ".join(unknown) or "-"
            problem = Text(
                f"'# tthc: disable=' nêu mã quy tắc không tồn tại: {shown}",
                f"'# tthc: disable=' names unknown rule codes: {shown}",
            )
        yield Finding(
            rule=DIRECTIVE_CODE,
            severity=Severity.WARNING,
            path=source.path,
            line=directive.line,
            column=1,
            message=problem,
            hint=Text(
                "Xem danh sách mã bằng 'tthc explain --list'.",
                "See the list of codes with 'tthc explain --list'.",
            ),
            procedure=source.code,
        )


def _config_findings(
    rules: CheckRules, disabled: frozenset[str], known: set[str]
) -> Iterable[Finding]:
    """Warnings for codes in the configuration's ``disable`` that switch nothing off."""
    config = getattr(rules, "config", None)
    path = getattr(config, "path", None)
    try:
        lines = path.read_text(encoding="utf-8").splitlines() if path is not None else []
    except (OSError, UnicodeDecodeError):
        lines = []

    def line_of(code: str) -> int:  # the line that names the code, for the editor
        for number, text in enumerate(lines, start=1):
            if re.search(rf"[\"']{re.escape(code)}[\"']", text, re.IGNORECASE):
                return number
        return 1

    for code in sorted(disabled):
        if code in LOAD_CODES:
            message = Text(
                f"'disable' không tắt được {code} (tệp phải đọc được)",
                f"'disable' cannot switch off {code} (the file must load)",
            )
            hint = None
        elif code not in known:
            message = Text(
                f"'disable' nêu mã quy tắc không tồn tại: {code}",
                f"'disable' names an unknown rule code: {code}",
            )
            close = ", ".join(suggest_codes(code, known - LOAD_CODES - {CRASH_CODE}))
            hint = Text(
                (f"Có phải: {close}? " if close else "") + "Xem 'tthc explain --list'.",
                (f"Did you mean: {close}? " if close else "") + "See 'tthc explain --list'.",
            )
        else:
            continue
        yield Finding(
            rule=DIRECTIVE_CODE,
            severity=Severity.WARNING,
            path=str(path) if path is not None else "<config>",
            line=line_of(code),
            column=1,
            message=message,
            hint=hint,
        )


def suggest_codes(code: str, codes: Iterable[str]) -> list[str]:
    """Codes close to ``code`` (for "unknown rule" messages)."""
    return difflib.get_close_matches(code.upper(), sorted(codes), n=3, cutoff=0.6)


def rules_markdown(rules: Sequence[tuple[str, Rule]], lang: Lang) -> str:
    """The rule reference page (``docs/validation-rules.md``), generated from the rules."""
    if lang == "vi":
        lines = [
            "# Quy tắc kiểm tra danh mục",
            "",
            "<!-- Tạo tự động bằng `tthc explain --markdown --lang vi`; đừng sửa tay. -->",
            "",
            "`tthc validate` chạy các quy tắc dưới đây. Lỗi (error) làm lệnh trả mã 1; "
            "cảnh báo (warning) thì không. Tắt một quy tắc trong cấu hình "
            '(`disable = ["TT105"]`) hoặc trong một tệp (`# tthc: disable=TT105`); '
            "TT100 và TT101 không tắt được.",
            "",
            "| Mã | Mức | Quy tắc |",
            "|---|---|---|",
        ]
    else:
        lines = [
            "# Catalog validation rules",
            "",
            "<!-- Generated by `tthc explain --markdown --lang en`; do not edit by hand. -->",
            "",
            "`tthc validate` runs the rules below. An error makes the command exit 1; "
            "a warning does not. Disable a rule in the configuration "
            '(`disable = ["TT105"]`) or in one file (`# tthc: disable=TT105`); '
            "TT100 and TT101 cannot be disabled.",
            "",
            "| Code | Severity | Rule |",
            "|---|---|---|",
        ]
    for _, rule in rules:
        severity = rule.severity.label(lang)
        lines.append(f"| [{rule.code}](#{rule.code.lower()}) | {severity} | {rule.title(lang)} |")
    for plugin, rule in rules:
        severity = rule.severity.label(lang)
        lines += ["", f"## {rule.code}", "", f"**{rule.title(lang)}** ({severity}, {plugin})"]
        lines += ["", rule.explanation(lang)]
    return "\n".join(lines) + "\n"
