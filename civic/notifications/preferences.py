"""A person's notification choices, and the signed one-click unsubscribe (RFC 8058).

Every notification is shown in the app; mail is on for every family until the
person turns it off (on the preferences page, or with the link of a mail). A
person without e-mail may ask for letters by post, which clerks export.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import select

from civic.extensions import db
from civic.models import NotificationSettings, User
from civic.notifications.kinds import FAMILIES

_SALT = "civic.notifications.unsubscribe"


@dataclass(frozen=True)
class Choices:
    email_off: frozenset[str]
    by_post: bool

    def mails(self, family: str | None) -> bool:
        return family is not None and family not in self.email_off


DEFAULTS = Choices(frozenset(), False)


def _parse(stored: str) -> frozenset[str]:
    return frozenset(code for code in stored.split(",") if code in FAMILIES)


def choices_of(user_id: int) -> Choices:
    row = db.session.get(NotificationSettings, user_id)
    if row is None:
        return DEFAULTS
    return Choices(_parse(row.email_off), row.by_post)


def choices_for(user_ids: list[int]) -> dict[int, Choices]:
    """Each person's choices, in one query (the defaults for those who made none)."""
    if not user_ids:
        return {}
    rows = db.session.scalars(
        select(NotificationSettings).where(NotificationSettings.user_id.in_(user_ids))
    )
    found = {row.user_id: Choices(_parse(row.email_off), row.by_post) for row in rows}
    return {user_id: found.get(user_id, DEFAULTS) for user_id in user_ids}


def _row(user_id: int, now: datetime) -> NotificationSettings:
    row = db.session.get(NotificationSettings, user_id, with_for_update=True)
    if row is None:
        row = NotificationSettings(user_id=user_id, email_off="", by_post=False, updated_at=now)
        db.session.add(row)
    return row


def save(user: User, *, email_on: set[str], by_post: bool, now: datetime) -> Choices:
    """Store the person's choices (families not listed are mailed no more)."""
    row = _row(user.id, now)
    row.email_off = ",".join(sorted(set(FAMILIES) - email_on))
    # Letters are for people the commune cannot reach by mail.
    row.by_post = by_post and not user.email
    row.updated_at = now
    choices = Choices(_parse(row.email_off), row.by_post)
    db.session.commit()
    return choices


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=_SALT)


def unsubscribe_token(user_id: int, family: str) -> str:
    """Signed, and good for one person and one family only."""
    return _serializer().dumps([user_id, family])


def read_token(token: str) -> tuple[int, str] | None:
    if len(token) > 200:
        return None
    try:
        value = _serializer().loads(token)
    except BadSignature:
        return None
    if (
        not isinstance(value, list)
        or len(value) != 2
        or not isinstance(value[0], int)
        or value[1] not in FAMILIES
    ):
        return None
    return value[0], value[1]


def unsubscribe(token: str, *, now: datetime) -> tuple[User, str] | None:
    """Turn off the family's mail for the token's person; None for a bad token."""
    read = read_token(token)
    if read is None:
        return None
    user = db.session.get(User, read[0])
    if user is None or user.deleted_at is not None:
        return None
    row = _row(user.id, now)
    row.email_off = ",".join(sorted(_parse(row.email_off) | {read[1]}))
    row.updated_at = now
    db.session.commit()
    return user, read[1]
