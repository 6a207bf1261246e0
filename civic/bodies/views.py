"""Participatory bodies: public pages, creation from a preset (admin), members, sessions,
opinions and the annual report (clerks)."""

from __future__ import annotations

from datetime import UTC
from zoneinfo import ZoneInfo

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from civic.auth.access import roles_required
from civic.bodies import lottery, requests, services, sessions
from civic.bodies.forms import (
    CATEGORY_LABELS,
    KIND_LABELS,
    BodyForm,
    LotteryForm,
    MemberForm,
    MinutesForm,
    OpinionForm,
    ReportForm,
    SessionForm,
)
from civic.bodies.presets import PRESETS
from civic.electorate import local_day
from civic.forms import first_error, required, show_refusal
from civic.models.accounts import ROLE_ADMIN, ROLE_CLERK
from civic.models.bodies import KIND_OTHER, SEAT_CATEGORIES, Body, BodySession
from civic.services import Refused, now_utc
from civic.templating import EmptyForm

bp = Blueprint("bodies", __name__)
CLERKS = (ROLE_CLERK, ROLE_ADMIN)


def body_or_404(body_id: int) -> Body:
    body = services.get_body(body_id)
    if body is None:
        abort(404)
    return body


def _session_or_404(body_session_id: int) -> BodySession:
    found = sessions.get_session(body_session_id)
    if found is None:
        abort(404)
    return found


def is_clerk() -> bool:
    return current_user.is_authenticated and any(current_user.has_role(r) for r in CLERKS)


@bp.get("/bodies")
def index() -> ResponseReturnValue:
    return render_template(
        "bodies/index.html",
        bodies=services.bodies(),
        kinds=KIND_LABELS,
        ccspl_compulsory=services.ccspl_is_compulsory(local_day(now_utc())),
    )


@bp.route("/bodies/new", methods=["GET", "POST"])
@roles_required(ROLE_ADMIN)
def create() -> ResponseReturnValue:
    form = BodyForm()
    preset = PRESETS.get(request.args.get("preset", ""), PRESETS[KIND_OTHER])
    if request.method == "GET":
        form.kind.data, form.name.data, form.purpose.data = preset.kind, preset.name, preset.purpose
        for category in SEAT_CATEGORIES:
            getattr(form, f"{category}_seats").data = preset.seats.get(category, 0)
        today = local_day(now_utc())
        form.term_start.data = today
        form.term_end.data = today.replace(
            year=today.year + preset.term_years, day=min(today.day, 28)
        )
    if form.validate_on_submit():
        data = services.BodyInput(
            kind=form.kind.data or "",
            name=form.name.data or "",
            purpose=form.purpose.data or "",
            seats=form.seats(),
            term_start=required(form.term_start.data),
            term_end=required(form.term_end.data),
        )
        try:
            body = services.create_body(data, actor=current_user, now=now_utc())
        except Refused as refusal:
            show_refusal(form, refusal)
        else:
            flash(_("Instance créée."), "success")
            return redirect(url_for("bodies.show", body_id=body.id))
    return render_template("bodies/new.html", form=form, presets=PRESETS, kinds=KIND_LABELS)


@bp.get("/bodies/<int:body_id>")
def show(body_id: int) -> ResponseReturnValue:
    body = body_or_404(body_id)
    today = local_day(now_utc())
    sitting = services.members(body_id, today)
    clerk = is_clerk()
    return render_template(
        "bodies/show.html",
        body=body,
        kinds=KIND_LABELS,
        categories=[(c, CATEGORY_LABELS[c], body.seats_of(c)) for c in SEAT_CATEGORIES],
        members=sitting,
        category_labels=CATEGORY_LABELS,
        sessions=sessions.sessions_of(body_id),
        opinions=sessions.opinions_of(body_id=body_id, public=True),
        requests=requests.requests(today, body_id),
        lotteries=lottery.lotteries_of(body_id),
        is_clerk=clerk,
        member_form=MemberForm(formdata=None, since=today) if clerk else None,
        end_form=EmptyForm() if clerk else None,
        session_form=SessionForm(formdata=None) if clerk else None,
        report_form=ReportForm(formdata=None, year=today.year - 1) if clerk else None,
        lottery_form=LotteryForm(formdata=None, seats=body.drawn_seats) if clerk else None,
    )


@bp.post("/bodies/<int:body_id>/members")
@roles_required(*CLERKS)
def add_member(body_id: int) -> ResponseReturnValue:
    body_or_404(body_id)
    form = MemberForm()
    if form.validate_on_submit():
        data = services.MemberInput(
            category=form.category.data or "",
            name=form.name.data or "",
            representing=form.representing.data or "",
            since=required(form.since.data),
        )
        try:
            services.add_member(body_id, data, actor=current_user, now=now_utc())
        except Refused as refusal:
            flash(refusal.message, "error")
        else:
            flash(_("Membre ajouté."), "success")
    else:
        flash(first_error(form), "error")
    return redirect(url_for("bodies.show", body_id=body_id) + "#members")


@bp.post("/body-members/<int:body_member_id>/end")
@roles_required(*CLERKS)
def end_seat(body_member_id: int) -> ResponseReturnValue:
    member = services.get_member(body_member_id)
    if member is None:
        abort(404)
    body_id = member.body_id
    if EmptyForm().validate_on_submit():
        now = now_utc()
        try:
            services.end_seat(body_member_id, local_day(now), actor=current_user, now=now)
        except Refused as refusal:
            flash(refusal.message, "error")
        else:
            flash(_("Le membre a quitté l'instance : son siège est libre dès demain."), "success")
    return redirect(url_for("bodies.show", body_id=body_id) + "#members")


@bp.post("/bodies/<int:body_id>/report")
@roles_required(*CLERKS)
def report(body_id: int) -> ResponseReturnValue:
    body_or_404(body_id)
    form = ReportForm()
    if form.validate_on_submit():
        try:
            services.publish_report(
                body_id,
                required(form.year.data),
                form.report.data or "",
                actor=current_user,
                now=now_utc(),
            )
        except Refused as refusal:
            flash(refusal.message, "error")
        else:
            flash(_("Rapport annuel publié."), "success")
    else:
        flash(first_error(form), "error")
    return redirect(url_for("bodies.show", body_id=body_id) + "#annual-report")


@bp.post("/bodies/<int:body_id>/sessions")
@roles_required(*CLERKS)
def create_session(body_id: int) -> ResponseReturnValue:
    body_or_404(body_id)
    form = SessionForm()
    if form.validate_on_submit():
        zone = ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])
        data = sessions.SessionInput(
            title=form.title.data or "",
            starts_at=required(form.starts_at.data).replace(tzinfo=zone).astimezone(UTC),
            place=form.place.data or "",
            agenda=form.agenda.data or "",
        )
        try:
            created = sessions.create_session(body_id, data, actor=current_user, now=now_utc())
        except Refused as refusal:
            flash(refusal.message, "error")
        else:
            flash(_("Séance créée."), "success")
            return redirect(url_for("bodies.session", body_session_id=created.id))
    else:
        flash(first_error(form), "error")
    return redirect(url_for("bodies.show", body_id=body_id) + "#sessions")


@bp.get("/body-sessions/<int:body_session_id>")
def session(body_session_id: int) -> ResponseReturnValue:
    found = _session_or_404(body_session_id)
    clerk = is_clerk()
    return render_template(
        "bodies/session.html",
        session=found,
        opinions=sessions.opinions_of(session_id=body_session_id, public=not clerk),
        is_clerk=clerk,
        minutes_form=MinutesForm(formdata=None, minutes=found.minutes) if clerk else None,
        opinion_form=OpinionForm(formdata=None) if clerk else None,
        publish_form=EmptyForm() if clerk else None,
    )


@bp.post("/body-sessions/<int:body_session_id>/minutes")
@roles_required(*CLERKS)
def minutes(body_session_id: int) -> ResponseReturnValue:
    _session_or_404(body_session_id)
    form = MinutesForm()
    if form.validate_on_submit():
        try:
            sessions.publish_minutes(
                body_session_id, form.minutes.data or "", actor=current_user, now=now_utc()
            )
        except Refused as refusal:
            flash(refusal.message, "error")
        else:
            flash(_("Compte rendu publié."), "success")
    else:
        flash(first_error(form), "error")
    return redirect(url_for("bodies.session", body_session_id=body_session_id))


@bp.post("/body-sessions/<int:body_session_id>/opinions")
@roles_required(*CLERKS)
def add_opinion(body_session_id: int) -> ResponseReturnValue:
    _session_or_404(body_session_id)
    form = OpinionForm()
    if form.validate_on_submit():
        data = sessions.OpinionInput(
            title=form.title.data or "",
            text=form.text.data or "",
            votes_for=required(form.votes_for.data),
            votes_against=required(form.votes_against.data),
            abstentions=required(form.abstentions.data),
        )
        try:
            sessions.record_opinion(body_session_id, data, actor=current_user, now=now_utc())
        except Refused as refusal:
            flash(refusal.message, "error")
        else:
            flash(_("Avis enregistré : publiez-le pour le rendre public."), "success")
    else:
        flash(first_error(form), "error")
    return redirect(url_for("bodies.session", body_session_id=body_session_id) + "#opinions")


@bp.post("/body-opinions/<int:opinion_id>/publish")
@roles_required(*CLERKS)
def publish_opinion(opinion_id: int) -> ResponseReturnValue:
    opinion = sessions.get_opinion(opinion_id)
    if opinion is None:
        abort(404)
    session_id = opinion.session_id
    if EmptyForm().validate_on_submit():
        try:
            sessions.publish_opinion(opinion_id, actor=current_user, now=now_utc())
        except Refused as refusal:
            flash(refusal.message, "error")
        else:
            flash(_("Avis publié."), "success")
    return redirect(url_for("bodies.session", body_session_id=session_id) + "#opinions")


# The area's other pages add their routes to ``bp`` (keep at the bottom).
from civic.bodies import lobby_views, lottery_views, requests_views  # noqa: E402, F401
