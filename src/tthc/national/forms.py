"""National wording of Forms 01 and 04 (Circular 03/2025/TT-VPCP appendix I).

Answers the hook ``tthc_form_template(form, lang)`` with a :class:`string.Template`
for ``"01"`` (receipt and appointment) and ``"04"`` (apology and extension), in
Vietnamese and English. The placeholders are documented in :mod:`tthc.forms`.

The templates lay out every field tthc holds under the form's title: the heading (parent
agency, agency, number, national name and motto, place and date), the applicant, the
procedure, the dossier and the dates, and the signatures. They are not a copy of the printed
layout of the circular: which labels the circular's own templates print was not read (see
docs/forms.md and docs/sources.md). A province changes the wording by answering the same
hook (first answer wins); a literal dollar sign is written ``$$``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from tthc.hookspecs import hookimpl
from tthc.i18n import Lang

if TYPE_CHECKING:
    from tthc.formword import WordTemplate

__all__ = ["LAYOUTS", "TEMPLATES", "Layout", "Signature", "tthc_form_template"]


@dataclass(frozen=True)
class Signature:
    """A signature block: who signs (bold), the note under it, and the name."""

    title: str
    note: str
    name: str


@dataclass(frozen=True)
class Layout:
    """The national layout of a form in one language: the heading's two blocks (left: the
    agencies and the number; right: the national name, motto, place and date), the body
    (Markdown, ``# `` title), and the signature blocks. :meth:`text` is the text template;
    :mod:`tthc.national.formword` lays the same pieces out in Word."""

    left: tuple[str, ...]
    right: tuple[str, ...]
    body: str
    signatures: tuple[Signature, ...]

    def text(self) -> str:
        """The text template: the blocks one after the other, a blank line between lines."""
        lines = [*self.left, *self.right]
        signed = [f"**{s.title}** {s.note}: {s.name}" for s in self.signatures]
        return "\n\n".join(lines) + "\n\n" + self.body.strip() + "\n\n" + "\n\n".join(signed) + "\n"


_LEFT_VI = ("$parent_agency", "**$agency**", "Số: $number")
_LEFT_EN = ("$parent_agency", "**$agency**", "No.: $number")
_RIGHT_VI = (
    "**CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM**",
    "**Độc lập - Tự do - Hạnh phúc**",
    "*$date_line*",
)
_RIGHT_EN = (
    "**SOCIALIST REPUBLIC OF VIETNAM**",
    "**Independence - Freedom - Happiness**",
    "*$date_line*",
)

_FORM01_VI = Layout(
    _LEFT_VI,
    _RIGHT_VI,
    """
# $form_title

**Mã hồ sơ:** $dossier_id

Tiếp nhận hồ sơ của: $applicant

Địa chỉ: $address

Số điện thoại: $phone

Thư điện tử: $email

Nội dung yêu cầu giải quyết: $procedure_name (mã thủ tục: $procedure_code)

Cách thức nộp: $channel

Thành phần hồ sơ đã nhận:

$components

Số lượng hồ sơ: $sets

Thời gian giải quyết hồ sơ theo quy định: $legal_time

Thời điểm tiếp nhận: $received_at

**Thời gian hẹn trả kết quả:** $due_at

$provisional_note

Nơi trả kết quả: $result_place

Vào sổ theo dõi hồ sơ: quyển số $register_book, số thứ tự $register_entry

$extra
""",
    (
        Signature("Người nộp hồ sơ", "(ký và ghi rõ họ tên)", "$applicant"),
        Signature("Người tiếp nhận hồ sơ", "(ký và ghi rõ họ tên)", "$officer"),
    ),
)

_FORM01_EN = Layout(
    _LEFT_EN,
    _RIGHT_EN,
    """
# $form_title

**Dossier number:** $dossier_id

Dossier received from: $applicant

Address: $address

Phone: $phone

E-mail: $email

Request: $procedure_name (procedure code: $procedure_code)

Channel: $channel

Dossier components received:

$components

Number of sets: $sets

Processing time stated by law: $legal_time

Received at: $received_at

**Result due (appointment):** $due_at

$provisional_note

Result to be collected at: $result_place

Entered in the dossier register: book $register_book, entry $register_entry

$extra
""",
    (
        Signature("Applicant", "(signature and full name)", "$applicant"),
        Signature("Receiving officer", "(signature and full name)", "$officer"),
    ),
)

_FORM04_VI = Layout(
    _LEFT_VI,
    _RIGHT_VI,
    """
# $form_title

Kính gửi: $applicant

Địa chỉ: $address

Số điện thoại: $phone; thư điện tử: $email

Hồ sơ: $dossier_id, thủ tục $procedure_name (mã thủ tục: $procedure_code)

Thời điểm tiếp nhận: $received_at

Thời gian hẹn trả kết quả ban đầu: $original_due_at

Lý do chậm trễ: $reason

$agency xin lỗi $applicant vì hồ sơ chậm giải quyết so với thời gian đã hẹn và đề nghị \
gia hạn thời gian giải quyết.

**Thời gian hẹn trả kết quả mới:** $new_due_at

$provisional_note

$extra
""",
    (Signature("$signer_title", "(ký và ghi rõ họ tên)", "$officer"),),
)

_FORM04_EN = Layout(
    _LEFT_EN,
    _RIGHT_EN,
    """
# $form_title

To: $applicant

Address: $address

Phone: $phone; e-mail: $email

Dossier: $dossier_id, procedure $procedure_name (code: $procedure_code)

Received at: $received_at

Original appointment: $original_due_at

Reason for the delay: $reason

$agency apologises to $applicant for the delay in resolving the dossier past the \
appointment and asks to extend the processing time.

**New appointment:** $new_due_at

$provisional_note

$extra
""",
    (Signature("$signer_title", "(signature and full name)", "$officer"),),
)

#: The national layouts by (form, language).
LAYOUTS: dict[tuple[str, Lang], Layout] = {
    ("01", "vi"): _FORM01_VI,
    ("01", "en"): _FORM01_EN,
    ("04", "vi"): _FORM04_VI,
    ("04", "en"): _FORM04_EN,
}

#: The national text templates by (form, language).
TEMPLATES: dict[tuple[str, Lang], str] = {key: layout.text() for key, layout in LAYOUTS.items()}


@hookimpl
def tthc_form_template(form: str, lang: Lang, output: str) -> str | WordTemplate | None:
    """The national wording of ``form`` (``"01"`` or ``"04"``) in ``lang``; else ``None``.
    For ``output="docx"`` the same layout as a Word template."""
    layout = LAYOUTS.get((form, lang))
    if layout is None:
        return None
    if output == "docx":
        from tthc.national.formword import word_template

        return word_template(layout)
    return TEMPLATES[(form, lang)]
