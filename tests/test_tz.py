"""Vietnam time: reading moments (as_local) and quoting them (quote_moment)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

from tthc.errors import CalendarError
from tthc.tz import VN_TZ, as_local, quote_moment

UTC7 = timezone(timedelta(hours=7))


def local(*args: Any) -> datetime:
    return datetime(*args, tzinfo=VN_TZ)


def test_as_local_naive_is_local_time() -> None:
    moment = as_local(datetime(2026, 11, 26, 10, 0))
    assert moment.tzinfo is VN_TZ
    assert moment.hour == 10
    assert moment.utcoffset() == timedelta(hours=7)


def test_as_local_converts_other_zones() -> None:
    moment = as_local(datetime(2026, 11, 26, 3, 0, tzinfo=timezone.utc))
    assert (moment.hour, moment.tzinfo) == (10, VN_TZ)


def test_as_local_rejects_non_datetime() -> None:
    with pytest.raises(CalendarError, match="Expected a moment"):
        as_local("2026-11-26")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "moment",
    [
        datetime(9999, 12, 31, 23, 59, tzinfo=timezone.utc),
        datetime(1, 1, 1, 0, 0, tzinfo=timezone(timedelta(hours=8))),
    ],
)
def test_as_local_of_a_moment_vietnam_time_cannot_hold_is_a_calendar_error(
    moment: datetime,
) -> None:
    # Converting to +07:00 overflows datetime: a clean error quoting the moment.
    with pytest.raises(CalendarError, match="outside the range of dates") as info:
        as_local(moment)
    assert moment.isoformat() in str(info.value)


@pytest.mark.parametrize(
    "moment",
    [
        datetime(1800, 1, 2, 8, 0),
        datetime(1800, 1, 2, 8, 0, tzinfo=UTC7),
        datetime(1800, 1, 2, 1, 0, tzinfo=timezone.utc),
        datetime(1960, 6, 1, 8, 0),
        datetime(1960, 6, 1, 8, 0, tzinfo=UTC7),
    ],
)
def test_as_local_keeps_vietnam_time_at_seven_hours_long_ago(moment: datetime) -> None:
    # The zone database's local mean time and wartime +08:00 are not tthc's Vietnam time.
    local_moment = as_local(moment)
    assert local_moment.utcoffset() == timedelta(hours=7)
    assert (local_moment.hour, local_moment.minute) == (8, 0)
    if moment.tzinfo is not None:
        assert local_moment == moment  # the same instant


def test_quote_moment() -> None:
    assert quote_moment(local(2026, 11, 26, 10)) == "2026-11-26T10:00:00+07:00"
    assert quote_moment(datetime(2026, 11, 26, 10)) == "2026-11-26T10:00:00"
    assert quote_moment(datetime(2026, 11, 26, 3, tzinfo=timezone.utc)) == (
        "2026-11-26T10:00:00+07:00"
    )
    # An aware moment is quoted as as_local puts it: a moment in Vietnam time by its wall
    # clock, at +07:00 rather than the zone database's local mean time or wartime +08:00.
    lmt = local(1800, 1, 2, 8, 0)
    assert lmt.utcoffset() == timedelta(hours=7, minutes=6, seconds=30)  # local mean time
    assert quote_moment(lmt, sep=" ", timespec="minutes") == "1800-01-02 08:00+07:00"
    assert local(1960, 6, 1, 13).utcoffset() == timedelta(hours=8)
    assert quote_moment(local(1960, 6, 1, 13)) == "1960-06-01T13:00:00+07:00"
    # Another zone: the same instant at +07:00.
    assert quote_moment(datetime(1960, 6, 1, 5, tzinfo=timezone.utc)) == (
        "1960-06-01T12:00:00+07:00"
    )
    # No +07:00 date exists for this one: quoted as it is rather than failing.
    edge = datetime(1, 1, 1, 0, 0, tzinfo=timezone(timedelta(hours=8)))
    assert quote_moment(edge) == "0001-01-01T00:00:00+08:00"


@pytest.mark.parametrize(
    ("year", "month", "zone_offset"),
    [
        (1800, 1, timedelta(hours=7, minutes=6, seconds=30)),  # local mean time
        (1945, 6, timedelta(hours=9)),
        (1960, 6, timedelta(hours=8)),
        (1975, 6, timedelta(hours=8)),  # +08:00 until 13 June 1975
    ],
)
def test_as_local_reads_naive_and_vietnam_time_moments_alike_long_ago(
    year: int, month: int, zone_offset: timedelta
) -> None:
    # One rule: a naive moment and one in VN_TZ are both wall-clock Vietnam time, at +07:00,
    # whatever older offset the zone database gives that year.
    aware = datetime(year, month, 2, 8, 0, tzinfo=VN_TZ)
    assert aware.utcoffset() == zone_offset
    for moment in (aware, datetime(year, month, 2, 8, 0)):
        local_moment = as_local(moment)
        assert local_moment.utcoffset() == timedelta(hours=7)
        assert local_moment.isoformat() == f"{year}-{month:02}-02T08:00:00+07:00"
    # From the end of June 1975 the zone is at +07:00: a VN_TZ moment stays the same.
    after = datetime(1975, 7, 2, 8, 0, tzinfo=VN_TZ)
    assert as_local(after) == after
    assert as_local(after).utcoffset() == timedelta(hours=7)
    assert as_local(datetime(1975, 7, 2, 8, 0)) == after
