"""The late dossiers (hồ sơ trễ hạn) the report lists: the most late, a bounded number.

When per-dossier results are written (``rows_to``, ``tthc report --rows``), the report keeps
the dossiers late or overdue (quá hạn) with the most working time past their due moment, at
most :data:`LATE_SHOWN` of them, for the table of its HTML page and workbook; the
per-dossier file has every one. Kept chunk by chunk and part by part, so memory stays
bounded however many dossiers are late, and the list of a run in parts (``jobs``) is that
of one process. Twice :data:`LATE_SHOWN` are kept until the end, when rows found to repeat
an earlier dossier id are taken out (they are not counted): the list is exact unless more
than that many of the most late rows are such repeats.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from tthc.batch.tables import HOUR_US, CalendarTables

if TYPE_CHECKING:
    from tthc.batch.engine import Computed
    from tthc.report.aggregate import RowResults
    from tthc.report.evaluate import _Chunk, _Groups

#: The most late dossiers a report lists.
LATE_SHOWN = 1000

_LATE, _OVERDUE = 2, 3  # status codes of tthc.report.aggregate.STATUSES
_CENT = Decimal("0.01")


def _order(dossier: dict[str, Any]) -> tuple[int, int]:
    # most late first; equal lateness in the order of the input
    return -int(dossier["_late_us"]), int(dossier["row"])


def most_late(
    dossiers: Iterable[dict[str, Any]],
    drop: set[int] | frozenset[int] = frozenset(),
    *,
    final: bool = True,
) -> list[dict[str, Any]]:
    """The :data:`LATE_SHOWN` most late of ``dossiers``, leaving out the rows in ``drop``
    (a dossier listed twice: its later row is not counted); twice as many while counting
    (not ``final``), before the repeated rows are known."""
    kept = [d for d in dossiers if d["row"] not in drop]
    kept.sort(key=_order)
    return kept[: LATE_SHOWN if final else 2 * LATE_SHOWN]


def late_of(
    chunk: _Chunk,
    computed: Computed,
    results: RowResults,
    groups: _Groups,
    tables: CalendarTables,
) -> list[dict[str, Any]]:
    """The late and overdue dossiers of one chunk, at most twice :data:`LATE_SHOWN` (the
    most late), each with the keys of :data:`tthc.report.tables.LATE_KEYS`, ``row`` and
    ``status``."""
    import numpy as np

    behind = np.flatnonzero((results.status == _LATE) | (results.status == _OVERDUE))
    if behind.size > 2 * LATE_SHOWN:
        # the most late by working time, then the earliest rows: as most_late orders them
        order = np.lexsort((behind, -results.late[behind]))
        behind = behind[order[: 2 * LATE_SHOWN]]
    rows = np.frombuffer(chunk.rows, dtype=np.int64)
    group = np.frombuffer(chunk.group, dtype=np.int64)
    received = np.frombuffer(chunk.received, dtype=np.int64)
    finished = np.frombuffer(chunk.finished, dtype=np.int64)
    out: list[dict[str, Any]] = []
    for i in behind.tolist():
        late_us = int(results.late[i])
        out.append(
            {
                "row": int(rows[i]),
                "dossier_id": chunk.ids[i],
                "procedure": groups.groups[int(group[i])].procedure.code,
                "received_at": tables.to_datetime(int(received[i])),
                "due_at": tables.to_datetime(int(computed.due[i])),
                "finished_at": (
                    tables.to_datetime(int(finished[i])) if results.status[i] == _LATE else None
                ),
                "status": "late" if results.status[i] == _LATE else "overdue",
                "late_working_hours": (Decimal(late_us) / HOUR_US).quantize(_CENT),
                "_late_us": late_us,
            }
        )
    return out
