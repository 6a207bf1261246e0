"""In-app notifications: what happened to something a resident did.

A notification stores a ``kind`` and the title of its subject, not a sentence:
the sentence is written at display time, in the reader's language.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from civic.models.base import Base


class Notification(Base):
    __tablename__ = "notifications"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    subject_title: Mapped[str] = mapped_column(String(300))
    link: Mapped[str | None] = mapped_column(String(300))
    created_at: Mapped[datetime]
    read_at: Mapped[datetime | None]
    # When the mail left (a retried job sends it once), and when a clerk exported it
    # as a letter to post (for a person without e-mail who chose letters).
    mailed_at: Mapped[datetime | None]
    letter_exported_at: Mapped[datetime | None]


class NotificationSettings(Base):
    """A person's choices: every notification is shown in the app; mail per family
    of kinds (on unless listed in ``email_off``); letters by post for a person
    without e-mail. No row means the defaults."""

    __tablename__ = "notification_settings"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    # Family codes (civic.notifications.kinds.FAMILIES), comma-separated.
    email_off: Mapped[str] = mapped_column(String(200), default="")
    by_post: Mapped[bool] = mapped_column(default=False)
    updated_at: Mapped[datetime]


class NotificationFollow(Base):
    """A person asked for news of something (a votation's opening and last day)."""

    __tablename__ = "notification_follows"
    __table_args__ = (UniqueConstraint("user_id", "subject_type", "subject_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    subject_type: Mapped[str] = mapped_column(String(20))
    subject_id: Mapped[int]
    created_at: Mapped[datetime]
