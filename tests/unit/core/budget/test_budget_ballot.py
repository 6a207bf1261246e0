"""A heading's ballot rules: over-spending (approval), k projects at most (k-approval),
the minimum number of projects, and the rules a heading may be given."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from civic.core.budget.ballot import (
    APPROVAL,
    EMPTY,
    FORMATS,
    K_APPROVAL,
    MINIMUM_ABOVE_K,
    NO_K,
    OVER_BUDGET,
    TOO_FEW,
    TOO_MANY,
    UNKNOWN_FORMAT,
    UNKNOWN_PROJECT,
    BallotRules,
    check_ballot,
    rules_problem,
)

COSTS = {1: 60, 2: 50, 3: 40, 4: 10}


def test_an_approval_ballot_within_the_amount_is_accepted_with_what_it_leaves() -> None:
    check = check_ballot(BallotRules(APPROVAL, 100), COSTS, {1, 3})
    assert check.accepted
    assert (check.cost, check.count, check.left) == (100, 2, 0)


def test_an_approval_ballot_over_the_amount_is_refused_with_the_excess() -> None:
    check = check_ballot(BallotRules(APPROVAL, 100), COSTS, {1, 2})
    assert check.refusal == OVER_BUDGET
    assert (check.cost, check.amount, -check.left) == (110, 100, 10)


def test_a_k_approval_ballot_may_cost_more_than_the_amount_but_not_name_more_than_k() -> None:
    rules = BallotRules(K_APPROVAL, 100, max_projects=2)
    assert check_ballot(rules, COSTS, {1, 2}).accepted
    check = check_ballot(rules, COSTS, {1, 2, 3})
    assert (check.refusal, check.count, check.limit) == (TOO_MANY, 3, 2)


def test_fewer_projects_than_the_minimum_are_refused_and_an_empty_ballot_always() -> None:
    rules = BallotRules(APPROVAL, 100, min_projects=2)
    check = check_ballot(rules, COSTS, {4})
    assert (check.refusal, check.limit) == (TOO_FEW, 2)
    assert check_ballot(BallotRules(APPROVAL, 100), COSTS, set()).refusal == EMPTY


def test_a_project_not_on_the_ballot_is_refused_first_with_the_figures_of_the_rest() -> None:
    check = check_ballot(BallotRules(APPROVAL, 100), COSTS, {1, 2, 99})
    assert check.refusal == UNKNOWN_PROJECT
    assert (check.cost, check.count) == (110, 2)


@pytest.mark.parametrize(
    ("format", "k", "minimum", "problem"),
    [
        (APPROVAL, None, 0, None),
        (APPROVAL, None, 3, None),
        (K_APPROVAL, 3, 3, None),
        ("ranked", None, 0, UNKNOWN_FORMAT),
        (K_APPROVAL, None, 0, NO_K),
        (K_APPROVAL, 0, 0, NO_K),
        (K_APPROVAL, 2, 3, MINIMUM_ABOVE_K),
    ],
)
def test_rules_a_heading_may_be_given(
    format: str, k: int | None, minimum: int, problem: str | None
) -> None:
    assert rules_problem(format, k, minimum) == problem


costs_st = st.dictionaries(st.integers(1, 30), st.integers(0, 1_000), min_size=1, max_size=12)


@st.composite
def cases(draw: st.DrawFn) -> tuple[BallotRules, dict[int, int], set[int]]:
    costs = draw(costs_st)
    format = draw(st.sampled_from(FORMATS))
    k = draw(st.integers(1, len(costs))) if format == K_APPROVAL else None
    minimum = draw(st.integers(0, k or len(costs)))
    rules = BallotRules(format, draw(st.integers(0, 3_000)), max_projects=k, min_projects=minimum)
    chosen = draw(st.sets(st.sampled_from(sorted(costs))))
    return rules, costs, chosen


@given(cases())
def test_an_accepted_ballot_keeps_every_rule_of_its_heading(
    case: tuple[BallotRules, dict[int, int], set[int]],
) -> None:
    rules, costs, chosen = case
    check = check_ballot(rules, costs, chosen)
    assert (check.cost, check.count) == (sum(costs[p] for p in chosen), len(chosen))
    if check.accepted:
        assert check.count >= max(rules.min_projects, 1)
        if rules.format == APPROVAL:
            assert check.cost <= rules.amount  # an approval ballot never over-spends
        else:
            assert check.count <= (rules.max_projects or 0)


@given(cases(), st.data())
def test_leaving_out_a_project_of_an_accepted_ballot_is_accepted_down_to_the_minimum(
    case: tuple[BallotRules, dict[int, int], set[int]], data: st.DataObject
) -> None:
    rules, costs, chosen = case
    if not check_ballot(rules, costs, chosen).accepted or len(chosen) <= max(rules.min_projects, 1):
        return
    fewer = chosen - {data.draw(st.sampled_from(sorted(chosen)))}
    assert check_ballot(rules, costs, fewer).accepted


@given(cases(), st.integers(31, 40))
def test_a_project_not_on_the_ballot_is_always_refused(
    case: tuple[BallotRules, dict[int, int], set[int]], stranger: int
) -> None:
    rules, costs, chosen = case
    assert check_ballot(rules, costs, chosen | {stranger}).refusal == UNKNOWN_PROJECT
