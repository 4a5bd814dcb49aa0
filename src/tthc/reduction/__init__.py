"""Time-reduction targets (cắt giảm thời gian giải quyết): percentages, suggestions, progress.

Provinces publish, per procedure, the legal time (thời gian theo quy định) next to the
committed, reduced time (thời gian sau cắt giảm) and are held to targets: at least 30% in
2025 and 50% from 2026 against 2024 (Resolution 66/NQ-CP). This module computes, exactly:

- :func:`reduction_percent`: the cut from one duration to another, as a Decimal percentage;
- :func:`check`: every procedure and case of a catalog against the target that applies
  (hook ``tthc_reduction_target``), with a suggestion for each missed target and the
  progress of the whole catalog (overall, by field, agency and level, weighted by
  annual dossier volume when known).

Durations are compared through working time (1 working day = 8 working hours); calendar
days compare with calendar days and months with months. A comparison that cannot be made
exactly (months against working days, calendar days against working days, same day
against anything but same day) is reported as not comparable, with the reason; it is
never guessed.

The package along its seams: :mod:`~tthc.reduction.target` (targets and percentages),
:mod:`~tthc.reduction.compare` (exact comparison), :mod:`~tthc.reduction.suggest`
(suggestions), :mod:`~tthc.reduction.check` with :mod:`~tthc.reduction.rows` and
:mod:`~tthc.reduction.progress` (checking a catalog), :mod:`~tthc.reduction.volumes`
(annual volumes from a CSV file).
"""

from tthc.display import display_percent
from tthc.errors import NotComparableError, ReductionError
from tthc.reduction.check import TargetRules, check, check_case, not_recorded
from tthc.reduction.compare import compare, meets_target, reduction_hours, reduction_percent
from tthc.reduction.progress import Progress, ReductionReport, ReductionSummary
from tthc.reduction.rows import STATUS_WORDS, ReductionRow, Status
from tthc.reduction.suggest import Suggestion, suggest
from tthc.reduction.target import GRANULARITIES, HUNDRED, Target, parse_percent
from tthc.reduction.volumes import load_volumes

__all__ = [
    "GRANULARITIES",
    "HUNDRED",
    "STATUS_WORDS",
    "NotComparableError",
    "Progress",
    "ReductionError",
    "ReductionReport",
    "ReductionRow",
    "ReductionSummary",
    "Status",
    "Suggestion",
    "Target",
    "TargetRules",
    "check",
    "check_case",
    "compare",
    "display_percent",
    "load_volumes",
    "meets_target",
    "not_recorded",
    "parse_percent",
    "reduction_hours",
    "reduction_percent",
    "suggest",
]
