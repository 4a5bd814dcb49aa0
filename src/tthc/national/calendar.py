"""National calendar rules: statutory holidays, official swaps and the national working hours.

This module is a plugin like any province plugin; it implements three hooks:

- ``tthc_calendar_days``: the official decisions for public employees (cán bộ, công
  chức, viên chức), shipped as data in ``data/decisions.yaml`` with their document
  numbers, then the statutory holidays of the Labour Code (ngày lễ, Tết) and the
  compensatory days, shipped in ``data/holidays_vn.json``. That file is computed from
  the ``holidays`` package (VN) and checked against it by the test suite, so that
  building a calendar does not pay for importing ``holidays`` (about 160 ms); years
  beyond the file are computed from ``holidays`` at run time.
- ``tthc_official_years``: the years ``decisions.yaml`` covers with official documents.
- ``tthc_working_hours``: 08:00-12:00 and 13:00-17:00 (Decision 188/1999/QĐ-TTg: 40-hour
  week, Monday to Friday). The hours of the day are set by each province: a province
  plugin answers this hook with its own (often seasonal) hours.

Regenerate the statutory data with ``python -m tthc.national.calendar``, and the compiled
copy of the decisions (``decisions.json``) with ``python -m tthc.national.calendar decisions``.
"""

from __future__ import annotations

import json
import sys
import zlib
from contextlib import suppress
from datetime import date, time
from functools import lru_cache
from pathlib import Path
from typing import Any

from tthc.calendar import CalendarDay, HoursPeriod, WorkingHours, parse_intervals
from tthc.errors import CalendarError
from tthc.hookspecs import hookimpl
from tthc.i18n import Text

#: Source of the statutory dates when no decision of the year is recorded.
HOLIDAYS_PACKAGE = "python-holidays (VN)"

#: Years shipped in ``holidays_vn.json``.
STATUTORY_FIRST_YEAR = 1995
STATUTORY_LAST_YEAR = 2035

#: National default hours: 08:00-12:00 and 13:00-17:00 (40-hour week, Monday to Friday;
#: ``decisions.yaml``, ``working_hours``). A province that keeps them (as Tuyên Quang,
#: for want of a notice of its own) builds its hours from these.
NATIONAL_INTERVALS: tuple[tuple[time, time], ...] = (
    (time(8), time(12)),
    (time(13), time(17)),
)

_CULTURE_DAY_SOURCE = (
    "Nghị quyết 80-NQ/TW (01/2026): chủ trương nghỉ Ngày Văn hóa Việt Nam 24/11; "
    "văn bản luật hoá chưa xác nhận; ngày theo python-holidays (VN)"
)


def labour_code(year: int) -> str:
    """The Labour Code (Bộ luật Lao động) article that lists the holidays in ``year``."""
    if year >= 2021:
        return "Bộ luật Lao động 2019 (45/2019/QH14), Điều 112"
    if year >= 2013:
        return "Bộ luật Lao động 2012 (10/2012/QH13), Điều 115"
    return "Bộ luật Lao động 1994 (và các lần sửa đổi), Điều 73"


# -- shipped data ----------------------------------------------------------------------


_DATA = Path(__file__).with_name("data")


def _data(name: str) -> bytes:
    return (_DATA / name).read_bytes()


@lru_cache(maxsize=1)
def statutory_data() -> dict[str, Any]:
    """The shipped statutory days (``holidays_vn.json``) as parsed JSON."""
    data: dict[str, Any] = json.loads(_data("holidays_vn.json"))
    return data


def _load_yaml(text: bytes) -> Any:
    """``decisions.yaml`` as plain data, read by the project's strict YAML reader.

    Broken YAML raises :class:`~tthc.yamlsource.YamlError` naming the file, line and
    column; a date that does not exist (``2026-02-30``) stays text, which
    :func:`decision_days` then reports with its year and entry (PyYAML's own loader
    fails on it with a bare ``ValueError`` that says neither).
    """
    from tthc.yamlsource import parse_yaml

    return parse_yaml(text, "decisions.yaml", positions=False).data


def _checksum(raw: bytes) -> str:
    return f"crc32:{zlib.crc32(raw):08x}"


@lru_cache(maxsize=1)
def decisions_data() -> dict[str, Any]:
    """The official decisions (``decisions.yaml``) as parsed data.

    ``decisions.yaml`` is the source. ``decisions.json`` is its compiled copy, used when
    its checksum matches the YAML file, so that a cold start does not import a YAML
    parser; an edited YAML without a fresh copy is simply parsed (the tests ask for a
    fresh copy: ``python -m tthc.national.calendar decisions``).
    """
    raw = _data("decisions.yaml")
    try:
        compiled: dict[str, Any] = json.loads(_data("decisions.json"))
    except (OSError, ValueError):
        compiled = {}
    if compiled.get("source_checksum") == _checksum(raw):
        data: dict[str, Any] = compiled["data"]
        return data
    parsed: dict[str, Any] = _load_yaml(raw)
    return parsed


def _text(value: Any, where: str) -> Text:
    if isinstance(value, dict) and isinstance(value.get("vi"), str):
        return Text(value["vi"], str(value.get("en", value["vi"])))
    if isinstance(value, str):
        return Text(value, value)
    raise CalendarError(
        Text(
            f"decisions.yaml: lý do không hợp lệ ở {where}: {value!r}",
            f"decisions.yaml: invalid reason at {where}: {value!r}",
        )
    )


def _date(value: Any, where: str) -> date:
    """A date of ``decisions.yaml``: a YAML date, or text in ISO form (YYYY-MM-DD)."""
    if type(value) is date:
        return value
    if isinstance(value, str):
        with suppress(ValueError):
            return date.fromisoformat(value.strip())
    raise CalendarError(
        Text(
            f"decisions.yaml: ngày không hợp lệ {value!r} ở {where} "
            "(cần một ngày có thật, dạng YYYY-MM-DD)",
            f"decisions.yaml: invalid date {value!r} at {where} (expected a real date, YYYY-MM-DD)",
        )
    )


@lru_cache(maxsize=1)
def decision_days() -> tuple[CalendarDay, ...]:
    """Every day recorded by an official decision, with its document.

    These are not estimates, except a day marked ``confirmed: false`` in
    ``decisions.yaml``: its decision is announced but not confirmed (Vietnam Culture Day
    in 2026), so it stays an estimate and says so.
    """
    out: list[CalendarDay] = []
    for entry in decisions_data().get("years", []):
        year = int(entry["year"])
        default_source = "; ".join(doc["number"] for doc in entry.get("documents", []))
        for change in entry.get("days", []):
            where = f"{year}: {change.get('dates')!r}"
            reason = _text(change.get("reason"), where)
            source = str(change.get("source") or default_source)
            working = bool(change.get("working", False))
            confirmed = change.get("confirmed", True)
            if not isinstance(confirmed, bool):
                raise CalendarError(
                    Text(
                        f"decisions.yaml: 'confirmed' phải là true hoặc false ở {where}: "
                        f"{confirmed!r}",
                        f"decisions.yaml: 'confirmed' must be true or false at {where}: "
                        f"{confirmed!r}",
                    )
                )
            for value in change["dates"]:
                day = _date(value, where)
                if day.year != year:
                    raise CalendarError(
                        Text(
                            f"decisions.yaml: ngày {day!r} không thuộc năm {year}",
                            f"decisions.yaml: date {day!r} is not in year {year}",
                        )
                    )
                # An unconfirmed decision (confirmed: false) stays an estimate.
                named = _tet_day_name(day, reason)
                out.append(
                    CalendarDay(day, working, named, source, not confirmed, confirmed=confirmed)
                )
    return tuple(out)


#: The five statutory Tết days (Labour Code art. 112) by the name python-holidays gives them,
#: and the name people and notices use: Giao thừa (the last day of the lunar year), Mùng 1..5.
_TET_NAMES: dict[str, Text] = {
    "29 Tết": Text("29 tháng Chạp (Tết Nguyên đán)", "29th of the last lunar month (Tết)"),
    "Giao thừa Tết Nguyên Đán": Text(
        "Giao thừa (Tết Nguyên đán)", "Lunar New Year's Eve (Giao thừa, Tết)"
    ),
    "Tết Nguyên Đán": Text("Mùng 1 Tết Nguyên đán", "1st day of Tết (Mùng 1)"),
    "Mùng hai Tết Nguyên Đán": Text("Mùng 2 Tết Nguyên đán", "2nd day of Tết (Mùng 2)"),
    "Mùng ba Tết Nguyên Đán": Text("Mùng 3 Tết Nguyên đán", "3rd day of Tết (Mùng 3)"),
    "Mùng bốn Tết Nguyên Đán": Text("Mùng 4 Tết Nguyên đán", "4th day of Tết (Mùng 4)"),
    "Mùng năm Tết Nguyên Đán": Text("Mùng 5 Tết Nguyên đán", "5th day of Tết (Mùng 5)"),
    "Mùng sáu Tết Nguyên Đán": Text("Mùng 6 Tết Nguyên đán", "6th day of Tết (Mùng 6)"),
}


@lru_cache(maxsize=1)
def _statutory_tet_names() -> dict[str, Text]:
    """The statutory name of each Tết day in the shipped data, by ISO date."""
    return {
        str(row[0]): _TET_NAMES[str(row[2])]
        for row in statutory_data()["days"]
        if str(row[2]) in _TET_NAMES
    }


def _tet_day_name(day: date, reason: Text) -> Text:
    """A day of a Tết break named by a decision ("Tết Nguyên đán") gets the name of the
    statutory day it is, when it is one (Giao thừa, Mùng 1..5); the weekend and swapped
    days of the break keep the decision's name."""
    if reason.vi != "Tết Nguyên đán":
        return reason
    return _statutory_tet_names().get(day.isoformat(), reason)


@lru_cache(maxsize=1)
def official_years() -> frozenset[int]:
    """Years whose decisions are recorded in ``decisions.yaml``."""
    return frozenset(int(e["year"]) for e in decisions_data().get("years", []))


def _is_culture_day(vi_name: str) -> bool:
    """Vietnam Culture Day (24/11): its legislation is not confirmed (see decisions.yaml)."""
    return "Văn hóa" in vi_name


def _source_for(day: date, vi_name: str) -> str:
    if _is_culture_day(vi_name):
        return _CULTURE_DAY_SOURCE
    if "thay cho" in vi_name or "làm bù" in vi_name:
        return f"{HOLIDAYS_PACKAGE}: hoán đổi ngày làm việc (chưa đối chiếu văn bản)"
    return f"{labour_code(day.year)}; ngày cụ thể theo {HOLIDAYS_PACKAGE}"


def statutory_rows(first_year: int, last_year: int) -> list[tuple[str, bool, str, str]]:
    """Rows ``(iso date, working, vi name, en name)`` computed by ``holidays`` (imported here).

    The holidays of ``holidays.VN`` (days off, including compensatory days and the
    swaps it knows) and its ``weekend_workdays`` (make-up Saturdays), by date.
    """
    import holidays

    years = range(first_year, last_year + 1)
    vi = holidays.country_holidays("VN", years=years, language="vi")
    en = holidays.country_holidays("VN", years=years, language="en_US")
    rows: list[tuple[str, bool, str, str]] = []
    swapped: dict[str, date] = {}
    for day in sorted(vi):
        rows.append((day.isoformat(), False, vi[day], en[day]))
        name = vi[day]
        if "thay cho ngày" in name:
            swapped[name.rsplit(" ", 1)[-1].rstrip(")")] = day
    for day in sorted(vi.weekend_workdays):
        if not first_year <= day.year <= last_year:
            continue
        off = swapped.get(day.strftime("%d/%m/%Y"))
        if off is not None:
            rows.append(
                (
                    day.isoformat(),
                    True,
                    f"Ngày làm bù (cho ngày nghỉ {off:%d/%m/%Y})",
                    f"Make-up working day (for the day off on {off.isoformat()})",
                )
            )
        else:
            rows.append((day.isoformat(), True, "Ngày làm bù", "Make-up working day"))
    rows.sort()
    return rows


def _statutory_days(first_year: int, last_year: int) -> list[CalendarDay]:
    data = statutory_data()
    rows: list[Any] = [r for r in data["days"] if first_year <= int(r[0][:4]) <= last_year]
    if last_year > int(data["last_year"]):  # beyond the shipped years: ask holidays itself
        rows.extend(statutory_rows(max(first_year, int(data["last_year"]) + 1), last_year))
    if first_year < int(data["first_year"]):
        rows.extend(statutory_rows(first_year, min(last_year, int(data["first_year"]) - 1)))
    known = official_years()
    out = []
    for iso, working, vi_name, en_name in rows:
        day = date.fromisoformat(iso)
        out.append(
            CalendarDay(
                day,
                bool(working),
                _TET_NAMES.get(vi_name) or Text(vi_name, en_name),
                _source_for(day, vi_name),
                day.year not in known,
                confirmed=not _is_culture_day(vi_name),
            )
        )
    return out


# -- hooks -----------------------------------------------------------------------------


@hookimpl
def tthc_calendar_days(first_year: int, last_year: int) -> list[CalendarDay]:
    """Official decisions first (they win), then statutory holidays and compensatory days."""
    days = [d for d in decision_days() if first_year <= d.day.year <= last_year]
    days.extend(_statutory_days(first_year, last_year))
    return days


@hookimpl
def tthc_official_years() -> frozenset[int]:
    """The years with recorded official decisions (see ``decisions.yaml``)."""
    return official_years()


@lru_cache(maxsize=1)
def national_hours() -> WorkingHours:
    """The national working hours from ``decisions.yaml`` (``working_hours``)."""
    spec = decisions_data()["working_hours"]
    period = HoursPeriod(
        parse_intervals(spec["intervals"]),
        name=_text(spec.get("name", "giờ làm việc"), "working_hours"),
        source=str(spec.get("source", "")),
    )
    return WorkingHours(
        (period,),
        note=_text(spec.get("note", ""), "working_hours"),
        week_source=str(spec.get("week_source", "")),
    )


@hookimpl
def tthc_working_hours() -> WorkingHours:
    """National default: 08:00-12:00, 13:00-17:00; provinces set their own."""
    return national_hours()


def compiled_decisions() -> str:
    """``decisions.json``: the parsed ``decisions.yaml`` with its checksum, as JSON text."""
    raw = _data("decisions.yaml")

    def iso(value: object) -> str:
        if isinstance(value, date):
            return value.isoformat()
        raise TypeError(f"cannot store {value!r} in JSON")

    payload = {
        "about": (
            "Compiled copy of decisions.yaml (the source: edit that file, then run "
            "`python -m tthc.national.calendar decisions`)."
        ),
        "source_checksum": _checksum(raw),
        "data": _load_yaml(raw),
    }
    return json.dumps(payload, ensure_ascii=False, indent=1, default=iso) + "\n"


def _main(argv: list[str]) -> int:
    """Print ``holidays_vn.json`` (default) or ``decisions.json`` (argument ``decisions``)."""
    if argv[:1] == ["decisions"]:
        sys.stdout.write(compiled_decisions())
        return 0
    import holidays

    rows = statutory_rows(STATUTORY_FIRST_YEAR, STATUTORY_LAST_YEAR)
    head = {
        "about": (
            "Statutory days off and make-up days of Vietnam computed by python-holidays "
            "(country VN); regenerate with `python -m tthc.national.calendar`; "
            "tests check it against the installed holidays package."
        ),
        "holidays_version": str(getattr(holidays, "__version__", "?")),
        "first_year": STATUTORY_FIRST_YEAR,
        "last_year": STATUTORY_LAST_YEAR,
    }
    lines = [f"  {json.dumps(k)}: {json.dumps(v, ensure_ascii=False)}," for k, v in head.items()]
    body = ",\n".join(f"    {json.dumps(list(r), ensure_ascii=False)}" for r in rows)
    sys.stdout.write("{\n" + "\n".join(lines) + '\n  "days": [\n' + body + "\n  ]\n}\n")
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(_main(sys.argv[1:]))
