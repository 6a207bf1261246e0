"""Votation tally: choices, blank ballots apart, turnout, quorum, binding (docs/rules.md §4).

One question per call.  A ballot is a choice code, :data:`BLANK` (blank
ballot, "vote blanc") or :data:`NULL` (spoiled paper ballot, "bulletin nul").
Blank and null ballots count as taking part (turnout) but are not votes cast
("suffrages exprimés").  All ratios are exact fractions.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal
from enum import Enum, StrEnum
from fractions import Fraction

from civic.core.electorate import DEFAULT_QUORUM_PERCENT, LOCAL_REFERENDUM_QUORUM_PERCENT

__all__ = [
    "BLANK",
    "CONSULTATIVE_BY_NATURE",
    "DEFAULT_QUORUM_PERCENT",
    "NO_DECISION",
    "NO_MAJORITY",
    "NULL",
    "QUORUM_NOT_REACHED",
    "Ballot",
    "ChoiceCount",
    "Mark",
    "TallyMode",
    "VotationError",
    "VotationResult",
    "quorum_reached",
    "tally_votation",
]


class Mark(Enum):
    """A ballot that names no choice."""

    BLANK = "blank"
    NULL = "null"


BLANK = Mark.BLANK
NULL = Mark.NULL

Ballot = str | Mark


# The conditions a result can fail, in the order they are named.
CONSULTATIVE_BY_NATURE = "consultative_by_nature"  # CGCT L1112-15 ff.: an opinion only
QUORUM_NOT_REACHED = "quorum_not_reached"  # turnout below the quorum: indicative result
NO_MAJORITY = "no_majority"  # the project lacks the majority of votes cast (LO 1112-7)
NO_DECISION = "no_decision"  # a tie, or no vote cast: the ballots decided nothing


class TallyMode(StrEnum):
    """Which rule makes a votation binding (docs/rules.md §4)."""

    BINDING_IF_QUORUM = "binding_if_quorum"  # charter: binding when turnout >= quorum
    CGCT_LOCAL_REFERENDUM = "cgct_local_referendum"  # CGCT LO 1112-7
    CONSULTATIVE = "consultative"  # CGCT L1112-15 ff.: an opinion only


class VotationError(ValueError):
    """Inputs that cannot be tallied; ``code`` says why, ``detail`` what."""

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code
        self.detail = detail


@dataclass(frozen=True)
class ChoiceCount:
    """Votes for one choice and its share of the votes cast (0 when none were cast)."""

    choice: str
    votes: int
    share: Fraction


@dataclass(frozen=True)
class VotationResult:
    """The published result of one question (docs/rules.md §4).

    ``outcome`` says what the ballots decided ("adopted", "rejected", "tie",
    "no_valid_ballots", or, without ``approve_choice``, "majority"/"plurality");
    "majority_for" when the project has the majority of votes cast but another
    condition failed: "adopted" only when every condition of the rules holds.
    ``failed`` names the conditions that do not hold (:data:`CONSULTATIVE_BY_NATURE`,
    :data:`QUORUM_NOT_REACHED`, :data:`NO_MAJORITY`, :data:`NO_DECISION`), empty
    when the result stands as decided; ``reason`` says why the result is or is
    not binding: "consultative_by_nature", "quorum_not_reached", or the outcome.
    ``majority_for`` keeps whether the project had the majority of votes cast.
    """

    mode: TallyMode
    counts: tuple[ChoiceCount, ...]  # in the order of the votation's choices
    blank: int
    null: int
    valid: int  # votes cast: ballots naming a choice
    voters: int  # every ballot, blank and null included
    eligible: int
    turnout: Fraction  # voters / eligible (0 when nobody is eligible)
    turnout_percent: Decimal  # display value, one decimal, rounded down
    quorum_percent: Fraction
    quorum_required_voters: int
    quorum_reached: bool
    winner: str | None
    tied: tuple[str, ...]  # the choices sharing the top count, when there is a tie
    absolute_majority: bool  # the winner has more than half of the votes cast
    approve_choice: str | None
    adopted: bool | None  # None without approve_choice; True only if nothing failed
    binding: bool
    outcome: str
    reason: str
    failed: tuple[str, ...] = ()
    majority_for: bool | None = None  # the project had the majority of votes cast


def quorum_reached(voters: int, eligible: int, quorum_percent: Fraction | int) -> bool:
    """Turnout reaches the quorum when ``voters × 100 ≥ eligible × quorum`` (docs/rules.md §4).

    Exact, no rounding: with 1,000 eligible and a 25 % quorum, 250 voters reach
    it and 249 do not.  Nobody eligible means no quorum.
    """
    return eligible > 0 and voters * 100 >= eligible * Fraction(quorum_percent)


def _turnout_display(turnout: Fraction) -> Decimal:
    # Rounded down so a turnout just under the quorum never shows as reaching it.
    percent = Decimal(turnout.numerator * 100) / Decimal(turnout.denominator)
    return percent.quantize(Decimal("0.1"), rounding=ROUND_FLOOR)


def _decide(
    counts: Sequence[ChoiceCount], valid: int, approve_choice: str | None
) -> tuple[str | None, tuple[str, ...], bool, bool | None, str]:
    """Winner, tied choices, absolute majority, adopted and outcome of the votes cast."""
    if valid == 0:
        return None, (), False, (False if approve_choice else None), "no_valid_ballots"
    top = max(count.votes for count in counts)
    leaders = tuple(count.choice for count in counts if count.votes == top)
    winner = leaders[0] if len(leaders) == 1 else None
    absolute = winner is not None and top * 2 > valid
    if approve_choice is None:
        outcome = "tie" if winner is None else ("majority" if absolute else "plurality")
        return winner, (leaders if winner is None else ()), absolute, None, outcome
    approving = next(count.votes for count in counts if count.choice == approve_choice)
    # Adopted with the majority of votes cast (LO 1112-7); an exact half is not a majority.
    adopted = approving * 2 > valid
    if adopted:
        outcome = "adopted"
    elif winner is None and approve_choice in leaders:
        outcome = "tie"
    else:
        outcome = "rejected"
    return winner, (leaders if winner is None else ()), absolute, adopted, outcome


def tally_votation(
    choices: Sequence[str],
    ballots: Iterable[Ballot],
    eligible: int,
    *,
    mode: TallyMode | str = TallyMode.BINDING_IF_QUORUM,
    quorum_percent: Fraction | int | None = None,
    approve_choice: str | None = None,
) -> VotationResult:
    """Count one question of a votation and say whether the result binds (docs/rules.md §4).

    - Blank and null ballots are counted apart; they take part in turnout but
      are not votes cast.
    - Quorum: reached when ``voters × 100 ≥ eligible × quorum_percent`` (exact;
      ``quorum_required_voters = ceil(eligible × quorum / 100)``).
    - Winner: the choice with the most votes cast, ``absolute_majority`` when it
      has strictly more than half of them; equal top counts are a tie (no winner).
    - ``approve_choice`` (e.g. "oui") names the choice that adopts the project:
      adopted when it has strictly more than half of the votes cast.
    - ``mode`` ``binding_if_quorum`` (charter, default quorum 25 %): binding when
      the quorum is reached and the ballots decided (no tie, some votes cast).
      ``cgct_local_referendum`` (CGCT LO 1112-7): requires ``approve_choice``;
      quorum fixed at half of the registered electors (``eligible``); when
      reached the result binds, adoption or rejection (a tie rejects).
      ``consultative`` (CGCT L1112-15): never binding, an opinion only.
    """
    try:
        mode = TallyMode(mode)
    except ValueError:
        raise VotationError("unknown_mode", str(mode)) from None
    codes = list(choices)
    if not codes:
        raise VotationError("no_choices")
    if len(set(codes)) != len(codes):
        raise VotationError("duplicate_choice")
    if isinstance(eligible, bool) or eligible < 0:
        raise VotationError("eligible_negative", str(eligible))
    if approve_choice is not None and approve_choice not in codes:
        raise VotationError("unknown_approve_choice", approve_choice)
    if mode is TallyMode.CGCT_LOCAL_REFERENDUM:
        if approve_choice is None:
            raise VotationError("approve_choice_required")
        fixed = LOCAL_REFERENDUM_QUORUM_PERCENT
        if quorum_percent is not None and Fraction(quorum_percent) != fixed:
            raise VotationError("cgct_quorum_is_fixed", str(quorum_percent))
        quorum = LOCAL_REFERENDUM_QUORUM_PERCENT
    else:
        quorum = DEFAULT_QUORUM_PERCENT if quorum_percent is None else Fraction(quorum_percent)
    if not 0 <= quorum <= 100:
        raise VotationError("quorum_out_of_range", str(quorum))

    tallied: Counter[Ballot] = Counter()
    known = set(codes)
    for ballot in ballots:
        if not isinstance(ballot, Mark) and ballot not in known:
            raise VotationError("unknown_choice", str(ballot))
        tallied[ballot] += 1
    blank, null = tallied[BLANK], tallied[NULL]
    voters = sum(tallied.values())
    valid = voters - blank - null
    if voters > eligible:
        raise VotationError("more_voters_than_eligible", f"{voters} > {eligible}")

    counts = tuple(
        ChoiceCount(code, tallied[code], Fraction(tallied[code], valid) if valid else Fraction(0))
        for code in codes
    )
    turnout = Fraction(voters, eligible) if eligible else Fraction(0)
    reached = quorum_reached(voters, eligible, quorum)
    winner, tied, absolute, adopted, outcome = _decide(counts, valid, approve_choice)

    if mode is TallyMode.CONSULTATIVE:
        binding, reason = False, "consultative_by_nature"
    elif not reached:
        binding, reason = False, "quorum_not_reached"
    elif mode is TallyMode.CGCT_LOCAL_REFERENDUM:
        binding, reason = True, outcome
    else:
        binding, reason = outcome not in ("tie", "no_valid_ballots"), outcome

    failed = _failed_conditions(mode, reached, outcome, approve_choice)
    majority_for = adopted
    if adopted and failed:
        adopted, outcome = False, "majority_for"

    return VotationResult(
        mode=mode,
        counts=counts,
        blank=blank,
        null=null,
        valid=valid,
        voters=voters,
        eligible=eligible,
        turnout=turnout,
        turnout_percent=_turnout_display(turnout),
        quorum_percent=quorum,
        quorum_required_voters=math.ceil(eligible * quorum / 100),
        quorum_reached=reached,
        winner=winner,
        tied=tied,
        absolute_majority=absolute,
        approve_choice=approve_choice,
        adopted=adopted,
        binding=binding,
        outcome=outcome,
        reason=reason,
        failed=failed,
        majority_for=majority_for,
    )


def _failed_conditions(
    mode: TallyMode, reached: bool, outcome: str, approve_choice: str | None
) -> tuple[str, ...]:
    """Every condition of the votation's rules that does not hold, in reading order."""
    failed = []
    if mode is TallyMode.CONSULTATIVE:
        failed.append(CONSULTATIVE_BY_NATURE)
    if not reached:
        failed.append(QUORUM_NOT_REACHED)
    if approve_choice is not None and outcome != "adopted":
        failed.append(NO_MAJORITY)
    elif approve_choice is None and outcome in ("tie", "no_valid_ballots"):
        failed.append(NO_DECISION)
    return tuple(failed)
