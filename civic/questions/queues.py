"""Question time's queues on the clerks' to-do list (civic.clerk_queues)."""

from __future__ import annotations

from flask import url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from civic.clerk_queues import Queue, Tally, tally_of
from civic.models import Question
from civic.models.questions import QUESTION_SUBMITTED
from civic.questions import settings as rules
from civic.questions.overdue import answers_overdue
from civic.services import now_utc


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
    """Admitted questions whose written answer is past due (civic.questions.overdue)."""
    url = url_for("questions_clerk.overdue")
    due = rules.load().written_answer_due
    return tally_of(answers_overdue(now_utc()), lambda q: (q.title, due(q.meeting), url), url)


QUEUES = (
    Queue(key="questions", title=_l("Questions à modérer"), tally=_to_moderate),
    Queue(key="answers_overdue", title=_l("Réponses en retard"), tally=_answers_overdue),
)
