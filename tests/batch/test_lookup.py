"""tthc.batch.lookup (deadlines looked up per day and state) equals the engine's rules row by
row, and the calendar arithmetic it relies on equals the calendar's own.

The rules (:func:`tthc.batch.engine.span_rows`) are what ``rules.deadline`` is checked
against in test_api; here the lookup is checked against them on many more rows at once:
every unit, the policy matrix, uneven working days (three intervals, seasons of different
lengths: no division shortcut), cut-offs inside the lunch break, and the calendar's edge.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any
from unittest.mock import patch

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import tthc.batch.lookup
from tthc import hookimpl
from tthc.batch.lookup import lookup
from tthc.batch.spans import inside_each, span_rows
from tthc.batch.tables import DAY_US, OutsideCalendar, tables_of
from tthc.duration import Duration
from tthc.rules import Rules
from tthc.sla import CountingPolicy

POLICIES = [
    CountingPolicy(),
    replace(CountingPolicy(), general_cutoff=time(12, 15)),  # inside the lunch break
    replace(CountingPolicy(), general_cutoff=time(16, 30), after_hours_receipt=False),
    replace(CountingPolicy(), general_cutoff=time(7, 0)),  # before the opening
    replace(CountingPolicy(), working_days_mode="elapsed", same_day_cutoff=None),
    replace(CountingPolicy(), roll_to_working_day=False, same_day_cutoff=time(11, 0)),
    replace(CountingPolicy(), period_end="close", after_hours_receipt=False),
    replace(CountingPolicy(), same_day_cutoff=time(19, 0), general_cutoff=time(18, 0)),
]


class _Uneven:
    """A synthetic province (not a real one): summer days of three intervals and 7.5
    hours, winter days of 8 hours."""

    @hookimpl
    def tthc_working_hours(self) -> object:
        from tthc.calendar import HoursPeriod, WorkingHours

        return WorkingHours(
            (
                HoursPeriod.of("07:00-09:30, 10:00-11:30, 13:30-17:00", season=((5, 1), (9, 30))),
                HoursPeriod.of("07:30-12:00, 13:00-16:30"),
            )
        )


_RULES: dict[str, Rules] = {}


def calendar_of(kind: str) -> Any:
    if kind not in _RULES:
        rules = Rules(load_entry_points=False)
        if kind == "uneven":
            rules.pm.register(_Uneven(), name="synthetic-uneven")
        _RULES[kind] = rules
    return _RULES[kind].calendar


durations = st.one_of(
    st.builds(lambda q: Duration.of(Decimal(q) / 4, "working_days"), st.integers(0, 60)),
    st.builds(lambda h: Duration.of(h, "working_hours"), st.integers(1, 120)),
    st.builds(lambda n: Duration.of(n, "calendar_days"), st.integers(1, 60)),
    st.builds(lambda n: Duration.of(n, "months"), st.integers(1, 6)),
    st.just(Duration.of(0, "same_day")),
)

EDGES = [0, 7 * 60, 7 * 60 + 30, 9 * 60 + 30, 11 * 60 + 30, 12 * 60 + 15, 13 * 60, 17 * 60]


@st.composite
def minutes(draw: Any) -> int:
    """Minutes since 1995-01-01 00:00: mostly 2025-2026, some at the calendar's end."""
    if draw(st.integers(0, 9)) == 0:
        day = date(2035, 12, 31) - timedelta(days=draw(st.integers(0, 120)))
    else:
        day = date(2025, 1, 1) + timedelta(days=draw(st.integers(0, 700)))
    at = draw(st.sampled_from(EDGES)) if draw(st.booleans()) else draw(st.integers(0, 1439))
    return (day - date(1995, 1, 1)).days * 1440 + at


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    kind=st.sampled_from(["national", "uneven"]),
    policy=st.sampled_from(POLICIES),
    kinds=st.lists(durations, min_size=1, max_size=4),
    rows=st.lists(st.tuples(minutes(), st.integers(0, 3)), min_size=1, max_size=60),
    local=st.booleans(),
)
def test_lookup_equals_the_rules(
    kind: str,
    policy: CountingPolicy,
    kinds: list[Duration],
    rows: list[tuple[int, int]],
    local: bool,
) -> None:
    tables = tables_of(calendar_of(kind))
    received = np.array([m for m, _ in rows], dtype=np.int64) * 60_000_000
    g = np.array([k % len(kinds) for _, k in rows], dtype=np.int64)
    eff, starts, due, outside = span_rows(tables, policy, received, g, kinds)
    origin = tables.epoch_us if local else 0  # in local time since 1970, or the tables' own
    got = lookup(tables, policy, received + origin, g, kinds, origin)
    assert got.bad.tolist() == np.flatnonzero(outside).tolist()
    ok = ~outside
    assert (got.effective[ok] - origin == eff[ok]).all()
    assert (got.starts[ok] - origin == starts[ok]).all()
    assert (got.due[ok] - origin == due[ok]).all()
    assert (got.provisional[ok] == tables.unsure(received, due)[ok]).all()
    with patch.object(tthc.batch.lookup, "_CHUNK", 7):  # rows worked on a slice at a time
        sliced = lookup(tables, policy, received + origin, g, kinds, origin)
    assert sliced.bad.tolist() == got.bad.tolist()
    for a, b in ((sliced.effective, got.effective), (sliced.starts, got.starts)):
        assert (a == b).all()
    assert (sliced.due == got.due).all() and (sliced.provisional == got.provisional).all()


def test_too_many_cells_count_row_by_row(monkeypatch: Any) -> None:
    tables = tables_of(calendar_of("uneven"))
    rng = np.random.default_rng(766)
    received = rng.integers(0, 40 * 365 * 1440, 500) * 60_000_000  # over four decades
    kinds = [Duration.of(k, unit) for k in (1, 3) for unit in ("working_days", "months")]
    g = rng.integers(0, len(kinds), received.size)
    policy = POLICIES[1]
    whole = lookup(tables, policy, received, g, kinds)
    monkeypatch.setattr(tthc.batch.lookup, "_MAX_CELLS", 0)
    rows = lookup(tables, policy, received, g, kinds)
    assert whole.bad.tolist() == rows.bad.tolist()
    for a, b in ((whole.effective, rows.effective), (whole.starts, rows.starts)):
        assert (a == b).all()
    assert (whole.due == rows.due).all() and (whole.provisional == rows.provisional).all()


def test_lookup_refuses_a_moment_outside_the_calendar() -> None:
    tables = tables_of(calendar_of("national"))
    five = [Duration.of(5, "working_days")]
    for moment in (-1, tables.n * DAY_US):
        try:
            lookup(tables, CountingPolicy(), np.array([0, moment]), np.zeros(2, np.int64), five)
        except OutsideCalendar:
            continue
        raise AssertionError(moment)


@settings(max_examples=60, deadline=None)
@given(
    kind=st.sampled_from(["national", "uneven"]),
    at=st.lists(st.integers(0, 41 * 365 * 1440), min_size=1, max_size=30),
    minutes_to_add=st.lists(st.integers(0, 30 * 8 * 60), min_size=1, max_size=30),
)
def test_add_time_equals_the_calendar(kind: str, at: list[int], minutes_to_add: list[int]) -> None:
    calendar = calendar_of(kind)
    tables = tables_of(calendar)
    size = min(len(at), len(minutes_to_add))
    t = np.array(at[:size], dtype=np.int64) * 60_000_000
    delta = np.array(minutes_to_add[:size], dtype=np.int64) * 60_000_000
    (got,), outside = inside_each(lambda pos: (tables.add_time(t[pos], delta[pos]),), size)
    for n in range(size):
        moment = tables.to_datetime(int(t[n]))
        try:
            expected = calendar.add_working_time(moment, timedelta(microseconds=int(delta[n])))
        except Exception:  # past the calendar's last year
            assert outside[n]
            continue
        assert not outside[n]
        assert tables.to_datetime(int(got[n])) == expected.replace(tzinfo=None), n


def test_inside_each_finds_the_rows_past_the_calendar() -> None:
    values = np.arange(1000, dtype=np.int64)
    past = {3, 500, 501, 999}

    def doubled(pos: Any) -> tuple[Any, ...]:
        if past & set(values[pos].tolist()):
            raise OutsideCalendar()
        return (values[pos] * 2,)

    (got,), outside = inside_each(doubled, values.size)
    assert np.flatnonzero(outside).tolist() == sorted(past)
    keep = ~outside
    assert (got[keep] == values[keep] * 2).all() and (got[outside] == 0).all()
    (none,), everything = inside_each(doubled, 0)
    assert not none.size and not everything.size
    (zeros,), all_past = inside_each(lambda pos: doubled(np.arange(4)[pos] * 0 + 3), 4)
    assert all_past.all() and not zeros.any()


def test_uneven_days_take_the_searching_path() -> None:
    # the division shortcut is only for calendars whose working days are all alike
    assert not tables_of(calendar_of("uneven"))._uniform
    assert tables_of(calendar_of("national"))._uniform
    one = datetime(2026, 6, 1, 9, 0)  # a summer Monday: 07:00-09:30, 10:00-11:30, 13:30-17:00
    calendar = calendar_of("uneven")
    tables = tables_of(calendar)
    t = np.array([tables.to_us(one)], dtype=np.int64)
    moved = tables.add_time(t, np.array([3 * 3_600_000_000]))
    assert tables.to_datetime(int(moved[0])) == datetime(2026, 6, 1, 14, 30)
