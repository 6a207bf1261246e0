"""The counter's pages (/guichet/): find or register a person, serve them, attach an
e-mail, print a receipt. The acts themselves are offered on each area's page."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from civic import counter
from civic.auth.access import roles_required
from civic.commune.services import neighbourhoods
from civic.extensions import db
from civic.forms import required, show_refusal
from civic.frontdesk import services
from civic.frontdesk.forms import AttachEmailForm, CounterRegistrationForm, SearchForm
from civic.models import CounterAct, User
from civic.services import Refused, now_utc

bp = Blueprint("frontdesk", __name__, url_prefix="/guichet")

CLERKS = counter.COUNTER_ROLES


@bp.app_context_processor
def _counter_context() -> dict[str, object]:
    """Every area's page may offer its act "at the counter": ``counter_serving()`` names
    the person this clerk serves (a call, so pages that do not ask cost nothing)."""
    return {"counter_serving": counter.acting_for}


def _person_or_404(user_id: int) -> User:
    person = db.session.get(User, user_id)
    if person is None or person.deleted_at is not None:
        abort(404)
    return person


@bp.get("/")
@roles_required(*CLERKS)
def index() -> ResponseReturnValue:
    form = SearchForm(request.args)
    found = services.find_people(form.q.data or "") if form.validate() else []
    return render_template(
        "frontdesk/index.html",
        form=form,
        found=found,
        searched=bool(form.q.data),
    )


@bp.route("/inscrire", methods=["GET", "POST"])
@roles_required(*CLERKS)
def register() -> ResponseReturnValue:
    form = CounterRegistrationForm()
    form.neighbourhood_id.choices = [(n.id, n.name) for n in neighbourhoods()]
    existing_id = None
    if form.validate_on_submit():
        data = services.CounterRegistration(
            family_name=form.family_name.data or "",
            given_names=form.given_names.data or "",
            birth_date=required(form.birth_date.data),
            address=form.address.data or "",
            neighbourhood_id=required(form.neighbourhood_id.data),
            identity_document=form.identity_document.data or "",
            residence_document=form.residence_document.data or "",
            email=form.email.data or "",
        )
        try:
            person = services.register(data, clerk=current_user, now=now_utc())
        except services.AlreadyRegistered as refusal:
            existing_id = refusal.user_id
            show_refusal(form, refusal)
        except Refused as refusal:
            show_refusal(form, refusal)
        else:
            counter.start(person.id)
            flash(
                _("Compte ouvert, résidence vérifiée. Vous agissez pour cette personne."),
                "success",
            )
            return redirect(url_for("frontdesk.person", user_id=person.id))
    return render_template("frontdesk/register.html", form=form, existing_id=existing_id)


@bp.get("/personnes/<int:user_id>")
@roles_required(*CLERKS)
def person(user_id: int) -> ResponseReturnValue:
    return _person_page(_person_or_404(user_id), AttachEmailForm(formdata=None))


def _person_page(someone: User, email_form: AttachEmailForm) -> ResponseReturnValue:
    serving = counter.acting_for()
    return render_template(
        "frontdesk/person.html",
        person=someone,
        check=services.check_of(someone.id),
        acts=services.acts_of(someone.id),
        serving=serving is not None and serving.id == someone.id,
        email_form=email_form,
    )


@bp.post("/personnes/<int:user_id>/servir")
@roles_required(*CLERKS)
def serve(user_id: int) -> ResponseReturnValue:
    someone = _person_or_404(user_id)
    counter.start(someone.id)
    flash(_("Vous agissez maintenant pour %(name)s.", name=someone.display_name), "success")
    return redirect(url_for("frontdesk.person", user_id=someone.id))


@bp.post("/fin")
@roles_required(*CLERKS)
def stop() -> ResponseReturnValue:
    counter.stop()
    flash(_("Vous n'agissez plus pour personne."), "success")
    return redirect(url_for("frontdesk.index"))


@bp.post("/personnes/<int:user_id>/adresse")
@roles_required(*CLERKS)
def attach_email(user_id: int) -> ResponseReturnValue:
    someone = _person_or_404(user_id)
    form = AttachEmailForm()
    if form.validate_on_submit():
        try:
            services.attach_email(
                someone.id, form.email.data or "", clerk=current_user, now=now_utc()
            )
        except Refused as refusal:
            show_refusal(form, refusal)
        else:
            flash(
                _("Adresse enregistrée : un lien pour choisir un mot de passe y est envoyé."),
                "success",
            )
            return redirect(url_for("frontdesk.person", user_id=user_id))
    return _person_page(someone, form)


@bp.get("/recus/<int:act_id>")
@roles_required(*CLERKS)
def receipt(act_id: int) -> ResponseReturnValue:
    act = db.session.get(CounterAct, act_id)
    if act is None:
        abort(404)
    return render_template(
        "frontdesk/receipt.html",
        act=act,
        title=_("Reçu"),
        commune=current_app.config["COMMUNE_NAME"],
        language=str(get_locale()),
        issued_at=act.consented_at,
    )
