"""Progress of a catalog against its targets (tiến độ cắt giảm): counts and shares of
procedures, overall and by field, agency and level, weighted by annual volume when known."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from tthc.display import decimal_text
from tthc.reduction.rows import ReductionRow, Status
from tthc.reduction.target import HUNDRED, Target

__all__ = ["Progress", "ReductionReport", "ReductionSummary"]


@dataclass
class Progress:
    """Counts of procedures against their targets, for the catalog or one group of it.

    A procedure meets its target when every case does; it misses when any case misses;
    otherwise it is not recorded when some case gives its committed time only as text, else
    (some case not comparable) it is not comparable. Volumes are annual dossier counts
    (``Procedure.annual_volume`` or a volumes file); hours are working hours saved per case
    against the reference, net: a committed time longer than the reference subtracts.
    Cases in calendar days or months have no working-hour figure and are not counted in
    ``hours_saved`` (``cases_with_hours`` says how many are).
    """

    procedures: int = 0
    met: int = 0
    missed: int = 0
    not_comparable: int = 0
    not_recorded: int = 0
    """Procedures with a case whose committed time is only given as text."""
    cases: int = 0
    cases_with_hours: int = 0
    hours_saved: Decimal = Decimal(0)
    volume: int = 0
    """Total annual volume of procedures whose volume is known."""
    volume_known: int = 0
    """How many procedures have a known volume."""
    volume_met: int = 0
    hours_saved_weighted: Decimal | None = None
    """Working hours saved per year: volume x mean hours saved over the procedure's cases;
    ``None`` when no procedure with a known volume has a working-hour figure."""

    def add(self, status: Status, rows: list[ReductionRow], volume: int | None) -> None:
        self.procedures += 1
        if status is Status.MET:
            self.met += 1
        elif status is Status.MISSED:
            self.missed += 1
        elif status is Status.NOT_RECORDED:
            self.not_recorded += 1
        else:
            self.not_comparable += 1
        hours = [r.reduction_hours for r in rows if r.reduction_hours is not None]
        self.cases += len(rows)
        self.cases_with_hours += len(hours)
        self.hours_saved += sum(hours, Decimal(0))
        if volume is not None:
            self.volume_known += 1
            self.volume += volume
            if status is Status.MET:
                self.volume_met += volume
            if hours:
                weighted = volume * sum(hours, Decimal(0)) / len(hours)
                self.hours_saved_weighted = (self.hours_saved_weighted or Decimal(0)) + weighted

    @staticmethod
    def _share(part: int | Decimal, whole: int | Decimal) -> Decimal | None:
        return Decimal(part) * HUNDRED / Decimal(whole) if whole else None

    @property
    def share_met(self) -> Decimal | None:
        """Percent of procedures meeting the target (all procedures counted)."""
        return self._share(self.met, self.procedures)

    @property
    def comparable(self) -> int:
        """Procedures that met or missed (not the not comparable or not recorded ones)."""
        return self.met + self.missed

    @property
    def share_met_comparable(self) -> Decimal | None:
        """Percent meeting the target among procedures that could be compared."""
        return self._share(self.met, self.met + self.missed)

    @property
    def share_met_weighted(self) -> Decimal | None:
        """Percent of annual dossiers whose procedure meets the target (known volumes only)."""
        return self._share(self.volume_met, self.volume)

    @property
    def hours_saved_average(self) -> Decimal | None:
        """Mean working hours saved per case, over cases with an exact figure."""
        if not self.cases_with_hours:
            return None
        return self.hours_saved / self.cases_with_hours

    def as_dict(self) -> dict[str, Any]:
        num = decimal_text
        return {
            "procedures": self.procedures,
            "met": self.met,
            "missed": self.missed,
            "not_comparable": self.not_comparable,
            "not_recorded": self.not_recorded,
            "share_met": num(self.share_met),
            "share_met_comparable": num(self.share_met_comparable),
            "cases": self.cases,
            "cases_with_hours": self.cases_with_hours,
            "hours_saved": format(self.hours_saved.normalize(), "f"),
            "hours_saved_average": num(self.hours_saved_average),
            "volume": self.volume,
            "volume_known": self.volume_known,
            "volume_met": self.volume_met,
            "share_met_weighted": num(self.share_met_weighted),
            "hours_saved_weighted": num(self.hours_saved_weighted),
        }


@dataclass
class ReductionSummary:
    """Progress of a catalog: overall and by field, agency and level."""

    year: int
    target: Target
    """The jurisdiction-wide target (a procedure may have its own)."""
    rounding: str
    overall: Progress = field(default_factory=Progress)
    by: dict[str, dict[str, Progress]] = field(
        default_factory=lambda: {"field": {}, "agency": {}, "level": {}}
    )
    references: dict[str, int] = field(default_factory=lambda: {"baseline": 0, "legal": 0})
    """Cases by the time their cut is measured against: ``"baseline"`` (the legal time in
    the target's baseline year, recorded in the catalog) or ``"legal"`` (in force)."""

    def as_dict(self) -> dict[str, Any]:
        return {
            "year": self.year,
            "target_percent": str(self.target.percent),
            "target_baseline_year": self.target.baseline_year,
            "target_source": self.target.source_text("en"),
            "rounding": self.rounding,
            "cases_by_reference": dict(self.references),
            **self.overall.as_dict(),
            "by": {
                kind: {key: groups[key].as_dict() for key in sorted(groups)}
                for kind, groups in self.by.items()
            },
        }


@dataclass
class ReductionReport:
    """What :func:`check` returns: one row per case, and the summary."""

    rows: list[ReductionRow]
    summary: ReductionSummary
    names: dict[str, str] = field(default_factory=dict)
    """Names of the fields and agencies (lĩnh vực, cơ quan) by id, when the catalog has its
    registries: Markdown shows them; JSON and CSV keep the ids."""

    def __iter__(self) -> Any:
        return iter(self.rows)

    @property
    def missed(self) -> list[ReductionRow]:
        return [r for r in self.rows if r.status is Status.MISSED]
