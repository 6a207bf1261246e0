"""The council's decision, as recorded from the minutes (CGCT L2121-20; docs/rules.md §9)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from civic.core.council_decision import DecisionFacts, check_decision

TODAY = date(2026, 12, 6)


def facts(outcome: str = "adopted", **changes: object) -> DecisionFacts:
    values: dict[str, object] = {
        "outcome": outcome,
        "decided_on": date(2026, 12, 1),
        "deliberation_number": "2026-045",
        "votes_for": 20,
        "votes_against": 8,
        "abstentions": 1,
    }
    values.update(changes)
    return DecisionFacts(**values)  # type: ignore[arg-type]


def test_a_decision_as_the_minutes_state_it_is_recorded() -> None:
    assert check_decision(facts(), today=TODAY, not_before=date(2026, 11, 1)) is None


@pytest.mark.parametrize(
    ("decision", "code"),
    [
        (facts("postponed"), "unknown_outcome"),
        (facts(deliberation_number="  "), "no_number"),
        (facts(decided_on=date(2026, 12, 7)), "in_future"),
        (facts("rejected"), "outcome_contradicts_votes"),
        (facts("amended", votes_for=3, votes_against=4), "outcome_contradicts_votes"),
        (facts(votes_for=0, votes_against=0, abstentions=0), "no_votes"),
    ],
)
def test_a_decision_that_cannot_be_true_is_refused(decision: DecisionFacts, code: str) -> None:
    assert check_decision(decision, today=TODAY, not_before=None) == code


def test_a_decision_before_the_threshold_was_reached_is_refused() -> None:
    assert check_decision(facts(), today=TODAY, not_before=date(2026, 12, 2)) == "before_subject"


@given(st.integers(0, 100), st.integers(0, 100))
def test_a_tie_goes_either_way_by_the_mayors_casting_vote(votes_for: int, against: int) -> None:
    adopted = check_decision(
        facts(votes_for=votes_for, votes_against=against, abstentions=1),
        today=TODAY,
        not_before=None,
    )
    rejected = check_decision(
        facts("rejected", votes_for=votes_for, votes_against=against, abstentions=1),
        today=TODAY,
        not_before=None,
    )
    assert (adopted is None) == (votes_for >= against)
    assert (rejected is None) == (votes_for <= against)
