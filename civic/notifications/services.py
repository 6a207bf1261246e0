"""Tell residents what happened to what they did: in the app, and by mail when configured.

``notify`` adds a row inside the caller's transaction and, when the person wants
mail for this family of news, adds the mail's background job to it too: the mail
leaves only once that transaction commits (a refused or failed change sends
nothing), through the job queue, which retries a mail server that is down.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from flask import current_app
from sqlalchemy import bindparam, func, select, update

from civic import jobs
from civic.extensions import db
from civic.models import Notification, NotificationFollow, User
from civic.notifications import kinds
from civic.notifications.preferences import choices_for, choices_of

SEND_MAILS = "civic.notifications.mails:send_all"
MAIL_ATTEMPTS = 4


def path_to(endpoint: str, **values: object) -> str:
    """A page's path for a notification's link, with or without a request (a job, a
    daily command): the mail makes it absolute on the public address."""
    return str(current_app.url_map.bind("localhost").build(endpoint, values))


def message(notification: Notification) -> str:
    return kinds.sentence(notification.kind, notification.subject_title)


def notify(
    user: User, kind: str, *, subject_title: str, link: str | None, now: datetime
) -> Notification:
    """Add one notification to the current transaction; its mail leaves after the commit."""
    return _notify([user], kind, subject_title=subject_title, link=link, now=now)[0]


def notify_all(
    user_ids: Iterable[int], kind: str, *, subject_title: str, link: str | None, now: datetime
) -> int:
    """The same news for several people (each once); how many were told. Their mails
    leave in one background job, however many they are."""
    ids = sorted(set(user_ids))
    if not ids:
        return 0
    users = list(
        db.session.scalars(select(User).where(User.id.in_(ids), User.deleted_at.is_(None)))
    )
    return len(_notify(users, kind, subject_title=subject_title, link=link, now=now))


def _notify(
    users: list[User], kind: str, *, subject_title: str, link: str | None, now: datetime
) -> list[Notification]:
    notifications = [
        Notification(
            user_id=user.id,
            kind=kind,
            subject_title=subject_title[:300],
            link=link,
            created_at=now,
        )
        for user in users
    ]
    db.session.add_all(notifications)
    if not current_app.config.get("MAIL_CONFIGURED"):
        return notifications
    family = kinds.family_of(kind)
    reachable = [u.id for u in users if u.email and u.deleted_at is None]
    choices = choices_for(reachable)
    mailed = [
        n
        for n, user in zip(notifications, users, strict=True)
        if user.id in choices and choices[user.id].mails(family)
    ]
    if mailed:
        db.session.flush()  # the job names the notifications
        ids = [n.id for n in mailed]
        jobs.enqueue_after_commit(SEND_MAILS, ids, attempts=MAIL_ATTEMPTS)
    return notifications


# Built once: every logged-in page shows the count in its menu.
_UNREAD = (
    select(func.count())
    .select_from(Notification.__table__)
    .where(
        Notification.__table__.c.user_id == bindparam("user_id"),
        Notification.__table__.c.read_at.is_(None),
    )
)


def unread_count(user_id: int) -> int:
    return int(db.session.connection().execute(_UNREAD, {"user_id": user_id}).scalar() or 0)


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


def personal_data(user: User) -> dict[str, object]:
    """The person's notifications and choices, for their data export (docs/rules.md §8)."""
    choices = choices_of(user.id)
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
        ],
        "notification_choices": {
            "email_off": sorted(choices.email_off),
            "letters_by_post": choices.by_post,
        },
        "follows": [
            {"subject": f.subject_type, "id": f.subject_id, "at": f.created_at.isoformat()}
            for f in db.session.scalars(
                select(NotificationFollow).where(NotificationFollow.user_id == user.id)
            )
        ],
    }
