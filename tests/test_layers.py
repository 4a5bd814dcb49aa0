"""The layers of tthc point one way (các tầng chỉ phụ thuộc xuống dưới).

Lowest first; a module imports only from its own layer or from below:

    base (errors, i18n, time zone, display, configuration)
    -> durations, channels and the calendar
    -> the text of durations (reading "03 ngày làm việc" into a Duration)
    -> the model
    -> YAML source, findings and the catalog
    -> the engines: validation, sla, reduction, forms, batch
    -> rules and plugin loading (with the hook specs and the configuration)
    -> the national rules (plugins)
    -> report, DataFrames and Spark (with a dossier's answer and the renderers of reports)
    -> CLI, service, the package's public face (``tthc/__init__.py``), the testing kit

For the direction every import counts: at module level, inside functions (the lazy
imports that keep ``import tthc`` cheap) and inside ``if TYPE_CHECKING:`` blocks alike,
since an annotation that names an upper layer is a dependency on it all the same. For
cycles, the imports that run count (module level and inside functions); an
``if TYPE_CHECKING:`` import never runs, and may name a type of its own layer that imports
it (the hook specs name ``Rules``, which registers them). An engine (validation, sla,
reduction, forms) therefore never imports ``tthc.rules``: it is given the calendar,
policies and answers it needs. The checker reads the source with :mod:`ast`; nothing is
imported.
"""

from __future__ import annotations

import ast
import textwrap
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"

#: Each layer's modules; a name covers its submodules (``tthc.cli`` covers ``tthc.cli.due``),
#: except the root package, which is only ``tthc/__init__.py``.
LAYERS: tuple[tuple[str, ...], ...] = (
    (
        "tthc.errors",
        "tthc.i18n",
        "tthc.tz",
        "tthc.timeparse",
        "tthc.display",
        "tthc.config",
        "tthc.limits",
    ),
    ("tthc.channel", "tthc.cases", "tthc.duration", "tthc.calendar"),
    ("tthc.durationtext",),
    ("tthc.model",),
    ("tthc.yamlsource", "tthc.findings", "tthc.catalogfiles", "tthc.catalog"),
    # tthc.batch: the column engine that Rules.deadlines / Rules.evaluate call
    # tthc.formword: Forms 01 and 04 as Word files, next to the forms they lay out
    ("tthc.validation", "tthc.sla", "tthc.reduction", "tthc.forms", "tthc.formword", "tthc.batch"),
    ("tthc.hookspecs", "tthc.plugins", "tthc.rules"),
    ("tthc.national",),
    # the report engine, validation file by file with its cache, one dossier's
    # answer (text, JSON) for the CLI and the service, and the renderers of reports
    # (tables, charts, HTML, Excel)
    (
        "tthc.report",
        "tthc.frames",
        "tthc.spark",
        "tthc.cache",
        "tthc.dossier",
        "tthc.dossierjson",
        "tthc.tabular",
        "tthc.svgchart",
        "tthc.htmlreport",
        "tthc.workbook",
    ),
    ("tthc.cli", "tthc.serve", "tthc.testing", "tthc.__main__", "tthc"),
)

def module_name(root: Path, path: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules(root: Path, package: str) -> dict[str, Path]:
    """Every module of ``package`` under ``root`` (a ``src`` folder), by dotted name."""
    return {module_name(root, p): p for p in sorted((root / package).rglob("*.py"))}


def imports(
    root: Path, path: Path, known: set[str], *, typing_only: bool = True
) -> Iterator[tuple[str, int]]:
    """``(imported module, line)`` for every import of ``path`` anywhere in it, resolved to
    a module of ``known`` (``from tthc import hookspecs`` is ``tthc.hookspecs``; ``from
    tthc.cli import main`` is ``tthc.cli``); imports outside ``known`` are skipped.
    ``typing_only=False`` leaves out the imports of ``if TYPE_CHECKING:`` blocks."""
    name = module_name(root, path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    skipped: set[int] = set()  # ids of the nodes inside ``if TYPE_CHECKING:``
    if not typing_only:
        for node in ast.walk(tree):
            if isinstance(node, ast.If) and _is_type_checking(node.test):
                skipped.update(id(inner) for stmt in node.body for inner in ast.walk(stmt))
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            for alias in node.names:
                target = _known_prefix(alias.name, known)
                if target is not None:
                    yield target, node.lineno
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                source = ".".join(base + ([node.module] if node.module else []))
            else:
                source = node.module or ""
            for alias in node.names:
                sub = f"{source}.{alias.name}"  # a submodule, or a name in ``source``
                target = sub if sub in known else _known_prefix(source, known)
                if target is not None:
                    yield target, node.lineno


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _known_prefix(dotted: str, known: set[str]) -> str | None:
    parts = dotted.split(".")
    for end in range(len(parts), 0, -1):
        candidate = ".".join(parts[:end])
        if candidate in known:
            return candidate
    return None


def layer_of(module: str, layers: Sequence[Sequence[str]]) -> int | None:
    """The index of ``module``'s layer: the longest name that covers it."""
    best: tuple[int, int] | None = None  # (length of the name, layer)
    for index, names in enumerate(layers):
        for covering in names:
            # The root package (``tthc``) is its own face only, not all of tthc.
            covers = module == covering or ("." in covering and module.startswith(covering + "."))
            if covers and (best is None or len(covering) > best[0]):
                best = (len(covering), index)
    return None if best is None else best[1]


def violations(root: Path, package: str, layers: Sequence[Sequence[str]]) -> list[str]:
    """Every import that points up a layer, and every module without a layer."""
    found = modules(root, package)
    known = set(found)
    problems: list[str] = []
    for name, path in found.items():
        own = layer_of(name, layers)
        if own is None:
            problems.append(f"{name}: no layer (add it to LAYERS in tests/test_layers.py)")
            continue
        for target, line in imports(root, path, known):
            other = layer_of(target, layers)
            if other is not None and other > own:
                where = path.relative_to(root)
                problems.append(
                    f"{where}:{line}: {name} (layer {own}) imports {target} (layer {other})"
                )
    return problems


def cycles(root: Path, package: str) -> list[list[str]]:
    """The import cycles of ``package`` at run time (strongly connected components of 2+
    modules), function-level imports included, ``if TYPE_CHECKING:`` ones not."""
    found = modules(root, package)
    known = set(found)
    graph = {
        name: sorted({t for t, _ in imports(root, path, known, typing_only=False)} - {name})
        for name, path in found.items()
    }
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[list[str]] = []

    def visit(v: str) -> None:  # Tarjan's algorithm; the graph is small
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                out.append(sorted(component))

    for v in graph:
        if v not in index:
            visit(v)
    return out


# -- the contract on tthc ----------------------------------------------------------------


def test_every_import_points_down_a_layer() -> None:
    assert violations(SRC, "tthc", LAYERS) == []


def test_no_import_cycle() -> None:
    assert cycles(SRC, "tthc") == []


def national_facts(path: Path) -> list[str]:
    """The national hours and the decision on the working week, as the code of ``path``
    states them (docstrings and comments may describe them; data may not)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    prose = {
        id(node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)
    }
    found: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in prose:
            found += [f for f in ("188/1999", "08:00-12:00", "13:00-17:00") if f in node.value]
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id == "time"
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and node.args[0].value in (8, 12, 13, 17)
        ):
            found.append(f"time({node.args[0].value})")
    return found


def test_national_facts_live_in_national() -> None:
    outside = {
        name: facts
        for name, path in modules(SRC, "tthc").items()
        if not name.startswith("tthc.national") and (facts := national_facts(path))
    }
    assert outside == {}
    inside = national_facts(SRC / "tthc" / "national" / "calendar.py")
    assert "time(8)" in inside and "time(17)" in inside  # the checker sees them where they are


# -- the checker catches what it must ----------------------------------------------------


def _tree(tmp_path: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        target = tmp_path / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(textwrap.dedent(text), encoding="utf-8")
    return tmp_path


TOY_LAYERS = (("toy.base",), ("toy.engine",), ("toy.rules", "toy.plugins"), ("toy.cli", "toy"))


@pytest.mark.parametrize(
    "inverted",
    [
        "from toy.rules import Rules\n",
        "def f():\n    from toy import rules\n",
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from toy.rules import Rules\n",
        "import toy.plugins.finder\n",
        "from .rules import Rules\n",
        "def f():\n    from toy.cli import main\n",
    ],
    ids=["module-level", "in-function", "type-checking", "submodule", "relative", "to-top"],
)
def test_an_inverted_import_fails_the_contract(tmp_path: Path, inverted: str) -> None:
    root = _tree(
        tmp_path,
        {
            "toy/__init__.py": "",
            "toy/base.py": "",
            "toy/engine.py": inverted,
            "toy/rules.py": "from toy.engine import x\n",
            "toy/plugins/__init__.py": "",
            "toy/plugins/finder.py": "from toy import rules\n",
            "toy/cli/__init__.py": "def main(): ...\n",
        },
    )
    (problem,) = violations(root, "toy", TOY_LAYERS)
    assert problem.startswith("toy/engine.py:")
    assert "toy.engine (layer 1) imports toy." in problem


def test_a_sound_tree_passes_and_a_module_without_layer_is_named(tmp_path: Path) -> None:
    root = _tree(
        tmp_path,
        {
            "toy/__init__.py": "from toy.cli import main\n",
            "toy/base.py": "",
            "toy/engine.py": "from toy.base import x\ndef f():\n    from . import base\n",
            "toy/rules.py": "from toy import engine\n",
            "toy/cli/__init__.py": "from toy.rules import Rules\n",
        },
    )
    assert violations(root, "toy", TOY_LAYERS) == []
    (tmp_path / "toy" / "stray.py").write_text("", encoding="utf-8")
    assert violations(root, "toy", TOY_LAYERS) == [
        "toy.stray: no layer (add it to LAYERS in tests/test_layers.py)"
    ]


def test_a_cycle_through_a_function_level_import_is_found(tmp_path: Path) -> None:
    root = _tree(
        tmp_path,
        {
            "toy/__init__.py": "",
            "toy/a.py": "from toy.b import x\n",
            "toy/b.py": "def f():\n    from toy import c\n",
            "toy/c.py": "import toy.a\n",
            "toy/d.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import toy.e\n",
            "toy/e.py": "import toy.d\n",
        },
    )
    assert cycles(root, "toy") == [["toy.a", "toy.b", "toy.c"]]
