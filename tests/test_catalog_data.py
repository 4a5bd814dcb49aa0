"""The bundled sample catalog loads into the model and agrees with the duration parser.

Every file of ``catalog/procedures`` must load as a :class:`~tthc.model.Procedure`, be named
by its code, and record times that its published texts (``time_text``, ``committed_text``,
step ``time_text``) read as. A reduction remark printed in a committed text ("cắt giảm
01/03 ngày làm việc") must name the legal time the case records.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from tthc.duration import Duration, Unit
from tthc.durationtext import parse_cases, parse_duration, parse_reduction_remark
from tthc.model import Procedure
from tthc.national.validation import bare_hours_as_working_hours

CATALOG = Path(__file__).resolve().parent.parent / "catalog"
FILES = sorted((CATALOG / "procedures").glob("*.yaml"))
SCHEMA_COMMENT = "# yaml-language-server: $schema=../schema/procedure.schema.json"


def _load(path: Path) -> Procedure:
    data: Any = yaml.safe_load(path.read_text(encoding="utf-8"))
    return Procedure.model_validate(data)


def _registry_ids(name: str) -> set[str]:
    entries: Any = yaml.safe_load((CATALOG / name).read_text(encoding="utf-8"))
    return {entry["id"] for entry in entries}


def _single(text: str, *, day_unit: Unit = Unit.CALENDAR_DAYS) -> Duration | None:
    """The one time ``text`` states, or ``None`` when it states several cases."""
    cases = parse_cases(text, day_unit=day_unit)
    return cases[0].duration.without_note() if len(cases) == 1 else None


def test_the_catalog_has_procedures() -> None:
    assert len(FILES) >= 30


@pytest.mark.parametrize("path", FILES, ids=lambda path: path.stem)
def test_file_loads_and_is_named_by_its_code(path: Path) -> None:
    procedure = _load(path)
    assert path.stem == procedure.code
    assert path.read_text(encoding="utf-8").splitlines()[0] == SCHEMA_COMMENT
    assert procedure.source is not None and procedure.source.url


@pytest.mark.parametrize("path", FILES, ids=lambda path: path.stem)
def test_fields_and_agencies_are_registered(path: Path) -> None:
    procedure = _load(path)
    assert procedure.field in _registry_ids("fields.yaml")
    assert set(procedure.agencies) <= _registry_ids("agencies.yaml")


@pytest.mark.parametrize("path", FILES, ids=lambda path: path.stem)
def test_time_texts_read_as_the_recorded_times(path: Path) -> None:
    procedure = _load(path)
    for case in procedure.processing_time:
        if case.time_text and (read := _single(case.time_text)) is not None:
            if bare_hours_as_working_hours(case.time_text, case.time, case):
                pytest.fail(f"{case.time_text}: a bare 'giờ' recorded as working hours (TT306)")
            if not bare_hours_as_working_hours(case.time_text, case.time):
                assert read == case.time.without_note(), case.time_text
            # else: "12 Giờ" recorded as working hours because the case's published name
            # says "12 giờ làm việc" (2.002351)
        if case.committed_text:
            assert case.committed is not None
            read = _single(case.committed_text)
            assert read == case.committed.without_note(), case.committed_text
            remark = parse_reduction_remark(case.committed_text)
            if remark is not None:
                assert remark.legal == case.time.value
                assert remark.legal - remark.cut == case.committed.value
        for step in case.steps:
            if step.time is None:
                continue
            assert step.time_text is not None
            # Internal processes count working days and may write them as a bare "ngày".
            assert parse_duration(step.time_text, day_unit=Unit.WORKING_DAYS) == step.time


@pytest.mark.parametrize("path", FILES, ids=lambda path: path.stem)
def test_steps_add_up_to_the_time(path: Path) -> None:
    procedure = _load(path)
    for case in procedure.processing_time:
        counted = [step.time for step in case.steps if step.time is not None]
        if counted:
            hours = [d.working_hours for d in counted]
            assert None not in hours
            assert sum(h for h in hours if h is not None) == case.effective.working_hours


def test_registry_ids_are_kebab_case_and_unique() -> None:
    for name in ("fields.yaml", "agencies.yaml"):
        entries: Any = yaml.safe_load((CATALOG / name).read_text(encoding="utf-8"))
        ids = [entry["id"] for entry in entries]
        assert len(ids) == len(set(ids))
        for entry_id in ids:
            assert entry_id.isascii() and entry_id == entry_id.lower(), entry_id
            assert all(part.isalnum() for part in entry_id.split("-")), entry_id
