"""Same winners as pabutools, the research reference implementation (docs/rules.md §6),
on the real files of ``tests/data/pabulib``: compared with pabutools' outcomes recorded
in ``reference.json`` (by ``bench/budget_reference.py``), so this run needs no pabutools.
``make test-reference`` compares with pabutools live, random elections included."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from functools import cache
from pathlib import Path

import pytest

from civic.core.budget import tally
from civic.core.budget.model import Election
from civic.core.budget.pabulib import read_election
from tests.unit.core.budget.budget_data import PABULIB, RULES, pb_files, recorded_rules, reference

REPO = Path(__file__).resolve().parents[4]


@cache
def _ours(name: str) -> Election:
    return read_election(PABULIB / name)


def _recorded() -> list[object]:
    return [
        pytest.param(name, rule, id=f"{Path(name).stem}-{rule}")
        for name, entry in sorted(reference()["files"].items())
        for rule in entry.get("outcomes", {})
    ]


@pytest.mark.parametrize(("name", "rule"), _recorded())
def test_same_winners_as_pabutools_recorded_on_real_elections(name: str, rule: str) -> None:
    expected = set(reference()["files"][name]["outcomes"][rule])
    assert set(tally(_ours(name), rule, explain=False).selected) == expected


def test_every_committed_file_has_its_reference_outcomes_for_every_rule() -> None:
    files = reference()["files"]
    assert sorted(files) == [p.name for p in pb_files()]
    for path in pb_files():
        entry = files[path.name]
        # A file changed since the record was written: rerun bench/budget_reference.py.
        assert entry["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest(), path.name
        assert sorted(entry.get("outcomes", {})) == sorted(recorded_rules(path)), path.name
        assert "timed_out" not in entry and "disagreements" not in entry, path.name


def test_the_record_names_the_pabutools_version_and_date_it_comes_from() -> None:
    record = reference()
    assert record["pabutools"] and record["date"]
    assert record["rules"] == list(RULES)


def test_the_default_run_leaves_out_the_live_comparison_and_never_imports_pabutools() -> None:
    # Collect ``tests`` as a plain run does (the other folders left out, for speed): the
    # live comparison (tests/reference, which imports pabutools) is not collected.
    probe = (
        "import sys, pytest\n"
        "pytest.main(['--collect-only', '-q', '-p', 'no:cacheprovider', '-p', 'no:xdist',"
        " 'tests', '--ignore-glob=tests/[!r]*'])\n"
        "import tests.unit.core.budget.test_budget_reference\n"
        "print('pabutools imported:', 'pabutools' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, cwd=REPO, check=False
    )
    assert "no tests collected" in done.stdout, done.stdout + done.stderr
    assert done.stdout.rstrip().endswith("pabutools imported: False"), done.stdout
