"""The daily reminders of a votation (``flask civic votations remind``): the day it
opens and its last day, to the eligible people who asked to follow it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from civic.electorate import local_day
from civic.extensions import db
from civic.models import User, Votation
from civic.models.votations import STATUS_SCHEDULED
from civic.notifications.follows import already_told, followers
from civic.notifications.services import notify_all, path_to
from civic.votations.eligibility import eligible_users, last_voting_day
from civic.votations.voting import is_open

SUBJECT = "votation"


def due_reminders(votation: Votation, now: datetime) -> list[str]:
    """The reminders due today for an open votation: its opening, its last day, or both."""
    if not is_open(votation, now) or votation.opens_at is None:
        return []
    today = local_day(now)
    kinds = []
    if local_day(votation.opens_at) == today:
        kinds.append("votation_opening")
    if last_voting_day(votation) == today:
        kinds.append("votation_last_day")
    return kinds


def remind(now: datetime) -> dict[str, int]:
    """Send today's reminders once; how many people each kind reached."""
    sent: dict[str, int] = {}
    votations = db.session.scalars(
        select(Votation).where(
            Votation.status == STATUS_SCHEDULED,
            Votation.opens_at <= now,
            Votation.closes_at > now,
        )
    ).all()
    for votation in votations:
        link = path_to("votations.show", votation_id=votation.id)
        for kind in due_reminders(votation, now):
            people = db.session.scalars(
                select(User.id).where(
                    User.id.in_(followers(SUBJECT, votation.id)),
                    User.id.in_(eligible_users(votation)),
                    User.id.not_in(already_told(kind, link)),
                )
            ).all()
            sent[kind] = sent.get(kind, 0) + notify_all(
                people, kind, subject_title=votation.title, link=link, now=now
            )
    db.session.commit()
    return sent
