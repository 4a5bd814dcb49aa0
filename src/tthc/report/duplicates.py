"""A dossier listed twice (hồ sơ trùng mã): found exactly, in memory flat in the rows.

Each accepted row's ``dossier_id`` is written with its row number and what it added to the
counts (group, status, month, processing time) to one of :data:`PARTS` spill files on disk,
chosen by a hash of the id. At the end each part is read alone (a 64th of the rows) and its
ids sorted: a row whose id sorts after an earlier row with the same id is a duplicate. Its
counts are then taken back out (:func:`tthc.report.aggregate.take_back`), so the report is
the same as when duplicates were refused on sight, and partial reports of several processes
are checked together. No Python object is kept per row.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    IntArray = npt.NDArray[np.int64]

#: Spill files per check: each holds about 1/PARTS of the ids when read back.
PARTS = 64


@dataclass(frozen=True)
class Duplicate:
    """A row whose ``dossier_id`` is on an earlier row, with what it had added."""

    row: int
    dossier_id: str
    first: int
    part: int
    """Which partial report counted it (index in the list given to :func:`find`)."""
    group: int
    status: int
    month: int
    amount: int


def _part_of(ids: npt.NDArray[np.str_]) -> IntArray:
    """A cheap hash of each id (its UTF-32 code units), modulo :data:`PARTS`: only spreads
    the ids over the parts; equality is decided on the ids themselves."""
    import numpy as np

    if not ids.size:
        return np.zeros(0, dtype=np.int64)
    width = ids.dtype.itemsize // 4
    codes = ids.view(np.uint32).reshape(ids.size, width).astype(np.uint64)
    length = np.char.str_len(ids)
    h = np.full(ids.size, 1469598103934665603, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for k in range(width):
            # only the id's own characters: the padding depends on the longest id of the
            # chunk, and one id must land in one part whatever chunk it came in
            h = np.where(k < length, (h ^ codes[:, k]) * np.uint64(1099511628211), h)
    part: IntArray = (h % np.uint64(PARTS)).astype(np.int64)
    return part


class Spill:
    """The ids of one (partial) report on disk, with what each row added to the counts."""

    def __init__(self, folder: str | Path | None = None) -> None:
        # a plain folder (not a TemporaryDirectory): a worker's spill outlives the worker
        self.folder = Path(tempfile.mkdtemp(prefix="tthc-ids-", dir=folder))
        self._files: dict[int, BinaryIO] = {}

    def add(
        self,
        ids: list[str],
        rows: IntArray,
        group: IntArray,
        status: IntArray,
        month: IntArray,
        amount: IntArray,
    ) -> None:
        import numpy as np

        if not ids:
            return
        values = np.array(ids, dtype=np.str_)
        part = _part_of(values)
        order = np.argsort(part, kind="stable")
        bounds = np.searchsorted(part[order], np.arange(PARTS + 1))
        for p in np.flatnonzero(np.diff(bounds)):
            sel = order[bounds[p] : bounds[p + 1]]
            handle = self._files.get(int(p))
            if handle is None:
                handle = self._files[int(p)] = (self.folder / f"{int(p):02d}.npy").open("ab")
            for column in (
                values[sel],
                rows[sel],
                group[sel],
                status[sel],
                month[sel],
                amount[sel],
            ):
                np.save(handle, column, allow_pickle=False)

    def close(self) -> None:
        for handle in self._files.values():
            handle.close()
        self._files.clear()

    def read(self, part: int) -> list[tuple[Any, ...]]:
        """The blocks written to ``part``: (ids, rows, group, status, month, amount) each."""
        import numpy as np

        self.close()
        path = self.folder / f"{part:02d}.npy"
        blocks: list[tuple[Any, ...]] = []
        if not path.exists():
            return blocks
        with path.open("rb") as handle:
            size = path.stat().st_size
            while handle.tell() < size:
                blocks.append(tuple(np.load(handle, allow_pickle=False) for _ in range(6)))
        return blocks

    def remove(self) -> None:
        import shutil

        self.close()
        shutil.rmtree(self.folder, ignore_errors=True)


def find(spills: list[Spill]) -> list[Duplicate]:
    """Rows whose id is on an earlier row, over the spills of every partial report (their
    row numbers are of one input: the first of several with an id is the earliest row)."""
    import numpy as np

    found: list[Duplicate] = []
    for part in range(PARTS):
        ids: list[Any] = []
        columns: list[list[Any]] = [[], [], [], [], []]
        owner: list[Any] = []
        for n, spill in enumerate(spills):
            for block in spill.read(part):
                ids.append(block[0])
                for k in range(5):
                    columns[k].append(block[k + 1])
                owner.append(np.full(block[1].size, n, dtype=np.int64))
        if not ids:
            continue
        all_ids = np.concatenate(ids)
        rows, group, status, month, amount = (np.concatenate(c) for c in columns)
        who = np.concatenate(owner)
        order = np.lexsort((rows, all_ids))
        sorted_ids = all_ids[order]
        same = np.r_[False, sorted_ids[1:] == sorted_ids[:-1]]
        if not same.any():
            continue
        # the first row of each run of equal ids
        run_start = np.maximum.accumulate(np.where(same, 0, np.arange(order.size)))
        for k in np.flatnonzero(same).tolist():
            i = int(order[k])
            found.append(
                Duplicate(
                    int(rows[i]),
                    str(all_ids[i]),
                    int(rows[order[run_start[k]]]),
                    int(who[i]),
                    int(group[i]),
                    int(status[i]),
                    int(month[i]),
                    int(amount[i]),
                )
            )
    found.sort(key=lambda d: d.row)
    return found
