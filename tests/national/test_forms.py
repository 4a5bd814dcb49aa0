"""National wording of Forms 01 and 04 (tthc.national.forms) and how a province replaces it."""

from __future__ import annotations

import string
from datetime import datetime

import pytest

from tthc import hookimpl
from tthc.calendar import VN_TZ
from tthc.config import Config
from tthc.errors import ConfigError
from tthc.forms import FORM_TITLES, Form01, Form04, render
from tthc.i18n import Lang
from tthc.national.forms import TEMPLATES, tthc_form_template
from tthc.rules import Rules

DEADLINE_RECEIVED = datetime(2026, 11, 26, 10, 0, tzinfo=VN_TZ)


def placeholders(template: str) -> set[str]:
    names = set()
    for match in string.Template.pattern.finditer(template):
        name = match.group("named") or match.group("braced")
        if name:
            names.add(name)
    return names


def form_values(form: str) -> set[str]:
    """The names a form fills (from real instances)."""
    rules = Rules(Config(), load_entry_points=False)
    deadline = rules.deadline(DEADLINE_RECEIVED, "3 ngày làm việc")
    if form == "01":
        made: Form01 | Form04 = Form01.from_deadline(
            deadline, dossier_id="HS", applicant="A", procedure_name="P"
        )
    else:
        made = Form04.for_delay(
            rules, deadline, agency="G", applicant="A", reason="R", procedure_name="P",
            extra_working_days=1,
        )  # fmt: skip
    return set(made.values("vi"))


#: What each national template must show, whatever else it shows.
ESSENTIAL = {
    "01": {"form_title", "dossier_id", "applicant", "procedure_name", "received_at", "due_at"},
    "04": {"form_title", "agency", "applicant", "procedure_name", "original_due_at", "reason",
           "new_due_at"},
}  # fmt: skip


@pytest.mark.parametrize(("form", "lang"), sorted(TEMPLATES))
def test_national_templates_use_only_known_placeholders(form: str, lang: Lang) -> None:
    template = TEMPLATES[(form, lang)]
    used = placeholders(template)
    assert used <= form_values(form)
    assert ESSENTIAL[form] <= used
    string.Template(template).substitute(dict.fromkeys(used, ""))  # raises if malformed


@pytest.mark.parametrize("form", ["01", "04"])
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_form_has_national_wording(form: str, lang: Lang) -> None:
    assert tthc_form_template(form, lang, "text") == TEMPLATES[(form, lang)]
    assert "$form_title" in TEMPLATES[(form, lang)]


def test_titles_are_the_circular_titles() -> None:
    assert FORM_TITLES["01"].vi == "Mẫu số 01. Giấy tiếp nhận hồ sơ và hẹn trả kết quả"
    assert FORM_TITLES["04"].vi == (
        "Mẫu số 04. Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết"
    )


def test_unknown_form_has_no_template() -> None:
    assert tthc_form_template("02", "vi", "text") is None
    assert tthc_form_template("02", "vi", "docx") is None
    rules = Rules(Config(), load_entry_points=False)
    with pytest.raises(ConfigError) as info:
        rules.form_template("02", "vi")
    assert "No template for form '02' (vi)" in info.value.message("en")


class ProvinceWording:
    """Synthetic province: its own wording of Form 01 in Vietnamese only."""

    @hookimpl
    def tthc_form_template(self, form: str, lang: str) -> str | None:
        if (form, lang) == ("01", "vi"):
            return "PHIẾU HẸN (thử nghiệm) $dossier_id: $due_at"
        return None


def test_province_wording_wins_and_falls_back_to_national() -> None:
    rules = Rules(Config(), load_entry_points=False)
    rules.pm.register(ProvinceWording(), name="province")
    deadline = rules.deadline(DEADLINE_RECEIVED, "3 ngày làm việc")
    form = Form01.from_deadline(deadline, dossier_id="HS-9", applicant="A", procedure_name="P")
    assert render(form, rules, "vi") == "PHIẾU HẸN (thử nghiệm) HS-9: Thứ Ba 01/12/2026 17:00\n"
    assert "Form 01. Receipt of dossier" in render(form, rules, "en")
