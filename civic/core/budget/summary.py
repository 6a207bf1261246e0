"""What a results page says first (docs/rules.md §6): how many voters got at least one
project they chose, and how much of the heading's money was left unspent."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from fractions import Fraction

from civic.core.budget.model import BallotGroup


def voters_with_a_funded_choice(ballots: Iterable[BallotGroup], selected: Collection[str]) -> int:
    """Voters whose ballot names at least one funded project (an empty ballot never
    counts: it chose nothing)."""
    funded = frozenset(selected)
    return sum(group.weight for group in ballots if funded.intersection(group.projects))


def unspent(budget: Fraction | int, funded_costs: Iterable[Fraction | int]) -> Fraction:
    """The heading's money no funded project uses (never negative: a rule cannot spend
    more than the heading, and a cost-free project spends nothing)."""
    return max(
        Fraction(budget) - sum((Fraction(c) for c in funded_costs), Fraction(0)), Fraction(0)
    )
