"""Deadlines and the on-time report on Spark (PySpark), beyond one machine.

:func:`with_deadlines` adds ``starts_at``, ``due_at``, ``status`` and ``late_working_hours``
to a Spark DataFrame of dossiers (the columns of :mod:`tthc.frames`), partition by
partition through ``mapInArrow`` with the batch engine. :func:`report` builds the on-time
report: each partition's exact counts (:meth:`OnTimeReport.to_state`) are merged on the
driver (:meth:`OnTimeReport.merge`), which equals the report of all rows in one process.

How the rules reach the workers: each Python worker builds its own :class:`~tthc.rules.Rules`
(national, or ``province`` through the installed plugins) and loads the catalog from
``catalog``, once per worker process; so tthc, its plugins and the catalog folder must be
on every worker (a shared path, or shipped with ``--py-files`` / ``--archives``).
Needs ``pip install 'tthc[spark]'`` and Java 17.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tthc.i18n import Text

if TYPE_CHECKING:
    from tthc.report import OnTimeReport

__all__ = ["report", "with_deadlines"]


def with_deadlines(
    df: Any,
    *,
    catalog: str | Path,
    province: str | None = None,
    date_to: date | None = None,
    now: datetime | None = None,
) -> Any:
    """``df`` with ``starts_at``, ``due_at`` (timestamps), ``status`` and
    ``late_working_hours`` added; open dossiers are judged at the end of ``date_to``
    (or at ``now``), as :func:`tthc.frames.evaluate_frame`."""
    from pyspark.sql.types import DoubleType, StringType, StructField, StructType, TimestampType

    schema = StructType(
        [
            *df.schema.fields,
            StructField("starts_at", TimestampType()),
            StructField("due_at", TimestampType()),
            StructField("status", StringType()),
            StructField("late_working_hours", DoubleType()),
        ]
    )
    where, chosen = str(catalog), province

    def run(batches: Iterator[Any]) -> Iterator[Any]:
        import pyarrow as pa

        from tthc.frames import evaluate_frame, load_once

        rules, procedures = load_once(where, chosen)
        for batch in batches:
            table = evaluate_frame(
                pa.Table.from_batches([batch]), procedures, rules, date_to=date_to, now=now
            )
            for name in ("starts_at", "due_at"):
                i = table.schema.get_field_index(name)
                table = table.set_column(
                    i, name, table.column(name).cast(pa.timestamp("us", tz="UTC"))
                )
            yield from table.to_batches()

    return df.mapInArrow(run, schema)


def report(
    df: Any,
    *,
    catalog: str | Path,
    province: str | None = None,
    **options: Any,
) -> OnTimeReport:
    """The on-time report of the dossiers in ``df``, from exactly merged partial reports.

    ``options`` as for :func:`tthc.report.on_time_report` (``date_from``, ``date_to``,
    ``now``, ``skip_bad``). A ``dossier_id`` on several rows raises
    :class:`~tthc.report.ReportError` naming some (Spark has no row order to keep the
    first); bad rows are numbered by their position in their partition.
    """
    from pyspark.sql import functions as F

    from tthc.report import OnTimeReport, ReportError

    twice = df.groupBy("dossier_id").count().filter(F.col("count") > 1).limit(20).collect()
    if twice:
        listed = ", ".join(repr(r["dossier_id"]) for r in twice)
        raise ReportError(
            Text(
                f"Mã hồ sơ có ở nhiều dòng: {listed}; mỗi hồ sơ chỉ được có một dòng",
                f"dossier_id on several rows: {listed}; each dossier must appear once",
            )
        )
    where, chosen = str(catalog), province

    def part(batches: Iterator[Any]) -> Iterator[Any]:
        import pyarrow as pa

        from tthc.frames import partial_state

        listed = list(batches)
        if not listed or not sum(b.num_rows for b in listed):
            return
        state = partial_state(pa.Table.from_batches(listed), where, chosen, **options)
        yield pa.RecordBatch.from_pydict({"state": [state]})

    states = df.mapInArrow(part, "state string").collect()
    if not states:
        raise ReportError(Text("Không có hồ sơ nào", "No dossier at all"))
    return OnTimeReport.merge(OnTimeReport.from_state(json.loads(r["state"])) for r in states)
