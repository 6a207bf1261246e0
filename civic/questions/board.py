"""A meeting's question time as the public sees it: admitted questions in the core's
order (provisional until a clerk freezes the selection), rejections with their
reasons, answers, and the written answers that are overdue (docs/rules.md §7)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select

from civic.core.question_time import (
    AdmittedQuestion,
    QuestionWindow,
    WindowState,
    select_oral_questions,
)
from civic.extensions import db
from civic.models import Meeting, Question, QuestionSupport, User
from civic.models.questions import QUESTION_ADMITTED, QUESTION_REJECTED, QUESTION_SUBMITTED
from civic.questions import settings as rules
from civic.questions.moderation import support_counts
from civic.questions.services import supports_open, window_state


@dataclass(frozen=True)
class BoardEntry:
    question: Question
    support: int
    rank: int
    oral: bool
    supported: bool  # by the person looking
    overdue: bool


@dataclass(frozen=True)
class QuestionTime:
    meeting: Meeting
    window: QuestionWindow
    state: WindowState
    frozen: bool
    supports_open: bool
    entries: list[BoardEntry]
    rejected: list[Question]
    mine: Question | None
    pending: int  # questions awaiting a clerk
    budget: timedelta
    written_answer_due: datetime

    @property
    def oral(self) -> list[BoardEntry]:
        return [e for e in self.entries if e.oral]

    @property
    def written(self) -> list[BoardEntry]:
        return [e for e in self.entries if not e.oral]

    @property
    def overdue(self) -> list[BoardEntry]:
        return [e for e in self.entries if e.overdue]


def _questions(meeting_id: int, *statuses: str) -> list[Question]:
    return list(
        db.session.scalars(
            select(Question)
            .where(Question.meeting_id == meeting_id, Question.status.in_(statuses))
            .order_by(Question.submitted_at, Question.id)
        )
    )


def question_time(meeting: Meeting, *, now: datetime, viewer: User | None) -> QuestionTime:
    settings = rules.load()
    counts = support_counts(meeting.id)
    admitted = {q.id: q for q in _questions(meeting.id, QUESTION_ADMITTED)}
    frozen = meeting.questions_selected_at is not None
    if frozen:
        order = sorted(admitted.values(), key=lambda q: (q.rank or 0, q.id))
        placed = [(q, q.rank or 0, bool(q.oral)) for q in order]
    else:
        selection = select_oral_questions(
            [
                AdmittedQuestion(q.id, counts.get(q.id, 0), q.submitted_at)
                for q in admitted.values()
            ],
            budget=settings.budget,
            per_question=settings.per_question,
            supplementary=settings.supplementary,
        )
        placed = [
            (admitted[s.question_id], s.rank, s.oral) for s in (*selection.oral, *selection.written)
        ]
    supported: set[int] = set()
    if viewer is not None and viewer.is_authenticated:
        supported = set(
            db.session.scalars(
                select(QuestionSupport.question_id)
                .join(Question, Question.id == QuestionSupport.question_id)
                .where(QuestionSupport.user_id == viewer.id, Question.meeting_id == meeting.id)
            )
        )
    due = settings.written_answer_due(meeting)
    entries = [
        BoardEntry(
            question=q,
            support=counts.get(q.id, 0),
            rank=rank,
            oral=oral,
            supported=q.id in supported,
            overdue=q.answered_at is None and now > due,
        )
        for q, rank, oral in placed
    ]
    mine = None
    if viewer is not None and viewer.is_authenticated:
        mine = db.session.scalar(
            select(Question).where(
                Question.meeting_id == meeting.id, Question.author_id == viewer.id
            )
        )
    return QuestionTime(
        meeting=meeting,
        window=settings.window(meeting),
        state=window_state(meeting, now),
        frozen=frozen,
        supports_open=supports_open(meeting, now),
        entries=entries,
        rejected=_questions(meeting.id, QUESTION_REJECTED),
        mine=mine,
        pending=len(_questions(meeting.id, QUESTION_SUBMITTED)),
        budget=settings.budget,
        written_answer_due=due,
    )


def entry_for(question: Question, *, now: datetime, viewer: User | None) -> BoardEntry | None:
    """One question's place on its meeting's board (for the support fragment)."""
    board = question_time(question.meeting, now=now, viewer=viewer)
    return next((e for e in board.entries if e.question.id == question.id), None)
