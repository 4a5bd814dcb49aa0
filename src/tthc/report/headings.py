"""The column headings of the report and its word for "does not apply" (tiêu đề cột).

Shared by the text renderer (:mod:`tthc.report.render`) and the typed tables of the HTML
and Excel reports (:mod:`tthc.report.tables`), so that neither imports the other's module.
"""

from __future__ import annotations

from tthc.i18n import Text

TITLE = Text(
    "Báo cáo tình hình giải quyết hồ sơ thủ tục hành chính",
    "Processing of administrative procedure dossiers",
)

_HEAD = {
    "group": Text("Nhóm", "Group"),
    "code": Text("Mã thủ tục", "Code"),
    "name": Text("Tên thủ tục", "Procedure"),
    "case": Text("Trường hợp", "Case"),
    "total": Text("Tổng số", "Total"),
    "early": Text("Trước hạn", "Early"),
    "on_time": Text("Đúng hạn", "On time"),
    "late": Text("Trễ hạn", "Late"),
    "overdue": Text("Quá hạn chưa giải quyết", "Overdue, open"),
    "open": Text("Đang giải quyết trong hạn", "Open, not due"),
    "on_time_rate": Text("Tỷ lệ trước và đúng hạn (%)", "Early or on time (%)"),
    "late_rate": Text("Tỷ lệ trễ hạn (%)", "Late (%)"),
    "average": Text("Thời gian giải quyết trung bình", "Average processing time"),
}


#: What text and Markdown show for a rate with no dossier to rate, or an average with no
#: finished dossier ("-%" read as a broken number); JSON writes null and CSV an empty cell.
_NOT_APPLICABLE = Text("không có", "n/a")
