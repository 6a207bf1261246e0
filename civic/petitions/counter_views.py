"""Petitions at the town hall's counter: a clerk signs for the person they serve (with
that person's consent), and prints the sheet that collects signatures on paper."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import BooleanField

from civic import counter
from civic.auth.access import roles_required
from civic.petitions import counter as counter_signing
from civic.petitions import queries
from civic.petitions.labels import SIGNER_LABELS
from civic.petitions.rules import petition_rules
from civic.petitions.signing import NoSuchPetition, is_signable
from civic.services import Refused, now_utc

bp = Blueprint("petitions_counter", __name__, url_prefix="/petitions")

# Lines on a printed sheet: one page of A4 in landscape holds about this many.
SHEET_LINES = 15


class CounterSignForm(FlaskForm):
    consent = BooleanField(_l("La personne m'a donné son accord pour signer cette pétition."))
    legal_request = BooleanField(
        _l("Sa signature vaut aussi demande légale (CGCT L1112-16), à sa demande.")
    )


@bp.post("/<int:petition_id>/guichet/signer")
@roles_required(*counter.COUNTER_ROLES)
def sign(petition_id: int) -> ResponseReturnValue:
    person = counter.acting_for()
    if person is None:
        flash(_("Choisissez d'abord au guichet la personne pour qui vous agissez."), "error")
        return redirect(url_for("frontdesk.index"))
    form = CounterSignForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        act = counter_signing.sign_for(
            petition_id,
            person=person,
            by=current_user,
            consent=bool(form.consent.data),
            legal_request=bool(form.legal_request.data),
            now=now_utc(),
        )
    except NoSuchPetition:
        abort(404)
    except Refused as refusal:
        flash(refusal.message, "error")
        return redirect(url_for("petitions.show", petition_id=petition_id))
    flash(_("Signature enregistrée au guichet. Imprimez le reçu pour la personne."), "success")
    return redirect(url_for("frontdesk.receipt", act_id=act.id))


@bp.get("/<int:petition_id>/feuille")
@roles_required(*counter.COUNTER_ROLES)
def sheet(petition_id: int) -> ResponseReturnValue:
    """The paper sheet, with its legal mentions; its columns are what the paper entry
    page (``petitions.paper_sheet``) takes in, line by line."""
    petition = queries.readable_petition(petition_id, current_user)
    if petition is None:
        abort(404)
    rules = petition_rules(petition)
    return render_template(
        "petitions/sheet.html",
        petition=petition,
        rules=rules,
        signers=SIGNER_LABELS[rules.eligible_signers.value],
        signable=is_signable(petition, now_utc()),
        lines=range(1, SHEET_LINES + 1),
        title=petition.title,
        commune=current_app.config["COMMUNE_NAME"],
        language=str(get_locale()),
        issued_at=now_utc(),
    )
