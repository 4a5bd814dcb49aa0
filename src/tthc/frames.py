"""DataFrames in and out (khung dữ liệu): pandas, Polars and Arrow tables of dossiers.

A dossier table has the columns of the report (:data:`tthc.report.COLUMNS`):
``dossier_id``, ``procedure_code``, ``received_at``, ``finished_at`` (empty or null while
open), and optionally ``case``, ``channel`` and ``pauses`` (``START/END;START/END`` text).
Moments may be timestamps (naive: Vietnam local time; tz-aware: converted) or ISO 8601 text.

- :func:`evaluate_frame` adds each dossier's ``starts_at``, ``due_at``, ``status`` and
  ``late_working_hours`` (the per-dossier columns of ``tthc report --rows``), as a frame of
  the same kind;
- :func:`report_frame` is :func:`tthc.report.on_time_report` of a frame.

Both run in one process on one frame (one partition): :mod:`tthc.spark` and the Dask recipe
in the docs call them on each partition. Needs ``pip install 'tthc[dataframe]'``.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tthc.i18n import Text

if TYPE_CHECKING:
    from tthc.model import Procedure
    from tthc.report import OnTimeReport
    from tthc.rules import Rules

__all__ = [
    "FRAME_COLUMNS",
    "evaluate_frame",
    "load_once",
    "partial_state",
    "report_frame",
    "to_arrow",
]

_LOADED: dict[tuple[str, str | None], tuple[Rules, list[Procedure]]] = {}


def load_once(catalog: str | Path, province: str | None = None) -> tuple[Rules, list[Procedure]]:
    """The rules (national, or ``province`` through the installed plugins) and the catalog
    at ``catalog``, built once per process: what a Spark or Dask worker calls, since a
    :class:`~tthc.rules.Rules` holds plugins and is not sent between processes."""
    key = (str(catalog), province)
    found = _LOADED.get(key)
    if found is None:
        from tthc.catalog import load_catalog
        from tthc.rules import Rules

        rules = Rules.for_province(province) if province else Rules.national()
        found = _LOADED[key] = (rules, list(load_catalog(catalog)))
    return found


def partial_state(
    frame: object, catalog: str | Path, province: str | None = None, **options: Any
) -> str:
    """The report of one partition as JSON (:meth:`OnTimeReport.to_state`): what workers
    send back, for :meth:`OnTimeReport.merge` on the driver."""
    import json

    rules, procedures = load_once(catalog, province)
    return json.dumps(report_frame(frame, procedures, rules, **options).to_state())


#: Columns :func:`evaluate_frame` adds.
FRAME_COLUMNS: tuple[str, ...] = ("starts_at", "due_at", "status", "late_working_hours")


def to_arrow(frame: object) -> Any:
    """A pandas or Polars DataFrame, or an Arrow table, as an Arrow table."""
    import pyarrow as pa

    if isinstance(frame, pa.Table):
        return frame
    module = type(frame).__module__
    if module.startswith("polars"):
        return frame.to_arrow()  # type: ignore[attr-defined]
    if module.startswith("pandas"):
        return pa.Table.from_pandas(frame, preserve_index=False)
    from tthc.report.errors import ReportError

    raise ReportError(
        Text(
            f"Cần DataFrame pandas, Polars hoặc bảng Arrow, nhận được {type(frame).__name__}",
            f"Expected a pandas or Polars DataFrame or an Arrow table, got {type(frame).__name__}",
        )
    )


def _back(table: Any, like: object) -> Any:
    """``table`` as the kind of frame ``like`` is."""
    module = type(like).__module__
    if module.startswith("polars"):
        import polars as pl

        return pl.from_arrow(table)
    if module.startswith("pandas"):
        return table.to_pandas()
    return table


def report_frame(
    frame: object,
    catalog: Iterable[Procedure],
    rules: Rules,
    **options: Any,
) -> OnTimeReport:
    """The on-time report of the dossiers in ``frame``; ``options`` as for
    :func:`tthc.report.on_time_report` (``date_from``, ``date_to``, ``skip_bad``, ...).
    Row numbers in messages are positions in the frame (the first row is 1)."""
    import pyarrow.parquet as pq

    from tthc.report import on_time_report

    table = to_arrow(frame)
    with tempfile.TemporaryDirectory(prefix="tthc-frame-") as folder:
        path = Path(folder) / "dossiers.parquet"
        pq.write_table(table, path)
        return on_time_report(path, catalog, rules, **options)


def evaluate_frame(
    frame: object,
    catalog: Iterable[Procedure],
    rules: Rules,
    *,
    date_from: date | None = None,
    date_to: date | None = None,
    now: datetime | None = None,
) -> Any:
    """``frame`` with :data:`FRAME_COLUMNS` added, from the report's per-dossier rows
    (the same engine, the same statuses; a row that cannot be read gets nulls).

    Returns the same kind of frame (pandas, Polars or Arrow); its row order is kept.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    from tthc.report import on_time_report

    table = to_arrow(frame)
    with tempfile.TemporaryDirectory(prefix="tthc-frame-") as folder:
        source = Path(folder) / "dossiers.parquet"
        out = Path(folder) / "rows.parquet"
        pq.write_table(table, source)
        on_time_report(
            source,
            catalog,
            rules,
            date_from=date_from,
            date_to=date_to,
            now=now,
            skip_bad=True,
            rows_to=out,
        )
        rows = pq.read_table(out, columns=["row", *FRAME_COLUMNS])
    # rows are numbered from 1 by position; bad rows are missing: put nulls there
    position = pa.array(range(1, table.num_rows + 1), type=pa.int64())
    joined = pa.table({"row": position}).join(rows, "row", join_type="left outer")
    joined = joined.sort_by("row")
    for name in FRAME_COLUMNS:
        table = table.append_column(name, joined.column(name))
    return _back(table, frame)
