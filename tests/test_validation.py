"""Tests of the rule runner (tthc.validation): plugins, crashes, disabling, order."""

from __future__ import annotations

import dataclasses
import shutil
import types
from collections.abc import Iterator
from pathlib import Path

import pytest

from tthc import hookimpl
from tthc.catalog import Catalog, load_catalog
from tthc.config import Config
from tthc.errors import CalendarError, PluginError
from tthc.i18n import Text
from tthc.model import Procedure
from tthc.rules import Rules
from tthc.validation import (
    CheckContext,
    Finding,
    Problem,
    Rule,
    Severity,
    rules_markdown,
    run_rules,
)

ROOT = Path(__file__).parents[1]
GOOD = ROOT / "tests" / "fixtures" / "catalogs" / "good"


def plugin_with(*rules: Rule) -> types.SimpleNamespace:
    @hookimpl
    def tthc_validation_rules() -> tuple[Rule, ...]:
        return rules

    return types.SimpleNamespace(tthc_validation_rules=tthc_validation_rules)


def national(**config: object) -> Rules:
    return Rules(Config(**config), load_entry_points=False)  # type: ignore[arg-type]


def with_plugin(name: str, plugin: object, **config: object) -> Rules:
    rules = national(**config)
    rules.pm.register(plugin, name=name)
    return rules


def text(en: str) -> Text:
    return Text(f"vi: {en}", en)


def long_names(procedure: Procedure, context: CheckContext) -> Iterator[Problem]:
    if procedure.code == "9.999002":
        yield Problem(text("name too long"), loc=("name",), hint=text("shorten it"))


NAMES = Rule("XX101", Severity.WARNING, text("Names"), text("Checks names."), check=long_names)


def test_plugin_rules_run_and_are_attributed() -> None:
    rules = with_plugin("tthc-synthetic", plugin_with(NAMES))
    findings = rules.validate(load_catalog(GOOD))
    finding = next(f for f in findings if f.rule == "XX101")
    assert finding.plugin == "tthc-synthetic"
    assert finding.procedure == "9.999002"
    assert (Path(finding.path).name, finding.line, finding.column) == ("9.999002.yaml", 3, 7)
    assert finding.severity is Severity.WARNING and finding.hint == text("shorten it")


def test_a_rule_that_raises_becomes_tt000_and_others_still_run() -> None:
    def broken(procedure: Procedure, context: CheckContext) -> Iterator[Problem]:
        if procedure.code == "9.999001":
            raise ZeroDivisionError("boom")
        return iter(())

    rule = Rule("XX102", Severity.ERROR, text("Broken"), text("Raises."), check=broken)
    rules = with_plugin("tthc-broken", plugin_with(rule, NAMES))
    findings = rules.validate(load_catalog(GOOD))
    crash = [f for f in findings if f.rule == "TT000"]
    assert len(crash) == 1
    assert crash[0].message.en == (
        "plugin 'tthc-broken' raised while checking procedure 9.999001 (rule XX102): "
        "ZeroDivisionError: boom"
    )
    assert crash[0].procedure == "9.999001" and crash[0].severity is Severity.ERROR
    assert Path(crash[0].path).name == "9.999001.yaml"
    assert any(f.rule == "XX101" for f in findings)


def test_a_rule_that_raises_a_tthc_error_is_reported_in_each_language() -> None:
    def dated(procedure: Procedure, context: CheckContext) -> Iterator[Problem]:
        raise CalendarError(Text("năm 1800 ngoài lịch", "year 1800 is outside the calendar"))

    rule = Rule("XX104", Severity.ERROR, text("D"), text("D."), check=dated)
    findings = with_plugin("p", plugin_with(rule)).validate(load_catalog(GOOD))
    crash = next(f for f in findings if f.rule == "TT000")
    assert crash.message.en.endswith(
        "(rule XX104): CalendarError: year 1800 is outside the calendar"
    )
    assert crash.message.vi.endswith("(quy tắc XX104): CalendarError: năm 1800 ngoài lịch")


def test_a_catalog_rule_that_raises() -> None:
    def broken(catalog: Catalog, context: CheckContext) -> Iterator[Problem]:
        raise RuntimeError("nope")

    rule = Rule("XX103", Severity.ERROR, text("B"), text("B."), "catalog", broken)
    findings = with_plugin("p", plugin_with(rule)).validate(load_catalog(GOOD))
    (crash,) = [f for f in findings if f.rule == "TT000"]
    assert "raised while checking the catalog (rule XX103): RuntimeError: nope" in crash.message.en


def test_a_code_defined_twice_names_both_plugins() -> None:
    rules = with_plugin("tthc-one", plugin_with(NAMES))
    rules.pm.register(plugin_with(NAMES), name="tthc-two")
    with pytest.raises(PluginError) as info:
        rules.validation_rules()
    assert str(info.value) in (
        "Rule code XX101 is defined twice: by plugin 'tthc-two' and by 'tthc-one'",
        "Rule code XX101 is defined twice: by plugin 'tthc-one' and by 'tthc-two'",
    )


def test_a_national_code_cannot_be_redefined() -> None:
    clash = Rule("TT102", Severity.ERROR, text("x"), text("x"), check=long_names)
    with pytest.raises(PluginError, match="TT102 is defined twice") as info:
        with_plugin("tthc-clash", plugin_with(clash)).validation_rules()
    assert info.value.message("vi").startswith("Mã quy tắc TT102 được định nghĩa hai lần: ")
    assert "'tthc-clash'" in info.value.message("vi")


def test_a_plugin_returning_something_else() -> None:
    @hookimpl
    def tthc_validation_rules() -> list[str]:
        return ["TT999"]

    rules = with_plugin(
        "tthc-odd", types.SimpleNamespace(tthc_validation_rules=tthc_validation_rules)
    )
    with pytest.raises(PluginError) as info:
        rules.validation_rules()
    assert info.value.message("en") == (
        "Plugin 'tthc-odd' returned 'TT999' instead of tthc.validation.Rule (tthc_validation_rules)"
    )
    assert info.value.message("vi") == (
        "Plugin 'tthc-odd' trả về 'TT999' thay vì tthc.validation.Rule (tthc_validation_rules)"
    )


def test_a_plugin_returning_one_rule_instead_of_a_list() -> None:
    @hookimpl
    def tthc_validation_rules() -> Rule:
        return NAMES

    rules = with_plugin(
        "tthc-one", types.SimpleNamespace(tthc_validation_rules=tthc_validation_rules)
    )
    with pytest.raises(PluginError) as info:
        rules.validation_rules()
    assert info.value.plugin == "tthc-one"
    assert info.value.message("en").startswith("Plugin 'tthc-one' returned Rule(code='XX101'")
    assert info.value.message("en").endswith(
        "… instead of a list of tthc.validation.Rule (tthc_validation_rules)"
    )
    assert info.value.message("vi").endswith(
        "… thay vì một danh sách tthc.validation.Rule (tthc_validation_rules)"
    )


@pytest.mark.parametrize(
    ("field", "value", "en", "vi"),
    [
        ("title", "title", "tthc.i18n.Text as the title", "tthc.i18n.Text làm title"),
        (
            "explanation",
            None,
            "tthc.i18n.Text as the explanation",
            "tthc.i18n.Text làm explanation",
        ),
        ("severity", "error", "tthc.validation.Severity as the severity", "làm severity"),
        ("scope", "file", "'procedure' or 'catalog' as the scope", "'procedure' hoặc 'catalog'"),
        ("check", "not callable", "a function as the check", "một hàm làm check"),
    ],
)
def test_a_malformed_rule_is_refused_when_collected(
    field: str, value: object, en: str, vi: str
) -> None:
    bad = dataclasses.replace(NAMES, **{field: value})
    with pytest.raises(PluginError) as info:
        with_plugin("tthc-bad", plugin_with(bad)).validation_rules()
    assert info.value.message("en") == (
        f"Plugin 'tthc-bad' returned {value!r} instead of {en} of rule XX101 "
        "(tthc_validation_rules)"
    )
    assert f"trả về {value!r} thay vì " in info.value.message("vi")
    assert vi in info.value.message("vi")


def test_rule_codes_are_checked() -> None:
    with pytest.raises(ValueError, match="must look like TT101"):
        Rule("T1", Severity.ERROR, text("x"), text("x"))


def test_config_disabling_an_unknown_or_fixed_rule_is_a_warning(tmp_path: Path) -> None:
    # A typo in `disable` would leave the rule running without a word; TT101 cannot be
    # switched off at all.
    file = tmp_path / "tthc.toml"
    file.write_text('province = "x"\ndisable = [\n  "TT104",\n  "tt14",\n  "TT101",\n]\n')
    rules = national(disable=frozenset({"TT104", "TT14", "TT101"}), path=file)
    findings = [f for f in rules.validate(load_catalog(GOOD)) if f.rule == "TT103"]
    assert [(f.path, f.line, f.column) for f in findings] == [(str(file), 4, 1), (str(file), 5, 1)]
    assert findings[0].message.en == "'disable' names an unknown rule code: TT14"
    assert findings[0].message.vi == "'disable' nêu mã quy tắc không tồn tại: TT14"
    assert findings[0].hint is not None and "TT104" in findings[0].hint.en
    assert findings[1].message.en == "'disable' cannot switch off TT101 (the file must load)"
    assert findings[1].message.vi == "'disable' không tắt được TT101 (tệp phải đọc được)"
    assert all(f.severity is Severity.WARNING for f in findings)


def test_config_disable_silences_tt103_too(tmp_path: Path) -> None:
    # TT103 is made by the runner, not by a rule's check: `disable` must reach it as well.
    root = tmp_path / "catalog"
    shutil.copytree(GOOD, root)
    file = root / "procedures" / "9.999001.yaml"
    file.write_text("# tthc: disable=TT999\n" + file.read_text(encoding="utf-8"))
    assert [f.rule for f in national().validate(load_catalog(root))] == ["TT103"]
    assert national(disable=frozenset({"TT103"})).validate(load_catalog(root)) == []


def test_config_disable_skips_plugin_rules() -> None:
    rules = with_plugin("p", plugin_with(NAMES), disable=frozenset({"XX101"}))
    assert [f for f in rules.validate(load_catalog(GOOD)) if f.rule == "XX101"] == []


def test_findings_are_sorted_by_place() -> None:
    def everywhere(procedure: Procedure, context: CheckContext) -> Iterator[Problem]:
        yield Problem(text("b"), loc=("processing_time",))
        yield Problem(text("a"), loc=("code",))

    rule = Rule("XX104", Severity.ERROR, text("x"), text("x"), check=everywhere)
    findings = run_rules(load_catalog(GOOD), national(), only=[rule])
    places = [(Path(f.path).name, f.line, f.column) for f in findings]
    assert places == sorted(places) and len(places) == 6


def test_catalog_problem_without_source_is_a_crash() -> None:
    def sourceless(catalog: Catalog, context: CheckContext) -> Iterator[Problem]:
        yield Problem(text("where?"))

    rule = Rule("XX105", Severity.ERROR, text("x"), text("x"), "catalog", sourceless)
    (finding,) = run_rules(load_catalog(GOOD), national(), only=[rule])
    assert finding.rule == "TT000" and "must name its source" in finding.message.en


def test_in_memory_catalog_can_be_validated() -> None:
    catalog = Catalog.of(list(load_catalog(GOOD)))
    findings = run_rules(catalog, national(), only=[NAMES])
    assert [(f.path, f.line) for f in findings] == [("<memory>", 1)]


def test_finding_as_dict() -> None:
    finding = Finding("TT101", Severity.ERROR, "a.yaml", 3, 4, text("bad"), None, "9.999001")
    assert finding.as_dict("en") == {
        "rule": "TT101",
        "severity": "error",
        "path": "a.yaml",
        "line": 3,
        "column": 4,
        "message": "bad",
        "hint": None,
        "procedure": "9.999001",
        "plugin": "tthc",
    }
    assert finding.as_dict("vi")["message"] == "vi: bad"


def test_severity_label_in_each_language() -> None:
    assert [s.label("vi") for s in Severity] == ["lỗi", "cảnh báo"]
    assert [s.label("en") for s in Severity] == ["error", "warning"]
    assert [str(s) for s in Severity] == ["error", "warning"]  # the value does not change


def test_vietnamese_rule_reference_names_severities_in_vietnamese() -> None:
    page = rules_markdown(national().validation_rules(), "vi")
    assert "| [TT100](#tt100) | lỗi |" in page
    assert "| [TT403](#tt403) | cảnh báo |" in page
    assert "| error |" not in page and "| warning |" not in page
    assert "| [TT100](#tt100) | error |" in rules_markdown(national().validation_rules(), "en")


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_rule_reference_page_is_generated_from_the_rules(lang: str) -> None:
    page = ROOT / "docs" / ("validation-rules.md" if lang == "en" else "vi/validation-rules.md")
    expected = rules_markdown(national().validation_rules(), lang)  # type: ignore[arg-type]
    assert page.read_text(encoding="utf-8") == expected, (
        f"regenerate with: tthc explain --markdown --lang {lang} > {page.relative_to(ROOT)}"
    )


def test_a_procedure_rule_may_point_at_another_file() -> None:
    def elsewhere(procedure: Procedure, context: CheckContext) -> Iterator[Problem]:
        if procedure.code == "9.999002":
            other = context.catalog.source_of("9.999001")
            yield Problem(text("see the other file"), loc=("name",), source=other)

    rule = Rule("XX106", Severity.ERROR, text("x"), text("x"), check=elsewhere)
    (finding,) = run_rules(load_catalog(GOOD), national(), only=[rule])
    assert (Path(finding.path).name, finding.line) == ("9.999001.yaml", 3)
    assert finding.procedure == "9.999002"


# -- a file that fails its schema check ---------------------------------------------------


def _broken_but_checkable(tmp_path: Path, extra: str = "") -> Path:
    root = tmp_path / "catalog"
    shutil.copytree(GOOD, root)
    text = (root / "procedures" / "9.999002.yaml").read_text(encoding="utf-8")
    (root / "procedures" / "9.999002.yaml").unlink()
    # Synthetic: a schema error (dossier is not a list), a wrong file name (TT102), no steps
    # (TT104) and an unknown agency (TT202) in the same file.
    text = text.replace("steps: [Nộp hồ sơ]\n", "").replace("dossier:\n", "dossier: 5\nx_old:\n")
    text = text.replace("agencies: [co-quan-b]", "agencies: [khong-co]")
    (root / "procedures" / "9.999009.yaml").write_text(extra + text, encoding="utf-8")
    return root


def test_a_schema_error_hides_no_other_finding_of_the_file(tmp_path: Path) -> None:
    root = _broken_but_checkable(tmp_path)
    findings = Rules(load_entry_points=False).validate(Catalog.load([root]))
    mine = [f for f in findings if f.path.endswith("9.999009.yaml")]
    assert sorted(f.rule for f in mine) == ["TT101", "TT101", "TT102", "TT104", "TT202"]
    (missing,) = [f for f in mine if f.rule == "TT104"]
    # steps are missing; dossier is there but wrong, which TT101 says: not "missing" too
    assert "steps" in missing.message("en") and "dossier" not in missing.message("en")
    catalog = Catalog.load([root])
    assert "9.999002" not in catalog.codes()  # never used as a procedure
    assert catalog.set_aside("9.999002") == frozenset({"dossier", "x_old"})
    assert catalog.set_aside("9.999001") == frozenset()


def test_a_file_comment_silences_the_rest_of_a_broken_file(tmp_path: Path) -> None:
    root = _broken_but_checkable(tmp_path, "# tthc: disable=TT102\n")
    findings = Rules(load_entry_points=False).validate(Catalog.load([root]))
    assert "TT102" not in {f.rule for f in findings}


def test_an_error_in_a_required_key_leaves_nothing_to_check(tmp_path: Path) -> None:
    root = tmp_path / "catalog"
    shutil.copytree(GOOD, root)
    path = root / "procedures" / "9.999001.yaml"
    text = path.read_text(encoding="utf-8").replace("field: thu-nghiem", "field: [1, 2]")
    path.write_text(text, encoding="utf-8")
    findings = Rules(load_entry_points=False).validate(Catalog.load([root]))
    assert [f.rule for f in findings if f.path.endswith("9.999001.yaml")] == ["TT101"]
# -- plugin containment: wrong answers, SystemExit, hangs -------------------------------------


def _rule(check: object, code: str = "XX101", scope: str = "procedure") -> Rule:
    return Rule(code, Severity.ERROR, text("t"), text("e"), scope=scope, check=check)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("answer", "said"),
    [
        ("a string", "yielded str, not a Problem"),
        (Problem("plain text"), "Problem.message is str"),  # type: ignore[arg-type]
        (Problem(text("x"), loc=(1.5,)), "Problem.loc must be"),  # type: ignore[arg-type]
        (Problem(text("x"), hint="h"), "Problem.hint is str"),  # type: ignore[arg-type]
    ],
)
def test_a_wrong_answer_is_a_finding_naming_the_plugin(answer: object, said: str) -> None:
    def check(procedure: Procedure, context: CheckContext) -> Iterator[object]:
        yield answer

    rules = with_plugin("tinh-x", plugin_with(_rule(check)))
    findings = [f for f in rules.validate(load_catalog(GOOD)) if f.plugin == "tinh-x"]
    assert len(findings) == 3 and all(f.rule == "TT000" for f in findings)
    message = findings[0].message("en")
    assert "plugin 'tinh-x'" in message and "XX101" in message and said in message


def test_a_position_of_the_wrong_type_cannot_break_the_sort() -> None:
    from tthc.yamlsource import Position

    def check(catalog: Catalog, context: CheckContext) -> Iterator[Problem]:
        yield Problem(text("x"), at=Position("a.yaml", "3", 1))  # type: ignore[arg-type]

    rules = with_plugin("tinh-x", plugin_with(_rule(check, scope="catalog")))
    (finding,) = [f for f in rules.validate(load_catalog(GOOD)) if f.plugin == "tinh-x"]
    assert "Problem.at must be a Position" in finding.message("en")


@pytest.mark.parametrize("exc", [SystemExit(0), SystemExit("bye"), ValueError("boom")])
def test_an_exception_of_a_rule_is_a_finding_and_the_other_rules_run(exc: BaseException) -> None:
    def check(procedure: Procedure, context: CheckContext) -> Iterator[Problem]:
        raise exc
        yield  # a generator, as rules are

    rules = with_plugin("tinh-x", plugin_with(_rule(check), _rule(long_names, "XX102")))
    findings = rules.validate(load_catalog(GOOD))
    crashes = [f for f in findings if f.rule == "TT000"]
    assert len(crashes) == 3 and type(exc).__name__ in crashes[0].message("en")
    assert [f.rule for f in findings if f.rule == "XX102"] == ["XX102"]


def test_keyboard_interrupt_passes_through() -> None:
    def check(procedure: Procedure, context: CheckContext) -> Iterator[Problem]:
        raise KeyboardInterrupt
        yield

    rules = with_plugin("tinh-x", plugin_with(_rule(check)))
    with pytest.raises(KeyboardInterrupt):
        rules.validate(load_catalog(GOOD))


def test_a_hanging_plugin_is_a_finding_after_its_time_limit() -> None:
    import threading

    release = threading.Event()

    def check(procedure: Procedure, context: CheckContext) -> Iterator[Problem]:
        if procedure.code == "9.999002":
            release.wait(30)  # hangs (released at the end so the thread ends)
        yield from ()

    rules = with_plugin(
        "tinh-x",
        plugin_with(_rule(check)),
        rule_time_limit={"default": 30, "tinh-x": 0.2},
    )
    try:
        findings = rules.validate(load_catalog(GOOD))
    finally:
        release.set()
    (hung,) = [f for f in findings if f.plugin == "tinh-x"]
    assert hung.rule == "TT000" and hung.procedure == "9.999002"
    message = hung.message("en")
    assert "did not finish its checks within 0.2 s (rule XX101, procedure 9.999002)" in message
    assert any(f.plugin != "tinh-x" for f in findings) or findings == [hung]


def test_the_time_limit_is_read_from_the_configuration(tmp_path: Path) -> None:
    from tthc.errors import ConfigError

    config = Config.from_mapping({"rule_time_limit": {"default": 60, "tinh-x": 5}})
    assert config.rule_time_limit == {"default": 60, "tinh-x": 5}
    with pytest.raises(ConfigError, match="rule_time_limit"):
        Config.from_mapping({"rule_time_limit": -1})
