"""The council's decision on a civic act: what staff record after the council voted
(docs/rules.md §9: every consequence of the charter track ends in a deliberation).

A petition's answer or a votation's result goes before the municipal council, which
decides by deliberation: adopted, rejected, or adopted as amended, on a date, under
a number, by a vote. The council decides by the majority of votes cast, abstentions
apart, the mayor's vote prevailing in a tie (CGCT L2121-20): so an adoption never has
fewer votes for than against, and a rejection never more.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

__all__ = ["DecisionFacts", "Outcome", "check_decision"]

NUMBER_MAX = 40  # the deliberation number column


class Outcome(StrEnum):
    ADOPTED = "adopted"
    REJECTED = "rejected"
    AMENDED = "amended"  # adopted as amended by the council


@dataclass(frozen=True)
class DecisionFacts:
    outcome: str
    decided_on: date
    deliberation_number: str
    votes_for: int
    votes_against: int
    abstentions: int


def check_decision(facts: DecisionFacts, *, today: date, not_before: date | None) -> str | None:
    """Why the decision cannot be recorded as typed, or None.

    Codes: "unknown_outcome", "no_number", "number_too_long", "in_future",
    "before_subject" (decided before ``not_before``, e.g. the results' publication),
    "negative_votes", "no_votes", "outcome_contradicts_votes"."""
    try:
        outcome = Outcome(facts.outcome)
    except ValueError:
        return "unknown_outcome"
    number = facts.deliberation_number.strip()
    if not number:
        return "no_number"
    if len(number) > NUMBER_MAX:
        return "number_too_long"
    if facts.decided_on > today:
        return "in_future"
    if not_before is not None and facts.decided_on < not_before:
        return "before_subject"
    votes = (facts.votes_for, facts.votes_against, facts.abstentions)
    if any(count < 0 for count in votes):
        return "negative_votes"
    if sum(votes) == 0:
        return "no_votes"
    if outcome is Outcome.REJECTED:
        contradicts = facts.votes_for > facts.votes_against
    else:
        contradicts = facts.votes_for < facts.votes_against
    return "outcome_contradicts_votes" if contradicts else None
