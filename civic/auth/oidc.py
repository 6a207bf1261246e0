"""Sign in with an identity provider: OpenID Connect, FranceConnect-compatible.

Authorization code flow with PKCE, through Authlib's Flask client. The button posts
to ``/auth/oidc/login``, which sends the browser to the provider with a state, a
nonce and an S256 code challenge (Authlib keeps them in the session). The provider
sends it back to ``/auth/oidc/callback``: Authlib checks the state, exchanges the
code with its verifier, checks the ID token's signature against the keys the
provider publishes (JWKS, fetched again when a key is unknown) and its claims (issuer,
audience, expiry, nonce, ``at_hash``). The identity (``given_name``, ``family_name``,
``birthdate``, ``email``) is read from the userinfo endpoint, which FranceConnect
answers with a signed JWT, checked against the same keys; its ``sub`` must be the ID
token's (``civic.auth.oidc_client``). Anything that fails is refused with a message
and changes nothing.

A provider identity already tied to an account logs into it; a new one goes to
``/auth/oidc/register``, where the person sees the names and birth date the provider
vouched for (not editable) and gives an address, a neighbourhood and an e-mail
(``civic.auth.oidc_accounts``: registration's rules, one person one account).

Without ``OIDC_ISSUER`` (or ``OIDC_DISCOVERY_URL``), ``OIDC_CLIENT_ID`` and
``OIDC_CLIENT_SECRET`` the button is hidden and these routes answer 404.
"""

from __future__ import annotations

import secrets
import time
from datetime import date
from typing import Any

from authlib.integrations.base_client import OAuthError
from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_user
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import BooleanField, EmailField, SelectField, StringField
from wtforms.validators import DataRequired, Email, InputRequired, Length

from civic.auth import oidc_accounts, oidc_client, second_factor
from civic.auth.oidc_accounts import Residence, VouchedIdentity
from civic.database import write_lock_from_here
from civic.extensions import db, limiter
from civic.models import Neighbourhood
from civic.security import public_url
from civic.services import Refused, now_utc

bp = Blueprint("oidc", __name__, url_prefix="/auth/oidc")

# The vouched identity waiting for the registration form, and for how long.
_PENDING = "civic_oidc_identity"
_PENDING_SECONDS = 30 * 60


@bp.app_context_processor
def _button() -> dict[str, Any]:
    # The login and registration pages show the button only when a provider is set.
    return {"oidc_provider": oidc_client.provider_name() if oidc_client.configured() else None}


@bp.before_request
def _only_when_configured() -> None:
    if not oidc_client.configured():
        abort(404)


class ProviderRegistrationForm(FlaskForm):
    email = EmailField(
        _l("Adresse électronique"),
        validators=[DataRequired(), Email(check_deliverability=False), Length(max=254)],
    )
    address = StringField(_l("Adresse postale"), validators=[DataRequired(), Length(max=300)])
    neighbourhood_id = SelectField(_l("Quartier"), coerce=int, validators=[InputRequired()])
    lives_here = BooleanField(
        _l("J'habite la commune."),
        validators=[DataRequired(message=_l("Civic est réservé aux habitant·es de la commune."))],
    )


def _login_limit() -> str:
    return str(current_app.config["RATELIMIT_LOGIN"])


def _register_limit() -> str:
    return str(current_app.config["RATELIMIT_REGISTER"])


@bp.post("/login")
@limiter.limit(_login_limit)
def login() -> ResponseReturnValue:
    if current_user.is_authenticated:
        return redirect(url_for("main.index"))
    extra = {}
    if current_app.config["OIDC_ACR_VALUES"]:
        extra["acr_values"] = current_app.config["OIDC_ACR_VALUES"]
    try:
        return oidc_client.client_app().authorize_redirect(
            public_url(url_for("oidc.callback")), nonce=secrets.token_urlsafe(32), **extra
        )
    except (OAuthError, *oidc_client.UNREACHABLE):
        current_app.logger.warning("identity provider unreachable", exc_info=True)
        flash(oidc_client.unreachable(), "error")
        return redirect(url_for("auth.login"))


@bp.get("/callback")
def callback() -> ResponseReturnValue:
    if current_user.is_authenticated:
        return redirect(url_for("main.index"))
    try:
        identity = oidc_client.vouched_identity()
    except oidc_client.ProviderRefusal as refusal:
        flash(refusal.message, "error")
        return redirect(url_for("auth.login"))
    now = now_utc()
    try:
        oidc_accounts.check_identity(identity, now=now)
    except Refused as refusal:
        flash(refusal.message, "error")
        return redirect(url_for("auth.login"))
    user = oidc_accounts.account_of(identity)
    if user is None:
        session[_PENDING] = _pending(identity)
        return redirect(url_for("oidc.register"))
    if second_factor.required(user):
        # The provider stands in for the password, never for the staff's second factor.
        second_factor.await_second_step(user, remember=False, next_url=None, now=now)
        return redirect(url_for("auth.second_step"))
    # A GET that writes (the session's row): SQLite's write lock from here only.
    with write_lock_from_here():
        oidc_accounts.log_in(user, user_agent=request.user_agent.string, now=now)
    login_user(user)
    flash(_("Vous êtes connecté·e."), "success")
    return redirect(url_for("main.index"))


@bp.route("/register", methods=["GET", "POST"])
# As registration's form: each post may mail the owner of an address or identity.
@limiter.limit(_register_limit, methods=["POST"])
def register() -> ResponseReturnValue:
    if current_user.is_authenticated:
        return redirect(url_for("main.index"))
    identity = _pending_identity()
    if identity is None:
        flash(
            _("Connectez-vous d'abord avec %(provider)s.", provider=oidc_client.provider_name()),
            "info",
        )
        return redirect(url_for("auth.login"))
    form = ProviderRegistrationForm()
    form.neighbourhood_id.choices = [
        (n.id, n.name)
        for n in db.session.scalars(select(Neighbourhood).order_by(Neighbourhood.name))
    ]
    if request.method == "GET" and identity.email:
        form.email.data = identity.email
    if form.validate_on_submit():
        residence = Residence(
            email=form.email.data or "",
            address=form.address.data or "",
            neighbourhood_id=form.neighbourhood_id.data,
            locale=request.cookies.get("civic_lang"),
        )
        try:
            user = oidc_accounts.register(
                identity, residence, user_agent=request.user_agent.string, now=now_utc()
            )
        except Refused as refusal:
            if not (refusal.field and refusal.field in form):
                session.pop(_PENDING, None)
                flash(refusal.message, "error")
                return redirect(url_for("auth.login"))
            form[refusal.field].errors = [*form[refusal.field].errors, refusal.message]
        else:
            session.pop(_PENDING, None)
            if user is None:
                return render_template("auth/check_mail.html")
            login_user(user)
            flash(_("Votre compte est ouvert. Un agent de la mairie vérifiera votre résidence."))
            return redirect(url_for("main.index"))
    return render_template("auth/provider_register.html", form=form, identity=identity)


def _pending(identity: VouchedIdentity) -> dict[str, Any]:
    return {
        "issuer": identity.issuer,
        "subject": identity.subject,
        "provider": identity.provider,
        "family_name": identity.family_name,
        "given_names": identity.given_names,
        "birth_date": identity.birth_date.isoformat(),
        "email": identity.email,
        "email_verified": identity.email_verified,
        "until": time.time() + _PENDING_SECONDS,
    }


def _pending_identity() -> VouchedIdentity | None:
    """The identity the provider vouched for in this browser, if recent. The session
    cookie is signed: nobody can write one of their own."""
    data = session.get(_PENDING)
    if not isinstance(data, dict) or data.get("until", 0) < time.time():
        session.pop(_PENDING, None)
        return None
    return VouchedIdentity(
        issuer=data["issuer"],
        subject=data["subject"],
        provider=data["provider"],
        family_name=data["family_name"],
        given_names=data["given_names"],
        birth_date=date.fromisoformat(data["birth_date"]),
        email=data["email"],
        email_verified=data["email_verified"],
    )
