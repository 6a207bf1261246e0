"""Question time's queues on the clerks' to-do list (civic.clerk_queues)."""

from __future__ import annotations

from flask import url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from civic.clerk_queues import Queue, Tally, tally_of
from civic.models import Meeting, Question
from civic.models.questions import QUESTION_ADMITTED, QUESTION_SUBMITTED


def _to_moderate() -> Tally:
    statement = (
        select(Question)
        .where(Question.status == QUESTION_SUBMITTED)
        .order_by(Question.submitted_at, Question.id)
    )
    return tally_of(
        statement,
        lambda q: (
            q.title,
            q.submitted_at,
            url_for("questions.moderation_queue", meeting_id=q.meeting_id),
        ),
        url_for("meetings.index"),
    )


def _answers_overdue() -> Tally:
    """Admitted questions of a meeting already held that still have no answer."""
    statement = (
        select(Question)
        .join(Meeting, Meeting.id == Question.meeting_id)
        .where(
            Question.status == QUESTION_ADMITTED,
            Question.answered_at.is_(None),
            Meeting.held_at.is_not(None),
        )
        .order_by(Meeting.held_at, Question.submitted_at, Question.id)
    )
    return tally_of(
        statement,
        lambda q: (
            q.title,
            q.meeting.held_at,
            url_for("meetings.manage", meeting_id=q.meeting_id),
        ),
        url_for("meetings.index"),
    )


QUEUES = (
    Queue(key="questions", title=_l("Questions à modérer"), tally=_to_moderate),
    Queue(key="answers_overdue", title=_l("Réponses en retard"), tally=_answers_overdue),
)
