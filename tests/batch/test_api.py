"""tthc.batch equals the per-dossier path (rules.deadline, DossierClock) on generated dossiers.

Across every unit, pauses (pause and restart), the counting-policy matrix, and a synthetic
province plugin with its own seasonal hours and a general cut-off; a plugin that counts with
its own code sends its rows the per-dossier way, and the result says how many.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tthc import hookimpl
from tthc.batch import BatchError, Pauses, add_working_days, add_working_time
from tthc.duration import Duration
from tthc.errors import CalendarError
from tthc.rules import Rules
from tthc.sla import CountingPolicy

POLICIES = [
    CountingPolicy(),
    replace(CountingPolicy(), general_cutoff=time(15, 0)),
    replace(CountingPolicy(), general_cutoff=time(16, 30), after_hours_receipt=False),
    replace(CountingPolicy(), working_days_mode="elapsed", same_day_cutoff=None),
    replace(CountingPolicy(), roll_to_working_day=False, same_day_cutoff=time(11, 0)),
    replace(CountingPolicy(), pause_mode="restart"),
    replace(CountingPolicy(), late_pause_extends=True),
    replace(
        CountingPolicy(),
        pause_mode="restart",
        late_pause_extends=True,
        after_hours_receipt=False,
        working_days_mode="elapsed",
    ),
]


class _Policy:
    def __init__(self, policy: CountingPolicy) -> None:
        self.policy = policy

    @hookimpl
    def tthc_counting_policy(self) -> CountingPolicy:
        return self.policy


class _Province:
    """A synthetic province (not a real one): seasonal hours and a 15:30 general cut-off."""

    @hookimpl
    def tthc_working_hours(self) -> object:
        from tthc.calendar import HoursPeriod, WorkingHours

        return WorkingHours(
            (
                HoursPeriod.of("07:00-11:30, 13:30-17:00", season=((5, 1), (9, 30))),
                HoursPeriod.of("07:30-12:00, 13:00-16:30"),
            )
        )

    @hookimpl
    def tthc_counting_policy(self) -> CountingPolicy:
        return replace(CountingPolicy(), general_cutoff=time(15, 30))


class _OwnCode:
    """A synthetic province that computes deadlines itself: one extra working day."""

    @hookimpl
    def tthc_deadline(
        self, received_at: datetime, duration: Duration, channel: Any, steps: Any, rules: Rules
    ) -> Any:
        from tthc.national.sla import national_deadline

        base = national_deadline(rules, received_at, duration, channel, steps)
        later = rules.calendar.end_of_working_day(
            rules.calendar.add_working_days(base.due_at.date(), 1)
        )
        return replace(base, due_at=later)


_RULES: dict[tuple[int, str], Rules] = {}


def rules_for(policy: int, kind: str) -> Rules:
    key = (policy, kind)
    if key not in _RULES:
        rules = Rules(load_entry_points=False)
        if kind == "province":
            rules.pm.register(_Province(), name="synthetic-province")
        elif kind == "own-code":
            rules.pm.register(_OwnCode(), name="synthetic-own-code")
        if kind != "province" and POLICIES[policy] != CountingPolicy():
            rules.pm.register(_Policy(POLICIES[policy]), name="synthetic-policy")
        _RULES[key] = rules
    return _RULES[key]


EDGES = [
    time(7, 0),
    time(7, 59),
    time(8, 0),
    time(11, 30),
    time(12, 0),
    time(13, 0),
    time(15, 0),
    time(15, 30),
    time(16, 30),
    time(17, 0),
    time(21, 0),
    time(0, 0),
]


@st.composite
def moments(draw: Any, start: date = date(2025, 12, 1), days: int = 420) -> datetime:
    day = start + timedelta(days=draw(st.integers(0, days)))
    if draw(st.booleans()):
        moment = draw(st.sampled_from(EDGES))
    else:
        moment = time(draw(st.integers(0, 23)), draw(st.integers(0, 59)))
    return datetime.combine(day, moment)


durations = st.one_of(
    st.builds(lambda q: Duration.of(Decimal(q) / 4, "working_days"), st.integers(0, 60)),
    st.builds(lambda h: Duration.of(h, "working_hours"), st.integers(1, 120)),
    st.builds(lambda n: Duration.of(n, "calendar_days"), st.integers(1, 60)),
    st.builds(lambda n: Duration.of(n, "months"), st.integers(1, 6)),
    st.just(Duration.of(0, "same_day")),
)


@st.composite
def dossiers(draw: Any) -> dict[str, Any]:
    received = draw(moments())
    events: list[tuple[datetime, datetime | None]] = []
    at = received
    for _ in range(draw(st.integers(0, 2))):
        start = at + timedelta(minutes=draw(st.integers(0, 6 * 24 * 60)))
        end = start + timedelta(minutes=draw(st.integers(0, 8 * 24 * 60)))
        events.append((start, end))
        at = end
    finished: datetime | None = None
    if draw(st.booleans()):
        finished = at + timedelta(minutes=draw(st.integers(0, 60 * 24 * 60)))
    elif events and draw(st.booleans()):
        events[-1] = (events[-1][0], None)  # still paused
    return {"received": received, "pauses": events, "finished": finished}


def clock_of(rules: Rules, d: dict[str, Any], what: Duration, as_of: datetime) -> Any:
    clock = rules.clock(rules.deadline(d["received"], what))
    for start, end in d["pauses"]:
        if start > as_of:
            break
        clock = clock.pause(start)
        if end is not None and end <= as_of:
            clock = clock.resume(end)
        else:
            break
    if d["finished"] is not None and d["finished"] <= as_of:
        clock = clock.finish(d["finished"])
    return clock


def naive(moment: datetime) -> np.datetime64:
    return np.datetime64(moment.replace(tzinfo=None), "us")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    policy=st.integers(0, len(POLICIES) - 1),
    kind=st.sampled_from(["national", "province", "own-code"]),
    rows=st.lists(st.tuples(dossiers(), durations), min_size=1, max_size=12),
    as_of=moments(start=date(2026, 1, 1), days=500),
    at_due=st.booleans(),
)
def test_batch_equals_the_dossier_clock(
    policy: int,
    kind: str,
    rows: list[tuple[dict[str, Any], Duration]],
    as_of: datetime,
    at_due: bool,
) -> None:
    rules = rules_for(policy, kind)
    if at_due:  # judged exactly at a due moment: the edge between open and overdue
        as_of = rules.deadline(rows[0][0]["received"], rows[0][1]).due_at.replace(tzinfo=None)
    received = [d["received"] for d, _ in rows]
    what = [w for _, w in rows]
    got = rules.deadlines(received, what)
    assert got.scalar_rows == (len(rows) if kind == "own-code" else 0)
    for i, (d, w) in enumerate(rows):
        one = rules.deadline(d["received"], w)
        assert got.effective_at[i] == naive(one.effective_at), i
        assert got.starts_at[i] == naive(one.starts_at), i
        assert got.due_at[i] == naive(one.due_at), i
        assert got.provisional[i] == one.provisional, i

    ev = rules.evaluate(
        received,
        what,
        finished_at=[d["finished"] for d, _ in rows],
        pauses=[d["pauses"] for d, _ in rows],
        as_of=as_of,
    )
    assert len(ev) == len(rows)
    # the same pauses as three columns (shuffled: they are put in order)
    flat = [(i, a, b) for i, (d, _) in enumerate(rows) for a, b in d["pauses"]][::-1]
    columns = Pauses([f[0] for f in flat], [f[1] for f in flat], [f[2] for f in flat])
    ev2 = rules.evaluate(
        received, what, finished_at=[d["finished"] for d, _ in rows], pauses=columns, as_of=as_of
    )
    assert (ev2.due_at == ev.due_at).all() and (ev2.status == ev.status).all()
    assert (ev2.remaining == ev.remaining).all()
    for i, (d, w) in enumerate(rows):
        clock = clock_of(rules, d, w, as_of)
        assert ev.due_at[i] == naive(clock.due_at), i
        assert ev.status[i] == clock.status_at(as_of), i
        late = clock.late_by
        if late is None:
            assert np.isnat(ev.late_by[i]) and np.isnan(ev.late_working_hours[i])
        else:
            assert ev.late_by[i] == np.timedelta64(late, "us"), i
            assert ev.late_working_hours[i] == late / timedelta(hours=1)
        assert ev.remaining[i] == np.timedelta64(clock.remaining(as_of), "us"), i
        assert ev.paused[i] == np.timedelta64(clock.paused_time, "us"), i
        assert ev.provisional[i] == clock.provisional, i


def test_what_as_text_and_procedures_per_row() -> None:
    from tthc.model import Case, Channel, Level, Procedure

    procedure = Procedure(
        code="9.999101",
        name="Synthetic",
        field="F1",
        levels=(Level.PROVINCE,),
        agencies=("a1",),
        processing_time=(
            Case(time=Duration.of(5, "working_days"), channel=Channel.ONLINE),
            Case(time=Duration.of(7, "working_days"), channel=Channel.IN_PERSON),
        ),
    )
    rules = rules_for(0, "national")
    received = [datetime(2026, 11, 26, 10), datetime(2026, 11, 26, 16)]
    got = rules.deadlines(received, procedure, channel=["online", "in_person"])
    for i, channel in enumerate(["online", "in_person"]):
        one = rules.deadline(received[i], procedure, channel=channel)
        assert got.due_at[i] == naive(one.due_at)
    text = rules.deadlines(received, ["3 ngày làm việc", "Trong ngày"])
    assert text.due_at[1] == naive(rules.deadline(received[1], "Trong ngày").due_at)
    with pytest.raises(BatchError, match=r"row 0: .*case"):
        rules.deadlines(received, procedure)  # two cases, no channel to choose


def test_inputs_numpy_pandas_arrow_and_aware_datetimes() -> None:
    import pandas as pd
    import pyarrow as pa

    from tthc.tz import VN_TZ

    rules = rules_for(0, "national")
    local = [datetime(2026, 11, 26, 10), datetime(2026, 11, 27, 16, 45)]
    expected = rules.deadlines(local, "3 ngày làm việc").due_at
    utc = [(m.replace(tzinfo=VN_TZ)).astimezone(pd.Timestamp(0, tz="UTC").tz) for m in local]
    for column in (
        np.array(local, dtype="datetime64[us]"),
        pd.Series(local),
        pd.Series(utc),
        pa.array(local, type=pa.timestamp("us")),
        pa.array(utc, type=pa.timestamp("us", tz="UTC")),
        pa.chunked_array([pa.array(local[:1]), pa.array(local[1:])]),
        utc,
    ):
        assert (rules.deadlines(column, "3 ngày làm việc").due_at == expected).all(), column
    frame = rules.deadlines(local, "3 ngày làm việc").to_pandas()
    assert str(frame["due_at"].dt.tz) == "Asia/Ho_Chi_Minh"
    assert frame["due_at"][0] == pd.Timestamp("2026-12-01 17:00", tz="Asia/Ho_Chi_Minh")
    table = rules.deadlines(local, "3 ngày làm việc").to_arrow()
    assert table.schema.field("due_at").type == pa.timestamp("us", tz="Asia/Ho_Chi_Minh")


def test_bad_columns_are_named() -> None:
    rules = rules_for(0, "national")
    with pytest.raises(BatchError, match=r"received_at\[1\]: the moment is missing"):
        rules.deadlines([datetime(2026, 1, 5), None], "3 ngày làm việc")
    with pytest.raises(BatchError, match=r"received_at\[0\]: 1990-01-01.* outside"):
        rules.deadlines([datetime(1990, 1, 1)], "3 ngày làm việc")
    with pytest.raises(BatchError, match="what: 2 values for 1 rows"):
        rules.deadlines([datetime(2026, 1, 5)], ["1 ngày làm việc", "2 ngày làm việc"])
    with pytest.raises(BatchError, match=r"pauses\[0\]: out of order"):
        rules.evaluate(
            [datetime(2026, 1, 5)],
            "3 ngày làm việc",
            pauses=[[(datetime(2026, 1, 4), datetime(2026, 1, 6))]],
            as_of=datetime(2026, 2, 1),
        )


@settings(max_examples=40, deadline=None)
@example(days=[date(1995, 1, 1)], n=-1, at=[datetime(1995, 1, 2, 8)], minutes=0)
@given(
    # From March 1995: 30 working days back from an earlier day leaves the calendar (1995-),
    # which both engines refuse alike.
    days=st.lists(st.dates(date(1995, 3, 1), date(2035, 6, 30)), min_size=1, max_size=20),
    n=st.integers(-30, 30),
    at=st.lists(moments(start=date(1995, 1, 2), days=14000), min_size=1, max_size=10),
    minutes=st.integers(0, 20 * 8 * 60),
)
def test_calendar_arrays_equal_the_calendar(
    days: list[date], n: int, at: list[datetime], minutes: int
) -> None:
    calendar = rules_for(0, "province").calendar
    try:
        expected_days = [calendar.add_working_days(d, n) for d in days]
    except CalendarError:
        # A result before the calendar's first working day (1995-01-01 - 1 working day) is
        # refused by both, as BatchError by the arrays.
        with pytest.raises(BatchError, match="n: a result falls outside the working calendar"):
            add_working_days(calendar, days, n)
    else:
        got = add_working_days(calendar, days, n)
        assert [d.astype(date) for d in got] == expected_days
    delta = timedelta(minutes=minutes)
    moved = add_working_time(calendar, at, delta)
    expected = [calendar.add_working_time(m, delta).replace(tzinfo=None) for m in at]
    assert [m.astype(datetime) for m in moved] == expected
