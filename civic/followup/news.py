"""News of a petition for the people who follow it: its author (the porteur) and the
signers who asked to be kept informed when they signed. The petitions area tells
them of its own decisions (admitted, answered); the follow-up layer of what the
threshold started (the council's agenda)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from civic.extensions import db
from civic.models import Petition, Signature
from civic.notifications.services import notify_all, path_to


def petition_followers(petition: Petition) -> set[int]:
    signers = db.session.scalars(
        select(Signature.user_id).where(
            Signature.petition_id == petition.id,
            Signature.wants_news.is_(True),
            Signature.invalidated_at.is_(None),
            Signature.user_id.is_not(None),
        )
    )
    return {petition.author_id, *(user_id for user_id in signers if user_id is not None)}


def tell_petition_followers(petition: Petition, kind: str, *, now: datetime) -> int:
    """Notify the author and the signers who asked for news; how many were told."""
    return _tell(petition, petition_followers(petition), kind, now)


def tell_petition_author(petition: Petition, kind: str, *, now: datetime) -> int:
    """Notify the author alone (the petition's admission or rejection)."""
    return _tell(petition, {petition.author_id}, kind, now)


def _tell(petition: Petition, user_ids: set[int], kind: str, now: datetime) -> int:
    link = path_to("petitions.show", petition_id=petition.id)
    return notify_all(user_ids, kind, subject_title=petition.title, link=link, now=now)
