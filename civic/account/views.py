from __future__ import annotations

import json

from flask import (
    Blueprint,
    Response,
    current_app,
    flash,
    redirect,
    render_template,
    session,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required, logout_user
from flask_wtf import FlaskForm
from wtforms import PasswordField
from wtforms.validators import DataRequired, Length

from civic.account import credentials, services
from civic.account.forms import ChangeEmailForm, ChangePasswordForm
from civic.auth import services as auth_services
from civic.auth import sessions
from civic.auth.views import keep_token
from civic.extensions import limiter
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


def _password_check_limit() -> str:
    # Each of these pages checks the current password: as slow to guess as a log-in.
    return str(current_app.config["RATELIMIT_LOGIN"])


@bp.route("/password", methods=["GET", "POST"])
@login_required
@limiter.limit(_password_check_limit, methods=["POST"])
def password() -> ResponseReturnValue:
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            credentials.change_password(
                current_user,
                form.current_password.data or "",
                form.password.data or "",
                session_token=current_user.session_token,
                now=now_utc(),
            )
        except Refused as refusal:
            show_refusal(form, refusal)
        else:
            flash(_("Mot de passe changé. Vos autres appareils ont été déconnectés."), "success")
            return redirect(url_for("account.index"))
    return render_template("account/password.html", form=form)


@bp.route("/email", methods=["GET", "POST"])
@login_required
@limiter.limit(_password_check_limit, methods=["POST"])
def email() -> ResponseReturnValue:
    form = ChangeEmailForm()
    if form.validate_on_submit():
        try:
            credentials.request_email_change(
                current_user, form.password.data or "", form.email.data or "", now=now_utc()
            )
        except Refused as refusal:
            show_refusal(form, refusal)
        else:
            return render_template("account/email_sent.html")
    return render_template("account/email.html", form=form)


# As the links of civic.auth.views: the first GET keeps the token in the session and
# redirects to an address without it (out of access logs, history and Referer).
_EMAIL_TOKEN = "civic_email_change_token"  # nosec B105  # the session key that holds it


@bp.get("/email/confirm/<token>")
def confirm_email_link(token: str) -> ResponseReturnValue:
    return keep_token(_EMAIL_TOKEN, token, "account.confirm_email")


@bp.route("/email/confirm", methods=["GET", "POST"])
@login_required
def confirm_email() -> ResponseReturnValue:
    # GET only shows a button: mail scanners that follow links must not use the token.
    form = EmptyForm()
    if form.validate_on_submit():
        try:
            address = credentials.confirm_email_change(
                current_user, session.get(_EMAIL_TOKEN, ""), now=now_utc()
            )
        except Refused as refusal:
            flash(refusal.message, "error")
            return render_template("account/confirm_email.html", form=form, invalid=True), 400
        session.pop(_EMAIL_TOKEN, None)
        flash(
            _("Adresse changée : votre compte utilise désormais %(address)s.", address=address),
            "success",
        )
        return redirect(url_for("account.index"))
    return render_template("account/confirm_email.html", form=form, invalid=False)
