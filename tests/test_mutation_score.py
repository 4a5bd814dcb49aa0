"""mutation/score.py: how a mutmut result line is attributed and which mutants are equivalent."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent


def score_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("mutation_score", ROOT / "mutation" / "score.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_a_mutant_belongs_to_its_module() -> None:
    score = score_module()
    assert score.module_of("tthc.national.sla.x_span__mutmut_3") == "tthc.national.sla"
    assert score.module_of("tthc.sla.xǁDossierClockǁ_apply__mutmut_12") == "tthc.sla"
    assert score.module_of("tthc.batch.engine.x_due__mutmut_1") == "tthc.batch.engine"


def test_equivalent_names_are_the_first_word_of_each_line(tmp_path: Path) -> None:
    score = score_module()
    listing = tmp_path / "equivalent.txt"
    listing.write_text(
        "# a comment\n\ntthc.calendar.x_a__mutmut_1  # why\n  tthc.sla.x_b__mutmut_2\n",
        encoding="utf-8",
    )
    assert score.equivalent_names(listing) == {
        "tthc.calendar.x_a__mutmut_1",
        "tthc.sla.x_b__mutmut_2",
    }
    # the committed listing parses, and every entry names a mutant
    assert all("__mutmut_" in name for name in score.equivalent_names())
