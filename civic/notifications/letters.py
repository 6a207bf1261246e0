"""Letters by post: the notifications of people without e-mail who asked for letters.

A clerk exports the letters waiting (a CSV for a mail merge, or a page to print);
the export marks them, so each letter is posted once, and is audited: it hands
names and addresses over.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, select

from civic.audit import services as audit
from civic.csv_export import csv_text
from civic.extensions import db
from civic.models import Notification, NotificationSettings, User
from civic.notifications import kinds

EXPORT_LIMIT = 2_000


@dataclass(frozen=True)
class Letter:
    notification_id: int
    user_id: int
    name: str
    address: str
    created_at: datetime
    sentence: str
    link: str | None


def waiting_statement() -> Select[Notification]:
    """The notifications to post (a person without e-mail who chose letters), oldest first."""
    return (
        select(Notification)
        .join(User, User.id == Notification.user_id)
        .join(NotificationSettings, NotificationSettings.user_id == User.id)
        .where(
            NotificationSettings.by_post.is_(True),
            User.email.is_(None),
            User.deleted_at.is_(None),
            Notification.letter_exported_at.is_(None),
        )
        .order_by(Notification.created_at, Notification.id)
    )


def _waiting(*, lock: bool = False) -> list[tuple[Notification, User]]:
    query = (
        waiting_statement()
        .add_columns(User)
        .order_by(None)
        .order_by(User.family_name, User.given_names, User.id, Notification.id)
        .limit(EXPORT_LIMIT)
    )
    if lock:  # two clerks exporting at once: each letter goes in one export
        query = query.with_for_update(of=Notification)
    return [(row[0], row[1]) for row in db.session.execute(query)]


def _letter(notification: Notification, user: User) -> Letter:
    return Letter(
        notification_id=notification.id,
        user_id=user.id,
        name=user.display_name,
        address=user.address or "",
        created_at=notification.created_at,
        sentence=kinds.sentence(notification.kind, notification.subject_title),
        link=notification.link,
    )


def waiting_letters() -> list[Letter]:
    return [_letter(n, u) for n, u in _waiting()]


def export(*, actor: User, now: datetime) -> list[Letter]:
    """The letters waiting, marked exported (in the caller's language), audited."""
    rows = _waiting(lock=True)
    letters = [_letter(n, u) for n, u in rows]
    for notification, _user in rows:
        notification.letter_exported_at = now
    if letters:
        audit.record(
            actor=actor,
            action="notifications.letters_exported",
            object_type="notification",
            after={"letters": len(letters), "people": len({u.id for _n, u in rows})},
            now=now,
        )
    db.session.commit()
    return letters


def letters_csv(letters: list[Letter], headings: list[str]) -> str:
    return csv_text(
        [headings]
        + [
            [
                letter.name,
                letter.address,
                letter.created_at.date().isoformat(),
                letter.sentence,
                letter.link or "",
            ]
            for letter in letters
        ]
    )
