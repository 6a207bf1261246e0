"""Question time at the town hall's counter: a clerk asks a question for the person
they serve, and prints the question form for people who write it at home."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms import BooleanField

from civic import counter
from civic.auth.access import roles_required
from civic.extensions import db
from civic.forms import show_refusal
from civic.models import Meeting
from civic.questions import counter as counter_questions
from civic.questions.board import question_time
from civic.questions.forms import QuestionForm
from civic.questions.services import BODY_MAX, QuestionText
from civic.services import Refused, now_utc

bp = Blueprint("questions_counter", __name__)

# Ruled lines for the question on the printed form (about 1 500 characters by hand).
FORM_LINES = 14


class CounterQuestionForm(QuestionForm):
    consent = BooleanField(
        _l("La personne m'a donné son accord pour poser cette question en son nom.")
    )


def _meeting_or_404(meeting_id: int) -> Meeting:
    meeting = db.session.get(Meeting, meeting_id)
    if meeting is None:
        abort(404)
    return meeting


@bp.route("/meetings/<int:meeting_id>/questions/guichet", methods=["GET", "POST"])
@roles_required(*counter.COUNTER_ROLES)
def ask(meeting_id: int) -> ResponseReturnValue:
    meeting = _meeting_or_404(meeting_id)
    person = counter.acting_for()
    if person is None:
        flash(_("Choisissez d'abord au guichet la personne pour qui vous agissez."), "error")
        return redirect(url_for("frontdesk.index"))
    form = CounterQuestionForm()
    if form.validate_on_submit():
        text = QuestionText(
            title=form.title.data or "",
            body=form.body.data or "",
            show_name=bool(form.show_name.data),
        )
        try:
            act = counter_questions.ask_for(
                meeting.id,
                text,
                person=person,
                by=current_user,
                consent=bool(form.consent.data),
                now=now_utc(),
            )
        except Refused as refusal:
            show_refusal(form, refusal)
        else:
            flash(_("Question envoyée au guichet. Imprimez le reçu pour la personne."), "success")
            return redirect(url_for("frontdesk.receipt", act_id=act.id))
    return render_template(
        "questions/counter.html",
        form=form,
        meeting=meeting,
        person=person,
        board=question_time(meeting, now=now_utc(), viewer=None),
    )


@bp.get("/meetings/<int:meeting_id>/questions/formulaire")
@roles_required(*counter.COUNTER_ROLES)
def paper_form(meeting_id: int) -> ResponseReturnValue:
    """The question form to print: what the counter page takes in, field by field."""
    meeting = _meeting_or_404(meeting_id)
    return render_template(
        "questions/paper_form.html",
        meeting=meeting,
        board=question_time(meeting, now=now_utc(), viewer=None),
        lines=range(FORM_LINES),
        body_max=BODY_MAX,
        title=_("Question au conseil municipal"),
        commune=current_app.config["COMMUNE_NAME"],
        language=str(get_locale()),
        issued_at=now_utc(),
    )
