"""A body's sessions (agenda, minutes) and the opinions (avis) it votes there.

Kept in this area rather than in ``meetings``: the ``meetings`` table is the municipal
council's public calendar (its pages, question time, iCalendar feed and open data list
every row as a council meeting), and feature areas do not import one another.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import select

from civic.audit import services as audit
from civic.bodies.services import NAME_MAX, TEXT_MAX, get_body
from civic.core.bodies import opinion_adopted
from civic.decisions import already_decided, last_actor, locked
from civic.extensions import db
from civic.models import BodyOpinion, BodySession, User
from civic.services import Refused

OPINION_TITLE_MAX = 300
VOTES_MAX = 10_000


def get_session(session_id: int) -> BodySession | None:
    return db.session.get(BodySession, session_id)


def get_opinion(opinion_id: int) -> BodyOpinion | None:
    return db.session.get(BodyOpinion, opinion_id)


def sessions_of(body_id: int) -> list[BodySession]:
    return list(
        db.session.scalars(
            select(BodySession)
            .where(BodySession.body_id == body_id)
            .order_by(BodySession.starts_at.desc(), BodySession.id.desc())
        )
    )


def opinions_of(
    *, body_id: int | None = None, session_id: int | None = None, public: bool
) -> list[BodyOpinion]:
    query = select(BodyOpinion).order_by(BodyOpinion.created_at, BodyOpinion.id)
    if body_id is not None:
        query = query.where(BodyOpinion.body_id == body_id)
    if session_id is not None:
        query = query.where(BodyOpinion.session_id == session_id)
    if public:
        query = query.where(BodyOpinion.published_at.is_not(None))
    return list(db.session.scalars(query))


@dataclass(frozen=True)
class SessionInput:
    title: str
    starts_at: datetime
    place: str
    agenda: str


def create_session(body_id: int, data: SessionInput, *, actor: User, now: datetime) -> BodySession:
    if get_body(body_id) is None:
        raise Refused(_("Cette instance n'existe pas."))
    title = data.title.strip()
    if not title or len(title) > NAME_MAX:
        raise Refused(_("Donnez un intitulé (200 caractères au plus)."), "title")
    if len(data.agenda) > TEXT_MAX or len(data.place) > NAME_MAX:
        raise Refused(_("Texte trop long."), "agenda")
    session = BodySession(
        body_id=body_id,
        title=title,
        starts_at=data.starts_at,
        place=data.place.strip() or None,
        agenda=data.agenda.strip(),
        created_at=now,
    )
    db.session.add(session)
    db.session.flush()
    audit.record(
        actor=actor,
        action="body.session_create",
        object_type="body_session",
        object_id=session.id,
        after={"body": body_id, "title": title},
        now=now,
    )
    db.session.commit()
    return session


def publish_minutes(session_id: int, minutes: str, *, actor: User, now: datetime) -> None:
    session = locked(BodySession, session_id)
    if session is None:
        raise Refused(_("Cette séance n'existe pas."))
    if not minutes.strip() or len(minutes) > TEXT_MAX:
        raise Refused(_("Écrivez le compte rendu (20 000 caractères au plus)."), "minutes")
    if session.starts_at > now:
        raise Refused(_("Le compte rendu se publie après la séance."), "minutes")
    session.minutes, session.minutes_published_at = minutes.strip(), now
    audit.record(
        actor=actor,
        action="body.minutes",
        object_type="body_session",
        object_id=session_id,
        now=now,
    )
    db.session.commit()


@dataclass(frozen=True)
class OpinionInput:
    title: str
    text: str
    votes_for: int
    votes_against: int
    abstentions: int


def record_opinion(
    session_id: int, data: OpinionInput, *, actor: User, now: datetime
) -> BodyOpinion:
    """Record an opinion as voted in session; the core says whether it was adopted."""
    session = get_session(session_id)
    if session is None:
        raise Refused(_("Cette séance n'existe pas."))
    title = data.title.strip()
    if not title or len(title) > OPINION_TITLE_MAX:
        raise Refused(_("Donnez un intitulé (300 caractères au plus)."), "title")
    if not data.text.strip() or len(data.text) > TEXT_MAX:
        raise Refused(_("Écrivez le texte de l'avis (20 000 caractères au plus)."), "text")
    counts = (data.votes_for, data.votes_against, data.abstentions)
    if any(not 0 <= n <= VOTES_MAX for n in counts):
        raise Refused(_("Les voix sont des nombres de 0 à 10 000."), "votes_for")
    if session.starts_at > now:
        raise Refused(_("Un avis se vote en séance : la séance n'a pas encore eu lieu."))
    opinion = BodyOpinion(
        body_id=session.body_id,
        session_id=session_id,
        title=title,
        text=data.text.strip(),
        votes_for=data.votes_for,
        votes_against=data.votes_against,
        abstentions=data.abstentions,
        adopted=opinion_adopted(data.votes_for, data.votes_against),
        created_at=now,
    )
    db.session.add(opinion)
    db.session.flush()
    audit.record(
        actor=actor,
        action="body.opinion_record",
        object_type="body_opinion",
        object_id=opinion.id,
        after={"title": title, "for": counts[0], "against": counts[1], "abstain": counts[2]},
        now=now,
    )
    db.session.commit()
    return opinion


def publish_opinion(opinion_id: int, *, actor: User, now: datetime) -> BodyOpinion:
    opinion = locked(BodyOpinion, opinion_id)  # two clerks at once: published once
    if opinion is None:
        raise Refused(_("Cet avis n'existe pas."))
    if opinion.published_at is not None:
        raise already_decided(
            _("Cet avis a déjà été publié"),
            by_id=last_actor("body.opinion_publish", "body_opinion", opinion_id),
            at=opinion.published_at,
        )
    opinion.published_at = now
    audit.record(
        actor=actor,
        action="body.opinion_publish",
        object_type="body_opinion",
        object_id=opinion_id,
        now=now,
    )
    db.session.commit()
    return opinion
