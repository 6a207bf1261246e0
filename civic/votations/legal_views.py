"""Staff pages of the legal track's votations (the organising deliberation, the polling
stations' reports) and of the council's decision on any votation's results
(docs/rules.md §4, §9)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from civic.auth.access import roles_required
from civic.deliberations.forms import DecisionForm
from civic.deliberations.services import OUTCOME_LABELS
from civic.extensions import db
from civic.forms import first_error, show_refusal
from civic.models.votations import Votation
from civic.services import Refused, now_utc
from civic.votations import council, legal, same_subject, services, stations
from civic.votations import documents as votation_documents
from civic.votations.forms import CancelBatchForm
from civic.votations.legal_forms import DeliberationForm, report_details, station_report_form
from civic.votations.track import designation, legal_vote
from civic.votations.views import CLERKS, clerk_bp


def _legal_votation(votation_id: int) -> Votation:
    try:
        votation = services.get_votation(votation_id)
    except Refused:
        abort(404)
    if legal_vote(votation) is None:
        abort(404)  # a citizens' vote has neither deliberation to transmit nor stations
    return votation


@clerk_bp.route("/<int:votation_id>/deliberation", methods=["GET", "POST"])
@roles_required(*CLERKS)
def deliberation(votation_id: int) -> ResponseReturnValue:
    votation = _legal_votation(votation_id)
    record = legal.deliberation_of(votation.id)
    form = DeliberationForm(obj=record)
    form.same_subject_as_id.choices = same_subject.choices(votation)
    if form.validate_on_submit():
        try:
            legal.record_deliberation(
                votation_id, form.details(), actor=current_user, now=now_utc()
            )
        except Refused as refusal:
            db.session.rollback()
            show_refusal(form, refusal)
        else:
            flash(_("Délibération enregistrée."), "success")
            return redirect(url_for("votations_clerk.deliberation", votation_id=votation_id))
    return render_template(
        "votations/deliberation.html",
        votation=votation,
        designation=designation(votation),
        form=form,
        problems=legal.schedule_problems(votation, now_utc()) if votation.status == "draft" else [],
    )


@clerk_bp.route("/<int:votation_id>/stations", methods=["GET", "POST"])
@roles_required(*CLERKS)
def stations_reports(votation_id: int) -> ResponseReturnValue:
    votation = _legal_votation(votation_id)
    form = station_report_form(votation)
    if form.validate_on_submit():
        try:
            stations.enter_station_report(
                votation_id, report_details(form, votation), actor=current_user, now=now_utc()
            )
        except Refused as refusal:
            db.session.rollback()
            show_refusal(form, refusal)
        else:
            flash(_("Procès-verbal saisi."), "success")
            return redirect(url_for("votations_clerk.stations_reports", votation_id=votation_id))
    return render_template(
        "votations/stations.html",
        votation=votation,
        designation=designation(votation),
        form=form,
        reports=stations.all_reports(votation.id),
        cancel_form=CancelBatchForm(formdata=None),
    )


def show_context(votation: Votation) -> dict[str, object]:
    """What the votation's public page shows of the legal track (nothing for a citizens' vote)."""
    kind = legal_vote(votation)
    if kind is None:
        return {"legal": None, **decision_context(votation)}
    return {
        **decision_context(votation),
        "legal": {
            "kind": str(kind),
            "deliberation": legal.deliberation_of(votation.id),
            "stations": stations.station_lines(votation) if votation.status == "published" else [],
        },
    }


# The council's decision on the results (civic.votations.council) ---------------------


@clerk_bp.post("/<int:votation_id>/decision")
@roles_required(*CLERKS)
def record_decision(votation_id: int) -> ResponseReturnValue:
    try:
        services.get_votation(votation_id)
    except Refused:
        abort(404)
    form = DecisionForm()
    if not form.validate_on_submit():
        flash(first_error(form), "error")
    else:
        try:
            council.record_council_decision(
                votation_id,
                facts=form.facts(),
                summary=form.summary.data,
                actor=current_user,
                now=now_utc(),
            )
        except Refused as refusal:
            db.session.rollback()
            flash(refusal.message, "error")
        else:
            flash(
                _("La délibération du conseil est enregistrée ; elle figure sur la page."),
                "success",
            )
    return redirect(url_for("votations.show", votation_id=votation_id, _anchor="council-decisions"))


def decision_context(votation: Votation) -> dict[str, object]:
    """The council's decisions the votation's page shows, and the clerk's form."""
    return {
        "votation_documents": votation_documents.documents_of(votation.id),
        "council_decisions": council.decisions_of(votation.id),
        "decision_matters": council.MATTER_LABELS,
        "outcome_labels": OUTCOME_LABELS,
        "awaiting_decision": council.awaiting_decision(votation),
        "decision_form": DecisionForm(formdata=None),
    }
