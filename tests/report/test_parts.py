"""Partial reports add up exactly; ids are checked across parts; per-dossier rows; Parquet;
``--jobs``."""

from __future__ import annotations

import csv
import io
import itertools
import random
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tthc.duration import Duration
from tthc.model import Case, Level, Procedure
from tthc.report import OnTimeReport, ReportError, on_time_report, render
from tthc.report.duplicates import PARTS, Spill, find
from tthc.rules import Rules
from tthc.tz import VN_TZ

CATALOG = [
    Procedure(
        code=f"9.99920{k}",
        name=f"Synthetic {k}",
        field=f"F{k % 2}",
        levels=(Level.PROVINCE,),
        agencies=(f"a{k % 3}",),
        processing_time=(Case(time=Duration.of(value, unit)),),
    )
    for k, (value, unit) in enumerate(
        [
            (3, "working_days"),
            (16, "working_hours"),
            (15, "calendar_days"),
            (1, "months"),
            (0, "same_day"),
        ]
    )
]
HEAD = ["dossier_id", "procedure_code", "received_at", "finished_at", "pauses"]


def dossiers(n: int, seed: int = 766, twice: int = 0) -> list[list[str]]:
    rng = random.Random(seed)
    rows = []
    for k in range(n):
        received = datetime(2026, 1, 5) + timedelta(minutes=rng.randrange(330 * 24 * 60))
        finished = received + timedelta(minutes=rng.randrange(40 * 24 * 60))
        pauses = ""
        if rng.random() < 0.2:
            a = received + timedelta(hours=rng.randrange(48))
            b = a + timedelta(hours=rng.randrange(72))
            finished = max(finished, b)
            pauses = f"{a.isoformat()}/{b.isoformat()}"
        rows.append(
            [
                f"HS{k}",
                rng.choice(CATALOG).code,
                received.isoformat(),
                finished.isoformat() if rng.random() < 0.85 else "",
                pauses,
            ]
        )
    for _ in range(twice):  # the same dossier again, later in the file
        rows.append(list(rows[rng.randrange(n)]))
    return rows


def text(rows: list[list[str]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEAD)
    writer.writerows(rows)
    return out.getvalue()


@pytest.fixture(scope="module")
def rules() -> Rules:
    return Rules(load_entry_points=False)


def report(data: str, rules: Rules, **kw: object) -> OnTimeReport:
    return on_time_report(io.StringIO(data), CATALOG, rules, date_to=date(2026, 12, 31), **kw)  # type: ignore[arg-type]


@settings(max_examples=15, deadline=None)
@given(cuts=st.lists(st.integers(0, 300), max_size=4))
def test_merged_parts_equal_the_whole(rules: Rules, cuts: list[int]) -> None:
    rows = dossiers(300)
    whole = report(text(rows), rules)
    bounds = [0, *sorted(cuts), len(rows)]
    parts = [report(text(rows[a:b]), rules) for a, b in itertools.pairwise(bounds)]
    merged = OnTimeReport.merge(parts)
    assert merged.as_dict("en") == whole.as_dict("en")
    again = OnTimeReport.from_state(merged.to_state())
    assert render(again, "json", "en") == render(whole, "json", "en")


def test_merge_refuses_different_periods(rules: Rules) -> None:
    a = report(text(dossiers(5)), rules)
    b = on_time_report(io.StringIO(text(dossiers(5))), CATALOG, rules, date_to=date(2026, 6, 30))
    with pytest.raises(ReportError, match="different periods"):
        OnTimeReport.merge([a, b])


def test_a_dossier_listed_twice_is_counted_once(rules: Rules) -> None:
    rows = dossiers(400, twice=7)
    with pytest.raises(ReportError) as info:
        report(text(rows), rules)
    assert len(info.value.bad_rows) == 7
    assert all("is also on row" in b.message("en") for b in info.value.bad_rows)
    skipped = report(text(rows), rules, skip_bad=True)
    assert (
        skipped.as_dict("en")["overall"] == report(text(rows[:400]), rules).as_dict("en")["overall"]
    )
    assert skipped.rows == 407


def test_spill_finds_exact_duplicates_only(tmp_path: Path) -> None:
    spill = Spill(tmp_path)
    # a long id in the second chunk: an id's part must not depend on its neighbours
    ids = [f"id{k}" for k in range(5000)] + ["id17", "id4999", "id17", "x" * 40]
    n = len(ids)
    rows = np.arange(2, n + 2, dtype=np.int64)
    zeros = np.zeros(n, dtype=np.int64)
    spill.add(ids[:3000], rows[:3000], zeros[:3000], zeros[:3000], zeros[:3000], zeros[:3000])
    spill.add(ids[3000:], rows[3000:], zeros[3000:], zeros[3000:], zeros[3000:], zeros[3000:])
    found = find([spill])
    assert [(d.dossier_id, d.row, d.first) for d in found] == [
        ("id17", 5002, 19),
        ("id4999", 5003, 5001),
        ("id17", 5004, 19),
    ]
    assert len(list(spill.folder.iterdir())) <= PARTS
    spill.remove()
    assert not spill.folder.exists()


@pytest.mark.parametrize("suffix", [".csv", ".parquet"])
def test_rows_out_equal_the_batch_engine(rules: Rules, tmp_path: Path, suffix: str) -> None:
    import pyarrow.parquet as pq

    rows = dossiers(500)
    out = tmp_path / f"rows{suffix}"
    whole = report(text(rows), rules, rows_to=out)
    if suffix == ".csv":
        with out.open(encoding="utf-8") as handle:
            written = list(csv.DictReader(handle))
        due = [r["due_at"] for r in written]
        status = [r["status"] for r in written]
    else:
        table = pq.read_table(out).to_pylist()
        written = table
        due = [r["due_at"].strftime("%Y-%m-%dT%H:%M:%S+07:00") for r in table]
        status = [r["status"] for r in table]
    assert len(written) == 500
    counted = {s: status.count(s) for s in ("early", "on_time", "late", "overdue", "open")}
    assert counted == {k: v for k, v in whole.as_dict("en")["overall"].items() if k in counted}
    procedures = {p.code: p for p in CATALOG}
    # the due moments are those of the public batch engine (pauses moved them or not)
    no_pause = [k for k, r in enumerate(rows) if not r[4]]
    expected = rules.deadlines(
        [datetime.fromisoformat(rows[k][2]) for k in no_pause],
        [procedures[rows[k][1]] for k in no_pause],
    ).due_at
    got = [due[k] for k in no_pause]
    assert got == [f"{np.datetime_as_string(d, unit='s')}+07:00" for d in expected]


def test_parquet_input_equals_csv(rules: Rules, tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    rows = dossiers(600)
    table = pa.table(
        {
            "dossier_id": [r[0] for r in rows],
            "procedure_code": [r[1] for r in rows],
            "received_at": pa.array([datetime.fromisoformat(r[2]) for r in rows]),
            "finished_at": pa.array(
                [datetime.fromisoformat(r[3]) if r[3] else None for r in rows],
                type=pa.timestamp("us"),
            ),
            "pauses": [r[4] or None for r in rows],
        }
    )
    path = tmp_path / "dossiers.parquet"
    pq.write_table(table, path, row_group_size=100)
    from_parquet = on_time_report(path, CATALOG, rules, date_to=date(2026, 12, 31))
    assert from_parquet.as_dict("en") == report(text(rows), rules).as_dict("en")
    parallel = on_time_report(path, CATALOG, rules, date_to=date(2026, 12, 31), jobs=3)
    assert parallel.as_dict("en") == from_parquet.as_dict("en")


def test_jobs_equal_one_process(rules: Rules, tmp_path: Path) -> None:
    rows = dossiers(3000, twice=3)
    # a quoted field with a line break: parts are never cut inside it
    rows[1500][4] = ""
    rows[1500][0] = "HS\nwith a break"
    path = tmp_path / "dossiers.csv"
    path.write_text(text(rows), encoding="utf-8")
    one = on_time_report(path, CATALOG, rules, date_to=date(2026, 12, 31), skip_bad=True)
    out = tmp_path / "rows.csv"
    many = on_time_report(
        path, CATALOG, rules, date_to=date(2026, 12, 31), skip_bad=True, jobs=3, rows_to=out
    )
    assert many.as_dict("en") == one.as_dict("en")
    assert [b.row for b in many.bad_rows] == [b.row for b in one.bad_rows]
    with out.open(encoding="utf-8") as handle:
        written = list(csv.DictReader(handle))
    assert len(written) == 3000
    assert [int(r["row"]) for r in written] == sorted(int(r["row"]) for r in written)


def test_cuts_are_outside_quotes(tmp_path: Path) -> None:
    from tthc.report.parallel import text_cuts

    path = tmp_path / "q.csv"
    path.write_bytes(b'a,b\n1,"x\ny\nz"\n2,w\n3,v\n')
    cuts = text_cuts(path, 8, csv_quotes=True)
    data = path.read_bytes()
    for offset, line in cuts:
        assert data[:offset].count(b'"') % 2 == 0
        assert data[:offset].count(b"\n") + 1 == line


def test_hostile_parquet_is_refused_with_a_message(rules: Rules, tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    rows = dossiers(10)
    base = {
        "dossier_id": [r[0] for r in rows],
        "procedure_code": [r[1] for r in rows],
        "received_at": [r[2] for r in rows],
        "finished_at": [r[3] for r in rows],
    }
    # a cell far longer than any dossier id: refused before the batch is turned into text
    long = dict(base, dossier_id=[*base["dossier_id"][:6], "x" * 200_000, *base["dossier_id"][7:]])
    path = tmp_path / "long.parquet"
    pq.write_table(pa.table(long), path)
    with pytest.raises(ReportError) as caught:
        on_time_report(path, CATALOG, rules, date_to=date(2026, 12, 31))
    assert "row 7: the cell dossier_id is longer than" in caught.value.text.en
    # bytes that are not UTF-8 in a binary column
    binary = dict(base, dossier_id=pa.array([b"\xff\xfe"] * 10, type=pa.binary()))
    path = tmp_path / "bytes\n.parquet"  # a name with a line break is quoted escaped
    pq.write_table(pa.table(binary), path)
    with pytest.raises(ReportError) as caught:
        on_time_report(path, CATALOG, rules, date_to=date(2026, 12, 31))
    assert "cannot read Parquet" in caught.value.text.en
    assert "bytes\\n.parquet" in caught.value.text.en and "\n" not in caught.value.text.en
    # not a Parquet file at all
    path = tmp_path / "text.parquet"
    path.write_text("dossier_id\nHS1\n", encoding="utf-8")
    with pytest.raises(ReportError, match="cannot read Parquet"):
        on_time_report(path, CATALOG, rules, date_to=date(2026, 12, 31))


def test_jobs_refuse_a_line_over_the_bound(rules: Rules, tmp_path: Path) -> None:
    from tthc.limits import MAX_LINE

    rows = dossiers(400)
    lines = text(rows).splitlines(keepends=True)
    lines[300] = "HS-long," + "9" * MAX_LINE + ",,,\n"  # line 301
    path = tmp_path / "dossiers.csv"
    path.write_text("".join(lines), encoding="utf-8")
    for jobs in (1, 3):
        with pytest.raises(ReportError) as caught:
            on_time_report(path, CATALOG, rules, date_to=date(2026, 12, 31), jobs=jobs)
        assert "line 301 is longer than" in caught.value.text.en, jobs


def test_parquet_batches_equal_csv_row_by_row(rules: Rules, tmp_path: Path) -> None:
    """Parquet rows counted from their arrays (timestamps, no pause) give what the same rows
    read one by one as CSV give, with rows of every other kind mixed in: ids with blanks
    around them, unknown procedures, open and paused dossiers, a finish before the receipt,
    times outside the calendar, a dossier listed twice, zones and units of timestamps."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    rng = random.Random(12)
    rows = dossiers(1200, seed=12, twice=4)
    received = [datetime.fromisoformat(r[2]) for r in rows]
    finished = [datetime.fromisoformat(r[3]) if r[3] else None for r in rows]
    ids = [r[0] for r in rows]
    codes = [r[1] for r in rows]
    for k in rng.sample(range(len(rows)), 60):
        kind = k % 6
        if kind == 0:
            ids[k] = f" {ids[k - 1]}\u3000"  # the id above, with blanks strip() removes
        elif kind == 1:
            codes[k] = "9.999999"  # not in the catalog
        elif kind == 2:
            ids[k] = "  "  # no id
        elif kind == 3 and finished[k] is not None:
            finished[k] = received[k] - timedelta(hours=3)  # before its receipt
        elif kind == 4:
            received[k] = datetime(1990, 1, 2, 8)  # before the calendar
        else:
            finished[k] = datetime(2200, 1, 2, 8)  # after it
    micro = rng.sample(range(len(rows)), 30)
    for k in micro:  # sub-second moments
        received[k] = received[k].replace(microsecond=rng.randrange(1, 10**6))
    ends = [f.isoformat() if f else "" for f in finished]
    texts = [
        [ids[k], codes[k], received[k].isoformat(), ends[k], rows[k][4]] for k in range(len(rows))
    ]
    by_csv = report(text(texts), rules, skip_bad=True)
    theirs = by_csv.as_dict("en")
    theirs.pop("skipped")
    # a Parquet row's number is its position; a CSV row's its line (the header is line 1)
    bad = [b.row - 1 for b in by_csv.bad_rows]
    assert len(bad) > 30
    zoned = [r.replace(tzinfo=VN_TZ).astimezone(timezone.utc) for r in received]
    for unit, tz, moments, listed in (
        ("us", None, received, False),
        ("ns", "UTC", zoned, True),
    ):
        table = pa.table(
            {
                "dossier_id": ids,
                "procedure_code": codes,
                "received_at": pa.array(moments, type=pa.timestamp(unit, tz=tz)),
                "finished_at": pa.array(finished, type=pa.timestamp(unit)),
                # pauses as text, or as a list of "START/END" strings
                "pauses": [([r[4]] if r[4] else []) if listed else (r[4] or None) for r in rows],
            }
        )
        path = tmp_path / f"d-{unit}.parquet"
        pq.write_table(table, path, row_group_size=250)
        got = on_time_report(path, CATALOG, rules, date_to=date(2026, 12, 31), skip_bad=True)
        assert [b.row for b in got.bad_rows] == bad, unit
        mine = got.as_dict("en")
        mine.pop("skipped")
        assert mine == theirs, unit
