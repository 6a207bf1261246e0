"""The council's decision on a civic act, as recorded by staff: its outcome agrees with
its vote (majority of votes cast, CGCT L2121-20) and it comes after what it decides on."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from civic.core.council_decision import DecisionFacts, Outcome, check_decision

TODAY = date(2027, 2, 1)
ADOPTED = DecisionFacts("adopted", date(2027, 1, 28), "2027-012", 21, 8, 4)


def check(facts: DecisionFacts, not_before: date | None = date(2027, 1, 10)) -> str | None:
    return check_decision(facts, today=TODAY, not_before=not_before)


def test_an_adoption_by_21_votes_to_8_is_recorded() -> None:
    assert check(ADOPTED) is None
    assert check(replace(ADOPTED, outcome="amended")) is None


def test_what_cannot_be_a_council_decision_is_refused() -> None:
    assert check(replace(ADOPTED, outcome="postponed")) == "unknown_outcome"
    assert check(replace(ADOPTED, deliberation_number="  ")) == "no_number"
    assert check(replace(ADOPTED, deliberation_number="x" * 41)) == "number_too_long"
    assert check(replace(ADOPTED, decided_on=date(2027, 2, 2))) == "in_future"
    assert check(replace(ADOPTED, decided_on=date(2027, 1, 9))) == "before_subject"
    assert check(replace(ADOPTED, abstentions=-1)) == "negative_votes"
    assert check(replace(ADOPTED, votes_for=0, votes_against=0, abstentions=0)) == "no_votes"


def test_an_outcome_contradicting_its_vote_is_refused() -> None:
    assert check(replace(ADOPTED, votes_for=8, votes_against=21)) == "outcome_contradicts_votes"
    assert check(replace(ADOPTED, outcome="rejected")) == "outcome_contradicts_votes"
    # A tie: the mayor's vote prevails, either way (CGCT L2121-20).
    for outcome in Outcome:
        assert check(replace(ADOPTED, outcome=outcome, votes_for=14, votes_against=14)) is None


@given(
    outcome=st.sampled_from(list(Outcome)),
    votes_for=st.integers(min_value=0, max_value=70),
    against=st.integers(min_value=0, max_value=70),
    abstentions=st.integers(min_value=0, max_value=70),
)
def test_a_recorded_adoption_never_has_more_votes_against(
    outcome: Outcome, votes_for: int, against: int, abstentions: int
) -> None:
    facts = DecisionFacts(outcome, TODAY, "n° 1", votes_for, against, abstentions)
    if check(facts, None) is None:
        if outcome is Outcome.REJECTED:
            assert votes_for <= against
        else:
            assert votes_for >= against
