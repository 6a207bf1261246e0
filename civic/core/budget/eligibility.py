"""Eligibility filter used in Świecie 2023 (equalshares.net's "minimum support").

A project stays on the ballot only if its share of the voters is at least its share of
the budget divided by 3: ``supporters / voters >= cost / (3 x budget)``; otherwise it is
excluded before tallying.
"""

from __future__ import annotations

from dataclasses import replace
from fractions import Fraction

from civic.core.budget.model import Election

DEFAULT_DIVISOR = 3


def ineligible_projects(election: Election, divisor: int = DEFAULT_DIVISOR) -> tuple[str, ...]:
    """Ids of projects whose vote share is below cost / (divisor x budget)."""
    voters = election.num_voters
    if voters == 0 or election.budget <= 0:
        return ()
    support = election.supporters()
    return tuple(
        p.id
        for p in election.projects
        if Fraction(support[p.id], voters) < p.cost / (divisor * election.budget)
    )


def without_projects(election: Election, excluded: tuple[str, ...]) -> Election:
    """The election with some projects removed from the list and from every ballot."""
    gone = set(excluded)
    ballots = []
    for ballot in election.ballots:
        keep = [i for i, pid in enumerate(ballot.projects) if pid not in gone]
        points = None if ballot.points is None else tuple(ballot.points[i] for i in keep)
        ballots.append(
            replace(ballot, projects=tuple(ballot.projects[i] for i in keep), points=points)
        )
    return replace(
        election,
        projects=tuple(p for p in election.projects if p.id not in gone),
        ballots=tuple(ballots),
    )
