"""The national validation rules (quy tắc kiểm tra danh mục), checked by ``tthc validate``.

This module is a plugin like any province plugin: it implements the hook
``tthc_validation_rules`` and returns :class:`~tthc.validation.Rule` objects. Codes
are stable and grouped:

- ``TT0xx`` the runner itself (a rule that raised);
- ``TT1xx`` shape of a file (YAML, schema, file name, comments, Decree 63 fields);
- ``TT2xx`` references (fields, agencies, duplicate codes, registries);
- ``TT3xx`` time consistency (steps, committed time, time as published, committed time
  given only as text, a bare "giờ" recorded as working hours);
- ``TT4xx`` levels and channels.

A province plugin uses its own prefix (``TQ101``) so that codes never clash.
"""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Iterator, Sequence
from datetime import date
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from tthc.channel import Channel
from tthc.duration import HOURS_PER_WORKING_DAY, Duration, Unit
from tthc.errors import DurationError
from tthc.hookspecs import hookimpl
from tthc.i18n import Text
from tthc.validation import CheckContext, Problem, Rule, Severity

if TYPE_CHECKING:
    # Annotations only: importing the loader (and PyYAML) here would slow every
    # `tthc due` start, which never loads a catalog.
    from tthc.catalog import Catalog
    from tthc.model import Case, Procedure

__all__ = [
    "NATIONAL_RULES",
    "TWO_TIER_FROM",
    "bare_hours_as_working_hours",
    "tthc_validation_rules",
]

#: Local government has two tiers (province, commune) from this day: Resolution
#: 202/2025/QH15 abolished the district level (cấp huyện).
TWO_TIER_FROM = date(2025, 7, 1)

E = Severity.ERROR
W = Severity.WARNING


# -- TT1xx shape ------------------------------------------------------------------------


def _check_file_name(procedure: Procedure, context: CheckContext) -> Iterator[Problem]:
    source = context.catalog.source_of(procedure.code)
    if source.path.startswith("<"):
        return
    name = os.path.basename(source.path)
    if os.path.splitext(name)[0] != procedure.code:
        yield Problem(
            Text(
                f"tệp tên '{name}' nhưng mã thủ tục là '{procedure.code}'",
                f"file is named '{name}' but the procedure code is '{procedure.code}'",
            ),
            loc=("code",),
            hint=Text(
                f"Đổi tên tệp thành '{procedure.code}.yaml' (hoặc sửa mã nếu mã sai).",
                f"Rename the file to '{procedure.code}.yaml' (or fix the code if it is wrong).",
            ),
        )


# Decree 63/2010/NĐ-CP art. 8: what a published procedure must state, by model field.
_DECREE_63_FIELDS: tuple[tuple[str, str, str], ...] = (
    ("steps", "trình tự thực hiện", "steps"),
    ("channels", "cách thức thực hiện", "channels"),
    ("dossier", "thành phần, số lượng hồ sơ", "dossier components"),
    ("subjects", "đối tượng thực hiện", "subjects"),
    ("agencies", "cơ quan thực hiện", "implementing agencies"),
    ("results", "kết quả thực hiện", "results"),
    ("legal_basis", "căn cứ pháp lý", "legal basis"),
)


#: A key of ``_DECREE_63_FIELDS`` (or ``agency_text``) written as a word in ``notes``.
_NOTED_KEY = re.compile(
    r"(?<![\w.])(" + "|".join(name for name, _, _ in _DECREE_63_FIELDS) + r"|agency_text)(?!\w)"
)


def _noted_keys(notes: str | None) -> set[str]:
    """The Decree 63 keys that ``notes`` names, e.g. "Not in the source: steps, dossier".

    The catalog records a gap of its source this way (leave the key out, say so in
    notes), so TT104 does not report a gap the maintainers have already explained.
    """
    found = set(_NOTED_KEY.findall(notes or ""))
    if "agency_text" in found:
        found.add("agencies")
    return found


def _check_decree_63(procedure: Procedure, context: CheckContext) -> Iterator[Problem]:
    noted = _noted_keys(procedure.notes) | context.catalog.set_aside(procedure.code)
    missing = []
    for name, vi, en in _DECREE_63_FIELDS:
        value = getattr(procedure, name)
        if name == "agencies" and (value or procedure.agency_text):
            continue
        if not value and name not in noted:
            missing.append((name, vi, en))
    if missing:
        keys = ", ".join(name for name, _, _ in missing)
        yield Problem(
            Text(
                "thiếu thông tin mà Nghị định 63/2010/NĐ-CP điều 8 yêu cầu: "
                + "; ".join(vi for _, vi, _ in missing),
                "missing information that Decree 63/2010/NĐ-CP art. 8 requires: "
                + "; ".join(en for _, _, en in missing),
            ),
            hint=Text(
                f"Bổ sung từ nguồn công bố ({keys}). Nếu nguồn không có, để trống và ghi tên "
                f"khoá vào 'notes', ví dụ 'Nguồn không có: {keys}.'; khi đó không còn cảnh "
                "báo. Đừng tự đặt ra.",
                f"Add them from the published source ({keys}). If the source does not give "
                f"them, leave them out and name the keys in 'notes', for example 'Not in the "
                f"source: {keys}.'; the warning then stops. Never invent them.",
            ),
        )


def _check_duplicate_cases(procedure: Procedure, context: CheckContext) -> Iterator[Problem]:
    seen: dict[tuple[str | None, Channel | None], int] = {}
    for index, case in enumerate(procedure.processing_time):
        key = (case.name, case.channel)
        first = seen.get(key)
        if first is None:
            seen[key] = index
            continue
        named = case.name is not None
        label = (
            Text(repr(case.name), repr(case.name)) if named else Text("(không tên)", "(unnamed)")
        )
        channel = case.channel.value if case.channel is not None else "-"
        yield Problem(
            Text(
                f"trường hợp {label.vi} (kênh {channel}) trùng với processing_time[{first}]",
                f"case {label.en} (channel {channel}) repeats processing_time[{first}]",
            ),
            loc=("processing_time", index),
            hint=Text(
                "Đặt tên khác nhau cho các trường hợp (name) hoặc ghi kênh (channel), để "
                "tính hạn có thể chọn đúng trường hợp.",
                "Give the cases distinct names (name) or channels (channel) so that a "
                "deadline can pick the right one.",
            ),
        )


# -- TT2xx references ---------------------------------------------------------------------


def _close(word: str, choices: Sequence[str]) -> Text | None:
    close = difflib.get_close_matches(word, choices, n=3, cutoff=0.6)
    if not close:
        return None
    shown = ", ".join(f"'{c}'" for c in close)
    return Text(f"Có phải: {shown}?", f"Did you mean: {shown}?")


def _check_field(procedure: Procedure, context: CheckContext) -> Iterator[Problem]:
    registry = context.catalog.fields
    if registry is None or not registry.readable or procedure.field in registry:
        return
    yield Problem(
        Text(
            f"lĩnh vực '{procedure.field}' không có trong {Path(registry.path).name}",
            f"field '{procedure.field}' is not in {Path(registry.path).name}",
        ),
        loc=("field",),
        hint=_close(procedure.field, list(registry.entries))
        or Text(
            f"Thêm lĩnh vực vào {Path(registry.path).name} hoặc dùng một id đã có.",
            f"Add the field to {Path(registry.path).name} or use an existing id.",
        ),
    )


def _check_agencies(procedure: Procedure, context: CheckContext) -> Iterator[Problem]:
    registry = context.catalog.agencies
    if registry is None or not registry.readable:
        return
    for index, agency in enumerate(procedure.agencies):
        if agency in registry:
            continue
        yield Problem(
            Text(
                f"cơ quan '{agency}' không có trong {Path(registry.path).name}",
                f"agency '{agency}' is not in {Path(registry.path).name}",
            ),
            loc=("agencies", index),
            hint=_close(agency, list(registry.entries))
            or Text(
                f"Thêm cơ quan vào {Path(registry.path).name} hoặc dùng một id đã có.",
                f"Add the agency to {Path(registry.path).name} or use an existing id.",
            ),
        )


def _check_duplicate_codes(catalog: Catalog, context: CheckContext) -> Iterator[Problem]:
    for procedure, source in catalog.duplicates:
        first = catalog.source_of(procedure.code)
        yield Problem(
            Text(
                f"mã {procedure.code} đã có ở {first.path}:{first.position(('code',)).line}",
                f"code {procedure.code} is already defined in "
                f"{first.path}:{first.position(('code',)).line}",
            ),
            loc=("code",),
            source=source,
            hint=Text(
                "Mỗi thủ tục chỉ ở một tệp: gộp hai tệp hoặc sửa mã.",
                "Each procedure lives in one file: merge the two files or fix the code.",
            ),
        )


def _check_registry_duplicates(catalog: Catalog, context: CheckContext) -> Iterator[Problem]:
    for registry in (catalog.fields, catalog.agencies):
        if registry is None:
            continue
        for entry, where, first in registry.duplicates:
            yield Problem(
                Text(
                    f"id '{entry.id}' bị lặp (lần đầu ở dòng {first.line})",
                    f"id '{entry.id}' is repeated (first at line {first.line})",
                ),
                at=where,
                hint=Text("Mỗi id chỉ xuất hiện một lần.", "Each id must appear once."),
            )


def _check_registries_present(catalog: Catalog, context: CheckContext) -> Iterator[Problem]:
    if catalog.root is None:
        return
    from tthc.catalog import AGENCIES_FILE, FIELDS_FILE
    from tthc.yamlsource import Position

    # Warned only when a procedure refers to the registry: with no reference, nothing goes
    # unchecked (e.g. `tthc validate export.csv`, whose only finding is then its TT100).
    referred = (
        any(True for _ in catalog),  # every procedure names its field
        any(procedure.agencies for procedure in catalog),
    )
    registries = ((catalog.fields, FIELDS_FILE), (catalog.agencies, AGENCIES_FILE))
    for (registry, name), used in zip(registries, referred, strict=True):
        if registry is None and used:
            yield Problem(
                Text(
                    f"danh mục không có {name}; không kiểm tra được các id tham chiếu",
                    f"the catalog has no {name}; references to it are not checked",
                ),
                at=Position(str(catalog.root / name), 1, 1),
                hint=Text(
                    f"Tạo {name}: danh sách các mục {{id, name}}.",
                    f"Create {name}: a list of {{id, name}} entries.",
                ),
            )


# -- TT3xx time consistency ------------------------------------------------------------------


def _compare(a: Duration, b: Duration) -> int | None:
    """-1, 0 or 1 when ``a`` and ``b`` compare exactly; ``None`` when they do not."""
    if a.unit is b.unit:
        left, right = a.value, b.value
    else:
        hours_a, hours_b = a.working_hours, b.working_hours
        if hours_a is None or hours_b is None:
            return None
        left, right = hours_a, hours_b
    return (left > right) - (left < right)


def _in_unit_of(total: Duration, amount: Decimal, unit: Unit) -> Text:
    """``amount`` (in ``unit``) written in the unit of ``total`` where exact."""
    if unit is Unit.WORKING_HOURS and total.unit is Unit.WORKING_DAYS:
        return Duration(value=amount / HOURS_PER_WORKING_DAY, unit=Unit.WORKING_DAYS).as_text()
    return Duration(value=amount, unit=unit).as_text()


def _check_steps_total(procedure: Procedure, context: CheckContext) -> Iterator[Problem]:
    for index, case in enumerate(procedure.processing_time):
        counted = [step.time for step in case.steps if step.time is not None]
        if not counted:
            continue
        total = case.effective
        units = {d.unit for d in counted}
        if units == {total.unit}:
            amount, unit = sum((d.value for d in counted), Decimal(0)), total.unit
            expected = total.value
        else:
            hours = [d.working_hours for d in counted]
            total_hours = total.working_hours
            if total_hours is None or any(h is None for h in hours):
                continue  # calendar days and working days do not add up exactly
            amount = sum((h for h in hours if h is not None), Decimal(0))
            unit, expected = Unit.WORKING_HOURS, total_hours
        if amount == expected:
            continue
        which = Text("thời gian cam kết", "committed time") if case.committed else None
        label_vi = f" ({which.vi})" if which else ""
        label_en = f" ({which.en})" if which else ""
        got = _in_unit_of(total, amount, unit)
        want = total.as_text()
        yield Problem(
            Text(
                f"các bước cộng lại {got.vi}, tổng của trường hợp là {want.vi}{label_vi}",
                f"the steps add up to {got.en}, the case total is {want.en}{label_en}",
            ),
            loc=("processing_time", index, "steps"),
            hint=Text(
                "Sửa thời gian các bước theo quyết định quy trình nội bộ; bước không tính "
                "thời gian để time trống.",
                "Fix the step times from the internal-process decision; leave time empty "
                "for a step that is not counted.",
            ),
        )


def _check_committed(procedure: Procedure, context: CheckContext) -> Iterator[Problem]:
    for index, case in enumerate(procedure.processing_time):
        if case.committed is None:
            continue
        if _compare(case.committed, case.time) == 1:
            yield Problem(
                Text(
                    f"thời gian cam kết {case.committed.as_text().vi} dài hơn thời hạn "
                    f"theo quy định {case.time.as_text().vi}",
                    f"committed time {case.committed.as_text().en} is longer than the legal "
                    f"time {case.time.as_text().en}",
                ),
                loc=("processing_time", index, "committed"),
                hint=Text(
                    "Thời gian cam kết (sau cắt giảm) không được dài hơn thời hạn luật định.",
                    "The committed (reduced) time may not exceed the legal time.",
                ),
            )


def _readings(text: str, recorded: Duration, *, step: bool = False) -> list[Duration]:
    """Durations ``text`` may mean (raises DurationError when it means none).

    A bare "ngày" is calendar days (the national portal's convention). Only a step's
    text (quy trình nội bộ) may also mean working days by it: internal-process tables
    often abbreviate "ngày làm việc" as "ngày". A procedure's own time_text or
    committed_text is read as published.
    """
    found = _cases_of(text, Unit.CALENDAR_DAYS)
    if isinstance(found, DurationError):
        raise found
    readings = list(found)
    if step and recorded.unit is Unit.WORKING_DAYS:
        more = _cases_of(text, Unit.WORKING_DAYS)
        if not isinstance(more, DurationError):
            readings += more
    return readings


def _bare_day_as_working_days(text: str, recorded: Duration) -> bool:
    """Whether ``text`` matches ``recorded`` only if its bare "ngày" meant working days."""
    if recorded.unit is not Unit.WORKING_DAYS:
        return False
    more = _cases_of(text, Unit.WORKING_DAYS)
    return not isinstance(more, DurationError) and any(
        _compare(reading, recorded) == 0 for reading in more
    )


@lru_cache(maxsize=4096)
def _cases_of(text: str, day_unit: Unit) -> tuple[Duration, ...] | DurationError:
    # Catalogs repeat the same time texts ("05 ngày làm việc") many times: read each once.
    from tthc.durationtext import parse_cases

    try:
        return tuple(case.duration for case in parse_cases(text, day_unit=day_unit))
    except DurationError as exc:
        return exc.with_traceback(None)  # cached: keep no frames alive


def _time_texts(
    procedure: Procedure,
) -> Iterator[tuple[tuple[str | int, ...], str, Duration, bool]]:
    """Each published time text with its recorded value, and whether it is a step's."""
    for index, case in enumerate(procedure.processing_time):
        base: tuple[str | int, ...] = ("processing_time", index)
        if case.time_text:
            yield (*base, "time_text"), case.time_text, case.time, False
        if case.committed_text and case.committed is not None:
            yield (*base, "committed_text"), case.committed_text, case.committed, False
        for number, step in enumerate(case.steps):
            if step.time_text and step.time is not None:
                yield (*base, "steps", number, "time_text"), step.time_text, step.time, True


#: "giờ làm việc" in any case and spacing: what makes a published time working hours.
_WORKING_HOURS_WORDS = re.compile(r"giờ\s+làm\s+việc", re.IGNORECASE)


def bare_hours_as_working_hours(text: str, recorded: Duration, case: Case | None = None) -> bool:
    """Whether ``text`` says a bare "giờ" (clock hours) that is recorded as working hours.

    True when reading ``text`` gives clock hours of the recorded amount but the record says
    ``working_hours`` (rule TT306), unless the case's own name, as published, says "giờ làm
    việc" (the national portal prints "12 Giờ" in its table and "Không quá 12 giờ làm việc"
    in the case's description: the description is the evidence).
    """
    if recorded.unit is not Unit.WORKING_HOURS:
        return False
    found = _cases_of(text, Unit.CALENDAR_DAYS)
    if isinstance(found, DurationError):
        return False
    clock = Duration.of(recorded.value, Unit.CLOCK_HOURS)
    if not any(reading.without_note() == clock for reading in found):
        return False
    name = case.name if case is not None else None
    return not (name and _WORKING_HOURS_WORDS.search(name))


def _check_bare_hours(procedure: Procedure, context: CheckContext) -> Iterator[Problem]:
    for index, case in enumerate(procedure.processing_time):
        if case.time_text and bare_hours_as_working_hours(case.time_text, case.time, case):
            yield _bare_hours_problem(case.time_text, case.time, ("processing_time", index, "time"))
        if (
            case.committed_text
            and case.committed is not None
            and bare_hours_as_working_hours(case.committed_text, case.committed, case)
        ):
            loc = ("processing_time", index, "committed")
            yield _bare_hours_problem(case.committed_text, case.committed, loc)


def _bare_hours_problem(text: str, recorded: Duration, loc: tuple[str | int, ...]) -> Problem:
    clock = Duration.of(recorded.value, Unit.CLOCK_HOURS)
    return Problem(
        Text(
            f"'{text}' ghi 'giờ' đứng riêng (giờ theo đồng hồ, Bộ luật Dân sự 2015 điều "
            f"147 khoản 1) nhưng giá trị ghi là {recorded.text('vi')}",
            f"'{text}' says a bare 'giờ' (clock hours, Civil Code 2015 art. 147(1)) but the "
            f"recorded value is {recorded.text('en')}",
        ),
        loc=loc,
        hint=Text(
            f"Nếu nguồn không nói 'giờ làm việc', ghi {clock.as_yaml('time')}; nếu nguồn nói "
            "giờ làm việc, chép đúng chữ 'giờ làm việc' của nguồn vào văn bản hoặc tên trường "
            "hợp. Tỉnh tính 'giờ' là giờ làm việc thì khai báo trong chính sách đếm "
            "(CountingPolicy.clock_hours_as = 'working').",
            f"If the source does not say 'giờ làm việc', record {clock.as_yaml('time')}; if "
            "it does say working hours, copy its words 'giờ làm việc' into the text or the "
            "case name. A province that counts 'giờ' as working hours says so in its "
            "counting policy (CountingPolicy.clock_hours_as = 'working').",
        ),
    )


def _check_time_text(procedure: Procedure, context: CheckContext) -> Iterator[Problem]:
    for loc, text, recorded, step in _time_texts(procedure):
        try:
            readings = _readings(text, recorded, step=step)
        except DurationError:
            continue  # TT304
        if any(_compare(reading, recorded) == 0 for reading in readings):
            continue
        if not step and bare_hours_as_working_hours(text, recorded):
            # A bare "giờ" recorded as working hours: TT306 reports it, or the case's name
            # says "giờ làm việc" and that is the evidence.
            continue
        read = " / ".join(dict.fromkeys(r.text("en") for r in readings))
        read_vi = " / ".join(dict.fromkeys(r.text("vi") for r in readings))
        if not step and _bare_day_as_working_days(text, recorded):
            yield Problem(
                Text(
                    f"'{text}' đọc được là {read_vi} (chữ 'ngày' đứng riêng là ngày theo lịch), "
                    f"nhưng giá trị ghi là {recorded.text('vi')}",
                    f"'{text}' reads as {read} (a bare 'ngày' is calendar days), but the "
                    f"recorded value is {recorded.text('en')}",
                ),
                loc=loc,
                hint=Text(
                    "Nếu nguồn công bố nói ngày làm việc, ghi 'ngày làm việc' (chép đúng như "
                    "nguồn); nếu là ngày theo lịch, ghi unit: calendar_days.",
                    "If the source means working days, write 'ngày làm việc' (copied as the "
                    "source prints it); if calendar days, set unit: calendar_days.",
                ),
            )
            continue
        yield Problem(
            Text(
                f"'{text}' đọc được là {read_vi}, nhưng giá trị ghi là {recorded.text('vi')}",
                f"'{text}' reads as {read}, but the recorded value is {recorded.text('en')}",
            ),
            loc=loc,
            hint=Text(
                "Văn bản công bố là căn cứ: sửa giá trị cho khớp (hoặc chép lại văn bản).",
                "The published text is the authority: fix the value to match it (or the "
                "text, if it was copied wrongly).",
            ),
        )


def _check_time_text_readable(procedure: Procedure, context: CheckContext) -> Iterator[Problem]:
    for loc, text, recorded, step in _time_texts(procedure):
        try:
            _readings(text, recorded, step=step)
        except DurationError as exc:
            yield Problem(
                Text(
                    f"không đọc được thời hạn '{text}': {exc.text.vi}",
                    f"cannot read the time '{text}': {exc.text.en}",
                ),
                loc=loc,
                hint=Text(
                    "Giữ nguyên văn bản công bố; nếu đúng là không đọc được, tắt quy tắc này "
                    "cho tệp bằng '# tthc: disable=TT304'.",
                    "Keep the published text; if it really cannot be read, disable this rule "
                    "for the file with '# tthc: disable=TT304'.",
                ),
            )


def _check_committed_recorded(procedure: Procedure, context: CheckContext) -> Iterator[Problem]:
    for index, case in enumerate(procedure.processing_time):
        text = case.committed_text
        if not text or case.committed is not None:
            continue
        found = _cases_of(text, Unit.CALENDAR_DAYS)  # read as published, as TT303 reads it
        if isinstance(found, DurationError) or len(found) != 1:
            read = Text(
                f"không đọc được '{text}' thành một thời hạn: ghi committed theo văn bản",
                f"'{text}' does not read as one time: record committed from the text",
            )
        else:
            duration = found[0]
            record = duration.as_yaml("committed")
            read = Text(
                f"ghi {record} (đọc từ văn bản: {duration.text('vi')})",
                f"record {record} (read from the text: {duration.text('en')})",
            )
        yield Problem(
            Text(
                f"committed_text '{text}' có nhưng committed không có; {read.vi}",
                f"committed_text '{text}' is given but committed is not; {read.en}",
            ),
            loc=("processing_time", index, "committed_text"),
            hint=Text(
                "Không có giá trị committed, tthc reduction không tính được tỷ lệ cắt giảm của "
                "trường hợp này (báo là chưa ghi thời hạn cam kết dạng giá trị).",
                "Without a committed value tthc reduction cannot compute this case's cut (it "
                "reports the committed time as not recorded as a value).",
            ),
        )


# -- TT4xx levels and channels ---------------------------------------------------------------


def _check_district(procedure: Procedure, context: CheckContext) -> Iterator[Problem]:
    from tthc.model import Level  # here: importing the rules (tthc due) loads no model

    if Level.DISTRICT not in procedure.levels:
        return
    until = procedure.valid_until
    if until is not None and until < TWO_TIER_FROM:
        return
    index = procedure.levels.index(Level.DISTRICT)
    validity = (
        Text("không có ngày hết hiệu lực", "has no validity end (valid_until)")
        if until is None
        else Text(f"còn hiệu lực đến {until.isoformat()}", f"is valid until {until.isoformat()}")
    )
    yield Problem(
        Text(
            f"cấp huyện đã bỏ từ {TWO_TIER_FROM.isoformat()}, nhưng bản ghi {validity.vi}",
            f"the district level was abolished on {TWO_TIER_FROM.isoformat()}, but the record "
            f"{validity.en}",
        ),
        loc=("levels", index),
        hint=Text(
            "Chuyển sang cấp tỉnh hoặc cấp xã theo quyết định công bố mới; hoặc, với bản ghi "
            "cũ, ghi valid_until trước 2025-07-01.",
            "Move it to the province or commune level per the new publication decision; or, "
            "for a historical record, set valid_until before 2025-07-01.",
        ),
    )


def _check_full_online(procedure: Procedure, context: CheckContext) -> Iterator[Problem]:
    from tthc.model import OnlineLevel

    if procedure.online is OnlineLevel.FULL and Channel.ONLINE not in procedure.channels:
        yield Problem(
            Text(
                "mức dịch vụ công trực tuyến toàn trình nhưng 'channels' không có 'online'",
                "online level 'toan_trinh' (whole procedure online) but 'channels' lacks 'online'",
            ),
            loc=("online",),
            hint=Text(
                "Thêm 'online' vào channels, hoặc sửa mức trực tuyến.",
                "Add 'online' to channels, or correct the online level.",
            ),
        )


def _check_channels_offered(procedure: Procedure, context: CheckContext) -> Iterator[Problem]:
    if not procedure.channels:
        return  # TT104 says the channels are missing
    offered = ", ".join(c.value for c in procedure.channels)
    places: list[tuple[tuple[str | int, ...], Channel]] = [
        (("processing_time", i, "channel"), case.channel)
        for i, case in enumerate(procedure.processing_time)
        if case.channel is not None
    ]
    places += [
        (("fees", i, "channel"), fee.channel)
        for i, fee in enumerate(procedure.fees)
        if fee.channel is not None
    ]
    for loc, channel in places:
        if channel not in procedure.channels:
            yield Problem(
                Text(
                    f"kênh '{channel.value}' không nằm trong channels ({offered})",
                    f"channel '{channel.value}' is not among the channels ({offered})",
                ),
                loc=loc,
                hint=Text(
                    "Thêm kênh vào channels hoặc sửa kênh của mục này.",
                    "Add the channel to channels or fix the channel of this entry.",
                ),
            )


# -- the rules ---------------------------------------------------------------------------------


NATIONAL_RULES: tuple[Rule, ...] = (
    Rule(
        "TT000",
        E,
        Text("Một quy tắc bị lỗi khi chạy", "A rule raised while checking"),
        Text(
            "Quy tắc của một plugin gây lỗi (exception) khi kiểm tra một thủ tục hay cả danh "
            "mục. Thông báo nêu tên plugin, quy tắc và thủ tục; các quy tắc khác vẫn chạy. "
            "Đây là lỗi của plugin, không phải của dữ liệu: báo cho tác giả plugin, hoặc tạm "
            "tắt quy tắc đó.",
            "A plugin's rule raised an exception while checking a procedure or the catalog. "
            "The message names the plugin, the rule and the procedure; the other rules still "
            "ran. It is a bug in the plugin, not in the data: report it to the plugin's "
            "authors, or disable that rule meanwhile.",
        ),
        "catalog",
    ),
    Rule(
        "TT100",
        E,
        Text("Tệp YAML không đọc được", "YAML file cannot be loaded"),
        Text(
            "Tệp không đọc được như YAML an toàn: cú pháp sai, khoá lặp, thụt lề bằng tab, "
            "byte không phải UTF-8, ký tự điều khiển, bí danh (*tên) hay khoá gộp (<<), "
            "thẻ lạ (!!python/...), nhiều tài liệu (---), tệp rỗng, quá lớn (1 MiB), hoặc "
            "cấp trên cùng không phải bảng khoá: giá trị. Sửa tệp tại dòng và cột được nêu. "
            "Không tắt được: tệp không đọc được thì không có trong danh mục.",
            "The file does not load as safe YAML: a syntax error, a duplicate key, a tab "
            "used for indentation, bytes that are not UTF-8, a control character, an alias "
            "(*name) or merge key (<<), a foreign tag (!!python/...), several documents "
            "(---), an empty file, a file over the size limit (1 MiB), or a top level that "
            "is not a mapping. Fix the file at the line and column given. Cannot be "
            "disabled: a file that does not load is not in the catalog.",
        ),
        "catalog",
    ),
    Rule(
        "TT101",
        E,
        Text("Dữ liệu không khớp mô hình thủ tục", "Data does not match the procedure schema"),
        Text(
            "Một giá trị không khớp mô hình (tthc schema): thiếu trường bắt buộc (code, name, "
            "field, levels, processing_time), trường lạ (thường là gõ sai tên), sai kiểu, giá "
            "trị ngoài danh sách (levels, channels, unit), mã không có dạng d.dddddd. Mỗi lỗi "
            "là một phát hiện tại đúng dòng của giá trị. Mã thủ tục phải đặt trong dấu nháy "
            "('2.000815'), nếu không YAML đọc thành số. Không tắt được.",
            "A value does not match the model (see tthc schema): a required field is missing "
            "(code, name, field, levels, processing_time), an unknown key (usually a typo), "
            "a wrong type, a value outside the allowed set (levels, channels, unit), or a "
            "code not shaped d.dddddd. Each error is one finding at the line of the value. "
            "Quote procedure codes ('2.000815'): unquoted, YAML reads them as numbers. "
            "Cannot be disabled.",
        ),
        "catalog",
    ),
    Rule(
        "TT102",
        E,
        Text("Tên tệp khác mã thủ tục", "File name does not match the code"),
        Text(
            "Mỗi thủ tục nằm trong tệp procedures/<mã>.yaml. Tệp tên khác mã khiến người và "
            "công cụ tìm sai tệp. Đổi tên tệp cho đúng mã (hoặc sửa mã nếu mã sai).",
            "Each procedure lives in procedures/<code>.yaml. A file named otherwise sends "
            "people and tools to the wrong file. Rename the file after the code (or fix the "
            "code if it is the code that is wrong).",
        ),
        check=_check_file_name,
    ),
    Rule(
        "TT103",
        W,
        Text(
            "Chú thích '# tthc:' hoặc 'disable' không hợp lệ",
            "Unknown '# tthc:' comment or 'disable' code",
        ),
        Text(
            "Một dòng chú thích bắt đầu bằng '# tthc:' nhưng không phải "
            "'# tthc: disable=MÃ,MÃ', hoặc nêu mã quy tắc không tồn tại; hoặc khoá 'disable' "
            "của cấu hình (tthc.toml) nêu mã không tồn tại, hay TT100/TT101 (không tắt được). "
            "Sửa chú thích hoặc cấu hình, nếu không quy tắc bạn muốn tắt vẫn chạy.",
            "A comment line starts with '# tthc:' but is not '# tthc: disable=CODE,CODE', "
            "or names a rule code that does not exist; or the configuration's 'disable' "
            "(tthc.toml) names a code that does not exist, or TT100/TT101 (which cannot be "
            "switched off). Fix the comment or the configuration: otherwise the rule you "
            "meant to disable still runs.",
        ),
        "catalog",
    ),
    Rule(
        "TT104",
        W,
        Text(
            "Thiếu thông tin Nghị định 63/2010 yêu cầu",
            "Information required by Decree 63/2010 is missing",
        ),
        Text(
            "Nghị định 63/2010/NĐ-CP điều 8 yêu cầu thủ tục công bố nêu trình tự (steps), cách "
            "thức (channels), thành phần hồ sơ (dossier), đối tượng (subjects), cơ quan thực "
            "hiện (agencies hoặc agency_text), kết quả (results) và căn cứ pháp lý "
            "(legal_basis). Cảnh báo liệt kê những mục còn trống. Bổ sung từ nguồn công bố. "
            "Nếu nguồn không có, để trống và ghi tên khoá vào notes, ví dụ 'Nguồn không có: "
            "steps, dossier.': khoá nào notes nêu tên (đúng như viết trong tệp, chữ thường) "
            "thì không bị cảnh báo nữa. Đừng tự đặt ra.",
            "Decree 63/2010/NĐ-CP art. 8 requires a published procedure to state its steps, "
            "channels, dossier components, subjects, implementing agency (agencies or "
            "agency_text), results and legal basis. The warning lists the empty ones. Add "
            "them from the published source. If the source lacks them, leave them empty and "
            "name the keys in notes, for example 'Not in the source: steps, dossier.': a key "
            "that notes names (as written in the file, in lower case) is no longer reported. "
            "Never invent them.",
        ),
        check=_check_decree_63,
    ),
    Rule(
        "TT105",
        E,
        Text("Hai trường hợp trùng nhau", "Two cases cannot be told apart"),
        Text(
            "Hai trường hợp của processing_time có cùng tên và cùng kênh, nên không thể chọn "
            "đúng trường hợp khi tính hạn. Đặt tên (name) hoặc kênh (channel) khác nhau.",
            "Two cases of processing_time have the same name and channel, so a deadline "
            "cannot pick one. Give them distinct names (name) or channels (channel).",
        ),
        check=_check_duplicate_cases,
    ),
    Rule(
        "TT201",
        E,
        Text("Lĩnh vực không có trong danh sách", "Unknown field"),
        Text(
            "'field' phải là một id trong fields.yaml của danh mục. Sửa id (thông báo gợi ý id "
            "gần nhất) hoặc thêm lĩnh vực vào fields.yaml. Không kiểm tra khi danh mục không "
            "có fields.yaml (xem TT205).",
            "'field' must be an id from the catalog's fields.yaml. Fix the id (the message "
            "suggests the closest ones) or add the field to fields.yaml. Not checked when "
            "the catalog has no fields.yaml (see TT205).",
        ),
        check=_check_field,
    ),
    Rule(
        "TT202",
        E,
        Text("Cơ quan không có trong danh sách", "Unknown agency"),
        Text(
            "Mỗi mục của 'agencies' phải là một id trong agencies.yaml. Sửa id hoặc thêm cơ "
            "quan vào agencies.yaml. Tên cơ quan nguyên văn như công bố để ở agency_text.",
            "Each entry of 'agencies' must be an id from agencies.yaml. Fix the id or add "
            "the agency to agencies.yaml. Keep the agency as published, verbatim, in "
            "agency_text.",
        ),
        check=_check_agencies,
    ),
    Rule(
        "TT203",
        E,
        Text("Mã thủ tục trùng giữa hai tệp", "Duplicate procedure code"),
        Text(
            "Hai tệp khai báo cùng một mã thủ tục; chỉ tệp đầu tiên (theo thứ tự đường dẫn) "
            "được nạp. Gộp hai tệp, hoặc sửa mã của một tệp.",
            "Two files declare the same procedure code; only the first (in path order) is "
            "loaded. Merge the files, or fix the code in one of them.",
        ),
        "catalog",
        _check_duplicate_codes,
    ),
    Rule(
        "TT204",
        E,
        Text("Id trùng trong fields.yaml hoặc agencies.yaml", "Duplicate registry id"),
        Text(
            "Một id xuất hiện hai lần trong fields.yaml hoặc agencies.yaml; chỉ mục đầu được "
            "dùng. Xoá mục thừa hoặc đổi id.",
            "An id appears twice in fields.yaml or agencies.yaml; only the first entry is "
            "used. Remove the extra entry or change its id.",
        ),
        "catalog",
        _check_registry_duplicates,
    ),
    Rule(
        "TT205",
        W,
        Text("Danh mục thiếu fields.yaml hoặc agencies.yaml", "Registry file missing"),
        Text(
            "Thư mục danh mục không có fields.yaml hoặc agencies.yaml, nên TT201/TT202 không "
            "kiểm tra được tham chiếu. Tạo tệp (danh sách các mục {id, name}). Chỉ cảnh báo "
            "khi có thủ tục tham chiếu tới tệp đó (field; agencies). Trong thư mục danh mục, "
            "tthc chỉ đọc các tệp .yaml và .yml; tệp khác (CSV xuất ra, ghi chú) được bỏ qua, "
            "không coi là thủ tục. Tệp nêu tên trên dòng lệnh thì luôn được đọc: một tệp CSV "
            "bị báo TT100.",
            "The catalog folder has no fields.yaml or agencies.yaml, so TT201/TT202 cannot "
            "check references. Create the file (a list of {id, name} entries). Warned only "
            "when a procedure refers to that file (field; agencies). In a catalog folder tthc "
            "reads only .yaml and .yml files; other files (CSV exports, notes) are ignored, "
            "not taken for procedures. A file named on the command line is always read: a "
            "CSV file there gets TT100.",
        ),
        "catalog",
        _check_registries_present,
    ),
    Rule(
        "TT301",
        E,
        Text("Thời gian các bước không cộng đúng tổng", "Step times do not add up"),
        Text(
            "Với thủ tục liên thông, thời gian các bước của quy trình nội bộ (steps) phải "
            "cộng lại đúng thời gian của trường hợp: thời gian cam kết nếu có, không thì "
            "thời hạn theo quy định. So sánh chính xác theo giờ làm việc (1 ngày làm việc = "
            "8 giờ); bước không tính thời gian (time trống) được bỏ qua; bước tính bằng ngày "
            "lịch hay tháng không so được nên không kiểm tra.",
            "For an inter-agency procedure the internal-process step times (steps) must add "
            "up to the case's time: the committed time when there is one, else the legal "
            "time. Compared exactly in working hours (1 working day = 8 hours); steps that "
            "are not counted (empty time) are skipped; steps in calendar days or months "
            "cannot be compared exactly and are not checked.",
        ),
        check=_check_steps_total,
    ),
    Rule(
        "TT302",
        E,
        Text("Thời gian cam kết dài hơn thời hạn", "Committed time exceeds the legal time"),
        Text(
            "Thời gian cam kết (sau cắt giảm, committed) dài hơn thời hạn theo quy định "
            "(time). Cắt giảm chỉ làm ngắn đi. So sánh khi hai đơn vị đổi được chính xác "
            "(cùng đơn vị, hoặc ngày làm việc và giờ làm việc). Sửa một trong hai giá trị.",
            "The committed (reduced) time is longer than the legal time. A reduction only "
            "shortens. Compared when the units convert exactly (same unit, or working days "
            "and working hours). Fix one of the two values.",
        ),
        check=_check_committed,
    ),
    Rule(
        "TT303",
        E,
        Text("Văn bản thời hạn khác giá trị ghi", "Time text disagrees with the value"),
        Text(
            "time_text (hoặc committed_text, hay time_text của một bước) là văn bản công bố; "
            "đọc văn bản đó phải ra đúng giá trị đã ghi (time, committed). Ví dụ '03 ngày làm "
            "việc' mà time ghi 5 ngày làm việc. Chữ 'ngày' đứng riêng là ngày theo lịch: '7 "
            "Ngày' mà time ghi 7 ngày làm việc cũng là sai khớp (nếu nguồn nói ngày làm việc, "
            "ghi 'ngày làm việc'; nếu là ngày theo lịch, ghi unit: calendar_days); chỉ "
            "time_text của một bước (quy trình nội bộ) được đọc 'ngày' là ngày làm việc. Văn "
            "bản là căn cứ: sửa giá trị (hoặc văn bản nếu chép sai).",
            "time_text (or committed_text, or a step's time_text) is the published text; "
            "reading it must give the recorded value (time, committed). For example '03 ngày "
            "làm việc' with time 5 working days. A bare 'ngày' is calendar days: '7 Ngày' "
            "with time 7 working days is a mismatch too (if the source means working days, "
            "write 'ngày làm việc'; if calendar days, set unit: calendar_days); only a step's "
            "time_text (internal process) may use a bare 'ngày' for working days. The text is "
            "the authority: fix the value (or the text, if it was copied wrongly).",
        ),
        check=_check_time_text,
    ),
    Rule(
        "TT304",
        W,
        Text("Không đọc được văn bản thời hạn", "Time text cannot be read"),
        Text(
            "tthc không đọc được time_text (hoặc committed_text) thành một thời hạn, nên "
            "không đối chiếu được với giá trị ghi (TT303): không có số và đơn vị, đơn vị viết "
            "sai ('ngày lam viec'), hoặc văn bản ghi nhiều thời hạn mà không chia trường hợp "
            "('10 ngày làm việc. Trường hợp phức tạp 20 ngày làm việc': hãy ghi mỗi thời hạn "
            "thành một trường hợp trong processing_time). Giữ nguyên văn bản công bố; nếu văn "
            "bản đúng là không đọc được, tắt quy tắc cho tệp: '# tthc: disable=TT304'.",
            "tthc cannot read time_text (or committed_text) as a duration, so it cannot be "
            "compared with the recorded value (TT303): no number and unit, a misspelt unit "
            "('ngày lam viec'), or a text that gives several times without splitting them into "
            "cases ('10 ngày làm việc. Trường hợp phức tạp 20 ngày làm việc': record each time "
            "as a case under processing_time). Keep the published text; if it really cannot "
            "be read, disable the rule for the file: '# tthc: disable=TT304'.",
        ),
        check=_check_time_text_readable,
    ),
    Rule(
        "TT305",
        W,
        Text(
            "Thời gian cam kết chỉ có dạng văn bản",
            "Committed time given only as text",
        ),
        Text(
            "Trường hợp có committed_text (văn bản thời gian cam kết, sau cắt giảm, như công "
            "bố) nhưng không có committed (giá trị và đơn vị). Các phép tính dùng giá trị: "
            "thiếu nó, tthc reduction không tính được tỷ lệ cắt giảm và báo trường hợp là "
            "'chưa ghi thời hạn cam kết dạng giá trị'; thời hạn giải quyết lấy thời hạn theo "
            "quy định. Ghi committed: {value, unit} theo văn bản; thông báo nêu giá trị đọc "
            "được từ văn bản khi đọc được (chữ 'ngày' đứng riêng là ngày theo lịch, như TT303).",
            "A case has committed_text (the committed, reduced time as published) but no "
            "committed (value and unit). Computations use the value: without it tthc "
            "reduction cannot compute the case's cut and reports it as 'committed time not "
            "recorded as a value', and deadlines count the legal time. Record committed: "
            "{value, unit} from the text; the message gives the value read from the text when "
            "it can be read (a bare 'ngày' is calendar days, as for TT303).",
        ),
        check=_check_committed_recorded,
    ),
    Rule(
        "TT306",
        W,
        Text(
            "'Giờ' đứng riêng ghi là giờ làm việc",
            "A bare 'giờ' recorded as working hours",
        ),
        Text(
            "Văn bản thời hạn ghi 'giờ' đứng riêng ('24 Giờ', 'Trong thời hạn 48 giờ') nhưng "
            "giá trị ghi unit: working_hours. Bộ luật Dân sự 2015 điều 147 khoản 1 tính thời "
            "hạn bằng giờ từ thời điểm đã xác định, theo giờ đồng hồ; tthc đọc 'giờ' đứng "
            "riêng là giờ theo đồng hồ (clock_hours), như 'ngày' đứng riêng là ngày theo lịch, "
            "và 'giờ làm việc' là giờ làm việc. Nếu nguồn không nói giờ làm việc, ghi unit: "
            "clock_hours. Nếu nguồn nói giờ làm việc ở chỗ khác (ví dụ mô tả trường hợp "
            "'Không quá 12 giờ làm việc'), chép chữ đó vào tên trường hợp (name) thì quy tắc "
            "không báo. Tỉnh nào tính 'giờ' là giờ làm việc thì khai báo trong chính sách đếm "
            "(CountingPolicy.clock_hours_as = 'working') và ghi clock_hours như nguồn.",
            "The time text says a bare 'giờ' ('24 Giờ', 'Trong thời hạn 48 giờ') but the "
            "value is recorded with unit: working_hours. Civil Code 2015 art. 147(1) counts a "
            "period in hours from the stated moment, in clock time; tthc reads a bare 'giờ' "
            "as clock hours (clock_hours), as a bare 'ngày' is calendar days, and 'giờ làm "
            "việc' as working hours. If the source does not say working hours, record unit: "
            "clock_hours. If the source says working hours elsewhere (for example the case "
            "description 'Không quá 12 giờ làm việc'), copy those words into the case name "
            "and the rule stays quiet. A province that counts 'giờ' as working hours says so "
            "in its counting policy (CountingPolicy.clock_hours_as = 'working') and records "
            "clock_hours as the source prints it.",
        ),
        check=_check_bare_hours,
    ),
    Rule(
        "TT401",
        E,
        Text("Cấp huyện trên bản ghi còn hiệu lực", "District level on a current record"),
        Text(
            "Từ 2025-07-01 chính quyền địa phương có hai cấp (tỉnh, xã); cấp huyện đã bỏ "
            "(Nghị quyết 202/2025/QH15). Cấp 'district' chỉ được dùng trên bản ghi lịch sử có "
            "valid_until trước 2025-07-01. Chuyển thủ tục sang cấp tỉnh hoặc xã theo quyết "
            "định công bố mới, hoặc ghi valid_until.",
            "Since 2025-07-01 local government has two tiers (province, commune); the "
            "district level is abolished (Resolution 202/2025/QH15). Level 'district' is only "
            "allowed on a historical record whose valid_until is before 2025-07-01. Move the "
            "procedure to the province or commune level per the new publication decision, or "
            "set valid_until.",
        ),
        check=_check_district,
    ),
    Rule(
        "TT402",
        E,
        Text("Toàn trình mà không có kênh trực tuyến", "'Toàn trình' without an online channel"),
        Text(
            "Dịch vụ công trực tuyến toàn trình (online: toan_trinh, Nghị định 42/2022/NĐ-CP "
            "điều 11) nghĩa là cả thủ tục làm trực tuyến, nên channels phải có 'online'. "
            "Thêm 'online' vào channels hoặc sửa mức trực tuyến.",
            "A whole-procedure online service (online: toan_trinh, Decree 42/2022/NĐ-CP "
            "art. 11) is done entirely online, so channels must include 'online'. Add "
            "'online' to channels or correct the online level.",
        ),
        check=_check_full_online,
    ),
    Rule(
        "TT403",
        W,
        Text("Kênh không có trong channels", "Channel not offered"),
        Text(
            "Một trường hợp thời hạn hoặc một khoản phí ghi kênh (channel) mà thủ tục không "
            "nêu trong channels. Thêm kênh vào channels, hoặc sửa kênh của mục đó.",
            "A processing-time case or a fee names a channel that the procedure's channels "
            "do not list. Add the channel to channels, or fix the entry's channel.",
        ),
        check=_check_channels_offered,
    ),
)


@hookimpl
def tthc_validation_rules() -> Sequence[Rule]:
    """The national rules (codes TT0xx-TT4xx)."""
    return NATIONAL_RULES
