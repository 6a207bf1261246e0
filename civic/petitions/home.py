"""The petitions' cards on the home page: those closest to a threshold, and the
answers just given (civic.home; registered in create_app)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta

from flask import url_for
from flask_babel import format_decimal, ngettext
from flask_babel import gettext as _
from sqlalchemy import select

from civic.electorate import local_day
from civic.extensions import db
from civic.home import NOW, RECENT, Card
from civic.models import Petition, PetitionAnswer
from civic.models.petitions import VISIBLE_STATES
from civic.petitions.labels import THRESHOLD_LABELS
from civic.petitions.listing import closest_to_a_threshold

SHOWN = 3
# An answer is news for a month.
RECENT_FOR = timedelta(days=30)


def cards(now: datetime) -> Iterator[Card]:
    for item in closest_to_a_threshold(now, SHOWN):
        petition, closest = item.petition, item.closest
        if closest is None:  # never: closest_to_a_threshold keeps those with one
            continue
        name = str(THRESHOLD_LABELS.get(closest.name, closest.name))
        deadline = petition.deadline
        yield Card(
            section=NOW,
            kind=_("Pétition"),
            title=petition.title,
            url=url_for("petitions.show", petition_id=petition.id),
            text=ngettext(
                "Encore %(count)s signature pour : %(threshold)s.",
                "Encore %(count)s signatures pour : %(threshold)s.",
                closest.remaining,
                count=format_decimal(closest.remaining),
                threshold=name,
            ),
            # Those without a deadline come after the ones that close.
            at=deadline or now + timedelta(days=3650),
            until=local_day(deadline - timedelta(microseconds=1)) if deadline else None,
            progress=(min(closest.counted, closest.required), closest.required),
        )
    answered = db.session.execute(
        select(PetitionAnswer.published_at, Petition.id, Petition.title)
        .join(Petition, Petition.id == PetitionAnswer.petition_id)
        .where(
            PetitionAnswer.published_at >= now - RECENT_FOR,
            Petition.state.in_(sorted(VISIBLE_STATES)),
        )
        .order_by(PetitionAnswer.published_at.desc())
        .limit(SHOWN)
    )
    for published_at, petition_id, title in answered:
        yield Card(
            section=RECENT,
            kind=_("Pétition"),
            title=title,
            url=url_for("petitions.show", petition_id=petition_id),
            text=_("La commune a répondu à la pétition."),
            at=published_at,
        )
