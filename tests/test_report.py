"""Tests of tthc.report: statuses, Decision 766 rates, bad rows, the fast engine."""

from __future__ import annotations

import csv
import errno
import io
import json
import os
import random
from collections import Counter
from dataclasses import fields, replace
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path

import numpy as np
import pytest

import tthc
from tthc import hookimpl
from tthc.batch.tables import tables_of as _tables
from tthc.calendar import VN_TZ
from tthc.duration import Duration
from tthc.model import Case, Channel, Level, Procedure
from tthc.report import (
    STATUSES,
    DossierRecord,
    ReportError,
    evaluate,
    fast_engine_applies,
    on_time_report,
    parse_channel,
    parse_record,
    read_rows,
    render,
)
from tthc.report.evaluate import _Chunk, _compute_exact, _compute_fast, _Groups
from tthc.rules import Rules
from tthc.sla import CountingPolicy


def proc(
    code: str, *cases: Case, field: str = "F1", agencies: tuple[str, ...] = ("a1",)
) -> Procedure:
    """A synthetic procedure (9.999xxx codes are not real)."""
    return Procedure(
        code=code,
        name=f"Synthetic {code}",
        field=field,
        levels=(Level.PROVINCE,),
        agencies=agencies,
        processing_time=cases,
    )


def time_of(value: str, unit: str, name: str | None = None, channel: str | None = None) -> Case:
    return Case(
        name=name,
        channel=Channel(channel) if channel else None,
        time=Duration.of(value, unit),
    )


# Synthetic catalog covering every unit; 9.999002 has a legal and a committed time.
CATALOG = [
    proc("9.999001", time_of("3", "working_days")),
    proc(
        "9.999002",
        Case(time=Duration.of(5, "working_days"), committed=Duration.of("2.5", "working_days")),
        field="F2",
    ),
    proc("9.999003", time_of("24", "working_hours"), agencies=("a1", "a2")),
    proc("9.999004", time_of("15", "calendar_days"), field="F2", agencies=()),
    proc("9.999005", time_of("2", "months")),
    proc(
        "9.999006",
        time_of("0", "same_day", name="bản sao"),
        time_of("2", "working_days", name="bản dịch"),
    ),
    proc(
        "9.999007",
        time_of("5", "working_days", channel="online"),
        time_of("7", "working_days", channel="in_person"),
    ),
]
CASES = {"9.999006": ["bản sao", "bản dịch"], "9.999007": []}
CHANNELS = {"9.999007": ["online", "in_person"]}


def _moment(rng: random.Random) -> datetime:
    """A local moment in late 2025 - 2026, often near the edges of working time."""
    day = date(2025, 11, 1) + timedelta(days=rng.randrange(420))
    edge = rng.choice(
        [
            time(7, 59),
            time(8, 0),
            time(11, 59, 59),
            time(12, 0),
            time(12, 30),
            time(13, 0),
            time(14, 59),
            time(15, 0),
            time(16, 59),
            time(17, 0),
            time(17, 1),
            time(21, 0),
        ]
    )
    if rng.random() < 0.5:
        edge = time(rng.randrange(24), rng.randrange(60), rng.randrange(60))
    return datetime.combine(day, edge)


def generate(rng: random.Random, n: int, pauses: bool = True) -> list[dict[str, str]]:
    rows = []
    for k in range(n):
        procedure = rng.choice(CATALOG)
        received = _moment(rng)
        finished: datetime | None = received + timedelta(
            seconds=rng.randrange(0, 40 * 86_400) if rng.random() < 0.9 else 0
        )
        pause_text = ""
        if pauses and rng.random() < 0.3:
            a = received + timedelta(seconds=rng.randrange(3 * 86_400))
            b = a + timedelta(seconds=rng.randrange(4 * 86_400))
            assert finished is not None
            finished = max(finished, b + timedelta(hours=rng.randrange(48)))
            pause_text = f"{a.isoformat()}/{b.isoformat()}"
            if rng.random() < 0.3:
                c = b + timedelta(hours=rng.randrange(1, 30))
                pause_text += f";{c.isoformat()}/"
                finished = None
        if finished is not None and rng.random() < 0.1:
            finished = None
        row = {
            "dossier_id": f"HS{k}",
            "procedure_code": procedure.code,
            "received_at": received.isoformat() + ("+07:00" if rng.random() < 0.5 else ""),
            "finished_at": finished.isoformat() if finished else "",
            "pauses": pause_text,
        }
        if CASES.get(procedure.code):
            row["case"] = rng.choice(CASES[procedure.code])
        if procedure.code in CHANNELS:
            row["channel"] = rng.choice(CHANNELS[procedure.code])
        rows.append(row)
    return rows


def to_csv(rows: list[dict[str, str]]) -> str:
    head = [
        "dossier_id",
        "procedure_code",
        "received_at",
        "finished_at",
        "case",
        "channel",
        "pauses",
    ]
    out = io.StringIO()
    import csv

    writer = csv.writer(out)
    writer.writerow(head)
    for row in rows:
        writer.writerow([row.get(h, "") for h in head])
    return out.getvalue()


def _chunk(rows: list[dict[str, str]], groups: _Groups, rules: Rules) -> _Chunk:
    tables = _tables(rules.calendar)
    chunk = _Chunk()
    for number, raw in enumerate(rows, start=2):
        record = parse_record(number, raw)
        pos = len(chunk)
        chunk.rows.append(number)
        chunk.group.append(groups.lookup(record.procedure_code, record.case, record.channel))
        chunk.received.append(tables.to_us(record.received_at))
        chunk.finished.append(tables.to_us(record.finished_at) if record.finished_at else -1)
        if record.pauses:
            chunk.records[pos] = record
            for a, b in record.pauses:
                chunk.pause_row.append(pos)
                chunk.pause_start.append(tables.to_us(a))
                chunk.pause_end.append(tables.to_us(b) if b else -1)
    return chunk


class _Policy:
    def __init__(self, policy: CountingPolicy) -> None:
        self.policy = policy

    @hookimpl
    def tthc_counting_policy(self) -> CountingPolicy:
        return self.policy


POLICIES = [
    CountingPolicy(),
    replace(CountingPolicy(), general_cutoff=time(15, 0)),
    replace(CountingPolicy(), working_days_mode="elapsed"),
    replace(CountingPolicy(), roll_to_working_day=False, same_day_cutoff=None),
    replace(CountingPolicy(), after_hours_receipt=False),
    # a dossier past the cut-off is received the next calendar day, not the next opening
    replace(CountingPolicy(), general_cutoff=time(15, 0), after_hours_receipt=False),
    replace(CountingPolicy(), pause_mode="restart"),
    replace(CountingPolicy(), late_pause_extends=True),
    replace(CountingPolicy(), late_pause_extends=True, pause_mode="restart"),
]


def _policy_id(policy: CountingPolicy) -> str:
    national = CountingPolicy()
    changed = [
        f"{f.name}={getattr(policy, f.name)}"
        for f in fields(policy)
        if getattr(policy, f.name) != getattr(national, f.name)
    ]
    return ",".join(changed) or "national"


def _rules_with(policy: CountingPolicy) -> Rules:
    rules = Rules(load_entry_points=False)
    if policy != CountingPolicy():
        rules.pm.register(_Policy(policy), name="synthetic-policy")
    assert rules.policy == policy
    return rules


@pytest.mark.parametrize("policy", POLICIES, ids=_policy_id)
def test_fast_engine_equals_per_dossier_path(policy: CountingPolicy) -> None:
    rules = _rules_with(policy)
    assert fast_engine_applies(rules)
    rng = random.Random(766)
    rows = generate(rng, 250)
    groups = _Groups(CATALOG)
    chunk = _chunk(rows, groups, rules)
    tables = _tables(rules.calendar)
    fast = _compute_fast(chunk, groups, tables, rules)
    exact = _compute_exact(chunk, groups, tables, rules)
    assert not fast.bad and not exact.bad
    for name in ("effective", "starts", "due", "paused", "open_pause"):
        mismatch = np.flatnonzero(getattr(fast, name) != getattr(exact, name))
        assert mismatch.size == 0, (name, [rows[i] for i in mismatch[:3]])


def test_late_pauses_matter_in_the_generated_dossiers() -> None:
    # The agreement test above runs both readings of a late supplement request on the same
    # dossiers: they must differ there, or it would not check the setting at all.
    rows = generate(random.Random(766), 250)
    groups = _Groups(CATALOG)
    due = {}
    for extends in (False, True):
        rules = _rules_with(replace(CountingPolicy(), late_pause_extends=extends))
        chunk = _chunk(rows, groups, rules)
        due[extends] = _compute_fast(chunk, groups, _tables(rules.calendar), rules).due
    assert (due[True] >= due[False]).all()  # counting more pauses never moves it earlier
    assert (due[True] > due[False]).any()


@pytest.mark.parametrize("policy", POLICIES[:1] + POLICIES[-2:], ids=_policy_id)
def test_a_row_with_many_pauses_equals_the_exact_engine(policy: CountingPolicy) -> None:
    # The pauses field has no limit: a row with thousands of pauses (some begun before the
    # due moment as it moves, most after it) next to ordinary rows.
    rules = _rules_with(policy)
    received = datetime(2026, 11, 26, 10, 0)
    starts = [received + timedelta(minutes=37 * k + 5) for k in range(2000)]
    many = ";".join(f"{a.isoformat()}/{(a + timedelta(minutes=20)).isoformat()}" for a in starts)
    finished = (starts[-1] + timedelta(hours=1)).isoformat()
    rows = generate(random.Random(1), 40)
    rows.insert(
        7,
        {
            "dossier_id": "many",
            "procedure_code": "9.999001",
            "received_at": received.isoformat(),
            "finished_at": finished,
            "pauses": many,
        },
    )
    groups = _Groups(CATALOG)
    chunk = _chunk(rows, groups, rules)
    tables = _tables(rules.calendar)
    fast = _compute_fast(chunk, groups, tables, rules)
    exact = _compute_exact(chunk, groups, tables, rules)
    assert not fast.bad and not exact.bad
    for name in ("effective", "starts", "due", "paused", "open_pause"):
        mismatch = np.flatnonzero(getattr(fast, name) != getattr(exact, name))
        assert mismatch.size == 0, (name, [rows[i]["dossier_id"] for i in mismatch[:3]])
    # 3 working days moved by the pauses in time: far past the original Tue 1 Dec 17:00
    assert tables.to_datetime(int(fast.due[7])) > datetime(2026, 12, 3, 17, 0)


@pytest.mark.parametrize("engine", ["fast", "exact"])
def test_rates_equal_an_independent_count(rules: Rules, engine: str) -> None:
    rng = random.Random(2022)
    rows = generate(rng, 300)
    date_from, date_to = date(2026, 1, 1), date(2026, 6, 30)
    as_of = datetime(2026, 7, 1)
    report = on_time_report(
        io.StringIO(to_csv(rows)),
        CATALOG,
        rules,
        date_from=date_from,
        date_to=date_to,
        engine=engine,
    )
    procedures = {p.code: p for p in CATALOG}
    expected: Counter[str] = Counter()
    months: dict[str, Counter[str]] = {}
    excluded = 0
    for number, raw in enumerate(rows, start=2):
        record = parse_record(number, raw)
        if record.received_at >= as_of or (
            record.finished_at is not None and record.finished_at < datetime(2026, 1, 1)
        ):
            excluded += 1
            continue
        status = evaluate(rules, procedures[record.procedure_code], record, as_of)
        expected[status] += 1
        when = record.finished_at if status in ("early", "on_time", "late") else as_of
        assert when is not None
        key = f"{(when - timedelta(microseconds=1)).strftime('%Y-%m')}"
        if status in ("early", "on_time", "late"):
            key = when.strftime("%Y-%m")
        months.setdefault(key, Counter())[status] += 1
    got = {name: getattr(report.overall, name) for name in STATUSES}
    assert got == {name: expected[name] for name in STATUSES}
    assert report.excluded == excluded
    assert report.rows == len(rows)
    for key, counter in months.items():
        assert {s: getattr(report.by_month[key], s) for s in STATUSES} == {
            s: counter[s] for s in STATUSES
        }
    done = sum(expected[s] for s in ("early", "on_time", "late", "overdue"))
    assert (
        report.overall.on_time_rate == Decimal(expected["early"] + expected["on_time"]) * 100 / done
    )
    assert report.overall.late_rate == Decimal(expected["late"] + expected["overdue"]) * 100 / done


def test_tables_agree_with_the_calendar(rules: Rules) -> None:
    cal = rules.calendar
    tables = _tables(cal)
    rng = random.Random(5)
    moments = [_moment(rng) for _ in range(300)]
    deltas = [rng.randrange(0, 30 * 8 * 3600) * 1_000_000 for _ in moments]
    us = np.array([tables.to_us(m) for m in moments], dtype=np.int64)
    pos = tables.position(us)
    moved = tables.add_time(us, np.array(deltas, dtype=np.int64))
    nxt = tables.next_moment(us)
    for k, moment in enumerate(moments):
        aware = moment.replace(tzinfo=VN_TZ)
        assert int(pos[k] - pos[0]) == cal.working_time_between(
            moments[0].replace(tzinfo=VN_TZ), aware
        ) // timedelta(microseconds=1)
        added = cal.add_working_time(aware, timedelta(microseconds=deltas[k]))
        assert tables.to_datetime(int(moved[k])) == added.replace(tzinfo=None)
        assert tables.to_datetime(int(nxt[k])) == cal.next_working_moment(aware).replace(
            tzinfo=None
        )


class _ProvinceDeadline:
    """A synthetic province that replaces the deadline computation wholesale."""

    @hookimpl
    def tthc_deadline(self, received_at: datetime, duration: Duration, rules: Rules) -> object:
        from tthc.national.sla import national_deadline

        deadline = national_deadline(rules, received_at, duration, None)
        return replace(deadline, due_at=deadline.due_at + timedelta(days=1))


def test_a_province_deadline_uses_the_exact_engine() -> None:
    rules = Rules(load_entry_points=False)
    rules.pm.register(_ProvinceDeadline(), name="synthetic-province")
    assert not fast_engine_applies(rules)
    data = (
        "dossier_id,procedure_code,received_at,finished_at\n"
        # 3 working days from Thu 2026-11-26 10:00: due Tue 12-01 17:00, +1 day here
        "d1,9.999001,2026-11-26T10:00:00+07:00,2026-12-02T10:00:00+07:00\n"
    )
    report = on_time_report(io.StringIO(data), CATALOG, rules, date_to=date(2026, 12, 31))
    assert report.engine == "exact"
    assert report.overall.on_time == 1
    national = on_time_report(
        io.StringIO(data), CATALOG, Rules(load_entry_points=False), date_to=date(2026, 12, 31)
    )
    assert national.engine == "fast" and national.overall.late == 1


# -- worked examples ------------------------------------------------------------------

EXAMPLE = """dossier_id,procedure_code,received_at,finished_at,pauses
d1,9.999001,2026-11-26T10:00:00+07:00,2026-12-01T16:00:00+07:00,
d2,9.999001,2026-11-26T10:00:00+07:00,2026-12-01T17:00:01+07:00,
d3,9.999001,2026-11-26T10:00:00+07:00,2026-11-30T12:00:00+07:00,
d4,9.999001,2026-11-26T10:00:00+07:00,,
d5,9.999001,2026-11-26T10:00:00+07:00,2026-12-02T10:00:00+07:00,2026-11-27T08:00/2026-11-27T17:00
d6,9.999001,2026-12-30T10:00:00+07:00,,
d7,9.999001,2026-10-01T10:00:00+07:00,2026-10-02T10:00:00+07:00,
"""


def test_worked_example_statuses(rules: Rules) -> None:
    # 3 working days from Thu 2026-11-26 10:00 are due Tue 2026-12-01 17:00 (domain notes)
    report = on_time_report(
        io.StringIO(EXAMPLE),
        CATALOG,
        rules,
        date_from=date(2026, 11, 1),
        date_to=date(2026, 12, 31),
    )
    o = report.overall
    # d1 on time, d2 late (one second after), d3 early, d4 overdue at the end of December,
    # d5 paused one working day: due Wed 12-02 17:00, on time; d6 open, not yet due;
    # d7 finished before the period: excluded
    assert (o.early, o.on_time, o.late, o.overdue, o.open) == (1, 2, 1, 1, 1)
    assert report.excluded == 1
    assert o.on_time_rate == Decimal(60) and o.late_rate == Decimal(40)
    stats = report.procedures[("9.999001", None, "working_days")]
    # processing: d1 Thu 10:00 -> Tue 16:00 = 6+8+8+7 h = 29 h; d2 (17:00:01 is after
    # hours) 30 h; d3 Thu 10:00 -> Mon 12:00 = 18 h; d5 Thu 10:00 -> Wed 10:00 = 32 h less
    # the 8 h paused = 24 h: 101 h over 4 dossiers = 3.15625 working days
    assert stats.finished == 4
    assert stats.average == Decimal("3.15625")
    assert report.by_month["2026-12"].late == 1 and report.by_month["2026-11"].early == 1
    assert report.by_field["F1"].total == 6
    assert report.by_agency["a1"].total == 6


def test_open_dossiers_are_judged_at_the_end_of_the_period(rules: Rules) -> None:
    data = "dossier_id,procedure_code,received_at,finished_at\nd4,9.999001,2026-11-26T10:00,\n"
    before_due = on_time_report(io.StringIO(data), CATALOG, rules, date_to=date(2026, 11, 30))
    assert before_due.overall.open == 1 and before_due.overall.on_time_rate is None
    # due Tue 12-01 17:00: at the end of 12-01 the due moment has passed, unfinished: overdue
    # (as a finish at 17:30 that day is late), although no working time passed since 17:00
    on_day = on_time_report(io.StringIO(data), CATALOG, rules, date_to=date(2026, 12, 1))
    assert on_day.overall.overdue == 1 and on_day.overall.open == 0
    after = on_time_report(io.StringIO(data), CATALOG, rules, date_to=date(2026, 12, 2))
    assert after.overall.overdue == 1 and after.overall.late_rate == Decimal(100)
    # a dossier finished after the period is open at its end
    late_finish = data.replace(",\n", ",2026-12-20T10:00\n")
    assert (
        on_time_report(
            io.StringIO(late_finish), CATALOG, rules, date_to=date(2026, 12, 2)
        ).overall.overdue
        == 1
    )
    # received after the period: not counted
    none = on_time_report(io.StringIO(data), CATALOG, rules, date_to=date(2026, 11, 1))
    assert none.overall.total == 0 and none.excluded == 1


def test_due_on_friday_period_ending_on_sunday_is_overdue(rules: Rules) -> None:
    # received Mon 2026-11-23 10:00, 3 working days (Tue 11-24 is Vietnam Culture Day, off):
    # due Fri 11-27 17:00; the period ends on
    # Sunday 11-29 with nothing of working time after the due moment, yet it is overdue
    data = HEAD + "d1,9.999001,2026-11-23T10:00,\n"
    report = on_time_report(io.StringIO(data), CATALOG, rules, date_to=date(2026, 11, 29))
    assert report.overall.overdue == 1
    assert evaluate(
        rules, CATALOG[0], parse_record(2, read_rows_one(data)), datetime(2026, 11, 30)
    ) == ("overdue")


def read_rows_one(data: str) -> dict[str, str]:
    return next(read_rows(io.StringIO(data)))[1]


@pytest.mark.parametrize("engine", ["fast", "exact"])
@pytest.mark.parametrize(
    ("pauses", "expected"),
    [
        # a pause after the period does not move the due moment as seen at the period end
        ("2026-12-07T08:00/2026-12-18T17:00", "overdue"),
        # a pause spanning the period end, begun after the due moment: overdue when it began
        ("2026-12-03T08:00/2026-12-10T17:00", "overdue"),
        # a pause spanning the period end, begun before the due moment: the clock is stopped
        ("2026-11-30T08:00/2026-12-10T17:00", "open"),
    ],
)
def test_pauses_after_the_period_end_do_not_count(
    rules: Rules, engine: str, pauses: str, expected: str
) -> None:
    # 3 working days from Thu 2026-11-26 10:00: due Tue 12-01 17:00; period ends 12-04;
    # finished 12-21, after the period, so it is judged open at the end of 12-04
    data = (
        HEAD.replace("\n", ",pauses\n")
        + f"d1,9.999001,2026-11-26T10:00,2026-12-21T10:00,{pauses}\n"
    )
    report = on_time_report(
        io.StringIO(data), CATALOG, rules, date_to=date(2026, 12, 4), engine=engine
    )
    assert getattr(report.overall, expected) == 1, report.overall
    record = parse_record(2, read_rows_one(data))
    assert evaluate(rules, CATALOG[0], record, datetime(2026, 12, 5)) == expected


@pytest.mark.parametrize("engine", ["fast", "exact"])
@pytest.mark.parametrize(
    ("pauses", "finished", "expected"),
    [
        # asked at 17:30 on the due day, when already late: gives no time back (counted,
        # it would move the due moment to Wed 17:00, on time)
        ("2026-12-01T17:30/2026-12-02T17:00", "2026-12-02T17:00", "late"),
        # asked at 16:00, before the due moment: 10 working hours back, due Thu 10:00
        ("2026-12-01T16:00/2026-12-03T09:00", "2026-12-03T09:30", "on_time"),
        # the first pause moves the due moment to Wed 17:00; the second begins after the
        # first due moment but before the moved one: it counts, 8.5 hours, due Fri 08:30
        (
            "2026-12-01T16:00/2026-12-02T16:00;2026-12-02T16:30/2026-12-03T17:00",
            "2026-12-04T08:15",
            "on_time",
        ),
        # begun at 17:30, after the moved due moment: it does not (else due Thu 17:00)
        (
            "2026-12-01T16:00/2026-12-02T16:00;2026-12-02T17:30/2026-12-03T17:00",
            "2026-12-03T17:00",
            "late",
        ),
    ],
)
def test_a_pause_begun_after_the_due_moment_gives_no_time_back(
    rules: Rules, engine: str, pauses: str, finished: str, expected: str
) -> None:
    # 3 working days from Thu 2026-11-26 10:00: due Tue 12-01 17:00 (tthc.sla.DossierClock)
    data = HEAD.replace("\n", ",pauses\n") + f"d1,9.999001,2026-11-26T10:00,{finished},{pauses}\n"
    report = on_time_report(
        io.StringIO(data), CATALOG, rules, date_to=date(2026, 12, 31), engine=engine
    )
    assert getattr(report.overall, expected) == 1, report.overall
    record = parse_record(2, read_rows_one(data))
    assert evaluate(rules, CATALOG[0], record, datetime(2027, 1, 1)) == expected


@pytest.mark.parametrize("engine", ["fast", "exact"])
@pytest.mark.parametrize(
    ("pauses", "finished", "due"),
    [
        # asked at 17:30 on the due day: its 8 working hours move the due moment to Wed
        ("2026-12-01T17:30/2026-12-02T17:00", "2026-12-02T17:00", "2026-12-02T17:00"),
        # both pauses count, the second one (begun after the moved due moment) too
        (
            "2026-12-01T16:00/2026-12-02T16:00;2026-12-02T17:30/2026-12-03T17:00",
            "2026-12-03T17:00",
            "2026-12-03T17:00",
        ),
    ],
)
def test_a_late_pause_gives_time_back_when_the_policy_says_so(
    engine: str, pauses: str, finished: str, due: str
) -> None:
    # The rows of test_a_pause_begun_after_the_due_moment_gives_no_time_back that are late
    # nationally, in a province that counts every pause (late_pause_extends=True).
    rules = _rules_with(replace(CountingPolicy(), late_pause_extends=True))
    data = HEAD.replace("\n", ",pauses\n") + f"d1,9.999001,2026-11-26T10:00,{finished},{pauses}\n"
    report = on_time_report(
        io.StringIO(data), CATALOG, rules, date_to=date(2026, 12, 31), engine=engine
    )
    assert report.overall.on_time == 1, report.overall
    record = parse_record(2, read_rows_one(data))
    assert evaluate(rules, CATALOG[0], record, datetime(2027, 1, 1)) == "on_time"
    clock = rules.clock(rules.deadline(datetime(2026, 11, 26, 10), CATALOG[0]))
    for start, end in record.pauses:
        assert end is not None
        clock = clock.pause(start).resume(end)
    assert clock.due_at == datetime.fromisoformat(due).replace(tzinfo=VN_TZ)


@pytest.mark.parametrize("engine", ["fast", "exact"])
def test_a_due_moment_at_midnight_ends_the_day_before(engine: str) -> None:
    # without rolling to a working day, 15 calendar days from Fri 2026-11-27 end at the
    # midnight after Sat 12-12: a finish on that Saturday is on time, not early
    rules = Rules(load_entry_points=False)
    policy = replace(CountingPolicy(), roll_to_working_day=False)
    rules.pm.register(_Policy(policy), name="synthetic-policy")
    data = HEAD + "d1,9.999004,2026-11-27T10:00,2026-12-12T10:00\n"
    data += "d2,9.999004,2026-11-27T10:00,2026-12-11T10:00\n"
    report = on_time_report(
        io.StringIO(data), CATALOG, rules, date_to=date(2026, 12, 31), engine=engine
    )
    assert (report.overall.early, report.overall.on_time) == (1, 1)
    record = parse_record(2, read_rows_one(data))
    assert evaluate(rules, CATALOG[3], record, datetime(2027, 1, 1)) == "on_time"


def test_a_period_ending_before_it_starts_is_an_error(rules: Rules) -> None:
    with pytest.raises(ReportError, match="2026-12-01 is after the end 2026-11-30") as info:
        on_time_report(
            io.StringIO(HEAD),
            CATALOG,
            rules,
            date_from=date(2026, 12, 1),
            date_to=date(2026, 11, 30),
        )
    assert "sau ngày kết thúc 2026-11-30" in info.value.message("vi")


def test_without_to_uses_now(rules: Rules) -> None:
    data = "dossier_id,procedure_code,received_at,finished_at\nd4,9.999001,2026-11-26T10:00,\n"
    now = datetime(2026, 12, 10, 9, 0, tzinfo=VN_TZ)
    report = on_time_report(io.StringIO(data), CATALOG, rules, now=now)
    assert report.overall.overdue == 1 and report.as_of == now


def test_a_naive_now_is_vietnam_time_whatever_the_server_zone(
    rules: Rules, monkeypatch: pytest.MonkeyPatch
) -> None:
    import time as time_module

    if not hasattr(time_module, "tzset"):
        pytest.skip("no tzset on this platform")
    monkeypatch.setenv("TZ", "UTC")  # a server in UTC: astimezone() would read 16:00 as UTC
    time_module.tzset()
    try:
        data = HEAD + "d4,9.999001,2026-11-26T10:00,\n"  # 3 working days: due 1 Dec 17:00
        report = on_time_report(io.StringIO(data), CATALOG, rules, now=datetime(2026, 12, 1, 16))
        assert (report.overall.open, report.overall.overdue) == (1, 0)
        assert report.as_of == datetime(2026, 12, 1, 16, tzinfo=VN_TZ)
    finally:
        monkeypatch.delenv("TZ")
        time_module.tzset()


@pytest.mark.parametrize("engine", ["fast", "exact"])
def test_a_cutoff_without_after_hours_receipt_counts_from_the_next_calendar_day(
    engine: str,
) -> None:
    # Fri 13/03/2026 15:30, past a 15:00 cut-off: received Sat 00:00 (after-hours receipt
    # off), so the 3 working days are Mon-Wed: due Wed 18/03 17:00; Thu 19/03 is late.
    rules = _rules_with(
        replace(CountingPolicy(), general_cutoff=time(15, 0), after_hours_receipt=False)
    )
    assert rules.deadline(datetime(2026, 3, 13, 15, 30), CATALOG[0]).due_at == datetime(
        2026, 3, 18, 17, tzinfo=VN_TZ
    )
    data = HEAD + "a,9.999001,2026-03-13T15:30,2026-03-19T10:00\n"
    report = on_time_report(
        io.StringIO(data), CATALOG, rules, engine=engine, date_to=date(2026, 3, 31)
    )
    assert (report.overall.on_time, report.overall.late) == (0, 1)


@pytest.mark.parametrize("engine", ["fast", "exact"])
def test_both_engines_round_a_tiny_fraction_of_an_hour_alike(rules: Rules, engine: str) -> None:
    # Synthetic 9.999099: 0.00000000015 working hours is 0.54 µs, rounded to 1 µs by both
    # engines (the fast one truncated it to 0 and called a finish 1 µs later late).
    tiny = Procedure(
        code="9.999099",
        name="Thủ tục thử nghiệm (synthetic)",
        field="thu-nghiem",
        levels=(Level.PROVINCE,),
        processing_time=(Case(time=Duration.of("0.00000000015", "working_hours")),),
    )
    data = HEAD + "t,9.999099,2026-11-26T10:00:00,2026-11-26T10:00:00.000001\n"
    report = on_time_report(
        io.StringIO(data), [tiny], rules, engine=engine, date_to=date(2026, 12, 31)
    )
    assert (report.overall.on_time, report.overall.late) == (1, 0)


def test_average_in_own_units(rules: Rules) -> None:
    data = (
        "dossier_id,procedure_code,received_at,finished_at,case\n"
        "c1,9.999004,2026-11-26T10:00,2026-12-06T09:00,\n"  # 10 calendar days
        "c2,9.999004,2026-11-26T10:00,2026-11-30T09:00,\n"  # 4 calendar days
        "s1,9.999006,2026-11-26T14:00,2026-11-26T16:30,bản sao\n"  # 2.5 working hours
        "h1,9.999003,2026-11-26T16:00,2026-11-27T10:00,\n"  # 1 + 2 working hours
    )
    report = on_time_report(io.StringIO(data), CATALOG, rules, date_to=date(2026, 12, 31))
    cd = report.procedures[("9.999004", None, "calendar_days")]
    assert cd.average == Decimal(7) and cd.average_unit == "calendar_days"
    same = report.procedures[("9.999006", "bản sao", "same_day")]
    assert same.average == Decimal("2.5") and same.average_unit == "working_hours"
    hours = report.procedures[("9.999003", None, "working_hours")]
    assert hours.average == Decimal(3)
    assert report.by_agency["-"].total == 2  # 9.999004 has no agency
    assert report.by_agency["a2"].total == 1


def test_committed_time_is_what_is_counted(rules: Rules) -> None:
    # 9.999002: legal 5 days, committed 2.5: received Thu 10:00, due Tue 12:00
    data = (
        "dossier_id,procedure_code,received_at,finished_at\n"
        "x,9.999002,2026-11-26T10:00,2026-12-01T12:00\n"
        "y,9.999002,2026-11-26T10:00,2026-12-01T12:00:01\n"
    )
    report = on_time_report(io.StringIO(data), CATALOG, rules, date_to=date(2026, 12, 31))
    assert (report.overall.on_time, report.overall.late) == (1, 1)


@pytest.mark.parametrize(
    ("spelling", "days"),
    [
        ("Trực tuyến", 5),
        ("TRỰC TUYẾN", 5),
        ("truc tuyen", 5),
        ("Nộp trực tuyến", 5),
        ("Trực tiếp", 7),
        ("Truc  Tiep", 7),
        ("In_Person", 7),
        ("in-person", 7),
        (" online ", 5),
    ],
)
def test_channels_as_one_stop_exports_write_them(rules: Rules, spelling: str, days: int) -> None:
    # 9.999007 (synthetic) takes 5 working days online, 7 in person: received Thu
    # 2026-11-26 10:00, finished Fri 12-04 10:00 is late online (due Thu 12-03 17:00),
    # early in person (due Mon 12-07 17:00)
    row = f'd{{}},9.999007,2026-11-26 10:00,2026-12-04 10:00,"{spelling}"\n'
    data = HEAD.replace("\n", ",channel\n") + row.format(1) + row.format(2)
    report = on_time_report(io.StringIO(data), CATALOG, rules, date_to=date(2026, 12, 31))
    late = 2 if days == 5 else 0
    assert (report.overall.late, report.overall.early) == (late, 2 - late)
    record = parse_record(2, read_rows_one(data))
    assert record.channel == ("online" if days == 5 else "in_person")


@pytest.mark.parametrize("spelling", ["Bưu chính", "Dịch vụ bưu chính công ích", "BUU CHINH"])
def test_postal_spellings(spelling: str) -> None:
    assert parse_channel(spelling) == "postal"


def test_an_unknown_channel_lists_the_accepted_spellings(rules: Rules) -> None:
    data = HEAD.replace("\n", ",channel\n") + "d1,9.999007,2026-11-26 10:00,,qua mạng\n"
    with pytest.raises(ReportError) as info:
        on_time_report(io.StringIO(data), CATALOG, rules, date_to=date(2026, 12, 31))
    assert info.value.bad_rows[0].message("en") == (
        "row 2: channel 'qua mạng' is unknown; write one of: in_person (Trực tiếp, Nộp trực "
        "tiếp); online (Trực tuyến, Nộp trực tuyến, Dịch vụ công trực tuyến); postal (Bưu "
        "chính, Qua bưu chính, Dịch vụ bưu chính công ích, Qua dịch vụ bưu chính công ích, "
        "BCCI) (in any letter case, with or without diacritics)"
    )
    assert info.value.bad_rows[0].message("vi") == (
        "dòng 2: kênh 'qua mạng' không hợp lệ; ghi một trong: in_person (Trực tiếp, Nộp trực "
        "tiếp); online (Trực tuyến, Nộp trực tuyến, Dịch vụ công trực tuyến); postal (Bưu "
        "chính, Qua bưu chính, Dịch vụ bưu chính công ích, Qua dịch vụ bưu chính công ích, "
        "BCCI) (không phân biệt chữ hoa, chữ thường, có dấu hay không dấu)"
    )
    with pytest.raises(ReportError, match="channel 'qua mạng' is unknown; write one of"):
        parse_channel("qua mạng")


def test_json_lines_input(rules: Rules) -> None:
    lines = [
        {
            "dossier_id": "j1",
            "procedure_code": "9.999001",
            "received_at": "2026-11-26T03:00:00Z",
            "finished_at": "2026-12-01T16:00:00+07:00",
        },
        {
            "dossier_id": "j2",
            "procedure_code": "9.999007",
            "channel": "online",
            "received_at": "2026-11-26T10:00:00",
            "finished_at": None,
        },
    ]
    text = "\n".join(json.dumps(x) for x in lines) + "\n\n"
    # j1: 03:00Z is 10:00 local, due Tue 12-01 17:00; j2 (5 days online) due Thu 12-03
    report = on_time_report(io.StringIO(text), CATALOG, rules, date_to=date(2026, 12, 2))
    assert report.overall.on_time == 1 and report.overall.open == 1
    assert report.procedures[("9.999007", None, "working_days")].total == 1


@pytest.mark.parametrize(
    ("pauses", "status"),
    [
        (["2026-11-27 08:00/2026-11-30 08:00"], "on_time"),
        ("2026-11-27 08:00/2026-11-30 08:00", "on_time"),
        (["2026-11-27 08:00/2026-11-27 12:00", "2026-11-27 13:00/2026-11-30 08:00"], "on_time"),
        ([], "late"),
        (None, "late"),
        ("", "late"),
    ],
)
def test_json_pauses_as_a_list_an_empty_list_or_null(
    rules: Rules, pauses: object, status: str
) -> None:
    # received Thu 2026-11-26 10:00, due Tue 12-01 17:00; finished Wed 12-02 09:00 is late
    # unless a pause of Friday's working day moves the due moment to Wed 12-02 17:00
    line = {
        "dossier_id": "j1",
        "procedure_code": "9.999001",
        "received_at": "2026-11-26 10:00",
        "finished_at": "2026-12-02 09:00",
        "case": None,
        "channel": None,
        "pauses": pauses,
    }
    text = json.dumps(line, ensure_ascii=False) + "\n"
    report = on_time_report(io.StringIO(text), CATALOG, rules, date_to=date(2026, 12, 31))
    assert getattr(report.overall, status) == 1


@pytest.mark.parametrize(
    ("key", "value", "en", "vi"),
    [
        (
            "pauses",
            ["2026-11-27 08:00/2026-11-30 08:00", 5],
            'pauses: expected a list of "START/END" strings, found a number in it',
            'pauses: cần một mảng chuỗi "BẮT_ĐẦU/KẾT_THÚC", có phần tử là một số',
        ),
        (
            "pauses",
            {"start": "2026-11-27 08:00"},
            'pauses: expected a string "START/END;..." or a list of "START/END" strings, '
            "got an object",
            'pauses: cần một chuỗi "BẮT_ĐẦU/KẾT_THÚC;..." hoặc một mảng chuỗi '
            '"BẮT_ĐẦU/KẾT_THÚC", nhận được một đối tượng',
        ),
        (
            "procedure_code",
            ["9.999001"],
            "procedure_code: expected a string, got an array",
            "procedure_code: cần một chuỗi, nhận được một mảng",
        ),
        (
            "dossier_id",
            True,
            "dossier_id: expected a string, got true/false",
            "dossier_id: cần một chuỗi, nhận được true/false",
        ),
    ],
)
def test_json_values_of_the_wrong_kind_are_named_not_printed_as_python(
    rules: Rules, key: str, value: object, en: str, vi: str
) -> None:
    line = {"dossier_id": "j1", "procedure_code": "9.999001", "received_at": "2026-11-26 10:00"}
    text = json.dumps({**line, key: value}) + "\n"
    with pytest.raises(ReportError) as info:
        on_time_report(io.StringIO(text), CATALOG, rules, date_to=date(2026, 12, 31))
    [bad] = info.value.bad_rows
    assert bad.message("en") == f"row 1: cannot read: {en}"
    assert bad.message("vi") == f"dòng 1: không đọc được: {vi}"


def test_a_json_number_is_a_cell(rules: Rules) -> None:
    text = '{"dossier_id": 17, "procedure_code": "9.999001", "received_at": "2026-11-26"}\n'
    report = on_time_report(io.StringIO(text), CATALOG, rules, date_to=date(2026, 11, 26))
    assert report.overall.open == 1


# -- input as spreadsheets and exports write it ----------------------------------------

HEAD = "dossier_id,procedure_code,received_at,finished_at\n"


def test_excel_csv_bom_crlf_space_and_no_seconds(rules: Rules, tmp_path: Path) -> None:
    # Excel writes a BOM and CRLF and often "2026-11-26 10:00" (a space, no seconds)
    text = HEAD + "d1,9.999001,2026-11-26 10:00,2026-12-01 16:00\n"
    text += "d2,9.999001,2026-11-26 10:00,2026-12-01 17:30\n"
    data = ("\ufeff" + text).replace("\n", "\r\n")
    file = tmp_path / "dossiers.csv"
    file.write_bytes(data.encode("utf-8"))
    for source in (file, io.StringIO(data, newline="")):
        report = on_time_report(source, CATALOG, rules, date_to=date(2026, 12, 31))
        assert (report.overall.on_time, report.overall.late) == (1, 1), source


def test_excel_semicolons_and_trailing_empty_cells(rules: Rules) -> None:
    # Excel with a comma as decimal mark saves "CSV" with semicolons; extra empty cells
    # after the last column (a stray formatted column) are not data
    data = HEAD.replace(",", ";") + "d1;9.999001;2026-11-26 10:00;2026-12-01 16:00;;\n"
    data += "d2;9.999001;2026-11-26 10:00;2026-12-01 17:30\n"
    report = on_time_report(io.StringIO(data), CATALOG, rules, date_to=date(2026, 12, 31))
    assert (report.overall.on_time, report.overall.late) == (1, 1)
    extra = HEAD + "d1,9.999001,2026-11-26 10:00,,x\n"
    with pytest.raises(ReportError, match="row 2: cannot read: 5 columns, the header has 4"):
        on_time_report(io.StringIO(extra), CATALOG, rules, date_to=date(2026, 12, 31))


def test_tab_separated_values_are_read(rules: Rules, tmp_path: Path) -> None:
    # a TSV export, or a copy from a spreadsheet: tabs, and commas in a cell
    lines = [
        "dossier_id\tprocedure_code\treceived_at\tfinished_at\tcase",
        "d1\t9.999001\t2026-11-26 10:00\t2026-12-01 16:00\t",
        "d2\t9.999006\t2026-11-26 10:00\t2026-11-26 15:00\tbản sao, có chứng thực",
    ]
    catalog = [
        *CATALOG[:5],
        proc(
            "9.999006",
            time_of("0", "same_day", name="bản sao, có chứng thực"),
            time_of("2", "working_days", name="bản dịch"),
        ),
    ]
    file = tmp_path / "dossiers.txt"
    file.write_text("\ufeff" + "\r\n".join(lines) + "\r\n", encoding="utf-8")
    report = on_time_report(file, catalog, rules, date_to=date(2026, 12, 31))
    assert report.overall.on_time == 2
    assert report.procedures[("9.999006", "bản sao, có chứng thực", "same_day")].on_time == 1
    # a tab-separated header without a required column names the columns it has
    with pytest.raises(ReportError) as info:
        on_time_report(io.StringIO("dossier_id\tcode\treceived_at\n"), CATALOG, rules)
    assert info.value.message("en") == (
        "The header row lacks the columns: procedure_code (found: dossier_id, code, received_at)"
    )


def test_a_json_array_is_told_to_be_json_lines(rules: Rules, tmp_path: Path) -> None:
    rows = [{"dossier_id": "a", "procedure_code": "9.999001", "received_at": "2026-11-26"}] * 2
    with pytest.raises(ReportError) as info:
        on_time_report(io.StringIO(json.dumps(rows, indent=2)), CATALOG, rules)
    assert info.value.message("en") == (
        "This is a JSON array; write one JSON object per line (JSON lines), "
        "e.g. jq -c '.[]' dossiers.json > dossiers.jsonl"
    )
    assert info.value.message("vi") == (
        "Đây là một mảng JSON; hãy ghi mỗi dòng một đối tượng JSON (JSON lines), "
        "ví dụ: jq -c '.[]' hoso.json > hoso.jsonl"
    )
    file = tmp_path / "export.json"
    file.write_text("\ufeff\n  " + json.dumps(rows), encoding="utf-8")
    with pytest.raises(ReportError) as info:
        on_time_report(file, CATALOG, rules)
    assert info.value.message("en").startswith(f"{file}: this is a JSON array; write one")
    assert info.value.message("vi").startswith(f"{file}: đây là một mảng JSON; hãy ghi")


def test_blank_lines_before_the_csv_header(rules: Rules) -> None:
    data = "\r\n  \r\n" + HEAD + "d1,9.999001,2026-11-26 10:00,x\n"
    with pytest.raises(ReportError, match="row 4: finished_at: invalid moment 'x'"):
        on_time_report(io.StringIO(data), CATALOG, rules, date_to=date(2026, 12, 31))


@pytest.mark.parametrize(
    ("delimiter", "empty"),
    [
        (",", ",,,"),
        (",", ",,,,,"),  # more empty cells than the header has columns
        (",", " , ,\t, "),
        (";", ";;;"),
        (";", ";;;;;;"),
    ],
)
def test_rows_of_empty_cells_are_skipped_like_blank_lines(
    rules: Rules, delimiter: str, empty: str
) -> None:
    # Excel exports rows it once formatted as rows of empty cells; they are not dossiers
    lines = [
        HEAD.rstrip("\n"),
        empty,
        "d1,9.999001,2026-11-26 10:00,2026-12-01 16:00",
        empty,
        "d2,9.999001,2026-11-26 10:00,x",
        empty,
        empty,
    ]
    data = "\r\n".join(line.replace(",", delimiter) for line in lines) + "\r\n"
    with pytest.raises(ReportError) as info:
        on_time_report(io.StringIO(data), CATALOG, rules, date_to=date(2026, 12, 31))
    [bad] = info.value.bad_rows  # the line number counts the skipped rows
    assert bad.message("en").startswith("row 5: finished_at: invalid moment 'x'")
    assert bad.message("vi").startswith("dòng 5: finished_at: thời điểm không hợp lệ 'x'")
    report = on_time_report(
        io.StringIO(data), CATALOG, rules, date_to=date(2026, 12, 31), skip_bad=True
    )
    assert report.rows == 2 and report.overall.on_time == 1 and len(report.bad_rows) == 1
    assert [number for number, _ in read_rows(io.StringIO(data))] == [3, 5]


def test_json_lines_of_whitespace_are_skipped(rules: Rules) -> None:
    good = '{"dossier_id": "a", "procedure_code": "9.999001", "received_at": "2026-11-26 10:00"}'
    text = " \t\n" + good + "\n\t\n \u00a0 \n" + good.replace('"a"', '"b"') + "\n\t"
    report = on_time_report(io.StringIO(text), CATALOG, rules, date_to=date(2026, 11, 30))
    assert report.overall.open == 2 and report.rows == 2


def test_a_code_read_as_a_number_is_pointed_out(rules: Rules) -> None:
    # a spreadsheet that took 9.999010 for a number writes 9.99901 (synthetic code)
    catalog = [*CATALOG, proc("9.999010", time_of("3", "working_days"))]
    data = HEAD + "d1,9.99901,2026-11-26 10:00,\n"
    with pytest.raises(ReportError) as info:
        on_time_report(io.StringIO(data), catalog, rules, date_to=date(2026, 12, 31))
    assert (
        "row 2: procedure code '9.99901' is not in the catalog; did you mean '9.999010'? "
        "(a spreadsheet may have read the code as a number)" in info.value.message("en")
    )
    assert "có phải '9.999010'" in info.value.message("vi")


# Synthetic codes (9.999xxx are not real): one national code, one with local suffixes
# published by two provinces, as a catalog holding several provinces' records would.
SUFFIXED = [
    *CATALOG,
    proc("9.999010", time_of("3", "working_days")),
    proc("9.999020.000.00.00.H61", time_of("3", "working_days")),
    proc("9.999030.000.00.00.H38", time_of("3", "working_days")),
    proc("9.999030.000.00.00.H61", time_of("3", "working_days")),
]
AS_NUMBER_EN = "(a spreadsheet may have read the code as a number)"
AS_NUMBER_VI = "(bảng tính có thể đã đọc mã như một số)"
SUFFIXES_EN = "(the catalog lists it with local suffixes)"
SUFFIXES_VI = "(danh mục ghi mã kèm hậu tố địa phương)"


@pytest.mark.parametrize(
    ("code", "en", "vi"),
    [
        # Excel with a decimal comma (Vietnamese settings), zeros kept or dropped
        (
            "9,999010",
            f"did you mean '9.999010'? {AS_NUMBER_EN}",
            f"có phải '9.999010'? {AS_NUMBER_VI}",
        ),
        (
            "9,99901",
            f"did you mean '9.999010'? {AS_NUMBER_EN}",
            f"có phải '9.999010'? {AS_NUMBER_VI}",
        ),
        # the national code of a record published with local suffixes
        (
            "9.999020",
            f"did you mean '9.999020.000.00.00.H61'? {SUFFIXES_EN}",
            f"có phải '9.999020.000.00.00.H61'? {SUFFIXES_VI}",
        ),
        (
            "9.999030",
            f"did you mean '9.999030.000.00.00.H38' or '9.999030.000.00.00.H61'? {SUFFIXES_EN}",
            f"có phải '9.999030.000.00.00.H38' hay '9.999030.000.00.00.H61'? {SUFFIXES_VI}",
        ),
        # both: a shortened number whose catalog record has suffixes
        (
            "9,99902",
            f"did you mean '9.999020.000.00.00.H61'? {AS_NUMBER_EN}",
            f"có phải '9.999020.000.00.00.H61'? {AS_NUMBER_VI}",
        ),
    ],
)
def test_codes_a_spreadsheet_or_a_suffix_changed_are_pointed_out(
    rules: Rules, code: str, en: str, vi: str
) -> None:
    data = HEAD + f'd1,"{code}",2026-11-26 10:00,\nd2,"{code}",2026-11-27 10:00,\n'
    with pytest.raises(ReportError) as info:
        on_time_report(io.StringIO(data), SUFFIXED, rules, date_to=date(2026, 12, 31))
    first, second = info.value.bad_rows
    assert first.message("en") == (f"row 2: procedure code {code!r} is not in the catalog; {en}")
    assert first.message("vi") == f"dòng 2: mã thủ tục {code!r} không có trong danh mục; {vi}"
    assert second.text == first.text


def test_an_unknown_code_without_a_likely_meaning_is_only_named(rules: Rules) -> None:
    data = HEAD + "d1,9.999040,2026-11-26 10:00,\n"
    with pytest.raises(ReportError) as info:
        on_time_report(io.StringIO(data), SUFFIXED, rules, date_to=date(2026, 12, 31))
    assert info.value.bad_rows[0].message("en") == (
        "row 2: procedure code '9.999040' is not in the catalog"
    )


def test_json_lines_with_bom_crlf_and_blank_lines(rules: Rules) -> None:
    good = '{"dossier_id": "a", "procedure_code": "9.999001", "received_at": "2026-11-26 10:00"}'
    text = "\ufeff\r\n" + good + "\r\n\r\n  \r\n" + good.replace('"a"', '"b"') + "\r\n\r\n"
    report = on_time_report(io.StringIO(text), CATALOG, rules, date_to=date(2026, 11, 30))
    assert report.overall.open == 2 and report.rows == 2


def test_offset_without_minutes_is_read(rules: Rules) -> None:
    # "+07" (no minutes) is valid ISO 8601; 10:30+00 is 17:30 local, after the 17:00 due
    data = HEAD + "d1,9.999001,2026-11-26T10:00+07,2026-12-01T16:00+07\n"
    data += "d2,9.999001,2026-11-26T03:00+00,2026-12-01T10:30+00\n"
    report = on_time_report(io.StringIO(data), CATALOG, rules, date_to=date(2026, 12, 31))
    assert (report.overall.on_time, report.overall.late) == (1, 1)


def test_months_are_vietnam_local_months(rules: Rules) -> None:
    # 2026-01-31T20:00Z is 2026-02-01 03:00 in Vietnam: February, not January
    data = HEAD + "d1,9.999001,2026-01-31T20:00Z,2026-01-31T22:00:00Z\n"
    data += "d2,9.999001,2026-01-30T10:00:00+07:00,2026-01-31T16:59:59Z\n"
    report = on_time_report(io.StringIO(data), CATALOG, rules, date_to=date(2026, 3, 31))
    assert report.by_month["2026-02"].total == 1
    assert report.by_month["2026-01"].total == 1  # 23:59:59 local on 31 January


# -- bad rows -------------------------------------------------------------------------

BAD = """dossier_id,procedure_code,received_at,finished_at,channel,pauses
ok,9.999001,2026-11-26T10:00,,,
,9.999001,2026-11-26T10:00,,,
b3,9.888888,2026-11-26T10:00,,,
b4,9.999001,26/11/2026,,,
b5,9.999001,2026-11-26T10:00,2026-11-25T10:00,,
b6,9.999001,2026-11-26T10:00,,fax,
b7,9.999001,2026-11-26T10:00,,,2026-11-27T08:00-2026-11-27T09:00
b8,9.999001,2026-11-26T10:00,2026-11-28T10:00,,2026-11-27T08:00/
b9,9.999006,2026-11-26T10:00,,,
b10,9.999001
b11,9.999001,2026-11-26T10:00,,,2026-11-25T08:00/2026-11-25T09:00
b12,9.999001,2090-11-26T10:00,,,
"""

BAD_MESSAGES = [
    "row 3: missing dossier_id",
    "row 4: procedure code '9.888888' is not in the catalog",
    "row 5: received_at: invalid moment '26/11/2026'",
    "row 6: finished_at '2026-11-25T10:00' is before received_at '2026-11-26T10:00'",
    "row 7: channel 'fax' is unknown",
    "row 8: pauses: '2026-11-27T08:00-2026-11-27T09:00' is not START/END",
    "row 9: pauses: '2026-11-27T08:00/' has no end",
    "row 10: procedure 9.999006 has 2 cases and the row does not say which; fill the row's "
    "case column with one of: 'bản sao', 'bản dịch'",
    "row 11: cannot read: 2 columns, the header has 6",
    "row 12: pauses: '2026-11-25T08:00/2026-11-25T09:00' is out of order",
    "row 13: received_at '2090-11-26T10:00' is outside the working calendar (1995-",
]


def test_bad_rows_are_an_error_with_row_numbers(rules: Rules) -> None:
    with pytest.raises(ReportError) as info:
        on_time_report(io.StringIO(BAD), CATALOG, rules, date_to=date(2026, 12, 31))
    message = info.value.message("en")
    assert message.startswith("11 bad dossier rows (use --skip-bad to skip them)")
    for expected in BAD_MESSAGES:
        assert expected in message
    assert [b.row for b in info.value.bad_rows] == list(range(3, 14))
    vi = info.value.message("vi")
    assert "11 dòng hồ sơ không hợp lệ" in vi and "dòng 3: thiếu dossier_id" in vi


BAD_MESSAGES_VI = [
    "dòng 3: thiếu dossier_id",
    "dòng 4: mã thủ tục '9.888888' không có trong danh mục",
    "dòng 5: received_at: thời điểm không hợp lệ '26/11/2026' (cần ISO 8601, ví dụ "
    "2026-11-26T10:00:00+07:00)",
    "dòng 6: finished_at '2026-11-25T10:00' trước received_at '2026-11-26T10:00'",
    "dòng 7: kênh 'fax' không hợp lệ; ghi một trong: in_person (Trực tiếp, Nộp trực tiếp); "
    "online (Trực tuyến,",
    "dòng 8: pauses: '2026-11-27T08:00-2026-11-27T09:00' không có dạng BẮT_ĐẦU/KẾT_THÚC",
    "dòng 9: pauses: '2026-11-27T08:00/' chưa kết thúc; chỉ khoảng tạm dừng cuối của hồ sơ "
    "chưa có kết quả mới được để trống",
    "dòng 10: thủ tục 9.999006 có 2 trường hợp mà dòng không ghi là trường hợp nào; hãy điền "
    "cột case của dòng bằng một trong: 'bản sao', 'bản dịch'",
    "dòng 11: không đọc được: có 2 cột, dòng tiêu đề có 6",
    "dòng 12: pauses: '2026-11-25T08:00/2026-11-25T09:00' sai thứ tự (trước khi tiếp nhận, "
    "trước khoảng trước, hoặc kết thúc trước khi bắt đầu)",
    "dòng 13: received_at '2090-11-26T10:00' nằm ngoài lịch làm việc (1995-",
]


# Synthetic (9.999xxx codes are not real): two named cases online and one in person.
BY_CASE_AND_CHANNEL = proc(
    "9.999008",
    time_of("2", "working_days", name="cấp mới", channel="online"),
    time_of("3", "working_days", name="cấp lại", channel="online"),
    time_of("5", "working_days", name="cấp mới", channel="in_person"),
)


@pytest.mark.parametrize(
    ("code", "case", "channel", "en", "vi"),
    [
        (
            "9.999006",
            "",
            "",
            "procedure 9.999006 has 2 cases and the row does not say which; fill the row's "
            "case column with one of: 'bản sao', 'bản dịch'",
            "thủ tục 9.999006 có 2 trường hợp mà dòng không ghi là trường hợp nào; hãy điền "
            "cột case của dòng bằng một trong: 'bản sao', 'bản dịch'",
        ),
        (
            "9.999007",
            "",
            "",
            "procedure 9.999007 has 2 cases and the row does not say which; fill the row's "
            "channel column with one of: online, in_person",
            "thủ tục 9.999007 có 2 trường hợp mà dòng không ghi là trường hợp nào; hãy điền "
            "cột channel của dòng bằng một trong: online, in_person",
        ),
        (
            "9.999008",
            "",
            "",
            "procedure 9.999008 has 3 cases and the row does not say which; fill the row's "
            "case column with one of: 'cấp mới', 'cấp lại' or its channel column with one of: "
            "online, in_person",
            "thủ tục 9.999008 có 3 trường hợp mà dòng không ghi là trường hợp nào; hãy điền "
            "cột case của dòng bằng một trong: 'cấp mới', 'cấp lại' hoặc cột channel bằng một "
            "trong: online, in_person",
        ),
        (
            "9.999008",
            "",
            "Trực tuyến",
            "procedure 9.999008 has 2 cases and the row does not say which; fill the row's "
            "case column with one of: 'cấp mới', 'cấp lại'",
            "thủ tục 9.999008 có 2 trường hợp mà dòng không ghi là trường hợp nào; hãy điền "
            "cột case của dòng bằng một trong: 'cấp mới', 'cấp lại'",
        ),
        (
            "9.999008",
            "cấp mới",
            "",
            "procedure 9.999008: case 'cấp mới' fits 2 cases; fill the row's channel column "
            "with one of: online, in_person",
            "thủ tục 9.999008: case 'cấp mới' khớp 2 trường hợp; hãy điền cột channel của "
            "dòng bằng một trong: online, in_person",
        ),
    ],
)
def test_a_row_fitting_several_cases_is_told_which_column_to_fill(
    rules: Rules, code: str, case: str, channel: str, en: str, vi: str
) -> None:
    catalog = [*CATALOG, BY_CASE_AND_CHANNEL]
    data = HEAD.replace("\n", ",case,channel\n") + f"d1,{code},2026-11-26 10:00,,{case},{channel}\n"
    with pytest.raises(ReportError) as info:
        on_time_report(io.StringIO(data), catalog, rules, date_to=date(2026, 12, 31))
    [bad] = info.value.bad_rows
    assert bad.message("en") == f"row 2: {en}"
    assert bad.message("vi") == f"dòng 2: {vi}"
    assert "--" not in bad.message("en") + bad.message("vi")  # no option of another command
    # filled as the message says, the row is counted
    row = "d1,9.999008,2026-11-26 10:00,,cấp mới,Trực tiếp\n"
    filled = HEAD.replace("\n", ",case,channel\n") + row
    report = on_time_report(io.StringIO(filled), catalog, rules, date_to=date(2026, 12, 31))
    assert report.procedures[("9.999008", "cấp mới", "working_days")].total == 1


def test_cases_no_column_tells_apart_are_named(rules: Rules) -> None:
    # a synthetic catalog record with two cases alike in name and channel: no column helps
    alike = proc(
        "9.999009",
        time_of("3", "working_days", name="cấp mới", channel="online"),
        time_of("5", "working_days", name="cấp mới"),
    )
    data = HEAD.replace("\n", ",channel\n") + "d1,9.999009,2026-11-26 10:00,,online\n"
    with pytest.raises(ReportError) as info:
        on_time_report(io.StringIO(data), [alike], rules, date_to=date(2026, 12, 31))
    [bad] = info.value.bad_rows
    assert bad.message("en") == (
        "row 2: procedure 9.999009 has 2 cases that fit the row and that its case and channel "
        "columns cannot tell apart: 'cấp mới' (online), 'cấp mới' (-)"
    )
    assert bad.message("vi") == (
        "dòng 2: thủ tục 9.999009 có 2 trường hợp khớp dòng mà cột case và channel không phân "
        "biệt được: 'cấp mới' (online), 'cấp mới' (-)"
    )


def test_a_row_fitting_no_case_lists_the_cases(rules: Rules) -> None:
    data = HEAD.replace("\n", ",case\n") + "d1,9.999006,2026-11-26 10:00,,bản gốc\n"
    with pytest.raises(ReportError) as info:
        on_time_report(io.StringIO(data), CATALOG, rules, date_to=date(2026, 12, 31))
    assert info.value.bad_rows[0].message("en") == (
        "row 2: Procedure 9.999006: no case matches the case name 'bản gốc'. "
        "Cases: 'bản sao', 'bản dịch'"
    )
    assert info.value.bad_rows[0].message("vi") == (
        "dòng 2: Thủ tục 9.999006: không có trường hợp nào khớp tên trường hợp 'bản gốc'. "
        "Các trường hợp: 'bản sao', 'bản dịch'"
    )


def test_bad_rows_are_named_in_vietnamese(rules: Rules) -> None:
    with pytest.raises(ReportError) as info:
        on_time_report(io.StringIO(BAD), CATALOG, rules, date_to=date(2026, 12, 31))
    messages = [b.message("vi") for b in info.value.bad_rows]
    assert len(messages) == len(BAD_MESSAGES_VI)
    for message, expected in zip(messages, BAD_MESSAGES_VI, strict=True):
        assert message.startswith(expected)


def test_rows_the_reader_cannot_read_are_named_in_both_languages(rules: Rules) -> None:
    csv_data = HEAD + "d1,9.999001\nd2\nd3,9.999001,2026-11-26T10:00,,x,y\n"
    good = '{"dossier_id": "a", "procedure_code": "9.999001", "received_at": "2026-11-26"}'
    deep = '{"dossier_id": ' + "[" * 100_000 + "]" * 100_000 + "}"
    huge = '{"dossier_id": 1' + "0" * 5000 + "}"
    json_data = "\n".join([good, '{"dossier_id": "b",', "[1, 2]", '"c"', "null", deep, huge])
    expected = {
        csv_data: [
            (
                "row 2: cannot read: 2 columns, the header has 4",
                "dòng 2: không đọc được: có 2 cột, dòng tiêu đề có 4",
            ),
            (
                "row 3: cannot read: 1 column, the header has 4",
                "dòng 3: không đọc được: có 1 cột, dòng tiêu đề có 4",
            ),
            (
                "row 4: cannot read: 6 columns, the header has 4",
                "dòng 4: không đọc được: có 6 cột, dòng tiêu đề có 4",
            ),
        ],
        json_data: [
            (
                "row 2: cannot read: invalid JSON at column 20: Expecting property name enclosed "
                "in double quotes",
                "dòng 2: không đọc được: JSON không hợp lệ ở cột 20: cần tên khoá trong dấu "
                "nháy kép",
            ),
            (
                "row 3: cannot read: JSON: expected an object {...}, got an array",
                "dòng 3: không đọc được: JSON: cần một đối tượng {...}, nhận được một mảng",
            ),
            (
                "row 4: cannot read: JSON: expected an object {...}, got a string",
                "dòng 4: không đọc được: JSON: cần một đối tượng {...}, nhận được một chuỗi",
            ),
            (
                "row 5: cannot read: JSON: expected an object {...}, got null",
                "dòng 5: không đọc được: JSON: cần một đối tượng {...}, nhận được null",
            ),
            (
                "row 6: cannot read: JSON nested too deeply",
                "dòng 6: không đọc được: JSON lồng nhau quá sâu",
            ),
            (
                "row 7: cannot read: JSON with a number too long",
                "dòng 7: không đọc được: JSON có số quá dài",
            ),
        ],
    }
    for data, messages in expected.items():
        with pytest.raises(ReportError) as info:
            on_time_report(io.StringIO(data), CATALOG, rules, date_to=date(2026, 12, 31))
        bad = info.value.bad_rows
        assert [(b.message("en"), b.message("vi")) for b in bad] == messages
        # the same through read_rows and parse_record, which a caller may use
        for (number, raw), (en, vi) in zip(
            [pair for pair in read_rows(io.StringIO(data)) if "__error__" in pair[1]],
            messages,
            strict=True,
        ):
            with pytest.raises(ReportError) as one:
                parse_record(number, raw)
            assert (one.value.message("en"), one.value.message("vi")) == (en, vi)
            assert raw["__error__"] == en.split("cannot read: ", 1)[1]  # a plain string


@pytest.mark.parametrize(
    ("line", "en", "vi"),
    [
        ('{"a": }', "column 7: Expecting value", "cột 7: thiếu giá trị"),
        ('{"a" 1}', "column 6: Expecting ':' delimiter", "cột 6: thiếu dấu ':'"),
        ('{"a": 1 "b": 2}', "column 9: Expecting ',' delimiter", "cột 9: thiếu dấu ','"),
        ('{"a": "b}', "column 7: Unterminated string starting at", "cột 7: chuỗi không có dấu"),
        ('{"a": "\x01"}', "column 8: Invalid control character at", "cột 8: ký tự điều khiển"),
        ('{"a": "\\q"}', "column 8: Invalid \\escape", "cột 8: dấu \\ không hợp lệ"),
        ('{"a": 1} x', "column 10: Extra data", "cột 10: dữ liệu thừa sau đối tượng"),
        ('{"a": 123', "column 10: Expecting ',' delimiter", "cột 10: thiếu dấu ','"),
    ],
)
def test_json_decoder_reasons_in_both_languages(line: str, en: str, vi: str) -> None:
    [(number, raw)] = read_rows(io.StringIO(line + "\n"))
    with pytest.raises(ReportError) as info:
        parse_record(number, raw)
    assert info.value.message("en").startswith(f"row 1: cannot read: invalid JSON at {en}")
    assert info.value.message("vi").startswith(f"dòng 1: không đọc được: JSON không hợp lệ ở {vi}")


def test_an_error_record_from_the_caller_is_quoted(rules: Rules) -> None:
    with pytest.raises(ReportError) as info:
        parse_record(4, {"__error__": "export truncated"})
    assert info.value.message("en") == "row 4: cannot read: export truncated"
    assert info.value.message("vi") == "dòng 4: không đọc được: export truncated"


@pytest.mark.parametrize(("lang", "expected"), [("vi", "dòng 3: thiếu"), ("en", "row 3: missing")])
def test_a_bad_row_speaks_one_language_by_default(
    monkeypatch: pytest.MonkeyPatch, lang: str, expected: str
) -> None:
    from tthc.i18n import Text
    from tthc.report import BadRow

    monkeypatch.setenv("TTHC_LANG", lang)
    assert BadRow(3, Text("thiếu", "missing")).message() == expected


def test_skip_bad_keeps_the_good_rows(rules: Rules) -> None:
    report = on_time_report(
        io.StringIO(BAD), CATALOG, rules, date_to=date(2026, 12, 31), skip_bad=True
    )
    assert report.overall.total == 1 and len(report.bad_rows) == 11 and report.rows == 12
    data = report.as_dict("en")
    assert data["skipped"][0] == {"row": 3, "message": "missing dossier_id"}


def test_a_dossier_listed_twice_is_a_bad_row(rules: Rules) -> None:
    # two monthly exports put together: a dossier open at the end of one is in both
    data = HEAD + "d1,9.999001,2026-11-26T10:00,\n"
    data += "d2,9.999001,2026-11-26T10:00,2026-11-27T10:00\n"
    data += "d1,9.999001,2026-11-26T10:00,2026-12-01T16:00\n"
    data += " d2 ,9.999001,2026-11-26T10:00:00+00:00,\n"
    with pytest.raises(ReportError) as info:
        on_time_report(io.StringIO(data), CATALOG, rules, date_to=date(2026, 12, 31))
    message = info.value.message("en")
    assert "row 4: dossier_id 'd1' is also on row 2; each dossier must appear once" in message
    assert "row 5: dossier_id 'd2' is also on row 3" in message
    assert "dòng 4: mã hồ sơ 'd1' đã có ở dòng 2" in info.value.message("vi")
    skipped = on_time_report(
        io.StringIO(data), CATALOG, rules, date_to=date(2026, 12, 31), skip_bad=True
    )
    assert skipped.overall.total == 2 and [b.row for b in skipped.bad_rows] == [4, 5]


def test_many_bad_rows_are_cut_short(rules: Rules) -> None:
    data = "dossier_id,procedure_code,received_at,finished_at\n" + "x,9.888888,2026-11-26,\n" * 25
    with pytest.raises(ReportError, match="and 5 more"):
        on_time_report(io.StringIO(data), CATALOG, rules, date_to=date(2026, 12, 31))


def test_bad_json_lines(rules: Rules) -> None:
    good = '{"dossier_id": "a", "procedure_code": "9.999001", "received_at": "2026-11-26"}'
    text = good + "\n[1]\n{oops\n"
    with pytest.raises(ReportError) as info:
        on_time_report(io.StringIO(text), CATALOG, rules, date_to=date(2026, 12, 31))
    message = info.value.message("en")
    assert "row 2: cannot read: JSON: expected an object {...}, got an array" in message
    assert "row 3: cannot read: invalid JSON at column 2: Expecting property name" in message
    vi = info.value.message("vi")
    assert "dòng 2: không đọc được: JSON: cần một đối tượng {...}, nhận được một mảng" in vi
    assert "dòng 3: không đọc được: JSON không hợp lệ ở cột 2: cần tên khoá trong dấu" in vi


def test_header_must_have_the_required_columns(rules: Rules, tmp_path: Path) -> None:
    with pytest.raises(ReportError) as info:
        on_time_report(io.StringIO("dossier_id,procedure_code\n"), CATALOG, rules)
    assert info.value.message("en") == (
        "The header row lacks the columns: received_at (found: dossier_id, procedure_code)"
    )
    assert info.value.message("vi") == (
        "Dòng tiêu đề thiếu cột: received_at (có: dossier_id, procedure_code)"
    )
    # a file names itself: which of several exports lacks the column
    file = tmp_path / "export-3.csv"
    file.write_text("dossier_id,procedure_code,finished_at\nd1,9.999001,\n", encoding="utf-8")
    with pytest.raises(ReportError) as info:
        on_time_report(file, CATALOG, rules)
    assert info.value.message("en") == (
        f"{file}: the header row lacks the columns: received_at "
        "(found: dossier_id, procedure_code, finished_at)"
    )
    assert info.value.message("vi") == (
        f"{file}: dòng tiêu đề thiếu cột: received_at (có: dossier_id, procedure_code, finished_at)"
    )


@pytest.mark.parametrize("engine", ["fast", "exact"])
def test_moments_outside_the_calendar_are_quoted_as_given(rules: Rules, engine: str) -> None:
    from tthc.calendar import default_last_year

    years = f"(1995-{default_last_year()})"
    data = HEAD + "d1,9.999001, 1800-01-02T10:00:00+07:00 ,\n"
    data += "d2,9.999001,2026-11-26T10:00,2150-01-01 10:00\n"
    with pytest.raises(ReportError) as info:
        on_time_report(io.StringIO(data), CATALOG, rules, date_to=date(2026, 12, 31), engine=engine)
    assert [b.message("en") for b in info.value.bad_rows] == [
        f"row 2: received_at '1800-01-02T10:00:00+07:00' is outside the working calendar {years}",
        f"row 3: finished_at '2150-01-01 10:00' is outside the working calendar {years}",
    ]
    assert info.value.bad_rows[0].message("vi") == (
        f"dòng 2: received_at '1800-01-02T10:00:00+07:00' nằm ngoài lịch làm việc {years}"
    )


@pytest.mark.parametrize("engine", ["fast", "exact"])
def test_a_due_moment_past_the_calendar_names_the_dossier(rules: Rules, engine: str) -> None:
    from tthc.calendar import default_last_year

    last = default_last_year()
    # 3 working days from the last days of the calendar: the due moment is past its end
    data = HEAD + f"d1,9.999001,{last}-12-30T10:00:00+07:00,\n"
    with pytest.raises(ReportError) as info:
        on_time_report(io.StringIO(data), CATALOG, rules, date_to=date(last, 12, 31), engine=engine)
    assert [b.message("en") for b in info.value.bad_rows] == [
        f"row 2: the due moment of the dossier received at {last}-12-30T10:00 falls outside "
        f"the working calendar (1995-{last})"
    ]
    assert info.value.bad_rows[0].message("vi") == (
        f"dòng 2: hạn giải quyết của hồ sơ nhận lúc {last}-12-30T10:00 vượt ra ngoài lịch "
        f"làm việc (1995-{last})"
    )


@pytest.mark.parametrize("engine", ["fast", "exact"])
@pytest.mark.parametrize(
    ("code", "received", "pauses"),
    [
        ("9.999003", "12-30T10:00", ""),  # 24 working hours
        ("9.999004", "12-30T10:00", ""),  # 15 calendar days
        ("9.999005", "12-30T10:00", ""),  # 2 months
        # due in the calendar, moved past its end by a pause of five working days
        ("9.999001", "12-24T10:00", "{last}-12-25T08:00/{last}-12-31T09:00"),
    ],
)
def test_a_due_moment_past_the_calendar_names_the_dossier_in_every_unit(
    rules: Rules, code: str, received: str, pauses: str, engine: str
) -> None:
    # both engines say it the same way (the exact one gave the calendar's own message)
    from tthc.calendar import default_last_year

    last = default_last_year()
    pauses = pauses.format(last=last)
    data = HEAD.replace("\n", ",pauses\n") + f"d1,{code},{last}-{received},,{pauses}\n"
    with pytest.raises(ReportError) as info:
        on_time_report(io.StringIO(data), CATALOG, rules, date_to=date(last, 12, 31), engine=engine)
    assert [b.message("en") for b in info.value.bad_rows] == [
        f"row 2: the due moment of the dossier received at {last}-{received} falls outside "
        f"the working calendar (1995-{last})"
    ]
    assert info.value.bad_rows[0].message("vi") == (
        f"dòng 2: hạn giải quyết của hồ sơ nhận lúc {last}-{received} vượt ra ngoài lịch "
        f"làm việc (1995-{last})"
    )


@pytest.mark.parametrize("engine", ["fast", "exact"])
def test_a_due_moment_moved_past_the_calendar_under_restart(engine: str) -> None:
    # under the restart policy the fast engine hands paused rows to the exact one
    from tthc.calendar import default_last_year

    rules = _rules_with(replace(CountingPolicy(), pause_mode="restart"))
    last = default_last_year()
    pause = f"{last}-12-25T08:00/{last}-12-30T09:00"
    data = HEAD.replace("\n", ",pauses\n") + f"d1,9.999001,{last}-12-24T10:00,,{pause}\n"
    with pytest.raises(ReportError) as info:
        on_time_report(io.StringIO(data), CATALOG, rules, date_to=date(last, 12, 31), engine=engine)
    [bad] = info.value.bad_rows
    assert bad.message("en") == (
        f"row 2: the due moment of the dossier received at {last}-12-24T10:00 falls outside "
        f"the working calendar (1995-{last})"
    )
    assert bad.message("vi") == (
        f"dòng 2: hạn giải quyết của hồ sơ nhận lúc {last}-12-24T10:00 vượt ra ngoài lịch "
        f"làm việc (1995-{last})"
    )


class _RefusingProvince:
    """A synthetic province whose deadline hook refuses dossiers received on a Sunday."""

    @hookimpl
    def tthc_deadline(self, received_at: datetime, duration: Duration, rules: Rules) -> object:
        from tthc.errors import TthcError
        from tthc.i18n import Text
        from tthc.national.sla import national_deadline

        if received_at.weekday() == 6:
            raise TthcError(Text("không nhận hồ sơ ngày Chủ nhật", "no receipt on a Sunday"))
        return national_deadline(rules, received_at, duration, None)


def test_a_province_refusing_a_dossier_names_the_row() -> None:
    rules = Rules(load_entry_points=False)
    rules.pm.register(_RefusingProvince(), name="synthetic-province")
    data = HEAD + "d1,9.999001,2026-11-26T10:00,\nd2,9.999001,2026-11-29T10:00,\n"
    with pytest.raises(ReportError) as info:
        on_time_report(io.StringIO(data), CATALOG, rules, date_to=date(2026, 12, 31))
    [bad] = info.value.bad_rows
    assert bad.message("en") == "row 3: no receipt on a Sunday"
    assert bad.message("vi") == "dòng 3: không nhận hồ sơ ngày Chủ nhật"


def test_a_pause_ending_after_the_result_is_a_bad_row(rules: Rules) -> None:
    pause = "2026-11-26T11:00/2026-11-30T09:00"
    data = (
        HEAD.replace("\n", ",pauses\n") + f"d1,9.999001,2026-11-26T10:00,2026-11-27T10:00,{pause}\n"
    )
    with pytest.raises(ReportError) as info:
        on_time_report(io.StringIO(data), CATALOG, rules, date_to=date(2026, 12, 31))
    [bad] = info.value.bad_rows
    assert bad.message("en") == f"row 2: pauses: '{pause}' ends after finished_at"
    assert bad.message("vi") == f"dòng 2: pauses: '{pause}' kết thúc sau finished_at"


def test_an_unknown_engine_is_named(rules: Rules) -> None:
    from tthc.errors import TthcError
    from tthc.report import ENGINES, EngineError

    assert ENGINES == ("auto", "fast", "exact")
    with pytest.raises(EngineError) as info:
        on_time_report(io.StringIO(HEAD), CATALOG, rules, engine="turbo")
    # a TthcError the CLI reports, and a ValueError as a bad argument always was
    assert isinstance(info.value, TthcError) and isinstance(info.value, ValueError)
    assert isinstance(info.value, ReportError)
    assert info.value.message("en") == (
        "Unknown engine 'turbo'; choose one of: 'auto', 'fast', 'exact'"
    )
    assert info.value.message("vi") == (
        "Tham số engine 'turbo' không hợp lệ; chọn một trong: 'auto', 'fast', 'exact'"
    )


def _latin_rows(count: int, bad_row: int, jsonl: bool) -> bytes:
    """``count`` lines of records, line ``bad_row`` holding a byte that is not UTF-8."""
    lines = [] if jsonl else [HEAD.encode()]
    while len(lines) < count:
        n = len(lines) + 1
        if jsonl:
            record = {"dossier_id": f"d{n}", "procedure_code": "9.999001"}
            record["received_at"] = "2026-11-26T10:00"
            lines.append(json.dumps(record).encode() + b"\n")
        else:
            lines.append(f"d{n},9.999001,2026-11-26T10:00,\n".encode())
    lines[bad_row - 1] = lines[bad_row - 1].replace(b"d", b"Qu\xe1ng ", 1)
    return b"".join(lines)


@pytest.mark.parametrize("jsonl", [False, True], ids=["csv", "jsonl"])
@pytest.mark.parametrize("bad_row", [2, 4, 2500])  # 2500: far past the first decoded chunk
def test_input_that_is_not_utf8_names_the_file_and_row(
    rules: Rules, tmp_path: Path, jsonl: bool, bad_row: int
) -> None:
    data = _latin_rows(3000, bad_row, jsonl)
    file = tmp_path / "export.csv"
    file.write_bytes(data)
    with pytest.raises(ReportError) as info:
        on_time_report(file, CATALOG, rules, date_to=date(2026, 12, 31))
    assert info.value.message("en") == (
        f"{file}: row {bad_row}: byte 0xe1 is not valid UTF-8; save the file as UTF-8"
    )
    assert info.value.message("vi") == (
        f"{file}: dòng {bad_row}: byte 0xe1 không phải UTF-8; hãy lưu tệp dạng UTF-8"
    )
    # an open binary stream decoded as UTF-8 (standard input) says the same with its name
    stream = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8-sig", newline="")
    with pytest.raises(ReportError) as info:
        list(read_rows(stream))
    assert info.value.message("en") == (
        f"row {bad_row}: byte 0xe1 is not valid UTF-8; save the file as UTF-8"
    )


EMPTY_INPUTS = {
    "0 bytes": b"",
    "BOM only": b"\xef\xbb\xbf",
    "blank lines": b"\r\n  \r\n\t\n",
    "empty rows only": b",,,\n,,,,,\n",
}


@pytest.mark.parametrize("data", EMPTY_INPUTS.values(), ids=EMPTY_INPUTS.keys())
def test_an_input_with_no_header_and_no_row_is_an_error(
    rules: Rules, tmp_path: Path, data: bytes
) -> None:
    # nothing at all is what a failed export or the wrong file looks like
    file = tmp_path / "export.csv"
    file.write_bytes(data)
    with pytest.raises(ReportError) as info:
        on_time_report(file, CATALOG, rules, date_to=date(2026, 12, 31))
    assert info.value.message("en") == (
        f"{file}: empty input: no header and no dossier row (only blank lines or rows of "
        "empty cells); for a period without dossiers, give a CSV with only its header row"
    )
    assert info.value.message("vi") == (
        f"{file}: đầu vào trống: không có dòng tiêu đề hay dòng hồ sơ nào (chỉ có dòng trống "
        "hoặc dòng chỉ gồm ô trống); kỳ không có hồ sơ nào thì ghi tệp CSV chỉ có dòng tiêu đề"
    )
    # an in-memory stream has no name to give
    with pytest.raises(ReportError) as info:
        on_time_report(io.StringIO(data.decode("utf-8-sig")), CATALOG, rules)
    assert info.value.message("en").startswith("Empty input: no header and no dossier row")
    assert info.value.message("vi").startswith("Đầu vào trống: không có dòng tiêu đề")


NO_DOSSIERS = {
    "header only": HEAD.encode(),
    "header and empty rows": b"\xef\xbb\xbf" + HEAD.replace(",", ";").encode() + b";;;\r\n;;;;\r\n",
}


@pytest.mark.parametrize("data", NO_DOSSIERS.values(), ids=NO_DOSSIERS.keys())
def test_a_header_without_rows_is_a_period_without_dossiers(
    rules: Rules, tmp_path: Path, data: bytes
) -> None:
    # a commune with no dossier this month exports just the header: a valid, empty report
    file = tmp_path / "export.csv"
    file.write_bytes(data)
    jsonl = tmp_path / "export.jsonl"  # JSON lines have no header: empty is zero dossiers
    jsonl.write_bytes(b"")
    for source in (file, iter([]), jsonl):
        report = on_time_report(source, CATALOG, rules, date_to=date(2026, 12, 31))
        assert report.rows == 0
        assert report.overall.total == 0
        assert report.overall.on_time_rate is None and report.overall.late_rate is None


def test_rows_all_outside_the_period_are_not_an_empty_input(rules: Rules) -> None:
    data = HEAD + "d1,9.999001,2026-11-26T10:00,2026-11-27T10:00\n"
    report = on_time_report(
        io.StringIO(data), CATALOG, rules, date_from=date(2026, 12, 1), date_to=date(2026, 12, 31)
    )
    assert report.rows == 1 and report.excluded == 1 and report.overall.total == 0


def test_missing_file(rules: Rules, tmp_path: Path) -> None:
    missing = tmp_path / "none.csv"
    with pytest.raises(ReportError) as info:
        on_time_report(missing, CATALOG, rules)
    reason = os.strerror(errno.ENOENT)
    assert info.value.message("en") == f"{missing}: cannot read ({reason})"
    assert info.value.message("vi") == f"{missing}: không đọc được ({reason})"


def test_read_rows_and_parse_record() -> None:
    rows = list(
        read_rows(io.StringIO("dossier_id,procedure_code,received_at\nA,9.999001,2026-11-26\n"))
    )
    assert rows == [
        (2, {"dossier_id": "A", "procedure_code": "9.999001", "received_at": "2026-11-26"})
    ]
    record = parse_record(
        2,
        {
            "dossier_id": "A",
            "procedure_code": "9.999001",
            "received_at": "2026-11-26T01:00:00+00:00",
        },
    )
    assert record == DossierRecord(2, "A", "9.999001", datetime(2026, 11, 26, 8, 0))
    with pytest.raises(ReportError, match="row 7: missing received_at"):
        parse_record(7, {"dossier_id": "A", "procedure_code": "9.999001"})


# -- rendering ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def example(rules: Rules) -> object:
    return on_time_report(
        io.StringIO(EXAMPLE),
        CATALOG,
        rules,
        date_from=date(2026, 11, 1),
        date_to=date(2026, 12, 31),
    )


def test_markdown_names_fields_and_agencies(rules: Rules, tmp_path: Path) -> None:
    # a report pasted into an official document reads "Lĩnh vực thử nghiệm", not an id
    # (synthetic catalog: 9.999001 is not a real code)
    (tmp_path / "fields.yaml").write_text(
        "- id: thu-nghiem\n  name: Lĩnh vực thử nghiệm\n", encoding="utf-8"
    )
    (tmp_path / "agencies.yaml").write_text(
        "- id: so-thu-nghiem\n  name: Sở Thử nghiệm\n", encoding="utf-8"
    )
    (tmp_path / "procedures").mkdir()
    (tmp_path / "procedures" / "9.999001.yaml").write_text(
        "code: '9.999001'\nname: Thủ tục thử nghiệm\nfield: thu-nghiem\nlevels: [province]\n"
        "agencies: [so-thu-nghiem]\nprocessing_time:\n"
        "- time: {value: 3, unit: working_days}\n",
        encoding="utf-8",
    )
    catalog = tthc.load_catalog(tmp_path)
    data = HEAD + "d1,9.999001,2026-11-26 10:00,2026-12-01 16:00\n"
    report = on_time_report(io.StringIO(data), catalog, rules, date_to=date(2026, 12, 31))
    for lang in ("vi", "en"):
        text = render(report, "markdown", lang)  # type: ignore[arg-type]
        assert "| Lĩnh vực thử nghiệm | 1 |" in text and "| Sở Thử nghiệm | 1 |" in text
    assert "thu-nghiem" in report.as_dict()["by_field"]  # JSON keeps the ids


def test_render_json(example: object) -> None:
    data = json.loads(render(example, "json", "en"))  # type: ignore[arg-type]
    assert data["overall"]["on_time_rate"] == "60.00"
    assert data["period"] == {
        "from": "2026-11-01",
        "to": "2026-12-31",
        "as_of": "2027-01-01T00:00:00+07:00",
    }
    proc_row = data["procedures"][0]
    assert proc_row["code"] == "9.999001" and proc_row["average_unit"] == "working_days"
    assert proc_row["average_processing"] == "3.16"  # 101 h over 4 dossiers, in days
    assert set(data) >= {"by_agency", "by_field", "by_month", "engine", "skipped"}


def test_render_csv(example: object) -> None:
    lines = render(example, "csv", "en").splitlines()  # type: ignore[arg-type]
    assert lines[0].startswith("group,key,case,unit,early,on_time,late,overdue,open,total")
    assert lines[1].startswith("overall,,,,1,2,1,1,1,6,60.00")
    assert any(line.startswith("month,2026-12,") for line in lines)


def test_render_csv_for_excel(rules: Rules) -> None:
    # Excel with Vietnamese settings: a BOM (else the diacritics break), ";" and decimal
    # commas, CRLF; the same cells as the CSV for programs
    data = (
        HEAD.replace("\n", ",case\n") + "d1,9.999006,2026-11-26 10:00,2026-11-30 10:00,bản dịch\n"
    )
    report = on_time_report(io.StringIO(data), CATALOG, rules, date_to=date(2026, 12, 31))
    plain = render(report, "csv", "vi")
    excel = render(report, "csv", "vi", excel=True)
    assert not plain.startswith("\ufeff") and "\r\n" not in plain
    assert excel.startswith("\ufeffgroup;key;case;unit;early;on_time;") and excel.endswith("\r\n")
    assert "procedure;9.999006;bản dịch;working_days;0;1;0;0;0;1;100,00;0,00;0,00;1;2,00;" in excel
    assert "procedure,9.999006,bản dịch,working_days,0,1,0,0,0,1,100.00,0.00,0.00,1,2.00," in plain
    rows = list(csv.reader(io.StringIO(excel.removeprefix("\ufeff"), newline=""), delimiter=";"))
    expected = list(csv.reader(io.StringIO(plain)))
    assert [[cell.replace(",", ".") for cell in row] for row in rows] == expected


def test_render_markdown_in_both_languages(example: object) -> None:
    vi = render(example, "markdown", "vi")  # type: ignore[arg-type]
    assert "| Tổng số | Trước hạn | Đúng hạn | Trễ hạn |" in vi
    assert "### Theo lĩnh vực" in vi and "3,16 ngày làm việc" in vi
    # Vietnamese writes a decimal comma, as the average and tthc reduction do
    assert "| 6 | 1 | 2 | 1 | 1 | 1 | 60,00 | 40,00 |" in vi
    en = render(example, "markdown", "en")  # type: ignore[arg-type]
    assert "| Total | Early | On time | Late |" in en and "### By month" in en
    assert "3.16 working days" in en
    assert "| 6 | 1 | 2 | 1 | 1 | 1 | 60.00 | 40.00 |" in en


def test_markdown_keeps_a_name_with_a_line_break_on_one_row(rules: Rules) -> None:
    # A name written as a YAML block keeps its line break; in a Markdown table it would
    # end the row and break the table (synthetic procedure).
    procedure = proc("9.999001", time_of("3", "working_days"))
    procedure = procedure.model_copy(update={"name": "Synthetic | two\nlines"})
    data = HEAD + "d1,9.999001,2026-11-26T10:00,2026-11-27T10:00\n"
    report = on_time_report(io.StringIO(data), [procedure], rules, date_to=date(2026, 12, 31))
    out = render(report, "markdown", "en")
    assert "| 9.999001 | Synthetic \\| two lines |  | 1 |" in out


def test_render_text(example: object) -> None:
    en = render(example, "text", "en")  # type: ignore[arg-type]
    assert "Early or on time: 60.00%; late: 40.00%" in en
    vi = render(example, "text", "vi")  # type: ignore[arg-type]
    assert "Tỷ lệ trước và đúng hạn: 60,00%; trễ hạn: 40,00%" in vi
    assert "đúng hạn 60,00%, trung bình 3,16 ngày làm việc" in vi


def test_a_rate_without_dossiers_to_rate_is_shown_as_such(rules: Rules) -> None:
    # one dossier open and not yet due: no rate, no average; "-%" read as a broken number
    data = HEAD + "d1,9.999001,2026-11-26T10:00,\n"
    report = on_time_report(io.StringIO(data), CATALOG, rules, date_to=date(2026, 11, 30))
    en = render(report, "text", "en")
    assert "Early or on time: n/a; late: n/a" in en
    assert "  9.999001: 1, on time n/a, average n/a" in en
    vi = render(report, "text", "vi")
    assert "Tỷ lệ trước và đúng hạn: không có; trễ hạn: không có" in vi
    assert "  9.999001: 1, đúng hạn không có, trung bình không có" in vi
    for text in (en, vi):
        assert "-%" not in text
    md_en = render(report, "markdown", "en")
    assert "| 1 | 0 | 0 | 0 | 0 | 1 | n/a | n/a |" in md_en
    assert "| 9.999001 | Synthetic 9.999001 |  | 1 | 0 | 0 | 0 | 0 | 1 | n/a | n/a | n/a |" in md_en
    md_vi = render(report, "markdown", "vi")
    assert "| 1 | 0 | 0 | 0 | 0 | 1 | không có | không có |" in md_vi
    assert "| 0 | 1 | không có | không có | không có |" in md_vi
    for md in (md_en, md_vi):
        assert "| - |" not in md
    data_json = json.loads(render(report, "json", "en"))
    assert data_json["overall"]["on_time_rate"] is None
    assert data_json["procedures"][0]["average_processing"] is None
    lines = render(report, "csv", "en").splitlines()
    assert lines[1] == "overall,,,,0,0,0,0,1,1,,,,,,,"  # empty cells: no number


def test_singular_counts_in_english(rules: Rules) -> None:
    data = HEAD + "d1,9.999001,2026-11-26T10:00,\nd2,9.888888,2026-11-26T10:00,\n"
    with pytest.raises(ReportError) as info:
        on_time_report(io.StringIO(data), CATALOG, rules, date_to=date(2026, 11, 30))
    assert info.value.message("en").startswith(
        "1 bad dossier row (use --skip-bad to skip it): row 3:"
    )
    assert info.value.message("vi").startswith(
        "1 dòng hồ sơ không hợp lệ (dùng --skip-bad để bỏ qua): dòng 3:"
    )
    report = on_time_report(
        io.StringIO(data), CATALOG, rules, date_to=date(2026, 11, 30), skip_bad=True
    )
    assert "\nSkipped 1 row:\n" in render(report, "text", "en")
    assert "\nBỏ qua 1 dòng:\n" in render(report, "text", "vi")
    assert "\nSkipped rows: 1\n" in render(report, "markdown", "en")
    many = HEAD + "".join(f"x{n},9.888888,2026-11-26,\n" for n in range(21))
    with pytest.raises(ReportError) as info:
        on_time_report(io.StringIO(many), CATALOG, rules, date_to=date(2026, 11, 30))
    assert info.value.message("en").endswith("; and 1 more")
    assert info.value.message("vi").endswith("; và 1 dòng khác")


def test_period_outside_the_calendar(rules: Rules) -> None:
    with pytest.raises(ReportError, match=r"The period \(2100-01-01\) is outside the working"):
        on_time_report(io.StringIO(EXAMPLE), CATALOG, rules, date_to=date(2099, 12, 31))
    with pytest.raises(ReportError, match=r"The period \(1990-01-01\)") as info:
        on_time_report(io.StringIO(EXAMPLE), CATALOG, rules, date_from=date(1990, 1, 1))
    assert "Kỳ báo cáo (1990-01-01) nằm ngoài lịch làm việc" in info.value.message("vi")


class _SeasonalHours:
    """Synthetic seasonal hours (not a real province's): summer 07:00-11:30, 13:30-17:00;
    a three-interval spring in 2026; winter 07:30-12:00, 13:00-16:30. Each day is 8 hours."""

    @hookimpl
    def tthc_working_hours(self) -> object:
        from tthc.calendar import HoursPeriod, WorkingHours

        return WorkingHours(
            (
                HoursPeriod.of(
                    "07:00-09:00, 09:30-12:00, 13:00-16:30",
                    start=date(2026, 3, 1),
                    end=date(2026, 4, 30),
                ),
                HoursPeriod.of("07:00-11:30, 13:30-17:00", season=((5, 1), (9, 30))),
                HoursPeriod.of("07:30-12:00, 13:00-16:30"),
            )
        )


@pytest.mark.parametrize("policy", POLICIES[:3], ids=["national", "cutoff", "elapsed"])
def test_fast_engine_with_seasonal_hours(policy: CountingPolicy) -> None:
    rules = Rules(load_entry_points=False)
    rules.pm.register(_SeasonalHours(), name="synthetic-hours")
    if policy != CountingPolicy():
        rules.pm.register(_Policy(policy), name="synthetic-policy")
    assert fast_engine_applies(rules)
    rows = generate(random.Random(88), 250)
    groups = _Groups(CATALOG)
    chunk = _chunk(rows, groups, rules)
    tables = _tables(rules.calendar)
    assert tables.start.shape[0] == 3  # three sets of hours
    fast = _compute_fast(chunk, groups, tables, rules)
    exact = _compute_exact(chunk, groups, tables, rules)
    for name in ("effective", "starts", "due", "paused", "open_pause"):
        assert (getattr(fast, name) == getattr(exact, name)).all(), name
    # and the rates: against the per-dossier statuses
    report = on_time_report(
        io.StringIO(to_csv(rows)), CATALOG, rules, date_to=date(2026, 12, 31), engine="fast"
    )
    procedures = {p.code: p for p in CATALOG}
    as_of = datetime(2027, 1, 1)
    expected = Counter(
        evaluate(rules, procedures[r.procedure_code], r, as_of)
        for r in (parse_record(n, raw) for n, raw in enumerate(rows, start=2))
    )
    assert {s: getattr(report.overall, s) for s in STATUSES} == {s: expected[s] for s in STATUSES}


@pytest.mark.parametrize("engine", ["auto", "fast"])
def test_clock_hours_dossiers_count_in_clock_time(rules: Rules, engine: str) -> None:
    # A bare "giờ" runs in clock time, which the vectorised engine does not count: such
    # dossiers go through rules.deadline and rules.clock whatever engine is asked for.
    catalog = [proc("9.999008", time_of("24", "clock_hours"))]
    rows = [
        # Thu 26 Nov 2026 10:00 + 24 h = Fri 27 Nov 10:00; finished Fri 09:00: on time.
        {"received_at": "2026-11-26T10:00", "finished_at": "2026-11-27T09:00"},
        # Fri 27 Nov 10:00 + 24 h = Sat 10:00, a day off: due Mon 30 Nov 17:00; finished Mon
        # 16:00: on time (a working-hours engine would say due Tue 1 Dec 10:00).
        {"received_at": "2026-11-27T10:00", "finished_at": "2026-11-30T16:00"},
        # Thu 26 Nov 10:00 + 24 h = Fri 10:00; finished Fri 11:00: late.
        {"received_at": "2026-11-26T10:00", "finished_at": "2026-11-27T11:00"},
    ]
    text = "dossier_id,procedure_code,received_at,finished_at,pauses\n" + "".join(
        f"HS{k},9.999008,{r['received_at']},{r['finished_at']},\n" for k, r in enumerate(rows)
    )
    report = on_time_report(
        io.StringIO(text), catalog, rules, date_to=date(2026, 12, 31), engine=engine
    )
    assert (report.overall.on_time, report.overall.late) == (2, 1)
    stats = next(iter(report.procedures.values()))
    # clock time from receipt to finish: 23 h, 78 h, 25 h; average 42 h
    assert stats.average_unit == "clock_hours"
    assert stats.average == Decimal(42)


@pytest.mark.parametrize("engine", ["fast", "exact"])
@pytest.mark.parametrize(
    ("received", "finished"),
    [
        ("2026-11-26T10:00:00+07:00", "2026-12-01T16:00:00+07:00"),
        ("2026-11-26T10:00:00+07", "2026-12-01T16:00:00+0700"),
        ("2026-11-26T03:00:00Z", "2026-12-01T09:00:00z"),
        # .NET's round-trip format: seven fractional digits
        ("2026-11-26T10:00:00.0000000+07:00", "2026-12-01T16:00:00.1234567+07:00"),
        ("2026-11-26 10:00", "2026-12-01T16:00:00.5"),
    ],
)
def test_every_iso_8601_form_reads_alike_on_every_python(
    rules: Rules, engine: str, received: str, finished: str
) -> None:
    # d1 of the worked example (on time) in the forms one-stop systems write
    data = HEAD + f"d1,9.999001,{received},{finished}\n"
    report = on_time_report(
        io.StringIO(data), CATALOG, rules, date_to=date(2026, 12, 31), engine=engine
    )
    assert report.overall.on_time == 1 and report.overall.total == 1
