"""Question time: the best-supported questions are answered orally within the budget
(docs/rules.md §7)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from random import Random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from civic.core.question_time import (
    AdmittedQuestion,
    QuestionTimeError,
    WindowState,
    order_questions,
    question_window,
    select_oral_questions,
)

T0 = datetime(2026, 5, 1, 9, 0)


def question(qid: int, support: int, minutes_after: int = 0) -> AdmittedQuestion:
    return AdmittedQuestion(qid, support, T0 + timedelta(minutes=minutes_after))


def test_ten_questions_fit_in_thirty_minutes_at_three_minutes_each() -> None:
    questions = [question(i, support=100 - i) for i in range(1, 13)]
    selection = select_oral_questions(questions)
    assert [slot.question_id for slot in selection.oral] == list(range(1, 11))
    assert [slot.question_id for slot in selection.written] == [11, 12]
    assert selection.time_used == timedelta(minutes=30)
    assert selection.oral[0].reason == "selected_rank"
    assert [slot.rank for slot in selection.oral] == list(range(1, 11))
    assert selection.written[0].reason == "over_time_budget"
    assert selection.written[0].rank == 11
    assert selection.oral[2].starts_after == timedelta(minutes=6)
    assert selection.written[0].starts_after is None


def test_questions_are_ordered_by_support_then_submission_time_then_id() -> None:
    questions = [
        question(5, support=3, minutes_after=10),
        question(4, support=3, minutes_after=5),
        question(9, support=7, minutes_after=50),
        question(2, support=3, minutes_after=5),
    ]
    assert [q.id for q in order_questions(questions)] == [9, 2, 4, 5]


def test_a_tie_at_the_budget_edge_goes_to_the_earlier_question() -> None:
    questions = [question(1, 5, minutes_after=2), question(2, 5, minutes_after=1)]
    selection = select_oral_questions(questions, budget=timedelta(minutes=3))
    assert [slot.question_id for slot in selection.oral] == [2]
    assert [slot.question_id for slot in selection.written] == [1]


def test_no_questions_gives_an_empty_selection() -> None:
    selection = select_oral_questions([])
    assert (selection.oral, selection.written, selection.time_used) == ((), (), timedelta(0))


def test_a_budget_smaller_than_one_question_answers_everything_in_writing() -> None:
    selection = select_oral_questions([question(1, 10)], budget=timedelta(minutes=2))
    assert selection.oral == ()
    assert [slot.reason for slot in selection.written] == ["over_time_budget"]


def test_supplementary_question_time_lengthens_each_slot() -> None:
    questions = [question(i, 10 - i) for i in range(1, 10)]
    selection = select_oral_questions(questions, supplementary=timedelta(minutes=2))
    assert selection.slot_length == timedelta(minutes=5)
    assert len(selection.oral) == 6


@pytest.mark.parametrize(
    ("questions", "kwargs", "code"),
    [
        ([question(1, 1), question(1, 2)], {}, "duplicate_question_id"),
        ([question(1, -1)], {}, "negative_support"),
        ([], {"per_question": timedelta(0)}, "per_question_not_positive"),
        ([], {"budget": timedelta(minutes=-1)}, "negative_duration"),
        (
            [question(1, 1), AdmittedQuestion(2, 1, T0.replace(tzinfo=UTC))],
            {},
            "mixed_naive_and_aware_times",
        ),
    ],
)
def test_bad_input_raises_a_coded_error(
    questions: list[AdmittedQuestion], kwargs: dict[str, timedelta], code: str
) -> None:
    with pytest.raises(QuestionTimeError) as caught:
        select_oral_questions(questions, **kwargs)
    assert caught.value.code == code


# --- submission window ----------------------------------------------------------

MEETING = datetime(2026, 6, 15, 18, 0)


@pytest.mark.parametrize(
    ("now", "state"),
    [
        (MEETING - timedelta(days=14, seconds=1), WindowState.NOT_YET_OPEN),
        (MEETING - timedelta(days=14), WindowState.OPEN),
        (MEETING - timedelta(hours=48, seconds=1), WindowState.OPEN),
        (MEETING - timedelta(hours=48), WindowState.CLOSED),
        (MEETING, WindowState.CLOSED),
    ],
)
def test_the_window_opens_fourteen_days_before_and_closes_forty_eight_hours_before(
    now: datetime, state: WindowState
) -> None:
    assert question_window(MEETING).state(now) is state


def test_a_window_closing_before_it_opens_is_refused() -> None:
    with pytest.raises(QuestionTimeError):
        question_window(MEETING, opens_days_before=1, closes_hours_before=48)


# --- properties ---------------------------------------------------------------------

question_lists = st.lists(
    st.builds(
        AdmittedQuestion,
        id=st.integers(1, 10_000),
        support=st.integers(0, 20),
        submitted_at=st.datetimes(min_value=T0, max_value=T0 + timedelta(days=10)),
    ),
    max_size=30,
    unique_by=lambda q: q.id,
)
durations = st.integers(0, 120).map(lambda minutes: timedelta(minutes=minutes))


@given(question_lists, durations, st.integers(1, 10), st.integers(0, 5))
def test_the_oral_list_never_exceeds_the_budget(
    questions: list[AdmittedQuestion], budget: timedelta, per: int, extra: int
) -> None:
    selection = select_oral_questions(
        questions, budget, timedelta(minutes=per), timedelta(minutes=extra)
    )
    assert selection.time_used <= budget
    assert len(selection.oral) + len(selection.written) == len(questions)
    # and it is full: one more question would not have fitted, or none was left
    assert not selection.written or selection.time_used + selection.slot_length > budget


@given(question_lists, durations)
def test_a_better_supported_question_is_never_left_out_for_a_less_supported_one(
    questions: list[AdmittedQuestion], budget: timedelta
) -> None:
    selection = select_oral_questions(questions, budget)
    if selection.oral and selection.written:
        assert min(s.support for s in selection.oral) >= max(s.support for s in selection.written)


@given(question_lists, st.randoms(use_true_random=False))
def test_the_selection_does_not_depend_on_input_order(
    questions: list[AdmittedQuestion], random: Random
) -> None:
    shuffled = list(questions)
    random.shuffle(shuffled)
    assert select_oral_questions(questions) == select_oral_questions(shuffled)
