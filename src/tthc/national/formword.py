"""The national layout of Forms 01 and 04 as Word templates (mẫu Word), for ``output="docx"``.

Built with python-docx from the same pieces as the text templates (a
:class:`tthc.national.forms.Layout`), so that the wording is written once: the heading in
a borderless two-column table (agencies and number on the left; national name, motto,
place and date on the right), the title centred in bold, the body one paragraph per line
with each ``$placeholder`` in its own run (a province's filled value keeps the run's
formatting), and the signature blocks side by side at the bottom. Times New Roman 13 pt
on A4; the paper size and fonts of the circular's own templates were not checked.
"""

from __future__ import annotations

import io
import re
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from tthc.formword import WordTemplate, require_docx

if TYPE_CHECKING:
    from tthc.national.forms import Layout

__all__ = ["word_template"]

_FONT = "Times New Roman"
_MARKS = re.compile(r"(\*\*.+?\*\*|\$[_a-z]+)")


def _runs(paragraph: Any, line: str, *, bold: bool = False, italic: bool = False) -> None:
    """``line`` as runs: ``**bold**`` pieces bold, each ``$placeholder`` a run of its own."""
    for piece in _MARKS.split(line):
        if not piece:
            continue
        strong = bold
        if piece.startswith("**") and piece.endswith("**"):
            piece, strong = piece[2:-2], True
        run = paragraph.add_run(piece)
        run.bold = strong or None
        run.italic = italic or None


def _cell_lines(cell: Any, lines: tuple[str, ...], center: bool) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    cell.paragraphs[0].text = ""
    for index, line in enumerate(lines):
        paragraph = cell.paragraphs[0] if index == 0 else cell.add_paragraph()
        if center:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        italic = line.startswith("*") and not line.startswith("**")
        _runs(paragraph, line.strip("*") if italic else line, italic=italic)


def _layout(document: Any, layout: Layout) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    heading = document.add_table(rows=1, cols=2)
    heading.autofit = False
    # the national name must fit on one line: the right column is the wider
    for column, width, lines in ((0, Mm(65), layout.left), (1, Mm(105), layout.right)):
        heading.columns[column].width = width  # the grid (LibreOffice reads this one)
        heading.cell(0, column).width = width  # the cell (Word reads this one)
        _cell_lines(heading.cell(0, column), lines, center=True)
    for block in re.split(r"\n\s*\n", layout.body.replace("\\\n", "").strip()):
        line = " ".join(block.split())
        paragraph = document.add_paragraph()
        if line.startswith("# "):
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            paragraph.paragraph_format.space_before = Pt(18)
            paragraph.paragraph_format.space_after = Pt(12)
            _runs(paragraph, line[2:], bold=True)
        else:
            _runs(paragraph, line)
    document.add_paragraph()
    columns = len(layout.signatures)
    signed = document.add_table(rows=1, cols=2 if columns == 1 else columns)
    for index, signature in enumerate(layout.signatures):
        cell = signed.cell(0, index + 1 if columns == 1 else index)
        lines = (f"**{signature.title}**", f"*{signature.note}*", "", "", signature.name)
        _cell_lines(cell, lines, center=True)


@lru_cache(maxsize=8)
def _national_docx(layout: Layout) -> bytes:
    docx = require_docx()
    from docx.shared import Mm, Pt

    document = docx.Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(20))
    style = document.styles["Normal"]
    style.font.name = _FONT
    style.font.size = Pt(13)
    style.paragraph_format.space_after = Pt(3)
    _layout(document, layout)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def word_template(layout: Layout) -> WordTemplate:
    """The Word template of a national ``layout`` (built once, then cached)."""
    return WordTemplate(_national_docx(layout))
