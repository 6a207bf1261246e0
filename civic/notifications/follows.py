"""What a person asked to hear about (a votation's opening and last day): a follow
per person and subject, added or removed by the person, read by the areas' daily
reminders."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Select, delete, select
from sqlalchemy.exc import IntegrityError

from civic.extensions import db
from civic.models import Notification, NotificationFollow


def is_following(user_id: int, subject_type: str, subject_id: int) -> bool:
    return (
        db.session.scalar(
            select(NotificationFollow.id).where(
                NotificationFollow.user_id == user_id,
                NotificationFollow.subject_type == subject_type,
                NotificationFollow.subject_id == subject_id,
            )
        )
        is not None
    )


def set_following(
    user_id: int, subject_type: str, subject_id: int, *, follow: bool, now: datetime
) -> None:
    """Follow or stop following; twice is the same as once (commits)."""
    if not follow:
        db.session.execute(
            delete(NotificationFollow).where(
                NotificationFollow.user_id == user_id,
                NotificationFollow.subject_type == subject_type,
                NotificationFollow.subject_id == subject_id,
            )
        )
    elif not is_following(user_id, subject_type, subject_id):
        try:
            with db.session.begin_nested():  # two clicks at once: one follow
                db.session.add(
                    NotificationFollow(
                        user_id=user_id,
                        subject_type=subject_type,
                        subject_id=subject_id,
                        created_at=now,
                    )
                )
        except IntegrityError:
            pass
    db.session.commit()


def followers(subject_type: str, subject_id: int) -> Select[int]:
    return select(NotificationFollow.user_id).where(
        NotificationFollow.subject_type == subject_type,
        NotificationFollow.subject_id == subject_id,
    )


def already_told(kind: str, link: str) -> Select[int]:
    """Who already has this notification (a daily reminder run twice tells once)."""
    return select(Notification.user_id).where(Notification.kind == kind, Notification.link == link)
