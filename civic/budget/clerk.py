"""Clerk pages: review proposals, enter paper ballots, update the follow-up."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from civic.auth.access import roles_required
from civic.budget import followup, proposals, setup, voting
from civic.budget.forms import (
    FollowupForm,
    PaperBallotForm,
    ReviewForm,
    review_form,
)
from civic.budget.public import budget_or_404, heading_or_404, labels
from civic.clerk_queues import Search
from civic.commune.services import neighbourhoods
from civic.extensions import db, htmx
from civic.forms import required, show_refusal
from civic.models import BudgetProposal
from civic.models.accounts import ROLE_ADMIN, ROLE_CLERK
from civic.services import Refused, now_utc

clerk_bp = Blueprint("budget_clerk", __name__, url_prefix="/clerk/budgets")
CLERKS = (ROLE_CLERK, ROLE_ADMIN)


def _proposal_or_404(proposal_id: int) -> BudgetProposal:
    proposal = db.session.get(BudgetProposal, proposal_id)
    if proposal is None:
        from flask import abort

        abort(404)
    return proposal


def _review_page(
    budget_id: int, failed: dict[int, ReviewForm] | None = None
) -> ResponseReturnValue:
    budget = budget_or_404(budget_id)
    items = proposals.proposals_of(budget.id)  # every one: a merge may name any
    search = Search.from_args(request.args)
    page = proposals.review_page(budget.id, search)
    # A refused decision is shown with its message, whatever page it was on.
    shown = list(page.items) + [
        item for item in items if item.id in (failed or {}) and item not in page.items
    ]
    forms: dict[int, ReviewForm] = {}
    for item in shown:
        form = review_form(item, items, formdata=None)
        form.decision.data = item.state if item.state != "submitted" else "feasible"
        form.reason.data = item.review_reason
        form.final_cost.data = item.final_cost or item.estimated_cost
        form.expense_kind.data = item.expense_kind
        form.merge_into_id.data = item.merged_into_id or 0
        form.reviewed_at_seen.data = item.reviewed_at.isoformat() if item.reviewed_at else ""
        forms[item.id] = form
    forms.update(failed or {})
    return render_template(
        "budget/_review_list.html" if htmx else "budget/review.html",
        budget=budget,
        phase=setup.phase_of(budget, now_utc()),
        proposals=shown,
        page=page,
        search=search,
        forms=forms,
        **labels(),
    )


@clerk_bp.get("/")
@roles_required(*CLERKS)
def index() -> ResponseReturnValue:
    """Every budget, with how many proposals wait for review: the clerk menu's way in."""
    budgets = setup.all_budgets()
    return render_template(
        "budget/clerk_index.html",
        budgets=budgets,
        waiting=proposals.submitted_counts(),
        phases={b.id: setup.phase_of(b, now_utc()) for b in budgets},
        **labels(),
    )


@clerk_bp.get("/<int:budget_id>/examen")
@roles_required(*CLERKS)
def review(budget_id: int) -> ResponseReturnValue:
    return _review_page(budget_id)


@clerk_bp.post("/propositions/<int:proposal_id>/examen")
@roles_required(*CLERKS)
def decide(proposal_id: int) -> ResponseReturnValue:
    proposal = _proposal_or_404(proposal_id)
    form = review_form(proposal, proposals.proposals_of(proposal.budget_id))
    if form.validate_on_submit():
        try:
            proposals.review_proposal(
                proposal_id, form.details(), actor=current_user, now=now_utc()
            )
        except Refused as refusal:
            show_refusal(form, refusal)
        else:
            flash(_("Décision enregistrée : « %(title)s ».", title=proposal.title), "success")
            return redirect(url_for("budget_clerk.review", budget_id=proposal.budget_id))
    return _review_page(proposal.budget_id, {proposal_id: form})


def _paper_form(**kwargs: object) -> PaperBallotForm:
    form = PaperBallotForm(**kwargs)
    form.neighbourhood_id.choices = [(h.id, h.name) for h in neighbourhoods()]
    return form


@clerk_bp.route("/<int:budget_id>/rubriques/<int:heading_id>/papier", methods=["GET", "POST"])
@roles_required(*CLERKS)
def paper(budget_id: int, heading_id: int) -> ResponseReturnValue:
    heading = heading_or_404(budget_id, heading_id)
    projects = voting.ballot_projects(heading.id)
    form = _paper_form()
    form.projects.choices = [(p.id, p.title) for p in projects]
    if form.validate_on_submit():
        voter = voting.PaperVoter(
            family_name=form.family_name.data or "",
            given_names=form.given_names.data or "",
            birth_date=required(form.birth_date.data),
            neighbourhood_id=form.neighbourhood_id.data,
        )
        try:
            voting.cast_paper(
                heading.id,
                voter,
                chosen=set(form.projects.data or []),
                clerk=current_user,
                now=now_utc(),
            )
        except Refused as refusal:
            flash(refusal.message, "error")
        else:
            flash(_("Bulletin papier enregistré."), "success")
            return redirect(
                url_for("budget_clerk.paper", budget_id=budget_id, heading_id=heading_id)
            )
    return render_template(
        "budget/paper.html",
        budget=heading.budget,
        heading=heading,
        phase=setup.phase_of(heading.budget, now_utc()),
        projects=projects,
        form=form,
        count=voting.ballot_count(heading.id),
        **labels(),
    )


@clerk_bp.get("/<int:budget_id>/suivi")
@roles_required(*CLERKS)
def followup_edit(budget_id: int) -> ResponseReturnValue:
    budget = budget_or_404(budget_id)
    funded = followup.funded([h.id for h in budget.headings])
    forms = {}
    for item in funded:
        form = FollowupForm(formdata=None, prefix=f"p{item.id}")
        form.status.data = item.followup_status
        form.reason.data = item.followup_reason
        form.spent.data = item.spent
        forms[item.id] = form
    return render_template(
        "budget/followup_edit.html", budget=budget, funded=funded, forms=forms, **labels()
    )


@clerk_bp.post("/propositions/<int:proposal_id>/suivi")
@roles_required(*CLERKS)
def followup_update(proposal_id: int) -> ResponseReturnValue:
    proposal = _proposal_or_404(proposal_id)
    form = FollowupForm(prefix=f"p{proposal_id}")
    if form.validate_on_submit():
        try:
            followup.update_followup(proposal_id, form.details(), actor=current_user, now=now_utc())
        except Refused as refusal:
            flash(refusal.message, "error")
        else:
            flash(_("Suivi mis à jour : « %(title)s ».", title=proposal.title), "success")
    else:
        flash(_("Vérifiez le statut et le montant dépensé."), "error")
    return redirect(url_for("budget_clerk.followup_edit", budget_id=proposal.budget_id))
