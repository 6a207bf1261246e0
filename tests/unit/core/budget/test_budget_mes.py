"""Method of Equal Shares on hand-made elections, and its properties."""

from __future__ import annotations

import random
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from civic.core.budget import tally
from civic.core.budget.mes import default_endowment, mes_selection, run_mes
from civic.core.budget.mes_bounds import Ambiguous
from civic.core.budget.mes_float import float_winners
from civic.core.budget.mes_input import prepare
from civic.core.budget.model import (
    BOUGHT_BY_SUPPORTERS,
    COMPLETED,
    FREE,
    NO_UTILITY,
    NO_VOTES,
    UNAFFORDABLE,
    BallotGroup,
    Election,
    group_ballots,
)
from tests.unit.core.budget.budget_factories import election, elections


def test_equal_shares_is_proportional_where_greedy_is_not() -> None:
    # 6 voters want red projects, 4 want blue ones; budget for 5 projects of 10.
    costs = {f"r{i}": 10 for i in range(5)} | {f"b{i}": 10 for i in range(5)}
    ballots = [[f"r{i}" for i in range(5)]] * 6 + [[f"b{i}" for i in range(5)]] * 4
    e = election(50, costs, ballots)
    assert tally(e, "greedy").selected == ("r0", "r1", "r2", "r3", "r4")
    assert tally(e, "mes").selected == ("b0", "b1", "r0", "r1", "r2")


def test_each_supporter_pays_an_equal_share_and_the_reason_says_how_much() -> None:
    e = election(40, {"a": 30, "b": 30}, [["a"], ["a"], ["a", "b"], ["b"]])
    outcome = tally(e, "mes")
    assert outcome.selected == ("a",)
    bought = outcome.explanation("a")
    assert bought.code == BOUGHT_BY_SUPPORTERS
    assert bought.round == 1
    assert bought.share == 10  # 30 split over 3 supporters with 10 each
    assert bought.rho == Fraction(10, 30)
    assert bought.paid_all == 3
    lost = outcome.explanation("b")
    assert lost.code == UNAFFORDABLE
    assert lost.supporters_money == 10  # voter 4's 10; voter 3 spent all on a
    assert lost.best_rho == Fraction(30, 2 * 30)


def test_equal_prices_are_broken_by_the_smaller_id_as_a_string() -> None:
    e = election(20, {"9": 10, "10": 10, "8": 10}, [["9", "10"], ["8", "9", "10"]])
    assert tally(e, "mes").selected == ("10", "9")


def test_poorer_supporters_pay_what_they_have_and_richer_ones_cover_the_rest() -> None:
    # 3 voters with 11 each. "a" (16) ties "b" at rho 1/2 and wins on its id: voters
    # 1 and 2 pay 8. "b" (12) then costs voter 1 their last 3 and voter 3 the other 9.
    e = election(33, {"a": 16, "b": 12}, [["a", "b"], ["a"], ["b"]])
    outcome = tally(e, "mes")
    assert outcome.selected == ("a", "b")
    b = outcome.explanation("b")
    assert (b.round, b.rho, b.share, b.paid_all) == (2, Fraction(3, 4), 9, 1)


def test_a_free_project_is_worth_nothing_under_cost_utilities_as_in_pabutools() -> None:
    e = election(10, {"free": 0, "lonely": 0, "a": 10}, [["free", "a"]])
    outcome = tally(e, "mes")
    assert outcome.selected == ("a",)
    assert outcome.explanation("free").code == NO_UTILITY
    assert outcome.explanation("lonely").code == NO_VOTES
    assert tally(e, "mes+greedy").selected == ("a", "free")
    cardinality = tally(e, "mes", utility="cardinality")
    assert cardinality.selected == ("a", "free")
    assert cardinality.explanation("free").code == FREE


def test_a_project_costing_more_than_the_budget_is_never_bought() -> None:
    e = election(100, {"big": 150, "small": 10}, [["big", "small"]] * 3)
    outcome = tally(e, "mes")
    assert outcome.selected == ("small",)
    assert outcome.explanation("big").code == UNAFFORDABLE


def test_a_single_voter_buys_the_cheapest_per_utility_first() -> None:
    # With cost utilities every project costs the lone voter rho = 1 per unit: tie -> ids.
    e = election(10, {"a": 6, "b": 5, "c": 4}, [["a", "b", "c"]])
    assert tally(e, "mes").selected == ("a", "c")
    assert tally(e, "mes", utility="cardinality").selected == ("b", "c")


def test_no_voter_no_project() -> None:
    e = Election(Fraction(10), election(10, {"a": 1}, []).projects, "approval", ())
    assert tally(e, "mes").selected == ()
    assert tally(e, "mes+add1").selected == ()


def test_completion_spends_what_equal_shares_left() -> None:
    # 4 voters with 10: MES buys a (voters 1, 2) and c (voters 3, 4) for 35; b's lone
    # supporter cannot pay 25 and d's has nothing left. Greedy then adds d (b is too big).
    e = election(40, {"a": 20, "b": 25, "c": 15, "d": 5}, [["a", "d"], ["a"], ["b", "c"], ["c"]])
    assert tally(e, "mes").selected == ("a", "c")
    outcome = tally(e, "mes+greedy")
    assert outcome.selected == ("a", "c", "d")
    assert outcome.explanation("d").code == COMPLETED
    assert outcome.explanation("b").code == UNAFFORDABLE


def test_cumulative_points_are_the_utilities() -> None:
    e = election(20, {"a": 10, "b": 10}, [{"a": 3, "b": 1}, {"b": 1}])
    assert tally(e, "mes").selected == ("a", "b")
    assert tally(e, "mes").parameters["utility"] == "points"


def _ungrouped(e: Election, seed: int) -> Election:
    votes = [(g.projects, g.points) for g in e.ballots for _ in range(g.weight)]
    random.Random(seed).shuffle(votes)
    return Election(
        e.budget,
        e.projects,
        e.vote_type,
        tuple(BallotGroup(p, 1, s) for p, s in votes),
    )


RULES = ["greedy", "mes", "mes+greedy", "mes+add1"]


@settings(max_examples=120, deadline=None)
@given(elections(), st.sampled_from(RULES), st.sampled_from(["cost", "cardinality"]))
def test_no_rule_overspends_and_only_voted_projects_win(
    e: Election, rule: str, utility: str
) -> None:
    outcome = tally(e, rule, utility=utility)
    assert outcome.cost == e.total_cost(outcome.selected) <= e.budget
    scores = e.scores()
    assert all(scores[pid] > 0 for pid in outcome.selected)


@settings(max_examples=80, deadline=None)
@given(elections(), st.sampled_from(RULES), st.integers(0, 10))
def test_outcome_does_not_depend_on_voter_order_or_grouping(
    e: Election, rule: str, seed: int
) -> None:
    again = _ungrouped(e, seed)
    assert tally(again, rule).selected == tally(e, rule).selected
    regrouped = Election(
        e.budget,
        e.projects,
        e.vote_type,
        group_ballots(e.vote_type, [(g.projects, g.points) for g in again.ballots]),
    )
    assert regrouped.ballots == e.ballots


@settings(max_examples=120, deadline=None)
@given(elections(), st.sampled_from(["cost", "cardinality"]), st.integers(0, 5))
def test_fast_and_exact_engines_buy_the_same_projects(
    e: Election, utility: str, extra: int
) -> None:
    inp = prepare(e, utility)
    endowment = default_endowment(inp) + extra
    exact = tuple(p.project for p in run_mes(inp, endowment).purchases)
    assert mes_selection(inp, endowment) == exact
    try:
        assert float_winners(inp, endowment) == exact
    except Ambiguous:
        pass  # near-ties are the exact engine's job


@settings(max_examples=60, deadline=None)
@given(elections(), st.sampled_from(["mes", "mes+greedy", "mes+add1"]))
def test_explained_and_unexplained_tallies_agree(e: Election, rule: str) -> None:
    explained = tally(e, rule)
    assert tally(e, rule, explain=False).selected == explained.selected
    assert {x.project_id for x in explained.explanations} == {p.id for p in e.projects}


def test_near_ties_are_settled_in_exact_arithmetic_by_the_fast_engine() -> None:
    # Prices 1/3 and 1/3 exactly, then a price computed from budgets already charged:
    # floats cannot order them; the replayed exact prices do, ties going to the id.
    e = election(9, {"a": 3, "b": 3, "c": 2}, [["a", "c"], ["b", "c"], ["a", "b"]])
    inp = prepare(e)
    exact = tuple(p.project for p in run_mes(inp, default_endowment(inp)).purchases)
    assert float_winners(inp, default_endowment(inp)) == exact
    assert tally(e, "mes", explain=False).selected == tally(e, "mes").selected
