"""The first lines of a budget's results: voters who got a project they chose, and the
money left unspent."""

from __future__ import annotations

from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from civic.core.budget.model import BallotGroup
from civic.core.budget.summary import unspent, voters_with_a_funded_choice


def test_a_voter_counts_once_when_any_of_their_projects_is_funded() -> None:
    ballots = [
        BallotGroup(("parc", "piste"), weight=3),  # both funded: counted once each
        BallotGroup(("bancs",), weight=2),  # nothing funded
        BallotGroup(("piste", "bancs"), weight=1),
        BallotGroup((), weight=4),  # an empty ballot chose nothing
    ]
    assert voters_with_a_funded_choice(ballots, {"parc", "piste"}) == 4


def test_nobody_is_satisfied_when_nothing_is_funded() -> None:
    assert voters_with_a_funded_choice([BallotGroup(("parc",), weight=5)], set()) == 0


def test_the_unspent_money_is_what_the_funded_projects_leave() -> None:
    assert unspent(100_000, [60_000, 25_000]) == 15_000
    assert unspent(100_000, []) == 100_000


projects = st.sampled_from(["a", "b", "c", "d"])
groups = st.lists(
    st.builds(
        BallotGroup,
        st.lists(projects, unique=True).map(tuple),
        st.integers(min_value=1, max_value=50),
    ),
    max_size=8,
)


@given(groups, st.sets(projects))
def test_satisfied_voters_never_exceed_the_voters_and_grow_with_what_is_funded(
    ballots: list[BallotGroup], selected: set[str]
) -> None:
    voters = sum(g.weight for g in ballots)
    satisfied = voters_with_a_funded_choice(ballots, selected)
    assert 0 <= satisfied <= voters
    assert voters_with_a_funded_choice(ballots, selected | {"a"}) >= satisfied


@given(st.integers(min_value=0, max_value=10**9), st.lists(st.integers(0, 10**8), max_size=6))
def test_unspent_money_is_never_negative(budget: int, costs: list[int]) -> None:
    left = unspent(budget, costs)
    assert left >= 0
    assert left == max(Fraction(budget - sum(costs)), Fraction(0))
