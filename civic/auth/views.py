from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from functools import wraps

from flask import (
    Blueprint,
    Response,
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
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy import select

from civic.auth import second_factor, services, sessions, throttle
from civic.auth.forms import (
    LoginForm,
    RegistrationForm,
    ResetPasswordForm,
    ResetRequestForm,
    SecondFactorForm,
)
from civic.extensions import db, limiter
from civic.forms import required, show_refusal
from civic.models import Neighbourhood, User
from civic.models.accounts import TOKEN_RESET_PASSWORD
from civic.security import local_target
from civic.services import Refused, now_utc
from civic.templating import EmptyForm

bp = Blueprint("auth", __name__, url_prefix="/auth")


def _login_limit() -> str:
    return str(current_app.config["RATELIMIT_LOGIN"])


def _reset_limit() -> str:
    return str(current_app.config["RATELIMIT_RESET"])


def _register_limit() -> str:
    return str(current_app.config["RATELIMIT_REGISTER"])


@bp.route("/register", methods=["GET", "POST"])
@limiter.limit(_register_limit, methods=["POST"])
def register() -> ResponseReturnValue:
    if current_user.is_authenticated:
        return redirect(url_for("main.index"))
    form = RegistrationForm()
    form.neighbourhood_id.choices = [
        (n.id, n.name)
        for n in db.session.scalars(select(Neighbourhood).order_by(Neighbourhood.name))
    ]
    if form.validate_on_submit():
        try:
            services.register(
                services.Registration(
                    family_name=form.family_name.data or "",
                    given_names=form.given_names.data or "",
                    birth_date=required(form.birth_date.data),
                    email=form.email.data or "",
                    address=form.address.data or "",
                    neighbourhood_id=form.neighbourhood_id.data,
                    password=form.password.data or "",
                    locale=request.cookies.get("civic_lang"),
                ),
                now=now_utc(),
            )
        except Refused as refusal:
            show_refusal(form, refusal)
        else:
            return render_template("auth/check_mail.html")
    return render_template("auth/register.html", form=form)


# A mail's link carries its token once: the first GET keeps it in the session and
# redirects to an address without it, so the token stays out of access logs, browser
# history and Referer headers.
_CONFIRM_TOKEN = "civic_confirm_token"  # nosec B105  # the session key that holds it
_RESET_TOKEN = "civic_reset_token"  # nosec B105  # the session key that holds it
_LONGEST_TOKEN = 100  # ours have 43 characters


def keep_token(key: str, token: str, endpoint: str) -> ResponseReturnValue:
    """The first GET of a mail's link: its token goes into the session under ``key``
    and the browser to ``endpoint``, an address without it (the account page's
    e-mail change link takes the same way)."""
    session[key] = token[:_LONGEST_TOKEN]
    return redirect(url_for(endpoint))


@bp.get("/confirm/<token>")
def confirm(token: str) -> ResponseReturnValue:
    return keep_token(_CONFIRM_TOKEN, token, "auth.confirm_address")


@bp.route("/confirm", methods=["GET", "POST"])
def confirm_address() -> ResponseReturnValue:
    # GET only shows a button: mail scanners that follow links must not use the token.
    form = EmptyForm()
    if form.validate_on_submit():
        try:
            services.confirm_email(session.get(_CONFIRM_TOKEN, ""), now=now_utc())
        except Refused as refusal:
            flash(refusal.message, "error")
            return render_template("auth/confirm.html", form=form, invalid=True), 400
        session.pop(_CONFIRM_TOKEN, None)
        flash(_("Adresse confirmée. Vous pouvez vous connecter."), "success")
        return redirect(url_for("auth.login"))
    return render_template("auth/confirm.html", form=form, invalid=False)


@bp.route("/login", methods=["GET", "POST"])
# Per client address here; per account, failed passwords slow down (civic.auth.throttle)
# instead of a count per address typed, which anyone could use up to lock its owner out.
@limiter.limit(_login_limit, methods=["POST"])
def login() -> ResponseReturnValue:
    if current_user.is_authenticated:
        return redirect(url_for("main.index"))
    form = LoginForm()
    if form.validate_on_submit():
        try:
            user = services.log_in(
                form.email.data or "",
                form.password.data or "",
                remember=bool(form.remember.data),
                user_agent=request.user_agent.string,
                now=now_utc(),
            )
        except throttle.Throttled as waiting:
            flash(waiting.message, "error")
            page = render_template("auth/login.html", form=form)
            return page, 429, {"Retry-After": str(waiting.seconds)}
        except Refused as refusal:
            flash(refusal.message, "error")
        else:
            if second_factor.required(user):
                second_factor.await_second_step(
                    user,
                    remember=bool(form.remember.data),
                    next_url=request.args.get("next"),
                    now=now_utc(),
                )
                return redirect(url_for("auth.second_step"))
            login_user(user, remember=bool(form.remember.data))
            flash(_("Vous êtes connecté·e."), "success")
            return redirect(_safe_next(request.args.get("next")))
    return render_template("auth/login.html", form=form)


# The second step of a staff log-in (civic.auth.second_factor): the password step
# opened no session; a code from the authenticator (or a recovery code) opens it.

SecondStepView = Callable[[second_factor.Pending, datetime], ResponseReturnValue]


def _after_the_password(view: SecondStepView) -> Callable[[], ResponseReturnValue]:
    """Only the browser that has just given a password reaches the second step."""

    @wraps(view)
    def wrapped() -> ResponseReturnValue:
        if current_user.is_authenticated:
            return redirect(url_for("main.index"))
        now = now_utc()
        waiting = second_factor.pending(now)
        if waiting is None:
            flash(_("Saisissez d'abord votre adresse et votre mot de passe."), "info")
            return redirect(url_for("auth.login"))
        return view(waiting, now)

    return wrapped


@bp.route("/second-factor", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
@_after_the_password
def second_step(waiting: second_factor.Pending, now: datetime) -> ResponseReturnValue:
    if not second_factor.is_enrolled(waiting.user_id):
        return redirect(url_for("auth.second_factor_enrol"))
    form = SecondFactorForm()
    if form.validate_on_submit():
        try:
            user = second_factor.pass_second_step(
                waiting, form.code.data or "", user_agent=request.user_agent.string, now=now
            )
        except Refused as refusal:
            show_refusal(form, refusal)
        else:
            _log_in_after_second_step(user, waiting)
            flash(_("Vous êtes connecté·e."), "success")
            return redirect(_safe_next(waiting.next_url))
    return render_template("auth/second_factor.html", form=form)


@bp.route("/second-factor/enrol", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
@_after_the_password
def second_factor_enrol(waiting: second_factor.Pending, now: datetime) -> ResponseReturnValue:
    if second_factor.is_enrolled(waiting.user_id):
        return redirect(url_for("auth.second_step"))
    enrolment = second_factor.enrolment(waiting.user_id)
    form = SecondFactorForm()
    if form.validate_on_submit():
        try:
            user, codes = second_factor.enrol(
                waiting,
                enrolment.secret,
                form.code.data or "",
                user_agent=request.user_agent.string,
                now=now,
            )
        except Refused as refusal:
            show_refusal(form, refusal)
        else:
            _log_in_after_second_step(user, waiting)
            # Shown once, in this answer only: never stored in clear, never cached.
            page = render_template(
                "auth/recovery_codes.html", codes=codes, next_url=_safe_next(waiting.next_url)
            )
            return page, 200, {"Cache-Control": "no-store"}
    return render_template("auth/second_factor_enrol.html", form=form, enrolment=enrolment)


def _log_in_after_second_step(user: User, waiting: second_factor.Pending) -> None:
    second_factor.forget_pending()
    login_user(user, remember=waiting.remember)


@bp.post("/logout")
@login_required
def logout() -> ResponseReturnValue:
    form = EmptyForm()
    if form.validate_on_submit():
        services.log_out(current_user.session_token)
        logout_user()
        flash(_("Vous êtes déconnecté·e."), "success")
    return redirect(url_for("main.index"))


@bp.route("/reset", methods=["GET", "POST"])
# Per client address only: a count per address typed could be used up by anyone to
# keep the owner from resetting; the mails themselves are spaced (civic.auth.mails).
@limiter.limit(_reset_limit, methods=["POST"])
def reset_request() -> ResponseReturnValue:
    form = ResetRequestForm()
    if form.validate_on_submit():
        services.request_password_reset(form.email.data or "", now=now_utc())
        flash(
            _(
                "Si un compte existe pour cette adresse, un lien de réinitialisation "
                "vient d'y être envoyé."
            ),
            "info",
        )
        return redirect(url_for("auth.login"))
    return render_template("auth/reset_request.html", form=form)


@bp.get("/reset/<token>")
def reset_password(token: str) -> ResponseReturnValue:
    return keep_token(_RESET_TOKEN, token, "auth.new_password")


@bp.route("/new-password", methods=["GET", "POST"])
@limiter.limit(_reset_limit, methods=["POST"])
def new_password() -> ResponseReturnValue:
    token = session.get(_RESET_TOKEN, "")
    form = ResetPasswordForm()
    try:
        services.check_token(token, TOKEN_RESET_PASSWORD, now=now_utc())
    except Refused as refusal:
        flash(refusal.message, "error")
        return render_template("auth/reset_password.html", form=None), 400
    if form.validate_on_submit():
        try:
            services.reset_password(token, form.password.data or "", now=now_utc())
        except Refused as refusal:
            flash(refusal.message, "error")
        else:
            session.pop(_RESET_TOKEN, None)
            flash(_("Mot de passe changé. Vous pouvez vous connecter."), "success")
            return redirect(url_for("auth.login"))
    return render_template("auth/reset_password.html", form=form)


@bp.after_app_request
def _note_session_seen(response: Response) -> Response:
    # At most every few minutes a session notes when it was last used (the account
    # page lists them), after the request's own work.
    if response.status_code < 500:
        sessions.refresh_seen(now_utc())
    return response


def _safe_next(target: str | None) -> str:
    return local_target(target, url_for("main.index"))
