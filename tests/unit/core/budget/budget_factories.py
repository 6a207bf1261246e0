"""Tiny hand-made elections for the budget tests, and Hypothesis strategies."""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

from hypothesis import strategies as st

from civic.core.budget.model import APPROVAL, CUMULATIVE, Election, Project, group_ballots


def election(
    budget: int,
    costs: dict[str, int],
    ballots: Sequence[Sequence[str]] | Sequence[dict[str, int]],
    vote_type: str | None = None,
    meta: dict[str, str] | None = None,
) -> Election:
    """An election from plain values: approval ballots as lists, cumulative as dicts."""
    votes: list[tuple[tuple[str, ...], tuple[Fraction, ...] | None]] = []
    for ballot in ballots:
        if isinstance(ballot, dict):
            votes.append((tuple(ballot), tuple(Fraction(s) for s in ballot.values())))
        else:
            votes.append((tuple(ballot), None))
    if vote_type is None:
        vote_type = CUMULATIVE if any(points is not None for _, points in votes) else APPROVAL
    return Election(
        budget=Fraction(budget),
        projects=tuple(Project(pid, Fraction(cost)) for pid, cost in costs.items()),
        vote_type=vote_type,
        ballots=group_ballots(vote_type, votes),
        meta=meta or {},
    )


@st.composite
def elections(draw: st.DrawFn, cumulative: bool | None = None, max_voters: int = 12) -> Election:
    """Small random elections: few projects, costs that often collide (ties), a budget
    that sometimes is below a project's cost, zero-cost projects now and then."""
    n_projects = draw(st.integers(1, 6))
    ids = [
        str(i)
        for i in draw(
            st.lists(st.integers(1, 12), min_size=n_projects, max_size=n_projects, unique=True)
        )
    ]
    costs = {pid: draw(st.sampled_from([0, 1, 2, 3, 5, 10, 20, 30])) for pid in ids}
    budget = draw(st.integers(1, 60))
    if cumulative is None:
        cumulative = draw(st.booleans())
    ballots: list[list[str]] | list[dict[str, int]]
    if cumulative:
        ballots = draw(
            st.lists(
                st.dictionaries(st.sampled_from(ids), st.integers(1, 4), min_size=1, max_size=4),
                min_size=1,
                max_size=max_voters,
            )
        )
    else:
        ballots = draw(
            st.lists(
                st.lists(st.sampled_from(ids), unique=True, max_size=4),
                min_size=1,
                max_size=max_voters,
            )
        )
    return election(budget, costs, ballots)
