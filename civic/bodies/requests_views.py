"""Document requests: the public list with deadlines, a resident's request, a body's
request recorded by a clerk, and the commune's answer."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from civic.auth.access import roles_required, verified_required
from civic.bodies import requests, services
from civic.bodies.forms import AnswerForm, BodyRequestForm, DocumentRequestForm
from civic.bodies.views import CLERKS, bp, is_clerk
from civic.electorate import local_day
from civic.forms import first_error, required, show_refusal
from civic.services import Refused, now_utc


@bp.get("/document-requests")
def document_requests() -> ResponseReturnValue:
    clerk = is_clerk()
    record_form = None
    if clerk:
        record_form = BodyRequestForm(formdata=None, received_on=local_day(now_utc()))
        record_form.body_id.choices = [(b.id, b.name) for b in services.bodies()]
    return render_template(
        "bodies/requests.html",
        requests=requests.requests(local_day(now_utc())),
        is_clerk=clerk,
        record_form=record_form,
        answer_form=AnswerForm(formdata=None) if clerk else None,
    )


@bp.route("/document-requests/new", methods=["GET", "POST"])
@verified_required
def ask_document() -> ResponseReturnValue:
    form = DocumentRequestForm()
    if form.validate_on_submit():
        try:
            requests.ask(form.document.data or "", resident=current_user, now=now_utc())
        except Refused as refusal:
            show_refusal(form, refusal)
        else:
            flash(_("Demande enregistrée : la mairie a un mois pour répondre."), "success")
            return redirect(url_for("bodies.document_requests"))
    return render_template("bodies/ask_document.html", form=form)


@bp.post("/document-requests/record")
@roles_required(*CLERKS)
def record_document_request() -> ResponseReturnValue:
    form = BodyRequestForm()
    form.body_id.choices = [(b.id, b.name) for b in services.bodies()]
    if form.validate_on_submit():
        try:
            requests.record(
                required(form.body_id.data),
                form.document.data or "",
                required(form.received_on.data),
                actor=current_user,
                now=now_utc(),
            )
        except Refused as refusal:
            flash(refusal.message, "error")
        else:
            flash(_("Demande enregistrée."), "success")
    else:
        flash(first_error(form), "error")
    return redirect(url_for("bodies.document_requests"))


@bp.post("/document-requests/<int:document_request_id>/answer")
@roles_required(*CLERKS)
def answer_document_request(document_request_id: int) -> ResponseReturnValue:
    if requests.get_request(document_request_id) is None:
        abort(404)
    form = AnswerForm()
    if form.validate_on_submit():
        try:
            requests.answer(
                document_request_id,
                form.outcome.data or "",
                form.answer.data or "",
                actor=current_user,
                now=now_utc(),
            )
        except Refused as refusal:
            flash(refusal.message, "error")
        else:
            flash(_("Réponse publiée."), "success")
    else:
        flash(first_error(form), "error")
    return redirect(url_for("bodies.document_requests") + f"#request-{document_request_id}")
