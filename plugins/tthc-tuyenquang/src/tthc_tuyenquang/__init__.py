"""Tuyên Quang province rules for tthc (plugin ``tuyen-quang``).

Loaded only by ``tthc.Rules.for_province("tuyen-quang")`` (or ``province =
"tuyen-quang"`` in the configuration, or ``--province tuyen-quang``). Each hook below
says where its rule comes from; the records are in :mod:`tthc_tuyenquang.sources`.

What it changes against the national rules:

- **Working hours** (``tthc_working_hours``): none. No provincial notice was found, so
  the national hours 08:00-12:00 and 13:00-17:00 are kept and the data says so.
- **Receipt cut-off** (``tthc_counting_policy``): a general 15:00 cut-off for every
  procedure: a dossier received at or after 15:00 on a working day counts as received at
  the opening of the next working day. *Stated local policy of this plugin*: no
  provincial rule was found either way (see :data:`GENERAL_CUTOFF`).
- **Reduction target** (``tthc_reduction_target``): at least 30% in every field from
  2020 to 2025 (the province's plan since 2020, as the project's brief states it: the plan
  document itself, its number and date, was not found); from 2026 the national target
  applies (50% against 2024), which is stricter.
- **Validation rules** (``tthc_validation_rules``): TQ101 committed time published,
  TQ102 committed time at least 30% shorter than the legal time, TQ103 postal channel
  offered (all warnings).
- **Form 04 wording** (``tthc_form_template``): the province's heading and an apology
  in plain words. Form 01 keeps the national wording.

Settings, in ``tthc.toml`` or ``[tool.tthc]``, checked when the rules are built::

    [tuyen-quang]
    postal_exempt = ["1.001234"]   # procedure codes exempt from TQ103
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping, Sequence
from datetime import time
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from tthc import hookimpl
from tthc.i18n import Lang, Text

from tthc_tuyenquang.sources import SOURCES, source

if TYPE_CHECKING:
    from tthc.calendar import WorkingHours
    from tthc.model import Case, Procedure
    from tthc.reduction import Target
    from tthc.rules import Rules
    from tthc.sla import CountingPolicy
    from tthc.validation import CheckContext, CheckRules, Problem, Rule

__version__ = "0.1.0"

#: The province this plugin serves: only ``Rules.for_province("tuyen-quang")`` loads it.
tthc_province = "tuyen-quang"

#: Name of the plugin's own table in the configuration.
CONFIG_TABLE = "tuyen-quang"

#: General receipt cut-off (giờ chốt tiếp nhận) applied to every procedure.
#: STATED LOCAL POLICY of this plugin, not a provincial document: none was found (source
#: ``cutoff``). Reasoning: the national default applies 15:00 to same-day procedures only
#: (tthc docs, deadlines, rule 8); some provincial publications write "received after 15:00 counts
#: from the next working day" into ordinary procedures too (rule 3 there). A one-stop centre that
#: closes its daily intake at 15:00 gives a later-day appointment in any case, so the
#: plugin makes that explicit. A user who needs the national behaviour registers a config
#: plugin answering ``tthc_counting_policy`` (configured plugins are asked first).
GENERAL_CUTOFF = time(15, 0)

#: Least cut of processing time in every field, from the province's plan since 2020.
PLAN_PERCENT = Decimal(30)
PLAN_FROM_YEAR = 2020
#: From this year the national target (Resolution 66/NQ-CP: 50% against 2024) applies.
NATIONAL_FROM_YEAR = 2026

PLAN_SOURCE = Text(
    "Kế hoạch cắt giảm thời gian giải quyết TTHC của UBND tỉnh Tuyên Quang (từ năm 2020): "
    "tối thiểu 30% ở mọi lĩnh vực (chưa tìm thấy văn bản kế hoạch: không rõ số hiệu, ngày)",
    "Tuyên Quang provincial plan to cut processing times (since 2020): at least 30% in "
    "every field (the plan document was not found: number and date unknown)",
)

_SETTINGS = {"postal_exempt"}


# -- configuration ----------------------------------------------------------------------


def settings(rules: CheckRules | None) -> Mapping[str, Any]:
    """The plugin's table ``[tuyen-quang]`` of the configuration (empty when absent)."""
    if rules is None:
        return {}
    table = rules.config.extra.get(CONFIG_TABLE, {})
    return table if isinstance(table, Mapping) else {}


@hookimpl
def tthc_configure(rules: Rules) -> None:
    """Check the ``[tuyen-quang]`` table now, so that a typo fails when the rules are built."""
    from tthc.errors import ConfigError

    where = str(rules.config.path) if rules.config.path else "<config>"
    table = rules.config.extra.get(CONFIG_TABLE, {})
    if not isinstance(table, Mapping):
        raise ConfigError(
            Text(
                f"{where}: [{CONFIG_TABLE}] phải là một bảng, nhận được {table!r}",
                f"{where}: [{CONFIG_TABLE}] must be a table, got {table!r}",
            )
        )
    for key in table:
        if key not in _SETTINGS:
            close = difflib.get_close_matches(key, sorted(_SETTINGS), n=1)
            hint_vi = f"; có phải '{close[0]}'?" if close else ""
            hint_en = f"; did you mean '{close[0]}'?" if close else ""
            raise ConfigError(
                Text(
                    f"{where}: khoá không biết '{key}' trong [{CONFIG_TABLE}]{hint_vi}",
                    f"{where}: unknown key '{key}' in [{CONFIG_TABLE}]{hint_en}",
                )
            )
    exempt = table.get("postal_exempt", [])
    if not isinstance(exempt, list) or not all(isinstance(c, str) for c in exempt):
        raise ConfigError(
            Text(
                f"{where}: [{CONFIG_TABLE}] postal_exempt phải là danh sách mã thủ tục, "
                f"nhận được {exempt!r}",
                f"{where}: [{CONFIG_TABLE}] postal_exempt must be a list of procedure codes, "
                f"got {exempt!r}",
            )
        )


# -- working hours and counting -----------------------------------------------------------


@hookimpl
def tthc_working_hours() -> WorkingHours:
    """The national hours, kept: no provincial notice was found (source ``working-hours``)."""
    from tthc.calendar import WorkingHours
    from tthc.national.calendar import NATIONAL_INTERVALS

    record = source("working-hours")
    hours = WorkingHours.fixed(
        NATIONAL_INTERVALS,
        source=f"tthc-tuyenquang: {record.note}",
        name=Text("giờ làm việc (giữ giờ quốc gia)", "working hours (national hours kept)"),
    )
    return WorkingHours(
        hours.periods,
        note=Text(
            "Chưa tìm thấy thông báo giờ làm việc của tỉnh Tuyên Quang; dùng giờ quốc gia "
            "08:00-12:00, 13:00-17:00.",
            "No Tuyên Quang notice of working hours was found; the national hours "
            "08:00-12:00, 13:00-17:00 are kept.",
        ),
    )


@hookimpl
def tthc_counting_policy() -> CountingPolicy:
    """National counting with a general 15:00 receipt cut-off (stated local policy, see above)."""
    import dataclasses

    from tthc.sla import CountingPolicy

    return dataclasses.replace(CountingPolicy(), general_cutoff=GENERAL_CUTOFF)


# -- reduction target -----------------------------------------------------------------------


@hookimpl
def tthc_reduction_target(
    procedure: Procedure | None, case: Case | None, year: int
) -> Target | None:
    """30% in every field for 2020-2025 (provincial plan); the national target otherwise."""
    from tthc.reduction import Target

    if PLAN_FROM_YEAR <= year < NATIONAL_FROM_YEAR:
        return Target(PLAN_PERCENT, None, PLAN_SOURCE, "tuyen-quang")
    return None  # before the plan: national; from 2026: national 50% against 2024


# -- validation rules -----------------------------------------------------------------------


def _check_committed_published(procedure: Procedure, context: CheckContext) -> Iterable[Problem]:
    from tthc.validation import Problem

    for index, case in enumerate(procedure.processing_time):
        if case.committed is None:
            label = f" '{case.name}'" if case.name else ""
            yield Problem(
                Text(
                    f"trường hợp{label} chưa công bố thời gian giải quyết cam kết "
                    f"(sau cắt giảm); thời hạn theo quy định: {case.time.text('vi')}",
                    f"case{label} publishes no committed (reduced) time; legal time: "
                    f"{case.time.text('en')}",
                ),
                loc=("processing_time", index),
                hint=Text(
                    "Thêm 'committed' (thời gian tỉnh cam kết), kể cả khi bằng thời hạn theo "
                    "quy định.",
                    "Add 'committed' (the time the province commits to), even when it equals "
                    "the legal time.",
                ),
            )


def _check_plan_cut(procedure: Procedure, context: CheckContext) -> Iterable[Problem]:
    from tthc.display import display_number
    from tthc.duration import Unit
    from tthc.reduction import ReductionError, meets_target, reduction_percent
    from tthc.validation import Problem

    for index, case in enumerate(procedure.processing_time):
        committed = case.committed
        if committed is None or case.time.unit is Unit.SAME_DAY:
            continue  # TQ101 reports the first; a same-day time cannot be cut by a share
        try:
            if meets_target(case.time, committed, PLAN_PERCENT):
                continue
            cut = reduction_percent(case.time, committed)
        except ReductionError:
            continue  # not comparable exactly (months against days): never guessed
        shown = display_number(cut, "en")  # rounded as `tthc reduction` shows it (half up)
        shown_vi = display_number(cut, "vi")  # Vietnamese decimal comma
        yield Problem(
            Text(
                f"thời gian cam kết {committed.text('vi')} chỉ giảm {shown_vi}% so với "
                f"{case.time.text('vi')}; kế hoạch của tỉnh yêu cầu tối thiểu 30%",
                f"committed time {committed.text('en')} cuts only {shown}% of "
                f"{case.time.text('en')}; the provincial plan asks at least 30%",
            ),
            loc=("processing_time", index, "committed"),
            hint=Text(
                "Rút ngắn thời gian cam kết, hoặc ghi lý do không cắt giảm được trong 'notes'.",
                "Shorten the committed time, or record in 'notes' why it cannot be cut.",
            ),
        )


def _check_postal(procedure: Procedure, context: CheckContext) -> Iterable[Problem]:
    from tthc.model import Channel, Level
    from tthc.validation import Problem

    local = {Level.PROVINCE, Level.COMMUNE}
    if not local.intersection(procedure.levels) or Channel.POSTAL in procedure.channels:
        return
    if procedure.code in settings(context.rules).get("postal_exempt", []):
        return
    yield Problem(
        Text(
            "thủ tục cấp tỉnh/xã không nêu cách nộp qua dịch vụ bưu chính công ích",
            "provincial/commune procedure does not offer the public postal service channel",
        ),
        loc=("channels",),
        hint=Text(
            "Thêm 'postal' vào 'channels' (Quyết định 45/2016/QĐ-TTg), hoặc thêm mã thủ tục "
            "vào postal_exempt trong bảng [tuyen-quang] của cấu hình nếu không áp dụng.",
            "Add 'postal' to 'channels' (Decision 45/2016/QĐ-TTg), or add the procedure code "
            "to postal_exempt in the [tuyen-quang] table of the configuration.",
        ),
    )


def validation_rules() -> list[Rule]:
    """The plugin's rules TQ101-TQ103 (all warnings: they report, they do not block)."""
    from tthc.validation import Rule, Severity

    return [
        Rule(
            "TQ101",
            Severity.WARNING,
            Text(
                "Thủ tục công bố thời gian giải quyết cam kết",
                "Procedure publishes a committed processing time",
            ),
            Text(
                "Tuyên Quang công bố, cho từng thủ tục, thời gian giải quyết sau cắt giảm bên "
                "cạnh thời hạn theo quy định. Quy tắc báo mọi trường hợp (case) thiếu "
                "'committed'. Sửa: thêm 'committed', kể cả khi bằng thời hạn theo quy định.",
                "Tuyên Quang publishes, for each procedure, the reduced time it commits to next "
                "to the legal time. The rule reports every case without 'committed'. Fix: add "
                "'committed', even when it equals the legal time.",
            ),
            check=_check_committed_published,
        ),
        Rule(
            "TQ102",
            Severity.WARNING,
            Text(
                "Thời gian cam kết giảm tối thiểu 30% so với quy định",
                "Committed time cuts at least 30% of the legal time",
            ),
            Text(
                "Kế hoạch của tỉnh từ năm 2020 yêu cầu cắt giảm tối thiểu 30% thời gian giải "
                "quyết ở mọi lĩnh vực. Quy tắc so sánh chính xác thời gian cam kết với thời "
                "hạn theo quy định (1 ngày làm việc = 8 giờ làm việc); bỏ qua thủ tục trong "
                "ngày và các cặp không so sánh chính xác được (tháng với ngày làm việc).",
                "The province's plan since 2020 asks a cut of at least 30% of processing time "
                "in every field. The rule compares the committed time with the legal time "
                "exactly (1 working day = 8 working hours); same-day procedures and pairs "
                "that cannot be compared exactly (months against working days) are skipped.",
            ),
            check=_check_plan_cut,
        ),
        Rule(
            "TQ103",
            Severity.WARNING,
            Text(
                "Thủ tục cấp tỉnh, cấp xã cho phép nộp qua bưu chính công ích",
                "Provincial and commune procedures offer the postal channel",
            ),
            Text(
                "Chính sách riêng của plugin (không phải văn bản của tỉnh): hồ sơ được nộp và "
                "trả kết quả qua dịch vụ bưu chính công ích theo Quyết định 45/2016/QĐ-TTg, "
                "nên thủ tục cấp tỉnh, cấp xã nên nêu cách thức này. Thủ tục không áp dụng: "
                "thêm mã vào postal_exempt trong bảng [tuyen-quang] của cấu hình.",
                "Stated policy of this plugin (not a provincial document): dossiers may be "
                "submitted and results returned through the public postal service (Decision "
                "45/2016/QĐ-TTg), so provincial and commune procedures should offer it. For a "
                "procedure where it does not apply, add its code to postal_exempt in the "
                "[tuyen-quang] table of the configuration.",
            ),
            check=_check_postal,
        ),
    ]


@hookimpl
def tthc_validation_rules() -> Sequence[Rule]:
    """TQ101-TQ103."""
    return validation_rules()


# -- forms ----------------------------------------------------------------------------------

_FORM04_VI = """ỦY BAN NHÂN DÂN TỈNH TUYÊN QUANG
$agency

CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc

# $form_title

Kính gửi: $applicant

Vào $received_at, $agency đã tiếp nhận hồ sơ $dossier_id về thủ tục "$procedure_name" \
(mã thủ tục: $procedure_code), hẹn trả kết quả vào $original_due_at.

Đến nay hồ sơ chưa được giải quyết đúng hẹn. Lý do: $reason

$agency trân trọng xin lỗi $applicant vì sự chậm trễ này và hẹn trả kết quả vào \
**$new_due_at**.

$provisional_note

$extra

Tuyên Quang, ngày $issued_on

Người ký: $officer
"""

_FORM04_EN = """PEOPLE'S COMMITTEE OF TUYÊN QUANG PROVINCE
$agency

SOCIALIST REPUBLIC OF VIETNAM
Independence - Freedom - Happiness

# $form_title

To: $applicant

On $received_at, $agency received dossier $dossier_id for the procedure "$procedure_name" \
(code: $procedure_code), with the result due on $original_due_at.

The dossier has not been resolved by that date. Reason: $reason

$agency sincerely apologises to $applicant for this delay; the result is now due on \
**$new_due_at**.

$provisional_note

$extra

Tuyên Quang, $issued_on

Signed: $officer
"""

#: The plugin's wording of Form 04 by language. Not an official provincial template: the
#: layout of Form 04 is that of Circular 03/2025/TT-VPCP appendix I; this wording adds the
#: province's heading and states the apology and the new appointment in plain words.
FORM04: dict[str, str] = {"vi": _FORM04_VI, "en": _FORM04_EN}


@hookimpl
def tthc_form_template(form: str, lang: Lang) -> str | None:
    """Tuyên Quang wording of Form 04; ``None`` for other forms (national wording)."""
    if form == "04":
        return FORM04.get(lang)
    return None


__all__ = [
    "CONFIG_TABLE",
    "FORM04",
    "GENERAL_CUTOFF",
    "PLAN_PERCENT",
    "PLAN_SOURCE",
    "SOURCES",
    "settings",
    "tthc_configure",
    "tthc_counting_policy",
    "tthc_form_template",
    "tthc_province",
    "tthc_reduction_target",
    "tthc_validation_rules",
    "tthc_working_hours",
    "validation_rules",
]
