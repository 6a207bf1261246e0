"""The lobby register's public page and the forms officials and senior staff record on."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from civic.auth.access import roles_required
from civic.bodies import lobby
from civic.bodies.forms import GiftForm, LobbyMeetingForm
from civic.bodies.views import bp
from civic.forms import first_error, required
from civic.models.accounts import STAFF_ROLES
from civic.services import Refused, now_utc

# The gifts' form shares the register's page with the meetings' form (both name an official).
GIFT_PREFIX = "gift"


def _may_record() -> bool:
    return current_user.is_authenticated and bool(current_user.role_names & set(STAFF_ROLES))


@bp.get("/lobby")
def lobby_register() -> ResponseReturnValue:
    staff = _may_record()
    return render_template(
        "bodies/lobby.html",
        meetings=[(m, lobby.due_on(m), lobby.published_late(m)) for m in lobby.meetings()],
        gifts=[(g, lobby.due_on(g), lobby.published_late(g)) for g in lobby.gifts()],
        days=lobby.publication_days(),
        meeting_form=LobbyMeetingForm(formdata=None) if staff else None,
        gift_form=GiftForm(formdata=None, prefix=GIFT_PREFIX) if staff else None,
    )


@bp.post("/lobby/meetings")
@roles_required(*STAFF_ROLES)
def record_lobby_meeting() -> ResponseReturnValue:
    form = LobbyMeetingForm()
    if form.validate_on_submit():
        data = lobby.MeetingInput(
            representative=form.representative.data or "",
            official=form.official.data or "",
            met_on=required(form.met_on.data),
            subject=form.subject.data or "",
            documents=form.documents.data or "",
        )
        try:
            lobby.record_meeting(data, actor=current_user, now=now_utc())
        except Refused as refusal:
            flash(refusal.message, "error")
        else:
            flash(_("Rencontre publiée dans le registre."), "success")
    else:
        flash(first_error(form), "error")
    return redirect(url_for("bodies.lobby_register") + "#meetings")


@bp.post("/lobby/gifts")
@roles_required(*STAFF_ROLES)
def record_gift() -> ResponseReturnValue:
    form = GiftForm(prefix=GIFT_PREFIX)
    if form.validate_on_submit():
        data = lobby.GiftInput(
            official=form.official.data or "",
            giver=form.giver.data or "",
            description=form.description.data or "",
            value=required(form.value.data),
            offered_on=required(form.offered_on.data),
            outcome=form.outcome.data or "",
        )
        try:
            lobby.record_gift(data, actor=current_user, now=now_utc())
        except Refused as refusal:
            flash(refusal.message, "error")
        else:
            flash(_("Cadeau publié dans le registre."), "success")
    else:
        flash(first_error(form), "error")
    return redirect(url_for("bodies.lobby_register") + "#gifts")
