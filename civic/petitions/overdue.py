"""Petitions whose council answer is overdue, for the clerks' queue.

A petition past the debate threshold is put on a meeting's agenda with its answer
(a ``petition_answer`` item, civic.followup.petitions): the council answers it at that
meeting (docs/rules.md §3, §7). Once the meeting is held and no answer is published
(of the council, the mayor or a councillor), the answer is overdue.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Select, and_, exists, select
from sqlalchemy.orm import aliased, contains_eager

from civic.clerk_queues import Page, Search, page_of
from civic.extensions import db
from civic.models import AgendaItem, Meeting, Petition, PetitionAnswer, User
from civic.models.meetings import KIND_PETITION_ANSWER

SUBJECT_TYPE = "petition"


def _answer_item() -> Select[Petition]:
    return (
        select(Petition)
        .join(
            AgendaItem,
            and_(
                AgendaItem.kind == KIND_PETITION_ANSWER,
                AgendaItem.subject_type == SUBJECT_TYPE,
                AgendaItem.subject_id == Petition.id,
            ),
        )
        .join(Meeting, Meeting.id == AgendaItem.meeting_id)
    )


def answers_overdue() -> Select[Petition]:
    """Every petition whose answer was due at a meeting already held and is still not
    published, the oldest meeting first (one agenda item per petition: one row each)."""
    answered = exists().where(PetitionAnswer.petition_id == Petition.id)
    return (
        _answer_item()
        .where(Meeting.held_at.is_not(None), ~answered)
        .order_by(Meeting.starts_at, Petition.id)
    )


def overdue_page(search: Search) -> Page[Petition]:
    """One page of the overdue answers whose petition's title or author's name the
    search names, and whose meeting took place on the day asked."""
    author = aliased(User)
    statement = (
        answers_overdue()
        .join(author, author.id == Petition.author_id)
        .options(contains_eager(Petition.author.of_type(author)))
        .where(
            *search.matching(Petition.title, author.family_name, author.given_names),
            *search.on_day(Meeting.starts_at),
        )
    )
    return page_of(statement, search)


def meetings_of(petitions: Iterable[Petition]) -> dict[int, Meeting]:
    """The meeting each petition's answer was due at, by petition id (one query)."""
    ids = [p.id for p in petitions]
    if not ids:
        return {}
    rows = db.session.execute(
        select(AgendaItem.subject_id, Meeting)
        .join(Meeting, Meeting.id == AgendaItem.meeting_id)
        .where(
            AgendaItem.kind == KIND_PETITION_ANSWER,
            AgendaItem.subject_type == SUBJECT_TYPE,
            AgendaItem.subject_id.in_(ids),
        )
    )
    return {petition_id: meeting for petition_id, meeting in rows if petition_id is not None}
