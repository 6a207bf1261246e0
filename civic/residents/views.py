from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from civic.auth.access import roles_required
from civic.clerk_queues import Search
from civic.extensions import db, htmx
from civic.forms import first_error
from civic.models import User
from civic.models.accounts import ROLE_ADMIN, ROLE_CLERK
from civic.models.identity import IdentityCollision
from civic.residents import identity, services
from civic.residents.forms import (
    CollisionDecisionForm,
    ElectoralListForm,
    ResidenceDecisionForm,
)
from civic.services import Refused, now_utc

bp = Blueprint("residents", __name__, url_prefix="/clerk")


@bp.get("/residents")
@roles_required(ROLE_CLERK, ROLE_ADMIN)
def queue() -> ResponseReturnValue:
    context = {
        **identity.residence_queue(Search.from_args(request.args)),
        "form": ResidenceDecisionForm(formdata=None),
    }
    if htmx:
        return render_template("residents/_queue.html", **context)
    return render_template("residents/queue.html", **context)


@bp.post("/residents/<int:user_id>/decision")
@roles_required(ROLE_CLERK, ROLE_ADMIN)
def decide(user_id: int) -> ResponseReturnValue:
    user = db.session.get(User, user_id)
    if user is None:
        abort(404)
    form = ResidenceDecisionForm()
    error = None
    if form.validate_on_submit():
        try:
            services.decide_residence(
                user_id,
                approve=form.decision.data == "approve",
                reason=form.reason.data,
                actor=current_user,
                now=now_utc(),
            )
        except Refused as refusal:
            error = refusal.message
    else:
        error = first_error(form)
    if htmx:
        # The row swaps itself: a decided row says what was decided, a refused
        # submission keeps the form with the message.
        row = render_template(
            "residents/_row.html",
            user=user,
            on_list=services.on_electoral_list(user) is not None,
            duplicates=identity.possible_duplicates([user]),
            form=form,
            error=error,
        )
        count = render_template(
            "residents/_count.html", pending_count=services.pending_count(), oob=True
        )
        return row + count
    if error:
        flash(error, "error")
    else:
        flash(_("Décision enregistrée pour %(name)s.", name=user.display_name), "success")
    return redirect(url_for("residents.queue"))


@bp.route("/electoral-list", methods=["GET", "POST"])
@roles_required(ROLE_CLERK, ROLE_ADMIN)
def electoral_list() -> ResponseReturnValue:
    form = ElectoralListForm()
    report = None
    if form.validate_on_submit():
        try:
            report = services.import_electoral_list(
                form.file.data.read(), actor=current_user, now=now_utc()
            )
        except Refused as refusal:
            flash(refusal.message, "error")
        else:
            flash(_("Liste électorale importée."), "success")
    return render_template(
        "residents/electoral_list.html",
        form=form,
        report=report,
        elector_count=services.elector_count(),
        keys_outdated=identity.electoral_list_outdated(),
    )


@bp.get("/residents/doublons")
@roles_required(ROLE_CLERK, ROLE_ADMIN)
def collisions() -> ResponseReturnValue:
    """Accounts, signatures and ballots that the recomputed identity keys found to
    be one person: each pair side by side, for a clerk to decide; searched by a name
    or an address in either row, or the day found, twenty at a time."""
    context = {
        **identity.collision_queue(Search.from_args(request.args)),
        "form": CollisionDecisionForm(formdata=None),
    }
    if htmx:
        return render_template("residents/_collisions.html", **context)
    return render_template("residents/collisions.html", **context)


@bp.post("/residents/doublons/<int:collision_id>")
@roles_required(ROLE_CLERK, ROLE_ADMIN)
def examine_collision(collision_id: int) -> ResponseReturnValue:
    if db.session.get(IdentityCollision, collision_id) is None:
        abort(404)
    form = CollisionDecisionForm()
    if not form.validate_on_submit():
        flash(first_error(form), "error")
        return redirect(url_for("residents.collisions"))
    try:
        identity.examine_collision(
            collision_id, decision=form.decision.data or "", actor=current_user, now=now_utc()
        )
    except Refused as refusal:
        flash(refusal.message, "error")
    else:
        flash(_("Décision enregistrée."), "success")
    return redirect(url_for("residents.collisions"))
