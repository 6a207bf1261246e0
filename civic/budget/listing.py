"""The public list of a budget's projects: search, filters (review state, heading),
sort and pages; each project with the share of its heading's amount it would take.

Two queries whatever the page: the matching projects with their heading, and their
count comes from the same list (a budget holds a few hundred projects at most).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import Select, or_, select
from sqlalchemy.orm import joinedload

from civic.core.listing import Page, like_pattern, page_number, page_of, search_words
from civic.extensions import db
from civic.models import BudgetProposal
from civic.models.budget import PROPOSAL_FEASIBLE, PROPOSAL_MERGED, PROPOSAL_UNFEASIBLE

PER_PAGE = 20
SORT_RECENT = "recent"
SORT_CHEAPEST = "cheapest"
SORT_COSTLIEST = "costliest"
SORTS = (SORT_RECENT, SORT_CHEAPEST, SORT_COSTLIEST)
STATES = ("submitted", PROPOSAL_FEASIBLE, PROPOSAL_UNFEASIBLE, PROPOSAL_MERGED, "selected")


@dataclass(frozen=True)
class Filters:
    """What the list's form asks for; anything unknown is dropped, never an error."""

    q: str = ""
    state: str = ""
    heading_id: int | None = None
    sort: str = SORT_RECENT
    page: int = 1

    @classmethod
    def from_args(cls, args: Mapping[str, str], heading_ids: set[int]) -> Filters:
        heading = args.get("heading", "")
        chosen = int(heading) if heading.isascii() and heading.isdigit() else 0
        return cls(
            q=" ".join(search_words(args.get("q"))),
            state=args.get("state", "") if args.get("state") in STATES else "",
            heading_id=chosen if chosen in heading_ids else None,
            sort=args.get("sort", "") if args.get("sort") in SORTS else SORT_RECENT,
            page=page_number(args.get("page")),
        )

    def args(self, page: int = 1) -> dict[str, object]:
        """The address arguments of this list on another page (pager links)."""
        values = {
            "q": self.q,
            "state": self.state,
            "heading": self.heading_id or "",
            "sort": "" if self.sort == SORT_RECENT else self.sort,
            "page": "" if page == 1 else page,
        }
        return {name: value for name, value in values.items() if value != ""}

    @property
    def narrowed(self) -> bool:
        return bool(self.q or self.state or self.heading_id)


@dataclass(frozen=True)
class Listing:
    items: list[BudgetProposal]
    page: Page


def _matching(budget_id: int, filters: Filters) -> Select[BudgetProposal]:
    query = (
        select(BudgetProposal)
        .where(BudgetProposal.budget_id == budget_id)
        .options(joinedload(BudgetProposal.heading))
    )
    for word in filters.q.split():
        pattern = like_pattern(word)
        query = query.where(
            or_(
                BudgetProposal.title.ilike(pattern, escape="\\"),
                BudgetProposal.summary.ilike(pattern, escape="\\"),
                BudgetProposal.location.ilike(pattern, escape="\\"),
            )
        )
    if filters.state == "selected":
        query = query.where(BudgetProposal.selected.is_(True))
    elif filters.state:
        query = query.where(BudgetProposal.state == filters.state)
    if filters.heading_id is not None:
        query = query.where(BudgetProposal.heading_id == filters.heading_id)
    cost = BudgetProposal.estimated_cost  # the list sorts on the estimate as proposed
    if filters.sort == SORT_CHEAPEST:
        return query.order_by(cost, BudgetProposal.id)
    if filters.sort == SORT_COSTLIEST:
        return query.order_by(cost.desc(), BudgetProposal.id)
    return query.order_by(BudgetProposal.created_at.desc(), BudgetProposal.id.desc())


def project_list(budget_id: int, filters: Filters) -> Listing:
    """One page of a budget's projects."""
    projects = list(db.session.scalars(_matching(budget_id, filters)).unique())
    page = page_of(len(projects), filters.page, PER_PAGE)
    return Listing(page.of(projects), page)
