"""Participatory bodies: creation from a preset, members, the annual report.

Services take plain values and ``now``, audit each staff act and commit once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import gettext as _
from sqlalchemy import select

from civic.audit import services as audit
from civic.commune.services import current_figure
from civic.core.bodies import ccspl_required
from civic.decisions import already_decided, locked, unique_or_refused
from civic.electorate import local_day
from civic.extensions import db
from civic.models import Body, BodyMember, User
from civic.models.bodies import BODY_KINDS, SEAT_CATEGORIES
from civic.models.commune import FIGURE_POPULATION
from civic.services import Refused

NAME_MAX = 200
TEXT_MAX = 20_000
MEMBER_NAME_MAX = 120
SEATS_MAX = 200


def get_body(body_id: int) -> Body | None:
    return db.session.get(Body, body_id)


def get_member(member_id: int) -> BodyMember | None:
    return db.session.get(BodyMember, member_id)


def bodies() -> list[Body]:
    return list(db.session.scalars(select(Body).order_by(Body.name)))


def members(body_id: int, on: date | None = None) -> list[BodyMember]:
    """Members sitting on ``on`` (all members ever when ``on`` is None)."""
    query = select(BodyMember).where(BodyMember.body_id == body_id)
    if on is not None:
        query = query.where(
            BodyMember.since <= on, (BodyMember.until.is_(None)) | (BodyMember.until >= on)
        )
    return list(db.session.scalars(query.order_by(BodyMember.category, BodyMember.name)))


def ccspl_is_compulsory(today: date) -> bool:
    """Whether the commune's population in force makes a CCSPL compulsory (CGCT L1413-1)."""
    figure = current_figure(FIGURE_POPULATION, today)
    return ccspl_required(figure.value if figure is not None else None)


@dataclass(frozen=True)
class BodyInput:
    kind: str
    name: str
    purpose: str
    seats: dict[str, int]
    term_start: date
    term_end: date


def create_body(data: BodyInput, *, actor: User, now: datetime) -> Body:
    if data.kind not in BODY_KINDS:
        raise Refused(_("Type d'instance inconnu."), "kind")
    name = data.name.strip()
    if not name or len(name) > NAME_MAX:
        raise Refused(_("Donnez un nom (200 caractères au plus)."), "name")
    purpose = data.purpose.strip()
    if not purpose or len(purpose) > TEXT_MAX:
        raise Refused(_("Dites à quoi sert l'instance."), "purpose")
    if data.term_end <= data.term_start:
        raise Refused(_("Le mandat finit après avoir commencé."), "term_end")
    seats = {c: data.seats.get(c, 0) for c in SEAT_CATEGORIES}
    if any(not 0 <= n <= SEATS_MAX for n in seats.values()):
        raise Refused(_("Chaque catégorie compte de 0 à 200 sièges."))
    if sum(seats.values()) < 1:
        raise Refused(_("L'instance compte au moins un siège."))
    body = Body(
        kind=data.kind,
        name=name,
        purpose=purpose,
        term_start=data.term_start,
        term_end=data.term_end,
        created_at=now,
        created_by_id=actor.id,
        **{f"{c}_seats": n for c, n in seats.items()},
    )
    with unique_or_refused(_("Une instance porte déjà ce nom."), "name"):
        db.session.add(body)
        db.session.flush()
    audit.record(
        actor=actor,
        action="body.create",
        object_type="body",
        object_id=body.id,
        after={"kind": body.kind, "name": body.name, "seats": seats},
        now=now,
    )
    db.session.commit()
    return body


@dataclass(frozen=True)
class MemberInput:
    category: str
    name: str
    representing: str
    since: date


def add_member(body_id: int, data: MemberInput, *, actor: User, now: datetime) -> BodyMember:
    """Seat a member in a category that still has a free seat."""
    body = locked(Body, body_id)  # two clerks at once: never more members than seats
    if body is None:
        raise Refused(_("Cette instance n'existe pas."))
    if data.category not in SEAT_CATEGORIES:
        raise Refused(_("Catégorie de siège inconnue."), "category")
    name = data.name.strip()
    if not name or len(name) > MEMBER_NAME_MAX:
        raise Refused(_("Donnez le nom du membre (120 caractères au plus)."), "name")
    if len(data.representing) > NAME_MAX:
        raise Refused(_("Texte trop long."), "representing")
    sitting = [m for m in members(body_id, data.since) if m.category == data.category]
    if len(sitting) >= body.seats_of(data.category):
        raise Refused(_("Tous les sièges de cette catégorie sont pourvus."), "category")
    member = BodyMember(
        body_id=body_id,
        category=data.category,
        name=name,
        representing=data.representing.strip() or None,
        since=data.since,
        created_at=now,
    )
    db.session.add(member)
    db.session.flush()
    audit.record(
        actor=actor,
        action="body.member_add",
        object_type="body",
        object_id=body_id,
        after={"member": member.id, "category": member.category},
        now=now,
    )
    db.session.commit()
    return member


def publish_report(body_id: int, year: int, text: str, *, actor: User, now: datetime) -> None:
    """Publish (or replace) the body's annual report."""
    body = locked(Body, body_id)
    if body is None:
        raise Refused(_("Cette instance n'existe pas."))
    if not 2000 <= year <= 2200:
        raise Refused(_("Année invalide."), "year")
    if not text.strip() or len(text) > TEXT_MAX:
        raise Refused(_("Écrivez le rapport (20 000 caractères au plus)."), "report")
    before = {"year": body.report_year}
    body.report_year, body.report, body.report_published_at = year, text.strip(), now
    audit.record(
        actor=actor,
        action="body.report",
        object_type="body",
        object_id=body_id,
        before=before,
        after={"year": year},
        now=now,
    )
    db.session.commit()


def end_seat(member_id: int, last_day: date, *, actor: User, now: datetime) -> BodyMember:
    """A member leaves: ``last_day`` is their last day on the body, the seat is free after."""
    member = locked(BodyMember, member_id)  # two clerks at once: one end
    if member is None:
        raise Refused(_("Ce membre n'existe pas."))
    if member.until is not None:
        raise already_decided(_("Ce membre a déjà quitté l'instance"), by_id=None)
    if not member.since <= last_day <= local_day(now):
        raise Refused(_("Le dernier jour tombe entre l'arrivée du membre et aujourd'hui."), "until")
    member.until = last_day
    audit.record(
        actor=actor,
        action="body.member_end",
        object_type="body",
        object_id=member.body_id,
        after={"member": member.id, "until": last_day},
        now=now,
    )
    db.session.commit()
    return member
