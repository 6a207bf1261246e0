"""Demo participatory bodies (issue 20): a CCSPL with a past session, a published opinion and
a document request overdue; a citizen audit drawn in two stages (the panel by the fair draw
when the extra is installed, a reserve list, one person who declined and the reserve who
took the seat); a youth council; the lobby register with a few meetings and gifts.
Idempotent: nothing is added once a body exists. Everything goes through the area's
services, as a clerk would do it."""

from __future__ import annotations

import json
import time as clock
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from civic import jobs
from civic.bodies import lobby, lottery, lottery_seats, requests, services, sessions
from civic.bodies.presets import PRESETS
from civic.extensions import db
from civic.models import Body, LotteryPerson, User
from civic.models.bodies import (
    GIFT_ACCEPTED,
    GIFT_DECLINED,
    KIND_CCSPL,
    KIND_CITIZEN_AUDIT,
    KIND_YOUTH_COUNCIL,
)

PARIS = ZoneInfo("Europe/Paris")
STREETS = ("rue de la République", "rue des Tanneurs", "avenue Jean-Jaurès", "quai du Port")
GIVEN = ("Léa", "Karim", "Inès", "Thomas", "Fatou", "Hugo", "Chloé", "Mehdi", "Jade", "Louis")
FAMILY = ("Moreau", "Haddad", "Lefèvre", "Traoré", "Garnier", "Nguyen", "Roussel", "Diallo")


def _user(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == email))


def _body(kind: str, today: date, admin: User, now: datetime) -> Body:
    preset = PRESETS[kind]
    return services.create_body(
        services.BodyInput(
            kind=kind,
            name=str(preset.name),
            purpose=str(preset.purpose),
            seats=dict(preset.seats),
            term_start=date(today.year, 1, 1),
            term_end=date(today.year + preset.term_years, 12, 31),
        ),
        actor=admin,
        now=now,
    )


def _ccspl(today: date, admin: User, clerk: User, now: datetime) -> None:
    body = _body(KIND_CCSPL, today, admin, now)
    since = date(today.year, 1, 1)
    for category, name, representing in (
        ("majority", "Nadia Petit", "Adjointe aux services publics"),
        ("opposition", "Henri Vasseur", "Groupe « Sens en commun »"),
        ("association", "Marie Colin", "Association des usagers de l'eau"),
        ("association", "Ahmed Benali", "Association familiale de Sens"),
        ("expert", "Sophie Lemaire", "Ingénieure, agence de l'eau"),
    ):
        services.add_member(
            body.id,
            services.MemberInput(category, name, representing, since),
            actor=clerk,
            now=now,
        )
    held = datetime.combine(today - timedelta(days=30), time(18, 30), tzinfo=PARIS)
    session = sessions.create_session(
        body.id,
        sessions.SessionInput(
            title="Rapport annuel du délégataire de l'eau",
            starts_at=held.astimezone(UTC),
            place="Salle des commissions, hôtel de ville",
            agenda="1. Rapport annuel du délégataire\n2. Tarifs 2027 de la restauration scolaire",
        ),
        actor=clerk,
        now=now,
    )
    sessions.publish_minutes(
        session.id,
        "Présents : 11 membres sur 16. Le délégataire a présenté son rapport ; les usagers "
        "ont demandé le détail des fuites du réseau.",
        actor=clerk,
        now=now,
    )
    opinion = sessions.record_opinion(
        session.id,
        sessions.OpinionInput(
            title="Avis sur le rapport du délégataire de l'eau",
            text="La commission demande une tarification sociale de l'eau et un plan de "
            "réduction des fuites publié chaque année.",
            votes_for=9,
            votes_against=1,
            abstentions=1,
        ),
        actor=clerk,
        now=now,
    )
    sessions.publish_opinion(opinion.id, actor=clerk, now=now)
    requests.record(
        body.id,
        "Inventaire des canalisations en plomb du réseau d'eau",
        today - timedelta(days=45),  # unanswered: overdue since mid-month
        actor=clerk,
        now=now,
    )
    answered = requests.record(
        body.id,
        "Compte rendu technique et financier 2025 du délégataire",
        today - timedelta(days=20),
        actor=clerk,
        now=now,
    )
    requests.answer(
        answered.id,
        "communicated",
        "Transmis à la commission par courriel et publié sur le site de la commune.",
        actor=clerk,
        now=now,
    )


def _audit(today: date, admin: User, clerk: User, now: datetime) -> None:
    """Drawn in two stages: 60 people listed, 16 invited, 10 answered, 6 seated."""
    body = _body(KIND_CITIZEN_AUDIT, today, admin, now)
    listed = "\n".join(
        f"{GIVEN[n % len(GIVEN)]} {FAMILY[n % len(FAMILY)]} ; "
        f"{n + 1} {STREETS[n % len(STREETS)]}, 89100 Sens"
        for n in range(60)
    )
    draw = lottery.start(
        body.id,
        lottery.LotteryInput("electoral_list", invitations=16, seats=6, people=listed),
        actor=clerk,
        now=now,
    )
    lottery.invite(draw.id, "Loto du 4 novembre : 7 12 19 33 41 / 5", actor=clerk, now=now)
    invited = db.session.scalars(
        select(LotteryPerson.code)
        .where(LotteryPerson.lottery_id == draw.id, LotteryPerson.invited.is_(True))
        .order_by(LotteryPerson.code)
    ).all()
    for n, code in enumerate(invited[:10]):
        gender = ("female", "male")[n % 2] if n < 9 else "unsaid"
        lottery.record_answer(draw.id, code, gender, actor=clerk, now=now)
    pool = lottery_seats.PoolInput(mode=lottery_seats.default_mode(), reserve=3)
    job_id = lottery_seats.freeze_pool(draw.id, pool, actor=clerk, now=now).job_id
    db.session.commit()  # end the read: the job and its status need the database
    if job_id is not None:
        _wait_for(job_id)
    drawn = lottery_seats.seat(
        draw.id, "Euromillions du 2 décembre : 3 17 22 38 46", actor=clerk, now=now
    )
    first = json.loads(drawn.selected or "[]")[0]
    lottery_seats.decline(draw.id, first, actor=clerk, now=now + timedelta(minutes=5))


def _wait_for(job_id: str) -> None:
    """The fair draw's list is computed by a job (a few seconds for the demo's pool)."""
    for _ in range(1200):
        status = jobs.status(job_id)
        if status is None or status.done:
            return
        clock.sleep(0.1)


def _lobby(today: date, councillor: User, clerk: User, now: datetime) -> None:
    for days, who, whom, subject, documents, recorder in (
        (
            40,
            "Jeanne Roux, Eaux de France (délégataire)",
            "Nadia Petit, adjointe aux services publics",
            "Renouvellement du contrat de délégation de l'eau",
            "Note tarifaire 2027\nProjet d'avenant n° 3",
            councillor,
        ),
        (
            12,
            "Paul Girard, Fédération du bâtiment de l'Yonne",
            "Directeur général des services",
            "Calendrier des marchés de rénovation des écoles",
            "",
            clerk,
        ),
        (
            3,
            "Claire Dumas, Association des commerçants du centre",
            "Nadia Petit, adjointe aux services publics",
            "Stationnement en centre-ville pendant les travaux",
            "Pétition des commerçants (120 signatures)",
            councillor,
        ),
    ):
        lobby.record_meeting(
            lobby.MeetingInput(who, whom, today - timedelta(days=days), subject, documents),
            actor=recorder,
            now=now,
        )
    for days, giver, description, value, outcome in (
        (25, "Eaux de France", "Invitation à un match au stade de France", 180, GIFT_DECLINED),
        (9, "Association des commerçants", "Panier de produits locaux", 35, GIFT_ACCEPTED),
    ):
        lobby.record_gift(
            lobby.GiftInput(
                "Nadia Petit, adjointe",
                giver,
                description,
                value,
                today - timedelta(days=days),
                outcome,
            ),
            actor=councillor,
            now=now,
        )


def seed(now: datetime, summary: list[str]) -> None:
    admin = _user("admin@demo.civic.fr")
    clerk = _user("agent@demo.civic.fr")
    councillor = _user("elue@demo.civic.fr")
    if admin is None or clerk is None or councillor is None:
        return
    if db.session.scalar(select(Body.id).limit(1)) is not None:
        return
    today = now.astimezone(PARIS).date()
    _ccspl(today, admin, clerk, now)
    _audit(today, admin, clerk, now)
    _body(KIND_YOUTH_COUNCIL, today, admin, now)
    _lobby(today, councillor, clerk, now)
    summary.append(
        "Instances : une CCSPL (une demande de document en retard), un audit citoyen tiré "
        "au sort en deux temps, un conseil des jeunes ; registre des représentants d'intérêts."
    )
