"""A zero-length processing time (0 working days or hours, 0 calendar days, 0 months, 0 clock
hours) is due at the moment its clock starts, in every engine and under every policy.

Same day (trong ngày) also has value 0 but is not a zero-length time: it ends at the close
of the day of receipt (§6.7). Each engine is checked here against worked examples and
against the others: the deadline (:func:`tthc.national.sla.span`), the batch engine
(``Rules.deadlines`` / ``Rules.evaluate``), the dossier clock, the time text and a catalog
value, and ``tthc due``.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import datetime, time, timedelta
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tthc import hookimpl
from tthc.calendar import VN_TZ
from tthc.cli import main
from tthc.config import Config
from tthc.duration import Duration, Unit
from tthc.durationtext import parse_cases
from tthc.rules import Rules
from tthc.sla import CountingPolicy
from tthc.testing import CatalogBuilder

ZERO_UNITS = [u for u in Unit if u is not Unit.SAME_DAY]


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=VN_TZ)


class _Policy:
    def __init__(self, policy: CountingPolicy) -> None:
        self.policy = policy

    @hookimpl
    def tthc_counting_policy(self) -> CountingPolicy:
        return self.policy


def rules_with(**changes: Any) -> Rules:
    rules = Rules(Config(), load_entry_points=False)
    if changes:
        rules.pm.register(_Policy(replace(CountingPolicy(), **changes)), name="policy")
    return rules


# -- worked examples (national hours 08:00-12:00 / 13:00-17:00) ----------------------------


@pytest.mark.parametrize(
    ("changes", "received", "unit", "starts"),
    [
        # Thu 26 Nov 2026 10:00, next_day mode: the count starts at Fri 27 Nov 08:00.
        ({}, "2026-11-26 10:00", Unit.WORKING_DAYS, "2026-11-27 08:00"),
        # working and clock hours run from the effective receipt itself
        ({}, "2026-11-26 10:00", Unit.WORKING_HOURS, "2026-11-26 10:00"),
        ({}, "2026-11-26 10:00", Unit.CLOCK_HOURS, "2026-11-26 10:00"),
        # calendar days and months count from the day after the receipt: Fri 27 Nov 00:00
        ({}, "2026-11-26 10:00", Unit.CALENDAR_DAYS, "2026-11-27 00:00"),
        ({}, "2026-11-26 10:00", Unit.MONTHS, "2026-11-27 00:00"),
        # Period ending at the close: 0 months used to end at the close of the day of
        # receipt, Thu 26 Nov 17:00, seven hours before its count starts (Fri 00:00).
        ({"period_end": "close"}, "2026-11-26 10:00", Unit.MONTHS, "2026-11-27 00:00"),
        ({"period_end": "close"}, "2026-11-26 10:00", Unit.CALENDAR_DAYS, "2026-11-27 00:00"),
        # Sat 28 Nov received online: effective Mon 30 Nov 08:00, so months count from
        # Tue 1 Dec 00:00 (the close rule used to give Mon 30 Nov 17:00).
        ({"period_end": "close"}, "2026-11-28 10:00", Unit.MONTHS, "2026-12-01 00:00"),
        # No after-hours receipt: a Saturday receipt stays Sat 10:00, working time starts
        # at Mon 30 Nov 08:00 (0 working hours used to be due on Saturday at 10:00).
        (
            {"after_hours_receipt": False},
            "2026-11-28 10:00",
            Unit.WORKING_HOURS,
            "2026-11-30 08:00",
        ),
        (
            {"after_hours_receipt": False, "working_days_mode": "elapsed"},
            "2026-11-28 10:00",
            Unit.WORKING_DAYS,
            "2026-11-30 08:00",
        ),
        (
            {"after_hours_receipt": False, "clock_hours_as": "working"},
            "2026-11-28 10:00",
            Unit.CLOCK_HOURS,
            "2026-11-30 08:00",
        ),
    ],
)
def test_zero_is_due_when_the_clock_starts(
    changes: dict[str, Any], received: str, unit: Unit, starts: str
) -> None:
    rules = rules_with(**changes)
    deadline = rules.deadline(at(received), Duration.of(0, unit))
    assert (deadline.starts_at, deadline.due_at) == (at(starts), at(starts))
    batch = rules.deadlines([at(received)], Duration.of(0, unit))
    assert batch.due_at[0] == datetime.fromisoformat(starts)  # naive Vietnam time
    clock = rules.clock(deadline)
    assert clock.due_at == at(starts)
    assert clock.finish(at(starts)).status == "on_time"
    assert clock.finish(at(starts) + timedelta(minutes=1)).status == "late"


def test_same_day_is_not_a_zero_length_time() -> None:
    # trong ngày: Thu 26 Nov 10:00 is due at that day's close, 17:00
    deadline = rules_with().deadline(at("2026-11-26 10:00"), Duration.of(0, Unit.SAME_DAY))
    assert (deadline.starts_at, deadline.due_at) == (at("2026-11-26 10:00"), at("2026-11-26 17:00"))


def test_a_pause_at_the_due_moment_of_zero_moves_it_in_both_engines() -> None:
    rules = rules_with()
    zero = Duration.of(0, Unit.WORKING_DAYS)
    # received Thu 26 Nov 10:00: due Fri 27 Nov 08:00; a pause from that moment to
    # Fri 10:00 holds 2 working hours, so the due moment moves to Fri 10:00.
    clock = rules.clock(rules.deadline(at("2026-11-26 10:00"), zero))
    clock = clock.pause(at("2026-11-27 08:00")).resume(at("2026-11-27 10:00"))
    assert clock.due_at == at("2026-11-27 10:00")
    batch = rules.evaluate(
        [at("2026-11-26 10:00")],
        zero,
        pauses=[[(at("2026-11-27 08:00"), at("2026-11-27 10:00"))]],
        as_of=at("2026-12-31 00:00"),
    )
    assert batch.due_at[0] == datetime(2026, 11, 27, 10, 0)


# -- every policy, every receipt: the engines agree and never end before the start -------

#: Each policy field that changes where a count starts or ends, alone and combined with
#: the one that keeps a receipt outside working time (rules are built once per policy).
_CHANGES: list[dict[str, Any]] = [
    {},
    {"general_cutoff": time(15)},
    {"working_days_mode": "elapsed"},
    {"roll_to_working_day": False},
    {"period_end": "close"},
    {"pause_mode": "restart"},
    {"clock_hours_as": "working"},
    {"clock_hours_end": "next_opening"},
    {"clock_hours_end": "exact"},
]
_POLICIES = st.sampled_from(
    [
        tuple(sorted({**c, "after_hours_receipt": a}.items()))
        for c in _CHANGES
        for a in (True, False)
    ]
)


@cache
def _rules(changes: tuple[tuple[str, Any], ...]) -> Rules:
    return rules_with(**dict(changes))


_RECEIVED = st.integers(0, 364 * 24 * 4).map(
    lambda quarter: at("2026-01-01 00:00") + timedelta(minutes=15 * quarter)
)


@settings(max_examples=100, deadline=None)
@given(policy=_POLICIES, received=_RECEIVED, unit=st.sampled_from(ZERO_UNITS))
def test_every_engine_puts_zero_at_the_start_of_its_clock(
    policy: tuple[tuple[str, Any], ...], received: datetime, unit: Unit
) -> None:
    rules = _rules(policy)
    zero = Duration.of(0, unit)
    deadline = rules.deadline(received, zero)
    assert deadline.due_at == deadline.starts_at >= deadline.effective_at
    batch = rules.deadlines([received], zero)
    assert batch.starts_at[0] == deadline.starts_at.replace(tzinfo=None)
    assert batch.due_at[0] == deadline.due_at.replace(tzinfo=None)
    assert rules.clock(deadline).due_at == deadline.starts_at


# -- the same meaning from a time text, a catalog value and the command line -------------


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("0 ngày làm việc", Unit.WORKING_DAYS),
        ("0 giờ làm việc", Unit.WORKING_HOURS),
        ("0 ngày", Unit.CALENDAR_DAYS),
        ("0 tháng", Unit.MONTHS),
        ("0 giờ", Unit.CLOCK_HOURS),
        ("00 Tháng", Unit.MONTHS),
    ],
)
def test_zero_in_a_time_text_is_a_zero_length_time(text: str, unit: Unit) -> None:
    [case] = parse_cases(text)
    assert (case.duration.value, case.duration.unit) == (0, unit)


def test_zero_in_a_catalog_value_is_due_when_the_clock_starts(tmp_path: Path) -> None:
    builder = CatalogBuilder(tmp_path)
    builder.add(
        "9.999001",
        processing_time=[{"time": {"value": 0, "unit": "months"}, "time_text": "0 tháng"}],
    )
    catalog = builder.load()
    assert catalog.set_aside("9.999001") == frozenset()  # read, not refused
    procedure = catalog["9.999001"]
    rules = rules_with(period_end="close")
    deadline = rules.deadline(at("2026-11-26 10:00"), procedure)
    assert (deadline.starts_at, deadline.due_at) == (at("2026-11-27 00:00"), at("2026-11-27 00:00"))


@pytest.mark.parametrize(
    ("time_text", "starts"),
    [
        ("0 ngày làm việc", "2026-11-27T08:00:00+07:00"),
        ("0 giờ làm việc", "2026-11-26T10:00:00+07:00"),
        ("0 ngày", "2026-11-27T00:00:00+07:00"),
        ("0 tháng", "2026-11-27T00:00:00+07:00"),
        ("0 giờ", "2026-11-26T10:00:00+07:00"),
    ],
)
@pytest.mark.parametrize("period_end", ["midnight", "close"])
def test_tthc_due_shows_zero_due_when_the_clock_starts(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    time_text: str,
    starts: str,
    period_end: str,
) -> None:
    # A synthetic province plugin named in the configuration sets the period end (one
    # module name per policy: a module imported once stays in sys.modules).
    name = f"tthc_zero_{period_end}"
    (tmp_path / f"{name}.py").write_text(
        "from tthc import hookimpl\nfrom tthc.sla import CountingPolicy\n\n\n@hookimpl\n"
        f"def tthc_counting_policy():\n    return CountingPolicy(period_end={period_end!r})\n",
        encoding="utf-8",
    )
    (tmp_path / "tthc.toml").write_text(f'plugins = ["{name}"]\n', encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("TTHC_PLUGINS", name)  # this plugin and no installed one
    code = main(["due", "--received", "2026-11-26 10:00", "--time", time_text, "--format", "json"])
    out, err = capsys.readouterr()
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert (data["starts_at"], data["due_at"]) == (starts, starts)
