"""The documentation: the site builds strictly, generated references are complete, and the
tutorial plugin is built from the tutorial's own snippets and behaves as the page says.

Tutorial blocks are marked in the Markdown with HTML comments (invisible on the site):

- ``<!-- tutorial-file: PATH -->`` before a fenced block: a file of the plugin;
- ``<!-- tutorial-run -->`` (exact output) or ``<!-- tutorial-run contains -->`` before a
  ``console`` block: ``$ tthc ...`` commands, each followed by its output;
- ``<!-- tutorial-python -->`` before a Python block: code whose ``# value`` comments
  on ``print`` lines are the expected output.

Snippets of the other pages, run from the root of a checkout (the sample catalog is there):

- ``<!-- doc-python -->``: a Python block whose ``print(...)  # value`` lines state what
  they print;
- ``<!-- doc-doctest -->``: a block of ``>>>`` examples, run by :mod:`doctest` (ellipsis on);
- ``<!-- doc-python run -->``: a block that must run without error (its ``assert`` lines, if
  any, are its check);
- ``<!-- doc-python plugin -->``: hook implementations of a plugin; they must register on a
  ``Rules`` as a configured plugin, so each hook name and argument is one tthc declares.

Every Python block of a page carries one of these markers, so that a test runs it.

Nothing is installed here (no network, no pip): the plugin folder goes on ``sys.path`` and
is loaded through the configuration (``plugins = [...]``), exactly as an installed entry
point would be; ``tests/test_install.py`` installs it for real in a clean venv.
"""

from __future__ import annotations

import contextlib
import doctest
import importlib
import importlib.util
import io
import json
import re
import shlex
import shutil
import subprocess
import sys
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib  # type: ignore[import-not-found, unused-ignore]

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
TUTORIALS = {"en": DOCS / "tutorial-plugin.md", "vi": DOCS / "vi" / "tutorial-plugin.md"}

_BLOCK = re.compile(r"<!-- (?P<marker>[^>]*?) -->\n```[^\n]*\n(?P<body>.*?)\n```", re.DOTALL)


def marked_blocks(page: Path) -> list[tuple[str, str]]:
    """``(marker, body)`` of every fenced block preceded by an HTML comment marker."""
    return [
        (m.group("marker").strip(), m.group("body") + "\n")
        for m in _BLOCK.finditer(page.read_text(encoding="utf-8"))
    ]


def tutorial_files(page: Path) -> dict[str, str]:
    files = {}
    for marker, body in marked_blocks(page):
        if marker.startswith("tutorial-file:"):
            files[marker.split(":", 1)[1].strip()] = body
    return files


def tutorial_runs(page: Path) -> list[tuple[str, list[str], bool]]:
    """``(command, expected output lines, exact?)`` for every documented command."""
    runs = []
    for marker, body in marked_blocks(page):
        if not marker.startswith("tutorial-run"):
            continue
        exact = marker == "tutorial-run"
        command: str | None = None
        output: list[str] = []
        for line in body.splitlines():
            if line.startswith("$ "):
                if command is not None:
                    runs.append((command, output, exact))
                command, output = line[2:], []
            else:
                output.append(line)
        assert command is not None, f"{page}: a tutorial-run block without a command"
        runs.append((command, output, exact))
    return runs


def load_docs_generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "tthc_docs_generator", DOCS / "_gen" / "mkdocs_hooks.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# -- the tutorial plugin, built from the page ---------------------------------------------------


@pytest.fixture
def tutorial_plugin(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Path]:
    """Write the tutorial's files into tmp_path, make ``tthc`` find the plugin; yield the page."""
    page: Path = request.param
    files = tutorial_files(page)
    assert set(files) == {"pyproject.toml", "src/tthc_vi_du/__init__.py"}, page
    for name, body in files.items():
        target = tmp_path / "tthc-vi-du" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(body, encoding="utf-8")
    project = tomllib.loads(files["pyproject.toml"])
    module_name = project["project"]["entry-points"]["tthc"]["vi-du"]
    monkeypatch.syspath_prepend(str(tmp_path / "tthc-vi-du" / "src"))
    # The entry point, as tthc would find it once installed (name, dist, version).
    plugin = importlib.import_module(module_name)
    assert plugin.tthc_province == "vi-du"
    ep = _FakeEntryPoint("vi-du", plugin, project["project"]["name"], project["project"]["version"])
    import tthc.plugins.finder

    monkeypatch.setattr(tthc.plugins.finder, "entry_points", lambda *, group: [ep])
    monkeypatch.chdir(tmp_path)
    (tmp_path / "tthc.toml").write_text("", encoding="utf-8")  # no config from the repo
    yield page
    sys.modules.pop(module_name, None)


class _FakeEntryPoint:
    def __init__(self, name: str, target: object, dist: str, version: str) -> None:
        self.name = name
        self._target = target

        class Dist:
            pass

        self.dist = Dist()
        self.dist.name = dist  # type: ignore[attr-defined]
        self.dist.version = version  # type: ignore[attr-defined]

    def load(self) -> object:
        return self._target


def run_tthc(command: str) -> tuple[int, str]:
    from tthc.cli import main

    argv = shlex.split(command)
    assert argv[0] == "tthc", command
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(argv[1:])
    return code, out.getvalue()


@pytest.mark.parametrize("tutorial_plugin", list(TUTORIALS.values()), indirect=True)
def test_tutorial_commands_give_the_documented_output(tutorial_plugin: Path) -> None:
    page = tutorial_plugin
    runs = tutorial_runs(page)
    assert len(runs) >= 3
    for command, expected, exact in runs:
        code, out = run_tthc(command)
        assert code == 0, (command, out)
        got = out.rstrip("\n").splitlines()
        want = list(expected)
        if exact:
            assert got == want, f"`{command}` no longer prints what the tutorial shows"
        else:
            joined = "\n".join(got)
            assert "\n".join(want) in joined, f"`{command}` output lacks the tutorial's lines"


@pytest.mark.parametrize("tutorial_plugin", list(TUTORIALS.values()), indirect=True)
def test_tutorial_python_snippet(tutorial_plugin: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = tutorial_plugin
    (code,) = [body for marker, body in marked_blocks(page) if marker == "tutorial-python"]
    expected = [line.split("# ", 1)[1] for line in code.splitlines() if line.startswith("print(")]
    exec(compile(code, "tutorial-python", "exec"), {})
    assert capsys.readouterr().out.splitlines() == expected


def expected_prints(code: str) -> list[str]:
    """The ``# value`` comments of the ``print(...)`` lines of a snippet."""
    return [line.split("  # ", 1)[1] for line in code.splitlines() if line.startswith("print(")]


DOC_PYTHON = [
    pytest.param(body, id=f"{page.relative_to(DOCS)}-{number}")
    for page in sorted(DOCS.rglob("*.md"))
    for number, body in enumerate(
        body for marker, body in marked_blocks(page) if marker == "doc-python"
    )
]


@pytest.mark.parametrize("code", DOC_PYTHON)
def test_doc_python_snippets_print_what_they_say(
    code: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)  # snippets run from a checkout (the sample catalog is there)
    expected = expected_prints(code)
    assert expected, "a doc-python snippet states what its print lines show"
    exec(compile(code, "doc-python", "exec"), {})
    assert capsys.readouterr().out.splitlines() == expected


def doc_blocks(marker: str) -> list[Any]:
    """``pytest.param(body)`` of every block marked ``marker`` on any page, named by page."""
    return [
        pytest.param(body, id=f"{page.relative_to(DOCS)}-{number}")
        for page in sorted(DOCS.rglob("*.md"))
        for number, body in enumerate(body for m, body in marked_blocks(page) if m == marker)
    ]


@pytest.mark.cluster
@pytest.mark.heavy  # Spark (a heavy extra) and a Dask cluster: on the default Python only
@pytest.mark.parametrize("code", doc_blocks("doc-python cluster"))
def test_doc_cluster_snippets_print_what_they_say(
    code: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Spark and Dask snippets: they start a local cluster, so they run with the cluster
    tests (``make test``, not ``make test-fast``)."""
    if "pyspark" in code and shutil.which("java") is None:
        pytest.skip("Spark needs Java 17 (.ci/run installs it)")
    monkeypatch.chdir(ROOT)
    expected = expected_prints(code)
    exec(compile(code, "doc-python cluster", "exec"), {"__name__": "doc_cluster"})
    assert capsys.readouterr().out.splitlines() == expected


@pytest.mark.parametrize("code", doc_blocks("doc-doctest"))
def test_doc_doctest_snippets(code: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    test = doctest.DocTestParser().get_doctest(code, {}, "doc-doctest", None, 0)
    assert test.examples, "a doc-doctest block has >>> examples"
    out = io.StringIO()
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    runner.run(test, out=out.write)
    assert runner.failures == 0, out.getvalue()


@pytest.mark.parametrize("code", doc_blocks("doc-python run"))
def test_doc_python_run_snippets_run(code: str, monkeypatch: pytest.MonkeyPatch) -> None:
    if "tuyen-quang" in code:
        pytest.importorskip("tthc_tuyenquang")  # installed next to tthc by `make test`
    monkeypatch.chdir(ROOT)
    exec(compile(code, "doc-python run", "exec"), {})


@pytest.mark.parametrize("code", doc_blocks("doc-python plugin"))
def test_doc_plugin_snippets_register_as_a_plugin(
    code: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tthc.config import Config
    from tthc.rules import Rules

    module = ModuleType("tthc_doc_snippet")
    exec(compile(code, "doc-python plugin", "exec"), module.__dict__)
    monkeypatch.setitem(sys.modules, module.__name__, module)
    rules = Rules(Config(plugins=(module.__name__,)), load_entry_points=False)
    hooks = {
        caller.name for caller in rules.pm.get_hookcallers(module) or ()
    }  # registered, so pluggy checked each name and argument against the hookspecs
    defined = {name for name in vars(module) if name.startswith("tthc_")}
    assert defined and hooks == defined
    if hooks & {"tthc_calendar_days", "tthc_working_hours", "tthc_official_years"}:
        assert rules.calendar.days(2026)  # the calendar builds (hours and days are checked)
    if "tthc_form_template" in hooks:  # its wording fills without an unknown placeholder
        from tthc.forms import Form01, Form04, render

        deadline = rules.deadline(datetime(2026, 11, 26, 10), "3 ngày làm việc")
        forms = (
            Form01.from_deadline(deadline, dossier_id="1", applicant="A", procedure_name="P"),
            Form04.for_delay(
                rules,
                deadline,
                agency="X",
                applicant="A",
                reason="R",
                extra_working_days=1,
                procedure_name="P",
            ),
        )
        for form in forms:
            for lang in ("vi", "en"):
                assert render(form, rules, lang)  # type: ignore[arg-type]


_PYTHON_BLOCK = re.compile(r"(?:<!-- (?P<marker>[^>]*?) -->\n)?```python[^\n]*\n(?P<body>[^\n]*)")
TESTED_MARKERS = {
    "doc-python",
    "doc-doctest",
    "doc-python run",
    "doc-python plugin",
    "doc-python cluster",  # test_doc_cluster_snippets_print_what_they_say
    "tq:form04-python",  # test_tuyen_quang_form04_snippet_prints_the_form_shown
    "new-plugin-excerpt",  # tests/cli/test_new_plugin.py: lines of the files it writes
}


def test_every_python_snippet_is_tested() -> None:
    seen = 0
    unmarked = []
    for page in sorted(DOCS.rglob("*.md")):
        name = page.relative_to(DOCS).as_posix()
        for m in _PYTHON_BLOCK.finditer(page.read_text(encoding="utf-8")):
            seen += 1
            marker = m.group("marker") or ""
            if marker not in TESTED_MARKERS and not marker.startswith("tutorial-"):
                unmarked.append(f"{name}: {m.group('body')}")
    assert seen > 0, "no Python block found: the pattern no longer matches the pages"
    assert unmarked == [], "mark these blocks so that a test runs them (see the module docstring)"


@pytest.mark.parametrize("page", ["tuyen-quang.md", "vi/tuyen-quang.md"])
def test_tuyen_quang_form04_snippet_prints_the_form_shown(
    page: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    pytest.importorskip("tthc_tuyenquang")  # installed next to tthc by `make test`
    blocks = dict(marked_blocks(DOCS / page))
    # The page's synthetic procedure (9.999001, not a real code), where the snippet loads it.
    folder = tmp_path / "example" / "procedures"
    folder.mkdir(parents=True)
    (folder / "9.999001.yaml").write_text(blocks["tq:procedure"], encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    exec(compile(blocks["tq:form04-python"], page, "exec"), {})
    lang = "vi" if page.startswith("vi/") else "en"
    assert capsys.readouterr().out == blocks[f"tq:form04 {lang}"] + "\n"


@pytest.mark.parametrize("page", [DOCS / "index.md", DOCS / "vi" / "index.md"])
def test_home_page_example_is_short_and_tested(page: Path) -> None:
    # the first thing a province developer reads: validate, a due date, a reduction
    (code,) = [body for marker, body in marked_blocks(page) if marker == "doc-python"]
    lines = [line for line in code.splitlines() if line.strip()]
    assert len(lines) <= 12
    for call in ("rules.validate(", "rules.deadline(", "check("):
        assert call in code, call


def test_both_tutorials_build_the_same_plugin() -> None:
    en, vi = (tutorial_files(p) for p in TUTORIALS.values())
    assert en == vi
    # The same commands, each page in its own language (both outputs are checked above).
    assert [c.replace("--lang en", "--lang") for c, _, _ in tutorial_runs(TUTORIALS["en"])] == [
        c.replace("--lang vi", "--lang") for c, _, _ in tutorial_runs(TUTORIALS["vi"])
    ]


def test_tutorial_slug_is_fictional() -> None:
    text = TUTORIALS["en"].read_text(encoding="utf-8")
    assert "fictional" in text
    assert '"vi-du"' in text


# -- generated references ------------------------------------------------------------------------


def test_every_hook_is_in_the_reference() -> None:
    from tthc import hookspecs

    generator = load_docs_generator()
    declared = sorted(
        name
        for name in dir(hookspecs)
        if name.startswith("tthc_") and hasattr(getattr(hookspecs, name), "tthc_spec")
    )
    assert sorted(generator.hook_names()) == declared
    rendered = generator.render_hooks()
    for name in declared:
        assert f"### `{name}`" in rendered
    # reStructuredText roles and double backticks became Markdown (code fences aside)
    assert ":class:" not in rendered
    assert not re.search(r"(?<!`)``(?!`)", rendered)
    for page in (DOCS / "reference" / "hooks.md", DOCS / "vi" / "reference" / "hooks.md"):
        assert "<!-- tthc:hooks -->" in page.read_text(encoding="utf-8")


def test_vietnamese_hook_reference_speaks_vietnamese() -> None:
    generator = load_docs_generator()
    english = generator.render_hooks("en")
    vietnamese = generator.render_hooks("vi")
    # The generator's own labels, in the language of the page.
    for label in ("*First answer wins", "*Every plugin is called", "## Configuration", "## Forms"):
        assert label in english and label not in vietnamese, label
    for label in ("*Câu trả lời đầu tiên thắng", "*Mọi plugin đều được gọi", "## Cấu hình"):
        assert label in vietnamese and label not in english, label
    assert "hook không trả về gì" in vietnamese  # tthc_configure returns nothing
    sections = [section for section, _ in generator.hook_sections()]
    assert sections and set(sections) <= set(generator.SECTIONS_VI)
    # Every hook has its Vietnamese summary, shown on the Vietnamese page only.
    for _, hooks in generator.hook_sections():
        for name, _, _, doc in hooks:
            _, summary = generator.split_summary(doc)
            assert summary, f"{name}: no 'Tiếng Việt:' paragraph in its docstring"
            assert summary in vietnamese
    assert "Tiếng Việt:" not in english and "Tiếng Việt:" not in vietnamese
    assert vietnamese.count('??? note "Mô tả đầy đủ (tiếng Anh)"') == len(generator.hook_names())


def test_vietnamese_reference_refuses_to_fall_back_to_english() -> None:
    generator = load_docs_generator()
    assert generator.split_summary("English.\n\nTiếng Việt: Tóm\ntắt.") == ("English.", "Tóm tắt.")
    assert generator.split_summary("English only.") == ("English only.", None)
    with pytest.raises(ValueError, match="'new section' has no Vietnamese heading"):
        generator.section_title("new section", "vi")
    assert generator.section_title("new section", "en") == "New section"


def test_every_command_is_in_the_cli_reference() -> None:
    generator = load_docs_generator()
    commands = generator.subcommands()
    assert {"plugins", "validate", "due"} <= set(commands)
    rendered = generator.render_cli()
    for name in commands:
        assert f"## `tthc {name}`" in rendered
        assert f"usage: tthc {name}" in rendered


def test_first_result_hooks_are_marked() -> None:
    generator = load_docs_generator()
    flags = {
        name: firstresult
        for _, hooks in generator.hook_sections()
        for name, _, firstresult, _ in hooks
    }
    assert flags["tthc_working_hours"] is True
    assert flags["tthc_validation_rules"] is False


# -- integrations ---------------------------------------------------------------------------------


def test_pre_commit_hook_runs_an_existing_command() -> None:
    hooks: list[dict[str, Any]] = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    (hook,) = hooks
    assert hook["id"] == "tthc-validate"
    assert hook["language"] == "python"
    assert hook["pass_filenames"] is False
    assert re.compile(hook["files"]).search("catalog/procedures/1.000178.yaml")
    entry = shlex.split(hook["entry"])
    assert entry[:2] == ["tthc", "validate"]
    assert "validate" in load_docs_generator().subcommands()


@pytest.mark.parametrize("page", ["howto-ci.md", "vi/howto-ci.md"])
def test_pre_commit_local_hook_in_the_docs_runs_tthc_validate(page: str) -> None:
    # The form that works before any release: pre-commit runs the installed tthc.
    (block,) = [body for marker, body in marked_blocks(DOCS / page) if marker == "pre-commit-local"]
    (repo,) = yaml.safe_load(block)["repos"]
    (hook,) = repo["hooks"]
    assert repo["repo"] == "local" and hook["language"] == "system"
    assert hook["id"] == "tthc-validate" and hook["pass_filenames"] is False
    assert re.compile(hook["files"]).search("catalog/procedures/1.000178.yaml")
    argv = shlex.split(hook["entry"])
    assert argv[:2] == ["tthc", "validate"]
    assert load_docs_generator().subcommands()["validate"].parse_args(argv[2:]).paths


def test_install_instructions_name_no_made_up_host() -> None:
    # Nothing is published yet: an address that looks real but is not would fail a user.
    pages = [*DOCS.rglob("*.md"), ROOT / "README.md"]
    assert [str(p) for p in pages if "example.org" in p.read_text(encoding="utf-8")] == []


def test_ci_workflow_in_the_docs_is_valid_and_uses_github_format() -> None:
    text = (DOCS / "howto-ci.md").read_text(encoding="utf-8")
    (workflow,) = [
        body for marker, body in marked_blocks(DOCS / "howto-ci.md") if marker == "ci-workflow"
    ]
    data = yaml.safe_load(workflow)
    steps = data["jobs"]["validate"]["steps"]
    runs = [step["run"] for step in steps if "run" in step]
    (validate,) = [run for run in runs if run.startswith("tthc validate")]
    argv = shlex.split(validate)
    assert argv[argv.index("--format") + 1] == "github"
    # The options the workflow uses exist in the real command.
    parser = load_docs_generator().subcommands()["validate"]
    args = parser.parse_args(argv[2:])
    assert args.format == "github" and args.lang == "vi"
    assert "--format github" in text


def test_vscode_snippet_points_at_procedure_files() -> None:
    import json

    text = (DOCS / "howto-editor.md").read_text(encoding="utf-8")
    snippet = re.search(r"```json\n(.*?)\n```", text, re.DOTALL)
    assert snippet is not None
    schemas = json.loads(snippet.group(1))["yaml.schemas"]
    (globs,) = schemas.values()
    procedures = sorted((ROOT / "catalog" / "procedures").glob("*.yaml"))
    assert procedures, "the sample catalog has procedure files"
    assert Path("catalog/procedures/x.yaml").match(globs[0])
    assert (ROOT / "src" / "tthc" / "schema" / "procedure.schema.json").is_file()


# -- the site builds -------------------------------------------------------------------------------


def test_nav_points_only_at_existing_pages() -> None:
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))

    def pages(node: Any) -> Iterator[str]:
        if isinstance(node, str):
            yield node
        elif isinstance(node, list):
            for item in node:
                yield from pages(item)
        elif isinstance(node, dict):
            for value in node.values():
                yield from pages(value)

    missing = [page for page in pages(config["nav"]) if not (DOCS / page).is_file()]
    assert missing == []


@pytest.mark.slow
def test_mkdocs_build_strict(tmp_path: Path) -> None:
    pytest.importorskip("mkdocs")
    pytest.importorskip("material")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path / "site")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-4000:]
    hooks_page = (tmp_path / "site" / "reference" / "hooks" / "index.html").read_text(
        encoding="utf-8"
    )
    assert "tthc_working_hours" in hooks_page and "<!-- tthc:hooks -->" not in hooks_page
    assert (tmp_path / "site" / "vi" / "tutorial-plugin" / "index.html").is_file()
    vi_hooks = (tmp_path / "site" / "vi" / "reference" / "hooks" / "index.html").read_text(
        encoding="utf-8"
    )
    # the generator's labels (the folded English docstrings may say "First answer wins")
    assert "<em>Câu trả lời đầu tiên thắng" in vi_hooks
    assert "<em>First answer wins" not in vi_hooks and "<em>First answer wins" in hooks_page


def test_extra_stylesheets_exist() -> None:
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    sheets = config.get("extra_css", [])
    assert "stylesheets/extra.css" in sheets
    for sheet in sheets:
        assert (DOCS / sheet).is_file(), sheet


# -- the service page: its curl examples, against a live `tthc serve` -------------------------

DOC_URL = "http://127.0.0.1:8000"


def http_examples() -> list[Any]:
    """``(command, expected output)`` of every ``doc-http`` block: a ``$ curl`` command (lines
    ending in a backslash continue it) and the output it shows."""
    out = []
    for page in sorted(DOCS.rglob("*.md")):
        for number, body in enumerate(b for m, b in marked_blocks(page) if m == "doc-http"):
            lines = body.splitlines()
            assert lines[0].startswith("$ curl "), f"{page}: a doc-http block starts with $ curl"
            command = lines[0][2:]
            rest = lines[1:]
            while command.endswith("\\") or command.count("'") % 2:
                command += "\n" + rest.pop(0)
            out.append(
                pytest.param(command, "\n".join(rest), id=f"{page.relative_to(DOCS)}-{number}")
            )
    return out


def _within(expected: Any, actual: Any) -> bool:
    """Whether ``expected`` (what a page shows, maybe shortened) is part of ``actual``: the
    keys shown have the values shown; lists have the same length."""
    if isinstance(expected, dict):
        return isinstance(actual, dict) and all(
            key in actual and _within(value, actual[key]) for key, value in expected.items()
        )
    if isinstance(expected, list):
        return (
            isinstance(actual, list)
            and len(expected) == len(actual)
            and all(_within(e, a) for e, a in zip(expected, actual, strict=True))
        )
    return bool(expected == actual)


@pytest.fixture(scope="module")
def doc_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    from tests.serve.conftest import CATALOG, start_server

    running = start_server(tmp_path_factory.mktemp("docs"), "--catalog", str(CATALOG))
    yield running.url
    running.stop()


@pytest.mark.parametrize(("command", "expected"), http_examples())
def test_service_page_curl_examples(doc_server: str, command: str, expected: str) -> None:
    import shutil

    assert shutil.which("curl"), "curl runs the service page's examples (installed by .ci/run)"
    done = subprocess.run(
        ["bash", "-c", command.replace(DOC_URL, doc_server)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    try:
        shown = json.loads(expected)
    except ValueError:  # not JSON (iCalendar): each line shown is in the output
        assert all(line in done.stdout.splitlines() for line in expected.splitlines() if line)
        return
    assert _within(shown, json.loads(done.stdout)), done.stdout


def test_both_service_pages_have_the_same_examples() -> None:
    pages = {lang: DOCS / path for lang, path in (("en", "service.md"), ("vi", "vi/service.md"))}
    counts = {
        lang: len([m for m, _ in marked_blocks(p) if m == "doc-http"]) for lang, p in pages.items()
    }
    assert counts["en"] == counts["vi"] > 0
