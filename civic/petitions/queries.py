"""What the pages and the open-data API read: lists, one petition's public figures."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, bindparam, func, select
from sqlalchemy.orm import aliased, lazyload

from civic.clerk_queues import Page, Search, page_of
from civic.core.thresholds import ThresholdEvaluation
from civic.extensions import db
from civic.models import Neighbourhood, Petition, Signature, User
from civic.models.accounts import ROLE_ADMIN, ROLE_CLERK
from civic.models.petitions import REVIEWABLE_STATES, VISIBLE_STATES
from civic.petitions.rules import evaluate, headline_counted


def visible_petitions(state: str | None = None) -> list[Petition]:
    """Public petitions, most recent first; ``state`` narrows to one visible state."""
    states = [state] if state in VISIBLE_STATES else sorted(VISIBLE_STATES)
    return list(
        db.session.scalars(
            select(Petition)
            .where(Petition.state.in_(states), Petition.submitted_at.is_not(None))
            .order_by(Petition.opened_at.desc().nulls_last(), Petition.id.desc())
        )
    )


# Built once: every logged-in view of the list asks it.
_PETITIONS_OF = (
    select(Petition)
    .where(Petition.author_id == bindparam("author_id"))
    .options(lazyload(Petition.thresholds))
    .order_by(Petition.id.desc())
)


def petitions_of(author: User) -> list[Petition]:
    """The author's petitions, newest first (their titles and states)."""
    return list(db.session.scalars(_PETITIONS_OF, {"author_id": author.id}))


def to_admit() -> Select[Petition]:
    """Submitted petitions waiting for a clerk's admission, oldest first."""
    return (
        select(Petition)
        .where(Petition.state.in_(REVIEWABLE_STATES))
        .order_by(Petition.submitted_at, Petition.id)
    )


def review_queue(search: Search | None = None) -> Page[Petition]:
    """One page of the petitions to admit whose title, author or day the search names."""
    search = search or Search()
    author = aliased(User)
    statement = (
        to_admit()
        .join(author, author.id == Petition.author_id)
        .where(
            *search.matching(
                Petition.title, author.family_name, author.given_names, author.address
            ),
            *search.on_day(Petition.submitted_at),
        )
    )
    return page_of(statement, search)


def is_staff_reader(user: User | Any) -> bool:
    """Clerks review drafts and submissions; a councillor sees what the public sees
    (the petitions they answer have reached the debate threshold, so are public)."""
    return bool(
        getattr(user, "is_authenticated", False) and user.role_names & {ROLE_CLERK, ROLE_ADMIN}
    )


def readable_petition(petition_id: int, user: User | Any) -> Petition | None:
    """The petition if this reader may see it: public ones, or their own, or clerks'.
    Its thresholds reached are read when asked for: a page whose counts are kept
    (civic.caching) does not."""
    petition = db.session.get(Petition, petition_id, options=[lazyload(Petition.thresholds)])
    if petition is None:
        return None
    if petition.is_visible or is_staff_reader(user):
        return petition
    if getattr(user, "is_authenticated", False) and petition.author_id == user.id:
        return petition
    return None


def counts_by_neighbourhood(petition_id: int) -> dict[str, int]:
    """Counted signatures per neighbourhood (open data; never a name)."""
    rows = db.session.execute(
        select(Neighbourhood.name, func.count(Signature.id))
        .join(Neighbourhood, Neighbourhood.id == Signature.neighbourhood_id, isouter=True)
        .where(
            Signature.petition_id == petition_id,
            Signature.invalidated_at.is_(None),
            Signature.residence_verified.is_(True),
        )
        .group_by(Neighbourhood.name)
        .order_by(Neighbourhood.name)
    )
    return {name or "": count for name, count in rows}


@dataclass(frozen=True)
class PetitionFigures:
    """The live figures of one petition, as its page and the API show them."""

    collected: int
    counted: int
    evaluation: ThresholdEvaluation | None


def figures_of(petition: Petition, now: datetime) -> PetitionFigures:
    return PetitionFigures(
        collected=petition.collected_count,
        counted=headline_counted(petition),
        evaluation=evaluate(petition, now.date()),
    )
