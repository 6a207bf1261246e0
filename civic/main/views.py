from __future__ import annotations

from flask import Blueprint, abort, current_app, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import force_locale, get_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from civic import home, jobs, privacy
from civic.caching import reader_independent_parts, shared_when_anonymous
from civic.commune import services as commune
from civic.core.accessibility import (
    FULLY_COMPLIANT,
    NON_COMPLIANT,
    PARTIALLY_COMPLIANT,
    compliance_state,
)
from civic.electorate import local_day
from civic.extensions import db, htmx
from civic.i18n import LANGUAGE_COOKIE
from civic.services import now_utc
from civic.templating import EmptyForm

bp = Blueprint("main", __name__)

# The words of the RGAA's model statement, also on every page's footer link.
COMPLIANCE_WORDS = {
    NON_COMPLIANT: _l("non conforme"),
    PARTIALLY_COMPLIANT: _l("partiellement conforme"),
    FULLY_COMPLIANT: _l("totalement conforme"),
}


def accessibility_state() -> str:
    """The state the statement declares: what a full RGAA audit measured, if any."""
    audit = current_app.config["ACCESSIBILITY_AUDIT"] or {}
    rate = audit.get("rate")
    return str(COMPLIANCE_WORDS[compliance_state(None if rate is None else float(rate))])


@bp.app_context_processor
def _accessibility() -> dict[str, object]:
    return {"accessibility_state": accessibility_state}


@bp.get("/")
@shared_when_anonymous
def index() -> ResponseReturnValue:
    now = now_utc()
    parts = reader_independent_parts(
        (local_day(now),),
        "main/_index_parts.html",
        lambda: {
            "cards": home.cards(now),
            "figures": commune.current_figures(now.date()),
            "neighbourhoods": commune.neighbourhoods(),
        },
    )
    return render_template("main/index.html", parts=parts)


def _back(target: str) -> str:
    """Where to go after choosing: a path of this site, else the home page."""
    if not target.startswith("/") or target.startswith("//"):
        return url_for("main.index")
    return target


@bp.get("/language")
def choose_language() -> ResponseReturnValue:
    """The language switch of a page a shared cache keeps (it holds no CSRF token): the
    same choice, confirmed on this page of one's own, shown in the language chosen."""
    chosen = request.args.get("language", "")
    if chosen not in current_app.config["LANGUAGES"]:
        chosen = str(get_locale() or current_app.config["BABEL_DEFAULT_LOCALE"])
    with force_locale(chosen):
        return render_template(
            "main/language.html",
            chosen=chosen,
            back=_back(request.args.get("next", "")),
            form=EmptyForm(formdata=None),
        )


@bp.post("/language")
def set_language() -> ResponseReturnValue:
    """Remember the language in a cookie, and on the account when logged in."""
    form = EmptyForm()
    chosen = request.form.get("language", "")
    response = redirect(_back(request.form.get("next", "")))
    if form.validate_on_submit() and chosen in current_app.config["LANGUAGES"]:
        response.set_cookie(
            LANGUAGE_COOKIE,
            chosen,
            max_age=365 * 24 * 3600,
            samesite="Lax",
            httponly=True,
            secure=current_app.config["SESSION_COOKIE_SECURE"],
        )
        if current_user.is_authenticated:
            current_user.locale = chosen
            db.session.commit()
    return response


@bp.get("/healthz")
def health() -> ResponseReturnValue:
    return {"status": "ok"}


@bp.get("/jobs/<job_id>")
def job(job_id: str) -> ResponseReturnValue:
    """Progress of a background job: a page, or the fragment HTMX polls until done."""
    status = jobs.status(job_id[:36])
    if status is None:
        abort(404)
    template = "main/_job.html" if htmx else "main/job.html"
    return render_template(template, job=status, done_url=request.args.get("done", ""))


@bp.get("/donnees-personnelles")
def personal_data() -> ResponseReturnValue:
    """The full notice (GDPR art. 13 and 14), one section per processing."""
    return render_template(
        "main/personal_data.html",
        processings=privacy.registered(),
        retention_text=privacy.retention_text,
        controller=privacy.controller(),
    )


@bp.get("/accessibilite")
def accessibility() -> ResponseReturnValue:
    """The accessibility statement, on the RGAA's model."""
    return render_template(
        "main/accessibility.html",
        audit=current_app.config["ACCESSIBILITY_AUDIT"],
        state=accessibility_state(),
        contact=current_app.config["ACCESSIBILITY_CONTACT_EMAIL"],
        controller=privacy.controller(),
    )
