"""Staff pages of the legal track's votations: the organising deliberation and the
polling stations' reports (docs/rules.md §4, §9)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from civic.auth.access import roles_required
from civic.extensions import db
from civic.forms import show_refusal
from civic.models.votations import Votation
from civic.services import Refused, now_utc
from civic.votations import legal, services, stations
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
        return {"legal": None}
    return {
        "legal": {
            "kind": str(kind),
            "deliberation": legal.deliberation_of(votation.id),
            "stations": stations.station_lines(votation) if votation.status == "published" else [],
        }
    }
