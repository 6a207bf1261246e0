"""The public petition list: search, filters, sort and pages; each petition with the
threshold it is closest to and those it has reached. The home page's petition cards
come from here too.

Three queries whatever the page: the commune's figures, the petitions that match,
their threshold stamps.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, or_, select
from sqlalchemy.orm import selectinload

from civic.core.listing import (
    Page,
    closeness,
    closest_threshold,
    like_pattern,
    page_number,
    page_of,
    search_words,
)
from civic.core.thresholds import ThresholdStatus
from civic.extensions import db
from civic.models import Petition
from civic.models.petitions import OPEN, VISIBLE_STATES
from civic.petitions.rules import RULE_SET_CODES, base_figures, evaluate

PER_PAGE = 20
SORT_RECENT = "recent"
SORT_MOST_SIGNED = "signed"
SORT_CLOSEST = "closest"
SORTS = (SORT_RECENT, SORT_MOST_SIGNED, SORT_CLOSEST)


@dataclass(frozen=True)
class Filters:
    """What the list's form asks for; anything unknown is dropped, never an error."""

    q: str = ""
    state: str = ""
    neighbourhood_id: int | None = None
    rule_set: str = ""
    sort: str = SORT_RECENT
    page: int = 1

    @classmethod
    def from_args(cls, args: Mapping[str, str], neighbourhood_ids: set[int]) -> Filters:
        neighbourhood = args.get("neighbourhood", "")
        chosen = int(neighbourhood) if neighbourhood.isascii() and neighbourhood.isdigit() else 0
        return cls(
            q=" ".join(search_words(args.get("q"))),
            state=args.get("state", "") if args.get("state") in VISIBLE_STATES else "",
            neighbourhood_id=chosen if chosen in neighbourhood_ids else None,
            rule_set=args.get("rules", "") if args.get("rules") in RULE_SET_CODES else "",
            sort=args.get("sort", "") if args.get("sort") in SORTS else SORT_RECENT,
            page=page_number(args.get("page")),
        )

    def args(self, **changed: object) -> dict[str, object]:
        """The address arguments of this list, with ``changed`` (pager links)."""
        values: dict[str, object] = {
            "q": self.q,
            "state": self.state,
            "neighbourhood": self.neighbourhood_id or "",
            "rules": self.rule_set,
            "sort": "" if self.sort == SORT_RECENT else self.sort,
            "page": "",
            **changed,
        }
        if values["page"] == 1:
            values["page"] = ""
        return {name: value for name, value in values.items() if value not in ("", None)}


@dataclass(frozen=True)
class Listed:
    petition: Petition
    closest: ThresholdStatus | None  # the next threshold to reach, if any
    reached: tuple[str, ...]  # the thresholds it has reached


@dataclass(frozen=True)
class Listing:
    items: list[Listed]
    page: Page


def _matching(filters: Filters) -> Select[Petition]:
    states = [filters.state] if filters.state else sorted(VISIBLE_STATES)
    query = (
        select(Petition)
        .where(Petition.state.in_(states), Petition.submitted_at.is_not(None))
        .options(selectinload(Petition.thresholds))
    )
    for word in filters.q.split():
        pattern = like_pattern(word)
        query = query.where(
            or_(
                Petition.title.ilike(pattern, escape="\\"),
                Petition.easy_read.ilike(pattern, escape="\\"),
            )
        )
    if filters.neighbourhood_id is not None:
        query = query.where(Petition.neighbourhood_id == filters.neighbourhood_id)
    if filters.rule_set:
        query = query.where(Petition.rule_set_code == filters.rule_set)
    if filters.sort == SORT_MOST_SIGNED:
        return query.order_by(Petition.collected_count.desc(), Petition.id.desc())
    return query.order_by(Petition.opened_at.desc().nulls_last(), Petition.id.desc())


def _listed(petition: Petition, statuses: tuple[ThresholdStatus, ...]) -> Listed:
    return Listed(
        petition=petition,
        closest=closest_threshold(statuses),
        reached=tuple(s.name for s in statuses if s.reached),
    )


def petition_list(filters: Filters, now: datetime) -> Listing:
    """One page of the public list."""
    petitions = list(db.session.scalars(_matching(filters)))
    figures = base_figures(now.date())
    statuses: dict[int, tuple[ThresholdStatus, ...]] = {}
    for petition in petitions:
        evaluation = evaluate(petition, now.date(), figures)
        statuses[petition.id] = () if evaluation is None else evaluation.statuses
    if filters.sort == SORT_CLOSEST:
        petitions.sort(key=lambda p: closeness(statuses[p.id]), reverse=True)
    page = page_of(len(petitions), filters.page, PER_PAGE)
    return Listing([_listed(p, statuses[p.id]) for p in page.of(petitions)], page)


def closest_to_a_threshold(now: datetime, limit: int) -> list[Listed]:
    """Open petitions nearest their next threshold, nearest first (the home page)."""
    listing = petition_list(Filters(state=OPEN, sort=SORT_CLOSEST), now)
    return [item for item in listing.items if item.closest is not None][:limit]
