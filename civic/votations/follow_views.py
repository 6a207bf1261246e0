"""Following a votation: a logged-in person asks to be told when it opens and on its
last day (civic.votations.reminders)."""

from __future__ import annotations

from typing import Any

from flask import abort, redirect, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required

from civic.extensions import db
from civic.models.votations import VISIBLE_STATUSES, Votation
from civic.notifications import follows
from civic.services import now_utc
from civic.templating import EmptyForm
from civic.votations.reminders import SUBJECT
from civic.votations.views import bp


def show_context(votation: Votation) -> dict[str, Any]:
    """What the votation's page shows of the reader's follow (nothing to a visitor)."""
    if not current_user.is_authenticated or votation.status not in VISIBLE_STATUSES:
        return {"following": None}
    return {"following": follows.is_following(current_user.id, SUBJECT, votation.id)}


@bp.post("/<int:votation_id>/follow")
@login_required
def follow(votation_id: int) -> ResponseReturnValue:
    votation = db.session.get(Votation, votation_id)
    if votation is None or votation.status not in VISIBLE_STATUSES:
        abort(404)
    form = EmptyForm()
    if form.validate_on_submit():
        follows.set_following(
            current_user.id,
            SUBJECT,
            votation_id,
            follow=request.form.get("follow") == "1",
            now=now_utc(),
        )
    return redirect(url_for("votations.show", votation_id=votation_id, _anchor="follow"))
