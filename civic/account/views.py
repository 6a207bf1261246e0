from __future__ import annotations

import json

from flask import Blueprint, Response, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required, logout_user
from flask_wtf import FlaskForm
from wtforms import PasswordField
from wtforms.validators import DataRequired, Length

from civic.account import services
from civic.auth import services as auth_services
from civic.auth import sessions
from civic.forms import show_refusal
from civic.services import Refused, now_utc
from civic.templating import EmptyForm

bp = Blueprint("account", __name__, url_prefix="/account")


class DeleteAccountForm(FlaskForm):
    password = PasswordField(
        _l("Votre mot de passe, pour confirmer"), validators=[DataRequired(), Length(max=200)]
    )


@bp.get("/")
@login_required
def index() -> ResponseReturnValue:
    return render_template(
        "account/index.html",
        sessions=sessions.active_sessions(current_user.id, now=now_utc()),
        this_session=sessions.session_hash(current_user.session_token or ""),
        logout_form=EmptyForm(),
    )


@bp.post("/logout-everywhere")
@login_required
def logout_everywhere() -> ResponseReturnValue:
    if EmptyForm().validate_on_submit():
        auth_services.log_out_everywhere(current_user.id)
        logout_user()
        flash(_("Vous êtes déconnecté·e partout, sur tous vos appareils."), "success")
        return redirect(url_for("auth.login"))
    return redirect(url_for("account.index"))


@bp.get("/export.json")
@login_required
def export() -> ResponseReturnValue:
    body = json.dumps(services.export_data(current_user), ensure_ascii=False, indent=2)
    return Response(
        body,
        mimetype="application/json",
        headers={
            "Content-Disposition": 'attachment; filename="mes-donnees-civic.json"',
            "Cache-Control": "no-store",
        },
    )


@bp.route("/delete", methods=["GET", "POST"])
@login_required
def delete() -> ResponseReturnValue:
    form = DeleteAccountForm()
    if form.validate_on_submit():
        try:
            services.delete_account(current_user, form.password.data or "", now=now_utc())
        except Refused as refusal:
            show_refusal(form, refusal)
        else:
            logout_user()
            flash(_("Votre compte et vos données personnelles ont été supprimés."), "success")
            return redirect(url_for("main.index"))
    return render_template("account/delete.html", form=form)
