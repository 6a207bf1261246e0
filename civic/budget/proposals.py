"""Proposals by verified residents and their review by clerks (feasibility, final
cost, investment vs operating, merging duplicates)."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from datetime import datetime

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import aliased

from civic.audit import services as audit
from civic.budget.setup import phase_of
from civic.clerk_queues import Page, Search, page_of
from civic.decisions import already_decided, locked
from civic.events import ProposalFeasible, publish
from civic.extensions import db
from civic.images import clean_image
from civic.models import Budget, BudgetHeading, BudgetProposal, User
from civic.models.budget import (
    EXPENSE_KINDS,
    EXPENSE_OPERATING,
    PHASE_PROPOSALS,
    PHASE_REVIEW,
    PROPOSAL_FEASIBLE,
    PROPOSAL_MERGED,
    PROPOSAL_SUBMITTED,
    PROPOSAL_UNFEASIBLE,
)
from civic.notifications.services import notify_all, path_to
from civic.services import Refused

# The notification the author receives for each review decision.
REVIEW_NEWS = {
    PROPOSAL_FEASIBLE: "budget_proposal_feasible",
    PROPOSAL_UNFEASIBLE: "budget_proposal_unfeasible",
    PROPOSAL_MERGED: "budget_proposal_merged",
}

IMAGE_MAX_BYTES = 2 * 1024 * 1024
IMAGE_FOLDER = "budget_images"


def image_path(name: str) -> str:
    return os.path.join(current_app.instance_path, IMAGE_FOLDER, name)


@dataclass(frozen=True)
class ProposalInput:
    heading_id: int
    title: str
    description: str
    summary: str
    location: str
    estimated_cost: int


def submit_proposal(
    budget_id: int,
    data: ProposalInput,
    *,
    image: bytes | None,
    author: User,
    now: datetime,
) -> BudgetProposal:
    """A verified resident proposes a project, during the proposals phase only."""
    proposal = add_proposal(budget_id, data, image=image, author=author, now=now)
    db.session.commit()
    return proposal


def add_proposal(
    budget_id: int,
    data: ProposalInput,
    *,
    image: bytes | None,
    author: User,
    now: datetime,
) -> BudgetProposal:
    """``submit_proposal`` without the commit: the counter adds its consent in the same
    transaction (civic/budget/counter.py)."""
    budget = db.session.get(Budget, budget_id)
    if budget is None:
        raise Refused(_("Budget introuvable."))
    if phase_of(budget, now) != PHASE_PROPOSALS:
        raise Refused(_("Le dépôt des propositions n'est pas ouvert."))
    if not author.is_verified_resident:
        raise Refused(_("Votre résidence doit d'abord être vérifiée par la mairie."))
    heading = db.session.get(BudgetHeading, data.heading_id)
    if heading is None or heading.budget_id != budget.id:
        raise Refused(_("Choisissez une rubrique."), "heading_id")
    if data.estimated_cost < 1:
        raise Refused(_("Le coût estimé doit être positif."), "estimated_cost")
    if heading.amount and data.estimated_cost > heading.amount:
        raise Refused(
            _("Le coût dépasse le montant de la rubrique (%(amount)s €).", amount=heading.amount),
            "estimated_cost",
        )
    # Decoded and written again from its pixels (civic.images): no metadata, nothing else.
    cleaned = clean_image(image, max_bytes=IMAGE_MAX_BYTES) if image else None
    proposal = BudgetProposal(
        budget_id=budget.id,
        heading_id=heading.id,
        author_id=author.id,
        title=data.title.strip(),
        description=data.description.strip(),
        summary=data.summary.strip(),
        location=data.location.strip(),
        estimated_cost=data.estimated_cost,
        created_at=now,
    )
    if cleaned is not None:
        pixels, ext = cleaned
        proposal.image_name = f"{secrets.token_hex(16)}.{ext}"
        os.makedirs(os.path.dirname(image_path(proposal.image_name)), exist_ok=True)
        with open(image_path(proposal.image_name), "wb") as out:
            out.write(pixels)
    db.session.add(proposal)
    db.session.flush()
    return proposal


def proposals_of(budget_id: int, *, states: tuple[str, ...] | None = None) -> list[BudgetProposal]:
    query = select(BudgetProposal).where(BudgetProposal.budget_id == budget_id)
    if states is not None:
        query = query.where(BudgetProposal.state.in_(states))
    return list(db.session.scalars(query.order_by(BudgetProposal.heading_id, BudgetProposal.id)))


def review_page(budget_id: int, search: Search) -> Page[BudgetProposal]:
    """One page of a budget's proposals, oldest first, whose title, place, or author's
    name or address, or day of submission, the search names."""
    author = aliased(User)
    statement = (
        select(BudgetProposal)
        .outerjoin(author, author.id == BudgetProposal.author_id)
        .where(
            BudgetProposal.budget_id == budget_id,
            *search.matching(
                BudgetProposal.title,
                BudgetProposal.location,
                author.family_name,
                author.given_names,
                author.address,
            ),
            *search.on_day(BudgetProposal.created_at),
        )
        .order_by(BudgetProposal.created_at, BudgetProposal.id)
    )
    return page_of(statement, search)


def submitted_counts() -> dict[int, int]:
    """How many proposals of each budget wait for a clerk's review (one query)."""
    rows = db.session.execute(
        select(BudgetProposal.budget_id, func.count())
        .where(BudgetProposal.state == PROPOSAL_SUBMITTED)
        .group_by(BudgetProposal.budget_id)
    )
    return {budget_id: int(count) for budget_id, count in rows}


@dataclass(frozen=True)
class ReviewInput:
    decision: str  # feasible, unfeasible or merged
    reason: str
    final_cost: int | None
    expense_kind: str
    merge_into_id: int | None
    # The review the clerk had before their eyes (None: not reviewed yet).
    reviewed_at_seen: datetime | None = None


def review_proposal(
    proposal_id: int, data: ReviewInput, *, actor: User, now: datetime
) -> BudgetProposal:
    """A clerk's decision, public with its reason; possible until the vote opens. A
    review corrects only the one the clerk saw: another clerk's decision taken
    meanwhile is refused, not overwritten (``civic.decisions``)."""
    proposal = locked(BudgetProposal, proposal_id)
    if proposal is None:
        raise Refused(_("Proposition introuvable."))
    if proposal.reviewed_at != data.reviewed_at_seen:
        raise already_decided(
            _("Cette proposition a déjà été examinée"),
            by_id=proposal.reviewed_by_id,
            at=proposal.reviewed_at,
        )
    budget = db.session.get_one(Budget, proposal.budget_id)
    if phase_of(budget, now) not in (PHASE_PROPOSALS, PHASE_REVIEW):
        raise Refused(_("L'examen des propositions est clos : le vote est ouvert ou terminé."))
    if data.expense_kind not in EXPENSE_KINDS:
        raise Refused(_("Type de dépense inconnu."), "expense_kind")
    reason = data.reason.strip()
    before = review_dict(proposal)
    if data.decision == PROPOSAL_FEASIBLE:
        if data.expense_kind == EXPENSE_OPERATING:
            raise Refused(
                _(
                    "Une dépense de fonctionnement n'est pas éligible au budget "
                    "participatif : le projet n'est pas réalisable."
                ),
                "expense_kind",
            )
        cost = data.final_cost if data.final_cost is not None else proposal.estimated_cost
        if cost < 1:
            raise Refused(_("Le coût final doit être positif."), "final_cost")
        if cost > proposal.heading.amount:
            raise Refused(
                _(
                    "Le coût final dépasse le montant de la rubrique (%(amount)s €).",
                    amount=proposal.heading.amount,
                ),
                "final_cost",
            )
        proposal.final_cost = cost
        proposal.merged_into_id = None
        # The neighbourhood council may be asked to vote on it (follow-up layer).
        publish(ProposalFeasible(now=now, proposal_id=proposal.id))
    elif data.decision == PROPOSAL_UNFEASIBLE:
        if not reason:
            raise Refused(_("Donnez la raison, publique, de ce refus."), "reason")
        proposal.merged_into_id = None
    elif data.decision == PROPOSAL_MERGED:
        target = db.session.get(BudgetProposal, data.merge_into_id or 0)
        if (
            target is None
            or target.id == proposal.id
            or target.heading_id != proposal.heading_id
            or target.state == PROPOSAL_MERGED
        ):
            raise Refused(
                _("Choisissez une autre proposition, de la même rubrique, à laquelle la joindre."),
                "merge_into_id",
            )
        proposal.merged_into_id = target.id
        reason = reason or _("Fusionnée avec « %(title)s ».", title=target.title)
    else:
        raise Refused(_("Décision inconnue."), "decision")
    proposal.state = data.decision
    proposal.review_reason = reason or None
    proposal.expense_kind = data.expense_kind
    proposal.reviewed_at = now
    proposal.reviewed_by_id = actor.id
    if proposal.author_id is not None:
        notify_all(
            {proposal.author_id},
            REVIEW_NEWS[data.decision],
            subject_title=proposal.title,
            link=path_to("budget.proposal", budget_id=proposal.budget_id, proposal_id=proposal.id),
            now=now,
        )
    audit.record(
        actor=actor,
        action="budget.proposal_reviewed",
        object_type="budget_proposal",
        object_id=proposal.id,
        before=before,
        after=review_dict(proposal),
        reason=reason or None,
        now=now,
    )
    db.session.commit()
    return proposal


def review_dict(proposal: BudgetProposal) -> dict[str, object]:
    return {
        "state": proposal.state,
        "reason": proposal.review_reason,
        "final_cost": proposal.final_cost,
        "expense_kind": proposal.expense_kind,
        "merged_into_id": proposal.merged_into_id,
    }
