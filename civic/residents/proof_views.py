"""Proof of address: the resident sends it, a clerk reads it (civic/residents/proofs.py)."""

from __future__ import annotations

import io

from flask import Blueprint, abort, flash, redirect, render_template, send_file, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user, login_required

from civic.auth.access import roles_required
from civic.extensions import db
from civic.forms import first_error, show_refusal
from civic.models import User
from civic.models.accounts import ROLE_ADMIN, ROLE_CLERK
from civic.residents import proofs
from civic.residents.forms import ProofForm
from civic.services import Refused, now_utc
from civic.templating import EmptyForm

bp = Blueprint("residence_proof", __name__)


@bp.route("/compte/justificatif-de-domicile", methods=["GET", "POST"])
@login_required
def send() -> ResponseReturnValue:
    form = ProofForm()
    if form.validate_on_submit():
        try:
            proofs.send(current_user, form.file.data.read(proofs.MAX_BYTES + 1), now=now_utc())
        except Refused as refusal:
            show_refusal(form, refusal)
        else:
            flash(_("Justificatif envoyé : un agent de la mairie le consultera."), "success")
            return redirect(url_for("residence_proof.send"))
    return render_template(
        "residents/proof.html",
        form=form,
        proof=proofs.proof_of(current_user.id),
        awaiting=proofs.awaiting_decision(current_user),
        max_mb=proofs.MAX_BYTES // (1024 * 1024),
    )


@bp.post("/clerk/residents/<int:user_id>/justificatif")
@roles_required(ROLE_CLERK, ROLE_ADMIN)
def read(user_id: int) -> ResponseReturnValue:
    """The document, for a clerk: a POST, since each reading is written to the audit log."""
    if db.session.get(User, user_id) is None:
        abort(404)
    form = EmptyForm()
    if not form.validate_on_submit():
        flash(first_error(form), "error")
        return redirect(url_for("residents.queue"))
    try:
        data, media_type = proofs.read_for_clerk(user_id, actor=current_user, now=now_utc())
    except Refused:
        abort(404)
    # An image is shown; a PDF is downloaded (browsers' PDF viewers refuse the sandbox).
    pdf = media_type == "application/pdf"
    response = send_file(
        io.BytesIO(data),
        mimetype=media_type,
        as_attachment=pdf,
        download_name="justificatif-de-domicile." + ("pdf" if pdf else media_type.split("/")[1]),
        max_age=0,
        conditional=False,
    )
    response.headers["Cache-Control"] = "no-store"
    # Whatever the file holds, it runs nothing: no script, no form, no navigation.
    response.headers["Content-Security-Policy"] = "sandbox; default-src 'none'; img-src 'self'"
    return response
