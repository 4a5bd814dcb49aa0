"""Counts and rates (tổng hợp) of Decision 766/QĐ-TTg, exact and mergeable."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from tthc.batch.engine import Computed as _Computed
from tthc.batch.tables import DAY_US, HOUR_US, WORKING_DAY_US, CalendarTables
from tthc.display import decimal_text
from tthc.i18n import Lang, Text
from tthc.report.errors import BadRow
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


def _process(
    chunk: _Chunk,
    computed: _Computed,
    groups: _Groups,
    tables: CalendarTables,
    as_of_us: int,
    from_us: int | None,
    report: OnTimeReport,
    per_group: list[list[int]],
    months: dict[int, list[int]],
    bad_rows: list[BadRow],
    clock_hours_as: str = "clock",
) -> None:
    """``clock_hours_as``: the counting policy's (a province may count "giờ" as working
    hours); it says whether a clock-hours dossier's processing time is clock time."""
    import numpy as np

    from tthc.duration import Unit

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
    if still_open.any():
        moment = np.where(
            (computed.open_pause >= 0) & (computed.open_pause < as_of_us),
            computed.open_pause,
            as_of_us,
        )
        sel = np.flatnonzero(still_open & valid)
        # past the due moment itself, not only past its working time (see evaluate)
        over = moment[sel] > due[sel]
        status[sel] = np.where(over, 3, 4)
    if from_us is not None:
        status[finished & (fin < from_us)] = _EXCLUDED
    status[~valid] = _EXCLUDED
    report.excluded += int(((status == _EXCLUDED) & valid).sum())

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
    when = np.where(status <= 2, fin, as_of_us - 1)[counted]
    month = tables.month[tables.day(when)] if when.size else when
    keys = month * 6 + status[counted]
    for key, value in zip(*np.unique(keys, return_counts=True), strict=True):
        slot = months.setdefault(int(key) // 6, [0] * 5)
        slot[int(key) % 6] += int(value)
