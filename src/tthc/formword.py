"""Forms 01 and 04 as Word documents (tệp Word .docx), for one-stop staff who print from Word.

:func:`render_docx` fills the Word template that the hook ``tthc_form_template(form, lang,
output)`` answers for ``output="docx"``:

- a :class:`WordTemplate`, the bytes of a .docx whose paragraphs and table cells hold the
  same ``$placeholders`` as the text templates (:mod:`tthc.forms`): the national layout
  (:mod:`tthc.national.formword`) or a province's own document;
- or the text of a template (a ``str`` or :class:`string.Template`): a province that
  rewords only the text gets that wording in Word too, one paragraph per line, ``#``
  headings and ``**bold**`` kept.

Needs the ``docx`` extra (python-docx): ``pip install "tthc[docx]"``. Values are text and
are written as text: python-docx escapes them for XML, and :func:`tthc.forms.clean` has
already dropped control characters and bounded every field. A template is bounded too
(:data:`MAX_TEMPLATE_BYTES`).
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from tthc.errors import FormError
from tthc.forms import FormRules, fill_template
from tthc.i18n import Lang, Text

if TYPE_CHECKING:
    from tthc.forms import Form01, Form04

__all__ = [
    "DOCX_MEDIA_TYPE",
    "MAX_TEMPLATE_BYTES",
    "WordFormRules",
    "WordTemplate",
    "fill",
    "render_docx",
    "require_docx",
    "text_document",
]

#: The media type of a .docx file (Content-Type of the service's answer).
DOCX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

#: The largest Word template tthc opens (a one-page form is some tens of kilobytes).
MAX_TEMPLATE_BYTES = 5_000_000

_PLACEHOLDER = re.compile(r"\$(?:\$|[_a-z][_a-z0-9]*|\{[_a-z][_a-z0-9]*\})", re.IGNORECASE)


@dataclass(frozen=True)
class WordTemplate:
    """A Word template (mẫu Word): the bytes of a .docx with ``$placeholders`` in its
    paragraphs and table cells, as a plugin answers ``tthc_form_template(form, lang,
    "docx")``. Read one from a file with :meth:`read`."""

    data: bytes

    def __post_init__(self) -> None:
        if len(self.data) > MAX_TEMPLATE_BYTES:
            raise FormError(
                Text(
                    f"Mẫu Word quá lớn: {len(self.data)} byte, tối đa {MAX_TEMPLATE_BYTES}",
                    f"Word template too large: {len(self.data)} bytes, at most "
                    f"{MAX_TEMPLATE_BYTES}",
                )
            )
        if not self.data.startswith(b"PK"):
            raise FormError(
                Text(
                    "Mẫu Word không phải tệp .docx (tệp ZIP của Word)",
                    "The Word template is not a .docx file (a Word ZIP file)",
                )
            )

    @classmethod
    def read(cls, path: str | Path) -> WordTemplate:
        """The template in the .docx file ``path`` (bounded in size)."""
        path = Path(path)
        with path.open("rb") as handle:
            data = handle.read(MAX_TEMPLATE_BYTES + 1)
        return cls(data)


class WordFormRules(FormRules, Protocol):
    """What :func:`render_docx` is given (:class:`tthc.rules.Rules` is one): the text
    templates of :class:`~tthc.forms.FormRules` and the answer for Word output."""

    def word_template(self, form: str, lang: str) -> WordTemplate | str: ...


def require_docx() -> Any:
    """The ``docx`` module (python-docx), or a FormError saying how to install it."""
    try:
        import docx
    except ImportError:
        raise FormError(
            Text(
                'Xuất tệp Word cần gói python-docx: pip install "tthc[docx]"',
                'Word output needs python-docx: pip install "tthc[docx]"',
            )
        ) from None
    return docx


def render_docx(form: Form01 | Form04, rules: WordFormRules, lang: Lang = "vi") -> bytes:
    """``form`` as a Word document (.docx bytes) in ``lang``, from the answer of hook
    ``tthc_form_template(form, lang, "docx")``. Raises :class:`FormError` for an unknown
    placeholder, a broken template, or when python-docx is not installed."""
    require_docx()
    template = rules.word_template(form.FORM, lang)
    values = form.values(lang)
    if isinstance(template, WordTemplate):
        return fill(template, values, form=form.FORM, lang=lang)
    from tthc.forms import render

    return text_document(render(form, rules, lang, "markdown"))


_WORD = Text("mẫu Word", "Word template")


def _substitute(text: str, values: Mapping[str, str], form: str, lang: str) -> str:
    return fill_template(text, values, form, lang, _WORD)


def _paragraphs(container: Any) -> Iterator[Any]:
    """Every paragraph of a document part, in tables (nested too) as well."""
    yield from container.paragraphs
    for table in container.tables:
        for row in table.rows:
            for cell in row.cells:
                yield from _paragraphs(cell)


def _fill_paragraph(paragraph: Any, values: Mapping[str, str], form: str, lang: str) -> None:
    """Fill the placeholders of one paragraph, keeping each run's formatting when every
    placeholder lies inside one run (as Word usually stores a word typed at once);
    otherwise the paragraph's text goes into its first run."""
    runs = paragraph.runs
    whole = "".join(run.text for run in runs)
    if "$" not in whole:
        return
    bounds, at = [], 0
    for run in runs:
        bounds.append((at, at + len(run.text)))
        at += len(run.text)
    inside = all(
        any(start <= m.start() and m.end() <= end for start, end in bounds)
        for m in _PLACEHOLDER.finditer(whole)
    )
    if inside:
        for run in runs:
            if "$" in run.text:
                run.text = _substitute(run.text, values, form, lang)
        return
    filled = _substitute(whole, values, form, lang)
    runs[0].text = filled
    for run in runs[1:]:
        run.text = ""


def fill(template: WordTemplate, values: Mapping[str, str], *, form: str, lang: str) -> bytes:
    """The .docx of ``template`` with its placeholders filled from ``values``.

    Placeholders are those of :mod:`tthc.forms` (``$agency``, ``$due_at``...), in the
    body, tables, headers and footers; ``$$`` is a dollar sign. A value of several lines
    (``$components``) becomes line breaks in its paragraph."""
    docx = require_docx()
    try:
        document = docx.Document(io.BytesIO(template.data))
    except Exception as exc:  # a damaged or foreign ZIP: python-docx raises many kinds
        raise FormError(
            Text(
                f"Mẫu Word số {form} ({lang}) không mở được ({type(exc).__name__})",
                f"Word form {form} ({lang}) cannot be opened ({type(exc).__name__})",
            )
        ) from None
    parts = [document]
    for section in document.sections:
        parts.extend((section.header, section.footer))
    for part in parts:
        for paragraph in _paragraphs(part):
            _fill_paragraph(paragraph, values, form, lang)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


_BOLD = re.compile(r"\*\*(.+?)\*\*")


def _add_marked(paragraph: Any, line: str) -> None:
    """``line`` into ``paragraph``: ``**bold**`` as bold runs, a whole ``*line*`` italic."""
    italic = len(line) > 2 and line.startswith("*") and line.endswith("*") and line[1] != "*"
    if italic:
        line = line[1:-1]
    at = 0
    for match in _BOLD.finditer(line):
        if match.start() > at:
            paragraph.add_run(line[at : match.start()]).italic = italic or None
        run = paragraph.add_run(match.group(1))
        run.bold = True
        run.italic = italic or None
        at = match.end()
    if at < len(line):
        paragraph.add_run(line[at:]).italic = italic or None


def text_document(text: str) -> bytes:
    """A Word document of a filled text form: one paragraph per non-blank line; a ``#``
    line is a centred bold title, ``**bold**`` is kept, ``- `` lines are list items."""
    docx = require_docx()
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    document = docx.Document()
    for line in text.splitlines():
        line = line.rstrip()
        if not line:
            continue
        if line.startswith("#"):
            paragraph = document.add_paragraph()
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            paragraph.add_run(line.lstrip("#").strip().upper()).bold = True
        elif line.startswith("- "):
            _add_marked(document.add_paragraph(style="List Bullet"), line[2:])
        else:
            _add_marked(document.add_paragraph(), line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
