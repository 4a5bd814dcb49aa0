"""Tests of tthc.timeparse: one reading of ISO 8601 on every Python."""

from __future__ import annotations

import sys
from datetime import date, datetime, timedelta, timezone

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from tthc.errors import MomentError
from tthc.timeparse import parse_date, parse_moment

VN = timezone(timedelta(hours=7))
UTC = timezone.utc
WEST = timezone(-timedelta(hours=5, minutes=30))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-11-26", datetime(2026, 11, 26)),
        ("2026-11-26 10:00", datetime(2026, 11, 26, 10)),
        ("2026-11-26T10", datetime(2026, 11, 26, 10)),
        ("2026-11-26t10:00:05", datetime(2026, 11, 26, 10, 0, 5)),
        ("2026-11-26T10:00:00+07", datetime(2026, 11, 26, 10, tzinfo=VN)),
        ("2026-11-26T10:00:00+0700", datetime(2026, 11, 26, 10, tzinfo=VN)),
        ("2026-11-26T10:00:00+07:00", datetime(2026, 11, 26, 10, tzinfo=VN)),
        ("2026-11-26T03:00:00Z", datetime(2026, 11, 26, 3, tzinfo=timezone.utc)),
        ("2026-11-26T03:00z", datetime(2026, 11, 26, 3, tzinfo=timezone.utc)),
        ("2026-11-26T03:00-05:30", datetime(2026, 11, 26, 3, tzinfo=WEST)),
        # .NET's "o" format: seven fractional digits (100 ns ticks); past microseconds dropped.
        ("2026-11-26T10:00:00.1234567+07:00", datetime(2026, 11, 26, 10, 0, 0, 123456, tzinfo=VN)),
        ("2026-11-26T10:00:00.5", datetime(2026, 11, 26, 10, 0, 0, 500000)),
        ("2026-11-26T10:00:00,25", datetime(2026, 11, 26, 10, 0, 0, 250000)),
        ("2026-11-26T10:00:00.123456789Z", datetime(2026, 11, 26, 10, 0, 0, 123456, tzinfo=UTC)),
        ("  2026-11-26 10:00 \n", datetime(2026, 11, 26, 10)),
    ],
)  # fmt: skip
def test_reads_the_forms_one_stop_systems_write(text: str, expected: datetime) -> None:
    moment = parse_moment(text)
    assert moment == expected
    assert moment.utcoffset() == expected.utcoffset()


@pytest.mark.parametrize(
    "text",
    [
        "",
        "2026-11-26T",
        "2026-W48-4T10:00",  # week date: Python 3.11 reads it, 3.10 does not
        "20261126T100000",  # basic format: the same
        "2026-11-26x10:00",  # any separator: Python reads it, ISO 8601 does not
        "2026-11-26T10:00:00.",
        "2026-11-26T10:00:00.1234567890",
        "2026-11-26T10:00+7",
        "2026-11-26T10:00+24:00",
        "2026-11-26T10:00+07:60",
        "2026-11-26+07:00",
        "2026-02-30T10:00",
        "2026-11-26T24:00",
        "2026-11-26T23:59:60",
        "2026-11-26 10:00 +07:00",
        "٢٠٢٦-11-26",  # digits of another script
        "2026-11-26T10:00:00" + "0" * 100,
    ],
)
def test_refuses_what_is_not_iso_8601_as_tthc_reads_it(text: str) -> None:
    with pytest.raises(MomentError) as info:
        parse_moment(text)
    assert info.value.message("en").startswith("cannot read the moment '")
    assert info.value.message("vi").startswith("không đọc được thời điểm '")
    assert isinstance(info.value, ValueError)  # callers that catch ValueError keep working


def test_a_long_text_is_quoted_cut() -> None:
    with pytest.raises(MomentError) as info:
        parse_moment("x" * 10_000)
    assert len(info.value.message("en")) < 200


def test_dates() -> None:
    assert parse_date(" 2026-11-26 ") == date(2026, 11, 26)
    for bad in ("20261126", "2026-W48-4", "2026-11-26T00:00", "2026-13-01"):
        with pytest.raises(MomentError, match="cannot read the date"):
            parse_date(bad)


offsets = st.one_of(
    st.none(),
    st.just(timezone.utc),
    st.builds(
        lambda minutes: timezone(timedelta(minutes=minutes)),
        st.integers(-(23 * 60 + 59), 23 * 60 + 59),
    ),
)


def _offset_text(tz: timezone | None, style: int) -> str:
    if tz is None:
        return ""
    offset = tz.utcoffset(None)
    if tz is timezone.utc and style == 0:
        return "Z"
    minutes = int(offset.total_seconds()) // 60
    sign = "-" if minutes < 0 else "+"
    hours, mins = divmod(abs(minutes), 60)
    if style == 1 and mins == 0:
        return f"{sign}{hours:02d}"
    if style == 2:
        return f"{sign}{hours:02d}{mins:02d}"
    return f"{sign}{hours:02d}:{mins:02d}"


@given(
    moment=st.datetimes(min_value=datetime(1, 1, 1), max_value=datetime(9999, 12, 31, 23, 59)),
    tz=offsets,
    digits=st.integers(0, 9),
    style=st.integers(0, 3),
    sep=st.sampled_from("T "),
)
@example(datetime(2026, 11, 26, 10), timezone(timedelta(hours=7)), 7, 1, "T")
def test_every_written_form_reads_back(
    moment: datetime, tz: timezone | None, digits: int, style: int, sep: str
) -> None:
    """A moment written with any offset style and 0 to 9 fractional digits reads back, the
    fraction cut (not rounded) to microseconds, as Python 3.11's own reader does."""
    fraction = f"{moment.microsecond:06d}{moment.microsecond % 1000:03d}"[:digits]
    m = moment
    text = f"{m.year:04d}-{m.month:02d}-{m.day:02d}{sep}{m.hour:02d}:{m.minute:02d}:{m.second:02d}"
    if digits:
        text += "." + fraction
    text += _offset_text(tz, style)
    expected_micro = int((fraction + "000000")[:6]) if digits else 0
    parsed = parse_moment(text)
    assert parsed == moment.replace(microsecond=expected_micro, tzinfo=tz)
    assert parsed.utcoffset() == (None if tz is None else tz.utcoffset(None))
    if sys.version_info >= (3, 11):  # where Python's own reader takes these forms, we agree
        assert datetime.fromisoformat(text) == parsed


@given(st.text(max_size=40))
def test_any_text_reads_or_raises_moment_error(text: str) -> None:
    try:
        parsed = parse_moment(text)
    except MomentError:
        return
    assert isinstance(parsed, datetime)
    assert parse_moment(parsed.isoformat()) == parsed  # what it read, it writes back
