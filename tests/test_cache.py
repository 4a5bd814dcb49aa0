"""tthc.cache: checking file by file, in several processes, with a result cache, gives the
findings of run_rules on the whole catalog; the cache is invalidated by whatever changes them.

Synthetic catalogs only (codes 9.999xxx are not real procedures)."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tthc import cache
from tthc.cache import CACHE_DIR, validate_paths
from tthc.catalog import Catalog
from tthc.config import Config
from tthc.rules import PLUGINS_ENV, Rules
from tthc.validation import run_rules

GOOD = Path(__file__).parent / "fixtures" / "catalogs" / "good"


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv(PLUGINS_ENV, "")  # no installed plugins


@pytest.fixture(scope="module")
def national() -> Rules:
    import os

    saved = os.environ.get(PLUGINS_ENV)
    os.environ[PLUGINS_ENV] = ""
    try:
        return Rules(Config())
    finally:
        if saved is None:
            del os.environ[PLUGINS_ENV]
        else:
            os.environ[PLUGINS_ENV] = saved


#: Edits of a good procedure file, each breaking something a different way: a procedure
#: rule, the loader, a second file with the same code, a comment switching a rule off, an
#: unknown comment, an unknown agency (registry), a file that is not YAML, a schema error
#: (alone, or in a file whose code another file has).
EDITS = {
    "same": lambda text: text,
    "no_steps": lambda text: text.replace("steps: [Nộp hồ sơ]\n", ""),
    "bad_code": lambda text: text.replace("code: '9.999002'", "code: '9.99'"),
    "duplicate": lambda text: text.replace("'9.999002'", "'9.999001'"),
    "disable": lambda text: "# tthc: disable=TT104\n" + text.replace("steps: [Nộp hồ sơ]\n", ""),
    "directive": lambda text: "# tthc: ignore-everything\n" + text,
    "agency": lambda text: text.replace("co-quan-b", "co-quan-khong-co"),
    "not_yaml": lambda text: "code: [unclosed\n",
    "late_field": lambda text: text.replace("field: thu-nghiem", "field: khong-co"),
    # a schema error: what the other keys make is checked too (Catalog.partial)
    "schema": lambda text: text.replace("levels: [commune]", "levels: [planet]").replace(
        "steps: [Nộp hồ sơ]\n", ""
    ),
    "schema_duplicate": lambda text: (
        text.replace("levels: [commune]", "levels: [planet]")
        .replace("steps: [Nộp hồ sơ]\n", "")
        .replace("'9.999002'", "'9.999001'")
    ),
}


def make_catalog(root: Path, edits: list[str], registries: bool = True) -> Path:
    shutil.copytree(GOOD, root)
    if not registries:
        (root / "agencies.yaml").unlink()
    base = (root / "procedures" / "9.999002.yaml").read_text(encoding="utf-8")
    for index, edit in enumerate(edits):
        # Each file its own code, named after it, unless the edit changes the code.
        code = f"9.99{index + 1:04d}"
        text = EDITS[edit](base).replace("'9.999002'", f"'{code}'")
        (root / "procedures" / f"{code}.yaml").write_text(text, encoding="utf-8")
    return root


def rules_with_plugin(folder: Path, monkeypatch: pytest.MonkeyPatch, name: str, rule: str) -> Rules:
    """Rules with a configuration module ``name`` whose one validation rule is ``rule``
    (the source of a ``Rule(...)`` call, with ``check`` defined before it)."""
    (folder / f"{name}.py").write_text(
        "from tthc import hookimpl\n"
        "from tthc.i18n import Text\n"
        "from tthc.validation import Problem, Rule, Severity\n"
        f"{rule}\n"
        "@hookimpl\n"
        "def tthc_validation_rules():\n"
        "    return [RULE]\n",
        encoding="utf-8",
    )
    (folder / "tthc.toml").write_text(f'plugins = ["{name}"]\n', encoding="utf-8")
    monkeypatch.setenv(PLUGINS_ENV, name)  # configuration modules run only when let
    return Rules.from_config(str(folder / "tthc.toml"))


def lines(findings: list[object]) -> list[str]:
    return [repr(f) for f in findings]


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(edits=st.lists(st.sampled_from(sorted(EDITS)), max_size=8), registries=st.booleans())
def test_file_by_file_agrees_with_the_whole_catalog(
    edits: list[str], registries: bool, tmp_path_factory: pytest.TempPathFactory, national: Rules
) -> None:
    root = make_catalog(tmp_path_factory.mktemp("c") / "catalog", edits, registries)
    expected = run_rules(Catalog.load(root), national)
    outcome = validate_paths([root], national)
    assert lines(outcome.findings) == lines(expected)
    assert outcome.procedures == len(Catalog.load(root))
    # Read back from the cache: the same findings, nothing checked again.
    folder = root.parent / "cache"
    first = validate_paths([root], national, cache_dir=folder)
    again = validate_paths([root], national, cache_dir=folder)
    assert lines(first.findings) == lines(again.findings) == lines(expected)
    assert again.checked == 0 or any(e == "not_yaml" for e in edits)


def test_several_processes_give_the_same_output_in_the_same_order(
    tmp_path: Path, national: Rules, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cache, "_CHUNK", 2)
    monkeypatch.setattr(cache, "_POOL_FROM", 2)
    root = make_catalog(tmp_path / "catalog", sorted(EDITS) * 2)
    one = validate_paths([root], national, jobs=1)
    two = validate_paths([root], national, jobs=2)
    assert lines(two.findings) == lines(one.findings)
    assert lines(one.findings) == lines(run_rules(Catalog.load(root), national))
    assert (two.procedures, two.files_read) == (one.procedures, one.files_read)


def test_cache_folder_is_ignored_by_git_and_written_whole(tmp_path: Path, national: Rules) -> None:
    root = make_catalog(tmp_path / "catalog", ["no_steps"])
    validate_paths([root], national, cache_dir=tmp_path / CACHE_DIR)
    folder = tmp_path / CACHE_DIR
    assert (folder / ".gitignore").read_text(encoding="utf-8").splitlines()[-1] == "*"
    assert (folder / "CACHEDIR.TAG").read_text().startswith("Signature: 8a477f597d28d172789f")
    (written,) = (folder / f"v{cache._FORMAT}").iterdir()  # no temporary file left behind
    assert json.loads(written.read_text(encoding="utf-8"))["format"] == cache._FORMAT


def test_a_damaged_cache_is_ignored(tmp_path: Path, national: Rules) -> None:
    root = make_catalog(tmp_path / "catalog", ["no_steps", "agency"])
    folder = tmp_path / "cache"
    expected = validate_paths([root], national, cache_dir=folder)
    (written,) = (folder / f"v{cache._FORMAT}").iterdir()
    data = json.loads(written.read_text(encoding="utf-8"))
    for entry in data["files"].values():
        entry[1][5] = [["TT104", "nonsense", None, "x"]]  # not a finding
    written.write_text(json.dumps(data), encoding="utf-8")
    damaged = validate_paths([root], national, cache_dir=folder)
    assert lines(damaged.findings) == lines(expected.findings)
    assert damaged.checked == expected.checked
    written.write_text("{not json", encoding="utf-8")
    assert lines(validate_paths([root], national, cache_dir=folder).findings) == lines(
        expected.findings
    )


def test_cache_is_invalidated_by_file_config_plugin_and_version(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_catalog(tmp_path / "catalog", ["no_steps", "same"])
    folder = tmp_path / "cache"
    rules = Rules(Config())

    def run(rules: Rules = rules) -> cache.Outcome:
        return validate_paths([root], rules, cache_dir=folder)

    files = run().checked
    assert files == 5 and run().checked == 0

    # A changed file: that file only is read again, and its new findings are reported.
    changed = root / "procedures" / "9.990001.yaml"
    changed.write_text(changed.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert run().checked == 1 and run().checked == 0
    assert any(f.rule == "TT104" and f.path == str(changed) for f in run().findings)
    changed.write_text("# tthc: disable=TT104\n" + changed.read_text(encoding="utf-8"))
    outcome = run()
    assert outcome.checked == 1
    assert not any(f.rule == "TT104" and f.path == str(changed) for f in outcome.findings)

    # A changed configuration: every file is checked again.
    disabled = Rules(replace(rules.config, disable=frozenset({"TT104"})))
    assert run(disabled).checked == files
    assert "TT104" not in {f.rule for f in run(disabled).findings}
    assert run().checked == 0  # the first configuration's cache is still there

    # A registry the procedure rules read: every file again.
    fields = root / "fields.yaml"
    fields.write_text(fields.read_text(encoding="utf-8") + "- {id: moi, name: Mới}\n")
    assert run().checked == files

    # A plugin: another one loaded, or the same one at another version or with other code.
    plugin = tmp_path / "localrules.py"
    plugin.write_text("X = 1\n", encoding="utf-8")
    (tmp_path / "tthc.toml").write_text('plugins = ["localrules"]\n', encoding="utf-8")
    monkeypatch.setenv(PLUGINS_ENV, "localrules")  # configuration modules run only if let
    with_plugin = Rules.from_config(str(tmp_path / "tthc.toml"))
    assert run(with_plugin).checked == files and run(with_plugin).checked == 0
    plugin.write_text("X = 2\n", encoding="utf-8")
    assert run(with_plugin).checked == files
    versioned = Rules(Config())
    versioned.plugins[0] = replace(versioned.plugins[0], version="9.9")
    assert run(versioned).checked == files

    # Another version of tthc.
    assert run().checked == 0
    monkeypatch.setattr(cache, "_tthc_version", lambda: "99.0.0")
    assert run().checked == files


def test_a_plugin_catalog_rule_gets_the_whole_catalog(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A catalog rule of a plugin may read every procedure: validate_paths loads them all.
    rule = (
        "def check(catalog, context):\n"
        "    codes = [p.code for p in catalog]\n"
        "    src = catalog.source_of(codes[0])\n"
        "    yield Problem(Text(str(len(codes)), str(len(codes))), loc=('name',), source=src)\n"
        "RULE = Rule('XX100', Severity.WARNING, Text('a', 'a'), Text('b', 'b'),\n"
        "            scope='catalog', check=check)"
    )
    rules = rules_with_plugin(tmp_path, monkeypatch, "countrules", rule)
    root = make_catalog(tmp_path / "catalog", ["same"])
    outcome = validate_paths([root], rules, cache_dir=tmp_path / "cache", jobs=2)
    (counted,) = [f for f in outcome.findings if f.rule == "XX100"]
    assert counted.message.en == "4"
    assert lines(outcome.findings) == lines(run_rules(Catalog.load(root), rules))
    # Cached as a whole: unchanged, nothing is read again; one file changed, all of it.
    again = validate_paths([root], rules, cache_dir=tmp_path / "cache")
    assert again.checked == 0 and lines(again.findings) == lines(outcome.findings)
    assert (again.procedures, again.files_read, again.loaded) == (
        outcome.procedures,
        outcome.files_read,
        outcome.loaded,
    )
    (root / "procedures" / "9.990001.yaml").unlink()
    fewer = validate_paths([root], rules, cache_dir=tmp_path / "cache")
    assert fewer.checked == 3 and [f.message.en for f in fewer.findings if f.rule == "XX100"] == [
        "3"
    ]


def test_a_plugin_rule_that_exits_is_contained(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A plugin's procedure rule runs as run_rules runs it (a thread, a time limit): its
    # SystemExit is a finding naming it, not the end of `tthc validate`.
    rule = (
        "def check(procedure, context):\n"
        "    raise SystemExit(0)\n"
        "    yield\n"
        "RULE = Rule('XX101', Severity.ERROR, Text('a', 'a'), Text('b', 'b'), check=check)"
    )
    rules = rules_with_plugin(tmp_path, monkeypatch, "exitrules", rule)
    root = make_catalog(tmp_path / "catalog", ["same"])
    outcome = validate_paths([root], rules, cache_dir=tmp_path / "cache", jobs=2)
    crashes = [f for f in outcome.findings if f.rule == "TT000"]
    assert len(crashes) == 4 and all(f.plugin == "exitrules" for f in crashes)
    assert lines(outcome.findings) == lines(run_rules(Catalog.load(root), rules))
    # A plugin's failure is not kept in the cache: the next run tries it again.
    assert validate_paths([root], rules, cache_dir=tmp_path / "cache").checked == 4


def test_links_out_of_the_catalog_are_findings_as_when_loading(
    tmp_path: Path, national: Rules
) -> None:
    root = make_catalog(tmp_path / "catalog", ["no_steps"])
    secret = tmp_path / "secret.yaml"
    secret.write_text("code: '9.999009'\n", encoding="utf-8")
    (root / "procedures" / "9.999009.yaml").symlink_to(secret)
    outcome = validate_paths([root], national, cache_dir=tmp_path / "cache")
    assert lines(outcome.findings) == lines(run_rules(Catalog.load(root), national))
    (link,) = [f for f in outcome.findings if f.path.endswith("9.999009.yaml")]
    assert link.rule == "TT100" and "leads out of the catalog" in link.message.en
    assert outcome.files_read == 4


def test_a_cache_folder_that_is_a_link_is_not_used(tmp_path: Path, national: Rules) -> None:
    # A repository could commit .tthc_cache as a link to anywhere: tthc neither reads nor
    # writes through it.
    root = make_catalog(tmp_path / "catalog", ["no_steps"])
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (tmp_path / CACHE_DIR).symlink_to(elsewhere, target_is_directory=True)
    first = validate_paths([root], national, cache_dir=tmp_path / CACHE_DIR)
    again = validate_paths([root], national, cache_dir=tmp_path / CACHE_DIR)
    assert list(elsewhere.iterdir()) == []
    assert again.checked == first.checked == 4
    assert lines(again.findings) == lines(first.findings)


def test_a_file_over_the_size_limit_is_refused_from_the_cache_too(
    tmp_path: Path, national: Rules
) -> None:
    root = make_catalog(tmp_path / "catalog", ["same"])
    big = root / "procedures" / "9.999003.yaml"
    big.write_text(big.read_text(encoding="utf-8") + "#" * 5000 + "\n", encoding="utf-8")
    folder = tmp_path / "cache"
    first = validate_paths([root], national, cache_dir=folder, max_bytes=4000)
    again = validate_paths([root], national, cache_dir=folder, max_bytes=4000)
    expected = run_rules(Catalog.load(root, max_bytes=4000), national)
    assert lines(first.findings) == lines(again.findings) == lines(expected)
    assert any(f.path == str(big) and "larger than" in f.message.en for f in expected)
    assert again.checked == 0
