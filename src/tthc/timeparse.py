"""ISO 8601 dates and moments (ngày, thời điểm), read the same way on every Python.

``datetime.fromisoformat`` reads different texts on different Pythons: 3.10 refuses
``Z``, ``+07``, ``+0700`` and any fraction of a second that is not 3 or 6 digits
(one-stop systems on .NET write 7), while 3.11 also takes week dates, basic-format times
and any separator between date and time. A file or command line accepted on one Python
and refused on another is a bug, so tthc reads moments with this one parser:

- a date ``YYYY-MM-DD``, alone or followed by ``T`` (or ``t`` or a space) and a time
  ``HH``, ``HH:MM``, ``HH:MM:SS`` or ``HH:MM:SS.f`` with 1 to 9 fractional digits
  (``,`` also marks the fraction; digits past microseconds are dropped, as Python 3.11
  does);
- after a time, optionally an offset: ``Z`` (or ``z``), ``+HH``, ``+HHMM`` or ``+HH:MM``
  (or ``-``), less than 24 hours.

A moment without offset comes back naive (the caller decides which zone it means; tthc
takes Vietnam time); one with an offset comes back aware.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone

from tthc.errors import MomentError
from tthc.i18n import Text

MAX_LENGTH = 64
"""Longer texts are refused before being matched: no ISO 8601 moment is that long."""

_MOMENT = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})"
    r"(?:[Tt ](\d{2})(?::(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?"
    r"(?:([Zz])|([+-])(\d{2})(?::?(\d{2}))?)?)?",
    re.ASCII,  # only 0-9: int() would also read other scripts' digits
)
_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})", re.ASCII)

EXAMPLES = "2026-11-26, 2026-11-26 10:00, 2026-11-26T10:00:00.1234567+07:00"


def quoted(text: str) -> str:
    """``text`` as error messages quote it: escaped, cut at 60 characters."""
    shown = text if len(text) <= 60 else text[:57] + "..."
    return repr(shown)


def _refused(text: str, what: Text) -> MomentError:
    return MomentError(
        Text(
            f"không đọc được {what.vi} {quoted(text)} (ISO 8601, ví dụ {EXAMPLES})",
            f"cannot read the {what.en} {quoted(text)} (ISO 8601, e.g. {EXAMPLES})",
        )
    )


_A_MOMENT = Text("thời điểm", "moment")
_A_DATE = Text("ngày", "date")


def parse_moment(text: str) -> datetime:
    """The moment written in ``text`` (surrounding blanks ignored): naive without an offset,
    aware with one. Anything else raises :class:`~tthc.errors.MomentError` (a
    ``ValueError``) quoting the text.

    >>> parse_moment("2026-11-26T10:00:00.1234567+07")
    datetime.datetime(2026, 11, 26, 10, 0, 0, 123456, tzinfo=datetime.timezone(datetime.timedelta(seconds=25200)))
    >>> parse_moment("2026-11-26 10:00")
    datetime.datetime(2026, 11, 26, 10, 0)
    """  # noqa: E501
    raw = text.strip()
    match = _MOMENT.fullmatch(raw) if len(raw) <= MAX_LENGTH else None
    if match is None:
        raise _refused(text, _A_MOMENT)
    year, month, day, hour, minute, second, fraction, zulu, sign, off_h, off_m = match.groups()
    micro = int((fraction + "00000")[:6]) if fraction else 0
    tz: timezone | None = None
    if zulu:
        tz = timezone.utc
    elif sign:
        minutes = int(off_h) * 60 + int(off_m or 0)
        if int(off_h) > 23 or int(off_m or 0) > 59:
            raise _refused(text, _A_MOMENT)
        tz = timezone(timedelta(minutes=-minutes if sign == "-" else minutes))
    try:
        return datetime(
            int(year),
            int(month),
            int(day),
            int(hour or 0),
            int(minute or 0),
            int(second or 0),
            micro,
            tzinfo=tz,
        )
    except ValueError:  # 2026-02-30, 25:00, second 60
        raise _refused(text, _A_MOMENT) from None


def parse_date(text: str) -> date:
    """The date ``YYYY-MM-DD`` written in ``text`` (surrounding blanks ignored); anything
    else raises :class:`~tthc.errors.MomentError` quoting the text.

    >>> parse_date(" 2026-11-26 ")
    datetime.date(2026, 11, 26)
    """
    raw = text.strip()
    match = _DATE.fullmatch(raw) if len(raw) <= MAX_LENGTH else None
    if match is None:
        raise _refused(text, _A_DATE)
    try:
        return date(*map(int, match.groups()))
    except ValueError:
        raise _refused(text, _A_DATE) from None
