from __future__ import annotations

from typing import Any

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_babel import force_locale, get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required

from civic.auth.access import roles_required
from civic.extensions import csrf
from civic.models.accounts import ROLE_ADMIN, ROLE_CLERK
from civic.notifications import letters, preferences, services
from civic.notifications.forms import PreferencesForm
from civic.notifications.kinds import FAMILIES
from civic.services import now_utc
from civic.templating import EmptyForm

bp = Blueprint("notifications", __name__, url_prefix="/notifications")


@bp.get("/")
@login_required
def index() -> ResponseReturnValue:
    return render_template(
        "notifications/index.html",
        notifications=services.for_user(current_user.id),
        message=services.message,
    )


@bp.post("/read")
@login_required
def mark_read() -> ResponseReturnValue:
    if EmptyForm().validate_on_submit():
        services.mark_all_read(current_user.id, now=now_utc())
    return redirect(url_for("notifications.index"))


@bp.route("/preferences", methods=["GET", "POST"])
@login_required
def preferences_page() -> ResponseReturnValue:
    form = PreferencesForm()
    if form.validate_on_submit():
        preferences.save(
            current_user, email_on=form.email_on(), by_post=form.by_post.data, now=now_utc()
        )
        flash(_("Vos préférences sont enregistrées."), "success")
        return redirect(url_for("notifications.preferences_page"))
    if request.method == "GET":
        choices = preferences.choices_of(current_user.id)
        for family in FAMILIES:
            form[f"email_{family}"].data = choices.mails(family)
        form.by_post.data = choices.by_post
    return render_template(
        "notifications/preferences.html", form=form, has_email=bool(current_user.email)
    )


# The mails' one-click unsubscribe (RFC 8058): the mail client POSTs without a session
# or a CSRF token, so the signed token, good for one person and one family, is the proof.
@bp.get("/unsubscribe/<token>")
def unsubscribe(token: str) -> ResponseReturnValue:
    read = preferences.read_token(token)
    if read is None:
        abort(404)
    return render_template(
        "notifications/unsubscribe.html", token=token, family=FAMILIES[read[1]], done=False
    )


@csrf.exempt
@bp.post("/unsubscribe/<token>")
def unsubscribe_now(token: str) -> ResponseReturnValue:
    done = preferences.unsubscribe(token, now=now_utc())
    if done is None:
        abort(404)
    return render_template(
        "notifications/unsubscribe.html", token=token, family=FAMILIES[done[1]], done=True
    )


@bp.get("/letters")
@roles_required(ROLE_CLERK, ROLE_ADMIN)
def letters_page() -> ResponseReturnValue:
    return render_template(
        "notifications/letters.html", letters=letters.waiting_letters(), form=EmptyForm()
    )


@bp.post("/letters/export")
@roles_required(ROLE_CLERK, ROLE_ADMIN)
def export_letters() -> ResponseReturnValue:
    if not EmptyForm().validate_on_submit():
        abort(400)
    now = now_utc()
    # Letters are written in the commune's language, whatever the clerk reads.
    with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
        exported = letters.export(actor=current_user, now=now)
        if request.form.get("format") == "csv":
            headings = [_("Nom"), _("Adresse"), _("Date"), _("Message"), _("Lien")]
            return Response(
                letters.letters_csv(exported, headings),
                mimetype="text/csv",
                headers={"Content-Disposition": "attachment; filename=lettres.csv"},
            )
        return render_template(
            "notifications/letters_print.html",
            letters=exported,
            title=_("Lettres à envoyer par la poste"),
            commune=current_app.config["COMMUNE_NAME"],
            language=str(get_locale()),
            issued_at=now,
        )


@bp.app_context_processor
def _unread() -> dict[str, Any]:
    """The count shown in the navigation, for people who are logged in."""
    if current_user and current_user.is_authenticated:
        return {"unread_notifications": services.unread_count(current_user.id)}
    return {"unread_notifications": 0}
