"""Letters to post on the clerks' to-do list (civic.clerk_queues)."""

from __future__ import annotations

from datetime import datetime

from flask import url_for
from flask_babel import lazy_gettext as _l

from civic.clerk_queues import Queue, Tally, tally_of
from civic.extensions import db
from civic.models import Notification, User
from civic.notifications.letters import waiting_statement


def _describe(notification: Notification) -> tuple[str | None, datetime, str]:
    user = db.session.get(User, notification.user_id)
    return (
        user.display_name if user else None,
        notification.created_at,
        url_for("notifications.letters_page"),
    )


def _letters() -> Tally:
    return tally_of(waiting_statement(), _describe, url_for("notifications.letters_page"))


QUEUES = (Queue(key="letters", title=_l("Lettres à envoyer par la poste"), tally=_letters),)
