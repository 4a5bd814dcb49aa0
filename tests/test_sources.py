"""The bibliography (docs/sources.md, docs/vi/sources.md) lists every document tthc cites.

Code (``src/``, the plugin's ``src/``), shipped data (``src/tthc/national/data``) and docs
are scanned for Vietnamese document numbers ("118/2025/NĐ-CP", "12729/VPCP-KGVX",
"03/2025/TT-VPCP", "45/2019/QH14", "80-NQ/TW"); each must appear in both bibliographies.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

#: A document number: "118/2025/NĐ-CP", "03/2025/TT-VPCP", "12729/VPCP-KGVX",
#: "6150/TB-BLĐTBXH", "45/2019/QH14", "80-NQ/TW".
DOCUMENT_RE = re.compile(
    r"(?<![\w/.])("
    r"\d{1,5}/(?:\d{4}/)?[A-ZĐ][A-Za-zĐđ]*(?:-[A-ZĐ][A-Za-zĐđ]*)+"
    r"|\d{1,5}/\d{4}/QH\d{2}"
    r"|\d{1,3}-NQ/TW"
    r")(?![\w/])"
)

BIBLIOGRAPHIES = (ROOT / "docs" / "sources.md", ROOT / "docs" / "vi" / "sources.md")


def _cited_in() -> list[Path]:
    files = [
        *ROOT.glob("src/tthc/**/*.py"),
        *ROOT.glob("src/tthc/national/data/*.yaml"),
        *ROOT.glob("src/tthc/national/data/*.json"),
        *ROOT.glob("docs/**/*.md"),
        ROOT / "README.md",
        *ROOT.glob("plugins/*/src/**/*.py"),
        *ROOT.glob("plugins/*/src/**/*.yaml"),
        *ROOT.glob("plugins/*/README.md"),
    ]
    return sorted(f for f in files if f.name != "sources.md")


def citations(text: str) -> set[str]:
    return {m.group(1) for m in DOCUMENT_RE.finditer(text)}


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Nghị định 118/2025/NĐ-CP điều 5", {"118/2025/NĐ-CP"}),
        ("Công văn 12729/VPCP-KGVX ngày 25/12/2025", {"12729/VPCP-KGVX"}),
        ("Phụ lục Thông tư 03/2025/TT-VPCP.", {"03/2025/TT-VPCP"}),
        ("Bộ luật Lao động (45/2019/QH14)", {"45/2019/QH14"}),
        ("Nghị quyết 80-NQ/TW; 6150/TB-BLĐTBXH", {"80-NQ/TW", "6150/TB-BLĐTBXH"}),
        ("ngày 25/12/2025, 2,5/3 ngày, 1/2 ngày, 08:00-12:00", set()),
    ],
)
def test_document_numbers_are_found(text: str, found: set[str]) -> None:
    assert citations(text) == found


def test_every_cited_document_is_in_the_bibliography() -> None:
    listed = [citations(page.read_text(encoding="utf-8")) for page in BIBLIOGRAPHIES]
    missing: dict[str, list[str]] = {}
    for path in _cited_in():
        for number in citations(path.read_text(encoding="utf-8")):
            if not all(number in known for known in listed):
                missing.setdefault(number, []).append(str(path.relative_to(ROOT)))
    assert not missing, f"cited but not in docs/sources.md and docs/vi/sources.md: {missing}"


def test_the_bibliographies_list_the_same_documents() -> None:
    en, vi = (citations(page.read_text(encoding="utf-8")) for page in BIBLIOGRAPHIES)
    assert en == vi
