"""The demo's residents find notifications in every state: new and read, mailed or
not, a family of mail turned off, a votation followed, letters waiting for the
clerk's export and one already posted; seeding twice adds nothing."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import Flask
from sqlalchemy import func, select

from civic.database import write_intent
from civic.extensions import db
from civic.models import Notification, NotificationFollow, NotificationSettings, User
from civic.notifications import letters
from civic.notifications.preferences import choices_of


def test_the_demo_has_notifications_in_every_state(app: Flask) -> None:
    from civic.demo import seed

    with app.app_context(), write_intent():
        seed(datetime(2026, 12, 6, 9, tzinfo=UTC))
        elector = db.session.scalars(
            select(User).where(User.email == "electeur@demo.civic.fr")
        ).one()
        news = db.session.scalars(select(Notification).where(Notification.user_id == elector.id))
        states = {(n.read_at is None, n.mailed_at is None) for n in news}
        assert states == {(True, True), (True, False), (False, False)}
        assert db.session.scalar(
            select(NotificationFollow.id).where(NotificationFollow.user_id == elector.id)
        )
        resident = db.session.scalars(
            select(User).where(User.email == "habitante@demo.civic.fr")
        ).one()
        assert not choices_of(resident.id).mails("petitions")
        waiting = letters.waiting_letters()
        assert len(waiting) == 1 and "seuil" in waiting[0].sentence
        assert (
            db.session.scalar(
                select(func.count()).where(Notification.letter_exported_at.is_not(None))
            )
            == 1
        )
        count = db.session.scalar(select(func.count()).select_from(Notification))
        settings = db.session.scalar(select(func.count()).select_from(NotificationSettings))
        seed(datetime(2026, 12, 6, 9, tzinfo=UTC))
        assert db.session.scalar(select(func.count()).select_from(Notification)) == count
        assert db.session.scalar(select(func.count()).select_from(NotificationSettings)) == settings
