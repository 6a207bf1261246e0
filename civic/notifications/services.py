"""Tell residents what happened to what they did: in the app, and by mail when configured.

``notify`` adds a row inside the caller's transaction and queues the mail; the
mail leaves only once that transaction commits (a refused or failed change
sends nothing), and a mail server that is down never undoes the change.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask import current_app
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from flask_mailman import EmailMessage
from sqlalchemy import event, func, select, update
from sqlalchemy.orm import Session

from civic.extensions import db
from civic.models import Notification, User
from civic.security import public_url

log = logging.getLogger(__name__)

# kind -> sentence, written in the reader's language when shown. Other areas add theirs.
MESSAGES: dict[str, Any] = {
    "question_admitted": _l("Votre question « %(title)s » a été admise."),
    "question_rejected": _l("Votre question « %(title)s » n'a pas été admise."),
    "question_selected_oral": _l(
        "Votre question « %(title)s » sera posée oralement lors de la séance."
    ),
    "question_selected_written": _l(
        "Votre question « %(title)s » recevra une réponse écrite publiée."
    ),
    "question_answered": _l("Votre question « %(title)s » a reçu une réponse."),
}

_PENDING = "civic_pending_mail"


@dataclass(frozen=True)
class _Mail:
    to: str
    locale: str | None
    kind: str
    subject_title: str
    link: str | None


def message(notification: Notification) -> str:
    template = MESSAGES.get(notification.kind)
    if template is None:
        return notification.subject_title
    return str(template) % {"title": notification.subject_title}


def notify(
    user: User, kind: str, *, subject_title: str, link: str | None, now: datetime
) -> Notification:
    """Add one notification to the current transaction; its mail leaves after the commit."""
    notification = Notification(
        user_id=user.id, kind=kind, subject_title=subject_title[:300], link=link, created_at=now
    )
    db.session.add(notification)
    if current_app.config.get("MAIL_CONFIGURED") and user.email and user.deleted_at is None:
        db.session.info.setdefault(_PENDING, []).append(
            _Mail(user.email, user.locale, kind, notification.subject_title, _absolute(link))
        )
    return notification


def _absolute(link: str | None) -> str | None:
    if link and link.startswith("/"):
        return public_url(link)
    return link


def unread_count(user_id: int) -> int:
    return int(
        db.session.scalar(
            select(func.count())
            .select_from(Notification)
            .where(Notification.user_id == user_id, Notification.read_at.is_(None))
        )
        or 0
    )


def for_user(user_id: int, limit: int = 100) -> list[Notification]:
    return list(
        db.session.scalars(
            select(Notification)
            .where(Notification.user_id == user_id)
            .order_by(Notification.created_at.desc(), Notification.id.desc())
            .limit(limit)
        )
    )


def mark_all_read(user_id: int, *, now: datetime) -> None:
    db.session.execute(
        update(Notification)
        .where(Notification.user_id == user_id, Notification.read_at.is_(None))
        .values(read_at=now)
    )
    db.session.commit()


def _send(mail: _Mail) -> None:
    locale = mail.locale or current_app.config["BABEL_DEFAULT_LOCALE"]
    with force_locale(locale):
        sentence = str(MESSAGES[mail.kind]) % {"title": mail.subject_title}
        # The bare template, without context processors: they may query the database,
        # and this runs after the commit, where no more SQL may be emitted.
        template = current_app.jinja_env.get_template("mail/notification.txt")
        body = template.render(sentence=sentence, link=mail.link)
        subject = sentence if len(sentence) <= 120 else sentence[:117] + "…"
    EmailMessage(subject=subject, body=body, to=[mail.to]).send(fail_silently=False)


@event.listens_for(Session, "after_commit")
def _send_queued_mail(session: Session) -> None:
    for mail in session.info.pop(_PENDING, []):
        try:
            _send(mail)
        except Exception:  # the change is committed; a mail outage must not undo or hide it
            log.exception("notification mail to user failed (kind=%s)", mail.kind)


@event.listens_for(Session, "after_rollback")
def _drop_queued_mail(session: Session) -> None:
    session.info.pop(_PENDING, None)


def personal_data(user: User) -> dict[str, object]:
    """The person's notifications, for their data export (docs/rules.md §8)."""
    return {
        "notifications": [
            {
                "kind": n.kind,
                "subject": n.subject_title,
                "link": n.link,
                "at": n.created_at.isoformat(),
                "read_at": n.read_at.isoformat() if n.read_at else None,
            }
            for n in for_user(user.id, limit=10_000)
        ]
    }
