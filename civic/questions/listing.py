"""The public list of residents' questions to the council: search, filters (answered
or waiting, meeting), sort (recent, most supported) and pages.

Two queries whatever the page: the meetings offered in the filter, and the admitted
questions that match with their support counts.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import contains_eager

from civic.core.listing import ListFilters, ListForm, Page, like_pattern, page_of
from civic.extensions import db
from civic.models import Meeting, Question, QuestionSupport
from civic.models.questions import QUESTION_ADMITTED

PER_PAGE = 20
SORT_RECENT = "recent"
SORT_SUPPORTED = "supported"
SORTS = (SORT_RECENT, SORT_SUPPORTED)
ANSWERED = "answered"
WAITING = "waiting"
STATES = (ANSWERED, WAITING)


# The filter form (read by civic.core.listing): the first sort, SORT_RECENT, is the default.
FORM = ListForm(states=STATES, sorts=SORTS, scope="meeting")


@dataclass(frozen=True)
class Listed:
    question: Question
    supports: int


@dataclass(frozen=True)
class Listing:
    items: list[Listed]
    page: Page


def meetings_with_questions() -> list[Meeting]:
    """The meetings the filter offers: those with an admitted question, latest first."""
    return list(
        db.session.scalars(
            select(Meeting)
            .where(
                Meeting.id.in_(
                    select(Question.meeting_id).where(Question.status == QUESTION_ADMITTED)
                )
            )
            .order_by(Meeting.starts_at.desc(), Meeting.id.desc())
        )
    )


def _matching(filters: ListFilters) -> Select[Question, int]:
    supports = (
        select(QuestionSupport.question_id, func.count().label("n"))
        .group_by(QuestionSupport.question_id)
        .subquery()
    )
    count = func.coalesce(supports.c.n, 0)
    query = (
        select(Question, count)
        .join(Question.meeting)
        .outerjoin(supports, supports.c.question_id == Question.id)
        .options(contains_eager(Question.meeting))
        .where(Question.status == QUESTION_ADMITTED)
    )
    for word in filters.q.split():
        pattern = like_pattern(word)
        query = query.where(
            or_(
                Question.title.ilike(pattern, escape="\\"),
                Question.body.ilike(pattern, escape="\\"),
            )
        )
    if filters.state == ANSWERED:
        query = query.where(Question.answered_at.is_not(None))
    elif filters.state == WAITING:
        query = query.where(Question.answered_at.is_(None))
    if filters.scope_id is not None:
        query = query.where(Question.meeting_id == filters.scope_id)
    if filters.sort == SORT_SUPPORTED:
        return query.order_by(count.desc(), Question.submitted_at.desc(), Question.id.desc())
    return query.order_by(Question.submitted_at.desc(), Question.id.desc())


def question_list(filters: ListFilters) -> Listing:
    """One page of the admitted questions."""
    rows = [Listed(question, int(n)) for question, n in db.session.execute(_matching(filters))]
    page = page_of(len(rows), filters.page, PER_PAGE)
    return Listing(page.of(rows), page)
