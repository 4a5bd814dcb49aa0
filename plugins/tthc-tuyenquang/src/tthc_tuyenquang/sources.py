"""What the Tuyên Quang plugin rests on: every source consulted, and what was not found.

Each choice of the plugin names one of these records. A record with ``found=False``
says that a provincial document was looked for and not found; the plugin then keeps the
national rule (working hours) or states its own policy and labels it as such (the
receipt cut-off, the postal-channel rule). Nothing here is a guess presented as fact.

Research done in November 2026 from stored copies of public pages (the provincial
portals themselves were not reachable); document numbers are as printed in the pages.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["SOURCES", "Source", "source"]


@dataclass(frozen=True)
class Source:
    """One source (nguồn) the plugin relies on, or a notice looked for and not found."""

    id: str
    what: str
    """What it supports in the plugin."""
    document: str | None = None
    """Document number and date, as printed (số hiệu văn bản)."""
    url: str | None = None
    found: bool = True
    """``False``: looked for and not found; the plugin says so instead of inventing it."""
    note: str = ""


SOURCES: tuple[Source, ...] = (
    Source(
        id="merger",
        what="Since 1 July 2025 the province of Tuyên Quang is the former Tuyên Quang "
        "and Hà Giang provinces (two-tier local government: province and commune).",
        document="Nghị quyết 202/2025/QH15",
        note="Domain notes of the tthc project, section 2.",
    ),
    Source(
        id="centre",
        what="The provincial public administrative service centre (Trung tâm Phục vụ hành "
        "chính công tỉnh) receives and returns dossiers of the provincial agencies.",
        document="Quyết định 526/QĐ-UBND của UBND tỉnh Tuyên Quang (thành lập Trung tâm)",
        url="https://baotuyenquang.com.vn/xa-hoi/cai-cach-hanh-chinh/"
        "thanh-lap-trung-tam-phuc-vu-hanh-chinh-cong-tinh-tuyen-quang-149003.html",
        note="Context only: no hook depends on it. The article cited gives the decision's "
        "number and the centre's tasks, not the decision's date; neither that date nor the "
        "opening day could be confirmed from a stored copy, so none is given here.",
    ),
    Source(
        id="working-hours",
        what="Working hours of the province's agencies (giờ làm việc mùa hè / mùa đông).",
        found=False,
        note="No provincial notice of working hours (summer or winter) was found. The "
        "plugin keeps the national hours 08:00-12:00 and 13:00-17:00 rather than invent "
        "any; replace them here when the notice is known.",
    ),
    Source(
        id="saturday",
        what="Receipt of dossiers on Saturday mornings at the public administrative "
        "service centre.",
        document="Quyết định 127/2007/QĐ-TTg (national: Saturday receipt of some procedures)",
        url="https://www.moj.gov.vn/qt/tintuc/Pages/van-ban-chinh-sach-moi.aspx?ItemID=172",
        found=False,
        note="No Tuyên Quang notice of Saturday receipt was found; the plugin adds no "
        "Saturday working time. Saturday receipt would not move deadlines anyway unless "
        "Saturday became working time for counting, which no source says.",
    ),
    Source(
        id="plan-2020",
        what="The province's plan to cut the processing time of administrative procedures "
        "by at least 30% in every field (kế hoạch cắt giảm thời gian giải quyết TTHC), "
        "in force since 2020.",
        document=None,
        found=False,
        note="The 30%-in-every-field target since 2020 is stated in the tthc project's "
        "issue on reduction targets; the 2020 plan itself (number, date, text) was not "
        "found, so the target rests on that statement. Related but not the same plan: Báo "
        "Tuyên Quang (26 January 2026, read in the English republication on vietnam.vn) "
        "reports a later plan to simplify 1,621 procedures that cuts the processing time of "
        "980 of them by 30% (not every procedure, and not every field); "
        "hdndtuyenquang.gov.vn reports cuts averaging over 30% for 580 provincial and 378 "
        "district procedures in 2016-2018.",
        url="https://www.vietnam.vn/en/nhan-dan-la-trung-tam",
    ),
    Source(
        id="reform-plan-2025",
        what="Provincial administrative reform plan for 2025 (context; its text on "
        "processing times was not read).",
        document="Kế hoạch 223/KH-UBND năm 2024 của UBND tỉnh Tuyên Quang",
        url="https://hethongphapluat.vn/"
        "ke-hoach-223-kh-ubnd-nam-2024-cai-cach-hanh-chinh-tinh-tuyen-quang-nam-2025.html",
        note="Context only: no hook depends on it. Number and year as the page cited names "
        "the plan; its date and its text on processing times were not confirmed.",
    ),
    Source(
        id="national-targets",
        what="National targets: at least 30% in 2025, 50% by 2026 against 2024.",
        document="Nghị quyết 66/NQ-CP (2025)",
    ),
    Source(
        id="cutoff",
        what="A general afternoon cut-off (giờ chốt) for all procedures.",
        found=False,
        note="No Tuyên Quang rule on a general cut-off was found. The plugin's 15:00 "
        "general cut-off is its own stated local policy (see tthc_tuyenquang), following "
        "the 15:00 cut-off written into same-day procedures and the provincial "
        "publications that write it into ordinary procedures too (tthc docs, deadlines, rule 3).",
    ),
    Source(
        id="postal",
        what="Dossiers may be submitted and results returned through the public postal "
        "service (dịch vụ bưu chính công ích).",
        document="Quyết định 45/2016/QĐ-TTg",
        found=True,
        note="National rule. No Tuyên Quang rule requiring every procedure to offer the "
        "postal channel was found: rule TQ103 is the plugin's stated local policy, a "
        "warning, not a provincial requirement.",
    ),
)

_BY_ID = {s.id: s for s in SOURCES}


def source(source_id: str) -> Source:
    """The source record ``source_id`` (KeyError names the known ids)."""
    try:
        return _BY_ID[source_id]
    except KeyError:
        raise KeyError(f"unknown source {source_id!r}; known: {', '.join(_BY_ID)}") from None
