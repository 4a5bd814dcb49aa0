"""Columns in and out of the batch engine (cột dữ liệu): lists, numpy, pandas, Arrow.

Moments go in as any 1-D sequence of datetimes: a list of ``datetime`` (naive means
Vietnam local time, an aware one is converted), a numpy ``datetime64`` array (naive, local
time), a pandas Series (naive is local time; tz-aware is converted) or an Arrow timestamp
array (with or without a time zone, read the same way). Inside, a moment is an int64 of
microseconds of local wall-clock time in Asia/Ho_Chi_Minh, which has been a fixed +07:00
in every year the calendar covers. Results come out as numpy ``datetime64[us]`` of that
local time, naive; :meth:`Deadlines.to_pandas` and ``to_arrow`` give tz-aware columns.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from tthc.errors import BatchError as BatchError  # its home is tthc.errors; named here too
from tthc.i18n import Text

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    IntArray = npt.NDArray[np.int64]

#: The time zone of every moment the engine gives (naive columns are in it).
ZONE = "Asia/Ho_Chi_Minh"
_OFFSET_US = 7 * 3_600_000_000
#: int64 marking a missing moment (numpy's NaT).
MISSING = -(2**63)


def _is_arrow(values: object) -> bool:
    return type(values).__module__.startswith("pyarrow")


def _is_pandas(values: object) -> bool:
    return type(values).__module__.startswith("pandas")


def local_us(values: object, what: str) -> IntArray:
    """Moments as int64 microseconds of Vietnam wall-clock time since 1970 (:data:`MISSING`
    where a moment is absent: ``None``, ``NaT``, Arrow null)."""
    import numpy as np

    if _is_pandas(values):
        series: Any = values
        if getattr(series, "dtype", None) is not None and getattr(series.dtype, "tz", None):
            series = series.dt.tz_convert("UTC").dt.tz_localize(None)
            return _shifted(_naive_us(series.to_numpy(dtype="datetime64[us]")), _OFFSET_US)
        if hasattr(series, "to_numpy"):
            try:
                return _naive_us(series.to_numpy(dtype="datetime64[us]"))
            except (TypeError, ValueError):
                return local_us(list(series), what)
    if _is_arrow(values):
        import pyarrow as pa

        array: Any = values
        if isinstance(array, pa.ChunkedArray):
            array = array.combine_chunks()
        if not pa.types.is_timestamp(array.type):
            raise BatchError(
                Text(
                    f"{what}: cần cột thời điểm (timestamp), nhận được {array.type}",
                    f"{what}: expected a timestamp column, got {array.type}",
                )
            )
        us = array.cast(pa.timestamp("us", tz=array.type.tz))
        raw = np.asarray(us.cast(pa.int64()).fill_null(MISSING), dtype=np.int64)
        return _shifted(raw, _OFFSET_US) if array.type.tz is not None else raw
    if isinstance(values, np.ndarray):
        if values.dtype.kind == "M":
            return _naive_us(values.astype("datetime64[us]"))
        if values.dtype == object:
            return local_us(values.tolist(), what)
        raise BatchError(
            Text(
                f"{what}: cần mảng datetime64, nhận được {values.dtype}",
                f"{what}: expected a datetime64 array, got {values.dtype}",
            )
        )
    if isinstance(values, (str, bytes)) or not isinstance(values, Sequence):
        try:
            values = list(values)  # type: ignore[call-overload]
        except TypeError:
            raise BatchError(
                Text(
                    f"{what}: cần một dãy thời điểm, nhận được {type(values).__name__}",
                    f"{what}: expected a sequence of moments, got {type(values).__name__}",
                )
            ) from None
    return _from_datetimes(values, what)  # type: ignore[arg-type]


def _naive_us(values: npt.NDArray[Any]) -> IntArray:
    import numpy as np

    out: IntArray = values.view(np.int64).copy()
    return out


def _shifted(raw: IntArray, by: int) -> IntArray:
    import numpy as np

    return np.where(raw == MISSING, MISSING, raw + by)


_EPOCH = datetime(1970, 1, 1)
_ONE_US = timedelta(microseconds=1)


def _from_datetimes(values: Sequence[object], what: str) -> IntArray:
    import numpy as np

    from tthc.tz import as_local

    out = np.empty(len(values), dtype=np.int64)
    for i, value in enumerate(values):
        if value is None:
            out[i] = MISSING
        elif type(value) is datetime and value.tzinfo is None:
            out[i] = (value - _EPOCH) // _ONE_US
        elif isinstance(value, datetime):
            out[i] = (as_local(value).replace(tzinfo=None) - _EPOCH) // _ONE_US
        elif isinstance(value, np.datetime64):
            out[i] = (
                MISSING if np.isnat(value) else int(value.astype("datetime64[us]").astype(np.int64))
            )
        else:
            kind = type(value).__name__
            raise BatchError(
                Text(
                    f"{what}[{i}]: cần một datetime, nhận được {kind} {value!r:.40}",
                    f"{what}[{i}]: expected a datetime, got {kind} {value!r:.40}",
                )
            )
    return out


def moments(us: IntArray) -> npt.NDArray[np.datetime64]:
    """int64 microseconds of local time as naive ``datetime64[us]`` (NaT where missing)."""
    return us.view("datetime64[us]")


def per_row(value: object, size: int, what: str) -> list[Any]:
    """``value`` for each of ``size`` rows: a sequence of that length, else the one value."""
    if isinstance(value, (str, bytes)) or value is None or not is_column(value):
        return [value] * size
    items: list[Any] = list(value)  # type: ignore[call-overload]
    if len(items) != size:
        raise BatchError(
            Text(
                f"{what}: có {len(items)} giá trị, cần {size} (bằng số hồ sơ) hoặc một giá trị",
                f"{what}: {len(items)} values for {size} rows; give one per row or one for all",
            )
        )
    return items


def is_column(value: object) -> bool:
    if _is_pandas(value) or _is_arrow(value):
        return True
    try:
        import numpy as np

        if isinstance(value, np.ndarray):
            return True
    except ImportError:  # pragma: no cover
        pass
    return isinstance(value, (list, tuple))


@dataclass(frozen=True)
class Columns:
    """Named numpy columns of one length, with the conversions every result shares."""

    def _columns(self) -> dict[str, npt.NDArray[Any]]:
        import numpy as np

        return {
            f.name: getattr(self, f.name)
            for f in fields(self)
            if isinstance(getattr(self, f.name), np.ndarray)
        }

    def __len__(self) -> int:
        return len(next(iter(self._columns().values())))

    def to_pandas(self) -> Any:
        """A pandas DataFrame; moments as tz-aware Asia/Ho_Chi_Minh columns."""
        import pandas as pd

        data: dict[str, Any] = {}
        for name, column in self._columns().items():
            if column.dtype.kind == "M":
                data[name] = pd.Series(column).dt.tz_localize(ZONE)
            else:
                data[name] = column
        return pd.DataFrame(data)

    def to_arrow(self) -> Any:
        """A pyarrow Table; moments as ``timestamp[us, tz=Asia/Ho_Chi_Minh]`` columns."""
        import numpy as np
        import pyarrow as pa

        arrays: dict[str, Any] = {}
        for name, column in self._columns().items():
            if column.dtype.kind == "M":
                raw = column.view(np.int64)
                mask = raw == MISSING
                utc = pa.array(raw - _OFFSET_US, type=pa.int64(), mask=mask)
                arrays[name] = utc.cast(pa.timestamp("us", tz=ZONE))
            else:
                arrays[name] = pa.array(column)
        return pa.table(arrays)

    def to_polars(self) -> Any:
        """A Polars DataFrame (through Arrow); moments tz-aware."""
        import polars as pl

        return pl.from_arrow(self.to_arrow())
