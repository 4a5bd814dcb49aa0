"""mkdocs hook: reference sections generated from the code, so they cannot go stale.

A page writes a marker on a line of its own and the build replaces it:

- ``<!-- tthc:hooks -->``: every ``tthc_*`` hook of :mod:`tthc.hookspecs`, grouped as in
  the source, with its signature, whether the first answer wins, and its docstring.
- ``<!-- tthc:cli -->``: the ``--help`` of ``tthc`` and of every subcommand.

A page under ``vi/`` gets the Vietnamese version: headings and labels in Vietnamese, the
Vietnamese summary that ends each hook's docstring (a paragraph starting ``Tiếng Việt:``)
shown first, and the English docstring folded below it. The English page leaves that
paragraph out. A hook without a summary, or a section without a Vietnamese heading, stops
the build: the Vietnamese page must not fall back to English without anyone noticing.

The functions are also imported by ``tests/test_docs.py``, which checks that every hook
and every command appears.
"""

from __future__ import annotations

import argparse
import inspect
import os
import re
from typing import Any

MARKERS = ("hooks", "cli")

Lang = str  # "en" | "vi"

#: The paragraph of a hook docstring that summarises it in Vietnamese.
VI_SUMMARY = "Tiếng Việt:"

#: Vietnamese headings of the sections of ``hookspecs.py`` (its ``# -- name ---`` lines).
SECTIONS_VI = {
    "configuration": "Cấu hình",
    "catalog validation": "Kiểm tra danh mục",
    "the working calendar": "Lịch làm việc",
    "counting deadlines (SLA)": "Tính hạn giải quyết (SLA)",
    "time-reduction targets": "Mục tiêu cắt giảm thời gian",
    "forms": "Biểu mẫu",
}

#: How a hook is called, as the reference says it: (firstresult, returns nothing) -> text.
_CALLING = {
    "en": {
        "first": "First answer wins (`firstresult`): the province is asked before the nation.",
        "all": "Every plugin is called; tthc combines what they return.",
        "none": "Every plugin is called; nothing is returned.",
    },
    "vi": {
        "first": "Câu trả lời đầu tiên thắng (`firstresult`): plugin tỉnh được hỏi trước "
        "quy định quốc gia.",
        "all": "Mọi plugin đều được gọi; tthc gộp các câu trả lời.",
        "none": "Mọi plugin đều được gọi; hook không trả về gì.",
    },
}

_ROLE = re.compile(r":(?:class|func|meth|mod|data|attr|exc):`~?([^`]+)`")


def _markdown(doc: str) -> str:
    """reStructuredText roles and double backticks as Markdown."""

    def role(match: re.Match[str]) -> str:
        target = match.group(1)
        short = match.group(0).split("`")[1].startswith("~")
        return f"`{target.rsplit('.', 1)[-1] if short else target}`"

    doc = _ROLE.sub(role, doc)
    return doc.replace("``", "`")


def hook_sections() -> list[tuple[str, list[tuple[str, str, bool, str]]]]:
    """``[(section, [(hook, signature, firstresult, doc), ...]), ...]`` in source order."""
    from tthc import hookspecs

    source = inspect.getsource(hookspecs).splitlines()
    sections: list[tuple[str, list[tuple[str, str, bool, str]]]] = []
    current = "hooks"
    by_name: dict[str, str] = {}
    order: list[str] = []
    for line in source:
        heading = re.match(r"# -- (.+?) -+\s*$", line)
        if heading:
            current = heading.group(1)
        definition = re.match(r"def (tthc_\w+)\(", line)
        if definition:
            by_name[definition.group(1)] = current
            order.append(definition.group(1))
    for name in order:
        function = getattr(hookspecs, name)
        opts: dict[str, Any] = getattr(function, "tthc_spec", None) or {}
        if not opts and not hasattr(function, "tthc_spec"):
            continue  # a helper, not a hook specification
        signature = inspect.signature(function)
        params = ", ".join(
            f"{p.name}: {p.annotation}" if p.annotation is not p.empty else p.name
            for p in signature.parameters.values()
        )
        returns = signature.return_annotation
        text = f"{name}({params})" + (f" -> {returns}" if returns is not signature.empty else "")
        doc = _markdown(inspect.getdoc(function) or "")
        section = by_name[name]
        if not sections or sections[-1][0] != section:
            sections.append((section, []))
        sections[-1][1].append((name, text, bool(opts.get("firstresult")), doc))
    return sections


def hook_names() -> list[str]:
    """Every hook specified in :mod:`tthc.hookspecs`."""
    return [hook for _, hooks in hook_sections() for hook, *_ in hooks]


def split_summary(doc: str) -> tuple[str, str | None]:
    """A hook docstring as ``(English text, Vietnamese summary or None)``.

    The summary is the paragraph that starts with :data:`VI_SUMMARY`; the English text is
    the rest.
    """
    english: list[str] = []
    summary: str | None = None
    for paragraph in doc.split("\n\n"):
        if paragraph.startswith(VI_SUMMARY):
            summary = " ".join(paragraph[len(VI_SUMMARY) :].split())
        else:
            english.append(paragraph)
    return "\n\n".join(english).strip(), summary


def section_title(section: str, lang: Lang) -> str:
    """The heading of a ``hookspecs.py`` section in ``lang``."""
    if lang == "vi":
        try:
            return SECTIONS_VI[section]
        except KeyError:
            raise ValueError(
                f"hookspecs section {section!r} has no Vietnamese heading: add it to SECTIONS_VI"
            ) from None
    return section[0].upper() + section[1:]


def render_hooks(lang: Lang = "en") -> str:
    """The hook reference as Markdown, in ``lang`` (``"en"`` or ``"vi"``)."""
    out: list[str] = []
    for section, hooks in hook_sections():
        out.append(f"## {section_title(section, lang)}\n")
        for name, signature, firstresult, doc in hooks:
            kind = "first" if firstresult else "none" if signature.endswith(" -> None") else "all"
            english, summary = split_summary(doc)
            out.append(f"### `{name}`\n")
            out.append(f"```python\n{signature}\n```\n")
            out.append(f"*{_CALLING[lang][kind]}*\n")
            if lang != "vi":
                out.append(english + "\n")
                continue
            if summary is None:
                raise ValueError(
                    f"{name}: the docstring has no paragraph starting {VI_SUMMARY!r} "
                    "for the Vietnamese reference"
                )
            out.append(summary + "\n")
            # The English docstring stays the full reference; folded, so the page reads
            # in Vietnamese.
            folded = "\n".join(f"    {line}" if line else "" for line in english.splitlines())
            out.append(f'??? note "Mô tả đầy đủ (tiếng Anh)"\n\n{folded}\n')
    return "\n".join(out)


def subcommands() -> dict[str, argparse.ArgumentParser]:
    """The ``tthc`` subcommands by name, as the CLI finds them."""
    from tthc.cli import build_parser

    parser = build_parser()
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(sorted(action.choices.items()))
    return {}


def render_cli() -> str:
    """``tthc --help`` and every ``tthc COMMAND --help`` as Markdown."""
    from tthc.cli import build_parser

    saved = os.environ.get("COLUMNS")
    os.environ["COLUMNS"] = "100"  # stable wrapping whatever the terminal
    try:
        out = ["## `tthc`\n", "```text\n" + build_parser().format_help().rstrip() + "\n```\n"]
        for name, sub in subcommands().items():
            out.append(f"## `tthc {name}`\n")
            out.append("```text\n" + sub.format_help().rstrip() + "\n```\n")
    finally:
        if saved is None:
            os.environ.pop("COLUMNS", None)
        else:
            os.environ["COLUMNS"] = saved
    return "\n".join(out)


def render(marker: str, lang: Lang = "en") -> str:
    """The generated Markdown for ``marker``, in ``lang``."""
    if marker == "hooks":
        return render_hooks(lang)
    if marker == "cli":
        return render_cli()
    raise ValueError(marker)


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    """mkdocs event: replace each marker by its generated Markdown (Vietnamese under vi/)."""
    lang = "vi" if page.file.src_uri.startswith("vi/") else "en"
    for marker in MARKERS:
        token = f"<!-- tthc:{marker} -->"
        if token in markdown:
            markdown = markdown.replace(token, render(marker, lang))
    return markdown
