from __future__ import annotations

from typing import Any

from flask import Blueprint, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required

from civic.notifications import services
from civic.services import now_utc
from civic.templating import EmptyForm

bp = Blueprint("notifications", __name__, url_prefix="/notifications")


@bp.get("/")
@login_required
def index() -> ResponseReturnValue:
    return render_template(
        "notifications/index.html",
        notifications=services.for_user(current_user.id),
        message=services.message,
    )


@bp.post("/read")
@login_required
def mark_read() -> ResponseReturnValue:
    if EmptyForm().validate_on_submit():
        services.mark_all_read(current_user.id, now=now_utc())
    return redirect(url_for("notifications.index"))


@bp.app_context_processor
def _unread() -> dict[str, Any]:
    """The count shown in the navigation, for people who are logged in."""
    if current_user and current_user.is_authenticated:
        return {"unread_notifications": services.unread_count(current_user.id)}
    return {"unread_notifications": 0}
