"""Participatory-budget tallying (docs/rules.md §6): greedy rules and the Method of Equal Shares.

Pure Python (standard library only): plain values in, frozen dataclasses out.
"""

from civic.core.budget.eligibility import ineligible_projects, without_projects
from civic.core.budget.model import (
    BallotGroup,
    BudgetError,
    Election,
    Explanation,
    Outcome,
    Project,
)
from civic.core.budget.pabulib import PabulibError, read_election
from civic.core.budget.rules import RULES, tally

__all__ = [
    "RULES",
    "BallotGroup",
    "BudgetError",
    "Election",
    "Explanation",
    "Outcome",
    "PabulibError",
    "Project",
    "ineligible_projects",
    "read_election",
    "tally",
    "without_projects",
]
