"""``tthc new-plugin NAME``: write the skeleton of a province plugin (khung plugin tỉnh).

The package it writes (``tthc-NAME/``) is installable and its own tests pass as written:
an entry point in the group ``tthc``, a module declaring ``tthc_province = "NAME"``, one
example validation rule, and tests built on the fixtures of :mod:`tthc.testing`. Nothing
in it is a real rule of any province: the author replaces the example with the province's
published rules.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from tthc.cli import EXIT_OK, add_lang_option, lang_of
from tthc.errors import TthcError
from tthc.i18n import Text

COMMAND = "new-plugin"
HELP = "tạo khung plugin tỉnh / write the skeleton of a province plugin package"

NAME_RE = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")
MAX_NAME = 40


def register(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "name",
        metavar="NAME",
        help="tên plugin, thường là tỉnh / plugin name, usually the province: e.g. vi-du",
    )
    parser.add_argument(
        "--dir",
        default=".",
        help="thư mục đặt gói / folder to create the package in (default: .)",
    )
    add_lang_option(parser)
    parser.set_defaults(run=run)


def check_name(name: str) -> str:
    """``name`` when it is lower-case ASCII words joined by ``-`` (``vi-du``), at most
    :data:`MAX_NAME` characters; else a :class:`TthcError` quoting it."""
    if len(name) <= MAX_NAME and NAME_RE.fullmatch(name):
        return name
    shown = repr(name if len(name) <= 60 else name[:57] + "...")
    raise TthcError(
        Text(
            f"tên plugin không hợp lệ {shown}: dùng chữ thường không dấu, số và '-', "
            f"tối đa {MAX_NAME} ký tự, ví dụ vi-du",
            f"invalid plugin name {shown}: use lower-case ASCII letters, digits and '-', "
            f"at most {MAX_NAME} characters, e.g. vi-du",
        )
    )


def rule_prefix(name: str) -> str:
    """Two letters for the example rule's code: the initials of ``vi-du`` (``VD``), or the
    first two letters of a one-word name; never ``TT``, the national rules' prefix."""
    words = [w for w in name.split("-") if w[0].isalpha()] or ["px"]
    letters = "".join(w[0] for w in words)[:2] if len(words) > 1 else words[0][:2]
    prefix = (letters + "x")[:2].upper() if letters.isalpha() else "PX"
    return "PX" if prefix == "TT" else prefix


def files_of(name: str) -> dict[str, str]:
    """The files of the package, by path relative to its folder."""
    module = "tthc_" + name.replace("-", "_")
    code = rule_prefix(name) + "101"
    return {
        "pyproject.toml": _PYPROJECT.format(name=name, module=module),
        "README.md": _README.format(name=name, module=module, code=code),
        f"src/{module}/__init__.py": _MODULE.format(name=name, code=code),
        f"src/{module}/py.typed": "",
        "tests/conftest.py": _CONFTEST.format(module=module),
        f"tests/test_{module}.py": _TESTS.format(name=name, module=module, code=code),
    }


def run(args: argparse.Namespace) -> int:
    name = check_name(args.name.strip())
    target = Path(args.dir) / f"tthc-{name}"
    if target.exists():
        raise TthcError(
            Text(
                f"{target} đã có: chọn tên khác hoặc xoá thư mục đó",
                f"{target} already exists: choose another name or remove it",
            )
        )
    for relative, text in files_of(name).items():
        path = target / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    lang = lang_of(args)
    print(
        Text(
            f"đã tạo {target}; tiếp theo: pip install -e {target} rồi pytest {target}",
            f"created {target}; next: pip install -e {target}, then pytest {target}",
        )(lang)
    )
    return EXIT_OK


_PYPROJECT = """\
[build-system]
requires = ["setuptools>=77"]
build-backend = "setuptools.build_meta"

[project]
name = "tthc-{name}"
version = "0.1.0"
description = "Province rules for tthc: {name}"
readme = "README.md"
requires-python = ">=3.10"
dependencies = ["tthc"]

# What makes the package a tthc plugin: an entry point in the group "tthc".
[project.entry-points.tthc]
{name} = "{module}"

[tool.setuptools.packages.find]
where = ["src"]

[tool.setuptools.package-data]
{module} = ["py.typed"]

[tool.pytest.ini_options]
testpaths = ["tests"]
pythonpath = ["src"]
"""

_README = """\
# tthc-{name}

Province rules for [tthc](https://pypi.org/project/tthc/), selected with
`tthc ... --province {name}` or `Rules.for_province("{name}")`.

```sh
pip install -e .     # next to tthc
pytest               # the fixtures come from tthc.testing
tthc plugins --province {name}
```

`src/{module}/__init__.py` holds one example rule, `{code}`: replace it with the
province's own published rules, each citing its decision.
"""

_MODULE = '''\
"""tthc plugin for "{name}". EXAMPLE ONLY: the rule below is not a real rule of any
province; replace it with the province's published rules, each citing its decision."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from tthc import hookimpl
from tthc.i18n import Text
from tthc.validation import CheckContext, Problem, Rule, Severity

# Only Rules.for_province("{name}") (or --province {name}) selects this plugin.
tthc_province = "{name}"


def _offered_online(procedure: Any, context: CheckContext) -> Iterator[Problem]:
    if "online" not in {{channel.value for channel in procedure.channels}}:
        yield Problem(
            Text("thủ tục chưa cho nộp trực tuyến", "the procedure is not offered online"),
            loc=("channels",),
        )


@hookimpl
def tthc_validation_rules() -> list[Rule]:
    """The province's own validation rules (quy tắc kiểm tra của tỉnh)."""
    return [
        Rule(
            "{code}",
            Severity.WARNING,
            Text("Thủ tục cho nộp trực tuyến", "Procedure is offered online"),
            Text(
                "Ví dụ: tỉnh muốn mọi thủ tục cho nộp trực tuyến.",
                "Example: the province wants every procedure offered online.",
            ),
            check=_offered_online,
        )
    ]
'''

_CONFTEST = '''\
"""The plugin under test, for the fixtures of tthc.testing (tthc_rules, tthc_catalog...)."""

import pytest


@pytest.fixture
def tthc_plugin() -> str:
    return "{module}"
'''

_TESTS = '''\
"""Tests of the plugin, on synthetic procedures (codes 9.999xxx are not real)."""

from datetime import datetime

from tthc.testing import CatalogBuilder, assert_findings, assert_no_findings, due_at


def test_the_plugin_is_selected(tthc_rules) -> None:
    assert tthc_rules.config.province == "{name}"
    assert "{code}" in {{rule.code for _, rule in tthc_rules.validation_rules()}}


def test_a_procedure_offered_online_passes(tthc_rules, tthc_catalog: CatalogBuilder) -> None:
    tthc_catalog.add("9.999001")
    assert_no_findings(tthc_rules.validate(tthc_catalog.load()))


def test_a_procedure_not_offered_online_is_reported(
    tthc_rules, tthc_national, tthc_catalog: CatalogBuilder
) -> None:
    tthc_catalog.add("9.999001", channels=["in_person"], online=None)
    catalog = tthc_catalog.load()
    (finding,) = assert_findings(tthc_rules.validate(catalog), ["{code}"])
    assert finding.path.endswith("9.999001.yaml")
    assert_no_findings(tthc_national.validate(catalog))  # a rule of this province only


def test_deadlines_are_the_national_ones(tthc_rules, tthc_national) -> None:
    received = datetime(2026, 11, 26, 10, 0)  # Thursday
    assert due_at(tthc_rules, received, "3 ngày làm việc") == due_at(
        tthc_national, received, "3 ngày làm việc"
    )
'''
