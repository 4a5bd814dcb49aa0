"""mkdocs hook: reference sections generated from the code, so they cannot go stale.

A page writes a marker on a line of its own and the build replaces it:

- ``<!-- tthc:hooks -->``: every ``tthc_*`` hook of :mod:`tthc.hookspecs`, grouped as in
  the source, with its signature, whether the first answer wins, and its docstring.
- ``<!-- tthc:cli -->``: the ``--help`` of ``tthc`` and of every subcommand.

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


def render_hooks() -> str:
    """The hook reference as Markdown."""
    out: list[str] = []
    for section, hooks in hook_sections():
        out.append(f"## {section[0].upper()}{section[1:]}\n")
        for name, signature, firstresult, doc in hooks:
            calling = (
                "First answer wins (`firstresult`): the province is asked before the nation."
                if firstresult
                else "Every plugin is called; tthc combines what they return."
            )
            out.append(f"### `{name}`\n")
            out.append(f"```python\n{signature}\n```\n")
            out.append(f"*{calling}*\n")
            out.append(doc + "\n")
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


def render(marker: str) -> str:
    """The generated Markdown for ``marker``."""
    if marker == "hooks":
        return render_hooks()
    if marker == "cli":
        return render_cli()
    raise ValueError(marker)


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    """mkdocs event: replace each marker by its generated Markdown."""
    for marker in MARKERS:
        token = f"<!-- tthc:{marker} -->"
        if token in markdown:
            markdown = markdown.replace(token, render(marker))
    return markdown
