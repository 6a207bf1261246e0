"""The votations' cards on the home page: those open now, with their last day, and
results just published (civic.home; registered in create_app)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta

from flask import url_for
from flask_babel import gettext as _
from sqlalchemy import and_, or_, select

from civic.electorate import local_day
from civic.extensions import db
from civic.home import NOW, RECENT, Card
from civic.models import Votation
from civic.models.votations import STATUS_PUBLISHED, STATUS_SCHEDULED

# Results are news for a month.
RECENT_FOR = timedelta(days=30)
SHOWN = 4


def cards(now: datetime) -> Iterator[Card]:
    votations = db.session.execute(
        select(
            Votation.id, Votation.title, Votation.status, Votation.closes_at, Votation.published_at
        )
        .where(
            or_(
                and_(
                    Votation.status == STATUS_SCHEDULED,
                    Votation.opens_at <= now,
                    Votation.closes_at > now,
                ),
                and_(
                    Votation.status == STATUS_PUBLISHED,
                    Votation.published_at >= now - RECENT_FOR,
                ),
            )
        )
        .order_by(Votation.closes_at, Votation.id)
        .limit(2 * SHOWN)
    )
    for votation in votations:
        url = url_for("votations.show", votation_id=votation.id)
        if votation.status == STATUS_PUBLISHED and votation.published_at is not None:
            yield Card(
                section=RECENT,
                kind=_("Votation"),
                title=votation.title,
                url=url,
                text=_("Les résultats sont publiés."),
                at=votation.published_at,
            )
        elif votation.closes_at is not None:
            yield Card(
                section=NOW,
                kind=_("Votation"),
                title=votation.title,
                url=url,
                text=_("Le vote est ouvert."),
                at=votation.closes_at,
                until=local_day(votation.closes_at - timedelta(microseconds=1)),
            )
