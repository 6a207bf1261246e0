from __future__ import annotations

from flask import Blueprint, abort, render_template
from flask.typing import ResponseReturnValue

from civic.meetings import services
from civic.services import now_utc

bp = Blueprint("meetings", __name__)


@bp.get("/meetings")
def index() -> ResponseReturnValue:
    now = now_utc()
    past, _more = services.past_meetings(1, per_page=5)
    return render_template(
        "meetings/index.html", upcoming=services.upcoming_meetings(now), past=past, now=now
    )


@bp.get("/meetings/<int:meeting_id>")
def show(meeting_id: int) -> ResponseReturnValue:
    meeting = services.get_meeting(meeting_id)
    if meeting is None:
        abort(404)
    return render_template(
        "meetings/show.html", meeting=meeting, subject_link=services.subject_link, now=now_utc()
    )
