"""Checking a catalog against its reduction targets (kiểm tra mục tiêu cắt giảm).

:func:`check` asks the jurisdiction (:class:`TargetRules`) for each case's target, floor
and rounding, and returns a row per case with a suggestion for each missed target, and
the progress of the whole catalog.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Protocol

from tthc.display import display_percent
from tthc.duration import Duration, Unit
from tthc.durationtext import parse_duration
from tthc.errors import NotComparableError, ReductionError, TthcError
from tthc.i18n import Text
from tthc.reduction.compare import meets_target, reduction_hours, reduction_percent
from tthc.reduction.progress import Progress, ReductionReport, ReductionSummary
from tthc.reduction.rows import ReductionRow, Status
from tthc.reduction.suggest import Suggestion, suggest
from tthc.reduction.target import GRANULARITIES, Target, parse_percent

if TYPE_CHECKING:
    from tthc.model import Case, Procedure
    from tthc.sla import CountingPolicy

__all__ = ["TargetRules", "check", "check_case", "not_recorded"]


class TargetRules(Protocol):
    """What :func:`check` is given by a jurisdiction (:class:`tthc.rules.Rules` is one):
    the target of each case (hook ``tthc_reduction_target``), the floor below which a time
    cannot go (``tthc_reduction_floor``) and the rounding (``tthc_reduction_rounding``)."""

    def target(self, procedure: Procedure | None, case: Case | None, year: int) -> Target: ...

    def reduction_floor(self, procedure: Procedure, case: Case) -> Duration | None: ...

    def reduction_rounding(self) -> str | None: ...

    @property
    def policy(self) -> CountingPolicy:
        """The counting policy: whether a bare "giờ" counts as working hours
        (``clock_hours_as``) decides whether clock and working hours compare."""
        ...


def _procedure_status(rows: list[ReductionRow]) -> Status:
    statuses = {r.status for r in rows}
    if Status.MISSED in statuses:
        return Status.MISSED
    if Status.NOT_RECORDED in statuses:
        return Status.NOT_RECORDED
    if Status.NOT_COMPARABLE in statuses:
        return Status.NOT_COMPARABLE
    return Status.MET


def check_case(
    procedure: Procedure,
    case: Case,
    target: Target,
    *,
    granularity: str = "day",
    floor: Duration | None = None,
    clock_hours_as: str = "clock",
) -> ReductionRow:
    """One case against ``target`` (see :func:`check`, which asks the rules for each input).

    ``clock_hours_as`` is the counting policy's (:attr:`tthc.sla.CountingPolicy.clock_hours_as`):
    clock hours (a bare "giờ") and working hours are compared only when it is ``"working"``,
    that is when the province counts a bare "giờ" as working hours.
    """
    use_baseline = target.baseline_year is not None and case.baseline is not None
    reference = case.baseline if use_baseline and case.baseline is not None else case.time
    committed = case.committed
    effective = committed if committed is not None else case.time

    def row(
        status: Status,
        percent: Decimal | None = None,
        hours: Decimal | None = None,
        reason: Text | None = None,
        suggestion: Suggestion | None = None,
    ) -> ReductionRow:
        return ReductionRow(
            procedure=procedure,
            case=case,
            legal=case.time,
            committed=committed,
            baseline=case.baseline,
            reference=reference,
            reference_kind="baseline" if use_baseline else "legal",
            target=target,
            status=status,
            reduction_percent=percent,
            reduction_hours=hours,
            reason=reason,
            suggestion=suggestion,
        )

    if committed is None and case.committed_text:
        return row(Status.NOT_RECORDED, reason=not_recorded(case.committed_text, reference))
    counted_reference, counted = reference, effective
    if clock_hours_as == "working":
        counted_reference, counted = _as_working(reference), _as_working(effective)
    try:
        percent = reduction_percent(counted_reference, counted)
        met = meets_target(counted_reference, counted, target.percent)
    except NotComparableError as exc:
        return row(Status.NOT_COMPARABLE, reason=exc.reason)
    except ReductionError as exc:
        return row(Status.NOT_COMPARABLE, reason=exc.text)
    hours = reduction_hours(counted_reference, counted)
    if met:
        return row(Status.MET, percent, hours)
    suggestion = suggest(reference, target.percent, granularity=granularity, floor=floor)
    return row(Status.MISSED, percent, hours, suggestion=suggestion)


def _as_working(duration: Duration) -> Duration:
    """A time in clock hours as the same number of working hours (a province that counts a
    bare "giờ" as working hours); any other time unchanged."""
    if duration.unit is Unit.CLOCK_HOURS:
        return Duration.of(duration.value, Unit.WORKING_HOURS)
    return duration


def not_recorded(text: str, reference: Duration) -> Text:
    """What to record for a case whose committed time is only the published ``text``.

    The text is read with :func:`~tthc.durationtext.parse_duration` (a bare "ngày" is
    calendar days, as validation reads it) to suggest the value, and the cut it would give
    against ``reference`` when that compares exactly; the report does not count it (the
    value is the catalog's to record, rule TT305).
    """
    try:
        read = parse_duration(text)
    except TthcError as exc:
        return Text(
            f"committed_text '{text}' có nhưng committed không có, và không đọc được văn bản "
            f"({exc.text.vi.rstrip('.')}): hãy ghi committed: {{value, unit}}",
            f"committed_text '{text}' is given but committed is not, and the text cannot be "
            f"read ({exc.text.en.rstrip('.')}): record committed: {{value, unit}}",
        )
    record = read.as_yaml("committed")
    would = Text("", "")
    try:
        pct = display_percent(reduction_percent(reference, read))
        would = Text(
            f", tức cắt giảm {str(pct).replace('.', ',')}% so với {reference.text('vi')}",
            f", a cut of {pct}% from {reference.text('en')}",
        )
    except ReductionError:
        pass  # not comparable: nothing to add
    return Text(
        f"committed_text '{text}' có nhưng committed không có: văn bản đọc được là "
        f"{read.text('vi')}{would.vi}; hãy ghi {record}",
        f"committed_text '{text}' is given but committed is not: the text reads as "
        f"{read.text('en')}{would.en}; record {record}",
    )


def check(
    catalog: Iterable[Procedure],
    rules: TargetRules,
    *,
    year: int | None = None,
    target: Target | Decimal | str | None = None,
    rounding: str | None = None,
    volumes: Mapping[str, int] | None = None,
) -> ReductionReport:
    """Check every case of every procedure in ``catalog`` against its reduction target.

    ``year`` (default: this year) picks the target through ``rules.target(...)`` (hook
    ``tthc_reduction_target``); a year outside the working calendar's (1995 to at least
    five years ahead) raises :class:`ReductionError`. ``target`` overrides the percentage
    for every procedure (e.g. ``"30%"``), keeping the rules' baseline year. ``rounding``
    overrides the hook ``tthc_reduction_rounding`` (``"day"``, ``"half_day"``,
    ``"hour"``). ``volumes`` maps procedure codes to annual dossier counts and overrides
    ``Procedure.annual_volume``.
    """
    year = _check_year(year if year is not None else date.today().year)
    granularity = rounding or rules.reduction_rounding() or "day"
    if granularity not in GRANULARITIES:
        raise ReductionError(
            Text(
                f"Mức làm tròn không hợp lệ: {granularity!r} (dùng day, half_day hoặc hour)",
                f"Invalid rounding: {granularity!r} (use day, half_day or hour)",
            )
        )
    override = _override(target)

    def target_for(procedure: Procedure | None, case: Case | None) -> Target:
        rule = rules.target(procedure, case, year)
        if override is None:
            return rule
        return dataclasses.replace(
            rule, percent=override, source=f"--target {override}%", name="override"
        )

    summary = ReductionSummary(year=year, target=target_for(None, None), rounding=granularity)
    rows: list[ReductionRow] = []
    for procedure in catalog:
        own: list[ReductionRow] = []
        for case in procedure.processing_time:
            floor = rules.reduction_floor(procedure, case)
            own.append(
                check_case(
                    procedure,
                    case,
                    target_for(procedure, case),
                    granularity=granularity,
                    floor=floor,
                    clock_hours_as=rules.policy.clock_hours_as,
                )
            )
        rows.extend(own)
        for one in own:
            summary.references[one.reference_kind] += 1
        status = _procedure_status(own)
        volume = procedure.annual_volume
        if volumes is not None and procedure.code in volumes:
            volume = volumes[procedure.code]
        summary.overall.add(status, own, volume)
        keys = {
            "field": [procedure.field],
            "agency": list(procedure.agencies) or ["-"],
            "level": [level.value for level in procedure.levels],
        }
        for kind, names in keys.items():
            for name in dict.fromkeys(names):
                summary.by[kind].setdefault(name, Progress()).add(status, own, volume)
    from tthc.catalog import registry_names

    return ReductionReport(rows, summary, registry_names(catalog))


def _check_year(year: int) -> int:
    """``year`` when tthc has a working calendar for it, else a :class:`ReductionError`.

    A target year outside the calendar's years (from 1995, the 1994 Labour Code, to at least
    five years ahead) is a typo such as 1800 or 20026: the targets and the times they are
    checked against are counted on that calendar.
    """
    from tthc.calendar import FIRST_YEAR, default_last_year

    last = default_last_year()
    if not FIRST_YEAR <= year <= last:
        raise ReductionError(
            Text(
                f"Năm áp dụng mục tiêu không hợp lệ: {year} (cần từ {FIRST_YEAR} đến {last}, "
                "các năm có lịch làm việc)",
                f"Invalid target year: {year} (expected {FIRST_YEAR} to {last}, the years of "
                "the working calendar)",
            )
        )
    return year


def _override(target: Target | Decimal | str | None) -> Decimal | None:
    if target is None:
        return None
    if isinstance(target, Target):
        return target.percent
    if isinstance(target, Decimal):
        return Target(target).percent  # validates the range
    return parse_percent(target)
