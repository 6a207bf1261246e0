"""The participatory budget at the town hall's counter: a clerk proposes a project or
casts a ballot for the person they serve (with that person's consent), and prints the
paper ballot whose lines the clerk's paper entry page takes in."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms import BooleanField

from civic import counter
from civic.auth.access import roles_required
from civic.budget import counter as counter_budget
from civic.budget import setup, voting
from civic.budget.forms import BallotForm, ProposalForm
from civic.budget.public import budget_or_404, heading_or_404, labels
from civic.forms import show_refusal
from civic.models import User
from civic.services import Refused, now_utc

bp = Blueprint("budget_counter", __name__, url_prefix="/budgets")

CONSENT = _l("La personne m'a donné son accord pour cet acte en son nom.")


class CounterProposalForm(ProposalForm):
    image = None  # no upload at the counter
    consent = BooleanField(CONSENT)


class CounterBallotForm(BallotForm):
    consent = BooleanField(CONSENT)


def _serving() -> User | None:
    person = counter.acting_for()
    if person is None:
        flash(_("Choisissez d'abord au guichet la personne pour qui vous agissez."), "error")
    return person


def _to_receipt(act_id: int, message: str) -> ResponseReturnValue:
    flash(message, "success")
    return redirect(url_for("frontdesk.receipt", act_id=act_id))


@bp.route("/<int:budget_id>/guichet/proposer", methods=["GET", "POST"])
@roles_required(*counter.COUNTER_ROLES)
def propose(budget_id: int) -> ResponseReturnValue:
    budget = budget_or_404(budget_id)
    person = _serving()
    if person is None:
        return redirect(url_for("frontdesk.index"))
    form = CounterProposalForm()
    form.heading_id.choices = [(h.id, h.name) for h in budget.headings]
    if form.validate_on_submit():
        try:
            act = counter_budget.propose_for(
                budget.id,
                form.details(),
                person=person,
                by=current_user,
                consent=bool(form.consent.data),
                now=now_utc(),
            )
        except Refused as refusal:
            show_refusal(form, refusal)
        else:
            return _to_receipt(act.id, _("Proposition envoyée au guichet. Imprimez le reçu."))
    return render_template(
        "budget/counter_propose.html",
        budget=budget,
        form=form,
        person=person,
        phase=setup.phase_of(budget, now_utc()),
        **labels(),
    )


@bp.route("/<int:budget_id>/rubriques/<int:heading_id>/guichet", methods=["GET", "POST"])
@roles_required(*counter.COUNTER_ROLES)
def vote(budget_id: int, heading_id: int) -> ResponseReturnValue:
    heading = heading_or_404(budget_id, heading_id)
    person = _serving()
    if person is None:
        return redirect(url_for("frontdesk.index"))
    projects = voting.ballot_projects(heading.id)
    form = CounterBallotForm()
    form.projects.choices = [(p.id, p.title) for p in projects]
    if form.validate_on_submit():
        try:
            act = counter_budget.vote_for(
                heading.id,
                person=person,
                by=current_user,
                chosen=set(form.projects.data or []),
                consent=bool(form.consent.data),
                now=now_utc(),
            )
        except Refused as refusal:
            show_refusal(form, refusal)
        else:
            return _to_receipt(act.id, _("Bulletin enregistré au guichet. Imprimez le reçu."))
    return render_template(
        "budget/counter_ballot.html",
        budget=heading.budget,
        heading=heading,
        projects=projects,
        form=form,
        person=person,
        phase=setup.phase_of(heading.budget, now_utc()),
        **labels(),
    )


@bp.get("/<int:budget_id>/rubriques/<int:heading_id>/bulletin")
@roles_required(*counter.COUNTER_ROLES)
def paper_ballot(budget_id: int, heading_id: int) -> ResponseReturnValue:
    """The ballot to print: the fields of the paper entry page, then its projects."""
    heading = heading_or_404(budget_id, heading_id)
    context: dict[str, Any] = labels()
    return render_template(
        "budget/paper_ballot.html",
        budget=heading.budget,
        heading=heading,
        projects=voting.ballot_projects(heading.id),
        title=_("Bulletin de vote : %(heading)s", heading=heading.name),
        commune=current_app.config["COMMUNE_NAME"],
        language=str(get_locale()),
        issued_at=now_utc(),
        **context,
    )
