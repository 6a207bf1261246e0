"""The notification mail, sent by a background job (``civic.jobs``), retried when the
mail server fails.

Each mail carries a one-click unsubscribe for its family of news (RFC 8058): the
``List-Unsubscribe`` address holds a signed token for this person and family, and
``List-Unsubscribe-Post`` tells the mail client it may POST to it without a visit.
"""

from __future__ import annotations

from datetime import UTC, datetime

from flask import current_app
from flask_babel import force_locale
from flask_mailman import EmailMessage

from civic.extensions import db
from civic.models import Notification, User
from civic.notifications import kinds
from civic.notifications.preferences import choices_of, unsubscribe_token
from civic.security import public_url


def unsubscribe_link(user_id: int, family: str) -> str:
    path = current_app.url_map.bind("localhost").build(
        "notifications.unsubscribe", {"token": unsubscribe_token(user_id, family)}
    )
    return public_url(path)


def send_all(notification_ids: list[int]) -> int:
    """The job: mail each notification once; how many left. A failure does not stop the
    others, and fails the job at the end, so that its retry sends only what is left."""
    sent, failure = 0, None
    for notification_id in notification_ids:
        try:
            sent += send(int(notification_id))
        except Exception as error:  # the next ones still go; the retry takes this one
            db.session.rollback()
            failure = error
    if failure is not None:
        raise failure
    return sent


def send(notification_id: int) -> bool:
    """The job: mail one notification, once; False when there is nothing to send (the
    person deleted their account, removed their address or turned this mail off)."""
    notification = db.session.get(Notification, notification_id)
    if notification is None or notification.mailed_at is not None:
        return False
    user = db.session.get(User, notification.user_id)
    family = kinds.family_of(notification.kind)
    if (
        user is None
        or not user.email
        or user.deleted_at is not None
        or family is None
        or not choices_of(user.id).mails(family)
    ):
        return False
    unsubscribe = unsubscribe_link(user.id, family)
    language = user.locale if user.locale in current_app.config["LANGUAGES"] else None
    with force_locale(language or current_app.config["BABEL_DEFAULT_LOCALE"]):
        sentence = kinds.sentence(notification.kind, notification.subject_title)
        link = notification.link
        # The bare template: the pages' context processors need a request, which a job has not.
        body = current_app.jinja_env.get_template("mail/notification.txt").render(
            sentence=sentence,
            link=public_url(link) if link and link.startswith("/") else None,
            family=kinds.FAMILIES[family],
            unsubscribe=unsubscribe,
            preferences=public_url(
                current_app.url_map.bind("localhost").build("notifications.preferences_page")
            ),
        )
    subject = sentence if len(sentence) <= 120 else sentence[:117] + "…"
    EmailMessage(
        subject=subject,
        body=body,
        to=[user.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    ).send(fail_silently=False)
    notification.mailed_at = datetime.now(UTC)
    db.session.commit()
    return True
