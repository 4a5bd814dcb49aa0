"""Counts and rates (tổng hợp) of Decision 766/QĐ-TTg, exact and mergeable."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from tthc.batch.engine import Computed as _Computed
from tthc.batch.tables import DAY_US, HOUR_US, WORKING_DAY_US, CalendarTables
from tthc.display import decimal_text
from tthc.i18n import Lang, Text
from tthc.report.errors import BadRow, ReportError
from tthc.report.evaluate import _Chunk, _Groups

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    IntArray = npt.NDArray[np.int64]


#: Statuses, in the order of :class:`Counts`.
STATUSES: tuple[str, ...] = ("early", "on_time", "late", "overdue", "open")
_EXCLUDED = 5

STATUS_WORDS: dict[str, Text] = {
    "early": Text("trước hạn", "early"),
    "on_time": Text("đúng hạn", "on time"),
    "late": Text("trễ hạn", "late"),
    "overdue": Text("quá hạn (chưa có kết quả)", "overdue (not finished)"),
    "open": Text("đang giải quyết trong hạn", "open, not yet due"),
}


@dataclass
class Counts:
    """Dossiers by status, and the rates of Decision 766/QĐ-TTg.

    The rates count finished dossiers and the overdue open ones (``done``); open dossiers
    not yet due are left out.
    """

    early: int = 0
    on_time: int = 0
    late: int = 0
    overdue: int = 0
    open: int = 0

    def add(self, values: Iterable[int]) -> None:
        for name, value in zip(STATUSES, values, strict=False):
            setattr(self, name, getattr(self, name) + int(value))

    def values(self) -> list[int]:
        """The counts in the order of :data:`STATUSES`."""
        return [getattr(self, name) for name in STATUSES]

    @property
    def total(self) -> int:
        return self.early + self.on_time + self.late + self.overdue + self.open

    @property
    def done(self) -> int:
        """Dossiers the rates count: finished, plus open past their due moment."""
        return self.early + self.on_time + self.late + self.overdue

    def _rate(self, part: int) -> Decimal | None:
        return Decimal(part) * 100 / Decimal(self.done) if self.done else None

    @property
    def on_time_rate(self) -> Decimal | None:
        """Percent finished early or on time (tỷ lệ trước hạn và đúng hạn)."""
        return self._rate(self.early + self.on_time)

    @property
    def early_rate(self) -> Decimal | None:
        """Percent finished early (tỷ lệ trước hạn)."""
        return self._rate(self.early)

    @property
    def late_rate(self) -> Decimal | None:
        """Percent late, finished or not (tỷ lệ trễ hạn, quá hạn)."""
        return self._rate(self.late + self.overdue)

    def as_dict(self) -> dict[str, Any]:
        return {
            **{name: getattr(self, name) for name in STATUSES},
            "total": self.total,
            "on_time_rate": decimal_text(self.on_time_rate),
            "early_rate": decimal_text(self.early_rate),
            "late_rate": decimal_text(self.late_rate),
        }


_AVERAGE_UNIT = {
    "working_days": "working_days",
    "working_hours": "working_hours",
    "clock_hours": "clock_hours",
    "same_day": "working_hours",
    "calendar_days": "calendar_days",
    "months": "calendar_days",
}
AVERAGE_UNIT_WORDS = {
    "working_days": Text("ngày làm việc", "working days"),
    "working_hours": Text("giờ làm việc", "working hours"),
    "clock_hours": Text("giờ", "clock hours"),
    "calendar_days": Text("ngày", "calendar days"),
}


@dataclass
class ProcedureStats(Counts):
    """Counts of one procedure case, with its average processing time in its own unit.

    The processing time of a finished dossier is the working time from its effective
    receipt to its finish less the working time paused (working days or hours), or the
    calendar days from the day of receipt to the day of finish (calendar days; months are
    averaged in calendar days too, a month having no fixed length). Same-day procedures
    are averaged in working hours; clock hours (a bare "giờ", counted as clock time) in
    clock time from the effective receipt less the clock time paused.
    """

    code: str = ""
    name: str = ""
    case: str | None = None
    unit: str = "working_days"
    """Unit of the procedure's time (``working_days``, ``months``, ...)."""
    finished: int = 0
    processing_sum: int = 0
    """Sum over finished dossiers: microseconds of working time, or calendar days."""

    @property
    def average_unit(self) -> str:
        return _AVERAGE_UNIT[self.unit]

    @property
    def average(self) -> Decimal | None:
        """Average processing time in :attr:`average_unit` (exact Decimal), or ``None``."""
        if not self.finished:
            return None
        total = Decimal(self.processing_sum) / self.finished
        unit = self.average_unit
        if unit == "working_days":
            return total / WORKING_DAY_US
        if unit in ("working_hours", "clock_hours"):
            return total / HOUR_US
        return total

    def as_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "name": self.name,
            "case": self.case,
            "unit": self.unit,
            **super().as_dict(),
            "finished": self.finished,
            "average_processing": decimal_text(self.average),
            "average_unit": self.average_unit,
        }


@dataclass
class OnTimeReport:
    """What :func:`on_time_report` returns."""

    period_from: date | None
    period_to: date | None
    as_of: datetime
    """The end of the period: open dossiers are judged at this moment."""
    engine: str
    overall: Counts = field(default_factory=Counts)
    procedures: dict[tuple[str, str | None, str], ProcedureStats] = field(default_factory=dict)
    by_agency: dict[str, Counts] = field(default_factory=dict)
    by_field: dict[str, Counts] = field(default_factory=dict)
    by_month: dict[str, Counts] = field(default_factory=dict)
    rows: int = 0
    """Rows read (bad ones included)."""
    excluded: int = 0
    """Dossiers outside the period (finished before it or received after it)."""
    bad_rows: list[BadRow] = field(default_factory=list)
    """Rows skipped with ``skip_bad``."""
    names: dict[str, str] = field(default_factory=dict)
    """Names of the fields and agencies (lĩnh vực, cơ quan) by id, when the catalog has its
    registries: Markdown shows them; JSON and CSV keep the ids."""
    late: list[dict[str, Any]] | None = None
    """The most late dossiers (hồ sơ trễ hạn, late or overdue), at most
    :data:`tthc.report.late.LATE_SHOWN`, most late first, when per-dossier results were
    written (``rows_to``); else ``None``. The HTML page and the workbook show them."""

    @classmethod
    def merge(cls, reports: Iterable[OnTimeReport]) -> OnTimeReport:
        """One report of all the rows of ``reports`` (partial reports of one period).

        Every figure is a count or an exact sum, so the merge equals the report of all the
        rows at once, whatever the split (rates and averages are computed from the sums).
        Reports of different periods cannot be merged (:class:`ReportError`). A dossier in
        two parts is not found here: :func:`tthc.report.on_time_report` with ``jobs``
        checks ids across its parts.
        """
        parts = list(reports)
        if not parts:
            raise ReportError(Text("Không có báo cáo nào để gộp", "No report to merge"))
        first = parts[0]
        out = cls(first.period_from, first.period_to, first.as_of, first.engine)
        for part in parts:
            if (part.period_from, part.period_to, part.as_of) != (
                first.period_from,
                first.period_to,
                first.as_of,
            ):
                raise ReportError(
                    Text(
                        "Không gộp được báo cáo của các kỳ khác nhau",
                        "Cannot merge reports of different periods",
                    )
                )
            if part.engine != out.engine:
                out.engine = "mixed"
            out.overall.add(part.overall.values())
            for key, stats in part.procedures.items():
                mine = out.procedures.get(key)
                if mine is None:
                    mine = out.procedures[key] = replace(
                        stats,
                        early=0,
                        on_time=0,
                        late=0,
                        overdue=0,
                        open=0,
                        finished=0,
                        processing_sum=0,
                    )
                mine.add(stats.values())
                mine.finished += stats.finished
                mine.processing_sum += stats.processing_sum
            for mine_groups, theirs in (
                (out.by_agency, part.by_agency),
                (out.by_field, part.by_field),
                (out.by_month, part.by_month),
            ):
                for name, counts in theirs.items():
                    mine_groups.setdefault(name, Counts()).add(counts.values())
            out.rows += part.rows
            out.excluded += part.excluded
            out.bad_rows += part.bad_rows
            out.names.update(part.names)
            if part.late is not None:
                out.late = [*(out.late or []), *part.late]
        out.bad_rows.sort(key=lambda b: b.row)
        if out.late is not None:
            from tthc.report.late import most_late

            out.late = most_late(out.late)  # each part's list is already final
        return out

    def to_state(self) -> dict[str, Any]:
        """The report's exact figures as JSON-ready data (counts and sums, no rates), to
        send between processes or machines; :meth:`from_state` reads it back."""
        return {
            "period": [
                None if self.period_from is None else self.period_from.isoformat(),
                None if self.period_to is None else self.period_to.isoformat(),
                self.as_of.isoformat(),
            ],
            "engine": self.engine,
            "overall": self.overall.values(),
            "procedures": [
                [s.code, s.name, s.case, s.unit, s.values(), s.finished, s.processing_sum]
                for s in self.procedures.values()
            ],
            "by_agency": {k: v.values() for k, v in self.by_agency.items()},
            "by_field": {k: v.values() for k, v in self.by_field.items()},
            "by_month": {k: v.values() for k, v in self.by_month.items()},
            "rows": self.rows,
            "excluded": self.excluded,
            "bad_rows": [[b.row, b.text.vi, b.text.en] for b in self.bad_rows],
            "names": self.names,
        }

    @classmethod
    def from_state(cls, state: dict[str, Any]) -> OnTimeReport:
        """The report :meth:`to_state` wrote."""
        start, end, as_of = state["period"]
        out = cls(
            None if start is None else date.fromisoformat(start),
            None if end is None else date.fromisoformat(end),
            datetime.fromisoformat(as_of),
            state["engine"],
        )
        out.overall.add(state["overall"])
        for code, name, case, unit, values, finished, processing in state["procedures"]:
            stats = ProcedureStats(code=code, name=name, case=case, unit=unit)
            stats.add(values)
            stats.finished, stats.processing_sum = finished, processing
            out.procedures[(code, case, unit)] = stats
        for mine, theirs in (
            (out.by_agency, state["by_agency"]),
            (out.by_field, state["by_field"]),
            (out.by_month, state["by_month"]),
        ):
            for name, values in theirs.items():
                mine.setdefault(name, Counts()).add(values)
        out.rows, out.excluded = state["rows"], state["excluded"]
        out.bad_rows = [BadRow(row, Text(vi, en)) for row, vi, en in state["bad_rows"]]
        out.names = dict(state["names"])
        return out

    def as_dict(self, lang: Lang | None = None) -> dict[str, Any]:
        return {
            "period": {
                "from": None if self.period_from is None else self.period_from.isoformat(),
                "to": None if self.period_to is None else self.period_to.isoformat(),
                "as_of": self.as_of.isoformat(),
            },
            "engine": self.engine,
            "rows": self.rows,
            "excluded": self.excluded,
            "skipped": [{"row": b.row, "message": b.text(lang)} for b in self.bad_rows],
            "overall": self.overall.as_dict(),
            "procedures": [self.procedures[k].as_dict() for k in sorted(self.procedures, key=_k)],
            "by_agency": {k: v.as_dict() for k, v in sorted(self.by_agency.items())},
            "by_field": {k: v.as_dict() for k, v in sorted(self.by_field.items())},
            "by_month": {k: v.as_dict() for k, v in sorted(self.by_month.items())},
        }


def _k(key: tuple[str, str | None, str]) -> tuple[str, str, str]:
    return key[0], key[1] or "", key[2]


# -- one chunk of dossiers -------------------------------------------------------------


@dataclass
class Tally:
    """Exact counts of one run over rows, per group of :class:`_Groups` (before they are
    rolled up to procedures, agencies and fields): what partial runs add up."""

    per_group: list[list[int]] = field(default_factory=list)
    """Per group: the five status counts, then finished dossiers and processing time."""
    months: dict[int, list[int]] = field(default_factory=dict)
    excluded: int = 0

    def take_back(self, group: int, status: int, month: int, amount: int) -> None:
        """Undo what one row added (a dossier found listed twice after it was counted)."""
        if status == _EXCLUDED:
            self.excluded -= 1
        if not 0 <= status < _EXCLUDED:
            return
        values = self.per_group[group]
        values[status] -= 1
        if status <= 2:
            values[5] -= 1
            values[6] -= amount
        self.months[month][status] -= 1


@dataclass
class RowResults:
    """What each row of a chunk added: its status code (-1: a bad row), the month it
    counts in, its processing time (finished rows), and its lateness in working time."""

    status: IntArray
    month: IntArray
    amount: IntArray
    late: IntArray


def roll_up(tally: Tally, groups: _Groups, report: OnTimeReport) -> None:
    """Add the group counts of ``tally`` to procedures, agencies, fields and months."""
    for gi, totals in enumerate(tally.per_group):
        group = groups.groups[gi]
        procedure = group.procedure
        stats = report.procedures.get(group.key)
        if stats is None:
            stats = report.procedures[group.key] = ProcedureStats(
                code=procedure.code,
                name=procedure.name,
                case=group.key[1],
                unit=group.key[2],
            )
        stats.add(totals[:5])
        stats.finished += totals[5]
        stats.processing_sum += totals[6]
        report.overall.add(totals[:5])
        report.by_field.setdefault(procedure.field, Counts()).add(totals[:5])
        for agency in dict.fromkeys(procedure.agencies or ("-",)):
            report.by_agency.setdefault(agency, Counts()).add(totals[:5])
    for month, slot in sorted(tally.months.items()):
        if any(slot):
            name = f"{month // 12:04d}-{month % 12 + 1:02d}"
            report.by_month.setdefault(name, Counts()).add(slot[:5])
    report.excluded += tally.excluded


def _process(
    chunk: _Chunk,
    computed: _Computed,
    groups: _Groups,
    tables: CalendarTables,
    as_of_us: int,
    from_us: int | None,
    tally: Tally,
    bad_rows: list[BadRow],
    clock_hours_as: str = "clock",
) -> RowResults:
    """``clock_hours_as``: the counting policy's (a province may count "giờ" as working
    hours); it says whether a clock-hours dossier's processing time is clock time."""
    import numpy as np

    from tthc.duration import Unit

    per_group, months = tally.per_group, tally.months
    g = np.frombuffer(chunk.group, dtype=np.int64)
    rec = np.frombuffer(chunk.received, dtype=np.int64)
    fin = np.frombuffer(chunk.finished, dtype=np.int64)
    due = computed.due
    valid = np.ones(g.size, dtype=np.bool_)
    for pos, text in computed.bad.items():
        valid[pos] = False
        bad_rows.append(BadRow(int(chunk.rows[pos]), text))

    finished = (fin >= 0) & (fin < as_of_us)
    status = np.full(g.size, _EXCLUDED, dtype=np.int64)
    # finished in the period
    # the day a due moment ends: one at midnight ends the day before (tthc.sla.due_day)
    due_day = (due - 1) // DAY_US
    late = finished & (fin > due)
    early = finished & ~late & (fin // DAY_US < due_day)
    status[finished] = 1
    status[early] = 0
    status[late] = 2
    # open at the end of the period: judged at the end, or at an open pause
    still_open = ~finished & (rec < as_of_us)
    moment = np.where(
        (computed.open_pause >= 0) & (computed.open_pause < as_of_us),
        computed.open_pause,
        as_of_us,
    )
    if still_open.any():
        sel = np.flatnonzero(still_open & valid)
        # past the due moment itself, not only past its working time (see evaluate)
        over = moment[sel] > due[sel]
        status[sel] = np.where(over, 3, 4)
    if from_us is not None:
        status[finished & (fin < from_us)] = _EXCLUDED
    status[~valid] = _EXCLUDED
    tally.excluded += int(((status == _EXCLUDED) & valid).sum())

    n_groups = len(groups.groups)
    while len(per_group) < n_groups:
        per_group.append([0] * 7)
    counts = np.bincount(g * 6 + status, minlength=n_groups * 6).reshape(n_groups, 6)
    # processing time of finished dossiers counted in the period
    done = np.flatnonzero(status <= 2)
    unit_of = np.array(
        [grp.duration.unit in (Unit.CALENDAR_DAYS, Unit.MONTHS) for grp in groups.groups],
        dtype=np.bool_,
    )
    clock_of = np.array(
        [
            grp.duration.unit is Unit.CLOCK_HOURS and clock_hours_as == "clock"
            for grp in groups.groups
        ],
        dtype=np.bool_,
    )
    by_days = unit_of[g[done]]
    by_clock = clock_of[g[done]]
    amount = np.zeros(done.size, dtype=np.int64)
    if done.size:
        f, e = fin[done], computed.effective[done]
        work = tables.position(f) - tables.position(e) - computed.paused[done]
        days = f // DAY_US - e // DAY_US
        clock = f - e - computed.paused[done]  # a pause of a clock-hours dossier is clock time
        amount = np.maximum(np.where(by_days, days, np.where(by_clock, clock, work)), 0)
    sums = np.zeros(n_groups, dtype=np.int64)
    np.add.at(sums, g[done], amount)
    finished_n = np.bincount(g[done], minlength=n_groups)
    for gi in np.flatnonzero(counts[:, :5].sum(axis=1) | finished_n):
        values = per_group[gi]
        for k in range(5):
            values[k] += int(counts[gi, k])
        values[5] += int(finished_n[gi])
        values[6] += int(sums[gi])
    # months: of the finish, or of the end of the period for open dossiers
    counted = status < _EXCLUDED
    when = np.where(status <= 2, fin, as_of_us - 1)
    month = np.full(g.size, -1, dtype=np.int64)
    if counted.any():
        month[counted] = tables.month[tables.day(when[counted])]
    keys = month[counted] * 6 + status[counted]
    for key, value in zip(*np.unique(keys, return_counts=True), strict=True):
        slot = months.setdefault(int(key) // 6, [0] * 5)
        slot[int(key) % 6] += int(value)
    # per row: lateness in working time (late: to the finish; overdue: to the moment judged)
    row_amount = np.zeros(g.size, dtype=np.int64)
    row_amount[done] = amount
    lateness = np.zeros(g.size, dtype=np.int64)
    behind = np.flatnonzero(valid & ((status == 2) | (status == 3)))
    if behind.size:
        upto = np.where(status[behind] == 2, fin[behind], moment[behind])
        lateness[behind] = np.maximum(tables.position(upto) - tables.position(due[behind]), 0)
    status[~valid] = -1
    return RowResults(status, month, row_amount, lateness)
