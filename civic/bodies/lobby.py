"""The lobby register: every meeting of an elected official or a senior officer with an
interest representative, and every gift or invitation offered to one, declined or accepted.

A record is public as soon as it is made; it is due within ``LOBBY_PUBLICATION_DAYS`` of
the meeting or the offer (``civic.core.bodies.lobby_publication_due``), and one made later
says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select

from civic.audit import services as audit
from civic.core.bodies import lobby_publication_due, lobby_published_late
from civic.electorate import local_day
from civic.extensions import db
from civic.models import Gift, LobbyMeeting, User
from civic.models.bodies import GIFT_OUTCOMES
from civic.services import Refused

NAME_MAX = 200
SUBJECT_MAX = 500
DOCUMENTS_MAX = 5_000
VALUE_MAX = 1_000_000
OLDEST = date(2000, 1, 1)


def publication_days() -> int:
    return int(current_app.config["LOBBY_PUBLICATION_DAYS"])


def meetings() -> list[LobbyMeeting]:
    return list(
        db.session.scalars(
            select(LobbyMeeting).order_by(LobbyMeeting.met_on.desc(), LobbyMeeting.id.desc())
        )
    )


def gifts() -> list[Gift]:
    return list(db.session.scalars(select(Gift).order_by(Gift.offered_on.desc(), Gift.id.desc())))


def _happened_on(record: LobbyMeeting | Gift) -> date:
    return record.met_on if isinstance(record, LobbyMeeting) else record.offered_on


def published_late(record: LobbyMeeting | Gift) -> bool:
    return lobby_published_late(
        _happened_on(record), local_day(record.recorded_at), publication_days()
    )


def due_on(record: LobbyMeeting | Gift) -> date:
    """A gift is due within the same number of days of its offer as a meeting."""
    return lobby_publication_due(_happened_on(record), publication_days())


def _text(value: str, field: str, maximum: int, message: str) -> str:
    value = value.strip()
    if not value or len(value) > maximum:
        raise Refused(message, field)
    return value


def _past_day(day: date, now: datetime, field: str) -> None:
    if not OLDEST <= day <= local_day(now):
        raise Refused(_("Indiquez une date passée (depuis l'an 2000)."), field)


@dataclass(frozen=True)
class MeetingInput:
    representative: str
    official: str
    met_on: date
    subject: str
    documents: str


def record_meeting(data: MeetingInput, *, actor: User, now: datetime) -> LobbyMeeting:
    meeting = LobbyMeeting(
        representative=_text(
            data.representative,
            "representative",
            NAME_MAX,
            _("Nommez le représentant d'intérêts et son organisation (200 caractères au plus)."),
        ),
        official=_text(
            data.official,
            "official",
            NAME_MAX,
            _("Nommez la personne rencontrée et sa fonction (200 caractères au plus)."),
        ),
        met_on=data.met_on,
        subject=_text(
            data.subject, "subject", SUBJECT_MAX, _("Dites l'objet (500 caractères au plus).")
        ),
        documents=data.documents.strip() or None,
        recorded_at=now,
        recorded_by_id=actor.id,
    )
    _past_day(data.met_on, now, "met_on")
    if len(data.documents) > DOCUMENTS_MAX:
        raise Refused(_("Texte trop long."), "documents")
    db.session.add(meeting)
    db.session.flush()
    audit.record(
        actor=actor,
        action="lobby.meeting_record",
        object_type="lobby_meeting",
        object_id=meeting.id,
        after={"met_on": meeting.met_on, "representative": meeting.representative},
        now=now,
    )
    db.session.commit()
    return meeting


@dataclass(frozen=True)
class GiftInput:
    official: str
    giver: str
    description: str
    value: int
    offered_on: date
    outcome: str


def record_gift(data: GiftInput, *, actor: User, now: datetime) -> Gift:
    if data.outcome not in GIFT_OUTCOMES:
        raise Refused(_("Dites si le cadeau a été refusé ou accepté."), "outcome")
    if not 0 <= data.value <= VALUE_MAX:
        raise Refused(_("Une valeur en euros, de 0 à 1 000 000."), "value")
    _past_day(data.offered_on, now, "offered_on")
    gift = Gift(
        official=_text(
            data.official, "official", NAME_MAX, _("Nommez la personne à qui il a été offert.")
        ),
        giver=_text(data.giver, "giver", NAME_MAX, _("Nommez qui l'a offert.")),
        description=_text(
            data.description,
            "description",
            SUBJECT_MAX,
            _("Décrivez le cadeau ou l'invitation (500 caractères au plus)."),
        ),
        value=data.value,
        offered_on=data.offered_on,
        outcome=data.outcome,
        recorded_at=now,
        recorded_by_id=actor.id,
    )
    db.session.add(gift)
    db.session.flush()
    audit.record(
        actor=actor,
        action="lobby.gift_record",
        object_type="lobby_gift",
        object_id=gift.id,
        after={"outcome": gift.outcome, "value": gift.value},
        now=now,
    )
    db.session.commit()
    return gift
