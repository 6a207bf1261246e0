"""A heading's ballot rules (docs/rules.md §6): which choices of projects make a ballot.

One definition for the running total a resident sees while choosing, the online vote
and the paper ballot a clerk enters. Two formats:

- ``approval``: any projects whose total cost fits the heading's amount (a ballot never
  over-spends the heading);
- ``k_approval``: at most k projects, whatever they cost.

Both take a minimum number of projects, and a ballot names at least one project. The
answer is a code with its figures; the web layer words it for residents.
"""

from __future__ import annotations

from collections.abc import Collection, Hashable, Mapping
from dataclasses import dataclass
from typing import TypeVar

APPROVAL = "approval"
K_APPROVAL = "k_approval"
FORMATS = (APPROVAL, K_APPROVAL)

# Why a ballot is refused, in the order they are checked.
UNKNOWN_PROJECT = "unknown_project"  # a project not on this heading's ballot
OVER_BUDGET = "over_budget"  # approval: cost > amount (figures: cost, amount, over)
TOO_MANY = "too_many"  # k_approval: more than k (figures: count, limit = k, extra)
TOO_FEW = "too_few"  # fewer than the heading's minimum (figures: count, limit)
EMPTY = "empty"  # no project at all

# Why a heading's rules are refused when they are set.
UNKNOWN_FORMAT = "unknown_format"
NO_K = "no_k"  # k_approval without k (k >= 1)
MINIMUM_ABOVE_K = "minimum_above_k"

K = TypeVar("K", bound=Hashable)


@dataclass(frozen=True)
class BallotRules:
    """A heading's format, amount, k (k_approval only) and minimum number of projects."""

    format: str
    amount: int
    max_projects: int | None = None
    min_projects: int = 0


def rules_problem(format: str, max_projects: int | None, min_projects: int) -> str | None:
    """Why these rules cannot be a heading's (a code), or None if they can."""
    if format not in FORMATS:
        return UNKNOWN_FORMAT
    if format == K_APPROVAL and not max_projects:
        return NO_K
    if max_projects is not None and max_projects < min_projects:
        return MINIMUM_ABOVE_K
    return None


@dataclass(frozen=True)
class BallotCheck:
    """The chosen projects' cost and count against the rules, and why it is refused."""

    cost: int
    amount: int
    count: int
    refusal: str | None = None
    limit: int | None = None  # k for TOO_MANY, the minimum for TOO_FEW

    @property
    def accepted(self) -> bool:
        return self.refusal is None

    @property
    def left(self) -> int:
        """Money of the heading the choice leaves (negative: over by that much)."""
        return self.amount - self.cost


def check_ballot(rules: BallotRules, costs: Mapping[K, int], chosen: Collection[K]) -> BallotCheck:
    """Check ``chosen`` against ``rules``; ``costs`` are the projects on the ballot.

    Cost and count are those of the chosen projects that are on the ballot (a choice
    naming another project is refused, with the figures of the rest)."""
    known = [p for p in set(chosen) if p in costs]
    cost = sum(costs[p] for p in known)
    count = len(known)

    def refused(code: str, limit: int | None = None) -> BallotCheck:
        return BallotCheck(cost, rules.amount, count, code, limit)

    if count != len(set(chosen)):
        return refused(UNKNOWN_PROJECT)
    if rules.format == APPROVAL and cost > rules.amount:
        return refused(OVER_BUDGET)
    k = rules.max_projects or 0
    if rules.format == K_APPROVAL and count > k:
        return refused(TOO_MANY, k)
    if count < rules.min_projects:
        return refused(TOO_FEW, rules.min_projects)
    if count == 0:
        return refused(EMPTY)
    return BallotCheck(cost, rules.amount, count)
