"""The public list of residents' questions to the council: search, filters (answered
or waiting, meeting), sort (recent, most supported) and pages.

Two queries whatever the page: the meetings offered in the filter, and the admitted
questions that match with their support counts.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import contains_eager

from civic.core.listing import Page, like_pattern, page_number, page_of, search_words
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


@dataclass(frozen=True)
class Filters:
    """What the list's form asks for; anything unknown is dropped, never an error."""

    q: str = ""
    state: str = ""
    meeting_id: int | None = None
    sort: str = SORT_RECENT
    page: int = 1

    @classmethod
    def from_args(cls, args: Mapping[str, str], meeting_ids: set[int]) -> Filters:
        meeting = args.get("meeting", "")
        chosen = int(meeting) if meeting.isascii() and meeting.isdigit() else 0
        return cls(
            q=" ".join(search_words(args.get("q"))),
            state=args.get("state", "") if args.get("state") in STATES else "",
            meeting_id=chosen if chosen in meeting_ids else None,
            sort=args.get("sort", "") if args.get("sort") in SORTS else SORT_RECENT,
            page=page_number(args.get("page")),
        )

    def args(self, page: int = 1) -> dict[str, object]:
        """The address arguments of this list on another page (pager links)."""
        values = {
            "q": self.q,
            "state": self.state,
            "meeting": self.meeting_id or "",
            "sort": "" if self.sort == SORT_RECENT else self.sort,
            "page": "" if page == 1 else page,
        }
        return {name: value for name, value in values.items() if value != ""}

    @property
    def narrowed(self) -> bool:
        return bool(self.q or self.state or self.meeting_id)


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


def _matching(filters: Filters) -> Select[Question, int]:
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
    if filters.meeting_id is not None:
        query = query.where(Question.meeting_id == filters.meeting_id)
    if filters.sort == SORT_SUPPORTED:
        return query.order_by(count.desc(), Question.submitted_at.desc(), Question.id.desc())
    return query.order_by(Question.submitted_at.desc(), Question.id.desc())


def question_list(filters: Filters) -> Listing:
    """One page of the admitted questions."""
    rows = [Listed(question, int(n)) for question, n in db.session.execute(_matching(filters))]
    page = page_of(len(rows), filters.page, PER_PAGE)
    return Listing(page.of(rows), page)
