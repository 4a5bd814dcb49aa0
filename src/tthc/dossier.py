"""One dossier's answer (hồ sơ): reading its moments, its clock and the JSON object
``tthc due --format json`` prints, which ``tthc due --batch`` and the service give too.

The dossier as a JSON request (the object of ``tthc due --batch`` lines and of
``POST /v1/deadlines``) is :mod:`tthc.dossierjson`; this module needs no pydantic, so that a
single ``tthc due`` starts fast.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from tthc.i18n import Lang, Text

if TYPE_CHECKING:
    from tthc.calendar import WorkingCalendar
    from tthc.errors import TthcError
    from tthc.rules import Rules
    from tthc.sla import Deadline, DossierClock

__all__ = ["clock_of", "in_calendar", "read_moment", "result", "working_time_words"]


# -- reading moments -----------------------------------------------------------------------


def _bad(vi: str, en: str) -> TthcError:
    from tthc.sla import DeadlineError

    return DeadlineError(Text(vi, en))


def read_moment(text: str, option: str) -> datetime:
    """An ISO 8601 moment (naive or aware), read but not yet checked against the calendar:
    a DeadlineError naming ``option`` (``--received``, ``received_at``) and quoting ``text``
    when it is not ISO 8601. Needs no calendar, so bad input is refused before one is built.
    """
    from tthc.timeparse import parse_moment

    try:
        return parse_moment(text)
    except ValueError:
        raise _bad(
            f"{option}: không đọc được thời điểm {text!r}; dùng ISO 8601, "
            "ví dụ 2026-11-26 10:00 hoặc 2026-11-26T10:00+07:00",
            f"{option}: cannot read the moment {text!r}; use ISO 8601, "
            "e.g. 2026-11-26 10:00 or 2026-11-26T10:00+07:00",
        ) from None


def in_calendar(text: str, given: datetime, option: str, calendar: WorkingCalendar) -> datetime:
    """``given`` (read from ``text``) in Vietnam time, checked to lie in the calendar's years.

    Outside them: a DeadlineError that names the option and quotes ``text`` as the user
    typed it (with the moment in Vietnam time when it was given in another zone), never as
    converted.
    """
    from tthc.calendar import as_local, quote_moment
    from tthc.errors import CalendarError

    try:
        moment = as_local(given)
    except CalendarError:  # no date at all in Vietnam time (year 10000)
        moment = None
    years = f"{calendar.first_year}-{calendar.last_year}"
    if moment is None or not calendar.first_year <= moment.year <= calendar.last_year:
        offset = given.utcoffset()
        local = (
            f" ({quote_moment(moment)})"
            if moment is not None and offset is not None and offset != timedelta(hours=7)
            else ""
        )
        raise _bad(
            f"{option}: {text!r}{local} nằm ngoài lịch làm việc ({years})",
            f"{option}: {text!r}{local} is outside the working calendar ({years})",
        )
    return moment


# -- the answer ----------------------------------------------------------------------------


def clock_of(
    rules: Rules,
    deadline: Deadline,
    pauses: Sequence[tuple[datetime, datetime | None]],
    finished: datetime | None,
) -> DossierClock | None:
    """The dossier clock after ``pauses`` and ``finished``; ``None`` when there is neither."""
    if not pauses and finished is None:
        return None
    clock = rules.clock(deadline)
    for start, end in pauses:
        clock = clock.pause(start)
        if end is not None:
            clock = clock.resume(end)
    if finished is not None:
        clock = clock.finish(finished)
    return clock


def result(deadline: Deadline, clock: DossierClock | None, lang: Lang) -> dict[str, Any]:
    """The JSON object ``tthc due --format json`` prints (and the service answers)."""
    out = deadline.to_dict(lang)
    if clock is None:
        return out
    out.update(clock.to_dict(lang))  # due_at after pauses, status, lateness, events
    out.update(
        {
            "original_due_at": deadline.due_at.isoformat(),
            # the deadline's years include its steps', the clock's the moved due moment's
            "provisional": deadline.provisional or clock.provisional,
            "provisional_years": sorted(
                set(deadline.provisional_years) | set(clock.provisional_years)
            ),
            "provisional_days": [
                day.isoformat()
                for day in sorted(set(deadline.provisional_days) | set(clock.provisional_days))
            ],
            "paused": clock.paused,
            # ISO 8601 above is for machines; the same amounts in words, in ``lang``
            "paused_time_text": working_time_words(clock.paused_time)(lang),
            "late_by_text": None
            if clock.late_by is None
            else working_time_words(clock.late_by)(lang),
        }
    )
    return out


def working_time_words(amount: timedelta) -> Text:
    """Working time (thời gian làm việc) as people read it, not as ISO 8601 (``PT20H``).

    ``20 giờ làm việc`` / ``20 working hours`` (``1 working hour``); with minutes or seconds
    ``8 giờ 30 phút làm việc`` / ``8 hours 30 minutes of working time``. Hours are never
    folded into days: a working day is 8 hours of the calendar, not 24 (the text output adds
    the working days beside it).
    """
    from tthc.calendar import working_time_text

    words = working_time_text(amount)
    if amount and amount % timedelta(hours=1) == timedelta(0):
        hours = abs(amount) // timedelta(hours=1)
        sign = "-" if amount < timedelta(0) else ""
        return Text(
            f"{words.vi} làm việc", f"{sign}{hours} working hour{'' if hours == 1 else 's'}"
        )
    return Text(f"{words.vi} làm việc", f"{words.en} of working time")
