"""Greedy rules: most votes first, skip (or stop at) what no longer fits, thresholds."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from civic.core.budget import BudgetError, tally
from civic.core.budget.model import (
    BELOW_THRESHOLD,
    DID_NOT_FIT,
    NO_VOTES,
    NOT_REACHED,
    SELECTED,
    BallotGroup,
    Election,
)
from civic.core.budget.pabulib import read_election
from tests.unit.core.budget.budget_data import PABULIB, published
from tests.unit.core.budget.budget_factories import election, elections


def test_most_approved_first_and_a_project_that_no_longer_fits_is_skipped() -> None:
    e = election(100, {"a": 60, "b": 50, "c": 40}, [["a", "b"], ["a", "b"], ["a", "c"]])
    outcome = tally(e, "greedy")
    assert outcome.selected == ("a", "c")
    assert outcome.cost == 100
    assert outcome.explanation("b").code == DID_NOT_FIT
    assert outcome.explanation("b").budget_left == 40
    assert outcome.explanation("c").code == SELECTED
    assert outcome.explanation("c").budget_left == 0


def test_ties_go_to_the_smaller_id_compared_as_strings() -> None:
    # "10" < "9" as strings: pabutools' lexicographic tie-breaking.
    e = election(10, {"9": 10, "10": 10}, [["9", "10"]])
    assert tally(e, "greedy").selected == ("10",)


def test_a_project_nobody_voted_for_is_never_funded_even_with_money_left() -> None:
    e = election(100, {"a": 10, "b": 10}, [["a"]])
    outcome = tally(e, "greedy")
    assert outcome.selected == ("a",)
    assert outcome.explanation("b").code == NO_VOTES


def test_a_project_costing_more_than_the_budget_does_not_fit() -> None:
    e = election(100, {"big": 101, "small": 1}, [["big"], ["big"], ["small"]])
    outcome = tally(e, "greedy")
    assert outcome.selected == ("small",)
    assert outcome.explanation("big").code == DID_NOT_FIT


def test_a_free_project_with_votes_is_funded() -> None:
    e = election(5, {"free": 0, "a": 5}, [["free"], ["a"], ["a"]])
    assert tally(e, "greedy").selected == ("a", "free")


def test_no_skip_stops_at_the_first_project_that_does_not_fit() -> None:
    e = election(100, {"a": 60, "b": 50, "c": 40}, [["a", "b"], ["a", "b"], ["a", "c"]])
    outcome = tally(e, "greedy-no-skip")
    assert outcome.selected == ("a",)
    assert outcome.explanation("c").code == NOT_REACHED
    assert outcome.explanation("c").budget_left == 40


def test_threshold_drops_projects_below_the_minimum_score_and_keeps_those_at_it() -> None:
    e = election(
        100,
        {"a": 10, "b": 10, "c": 10},
        [["a", "b", "c"], ["a", "b"], ["a"]],
        meta={"min_project_score_threshold": "2"},
    )
    outcome = tally(e, "greedy-threshold")
    assert outcome.selected == ("a", "b")
    assert outcome.parameters == {"threshold": "2"}
    reason = outcome.explanation("c")
    assert (reason.code, reason.score, reason.threshold) == (BELOW_THRESHOLD, 1, 2)
    assert tally(e, "greedy-threshold", threshold=Fraction(3)).selected == ("a",)


def test_threshold_rule_without_a_threshold_is_refused() -> None:
    with pytest.raises(BudgetError, match="min_project_score_threshold"):
        tally(election(10, {"a": 1}, [["a"]]), "greedy-threshold")


def test_cumulative_ballots_rank_by_points_not_by_voters() -> None:
    e = election(10, {"a": 10, "b": 10}, [{"a": 1}, {"a": 1}, {"b": 3}])
    assert tally(e, "greedy").selected == ("b",)


def test_ordinal_ballots_are_not_tallied() -> None:
    e = election(10, {"a": 1}, [["a"]], vote_type="ordinal")
    with pytest.raises(BudgetError, match="ordinal"):
        tally(e, "greedy")


@settings(max_examples=150, deadline=None)
@given(elections(), st.sampled_from(["greedy", "greedy-no-skip"]))
def test_greedy_never_exceeds_the_budget(e: Election, rule: str) -> None:
    outcome = tally(e, rule)
    assert outcome.cost == e.total_cost(outcome.selected) <= e.budget


@settings(max_examples=150, deadline=None)
@given(elections(), st.data())
def test_one_more_vote_for_a_funded_project_keeps_it_funded(
    e: Election, data: st.DataObject
) -> None:
    selected = tally(e, "greedy").selected
    if not selected:
        return
    favourite = data.draw(st.sampled_from(selected))
    points = None if e.ballots[0].points is None else (Fraction(1),)
    more = Election(
        e.budget, e.projects, e.vote_type, (*e.ballots, BallotGroup((favourite,), 1, points))
    )
    assert favourite in tally(more, "greedy").selected


@pytest.mark.parametrize(
    ("name", "rule"),
    [
        ("Poland_Warszawa_2019_Las.pb", "greedy"),
        ("Poland_Czestochowa_2024_Stare_Miasto.pb", "greedy"),  # cumulative: points
        ("Poland_Warszawa_2026_Srodmiescie_Poludniowe.pb", "greedy-threshold"),
        ("Poland_Katowice_2025_Zarzecze.pb", "greedy-threshold"),  # cumulative: points
        ("Poland_Gdynia_2020_Oksywie__small.pb", "greedy-no-skip"),
    ],
)
def test_real_greedy_elections_come_out_as_the_city_published(name: str, rule: str) -> None:
    path = PABULIB / name
    e = read_election(path)
    assert e.meta["rule"] == rule
    assert set(tally(e, rule).selected) == published(path)
