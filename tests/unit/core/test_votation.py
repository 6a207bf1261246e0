"""Votation tally: blank ballots apart, quorum, binding or consultative (docs/rules.md §4)."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from random import Random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from civic.core.votation import (
    BLANK,
    NULL,
    Ballot,
    TallyMode,
    VotationError,
    quorum_reached,
    tally_votation,
)

YES_NO = ("oui", "non")


def ballots(oui: int = 0, non: int = 0, blank: int = 0, null: int = 0) -> list[Ballot]:
    return ["oui"] * oui + ["non"] * non + [BLANK] * blank + [NULL] * null


def test_choices_are_counted_with_blank_and_null_ballots_apart() -> None:
    result = tally_votation(YES_NO, ballots(oui=300, non=150, blank=40, null=10), 1_000)
    assert [(c.choice, c.votes) for c in result.counts] == [("oui", 300), ("non", 150)]
    assert (result.blank, result.null, result.valid, result.voters) == (40, 10, 450, 500)
    assert result.counts[0].share == Fraction(2, 3)
    assert result.turnout == Fraction(1, 2)
    assert result.turnout_percent == Decimal("50.0")
    assert (result.winner, result.absolute_majority) == ("oui", True)
    assert (result.binding, result.reason, result.outcome) == (True, "majority", "majority")


@pytest.mark.parametrize(("voters", "reached"), [(249, False), (250, True), (251, True)])
def test_the_quorum_is_reached_at_exactly_a_quarter_of_the_eligible(
    voters: int, reached: bool
) -> None:
    result = tally_votation(YES_NO, ballots(oui=voters), 1_000)
    assert result.quorum_required_voters == 250
    assert result.quorum_reached is reached
    assert result.binding is reached
    assert result.reason == ("majority" if reached else "quorum_not_reached")


def test_the_quorum_rounds_up_and_compares_exactly() -> None:
    # 25 % of 1,001 is 250.25: 250 voters do not reach it, 251 do.
    assert tally_votation(YES_NO, ballots(oui=251), 1_001).quorum_required_voters == 251
    assert not quorum_reached(250, 1_001, 25)
    assert quorum_reached(251, 1_001, 25)


def test_a_turnout_just_under_the_quorum_is_not_displayed_as_reaching_it() -> None:
    result = tally_votation(YES_NO, ballots(oui=2_499), 10_000)
    assert not result.quorum_reached
    assert result.turnout_percent == Decimal("24.9")


def test_blank_ballots_count_toward_turnout() -> None:
    result = tally_votation(YES_NO, ballots(oui=1, blank=249), 1_000)
    assert result.quorum_reached
    assert (result.winner, result.binding) == ("oui", True)


def test_a_configured_quorum_is_used() -> None:
    result = tally_votation(YES_NO, ballots(oui=300), 1_000, quorum_percent=40)
    assert (result.quorum_required_voters, result.quorum_reached) == (400, False)


def test_zero_voters_has_no_division_error() -> None:
    result = tally_votation(YES_NO, [], 1_000)
    assert (result.voters, result.turnout, result.winner) == (0, Fraction(0), None)
    assert all(count.share == 0 for count in result.counts)
    assert (result.binding, result.reason, result.outcome) == (
        False,
        "quorum_not_reached",
        "no_valid_ballots",
    )


def test_zero_eligible_never_reaches_a_quorum() -> None:
    result = tally_votation(YES_NO, [], 0, quorum_percent=0)
    assert (result.turnout, result.quorum_reached, result.binding) == (Fraction(0), False, False)


def test_all_blank_ballots_decide_nothing() -> None:
    result = tally_votation(YES_NO, ballots(blank=500), 1_000, approve_choice="oui")
    assert (result.valid, result.winner, result.adopted) == (0, None, False)
    assert (result.binding, result.reason) == (False, "no_valid_ballots")


def test_an_exact_tie_is_reported_as_a_tie_and_does_not_bind() -> None:
    result = tally_votation(YES_NO, ballots(oui=200, non=200, blank=5), 1_000)
    assert (result.winner, result.tied, result.absolute_majority) == (None, ("oui", "non"), False)
    assert (result.binding, result.reason) == (False, "tie")


def test_a_tie_on_the_approving_choice_is_not_adopted() -> None:
    result = tally_votation(YES_NO, ballots(oui=200, non=200), 1_000, approve_choice="oui")
    assert (result.adopted, result.outcome) == (False, "tie")


def test_the_approving_choice_adopts_with_more_than_half_of_votes_cast() -> None:
    adopted = tally_votation(YES_NO, ballots(oui=201, non=200), 1_000, approve_choice="oui")
    rejected = tally_votation(YES_NO, ballots(oui=199, non=200), 1_000, approve_choice="oui")
    assert (adopted.adopted, adopted.reason, adopted.binding) == (True, "adopted", True)
    assert (rejected.adopted, rejected.reason, rejected.binding) == (False, "rejected", True)


def test_several_choices_report_a_plurality_winner_without_absolute_majority() -> None:
    choices = ("a", "b", "c")
    result = tally_votation(choices, ["a"] * 40 + ["b"] * 35 + ["c"] * 25, 200)
    assert (result.winner, result.absolute_majority, result.outcome) == ("a", False, "plurality")
    assert result.binding


def test_a_tie_between_two_of_several_choices_names_them() -> None:
    result = tally_votation(("a", "b", "c"), ["a"] * 3 + ["b"] * 3 + ["c"], 10)
    assert (result.winner, result.tied) == (None, ("a", "b"))


# --- CGCT local referendum (LO 1112-7) ---------------------------------------


def test_a_cgct_referendum_needs_half_of_the_registered_electors() -> None:
    short = tally_votation(
        YES_NO,
        ballots(oui=499),
        1_000,
        mode=TallyMode.CGCT_LOCAL_REFERENDUM,
        approve_choice="oui",
    )
    assert (short.quorum_required_voters, short.binding, short.reason) == (
        500,
        False,
        "quorum_not_reached",
    )
    enough = tally_votation(
        YES_NO,
        ballots(oui=200, non=100, blank=200),
        1_000,
        mode=TallyMode.CGCT_LOCAL_REFERENDUM,
        approve_choice="oui",
    )
    assert (enough.binding, enough.adopted, enough.reason) == (True, True, "adopted")


def test_a_cgct_referendum_with_a_tie_is_a_binding_rejection() -> None:
    result = tally_votation(
        YES_NO,
        ballots(oui=300, non=300),
        1_000,
        mode="cgct_local_referendum",
        approve_choice="oui",
    )
    assert (result.binding, result.adopted, result.reason) == (True, False, "tie")


def test_a_cgct_referendum_requires_the_approving_choice() -> None:
    with pytest.raises(VotationError) as caught:
        tally_votation(YES_NO, [], 10, mode=TallyMode.CGCT_LOCAL_REFERENDUM)
    assert caught.value.code == "approve_choice_required"


def test_a_cgct_referendum_quorum_cannot_be_changed() -> None:
    with pytest.raises(VotationError) as caught:
        tally_votation(
            YES_NO,
            [],
            10,
            mode=TallyMode.CGCT_LOCAL_REFERENDUM,
            approve_choice="oui",
            quorum_percent=25,
        )
    assert caught.value.code == "cgct_quorum_is_fixed"


def test_a_consultation_is_an_opinion_only_never_adopted() -> None:
    result = tally_votation(
        YES_NO, ballots(oui=900), 1_000, mode=TallyMode.CONSULTATIVE, approve_choice="oui"
    )
    assert (result.adopted, result.binding, result.reason, result.outcome) == (
        False,
        False,
        "consultative_by_nature",
        "majority_for",
    )
    assert (result.majority_for, result.failed) == (True, ("consultative_by_nature",))


def test_a_charter_project_with_a_majority_below_the_quorum_is_not_adopted() -> None:
    result = tally_votation(YES_NO, ballots(oui=3), 21_000, approve_choice="oui")
    assert (result.adopted, result.outcome, result.failed) == (
        False,
        "majority_for",
        ("quorum_not_reached",),
    )
    assert result.turnout == Fraction(3, 21_000)


def test_a_local_referendum_below_half_of_the_electors_names_the_quorum_that_failed() -> None:
    result = tally_votation(
        YES_NO,
        ballots(oui=4_000, non=1_000),
        17_120,
        mode=TallyMode.CGCT_LOCAL_REFERENDUM,
        approve_choice="oui",
    )
    assert (result.adopted, result.quorum_required_voters, result.failed) == (
        False,
        8_560,
        ("quorum_not_reached",),
    )


def test_a_local_referendum_without_majority_names_both_failed_conditions() -> None:
    result = tally_votation(
        YES_NO,
        ballots(oui=100, non=300),
        1_000,
        mode=TallyMode.CGCT_LOCAL_REFERENDUM,
        approve_choice="oui",
    )
    assert (result.adopted, result.outcome, result.failed) == (
        False,
        "rejected",
        ("quorum_not_reached", "no_majority"),
    )


@given(
    oui=st.integers(0, 60),
    non=st.integers(0, 60),
    blank=st.integers(0, 20),
    extra=st.integers(0, 200),
    mode=st.sampled_from(list(TallyMode)),
)
def test_adopted_exactly_when_no_condition_failed(
    oui: int, non: int, blank: int, extra: int, mode: TallyMode
) -> None:
    result = tally_votation(
        YES_NO,
        ballots(oui=oui, non=non, blank=blank),
        oui + non + blank + extra,
        mode=mode,
        approve_choice="oui",
    )
    assert result.adopted == (not result.failed)
    assert (result.outcome == "adopted") == result.adopted


# --- bad input ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("choices", "cast", "eligible", "code"),
    [
        ((), [], 10, "no_choices"),
        (("a", "a"), [], 10, "duplicate_choice"),
        (YES_NO, ["peut-être"], 10, "unknown_choice"),
        (YES_NO, ["oui"] * 11, 10, "more_voters_than_eligible"),
        (YES_NO, [], -1, "eligible_negative"),
    ],
)
def test_bad_input_raises_a_coded_error(
    choices: tuple[str, ...], cast: list[Ballot], eligible: int, code: str
) -> None:
    with pytest.raises(VotationError) as caught:
        tally_votation(choices, cast, eligible)
    assert caught.value.code == code


@pytest.mark.parametrize("quorum", [-1, 101])
def test_a_quorum_outside_0_100_is_refused(quorum: int) -> None:
    with pytest.raises(VotationError) as caught:
        tally_votation(YES_NO, [], 10, quorum_percent=quorum)
    assert caught.value.code == "quorum_out_of_range"


def test_an_unknown_approving_choice_is_refused() -> None:
    with pytest.raises(VotationError) as caught:
        tally_votation(YES_NO, [], 10, approve_choice="yes")
    assert caught.value.code == "unknown_approve_choice"


# --- properties -----------------------------------------------------------------

CHOICES = ("a", "b", "c")
ballot_lists = st.lists(st.sampled_from([*CHOICES, BLANK, NULL]), max_size=60)


@given(ballot_lists, st.randoms(use_true_random=False), st.integers(0, 100))
def test_the_result_does_not_depend_on_ballot_order(
    cast: list[Ballot], random: Random, extra: int
) -> None:
    shuffled = list(cast)
    random.shuffle(shuffled)
    eligible = len(cast) + extra
    assert tally_votation(CHOICES, cast, eligible) == tally_votation(CHOICES, shuffled, eligible)


@given(ballot_lists, st.integers(0, 100), st.fractions(0, 100, max_denominator=100))
def test_counts_sum_to_voters_and_quorum_matches_its_rule(
    cast: list[Ballot], extra: int, quorum: Fraction
) -> None:
    eligible = len(cast) + extra
    result = tally_votation(CHOICES, cast, eligible, quorum_percent=quorum)
    assert sum(c.votes for c in result.counts) + result.blank + result.null == result.voters
    assert result.voters == len(cast)
    assert result.quorum_reached == (eligible > 0 and len(cast) * 100 >= eligible * quorum)
    if eligible:
        assert result.quorum_reached == (result.voters >= result.quorum_required_voters)
    if result.winner is not None:
        assert all(
            c.votes < result.counts[CHOICES.index(result.winner)].votes
            for c in result.counts
            if c.choice != result.winner
        )
