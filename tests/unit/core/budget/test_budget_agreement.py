"""Agreement with pabutools, the research reference implementation (design §6).

Same winners as pabutools on every pabulib file of the shared sample and on random small
elections: ``greedy`` (pabutools' greedy welfare; it also funds projects nobody voted
for with leftover money - those are ignored), ``mes`` (``method_of_equal_shares`` with
``Cost_Sat`` for approval, ``Additive_Cardinal_Sat`` for cumulative), ``mes+greedy``
(``completion_by_rule_combination``) and ``mes+add1`` (``exhaustion_by_budget_increase``
with a step of one currency unit per voter and ``exhaustive_stop=False``).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pabutools.election import Cost_Sat
from pabutools.election.pabulib import parse_pabulib_from_string
from pabutools.rules import method_of_equal_shares

from civic.core.budget import tally
from civic.core.budget.model import TALLIED_VOTE_TYPES, Election
from civic.core.budget.pabulib import format_pb, from_election, read_election
from tests.unit.core.budget.budget_factories import election, elections
from tests.unit.core.budget.budget_reference import PABULIB, load, reference

LARGE = 300_000  # bytes: pabutools needs several seconds per rule beyond this
RULES = ("greedy", "mes", "mes+greedy")


@cache
def _ours(path: Path) -> Election:
    return read_election(path)


@cache
def _theirs(path: Path) -> tuple[Any, Any]:
    return load(path)


def _cases() -> list[Any]:
    if not PABULIB.is_dir():
        return [pytest.param(None, None, marks=pytest.mark.skip(reason=f"no {PABULIB}"))]
    cases = []
    for path in sorted(PABULIB.glob("*.pb")):
        slow = [pytest.mark.slow] if path.stat().st_size > LARGE else []
        for rule in RULES:
            cases.append(pytest.param(path, rule, id=f"{path.stem}-{rule}", marks=slow))
    return cases


@pytest.mark.parametrize(("path", "rule"), _cases())
def test_same_winners_as_pabutools_on_real_elections(path: Path, rule: str) -> None:
    election = _ours(path)
    if election.vote_type not in TALLIED_VOTE_TYPES:
        pytest.skip(f"{election.vote_type} ballots are read, not tallied")
    instance, profile = _theirs(path)
    assert set(tally(election, rule, explain=False).selected) == reference(instance, profile, rule)


@pytest.mark.parametrize(
    "name",
    [
        "Netherlands_Assen_2024.pb",
        pytest.param("Poland_Swiecie_2023.pb", marks=pytest.mark.slow),
        pytest.param("Poland_Wieliczka_2023_Green_Budget.pb", marks=pytest.mark.slow),
    ],
)
def test_add1_agrees_with_pabutools_exhaustion_by_budget_increase(name: str) -> None:
    path = PABULIB / name
    if not path.is_file():
        pytest.skip(f"pabulib sample not found at {PABULIB}")
    instance, profile = _theirs(path)
    expected = reference(instance, profile, "mes+add1")
    assert set(tally(_ours(path), "mes+add1", explain=False).selected) == expected


def _as_pabutools(election: Election) -> tuple[Any, Any]:
    return parse_pabulib_from_string(format_pb(from_election(election)))


@settings(max_examples=150, deadline=None)
@given(
    elections(),
    st.sampled_from(["greedy", "mes", "mes+greedy"]),
    st.sampled_from(["cost", "cardinality"]),
)
def test_same_winners_as_pabutools_on_random_elections(
    election: Election, rule: str, utility: str
) -> None:
    instance, profile = _as_pabutools(election)
    ours = tally(election, rule, utility=utility)
    assert set(ours.selected) == reference(instance, profile, rule, utility)


@settings(max_examples=40, deadline=None)
@given(elections(max_voters=6))
def test_add1_same_winners_as_pabutools_on_random_elections(election: Election) -> None:
    instance, profile = _as_pabutools(election)
    assert set(tally(election, "mes+add1").selected) == reference(instance, profile, "mes+add1")


def test_pabutools_voter_budget_increment_is_a_different_rule_from_add1() -> None:
    # pabutools' method_of_equal_shares(voter_budget_increment=1) stops at the first
    # exhaustive outcome ({a, b}: 6 spent, c (8) no longer fits); add1 goes on raising
    # the endowment while the outcome fits: {b, c} spends 10 of 12.
    e = election(12, {"a": 4, "b": 2, "c": 8}, [["a", "b", "c"], ["c"], ["a", "b", "c"], ["b"]])
    instance, profile = _as_pabutools(e)
    stopped_early = method_of_equal_shares(
        instance, profile, sat_class=Cost_Sat, voter_budget_increment=1
    )
    assert {p.name for p in stopped_early} == {"a", "b"}
    assert tally(e, "mes+add1").selected == ("b", "c")
    assert reference(instance, profile, "mes+add1") == {"b", "c"}
