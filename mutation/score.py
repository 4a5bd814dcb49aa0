"""Mutation score per module from the last ``mutmut run``, equivalent mutants left out.

Reads ``mutmut results --all true`` (one ``name: status`` line per mutant) and
``mutation/equivalent.txt`` (mutants that cannot change behaviour, each with why), and
prints killed / survived / equivalent counts and the score of each module:
killed / (killed + survived), where survived excludes the equivalent ones. A mutant that
timed out or crashed the tests counts as killed (the tests noticed); one no test reaches
counts as survived. Usage: ``python mutation/score.py [module ...]`` after ``mutmut run``.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

EQUIVALENT = Path(__file__).with_name("equivalent.txt")
KILLED = {"killed", "timeout", "segfault", "suspicious"}
SURVIVED = {"survived", "no tests"}
_LINE = re.compile(r"^\s*(?P<name>\S+__mutmut_\d+): (?P<status>.+?)\s*$")


def equivalent_names(path: Path = EQUIVALENT) -> set[str]:
    """Mutant names listed in ``path``: the first word of each line (``#`` starts a comment)."""
    names = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        word = line.split("#", 1)[0].split()
        if word:
            names.add(word[0])
    return names


def module_of(name: str) -> str:
    """``tthc.national.sla`` of ``tthc.national.sla.x_span__mutmut_3`` (or ``.xǁClassǁ...``)."""
    return re.split(r"\.x[_ǁ]", name, maxsplit=1)[0]


def main(argv: list[str]) -> int:
    out = subprocess.run(
        [str(Path(sys.executable).with_name("mutmut")), "results", "--all", "true"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    equivalent = equivalent_names()
    counts: dict[str, Counter[str]] = {}
    for line in out.splitlines():
        match = _LINE.match(line)
        if not match:
            continue
        name, status = match["name"], match["status"]
        module = module_of(name)
        if argv and module not in argv:
            continue
        if status in KILLED:
            kind = "killed"
        elif status in SURVIVED:
            kind = "equivalent" if name in equivalent else "survived"
        else:
            kind = "not run"  # skipped, or not checked yet
        counts.setdefault(module, Counter())[kind] += 1
    for module, c in sorted(counts.items()):
        judged = c["killed"] + c["survived"]
        score = f"{100 * c['killed'] / judged:.1f}%" if judged else "-"
        print(
            f"{module}: {c['killed']} killed, {c['survived']} survived, "
            f"{c['equivalent']} equivalent, {c['not run']} not run; score {score}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
