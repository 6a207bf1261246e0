from __future__ import annotations

import io
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
    send_file,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from civic.auth.access import roles_required
from civic.forms import show_refusal
from civic.meetings import ics, minutes, services
from civic.meetings.forms import AgendaItemForm, MeetingForm, MinutesForm, commune_zone
from civic.models import Meeting
from civic.models.accounts import ROLE_ADMIN, ROLE_CLERK
from civic.models.meetings import MEETING_MINUTES_PUBLISHED
from civic.questions.board import question_time
from civic.services import Refused, now_utc
from civic.templating import EmptyForm

bp = Blueprint("meetings", __name__)

CLERKS = (ROLE_CLERK, ROLE_ADMIN)
# The agenda form shares the page with the meeting form: its fields need other names.
ITEM_PREFIX = "item"


def _meeting_or_404(meeting_id: int) -> Meeting:
    meeting = services.get_meeting(meeting_id)
    if meeting is None:
        abort(404)
    return meeting


def _is_clerk() -> bool:
    return bool(current_user.is_authenticated and current_user.role_names.intersection(CLERKS))


@bp.get("/meetings")
def index() -> ResponseReturnValue:
    past, more = services.past_meetings(1, per_page=5)
    return render_template(
        "meetings/index.html",
        upcoming=services.upcoming_meetings(),
        past=past,
        more_past=more,
        is_clerk=_is_clerk(),
    )


@bp.get("/meetings/past")
def past() -> ResponseReturnValue:
    page = request.args.get("page", 1, type=int)
    if page is None or page < 1 or page > 10_000:
        abort(404)
    meetings, more = services.past_meetings(page)
    return render_template("meetings/past.html", meetings=meetings, page=page, more=more)


@bp.get("/meetings/<int:meeting_id>")
def show(meeting_id: int) -> ResponseReturnValue:
    meeting = _meeting_or_404(meeting_id)
    now = now_utc()
    return render_template(
        "meetings/show.html",
        meeting=meeting,
        subject_link=services.subject_link,
        board=question_time(
            meeting, now=now, viewer=current_user if current_user.is_authenticated else None
        ),
        now=now,
        is_clerk=_is_clerk(),
        has_pdf=minutes.pdf_file(meeting) is not None,
    )


@bp.get("/meetings/<int:meeting_id>/minutes.pdf")
def minutes_pdf(meeting_id: int) -> ResponseReturnValue:
    meeting = _meeting_or_404(meeting_id)
    path = minutes.pdf_file(meeting)
    visible = meeting.status == MEETING_MINUTES_PUBLISHED or _is_clerk()
    if path is None or not visible:
        abort(404)
    day = meeting.starts_at.astimezone(commune_zone()).strftime("%Y-%m-%d")
    with open(path, "rb") as handle:  # at most a few megabytes; no file left open
        content = io.BytesIO(handle.read())
    response = send_file(
        content,
        mimetype="application/pdf",
        as_attachment=True,
        download_name=f"proces-verbal-{day}.pdf",
        max_age=0,
    )
    # A PDF opened in the browser runs in our origin otherwise.
    response.headers["Content-Security-Policy"] = "sandbox"
    return response


@bp.get("/meetings.ics")
def calendar() -> ResponseReturnValue:
    now = now_utc()
    body = ics.calendar(
        services.calendar_meetings(now),
        now=now,
        name=_("Conseil municipal de %(commune)s", commune=current_app.config["COMMUNE_NAME"]),
        host=request.host.split(":")[0],
        meeting_url=lambda m: url_for("meetings.show", meeting_id=m.id, _external=True),
        description=lambda m: (
            _("Ordre du jour et questions des habitants : %(url)s")
            % {"url": url_for("meetings.show", meeting_id=m.id, _external=True)}
        ),
    )
    response = Response(body, mimetype="text/calendar")
    response.headers["Content-Disposition"] = 'inline; filename="conseil-municipal.ics"'
    return response


# --- Clerks -----------------------------------------------------------------


@bp.route("/clerk/meetings/new", methods=["GET", "POST"])
@roles_required(*CLERKS)
def new() -> ResponseReturnValue:
    form = MeetingForm()
    if form.validate_on_submit():
        try:
            meeting = services.create_meeting(_details(form), actor=current_user, now=now_utc())
        except Refused as refusal:
            show_refusal(form, refusal)
        else:
            flash(_("Séance programmée."), "success")
            return redirect(url_for("meetings.manage", meeting_id=meeting.id))
    return render_template("meetings/new.html", form=form, waiting=services.waiting_items())


def _details(form: MeetingForm) -> services.MeetingDetails:
    return services.MeetingDetails(
        title=form.title.data or "",
        starts_at=form.starts_at(),
        ends_at=form.ends_at(),
        place=form.place.data or "",
    )


def _manage_page(meeting: Meeting, status: int = 200, **forms: Any) -> ResponseReturnValue:
    details = forms.pop("details", None)
    if details is None:
        details = MeetingForm(formdata=None)
        details.fill_from(meeting)
    item_form = forms.pop("item_form", None) or AgendaItemForm(formdata=None, prefix=ITEM_PREFIX)
    minutes_form = forms.pop("minutes_form", None)
    if minutes_form is None:
        minutes_form = MinutesForm(formdata=None, markdown=meeting.minutes_markdown)
    return (
        render_template(
            "meetings/manage.html",
            meeting=meeting,
            details=details,
            item_form=item_form,
            minutes_form=minutes_form,
            subject_link=services.subject_link,
            has_pdf=minutes.pdf_file(meeting) is not None,
            board=question_time(meeting, now=now_utc(), viewer=None),
        ),
        status,
    )


@bp.get("/clerk/meetings/<int:meeting_id>")
@roles_required(*CLERKS)
def manage(meeting_id: int) -> ResponseReturnValue:
    return _manage_page(_meeting_or_404(meeting_id))


@bp.post("/clerk/meetings/<int:meeting_id>/details")
@roles_required(*CLERKS)
def update(meeting_id: int) -> ResponseReturnValue:
    meeting = _meeting_or_404(meeting_id)
    form = MeetingForm()
    if form.validate_on_submit():
        try:
            services.update_meeting(meeting.id, _details(form), actor=current_user, now=now_utc())
        except Refused as refusal:
            show_refusal(form, refusal)
        else:
            flash(_("Séance modifiée."), "success")
            return redirect(url_for("meetings.manage", meeting_id=meeting.id))
    return _manage_page(meeting, details=form)


@bp.post("/clerk/meetings/<int:meeting_id>/items")
@roles_required(*CLERKS)
def add_item(meeting_id: int) -> ResponseReturnValue:
    meeting = _meeting_or_404(meeting_id)
    form = AgendaItemForm(prefix=ITEM_PREFIX)
    if form.validate_on_submit():
        try:
            services.add_agenda_item(
                meeting.id,
                title=form.title.data or "",
                description=form.description.data,
                actor=current_user,
                now=now_utc(),
            )
        except Refused as refusal:
            show_refusal(form, refusal)
        else:
            flash(_("Point ajouté à l'ordre du jour."), "success")
            return redirect(url_for("meetings.manage", meeting_id=meeting.id, _anchor="agenda"))
    return _manage_page(meeting, item_form=form)


def _item_action(item_id: int, action: str) -> ResponseReturnValue:
    item = services.get_agenda_item(item_id)
    if item is None or item.meeting_id is None:
        abort(404)
    if EmptyForm().validate_on_submit():
        try:
            if action == "remove":
                services.remove_agenda_item(item.id, actor=current_user, now=now_utc())
            else:
                services.move_agenda_item(
                    item.id, up=action == "up", actor=current_user, now=now_utc()
                )
        except Refused as refusal:
            flash(refusal.message, "error")
    return redirect(url_for("meetings.manage", meeting_id=item.meeting_id, _anchor="agenda"))


@bp.post("/clerk/agenda-items/<int:item_id>/move")
@roles_required(*CLERKS)
def move_item(item_id: int) -> ResponseReturnValue:
    direction = request.form.get("direction")
    if direction not in ("up", "down"):
        abort(400)
    return _item_action(item_id, direction)


@bp.post("/clerk/agenda-items/<int:item_id>/remove")
@roles_required(*CLERKS)
def remove_item(item_id: int) -> ResponseReturnValue:
    return _item_action(item_id, "remove")


@bp.post("/clerk/meetings/<int:meeting_id>/held")
@roles_required(*CLERKS)
def mark_held(meeting_id: int) -> ResponseReturnValue:
    meeting = _meeting_or_404(meeting_id)
    if EmptyForm().validate_on_submit():
        try:
            services.mark_held(meeting.id, actor=current_user, now=now_utc())
        except Refused as refusal:
            flash(refusal.message, "error")
        else:
            flash(_("La séance est marquée comme tenue."), "success")
    return redirect(url_for("meetings.manage", meeting_id=meeting.id))


@bp.post("/clerk/meetings/<int:meeting_id>/minutes")
@roles_required(*CLERKS)
def save_minutes(meeting_id: int) -> ResponseReturnValue:
    meeting = _meeting_or_404(meeting_id)
    form = MinutesForm()
    if form.validate_on_submit():
        upload = form.pdf.data
        try:
            minutes.save_minutes(
                meeting.id,
                minutes.MinutesInput(
                    markdown=form.markdown.data,
                    pdf=upload.read() if upload else None,
                    remove_pdf=bool(form.remove_pdf.data),
                    publish=bool(form.publish.data),
                ),
                actor=current_user,
                now=now_utc(),
            )
        except Refused as refusal:
            show_refusal(form, refusal)
        else:
            flash(_("Procès-verbal enregistré."), "success")
            return redirect(url_for("meetings.manage", meeting_id=meeting.id))
    return _manage_page(meeting, minutes_form=form)
