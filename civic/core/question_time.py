"""Public question time at council meetings (docs/rules.md §7).

Which admitted questions are answered orally within the time budget (the
others get a published written answer), and when the submission window of a
meeting is open.  Time is always a parameter.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

__all__ = [
    "DEFAULT_BUDGET",
    "DEFAULT_PER_QUESTION",
    "AdmittedQuestion",
    "QuestionSlot",
    "QuestionTimeError",
    "QuestionTimeSelection",
    "QuestionWindow",
    "WindowState",
    "order_questions",
    "question_window",
    "select_oral_questions",
]

DEFAULT_BUDGET = timedelta(minutes=30)
DEFAULT_PER_QUESTION = timedelta(minutes=3)


class QuestionTimeError(ValueError):
    """Inputs that cannot be scheduled; ``code`` says why."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class AdmittedQuestion:
    """A question admitted by a clerk, with its residents' support."""

    id: int
    support: int
    submitted_at: datetime


@dataclass(frozen=True)
class QuestionSlot:
    """One question's place: ``rank`` in the support order (1-based).

    ``reason`` is ``"selected_rank"`` (answered orally; ``rank`` says where) or
    ``"over_time_budget"`` (written answer).  ``starts_after`` is the offset
    from the start of question time, for oral questions.
    """

    question_id: int
    rank: int
    oral: bool
    reason: str
    support: int
    submitted_at: datetime
    starts_after: timedelta | None


@dataclass(frozen=True)
class QuestionTimeSelection:
    """The oral questions in speaking order, the written ones, and the time used."""

    oral: tuple[QuestionSlot, ...]
    written: tuple[QuestionSlot, ...]
    budget: timedelta
    slot_length: timedelta  # per question, supplementary question included
    time_used: timedelta


def order_questions(questions: Iterable[AdmittedQuestion]) -> list[AdmittedQuestion]:
    """Order by support (most first), then submission time (earliest first), then id
    (docs/rules.md §7).

    The id makes equal support and equal submission instants deterministic.
    """
    return sorted(questions, key=lambda q: (-q.support, q.submitted_at, q.id))


def select_oral_questions(
    questions: Iterable[AdmittedQuestion],
    budget: timedelta = DEFAULT_BUDGET,
    per_question: timedelta = DEFAULT_PER_QUESTION,
    supplementary: timedelta = timedelta(0),
) -> QuestionTimeSelection:
    """Pick the questions answered orally within the time budget (docs/rules.md §7).

    Default budget 30 minutes, 3 minutes a question (plus ``supplementary``
    minutes for a follow-up question, if the commune allows one).  Questions
    are taken in :func:`order_questions` order while their slot fits in what
    remains of the budget; every slot is the same length, so the oral list is
    always the best-supported prefix and never exceeds the budget.
    """
    listed = list(questions)
    if len({q.id for q in listed}) != len(listed):
        raise QuestionTimeError("duplicate_question_id")
    if any(q.support < 0 for q in listed):
        raise QuestionTimeError("negative_support")
    if len({q.submitted_at.utcoffset() is None for q in listed}) > 1:
        raise QuestionTimeError("mixed_naive_and_aware_times")
    if budget < timedelta(0) or supplementary < timedelta(0):
        raise QuestionTimeError("negative_duration")
    slot = per_question + supplementary
    if per_question <= timedelta(0):
        raise QuestionTimeError("per_question_not_positive")

    oral_count = budget // slot
    oral: list[QuestionSlot] = []
    written: list[QuestionSlot] = []
    for rank, question in enumerate(order_questions(listed), start=1):
        is_oral = rank <= oral_count
        (oral if is_oral else written).append(
            QuestionSlot(
                question_id=question.id,
                rank=rank,
                oral=is_oral,
                reason="selected_rank" if is_oral else "over_time_budget",
                support=question.support,
                submitted_at=question.submitted_at,
                starts_after=slot * (rank - 1) if is_oral else None,
            )
        )
    return QuestionTimeSelection(
        oral=tuple(oral),
        written=tuple(written),
        budget=budget,
        slot_length=slot,
        time_used=slot * len(oral),
    )


class WindowState(StrEnum):
    """Where a meeting's question window stands at a given instant."""

    NOT_YET_OPEN = "not_yet_open"
    OPEN = "open"
    CLOSED = "closed"


@dataclass(frozen=True)
class QuestionWindow:
    """When residents may submit questions for a meeting: ``opens_at <= now < closes_at``."""

    opens_at: datetime
    closes_at: datetime

    def state(self, now: datetime) -> WindowState:
        """The window's state at ``now``."""
        if now < self.opens_at:
            return WindowState.NOT_YET_OPEN
        if now < self.closes_at:
            return WindowState.OPEN
        return WindowState.CLOSED


def question_window(
    meeting_at: datetime,
    opens_days_before: int = 14,
    closes_hours_before: int = 48,
) -> QuestionWindow:
    """The submission window: opens N days before the meeting (default 14), closes M hours
    before (default 48) (docs/rules.md §7).
    """
    opens_at = meeting_at - timedelta(days=opens_days_before)
    closes_at = meeting_at - timedelta(hours=closes_hours_before)
    if closes_at < opens_at:
        raise QuestionTimeError("window_closes_before_opening")
    return QuestionWindow(opens_at, closes_at)
