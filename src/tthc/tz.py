"""Vietnam time (giờ Việt Nam): the zone every moment of tthc is in.

Times are timezone-aware in Asia/Ho_Chi_Minh (:data:`VN_TZ`); a naive datetime is read as
local time, an aware one in another zone is converted (:func:`as_local`). The calendar,
the deadlines and the report all read moments through here.
"""

from __future__ import annotations

from contextlib import suppress
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from tthc.errors import CalendarError
from tthc.i18n import Text

#: Vietnam's time zone. Every moment tthc returns is aware in this zone.
VN_TZ = ZoneInfo("Asia/Ho_Chi_Minh")

#: UTC+07:00, the offset of Vietnam time in every year the calendar covers.
_SEVEN = timedelta(hours=7)
_UTC7 = timezone(_SEVEN)
#: The last year in which the zone database gives Vietnam another offset than +07:00
#: (+08:00 until 13 June 1975).
_LAST_OTHER_OFFSET = 1975


def quote_moment(moment: datetime, *, sep: str = "T", timespec: str = "auto") -> str:
    """A moment as messages quote it: ISO 8601, a naive one as given, an aware one as
    :func:`as_local` puts it (always at +07:00, never at an older offset of the zone database).

    A moment Vietnam time cannot hold (year 1 at +08:00 is in year 0 at +07:00) is quoted as
    it is rather than failing, since the message is about that moment.
    """
    if moment.utcoffset() is not None:
        with suppress(CalendarError):
            moment = as_local(moment)
    return moment.isoformat(sep, timespec)


def as_local(moment: datetime) -> datetime:
    """``moment`` as an aware datetime in Vietnam time (:data:`VN_TZ`), always at +07:00.

    A naive datetime, or one already in :data:`VN_TZ`, is a wall-clock time in Vietnam: its
    date and time are kept. An aware one in another zone is converted (the same instant).
    Raises :class:`~tthc.errors.CalendarError` for anything but a datetime, or a moment
    with no date in Vietnam time.

    Vietnam time is +07:00, as in every year the calendar covers. Where the zone database
    says otherwise (local mean time +07:06:30 before 1911; +08:00, and +09:00 in 1945, at
    times until June 1975), the result is the same wall-clock time, or for another zone the
    same instant, at a fixed +07:00 instead: ``1800-01-02 08:00``, naive or in
    :data:`VN_TZ`, gives ``08:00+07:00``, and ``1960-06-01 05:00 UTC`` gives
    ``12:00+07:00``. Such moments are outside the calendar anyway; this keeps their errors
    quoting them as typed, and keeps :data:`VN_TZ` meaning what the calendar's own
    arithmetic takes it to mean (wall-clock Vietnam time).
    """
    tz = moment.tzinfo if isinstance(moment, datetime) else None
    # The zone has been at +07:00 since June 1975: only older moments need the check.
    if tz is VN_TZ and moment.year > _LAST_OTHER_OFFSET:
        return moment
    if not isinstance(moment, datetime):
        raise CalendarError(
            Text(
                f"Cần một thời điểm (datetime), nhận được {moment!r}",
                f"Expected a moment (datetime), got {moment!r}",
            )
        )
    if tz is None or tz is VN_TZ or tz.utcoffset(moment) is None:
        local = moment.replace(tzinfo=VN_TZ)
        if moment.year > _LAST_OTHER_OFFSET or local.utcoffset() == _SEVEN:
            return local
        return moment.replace(tzinfo=_UTC7)
    try:
        local = moment.astimezone(VN_TZ)
        if local.year <= _LAST_OTHER_OFFSET and local.utcoffset() != _SEVEN:
            local = moment.astimezone(_UTC7)
        return local
    except OverflowError:
        # e.g. 9999-12-31 23:59 UTC is in year 10000 in Vietnam: not a datetime at all.
        raise CalendarError(
            Text(
                f"Thời điểm {moment.isoformat()} đổi sang giờ Việt Nam nằm ngoài phạm vi ngày",
                f"The moment {moment.isoformat()} in Vietnam time is outside the range of dates",
            )
        ) from None


__all__ = ["VN_TZ", "as_local", "quote_moment"]
