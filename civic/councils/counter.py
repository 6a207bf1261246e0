"""Neighbourhood councils at the town hall's counter: a clerk applies in the name of
the person they serve, with that person's consent (docs/rules.md §5; civic/counter.py).

The person is the applicant — their neighbourhood, their verified birth date for the
age band — and the clerk is ``by``; the consent and the audit entry "au guichet, par
<clerk>" are written in the same transaction as the application.
"""

from __future__ import annotations

from datetime import datetime

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms import BooleanField

from civic import counter
from civic.auth.access import roles_required
from civic.core.age_bands import age_band_on
from civic.councils import membership
from civic.councils.forms import ApplicationForm
from civic.electorate import local_day
from civic.extensions import db
from civic.forms import show_refusal
from civic.models import CounterAct, User
from civic.models.counter import ACT_APPLICATION
from civic.services import Refused, now_utc

bp = Blueprint("councils_counter", __name__)


def apply_for(
    council_id: int,
    data: membership.ApplicationInput,
    *,
    person: User,
    by: User,
    consent: bool,
    now: datetime,
) -> CounterAct:
    """``person`` applies to the council; returns the consent, whose receipt they keep."""
    counter.require_consent(consent)
    application = membership.add_application(council_id, data, user=person, now=now)
    council = membership.get_council(council_id)
    where = council.neighbourhood.name if council and council.neighbourhood else ""
    act = counter.record_consent(
        person=person,
        by=by,
        kind=ACT_APPLICATION,
        action="council.counter_applied",
        object_type="council_application",
        object_id=application.id,
        label=_("Candidature au conseil de quartier %(name)s", name=where),
        now=now,
    )
    db.session.commit()
    return act


class CounterApplicationForm(ApplicationForm):
    consent = BooleanField(_l("La personne m'a donné son accord pour candidater en son nom."))


@bp.route("/councils/<int:council_id>/guichet/candidater", methods=["GET", "POST"])
@roles_required(*counter.COUNTER_ROLES)
def apply(council_id: int) -> ResponseReturnValue:
    council = membership.get_council(council_id)
    if council is None:
        abort(404)
    person = counter.acting_for()
    if person is None:
        flash(_("Choisissez d'abord au guichet la personne pour qui vous agissez."), "error")
        return redirect(url_for("frontdesk.index"))
    form = CounterApplicationForm()
    now = now_utc()
    if form.validate_on_submit():
        data = membership.ApplicationInput(
            kind=form.kind.data, gender=form.gender.data, publish_name=form.publish_name.data
        )
        try:
            act = apply_for(
                council.id,
                data,
                person=person,
                by=current_user,
                consent=bool(form.consent.data),
                now=now,
            )
        except Refused as refusal:
            show_refusal(form, refusal)
        else:
            flash(_("Candidature enregistrée au guichet. Imprimez le reçu."), "success")
            return redirect(url_for("frontdesk.receipt", act_id=act.id))
    return render_template(
        "councils/counter_apply.html",
        council=council,
        form=form,
        person=person,
        age_band=age_band_on(person.birth_date, local_day(now)),
    )
