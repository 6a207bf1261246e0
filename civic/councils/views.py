"""Neighbourhood councils: public pages, applications, the public draw, sessions and votes."""

from __future__ import annotations

import json
from datetime import UTC
from zoneinfo import ZoneInfo

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
from flask_babel import gettext as _
from flask_login import current_user, login_required

from civic import jobs
from civic.auth.access import roles_required, verified_required
from civic.clerk_queues import Search
from civic.commune.services import neighbourhoods
from civic.core.age_bands import age_band_on
from civic.core.sortition import fair
from civic.councils import draw_versions, draws, membership, queues, sessions, withdrawal
from civic.councils.forms import (
    ApplicationForm,
    AttendanceForm,
    CouncilForm,
    DecisionForm,
    FreezeForm,
    MinutesForm,
    MotionForm,
    SeedForm,
    SessionForm,
    TeamForm,
    VoteForm,
)
from civic.electorate import local_day
from civic.extensions import db, htmx
from civic.forms import first_error, required, show_refusal
from civic.models import CouncilApplication, CouncilMotion
from civic.models.accounts import ROLE_ADMIN, ROLE_CLERK
from civic.models.councils import (
    DRAW_COMPUTING,
    DRAW_DONE,
    DRAW_FAILED,
    DRAW_FROZEN,
    DRAW_PUBLISHED,
    Council,
    CouncilDraw,
    CouncilMember,
    CouncilSession,
)
from civic.services import Refused, now_utc
from civic.templating import EmptyForm

bp = Blueprint("councils", __name__)
CLERKS = (ROLE_CLERK, ROLE_ADMIN)


def _council_or_404(council_id: int) -> Council:
    council = membership.get_council(council_id)
    if council is None:
        abort(404)
    return council


def _draw_or_404(draw_id: int) -> CouncilDraw:
    draw = draws.get_draw(draw_id)
    if draw is None:
        abort(404)
    return draw


@bp.get("/councils")
def index() -> ResponseReturnValue:
    return render_template("councils/index.html", councils=membership.councils())


@bp.route("/councils/new", methods=["GET", "POST"])
@roles_required(ROLE_ADMIN)
def create() -> ResponseReturnValue:
    form = CouncilForm()
    form.neighbourhood_id.choices = [(n.id, n.name) for n in neighbourhoods()]
    if form.validate_on_submit():
        ages = {
            band: getattr(form, name).data or 0 for band, name in CouncilForm.AGE_FIELDS.items()
        }
        data = membership.CouncilInput(
            neighbourhood_id=form.neighbourhood_id.data,
            drawn_seats=required(form.drawn_seats.data),
            volunteer_seats=required(form.volunteer_seats.data),
            association_seats=required(form.association_seats.data),
            term_start=required(form.term_start.data),
            term_end=required(form.term_end.data),
            quorum_kind=form.quorum_kind.data,
            quorum_numerator=required(form.quorum_numerator.data),
            quorum_denominator=required(form.quorum_denominator.data),
            quorum_minimum=required(form.quorum_minimum.data),
            majority=form.majority.data,
            age_population=ages,
        )
        try:
            council = membership.create_council(data, actor=current_user, now=now_utc())
        except Refused as refusal:
            show_refusal(form, refusal)
        else:
            flash(_("Conseil créé."), "success")
            return redirect(url_for("councils.show", council_id=council.id))
    return render_template("councils/new.html", form=form)


@bp.get("/councils/<int:council_id>")
def show(council_id: int) -> ResponseReturnValue:
    council = _council_or_404(council_id)
    user_id = current_user.id if current_user.is_authenticated else None
    members = membership.members(council_id)
    return render_template(
        "councils/show.html",
        council=council,
        members=members,
        draws=draws.draws_of(council_id),
        sessions=sessions.sessions_of(council_id),
        rules=membership.vote_rules(council),
        ages=membership.age_population(council),
        application=membership.application_of(council_id, user_id) if user_id else None,
        team_form=_team_form(members),
        freeze_form=FreezeForm(formdata=None),
        session_form=SessionForm(formdata=None),
        fair_available=fair.available(),
    )


def _team_form(members: list[CouncilMember], submitted: bool = False) -> TeamForm:
    form = TeamForm() if submitted else TeamForm(formdata=None)
    form.member_ids.choices = [
        (m.id, f"{m.user.display_name} ({_gender_label(m.gender)})") for m in members
    ]
    if not submitted:
        form.member_ids.data = [m.id for m in members if m.co_lead]
    return form


def _gender_label(gender: str) -> str:
    return {
        "female": _("femme"),
        "male": _("homme"),
        "non-binary": _("non-binaire"),
        "unsaid": _("non précisé"),
    }.get(gender, gender)


def plain_word(code: str) -> str:
    """A stored code (a gender, a quota's category, a draw's state) in words a resident
    knows: no page shows ``female`` or ``done``."""
    words = {
        "gender": _("genre"),
        "age": _("âge"),
        DRAW_FROZEN: _("liste des candidats arrêtée, tirage à venir"),
        DRAW_PUBLISHED: _("liste des panels publiée, tirage à venir"),
        DRAW_COMPUTING: _("calcul en cours"),
        DRAW_DONE: _("tirage effectué"),
        DRAW_FAILED: _("le calcul a échoué"),
    }
    return words.get(code) or _gender_label(code)


@bp.context_processor
def _plain_words() -> dict[str, object]:
    return {"plain_word": plain_word}


@bp.route("/councils/<int:council_id>/apply", methods=["GET", "POST"])
@verified_required
def apply(council_id: int) -> ResponseReturnValue:
    council = _council_or_404(council_id)
    form = ApplicationForm()
    now = now_utc()
    if form.validate_on_submit():
        data = membership.ApplicationInput(
            kind=form.kind.data,
            gender=form.gender.data,
            publish_name=form.publish_name.data,
        )
        try:
            membership.apply(council_id, data, user=current_user, now=now)
        except Refused as refusal:
            show_refusal(form, refusal)
        else:
            flash(
                _("Candidature enregistrée : la mairie va vérifier votre éligibilité."), "success"
            )
            return redirect(url_for("councils.show", council_id=council_id))
    return render_template(
        "councils/apply.html",
        council=council,
        form=form,
        age_band=age_band_on(current_user.birth_date, local_day(now)),
    )


@bp.post("/councils/applications/<int:application_id>/withdraw")
@login_required
def withdraw(application_id: int) -> ResponseReturnValue:
    """The applicant takes their application back (someone else's is not found)."""
    application = db.session.get(CouncilApplication, application_id)
    if application is None or application.user_id != current_user.id:
        abort(404)
    council_id = application.council_id
    form = EmptyForm()
    if form.validate_on_submit():
        try:
            withdrawal.withdraw_application(application_id, user=current_user, now=now_utc())
        except Refused as refusal:
            flash(refusal.message, "error")
        else:
            flash(_("Candidature retirée."), "success")
    else:
        flash(first_error(form), "error")
    return redirect(url_for("councils.show", council_id=council_id))


@bp.get("/councils/<int:council_id>/applications")
@roles_required(*CLERKS)
def applications(council_id: int) -> ResponseReturnValue:
    council = _council_or_404(council_id)
    search = Search.from_args(request.args)
    page = queues.application_page(council_id, search)
    context = {
        "council": council,
        "page": page,
        "search": search,
        "applications": page.items,
        "form": DecisionForm(formdata=None),
    }
    if htmx:
        return render_template("councils/_applications.html", **context)
    return render_template("councils/applications.html", **context)


@bp.post("/councils/applications/<int:application_id>/decision")
@roles_required(*CLERKS)
def decide(application_id: int) -> ResponseReturnValue:
    application = db.session.get(CouncilApplication, application_id)
    if application is None:
        abort(404)
    form = DecisionForm()
    error = None
    if form.validate_on_submit():
        try:
            membership.decide_application(
                application_id,
                eligible=form.decision.data == "eligible",
                reason=form.reason.data,
                actor=current_user,
                now=now_utc(),
            )
        except Refused as refusal:
            error = refusal.message
    else:
        error = first_error(form)
    if htmx:
        db.session.refresh(application)
        return render_template(
            "councils/_application.html", application=application, form=form, error=error
        )
    flash(error or _("Décision enregistrée."), "error" if error else "success")
    return redirect(url_for("councils.applications", council_id=application.council_id))


@bp.post("/councils/<int:council_id>/team")
@roles_required(*CLERKS)
def team(council_id: int) -> ResponseReturnValue:
    _council_or_404(council_id)
    form = _team_form(membership.members(council_id), submitted=True)
    if form.validate_on_submit():
        try:
            membership.set_team(
                council_id, form.member_ids.data or [], actor=current_user, now=now_utc()
            )
        except Refused as refusal:
            flash(refusal.message, "error")
        else:
            flash(_("Équipe d'animation enregistrée."), "success")
    else:
        flash(first_error(form), "error")
    return redirect(url_for("councils.show", council_id=council_id) + "#team")


@bp.post("/councils/<int:council_id>/draws")
@roles_required(*CLERKS)
def freeze(council_id: int) -> ResponseReturnValue:
    _council_or_404(council_id)
    form = FreezeForm()
    if not form.validate_on_submit():
        flash(first_error(form), "error")
        return redirect(url_for("councils.show", council_id=council_id) + "#draws")
    try:
        draw = draws.freeze(
            council_id,
            draws.FreezeInput(mode=form.mode.data, reserve=required(form.reserve.data)),
            actor=current_user,
            now=now_utc(),
        )
    except Refused as refusal:
        flash(refusal.message, "error")
        return redirect(url_for("councils.show", council_id=council_id) + "#draws")
    flash(_("Liste des candidats arrêtée ; son empreinte numérique est publiée."), "success")
    return redirect(url_for("councils.draw", draw_id=draw.id))


@bp.get("/draws/<int:draw_id>")
def draw(draw_id: int) -> ResponseReturnValue:
    found = _draw_or_404(draw_id)
    context = _draw_context(found)
    if htmx:
        return render_template("councils/_draw.html", **context)
    return render_template("councils/draw.html", **context)


def _draw_context(found: CouncilDraw, seed_form: SeedForm | None = None) -> dict[str, object]:
    status = jobs.status(found.job_id) if found.job_id else None
    user_id = current_user.id if current_user.is_authenticated else None
    candidates = draws.candidates_of(found.id)
    return {
        "draw": found,
        "council": found.council,
        "candidates": candidates,
        "offers": [c for c in candidates if c.offer is not None],
        "my_offer": next(
            (c for c in candidates if c.offer == "pending" and c.application.user_id == user_id),
            None,
        ),
        "selected": json.loads(found.selected) if found.selected else [],
        "reserve": json.loads(found.reserve) if found.reserve else [],
        "notes": json.loads(found.quota_notes) if found.quota_notes else [],
        "probabilities": json.loads(found.probabilities) if found.probabilities else [],
        "quotas": draws.pool_and_quotas(found)[1].quotas,
        "command": draw_versions.reproduce_command(found),
        "reserve_command": draw_versions.reserve_command(found),
        "job": status,
        "seed_form": seed_form or SeedForm(formdata=None),
    }


@bp.post("/draws/<int:draw_id>/seed")
@roles_required(*CLERKS)
def seed(draw_id: int) -> ResponseReturnValue:
    found = _draw_or_404(draw_id)
    form = SeedForm()
    if form.validate_on_submit():
        try:
            draws.enter_seed(
                draw_id, required(form.seed.data).strip(), actor=current_user, now=now_utc()
            )
        except Refused as refusal:
            show_refusal(form, refusal)
        else:
            if not htmx:
                flash(_("Graine enregistrée : voici le panel tiré au sort."), "success")
                return redirect(url_for("councils.draw", draw_id=draw_id))
    db.session.refresh(found)
    context = _draw_context(found, seed_form=form)
    if htmx:
        return render_template("councils/_draw.html", **context)
    return render_template("councils/draw.html", **context)


@bp.post("/draws/<int:draw_id>/answer")
@verified_required
def answer(draw_id: int) -> ResponseReturnValue:
    _draw_or_404(draw_id)
    # CSRF only: the answer is the button pressed.
    if not EmptyForm().validate_on_submit():
        abort(400)
    accept = request.form.get("answer") == "accept"
    try:
        draws.answer_offer(draw_id, accept=accept, user=current_user, now=now_utc())
    except Refused as refusal:
        flash(refusal.message, "error")
    else:
        flash(
            _("Merci : vous siégez au conseil.") if accept else _("Votre refus est enregistré."),
            "success",
        )
    return redirect(url_for("councils.draw", draw_id=draw_id))


def _download(text: str | None, name: str) -> ResponseReturnValue:
    if text is None:
        abort(404)
    return Response(
        text,
        mimetype="text/csv",
        headers={"Content-Disposition": f"attachment; filename={name}"},
    )


@bp.get("/draws/<int:draw_id>/pool.csv")
def pool_file(draw_id: int) -> ResponseReturnValue:
    return _download(_draw_or_404(draw_id).pool_csv, f"draw-{draw_id}-pool.csv")


@bp.get("/draws/<int:draw_id>/quotas.csv")
def quotas_file(draw_id: int) -> ResponseReturnValue:
    return _download(_draw_or_404(draw_id).quotas_csv, f"draw-{draw_id}-quotas.csv")


@bp.get("/draws/<int:draw_id>/panels.csv")
def panels_file(draw_id: int) -> ResponseReturnValue:
    return _download(_draw_or_404(draw_id).panels_csv, f"draw-{draw_id}-panels.csv")


@bp.post("/councils/<int:council_id>/sessions")
@roles_required(*CLERKS)
def create_session(council_id: int) -> ResponseReturnValue:
    _council_or_404(council_id)
    form = SessionForm()
    if form.validate_on_submit():
        zone = ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])
        data = sessions.SessionInput(
            title=required(form.title.data),
            starts_at=required(form.starts_at.data).replace(tzinfo=zone).astimezone(UTC),
            place=form.place.data or "",
            agenda=form.agenda.data or "",
        )
        try:
            created = sessions.create_session(council_id, data, actor=current_user, now=now_utc())
        except Refused as refusal:
            flash(refusal.message, "error")
        else:
            flash(_("Séance créée."), "success")
            return redirect(url_for("councils.session", session_id=created.id))
    else:
        flash(first_error(form), "error")
    return redirect(url_for("councils.show", council_id=council_id) + "#sessions")


def _session_or_404(session_id: int) -> CouncilSession:
    found = sessions.get_session(session_id)
    if found is None:
        abort(404)
    return found


@bp.get("/council-sessions/<int:session_id>")
def session(session_id: int) -> ResponseReturnValue:
    found = _session_or_404(session_id)
    members = membership.members(found.council_id)
    user_id = current_user.id if current_user.is_authenticated else None
    attendance = AttendanceForm(formdata=None)
    attendance.member_ids.choices = [(m.id, m.user.display_name) for m in members]
    present = sessions.present_member_ids(session_id)
    attendance.member_ids.data = sorted(present)
    motions = sessions.motions_of_session(session_id)
    return render_template(
        "councils/session.html",
        session=found,
        council=found.council,
        members=members,
        present=present,
        me=membership.member_of(found.council_id, user_id) if user_id else None,
        motions=[
            (m, sessions.votes_on(m.id), json.loads(m.result) if m.result else None)
            for m in motions
        ],
        minutes_form=MinutesForm(formdata=None, minutes=found.minutes or ""),
        attendance_form=attendance,
        motion_form=MotionForm(formdata=None),
        vote_form=VoteForm(formdata=None),
    )


@bp.post("/council-sessions/<int:session_id>/minutes")
@roles_required(*CLERKS)
def minutes(session_id: int) -> ResponseReturnValue:
    _session_or_404(session_id)
    form = MinutesForm()
    if form.validate_on_submit():
        try:
            sessions.save_minutes(
                session_id, form.minutes.data or "", actor=current_user, now=now_utc()
            )
        except Refused as refusal:
            flash(refusal.message, "error")
        else:
            flash(_("Compte rendu enregistré."), "success")
    else:
        flash(first_error(form), "error")
    return redirect(url_for("councils.session", session_id=session_id))


@bp.post("/council-sessions/<int:session_id>/attendance")
@roles_required(*CLERKS)
def attendance(session_id: int) -> ResponseReturnValue:
    found = _session_or_404(session_id)
    form = AttendanceForm()
    form.member_ids.choices = [(m.id, "") for m in membership.members(found.council_id)]
    if form.validate_on_submit():
        try:
            sessions.record_attendance(
                session_id, form.member_ids.data or [], actor=current_user, now=now_utc()
            )
        except Refused as refusal:
            flash(refusal.message, "error")
        else:
            flash(_("Présences enregistrées."), "success")
    else:
        flash(first_error(form), "error")
    return redirect(url_for("councils.session", session_id=session_id))


@bp.post("/council-sessions/<int:session_id>/motions")
@roles_required(*CLERKS)
def add_motion(session_id: int) -> ResponseReturnValue:
    _session_or_404(session_id)
    form = MotionForm()
    if form.validate_on_submit():
        try:
            sessions.add_motion(
                session_id, required(form.title.data), actor=current_user, now=now_utc()
            )
        except Refused as refusal:
            flash(refusal.message, "error")
        else:
            flash(_("Motion ouverte au vote."), "success")
    else:
        flash(first_error(form), "error")
    return redirect(url_for("councils.session", session_id=session_id))


def _motion_or_404(motion_id: int) -> CouncilMotion:
    motion = db.session.get(CouncilMotion, motion_id)
    if motion is None:
        abort(404)
    return motion


def _back_to_motion(motion: CouncilMotion) -> ResponseReturnValue:
    if motion.session_id is None:
        return redirect(url_for("councils.show", council_id=motion.council_id))
    return redirect(
        url_for("councils.session", session_id=motion.session_id) + f"#motion-{motion.id}"
    )


@bp.post("/council-motions/<int:motion_id>/vote")
@verified_required
def vote(motion_id: int) -> ResponseReturnValue:
    motion = _motion_or_404(motion_id)
    form = VoteForm()
    if form.validate_on_submit():
        try:
            sessions.cast_vote(motion_id, form.choice.data, user=current_user, now=now_utc())
        except Refused as refusal:
            flash(refusal.message, "error")
        else:
            flash(_("Vote enregistré."), "success")
    else:
        flash(first_error(form), "error")
    return _back_to_motion(motion)


@bp.post("/council-motions/<int:motion_id>/close")
@roles_required(*CLERKS)
def close(motion_id: int) -> ResponseReturnValue:
    motion = _motion_or_404(motion_id)
    if EmptyForm().validate_on_submit():
        try:
            sessions.close_motion(motion_id, actor=current_user, now=now_utc())
        except Refused as refusal:
            flash(refusal.message, "error")
        else:
            flash(_("Vote clos : le résultat est publié."), "success")
    else:
        abort(400)
    return _back_to_motion(motion)
