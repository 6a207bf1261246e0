"""Answers overdue at question time: admitted questions still without a published
answer once the meeting's written-answer deadline has passed (docs/rules.md §7; the
same rule marks them "en retard" on the meeting's board), for the clerks' queue."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import Select, select
from sqlalchemy.orm import aliased, contains_eager

from civic.clerk_queues import Page, Search, page_of
from civic.models import Meeting, Question, User
from civic.models.questions import QUESTION_ADMITTED
from civic.questions import settings as rules


def answers_overdue(now: datetime) -> Select[Question]:
    """Every overdue answer, the oldest meeting first, then the oldest question."""
    # Due at the meeting's start plus the written-answer delay (QuestionTimeSettings).
    started_before = now - timedelta(days=rules.load().written_answer_days)
    return (
        select(Question)
        .join(Meeting, Meeting.id == Question.meeting_id)
        .options(contains_eager(Question.meeting))
        .where(
            Question.status == QUESTION_ADMITTED,
            Question.answered_at.is_(None),
            Meeting.starts_at < started_before,
        )
        .order_by(Meeting.starts_at, Question.submitted_at, Question.id)
    )


def overdue_page(search: Search, now: datetime) -> Page[Question]:
    """One page of the overdue answers whose title or author's name the search names,
    and whose meeting took place on the day asked."""
    author = aliased(User)
    statement = (
        answers_overdue(now)
        .join(author, author.id == Question.author_id)
        .options(contains_eager(Question.author.of_type(author)))
        .where(
            *search.matching(Question.title, author.family_name, author.given_names),
            *search.on_day(Meeting.starts_at),
        )
    )
    return page_of(statement, search)
