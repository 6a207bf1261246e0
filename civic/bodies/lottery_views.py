"""The two-stage civic lottery: its public page and files, the clerk's steps, the letters,
the fair draw's progress and published list, the reserve called when someone declines."""

from __future__ import annotations

import json

from flask import Response, abort, current_app, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from civic import jobs
from civic.auth.access import roles_required
from civic.bodies import lottery as lotteries
from civic.bodies import lottery_seats
from civic.bodies.forms import (
    LotteryAnswerForm,
    LotteryDeclineForm,
    LotteryForm,
    LotteryPoolForm,
    SeedForm,
)
from civic.bodies.views import CLERKS, body_or_404, bp, is_clerk
from civic.forms import first_error, required
from civic.models.bodies import DRAW_FAIR, BodyLottery
from civic.services import Refused, now_utc


def _lottery_or_404(lottery_id: int) -> BodyLottery:
    found = lotteries.get_lottery(lottery_id)
    if found is None:
        abort(404)
    return found


def _back(lottery_id: int) -> ResponseReturnValue:
    return redirect(url_for("bodies.lottery", lottery_id=lottery_id))


@bp.post("/bodies/<int:body_id>/lotteries")
@roles_required(*CLERKS)
def start_lottery(body_id: int) -> ResponseReturnValue:
    body_or_404(body_id)
    form = LotteryForm()
    if form.validate_on_submit():
        data = lotteries.LotteryInput(
            source=form.source.data or "",
            invitations=required(form.invitations.data),
            seats=required(form.seats.data),
            people=form.people.data or "",
        )
        try:
            created = lotteries.start(body_id, data, actor=current_user, now=now_utc())
        except Refused as refusal:
            flash(refusal.message, "error")
        else:
            flash(_("Liste arrêtée : son empreinte est publiée."), "success")
            return _back(created.id)
    else:
        flash(first_error(form), "error")
    return redirect(url_for("bodies.show", body_id=body_id) + "#lottery")


@bp.get("/body-lotteries/<int:lottery_id>")
def lottery(lottery_id: int) -> ResponseReturnValue:
    found = _lottery_or_404(lottery_id)
    clerk = is_clerk()
    invited = lotteries.people(lottery_id, invited=True)
    first, second = lotteries.commands(found)
    seats = lotteries.seats_of(found)
    called = {s.code for s in seats}
    return render_template(
        "bodies/lottery.html",
        lottery=found,
        invited_count=len(invited),
        answered=sum(1 for p in invited if p.answered_at is not None),
        selected=json.loads(found.selected) if found.selected else [],
        reserve=[(code, code in called) for code in (json.loads(found.reserve or "[]"))],
        seats=seats,
        job=jobs.status(found.job_id) if found.job_id else None,
        first_command=first,
        second_command=second,
        is_clerk=clerk,
        seed_form=SeedForm(formdata=None) if clerk else None,
        answer_form=LotteryAnswerForm(formdata=None) if clerk else None,
        pool_form=LotteryPoolForm(formdata=None, mode=lottery_seats.default_mode())
        if clerk
        else None,
        decline_form=LotteryDeclineForm(formdata=None) if clerk else None,
    )


def _file(text: str | None, name: str) -> Response:
    if text is None:
        abort(404)
    return Response(
        text, mimetype="text/csv", headers={"Content-Disposition": f"attachment; filename={name}"}
    )


@bp.get("/body-lotteries/<int:lottery_id>/list.csv")
def lottery_list_file(lottery_id: int) -> ResponseReturnValue:
    return _file(_lottery_or_404(lottery_id).list_csv, f"lottery-{lottery_id}-list.csv")


@bp.get("/body-lotteries/<int:lottery_id>/list-quotas.csv")
def lottery_list_quotas_file(lottery_id: int) -> ResponseReturnValue:
    _lottery_or_404(lottery_id)
    return _file(lotteries.NO_QUOTAS, f"lottery-{lottery_id}-list-quotas.csv")


@bp.get("/body-lotteries/<int:lottery_id>/pool.csv")
def lottery_pool_file(lottery_id: int) -> ResponseReturnValue:
    return _file(_lottery_or_404(lottery_id).pool_csv, f"lottery-{lottery_id}-pool.csv")


@bp.get("/body-lotteries/<int:lottery_id>/quotas.csv")
def lottery_quotas_file(lottery_id: int) -> ResponseReturnValue:
    return _file(_lottery_or_404(lottery_id).quotas_csv, f"lottery-{lottery_id}-quotas.csv")


@bp.get("/body-lotteries/<int:lottery_id>/panels.csv")
def lottery_panels_file(lottery_id: int) -> ResponseReturnValue:
    return _file(_lottery_or_404(lottery_id).panels_csv, f"lottery-{lottery_id}-panels.csv")


@bp.get("/body-lotteries/<int:lottery_id>/letters")
@roles_required(*CLERKS)
def lottery_letters(lottery_id: int) -> ResponseReturnValue:
    found = _lottery_or_404(lottery_id)
    return render_template(
        "bodies/letters.html",
        lottery=found,
        people=lotteries.people(lottery_id, invited=True),
        title=_("Lettres d'invitation : %(body)s", body=found.body.name),
        commune=current_app.config["COMMUNE_NAME"],
        language=str(get_locale()),
        issued_at=now_utc(),
    )


def _with_seed(lottery_id: int, step: str) -> ResponseReturnValue:
    _lottery_or_404(lottery_id)
    form = SeedForm()
    if not form.validate_on_submit():
        flash(first_error(form), "error")
        return _back(lottery_id)
    act = lotteries.invite if step == "invite" else lottery_seats.seat
    try:
        act(lottery_id, form.seed.data or "", actor=current_user, now=now_utc())
    except Refused as refusal:
        flash(refusal.message, "error")
    else:
        flash(_("Tirage fait : le résultat est publié."), "success")
    return _back(lottery_id)


@bp.post("/body-lotteries/<int:lottery_id>/invite")
@roles_required(*CLERKS)
def draw_invitations(lottery_id: int) -> ResponseReturnValue:
    return _with_seed(lottery_id, "invite")


@bp.post("/body-lotteries/<int:lottery_id>/seat")
@roles_required(*CLERKS)
def seat_panel(lottery_id: int) -> ResponseReturnValue:
    return _with_seed(lottery_id, "seat")


@bp.post("/body-lotteries/<int:lottery_id>/answers")
@roles_required(*CLERKS)
def record_answer(lottery_id: int) -> ResponseReturnValue:
    _lottery_or_404(lottery_id)
    form = LotteryAnswerForm()
    if form.validate_on_submit():
        try:
            lotteries.record_answer(
                lottery_id,
                form.code.data or "",
                form.gender.data or "",
                actor=current_user,
                now=now_utc(),
            )
        except Refused as refusal:
            flash(refusal.message, "error")
        else:
            flash(_("Réponse enregistrée : la personne rejoint le vivier."), "success")
    else:
        flash(first_error(form), "error")
    return _back(lottery_id)


@bp.post("/body-lotteries/<int:lottery_id>/pool")
@roles_required(*CLERKS)
def freeze_lottery_pool(lottery_id: int) -> ResponseReturnValue:
    _lottery_or_404(lottery_id)
    form = LotteryPoolForm()
    if form.validate_on_submit():
        data = lottery_seats.PoolInput(mode=form.mode.data, reserve=required(form.reserve.data))
        try:
            lottery_seats.freeze_pool(lottery_id, data, actor=current_user, now=now_utc())
        except Refused as refusal:
            flash(refusal.message, "error")
        else:
            if data.mode == DRAW_FAIR:
                flash(
                    _(
                        "Vivier arrêté : son empreinte et ses quotas sont publiés ; la liste "
                        "des panels du tirage équitable est en calcul."
                    ),
                    "success",
                )
            else:
                flash(_("Vivier arrêté : son empreinte et ses quotas sont publiés."), "success")
    else:
        flash(first_error(form), "error")
    return _back(lottery_id)


@bp.post("/body-lotteries/<int:lottery_id>/declines")
@roles_required(*CLERKS)
def record_decline(lottery_id: int) -> ResponseReturnValue:
    _lottery_or_404(lottery_id)
    form = LotteryDeclineForm()
    if not form.validate_on_submit():
        flash(first_error(form), "error")
        return _back(lottery_id)
    code = (form.code.data or "").strip().upper()
    try:
        replacement = lottery_seats.decline(lottery_id, code, actor=current_user, now=now_utc())
    except Refused as refusal:
        flash(refusal.message, "error")
    else:
        if replacement is not None:
            flash(
                _(
                    "%(code)s renonce à son siège : %(next)s, de la réserve, le prend.",
                    code=code,
                    next=replacement,
                ),
                "success",
            )
        else:
            flash(
                _(
                    "%(code)s renonce à son siège ; personne dans la réserve ne peut le "
                    "prendre en respectant les quotas : le siège reste vacant.",
                    code=code,
                ),
                "success",
            )
    return _back(lottery_id)
