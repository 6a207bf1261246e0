"""The public list of a budget's projects: search, filters (review state, heading),
sort and pages; each project with the share of its heading's amount it would take.

Two queries whatever the page: the matching projects with their heading, and their
count comes from the same list (a budget holds a few hundred projects at most).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Select, or_, select
from sqlalchemy.orm import joinedload

from civic.core.listing import ListFilters, ListForm, Page, like_pattern, page_of
from civic.extensions import db
from civic.models import BudgetProposal
from civic.models.budget import PROPOSAL_FEASIBLE, PROPOSAL_MERGED, PROPOSAL_UNFEASIBLE

PER_PAGE = 20
SORT_RECENT = "recent"
SORT_CHEAPEST = "cheapest"
SORT_COSTLIEST = "costliest"
SORTS = (SORT_RECENT, SORT_CHEAPEST, SORT_COSTLIEST)
STATES = ("submitted", PROPOSAL_FEASIBLE, PROPOSAL_UNFEASIBLE, PROPOSAL_MERGED, "selected")


# The filter form (read by civic.core.listing): the first sort, SORT_RECENT, is the default.
FORM = ListForm(states=STATES, sorts=SORTS, scope="heading")


@dataclass(frozen=True)
class Listing:
    items: list[BudgetProposal]
    page: Page


def _matching(budget_id: int, filters: ListFilters) -> Select[BudgetProposal]:
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
    if filters.scope_id is not None:
        query = query.where(BudgetProposal.heading_id == filters.scope_id)
    cost = BudgetProposal.estimated_cost  # the list sorts on the estimate as proposed
    if filters.sort == SORT_CHEAPEST:
        return query.order_by(cost, BudgetProposal.id)
    if filters.sort == SORT_COSTLIEST:
        return query.order_by(cost.desc(), BudgetProposal.id)
    return query.order_by(BudgetProposal.created_at.desc(), BudgetProposal.id.desc())


def project_list(budget_id: int, filters: ListFilters) -> Listing:
    """One page of a budget's projects."""
    projects = list(db.session.scalars(_matching(budget_id, filters)).unique())
    page = page_of(len(projects), filters.page, PER_PAGE)
    return Listing(page.of(projects), page)
