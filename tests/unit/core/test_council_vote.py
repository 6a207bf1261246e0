"""Neighbourhood council votes: quorum of members present, majority of votes cast (docs/rules.md
§5)."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from civic.core.council_vote import (
    CouncilVoteError,
    CouncilVoteRules,
    Majority,
    QuorumKind,
    QuorumRule,
    tally_council_vote,
)

ABSOLUTE = CouncilVoteRules(majority=Majority.ABSOLUTE)


def test_a_motion_with_more_for_than_against_is_adopted() -> None:
    result = tally_council_vote(members=20, present=11, votes_for=5, votes_against=4, abstentions=2)
    assert (result.adopted, result.reason) == (True, "adopted")
    assert (result.votes_cast, result.quorum_required, result.votes_for_required) == (9, 11, 5)


@pytest.mark.parametrize(("present", "reached"), [(10, False), (11, True)])
def test_the_default_quorum_is_more_than_half_of_the_members(present: int, reached: bool) -> None:
    result = tally_council_vote(20, present, 6, 1, 0)
    assert result.quorum_reached is reached
    assert result.reason == ("adopted" if reached else "no_quorum")


def test_with_an_odd_number_of_members_half_rounded_up_makes_the_quorum() -> None:
    assert tally_council_vote(15, 8, 1, 0, 0).quorum_required == 8
    assert tally_council_vote(15, 7, 1, 0, 0).reason == "no_quorum"


def test_a_tie_rejects_the_motion() -> None:
    result = tally_council_vote(12, 10, 4, 4, 2)
    assert (result.adopted, result.reason) == (False, "tie")


def test_a_motion_with_more_against_is_rejected() -> None:
    assert tally_council_vote(12, 10, 3, 5, 2).reason == "rejected"


def test_when_everyone_abstains_no_vote_is_cast_and_nothing_is_adopted() -> None:
    result = tally_council_vote(12, 10, 0, 0, 10)
    assert (result.adopted, result.reason, result.votes_cast) == (False, "no_votes_cast", 0)


def test_abstentions_do_not_count_under_the_simple_majority() -> None:
    assert tally_council_vote(12, 10, 2, 1, 7).adopted


def test_the_absolute_majority_needs_more_than_half_of_those_present() -> None:
    short = tally_council_vote(12, 10, 5, 1, 4, ABSOLUTE)
    assert (short.adopted, short.reason, short.votes_for_required) == (
        False,
        "no_absolute_majority",
        6,
    )
    assert tally_council_vote(12, 10, 6, 1, 3, ABSOLUTE).adopted


def test_present_members_who_did_not_vote_are_reported() -> None:
    assert tally_council_vote(12, 10, 5, 1, 1).not_voting == 3


@pytest.mark.parametrize(
    ("rule", "members", "required"),
    [
        (QuorumRule(QuorumKind.AT_LEAST_FRACTION, Fraction(1, 3)), 20, 7),
        (QuorumRule(QuorumKind.AT_LEAST_FRACTION, Fraction(1, 2)), 20, 10),
        (QuorumRule(QuorumKind.MORE_THAN_FRACTION, Fraction(1, 3)), 21, 8),
        (QuorumRule(QuorumKind.MINIMUM_PRESENT, minimum=5), 20, 5),
    ],
)
def test_the_quorum_is_configurable(rule: QuorumRule, members: int, required: int) -> None:
    result = tally_council_vote(members, required, 1, 0, 0, CouncilVoteRules(quorum=rule))
    assert (result.quorum_required, result.quorum_reached) == (required, True)
    below = tally_council_vote(members, required - 1, 1, 0, 0, CouncilVoteRules(quorum=rule))
    assert below.reason == "no_quorum"


@pytest.mark.parametrize(
    ("figures", "code"),
    [
        ((10, 11, 0, 0, 0), "more_present_than_members"),
        ((10, 5, 3, 2, 1), "more_votes_than_present"),
        ((10, 5, -1, 0, 0), "negative_figure"),
    ],
)
def test_impossible_figures_are_refused(figures: tuple[int, int, int, int, int], code: str) -> None:
    with pytest.raises(CouncilVoteError) as caught:
        tally_council_vote(*figures)
    assert caught.value.code == code


@pytest.mark.parametrize(
    "rule",
    [
        {"kind": QuorumKind.AT_LEAST_FRACTION, "fraction": Fraction(3, 2)},
        {"kind": QuorumKind.MINIMUM_PRESENT, "minimum": -1},
    ],
)
def test_impossible_quorum_rules_are_refused(rule: dict[str, object]) -> None:
    with pytest.raises(CouncilVoteError):
        QuorumRule(**rule)  # type: ignore[arg-type]


@st.composite
def votes(draw: st.DrawFn) -> tuple[int, int, int, int, int]:
    members = draw(st.integers(0, 60))
    present = draw(st.integers(0, members))
    votes_for = draw(st.integers(0, present))
    against = draw(st.integers(0, present - votes_for))
    abstentions = draw(st.integers(0, present - votes_for - against))
    return members, present, votes_for, against, abstentions


@given(votes(), st.sampled_from(list(Majority)))
def test_adopted_means_quorum_and_more_for_than_against(
    figures: tuple[int, int, int, int, int], majority: Majority
) -> None:
    result = tally_council_vote(*figures, CouncilVoteRules(majority=majority))
    if result.adopted:
        assert result.quorum_reached
        assert result.votes_for > result.votes_against
        assert result.votes_for >= result.votes_for_required
    one_more_for = figures[2] + 1
    if result.adopted and result.not_voting:
        members, present, _, against, abstentions = figures
        assert tally_council_vote(
            members,
            present,
            one_more_for,
            against,
            abstentions,
            CouncilVoteRules(majority=majority),
        ).adopted
