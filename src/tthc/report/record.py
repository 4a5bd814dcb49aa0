"""One dossier record (bản ghi hồ sơ) checked and parsed: moments, channel, pauses."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from tthc.i18n import Text
from tthc.model import CHANNEL_SPELLINGS  # re-exported: the table lives with Channel
from tthc.report.errors import BadRow, ReportError, _Bad
from tthc.report.read import REQUIRED, _RowError
from tthc.timeparse import parse_moment

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    IntArray = npt.NDArray[np.int64]


_VN_OFFSET = timedelta(hours=7)


def _moment(text: str, what: str) -> datetime:
    """Parse an ISO 8601 moment; naive means Vietnam local time. Returns a naive local time."""
    try:
        moment = parse_moment(text)
    except ValueError:
        raise _Bad(
            Text(
                f"{what}: thời điểm không hợp lệ {text!r} (cần ISO 8601, ví dụ "
                "2026-11-26T10:00:00+07:00)",
                f"{what}: invalid moment {text!r} (expected ISO 8601, e.g. "
                "2026-11-26T10:00:00+07:00)",
            )
        ) from None
    offset = moment.utcoffset()
    if offset is None:
        return moment
    return moment.replace(tzinfo=None) - offset + _VN_OFFSET


@dataclass(frozen=True)
class DossierRecord:
    """One dossier (hồ sơ) as read from a record; moments are naive Vietnam local times."""

    row: int
    dossier_id: str
    procedure_code: str
    received_at: datetime
    finished_at: datetime | None = None
    case: str | None = None
    channel: str | None = None
    """The channel's value (``in_person``, ``online``, ``postal``), however the row spelled
    it (see :func:`parse_channel`)."""
    pauses: tuple[tuple[datetime, datetime | None], ...] = ()


# The channel spellings (tthc.model.CHANNEL_SPELLINGS) are matched after folding: letter
# case, diacritics and ``_``/``-``/spaces do not matter, so ``TRUC TUYEN`` and
# ``In_Person`` are read too.
def _fold(text: str) -> str:
    """``text`` without letter case, diacritics (đ is d) and ``_``/``-``/extra spaces."""
    bare = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    bare = "".join(c for c in bare if not unicodedata.combining(c))
    return re.sub(r"[\s_-]+", " ", bare.casefold()).strip()


_CHANNEL_BY_FOLDED: dict[str, str] = {
    _fold(spelling): value
    for value, spellings in CHANNEL_SPELLINGS.items()
    for spelling in spellings
}


def parse_channel(text: str) -> str:
    """The channel value (``in_person``, ``online``, ``postal``) of a ``channel`` cell.

    Accepts the spellings of :data:`CHANNEL_SPELLINGS` in any letter case, with or without
    diacritics; raises :class:`ReportError` listing them for anything else.
    """
    try:
        return _channel_value(text)
    except _Bad as exc:
        raise ReportError(exc.text) from None


def _channel_value(text: str) -> str:
    found = _CHANNEL_BY_FOLDED.get(_fold(text))
    if found is not None:
        return found
    listed = "; ".join(
        f"{value} ({', '.join(spellings[1:])})" for value, spellings in CHANNEL_SPELLINGS.items()
    )
    raise _Bad(
        Text(
            f"kênh {text!r} không hợp lệ; ghi một trong: {listed} (không phân biệt chữ hoa, "
            "chữ thường, có dấu hay không dấu)",
            f"channel {text!r} is unknown; write one of: {listed} (in any letter case, with "
            "or without diacritics)",
        )
    )


def parse_record(row: int, raw: dict[str, str]) -> DossierRecord:
    """Validate one raw record; raises :class:`ReportError` (one :class:`BadRow`) if bad."""
    try:
        return _parse(row, raw)
    except _Bad as exc:
        bad = BadRow(row, exc.text)
        raise ReportError(Text(bad.message("vi"), bad.message("en")), [bad]) from None


def _parse(row: int, raw: dict[str, str]) -> DossierRecord:
    error = raw.get("__error__")
    if error is not None:
        why = error.text if isinstance(error, _RowError) else Text(error, error)
        raise _Bad(Text(f"không đọc được: {why.vi}", f"cannot read: {why.en}"))
    values = {}
    for key in REQUIRED:
        value = (raw.get(key) or "").strip()
        if not value:
            raise _Bad(Text(f"thiếu {key}", f"missing {key}"))
        values[key] = value
    received = _moment(values["received_at"], "received_at")
    finished_raw = (raw.get("finished_at") or "").strip()
    finished = _moment(finished_raw, "finished_at") if finished_raw else None
    if finished is not None and finished < received:
        raise _Bad(
            Text(
                f"finished_at {finished_raw!r} trước received_at {values['received_at']!r}",
                f"finished_at {finished_raw!r} is before received_at {values['received_at']!r}",
            )
        )
    pauses_raw = (raw.get("pauses") or "").strip()
    pauses = _pauses(pauses_raw, received, finished) if pauses_raw else ()
    channel = (raw.get("channel") or "").strip()
    return DossierRecord(
        row=row,
        dossier_id=values["dossier_id"],
        procedure_code=values["procedure_code"],
        received_at=received,
        finished_at=finished,
        case=(raw.get("case") or "").strip() or None,
        channel=_channel_value(channel) if channel else None,
        pauses=pauses,
    )


def _pauses(
    text: str, received: datetime, finished: datetime | None
) -> tuple[tuple[datetime, datetime | None], ...]:
    out: list[tuple[datetime, datetime | None]] = []
    previous = received
    parts = [p for p in text.split(";") if p.strip()]
    for index, part in enumerate(parts):
        if "/" not in part:
            raise _Bad(
                Text(
                    f"pauses: {part!r} không có dạng BẮT_ĐẦU/KẾT_THÚC",
                    f"pauses: {part!r} is not START/END",
                )
            )
        start_raw, end_raw = part.split("/", 1)
        start = _moment(start_raw, "pauses")
        end = _moment(end_raw, "pauses") if end_raw.strip() else None
        if end is None and (index != len(parts) - 1 or finished is not None):
            raise _Bad(
                Text(
                    f"pauses: {part!r} chưa kết thúc; chỉ khoảng tạm dừng cuối của hồ sơ "
                    "chưa có kết quả mới được để trống",
                    f"pauses: {part!r} has no end; only the last pause of an open dossier may",
                )
            )
        if start < previous or (end is not None and end < start):
            raise _Bad(
                Text(
                    f"pauses: {part!r} sai thứ tự (trước khi tiếp nhận, trước khoảng trước, "
                    "hoặc kết thúc trước khi bắt đầu)",
                    f"pauses: {part!r} is out of order (before receipt, before the previous "
                    "pause, or ending before it starts)",
                )
            )
        if finished is not None and end is not None and finished < end:
            raise _Bad(
                Text(
                    f"pauses: {part!r} kết thúc sau finished_at",
                    f"pauses: {part!r} ends after finished_at",
                )
            )
        out.append((start, end))
        previous = end if end is not None else start
    return tuple(out)
