"""Agreement with pabutools, the research reference implementation (docs/rules.md §6),
run live (``make test-reference``; the default run compares with the recorded outcomes).

Same winners as pabutools on every real file of ``tests/data/pabulib`` (and the same as
recorded in its ``reference.json``) and on random small elections: ``greedy``
(pabutools' greedy welfare; it also funds projects nobody voted for with leftover money -
those are ignored), ``mes`` (``method_of_equal_shares`` with ``Cost_Sat`` for approval,
``Additive_Cardinal_Sat`` for cumulative), ``mes+greedy``
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
from civic.core.budget.model import Election
from civic.core.budget.pabulib import format_pb, from_election, read_election
from tests.reference.pabutools_rules import load, reference
from tests.unit.core.budget.budget_data import pb_files, recorded_rules
from tests.unit.core.budget.budget_data import reference as recorded
from tests.unit.core.budget.budget_factories import election, elections


@cache
def _ours(path: Path) -> Election:
    return read_election(path)


@cache
def _theirs(path: Path) -> tuple[Any, Any]:
    return load(path)


@pytest.mark.parametrize(
    ("path", "rule"),
    [pytest.param(p, r, id=f"{p.stem}-{r}") for p in pb_files() for r in recorded_rules(p)],
)
def test_same_winners_as_pabutools_on_real_elections_and_as_recorded(path: Path, rule: str) -> None:
    election = _ours(path)
    instance, profile = _theirs(path)
    theirs = reference(instance, profile, rule)
    assert set(tally(election, rule, explain=False).selected) == theirs
    # The outcome the default run compares with is still the one pabutools computes.
    assert set(recorded()["files"][path.name]["outcomes"][rule]) == theirs


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
