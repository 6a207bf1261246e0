"""Neighbourhood council votes: quorum of members present, majority of votes cast (docs/rules.md
§5).

Both rules are configurable per council (docs/rules.md §5: "both configurable").
The default is the usual French deliberative rule: the quorum is more than
half of the members, and a motion passes with more votes for than against
(abstentions are not votes cast); a tie rejects it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction

__all__ = [
    "DEFAULT_COUNCIL_RULES",
    "CouncilVoteError",
    "CouncilVoteResult",
    "CouncilVoteRules",
    "Majority",
    "QuorumKind",
    "QuorumRule",
    "tally_council_vote",
]


class CouncilVoteError(ValueError):
    """Figures that cannot describe a vote; ``code`` says why."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


class QuorumKind(StrEnum):
    """How the quorum of members present is expressed."""

    MORE_THAN_FRACTION = "more_than_fraction"  # present > members × fraction
    AT_LEAST_FRACTION = "at_least_fraction"  # present ≥ members × fraction
    MINIMUM_PRESENT = "minimum_present"  # present ≥ minimum


class Majority(StrEnum):
    """Which majority adopts a motion."""

    SIMPLE = "simple"  # for > against; abstentions are not votes cast
    ABSOLUTE = "absolute"  # for > half of the members present


@dataclass(frozen=True)
class QuorumRule:
    """The quorum: a fraction of the members (strictly more, or at least) or a minimum number."""

    kind: QuorumKind = QuorumKind.MORE_THAN_FRACTION
    fraction: Fraction = Fraction(1, 2)
    minimum: int = 0

    def __post_init__(self) -> None:
        object.__setattr__(self, "kind", QuorumKind(self.kind))
        object.__setattr__(self, "fraction", Fraction(self.fraction))
        if not 0 <= self.fraction <= 1:
            raise CouncilVoteError("quorum_fraction_out_of_range")
        if self.minimum < 0:
            raise CouncilVoteError("quorum_minimum_negative")

    def required_present(self, members: int) -> int:
        """The fewest members present that make the quorum."""
        if self.kind is QuorumKind.MINIMUM_PRESENT:
            return self.minimum
        share = members * self.fraction
        if self.kind is QuorumKind.AT_LEAST_FRACTION:
            return math.ceil(share)
        return math.floor(share) + 1


@dataclass(frozen=True)
class CouncilVoteRules:
    """A council's voting rules (docs/rules.md §5)."""

    quorum: QuorumRule = QuorumRule()
    majority: Majority = Majority.SIMPLE

    def __post_init__(self) -> None:
        object.__setattr__(self, "majority", Majority(self.majority))


DEFAULT_COUNCIL_RULES = CouncilVoteRules()
"""More than half of the members present; more votes for than against."""


@dataclass(frozen=True)
class CouncilVoteResult:
    """The outcome of one motion, with the figures that decided it.

    ``reason``: "adopted", "rejected", "tie", "no_quorum", "no_votes_cast" (all
    present abstained) or "no_absolute_majority" (more for than against, but
    not more than half of those present, under the absolute rule).
    """

    adopted: bool
    reason: str
    members: int
    present: int
    votes_for: int
    votes_against: int
    abstentions: int
    not_voting: int  # present but took no part in the vote
    votes_cast: int  # for + against
    quorum_required: int
    quorum_reached: bool
    majority: Majority
    votes_for_required: int  # the fewest votes for that would have adopted it


def tally_council_vote(
    members: int,
    present: int,
    votes_for: int,
    votes_against: int,
    abstentions: int,
    rules: CouncilVoteRules = DEFAULT_COUNCIL_RULES,
) -> CouncilVoteResult:
    """Decide a motion of a neighbourhood council (docs/rules.md §5).

    Quorum of members present per ``rules.quorum`` (default: more than half of
    the members); then majority of votes cast (default ``simple``: for >
    against, abstentions not cast) or ``absolute`` (for > half of those
    present).  A tie between for and against rejects the motion (reason
    ``"tie"``).  Raises :class:`CouncilVoteError` for impossible figures.
    """
    if min(members, present, votes_for, votes_against, abstentions) < 0:
        raise CouncilVoteError("negative_figure")
    if present > members:
        raise CouncilVoteError("more_present_than_members")
    if votes_for + votes_against + abstentions > present:
        raise CouncilVoteError("more_votes_than_present")

    cast = votes_for + votes_against
    quorum_required = rules.quorum.required_present(members)
    reached = present >= quorum_required
    if rules.majority is Majority.ABSOLUTE:
        for_required = present // 2 + 1
    else:
        for_required = votes_against + 1

    if not reached:
        adopted, reason = False, "no_quorum"
    elif cast == 0:
        adopted, reason = False, "no_votes_cast"
    elif votes_for == votes_against:
        adopted, reason = False, "tie"
    elif votes_for < votes_against:
        adopted, reason = False, "rejected"
    elif votes_for >= for_required:
        adopted, reason = True, "adopted"
    else:
        adopted, reason = False, "no_absolute_majority"

    return CouncilVoteResult(
        adopted=adopted,
        reason=reason,
        members=members,
        present=present,
        votes_for=votes_for,
        votes_against=votes_against,
        abstentions=abstentions,
        not_voting=present - cast - abstentions,
        votes_cast=cast,
        quorum_required=quorum_required,
        quorum_reached=reached,
        majority=rules.majority,
        votes_for_required=for_required,
    )
