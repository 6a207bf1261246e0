"""Public pages of the participatory budget: what can be done now, proposals, the
ballot (with its running total), results with reasons, the ``.pb`` file, follow-up."""

from __future__ import annotations

import os
import re

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    redirect,
    render_template,
    request,
    send_from_directory,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from civic.auth.access import verified_required
from civic.budget import followup, listing, proposals, results, setup, summary, voting
from civic.budget.forms import (
    FOLLOWUP_LABELS,
    FORMAT_LABELS,
    PHASE_LABELS,
    RULE_LABELS,
    STATE_LABELS,
    ballot_form,
    proposal_form,
)
from civic.caching import shared_when_anonymous
from civic.extensions import db, htmx
from civic.forms import show_refusal
from civic.models import Budget, BudgetHeading, BudgetProposal
from civic.models.budget import AFTER_VOTE_PHASES, SHARE_GOAL_BP, SHARE_MIN_BP
from civic.services import Refused, now_utc

bp = Blueprint("budget", __name__, url_prefix="/budgets")


def labels() -> dict[str, object]:
    return {
        "phase_labels": PHASE_LABELS,
        "rule_labels": RULE_LABELS,
        "format_labels": FORMAT_LABELS,
        "state_labels": STATE_LABELS,
        "followup_labels": FOLLOWUP_LABELS,
        "share_goal_bp": SHARE_GOAL_BP,
        "share_min_bp": SHARE_MIN_BP,
    }


def budget_or_404(budget_id: int) -> Budget:
    budget = setup.get_budget(budget_id)
    if budget is None:
        abort(404)
    return budget


def heading_or_404(budget_id: int, heading_id: int) -> BudgetHeading:
    heading = voting.get_heading(heading_id)
    if heading is None or heading.budget_id != budget_id:
        abort(404)
    return heading


@bp.get("/")
@shared_when_anonymous
def index() -> ResponseReturnValue:
    now = now_utc()
    budgets = setup.all_budgets()
    phases = {b.id: setup.phase_of(b, now) for b in budgets}
    return render_template("budget/index.html", budgets=budgets, phases=phases, **labels())


@bp.get("/<int:budget_id>")
def show(budget_id: int) -> ResponseReturnValue:
    budget = budget_or_404(budget_id)
    return render_template(
        "budget/show.html",
        budget=budget,
        phase=setup.phase_of(budget, now_utc()),
        ballots={h.id: voting.ballot_count(h.id) for h in budget.headings},
        **labels(),
    )


@bp.get("/<int:budget_id>/propositions")
@shared_when_anonymous
def proposal_list(budget_id: int) -> ResponseReturnValue:
    """Search, filters, sort and pages; with HX-Request, the results alone."""
    budget = budget_or_404(budget_id)
    filters = listing.FORM.read(request.args, {h.id for h in budget.headings})
    context = {
        "budget": budget,
        "listed": listing.project_list(budget.id, filters),
        "filters": filters,
        **labels(),
    }
    if htmx:
        return render_template("budget/_proposal_list.html", **context)
    return render_template(
        "budget/proposals.html", phase=setup.phase_of(budget, now_utc()), **context
    )


@bp.get("/<int:budget_id>/propositions/<int:proposal_id>")
def proposal(budget_id: int, proposal_id: int) -> ResponseReturnValue:
    budget = budget_or_404(budget_id)
    found = db.session.get(BudgetProposal, proposal_id)
    if found is None or found.budget_id != budget.id:
        abort(404)
    return render_template(
        "budget/proposal.html",
        budget=budget,
        proposal=found,
        result=summary.project_result(found),
        **labels(),
    )


@bp.get("/images/<name>")
def image(name: str) -> ResponseReturnValue:
    if not re.fullmatch(r"[0-9a-f]{32}\.(png|jpg|webp)", name):
        abort(404)
    folder = os.path.dirname(proposals.image_path(name))
    return send_from_directory(folder, name, max_age=86400)


@bp.route("/<int:budget_id>/proposer", methods=["GET", "POST"])
@verified_required
def propose(budget_id: int) -> ResponseReturnValue:
    budget = budget_or_404(budget_id)
    form = proposal_form(budget)
    if form.validate_on_submit():
        upload = form.image.data
        image = upload.read(proposals.IMAGE_MAX_BYTES + 1) if upload else None
        try:
            created = proposals.submit_proposal(
                budget.id, form.details(), image=image or None, author=current_user, now=now_utc()
            )
        except Refused as refusal:
            show_refusal(form, refusal)
        else:
            flash(_("Merci ! Votre proposition sera examinée par les services."), "success")
            return redirect(url_for("budget.proposal", budget_id=budget.id, proposal_id=created.id))
    return render_template(
        "budget/propose.html",
        budget=budget,
        form=form,
        phase=setup.phase_of(budget, now_utc()),
        **labels(),
    )


def _ballot_context(heading: BudgetHeading, chosen: set[int] | None) -> dict[str, object]:
    """What the ballot page and its fragments show; ``chosen`` None = the stored ballot."""
    budget = heading.budget
    projects = voting.ballot_projects(heading.id)
    stored = None
    refusal = None
    if current_user.is_authenticated:
        stored = voting.current_choices(heading.id, current_user)
        refusal = voting.refusal_reason(heading, current_user)
    if chosen is None:
        chosen = stored or set()
    form = ballot_form(projects, formdata=None)
    form.projects.data = sorted(chosen)
    return {
        "budget": budget,
        "heading": heading,
        "phase": setup.phase_of(budget, now_utc()),
        "projects": projects,
        "chosen": chosen,
        "total": voting.check_ballot(heading, chosen),
        "stored": stored,
        "refusal": refusal,
        "form": form,
        **labels(),
    }


def _chosen_from(values: list[str]) -> set[int]:
    return {int(v) for v in values if v.isdigit() and len(v) < 12}


@bp.get("/<int:budget_id>/rubriques/<int:heading_id>")
def ballot(budget_id: int, heading_id: int) -> ResponseReturnValue:
    """The ballot; with ``projects`` in the query, the running total of that selection
    (the fragment HTMX swaps in place as boxes are ticked)."""
    heading = heading_or_404(budget_id, heading_id)
    asked = request.args.getlist("projects")
    chosen = _chosen_from(asked) if "total" in request.args or asked else None
    context = _ballot_context(heading, chosen)
    if htmx:
        return render_template("budget/_total.html", **context)
    return render_template("budget/ballot.html", **context)


@bp.post("/<int:budget_id>/rubriques/<int:heading_id>/vote")
@verified_required
def vote(budget_id: int, heading_id: int) -> ResponseReturnValue:
    heading = heading_or_404(budget_id, heading_id)
    chosen = _chosen_from(request.form.getlist("projects"))
    form = ballot_form(voting.ballot_projects(heading.id))
    error = None
    if form.validate_on_submit():
        try:
            voting.cast_online(heading.id, user=current_user, chosen=chosen, now=now_utc())
        except Refused as refusal:
            error = refusal.message
    else:
        error = _("La page a expiré. Rechargez-la et réessayez.")
    context = _ballot_context(heading, chosen if error else None)
    if htmx:
        return render_template("budget/_ballot.html", error=error, saved=not error, **context)
    if error:
        return render_template("budget/ballot.html", error=error, **context)
    flash(_("Votre vote est enregistré. Vous pouvez le modifier jusqu'à la clôture."), "success")
    return redirect(url_for("budget.ballot", budget_id=budget_id, heading_id=heading_id))


@bp.get("/<int:budget_id>/resultats")
@shared_when_anonymous
def results_page(budget_id: int) -> ResponseReturnValue:
    budget = budget_or_404(budget_id)
    if budget.tallied_at is None:
        abort(404)
    return render_template(
        "budget/results.html",
        budget=budget,
        phase=setup.phase_of(budget, now_utc()),
        summaries=[
            summary.heading_summary(r) for h in budget.headings if (r := results.heading_results(h))
        ],
        **labels(),
    )


@bp.get("/<int:budget_id>/rubriques/<int:heading_id>/vote.pb")
def pb_file(budget_id: int, heading_id: int) -> ResponseReturnValue:
    """The heading's ballots in the pabulib format, once the vote is closed."""
    heading = heading_or_404(budget_id, heading_id)
    if setup.phase_of(heading.budget, now_utc()) not in AFTER_VOTE_PHASES:
        abort(404)
    return Response(
        results.export_pb(heading),
        mimetype="text/plain",
        headers={
            "Content-Disposition": (
                f'attachment; filename="budget-{budget_id}-rubrique-{heading_id}.pb"'
            )
        },
    )


@bp.get("/<int:budget_id>/suivi")
def followup_page(budget_id: int) -> ResponseReturnValue:
    budget = budget_or_404(budget_id)
    return render_template(
        "budget/followup.html",
        budget=budget,
        heading=None,
        summary=followup.summary(budget),
        per_heading=[(h, followup.summary(budget, h)) for h in budget.headings],
        **labels(),
    )


@bp.get("/<int:budget_id>/suivi/<int:heading_id>")
def followup_heading(budget_id: int, heading_id: int) -> ResponseReturnValue:
    heading = heading_or_404(budget_id, heading_id)
    return render_template(
        "budget/followup.html",
        budget=heading.budget,
        heading=heading,
        summary=followup.summary(heading.budget, heading),
        per_heading=[],
        **labels(),
    )
