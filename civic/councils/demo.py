"""Demo councils: one per neighbourhood; Centre-ville has a completed, reproducible draw
(pool file and seed downloadable from its draw page) and sessions with public votes.

Idempotent: a neighbourhood that already has a council is left alone."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

from sqlalchemy import select

from civic.core.electorate import Electorate
from civic.councils import draws, membership, sessions
from civic.electorate import local_day, person_of, refusal_of
from civic.extensions import db
from civic.followup.councils import put_item_to_vote
from civic.models import Council, Neighbourhood, User
from civic.models.councils import AGE_BANDS, CouncilMember
from civic.services import Refused

DEMO_SEED = "3-6-1-4-2"
# Shares of the 16+ population per age band (order of magnitude for a French town).
AGE_SHARES = (0.19, 0.23, 0.24, 0.21, 0.13)
FEMALE_NAMES = {
    "Léa", "Manon", "Chloé", "Inès", "Jade", "Louise", "Emma", "Alice", "Sarah", "Élodie",
    "Fatou", "Aïcha", "Zoé", "Lina", "Anaïs", "Claire", "Nadia", "Linh",
}  # fmt: skip
UNSAID_NAMES = {"Camille", "Noé"}


def _gender(user: User) -> str:
    given = user.given_names or ""
    if given in UNSAID_NAMES:
        return "unsaid"
    return "female" if given in FEMALE_NAMES else "male"


def seed(now: datetime, summary: list[str]) -> None:
    clerk = db.session.scalar(select(User).where(User.email == "agent@demo.civic.fr"))
    admin = db.session.scalar(select(User).where(User.email == "admin@demo.civic.fr"))
    if clerk is None or admin is None:
        return
    created = 0
    for hood in db.session.scalars(select(Neighbourhood).order_by(Neighbourhood.id)):
        if membership.council_for_neighbourhood(hood.id) is not None:
            continue
        population = max(hood.population, 100)
        council = membership.create_council(
            membership.CouncilInput(
                neighbourhood_id=hood.id,
                drawn_seats=8,
                volunteer_seats=4,
                association_seats=2,
                term_start=date(now.year, 1, 1),
                term_end=date(now.year + 2, 12, 31),
                quorum_kind="more_than_fraction",
                quorum_numerator=1,
                quorum_denominator=2,
                quorum_minimum=0,
                majority="simple",
                age_population={
                    band: round(population * 0.8 * share)
                    for band, share in zip(AGE_BANDS, AGE_SHARES, strict=True)
                },
            ),
            actor=admin,
            now=now,
        )
        created += 1
        if hood.name == "Centre-ville":
            _seed_centre(council, hood, clerk, now, summary)
    if created:
        summary.append(f"{created} neighbourhood councils")


def _seed_centre(
    council: Council, hood: Neighbourhood, clerk: User, now: datetime, summary: list[str]
) -> None:
    residents = [
        u
        for u in db.session.scalars(
            select(User)
            .where(User.neighbourhood_id == hood.id, User.email.like("habitant-%"))
            .order_by(User.id)
        )
        if refusal_of(Electorate(), person_of(u), local_day(now)) is None
    ]
    rng = random.Random(6)  # nosec B311  # demo data, reproducible from a fixed seed
    volunteers = residents[:4]
    applied_at = now - timedelta(days=60)
    for user in residents:
        application = membership.apply(
            council.id,
            membership.ApplicationInput(
                kind="volunteer" if user in volunteers else "pool",
                gender=_gender(user),
                publish_name=rng.random() < 0.7,
            ),
            user=user,
            now=applied_at,
        )
        membership.decide_application(
            application.id, eligible=True, reason=None, actor=clerk, now=applied_at
        )
    try:
        draw = draws.freeze(
            council.id,
            draws.FreezeInput(mode="plain", reserve=4),
            actor=clerk,
            now=now - timedelta(days=45),
        )
    except Refused as refusal:  # a pool too small for the quotas: no draw in the demo
        summary.append(f"councils: no demo draw ({refusal.message})")
        return
    draw = draws.enter_seed(draw.id, DEMO_SEED, actor=clerk, now=now - timedelta(days=40))
    offered = [c for c in draws.candidates_of(draw.id) if c.offer == "pending"]
    for number, candidate in enumerate(offered):  # the third one declines
        user = candidate.application.user
        draws.answer_offer(draw.id, accept=number != 2, user=user, now=now - timedelta(days=38))
    for candidate in draws.candidates_of(draw.id):  # whoever the reserve called accepts
        if candidate.offer == "pending":
            draws.answer_offer(
                draw.id, accept=True, user=candidate.application.user, now=now - timedelta(days=36)
            )
    members = membership.members(council.id)
    women = [m for m in members if m.gender == "female"][:1]
    men = [m for m in members if m.gender == "male"][:1]
    if women and men:
        membership.set_team(council.id, [women[0].id, men[0].id], actor=clerk, now=now)
    _seed_sessions(council.id, clerk, members, now)
    summary.append(f"Centre-ville council: draw {draw.id} (seed {DEMO_SEED}) and two sessions")


def _seed_sessions(
    council_id: int, clerk: User, members: list[CouncilMember], now: datetime
) -> None:
    past = sessions.create_session(
        council_id,
        sessions.SessionInput(
            "Séance d'installation",
            now - timedelta(days=21),
            "Salle des fêtes",
            "1. Installation du conseil\n2. Bancs place de la République\n"
            "3. Projets du budget participatif",
        ),
        actor=clerk,
        now=now - timedelta(days=30),
    )
    motion = sessions.add_motion(
        past.id, "Installer six bancs place de la République", actor=clerk, now=now
    )
    budget = put_item_to_vote(
        council_id,
        title="Budget participatif : jardin partagé rue des Écoles",
        subject_type="budget_item",
        subject_id=1,
        now=now - timedelta(days=30),
    )
    present = members[: max(1, len(members) * 3 // 4)]
    sessions.record_attendance(past.id, [m.id for m in present], actor=clerk, now=now)
    choices = ["for", "for", "against", "for", "abstain", "for", "against", "for", "for"]
    for index, member in enumerate(present):
        sessions.cast_vote(motion.id, choices[index % len(choices)], user=member.user, now=now)
        sessions.cast_vote(
            budget.id, "against" if index % 3 == 0 else "for", user=member.user, now=now
        )
    sessions.close_motion(motion.id, actor=clerk, now=now)
    sessions.close_motion(budget.id, actor=clerk, now=now)
    sessions.save_minutes(
        past.id,
        "Le conseil est installé. Les bancs et le jardin partagé sont adoptés.",
        actor=clerk,
        now=now,
    )
    sessions.create_session(
        council_id,
        sessions.SessionInput(
            "Séance du conseil de quartier",
            now + timedelta(days=20),
            "École Jean-Jaurès",
            "1. Propreté",
        ),
        actor=clerk,
        now=now,
    )
