"""``tthc report --jobs N``: N processes count parts of one file, merged exactly.

A text file (CSV or JSON lines) is cut at line ends, never inside a quoted CSV field (an
even number of ``"`` before the cut); a Parquet file by row groups. Each process counts its
part as the single process would, numbering rows as in the whole file, and spills its
dossier ids (:mod:`tthc.report.duplicates`); the parent checks ids across all parts and
adds the exact counts up. Processes are forked, so they share the calendar and plugins the
parent has already loaded (on a system without ``fork``, one process reads everything).
"""

from __future__ import annotations

import multiprocessing
import tempfile
from collections.abc import Callable, Iterator
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tthc.i18n import Text
from tthc.report.errors import ReportError

if TYPE_CHECKING:
    from tthc.report import _Partial, _Run

_BLOCK = 1 << 24

#: What a forked worker needs: set in the parent just before forking.
_JOB: dict[str, Any] = {}


def text_cuts(path: Path, parts: int, csv_quotes: bool) -> list[tuple[int, int]]:
    """``(byte offset, line number)`` where each part after the first starts: the first line
    start at or after an equal share of the file, outside quotes for CSV."""
    import numpy as np

    size = path.stat().st_size
    targets = [size * k // parts for k in range(1, parts)]
    cuts: list[tuple[int, int]] = []
    quotes = 0
    lines = 0
    offset = 0
    with path.open("rb") as handle:
        while targets and (block := handle.read(_BLOCK)):
            data = np.frombuffer(block, dtype=np.uint8)
            newline = np.flatnonzero(data == 10)
            if csv_quotes:
                q = np.cumsum(data == 34)
                outside = (quotes + q[newline]) % 2 == 0
            else:
                q = None
                outside = np.ones(newline.size, dtype=np.bool_)
            while targets:
                after = np.flatnonzero(outside & (offset + newline + 1 >= targets[0]))
                if not after.size:
                    break
                k = int(after[0])
                start = offset + int(newline[k]) + 1
                if start < size and (not cuts or start > cuts[-1][0]):
                    cuts.append((start, lines + k + 2))
                targets.pop(0)
            lines += newline.size
            quotes += int(q[-1]) if q is not None and q.size else 0
            offset += len(block)
    return cuts


def _lines(path: Path, start: int, end: int | None, line: int = 1) -> Iterator[str]:
    """The text lines of ``path`` from byte ``start`` to ``end`` (a line end); ``line``:
    the number of the first. A line longer than :data:`~tthc.limits.MAX_LINE` raises
    :class:`ReportError`, as :func:`~tthc.limits.bounded_lines` does for one process."""
    from tthc.display import escape_text
    from tthc.limits import MAX_LINE, line_too_long

    def too_long(number: int) -> ReportError:
        return ReportError(line_too_long(f"{escape_text(str(path), 200)}: ", number))

    with path.open("rb") as handle:
        handle.seek(start)
        left = None if end is None else end - start
        rest = b""
        while left is None or left > 0:
            block = handle.read(_BLOCK if left is None else min(_BLOCK, left))
            if not block:
                break
            if left is not None:
                left -= len(block)
            lines = (rest + block).split(b"\n")
            rest = lines.pop()
            for raw in lines:
                text = (raw + b"\n").decode("utf-8")
                if len(text) > MAX_LINE:
                    raise too_long(line)
                line += 1
                yield text
            if len(rest) > 4 * MAX_LINE:  # UTF-8: at most four bytes a character
                raise too_long(line)
        if rest:
            text = rest.decode("utf-8")
            if len(text) > MAX_LINE:
                raise too_long(line)
            yield text


class _Named:
    """Lines of one part, named as the file (messages quote the file's name)."""

    def __init__(self, lines: Iterator[str], name: str) -> None:
        self._lines = lines
        self.name = name

    def __iter__(self) -> Iterator[str]:
        return self._lines


def _work(k: int) -> _Partial | tuple[str, str]:
    """Count part ``k``; a :class:`ReportError` comes back as its text (vi, en): an
    exception whose constructor takes a Text does not cross the process boundary."""
    try:
        return _count_part(k)
    except ReportError as exc:
        return exc.text.vi, exc.text.en


def _count_part(k: int) -> _Partial:
    from tthc.report.read import _records, read_source
    from tthc.report.rows import RowsWriter

    path: Path = _JOB["path"]
    run: _Run = _JOB["run"]
    bounds: list[tuple[int, int]] = _JOB["bounds"]
    header: str = _JOB["header"]
    folder: str = _JOB["folder"]
    writer = None
    if _JOB["rows"]:
        writer = RowsWriter(Path(folder) / f"rows-{k:03d}{_JOB['suffix']}")
    if _JOB["parquet"]:
        first, last = bounds[k]
        rows: Any = _parquet_part(path, first, last)
    else:
        start, line = bounds[k]
        end = bounds[k + 1][0] if k + 1 < len(bounds) else None
        if k == 0:
            rows = _records(_Named(_lines(path, 0, end), str(path)))  # type: ignore[arg-type]
        else:
            stream = _Named(chain([header], _lines(path, start, end, line)), str(path))
            shift = line - 2  # the header is line 1 of the part, its first row line 2
            rows = ((n + shift, v) for n, v in _records(stream))  # type: ignore[arg-type]
    del read_source
    part = run.count(rows, writer, None, folder)
    if writer is not None:
        writer.close()
        part.rows_file = str(writer.path)
    return part


def _parquet_part(path: Path, first: int, last: int) -> Iterator[tuple[int, Any]]:
    import pyarrow.parquet as pq

    from tthc.report.read import _parquet

    handle = pq.ParquetFile(path)
    before = sum(handle.metadata.row_group(i).num_rows for i in range(first))
    for n, values in _parquet(path, row_groups=list(range(first, last))):
        yield n + before, values


def run_in_parts(
    path: Path,
    jobs: int,
    run: _Run,
    want_rows: bool,
    progress: Callable[[int], None] | None,
    suffix: str = ".csv",
    folder: str | None = None,
) -> list[_Partial]:
    """Count ``path`` in ``jobs`` forked processes; their partial results, in file order.
    ``folder``: where the workers spill ids and write rows (the caller removes it); by
    default a new temporary folder."""
    from tthc.report.read import PARQUET_SUFFIXES, read_source

    parquet = str(path).lower().endswith(PARQUET_SUFFIXES)
    if "fork" not in multiprocessing.get_all_start_methods():  # pragma: no cover
        return [run.count(read_source(path), None, progress)]
    header = ""
    if parquet:
        import pyarrow.parquet as pq

        groups = pq.ParquetFile(path).metadata.num_row_groups
        step = max(1, -(-groups // jobs))
        bounds = [(i, min(i + step, groups)) for i in range(0, groups, step)] or [(0, 0)]
    else:
        with path.open("rb") as handle:
            head = handle.read(1 << 16).lstrip(b"\xef\xbb\xbf")
        first = head.lstrip()[:1]
        csv_quotes = first != b"{"
        if csv_quotes:
            for raw in head.split(b"\n"):
                if raw.strip():
                    header = raw.decode("utf-8", errors="replace") + "\n"
                    break
        bounds = [(0, 1), *text_cuts(path, jobs, csv_quotes)]
    if folder is None:
        folder = tempfile.mkdtemp(prefix="tthc-jobs-")
    _JOB.update(
        path=path,
        run=run,
        bounds=bounds,
        header=header,
        folder=folder,
        rows=want_rows,
        parquet=parquet,
        suffix=suffix,
    )
    try:
        with multiprocessing.get_context("fork").Pool(min(jobs, len(bounds))) as pool:
            results = pool.map(_work, range(len(bounds)))
    finally:
        _JOB.clear()
    parts: list[_Partial] = []
    for result in results:
        if isinstance(result, tuple):  # the first part in the file that failed
            for part in parts:
                part.spill.remove()
            raise ReportError(Text(*result))
        parts.append(result)
    if progress is not None:
        progress(sum(p.count for p in parts))
    return parts
