"""Votation pages: residents vote and read results; clerks organise and run the paper desk."""

from __future__ import annotations

from dataclasses import replace

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm

from civic import database
from civic.auth.access import roles_required, verified_required
from civic.caching import shared_when_anonymous
from civic.commune.services import neighbourhoods
from civic.extensions import db, htmx
from civic.forms import attach_refusal, required, show_refusal
from civic.models.accounts import ROLE_ADMIN, ROLE_CLERK
from civic.models.votations import CHANNEL_ONLINE, STATUS_DRAFT, STATUS_PUBLISHED
from civic.services import Refused, now_utc
from civic.votations import approvals, results, services, track, voting
from civic.votations import paper as paper_desk
from civic.votations.forms import (
    KIND_LABELS,
    PRESET_LABELS,
    CancelBatchForm,
    PaperVoterForm,
    VotationForm,
    answers_of,
    ballot_form,
    paper_ballots_form,
    paper_counts_of,
)

bp = Blueprint("votations", __name__, url_prefix="/votations")
clerk_bp = Blueprint("votations_clerk", __name__, url_prefix="/clerk/votations")

CLERKS = (ROLE_CLERK, ROLE_ADMIN)


def _is_clerk() -> bool:
    return bool(current_user.is_authenticated and current_user.role_names.intersection(CLERKS))


def _page(votation_id: int, *, preparing: bool = False) -> results.VotationPage:
    """The votation's page; a draft is the clerks' alone (404), except that with
    ``preparing`` a petition's draft is returned for its « en préparation » page: the
    petition links to it, and a public link never leads to a 404."""
    try:
        page = results.votation_page(
            votation_id,
            user=current_user if current_user.is_authenticated else None,
            now=now_utc(),
        )
    except Refused:
        abort(404)
    if page.votation.status == STATUS_DRAFT and not _is_clerk():
        if not (preparing and page.votation.origin_petition_id is not None):
            abort(404)
    return page


def _labels() -> dict[str, object]:
    # A votation is named by its track: a citizens' vote, or the law's (civic.votations.track).
    return {
        "kind_labels": KIND_LABELS,
        "preset_labels": PRESET_LABELS,
        "designation": track.designation,
    }


@bp.get("/")
@shared_when_anonymous
def index() -> ResponseReturnValue:
    now = now_utc()
    votations = services.visible_votations()
    return render_template(
        "votations/index.html",
        votations=votations,
        phases={v.id: results.phase_of(v, now) for v in votations},
        **_labels(),
    )


@bp.get("/<int:votation_id>")
@shared_when_anonymous
def show(votation_id: int) -> ResponseReturnValue:
    page = _page(votation_id, preparing=True)
    if page.votation.status == STATUS_DRAFT and not _is_clerk():
        return render_template("votations/preparing.html", votation=page.votation)
    return render_template(
        "votations/show.html",
        page=page,
        form=ballot_form(page.votation, formdata=None),
        **_labels(),
        **trustee_views.show_context(page.votation),
        **legal_views.show_context(page.votation),
        **follow_views.show_context(page.votation),
    )


@bp.post("/<int:votation_id>/vote")
@database.reads_before_writing  # a hot write: the lock only to cast the ballot
@verified_required
def vote(votation_id: int) -> ResponseReturnValue:
    page = _page(votation_id)
    form = ballot_form(page.votation)
    error = None
    # Decided before the commit, which expires what the request loaded: reading it
    # again would open a second transaction (on SQLite, the write lock again).
    done = _("Vous avez voté. Merci de votre participation.")
    tracker = None
    if form.validate_on_submit():
        try:
            if "credential" in form:  # an encrypted vote (civic.votations.encrypted)
                tracker = trustee_views.cast_encrypted(page.votation, form)
            else:
                with database.write_lock_from_here():
                    voting.cast_online(
                        votation_id,
                        user=current_user,
                        answers=answers_of(form, page.votation),
                        now=now_utc(),
                    )
        except Refused as refusal:
            db.session.rollback()  # what follows reads without the write lock
            # Without JavaScript the page is left for a redirect: the message goes with it.
            if not attach_refusal(form, refusal) or not htmx:
                error = refusal.message
            if htmx:  # read again: a double click finds the first click's vote
                page = _page(votation_id)
        else:
            # The count read before voting, plus this vote ("to date": others may
            # have voted meanwhile); the template reads nothing else from the database.
            page = replace(page, voted_channel=CHANNEL_ONLINE, refusal=None, voters=page.voters + 1)
    else:
        error = _("Choisissez une réponse à chaque question (le vote blanc est possible).")
    if htmx:
        return render_template(
            "votations/_ballot.html", page=page, form=form, error=error, tracker=tracker
        )
    flash(error or done, "error" if error else "success")
    # The tracker stays out of the URL (access logs): the page reads it from the session.
    return redirect(url_for("votations.show", votation_id=votation_id))


def _published(votation_id: int) -> results.VotationPage:
    page = _page(votation_id)
    if page.votation.status != STATUS_PUBLISHED:
        abort(404)
    return page


def _csv(body: str, filename: str) -> Response:
    return Response(
        body,
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@bp.get("/<int:votation_id>/resultats.csv")
def results_csv(votation_id: int) -> ResponseReturnValue:
    page = _published(votation_id)
    return _csv(results.results_csv(page.votation), f"votation-{votation_id}-resultats.csv")


@bp.get("/<int:votation_id>/bulletins-<int:position>.csv")
def ballots_csv(votation_id: int, position: int) -> ResponseReturnValue:
    page = _published(votation_id)
    if not 1 <= position <= len(page.votation.questions):
        abort(404)
    question = page.votation.questions[position - 1]
    return _csv(
        results.ballots_csv(page.votation, question),
        f"votation-{votation_id}-bulletins-{position}.csv",
    )


# Clerks ---------------------------------------------------------------------------


@clerk_bp.get("/")
@roles_required(*CLERKS)
def manage() -> ResponseReturnValue:
    now = now_utc()
    votations = services.all_votations()
    return render_template(
        "votations/manage.html",
        votations=votations,
        phases={v.id: results.phase_of(v, now) for v in votations},
        requests=services.requests_of([v.id for v in votations]),
        **_labels(),
    )


def _editor(votation_id: int | None) -> ResponseReturnValue:
    votation = None
    if votation_id is not None:
        try:
            votation = services.get_votation(votation_id)
        except Refused:
            abort(404)
    form = VotationForm()
    form.neighbourhoods.choices = [(n.id, n.name) for n in neighbourhoods()]
    if votation is not None and not form.is_submitted():
        form.fill_from(votation)
    if form.validate_on_submit():
        try:
            saved = services.save_votation(
                votation_id, form.details(), actor=current_user, now=now_utc()
            )
        except Refused as refusal:
            db.session.rollback()  # the refused draft must not be flushed by the page
            show_refusal(form, refusal)
        else:
            flash(_("Votation enregistrée."), "success")
            return redirect(url_for("votations_clerk.edit", votation_id=saved.id))
    return render_template("votations/edit.html", form=form, votation=votation, **_labels())


@clerk_bp.route("/new", methods=["GET", "POST"])
@roles_required(*CLERKS)
def new() -> ResponseReturnValue:
    return _editor(None)


@clerk_bp.route("/<int:votation_id>/edit", methods=["GET", "POST"])
@roles_required(*CLERKS)
def edit(votation_id: int) -> ResponseReturnValue:
    return _editor(votation_id)


CLERK_ACTIONS = {
    "schedule": (approvals.request_scheduling, _l("Programmation demandée.")),
    "approve_schedule": (approvals.approve_scheduling, _l("Votation programmée.")),
    "publish": (approvals.request_publication, _l("Publication demandée.")),
    "approve_publish": (approvals.approve_publication, _l("Résultats publiés.")),
}


def _clerk_action(votation_id: int, action: str) -> ResponseReturnValue:
    from civic.templating import EmptyForm

    form = EmptyForm()
    if not form.validate_on_submit():
        flash(_("La page a expiré. Rechargez-la et réessayez."), "error")
    else:
        act, done = CLERK_ACTIONS[action]
        # An approval names the request the approver's page showed; a post naming none
        # approves nothing.
        seen = {"seen_request": request.form.get("request", "")} if "approve" in action else {}
        try:
            act(votation_id, actor=current_user, now=now_utc(), **seen)
        except Refused as refusal:
            db.session.rollback()
            flash(refusal.message, "error")
        else:
            flash(str(done), "success")
    return redirect(url_for("votations_clerk.manage"))


@clerk_bp.post("/<int:votation_id>/schedule")
@roles_required(*CLERKS)
def schedule(votation_id: int) -> ResponseReturnValue:
    return _clerk_action(votation_id, "schedule")


@clerk_bp.post("/<int:votation_id>/schedule/approve")
@roles_required(*CLERKS)
def approve_schedule(votation_id: int) -> ResponseReturnValue:
    return _clerk_action(votation_id, "approve_schedule")


@clerk_bp.post("/<int:votation_id>/publish")
@roles_required(*CLERKS)
def publish(votation_id: int) -> ResponseReturnValue:
    return _clerk_action(votation_id, "publish")


@clerk_bp.post("/<int:votation_id>/publish/approve")
@roles_required(*CLERKS)
def approve_publish(votation_id: int) -> ResponseReturnValue:
    return _clerk_action(votation_id, "approve_publish")


def _desk(
    votation_id: int,
    voter_form: PaperVoterForm | None = None,
    ballots_form: FlaskForm | None = None,
) -> ResponseReturnValue:
    try:
        votation = services.get_votation(votation_id)
    except Refused:
        abort(404)
    context = {
        "votation": votation,
        "lines": voting.reconciliation(votation),
        "batches": paper_desk.batches_of(votation.id),
        "cancel_form": CancelBatchForm(formdata=None),
        "voter_form": voter_form or PaperVoterForm(formdata=None),
        "ballots_form": ballots_form or paper_ballots_form(votation, formdata=None),
    }
    if htmx:
        return render_template("votations/_reconciliation.html", **context)
    return render_template("votations/paper.html", **context)


@clerk_bp.get("/<int:votation_id>/paper")
@roles_required(*CLERKS)
def paper(votation_id: int) -> ResponseReturnValue:
    return _desk(votation_id)


@clerk_bp.post("/<int:votation_id>/paper/voter")
@roles_required(*CLERKS)
def paper_voter(votation_id: int) -> ResponseReturnValue:
    form = PaperVoterForm()
    if form.validate_on_submit():
        try:
            user = voting.mark_paper_voter(
                votation_id,
                person=required(form.person.data),
                polling_station=required(form.polling_station.data),
                actor=current_user,
                now=now_utc(),
            )
        except Refused as refusal:
            show_refusal(form, refusal)
        else:
            flash(_("%(name)s a voté (émargement papier).", name=user.display_name), "success")
            return redirect(url_for("votations_clerk.paper", votation_id=votation_id))
    return _desk(votation_id, voter_form=form)


@clerk_bp.post("/<int:votation_id>/paper/ballots")
@roles_required(*CLERKS)
def paper_ballots(votation_id: int) -> ResponseReturnValue:
    try:
        votation = services.get_votation(votation_id)
    except Refused:
        abort(404)
    form = paper_ballots_form(votation)
    if form.validate_on_submit():
        try:
            added = voting.enter_paper_ballots(
                votation_id,
                polling_station=form.polling_station.data,
                counts=paper_counts_of(form, votation),
                actor=current_user,
                now=now_utc(),
            )
        except Refused as refusal:
            show_refusal(form, refusal)
        else:
            flash(_("%(count)s bulletins papier saisis.", count=added), "success")
            return redirect(url_for("votations_clerk.paper", votation_id=votation_id))
    return _desk(votation_id, ballots_form=form)


@clerk_bp.post("/<int:votation_id>/paper/batches/<int:batch_id>/cancel")
@roles_required(*CLERKS)
def cancel_batch(votation_id: int, batch_id: int) -> ResponseReturnValue:
    form = CancelBatchForm()
    if not form.validate_on_submit():
        flash(_("Indiquez pourquoi ce lot est annulé."), "error")
    else:
        try:
            paper_desk.cancel_batch(
                votation_id,
                batch_id,
                reason=required(form.reason.data),
                actor=current_user,
                now=now_utc(),
            )
        except Refused as refusal:
            db.session.rollback()
            flash(refusal.message, "error")
        else:
            flash(_("Lot annulé : ses bulletins ont été retirés de l'urne."), "success")
    # A station's report is cancelled from the legal track's page of reports.
    desk = "stations_reports" if request.form.get("from") == "stations" else "paper"
    return redirect(url_for(f"votations_clerk.{desk}", votation_id=votation_id))


# The trustees' ceremony, the encrypted count and its verification, and the legal
# track's deliberation and polling stations' reports add their pages here.
from civic.votations import follow_views, legal_views, trustee_views  # noqa: E402
