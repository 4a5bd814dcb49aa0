"""Each dossier's result (kết quả từng hồ sơ), written as the report runs: CSV or Parquet.

``tthc report FILE --rows OUT.csv`` (or ``OUT.parquet``) writes one row per dossier counted
or left out of the period, with :data:`ROW_COLUMNS`. Moments are ISO 8601 at +07:00 in CSV
and ``timestamp[us, tz=Asia/Ho_Chi_Minh]`` in Parquet. ``status`` is one of
:data:`~tthc.report.aggregate.STATUSES`, or ``excluded`` for a dossier outside the period;
``late_working_hours`` is the working time from the due moment to the finish (``late``) or
to the moment judged (``overdue``), else 0. ``row`` is the row's number in the input (as
bad rows are numbered). Rows that could not be read are not written
(the report lists them). Written chunk by chunk: memory stays flat.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tthc.i18n import Text
from tthc.report.errors import ReportError

if TYPE_CHECKING:
    import numpy.typing as npt

#: Columns of the per-dossier output, in order.
ROW_COLUMNS: tuple[str, ...] = (
    "row",
    "dossier_id",
    "procedure",
    "case",
    "channel",
    "received_at",
    "starts_at",
    "due_at",
    "finished_at",
    "status",
    "late_working_hours",
)

#: Suffixes :class:`RowsWriter` knows.
ROW_FORMATS: dict[str, str] = {".csv": "csv", ".parquet": "parquet"}


class RowsWriter:
    """Writes per-dossier rows to ``path`` (its suffix picks CSV or Parquet)."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        fmt = ROW_FORMATS.get(self.path.suffix.lower())
        if fmt is None:
            known = ", ".join(ROW_FORMATS)
            raise ReportError(
                Text(
                    f"{self.path}: --rows cần tệp có đuôi {known}",
                    f"{self.path}: --rows needs a file ending in {known}",
                )
            )
        self.format = fmt
        self._writer: Any = None
        self._handle: Any = None
        try:
            if fmt == "csv":
                self._handle = self.path.open("w", encoding="utf-8", newline="")
                self._writer = csv.writer(self._handle)
                self._writer.writerow(ROW_COLUMNS)
        except OSError as exc:
            raise ReportError(
                Text(
                    f"{self.path}: không ghi được ({exc.strerror})",
                    f"{self.path}: cannot write ({exc.strerror})",
                )
            ) from exc

    def write(self, columns: dict[str, npt.NDArray[Any] | list[Any]]) -> None:
        """Append one chunk: ``columns`` keyed by :data:`ROW_COLUMNS`; moments as naive local
        ``datetime64[us]`` (NaT for none), hours as floats."""
        if self.format == "csv":
            self._write_csv(columns)
        else:
            self._write_parquet(columns)

    def _write_csv(self, columns: dict[str, Any]) -> None:
        import numpy as np

        out: list[list[Any]] = []
        text: dict[str, list[str]] = {}
        for name in ("received_at", "starts_at", "due_at", "finished_at"):
            values = np.datetime_as_string(columns[name], unit="s")
            text[name] = [("" if v == "NaT" else v + "+07:00") for v in values.tolist()]
        hours = [f"{h:.6f}".rstrip("0").rstrip(".") for h in columns["late_working_hours"].tolist()]
        out = [
            list(row)
            for row in zip(
                columns["row"].tolist(),
                columns["dossier_id"],
                columns["procedure"],
                columns["case"],
                columns["channel"],
                text["received_at"],
                text["starts_at"],
                text["due_at"],
                text["finished_at"],
                columns["status"],
                hours,
                strict=True,
            )
        ]
        self._writer.writerows(out)

    def _write_parquet(self, columns: dict[str, Any]) -> None:
        import numpy as np
        import pyarrow as pa

        arrays: dict[str, Any] = {}
        for name in ROW_COLUMNS:
            column = columns[name]
            if isinstance(column, np.ndarray) and column.dtype.kind == "M":
                raw = column.view(np.int64)
                utc = pa.array(raw - 7 * 3_600_000_000, mask=np.isnat(column))
                arrays[name] = utc.cast(pa.timestamp("us", tz="Asia/Ho_Chi_Minh"))
            elif name == "late_working_hours":
                arrays[name] = pa.array(column, type=pa.float64())
            elif name == "row":
                arrays[name] = pa.array(column, type=pa.int64())
            else:
                arrays[name] = pa.array(column, type=pa.string())
        self._write_table(pa.table(arrays))

    def _write_table(self, table: Any) -> None:
        import pyarrow.parquet as pq

        if self._writer is None:
            try:
                self._writer = pq.ParquetWriter(self.path, table.schema)
            except OSError as exc:
                raise ReportError(
                    Text(
                        f"{self.path}: không ghi được ({exc})", f"{self.path}: cannot write ({exc})"
                    )
                ) from exc
        self._writer.write_table(table)

    def append_file(self, path: Path) -> None:
        """Append the rows of a file another writer wrote in the same format."""
        if self.format == "csv":
            with path.open(encoding="utf-8", newline="") as source:
                reader = csv.reader(source)
                next(reader, None)
                self._writer.writerows(reader)
            return
        import pyarrow as pa
        import pyarrow.parquet as pq

        for batch in pq.ParquetFile(path).iter_batches():
            self._write_table(pa.Table.from_batches([batch]))

    def discard(self) -> None:
        """Close and remove the file (the report failed: no half-written output)."""
        try:
            self._close()
        finally:
            self.path.unlink(missing_ok=True)

    def close(self, drop: set[int] | frozenset[int] = frozenset()) -> None:
        """Finish the file, without the rows numbered in ``drop`` (dossiers found listed
        twice once every row was read)."""
        self._close()
        if drop:
            self._drop(drop)

    def _drop(self, drop: set[int] | frozenset[int]) -> None:
        import os

        kept = self.path.with_name(self.path.name + ".tmp")
        if self.format == "csv":
            with (
                self.path.open(encoding="utf-8", newline="") as src,
                kept.open("w", encoding="utf-8", newline="") as dst,
            ):
                reader, out = csv.reader(src), csv.writer(dst)
                out.writerow(next(reader))
                out.writerows(r for r in reader if int(r[0]) not in drop)
        else:
            import pyarrow as pa
            import pyarrow.compute as pc
            import pyarrow.parquet as pq

            source = pq.ParquetFile(self.path)
            with pq.ParquetWriter(kept, source.schema_arrow) as writer:
                for batch in source.iter_batches():
                    mask = pc.invert(pc.is_in(batch.column("row"), pa.array(sorted(drop))))
                    writer.write_table(pa.Table.from_batches([batch.filter(mask)]))
        os.replace(kept, self.path)

    def _close(self) -> None:
        if self.format == "csv":
            if self._handle is not None:
                self._handle.close()
        elif self._writer is not None:
            self._writer.close()
        else:  # no row at all: still a valid, empty file
            import pyarrow as pa
            import pyarrow.parquet as pq

            _KIND = {"late_working_hours": pa.float64(), "row": pa.int64()}
            schema = pa.schema(
                [
                    (name, pa.timestamp("us", tz="Asia/Ho_Chi_Minh"))
                    if name.endswith("_at")
                    else (name, _KIND.get(name, pa.string()))
                    for name in ROW_COLUMNS
                ]
            )
            pq.write_table(schema.empty_table(), self.path)
