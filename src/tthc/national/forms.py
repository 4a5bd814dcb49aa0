"""National wording of Forms 01 and 04 (Circular 03/2025/TT-VPCP appendix I).

Answers the hook ``tthc_form_template(form, lang)`` with a :class:`string.Template`
for ``"01"`` (receipt and appointment) and ``"04"`` (apology and extension), in
Vietnamese and English. The placeholders are documented in :mod:`tthc.forms`.

The templates lay out the data tthc holds, under the form's title; they are not a
copy of the printed layout of the circular, whose exact fields for Form 04 are an
open question (see docs/forms.md). A province changes the wording by answering the same
hook (first answer wins); a literal dollar sign is written ``$$``.
"""

from __future__ import annotations

from tthc.hookspecs import hookimpl
from tthc.i18n import Lang

__all__ = ["TEMPLATES", "tthc_form_template"]

_HEADER_VI = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n\nĐộc lập - Tự do - Hạnh phúc\n"
_HEADER_EN = "SOCIALIST REPUBLIC OF VIETNAM\n\nIndependence - Freedom - Happiness\n"

_FORM01_VI = (
    _HEADER_VI
    + """
# $form_title

**Cơ quan tiếp nhận:** $agency

**Mã hồ sơ:** $dossier_id

Tiếp nhận hồ sơ của: $applicant

Thủ tục: $procedure_name (mã thủ tục: $procedure_code)

Cách thức nộp: $channel

Thành phần hồ sơ đã nhận:

$components

Thời điểm tiếp nhận: $received_at

**Thời gian hẹn trả kết quả:** $due_at

$provisional_note

$extra

Người tiếp nhận hồ sơ: $officer
"""
)

_FORM01_EN = (
    _HEADER_EN
    + """
# $form_title

**Receiving agency:** $agency

**Dossier number:** $dossier_id

Dossier received from: $applicant

Procedure: $procedure_name (code: $procedure_code)

Channel: $channel

Dossier components received:

$components

Received at: $received_at

**Result due (appointment):** $due_at

$provisional_note

$extra

Receiving officer: $officer
"""
)

_FORM04_VI = (
    _HEADER_VI
    + """
# $form_title

**Cơ quan giải quyết:** $agency

Kính gửi: $applicant

Hồ sơ: $dossier_id, thủ tục $procedure_name (mã thủ tục: $procedure_code)

Thời điểm tiếp nhận: $received_at

Thời gian hẹn trả kết quả ban đầu: $original_due_at

Lý do chậm trễ: $reason

$agency xin lỗi $applicant vì hồ sơ chậm giải quyết so với thời gian đã hẹn.

**Thời gian hẹn trả kết quả mới:** $new_due_at

$provisional_note

$extra

Ngày: $issued_on

Người ký: $officer
"""
)

_FORM04_EN = (
    _HEADER_EN
    + """
# $form_title

**Resolving agency:** $agency

To: $applicant

Dossier: $dossier_id, procedure $procedure_name (code: $procedure_code)

Received at: $received_at

Original appointment: $original_due_at

Reason for the delay: $reason

$agency apologises to $applicant for the delay in resolving the dossier past the appointment.

**New appointment:** $new_due_at

$provisional_note

$extra

Date: $issued_on

Signed: $officer
"""
)

#: The national templates by (form, language).
TEMPLATES: dict[tuple[str, Lang], str] = {
    ("01", "vi"): _FORM01_VI,
    ("01", "en"): _FORM01_EN,
    ("04", "vi"): _FORM04_VI,
    ("04", "en"): _FORM04_EN,
}


@hookimpl
def tthc_form_template(form: str, lang: Lang) -> str | None:
    """The national wording of ``form`` (``"01"`` or ``"04"``) in ``lang``; else ``None``."""
    return TEMPLATES.get((form, lang))
