"""``/charte/signataires``: the public register; the admin adds and removes entries."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from civic.auth.access import roles_required
from civic.charter import services
from civic.charter.forms import MandateEndForm, SignatoryForm
from civic.electorate import local_day
from civic.forms import first_error, show_refusal
from civic.models.accounts import ROLE_ADMIN
from civic.services import Refused, now_utc
from civic.templating import EmptyForm

bp = Blueprint("charter", __name__, url_prefix="/charte")


def _page(form: SignatoryForm) -> ResponseReturnValue:
    return render_template(
        "charter/signatories.html", signatories=services.signatories(), form=form
    )


@bp.get("/signataires")
def signatories() -> ResponseReturnValue:
    return _page(SignatoryForm(formdata=None))


@bp.post("/signataires")
@roles_required(ROLE_ADMIN)
def add() -> ResponseReturnValue:
    form = SignatoryForm()
    if form.validate_on_submit():
        now = now_utc()
        entry = services.SignatoryEntry(
            name=form.name.data or "",
            mandate=form.mandate.data or "",
            signed_on=form.signed_on.data,
            mandate_ended_on=form.mandate_ended_on.data,
        )
        try:
            services.add_signatory(entry, actor=current_user, now=now, today=local_day(now))
        except Refused as refusal:
            show_refusal(form, refusal)
        else:
            flash(_("Signataire ajouté·e au registre."), "success")
            return redirect(url_for("charter.signatories"))
    return _page(form)


@bp.post("/signataires/<int:signatory_id>/fin-de-mandat")
@roles_required(ROLE_ADMIN)
def end_mandate(signatory_id: int) -> ResponseReturnValue:
    if services.signatory(signatory_id) is None:
        abort(404)
    form = MandateEndForm()
    if not form.validate_on_submit():
        flash(first_error(form), "error")
    else:
        now = now_utc()
        try:
            services.end_mandate(
                signatory_id,
                form.mandate_ended_on.data,
                actor=current_user,
                now=now,
                today=local_day(now),
            )
        except Refused as refusal:
            flash(refusal.message, "error")
        else:
            flash(_("Fin du mandat enregistrée."), "success")
    return redirect(url_for("charter.signatories"))


@bp.post("/signataires/<int:signatory_id>/remove")
@roles_required(ROLE_ADMIN)
def remove(signatory_id: int) -> ResponseReturnValue:
    if services.signatory(signatory_id) is None:
        abort(404)
    form = EmptyForm()
    if not form.validate_on_submit():
        flash(first_error(form), "error")
    else:
        try:
            services.remove_signatory(signatory_id, actor=current_user, now=now_utc())
        except Refused as refusal:
            flash(refusal.message, "error")
        else:
            flash(_("Entrée retirée du registre."), "success")
    return redirect(url_for("charter.signatories"))
